# core/ops/list-runas.ps1: operation list-runas: list the Run As accounts VMM holds (Get-SCRunAsAccount).
#
# Fields: Count. Records, one per Run As account: Name, UserName (DOMAIN\name),
#   Description, Enabled (true/false), ID (GUID).
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...),
# alone or as one step of a batch (README, "Operation contract"). It answers
# with one line "IPAMVMM-RESULT <base64 of UTF-8 XML>" and exits 0, or 1 when
# the status is failed. Any other output is kept by ipamvmm as detail.
# Runs on a VMM management server (VMM 2012 R2 and later, Windows PowerShell
# 4.0 and later). Every failure says what failed, why and what to do.

$ivmOp = 'list-runas'

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

$ivmWhat = 'cannot list the Run As accounts'

$ivmExit = 1
$ivmStatus = 'failed'
$ivmMessage = ''
$fields = [ordered]@{}
$records = New-Object -TypeName System.Collections.ArrayList
$j = $null
try {
	Test-IvmParamsOp
	$null = Connect-IvmVmm
	foreach ($ra in @(Get-SCRunAsAccount | Sort-Object -Property Name)) {
		$rec = [ordered]@{}
		$rec['Name'] = Get-IvmProp $ra @('Name')
		$rec['UserName'] = Get-IvmRunAsUser $ra
		$rec['Description'] = Get-IvmProp $ra @('Description')
		$rec['Enabled'] = ConvertTo-IvmBool $ra.Enabled
		$rec['ID'] = Get-IvmProp $ra @('ID')
		$null = $records.Add($rec)
	}
	$n = $records.Count
	$fields['Count'] = [string]$n
	$ivmStatus = 'present'
	$ivmMessage = [string]$n + ' Run As account'
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
