# core/ops/ensure-group-member.ps1: operation ensure-group-member: the account Member is a member of the local group Group.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract").
# Parameters: Group (a name, BUILTIN\... or COMPUTER\..., .\name, or a SID);
# Member (DOMAIN\name, name@domain, a bare name, or a SID).
# Answers "created" (added) or "present" (already a member: Win32 1378),
# with the fields Group (the group's full name as this server spells it),
# GroupSID, Member (canonical DOMAIN\name), MemberSID. "failed" with Win32
# 1376 (no such group), 1332 (no such account) or 1388 (the member is a local
# group: local groups cannot contain local groups).
# Windows Server 2012 R2 (PowerShell 4.0) and later: ADSI WinNT, not
# Add-LocalGroupMember (PowerShell 5.1).

$ivmOp = 'ensure-group-member'

# Whether a SID is a local group of this computer: local groups cannot be
# members of local groups (Windows answers 1388).
function Test-IvmLocalGroupSid {
	param([string]$Sid)
	return ($null -ne (Find-IvmLocalGroup -Key $Sid))
}

$ivmExit = 1
try {
	Assert-IvmParamsFor
	Add-IvmMembership -GroupKey (Get-IvmParam 'Group') -MemberName (Get-IvmParam 'Member')
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
