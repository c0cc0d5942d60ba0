# core/ops/test-network-service.ps1: operation test-network-service: run VMM's three tests of a network service connection (Test-SCNetworkService), as the wizard's Test button does.
#
# Parameters: ConnectionString (the IPAM server's FQDN, optionally :port),
#   RunAsName, ProviderName (default Microsoft IP Address Management Provider).
# Status: present whenever the tests ran, whatever they found; failed only
#   when they could not run (no such Run As account or provider, VMM refused).
# Fields: OpenConnection, CapabilityDiscovery, SystemInfo: Passed, Failed or
#   Unknown; for each Failed one <Test>Reason and <Test>Remedy
#   (reference/windows-ops.md section 5); and every property of the
#   cmdlet's result as Raw.<Property> (Raw.<n>.<Property> when it returns
#   several objects), because those property names are not documented.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...),
# alone or as one step of a batch (README, "Operation contract"). It answers
# with one line "IPAMVMM-RESULT <base64 of UTF-8 XML>" and exits 0, or 1 when
# the status is failed. Any other output is kept by ipamvmm as detail.
# Runs on a VMM management server (VMM 2012 R2 and later, Windows PowerShell
# 4.0 and later). Every failure says what failed, why and what to do.

$ivmOp = 'test-network-service'

# The Run As account with exactly this name, or $null (no wildcards).
function Find-IvmRunAs {
	param([string]$Name)
	foreach ($ra in @(Get-SCRunAsAccount)) {
		if ([string]$ra.Name -eq $Name) {
			return $ra
		}
	}
	return $null
}

# Passed, Failed or Unknown for one value of the result.
function ConvertTo-IvmVerdict {
	param($Value)
	if ($Value -is [bool]) {
		if ($Value) {
			return 'Passed'
		}
		return 'Failed'
	}
	$text = ([string]$Value).Trim()
	if ($text -match '^(Passed|Pass|Succeeded|Success|Successful|True|OK|Completed)$') {
		return 'Passed'
	}
	if ($text -match '^(Failed|Fail|Failure|False|Error)$') {
		return 'Failed'
	}
	return 'Unknown'
}

# The text of a property's value; '' when its getter throws.
function Get-IvmValueText {
	param($Property)
	try {
		return [string]$Property.Value
	} catch {
		return ''
	}
}

# The heuristic (the result's property names are not documented; see
# reference/windows-ops.md section 3): a test is found by a keyword of its
# console label ("Test open connection" -> "connection", "Test capability
# discovery" -> "capabilit", "Test system info" -> "system"), first in a
# property NAME whose value reads as a verdict (a bool, Passed/Failed,
# Succeeded, True/False...), so ConnectionString, which is no verdict, is
# passed over; then in an object (one row per test) where one property's
# VALUE holds the keyword and another reads as a verdict. Nothing found:
# Unknown, and the Raw. fields show what there was.
function Find-IvmVerdict {
	param([object[]]$Objects, [string]$Keyword)
	$pattern = '*' + $Keyword + '*'
	foreach ($o in $Objects) {
		foreach ($p in $o.PSObject.Properties) {
			if ($p.Name -like $pattern) {
				$v = 'Unknown'
				try {
					$v = ConvertTo-IvmVerdict $p.Value
				} catch {
					$v = 'Unknown'
				}
				if ($v -ne 'Unknown') {
					return @{ Verdict = $v; Source = $p.Name + ' = ' + (Get-IvmValueText $p) }
				}
			}
		}
	}
	foreach ($o in $Objects) {
		$named = $false
		$found = @{ Verdict = 'Unknown'; Source = '' }
		foreach ($p in $o.PSObject.Properties) {
			$text = Get-IvmValueText $p
			if ($text -like $pattern) {
				$named = $true
			} elseif ($found.Verdict -eq 'Unknown') {
				$v = ConvertTo-IvmVerdict $text
				if ($v -ne 'Unknown') {
					$found = @{ Verdict = $v; Source = $p.Name + ' = ' + $text }
				}
			}
		}
		if ($named -and $found.Verdict -ne 'Unknown') {
			return $found
		}
	}
	return @{ Verdict = 'Unknown'; Source = '' }
}

$ivmWhat = 'cannot test the network service'
# field, keyword, remedy (reference/windows-ops.md section 5)
$ivmTests = @(
	@('OpenConnection', 'connection', 'Check the connection string (the IPAM server''s fully qualified name, optionally :port), that the VMM server resolves and reaches it (firewall: WinRM 5985/5986 and the IPAM port, 48885 by default), the Run As account''s password, and that the account is a member of Remote Management Users on the IPAM server.'),
	@('CapabilityDiscovery', 'capabilit', 'Give the account the IPAM ASM Administrator Role at the Global access scope on the IPAM server: membership of the local group IPAM ASM Administrators, or an access policy.'),
	@('SystemInfo', 'system', 'Synchronise the clocks of the VMM and IPAM servers, and grant the Run As account Remote Enable on the WMI namespace Root\CIMV2 of the IPAM server (wmimgmt.msc).')
)

$ivmExit = 1
$failed = 0
$ivmStatus = 'failed'
$ivmMessage = ''
$fields = [ordered]@{}
$records = New-Object -TypeName System.Collections.ArrayList
$j = $null
try {
	Test-IvmParamsOp
	$null = Connect-IvmVmm
	$cs = Get-IvmParam 'ConnectionString'
	$runAsName = Get-IvmParam 'RunAsName'
	$providerName = Get-IvmParam 'ProviderName'
	if ($providerName.Length -eq 0) {
		$providerName = 'Microsoft IP Address Management Provider'
	}
	Test-IvmText -Label 'connection string' -Value $cs -Required $true
	Test-IvmText -Label 'Run As account name' -Value $runAsName -Required $true
	Test-IvmText -Label 'configuration provider name' -Value $providerName -Required $true
	$ra = Find-IvmRunAs -Name $runAsName
	if ($null -eq $ra) {
		throw ('there is no Run As account "' + $runAsName + '": create it first (ensure-runas) or give one that list-runas shows')
	}
	$provider = Find-IvmProvider -Name $providerName
	if ($null -eq $provider) {
		throw ('VMM has no configuration provider "' + $providerName + '": give one that list-providers shows, such as Microsoft IP Address Management Provider')
	}
	$objects = @(Test-SCNetworkService -ConnectionString $cs -RunAsAccount $ra -ConfigurationProvider $provider)
	$raw = [ordered]@{}
	for ($i = 0; $i -lt $objects.Count; $i++) {
		$prefix = 'Raw.'
		if ($objects.Count -gt 1) {
			$prefix = 'Raw.' + $i + '.'
		}
		foreach ($p in $objects[$i].PSObject.Properties) {
			$raw[$prefix + $p.Name] = Get-IvmValueText $p
		}
	}
	$failed = 0
	$unknown = 0
	$extra = [ordered]@{}
	foreach ($t in $ivmTests) {
		$found = Find-IvmVerdict -Objects $objects -Keyword $t[1]
		$fields[$t[0]] = $found.Verdict
		if ($found.Verdict -eq 'Failed') {
			$failed++
			$extra[$t[0] + 'Reason'] = 'VMM reported the test failed (' + $found.Source + ')'
			$extra[$t[0] + 'Remedy'] = $t[2]
		} elseif ($found.Verdict -eq 'Unknown') {
			$unknown++
		}
	}
	foreach ($k in @($extra.Keys)) {
		$fields[$k] = $extra[$k]
	}
	foreach ($k in @($raw.Keys)) {
		$fields[$k] = $raw[$k]
	}
	# Tests that ran are a finding, not a failure to run: status present.
	$ivmStatus = 'present'
	if ($failed -eq 0 -and $unknown -eq 0) {
		$ivmMessage = 'all 3 tests passed'
	} else {
		$ivmMessage = [string]$failed + ' of 3 tests failed'
		if ($unknown -gt 0) {
			$ivmMessage += '; ' + $unknown + ' could not be read from the result (see the Raw. fields)'
		}
	}
} catch {
	$ivmStatus = 'failed'
	$ivmMessage = $ivmWhat + ': ' + $_.Exception.Message
}
Write-IvmResult -Status $ivmStatus -Message $ivmMessage -Fields $fields -Records $records.ToArray()
# A test that reported Failed: the result is still a finding (present), but the
# exit code is 1 so that a batch stops here and the network service is not added
# over a connection that does not work (ipamvmm judges the step failed the same way).
if ($ivmStatus -ne 'failed' -and $failed -eq 0) {
	$ivmExit = 0
}
exit $ivmExit
