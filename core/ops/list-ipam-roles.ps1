# core/ops/list-ipam-roles.ps1: operation list-ipam-roles: the IPAM roles and access scopes an access policy can name.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract"). No parameters.
# Answers "present" with the fields Source ("built-in list"; the lab says
# "lab model"), RoleCount, ScopeCount, and records told apart by Kind:
#   Kind = Role:  Name (as the console shows it), Group (the IPAM local group
#                 that carries it at Global, "" when none does);
#   Kind = Scope: Name (the last part), Path ("Global", "Global\Europe").
# "failed" with Win32 1168 when the server does not run IPAM.
# No cmdlet lists IPAM roles or access scopes, on 2012 R2 or later
# (reference/windows-ops.md 1.1): the roles are the documented built-in
# list, and the only scope known without the console is Global, which every
# IPAM server has (every other scope is under it).
# Windows Server 2012 R2 (PowerShell 4.0) and later.

$ivmOp = 'list-ipam-roles'

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

$ivmExit = 1
try {
	Assert-IvmParamsFor
	if (-not (Test-IvmIpamInstalled)) {
		throw (New-IvmFailure -What 'cannot list the IPAM roles' -Why ($env:COMPUTERNAME + ' does not run IPAM (no WMI namespace root\Microsoft\IPAM)') -Next 'run it against the server that has the IPAM Server feature' -Code 1168)
	}
	$records = New-Object -TypeName System.Collections.ArrayList
	foreach ($role in $ivmRoles) {
		$record = [ordered]@{}
		$record['Kind'] = 'Role'
		$record['Name'] = $role
		$record['Group'] = ''
		if ($ivmRoleGroups.ContainsKey($role)) {
			$record['Group'] = $ivmRoleGroups[$role]
		}
		[void]$records.Add($record)
	}
	$scope = [ordered]@{}
	$scope['Kind'] = 'Scope'
	$scope['Name'] = 'Global'
	$scope['Path'] = 'Global'
	[void]$records.Add($scope)
	Write-IvmDetail 'no cmdlet lists IPAM access scopes: only Global is listed; the others are in the IPAM console under ACCESS CONTROL > Access Scopes'
	$fields = [ordered]@{}
	$fields['Source'] = 'built-in list'
	$fields['RoleCount'] = [string]$ivmRoles.Count
	$fields['ScopeCount'] = '1'
	Write-IvmResult -Status 'present' -Message ([string]$ivmRoles.Count + ' built-in roles and the access scope Global on ' + $env:COMPUTERNAME + ' (no cmdlet lists other scopes)') -Fields $fields -Records $records.ToArray()
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
