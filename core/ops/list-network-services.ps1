# core/ops/list-network-services.ps1: operation list-network-services: the network services VMM knows, with their connection.
#
# No parameters. Fields: Count. Records: Name, ConnectionString, RunAsName,
# ProviderName, Manufacturer, Model. Read-only; used by `ipamvmm verify`.
# Get-SCNetworkService -All, from the virtualmachinemanager module (VMM 2012 R2 and later).

$ivmOp = 'list-network-services'
$ivmExit = 1

try {
	if (-not (Get-Module -ListAvailable -Name virtualmachinemanager)) {
		throw 'the virtualmachinemanager module is not here: this is not a VMM server, or the VMM console is not installed'
	}
	Import-Module -Name virtualmachinemanager
	$vmm = Get-SCVMMServer -ComputerName localhost
	$records = New-Object -TypeName System.Collections.ArrayList
	foreach ($service in @(Get-SCNetworkService -All -VMMServer $vmm)) {
		$row = [ordered]@{}
		$row['Name'] = [string]$service.Name
		$row['ConnectionString'] = [string]$service.ConnectionString
		$row['RunAsName'] = ''
		if ($null -ne $service.RunAsAccount) {
			$row['RunAsName'] = [string]$service.RunAsAccount.Name
		}
		$row['ProviderName'] = ''
		if ($null -ne $service.ConfigurationProvider) {
			$row['ProviderName'] = [string]$service.ConfigurationProvider.Name
		}
		$row['Manufacturer'] = [string]$service.Manufacturer
		$row['Model'] = [string]$service.Model
		[void]$records.Add($row)
	}
	$fields = [ordered]@{}
	$fields['Count'] = [string]$records.Count
	Write-IvmResult -Status 'present' -Message ([string]$records.Count + ' network services') -Fields $fields -Records $records.ToArray()
	$ivmExit = 0
} catch {
	Write-IvmResult -Status 'failed' -Message ('list-network-services failed: ' + $_.Exception.Message + ' Check that the VMM service runs and that ipamvmm connects as a VMM administrator.') -Fields ([ordered]@{})
}
exit $ivmExit
