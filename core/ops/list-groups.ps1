# core/ops/list-groups.ps1: operation list-groups: the local groups of this server, one record each.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract"). No parameters.
# Answers "present" with the fields Computer (NetBIOS name) and Count, and
# one record per local group: Name, SID, Description. Failure: "failed",
# with Win32 when Windows gave a code.
# Windows Server 2012 R2 (PowerShell 4.0) and later: ADSI WinNT, not
# Get-LocalGroup (PowerShell 5.1).

$ivmOp = 'list-groups'

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

$ivmExit = 1
try {
	Assert-IvmParamsFor
	$records = New-Object -TypeName System.Collections.ArrayList
	foreach ($g in @(Get-IvmLocalGroups)) {
		$record = [ordered]@{}
		$record['Name'] = $g.Name
		$record['SID'] = $g.SID
		$record['Description'] = $g.Description
		[void]$records.Add($record)
	}
	$fields = [ordered]@{}
	$fields['Computer'] = [string]$env:COMPUTERNAME
	$fields['Count'] = [string]$records.Count
	Write-IvmResult -Status 'present' -Message ([string]$records.Count + ' local groups on ' + $env:COMPUTERNAME) -Fields $fields -Records $records.ToArray()
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
