# core/ops/prelude-vmm.ps1: helpers the VMM-side operations share (the VMM connection, jobs, lookups).
#
# ipamvmm puts this after core/ops/prelude.ps1 and before the body of every operation of
# core/ops/ops_vmm.c (once per batch). Only functions: nothing runs here.
# Runs on PowerShell 4.0 and later.

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

# DOMAIN\name of a Run As account: VMM keeps the user name and the domain
# apart (properties UserName and Domain).
function Get-IvmRunAsUser {
	param($RunAs)
	$user = Get-IvmProp $RunAs @('UserName')
	$domain = Get-IvmProp $RunAs @('Domain')
	if ($domain -and $user -notmatch '[\\@]') {
		return $domain + '\' + $user
	}
	return $user
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
