/* core/seal.h: MS-WSMV encrypted messages: the multipart/encrypted body around a GSS-API sealed envelope. */
#ifndef IVM_SEAL_H
#define IVM_SEAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/gss.h"

/* The protocol parameter: SPNEGO for Negotiate (NTLM or Kerberos inside),
 * Kerberos when the HTTP scheme was plain Kerberos (MS-WSMV 2.2.9.1). */
#define IVM_SEAL_SPNEGO "application/HTTP-SPNEGO-session-encrypted"
#define IVM_SEAL_KERBEROS "application/HTTP-Kerberos-session-encrypted"

/* One sealed message as it travels: pointers into the body. */
struct ivm_seal_parts {
	const char *protocol;   /* IVM_SEAL_SPNEGO or IVM_SEAL_KERBEROS */
	size_t original_len;    /* OriginalContent Length= */
	const unsigned char *header;
	size_t header_len;
	const unsigned char *cipher;
	size_t cipher_len;
};

/* "multipart/encrypted;protocol=...;boundary=..." for a request or reply. */
void ivm_seal_content_type(struct ivm_buf *out, const char *protocol);
/* The protocol a Content-Type announces, or NULL when it is not one of ours. */
const char *ivm_seal_protocol_of(const char *content_type);

/* Frame a header and ciphertext (body is cleared first). */
void ivm_seal_frame(struct ivm_buf *body, const char *protocol, size_t original_len, const void *header,
                    size_t hlen, const void *cipher, size_t clen);
/* Take a body apart; -1 with err set when it is not a well-formed sealed message. */
int ivm_seal_parse(const void *body, size_t len, struct ivm_seal_parts *p, struct ivm_err *err);

/* Seal and frame plain with the context (body is cleared first). */
int ivm_seal_wrap(struct ivm_gss *g, const char *protocol, const void *plain, size_t len, struct ivm_buf *body,
                  struct ivm_err *err);
/* Parse, verify, decrypt and check the announced length; -1 with err set,
 * and nothing in plain, for anything that does not verify. */
int ivm_seal_unwrap(struct ivm_gss *g, const void *body, size_t len, struct ivm_buf *plain, struct ivm_err *err);

#endif
