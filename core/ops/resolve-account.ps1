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
