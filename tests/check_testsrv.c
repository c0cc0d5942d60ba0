/* tests/check_testsrv.c: Check suite "testsrv": the test HTTP server and the fake WinRS endpoint, driven with raw libcurl. */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <check.h>
#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <uuid/uuid.h>

#include "core/b64.h"
#include "core/buf.h"
#include "core/ivm.h"
#include "core/xalloc.h"
#include "tests/fake_winrs.h"
#include "tests/testsrv.h"
#include "tests/testutil.h"

#ifndef IVM_SRCDIR
#define IVM_SRCDIR "."
#endif

#define TLS_CRT IVM_SRCDIR "/tests/fixtures/tls/localhost.crt"
#define TLS_KEY IVM_SRCDIR "/tests/fixtures/tls/localhost.key"
#define RECORDED IVM_SRCDIR "/tests/fixtures/windows-recorded/"

#define NS_RSP "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
#define A_CREATE "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create"
#define A_DELETE "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete"
#define A_COMMAND NS_RSP "/Command"
#define A_RECEIVE NS_RSP "/Receive"
#define A_SEND NS_RSP "/Send"
#define A_SIGNAL NS_RSP "/Signal"
#define TERMINATE NS_RSP "/signal/terminate"
#define STATE_DONE NS_RSP "/CommandState/Done"
#define STATE_RUNNING NS_RSP "/CommandState/Running"

/* --- raw HTTP with libcurl ---------------------------------------------- */

struct reply {
	CURLcode rc;
	long status;
	struct ivm_buf body;
	struct ivm_buf headers;
	long ms;
};

static size_t
sink(char *p, size_t size, size_t n, void *ud)
{
	ivm_buf_add(ud, p, size * n);
	return size * n;
}

static CURL *
easy(long timeout_ms)
{
	CURL *h = curl_easy_init();
	ck_assert_ptr_nonnull(h);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, sink);
	return h;
}

static void
reply_release(struct reply *r)
{
	ivm_buf_release(&r->body);
	ivm_buf_release(&r->headers);
}

/* POST body (or GET when body is NULL) to url; extra is one more header or NULL. */
static void
http(CURL *h, const char *url, const char *body, const char *extra, struct reply *r)
{
	struct curl_slist *hl = NULL;
	reply_release(r);
	memset(r, 0, sizeof *r);
	if (extra == NULL || strncasecmp(extra, "Content-Type:", 13) != 0)
		hl = curl_slist_append(hl, "Content-Type: application/soap+xml;charset=UTF-8");
	if (extra != NULL)
		hl = curl_slist_append(hl, extra);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &r->headers);
	if (body != NULL) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	} else {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	}
	long long t0 = tu_now_ms();
	r->rc = curl_easy_perform(h);
	r->ms = tu_now_ms() - t0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hl);
}

static char *
url_path(const struct testsrv *s, const char *path)
{
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_buf_addf(&b, "http://127.0.0.1:%u%s", testsrv_port(s), path);
	return ivm_buf_steal(&b);
}

/* --- a scripted handler keyed on the URL path ----------------------------- */

struct script {
	unsigned delay_ms;
	unsigned calls;
	pthread_mutex_t mu;
};

static void
script_handler(void *ud, const struct ts_request *rq, struct ts_response *rs)
{
	struct script *sc = ud;
	pthread_mutex_lock(&sc->mu);
	sc->calls++;
	pthread_mutex_unlock(&sc->mu);
	if (strcmp(rq->url, "/drop") == 0) {
		rs->mode = TS_DROP;
	} else if (strcmp(rq->url, "/trunc") == 0) {
		for (int i = 0; i < 1000; i++)
			ivm_buf_addc(&rs->body, 'x');
		rs->mode = TS_TRUNCATE;
		rs->truncate_at = 100;
	} else if (strcmp(rq->url, "/slow") == 0) {
		rs->mode = TS_DELAY;
		rs->delay_ms = sc->delay_ms;
		ivm_buf_adds(&rs->body, "slow");
	} else if (strcmp(rq->url, "/denied") == 0) {
		rs->status = 401;
		rs->content_type[0] = '\0';
		snprintf(rs->www_authenticate, sizeof rs->www_authenticate, "Basic realm=\"T\"");
	} else if (strcmp(rq->url, "/text") == 0) {
		snprintf(rs->content_type, sizeof rs->content_type, "text/plain");
		ivm_buf_adds(&rs->body, "plain");
	} else {
		ivm_buf_addf(&rs->body, "%s %s #%u", rq->method, rq->url, rq->index);
	}
}

static struct script *
script_new(void)
{
	struct script *sc = ivm_xcalloc(1, sizeof *sc);
	pthread_mutex_init(&sc->mu, NULL);
	return sc;
}

static void
script_free(struct script *sc)
{
	pthread_mutex_destroy(&sc->mu);
	free(sc);
}

static int
has_header(const struct reply *r, const char *line)
{
	return strstr(ivm_buf_str(&r->headers), line) != NULL;
}

/* --- SOAP requests in our own prefixes (Windows' replies use others) ------ */

static void
new_msgid(char out[48])
{
	uuid_t u;
	char s[37];
	uuid_generate_random(u);
	uuid_unparse_lower(u, s);
	snprintf(out, 48, "uuid:%s", s);
}

static char *
envelope(const char *action, const char *msgid, const char *shell, const char *options,
    const char *body)
{
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_buf_adds(&b, "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" "
	    "xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
	    "xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
	    "xmlns:sh=\"" NS_RSP "\"><env:Header>"
	    "<wsa:To>http://windows-host:5985/wsman</wsa:To>"
	    "<wsa:ReplyTo><wsa:Address env:mustUnderstand=\"true\">"
	    "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
	    "</wsa:Address></wsa:ReplyTo>"
	    "<wsman:MaxEnvelopeSize env:mustUnderstand=\"true\">153600</wsman:MaxEnvelopeSize>");
	ivm_buf_addf(&b, "<wsa:MessageID>%s</wsa:MessageID>"
	    "<wsman:OperationTimeout>PT20S</wsman:OperationTimeout>"
	    "<wsman:ResourceURI env:mustUnderstand=\"true\">" NS_RSP "/cmd</wsman:ResourceURI>"
	    "<wsa:Action env:mustUnderstand=\"true\">%s</wsa:Action>", msgid, action);
	if (shell != NULL)
		ivm_buf_addf(&b, "<wsman:SelectorSet><wsman:Selector Name=\"ShellId\">%s"
		    "</wsman:Selector></wsman:SelectorSet>", shell);
	if (options != NULL)
		ivm_buf_addf(&b, "<wsman:OptionSet>%s</wsman:OptionSet>", options);
	ivm_buf_addf(&b, "</env:Header><env:Body>%s</env:Body></env:Envelope>",
	    body != NULL ? body : "");
	return ivm_buf_steal(&b);
}

/* One WinRM "session": an easy handle, credentials, the last reply. */
struct wsc {
	CURL *h;
	const char *url;
	const char *host;       /* Host header to send, NULL for curl's */
	char msgid[48];
	struct reply r;
};

static void
wsc_open(struct wsc *c, const struct testsrv *s, const char *userpwd)
{
	memset(c, 0, sizeof *c);
	c->h = easy(10000);
	c->url = testsrv_url(s);
	if (userpwd != NULL) {
		curl_easy_setopt(c->h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		curl_easy_setopt(c->h, CURLOPT_USERPWD, userpwd);
	}
}

static void
wsc_close(struct wsc *c)
{
	curl_easy_cleanup(c->h);
	reply_release(&c->r);
}

static long
wsc_call(struct wsc *c, const char *action, const char *shell, const char *options,
    const char *body)
{
	char host[300];
	new_msgid(c->msgid);
	char *env = envelope(action, c->msgid, shell, options, body);
	if (c->host != NULL)
		snprintf(host, sizeof host, "Host: %s", c->host);
	http(c->h, c->url, env, c->host != NULL ? host : NULL, &c->r);
	free(env);
	ck_assert_int_eq(c->r.rc, CURLE_OK);
	return c->r.status;
}

/* Number of nodes matching expr in xml; the first one's string value in out. */
static int
xq(const char *xml, const char *expr, char *out, size_t size)
{
	static const char *const ns[][2] = {
		{ "s", "http://www.w3.org/2003/05/soap-envelope" },
		{ "a", "http://schemas.xmlsoap.org/ws/2004/08/addressing" },
		{ "x", "http://schemas.xmlsoap.org/ws/2004/09/transfer" },
		{ "w", "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" },
		{ "rsp", NS_RSP },
		{ "f", "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" },
	};
	int n = 0;
	if (out != NULL && size > 0)
		out[0] = '\0';
	xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), "reply.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	ck_assert_msg(doc != NULL, "reply is not XML: %s", xml);
	xmlXPathContext *ctx = xmlXPathNewContext(doc);
	for (size_t i = 0; i < IVM_COUNT(ns); i++)
		xmlXPathRegisterNs(ctx, (const xmlChar *)ns[i][0], (const xmlChar *)ns[i][1]);
	xmlXPathObject *o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	if (o != NULL && o->nodesetval != NULL && o->nodesetval->nodeNr > 0) {
		n = o->nodesetval->nodeNr;
		xmlChar *t = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
		if (out != NULL && size > 0)
			snprintf(out, size, "%s", t != NULL ? (const char *)t : "");
		xmlFree(t);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return n;
}

static void
expect_text(const char *xml, const char *expr, const char *want)
{
	char got[512];
	ck_assert_msg(xq(xml, expr, got, sizeof got) > 0, "%s missing in %s", expr, xml);
	ck_assert_str_eq(got, want);
}

static int
is_upper_guid(const char *s)
{
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]) || islower((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

/* Every reply header a peer checks: action, own id, anonymous To, RelatesTo. */
static void
expect_reply_header(const struct wsc *c, const char *action)
{
	char mid[128], want[300];
	const char *xml = ivm_buf_str(&c->r.body);
	snprintf(want, sizeof want, "%sResponse", action);
	expect_text(xml, "/s:Envelope/s:Header/a:Action", want);
	expect_text(xml, "/s:Envelope/s:Header/a:RelatesTo", c->msgid);
	expect_text(xml, "/s:Envelope/s:Header/a:To",
	    "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous");
	ck_assert_int_eq(xq(xml, "/s:Envelope/s:Header/a:MessageID", mid, sizeof mid), 1);
	ck_assert_msg(strncmp(mid, "uuid:", 5) == 0 && is_upper_guid(mid + 5), "%s", mid);
	ck_assert_str_ne(mid, c->msgid);
}

static void
expect_fault(const struct wsc *c, const char *code, const char *subcode)
{
	const char *xml = ivm_buf_str(&c->r.body);
	ck_assert_int_eq(c->r.status, 500);
	expect_text(xml, "/s:Envelope/s:Header/a:Action",
	    "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault");
	expect_text(xml, "/s:Envelope/s:Header/a:RelatesTo", c->msgid);
	expect_text(xml, "//s:Fault/s:Code/s:Subcode/s:Value", subcode);
	expect_text(xml, "//s:Detail/f:WSManFault/@Code", code);
}

/* Open a shell, start one command; the shell and command ids come back. */
static void
start_command(struct wsc *c, char *shell, size_t nshell, char *cid, size_t ncid)
{
	ck_assert_int_eq(wsc_call(c, A_CREATE, NULL,
	    "<wsman:Option Name=\"WINRS_CODEPAGE\">65001</wsman:Option>",
	    "<sh:Shell><sh:InputStreams>stdin</sh:InputStreams>"
	    "<sh:OutputStreams>stdout stderr</sh:OutputStreams></sh:Shell>"), 200);
	ck_assert_int_eq(xq(ivm_buf_str(&c->r.body), "//rsp:Shell/rsp:ShellId", shell, nshell), 1);
	ck_assert_int_eq(wsc_call(c, A_COMMAND, shell, NULL,
	    "<sh:CommandLine><sh:Command>cmd.exe</sh:Command><sh:Arguments>/c</sh:Arguments>"
	    "<sh:Arguments>echo hi</sh:Arguments></sh:CommandLine>"), 200);
	ck_assert_int_eq(xq(ivm_buf_str(&c->r.body), "//rsp:CommandResponse/rsp:CommandId",
	    cid, ncid), 1);
}

static long
receive(struct wsc *c, const char *shell, const char *cid)
{
	char body[300];
	snprintf(body, sizeof body, "<sh:Receive><sh:DesiredStream CommandId=\"%s\">"
	    "stdout stderr</sh:DesiredStream></sh:Receive>", cid);
	return wsc_call(c, A_RECEIVE, shell, NULL, body);
}

static long
signal_cmd(struct wsc *c, const char *shell, const char *cid)
{
	char body[400];
	snprintf(body, sizeof body, "<sh:Signal CommandId=\"%s\"><sh:Code>" TERMINATE
	    "</sh:Code></sh:Signal>", cid);
	return wsc_call(c, A_SIGNAL, shell, NULL, body);
}

static void
state_of(const struct wsc *c, char *out, size_t size)
{
	ck_assert_int_eq(xq(ivm_buf_str(&c->r.body), "//rsp:CommandState/@State", out, size), 1);
}

/* The stdout of one ReceiveResponse, decoded. */
static void
stdout_of(const struct wsc *c, struct ivm_buf *out)
{
	xmlDoc *doc = xmlReadMemory(c->r.body.data, (int)c->r.body.len, "r.xml", NULL, 0);
	ck_assert_ptr_nonnull(doc);
	xmlXPathContext *ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"rsp", (const xmlChar *)NS_RSP);
	xmlXPathObject *o = xmlXPathEvalExpression(
	    (const xmlChar *)"//rsp:Stream[@Name='stdout']", ctx);
	for (int i = 0; o->nodesetval != NULL && i < o->nodesetval->nodeNr; i++) {
		xmlChar *t = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
		ck_assert(ivm_b64_decode(out, (const char *)t, strlen((const char *)t)));
		xmlFree(t);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
}

/* --- testsrv itself ------------------------------------------------------ */

START_TEST(test_ports_distinct)
{
	struct testsrv *a = testsrv_new(NULL, NULL, NULL);
	struct testsrv *b = testsrv_new(NULL, NULL, NULL);
	char want[64];
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_ne(testsrv_port(a), 0);
	ck_assert_uint_ne(testsrv_port(b), 0);
	ck_assert_uint_ne(testsrv_port(a), testsrv_port(b));
	snprintf(want, sizeof want, "http://127.0.0.1:%u/wsman", testsrv_port(a));
	ck_assert_str_eq(testsrv_url(a), want);
	ck_assert_uint_eq(testsrv_nrequests(a), 0);
	ck_assert_ptr_null(testsrv_request(a, 0));
	testsrv_free(&a);
	testsrv_free(&b);
	ck_assert_ptr_null(a);
	testsrv_free(&a);   /* a second free is harmless */
}
END_TEST

START_TEST(test_keepalive_counts)
{
	struct script *sc = script_new();
	struct testsrv *s = testsrv_new(script_handler, sc, NULL);
	struct reply r = { 0 };
	CURL *h = easy(5000), *h2 = easy(5000);

	http(h, testsrv_url(s), "<a/>", NULL, &r);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_str_eq(ivm_buf_str(&r.body), "POST /wsman #0");
	http(h, testsrv_url(s), "<b/>", NULL, &r);
	ck_assert_str_eq(ivm_buf_str(&r.body), "POST /wsman #1");
	ck_assert_uint_eq(testsrv_nconnections(s), 1);
	ck_assert_uint_eq(testsrv_nrequests(s), 2);
	ck_assert_uint_eq(testsrv_request(s, 0)->conn_id, 1);
	ck_assert_uint_eq(testsrv_request(s, 1)->conn_id, 1);
	ck_assert_uint_eq(testsrv_nopen(s), 1);

	/* another handle is another connection */
	http(h2, testsrv_url(s), NULL, NULL, &r);
	ck_assert_str_eq(ivm_buf_str(&r.body), "GET /wsman #2");
	ck_assert_uint_eq(testsrv_nconnections(s), 2);
	ck_assert_uint_eq(testsrv_request(s, 2)->conn_id, 2);
	ck_assert_str_eq(testsrv_request(s, 2)->method, "GET");
	ck_assert_uint_eq(sc->calls, 3);

	curl_easy_cleanup(h);
	curl_easy_cleanup(h2);
	reply_release(&r);
	testsrv_free(&s);
	script_free(sc);
}
END_TEST

START_TEST(test_recording)
{
	struct testsrv *s = testsrv_new(NULL, NULL, NULL);
	struct reply r = { 0 };
	CURL *h = easy(5000);
	char v[64];
	/* default-namespace elements and odd prefixes: names are matched locally */
	const char *body =
	    "<Envelope xmlns=\"http://www.w3.org/2003/05/soap-envelope\" "
	    "xmlns:q=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
	    "xmlns:z=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\"><Header>"
	    "<q:Action>  urn:act  </q:Action><q:MessageID>uuid:m-1</q:MessageID>"
	    "<z:SelectorSet><z:Selector Name=\"Other\">no</z:Selector>"
	    "<z:Selector Name=\"ShellId\">SH-1</z:Selector></z:SelectorSet></Header>"
	    "<Body><r:Receive xmlns:r=\"" NS_RSP "\"><r:DesiredStream CommandId=\"C-9\">stdout"
	    "</r:DesiredStream><r:Action>not this</r:Action></r:Receive></Body></Envelope>";

	curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
	curl_easy_setopt(h, CURLOPT_USERPWD, "alice:s3cret");
	http(h, testsrv_url(s), body, "X-Probe: 42", &r);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.body.len, 0);

	const struct ts_request *rq = testsrv_request(s, 0);
	ck_assert_ptr_nonnull(rq);
	ck_assert_uint_eq(rq->index, 0);
	ck_assert_int_eq(rq->tls, 0);
	ck_assert_str_eq(rq->method, "POST");
	ck_assert_str_eq(rq->url, "/wsman");
	ck_assert_str_eq(rq->client_ip, "127.0.0.1");
	ck_assert_uint_eq(rq->body_len, strlen(body));
	ck_assert_str_eq(rq->body, body);
	ck_assert_str_eq(rq->authorization, "Basic YWxpY2U6czNjcmV0");
	ck_assert_str_eq(rq->content_type, "application/soap+xml;charset=UTF-8");
	ck_assert_str_eq(rq->action, "urn:act");
	ck_assert_str_eq(rq->message_id, "uuid:m-1");
	ck_assert_str_eq(rq->shell_id, "SH-1");
	ck_assert_str_eq(rq->command_id, "C-9");
	ck_assert(ts_request_header(rq, "x-probe", v, sizeof v));
	ck_assert_str_eq(v, "42");
	ck_assert(!ts_request_header(rq, "X-Absent", v, sizeof v));
	snprintf(v, sizeof v, "127.0.0.1:%u", testsrv_port(s));
	ck_assert_str_eq(rq->host, v);

	/* not XML, no credentials: every extracted field is empty, never NULL */
	curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_NONE);
	curl_easy_setopt(h, CURLOPT_USERPWD, NULL);
	http(h, testsrv_url(s), "<<not xml", NULL, &r);
	rq = testsrv_request(s, 1);
	ck_assert_ptr_nonnull(rq);
	ck_assert_str_eq(rq->authorization, "");
	ck_assert_str_eq(rq->action, "");
	ck_assert_str_eq(rq->message_id, "");
	ck_assert_str_eq(rq->body, "<<not xml");
	ck_assert_ptr_null(testsrv_request(s, 2));
	ck_assert(testsrv_wait_requests(s, 2, 10));
	ck_assert(!testsrv_wait_requests(s, 3, 50));

	curl_easy_cleanup(h);
	reply_release(&r);
	testsrv_free(&s);
}
END_TEST

START_TEST(test_status_and_headers)
{
	struct script *sc = script_new();
	struct testsrv *s = testsrv_new(script_handler, sc, NULL);
	struct reply r = { 0 };
	CURL *h = easy(5000);
	char *u = url_path(s, "/denied");

	http(h, u, "<x/>", NULL, &r);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_int_eq(r.status, 401);
	ck_assert(has_header(&r, "WWW-Authenticate: Basic realm=\"T\"\r\n"));
	ck_assert(!has_header(&r, "Content-Type"));
	free(u);

	u = url_path(s, "/text");
	http(h, u, "<x/>", NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert(has_header(&r, "Content-Type: text/plain\r\n"));
	ck_assert_str_eq(ivm_buf_str(&r.body), "plain");
	free(u);

	http(h, testsrv_url(s), "<x/>", NULL, &r);
	ck_assert(has_header(&r, "Content-Type: application/soap+xml;charset=UTF-8\r\n"));
	ck_assert(!has_header(&r, "WWW-Authenticate"));
	ck_assert_uint_eq(testsrv_nconnections(s), 1);   /* a 401 keeps the connection */

	curl_easy_cleanup(h);
	reply_release(&r);
	testsrv_free(&s);
	script_free(sc);
}
END_TEST

START_TEST(test_drop)
{
	struct script *sc = script_new();
	struct testsrv *s = testsrv_new(script_handler, sc, NULL);
	struct reply r = { 0 };
	CURL *h = easy(5000);
	char *u = url_path(s, "/drop");

	http(h, u, "<x/>", NULL, &r);
	ck_assert_int_eq(r.rc, CURLE_GOT_NOTHING);
	ck_assert_uint_eq(testsrv_nrequests(s), 1);
	/* the handle recovers on a new connection */
	http(h, testsrv_url(s), "<x/>", NULL, &r);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_uint_eq(testsrv_nconnections(s), 2);
	/* Worth knowing for the client: a drop on a reused connection makes curl
	 * send the same request again on a new one, once. */
	http(h, u, "<again/>", NULL, &r);
	ck_assert_int_eq(r.rc, CURLE_GOT_NOTHING);
	ck_assert_uint_eq(testsrv_nrequests(s), 4);
	ck_assert_uint_eq(testsrv_nconnections(s), 3);
	ck_assert_str_eq(testsrv_request(s, 2)->body, "<again/>");
	ck_assert_str_eq(testsrv_request(s, 3)->body, "<again/>");
	ck_assert_uint_eq(testsrv_request(s, 3)->conn_id, 3);

	free(u);
	curl_easy_cleanup(h);
	reply_release(&r);
	testsrv_free(&s);
	script_free(sc);
}
END_TEST

START_TEST(test_truncate)
{
	struct script *sc = script_new();
	struct testsrv *s = testsrv_new(script_handler, sc, NULL);
	struct reply r = { 0 };
	CURL *h = easy(5000);
	char *u = url_path(s, "/trunc");

	http(h, u, "<x/>", NULL, &r);
	ck_assert_msg(r.rc == CURLE_PARTIAL_FILE || r.rc == CURLE_RECV_ERROR,
	    "curl said %d %s", r.rc, curl_easy_strerror(r.rc));
	ck_assert_int_eq(r.status, 200);
	ck_assert(has_header(&r, "Content-Length: 1000\r\n"));
	ck_assert_uint_eq(r.body.len, 100);

	free(u);
	curl_easy_cleanup(h);
	reply_release(&r);
	testsrv_free(&s);
	script_free(sc);
}
END_TEST

START_TEST(test_delay_timeout_and_prompt_free)
{
	struct script *sc = script_new();
	struct testsrv *s = testsrv_new(script_handler, sc, NULL);
	struct reply r = { 0 };
	CURL *h = easy(300);
	char *u = url_path(s, "/slow");

	sc->delay_ms = 100;
	http(h, u, "<x/>", NULL, &r);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_str_eq(ivm_buf_str(&r.body), "slow");
	ck_assert_int_ge(r.ms, 90);

	sc->delay_ms = 30000;
	http(h, u, "<x/>", NULL, &r);
	ck_assert_int_eq(r.rc, CURLE_OPERATION_TIMEDOUT);
	ck_assert_int_lt(r.ms, 5000);

	long long t0 = tu_now_ms();
	testsrv_free(&s);
	ck_assert_int_lt(tu_now_ms() - t0, 1000);

	free(u);
	curl_easy_cleanup(h);
	reply_release(&r);
	script_free(sc);
}
END_TEST

struct bg {
	const char *url;
	CURLcode rc;
	long ms;
	pthread_t t;
};

static void *
bg_run(void *arg)
{
	struct bg *b = arg;
	struct reply r = { 0 };
	CURL *h = curl_easy_init();
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 20000L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
	curl_easy_setopt(h, CURLOPT_URL, b->url);
	long long t0 = tu_now_ms();
	b->rc = curl_easy_perform(h);
	b->ms = tu_now_ms() - t0;
	curl_easy_cleanup(h);
	reply_release(&r);
	return NULL;
}

START_TEST(test_delay_blocks_nobody)
{
	struct script *sc = script_new();
	struct testsrv *s = testsrv_new(script_handler, sc, NULL);
	struct reply r = { 0 };
	struct bg b = { 0 };
	CURL *h = easy(5000);
	char *u = url_path(s, "/slow");

	sc->delay_ms = 20000;
	b.url = u;
	ck_assert_int_eq(pthread_create(&b.t, NULL, bg_run, &b), 0);
	ck_assert(testsrv_wait_requests(s, 1, 5000));

	http(h, testsrv_url(s), "<x/>", NULL, &r);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_int_lt(r.ms, 2000);
	ck_assert_uint_eq(testsrv_nconnections(s), 2);

	/* stopping cuts the DELAY short: the slow client gets a closed connection */
	long long t0 = tu_now_ms();
	testsrv_free(&s);
	ck_assert_int_lt(tu_now_ms() - t0, 1000);
	pthread_join(b.t, NULL);
	ck_assert_int_eq(b.rc, CURLE_GOT_NOTHING);
	ck_assert_int_lt(b.ms, 10000);

	free(u);
	curl_easy_cleanup(h);
	reply_release(&r);
	script_free(sc);
}
END_TEST

START_TEST(test_body_cap)
{
	struct script *sc = script_new();
	struct testsrv_opts o = { .max_body = 1024 };
	struct testsrv *s = testsrv_new(script_handler, sc, &o);
	struct reply r = { 0 };
	CURL *h = easy(5000);
	char big[2001];

	memset(big, 'y', 2000);
	big[2000] = '\0';
	http(h, testsrv_url(s), big, NULL, &r);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_int_eq(r.status, 413);
	ck_assert_uint_eq(sc->calls, 0);   /* the handler never saw it */
	const struct ts_request *rq = testsrv_request(s, 0);
	ck_assert_int_eq(rq->body_too_big, 1);
	ck_assert_uint_eq(rq->body_len, 0);

	big[1024] = '\0';   /* exactly the cap is fine */
	http(h, testsrv_url(s), big, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(testsrv_request(s, 1)->body_len, 1024);
	ck_assert_uint_eq(sc->calls, 1);
	curl_easy_cleanup(h);
	testsrv_free(&s);

	/* the default cap takes a few MiB (curl sends Expect: 100-continue here) */
	size_t n = (size_t)3 << 20;
	char *huge = ivm_xmalloc(n + 1);
	memset(huge, 'z', n);
	huge[n] = '\0';
	s = testsrv_new(script_handler, sc, NULL);
	h = easy(20000);
	http(h, testsrv_url(s), huge, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(testsrv_request(s, 0)->body_len, n);
	ck_assert_int_eq(memcmp(testsrv_request(s, 0)->body, huge, n), 0);
	ck_assert_int_eq(testsrv_request(s, 0)->body_too_big, 0);
	char expect[32];
	ck_assert(ts_request_header(testsrv_request(s, 0), "Expect", expect, sizeof expect));
	ck_assert_str_eq(expect, "100-continue");

	free(huge);
	curl_easy_cleanup(h);
	reply_release(&r);
	testsrv_free(&s);
	script_free(sc);
}
END_TEST

START_TEST(test_https)
{
	char *crt = testsrv_slurp(TLS_CRT), *key = testsrv_slurp(TLS_KEY);
	ck_assert_msg(crt != NULL && key != NULL, "cannot read %s / %s", TLS_CRT, TLS_KEY);
	struct testsrv_opts o = { .cert_pem = crt, .key_pem = key };
	struct testsrv *s = testsrv_new(NULL, NULL, &o);
	ck_assert_ptr_nonnull(s);
	struct reply r = { 0 };
	char url[128], pin[128];
	unsigned port = testsrv_port(s);

	snprintf(url, sizeof url, "https://127.0.0.1:%u/wsman", port);
	ck_assert_str_eq(testsrv_url(s), url);
	/* the certificate names localhost only: pin that name to 127.0.0.1 */
	snprintf(url, sizeof url, "https://localhost:%u/wsman", port);
	snprintf(pin, sizeof pin, "localhost:%u:127.0.0.1", port);
	struct curl_slist *res = curl_slist_append(NULL, pin);

	CURL *h = easy(5000);
	curl_easy_setopt(h, CURLOPT_RESOLVE, res);
	curl_easy_setopt(h, CURLOPT_CAINFO, TLS_CRT);
	http(h, url, "<x/>", NULL, &r);
	ck_assert_msg(r.rc == CURLE_OK, "%s", curl_easy_strerror(r.rc));
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(testsrv_request(s, 0)->tls, 1);
	curl_easy_cleanup(h);

	/* the system trust store does not know our certificate */
	h = easy(5000);
	curl_easy_setopt(h, CURLOPT_RESOLVE, res);
	http(h, url, "<x/>", NULL, &r);
	ck_assert_int_eq(r.rc, CURLE_PEER_FAILED_VERIFICATION);
	curl_easy_cleanup(h);

	/* trusted, but the name in the URL is not on the certificate */
	h = easy(5000);
	curl_easy_setopt(h, CURLOPT_CAINFO, TLS_CRT);
	http(h, testsrv_url(s), "<x/>", NULL, &r);
	ck_assert_int_eq(r.rc, CURLE_PEER_FAILED_VERIFICATION);
	curl_easy_cleanup(h);
	ck_assert_uint_eq(testsrv_nrequests(s), 1);

	curl_slist_free_all(res);
	reply_release(&r);
	testsrv_free(&s);
	free(crt);
	free(key);
}
END_TEST

START_TEST(test_https_bad_key)
{
	char *crt = testsrv_slurp(TLS_CRT);
	ck_assert_ptr_nonnull(crt);
	struct testsrv_opts o = { .cert_pem = crt, .key_pem = "not a key" };
	ck_assert_ptr_null(testsrv_new(NULL, NULL, &o));
	o.key_pem = NULL;   /* half a TLS setup is a mistake, not plain HTTP */
	ck_assert_ptr_null(testsrv_new(NULL, NULL, &o));
	ck_assert_ptr_null(testsrv_slurp(IVM_SRCDIR "/tests/fixtures/tls/no-such-file"));
	free(crt);
}
END_TEST

/* --- fake_winrs ---------------------------------------------------------- */

struct fake_env {
	struct fake_winrs f;
	struct testsrv *s;
	struct wsc c;
};

static void
fake_start(struct fake_env *e)
{
	e->s = testsrv_new(fake_winrs_handler, &e->f, NULL);
	ck_assert_ptr_nonnull(e->s);
	wsc_open(&e->c, e->s, "vagrant:Pa55w0rd!");
}

static void
fake_stop(struct fake_env *e)
{
	wsc_close(&e->c);
	testsrv_free(&e->s);
	fake_winrs_release(&e->f);
}

static void
fake_setup(struct fake_env *e)
{
	memset(e, 0, sizeof *e);
	fake_winrs_init(&e->f);
	e->f.user = "vagrant";
	e->f.password = "Pa55w0rd!";
}

START_TEST(test_fake_auth)
{
	struct fake_env e;
	fake_setup(&e);
	fake_start(&e);
	struct wsc anon, wrong;
	wsc_open(&anon, e.s, NULL);
	wsc_open(&wrong, e.s, "vagrant:nope");

	ck_assert_int_eq(wsc_call(&anon, A_CREATE, NULL, NULL, "<sh:Shell/>"), 401);
	ck_assert(has_header(&anon.r, "WWW-Authenticate: Basic realm=\"WSMAN\"\r\n"));
	ck_assert_uint_eq(anon.r.body.len, 0);
	ck_assert_int_eq(wsc_call(&wrong, A_CREATE, NULL, NULL, "<sh:Shell/>"), 401);
	ck_assert_uint_eq(e.f.auth_failures, 2);
	ck_assert_uint_eq(e.f.shells_created, 0);
	ck_assert_int_eq(wsc_call(&e.c, A_CREATE, NULL, NULL, "<sh:Shell/>"), 200);
	ck_assert_uint_eq(e.f.shells_created, 1);
	ck_assert_uint_eq(e.f.requests, 3);

	wsc_close(&anon);
	wsc_close(&wrong);
	fake_stop(&e);
}
END_TEST

START_TEST(test_fake_cycle)
{
	struct fake_env e;
	char shell[64], shell2[64], cid[64], v[256];
	struct ivm_buf out = IVM_BUF_INIT;

	fake_setup(&e);
	e.f.ncmds = 1;
	e.f.cmds[0].stdout_chunks[0] = "hello ";
	e.f.cmds[0].stdout_chunks[1] = "world\r\n";
	e.f.cmds[0].stderr_text = "warn";
	e.f.cmds[0].exit_code = 3;
	fake_start(&e);

	start_command(&e.c, shell, sizeof shell, cid, sizeof cid);
	ck_assert(is_upper_guid(shell));
	ck_assert(is_upper_guid(cid));
	ck_assert_str_eq(e.f.create_codepage, "65001");
	ck_assert_str_eq(e.f.last_command, "cmd.exe");
	ck_assert_str_eq(e.f.last_arguments, "/c echo hi");
	expect_reply_header(&e.c, A_COMMAND);

	ck_assert_int_eq(receive(&e.c, shell, cid), 200);
	expect_reply_header(&e.c, A_RECEIVE);
	state_of(&e.c, v, sizeof v);
	ck_assert_str_eq(v, STATE_DONE);
	expect_text(ivm_buf_str(&e.c.r.body), "//rsp:ExitCode", "3");
	expect_text(ivm_buf_str(&e.c.r.body), "//rsp:Stream[@Name='stderr'][not(@End)]",
	    "d2Fybg==");
	ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body), "//rsp:Stream[@End='true']", NULL, 0), 2);
	stdout_of(&e.c, &out);
	ck_assert_str_eq(ivm_buf_str(&out), "hello world\r\n");

	ck_assert_int_eq(signal_cmd(&e.c, shell, cid), 200);
	expect_reply_header(&e.c, A_SIGNAL);
	ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body), "/s:Envelope/s:Body/rsp:SignalResponse",
	    NULL, 0), 1);
	ck_assert_str_eq(e.f.last_signal_code, TERMINATE);

	ck_assert_int_eq(wsc_call(&e.c, A_DELETE, shell, NULL, NULL), 200);
	expect_reply_header(&e.c, A_DELETE);
	ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body), "/s:Envelope/s:Body/*", NULL, 0), 0);
	ck_assert_str_eq(e.f.last_relates_to_sent, e.c.msgid);

	/* a deleted shell is gone; a second one gets a new id */
	ck_assert_int_eq(receive(&e.c, shell, cid), 500);
	expect_fault(&e.c, "2150858843", "w:InvalidSelectors");
	ck_assert_int_eq(wsc_call(&e.c, A_CREATE, NULL, NULL, "<sh:Shell/>"), 200);
	ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body),
	    "//x:ResourceCreated/a:ReferenceParameters/w:SelectorSet/w:Selector[@Name='ShellId']",
	    shell2, sizeof shell2), 1);
	ck_assert_str_ne(shell2, shell);
	expect_text(ivm_buf_str(&e.c.r.body), "//rsp:Shell/rsp:ShellId", shell2);
	expect_text(ivm_buf_str(&e.c.r.body), "//rsp:Shell/rsp:Owner", "vagrant");
	ck_assert_str_eq(e.f.create_codepage, "");

	ck_assert_uint_eq(e.f.shells_created, 2);
	ck_assert_uint_eq(e.f.shells_deleted, 1);
	ck_assert_uint_eq(e.f.commands, 1);
	ck_assert_uint_eq(e.f.receives, 2);
	ck_assert_uint_eq(e.f.signals, 1);
	ck_assert_str_eq(e.f.last_op_timeout, "PT20S");
	ck_assert_uint_eq(e.f.last_max_envelope, 153600);
	ck_assert_uint_eq(testsrv_nconnections(e.s), 1);

	ivm_buf_release(&out);
	fake_stop(&e);
}
END_TEST

START_TEST(test_fake_running_first)
{
	struct fake_env e;
	char shell[64], cid[64], v[256];
	fake_setup(&e);
	e.f.ncmds = 1;
	e.f.cmds[0].stdout_chunks[0] = "x";
	e.f.cmds[0].running_first = 2;
	fake_start(&e);
	start_command(&e.c, shell, sizeof shell, cid, sizeof cid);

	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(receive(&e.c, shell, cid), 200);
		state_of(&e.c, v, sizeof v);
		ck_assert_str_eq(v, STATE_RUNNING);
		ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body), "//rsp:Stream", NULL, 0), 0);
		ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body), "//rsp:ExitCode", NULL, 0), 0);
	}
	ck_assert_int_eq(receive(&e.c, shell, cid), 200);
	state_of(&e.c, v, sizeof v);
	ck_assert_str_eq(v, STATE_DONE);
	expect_text(ivm_buf_str(&e.c.r.body), "//rsp:ExitCode", "0");
	/* after Done: Done again, without the output */
	ck_assert_int_eq(receive(&e.c, shell, cid), 200);
	state_of(&e.c, v, sizeof v);
	ck_assert_str_eq(v, STATE_DONE);
	ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body), "//rsp:Stream[not(@End)]", NULL, 0), 0);
	ck_assert_uint_eq(e.f.receives, 4);
	fake_stop(&e);
}
END_TEST

START_TEST(test_fake_timeouts_first)
{
	struct fake_env e;
	char shell[64], cid[64], v[256];
	fake_setup(&e);
	e.f.machine = "ipam1.contoso.com";
	e.f.ncmds = 1;
	e.f.cmds[0].timeouts_first = 2;
	e.f.cmds[0].stdout_chunks[0] = "done";
	fake_start(&e);
	start_command(&e.c, shell, sizeof shell, cid, sizeof cid);

	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(receive(&e.c, shell, cid), 500);
		expect_fault(&e.c, "2150858793", "w:TimedOut");
		expect_text(ivm_buf_str(&e.c.r.body), "//s:Fault/s:Code/s:Value", "s:Receiver");
		expect_text(ivm_buf_str(&e.c.r.body), "//f:WSManFault/@Machine",
		    "ipam1.contoso.com");
	}
	ck_assert_int_eq(receive(&e.c, shell, cid), 200);
	state_of(&e.c, v, sizeof v);
	ck_assert_str_eq(v, STATE_DONE);
	/* the second command has no script: exit 0 at once */
	ck_assert_int_eq(wsc_call(&e.c, A_COMMAND, shell, NULL,
	    "<sh:CommandLine><sh:Command>hostname</sh:Command></sh:CommandLine>"), 200);
	xq(ivm_buf_str(&e.c.r.body), "//rsp:CommandId", cid, sizeof cid);
	ck_assert_int_eq(receive(&e.c, shell, cid), 200);
	expect_text(ivm_buf_str(&e.c.r.body), "//rsp:ExitCode", "0");
	ck_assert_str_eq(e.f.last_arguments, "");
	ck_assert_uint_eq(e.f.commands_started, 2);
	fake_stop(&e);
}
END_TEST

START_TEST(test_fake_chunks_per_reply)
{
	struct fake_env e;
	char shell[64], cid[64], v[256];
	struct ivm_buf out = IVM_BUF_INIT;
	fake_setup(&e);
	e.f.ncmds = 1;
	e.f.cmds[0].stdout_chunks[0] = "a";
	e.f.cmds[0].stdout_chunks[1] = "b";
	e.f.cmds[0].stdout_chunks[2] = "c";
	e.f.cmds[0].chunks_per_reply = 2;
	fake_start(&e);
	start_command(&e.c, shell, sizeof shell, cid, sizeof cid);

	ck_assert_int_eq(receive(&e.c, shell, cid), 200);
	state_of(&e.c, v, sizeof v);
	ck_assert_str_eq(v, STATE_RUNNING);
	ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body), "//rsp:Stream[@End]", NULL, 0), 0);
	stdout_of(&e.c, &out);
	ck_assert_str_eq(ivm_buf_str(&out), "ab");
	ck_assert_int_eq(receive(&e.c, shell, cid), 200);
	state_of(&e.c, v, sizeof v);
	ck_assert_str_eq(v, STATE_DONE);
	ivm_buf_clear(&out);
	stdout_of(&e.c, &out);
	ck_assert_str_eq(ivm_buf_str(&out), "c");
	ivm_buf_release(&out);
	fake_stop(&e);
}
END_TEST

START_TEST(test_fake_forget_shell)
{
	struct fake_env e;
	char shell[64], shell2[64], cid[64];
	fake_setup(&e);
	e.f.forget_shell_at = 2;   /* Create #0, Command #1, then the shell is gone */
	fake_start(&e);
	start_command(&e.c, shell, sizeof shell, cid, sizeof cid);

	ck_assert_int_eq(receive(&e.c, shell, cid), 500);
	expect_fault(&e.c, "2150858843", "w:InvalidSelectors");
	expect_text(ivm_buf_str(&e.c.r.body), "//s:Fault/s:Code/s:Value", "s:Sender");
	expect_text(ivm_buf_str(&e.c.r.body), "//w:FaultDetail",
	    "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors");
	ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body), "//f:ProviderFault[@provider='Shell provider']",
	    NULL, 0), 1);
	expect_text(ivm_buf_str(&e.c.r.body), "//s:Detail/f:WSManFault/@Machine",
	    "fake.contoso.com");
	ck_assert_int_eq(wsc_call(&e.c, A_DELETE, shell, NULL, NULL), 500);

	/* a new shell works, and keeps working */
	start_command(&e.c, shell2, sizeof shell2, cid, sizeof cid);
	ck_assert_int_eq(receive(&e.c, shell2, cid), 200);
	ck_assert_int_eq(wsc_call(&e.c, A_DELETE, shell2, NULL, NULL), 200);
	ck_assert_uint_eq(e.f.shells_created, 2);
	ck_assert_uint_eq(e.f.shells_deleted, 1);
	fake_stop(&e);
}
END_TEST

START_TEST(test_fake_bad_requests)
{
	struct fake_env e;
	char shell[64], cid[64];
	fake_setup(&e);
	fake_start(&e);
	start_command(&e.c, shell, sizeof shell, cid, sizeof cid);

	ck_assert_int_eq(wsc_call(&e.c, "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get",
	    shell, NULL, NULL), 500);
	expect_fault(&e.c, "2150858753", "a:ActionNotSupported");

	ck_assert_int_eq(receive(&e.c, shell, "00000000-0000-0000-0000-000000000000"), 500);
	expect_fault(&e.c, "2150858843", "w:InvalidSelectors");
	ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body), "//f:ProviderFault", NULL, 0), 0);

	ck_assert_int_eq(wsc_call(&e.c, A_RECEIVE, shell, NULL,
	    "<sh:Receive><sh:DesiredStream>stdout</sh:DesiredStream></sh:Receive>"), 500);
	expect_fault(&e.c, "87", "w:InvalidParameter");

	/* like Windows: a Signal for an unknown command is still answered */
	ck_assert_int_eq(signal_cmd(&e.c, shell, "00000000-0000-0000-0000-000000000000"), 200);
	expect_reply_header(&e.c, A_SIGNAL);

	/* a terminated command is gone */
	ck_assert_int_eq(signal_cmd(&e.c, shell, cid), 200);
	ck_assert_int_eq(receive(&e.c, shell, cid), 500);

	/* HTTP-level refusals */
	struct reply r = { 0 };
	CURL *h = easy(5000);
	curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
	curl_easy_setopt(h, CURLOPT_USERPWD, "vagrant:Pa55w0rd!");
	char *u = url_path(e.s, "/other");
	http(h, u, "<x/>", NULL, &r);
	ck_assert_int_eq(r.status, 404);
	http(h, testsrv_url(e.s), NULL, NULL, &r);
	ck_assert_int_eq(r.status, 405);
	http(h, testsrv_url(e.s), "<x/>", "Content-Type: text/xml", &r);
	ck_assert_int_eq(r.status, 415);
	http(h, testsrv_url(e.s), "<<nope", NULL, &r);
	ck_assert_int_eq(r.status, 400);
	http(h, testsrv_url(e.s), "", NULL, &r);
	ck_assert_int_eq(r.status, 400);

	free(u);
	curl_easy_cleanup(h);
	reply_release(&r);
	fake_stop(&e);
}
END_TEST

START_TEST(test_fake_send_stdin)
{
	struct fake_env e;
	char shell[64], cid[64], body[600];
	fake_setup(&e);
	fake_start(&e);
	start_command(&e.c, shell, sizeof shell, cid, sizeof cid);

	snprintf(body, sizeof body, "<sh:Send><sh:Stream Name=\"stdin\" CommandId=\"%s\" "
	    "End=\"false\">aGVsbG8g</sh:Stream></sh:Send>", cid);
	ck_assert_int_eq(wsc_call(&e.c, A_SEND, shell, NULL, body), 200);
	expect_reply_header(&e.c, A_SEND);
	ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body), "//rsp:SendResponse", NULL, 0), 1);
	ck_assert_int_eq(e.f.stdin_end_seen, 0);
	snprintf(body, sizeof body, "<sh:Send><sh:Stream Name=\"stdin\" CommandId=\"%s\" "
	    "End=\"True\">d29ybGQ=</sh:Stream></sh:Send>", cid);
	ck_assert_int_eq(wsc_call(&e.c, A_SEND, shell, NULL, body), 200);
	ck_assert_str_eq(ivm_buf_str(&e.f.stdin_data), "hello world");
	ck_assert_int_eq(e.f.stdin_end_seen, 1);
	ck_assert_uint_eq(e.f.sends, 2);

	/* not base64: refused, nothing added */
	snprintf(body, sizeof body, "<sh:Send><sh:Stream Name=\"stdin\" CommandId=\"%s\">"
	    "!!</sh:Stream></sh:Send>", cid);
	ck_assert_int_eq(wsc_call(&e.c, A_SEND, shell, NULL, body), 500);
	ck_assert_str_eq(ivm_buf_str(&e.f.stdin_data), "hello world");
	fake_stop(&e);
}
END_TEST

START_TEST(test_fake_inject)
{
	struct fake_env e;
	char shell[64], cid[64], v[256];
	fake_setup(&e);
	e.f.ninject = 3;
	/* #2, the first Receive: a quota fault instead, nothing processed */
	e.f.inject[0].at = 2;
	e.f.inject[0].fault_code = 2150859174UL;
	e.f.inject[0].fault_subcode = "w:QuotaLimit";
	e.f.inject[0].fault_message = "Too many <commands> & such";
	/* #3: processed, then the reply is lost */
	e.f.inject[1].at = 3;
	e.f.inject[1].reply_template.mode = TS_DROP;
	/* #4: a verbatim body with a chosen status */
	e.f.inject[2].at = 4;
	e.f.inject[2].body = "not xml at all";
	e.f.inject[2].reply_template.status = 503;
	fake_start(&e);
	start_command(&e.c, shell, sizeof shell, cid, sizeof cid);

	ck_assert_int_eq(receive(&e.c, shell, cid), 500);
	expect_fault(&e.c, "2150859174", "w:QuotaLimit");
	expect_text(ivm_buf_str(&e.c.r.body), "//f:Message", "Too many <commands> & such");
	ck_assert_uint_eq(e.f.receives, 0);
	ck_assert_int_eq(e.f.inject[0].used, 1);

	/* a fresh connection: on a reused one curl would resend the request */
	CURL *h = easy(5000);
	curl_easy_setopt(h, CURLOPT_USERPWD, "vagrant:Pa55w0rd!");
	char *env = envelope(A_DELETE, "uuid:x", shell, NULL, NULL);
	http(h, e.c.url, env, NULL, &e.c.r);
	free(env);
	curl_easy_cleanup(h);
	ck_assert_int_eq(e.c.r.rc, CURLE_GOT_NOTHING);
	ck_assert_uint_eq(testsrv_nrequests(e.s), 4);
	ck_assert_uint_eq(e.f.shells_deleted, 1);   /* done on the server all the same */

	ck_assert_int_eq(wsc_call(&e.c, A_CREATE, NULL, NULL, "<sh:Shell/>"), 503);
	ck_assert_str_eq(ivm_buf_str(&e.c.r.body), "not xml at all");
	ck_assert_uint_eq(e.f.shells_created, 1);

	ck_assert_int_eq(wsc_call(&e.c, A_RECEIVE, shell, NULL, NULL), 500);
	ck_assert_int_eq(xq(ivm_buf_str(&e.c.r.body), "//s:Detail/f:WSManFault/@Code", v, sizeof v), 1);
	ck_assert_str_eq(v, "2150858843");
	fake_stop(&e);
}
END_TEST

/* --- byte for byte against the Windows recordings ---------------------------- */

/* The nth (1-based) "response:" of a recording, as one string. */
static char *
recorded(const char *file, int nth)
{
	char path[512];
	snprintf(path, sizeof path, RECORDED "%s", file);
	char *all = testsrv_slurp(path);
	ck_assert_msg(all != NULL, "cannot read %s", path);
	const char *key = "\n  response: ", *p = all;
	for (int i = 0; i < nth; i++) {
		p = strstr(p, key);
		ck_assert_msg(p != NULL, "%s has no response %d", file, nth);
		p += strlen(key);
	}
	size_t n = strcspn(p, "\n");
	char *out = ivm_xstrndup(p, n);
	free(all);
	return out;
}

static void
replace_all(char **s, const char *from, const char *to)
{
	struct ivm_buf b = IVM_BUF_INIT;
	const char *p = *s, *q;
	while ((q = strstr(p, from)) != NULL) {
		ivm_buf_add(&b, p, (size_t)(q - p));
		ivm_buf_adds(&b, to);
		p = q + strlen(from);
	}
	ivm_buf_adds(&b, p);
	free(*s);
	*s = ivm_buf_steal(&b);
}

static void
drop_elements(char **s, const char *open, const char *close)
{
	char *p;
	while ((p = strstr(*s, open)) != NULL) {
		char *q = strstr(p, close);
		ck_assert_ptr_nonnull(q);
		memmove(p, q + strlen(close), strlen(q + strlen(close)) + 1);
	}
}

/* GUIDs differ run to run: compare with every GUID replaced by one token. */
static void
mask_guids(char **s)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	struct ivm_buf b = IVM_BUF_INIT;
	for (const char *p = *s; *p != '\0'; ) {
		size_t i = 0;
		while (i < 36 && p[i] != '\0' &&
		    (shape[i] == '-' ? p[i] == '-' : isxdigit((unsigned char)p[i])))
			i++;
		if (i == 36) {
			ivm_buf_adds(&b, "GUID");
			p += 36;
		} else {
			ivm_buf_addc(&b, *p++);
		}
	}
	free(*s);
	*s = ivm_buf_steal(&b);
}

static void
same_as_windows(const char *ours, const char *file, int nth, const char *from, const char *to)
{
	char *want = recorded(file, nth), *got = ivm_xstrdup(ours);
	if (from != NULL)
		replace_all(&want, from, to);
	drop_elements(&want, "<p:ActivityId>", "</p:ActivityId>");
	mask_guids(&want);
	mask_guids(&got);
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
}

START_TEST(test_windows_bytes_standard)
{
	struct fake_env e;
	char shell[64], cid[64];
	fake_setup(&e);
	e.f.ncmds = 1;
	e.f.cmds[0].stdout_chunks[0] = "hi\r\n";
	fake_start(&e);
	e.c.host = "192.168.56.11:5985";

	ck_assert_int_eq(wsc_call(&e.c, A_CREATE, NULL, NULL,
	    "<sh:Shell><sh:InputStreams>stdin</sh:InputStreams>"
	    "<sh:OutputStreams>stdout stderr</sh:OutputStreams></sh:Shell>"), 200);
	same_as_windows(ivm_buf_str(&e.c.r.body), "winrs_standard.yml", 1,
	    "<rsp:ClientIP>192.168.56.1<", "<rsp:ClientIP>127.0.0.1<");
	xq(ivm_buf_str(&e.c.r.body), "//rsp:ShellId", shell, sizeof shell);
	ck_assert_int_eq(wsc_call(&e.c, A_COMMAND, shell, NULL,
	    "<sh:CommandLine><sh:Command>cmd.exe</sh:Command></sh:CommandLine>"), 200);
	same_as_windows(ivm_buf_str(&e.c.r.body), "winrs_standard.yml", 2, NULL, NULL);
	xq(ivm_buf_str(&e.c.r.body), "//rsp:CommandId", cid, sizeof cid);
	ck_assert_int_eq(receive(&e.c, shell, cid), 200);
	same_as_windows(ivm_buf_str(&e.c.r.body), "winrs_standard.yml", 3, NULL, NULL);
	ck_assert_int_eq(signal_cmd(&e.c, shell, cid), 200);
	same_as_windows(ivm_buf_str(&e.c.r.body), "winrs_standard.yml", 4, NULL, NULL);
	ck_assert_int_eq(wsc_call(&e.c, A_DELETE, shell, NULL, NULL), 200);
	same_as_windows(ivm_buf_str(&e.c.r.body), "winrs_standard.yml", 5, NULL, NULL);
	fake_stop(&e);
}
END_TEST

START_TEST(test_windows_bytes_streams)
{
	struct fake_env e;
	char shell[64], cid[64], body[300];
	fake_setup(&e);
	e.f.machine = "192.168.56.11";
	e.f.ncmds = 3;
	e.f.cmds[0].stdout_chunks[0] = "out \r\n";
	e.f.cmds[0].stderr_text = "err \r\n";
	e.f.cmds[0].exit_code = 1;
	e.f.cmds[1].stdout_chunks[0] = "hi";
	e.f.cmds[1].stdout_chunks[1] = "\n";
	e.f.cmds[1].stdout_chunks[2] = "hi";
	e.f.cmds[1].stdout_chunks[3] = " again\n";
	e.f.cmds[1].chunks_per_reply = 2;
	e.f.cmds[2].timeouts_first = 1;
	fake_start(&e);

	start_command(&e.c, shell, sizeof shell, cid, sizeof cid);
	ck_assert_int_eq(receive(&e.c, shell, cid), 200);
	same_as_windows(ivm_buf_str(&e.c.r.body), "winrs_stderr_rc.yml", 3, NULL, NULL);

	ck_assert_int_eq(wsc_call(&e.c, A_COMMAND, shell, NULL,
	    "<sh:CommandLine><sh:Command>x</sh:Command></sh:CommandLine>"), 200);
	xq(ivm_buf_str(&e.c.r.body), "//rsp:CommandId", cid, sizeof cid);
	snprintf(body, sizeof body, "<sh:Send><sh:Stream Name=\"stdin\" CommandId=\"%s\">"
	    "eA==</sh:Stream></sh:Send>", cid);
	ck_assert_int_eq(wsc_call(&e.c, A_SEND, shell, NULL, body), 200);
	same_as_windows(ivm_buf_str(&e.c.r.body), "winrs_send.yml", 3, NULL, NULL);
	ck_assert_int_eq(receive(&e.c, shell, cid), 200);
	same_as_windows(ivm_buf_str(&e.c.r.body), "winrs_operation_timeout.yml", 3, NULL, NULL);
	ck_assert_int_eq(receive(&e.c, shell, cid), 200);
	same_as_windows(ivm_buf_str(&e.c.r.body), "winrs_operation_timeout.yml", 6, NULL, NULL);

	ck_assert_int_eq(wsc_call(&e.c, A_COMMAND, shell, NULL,
	    "<sh:CommandLine><sh:Command>x</sh:Command></sh:CommandLine>"), 200);
	xq(ivm_buf_str(&e.c.r.body), "//rsp:CommandId", cid, sizeof cid);
	ck_assert_int_eq(receive(&e.c, shell, cid), 500);
	same_as_windows(ivm_buf_str(&e.c.r.body), "winrs_operation_timeout.yml", 4, NULL, NULL);
	fake_stop(&e);
}
END_TEST

START_TEST(test_windows_bytes_faults)
{
	struct ivm_buf b = IVM_BUF_INIT;
	fake_winrs_fault_no_command(&b, "uuid:1E4F574C-3C19-46E9-A544-B71D78C95E7B",
	    "192.168.56.15");
	same_as_windows(ivm_buf_str(&b), "winrs_bad_cmd_id.yml", 3, NULL, NULL);
	ivm_buf_clear(&b);
	fake_winrs_fault_no_shell(&b, "uuid:877294B2-0B63-493A-9A91-DD6A4D68B0B3", "127.0.0.1");
	same_as_windows(ivm_buf_str(&b), "psrp_is_alive_invalid_selectors.yml", 5, NULL, NULL);
	ivm_buf_clear(&b);
	fake_winrs_fault(&b, "uuid:9BE5F54A-6B47-487D-9ACD-65201E650446", 2150858793UL,
	    "w:TimedOut", "192.168.56.11", "The WS-Management service cannot complete the "
	    "operation within the time specified in OperationTimeout.  ");
	same_as_windows(ivm_buf_str(&b), "winrs_operation_timeout.yml", 4, NULL, NULL);
	/* and the comparison itself can fail */
	ivm_buf_clear(&b);
	fake_winrs_fault(&b, "uuid:9BE5F54A-6B47-487D-9ACD-65201E650446", 2150858793UL,
	    "w:TimedOut", "192.168.56.12", "x");
	char *want = recorded("winrs_operation_timeout.yml", 4), *got = ivm_buf_steal(&b);
	mask_guids(&want);
	mask_guids(&got);
	ck_assert_str_ne(got, want);
	free(want);
	free(got);
}
END_TEST

static Suite *
testsrv_suite(void)
{
	Suite *s = suite_create("testsrv");
	TCase *srv = tcase_create("server");
	TCase *fake = tcase_create("fake_winrs");
	TCase *win = tcase_create("windows_bytes");

	tcase_set_timeout(srv, 60);
	tcase_set_timeout(fake, 60);
	tcase_set_timeout(win, 60);
	tcase_add_test(srv, test_ports_distinct);
	tcase_add_test(srv, test_keepalive_counts);
	tcase_add_test(srv, test_recording);
	tcase_add_test(srv, test_status_and_headers);
	tcase_add_test(srv, test_drop);
	tcase_add_test(srv, test_truncate);
	tcase_add_test(srv, test_delay_timeout_and_prompt_free);
	tcase_add_test(srv, test_delay_blocks_nobody);
	tcase_add_test(srv, test_body_cap);
	tcase_add_test(srv, test_https);
	tcase_add_test(srv, test_https_bad_key);
	tcase_add_test(fake, test_fake_auth);
	tcase_add_test(fake, test_fake_cycle);
	tcase_add_test(fake, test_fake_running_first);
	tcase_add_test(fake, test_fake_timeouts_first);
	tcase_add_test(fake, test_fake_chunks_per_reply);
	tcase_add_test(fake, test_fake_forget_shell);
	tcase_add_test(fake, test_fake_bad_requests);
	tcase_add_test(fake, test_fake_send_stdin);
	tcase_add_test(fake, test_fake_inject);
	tcase_add_test(win, test_windows_bytes_standard);
	tcase_add_test(win, test_windows_bytes_streams);
	tcase_add_test(win, test_windows_bytes_faults);
	suite_add_tcase(s, srv);
	suite_add_tcase(s, fake);
	suite_add_tcase(s, win);
	return s;
}

int
main(void)
{
	curl_global_init(CURL_GLOBAL_ALL);
	xmlInitParser();
	SRunner *sr = srunner_create(testsrv_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	xmlCleanupParser();
	curl_global_cleanup();
	return failed == 0 ? 0 : 1;
}
