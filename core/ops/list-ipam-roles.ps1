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

# The parameter document names the operation it was made for.
function Assert-IvmParamsFor {
	if ($null -ne $params) {
		$forOp = $params.DocumentElement.GetAttribute('op')
		if ($forOp -ne $ivmOp) {
			throw ('the parameter document is for operation "' + $forOp + '", not ' + $ivmOp)
		}
	}
}

# A refusal this script decides itself. The message says what failed, why
# and what to do ("what: why. next", as the lab words it); the Win32 code (0
# for none) rides in the exception's Data for the one catch at the end.
function New-IvmFailure {
	param([string]$What, [string]$Why, [string]$Next, [int]$Code = 0)
	$ex = New-Object -TypeName System.Exception -ArgumentList ($What + ': ' + $Why + '. ' + $Next)
	$ex.Data['IvmWin32'] = $Code
	return $ex
}

# The Win32 code behind an exception, looking through PowerShell's wrappers
# (MethodInvocationException, TargetInvocationException): ours; 1332 for
# IdentityNotMappedException (LsaLookupNames2/LsaLookupSids found nothing);
# the low word of an HRESULT 0x8007xxxx, which is how ADSI reports 1376,
# 1377, 1378, 1379, 2224 (reference/windows-ops.md 2.1). Exception.HResult
# is public from .NET 4.5, which PowerShell 4.0 requires.
function Get-IvmWin32 {
	param([System.Exception]$Exception)
	for ($e = $Exception; $null -ne $e; $e = $e.InnerException) {
		if ($e.Data.Contains('IvmWin32')) {
			return [int]$e.Data['IvmWin32']
		}
		if ($e -is [System.Security.Principal.IdentityNotMappedException]) {
			return 1332
		}
		$hex = '{0:X8}' -f $e.HResult
		if ($hex.StartsWith('8007')) {
			return [Convert]::ToInt32($hex.Substring(4), 16)
		}
	}
	return 0
}

# The failed result for whatever was thrown. Our own refusals are complete
# sentences; anything else is Windows' text, with what to do added.
function Write-IvmFailure {
	param([System.Exception]$Exception)
	$code = Get-IvmWin32 -Exception $Exception
	$fields = [ordered]@{}
	if ($code -ne 0) {
		$fields['Win32'] = [string]$code
	}
	$message = $Exception.Message
	if (-not $Exception.Data.Contains('IvmWin32')) {
		$message = $ivmOp + ' failed: ' + $message + ' Check that ipamvmm connects as an administrator of this server, then run it again.'
	}
	Write-IvmResult -Status 'failed' -Message $message -Fields $fields
}

# The IPAM Server feature registers the WMI namespace root\Microsoft\IPAM
# (reference/windows-ops.md 1.2), on 2012 R2 as on later versions;
# host-facts.ps1 falls back to the same test.
function Test-IvmIpamInstalled {
	try {
		$ns = Get-WmiObject -Namespace 'root\Microsoft' -Class '__NAMESPACE' -Filter "Name='IPAM'"
		return ($null -ne $ns)
	} catch {
		Write-IvmDetail ('WMI namespace root\Microsoft\IPAM: ' + $_.Exception.Message)
		return $false
	}
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

# The role as the built-in list spells it, or $null.
function Get-IvmRoleName {
	param([string]$Role)
	foreach ($known in $ivmRoles) {
		if ($known -eq $Role) {
			return $known
		}
	}
	return $null
}

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
