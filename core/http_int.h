/* core/http_int.h: what core/http.c shares with its message-encryption half, core/http_gss.c. */
#ifndef IVM_HTTP_INT_H
#define IVM_HTTP_INT_H

#include <stdbool.h>
#include <curl/curl.h>

#include "core/buf.h"
#include "core/gss.h"
#include "core/http.h"

struct http {
	struct ivm_transport t;
	CURL *curl;
	struct curl_slist *headers;
	char *url, *host, *hostname, *user, *password, *cacert;
	bool plain_http, insecure;
	bool uninterruptible;
	enum ivm_auth auth;	/* the scheme used: asked, or NTLM for negotiate without a ticket */
	enum ivm_auth asked;
	size_t max_reply;
	unsigned timeout_ms;
	/* per request */
	struct ivm_buf *reply;
	bool too_big;
	char www_auth[512];
	char errbuf[CURL_ERROR_SIZE];
	struct ivm_transport_stats st;

	/* Message encryption over http:// (core/http_gss.c): our own GSS-API
	 * handshake, since libcurl keeps its security context to itself. */
	bool seal;
	enum ivm_gss_mech mech;
	const char *scheme;        /* HTTP scheme: "Negotiate" or "Kerberos" */
	const char *protocol;      /* IVM_SEAL_SPNEGO or IVM_SEAL_KERBEROS */
	struct ivm_gss *gss;       /* the context of the current connection */
	struct ivm_buf challenge;  /* base64 token of our scheme in the last WWW-Authenticate */
	char ctype[256];           /* Content-Type of the last reply */
};

/* One POST of body on the kept connection with headers (NULL: the
 * defaults); counts it. *status is the HTTP status, *new_conn whether
 * libcurl had to open a connection for it. 0 when an HTTP answer came,
 * -1 with err set otherwise. */
int ivm_http_post(struct http *h, const char *body, size_t len, struct curl_slist *headers,
                  struct ivm_buf *reply, long *status, bool *new_conn, struct ivm_err *err);
/* err for an HTTP status that carries no SOAP reply. */
void ivm_http_explain_status(struct http *h, long status, struct ivm_err *err);

/* core/http_gss.c */
int ivm_http_gss_init(struct http *h, struct ivm_err *err);
int ivm_http_gss_exchange(struct ivm_transport *t, const char *body, size_t len, struct ivm_buf *reply,
                          long *status, struct ivm_err *err);
void ivm_http_gss_release(struct http *h);

#endif
