/* tests/testsrv.c: a scripted, recording HTTP(S) server on 127.0.0.1 for the WinRM client tests. */
#include "config.h"

#include "tests/testsrv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <microhttpd.h>

#include "core/buf.h"
#include "core/ivm.h"
#include "core/xalloc.h"

/* Per-request state while the body arrives. */
struct rqctx {
	struct ivm_buf body;
	int too_big;
};

struct testsrv {
	struct MHD_Daemon *d;
	ts_handler h;
	void *ud;
	int tls;
	size_t max_body;
	unsigned port;
	char url[64];
	char *cert;
	char *key;

	pthread_mutex_t mu;
	pthread_cond_t cv;   /* a request was recorded, or the server is stopping */
	int stopping;
	struct ts_request **rq;
	unsigned nrq;
	unsigned caprq;
	unsigned nconn;
	unsigned nopen;
};

/* Header fields a client test asserts on, copied out of the SOAP message. */
struct soap_field {
	const char *local;   /* element local name */
	int in_header;       /* only as a direct child of s:Header */
	size_t off;
	size_t size;
};

#define FIELD(name, hdr, member) \
	{ name, hdr, offsetof(struct ts_request, member), sizeof(((struct ts_request *)0)->member) }

static const struct soap_field soap_fields[] = {
	FIELD("Action", 1, action),
	FIELD("MessageID", 1, message_id),
	FIELD("CommandId", 0, command_id),
};

static void
copy_trimmed(char *dst, size_t size, const char *src)
{
	while (*src == ' ' || *src == '\t' || *src == '\r' || *src == '\n')
		src++;
	size_t n = strlen(src);
	while (n > 0 && (src[n - 1] == ' ' || src[n - 1] == '\t' ||
	    src[n - 1] == '\r' || src[n - 1] == '\n'))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void
take_text(char *dst, size_t size, xmlNode *n)
{
	if (dst[0] != '\0')
		return;
	xmlChar *t = xmlNodeGetContent(n);
	if (t != NULL) {
		copy_trimmed(dst, size, (const char *)t);
		xmlFree(t);
	}
}

static void
take_attr(char *dst, size_t size, xmlNode *n, const char *attr)
{
	if (dst[0] != '\0')
		return;
	xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
	if (v != NULL) {
		copy_trimmed(dst, size, (const char *)v);
		xmlFree(v);
	}
}

static int
is_named(xmlNode *n, const char *local)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, local) == 0;
}

static void
scan_element(struct ts_request *rq, xmlNode *n)
{
	for (size_t i = 0; i < IVM_COUNT(soap_fields); i++) {
		const struct soap_field *f = &soap_fields[i];
		if (!is_named(n, f->local))
			continue;
		if (f->in_header && !is_named(n->parent, "Header"))
			continue;
		take_text((char *)rq + f->off, f->size, n);
	}
	if (is_named(n, "Selector")) {
		xmlChar *name = xmlGetProp(n, (const xmlChar *)"Name");
		if (name != NULL && strcmp((const char *)name, "ShellId") == 0)
			take_text(rq->shell_id, sizeof rq->shell_id, n);
		xmlFree(name);
	}
	take_attr(rq->command_id, sizeof rq->command_id, n, "CommandId");
}

static void
scan_tree(struct ts_request *rq, xmlNode *n)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		scan_element(rq, n);
		scan_tree(rq, n->children);
	}
}

static void
parse_soap(struct ts_request *rq)
{
	if (rq->body_len == 0 || rq->body_len > INT_MAX)
		return;
	xmlDoc *doc = xmlReadMemory(rq->body, (int)rq->body_len, "request.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		return;
	scan_tree(rq, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
}

static enum MHD_Result
add_header_line(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	ivm_buf_addf(cls, "%s: %s\n", key, value ? value : "");
	return MHD_YES;
}

static const char *
hdr(struct MHD_Connection *c, const char *name)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
	return v ? v : "";
}

static unsigned
connection_id(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? (unsigned)(uintptr_t)ci->socket_context : 0;
}

static void
client_ip(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (ci == NULL || ci->client_addr == NULL)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    out, (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    out, (socklen_t)size);
}

static struct ts_request *
build_request(struct testsrv *s, struct MHD_Connection *c, const char *url,
    const char *method, struct rqctx *x)
{
	struct ts_request *rq = ivm_xcalloc(1, sizeof *rq);
	struct ivm_buf h = IVM_BUF_INIT;

	rq->conn_id = connection_id(c);
	rq->tls = s->tls;
	snprintf(rq->method, sizeof rq->method, "%s", method);
	snprintf(rq->url, sizeof rq->url, "%s", url);
	snprintf(rq->host, sizeof rq->host, "%s", hdr(c, MHD_HTTP_HEADER_HOST));
	snprintf(rq->content_type, sizeof rq->content_type, "%s",
	    hdr(c, MHD_HTTP_HEADER_CONTENT_TYPE));
	client_ip(c, rq->client_ip, sizeof rq->client_ip);
	rq->authorization = ivm_xstrdup(hdr(c, MHD_HTTP_HEADER_AUTHORIZATION));
	MHD_get_connection_values(c, MHD_HEADER_KIND, add_header_line, &h);
	rq->headers = ivm_buf_steal(&h);
	rq->body_too_big = x->too_big;
	rq->body_len = x->body.len;
	rq->body = ivm_buf_steal(&x->body);
	parse_soap(rq);
	return rq;
}

static void
record(struct testsrv *s, struct ts_request *rq)
{
	pthread_mutex_lock(&s->mu);
	if (s->nrq == s->caprq) {
		s->caprq = s->caprq ? s->caprq * 2 : 16;
		s->rq = ivm_xrealloc(s->rq, s->caprq * sizeof *s->rq);
	}
	rq->index = s->nrq;
	s->rq[s->nrq++] = rq;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

static void
deadline_after(struct timespec *ts, unsigned ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Sleep that testsrv_free can cut short; false when it did. */
static int
pause_ms(struct testsrv *s, unsigned ms)
{
	struct timespec until;
	deadline_after(&until, ms);
	pthread_mutex_lock(&s->mu);
	while (!s->stopping)
		if (pthread_cond_timedwait(&s->cv, &s->mu, &until) == ETIMEDOUT)
			break;
	int ok = !s->stopping;
	pthread_mutex_unlock(&s->mu);
	return ok;
}

struct cut_body {
	char *data;
	size_t cut;
};

static ssize_t
read_cut(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct cut_body *cb = cls;
	if (pos >= cb->cut)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	size_t n = cb->cut - (size_t)pos;
	if (n > max)
		n = max;
	memcpy(buf, cb->data + pos, n);
	return (ssize_t)n;
}

static void
free_cut(void *cls)
{
	struct cut_body *cb = cls;
	free(cb->data);
	free(cb);
}

static struct MHD_Response *
truncated_response(const struct ts_response *rs)
{
	size_t len = rs->body.len;
	if (len == 0) {
		/* nothing to cut: at least make the connection go away */
		struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
		return r;
	}
	struct cut_body *cb = ivm_xmalloc(sizeof *cb);
	cb->data = ivm_xmalloc(len);
	memcpy(cb->data, rs->body.data, len);
	cb->cut = rs->truncate_at < len ? rs->truncate_at : len - 1;
	return MHD_create_response_from_callback(len, 4096, read_cut, cb, free_cut);
}

static enum MHD_Result
send_reply(struct testsrv *s, struct MHD_Connection *c, struct ts_response *rs)
{
	if ((rs->mode == TS_DELAY || rs->delay_ms > 0) && !pause_ms(s, rs->delay_ms))
		return MHD_NO;
	if (rs->mode == TS_DROP)
		return MHD_NO;

	struct MHD_Response *r;
	if (rs->mode == TS_TRUNCATE)
		r = truncated_response(rs);
	else
		r = MHD_create_response_from_buffer(rs->body.len, rs->body.data,
		    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	if (rs->content_type[0] != '\0')
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	if (rs->status == MHD_HTTP_UNAUTHORIZED && rs->www_authenticate[0] != '\0')
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    rs->www_authenticate);
	enum MHD_Result ret = MHD_queue_response(c, rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
serve(struct testsrv *s, struct MHD_Connection *c, const char *url, const char *method,
    struct rqctx *x)
{
	struct ts_request *rq = build_request(s, c, url, method, x);
	record(s, rq);

	struct ts_response rs;
	memset(&rs, 0, sizeof rs);
	rs.status = MHD_HTTP_OK;
	snprintf(rs.content_type, sizeof rs.content_type, "%s", TESTSRV_DEFAULT_CTYPE);
	if (rq->body_too_big) {
		rs.status = 413; /* the name of this constant changed across MHD versions */
		rs.content_type[0] = '\0';
	} else if (s->h != NULL) {
		s->h(s->ud, rq, &rs);
	}
	enum MHD_Result ret = send_reply(s, c, &rs);
	ivm_buf_release(&rs.body);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **req_cls)
{
	struct testsrv *s = cls;
	struct rqctx *x = *req_cls;
	(void)version;

	if (x == NULL) {
		*req_cls = ivm_xcalloc(1, sizeof *x);
		return MHD_YES;
	}
	if (*upload_size != 0) {
		/* Keep reading past the cap (and drop it) so the 413 goes out on a
		 * clean connection instead of racing the client's upload with a RST. */
		if (!x->too_big && x->body.len + *upload_size > s->max_body) {
			x->too_big = 1;
			ivm_buf_release(&x->body);
		}
		if (!x->too_big)
			ivm_buf_add(&x->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	return serve(s, c, url, method, x);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct rqctx *x = *req_cls;
	(void)cls;
	(void)c;
	(void)toe;
	if (x == NULL)
		return;
	ivm_buf_release(&x->body);
	free(x);
	*req_cls = NULL;
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_ctx,
    enum MHD_ConnectionNotificationCode code)
{
	struct testsrv *s = cls;
	(void)c;
	pthread_mutex_lock(&s->mu);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_ctx = (void *)(uintptr_t)++s->nconn;
		s->nopen++;
	} else if (s->nopen > 0) {
		s->nopen--;
	}
	pthread_mutex_unlock(&s->mu);
}

static void
init_sync(struct testsrv *s)
{
	pthread_condattr_t ca;
	pthread_mutex_init(&s->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cv, &ca);
	pthread_condattr_destroy(&ca);
}

static void
free_request(struct ts_request *rq)
{
	free(rq->body);
	free(rq->authorization);
	free(rq->headers);
	free(rq);
}

static void
destroy(struct testsrv *s)
{
	for (unsigned i = 0; i < s->nrq; i++)
		free_request(s->rq[i]);
	free(s->rq);
	free(s->cert);
	free(s->key);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

static struct MHD_Daemon *
start_daemon(struct testsrv *s)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = 0;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	struct MHD_OptionItem tls_opts[] = {
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, s->key },
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, s->cert },
		{ MHD_OPTION_END, 0, NULL },
	};
	struct MHD_OptionItem no_opts[] = { { MHD_OPTION_END, 0, NULL } };
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_AUTO | (s->tls ? MHD_USE_TLS : 0);

	/* 64 KiB per connection: Kerberos Authorization headers run to several KiB. */
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
	    MHD_OPTION_ARRAY, s->tls ? tls_opts : no_opts,
	    MHD_OPTION_END);
}

struct testsrv *
testsrv_new(ts_handler h, void *ud, const struct testsrv_opts *o)
{
	if (o != NULL && (o->cert_pem == NULL) != (o->key_pem == NULL)) {
		fprintf(stderr, "testsrv: HTTPS needs both cert_pem and key_pem; "
		    "pass both, or neither for plain HTTP\n");
		return NULL;
	}
	struct testsrv *s = ivm_xcalloc(1, sizeof *s);
	s->h = h;
	s->ud = ud;
	s->max_body = o != NULL && o->max_body != 0 ? o->max_body : TESTSRV_MAX_BODY;
	if (o != NULL && o->cert_pem != NULL && o->key_pem != NULL) {
		s->tls = 1;
		s->cert = ivm_xstrdup(o->cert_pem);
		s->key = ivm_xstrdup(o->key_pem);
	}
	init_sync(s);
	/* libxml2 wants its globals set up once before threads parse */
	xmlInitParser();

	if (s->tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		fprintf(stderr, "testsrv: this libmicrohttpd has no TLS support; "
		    "install one built with GnuTLS to run the HTTPS tests\n");
		destroy(s);
		return NULL;
	}
	/* A client that hangs up mid-reply must not kill the test binary. */
	if (MHD_is_feature_supported(MHD_FEATURE_AUTOSUPPRESS_SIGPIPE) != MHD_YES)
		signal(SIGPIPE, SIG_IGN);

	s->d = start_daemon(s);
	if (s->d == NULL) {
		fprintf(stderr, "testsrv: libmicrohttpd would not start an HTTP%s daemon on "
		    "127.0.0.1:0; check the certificate and key PEM text, and that loopback "
		    "is up\n", s->tls ? "S" : "");
		destroy(s);
		return NULL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di != NULL ? di->port : 0;
	snprintf(s->url, sizeof s->url, "%s://127.0.0.1:%u/wsman", s->tls ? "https" : "http",
	    s->port);
	return s;
}

unsigned
testsrv_port(const struct testsrv *s)
{
	return s->port;
}

const char *
testsrv_url(const struct testsrv *s)
{
	return s->url;
}

unsigned
testsrv_nrequests(struct testsrv *s)
{
	pthread_mutex_lock(&s->mu);
	unsigned n = s->nrq;
	pthread_mutex_unlock(&s->mu);
	return n;
}

unsigned
testsrv_nconnections(struct testsrv *s)
{
	pthread_mutex_lock(&s->mu);
	unsigned n = s->nconn;
	pthread_mutex_unlock(&s->mu);
	return n;
}

unsigned
testsrv_nopen(struct testsrv *s)
{
	pthread_mutex_lock(&s->mu);
	unsigned n = s->nopen;
	pthread_mutex_unlock(&s->mu);
	return n;
}

const struct ts_request *
testsrv_request(struct testsrv *s, unsigned i)
{
	pthread_mutex_lock(&s->mu);
	const struct ts_request *rq = i < s->nrq ? s->rq[i] : NULL;
	pthread_mutex_unlock(&s->mu);
	return rq;
}

bool
testsrv_wait_requests(struct testsrv *s, unsigned n, unsigned timeout_ms)
{
	struct timespec until;
	deadline_after(&until, timeout_ms);
	pthread_mutex_lock(&s->mu);
	while (s->nrq < n && !s->stopping)
		if (pthread_cond_timedwait(&s->cv, &s->mu, &until) == ETIMEDOUT)
			break;
	bool ok = s->nrq >= n;
	pthread_mutex_unlock(&s->mu);
	return ok;
}

void
testsrv_free(struct testsrv **sp)
{
	struct testsrv *s = *sp;
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->mu);
	s->stopping = 1;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	MHD_stop_daemon(s->d);
	destroy(s);
	*sp = NULL;
}

bool
ts_request_header(const struct ts_request *rq, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name);
	for (const char *p = rq->headers; *p != '\0'; ) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);
		if (ll >= nl + 1 && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			size_t vl = ll - (size_t)(v - p);
			if (outsz > 0) {
				if (vl >= outsz)
					vl = outsz - 1;
				memcpy(out, v, vl);
				out[vl] = '\0';
			}
			return true;
		}
		if (eol == NULL)
			break;
		p = eol + 1;
	}
	return false;
}

char *
testsrv_slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return NULL;
	struct ivm_buf b = IVM_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		ivm_buf_add(&b, chunk, n);
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		ivm_buf_release(&b);
		errno = EIO;
		return NULL;
	}
	return ivm_buf_steal(&b);
}
