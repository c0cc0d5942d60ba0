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

# The local groups of this computer, through ADSI's WinNT provider
# (PowerShell 4.0 has no Get-LocalGroup). The only ADSI path built here
# names the computer ($env:COMPUTERNAME, NetBIOS characters); names from the
# parameters never become part of a path: groups are matched here, in
# PowerShell. FullName is the SID translated by this server, so it carries
# the local (possibly localized) spelling, BUILTIN\... included.
function Get-IvmLocalGroups {
	$computer = [ADSI]('WinNT://' + $env:COMPUTERNAME + ',computer')
	$children = $computer.psbase.Children
	[void]$children.SchemaFilter.Add('group')
	$groups = New-Object -TypeName System.Collections.ArrayList
	foreach ($entry in $children) {
		$sidBytes = $entry.psbase.InvokeGet('objectSid')
		$sid = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList @($sidBytes, 0)
		$name = [string]$entry.psbase.Name
		$fullName = $env:COMPUTERNAME + '\' + $name
		try {
			$fullName = $sid.Translate([System.Security.Principal.NTAccount]).Value
		} catch {
			Write-IvmDetail ('cannot translate ' + $sid.Value + ': ' + $_.Exception.Message)
		}
		$description = ''
		try {
			$description = [string]$entry.psbase.InvokeGet('Description')
		} catch {
			Write-IvmDetail ('no description for ' + $name + ': ' + $_.Exception.Message)
		}
		[void]$groups.Add((New-Object -TypeName PSObject -Property @{ Name = $name; FullName = $fullName; SID = $sid.Value; Description = $description; Entry = $entry }))
	}
	return $groups.ToArray()
}

# A local group by SID, by name, by its full name (BUILTIN\..., COMPUTER\...)
# or as .\name; names ignore case, as SAM does. $null when there is none.
function Find-IvmLocalGroup {
	param([string]$Key)
	foreach ($g in @(Get-IvmLocalGroups)) {
		if ($g.SID -eq $Key -or $g.Name -eq $Key -or $g.FullName -eq $Key -or ('.\' + $g.Name) -eq $Key) {
			return $g
		}
	}
	return $null
}

# An account or group as this server resolves it: NTAccount.Translate
# (LsaLookupNames2) takes DOMAIN\name, name@domain (a UPN), BUILTIN\... and a
# bare name; a SID is taken as it is. The answer is the canonical DOMAIN\name
# (SID translated back) and the SID. Nothing by that name: Win32 1332. The
# lookup runs in this server's LSA over its own secure channel, so it needs
# no delegated credentials.
function Resolve-IvmAccount {
	param([string]$Name, [string]$What)
	$next = 'check the spelling; give domain accounts as DOMAIN\name or name@domain'
	if ($Name -eq '') {
		throw (New-IvmFailure -What $What -Why 'no account name was given' -Next $next -Code 1332)
	}
	try {
		if ($Name -match '^S-1-[0-9]+(-[0-9]+)+$') {
			$sid = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $Name
		} else {
			$account = New-Object -TypeName System.Security.Principal.NTAccount -ArgumentList $Name
			$sid = $account.Translate([System.Security.Principal.SecurityIdentifier])
		}
		$canonical = $sid.Translate([System.Security.Principal.NTAccount]).Value
	} catch {
		if ((Get-IvmWin32 -Exception $_.Exception) -ne 1332) {
			throw
		}
		throw (New-IvmFailure -What $What -Why ('no account or group is named "' + $Name + '" (No mapping between account names and security IDs was done)') -Next $next -Code 1332)
	}
	return New-Object -TypeName PSObject -Property @{ Name = $canonical; SID = $sid.Value }
}

# Whether a SID is a local group of this computer: local groups cannot be
# members of local groups (Windows answers 1388).
function Test-IvmLocalGroupSid {
	param([string]$Sid)
	return ($null -ne (Find-IvmLocalGroup -Key $Sid))
}

# Membership by SID path ("WinNT://S-1-5-21-..."): the path carries a SID
# this server produced, never typed text. Add: $true when added, $false when
# already a member (1378). Remove: $true when removed, $false when it was not
# a member (1377).
function Add-IvmMember {
	param($Group, [string]$Sid)
	try {
		[void]$Group.Entry.psbase.Invoke('Add', @('WinNT://' + $Sid))
		return $true
	} catch {
		if ((Get-IvmWin32 -Exception $_.Exception) -eq 1378) {
			return $false
		}
		throw
	}
}

function Remove-IvmMember {
	param($Group, [string]$Sid)
	try {
		[void]$Group.Entry.psbase.Invoke('Remove', @('WinNT://' + $Sid))
		return $true
	} catch {
		if ((Get-IvmWin32 -Exception $_.Exception) -eq 1377) {
			return $false
		}
		throw
	}
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

# What grant-ipam-role and revoke-ipam-role share: the checks in the lab's
# order (IPAM installed, role, scope, principal), and the accounts that go in
# or out of the IPAM local group: the members of the principal when it is a
# local group (local groups cannot contain local groups), else the principal.
function Get-IvmGrant {
	param([string]$What, [string]$ByHand, [bool]$Revoke = $false)
	$role = Get-IvmParam 'Role'
	if ($role -eq '') {
		$role = 'IPAM ASM Administrator Role'
	}
	$scope = Get-IvmParam 'Scope'
	if ($scope -eq '') {
		$scope = 'Global'
	}
	if ($scope.StartsWith('\')) {
		$scope = $scope.Substring(1)
	}
	if (-not (Test-IvmIpamInstalled)) {
		throw (New-IvmFailure -What $What -Why ($env:COMPUTERNAME + ' does not run IPAM (no WMI namespace root\Microsoft\IPAM)') -Next 'run it against the server that has the IPAM Server feature' -Code 1168)
	}
	$canonical = Get-IvmRoleName -Role $role
	if ($null -eq $canonical) {
		throw (New-IvmFailure -What $What -Why ('IPAM has no role named "' + $role + '"') -Next ('pick one of the roles list-ipam-roles gives (their names end in " Role")') -Code 1168)
	}
	$groupName = $ivmRoleGroups[$canonical]
	if ($scope -ne 'Global' -or $null -eq $groupName) {
		# ERROR_NOT_SUPPORTED: only a console access policy can do this
		throw (New-IvmFailure -What $What -Why ('no IPAM local group carries the ' + $canonical + ' at the access scope ' + $scope + ', and no Windows PowerShell cmdlet makes an IPAM access policy') -Next $ByHand -Code 50)
	}
	$ipamGroup = $null
	foreach ($g in @(Get-IvmLocalGroups)) {
		if ($g.Name -eq $groupName) {
			$ipamGroup = $g
		}
	}
	if ($null -eq $ipamGroup) {
		throw (New-IvmFailure -What $What -Why ('the IPAM local group "' + $groupName + '" is not on ' + $env:COMPUTERNAME) -Next ('check that the IPAM Server feature is fully provisioned; on a Windows whose IPAM groups have translated names, grant the role by hand: ' + $ByHand) -Code 1376)
	}
	$principal = Get-IvmParam 'Principal'
	try {
		$who = Resolve-IvmAccount -Name $principal -What $What
	} catch {
		# revoking from no one: nothing grants it a role (undo converges)
		if (-not $Revoke -or (Get-IvmWin32 -Exception $_.Exception) -ne 1332) {
			throw
		}
		$who = New-Object -TypeName PSObject -Property @{ Name = $principal; SID = '' }
	}
	$sids = @()
	$localGroup = $null
	if ($who.SID -ne '') {
		$sids = @($who.SID)
		$localGroup = Find-IvmLocalGroup -Key $who.SID
	}
	if ($null -ne $localGroup) {
		$sids = @()
		foreach ($member in @($localGroup.Entry.psbase.Invoke('Members'))) {
			$bytes = $member.GetType().InvokeMember('objectSid', 'GetProperty', $null, $member, $null)
			$sids += (New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList @($bytes, 0)).Value
		}
	}
	$fields = [ordered]@{}
	$fields['Principal'] = $who.Name
	$fields['Role'] = $canonical
	$fields['Scope'] = 'Global'
	$fields['Method'] = 'local-group'
	$fields['Group'] = $ipamGroup.FullName
	return New-Object -TypeName PSObject -Property @{ Group = $ipamGroup; Principal = $who; IsLocalGroup = ($null -ne $localGroup); Sids = $sids; Fields = $fields }
}

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
