/* core/http.h: WinRM over HTTP(S) with libcurl: one kept connection per host, one pinned auth scheme,
 * and over plain HTTP messages sealed with NTLM or Kerberos. */
#ifndef IVM_HTTP_H
#define IVM_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/transport.h"

enum ivm_auth {
	IVM_AUTH_NEGOTIATE = 0,
	IVM_AUTH_NTLM,
	IVM_AUTH_KERBEROS,
	IVM_AUTH_BASIC,
};

struct ivm_http_opts {
	const char *url;
	const char *user;        /* DOMAIN\user, user@REALM, or a local name */
	const char *password;    /* copied; the copy is wiped on free */
	enum ivm_auth auth;
	const char *cacert;      /* PEM file of the CA that signed the server's certificate */
	bool insecure;           /* do not verify the certificate (caller warns) */
	bool allow_unencrypted;  /* permit http:// without message encryption (basic, or no_sealing) */
	/* Over http://, negotiate, ntlm and kerberos encrypt every message with
	 * the authentication context (MS-WSMV 2.2.9.1), as Windows demands by
	 * default. true: leave bodies unsealed and let libcurl authenticate (a
	 * server with AllowUnencrypted=true; needs allow_unencrypted). */
	bool no_sealing;
	unsigned timeout_ms;     /* per request; must exceed the WinRM OperationTimeout */
	unsigned connect_timeout_ms;
	size_t max_reply;        /* bytes; larger replies are refused */
};

#define IVM_HTTP_MAX_REPLY_DEFAULT (4u * 1024 * 1024)

/* NULL with err set when the options cannot work (bad URL, http:// without
 * allow_unencrypted, an auth scheme this libcurl lacks). */
struct ivm_transport *ivm_http_new(const struct ivm_http_opts *o, struct ivm_err *err);

/* How messages to o->url travel, in words, for reports: "TLS",
 * "message encryption (NTLM, ...)", "none (plain HTTP)". */
const char *ivm_http_protection(const struct ivm_http_opts *o);
/* The same for a transport ivm_http_new made, as it decided (no second
 * look at the Kerberos ticket cache). */
const char *ivm_http_transport_protection(const struct ivm_transport *t);

/* "negotiate" -> IVM_AUTH_NEGOTIATE; -1 when unknown. */
int ivm_auth_parse(const char *name);
const char *ivm_auth_name(enum ivm_auth a);
/* ntlm and basic send a password; negotiate and kerberos use the Kerberos ticket. */
bool ivm_auth_needs_password(enum ivm_auth a);

#endif
