# core/ops/ensure-network-service.ps1: operation ensure-network-service: make sure VMM has the IPAM network service with these settings (Add-SCNetworkService, Set-SCNetworkService).
#
# Parameters: Name, Description (optional; empty leaves it as it is),
#   ConnectionString, RunAsName, ProviderName (default Microsoft IP Address
#   Management Provider), HostGroups (paths, one per line; default All Hosts).
# Statuses: present (same connection string, Run As account, provider,
#   host groups and description), changed (Set-SCNetworkService), created
#   (Add-SCNetworkService), failed (with ErrorInfo when VMM's job failed).
# Fields: Name, ID, JobName ("Add network service device" on a create),
#   JobStatus (Completed or SucceedWithInfo), JobID; a failed job adds
#   ErrorInfo.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...),
# alone or as one step of a batch (README, "Operation contract"). It answers
# with one line "IPAMVMM-RESULT <base64 of UTF-8 XML>" and exits 0, or 1 when
# the status is failed. Any other output is kept by ipamvmm as detail.
# Runs on a VMM management server (VMM 2012 R2 and later, Windows PowerShell
# 4.0 and later). Every failure says what failed, why and what to do.

$ivmOp = 'ensure-network-service'

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

# The host groups, one per line of the HostGroups parameter (a trailing CR
# dropped, empty lines skipped), each a full path, an ID or a name only one
# group has (as the lab's model resolves them); without duplicates.
function Resolve-IvmHostGroups {
	param([string]$List)
	$all = @(Get-SCVMHostGroup)
	$out = New-Object -TypeName System.Collections.ArrayList
	foreach ($line in ($List -split "`n")) {
		$entry = $line.TrimEnd("`r")
		if ($entry.Length -eq 0) {
			continue
		}
		Test-IvmText -Label 'host group' -Value $entry -Required $true
		$hit = @($all | Where-Object { [string]$_.Path -eq $entry -or [string]$_.ID -eq $entry })
		if ($hit.Count -eq 0) {
			$hit = @($all | Where-Object { [string]$_.Name -eq $entry })
		}
		if ($hit.Count -ne 1) {
			throw ('there is no single host group "' + $entry + '": give a path that list-hostgroups shows (such as All Hosts\Seattle)')
		}
		$dup = $false
		foreach ($g in $out) {
			if ([string]$g.ID -eq [string]$hit[0].ID) {
				$dup = $true
			}
		}
		if (-not $dup) {
			$null = $out.Add($hit[0])
		}
	}
	if ($out.Count -eq 0) {
		throw 'no host group given: give at least one, such as All Hosts'
	}
	return ,$out.ToArray()
}

# The host groups a network service is available to, or $null when the
# object does not say: the property's name is not documented, so the
# likely spellings are tried.
function Get-IvmServiceHostGroups {
	param($Service)
	foreach ($n in @('VMHostGroups', 'HostGroups', 'VMHostGroup', 'HostGroup')) {
		$p = $Service.PSObject.Properties[$n]
		if ($null -ne $p) {
			return ,@($p.Value | Where-Object { $null -ne $_ })
		}
	}
	return $null
}

$ivmWhat = 'cannot add the network service'

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
	$description = Get-IvmParam 'Description'
	$cs = Get-IvmParam 'ConnectionString'
	$runAsName = Get-IvmParam 'RunAsName'
	$providerName = Get-IvmParam 'ProviderName'
	if ($providerName.Length -eq 0) {
		$providerName = 'Microsoft IP Address Management Provider'
	}
	$groupList = Get-IvmParam 'HostGroups'
	if ($groupList.Length -eq 0) {
		$groupList = 'All Hosts'
	}
	Test-IvmText -Label 'network service name' -Value $name -Required $true
	Test-IvmText -Label 'description' -Value $description -Required $false
	Test-IvmText -Label 'connection string' -Value $cs -Required $true
	Test-IvmText -Label 'Run As account name' -Value $runAsName -Required $true
	Test-IvmText -Label 'configuration provider name' -Value $providerName -Required $true
	$groups = Resolve-IvmHostGroups -List $groupList
	$ra = Find-IvmRunAs -Name $runAsName
	if ($null -eq $ra) {
		throw ('there is no Run As account "' + $runAsName + '": create it first (ensure-runas) or give one that list-runas shows')
	}
	$provider = Find-IvmProvider -Name $providerName
	if ($null -eq $provider) {
		throw ('VMM has no configuration provider "' + $providerName + '": give one that list-providers shows, such as Microsoft IP Address Management Provider')
	}
	$ns = Find-IvmService -Name $name
	if ($null -eq $ns) {
		$splat = @{ Name = $name; RunAsAccount = $ra; ConfigurationProvider = $provider; VMHostGroup = $groups; ConnectionString = $cs; JobVariable = 'j' }
		if ($description) {
			$splat['Description'] = $description
		}
		$ns = Add-SCNetworkService @splat
		Assert-IvmJobSucceeded $j
		$ivmStatus = 'created'
		$ivmMessage = 'added the network service ' + $name + ' for ' + $cs
	} else {
		$ivmWhat = 'cannot update the network service'
		$current = Get-IvmServiceHostGroups -Service $ns
		$add = @()
		$remove = @()
		if ($null -eq $current) {
			Write-IvmDetail 'the network service object does not list its host groups: they are left as they are'
		} else {
			$wantIds = @($groups | ForEach-Object { [string]$_.ID })
			$haveIds = @($current | ForEach-Object { [string]$_.ID })
			$add = @($groups | Where-Object { $haveIds -notcontains [string]$_.ID })
			$remove = @($current | Where-Object { $wantIds -notcontains [string]$_.ID })
		}
		$nsRunAs = ''
		$nsProvider = ''
		try {
			$nsRunAs = [string]$ns.RunAsAccount.Name
			$nsProvider = [string]$ns.ConfigurationProvider.Name
		} catch {
			Write-IvmDetail ('reading the network service: ' + $_.Exception.Message)
		}
		$same = ([string]$ns.ConnectionString -eq $cs) -and ($nsRunAs -eq [string]$ra.Name) -and ($nsProvider -eq [string]$provider.Name) -and ($add.Count -eq 0) -and ($remove.Count -eq 0)
		if ($description -and ([string]$ns.Description -cne $description)) {
			$same = $false
		}
		if ($same) {
			$ivmStatus = 'present'
			$ivmMessage = 'the network service ' + [string]$ns.Name + ' exists with these settings: left as it is'
		} else {
			$splat = @{ NetworkService = $ns; ConnectionString = $cs; RunAsAccount = $ra; ConfigurationProvider = $provider; JobVariable = 'j' }
			if ($description) {
				$splat['Description'] = $description
			}
			if ($add.Count -gt 0) {
				$splat['AddVMHostGroup'] = $add
			}
			if ($remove.Count -gt 0) {
				$splat['RemoveVMHostGroup'] = $remove
			}
			$null = Set-SCNetworkService @splat
			Assert-IvmJobSucceeded $j
			$ivmStatus = 'changed'
			$ivmMessage = 'changed the settings of the network service ' + $name
		}
	}
	$found = Find-IvmService -Name $name
	if ($null -ne $found) {
		$ns = $found
	}
	$fields['Name'] = Get-IvmProp $ns @('Name')
	$fields['ID'] = Get-IvmProp $ns @('ID')
	Add-IvmJobFields -Fields $fields -Job $j -Failed $false
} catch {
	$ivmStatus = 'failed'
	$ivmMessage = $ivmWhat + ': ' + $_.Exception.Message
	if ($null -ne $j) {
		$fields['Name'] = $name
		$fields['ID'] = Get-IvmProp $ns @('ID')
		Add-IvmJobFields -Fields $fields -Job $j -Failed $true
	}
}
Write-IvmResult -Status $ivmStatus -Message $ivmMessage -Fields $fields -Records $records.ToArray()
if ($ivmStatus -ne 'failed') {
	$ivmExit = 0
}
exit $ivmExit
