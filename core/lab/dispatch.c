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

static bool
parse_header(const char *script, struct header *h)
{
	const char *line = header_line(script);
	memset(h, 0, sizeof(*h));
	if (sscanf(line, "# ipamvmm op=%63s v=%d", h->op, &h->version) != 2)
		return false;
	static const char marker[] = "FromBase64String('";
	const char *p = strstr(line, marker);
	if (p == NULL)
		return true; /* no parameters line: an empty parameter list */
	h->params_b64 = p + sizeof(marker) - 1;
	const char *end = strchr(h->params_b64, '\'');
	h->params_len = end ? (size_t)(end - h->params_b64) : 0;
	return end != NULL;
}

static void
finish(struct ivm_lab_run *run, struct ivm_result *r, unsigned at_ms)
{
	struct ivm_buf line = IVM_BUF_INIT;
	ivm_contract_result_line(&line, r);
	ivm_lab_run_add(run, at_ms, IVM_STDOUT, line.data, line.len);
	ivm_buf_release(&line);
	run->exit_code = r->status == IVM_ST_FAILED ? 1 : 0;
	if (at_ms > run->end_ms)
		run->end_ms = at_ms;
}

static void
contract_error(struct ivm_lab_run *run, const char *op, const char *message)
{
	struct ivm_result r = { 0 };
	r.op = ivm_xstrdup(op);
	r.status = IVM_ST_FAILED;
	r.message = ivm_xstrdup(message);
	finish(run, &r, 0);
	ivm_result_release(&r);
}

void
ivm_lab_dispatch(const struct ivm_lab_ctx *ctx, const char *script, struct ivm_lab_run *run)
{
	struct header h;
	char msg[300];
	if (!parse_header(script, &h)) {
		contract_error(run, "", "the contract header or the $params line is malformed");
		return;
	}
	if (h.version != IVM_CONTRACT_VERSION) {
		snprintf(msg, sizeof(msg), "contract version %d is not spoken here; this lab speaks v=%d",
		         h.version, IVM_CONTRACT_VERSION);
		contract_error(run, h.op, msg);
		return;
	}
	const struct ivm_op *op = ivm_op_find(h.op);
	if (op == NULL) {
		snprintf(msg, sizeof(msg), "unknown operation '%s' (contract v=1)", h.op);
		contract_error(run, h.op, msg);
		return;
	}
	struct ivm_buf xml = IVM_BUF_INIT;
	char *pop = NULL;
	struct ivm_field *fields = NULL;
	size_t nfields = 0;
	struct ivm_err err;
	if (h.params_b64 && (!ivm_b64_decode(&xml, h.params_b64, h.params_len) ||
	                     ivm_contract_params_parse(xml.data, xml.len, &pop, &fields, &nfields, &err) < 0)) {
		contract_error(run, h.op, "the parameter document is not base64 of a <params> document");
		ivm_buf_wipe(&xml);
		return;
	}
	struct ivm_result r = { 0 };
	r.op = ivm_xstrdup(h.op);
	r.version = IVM_CONTRACT_VERSION;
	unsigned duration = 0;
	op->lab(ctx, fields, nfields, &r, &duration);
	if (r.message == NULL)
		r.message = ivm_xstrdup("");
	/* PowerShell takes a while to start before the operation itself runs */
	finish(run, &r, ctx->instant ? 0 : IVM_LAB_PS_STARTUP_MS + duration);
	ivm_result_release(&r);
	ivm_fields_free(&fields, nfields);
	free(pop);
	ivm_buf_wipe(&xml);
}

