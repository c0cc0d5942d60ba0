/* core/session.c: the two servers a procedure talks to (or the in-process lab), connected once and kept. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/ivm.h"
#include "core/lab/model.h"
#include "core/lab/state.h"
#include "core/ops/ops.h"
#include "core/psrun.h"
#include "core/secret.h"
#include "core/session.h"
#include "core/xalloc.h"

#define LAB_ADMIN "CONTOSO\\Administrator"

struct side {
	struct ivm_http_opts ho;
	char url[600];
	char label[300];
	char *user;
	char *password;
	struct ivm_wsman *wsman;
};

struct ivm_session {
	bool lab_mode;
	struct ivm_lab *lab;
	struct ivm_lab_state *lab_state;
	struct ivm_lab_server *lab_srv;
	char *lab_path;
	struct ivm_transcript *transcript;
	struct side side[IVM_SIDES];
};

static const char *const side_names[] = { [IVM_SIDE_IPAM] = "IPAM server", [IVM_SIDE_VMM] = "VMM server" };

static int
start_lab(struct ivm_session *ss, const struct ivm_session_opts *o, struct ivm_err *err)
{
	ss->lab_path = o->state_path ? ivm_xstrdup(o->state_path) : ivm_lab_state_default_path(err);
	if (ss->lab_path == NULL || (ss->lab_state = ivm_lab_state_open(ss->lab_path, &ss->lab, err)) == NULL)
		return -1;
	struct ivm_lab_server_opts lo = { .instant = o->instant, .faults = o->faults, .nfaults = o->nfaults,
	                                  .slow_ms = o->slow_ms ? o->slow_ms : 40000 };
	if ((ss->lab_srv = ivm_lab_server_start(ss->lab, &lo, err)) == NULL)
		return -1;
	if (!o->quiet)
		printf("LAB: no servers named: using the embedded lab (state %s); nothing real is touched\n",
		       ss->lab_path);
	return 0;
}

/* The lab's published password of user, or NULL: it is no secret. */
static const char *
lab_password(const char *user)
{
	for (const struct ivm_lab_published_account *a = ivm_lab_published_accounts(); user && a->user; a++)
		if (strcasecmp(a->user, user) == 0)
			return a->password;
	return NULL;
}

/* A password source the answers name and that holds something: negotiate
 * reads it for NTLM when there is no ticket, and asks nobody otherwise. */
static bool
source_set(const struct ivm_pwsource *src)
{
	if (src->arg == NULL)
		return false;
	if (src->src == IVM_SECRET_ENV)
		return getenv(src->arg) != NULL;
	return src->src == IVM_SECRET_FILE && access(src->arg, F_OK) == 0;
}

static int
prepare_side(struct ivm_session *ss, const struct ivm_settings *s, const struct ivm_session_opts *o,
             enum ivm_side i, struct ivm_err *err)
{
	const struct ivm_target *t = &s->target[i];
	struct side *sd = &ss->side[i];
	sd->ho = (struct ivm_http_opts){ .auth = t->auth, .cacert = t->cacert, .insecure = t->insecure,
	                                 .allow_unencrypted = t->allow_unencrypted,
	                                 .timeout_ms = o->timeout_ms ? o->timeout_ms : 30000 };
	const char *user = t->admin_user;
	const char *host = ivm_settings_host(s, i);
	if (ss->lab_mode) {
		const char *url = ivm_lab_server_url_of(ss->lab_srv, host);
		if (url == NULL) {
			ivm_err_set(err, IVM_E_USAGE, "connecting to the lab", "Leave the host out, or use a lab host name.",
			            "the lab has no host named %s", host);
			return -1;
		}
		snprintf(sd->url, sizeof(sd->url), "%s", url);
		sd->ho.auth = IVM_AUTH_BASIC;
		sd->ho.allow_unencrypted = true; /* loopback only */
		if (user == NULL)
			user = LAB_ADMIN;
		snprintf(sd->label, sizeof(sd->label), "LAB %s %s", side_names[i], host);
	} else {
		struct ivm_buf scratch = IVM_BUF_INIT;
		snprintf(sd->url, sizeof(sd->url), "%s", ivm_settings_endpoint(s, i, &scratch));
		ivm_buf_release(&scratch);
		snprintf(sd->label, sizeof(sd->label), "%s %s", side_names[i], host);
	}
	sd->user = user ? ivm_xstrdup(user) : NULL;
	const char *published = ss->lab_mode ? lab_password(user) : NULL;
	if (o->password[i]) {
		sd->password = ivm_xstrdup(o->password[i]);
	} else if (published) {
		sd->password = ivm_xstrdup(published);
	} else if (ivm_auth_needs_password(sd->ho.auth) ||
	           (sd->ho.auth == IVM_AUTH_NEGOTIATE && source_set(&t->admin_password))) {
		sd->password = ivm_secret_read_for(t->admin_password.src, t->admin_password.arg,
		                                   user ? user : "the administrator", err);
		if (sd->password == NULL)
			return -1;
	}
	if (t->insecure && !ss->lab_mode)
		fprintf(stderr, "ipamvmm: warning: %s: the server's certificate is not verified (insecure); anyone on the "
		                "network path can pose as the server and read the password\n", sd->label);
	sd->ho.url = sd->url;
	sd->ho.user = sd->user;
	sd->ho.password = sd->password;
	if (ss->transcript && sd->password)
		ivm_transcript_secret(ss->transcript, sd->password);
	struct ivm_transport *tr = ivm_http_new(&sd->ho, err);
	if (tr == NULL)
		return -1;
	sd->wsman = ivm_wsman_new(tr, &(struct ivm_wsman_opts){
		.url = sd->url,
		.trace = ss->transcript ? ivm_transcript_trace : NULL,
		.trace_ud = ss->transcript,
	});
	return 0;
}

struct ivm_session *
ivm_session_open(const struct ivm_settings *s, const struct ivm_session_opts *o, struct ivm_err *err)
{
	struct ivm_session *ss = ivm_xcalloc(1, sizeof(*ss));
	ss->lab_mode = ivm_settings_is_lab(s);
	ss->transcript = o->transcript;
	if (ss->lab_mode && start_lab(ss, o, err) < 0)
		goto fail;
	for (int i = 0; i < IVM_SIDES; i++)
		if (prepare_side(ss, s, o, (enum ivm_side)i, err) < 0)
			goto fail;
	return ss;
fail:
	ivm_session_close(&ss, false);
	return NULL;
}

void
ivm_session_close(struct ivm_session **sp, bool warn)
{
	struct ivm_session *ss = *sp;
	if (ss == NULL)
		return;
	for (int i = 0; i < IVM_SIDES; i++) {
		struct side *sd = &ss->side[i];
		struct ivm_err e;
		if (sd->wsman)
			ivm_wsman_close(sd->wsman, &e);
		const struct ivm_err *ce = sd->wsman ? ivm_wsman_cleanup_error(sd->wsman) : NULL;
		if (ce && warn)
			fprintf(stderr, "ipamvmm: warning: %s: cleaning up after the work failed (%s: %s); the server "
			                "closes what is left when its idle timeout passes (WinRM IdleTimeout, 2 hours by "
			                "default); the work itself is as reported above\n",
			        sd->label, ce->what, ce->why);
		ivm_wsman_free(&sd->wsman);
		ivm_secret_free(&sd->password);
		free(sd->user);
	}
	ivm_lab_server_stop(&ss->lab_srv);
	if (ss->lab_state) {
		struct ivm_err err;
		if (ivm_lab_state_save(ss->lab_state, ss->lab, &err) < 0 && warn)
			fprintf(stderr, "ipamvmm: %s: %s; %s\n", err.what, err.why, err.next);
		ivm_lab_state_close(&ss->lab_state);
	}
	ivm_lab_free(&ss->lab);
	free(ss->lab_path);
	free(ss);
	*sp = NULL;
}

struct ivm_wsman *
ivm_session_wsman(struct ivm_session *ss, enum ivm_side side)
{
	return ss->side[side].wsman;
}

const char *
ivm_session_label(const struct ivm_session *ss, enum ivm_side side)
{
	return ss->side[side].label;
}

void
ivm_session_probe(struct ivm_session *ss, enum ivm_side side, struct ivm_probe_report *rep)
{
	struct side *sd = &ss->side[side];
	ivm_probe(&sd->ho, &(struct ivm_wsman_opts){ .url = sd->url }, rep);
}

int
ivm_session_read(struct ivm_session *ss, enum ivm_side side, const char *op_id,
                 const struct ivm_param *params, size_t nparams, struct ivm_result *out,
                 struct ivm_err *err)
{
	memset(out, 0, sizeof(*out));
	const struct ivm_op *op = ivm_op_find(op_id);
	if (op == NULL) {
		ivm_err_set(err, IVM_E_USAGE, "reading from the server", "Report this as a bug in ipamvmm.",
		            "no operation named %s", op_id);
		return -1;
	}
	struct ivm_buf script = IVM_BUF_INIT;
	struct ivm_ps_result res = { 0 };
	int rc = ivm_op_script(op, params, nparams, &script, err);
	if (rc == 0)
		rc = ivm_psrun(ss->side[side].wsman, script.data, NULL, &res, err);
	if (rc == 0 && res.nresults == 0) {
		ivm_err_set(err, IVM_E_REMOTE, op_id, "Run `ipamvmm probe` against the server, then try again.",
		            "the server's script ended (exit %ld) without a result%s%s", res.exit_code,
		            res.err.len ? ": " : "", res.err.len ? res.err.data : "");
		rc = -1;
	}
	/* a result that says "failed" (a Test that ran and failed) is still
	 * handed back: the page shows what it found */
	if (rc == 0) {
		ivm_result_copy(out, &res.results[0]);
		if (ivm_op_check_result(op, &res.results[0], err) < 0)
			rc = -1;
	}
	ivm_buf_wipe(&script);
	ivm_ps_result_release(&res);
	return rc;
}
