# core/ops/remove-runas.ps1: operation remove-runas: remove a VMM Run As account (Remove-SCRunAsAccount), the inverse of ensure-runas.
#
# Parameters: Name.
# Statuses: removed (Absent false); present with a message starting
#   "absent:" and Absent true when there is no such account (the same
#   convention as the IPAM operations' removals, so that undo converges);
#   failed when a network service still uses the account (remove it first).
# Fields: Name, Absent.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...),
# alone or as one step of a batch (README, "Operation contract"). It answers
# with one line "IPAMVMM-RESULT <base64 of UTF-8 XML>" and exits 0, or 1 when
# the status is failed. Any other output is kept by ipamvmm as detail.
# Runs on a VMM management server (VMM 2012 R2 and later, Windows PowerShell
# 4.0 and later). Every failure says what failed, why and what to do.

$ivmOp = 'remove-runas'

# Loads the VMM cmdlets and connects to this server's VMM service; throws
# with the reason. The connection Get-SCVMMServer opens is the one the VMM
# cmdlets after it use (reference/windows-ops.md section 3; default port 8100).
function Connect-IvmVmm {
	try {
		Import-Module -Name virtualmachinemanager -ErrorAction Stop
	} catch {
		Write-IvmDetail ('Import-Module virtualmachinemanager: ' + $_.Exception.Message)
		throw 'this is not a VMM server, or the VMM console is not installed (PowerShell cannot load the module virtualmachinemanager): run VMM operations on the VMM management server'
	}
	try {
		return Get-SCVMMServer -ComputerName 'localhost'
	} catch {
		throw ('the VMM service does not answer on this server (Get-SCVMMServer localhost: ' + $_.Exception.Message + '): start the System Center Virtual Machine Manager service, then try again')
	}
}

# The parameter document must be this operation's.
function Test-IvmParamsOp {
	if ($null -ne $params) {
		$forOp = $params.DocumentElement.GetAttribute('op')
		if ($forOp -ne $ivmOp) {
			throw ('the parameter document is for operation "' + $forOp + '", not ' + $ivmOp)
		}
	}
}

# VMM names and descriptions: one line of at most 1024 bytes (UTF-8), the
# same rule the lab applies, so that a value the lab refuses is refused here
# with the same words. Values are only compared or passed as cmdlet
# arguments, never made into code.
function Test-IvmText {
	param([string]$Label, [string]$Value, [bool]$Required)
	if ($Value.Length -eq 0) {
		if ($Required) {
			throw ('the ' + $Label + ' is empty: give one')
		}
		return
	}
	if ($Value -match '[\x00-\x1F\x7F]') {
		throw ('the ' + $Label + ' contains a control character (a line break or a tab, for example): remove it')
	}
	if ([System.Text.Encoding]::UTF8.GetByteCount($Value) -gt 1024) {
		throw ('the ' + $Label + ' is longer than 1024 bytes (UTF-8): shorten it')
	}
}

# The text of the first of these properties that the object has and that is
# set, or ''. A getter that throws counts as unset.
function Get-IvmProp {
	param($Object, [string[]]$Names)
	if ($null -eq $Object) {
		return ''
	}
	foreach ($n in $Names) {
		try {
			$p = $Object.PSObject.Properties[$n]
			if ($null -ne $p -and $null -ne $p.Value) {
				return [string]$p.Value
			}
		} catch {
			Write-IvmDetail ('property ' + $n + ': ' + $_.Exception.Message)
		}
	}
	return ''
}

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

$ivmWhat = 'cannot remove the Run As account'

$ivmExit = 1
$ivmStatus = 'failed'
$ivmMessage = ''
$fields = [ordered]@{}
$records = New-Object -TypeName System.Collections.ArrayList
$j = $null
try {
	Test-IvmParamsOp
	$null = Connect-IvmVmm
	$name = Get-IvmParam 'Name'
	Test-IvmText -Label 'Run As account name' -Value $name -Required $true
	$ra = Find-IvmRunAs -Name $name
	if ($null -eq $ra) {
		$fields['Name'] = $name
		$fields['Absent'] = 'true'
		$ivmStatus = 'present'
		$ivmMessage = 'absent: there is no Run As account "' + $name + '"; nothing to remove'
	} else {
		$raName = Get-IvmProp $ra @('Name')
		$fields['Name'] = $raName
		# A network service that uses the account keeps it (the lab refuses the
		# same way); its RunAsAccount property names it.
		foreach ($ns in @(Get-SCNetworkService -All)) {
			$user = $null
			try {
				$user = $ns.RunAsAccount
			} catch {
				$user = $null
			}
			if ($null -ne $user -and [string]$user.Name -eq $raName) {
				throw ('the network service ' + [string]$ns.Name + ' uses the Run As account ' + $raName + '. remove that network service first')
			}
		}
		$null = Remove-SCRunAsAccount -RunAsAccount $ra
		$fields['Absent'] = 'false'
		$ivmStatus = 'removed'
		$ivmMessage = 'removed the Run As account ' + $raName
	}
} catch {
	$ivmStatus = 'failed'
	$ivmMessage = $ivmWhat + ': ' + $_.Exception.Message
}
Write-IvmResult -Status $ivmStatus -Message $ivmMessage -Fields $fields -Records $records.ToArray()
if ($ivmStatus -ne 'failed') {
	$ivmExit = 0
}
exit $ivmExit
