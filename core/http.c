/* core/http.c: WinRM over HTTP(S) with libcurl: one kept connection per host, one pinned auth scheme. */
#include "config.h"

#include "core/http.h"
#include "core/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "core/buf.h"
#include "core/cancel.h"
#include "core/ivm.h"
#include "core/seal.h"
#include "core/xalloc.h"

/* Pinning one scheme matters: with several, libcurl first probes without
 * credentials and sends every body twice (reference/winrm-peers.md §5). */
static const struct auth_row {
	const char *name;
	const char *header; /* as servers spell it in WWW-Authenticate */
	unsigned long curl;
	unsigned long feature; /* curl_version_info feature bit it needs */
} auths[] = {
	[IVM_AUTH_NEGOTIATE] = { "negotiate", "Negotiate", CURLAUTH_NEGOTIATE, CURL_VERSION_SPNEGO },
	[IVM_AUTH_NTLM] = { "ntlm", "NTLM", CURLAUTH_NTLM, CURL_VERSION_NTLM },
	[IVM_AUTH_KERBEROS] = { "kerberos", "Kerberos", CURLAUTH_NEGOTIATE, CURL_VERSION_GSSAPI },
	[IVM_AUTH_BASIC] = { "basic", "Basic", CURLAUTH_BASIC, 0 },
};


int
ivm_auth_parse(const char *name)
{
	for (size_t i = 0; i < IVM_COUNT(auths); i++)
		if (strcasecmp(name, auths[i].name) == 0)
			return (int)i;
	return -1;
}

const char *
ivm_auth_name(enum ivm_auth a)
{
	return (size_t)a < IVM_COUNT(auths) ? auths[a].name : "?";
}

bool
ivm_auth_needs_password(enum ivm_auth a)
{
	return a == IVM_AUTH_NTLM || a == IVM_AUTH_BASIC;
}

/* Negotiate means Kerberos when there is a ticket, else NTLM with the
 * password, as a Windows client does. SPNEGO cannot fall back by itself
 * here: gss-ntlmssp takes no password through it. */
static enum ivm_auth
effective_auth(const struct ivm_http_opts *o)
{
	if (o->auth == IVM_AUTH_NEGOTIATE && o->password && o->password[0] && !ivm_gss_have_ticket(o->user))
		return IVM_AUTH_NTLM;
	return o->auth;
}

static size_t
on_body(char *p, size_t size, size_t n, void *ud)
{
	struct http *h = ud;
	size_t len = size * n;
	if (h->reply->len + len > h->max_reply) {
		h->too_big = true;
		return 0; /* libcurl aborts with CURLE_WRITE_ERROR */
	}
	ivm_buf_add(h->reply, p, len);
	return len;
}

/* value of the header line p[0..len) when it is "name: value", trimmed. */
static bool
header_value(const char *p, size_t len, const char *name, const char **v, size_t *vlen)
{
	size_t n = strlen(name);
	if (len <= n || strncasecmp(p, name, n) != 0 || p[n] != ':')
		return false;
	const char *s = p + n + 1, *e = p + len;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*v = s;
	*vlen = (size_t)(e - s);
	return true;
}

/* Keep the schemes the server offers, to say which to use after a 401;
 * with message encryption also our scheme's token and the Content-Type. */
static size_t
on_header(char *p, size_t size, size_t n, void *ud)
{
	struct http *h = ud;
	size_t len = size * n;
	const char *v;
	size_t vlen;
	if (header_value(p, len, "Content-Type", &v, &vlen)) {
		snprintf(h->ctype, sizeof(h->ctype), "%.*s", (int)vlen, v);
		return len;
	}
	if (!header_value(p, len, "WWW-Authenticate", &v, &vlen))
		return len;
	size_t word = strcspn(v, " \t\r\n");
	if (word > vlen)
		word = vlen;
	size_t used = strlen(h->www_auth);
	if (word && used + word + 3 < sizeof(h->www_auth))
		snprintf(h->www_auth + used, sizeof(h->www_auth) - used, "%s%.*s",
		         used ? ", " : "", (int)word, v);
	if (h->scheme && word == strlen(h->scheme) && strncasecmp(v, h->scheme, word) == 0) {
		const char *tok = v + word;
		while (tok < v + vlen && (*tok == ' ' || *tok == '\t'))
			tok++;
		ivm_buf_clear(&h->challenge);
		ivm_buf_add(&h->challenge, tok, (size_t)(v + vlen - tok));
	}
	return len;
}

static int
on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	const struct http *h = ud;
	return ivm_cancelled() && !h->uninterruptible; /* non-zero aborts the transfer */
}

static const char unencrypted_hint[] =
	" Over plain HTTP a Windows server refuses unencrypted messages unless AllowUnencrypted is set"
	" (it answers 401 for Basic, 400 or 500 for Negotiate and Kerberos): use its HTTPS listener"
	" (https://HOST:5986/wsman), or set winrm set winrm/config/service @{AllowUnencrypted=\"true\"}"
	" on a trusted network.";

void
ivm_http_explain_status(struct http *h, long status, struct ivm_err *err)
{
	char doing[320];
	snprintf(doing, sizeof(doing), "talking to the WinRM service on %s", h->host);
	const char *hint = h->plain_http && !h->seal ? unencrypted_hint : "";

	if (status == 401) {
		char next[1536];
		const char *offered = h->www_auth[0] ? h->www_auth : "no scheme";
		const char *ours = h->seal ? h->scheme : auths[h->auth].header;
		bool has_ours = strcasestr(h->www_auth, ours) != NULL;
		if (h->www_auth[0] && !has_ours)
			snprintf(next, sizeof(next),
			         "The server does not offer %s: pick one it offers with --auth (%s).%s",
			         ours, offered, hint);
		else if (h->auth == IVM_AUTH_BASIC)
			snprintf(next, sizeof(next),
			         "Check the user name and password. Basic works only for local accounts (no DOMAIN\\ prefix) and only when the server allows it (winrm set winrm/config/service/auth @{Basic=\"true\"}).%s",
			         hint);
		else
			snprintf(next, sizeof(next),
			         "Check the user name (DOMAIN\\user or user@REALM) and password, and that the account is not locked out or expired.%s",
			         hint);
		ivm_err_set(err, IVM_E_AUTH, doing, next,
		            "the server refused the credentials of '%s' with the %s scheme (HTTP 401; it offers: %s)",
		            h->user ? h->user : "", ours, offered);
		return;
	}
	static const struct status_row {
		long status;
		const char *why;
		const char *next;
	} rows[] = {
		{ 400, "the server rejected the request as malformed (HTTP 400)",
		  "Check that the URL names a WinRM listener." },
		{ 403, "the server forbids this client (HTTP 403)",
		  "Check the listener's IPv4Filter/IPv6Filter and any proxy or firewall in between." },
		{ 404, "the URL path does not exist on the server (HTTP 404)",
		  "WinRM listens on /wsman: use http://HOST:5985/wsman or https://HOST:5986/wsman." },
		{ 413, "the request is larger than the server accepts (HTTP 413)",
		  "Raise MaxEnvelopeSizekb on the server: winrm set winrm/config @{MaxEnvelopeSizekb=\"500\"}" },
		{ 415, "the server does not accept this content type (HTTP 415)",
		  "Check that the URL names a WinRM listener." },
		{ 500, "the server failed (HTTP 500) and sent no WSManFault to say why",
		  "Look at the server's WinRM event log (Microsoft-Windows-WinRM/Operational)." },
		{ 503, "the service is unavailable (HTTP 503)",
		  "Check that the WinRM service is running: Get-Service WinRM" },
	};
	for (size_t i = 0; i < IVM_COUNT(rows); i++) {
		if (rows[i].status == status) {
			char next[1536];
			snprintf(next, sizeof(next), "%s%s", rows[i].next,
			         status == 400 || status == 500 ? hint : "");
			ivm_err_set(err, IVM_E_HTTP, doing, next, "%s", rows[i].why);
			return;
		}
	}
	ivm_err_set(err, IVM_E_HTTP, doing, "Check that the URL names a WinRM listener.",
	            "the server answered with HTTP status %ld", status);
}

/* libcurl's result, turned into what happened on the wire. */
static void
explain_curl(struct http *h, CURLcode rc, struct ivm_err *err)
{
	char doing[320];
	snprintf(doing, sizeof(doing), "connecting to the WinRM service on %s", h->host);
	const char *detail = h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc);

	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		ivm_err_set(err, IVM_E_CANCELLED, doing, "Run the command again when you are ready.",
		            "stopped at your request");
		return;
	}
	if (rc == CURLE_WRITE_ERROR && h->too_big) {
		ivm_err_set(err, IVM_E_TOOBIG, doing,
		            "This is not a normal WinRM reply; check the URL. If the server really sends more, raise the limit with --max-reply.",
		            "the reply is larger than the limit of %zu bytes; it was refused", h->max_reply);
		return;
	}
	static const struct curl_row {
		CURLcode rc;
		enum ivm_errkind kind;
		const char *why;
		const char *next;
	} rows[] = {
		{ CURLE_COULDNT_RESOLVE_HOST, IVM_E_DNS, "the host name does not resolve",
		  "Check the spelling; use the server's fully qualified name (server.domain.example) and check this machine's DNS settings." },
		{ CURLE_COULDNT_CONNECT, IVM_E_CONNECT, "nothing accepted the connection",
		  "Check that the server is up, that the WinRM service runs and has a listener on that port (winrm enumerate winrm/config/listener), and that the firewall allows 5985 (HTTP) or 5986 (HTTPS)." },
		{ CURLE_PEER_FAILED_VERIFICATION, IVM_E_TLS, "the server's certificate could not be verified",
		  "Give the CA certificate that signed it with --cacert FILE, and connect with the name the certificate carries. Only on a lab network: --insecure." },
		{ CURLE_SSL_CONNECT_ERROR, IVM_E_TLS, "the TLS handshake failed",
		  "Check that the port is the HTTPS listener (5986) and that the server's certificate is valid." },
		{ CURLE_SSL_CACERT_BADFILE, IVM_E_TLS, "the --cacert file could not be read as PEM certificates",
		  "Give a readable PEM file with the CA certificate." },
		{ CURLE_OPERATION_TIMEDOUT, IVM_E_TIMEOUT, "no reply arrived in time",
		  "Check the network path to the server; if the server is only slow, raise --timeout." },
		{ CURLE_GOT_NOTHING, IVM_E_DROPPED, "the server closed the connection without replying",
		  "Check the server's WinRM service and event log; a proxy or load balancer in between can also do this. Run it again." },
		{ CURLE_RECV_ERROR, IVM_E_DROPPED, "the connection broke while the reply was arriving",
		  "Run it again; if it recurs, check the network path and the server's WinRM service." },
		{ CURLE_PARTIAL_FILE, IVM_E_DROPPED, "the connection closed before the whole reply arrived",
		  "Run it again; if it recurs, check the network path and the server's WinRM service." },
		{ CURLE_SEND_ERROR, IVM_E_DROPPED, "the connection broke while the request was being sent",
		  "Run it again; if it recurs, check the network path and the server's WinRM service." },
		{ CURLE_URL_MALFORMAT, IVM_E_USAGE, "the URL is not valid",
		  "Use http://HOST:5985/wsman or https://HOST:5986/wsman." },
	};
	for (size_t i = 0; i < IVM_COUNT(rows); i++) {
		if (rows[i].rc == rc) {
			ivm_err_set(err, rows[i].kind, doing, rows[i].next, "%s (%s)", rows[i].why, detail);
			return;
		}
	}
	ivm_err_set(err, IVM_E_CONNECT, doing, "Check the URL and the network path to the server.",
	            "%s", detail);
}

int
ivm_http_post(struct http *h, const char *body, size_t len, struct curl_slist *headers, struct ivm_buf *reply,
              long *status, bool *new_conn, struct ivm_err *err)
{
	h->reply = reply;
	h->too_big = false;
	h->www_auth[0] = '\0';
	h->ctype[0] = '\0';
	h->errbuf[0] = '\0';
	ivm_buf_clear(&h->challenge);
	ivm_buf_clear(reply);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, headers ? headers : h->headers);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);

	CURLcode rc = curl_easy_perform(h->curl);
	long conns = 0, code = 0, head = 0;
	curl_off_t up = 0;
	curl_easy_getinfo(h->curl, CURLINFO_NUM_CONNECTS, &conns);
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(h->curl, CURLINFO_SIZE_UPLOAD_T, &up);
	curl_easy_getinfo(h->curl, CURLINFO_REQUEST_SIZE, &head);
	if (head > 0) /* a request that never left (DNS, refused) costs the server nothing */
		h->st.requests++;
	h->st.connections += (unsigned long)conns;
	h->st.bytes_sent += (unsigned long)up;
	h->st.bytes_received += reply->len;
	*status = code;
	*new_conn = conns > 0;
	if (rc != CURLE_OK) {
		explain_curl(h, rc, err);
		return -1;
	}
	return 0;
}

static int
http_exchange(struct ivm_transport *t, const char *body, size_t len, struct ivm_buf *reply,
              long *status, struct ivm_err *err)
{
	struct http *h = (struct http *)t;
	bool new_conn;
	if (ivm_http_post(h, body, len, NULL, reply, status, &new_conn, err) < 0)
		return -1;
	if (*status == 200 || (*status == 500 && reply->len > 0))
		return 0;
	ivm_http_explain_status(h, *status, err);
	return -1;
}

static void
http_stats(const struct ivm_transport *t, struct ivm_transport_stats *st)
{
	*st = ((const struct http *)t)->st;
}

static void
http_set_uninterruptible(struct ivm_transport *t, bool on)
{
	((struct http *)t)->uninterruptible = on;
}

static const char *
http_host(const struct ivm_transport *t)
{
	return ((const struct http *)t)->host;
}

static void
http_destroy(struct ivm_transport *t)
{
	struct http *h = (struct http *)t;
	if (h->curl) {
		/* libcurl keeps its own copy of the password; overwrite what we can reach */
		curl_easy_setopt(h->curl, CURLOPT_PASSWORD, "");
		curl_easy_cleanup(h->curl);
	}
	curl_slist_free_all(h->headers);
	ivm_http_gss_release(h);
	ivm_secret_free(&h->password);
	free(h->url);
	free(h->host);
	free(h->hostname);
	free(h->user);
	free(h->cacert);
	free(h);
}

/* Scheme and host:port from the URL, checked before any connection. */
static int
split_url(struct http *h, const char *url, struct ivm_err *err)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	int rc = -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		ivm_err_set(err, IVM_E_USAGE, "reading the endpoint URL",
		            "Use http://HOST:5985/wsman or https://HOST:5986/wsman.",
		            "'%s' is not a URL with a scheme and a host", url);
		goto out;
	}
	if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0) {
		ivm_err_set(err, IVM_E_USAGE, "reading the endpoint URL",
		            "Use http://HOST:5985/wsman or https://HOST:5986/wsman.",
		            "the scheme '%s' is not http or https", scheme);
		goto out;
	}
	h->plain_http = strcasecmp(scheme, "http") == 0;
	curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_buf_addf(&b, "%s:%s", host, port ? port : "?");
	h->host = ivm_buf_steal(&b);
	h->hostname = ivm_xstrdup(host);
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

struct ivm_transport *
ivm_http_new(const struct ivm_http_opts *o, struct ivm_err *err)
{
	static bool global_done;
	if (!global_done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		global_done = true;
	}
	struct http *h = ivm_xcalloc(1, sizeof(*h));
	h->t = (struct ivm_transport){ http_exchange, http_stats, http_set_uninterruptible, http_host,
	                               http_destroy };
	h->max_reply = o->max_reply ? o->max_reply : IVM_HTTP_MAX_REPLY_DEFAULT;
	h->timeout_ms = o->timeout_ms ? o->timeout_ms : 30000;
	h->url = ivm_xstrdup(o->url);
	h->user = ivm_xstrdup(o->user ? o->user : "");
	h->password = ivm_xstrdup(o->password ? o->password : "");
	h->insecure = o->insecure;
	if (split_url(h, o->url, err) < 0)
		goto fail;
	if ((size_t)o->auth >= IVM_COUNT(auths)) {
		ivm_err_set(err, IVM_E_USAGE, "choosing the authentication scheme",
		            "Use --auth negotiate, ntlm, kerberos or basic.", "unknown scheme");
		goto fail;
	}
	h->asked = o->auth;
	h->auth = effective_auth(o);
	h->seal = h->plain_http && h->auth != IVM_AUTH_BASIC && !o->no_sealing;
	if (h->plain_http && !h->seal && !o->allow_unencrypted) {
		ivm_err_set(err, IVM_E_UNENCRYPTED, "connecting to the WinRM service",
		            o->auth == IVM_AUTH_BASIC ?
		            "Use --auth ntlm, negotiate or kerberos, which encrypt every message over HTTP, or the server's HTTPS listener (https://HOST:5986/wsman; create one with: winrm quickconfig -transport:https). On a trusted network only, pass --allow-unencrypted (the server must also allow it: winrm set winrm/config/service @{AllowUnencrypted=\"true\"})." :
		            "Leave message encryption on, or on a trusted network only pass --allow-unencrypted (the server must also allow it: winrm set winrm/config/service @{AllowUnencrypted=\"true\"}).",
		            "%s is plain HTTP, which would send %s and every command unencrypted", o->url,
		            o->auth == IVM_AUTH_BASIC ? "the password" : "every command");
		goto fail;
	}
	if (h->seal && ivm_http_gss_init(h, err) < 0)
		goto fail;
	const curl_version_info_data *vi = curl_version_info(CURLVERSION_NOW);
	if (!h->seal && auths[h->auth].feature && !(vi->features & (int)auths[h->auth].feature)) {
		ivm_err_set(err, IVM_E_USAGE, "choosing the authentication scheme",
		            "Pick another scheme with --auth, or install a libcurl built with it.",
		            "this libcurl (%s) was built without %s support", vi->version,
		            auths[h->auth].header);
		goto fail;
	}

	h->curl = curl_easy_init();
	if (h->curl == NULL) {
		ivm_err_set(err, IVM_E_IO, "starting libcurl", "Check the installation of libcurl.",
		            "curl_easy_init failed");
		goto fail;
	}
	CURL *c = h->curl;
	h->headers = curl_slist_append(NULL, "Content-Type: application/soap+xml;charset=UTF-8");
	/* a 100-continue round trip buys nothing on a kept, authenticated connection */
	h->headers = curl_slist_append(h->headers, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, h->url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h->headers);
	curl_easy_setopt(c, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, h);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)h->timeout_ms);
	long cto = o->connect_timeout_ms ? (long)o->connect_timeout_ms : 15000L;
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, cto < (long)h->timeout_ms ? cto : (long)h->timeout_ms);
	/* WinRM hosts sit on the LAN; an HTTP proxy from the environment would
	 * take the credentials elsewhere (pywinrm#149). */
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	if (h->seal) {
		/* core/http_gss.c writes the Authorization headers itself */
		h->t.exchange = ivm_http_gss_exchange;
		goto done;
	}
	curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)auths[h->auth].curl);
	curl_easy_setopt(c, CURLOPT_USERNAME, h->user);
	if (h->auth == IVM_AUTH_NEGOTIATE || h->auth == IVM_AUTH_KERBEROS)
		curl_easy_setopt(c, CURLOPT_PASSWORD, ""); /* GSS-API uses the ticket cache */
	else
		curl_easy_setopt(c, CURLOPT_PASSWORD, h->password);
done:
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, o->insecure ? 0L : 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, o->insecure ? 0L : 2L);
	if (o->cacert) {
		h->cacert = ivm_xstrdup(o->cacert);
		curl_easy_setopt(c, CURLOPT_CAINFO, h->cacert);
	}
	return &h->t;
fail:
	http_destroy(&h->t);
	return NULL;
}

/* https: TLS protects everything; else sealed or not, with the scheme used */
static const char *
protection_text(bool https, bool insecure, bool sealed, enum ivm_auth asked, enum ivm_auth used)
{
	if (https)
		return insecure ? "TLS (certificate NOT verified)" : "TLS";
	if (!sealed)
		return "none (plain HTTP)";
	if (used != asked)
		return "NTLM message encryption (Negotiate without a ticket)";
	/* short enough for struct ivm_probe_report */
	static const char *const names[] = {
		[IVM_AUTH_NEGOTIATE] = "Negotiate message encryption (HTTP-SPNEGO-session-encrypted)",
		[IVM_AUTH_NTLM] = "NTLM message encryption (HTTP-SPNEGO-session-encrypted)",
		[IVM_AUTH_KERBEROS] = "Kerberos message encryption (HTTP-Kerberos-session-encrypted)",
	};
	return (size_t)used < IVM_COUNT(names) && names[used] ? names[used] : "?";
}

const char *
ivm_http_protection(const struct ivm_http_opts *o)
{
	bool https = o->url && strncasecmp(o->url, "https:", 6) == 0;
	enum ivm_auth used = https ? o->auth : effective_auth(o);
	return protection_text(https, o->insecure, used != IVM_AUTH_BASIC && !o->no_sealing, o->auth, used);
}

const char *
ivm_http_transport_protection(const struct ivm_transport *t)
{
	const struct http *h = (const struct http *)t;
	return protection_text(!h->plain_http, h->insecure, h->seal, h->asked, h->auth);
}
