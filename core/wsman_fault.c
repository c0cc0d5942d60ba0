/* core/wsman_fault.c: turns a WSManFault or SOAP fault into what failed, why, and what to do. */
#include "config.h"

#include "core/wsman_fault.h"

#include <stddef.h>
#include <stdio.h>

#include "core/ivm.h"

/* Codes from wsmerror.h / winerror.h as Windows sends them in f:WSManFault/@Code. */
static const struct fault_row {
	unsigned long code;
	enum ivm_errkind kind;
	const char *meaning;
	const char *setting; /* the WinRM setting, for quotas */
	const char *next;
} rows[] = {
	{ 5UL, IVM_E_DENIED,
	  "access is denied: the account signed in, but may not open a remote shell on this server",
	  NULL,
	  "Use an account that is a member of the server's local Administrators group. A local account other than the built-in Administrator is filtered by UAC remote restrictions: use a domain account, or set LocalAccountTokenFilterPolicy=1." },
	{ 87UL, IVM_E_PROTOCOL,
	  "the server rejected a parameter of the request (for example a Receive for a command it does not know)",
	  NULL, "Run it again. If it recurs, capture the exchange with --transcript and report it." },
	{ 995UL, IVM_E_FAULT,
	  "the operation was aborted on the server (the shell closed while a command was still running)",
	  NULL, "Run it again. If it recurs, check the server's WinRM event log (Microsoft-Windows-WinRM/Operational)." },
	{ 2147942402UL, IVM_E_REMOTE,
	  "the program was not found on the server",
	  NULL, "Check that the program exists on the server and is on its PATH." },
	{ 2150858793UL, IVM_E_TIMEOUT,
	  "no output arrived within the operation timeout",
	  NULL, "This is normal for a long command; ipamvmm asks again until its own deadline. Raise the deadline with --timeout if the command needs longer." },
	{ 2150858843UL, IVM_E_FAULT,
	  "the remote shell no longer exists on the server (it was closed, reached its idle timeout, or the WinRM service restarted)",
	  NULL, "Run the command again: ipamvmm opens a new shell once by itself; if it fails again, check that the WinRM service is running on the server." },
	{ 2150858813UL, IVM_E_PROTOCOL,
	  "the server does not know the shell or command this request names",
	  NULL, "Run the command again. If it recurs, capture the exchange with --transcript and report it." },
	{ 2150858823UL, IVM_E_QUOTA,
	  "the server refuses the envelope size the client asked for",
	  "MaxEnvelopeSizekb",
	  "Raise it on the server: winrm set winrm/config @{MaxEnvelopeSizekb=\"500\"}" },
	{ 2150858824UL, IVM_E_QUOTA,
	  "the request was larger than the server's maximum envelope size",
	  "MaxEnvelopeSizekb",
	  "Raise it on the server: winrm set winrm/config @{MaxEnvelopeSizekb=\"500\"}" },
	{ 2150858825UL, IVM_E_QUOTA,
	  "the reply would be larger than the server's maximum envelope size",
	  "MaxEnvelopeSizekb",
	  "Raise it on the server: winrm set winrm/config @{MaxEnvelopeSizekb=\"500\"}" },
	{ 2150858815UL, IVM_E_QUOTA,
	  "a WinRM quota on the server was exceeded",
	  "winrm/config/winrs quotas",
	  "Close other WinRM sessions of this account, or review the quotas with: winrm get winrm/config/winrs" },
	{ 2150859173UL, IVM_E_QUOTA,
	  "this account already has the maximum number of remote shells open on the server",
	  "MaxShellsPerUser",
	  "Close other WinRM sessions of this account (or wait for them to time out), or raise it: winrm set winrm/config/winrs @{MaxShellsPerUser=\"30\"}" },
	{ 2150859174UL, IVM_E_QUOTA,
	  "this account has too many WinRM operations running at once on the server",
	  "MaxConcurrentOperationsPerUser",
	  "Wait for other sessions of this account to finish, or raise it: winrm set winrm/config/service @{MaxConcurrentOperationsPerUser=\"1500\"}" },
	{ 2150859175UL, IVM_E_QUOTA,
	  "a per-user WinRM quota on the server was exceeded",
	  "MaxConcurrentOperationsPerUser",
	  "Close other sessions of this account, or raise it: winrm set winrm/config/service @{MaxConcurrentOperationsPerUser=\"1500\"}" },
	{ 2150859176UL, IVM_E_QUOTA,
	  "a system-wide WinRM quota on the server was exceeded",
	  "MaxConnections",
	  "Try again later, or raise it: winrm set winrm/config/service @{MaxConnections=\"300\"}" },
	{ 2150859179UL, IVM_E_QUOTA,
	  "too many users have remote shells open on the server",
	  "MaxConcurrentUsers",
	  "Try again later, or raise it: winrm set winrm/config/winrs @{MaxConcurrentUsers=\"10\"}" },
	{ 2150859180UL, IVM_E_DENIED,
	  "remote shell access is turned off on the server",
	  "AllowRemoteShellAccess",
	  "Turn it on: winrm set winrm/config/winrs @{AllowRemoteShellAccess=\"true\"} (or the Group Policy 'Allow Remote Shell Access')." },
	{ 2150859236UL, IVM_E_QUOTA,
	  "the plug-in's limit on shells for this account was reached",
	  "MaxShellsPerUser (plug-in quota)",
	  "Close other sessions, or raise the plug-in quota under WSMan:\\localhost\\Plugin\\<plug-in>\\Quotas\\MaxShellsPerUser" },
	{ 2150859240UL, IVM_E_QUOTA,
	  "the plug-in's limit on operations for this account was reached",
	  "MaxConcurrentCommandsPerUser (plug-in quota)",
	  "Wait for other sessions to finish, or raise the plug-in quota under WSMan:\\localhost\\Plugin\\<plug-in>\\Quotas" },
	{ 2150859241UL, IVM_E_QUOTA,
	  "the plug-in's limit on commands per shell was reached",
	  "MaxConcurrentCommandsPerShell (plug-in quota)",
	  "Raise it under WSMan:\\localhost\\Plugin\\<plug-in>\\Quotas\\MaxConcurrentCommandsPerShell" },
	{ 2150859012UL, IVM_E_DENIED,
	  "the WMI service denied access to this account",
	  NULL, "Give the account Remote Enable on the WMI namespace (wmimgmt.msc), or use an administrator account." },
	{ 2150859013UL, IVM_E_DENIED,
	  "a WMI provider denied access to this account",
	  NULL, "Give the account Remote Enable on the WMI namespace (wmimgmt.msc), or use an administrator account." },
	{ 2150859230UL, IVM_E_DROPPED,
	  "the server lost the connection to the command's output stream",
	  NULL, "Run it again." },
};

static const struct fault_row *
find(unsigned long code)
{
	for (size_t i = 0; i < IVM_COUNT(rows); i++)
		if (rows[i].code == code)
			return &rows[i];
	return NULL;
}

const char *
ivm_wsman_fault_quota_setting(unsigned long code)
{
	const struct fault_row *r = find(code);
	return r && r->kind == IVM_E_QUOTA ? r->setting : NULL;
}

void
ivm_wsman_fault_explain(const struct ivm_wsman_fault *f, const char *doing, struct ivm_err *err)
{
	const struct fault_row *r = f->has_wsman_code ? find(f->wsman_code) : NULL;
	const char *text = f->message[0] ? f->message : f->reason[0] ? f->reason : "(no text)";
	const char *machine = f->machine[0] ? f->machine : "the server";

	if (r && r->setting)
		ivm_err_set(err, r->kind, doing, r->next,
		            "%s (WinRM setting %s); WSManFault %lu from %s: %s",
		            r->meaning, r->setting, f->wsman_code, machine, text);
	else if (r)
		ivm_err_set(err, r->kind, doing, r->next, "%s; WSManFault %lu from %s: %s",
		            r->meaning, f->wsman_code, machine, text);
	else if (f->has_wsman_code)
		ivm_err_set(err, IVM_E_FAULT, doing,
		            "Look the code up in the server's WinRM event log (Microsoft-Windows-WinRM/Operational) or with: winrm helpmsg <code> on a Windows machine.",
		            "the server answered with WSManFault %lu from %s: %s",
		            f->wsman_code, machine, text);
	else
		ivm_err_set(err, IVM_E_FAULT, doing,
		            "Check the WinRM service on the server; capture the exchange with --transcript if it recurs.",
		            "the server answered with SOAP fault %s%s%s: %s", f->code[0] ? f->code : "(no code)",
		            f->subcode[0] ? " / " : "", f->subcode, text);
	if (f->has_wsman_code) {
		err->fault_code = f->wsman_code;
		snprintf(err->fault_machine, sizeof(err->fault_machine), "%s", f->machine);
	}
}
