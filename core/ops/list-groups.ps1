# core/ops/list-groups.ps1: operation list-groups: the local groups of this server, one record each.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract"). No parameters.
# Answers "present" with the fields Computer (NetBIOS name) and Count, and
# one record per local group: Name, SID, Description. Failure: "failed",
# with Win32 when Windows gave a code.
# Windows Server 2012 R2 (PowerShell 4.0) and later: ADSI WinNT, not
# Get-LocalGroup (PowerShell 5.1).

$ivmOp = 'list-groups'

$ivmExit = 1
try {
	Assert-IvmParamsFor
	$records = New-Object -TypeName System.Collections.ArrayList
	foreach ($g in @(Get-IvmLocalGroups)) {
		$record = [ordered]@{}
		$record['Name'] = $g.Name
		$record['SID'] = $g.SID
		$record['Description'] = $g.Description
		[void]$records.Add($record)
	}
	$fields = [ordered]@{}
	$fields['Computer'] = [string]$env:COMPUTERNAME
	$fields['Count'] = [string]$records.Count
	Write-IvmResult -Status 'present' -Message ([string]$records.Count + ' local groups on ' + $env:COMPUTERNAME) -Fields $fields -Records $records.ToArray()
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
