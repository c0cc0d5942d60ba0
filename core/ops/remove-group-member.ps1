# core/ops/remove-group-member.ps1: operation remove-group-member: the account Member is not a member of the local group Group (the inverse of ensure-group-member).
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract").
# Parameters: Group, Member (as for ensure-group-member).
# Answers "removed" with Absent = false; when it was not a member (Win32
# 1377), "present" with a message starting "absent" and Absent = true
# (ipamvmm's convention for every inverse). Fields: Group, GroupSID, Member,
# MemberSID, Absent. No such group or no such account is "absent" too
# (GroupSID or MemberSID then empty): undo run twice converges.
# Windows Server 2012 R2 (PowerShell 4.0) and later: ADSI WinNT, not
# Remove-LocalGroupMember (PowerShell 5.1).

$ivmOp = 'remove-group-member'

# Whether a SID is a local group of this computer: local groups cannot be
# members of local groups (Windows answers 1388).
function Test-IvmLocalGroupSid {
	param([string]$Sid)
	return ($null -ne (Find-IvmLocalGroup -Key $Sid))
}

$ivmExit = 1
try {
	Assert-IvmParamsFor
	Remove-IvmMembership -GroupKey (Get-IvmParam 'Group') -MemberName (Get-IvmParam 'Member')
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
