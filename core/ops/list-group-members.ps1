# core/ops/list-group-members.ps1: operation list-group-members: the members of one local group, found by name or by SID.
#
# Parameters: Group (a local group name) or SID (a group SID, e.g. S-1-5-32-580 for
# Remote Management Users, whose name is localized). Fields: Group, GroupSID, Count.
# Records: Member (DOMAIN\name, or the SID when it no longer resolves), SID.
# Read-only; used by `ipamvmm verify`. PowerShell 4.0: ADSI WinNT, as the other
# local-group operations (no Get-LocalGroupMember before PowerShell 5.1).

$ivmOp = 'list-group-members'
$ivmExit = 1

# A SID as a DOMAIN\name when it resolves, else the SID itself (a deleted account
# stays in a group as a bare SID; that is worth showing, not failing on).
function Get-IvmAccountName {
	param([System.Security.Principal.SecurityIdentifier]$Sid)
	try {
		return $Sid.Translate([System.Security.Principal.NTAccount]).Value
	} catch {
		return $Sid.Value
	}
}

try {
	$groupName = Get-IvmParam 'Group'
	$groupSid = Get-IvmParam 'SID'
	if ($groupSid) {
		$sidObject = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $groupSid
		# BUILTIN\Remote Management Users or its translation: the name part is what WinNT wants
		$groupName = ($sidObject.Translate([System.Security.Principal.NTAccount]).Value -split '\\')[-1]
	}
	if (-not $groupName) {
		throw 'list-group-members needs a Group or a SID parameter'
	}
	# WinNT paths take the name after a comma as a class: refuse names that would
	# change the path rather than build one from them.
	if ($groupName.IndexOfAny([char[]]'/\,') -ge 0) {
		throw ('"' + $groupName + '" is not a local group name (it holds / \ or ,)')
	}
	$group = [ADSI]('WinNT://' + $env:COMPUTERNAME + '/' + $groupName + ',group')
	$records = New-Object -TypeName System.Collections.ArrayList
	foreach ($member in @($group.psbase.Invoke('Members'))) {
		$bytes = $member.GetType().InvokeMember('objectSid', 'GetProperty', $null, $member, $null)
		$sid = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList @($bytes, 0)
		$row = [ordered]@{}
		$row['Member'] = Get-IvmAccountName -Sid $sid
		$row['SID'] = $sid.Value
		[void]$records.Add($row)
	}
	$ownSid = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList @($group.psbase.InvokeGet('objectSid'), 0)
	$fields = [ordered]@{}
	$fields['Group'] = $env:COMPUTERNAME + '\' + $groupName
	$fields['GroupSID'] = $ownSid.Value
	$fields['Count'] = [string]$records.Count
	Write-IvmResult -Status 'present' -Message ([string]$records.Count + ' members in ' + $fields['Group']) -Fields $fields -Records $records.ToArray()
	$ivmExit = 0
} catch {
	Write-IvmResult -Status 'failed' -Message ('list-group-members failed: ' + $_.Exception.Message + ' Check the group name, and that ipamvmm connects as an administrator of this server.') -Fields ([ordered]@{})
}
exit $ivmExit
