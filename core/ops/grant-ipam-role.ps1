# core/ops/grant-ipam-role.ps1: operation grant-ipam-role: Principal holds an IPAM role at an access scope, through the IPAM local group that carries it.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract").
# Parameters: Principal (a local group such as "VMM Users", or an account);
# Role (default "IPAM ASM Administrator Role"); Scope (default "Global").
#
# No cmdlet creates an IPAM access policy on any Windows version, and the
# console's own protocol is WCF over net.tcp (reference/windows-ops.md 1.1),
# so this grants the role the documented scriptable way: membership of the
# local group IPAM made that carries the role at Global (IPAM Administrator
# Role -> IPAM Administrators, IPAM ASM Administrator Role -> IPAM ASM
# Administrators, IPAM MSM Administrator Role -> IPAM MSM Administrators).
# When Principal is a local group its members are added, as local groups
# cannot contain local groups; otherwise the account itself is. Any other
# role, or any scope but Global, is refused with the console steps.
#
# Answers "created" (at least one account added) or "present" (all were
# members already), with the fields Principal, Role, Scope, Method
# ("local-group"; the lab answers "access-policy"), Group (the IPAM local
# group used). "failed" with Win32 1168 (IPAM not installed, or no such
# role), 50 (a role or scope no IPAM group carries: do it in the console),
# 1376 (the IPAM group is missing), 1332 (no such principal); without Win32
# when Principal is a local group with no members.
# Windows Server 2012 R2 (PowerShell 4.0) and later: ADSI WinNT.

$ivmOp = 'grant-ipam-role'

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

$ivmByHand = 'In the IPAM console: ACCESS CONTROL > Access Policies > Add Access Policy > User Settings: Add (the user or group) > Access Settings: New > choose the role and the access scope > Add Setting > OK; or grant one of IPAM Administrator Role, IPAM ASM Administrator Role, IPAM MSM Administrator Role at Global'

$ivmExit = 1
try {
	Assert-IvmParamsFor
	$what = 'cannot grant the IPAM role'
	$grant = Get-IvmGrant -What $what -ByHand $ivmByHand
	$sids = @($grant.Sids)
	if ($sids.Count -eq 0) {
		throw (New-IvmFailure -What $what -Why ('the local group ' + $grant.Principal.Name + ' has no members, and a local group cannot itself be put in ' + $grant.Group.FullName) -Next ('add the accounts to ' + $grant.Principal.Name + ' first (ensure-group-member), then grant the role again'))
	}
	$added = 0
	foreach ($sid in $sids) {
		if (Add-IvmMember -Group $grant.Group -Sid $sid) {
			$added++
			Write-IvmDetail ('added ' + $sid + ' to ' + $grant.Group.FullName)
		}
	}
	$about = $grant.Principal.Name + ' the ' + $grant.Fields['Role'] + ' at Global through ' + $grant.Group.FullName
	if ($added -gt 0) {
		Write-IvmResult -Status 'created' -Message ('granted ' + $about + ' (' + $added + ' accounts added)') -Fields $grant.Fields
	} else {
		Write-IvmResult -Status 'present' -Message ('already granted: ' + $about) -Fields $grant.Fields
	}
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
