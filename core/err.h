/* core/err.h: an error a user can meet: what failed, why, and what to do next. */
#ifndef IVM_ERR_H
#define IVM_ERR_H

#include <stdio.h>

#include "core/ivm.h"

/* The kind lets callers and tests branch without parsing text. */
enum ivm_errkind {
	IVM_OK = 0,
	IVM_E_USAGE,      /* the command line or a value is wrong */
	IVM_E_IO,         /* a local file or terminal */
	IVM_E_DNS,        /* the host name does not resolve */
	IVM_E_CONNECT,    /* nothing listens, or the network refuses */
	IVM_E_TLS,        /* the certificate or the TLS handshake */
	IVM_E_AUTH,       /* HTTP 401 */
	IVM_E_DENIED,     /* authenticated but not allowed (WSManFault 5) */
	IVM_E_UNENCRYPTED,/* plain HTTP refused, by us or by the server */
	IVM_E_FAULT,      /* any other WSManFault or SOAP fault */
	IVM_E_HTTP,       /* an HTTP status with no fault to explain it */
	IVM_E_MALFORMED,  /* the reply is not the XML it should be */
	IVM_E_TOOBIG,     /* the reply is larger than the limit */
	IVM_E_TIMEOUT,    /* no reply in time (one request) */
	IVM_E_DEADLINE,   /* the command's overall deadline passed */
	IVM_E_DROPPED,    /* the connection closed mid-reply */
	IVM_E_QUOTA,      /* a WinRM quota was hit */
	IVM_E_PROTOCOL,   /* a reply that does not belong to our request */
	IVM_E_REMOTE,     /* the remote command itself failed */
	IVM_E_CANCELLED,  /* the user asked to stop (Ctrl-C) */
};

struct ivm_err {
	enum ivm_errkind kind;
	char what[256];
	char why[1536];
	char next[1024];
	/* Set when a WSManFault explained the failure. */
	unsigned long fault_code;
	char fault_machine[128];
};

/* Fill all three parts; "why" takes printf arguments. Any part may be "". */
void ivm_err_set(struct ivm_err *e, enum ivm_errkind kind, const char *what,
                 const char *next, const char *why_fmt, ...) IVM_PRINTF(5, 6);
/* Put context in front of "what" ("opening a shell on ipam1: " + what). */
void ivm_err_prefix(struct ivm_err *e, const char *fmt, ...) IVM_PRINTF(2, 3);
void ivm_err_clear(struct ivm_err *e);
/* "error: what\n  why: ...\n  next: ...\n" */
void ivm_err_print(const struct ivm_err *e, FILE *fp);
/* The name of the kind, for tests and the transcript. */
const char *ivm_err_kind_name(enum ivm_errkind kind);

#endif
