# core/ops/list-jobs.ps1: operation list-jobs: list VMM jobs (Get-SCJob): the newest, or the ones asked for by ID.
#
# Parameters: Newest (hours, 1 to 100000; default 24) or IDs (job GUIDs,
#   one per line); not both.
# Fields: Count; Missing (the IDs asked for that VMM does not have, one per
#   line). Records, one per job, oldest first: Name, ID, Status (Running,
#   Completed, Failed, SucceedWithInfo, ...), Progress (0-100), StartTime and
#   EndTime (UTC, yyyy-MM-ddTHH:mm:ss.fffZ; EndTime empty while running),
#   ErrorInfo.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...),
# alone or as one step of a batch (README, "Operation contract"). It answers
# with one line "IPAMVMM-RESULT <base64 of UTF-8 XML>" and exits 0, or 1 when
# the status is failed. Any other output is kept by ipamvmm as detail.
# Runs on a VMM management server (VMM 2012 R2 and later, Windows PowerShell
# 4.0 and later). Every failure says what failed, why and what to do.

$ivmOp = 'list-jobs'

# A time as UTC ISO 8601 with milliseconds; '' for none.
function Format-IvmTime {
	param($Time)
	if ($null -eq $Time) {
		return ''
	}
	$t = [datetime]$Time
	if ($t -eq [datetime]::MinValue) {
		return ''
	}
	return $t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
}

function ConvertTo-IvmJobRecord {
	param($Job)
	$rec = [ordered]@{}
	$status = Get-IvmProp $Job @('Status')
	# ProgressValue is a number; Progress is text such as "99 %".
	$progress = Get-IvmProp $Job @('ProgressValue')
	if (-not $progress) {
		$progress = (Get-IvmProp $Job @('Progress')) -replace '[^0-9]', ''
	}
	$rec['Name'] = Get-IvmProp $Job @('Name')
	$rec['ID'] = Get-IvmProp $Job @('ID')
	$rec['Status'] = $status
	$rec['Progress'] = $progress
	$rec['StartTime'] = Format-IvmTime $Job.StartTime
	if ($status -eq 'Running') {
		$rec['EndTime'] = ''
	} else {
		$rec['EndTime'] = Format-IvmTime $Job.EndTime
	}
	$rec['ErrorInfo'] = Get-IvmJobError $Job
	return $rec
}

$ivmWhat = 'cannot list the VMM jobs'

$ivmExit = 1
$ivmStatus = 'failed'
$ivmMessage = ''
$fields = [ordered]@{}
$records = New-Object -TypeName System.Collections.ArrayList
$j = $null
try {
	Test-IvmParamsOp
	$null = Connect-IvmVmm
	$newest = Get-IvmParam 'Newest'
	$idList = Get-IvmParam 'IDs'
	if ($newest.Length -gt 0 -and $idList.Length -gt 0) {
		throw 'both Newest and IDs are given: give one of them'
	}
	$hours = 24
	if ($newest.Length -gt 0) {
		if ($newest -notmatch '^[0-9]{1,6}$' -or [int]$newest -lt 1 -or [int]$newest -gt 100000) {
			throw ('Newest is "' + $newest + '": give a whole number of hours from 1 to 100000')
		}
		$hours = [int]$newest
	}
	$ids = @()
	foreach ($line in ($idList -split "`n")) {
		$id = $line.Trim()
		if ($id.Length -eq 0) {
			continue
		}
		if ($id -notmatch '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$') {
			throw ('"' + $id + '" is not a job ID: give job IDs (GUIDs) one per line')
		}
		$ids += $id
	}
	$missing = @()
	if ($ids.Count -gt 0) {
		foreach ($id in $ids) {
			$job = $null
			try {
				$job = Get-SCJob -ID ([guid]$id)
			} catch {
				Write-IvmDetail ('Get-SCJob -ID ' + $id + ': ' + $_.Exception.Message)
			}
			if ($null -eq $job) {
				$missing += $id
			} else {
				$null = $records.Add((ConvertTo-IvmJobRecord $job))
			}
		}
	} else {
		foreach ($job in @(Get-SCJob -Newest $hours | Sort-Object -Property StartTime)) {
			$null = $records.Add((ConvertTo-IvmJobRecord $job))
		}
	}
	$n = $records.Count
	$fields['Count'] = [string]$n
	$fields['Missing'] = $missing -join "`n"
	$ivmStatus = 'present'
	$ivmMessage = [string]$n + ' job'
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
