# core/ops/list-hostgroups.ps1: operation list-hostgroups: list VMM's host groups (Get-SCVMHostGroup), parents before children.
#
# Fields: Count. Records, one per host group: Name ("Rack 1"), Path
#   ("All Hosts\Seattle\Rack 1"), Parent (the parent's path, empty for
#   All Hosts), ID.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...),
# alone or as one step of a batch (README, "Operation contract"). It answers
# with one line "IPAMVMM-RESULT <base64 of UTF-8 XML>" and exits 0, or 1 when
# the status is failed. Any other output is kept by ipamvmm as detail.
# Runs on a VMM management server (VMM 2012 R2 and later, Windows PowerShell
# 4.0 and later). Every failure says what failed, why and what to do.

$ivmOp = 'list-hostgroups'

$ivmWhat = 'cannot list the host groups'

$ivmExit = 1
$ivmStatus = 'failed'
$ivmMessage = ''
$fields = [ordered]@{}
$records = New-Object -TypeName System.Collections.ArrayList
$j = $null
try {
	Test-IvmParamsOp
	$null = Connect-IvmVmm
	# Sorted by path: a parent's path is a prefix of its children's.
	foreach ($g in @(Get-SCVMHostGroup | Sort-Object -Property Path)) {
		$path = Get-IvmProp $g @('Path')
		$cut = $path.LastIndexOf('\')
		$parent = ''
		if ($cut -gt 0) {
			$parent = $path.Substring(0, $cut)
		}
		$rec = [ordered]@{}
		$rec['Name'] = Get-IvmProp $g @('Name')
		$rec['Path'] = $path
		$rec['Parent'] = $parent
		$rec['ID'] = Get-IvmProp $g @('ID')
		$null = $records.Add($rec)
	}
	$n = $records.Count
	$fields['Count'] = [string]$n
	$ivmStatus = 'present'
	$ivmMessage = [string]$n + ' host group'
	if ($n -ne 1) {
		$ivmMessage += 's'
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
