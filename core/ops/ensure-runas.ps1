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
