/* core/lab/dispatch.c: runs an operation-contract script in the lab, as the Windows script would. */
#include "config.h"

#include "core/lab/dispatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/b64.h"
#include "core/ivm.h"
#include "core/lab/model.h"
#include "core/ops/ops.h"
#include "core/xalloc.h"

/* Skip psrun's "$ProgressPreference = ..." line: the header comes next. */
static const char *
header_line(const char *script)
{
	if (strncmp(script, "$ProgressPreference", 19) == 0) {
		const char *nl = strchr(script, '\n');
		return nl ? nl + 1 : "";
	}
	return script;
}

bool
ivm_lab_is_contract_script(const char *script)
{
	return strncmp(header_line(script), "# ipamvmm op=", 13) == 0;
}

struct header {
	char op[64];
	int version;
	const char *params_b64;
	size_t params_len;
};

/* The base64 of the first "$params = ...FromBase64String('...')" at or
 * after p, or false. */
static bool
params_after(const char *p, struct header *h)
{
	static const char marker[] = "FromBase64String('";
	const char *m = strstr(p, marker);
	if (m == NULL)
		return false;
	h->params_b64 = m + sizeof(marker) - 1;
	const char *end = strchr(h->params_b64, '\'');
	h->params_len = end ? (size_t)(end - h->params_b64) : 0;
	return end != NULL;
}

static bool
parse_header(const char *script, struct header *h)
{
	const char *line = header_line(script);
	memset(h, 0, sizeof(*h));
	if (sscanf(line, "# ipamvmm op=%63s v=%d", h->op, &h->version) != 2)
		return false;
	const char *nl = strchr(line, '\n');
	/* the $params line follows the header directly; without one, no parameters */
	if (nl && strncmp(nl + 1, "$params = ", 10) == 0)
		return params_after(nl + 1, h);
	return true;
}

static void
finish(struct ivm_lab_run *run, struct ivm_result *r, long long at_ms)
{
	struct ivm_buf line = IVM_BUF_INIT;
	ivm_contract_result_line(&line, r);
	ivm_lab_run_add(run, at_ms, IVM_STDOUT, line.data, line.len);
	ivm_buf_release(&line);
	if (r->status == IVM_ST_FAILED)
		run->exit_code = 1;
	if (at_ms > run->end_ms)
		run->end_ms = at_ms;
}

static void
contract_error(struct ivm_lab_run *run, const char *op, const char *message, long long at_ms)
{
	struct ivm_result r = { 0 };
	r.op = ivm_xstrdup(op);
	r.status = IVM_ST_FAILED;
	r.message = ivm_xstrdup(message);
	finish(run, &r, at_ms);
	ivm_result_release(&r);
}

/* One operation whose output is due after *at_ms (advanced by its duration).
 * False when it failed. */
static bool
run_op(const struct ivm_lab_ctx *ctx, const struct header *h, struct ivm_lab_run *run, long long *at_ms)
{
	char msg[300];
	const struct ivm_op *op = ivm_op_find(h->op);
	if (op == NULL) {
		snprintf(msg, sizeof(msg), "unknown operation '%s' (contract v=1)", h->op);
		contract_error(run, h->op, msg, *at_ms);
		return false;
	}
	struct ivm_buf xml = IVM_BUF_INIT;
	char *pop = NULL;
	struct ivm_field *fields = NULL;
	size_t nfields = 0;
	struct ivm_err err;
	if (h->params_b64 && (!ivm_b64_decode(&xml, h->params_b64, h->params_len) ||
	                      ivm_contract_params_parse(xml.data, xml.len, &pop, &fields, &nfields, &err) < 0)) {
		contract_error(run, h->op, "the parameter document is not base64 of a <params> document", *at_ms);
		ivm_buf_wipe(&xml);
		return false;
	}
	struct ivm_result r = { 0 };
	r.op = ivm_xstrdup(h->op);
	r.version = IVM_CONTRACT_VERSION;
	unsigned duration = 0;
	op->lab(ctx, fields, nfields, &r, &duration);
	if (r.message == NULL)
		r.message = ivm_xstrdup("");
	if (!ctx->instant)
		*at_ms += duration;
	/* a result the operation judges a failure (a Test that reported Failed)
	 * ends the batch too: the Windows script exits 1 then */
	bool ok = r.status != IVM_ST_FAILED && (op->judge == NULL || op->judge(&r, &err) == 0);
	finish(run, &r, *at_ms);
	if (!ok)
		run->exit_code = 1;
	ivm_result_release(&r);
	ivm_fields_free(&fields, nfields);
	free(pop);
	ivm_buf_wipe(&xml);
	return ok;
}

/* "# ipamvmm step=N op=ID" sections, each with its own $params line, run
 * in order until one fails, as the batch script does on Windows. */
/* The batch's own parameter KeepGoing: every step runs, failed or not. */
static bool
keeps_going(const char *script)
{
	struct header h;
	struct ivm_buf xml = IVM_BUF_INIT;
	char *op = NULL;
	struct ivm_field *f = NULL;
	size_t n = 0;
	struct ivm_err err;
	bool yes = false;
	if (parse_header(script, &h) && h.params_b64 && ivm_b64_decode(&xml, h.params_b64, h.params_len) &&
	    ivm_contract_params_parse(xml.data, xml.len, &op, &f, &n, &err) == 0) {
		const char *v = ivm_field_get(f, n, "KeepGoing");
		yes = v && strcmp(v, "true") == 0;
	}
	free(op);
	ivm_fields_free(&f, n);
	ivm_buf_release(&xml);
	return yes;
}

static void
run_batch(const struct ivm_lab_ctx *ctx, const char *script, struct ivm_lab_run *run, long long at_ms)
{
	static const char marker[] = "# ipamvmm step=";
	unsigned steps = 0;
	bool keep_going = keeps_going(script);
	for (const char *p = strstr(script, marker); p; p = strstr(p + 1, marker)) {
		struct header h;
		unsigned n;
		memset(&h, 0, sizeof(h));
		h.version = IVM_CONTRACT_VERSION;
		if (sscanf(p, "# ipamvmm step=%u op=%63s", &n, h.op) != 2 || !params_after(p, &h)) {
			contract_error(run, "batch", "a batch step is malformed", at_ms);
			return;
		}
		steps++;
		if (!run_op(ctx, &h, run, &at_ms) && !keep_going)
			return;
	}
	if (steps == 0)
		contract_error(run, "batch", "the batch has no steps", at_ms);
}

void
ivm_lab_dispatch(const struct ivm_lab_ctx *ctx, const char *script, struct ivm_lab_run *run)
{
	struct header h;
	char msg[300];
	/* PowerShell takes a while to start before any operation runs */
	long long at = ctx->instant ? 0 : IVM_LAB_PS_STARTUP_MS;
	if (!parse_header(script, &h)) {
		contract_error(run, "", "the contract header or the $params line is malformed", at);
		return;
	}
	if (h.version != IVM_CONTRACT_VERSION) {
		snprintf(msg, sizeof(msg), "contract version %d is not spoken here; this lab speaks v=%d",
		         h.version, IVM_CONTRACT_VERSION);
		contract_error(run, h.op, msg, at);
		return;
	}
	if (strcmp(h.op, "batch") == 0)
		run_batch(ctx, script, run, at);
	else
		run_op(ctx, &h, run, &at);
}
