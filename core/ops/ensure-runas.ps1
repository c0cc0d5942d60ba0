# core/ops/ensure-runas.ps1: operation ensure-runas: make sure a VMM Run As account of this name exists for this user (New-SCRunAsAccount, Set-SCRunAsAccount).
#
# Parameters: Name, Description (optional), UserName (DOMAIN\name), Password.
# Statuses: present (an account of that name exists for that user: left as
#   it is), changed (it exists for another user: its credentials are set),
#   created, failed (VMM refused, or its job failed: ErrorInfo says why).
# Fields: Name, UserName, ID, JobName, JobStatus, JobID (the job fields are
#   empty when no job ran); a failed job adds ErrorInfo.
# The password travels only in the parameter document; it is read once,
# turned into a SecureString for the PSCredential, and wiped from the
# variable and the document. It never reaches a field, a message or a
# detail line.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...),
# alone or as one step of a batch (README, "Operation contract"). It answers
# with one line "IPAMVMM-RESULT <base64 of UTF-8 XML>" and exits 0, or 1 when
# the status is failed. Any other output is kept by ipamvmm as detail.
# Runs on a VMM management server (VMM 2012 R2 and later, Windows PowerShell
# 4.0 and later). Every failure says what failed, why and what to do.

$ivmOp = 'ensure-runas'

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

# The Run As account with exactly this name (case-insensitive, as VMM), or
# $null. Filtered here rather than by -Name so that no character of a name
# is read as a wildcard.
function Find-IvmRunAs {
	param([string]$Name)
	foreach ($ra in @(Get-SCRunAsAccount)) {
		if ([string]$ra.Name -eq $Name) {
			return $ra
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

# The Password parameter as a SecureString ($null when empty). The plain
# text is dropped from the variable and blanked in the parameter document.
function Read-IvmPassword {
	$plain = Get-IvmParam 'Password'
	if ($null -ne $params) {
		foreach ($p in $params.SelectNodes('/params/p')) {
			if ($p.GetAttribute('n') -eq 'Password') {
				$p.InnerText = ''
			}
		}
	}
	if ($plain.Length -eq 0) {
		return $null
	}
	$secure = ConvertTo-SecureString -String $plain -AsPlainText -Force
	$plain = $null
	Remove-Variable -Name plain
	return $secure
}

$ivmWhat = 'cannot create the Run As account'

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
	$userName = Get-IvmParam 'UserName'
	$description = Get-IvmParam 'Description'
	Test-IvmText -Label 'Run As account name' -Value $name -Required $true
	Test-IvmText -Label 'user name' -Value $userName -Required $true
	Test-IvmText -Label 'description' -Value $description -Required $false
	$secure = Read-IvmPassword
	if ($null -eq $secure) {
		throw 'the password is empty: give the account''s password'
	}
	$ra = Find-IvmRunAs -Name $name
	if ($null -ne $ra -and (Get-IvmRunAsUser $ra) -eq $userName) {
		# Same name, same user: VMM cannot show the stored password, so the
		# account is taken as it is (status present, nothing touched).
		$secure = $null
		$fields['Name'] = Get-IvmProp $ra @('Name')
		$fields['UserName'] = Get-IvmRunAsUser $ra
		$fields['ID'] = Get-IvmProp $ra @('ID')
		Add-IvmJobFields -Fields $fields -Job $null -Failed $false
		$ivmStatus = 'present'
		$ivmMessage = 'the Run As account ' + $fields['Name'] + ' exists for ' + $fields['UserName'] + ': left as it is'
	} else {
		$fields['Name'] = $name
		$fields['UserName'] = $userName
		$cred = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList @($userName, $secure)
		# VMM validates the credentials against the domain (no -NoValidation):
		# a wrong password fails the job, as the lab's model does.
		try {
			if ($null -ne $ra) {
				$ivmWhat = 'cannot update the Run As account'
				$splat = @{ RunAsAccount = $ra; Credential = $cred; JobVariable = 'j' }
				if ($description) {
					$splat['Description'] = $description
				}
				$null = Set-SCRunAsAccount @splat
				$ivmStatus = 'changed'
			} else {
				$splat = @{ Name = $name; Credential = $cred; JobVariable = 'j' }
				if ($description) {
					$splat['Description'] = $description
				}
				$null = New-SCRunAsAccount @splat
				$ivmStatus = 'created'
			}
		} finally {
			$splat = $null
			$cred = $null
			$secure = $null
		}
		Assert-IvmJobSucceeded $j
		$ra = Find-IvmRunAs -Name $name
		if ($null -eq $ra) {
			throw ('VMM reported success but lists no Run As account "' + $name + '": look at the job in the VMM console (Jobs)')
		}
		$fields['Name'] = Get-IvmProp $ra @('Name')
		$fields['UserName'] = Get-IvmRunAsUser $ra
		$fields['ID'] = Get-IvmProp $ra @('ID')
		Add-IvmJobFields -Fields $fields -Job $j -Failed $false
		if ($ivmStatus -eq 'created') {
			$ivmMessage = 'created the Run As account ' + $fields['Name'] + ' for ' + $fields['UserName']
		} else {
			$ivmMessage = 'set the credentials of the Run As account ' + $fields['Name'] + ' to ' + $fields['UserName']
		}
	}
} catch {
	$ivmStatus = 'failed'
	$secure = $null
	$cred = $null
	$ivmMessage = $ivmWhat + ': ' + $_.Exception.Message
	if ($null -ne $j) {
		Add-IvmJobFields -Fields $fields -Job $j -Failed $true
	}
}
Write-IvmResult -Status $ivmStatus -Message $ivmMessage -Fields $fields -Records $records.ToArray()
if ($ivmStatus -ne 'failed') {
	$ivmExit = 0
}
exit $ivmExit
