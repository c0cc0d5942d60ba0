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
