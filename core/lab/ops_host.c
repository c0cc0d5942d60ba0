/* core/lab/ops_host.c: the lab's host-facts, and the helpers every lab operation uses. */
#include "config.h"

#include "core/lab/ops.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lab/model.h"
#include "core/xalloc.h"

static void
push(struct ivm_field **f, size_t *n, const char *name, const char *value)
{
	*f = ivm_xrealloc(*f, (*n + 1) * sizeof(**f));
	(*f)[*n].name = ivm_xstrdup(name);
	(*f)[*n].value = ivm_xstrdup(value ? value : "");
	(*n)++;
}

void
ivm_lab_result_field(struct ivm_result *r, const char *name, const char *value)
{
	push(&r->fields, &r->nfields, name, value);
}

void
ivm_lab_result_record(struct ivm_result *r)
{
	r->records = ivm_xrealloc(r->records, (r->nrecords + 1) * sizeof(*r->records));
	r->records[r->nrecords++] = (struct ivm_record){ NULL, 0 };
}

void
ivm_lab_record_field(struct ivm_result *r, const char *name, const char *value)
{
	struct ivm_record *rec = &r->records[r->nrecords - 1];
	push(&rec->fields, &rec->nfields, name, value);
}

void
ivm_lab_result_set(struct ivm_result *r, enum ivm_status st, const char *fmt, ...)
{
	struct ivm_buf b = IVM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	ivm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(r->message);
	r->message = ivm_buf_steal(&b);
	r->status = st;
}

void
ivm_lab_result_fail(struct ivm_result *r, const struct ivm_err *err)
{
	ivm_lab_result_set(r, IVM_ST_FAILED, "%s: %s.%s%s", err->what, err->why, err->next[0] ? " " : "", err->next);
	if (err->fault_code) {
		char num[32];
		snprintf(num, sizeof(num), "%lu", err->fault_code);
		ivm_lab_result_field(r, "Win32", num);
	}
}

void
ivm_lab_result_failf(struct ivm_result *r, unsigned long code, const char *what, const char *next,
                     const char *fmt, ...)
{
	struct ivm_buf why = IVM_BUF_INIT;
	struct ivm_err err;
	va_list ap;
	va_start(ap, fmt);
	ivm_buf_vaddf(&why, fmt, ap);
	va_end(ap);
	ivm_err_set(&err, IVM_E_REMOTE, what, next, "%s", ivm_buf_str(&why));
	err.fault_code = code;
	ivm_lab_result_fail(r, &err);
	ivm_buf_release(&why);
}

void
ivm_lab_result_number(struct ivm_result *r, const char *name, size_t n)
{
	char num[32];
	snprintf(num, sizeof(num), "%zu", n);
	ivm_lab_result_field(r, name, num);
}

const char *
ivm_lab_tf(bool b)
{
	return b ? "true" : "false";
}

const char *
ivm_lab_param(const struct ivm_field *params, size_t nparams, const char *name)
{
	const char *v = ivm_field_get(params, nparams, name);
	return v ? v : "";
}

/* The same fields, in the same order and spelling, as core/ops/host-facts.ps1. */
void
ivm_lab_op_host_facts(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
              struct ivm_result *r, unsigned *duration_ms)
{
	const char *fqdn = ivm_lab_host_fqdn(ctx->host);
	const char *dot = strchr(fqdn, '.');
	bool admin = ivm_lab_is_admin(ctx->lab, ctx->host, ctx->who);
	bool ipam = ivm_lab_host_has_role(ctx->host, IVM_LAB_ROLE_IPAM);
	bool vmm = ivm_lab_host_has_role(ctx->host, IVM_LAB_ROLE_VMM);
	char host[128], roles[32], message[400];
	snprintf(host, sizeof(host), "%.*s", dot ? (int)(dot - fqdn) : (int)strlen(fqdn), fqdn);
	snprintf(roles, sizeof(roles), "%s%s%s", ipam ? "IPAM" : "", ipam && vmm ? " " : "", vmm ? "VMM" : "");
	ivm_lab_result_field(r, "ComputerName", ivm_lab_host_netbios(ctx->host));
	ivm_lab_result_field(r, "DnsHostName", host);
	ivm_lab_result_field(r, "Fqdn", fqdn);
	ivm_lab_result_field(r, "Domain", dot ? dot + 1 : "");
	ivm_lab_result_field(r, "PartOfDomain", "true");
	ivm_lab_result_field(r, "OSCaption", ivm_lab_host_os(ctx->host));
	ivm_lab_result_field(r, "OSVersion", "10.0.17763");
	ivm_lab_result_field(r, "OSBuild", "17763");
	ivm_lab_result_field(r, "PSVersion", ivm_lab_host_ps_version(ctx->host));
	ivm_lab_result_field(r, "IsAdministrator", ivm_lab_tf(admin));
	ivm_lab_result_field(r, "IsElevated", ivm_lab_tf(admin));
	ivm_lab_result_field(r, "IpamServer", ivm_lab_tf(ipam));
	ivm_lab_result_field(r, "IpamServerCheck", "lab model");
	ivm_lab_result_field(r, "VmmServer", ivm_lab_tf(vmm));
	ivm_lab_result_field(r, "VmmModule", ivm_lab_tf(vmm));
	ivm_lab_result_field(r, "Roles", roles);
	snprintf(message, sizeof(message), "%s: %s, PowerShell %s%s%s", ivm_lab_host_netbios(ctx->host),
	         ivm_lab_host_os(ctx->host), ivm_lab_host_ps_version(ctx->host), roles[0] ? ", roles " : "", roles);
	ivm_lab_result_set(r, IVM_ST_PRESENT, "%s", message);
	*duration_ms = 300;
}
