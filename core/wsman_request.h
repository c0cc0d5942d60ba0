/* core/wsman_request.h: parses a WS-Management/WinRS request: the server's side of the wire (the lab), and the transcript. */
#ifndef IVM_WSMAN_REQUEST_H
#define IVM_WSMAN_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define IVM_WSREQ_MAX_ARGS 64
#define IVM_WSREQ_MAX_OPTIONS 16

enum ivm_wsreq_op {
	IVM_WSREQ_UNKNOWN = 0,
	IVM_WSREQ_CREATE,
	IVM_WSREQ_COMMAND,
	IVM_WSREQ_SEND,
	IVM_WSREQ_RECEIVE,
	IVM_WSREQ_SIGNAL,
	IVM_WSREQ_DELETE,
};

struct ivm_wsreq_option {
	char name[64];
	char value[128];
};

struct ivm_wsreq {
	enum ivm_wsreq_op op;
	char action[256];
	char message_id[128];
	char resource_uri[256];
	char shell_id[128];        /* the ShellId selector */
	unsigned long max_envelope;/* 0 when absent */
	long op_timeout_ms;        /* -1 when absent */
	struct ivm_wsreq_option options[IVM_WSREQ_MAX_OPTIONS];
	size_t noptions;
	/* Command */
	char *command;
	char *args[IVM_WSREQ_MAX_ARGS];
	size_t nargs;
	/* Send, Receive, Signal */
	char command_id[128];
	/* Signal */
	char signal_code[256];
	/* Send */
	struct ivm_buf stdin_data;
	bool stdin_end;
};

/* 0, or -1 with err (IVM_E_MALFORMED: not a SOAP envelope; the lab answers
 * it the way Windows does). Requests from other clients use other
 * prefixes (pywinrm writes mustUnderstand unprefixed): match namespaces. */
int ivm_wsreq_parse(const char *body, size_t len, struct ivm_wsreq *rq, struct ivm_err *err);
void ivm_wsreq_release(struct ivm_wsreq *rq);
/* Value of an option, or NULL. */
const char *ivm_wsreq_option(const struct ivm_wsreq *rq, const char *name);

#endif
