/* core/lab/gss_accept.h: the lab's Negotiate/NTLM/Kerberos acceptor: one context per connection, and the NTLM user file. */
#ifndef IVM_LAB_GSS_ACCEPT_H
#define IVM_LAB_GSS_ACCEPT_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/gss.h"

struct ivm_lab;

/* The authentication state of one TCP connection: NTLM and Kerberos
 * authenticate the connection, not each request. */
struct ivm_lab_conn {
	struct ivm_gss *gss;
	const char *scheme;    /* "Negotiate", "NTLM" or "Kerberos": as the client wrote it */
	char peer[256];        /* who authenticated, once complete */
	bool authenticated;
};

struct ivm_lab_conn *ivm_lab_conn_new(void);
void ivm_lab_conn_free(struct ivm_lab_conn **c);

/* The scheme of an Authorization header value when it is one the acceptor
 * takes (Negotiate, NTLM, Kerberos), else NULL. */
const char *ivm_lab_gss_scheme(const char *authorization);

/* One leg of the client's handshake (authorization holds "Scheme base64").
 * 1: complete, c->peer says who; 0: answer 401 with token; -1: refused
 * (the context is dropped). token is cleared first. */
int ivm_lab_conn_accept(struct ivm_lab_conn *c, const char *authorization, struct ivm_buf *token);

/* The file gss-ntlmssp checks NTLM logons against (NTLM_USER_FILE, set
 * here): every published lab account whose password is still the published
 * one. In memory (memfd, through /proc/self/fd), else 0600 in a private
 * temporary directory. Returns a handle for ivm_lab_ntlm_users_remove, or
 * NULL with err set. */
char *ivm_lab_ntlm_users_write(struct ivm_lab *lab, struct ivm_err *err);
/* Close or remove it; free and NULL *handle. */
void ivm_lab_ntlm_users_remove(char **handle);

#endif
