/* core/gss.h: one GSS-API security context (client or acceptor) for WinRM: the handshake and message sealing. */
#ifndef IVM_GSS_H
#define IVM_GSS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

enum ivm_gss_mech {
	IVM_GSS_SPNEGO,   /* "Negotiate": SPNEGO picks Kerberos or NTLM */
	IVM_GSS_NTLM,     /* raw NTLMSSP tokens (gss-ntlmssp), as pywinrm and WinRb send them */
	IVM_GSS_KRB5,     /* raw Kerberos tokens, the "Kerberos" HTTP scheme */
};

struct ivm_gss;

/* A client context for HTTP@host. NTLM takes user and password (the password
 * is handed to GSS-API and not kept here); Kerberos and SPNEGO use the
 * ticket cache. NULL with err set when the mechanism or the credentials are
 * not available. */
struct ivm_gss *ivm_gss_client_new(enum ivm_gss_mech mech, const char *user, const char *password,
                                   const char *host, struct ivm_err *err);
/* Whether a usable Kerberos ticket is at hand for user (NULL or "": the
 * default principal), as "Negotiate" would use it. */
bool ivm_gss_have_ticket(const char *user);
/* An acceptor with the default credentials: NTLM users from NTLM_USER_FILE,
 * Kerberos keys from the keytab (KRB5_KTNAME). */
struct ivm_gss *ivm_gss_acceptor_new(void);
void ivm_gss_free(struct ivm_gss **g);

/* One leg of the handshake: the peer's token in (none for the client's first
 * leg), ours out (out is cleared first; it may stay empty). 1 when the
 * context is complete, 0 when another leg is needed, -1 with err set. */
int ivm_gss_step(struct ivm_gss *g, const void *in, size_t inlen, struct ivm_buf *out, struct ivm_err *err);
bool ivm_gss_complete(const struct ivm_gss *g);
/* After completion: the context is NTLM (gss_wrap with a 16-byte signature)
 * rather than Kerberos (gss_wrap_iov). */
bool ivm_gss_is_ntlm(const struct ivm_gss *g);
/* The mechanism that was negotiated, for messages: "NTLM", "Kerberos". */
const char *ivm_gss_mech_name(const struct ivm_gss *g);
/* Acceptor, after completion: who authenticated ("CONTOSO\user", "user@REALM"). */
const char *ivm_gss_peer(const struct ivm_gss *g);

/* Seal plain: the header (NTLM signature or Kerberos wrap token header)
 * and the ciphertext, as MS-WSMV frames them (header and cipher are cleared first). */
int ivm_gss_seal(struct ivm_gss *g, const void *plain, size_t len, struct ivm_buf *header,
                 struct ivm_buf *cipher, struct ivm_err *err);
/* Verify and decrypt; -1 with err set when the signature does not verify
 * or the message was not encrypted. plain is cleared first. */
int ivm_gss_unseal(struct ivm_gss *g, const void *header, size_t hlen, const void *cipher, size_t clen,
                   struct ivm_buf *plain, struct ivm_err *err);

#endif
