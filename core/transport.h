/* core/transport.h: the layer under the envelopes: one SOAP request in, one reply out.
 * core/http.c implements it over HTTPS and plain HTTP; over plain HTTP with NTLM or Kerberos
 * core/http_gss.c seals every envelope, and the reply arrives here already verified and decrypted. */
#ifndef IVM_TRANSPORT_H
#define IVM_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct ivm_transport_stats {
	unsigned long requests;    /* HTTP requests sent, each counted once */
	unsigned long connections; /* TCP connections opened */
	unsigned long bytes_sent;  /* request bodies */
	unsigned long bytes_received; /* reply bodies */
};

struct ivm_transport {
	/* Send one envelope. Returns 0 with the reply body and HTTP status when
	 * the server answered with something that may be SOAP (200, or 500 with a
	 * body); -1 with err set for everything else. */
	int (*exchange)(struct ivm_transport *t, const char *body, size_t len,
	                struct ivm_buf *reply, long *status, struct ivm_err *err);
	void (*stats)(const struct ivm_transport *t, struct ivm_transport_stats *st);
	/* While false, a cancel request (core/cancel.h) aborts the request in
	 * flight; cleanup (Signal, Delete) runs with it true. */
	void (*set_uninterruptible)(struct ivm_transport *t, bool on);
	/* "HOST" or "HOST:PORT", for messages */
	const char *(*host)(const struct ivm_transport *t);
	void (*destroy)(struct ivm_transport *t);
};

static inline void
ivm_transport_free(struct ivm_transport **t)
{
	if (t && *t) {
		(*t)->destroy(*t);
		*t = NULL;
	}
}

#endif
