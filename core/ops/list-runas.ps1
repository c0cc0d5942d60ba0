# core/ops/list-runas.ps1: operation list-runas: list the Run As accounts VMM holds (Get-SCRunAsAccount).
#
# Fields: Count. Records, one per Run As account: Name, UserName (DOMAIN\name),
#   Description, Enabled (true/false), ID (GUID).
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...),
# alone or as one step of a batch (README, "Operation contract"). It answers
# with one line "IPAMVMM-RESULT <base64 of UTF-8 XML>" and exits 0, or 1 when
# the status is failed. Any other output is kept by ipamvmm as detail.
# Runs on a VMM management server (VMM 2012 R2 and later, Windows PowerShell
# 4.0 and later). Every failure says what failed, why and what to do.

$ivmOp = 'list-runas'

# Loads the VMM cmdlets and connects to this server's VMM service; throws
# with the reason. The connection Get-SCVMMServer opens is the one the VMM
# cmdlets after it use (reference/windows-ops.md section 3; default port 8100).
function Connect-IvmVmm {
	try {
		Import-Module -Name virtualmachinemanager -ErrorAction Stop
	} catch {
		Write-IvmDetail ('Import-Module virtualmachinemanager: ' + $_.Exception.Message)
		throw 'this is not a VMM server, or the VMM console is not installed (PowerShell cannot load the module virtualmachinemanager): run VMM operations on the VMM management server'
	}
	try {
		return Get-SCVMMServer -ComputerName 'localhost'
	} catch {
		throw ('the VMM service does not answer on this server (Get-SCVMMServer localhost: ' + $_.Exception.Message + '): start the System Center Virtual Machine Manager service, then try again')
	}
}

# The parameter document must be this operation's.
function Test-IvmParamsOp {
	if ($null -ne $params) {
		$forOp = $params.DocumentElement.GetAttribute('op')
		if ($forOp -ne $ivmOp) {
			throw ('the parameter document is for operation "' + $forOp + '", not ' + $ivmOp)
		}
	}
}

# The text of the first of these properties that the object has and that is
# set, or ''. A getter that throws counts as unset.
function Get-IvmProp {
	param($Object, [string[]]$Names)
	if ($null -eq $Object) {
		return ''
	}
	foreach ($n in $Names) {
		try {
			$p = $Object.PSObject.Properties[$n]
			if ($null -ne $p -and $null -ne $p.Value) {
				return [string]$p.Value
			}
		} catch {
			Write-IvmDetail ('property ' + $n + ': ' + $_.Exception.Message)
		}
	}
	return ''
}

# DOMAIN\name of a Run As account: VMM keeps the user name and the domain
# apart (properties UserName and Domain).
function Get-IvmRunAsUser {
	param($RunAs)
	$user = Get-IvmProp $RunAs @('UserName')
	$domain = Get-IvmProp $RunAs @('Domain')
	if ($domain -and $user -notmatch '[\\@]') {
		return $domain + '\' + $user
	}
	return $user
}

# The Run As account with exactly this name (case-insensitive, as VMM), or
# $null. Filtered here rather than by -Name so that no character of a name
# is read as a wildcard.
function Find-IvmRunAs {
	param([string]$Name)
	foreach ($ra in @(Get-SCRunAsAccount)) {
		if ([string]$ra.Name -eq $Name) {
			return $ra
		}
	}
	return $null
}

$ivmWhat = 'cannot list the Run As accounts'

$ivmExit = 1
$ivmStatus = 'failed'
$ivmMessage = ''
$fields = [ordered]@{}
$records = New-Object -TypeName System.Collections.ArrayList
$j = $null
try {
	Test-IvmParamsOp
	$null = Connect-IvmVmm
	foreach ($ra in @(Get-SCRunAsAccount | Sort-Object -Property Name)) {
		$rec = [ordered]@{}
		$rec['Name'] = Get-IvmProp $ra @('Name')
		$rec['UserName'] = Get-IvmRunAsUser $ra
		$rec['Description'] = Get-IvmProp $ra @('Description')
		$rec['Enabled'] = ConvertTo-IvmBool $ra.Enabled
		$rec['ID'] = Get-IvmProp $ra @('ID')
		$null = $records.Add($rec)
	}
	$n = $records.Count
	$fields['Count'] = [string]$n
	$ivmStatus = 'present'
	$ivmMessage = [string]$n + ' Run As account'
	if ($n -ne 1) {
		$ivmMessage += 's'
	}
} catch {
	$ivmStatus = 'failed'
	$ivmMessage = $ivmWhat + ': ' + $_.Exception.Message
}
Write-IvmResult -Status $ivmStatus -Message $ivmMessage -Fields $fields -Records $records.ToArray()
if ($ivmStatus -ne 'failed') {
	$ivmExit = 0
}
exit $ivmExit
