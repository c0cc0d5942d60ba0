# core/ops/resolve-account.ps1: operation resolve-account: an account or group name (or SID) as this server resolves it.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract").
# Parameter: Account ("CONTOSO\vmmuser", "vmmuser@contoso.com",
#   "CONTOSO\VMM Users", "BUILTIN\Administrators", a bare name, or a SID).
# Answers "present" with the fields Account (canonical DOMAIN\name), SID,
# Type (User, Group, Alias, WellKnownGroup; Computer and the other
# SID_NAME_USE names as Windows gives them; Unknown when the type could not
# be read) and Enabled (true or false for a user; true for a group, which
# cannot be disabled; unknown when the account could not be read, typically a
# domain user over WinRM, where this session's credentials do not reach a
# domain controller). Nothing by that name: "failed" with Win32 1332.
# Windows Server 2012 R2 (PowerShell 4.0, .NET 4.5) and later.

$ivmOp = 'resolve-account'

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

# SID_NAME_USE is only given by LookupAccountSid (advapi32); .NET's
# Translate drops it. Add-Type compiles this fixed text (nothing from the
# parameters is in it) with the C# compiler of .NET 4.5.
$ivmLookupSource = @'
using System;
using System.Runtime.InteropServices;
using System.Text;
public static class IvmSidLookup {
	[DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
	static extern bool LookupAccountSidW(string system, byte[] sid, StringBuilder name, ref uint cchName,
		StringBuilder domain, ref uint cchDomain, out int use);
	public static int SidType(byte[] sid) {
		StringBuilder name = new StringBuilder(1024);
		StringBuilder domain = new StringBuilder(1024);
		uint cchName = 1024;
		uint cchDomain = 1024;
		int use;
		if (!LookupAccountSidW(null, sid, name, ref cchName, domain, ref cchDomain, out use))
			return -Marshal.GetLastWin32Error();
		return use;
	}
}
'@

# SID_NAME_USE values 1 to 11, as the result spells them.
$ivmSidTypes = @('', 'User', 'Group', 'Domain', 'Alias', 'WellKnownGroup', 'DeletedAccount', 'Invalid', 'Unknown', 'Computer', 'Label', 'LogonSession')

function Get-IvmSidType {
	param([string]$Sid)
	try {
		if (-not ('IvmSidLookup' -as [type])) {
			Add-Type -TypeDefinition $ivmLookupSource
		}
		$sidObject = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $Sid
		$bytes = New-Object -TypeName byte[] -ArgumentList $sidObject.BinaryLength
		$sidObject.GetBinaryForm($bytes, 0)
		$use = [IvmSidLookup]::SidType($bytes)
		if ($use -gt 0 -and $use -lt $ivmSidTypes.Count) {
			return $ivmSidTypes[$use]
		}
		Write-IvmDetail ('LookupAccountSid answered ' + $use)
	} catch {
		Write-IvmDetail ('LookupAccountSid: ' + $_.Exception.Message)
	}
	# Without the lookup: what the SID alone tells.
	if ($Sid.StartsWith('S-1-5-32-') -or (Test-IvmLocalGroupSid -Sid $Sid)) {
		return 'Alias'
	}
	if (-not $Sid.StartsWith('S-1-5-21-')) {
		return 'WellKnownGroup'
	}
	return 'Unknown'
}

function Test-IvmLocalGroupSid {
	param([string]$Sid)
	return ($null -ne (Find-IvmLocalGroup -Key $Sid))
}

# ADS_UF_ACCOUNTDISABLE (0x2) in UserFlags. Bound by SID path
# ("WinNT://S-1-5-..."), which carries only what this server produced.
function Get-IvmEnabled {
	param([string]$Sid, [string]$Type)
	if ($Type -ne 'User') {
		return 'true'
	}
	try {
		$user = [ADSI]('WinNT://' + $Sid)
		$flags = [int]$user.psbase.InvokeGet('UserFlags')
		return (ConvertTo-IvmBool (($flags -band 2) -eq 0))
	} catch {
		Write-IvmDetail ('cannot read whether the account is enabled: ' + $_.Exception.Message)
		return 'unknown'
	}
}

$ivmExit = 1
try {
	Assert-IvmParamsFor
	$account = Get-IvmParam 'Account'
	$who = Resolve-IvmAccount -Name $account -What 'cannot find an account'
	$type = Get-IvmSidType -Sid $who.SID
	$fields = [ordered]@{}
	$fields['Account'] = $who.Name
	$fields['SID'] = $who.SID
	$fields['Type'] = $type
	$fields['Enabled'] = Get-IvmEnabled -Sid $who.SID -Type $type
	Write-IvmResult -Status 'present' -Message ($account + ' is ' + $who.Name + ' (' + $who.SID + ')') -Fields $fields
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
