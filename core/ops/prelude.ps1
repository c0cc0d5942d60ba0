# core/ops/prelude.ps1: the helpers every operation script shares (parameters, detail lines, the result line).
#
# ipamvmm assembles every script as: the contract header and $params line, this
# prelude, then the operation's own body (core/ops/<id>.ps1). The body sets $ivmOp
# first thing; Write-IvmResult prints the one IPAMVMM-RESULT line, with optional
# records (<item> rows) for operations that list things.
# Runs on PowerShell 4.0 and later.

$ErrorActionPreference = 'Stop'

# The value of parameter $Name in the parameter document, or $Default.
# Methods, not PowerShell's XML properties: an attribute or a child element
# of the same name would shadow those.
function Get-IvmParam {
	param([string]$Name, [string]$Default = '')
	if ($null -eq $params) {
		return $Default
	}
	foreach ($p in $params.SelectNodes('/params/p')) {
		if ($p.GetAttribute('n') -eq $Name) {
			return $p.InnerText
		}
	}
	return $Default
}

# A line of detail: ipamvmm keeps stdout lines other than the result.
# [Console]::Out, not the pipeline: a function's pipeline output would become
# part of its return value (Get-IvmFqdn, Test-IvmAdminMember call this).
function Write-IvmDetail {
	param([string]$Text)
	[Console]::Out.WriteLine($ivmOp + ': ' + $Text)
}

# XML 1.0 cannot carry C0 controls (other than tab, CR, LF), U+FFFE, U+FFFF or
# a lone surrogate, even escaped, and XmlWriter throws on them; exception
# messages are the likely carrier.
function ConvertTo-IvmXmlText {
	param([AllowNull()][object]$Value)
	if ($null -eq $Value) {
		return ''
	}
	$bad = '[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]'
	return ([string]$Value) -replace $bad, '?'
}

# The result parser's spelling, not PowerShell's "True". Untyped: a [bool]
# parameter refuses $null, which an absent WMI property gives.
function ConvertTo-IvmBool {
	param($Value)
	if ($Value) {
		return 'true'
	}
	return 'false'
}

# <f n="Name">value</f> for each entry, in order.
function Write-IvmFields {
	param([System.Xml.XmlWriter]$Writer, [System.Collections.IDictionary]$Fields)
	if ($null -eq $Fields) {
		return
	}
	foreach ($field in $Fields.GetEnumerator()) {
		$Writer.WriteStartElement('f')
		$Writer.WriteAttributeString('n', [string]$field.Key)
		$Writer.WriteString((ConvertTo-IvmXmlText $field.Value))
		$Writer.WriteEndElement()
	}
}

# Prints the one result line. XmlWriter escapes every value: no value is ever
# pasted into XML text. [Console]::Out, as for detail, then flushed so the
# line leaves before the script exits.
function Write-IvmResult {
	param([string]$Status, [string]$Message, [System.Collections.IDictionary]$Fields, [object[]]$Records = @())
	$settings = New-Object -TypeName System.Xml.XmlWriterSettings
	$settings.Encoding = New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false
	$stream = New-Object -TypeName System.IO.MemoryStream
	$writer = [System.Xml.XmlWriter]::Create($stream, $settings)
	$writer.WriteStartElement('result')
	$writer.WriteAttributeString('op', $ivmOp)
	$writer.WriteAttributeString('v', '1')
	$writer.WriteAttributeString('status', $Status)
	$writer.WriteElementString('message', (ConvertTo-IvmXmlText $Message))
	Write-IvmFields -Writer $writer -Fields $Fields
	foreach ($record in $Records) {
		$writer.WriteStartElement('item')
		Write-IvmFields -Writer $writer -Fields $record
		$writer.WriteEndElement()
	}
	$writer.WriteEndElement()
	$writer.Close()
	[Console]::Out.WriteLine('IPAMVMM-RESULT ' + [Convert]::ToBase64String($stream.ToArray()))
	[Console]::Out.Flush()
}
