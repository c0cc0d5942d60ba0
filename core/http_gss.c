/* core/http_gss.c: WinRM over plain HTTP with every message sealed: our own GSS-API handshake on libcurl's kept connection. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/b64.h"
#include "core/http_int.h"
#include "core/ivm.h"
#include "core/seal.h"

/* NTLM travels as raw NTLMSSP under the Negotiate scheme, as pywinrm and
 * WinRb send it: Windows takes it, and it spares SPNEGO's extra leg. */
static const struct mode {
	enum ivm_auth auth;
	enum ivm_gss_mech mech;
	const char *scheme;
	const char *protocol;
} modes[] = {
	{ IVM_AUTH_NEGOTIATE, IVM_GSS_SPNEGO, "Negotiate", IVM_SEAL_SPNEGO },
	{ IVM_AUTH_NTLM, IVM_GSS_NTLM, "Negotiate", IVM_SEAL_SPNEGO },
	{ IVM_AUTH_KERBEROS, IVM_GSS_KRB5, "Kerberos", IVM_SEAL_KERBEROS },
};

/* More legs than any mechanism needs (NTLM 2, SPNEGO with NTLM 3). */
#define MAX_LEGS 4

static struct ivm_gss *
new_context(struct http *h, struct ivm_err *err)
{
	return ivm_gss_client_new(h->mech, h->user, h->auth == IVM_AUTH_NTLM ? h->password : NULL, h->hostname,
	                          err);
}

int
ivm_http_gss_init(struct http *h, struct ivm_err *err)
{
	for (size_t i = 0; i < IVM_COUNT(modes); i++) {
		if (modes[i].auth != h->auth)
			continue;
		h->mech = modes[i].mech;
		h->scheme = modes[i].scheme;
		h->protocol = modes[i].protocol;
		/* now, so that a missing mechanism or ticket shows before any request */
		h->gss = new_context(h, err);
		return h->gss ? 0 : -1;
	}
	ivm_err_set(err, IVM_E_USAGE, "choosing the authentication scheme",
	            "Use --auth negotiate, ntlm or kerberos over HTTP, or basic with --allow-unencrypted.",
	            "%s cannot encrypt messages", ivm_auth_name(h->auth));
	return -1;
}

void
ivm_http_gss_release(struct http *h)
{
	ivm_gss_free(&h->gss);
	ivm_buf_release(&h->challenge);
}

/* The context belongs to one connection: when that is gone or in doubt,
 * the next request starts over on a new one. */
static void
reset(struct http *h)
{
	ivm_gss_free(&h->gss);
}

static struct curl_slist *
headers_for(struct http *h, bool sealed, const struct ivm_buf *token)
{
	struct ivm_buf b = IVM_BUF_INIT;
	if (sealed) {
		ivm_buf_adds(&b, "Content-Type: ");
		ivm_seal_content_type(&b, h->protocol);
	} else {
		ivm_buf_adds(&b, "Content-Type:"); /* an empty POST has no type (libcurl would add a form type) */
	}
	struct curl_slist *l = curl_slist_append(NULL, ivm_buf_str(&b));
	l = curl_slist_append(l, "Expect:");
	if (token->len) {
		ivm_buf_clear(&b);
		ivm_buf_addf(&b, "Authorization: %s ", h->scheme);
		ivm_b64_encode(&b, token->data, token->len);
		l = curl_slist_append(l, ivm_buf_str(&b));
	}
	ivm_buf_release(&b);
	return l;
}

static void
handshake_fail(struct http *h, struct ivm_err *err, const char *why)
{
	char what[320];
	snprintf(what, sizeof(what), "authenticating to the WinRM service on %s", h->host);
	ivm_err_set(err, IVM_E_AUTH, what,
	            "The server does not complete the handshake as Windows does; check that the URL names a WinRM listener, or use its HTTPS listener.",
	            "%s", why);
}

/* Empty POSTs until the context is complete, as pywinrm and WinRb do. A
 * last token of ours (NTLM's AUTHENTICATE) is left in pending: it rides
 * on the first sealed message, so NTLM costs one extra request, not two. */
static int
handshake(struct http *h, struct ivm_buf *pending, struct ivm_err *err)
{
	struct ivm_buf tok = IVM_BUF_INIT, in = IVM_BUF_INIT, reply = IVM_BUF_INIT;
	int rc = -1;
	ivm_buf_clear(pending);
	if (h->gss == NULL && (h->gss = new_context(h, err)) == NULL)
		return -1;
	int done = ivm_gss_step(h->gss, NULL, 0, &tok, err);
	for (int leg = 0; done == 0; leg++) {
		if (leg == MAX_LEGS) {
			handshake_fail(h, err, "the security handshake did not finish");
			goto out;
		}
		struct curl_slist *hl = headers_for(h, false, &tok);
		long status = 0;
		bool nc;
		int r = ivm_http_post(h, "", 0, hl, &reply, &status, &nc, err);
		curl_slist_free_all(hl);
		if (r < 0)
			goto out;
		if (status != 401 && status != 200) {
			ivm_http_explain_status(h, status, err);
			goto out;
		}
		ivm_buf_clear(&in);
		if (h->challenge.len && !ivm_b64_decode(&in, h->challenge.data, h->challenge.len)) {
			handshake_fail(h, err, "the server's WWW-Authenticate token is not base64");
			goto out;
		}
		if (in.len == 0) {
			if (status == 401)
				ivm_http_explain_status(h, status, err);
			else
				handshake_fail(h, err, "the server accepted us without proving its own identity (no mutual authentication token)");
			goto out;
		}
		done = ivm_gss_step(h->gss, in.data, in.len, &tok, err);
		if (status == 200 && done == 0) {
			handshake_fail(h, err, "the server ended the handshake before the security context was complete");
			goto out;
		}
		if (status == 200)
			ivm_buf_clear(&tok); /* the server is satisfied: nothing more to send */
	}
	if (done < 0)
		goto out;
	if (tok.len)
		ivm_buf_add(pending, tok.data, tok.len);
	rc = 0;
out:
	ivm_buf_release(&tok);
	ivm_buf_release(&in);
	ivm_buf_release(&reply);
	if (rc < 0)
		reset(h);
	return rc;
}

static int
unsealed_reply(struct http *h, long status, struct ivm_err *err)
{
	char what[320];
	snprintf(what, sizeof(what), "talking to the WinRM service on %s", h->host);
	ivm_err_set(err, IVM_E_PROTOCOL, what,
	            "Do not trust this connection: the server, or something on the way, dropped the encryption. Check the network path, or use the HTTPS listener.",
	            "the server answered HTTP %ld with an unencrypted body (Content-Type '%s') to an encrypted request; it was not accepted",
	            status, h->ctype[0] ? h->ctype : "none");
	return -1;
}

int
ivm_http_gss_exchange(struct ivm_transport *t, const char *body, size_t len, struct ivm_buf *reply,
                      long *status, struct ivm_err *err)
{
	struct http *h = (struct http *)t;
	struct ivm_buf pending = IVM_BUF_INIT, sealed = IVM_BUF_INIT, raw = IVM_BUF_INIT;
	int rc = -1;
	ivm_buf_clear(reply);
	for (int attempt = 0;; attempt++) {
		if ((h->gss == NULL || !ivm_gss_complete(h->gss)) && handshake(h, &pending, err) < 0)
			goto out;
		if (ivm_seal_wrap(h->gss, h->protocol, body, len, &sealed, err) < 0) {
			reset(h);
			goto out;
		}
		struct curl_slist *hl = headers_for(h, true, &pending);
		bool new_conn = false;
		int r = ivm_http_post(h, sealed.data, sealed.len, hl, &raw, status, &new_conn, err);
		curl_slist_free_all(hl);
		bool authenticating = pending.len > 0;
		ivm_buf_clear(&pending);
		if (r < 0) {
			reset(h);
			goto out;
		}
		/* libcurl replaced the kept connection (the server closed it while
		 * idle): the new one knows no context. Once, start over. */
		if (*status == 401 && new_conn && !authenticating && attempt == 0) {
			reset(h);
			continue;
		}
		break;
	}
	if ((*status == 200 || *status == 500) && raw.len > 0) {
		if (ivm_seal_protocol_of(h->ctype) == NULL) {
			unsealed_reply(h, *status, err);
			goto out;
		}
		if (ivm_seal_unwrap(h->gss, raw.data, raw.len, reply, err) < 0) {
			ivm_err_prefix(err, "reading the reply of %s: ", h->host);
			reset(h);
			goto out;
		}
		rc = 0;
		goto out;
	}
	if (*status == 401)
		reset(h);
	ivm_http_explain_status(h, *status, err);
out:
	ivm_buf_wipe(&sealed);
	ivm_buf_release(&raw);
	ivm_buf_release(&pending);
	return rc;
}
