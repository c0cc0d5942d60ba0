# core/ops/revoke-ipam-role.ps1: operation revoke-ipam-role: the inverse of grant-ipam-role.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract").
# Parameters: Principal, Role (default "IPAM ASM Administrator Role"), Scope
# (default "Global"), as for grant-ipam-role.
# Removes from the IPAM local group that carries the role at Global the
# accounts grant-ipam-role put there: the members of Principal when it is a
# local group, else Principal itself. An account made a member of that group
# by hand for another reason is removed too: the group does not record why.
# Answers "removed" with Absent = false; when none was a member, or no
# account has the name Principal any more, "present" with a message starting
# "absent" and Absent = true (ipamvmm's convention for every inverse). Fields: Principal, Role, Scope, Method ("local-group"),
# Group, Absent. "failed" as grant-ipam-role (1168, 50 with the console
# steps, 1376).
# Windows Server 2012 R2 (PowerShell 4.0) and later: ADSI WinNT.

$ivmOp = 'revoke-ipam-role'

# Whether a SID is a local group of this computer: local groups cannot be
# members of local groups (Windows answers 1388).
function Test-IvmLocalGroupSid {
	param([string]$Sid)
	return ($null -ne (Find-IvmLocalGroup -Key $Sid))
}

# The eight built-in IPAM roles, as the console names them (with " Role");
# the same list on 2012 R2 and 2016 (reference/windows-ops.md 1.3). No
# cmdlet lists them or creates an access policy on any version (1.1).
$ivmRoles = @('DNS Record Administrator Role', 'IP Address Record Administrator Role', 'IPAM Administrator Role', 'IPAM ASM Administrator Role', 'IPAM DHCP Administrator Role', 'IPAM DHCP Reservations Administrator Role', 'IPAM DHCP Scope Administrator Role', 'IPAM MSM Administrator Role')

# The local groups IPAM creates at install that carry a role at the Global
# scope (RBAC is additive: membership keeps the role whatever the policies
# say; reference/windows-ops.md 1.3, the VMM 2016 documentation uses IPAM ASM
# Administrators this way). They are machine-local groups with no well-known
# SID, so they can only be found by name; their names on a non-English
# Windows are not documented.
$ivmRoleGroups = @{ 'IPAM Administrator Role' = 'IPAM Administrators'; 'IPAM ASM Administrator Role' = 'IPAM ASM Administrators'; 'IPAM MSM Administrator Role' = 'IPAM MSM Administrators' }

$ivmByHand = 'In the IPAM console: ACCESS CONTROL > Access Policies > select the access policy of the user or group > Delete'

$ivmExit = 1
try {
	Assert-IvmParamsFor
	$grant = Get-IvmGrant -What 'cannot revoke the IPAM role' -ByHand $ivmByHand -Revoke $true
	$removed = 0
	foreach ($sid in @($grant.Sids)) {
		if (Remove-IvmMember -Group $grant.Group -Sid $sid) {
			$removed++
			Write-IvmDetail ('removed ' + $sid + ' from ' + $grant.Group.FullName)
		}
	}
	$fields = $grant.Fields
	$about = $grant.Principal.Name + ' the ' + $fields['Role'] + ' at Global through ' + $grant.Group.FullName
	if ($removed -gt 0) {
		$fields['Absent'] = 'false'
		Write-IvmResult -Status 'removed' -Message ('revoked ' + $about + ' (' + $removed + ' accounts removed)') -Fields $fields
	} else {
		$fields['Absent'] = 'true'
		Write-IvmResult -Status 'present' -Message ('absent: nothing gives ' + $about) -Fields $fields
	}
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
