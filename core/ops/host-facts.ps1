# core/ops/host-facts.ps1: operation host-facts: the server's names, OS, PowerShell, administrator rights and IPAM/VMM roles.
#
# ipamvmm runs this body after the contract header, the $params line and
# core/ops/prelude.ps1 (Get-IvmParam, Write-IvmDetail, Write-IvmResult, ...) (README, "Operation contract"):
#   # ipamvmm op=host-facts v=1
#   $params = [xml]...   the parameter document (host-facts takes no parameters)
# It answers with one stdout line "IPAMVMM-RESULT <base64 of UTF-8 XML>":
#   <result op="host-facts" v="1" status="present|failed"><message>..</message><f n="Name">value</f>...</result>
# Fields: ComputerName DnsHostName Fqdn Domain PartOfDomain OSCaption OSVersion OSBuild PSVersion
#   IsAdministrator IsElevated IpamServer IpamServerCheck VmmServer VmmModule Roles.
#   Booleans are "true" or "false"; IsAdministrator, IpamServer and VmmModule may be
#   "unknown" when no check could run (the reason is printed as detail). Roles lists IPAM and/or VMM.
# Runs on Windows Server 2012 R2 (PowerShell 4.0, .NET 4.5) and later: nothing newer
# is used without a fallback. Any other output is kept by ipamvmm as detail.

$ivmOp = 'host-facts'


# The name other hosts reach this one by. A domain member: DNS host name plus
# the domain's DNS name (Win32_ComputerSystem.Domain). Otherwise the resolver's
# own name for this host (Dns.GetHostEntry, .NET 2.0), which carries the
# primary DNS suffix when one is set; the bare host name if that fails.
function Get-IvmFqdn {
	param($ComputerSystem, [string]$HostName)
	if ($ComputerSystem.PartOfDomain -and $ComputerSystem.Domain) {
		return $HostName + '.' + $ComputerSystem.Domain
	}
	try {
		$entry = [System.Net.Dns]::GetHostEntry([string]'')
		if ($entry.HostName) {
			return [string]$entry.HostName
		}
	} catch {
		Write-IvmDetail ('Dns.GetHostEntry: ' + $_.Exception.Message)
	}
	return $HostName
}

# Whether the Administrators group (SID S-1-5-32-544: names are localized) is
# in this logon's token at all. UAC remote restrictions leave it there as
# "deny only" for a local account that is not the built-in Administrator;
# WindowsIdentity.Groups lists enabled groups only, so ask whoami.exe, whose
# SID column is not translated (as core/whoami.c reads it).
function Test-IvmAdminMember {
	param([bool]$Elevated)
	if ($Elevated) {
		return 'true'
	}
	try {
		$lines = @(& whoami.exe /groups /fo csv /nh)
		if ($LASTEXITCODE -ne 0) {
			Write-IvmDetail ('whoami /groups exited with ' + $LASTEXITCODE)
			return 'unknown'
		}
		foreach ($line in $lines) {
			if ([string]$line -like '*"S-1-5-32-544"*') {
				return 'true'
			}
		}
		return 'false'
	} catch {
		Write-IvmDetail ('whoami /groups: ' + $_.Exception.Message)
		return 'unknown'
	}
}

# Whether the IPAM Server feature is installed. Get-WindowsFeature (module
# ServerManager, Windows Server 2008 R2 and later, feature name "IPAM") where
# it exists and answers; otherwise the IPAM server's WMI provider namespace
# root\Microsoft\IPAM, which the feature registers (reference/windows-ops.md
# section 1.2; MicrosoftDocs/win32 desktop-src/IPAMServerPSProv).
function Get-IvmIpamState {
	if (Get-Command -Name Get-WindowsFeature -ErrorAction SilentlyContinue) {
		try {
			$feature = Get-WindowsFeature -Name IPAM
			if ($null -ne $feature) {
				return @{ State = (ConvertTo-IvmBool $feature.Installed); Check = 'Get-WindowsFeature' }
			}
		} catch {
			Write-IvmDetail ('Get-WindowsFeature IPAM: ' + $_.Exception.Message)
		}
	}
	try {
		$ns = Get-WmiObject -Namespace 'root\Microsoft' -Class '__NAMESPACE' -Filter "Name='IPAM'"
		return @{ State = (ConvertTo-IvmBool ($null -ne $ns)); Check = 'wmi-namespace' }
	} catch {
		Write-IvmDetail ('WMI namespace root\Microsoft\IPAM: ' + $_.Exception.Message)
	}
	return @{ State = 'unknown'; Check = 'none' }
}

$ivmExit = 1
try {
	if ($null -ne $params) {
		$forOp = $params.DocumentElement.GetAttribute('op')
		if ($forOp -ne $ivmOp) {
			throw ('the parameter document is for operation "' + $forOp + '", not ' + $ivmOp)
		}
	}

	# Get-WmiObject rather than Get-CimInstance: both exist in PowerShell 4.0,
	# but ipamvmm always starts Windows PowerShell (powershell.exe, see
	# reference/windows-ops.md 4.5), which has Get-WmiObject in every version
	# (only PowerShell 6 and later dropped it), so one query works everywhere.
	$cs = Get-WmiObject -Class Win32_ComputerSystem
	$os = Get-WmiObject -Class Win32_OperatingSystem

	$computerName = [string]$env:COMPUTERNAME
	$dnsHostName = [string]$cs.DNSHostName
	if (-not $dnsHostName) {
		$dnsHostName = $computerName
	}
	$domain = ''
	if ($cs.PartOfDomain) {
		$domain = [string]$cs.Domain
	}

	$adminSid = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList 'S-1-5-32-544'
	$identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
	$principal = New-Object -TypeName System.Security.Principal.WindowsPrincipal -ArgumentList $identity
	# IsInRole is true only when the group is enabled in the token: elevated.
	$isElevated = $principal.IsInRole($adminSid)

	$ipam = Get-IvmIpamState
	# The VMM management service is registered. The registry rather than
	# Get-Service: reading the Services key needs no right on the service
	# control manager, which a remote non-administrator may not have.
	$vmmServer = Test-Path -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\SCVMMService'
	# The VMM cmdlets can be loaded (a VMM server or console install).
	$vmmModule = 'unknown'
	try {
		$vmmModule = ConvertTo-IvmBool ($null -ne (Get-Module -ListAvailable -Name virtualmachinemanager))
	} catch {
		Write-IvmDetail ('Get-Module virtualmachinemanager: ' + $_.Exception.Message)
	}

	$roles = @()
	if ($ipam.State -eq 'true') {
		$roles += 'IPAM'
	}
	if ($vmmServer) {
		$roles += 'VMM'
	}

	$caption = ([string]$os.Caption).Trim()
	$psVersion = $PSVersionTable.PSVersion.ToString()
	$facts = [ordered]@{}
	$facts['ComputerName'] = $computerName
	$facts['DnsHostName'] = $dnsHostName
	$facts['Fqdn'] = Get-IvmFqdn -ComputerSystem $cs -HostName $dnsHostName
	$facts['Domain'] = $domain
	$facts['PartOfDomain'] = ConvertTo-IvmBool $cs.PartOfDomain
	$facts['OSCaption'] = $caption
	$facts['OSVersion'] = [string]$os.Version
	$facts['OSBuild'] = [string]$os.BuildNumber
	$facts['PSVersion'] = $psVersion
	$facts['IsAdministrator'] = Test-IvmAdminMember -Elevated $isElevated
	$facts['IsElevated'] = ConvertTo-IvmBool $isElevated
	$facts['IpamServer'] = $ipam.State
	$facts['IpamServerCheck'] = $ipam.Check
	$facts['VmmServer'] = ConvertTo-IvmBool $vmmServer
	$facts['VmmModule'] = $vmmModule
	$facts['Roles'] = $roles -join ' '

	$message = $computerName + ': ' + $caption + ', PowerShell ' + $psVersion
	if ($roles.Count -gt 0) {
		$message += ', roles ' + ($roles -join ' ')
	}
	Write-IvmResult -Status 'present' -Message $message -Fields $facts
	$ivmExit = 0
} catch {
	Write-IvmResult -Status 'failed' -Message ('host-facts failed: ' + $_.Exception.Message) -Fields ([ordered]@{})
}
exit $ivmExit
