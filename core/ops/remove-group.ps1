# core/ops/remove-group.ps1: operation remove-group: the local group Name is gone (the inverse of ensure-group).
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract").
# Parameter: Name (a name, BUILTIN\... or COMPUTER\..., .\name, or a SID).
# Answers "removed" with Absent = false; when there is no such group,
# "present" with a message starting "absent" and Absent = true (ipamvmm's
# convention for every inverse, so undo run twice converges); "failed" with
# Win32 1371 for a built-in group (S-1-5-32-...), which Windows never deletes.
# Fields: Name, Absent.
# Windows Server 2012 R2 (PowerShell 4.0) and later: ADSI WinNT.

$ivmOp = 'remove-group'

$ivmExit = 1
try {
	Assert-IvmParamsFor
	$name = Get-IvmParam 'Name'
	$group = Find-IvmLocalGroup -Key $name
	$fields = [ordered]@{}
	if ($null -eq $group) {
		$fields['Name'] = $name
		$fields['Absent'] = 'true'
		Write-IvmResult -Status 'present' -Message ('absent: there is no local group "' + $name + '" on ' + $env:COMPUTERNAME) -Fields $fields
	} elseif ($group.SID.StartsWith('S-1-5-32-')) {
		throw (New-IvmFailure -What 'cannot delete the local group' -Why ($group.FullName + ' is a built-in group (Cannot perform this operation on built-in accounts)') -Next 'leave the built-in groups in place' -Code 1371)
	} else {
		# DirectoryEntries.Remove is IADsContainer.Delete on the entry found
		# above: no path is built from the name given.
		$computer = [ADSI]('WinNT://' + $env:COMPUTERNAME + ',computer')
		$computer.psbase.Children.Remove($group.Entry)
		$fields['Name'] = $group.Name
		$fields['Absent'] = 'false'
		Write-IvmResult -Status 'removed' -Message ('the local group ' + $group.FullName + ' was deleted') -Fields $fields
	}
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
