/* core/ops/ops.c: the catalogue of operations: lookup across the area tables, script assembly, result checks. */
#include "config.h"

#include "core/ops/ops.h"

#include <stdlib.h>
#include <string.h>

#include "core/ivm.h"
#include "core/ops/ps1.h"
#include "core/xalloc.h"

static void add_stripped(struct ivm_buf *out, const char *text);

/* Each area's rows, and the script of helpers its bodies share (after
 * core/ops/prelude.ps1, once per script or batch). */
static const struct {
	const struct ivm_op *rows;
	const size_t *count;
	const char *prelude;
} areas[] = {
	{ ivm_ops_host, &ivm_ops_host_count, NULL },
	{ ivm_ops_ipam, &ivm_ops_ipam_count, "prelude-ipam" },
	{ ivm_ops_vmm, &ivm_ops_vmm_count, "prelude-vmm" },
	{ ivm_ops_read, &ivm_ops_read_count, NULL },
};

static const char *
area_prelude(const struct ivm_op *op)
{
	for (size_t a = 0; a < IVM_COUNT(areas); a++)
		if (op >= areas[a].rows && op < areas[a].rows + *areas[a].count)
			return areas[a].prelude;
	return NULL;
}

/* The shared prelude, then each area prelude the steps need, once. */
static int
add_preludes(struct ivm_buf *text, const struct ivm_op_step *steps, size_t n, struct ivm_err *err)
{
	const char *prelude = ivm_ps1_find("prelude");
	if (prelude == NULL) {
		ivm_err_set(err, IVM_E_USAGE, "preparing an operation", "This is a bug in ipamvmm: report it.",
		            "no embedded core/ops/prelude.ps1");
		return -1;
	}
	add_stripped(text, prelude);
	for (size_t i = 0; i < n; i++) {
		const char *name = area_prelude(steps[i].op);
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = name && area_prelude(steps[k].op) == name;
		if (name == NULL || seen)
			continue;
		const char *text_of = ivm_ps1_find(name);
		if (text_of == NULL) {
			ivm_err_set(err, IVM_E_USAGE, "preparing an operation", "This is a bug in ipamvmm: report it.",
			            "no embedded core/ops/%s.ps1", name);
			return -1;
		}
		add_stripped(text, text_of);
	}
	return 0;
}

size_t
ivm_op_count(void)
{
	size_t n = 0;
	for (size_t a = 0; a < IVM_COUNT(areas); a++)
		n += *areas[a].count;
	return n;
}

const struct ivm_op *
ivm_op_at(size_t i)
{
	for (size_t a = 0; a < IVM_COUNT(areas); a++) {
		if (i < *areas[a].count)
			return &areas[a].rows[i];
		i -= *areas[a].count;
	}
	return NULL;
}

const struct ivm_op *
ivm_op_find(const char *id)
{
	for (size_t i = 0; id && i < ivm_op_count(); i++)
		if (strcmp(ivm_op_at(i)->id, id) == 0)
			return ivm_op_at(i);
	return NULL;
}

/* What travels: the script without its comment-only and blank lines (the
 * .ps1 files keep their comments for people; the wire does not need them,
 * and without them a batch fits one command line). Here-string contents
 * are kept as they are: a '#' there is data. */
static void
add_stripped(struct ivm_buf *out, const char *text)
{
	bool here = false;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		const char *q = p;
		while (q < p + len && (*q == ' ' || *q == '\t'))
			q++;
		size_t rest = (size_t)(p + len - q);
		bool blank = rest == 0 || *q == '\r' || *q == '\n';
		bool comment = !blank && *q == '#' && !(rest > 1 && q[1] == '>');
		if (here) {
			ivm_buf_add(out, p, len);
			if (rest >= 2 && (q[0] == '\'' || q[0] == '"') && q[1] == '@')
				here = false;
		} else if (!blank && !comment) {
			ivm_buf_add(out, p, len);
			size_t e = len;
			while (e > 0 && (p[e - 1] == '\r' || p[e - 1] == '\n' || p[e - 1] == ' ' || p[e - 1] == '\t'))
				e--;
			if (e >= 2 && p[e - 2] == '@' && (p[e - 1] == '\'' || p[e - 1] == '"'))
				here = true;
		}
		p += len;
	}
}

static bool
listed(const char *const *names, const char *name)
{
	for (; names && *names; names++)
		if (strcmp(*names, name) == 0)
			return true;
	return false;
}

/* A parameter the row does not list is refused: the script would silently
 * ignore a misspelt one. */
static int
check_params(const struct ivm_op *op, const struct ivm_param *params, size_t n, struct ivm_err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!listed(op->params, params[i].name)) {
			ivm_err_set(err, IVM_E_USAGE, "preparing an operation", "This is a bug in ipamvmm: report it.",
			            "operation %s takes no parameter named %s", op->id, params[i].name);
			return -1;
		}
	}
	return 0;
}

int
ivm_op_script(const struct ivm_op *op, const struct ivm_param *params, size_t nparams,
              struct ivm_buf *out, struct ivm_err *err)
{
	if (check_params(op, params, nparams, err) < 0)
		return -1;
	const char *body = ivm_ps1_find(op->id);
	if (body == NULL) {
		ivm_err_set(err, IVM_E_USAGE, "preparing an operation", "This is a bug in ipamvmm: report it.",
		            "no embedded script for operation %s", op->id);
		return -1;
	}
	struct ivm_buf text = IVM_BUF_INIT;
	struct ivm_op_step self = { op, params, nparams };
	if (add_preludes(&text, &self, 1, err) < 0) {
		ivm_buf_release(&text);
		return -1;
	}
	add_stripped(&text, body);
	int rc = ivm_contract_script(out, op->id, params, nparams, text.data, err);
	ivm_buf_release(&text);
	return rc;
}

static const char body_end[] = "exit $ivmExit";

/* The body without its last line "exit $ivmExit": in a batch the step's
 * scope hands $ivmExit back instead of ending the whole script. */
static int
body_without_exit(const struct ivm_op *op, struct ivm_buf *out, struct ivm_err *err)
{
	const char *body = ivm_ps1_find(op->id);
	size_t n = body ? strlen(body) : 0;
	while (n > 0 && (body[n - 1] == '\r' || body[n - 1] == '\n' || body[n - 1] == ' '))
		n--;
	size_t k = sizeof(body_end) - 1;
	if (n < k || strncmp(body + n - k, body_end, k) != 0 || (n > k && body[n - k - 1] != '\n')) {
		ivm_err_set(err, IVM_E_USAGE, "preparing a batch of operations", "This is a bug in ipamvmm: report it.",
		            "the script of %s does not end with the line '%s'", op->id, body_end);
		return -1;
	}
	char *cut = ivm_xstrndup(body, n - k);
	add_stripped(out, cut);
	free(cut);
	return 0;
}

static int batch(const struct ivm_op_step *steps, size_t nsteps, bool keep_going, struct ivm_buf *out,
                 struct ivm_err *err);

int
ivm_op_batch_script(const struct ivm_op_step *steps, size_t nsteps, struct ivm_buf *out,
                    struct ivm_err *err)
{
	return batch(steps, nsteps, false, out, err);
}

int
ivm_op_batch_script_all(const struct ivm_op_step *steps, size_t nsteps, struct ivm_buf *out,
                        struct ivm_err *err)
{
	return batch(steps, nsteps, true, out, err);
}

static int
batch(const struct ivm_op_step *steps, size_t nsteps, bool keep_going, struct ivm_buf *out,
      struct ivm_err *err)
{
	struct ivm_buf ids = IVM_BUF_INIT;
	for (size_t i = 0; i < nsteps; i++)
		ivm_buf_addf(&ids, "%s%s", i ? " " : "", steps[i].op->id);
	struct ivm_param p[] = { { "Steps", ivm_buf_str(&ids) }, { "KeepGoing", keep_going ? "true" : "false" } };
	struct ivm_buf text = IVM_BUF_INIT;
	int rc = add_preludes(&text, steps, nsteps, err);
	ivm_buf_adds(&text, "$ivmBatchExit = 0\r\n$ivmBatchFailed = 0\r\n");
	for (size_t i = 0; i < nsteps && rc == 0; i++) {
		const struct ivm_op_step *st = &steps[i];
		if ((rc = check_params(st->op, st->params, st->nparams, err)) < 0)
			break;
		ivm_buf_addf(&text, "# ipamvmm step=%zu op=%s\r\n", i + 1, st->op->id);
		ivm_buf_adds(&text, "if ($ivmBatchExit -eq 0) {\r\n$ivmStepOut = @(& {\r\n");
		/* the step's own parameter document, as for a single operation */
		rc = ivm_contract_params_line(&text, st->op->id, st->params, st->nparams, err);
		if (rc == 0)
			rc = body_without_exit(st->op, &text, err);
		ivm_buf_adds(&text, "\r\n$ivmExit\r\n})\r\n");
		ivm_buf_adds(&text, keep_going ? "if ($ivmStepOut[-1] -ne 0) { $ivmBatchFailed = 1 }\r\n}\r\n"
		                               : "if ($ivmStepOut[-1] -ne 0) { $ivmBatchExit = 1 }\r\n}\r\n");
	}
	/* keep going: every step runs ($ivmBatchExit stays 0), the exit code still says one failed */
	ivm_buf_adds(&text, keep_going ? "exit $ivmBatchFailed\r\n" : "exit $ivmBatchExit\r\n");
	if (rc == 0)
		rc = ivm_contract_script(out, "batch", p, IVM_COUNT(p), text.data, err);
	ivm_buf_wipe(&text);
	ivm_buf_release(&ids);
	return rc;
}

int
ivm_op_check_result(const struct ivm_op *op, const struct ivm_result *r, struct ivm_err *err)
{
	if (r->op == NULL || strcmp(r->op, op->id) != 0) {
		ivm_err_set(err, IVM_E_PROTOCOL, "reading the operation's result",
		            "Capture the exchange with --transcript and report it.",
		            "a result for operation '%s' came back where '%s' was expected", r->op ? r->op : "",
		            op->id);
		return -1;
	}
	if (r->status == IVM_ST_FAILED) {
		ivm_err_set(err, IVM_E_REMOTE, op->id, "See the message from the server above.",
		            "the server reported: %s", r->message && r->message[0] ? r->message : "(no message)");
		return -1;
	}
	for (const char *const *f = op->fields; f && *f; f++) {
		if (ivm_field_get(r->fields, r->nfields, *f) != NULL)
			continue;
		ivm_err_set(err, IVM_E_MALFORMED, "reading the operation's result",
		            "Check that the server runs the same ipamvmm version's scripts; report it otherwise.",
		            "the %s result has no field %s", op->id, *f);
		return -1;
	}
	return op->judge ? op->judge(r, err) : 0;
}
