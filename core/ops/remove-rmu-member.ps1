# core/ops/remove-rmu-member.ps1: operation remove-rmu-member: the account Member is not a member of Remote Management Users (the inverse of ensure-rmu-member).
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract").
# Parameter: Member (DOMAIN\name, name@domain, a bare name, or a SID).
# Answers "removed" with Absent = false; when it was not a member (Win32
# 1377), "present" with a message starting "absent" and Absent = true
# (ipamvmm's convention for every inverse). Fields: Group, GroupSID, Member,
# MemberSID, Absent. No such account is "absent" too (MemberSID empty):
# undo run twice converges.
# Windows Server 2012 R2 (PowerShell 4.0) and later: ADSI WinNT.

$ivmOp = 'remove-rmu-member'

# Found by SID, never by its (translated) name: see ensure-rmu-member.ps1.
$ivmRmuSid = 'S-1-5-32-580'

# Whether a SID is a local group of this computer: local groups cannot be
# members of local groups (Windows answers 1388).
function Test-IvmLocalGroupSid {
	param([string]$Sid)
	return ($null -ne (Find-IvmLocalGroup -Key $Sid))
}

$ivmExit = 1
try {
	Assert-IvmParamsFor
	Remove-IvmMembership -GroupKey $ivmRmuSid -MemberName (Get-IvmParam 'Member')
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
