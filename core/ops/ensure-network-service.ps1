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

# The configuration provider with exactly this name, or $null.
function Find-IvmProvider {
	param([string]$Name)
	foreach ($p in @(Get-SCConfigurationProvider)) {
		if ([string]$p.Name -eq $Name) {
			return $p
		}
	}
	return $null
}

# What VMM says about a job's failure: the ErrorInfo object's Problem and
# RecommendedAction when it has them (names seen in VMM job output, not
# documented), else its text.
function Get-IvmJobError {
	param($Job)
	if ($null -eq $Job) {
		return ''
	}
	$info = $null
	try {
		$info = $Job.ErrorInfo
	} catch {
		return ''
	}
	if ($null -eq $info) {
		return ''
	}
	$problem = Get-IvmProp $info @('Problem')
	if ($problem) {
		$action = Get-IvmProp $info @('RecommendedAction')
		if ($action) {
			return $problem + ' ' + $action
		}
		return $problem
	}
	return [string]$info
}

# JobName, JobStatus, JobID of the job a cmdlet ran (-JobVariable), empty
# when none ran; a failed operation reports the job Failed with ErrorInfo.
function Add-IvmJobFields {
	param([System.Collections.IDictionary]$Fields, $Job, [bool]$Failed)
	if ($null -eq $Job) {
		$Fields['JobName'] = ''
		$Fields['JobStatus'] = ''
		$Fields['JobID'] = ''
	} else {
		$Fields['JobName'] = Get-IvmProp $Job @('Name')
		if ($Failed) {
			$Fields['JobStatus'] = 'Failed'
		} else {
			$Fields['JobStatus'] = Get-IvmProp $Job @('Status')
		}
		$Fields['JobID'] = Get-IvmProp $Job @('ID')
	}
	if ($Failed) {
		$Fields['ErrorInfo'] = Get-IvmJobError $Job
	}
}

# A synchronous VMM cmdlet returns when its job has ended. Completed and
# SucceedWithInfo are success (reference/windows-ops.md section 3); Running
# (an answer before the end) is not a failure: list-jobs follows the job.
# Any other end is a failure with VMM's reason.
function Assert-IvmJobSucceeded {
	param($Job)
	if ($null -eq $Job) {
		return
	}
	$st = Get-IvmProp $Job @('Status')
	if ($st -ne 'Completed' -and $st -ne 'SucceedWithInfo' -and $st -ne 'Running') {
		throw ('the VMM job "' + (Get-IvmProp $Job @('Name')) + '" ended ' + $st + ': ' + (Get-IvmJobError $Job))
	}
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

# The network service with exactly this name, or $null (no wildcards).
function Find-IvmService {
	param([string]$Name)
	foreach ($ns in @(Get-SCNetworkService -All)) {
		if ([string]$ns.Name -eq $Name) {
			return $ns
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
