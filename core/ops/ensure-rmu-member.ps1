# core/ops/ensure-rmu-member.ps1: operation ensure-rmu-member: the account Member is a member of Remote Management Users, found by its SID.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract").
# Parameter: Member (DOMAIN\name, name@domain, a bare name, or a SID).
# Answers "created" (added) or "present" (already a member: Win32 1378),
# with the fields Group (the group's name on this server, possibly
# translated), GroupSID (S-1-5-32-580), Member (canonical DOMAIN\name),
# MemberSID. "failed" with Win32 1332 (no such account), 1388 (a local
# group), or 1376 (no group with that SID: Windows older than 2012).
# Windows Server 2012 R2 (PowerShell 4.0) and later: ADSI WinNT.

$ivmOp = 'ensure-rmu-member'

# Remote Management Users is the well-known alias S-1-5-32-580
# (DOMAIN_ALIAS_RID_REMOTE_MANAGEMENT_USERS, reference/windows-ops.md 2.5).
# Its name is translated on non-English Windows, so the group is found by
# SID among the local groups and named by translating that SID here; the
# English name is never used.
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
	Add-IvmMembership -GroupKey $ivmRmuSid -MemberName (Get-IvmParam 'Member')
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
