# core/ops/remove-network-service.ps1: operation remove-network-service: remove a VMM network service (Remove-SCNetworkService), the inverse of ensure-network-service.
#
# Parameters: Name.
# Statuses: removed (Absent false, with the job); present with a message
#   starting "absent:" and Absent true when there is no such service (the
#   IPAM operations' convention, so that undo converges); failed.
# Fields: Name, Absent, JobName, JobStatus, JobID (empty when no job ran).
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...),
# alone or as one step of a batch (README, "Operation contract"). It answers
# with one line "IPAMVMM-RESULT <base64 of UTF-8 XML>" and exits 0, or 1 when
# the status is failed. Any other output is kept by ipamvmm as detail.
# Runs on a VMM management server (VMM 2012 R2 and later, Windows PowerShell
# 4.0 and later). Every failure says what failed, why and what to do.

$ivmOp = 'remove-network-service'

$ivmWhat = 'cannot remove the network service'

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
	Test-IvmText -Label 'network service name' -Value $name -Required $true
	$ns = Find-IvmService -Name $name
	if ($null -eq $ns) {
		$fields['Name'] = $name
		$fields['Absent'] = 'true'
		Add-IvmJobFields -Fields $fields -Job $null -Failed $false
		$ivmStatus = 'present'
		$ivmMessage = 'absent: there is no network service "' + $name + '"; nothing to remove'
	} else {
		$nsName = Get-IvmProp $ns @('Name')
		$fields['Name'] = $nsName
		$null = Remove-SCNetworkService -NetworkService $ns -JobVariable 'j'
		Assert-IvmJobSucceeded $j
		$fields['Absent'] = 'false'
		Add-IvmJobFields -Fields $fields -Job $j -Failed $false
		$ivmStatus = 'removed'
		$ivmMessage = 'removed the network service ' + $nsName
	}
} catch {
	$ivmStatus = 'failed'
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
