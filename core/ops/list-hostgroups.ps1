# core/ops/list-hostgroups.ps1: operation list-hostgroups: list VMM's host groups (Get-SCVMHostGroup), parents before children.
#
# Fields: Count. Records, one per host group: Name ("Rack 1"), Path
#   ("All Hosts\Seattle\Rack 1"), Parent (the parent's path, empty for
#   All Hosts), ID.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...),
# alone or as one step of a batch (README, "Operation contract"). It answers
# with one line "IPAMVMM-RESULT <base64 of UTF-8 XML>" and exits 0, or 1 when
# the status is failed. Any other output is kept by ipamvmm as detail.
# Runs on a VMM management server (VMM 2012 R2 and later, Windows PowerShell
# 4.0 and later). Every failure says what failed, why and what to do.

$ivmOp = 'list-hostgroups'

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

$ivmWhat = 'cannot list the host groups'

$ivmExit = 1
$ivmStatus = 'failed'
$ivmMessage = ''
$fields = [ordered]@{}
$records = New-Object -TypeName System.Collections.ArrayList
$j = $null
try {
	Test-IvmParamsOp
	$null = Connect-IvmVmm
	# Sorted by path: a parent's path is a prefix of its children's.
	foreach ($g in @(Get-SCVMHostGroup | Sort-Object -Property Path)) {
		$path = Get-IvmProp $g @('Path')
		$cut = $path.LastIndexOf('\')
		$parent = ''
		if ($cut -gt 0) {
			$parent = $path.Substring(0, $cut)
		}
		$rec = [ordered]@{}
		$rec['Name'] = Get-IvmProp $g @('Name')
		$rec['Path'] = $path
		$rec['Parent'] = $parent
		$rec['ID'] = Get-IvmProp $g @('ID')
		$null = $records.Add($rec)
	}
	$n = $records.Count
	$fields['Count'] = [string]$n
	$ivmStatus = 'present'
	$ivmMessage = [string]$n + ' host group'
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
