/* core/wsman.c: a WinRS session with one host: one shell kept open and reused by every command. */
#include "config.h"

#include "core/wsman.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/cancel.h"
#include "core/ivm.h"
#include "core/wsman_env.h"
#include "core/wsman_fault.h"
#include "core/wsman_ns.h"
#include "core/xalloc.h"

/* Send chunks stay well below the 150 KiB MaxEnvelopeSizekb of older servers
 * once base64 (4/3) and the envelope are added. */
#define SEND_CHUNK (64 * 1024)

struct ivm_wsman {
	struct ivm_transport *t;
	char *url;
	char *locale;
	unsigned op_timeout_s;
	unsigned long max_envelope;
	unsigned codepage;
	char shell_id[128];
	void (*trace)(void *, char, const char *, size_t);
	void *trace_ud;
	struct ivm_buf req, rep;
	struct ivm_wsman_stats st;
	struct ivm_err cleanup_err;
};

enum xres { X_OK = 0, X_FAULT = 1, X_ERR = -1 };

static long long
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct ivm_wsman *
ivm_wsman_new(struct ivm_transport *t, const struct ivm_wsman_opts *o)
{
	struct ivm_wsman *w = ivm_xcalloc(1, sizeof(*w));
	w->t = t;
	w->url = ivm_xstrdup(o->url);
	w->locale = ivm_xstrdup(o->locale ? o->locale : "en-US");
	w->op_timeout_s = o->op_timeout_s ? o->op_timeout_s : IVM_WSMAN_OP_TIMEOUT_DEFAULT;
	w->max_envelope = o->max_envelope ? o->max_envelope : 153600;
	w->codepage = o->codepage ? o->codepage : 65001;
	w->trace = o->trace;
	w->trace_ud = o->trace_ud;
	return w;
}

const char *
ivm_wsman_host(const struct ivm_wsman *w)
{
	return w->t->host(w->t);
}

/* One request and its reply, with the checks every reply gets.
 * X_FAULT: the server answered with a fault (in r->fault, explained in err). */
static enum xres
exchange(struct ivm_wsman *w, struct ivm_wsman_msg *m, unsigned op_timeout_s,
         struct ivm_wsman_reply *r, struct ivm_err *err)
{
	char id[46], doing[320];
	ivm_wsman_new_id(id);
	m->to = w->url;
	m->message_id = id;
	m->locale = w->locale;
	m->max_envelope = w->max_envelope;
	m->op_timeout_s = op_timeout_s;
	if (m->op != IVM_OP_CREATE)
		m->shell_id = w->shell_id;
	snprintf(doing, sizeof(doing), "%s on %s", ivm_wsman_op_doing(m->op), ivm_wsman_host(w));

	ivm_buf_clear(&w->req);
	ivm_wsman_build(&w->req, m);
	if (w->trace)
		w->trace(w->trace_ud, '>', w->req.data, w->req.len);
	long status = 0;
	if (w->t->exchange(w->t, w->req.data, w->req.len, &w->rep, &status, err) < 0) {
		ivm_err_prefix(err, "%s: ", ivm_wsman_op_doing(m->op));
		return X_ERR;
	}
	if (w->trace)
		w->trace(w->trace_ud, '<', w->rep.data, w->rep.len);
	if (ivm_wsman_parse(w->rep.data, w->rep.len, m->command_id, r, err) < 0) {
		ivm_err_prefix(err, "%s (HTTP %ld): ", doing, status);
		return X_ERR;
	}
	if (r->is_fault) {
		ivm_wsman_fault_explain(&r->fault, doing, err);
		return X_FAULT;
	}
	if (status != 200) {
		ivm_err_set(err, IVM_E_PROTOCOL, doing, "Check that the URL names a WinRM listener.",
		            "the server answered HTTP %ld without a SOAP fault", status);
		ivm_wsman_reply_release(r);
		return X_ERR;
	}
	/* A reply to some other request (a confused proxy, a replayed message)
	 * must never be taken for ours. */
	if (strcasecmp(r->relates_to, id) != 0) {
		ivm_err_set(err, IVM_E_PROTOCOL, doing,
		            "Check for a proxy or load balancer between this machine and the server; run it again.",
		            "the reply relates to message '%s', not to the request '%s'",
		            r->relates_to[0] ? r->relates_to : "(none)", id);
		ivm_wsman_reply_release(r);
		return X_ERR;
	}
	return X_OK;
}

static int
open_shell(struct ivm_wsman *w, struct ivm_err *err)
{
	struct ivm_wsman_msg m = { .op = IVM_OP_CREATE, .codepage = w->codepage, .noprofile = true };
	struct ivm_wsman_reply r;
	enum xres x = exchange(w, &m, w->op_timeout_s, &r, err);
	if (x != X_OK)
		return -1;
	if (r.shell_id[0] == '\0') {
		ivm_err_set(err, IVM_E_PROTOCOL, "opening a shell", "Check that the URL names a WinRM listener.",
		            "the server's CreateResponse names no ShellId");
		ivm_wsman_reply_release(&r);
		return -1;
	}
	snprintf(w->shell_id, sizeof(w->shell_id), "%s", r.shell_id);
	ivm_wsman_reply_release(&r);
	w->st.shells_opened++;
	return 0;
}

static bool
shell_gone(const struct ivm_wsman_reply *r)
{
	return r->fault.has_wsman_code && r->fault.wsman_code == IVM_WSMAN_UNEXPECTED_SELECTORS;
}

/* Command, reopening the shell once if the server lost it: nothing has run yet,
 * so trying again cannot run anything twice. */
/* Failures that prove the server did not take the request: it answered with
 * a refusal, or it was never reached. Anything else (a lost, late or garbled
 * reply) leaves open whether it started the command. */
static const enum ivm_errkind refusals[] = {
	IVM_E_DNS, IVM_E_CONNECT, IVM_E_TLS, IVM_E_AUTH, IVM_E_DENIED, IVM_E_UNENCRYPTED,
};

static bool
clearly_refused(enum xres x, const struct ivm_err *err)
{
	if (x == X_FAULT)
		return true;
	for (size_t i = 0; i < IVM_COUNT(refusals); i++)
		if (err->kind == refusals[i])
			return true;
	return false;
}

static int
start_command(struct ivm_wsman *w, const struct ivm_wsman_cmd *c, char *cid, size_t cidsz,
              bool *may_have_run, struct ivm_err *err)
{
	for (int attempt = 0;; attempt++) {
		if (w->shell_id[0] == '\0' && open_shell(w, err) < 0)
			return -1;
		struct ivm_wsman_msg m = {
			.op = IVM_OP_COMMAND, .command = c->command, .args = c->args,
			.nargs = c->nargs, .skip_cmd_shell = c->skip_cmd_shell,
		};
		struct ivm_wsman_reply r;
		enum xres x = exchange(w, &m, w->op_timeout_s, &r, err);
		if (x == X_FAULT && shell_gone(&r) && attempt == 0) {
			w->shell_id[0] = '\0';
			w->st.shells_reopened++;
			continue;
		}
		*may_have_run = x == X_OK || !clearly_refused(x, err);
		if (x != X_OK)
			return -1;
		snprintf(cid, cidsz, "%s", r.command_id);
		ivm_wsman_reply_release(&r);
		if (cid[0] == '\0') {
			ivm_err_set(err, IVM_E_PROTOCOL, "starting the command",
			            "Check that the URL names a WinRM listener.",
			            "the server's CommandResponse names no CommandId");
			return -1;
		}
		return 0;
	}
}

static int
send_stdin(struct ivm_wsman *w, const char *cid, const struct ivm_wsman_cmd *c, struct ivm_err *err)
{
	const char *p = c->stdin_data;
	size_t left = c->stdin_len;
	do {
		size_t n = left < SEND_CHUNK ? left : SEND_CHUNK;
		struct ivm_wsman_msg m = {
			.op = IVM_OP_SEND, .command_id = cid, .data = p, .len = n, .end = n == left,
		};
		struct ivm_wsman_reply r;
		if (exchange(w, &m, w->op_timeout_s, &r, err) != X_OK)
			return -1;
		ivm_wsman_reply_release(&r);
		p += n;
		left -= n;
	} while (left > 0);
	return 0;
}

static void
signal_command(struct ivm_wsman *w, const char *cid, const char *code)
{
	struct ivm_wsman_msg m = { .op = IVM_OP_SIGNAL, .command_id = cid, .signal_code = code };
	struct ivm_wsman_reply r;
	struct ivm_err e;
	/* The output is already in hand: a failed Signal costs the server a
	 * little memory until the shell closes, not the caller its result. */
	w->t->set_uninterruptible(w->t, true);
	if (exchange(w, &m, w->op_timeout_s, &r, &e) == X_OK) {
		ivm_wsman_reply_release(&r);
	} else {
		w->st.cleanup_failures++;
		w->cleanup_err = e;
	}
	w->t->set_uninterruptible(w->t, false);
}

static void
deliver(const struct ivm_wsman_cmd *c, struct ivm_wsman_result *res, struct ivm_wsman_reply *r)
{
	struct ivm_buf *dst[2] = { &res->out, &res->err };
	for (int s = 0; s < 2; s++) {
		if (r->stream[s].len == 0)
			continue;
		ivm_buf_add(dst[s], r->stream[s].data, r->stream[s].len);
		if (c->on_output)
			c->on_output(c->ud, (enum ivm_stream)s, r->stream[s].data, r->stream[s].len);
	}
}

static int
receive_all(struct ivm_wsman *w, const char *cid, const struct ivm_wsman_cmd *c,
            long long deadline, struct ivm_wsman_result *res, struct ivm_err *err)
{
	for (;;) {
		long long left = deadline - now_ms();
		if (ivm_cancelled()) {
			ivm_err_set(err, IVM_E_CANCELLED, "waiting for the command to finish",
			            "The command was stopped on the server. Run it again when you are ready.",
			            "stopped at your request");
			signal_command(w, cid, IVM_SIGNAL_CTRL_C);
			return -1;
		}
		if (left <= 0) {
			unsigned d = c->deadline_ms ? c->deadline_ms : IVM_WSMAN_DEADLINE_DEFAULT;
			ivm_err_set(err, IVM_E_DEADLINE, "waiting for the command to finish",
			            "The command was stopped. If it needs longer, raise the deadline with --timeout.",
			            "it was still running on %s after %u ms", ivm_wsman_host(w), d);
			signal_command(w, cid, IVM_SIGNAL_CTRL_C);
			return -1;
		}
		/* Never let one Receive outlast the caller's deadline. */
		unsigned opt = w->op_timeout_s;
		if ((long long)opt * 1000 > left)
			opt = (unsigned)((left + 999) / 1000);
		struct ivm_wsman_msg m = { .op = IVM_OP_RECEIVE, .command_id = cid };
		struct ivm_wsman_reply r;
		enum xres x = exchange(w, &m, opt, &r, err);
		if (x == X_ERR && err->kind == IVM_E_CANCELLED) {
			signal_command(w, cid, IVM_SIGNAL_CTRL_C);
			return -1;
		}
		if (x == X_FAULT && r.fault.has_wsman_code &&
		    r.fault.wsman_code == IVM_WSMAN_OPERATION_TIMEDOUT) {
			w->st.receive_retries++;
			continue;
		}
		if (x != X_OK)
			return -1;
		deliver(c, res, &r);
		bool done = r.done;
		if (done)
			res->exit_code = r.has_exit_code ? r.exit_code : 0;
		ivm_wsman_reply_release(&r);
		if (done)
			return 0;
	}
}

int
ivm_wsman_run(struct ivm_wsman *w, const struct ivm_wsman_cmd *c, struct ivm_wsman_result *res,
              struct ivm_err *err)
{
	char cid[128];
	long long deadline = now_ms() + (c->deadline_ms ? c->deadline_ms : IVM_WSMAN_DEADLINE_DEFAULT);
	memset(res, 0, sizeof(*res));
	if (start_command(w, c, cid, sizeof(cid), &res->may_have_run, err) < 0)
		return -1;
	if (c->stdin_len > 0 && send_stdin(w, cid, c, err) < 0) {
		signal_command(w, cid, IVM_SIGNAL_TERMINATE);
		return -1;
	}
	if (receive_all(w, cid, c, deadline, res, err) < 0)
		return -1;
	/* MS-WSMV 3.1.4.14: a final Signal once all output is in. */
	signal_command(w, cid, IVM_SIGNAL_TERMINATE);
	return 0;
}

void
ivm_wsman_result_release(struct ivm_wsman_result *res)
{
	ivm_buf_release(&res->out);
	ivm_buf_release(&res->err);
}

int
ivm_wsman_close(struct ivm_wsman *w, struct ivm_err *err)
{
	if (w->shell_id[0] == '\0')
		return 0;
	struct ivm_wsman_msg m = { .op = IVM_OP_DELETE };
	struct ivm_wsman_reply r;
	/* a cancelled run still closes its shell: otherwise it stays open on the
	 * server, counting against MaxShellsPerUser until its idle timeout */
	w->t->set_uninterruptible(w->t, true);
	enum xres x = exchange(w, &m, w->op_timeout_s, &r, err);
	w->t->set_uninterruptible(w->t, false);
	w->shell_id[0] = '\0';
	if (x == X_FAULT && shell_gone(&r))
		return 0; /* already gone: the goal is met */
	if (x != X_OK) {
		w->st.cleanup_failures++;
		w->cleanup_err = *err;
		return -1;
	}
	ivm_wsman_reply_release(&r);
	return 0;
}

const struct ivm_err *
ivm_wsman_cleanup_error(const struct ivm_wsman *w)
{
	return w->st.cleanup_failures ? &w->cleanup_err : NULL;
}

void
ivm_wsman_get_stats(const struct ivm_wsman *w, struct ivm_wsman_stats *st)
{
	*st = w->st;
	w->t->stats(w->t, &st->transport);
}

void
ivm_wsman_free(struct ivm_wsman **wp)
{
	if (wp == NULL || *wp == NULL)
		return;
	struct ivm_wsman *w = *wp;
	struct ivm_err e;
	ivm_wsman_close(w, &e);
	ivm_transport_free(&w->t);
	ivm_buf_release(&w->req);
	ivm_buf_release(&w->rep);
	free(w->url);
	free(w->locale);
	free(w);
	*wp = NULL;
}
