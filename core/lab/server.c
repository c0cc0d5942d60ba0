/* core/lab/server.c: the lab's WinRM endpoints: one HTTP listener per simulated host on 127.0.0.1. */
#include "config.h"

#include "core/lab/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <microhttpd.h>

#include "core/b64.h"
#include "core/buf.h"
#include "core/ivm.h"
#include "core/lab/gss_accept.h"
#include "core/lab/model.h"
#include "core/lab/shell.h"
#include "core/lab/wsreply.h"
#include "core/seal.h"
#include "core/wsman_request.h"
#include "core/wsman_env.h"
#include "core/wsman_ns.h"
#include "core/xalloc.h"

#define MAX_ENDPOINTS 8
#define MAX_BODY (4u << 20)      /* what we read at all; the envelope limit is checked after */
#define HUGE_REPLY (5u << 20)
#define POLL_MS 10
#define CTYPE "application/soap+xml;charset=UTF-8"

struct lab_cmd {
	char id[37];
	struct ivm_lab_run run;
	size_t delivered;       /* chunks already sent */
	long long started;      /* server clock, ms */
	struct ivm_buf stdin_data;
	struct lab_cmd *next;
};

struct lab_shell {
	char id[37];
	char owner[300];
	size_t ep;              /* the host it lives on */
	const struct ivm_lab_account *who;
	struct lab_cmd *cmds;
	struct lab_shell *next;
};

struct endpoint {
	struct ivm_lab_server *srv;
	size_t index;
	struct ivm_lab_host *host;
	struct MHD_Daemon *d;
	char url[128];
	unsigned long requests;
};

struct ivm_lab_server {
	struct ivm_lab *lab;
	pthread_mutex_t mu;
	struct endpoint ep[MAX_ENDPOINTS];
	size_t nep;
	struct lab_shell *shells;
	struct ivm_lab_fault *faults;
	size_t nfaults;
	unsigned latency_ms, slow_ms;
	bool instant;
	volatile int stopping;
	bool deny_unencrypted;
	char *ntlm_users; /* the NTLM_USER_FILE (core/lab/gss_accept.c) */
	unsigned long total;
	long long t0;     /* monotonic ms at start */
	long long wall0;  /* wall-clock ms at start */
};

/* What one request turns into. */
struct reply {
	unsigned status;
	struct ivm_buf body;
	bool drop;
	bool auth_challenge;
	bool tamper;
	bool by_gss;           /* authenticated by the connection's GSS-API context, not Basic */
	const char *seal;      /* seal the body with this protocol */
	const char *scheme;    /* WWW-Authenticate: scheme token (a leg, or Kerberos' mutual proof) */
	struct ivm_buf token;
};

struct upload {
	struct ivm_buf body;
	bool too_big;
};

static long long
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wall time as of the server's start, advanced by the monotonic clock: job
 * times are real dates (as Get-SCJob shows them), and a clock change while
 * the lab runs cannot make simulated durations jump. */
static long long
lab_clock(void *ud)
{
	const struct ivm_lab_server *srv = ud;
	return srv->wall0 + (mono_ms() - srv->t0);
}

/* Sleep in small steps so that stopping the server is never held up. */
static void
nap(struct ivm_lab_server *srv, long long ms)
{
	long long until = mono_ms() + ms;
	while (!srv->stopping) {
		long long left = until - mono_ms();
		if (left <= 0)
			break;
		struct timespec ts = { 0, (left < POLL_MS ? left : POLL_MS) * 1000000L };
		nanosleep(&ts, NULL);
	}
}

static void
new_id(char out[37])
{
	char id[46];
	ivm_wsman_new_id(id);
	memcpy(out, id + 5, 36); /* "uuid:" + 36 characters */
	out[36] = '\0';
}

static const char *const fault_names[] = {
	[IVM_LAB_FAULT_DROP] = "drop",
	[IVM_LAB_FAULT_HTTP500] = "http500",
	[IVM_LAB_FAULT_401] = "401",
	[IVM_LAB_FAULT_TIMEOUT] = "timeout",
	[IVM_LAB_FAULT_MALFORMED] = "malformed",
	[IVM_LAB_FAULT_HUGE] = "huge",
	[IVM_LAB_FAULT_SLOW] = "slow",
	[IVM_LAB_FAULT_TAMPER] = "tamper",
};

int
ivm_lab_fault_parse(const char *spec, struct ivm_lab_fault *f, struct ivm_err *err)
{
	const char *at = strchr(spec, '@');
	char *end = NULL;
	unsigned long n = at ? strtoul(at + 1, &end, 10) : 0;
	if (at && end && *end == '\0' && n > 0) {
		for (size_t i = 0; i < IVM_COUNT(fault_names); i++) {
			if (strlen(fault_names[i]) == (size_t)(at - spec) &&
			    strncmp(spec, fault_names[i], (size_t)(at - spec)) == 0) {
				f->kind = (enum ivm_lab_fault_kind)i;
				f->at = n;
				return 0;
			}
		}
	}
	ivm_err_set(err, IVM_E_USAGE, "--fault",
	            "Use KIND@N with KIND one of drop, http500, 401, timeout, malformed, huge, slow, tamper and N the request number (1 = the first request).",
	            "'%s' is not a fault the lab knows", spec);
	return -1;
}

/* ---- shells and commands (under srv->mu) ---------------------------------- */

static struct lab_shell *
find_shell(struct ivm_lab_server *srv, size_t ep, const char *id)
{
	for (struct lab_shell *s = srv->shells; s; s = s->next)
		if (s->ep == ep && strcasecmp(s->id, id) == 0)
			return s;
	return NULL;
}

static struct lab_cmd *
find_cmd(struct lab_shell *sh, const char *id)
{
	for (struct lab_cmd *c = sh->cmds; c; c = c->next)
		if (strcasecmp(c->id, id) == 0)
			return c;
	return NULL;
}

static void
free_cmd(struct lab_cmd *c)
{
	ivm_lab_run_release(&c->run);
	ivm_buf_wipe(&c->stdin_data);
	free(c);
}

static void
drop_cmd(struct lab_shell *sh, struct lab_cmd *c)
{
	for (struct lab_cmd **pp = &sh->cmds; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			free_cmd(c);
			return;
		}
	}
}

static void
drop_shell(struct ivm_lab_server *srv, struct lab_shell *sh)
{
	for (struct lab_shell **pp = &srv->shells; *pp; pp = &(*pp)->next) {
		if (*pp == sh) {
			*pp = sh->next;
			while (sh->cmds)
				drop_cmd(sh, sh->cmds);
			free(sh);
			return;
		}
	}
}

static unsigned
shells_of(struct ivm_lab_server *srv, size_t ep, const char *owner)
{
	unsigned n = 0;
	for (struct lab_shell *s = srv->shells; s; s = s->next)
		n += s->ep == ep && strcasecmp(s->owner, owner) == 0;
	return n;
}

/* ---- replies --------------------------------------------------------------- */

static const char *
machine(const struct endpoint *ep)
{
	return ivm_lab_host_fqdn(ep->host);
}

static void
fault(struct reply *rp, const struct endpoint *ep, const struct ivm_wsreq *rq, unsigned long code,
      const char *subcode, const char *message)
{
	rp->status = 500;
	ivm_buf_clear(&rp->body);
	ivm_wsreply_fault(&rp->body, rq ? rq->message_id : NULL, code, subcode, machine(ep), message);
}

static void
fault_no_shell(struct reply *rp, const struct endpoint *ep, const struct ivm_wsreq *rq)
{
	char msg[512];
	snprintf(msg, sizeof(msg),
	         "The request for the Windows Remote Shell with ShellId %s failed because the shell was not found on the server. Possible causes are: the specified ShellId is incorrect or the shell no longer exists on the server. Provide the correct ShellId or create a new shell and retry the operation. ",
	         rq->shell_id);
	fault(rp, ep, rq, 2150858843UL, "w:InvalidSelectors", msg);
}

static void
ctx_for(struct ivm_lab_server *srv, const struct endpoint *ep, const struct lab_shell *sh,
        bool skip_cmd_shell, struct ivm_lab_ctx *ctx)
{
	*ctx = (struct ivm_lab_ctx){ .lab = srv->lab, .host = ep->host, .who = sh->who,
	                             .instant = srv->instant, .skip_cmd_shell = skip_cmd_shell };
}

static void
op_create(struct ivm_lab_server *srv, struct endpoint *ep, const struct ivm_wsreq *rq,
          const struct ivm_lab_account *who, const char *client_ip, struct reply *rp)
{
	const char *owner = ivm_lab_account_name(who);
	if (!ivm_lab_is_admin(srv->lab, ep->host, who)) {
		fault(rp, ep, rq, 5, "w:AccessDenied", "Access is denied. ");
		return;
	}
	if (shells_of(srv, ep->index, owner) >= IVM_LAB_MAX_SHELLS_PER_USER) {
		fault(rp, ep, rq, 2150859173UL, "w:QuotaLimit",
		      "The WS-Management service cannot process the request. This user is allowed a maximum number of 30 concurrent shells, which has been exceeded. Close existing shells or raise the quota for this user. ");
		return;
	}
	struct lab_shell *sh = ivm_xcalloc(1, sizeof(*sh));
	new_id(sh->id);
	snprintf(sh->owner, sizeof(sh->owner), "%s", owner);
	sh->ep = ep->index;
	sh->who = who;
	sh->next = srv->shells;
	srv->shells = sh;
	ivm_wsreply_create(&rp->body, rq->message_id, ep->url, sh->id, owner, client_ip);
}

static void
op_command(struct ivm_lab_server *srv, struct endpoint *ep, struct lab_shell *sh,
           const struct ivm_wsreq *rq, struct reply *rp)
{
	const char *skip = ivm_wsreq_option(rq, "WINRS_SKIP_CMD_SHELL");
	struct ivm_lab_ctx ctx;
	ctx_for(srv, ep, sh, skip && strcasecmp(skip, "TRUE") == 0, &ctx);
	struct lab_cmd *c = ivm_xcalloc(1, sizeof(*c));
	ivm_lab_shell_start(&ctx, rq->command ? rq->command : "", rq->args, rq->nargs, &c->run);
	if (c->run.not_found || c->run.too_long) {
		bool nf = c->run.not_found;
		free_cmd(c);
		/* HRESULT_FROM_WIN32 of ERROR_FILE_NOT_FOUND (2) and ERROR_FILENAME_EXCED_RANGE (206) */
		fault(rp, ep, rq, nf ? 2147942402UL : 2147942606UL, "w:InternalError",
		      nf ? "The system cannot find the file specified. " : "The filename or extension is too long. ");
		return;
	}
	new_id(c->id);
	c->started = lab_clock(srv);
	c->next = sh->cmds;
	sh->cmds = c;
	ivm_wsreply_command(&rp->body, rq->message_id, c->id);
}

static void
op_send(struct ivm_lab_server *srv, struct endpoint *ep, struct lab_shell *sh,
        const struct ivm_wsreq *rq, struct reply *rp)
{
	struct lab_cmd *c = find_cmd(sh, rq->command_id);
	if (c == NULL) {
		fault(rp, ep, rq, 2150858843UL, "w:InvalidSelectors",
		      "The request for the Windows Remote Shell failed because the command was not found on the server. ");
		return;
	}
	ivm_buf_add(&c->stdin_data, rq->stdin_data.data, rq->stdin_data.len);
	if (rq->stdin_end && c->run.wants_stdin) {
		struct ivm_lab_ctx ctx;
		ctx_for(srv, ep, sh, false, &ctx);
		/* the process runs from now on: its output times count from here */
		c->started = lab_clock(srv);
		ivm_lab_shell_stdin(&ctx, ivm_buf_str(&c->stdin_data), c->stdin_data.len, &c->run);
	}
	ivm_wsreply_empty(&rp->body, rq->message_id, IVM_ACTION_SEND);
}

/* Chunks due now, capped so the reply stays under the client's MaxEnvelopeSize. */
static size_t
due_chunks(struct ivm_lab_server *srv, struct lab_cmd *c, unsigned long max_envelope,
           struct ivm_wsreply_chunk *out, size_t cap)
{
	long long now = lab_clock(srv) - c->started;
	size_t budget = max_envelope > 4096 ? (max_envelope - 4096) * 3 / 4 : 8192;
	size_t n = 0, bytes = 0;
	while (c->delivered < c->run.nchunks && n < cap) {
		struct ivm_lab_chunk *k = &c->run.chunks[c->delivered];
		if ((!srv->instant && k->at_ms > now) || (n > 0 && bytes + k->len > budget))
			break;
		out[n++] = (struct ivm_wsreply_chunk){ k->stream, k->data, k->len };
		bytes += k->len;
		c->delivered++;
	}
	return n;
}

static bool
finished(struct ivm_lab_server *srv, const struct lab_cmd *c)
{
	return !c->run.wants_stdin && c->delivered == c->run.nchunks &&
	       (srv->instant || lab_clock(srv) - c->started >= c->run.end_ms);
}

static void
op_receive(struct ivm_lab_server *srv, struct endpoint *ep, struct lab_shell *sh,
           const struct ivm_wsreq *rq, struct reply *rp)
{
	long wait = rq->op_timeout_ms >= 0 ? rq->op_timeout_ms : 60000;
	long long deadline = mono_ms() + wait;
	char shell_id[37];
	snprintf(shell_id, sizeof(shell_id), "%s", sh->id);
	for (;;) {
		sh = find_shell(srv, ep->index, shell_id);
		struct lab_cmd *c = sh ? find_cmd(sh, rq->command_id) : NULL;
		if (c == NULL) {
			fault(rp, ep, rq, 2150858843UL, "w:InvalidSelectors",
			      "The request for the Windows Remote Shell failed because the command was not found on the server. ");
			return;
		}
		struct ivm_wsreply_chunk chunks[64];
		size_t n = c->run.wants_stdin ? 0 : due_chunks(srv, c, rq->max_envelope ? rq->max_envelope : 153600, chunks, IVM_COUNT(chunks));
		bool done = finished(srv, c);
		if (n > 0 || done) {
			ivm_wsreply_receive(&rp->body, rq->message_id, c->id, chunks, n, done, c->run.exit_code);
			return;
		}
		if (mono_ms() >= deadline || srv->stopping) {
			fault(rp, ep, rq, 2150858793UL, "w:TimedOut",
			      "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  ");
			return;
		}
		/* long poll, as WinRM does: wait for output without holding the lab */
		pthread_mutex_unlock(&srv->mu);
		nap(srv, POLL_MS);
		pthread_mutex_lock(&srv->mu);
	}
}

static void
op_signal(struct ivm_lab_server *srv, struct endpoint *ep, struct lab_shell *sh,
          const struct ivm_wsreq *rq, struct reply *rp)
{
	struct lab_cmd *c = find_cmd(sh, rq->command_id);
	if (c)
		drop_cmd(sh, c);
	ivm_wsreply_empty(&rp->body, rq->message_id, IVM_ACTION_SIGNAL);
}

/* The WinRS part of a request that passed the HTTP checks. */
static void
winrs(struct ivm_lab_server *srv, struct endpoint *ep, const struct ivm_wsreq *rq,
      const struct ivm_lab_account *who, const char *client_ip, struct reply *rp)
{
	if (rq->op_timeout_ms > IVM_LAB_MAX_TIMEOUT_MS) {
		fault(rp, ep, rq, 2150858881UL, "w:InvalidTimeout",
		      "The WS-Management service cannot process the request because the timeout header is invalid: it is larger than MaxTimeoutms (60000). ");
		return;
	}
	if (rq->op == IVM_WSREQ_UNKNOWN) {
		fault(rp, ep, rq, 2150858753UL, "a:ActionNotSupported",
		      "The WS-Management service cannot process the request because the WS-Addressing Action URI in the request is not compatible with the resource. ");
		return;
	}
	if (rq->op == IVM_WSREQ_CREATE) {
		op_create(srv, ep, rq, who, client_ip, rp);
		return;
	}
	struct lab_shell *sh = find_shell(srv, ep->index, rq->shell_id);
	if (sh == NULL || strcasecmp(sh->owner, ivm_lab_account_name(who)) != 0) {
		fault_no_shell(rp, ep, rq);
		return;
	}
	switch (rq->op) {
	case IVM_WSREQ_COMMAND: op_command(srv, ep, sh, rq, rp); break;
	case IVM_WSREQ_SEND: op_send(srv, ep, sh, rq, rp); break;
	case IVM_WSREQ_RECEIVE: op_receive(srv, ep, sh, rq, rp); break;
	case IVM_WSREQ_SIGNAL: op_signal(srv, ep, sh, rq, rp); break;
	case IVM_WSREQ_DELETE:
		drop_shell(srv, sh);
		ivm_wsreply_empty(&rp->body, rq->message_id, IVM_ACTION_DELETE);
		break;
	default: break;
	}
}

static const struct ivm_lab_fault *
fault_at(const struct ivm_lab_server *srv, unsigned long index)
{
	for (size_t i = 0; i < srv->nfaults; i++)
		if (srv->faults[i].at == index)
			return &srv->faults[i];
	return NULL;
}

/* Who sent the request: Basic on each request, or the connection's GSS-API
 * context. -1 after making rp the 401 that asks for credentials. */
static int
authenticate(struct endpoint *ep, struct MHD_Connection *conn, struct ivm_lab_conn *lc, struct reply *rp,
             const struct ivm_lab_account **who)
{
	struct ivm_lab_server *srv = ep->srv;
	const char *authz = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (authz && strncasecmp(authz, "Basic ", 6) == 0) {
		if (srv->deny_unencrypted)
			goto challenge; /* Windows takes no Basic over HTTP without AllowUnencrypted */
		char *pass = NULL;
		char *user = MHD_basic_auth_get_username_password(conn, &pass);
		pthread_mutex_lock(&srv->mu);
		enum ivm_lab_auth auth = user && pass ? ivm_lab_authenticate(srv->lab, ep->host, user, pass, who)
		                                      : IVM_LAB_AUTH_BAD;
		pthread_mutex_unlock(&srv->mu);
		if (pass) {
			ivm_wipe(pass, strlen(pass));
			MHD_free(pass);
		}
		if (user)
			MHD_free(user);
		if (auth != IVM_LAB_AUTH_OK)
			goto challenge;
		return 0;
	}
	if (lc == NULL)
		goto challenge;
	if (authz && ivm_lab_gss_scheme(authz)) {
		int r = ivm_lab_conn_accept(lc, authz, &rp->token);
		if (r < 0)
			goto challenge;
		rp->scheme = lc->scheme;
		if (r == 0) {
			rp->status = 401;
			rp->auth_challenge = true;
			return -1;
		}
	} else if (!lc->authenticated) {
		goto challenge;
	}
	pthread_mutex_lock(&srv->mu);
	const struct ivm_lab_account *a = ivm_lab_account_find(srv->lab, ep->host, lc->peer);
	bool ok = a && ivm_lab_account_enabled(a);
	pthread_mutex_unlock(&srv->mu);
	if (!ok) {
		lc->authenticated = false;
		goto challenge;
	}
	*who = a;
	rp->by_gss = true;
	return 0;
challenge:
	ivm_buf_clear(&rp->token);
	rp->scheme = NULL;
	rp->status = 401;
	rp->auth_challenge = true;
	return -1;
}

/* A sealed body becomes the plain envelope, and the reply is sealed alike.
 * -1 after filling rp when the request goes no further. */
static int
unseal_request(struct endpoint *ep, struct MHD_Connection *conn, struct ivm_lab_conn *lc, struct upload *up,
               struct reply *rp)
{
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *proto = ivm_seal_protocol_of(ct);
	bool gss = rp->by_gss;
	if (gss && up->body.len == 0) {
		rp->status = 200; /* the handshake's empty POST (pywinrm, WinRb, ipamvmm) */
		return -1;
	}
	if (proto == NULL) {
		if (gss && ep->srv->deny_unencrypted) {
			rp->status = 500; /* as Windows refuses an unencrypted message: no body */
			return -1;
		}
		return 0;
	}
	struct ivm_buf plain = IVM_BUF_INIT;
	struct ivm_err err;
	if (!gss || up->too_big || ivm_seal_unwrap(lc->gss, up->body.data, up->body.len, &plain, &err) < 0) {
		ivm_buf_wipe(&plain);
		rp->status = 400;
		return -1;
	}
	ivm_buf_wipe(&up->body);
	up->body = plain;
	rp->seal = proto;
	return 0;
}

/* A whole request, body in hand: HTTP checks, authentication, then WinRS. */
static void
handle(struct endpoint *ep, struct MHD_Connection *conn, struct ivm_lab_conn *lc, const char *url,
       const char *method, struct upload *up, struct reply *rp)
{
	struct ivm_lab_server *srv = ep->srv;
	rp->status = 200;
	pthread_mutex_lock(&srv->mu);
	unsigned long index = ++srv->total;
	ep->requests++;
	pthread_mutex_unlock(&srv->mu);
	if (srv->latency_ms)
		nap(srv, srv->latency_ms);

	const struct ivm_lab_fault *inj = fault_at(srv, index);
	if (inj && inj->kind == IVM_LAB_FAULT_SLOW)
		nap(srv, srv->slow_ms);
	if (inj && inj->kind == IVM_LAB_FAULT_401) {
		rp->status = 401;
		rp->auth_challenge = true;
		return;
	}
	if (inj && inj->kind == IVM_LAB_FAULT_MALFORMED) {
		ivm_buf_adds(&rp->body, "<s:Envelope xmlns:s=\"" IVM_NS_SOAP "\"><s:Body><rsp:Receive");
		return;
	}
	if (inj && inj->kind == IVM_LAB_FAULT_HUGE) {
		ivm_buf_adds(&rp->body, "<s:Envelope xmlns:s=\"" IVM_NS_SOAP "\"><s:Body>");
		while (rp->body.len < HUGE_REPLY)
			ivm_buf_adds(&rp->body, "<x>lab fault injection: a reply far larger than any WinRM reply</x>");
		ivm_buf_adds(&rp->body, "</s:Body></s:Envelope>");
		return;
	}
	if (strcmp(method, "POST") != 0 || strcasecmp(url, "/wsman") != 0) {
		rp->status = strcmp(method, "POST") != 0 ? 405 : 404;
		return;
	}
	const struct ivm_lab_account *who = NULL;
	if (authenticate(ep, conn, lc, rp, &who) < 0)
		return;
	if (unseal_request(ep, conn, lc, up, rp) < 0)
		return;
	rp->tamper = inj && inj->kind == IVM_LAB_FAULT_TAMPER;
	struct ivm_wsreq rq;
	struct ivm_err err;
	if (up->too_big || up->body.len > IVM_LAB_MAX_ENVELOPE) {
		fault(rp, ep, NULL, 2150858824UL, "w:EncodingLimit",
		      "The WS-Management service cannot process the request because the envelope size of the request exceeds the maximum envelope size (MaxEnvelopeSizekb = 500). ");
		return;
	}
	if (ivm_wsreq_parse(ivm_buf_str(&up->body), up->body.len, &rq, &err) < 0) {
		fault(rp, ep, NULL, 2150858817UL, "w:SchemaValidationError",
		      "The SOAP XML in the message does not match the corresponding XML schema definition. Change the XML and retry. ");
		return;
	}
	if (inj && inj->kind == IVM_LAB_FAULT_HTTP500) {
		fault(rp, ep, &rq, 2150858755UL, "w:InternalError",
		      "The WS-Management service cannot process the request because a provider failed (lab fault injection). ");
	} else if (inj && inj->kind == IVM_LAB_FAULT_TIMEOUT) {
		fault(rp, ep, &rq, 2150858793UL, "w:TimedOut",
		      "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  ");
	} else {
		char ip[64] = "127.0.0.1";
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, ip, sizeof(ip));
		pthread_mutex_lock(&srv->mu);
		winrs(srv, ep, &rq, who, ip, rp);
		pthread_mutex_unlock(&srv->mu);
		rp->drop = inj && inj->kind == IVM_LAB_FAULT_DROP;
	}
	ivm_wsreq_release(&rq);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
           const char *version, const char *data, size_t *size, void **con_cls)
{
	struct endpoint *ep = cls;
	struct upload *up = *con_cls;
	if (up == NULL) {
		*con_cls = ivm_xcalloc(1, sizeof(*up));
		return MHD_YES;
	}
	if (*size) {
		if (up->body.len + *size > MAX_BODY)
			up->too_big = true;
		else
			ivm_buf_add(&up->body, data, *size);
		*size = 0;
		return MHD_YES;
	}
	struct reply rp = { 0 };
	const union MHD_ConnectionInfo *sc = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct ivm_lab_conn *lc = sc ? sc->socket_context : NULL;
	handle(ep, conn, lc, url, method, up, &rp);
	if (rp.drop) {
		ivm_buf_release(&rp.body);
		ivm_buf_release(&rp.token);
		return MHD_NO; /* MHD closes the connection without a reply */
	}
	struct ivm_buf ctype = IVM_BUF_INIT;
	ivm_buf_adds(&ctype, CTYPE);
	if (rp.seal && rp.body.len && !rp.auth_challenge) {
		struct ivm_buf sealed = IVM_BUF_INIT;
		struct ivm_err err;
		if (ivm_seal_wrap(lc->gss, rp.seal, rp.body.data, rp.body.len, &sealed, &err) == 0) {
			if (rp.tamper) /* the last byte of the ciphertext, just before the closing boundary */
				sealed.data[sealed.len - strlen("--Encrypted Boundary--\r\n") - 1] ^= 0x01;
			ivm_buf_clear(&ctype);
			ivm_seal_content_type(&ctype, rp.seal);
		} else {
			rp.status = 500;
		}
		ivm_buf_wipe(&rp.body);
		rp.body = sealed;
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(rp.body.len, rp.body.data, MHD_RESPMEM_MUST_COPY);
	if (rp.scheme && rp.token.len) {
		struct ivm_buf h = IVM_BUF_INIT;
		ivm_buf_addf(&h, "%s ", rp.scheme);
		ivm_b64_encode(&h, rp.token.data, rp.token.len);
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, ivm_buf_str(&h));
		ivm_buf_release(&h);
	} else if (rp.auth_challenge) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Negotiate");
		if (!ep->srv->deny_unencrypted)
			MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Basic realm=\"WSMAN\"");
	}
	if (rp.body.len && !rp.auth_challenge)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ivm_buf_str(&ctype));
	enum MHD_Result ret = MHD_queue_response(conn, rp.auth_challenge ? 401 : rp.status, r);
	MHD_destroy_response(r);
	ivm_buf_wipe(&rp.body);
	ivm_buf_release(&rp.token);
	ivm_buf_release(&ctype);
	return ret;
}

/* NTLM and Kerberos authenticate the connection: its context lives as long. */
static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_context, enum MHD_ConnectionNotificationCode code)
{
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = ivm_lab_conn_new();
	} else {
		struct ivm_lab_conn *lc = *socket_context;
		ivm_lab_conn_free(&lc);
		*socket_context = NULL;
	}
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;
	if (up) {
		ivm_buf_wipe(&up->body);
		free(up);
		*con_cls = NULL;
	}
}

static int
start_endpoint(struct ivm_lab_server *srv, struct endpoint *ep, unsigned port, struct ivm_err *err)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ep->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL,
	                         on_request, ep,
	                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	                         MHD_OPTION_NOTIFY_COMPLETED, on_completed, ep,
	                         MHD_OPTION_NOTIFY_CONNECTION, on_connection, ep,
	                         MHD_OPTION_END);
	if (ep->d == NULL) {
		ivm_err_set(err, IVM_E_IO, "starting the lab's WinRM endpoint",
		            port ? "Choose another --port, or leave it out to let the system pick free ports." :
		                   "Check that this machine allows listening on 127.0.0.1.",
		            "cannot listen on 127.0.0.1 port %u for %s", port, ivm_lab_host_fqdn(ep->host));
		return -1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(ep->d, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(ep->url, sizeof(ep->url), "http://127.0.0.1:%u/wsman", di ? di->port : port);
	return 0;
}

struct ivm_lab_server *
ivm_lab_server_start(struct ivm_lab *lab, const struct ivm_lab_server_opts *o, struct ivm_err *err)
{
	struct ivm_lab_server *srv = ivm_xcalloc(1, sizeof(*srv));
	srv->lab = lab;
	pthread_mutex_init(&srv->mu, NULL);
	srv->t0 = mono_ms();
	struct timespec wall;
	clock_gettime(CLOCK_REALTIME, &wall);
	srv->wall0 = (long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000;
	srv->latency_ms = o->latency_ms;
	srv->slow_ms = o->slow_ms ? o->slow_ms : 65000;
	srv->instant = o->instant;
	srv->deny_unencrypted = o->deny_unencrypted;
	if (o->nfaults) {
		srv->faults = ivm_xcalloc(o->nfaults, sizeof(*srv->faults));
		memcpy(srv->faults, o->faults, o->nfaults * sizeof(*srv->faults));
		srv->nfaults = o->nfaults;
	}
	ivm_lab_set_clock(lab, lab_clock, srv);
	ivm_lab_set_instant(lab, o->instant);
	if ((srv->ntlm_users = ivm_lab_ntlm_users_write(lab, err)) == NULL) {
		ivm_lab_server_stop(&srv);
		return NULL;
	}
	size_t n = ivm_lab_nhosts(lab);
	for (size_t i = 0; i < n && i < MAX_ENDPOINTS; i++) {
		struct endpoint *ep = &srv->ep[i];
		ep->srv = srv;
		ep->index = i;
		ep->host = ivm_lab_host_at(lab, i);
		srv->nep++;
		if (start_endpoint(srv, ep, o->port ? o->port + (unsigned)i : 0, err) < 0) {
			ivm_lab_server_stop(&srv);
			return NULL;
		}
	}
	return srv;
}

void
ivm_lab_server_stop(struct ivm_lab_server **sp)
{
	if (sp == NULL || *sp == NULL)
		return;
	struct ivm_lab_server *srv = *sp;
	srv->stopping = 1;
	for (size_t i = 0; i < srv->nep; i++)
		if (srv->ep[i].d)
			MHD_stop_daemon(srv->ep[i].d);
	while (srv->shells)
		drop_shell(srv, srv->shells);
	ivm_lab_ntlm_users_remove(&srv->ntlm_users);
	ivm_lab_set_clock(srv->lab, NULL, NULL);
	pthread_mutex_destroy(&srv->mu);
	free(srv->faults);
	free(srv);
	*sp = NULL;
}

size_t
ivm_lab_server_nendpoints(const struct ivm_lab_server *srv)
{
	return srv->nep;
}

const char *
ivm_lab_server_host(const struct ivm_lab_server *srv, size_t i)
{
	return i < srv->nep ? ivm_lab_host_fqdn(srv->ep[i].host) : NULL;
}

const char *
ivm_lab_server_url(const struct ivm_lab_server *srv, size_t i)
{
	return i < srv->nep ? srv->ep[i].url : NULL;
}

const char *
ivm_lab_server_url_of(const struct ivm_lab_server *srv, const char *host)
{
	for (size_t i = 0; i < srv->nep; i++)
		if (strcasecmp(host, ivm_lab_host_fqdn(srv->ep[i].host)) == 0 ||
		    strcasecmp(host, ivm_lab_host_netbios(srv->ep[i].host)) == 0)
			return srv->ep[i].url;
	return NULL;
}

unsigned long
ivm_lab_server_requests(struct ivm_lab_server *srv, size_t i)
{
	pthread_mutex_lock(&srv->mu);
	unsigned long n = i < srv->nep ? srv->ep[i].requests : 0;
	pthread_mutex_unlock(&srv->mu);
	return n;
}

void
ivm_lab_server_print_stats(struct ivm_lab_server *srv, FILE *fp)
{
	unsigned long total = 0;
	for (size_t i = 0; i < srv->nep; i++) {
		unsigned long n = ivm_lab_server_requests(srv, i);
		total += n;
		fprintf(fp, "stats %s requests %lu\n", ivm_lab_server_host(srv, i), n);
	}
	fprintf(fp, "stats total requests %lu\n", total);
}
