# core/ops/ensure-group.ps1: operation ensure-group: the local group Name exists, with Description when one is given.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (README, "Operation contract").
# Parameters: Name; Description (optional: empty leaves the group's own).
# Answers "created"; "present" (the group exists with that description, or
# none was given); "changed" (the description was updated); "failed". Fields:
# Name (as Windows spells it), SID, Description. A failure carries Win32:
# 1315 the name breaks a Windows rule (the message names the rule), 87 a
# description ipamvmm refuses (more than 256 characters, or not one line),
# 2224 a local user has that name.
# Windows Server 2012 R2 (PowerShell 4.0) and later: ADSI WinNT
# Create('group', ...) and SetInfo, as New-LocalGroup (PowerShell 5.1) is
# not there.

$ivmOp = 'ensure-group'

$ivmNameNext = 'choose a name of 1 to 256 characters that is not only dots or spaces, does not end with a dot, has none of " / \ [ ] : ; | = , + * ? < > @, and is not the name of another user or group on that server'

# The rules Windows applies to a local group name (lusrmgr's help and
# PowerShell's own tests, reference/windows-ops.md 2.4), in the lab's order.
# They are checked before the name reaches ADSI: the WinNT provider would
# read '/' and ',' as parts of a path instead of refusing them. Characters
# are counted as code points, as the lab counts them.
function Get-IvmGroupNameProblem {
	param([string]$Name)
	if ($Name.Length -eq 0) {
		return 'the name is empty'
	}
	if ($Name -match '[\x00-\x1F\x7F]') {
		return 'the name has control characters or is not valid UTF-8'
	}
	if ($Name.Length - [regex]::Matches($Name, '[\uDC00-\uDFFF]').Count -gt 256) {
		return 'the name is longer than 256 characters'
	}
	if ($Name.IndexOfAny([char[]]'"/\[]:;|=,+*?<>@') -ge 0) {
		return 'the name has one of the characters " / \ [ ] : ; | = , + * ? < > @'
	}
	if ($Name.Trim([char[]]@(' ', '.')).Length -eq 0) {
		return 'the name is only dots or spaces'
	}
	if ($Name.EndsWith('.')) {
		return 'the name ends with a dot'
	}
	return ''
}

# ipamvmm's rule for a description: the console's field is one line, and
# the lab cannot keep control characters, so both refuse rather than alter.
function Get-IvmDescriptionProblem {
	param([string]$Description)
	if ($Description -match '[\x00-\x1F\x7F]') {
		return 'it has a line break, a tab or another control character'
	}
	if ($Description.Length - [regex]::Matches($Description, '[\uDC00-\uDFFF]').Count -gt 256) {
		return 'it is longer than 256 characters'
	}
	return ''
}

function Get-IvmGroupByName {
	param([string]$Name)
	foreach ($g in @(Get-IvmLocalGroups)) {
		if ($g.Name -eq $Name) {
			return $g
		}
	}
	return $null
}

function Get-IvmGroupFields {
	param($Group)
	$fields = [ordered]@{}
	$fields['Name'] = $Group.Name
	$fields['SID'] = $Group.SID
	$fields['Description'] = $Group.Description
	return $fields
}

$ivmExit = 1
try {
	Assert-IvmParamsFor
	$name = Get-IvmParam 'Name'
	$description = Get-IvmParam 'Description'
	$what = 'cannot create the local group'
	$rule = Get-IvmGroupNameProblem -Name $name
	if ($rule -ne '') {
		throw (New-IvmFailure -What $what -Why ('"' + $name + '" is not a valid group name: ' + $rule) -Next $ivmNameNext -Code 1315)
	}
	$bad = Get-IvmDescriptionProblem -Description $description
	if ($bad -ne '') {
		throw (New-IvmFailure -What $what -Why ('the description is not accepted: ' + $bad) -Next 'give a description of at most 256 characters on one line' -Code 87)
	}
	$group = Get-IvmGroupByName -Name $name
	if ($null -ne $group) {
		if ($description -eq '' -or $group.Description -ceq $description) {
			Write-IvmResult -Status 'present' -Message ('the local group ' + $group.FullName + ' already exists') -Fields (Get-IvmGroupFields -Group $group)
		} else {
			$group.Entry.psbase.InvokeSet('Description', $description)
			$group.Entry.psbase.CommitChanges()
			$group = Get-IvmGroupByName -Name $name
			Write-IvmResult -Status 'changed' -Message ('the description of ' + $group.FullName + ' was updated') -Fields (Get-IvmGroupFields -Group $group)
		}
	} else {
		# Create takes the name as a value, not as a path, and the rules
		# above have kept out what a path would split on.
		$computer = [ADSI]('WinNT://' + $env:COMPUTERNAME + ',computer')
		$new = $computer.Create('group', $name)
		if ($description -ne '') {
			$new.Put('Description', $description)
		}
		$status = 'created'
		try {
			$new.SetInfo()
		} catch {
			$code = Get-IvmWin32 -Exception $_.Exception
			if ($code -eq 2224) {
				throw (New-IvmFailure -What $what -Why ('a local user named "' + $name + '" already exists on ' + $env:COMPUTERNAME + ', and groups and users share one set of names') -Next $ivmNameNext -Code 2224)
			}
			if ($code -ne 1379) {
				throw
			}
			# made by someone else since we looked: it exists, as asked
			$status = 'present'
		}
		$group = Get-IvmGroupByName -Name $name
		$message = 'the local group ' + $group.FullName + ' was created'
		if ($status -eq 'present') {
			$message = 'the local group ' + $group.FullName + ' already exists'
		}
		Write-IvmResult -Status $status -Message $message -Fields (Get-IvmGroupFields -Group $group)
	}
	$ivmExit = 0
} catch {
	Write-IvmFailure -Exception $_.Exception
}
exit $ivmExit
