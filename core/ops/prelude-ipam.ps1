# core/ops/prelude-ipam.ps1: helpers the IPAM-side operations share (local groups, accounts, failures).
#
# ipamvmm puts this after core/ops/prelude.ps1 and before the body of every operation of
# core/ops/ops_ipam.c (once per batch). Only functions: nothing runs here.
# Runs on PowerShell 4.0 and later.

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

# Adds the member, as the lab does: created, or present when it already is
# one (1378); refused: 1376 no such group, 1332 no such account, 1388 a
# local group (local groups do not nest).
function Add-IvmMembership {
	param([string]$GroupKey, [string]$MemberName)
	$what = 'cannot add the member to the local group'
	$group = Find-IvmLocalGroup -Key $GroupKey
	if ($null -eq $group) {
		throw (New-IvmFailure -What $what -Why ('there is no local group "' + $GroupKey + '" on ' + $env:COMPUTERNAME + ' (The specified local group does not exist)') -Next 'check the group''s name, or create it first; Remote Management Users is S-1-5-32-580' -Code 1376)
	}
	$who = Resolve-IvmAccount -Name $MemberName -What $what
	if (Test-IvmLocalGroupSid -Sid $who.SID) {
		throw (New-IvmFailure -What $what -Why ($who.Name + ' is a local group, and a local group cannot be a member of another local group (the member has the wrong account type)') -Next 'add the group''s members one by one instead: local groups cannot contain local groups' -Code 1388)
	}
	$fields = [ordered]@{}
	$fields['Group'] = $group.FullName
	$fields['GroupSID'] = $group.SID
	$fields['Member'] = $who.Name
	$fields['MemberSID'] = $who.SID
	if (Add-IvmMember -Group $group -Sid $who.SID) {
		Write-IvmResult -Status 'created' -Message ($who.Name + ' was added to ' + $group.FullName) -Fields $fields
	} else {
		Write-IvmResult -Status 'present' -Message ($who.Name + ' is already a member of ' + $group.FullName) -Fields $fields
	}
}

# Removes the member: removed, or present-as-absent when it was not one
# (1377). An inverse converges: with no such group or no such account the
# member is not there either, so undo run twice answers "absent" rather than
# failing on what its first run removed. A local group is never a member.
function Remove-IvmMembership {
	param([string]$GroupKey, [string]$MemberName)
	$group = Find-IvmLocalGroup -Key $GroupKey
	$who = $null
	try {
		$who = Resolve-IvmAccount -Name $MemberName -What 'cannot remove the member from the local group'
	} catch {
		if ((Get-IvmWin32 -Exception $_.Exception) -ne 1332) {
			throw
		}
	}
	$removed = $false
	if ($null -ne $group -and $null -ne $who -and -not (Test-IvmLocalGroupSid -Sid $who.SID)) {
		$removed = Remove-IvmMember -Group $group -Sid $who.SID
	}
	$fields = [ordered]@{}
	$fields['Group'] = $GroupKey
	$fields['GroupSID'] = ''
	$fields['Member'] = $MemberName
	$fields['MemberSID'] = ''
	if ($null -ne $group) {
		$fields['Group'] = $group.FullName
		$fields['GroupSID'] = $group.SID
	}
	if ($null -ne $who) {
		$fields['Member'] = $who.Name
		$fields['MemberSID'] = $who.SID
	}
	$fields['Absent'] = ConvertTo-IvmBool (-not $removed)
	if ($removed) {
		Write-IvmResult -Status 'removed' -Message ($who.Name + ' was removed from ' + $group.FullName) -Fields $fields
	} elseif ($null -eq $group) {
		Write-IvmResult -Status 'present' -Message ('absent: there is no local group "' + $GroupKey + '" on ' + $env:COMPUTERNAME) -Fields $fields
	} elseif ($null -eq $who) {
		Write-IvmResult -Status 'present' -Message ('absent: no account or group is named "' + $MemberName + '"') -Fields $fields
	} else {
		Write-IvmResult -Status 'present' -Message ('absent: ' + $who.Name + ' is not a member of ' + $group.FullName) -Fields $fields
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
