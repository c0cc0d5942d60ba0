# core/ops/list-providers.ps1: operation list-providers: list the configuration providers VMM has (Get-SCConfigurationProvider).
#
# Fields: Count. Records, one per provider: Name, Manufacturer, Model, Type
#   (the provider type, such as NetworkService). The IPAM provider is
#   "Microsoft IP Address Management Provider" (manufacturer Microsoft, model
#   Microsoft Windows Server IP Address Management).
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...),
# alone or as one step of a batch (README, "Operation contract"). It answers
# with one line "IPAMVMM-RESULT <base64 of UTF-8 XML>" and exits 0, or 1 when
# the status is failed. Any other output is kept by ipamvmm as detail.
# Runs on a VMM management server (VMM 2012 R2 and later, Windows PowerShell
# 4.0 and later). Every failure says what failed, why and what to do.

$ivmOp = 'list-providers'

$ivmWhat = 'cannot list the configuration providers'

$ivmExit = 1
$ivmStatus = 'failed'
$ivmMessage = ''
$fields = [ordered]@{}
$records = New-Object -TypeName System.Collections.ArrayList
$j = $null
try {
	Test-IvmParamsOp
	$null = Connect-IvmVmm
	foreach ($p in @(Get-SCConfigurationProvider | Sort-Object -Property Name)) {
		$rec = [ordered]@{}
		$rec['Name'] = Get-IvmProp $p @('Name')
		$rec['Manufacturer'] = Get-IvmProp $p @('Manufacturer')
		$rec['Model'] = Get-IvmProp $p @('Model')
		# Get-SCConfigurationProvider filters on -ProviderType; the object's
		# own property name is not documented, so both spellings are tried.
		$rec['Type'] = Get-IvmProp $p @('Type', 'ProviderType')
		$null = $records.Add($rec)
	}
	$n = $records.Count
	$fields['Count'] = [string]$n
	$ivmStatus = 'present'
	$ivmMessage = [string]$n + ' configuration provider'
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
