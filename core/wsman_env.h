/* core/wsman_env.h: builds the SOAP envelopes of the WinRS operations a client sends. */
#ifndef IVM_WSMAN_ENV_H
#define IVM_WSMAN_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

enum ivm_wsman_op {
	IVM_OP_CREATE,
	IVM_OP_COMMAND,
	IVM_OP_SEND,
	IVM_OP_RECEIVE,
	IVM_OP_SIGNAL,
	IVM_OP_DELETE,
};

/* One message. Fields that an operation does not use are ignored. */
struct ivm_wsman_msg {
	enum ivm_wsman_op op;
	const char *to;           /* the endpoint URL */
	const char *message_id;   /* "uuid:..." */
	const char *shell_id;     /* every op but Create */
	const char *locale;       /* "en-US" when NULL */
	unsigned long max_envelope; /* bytes */
	unsigned op_timeout_s;
	/* Create */
	unsigned codepage;
	bool noprofile;
	/* Command */
	const char *command;
	const char *const *args;
	size_t nargs;
	bool skip_cmd_shell;
	/* Send, Receive, Signal */
	const char *command_id;
	/* Send */
	const void *data;
	size_t len;
	bool end;
	/* Signal */
	const char *signal_code;
};

/* Append the envelope's UTF-8 XML to out. */
void ivm_wsman_build(struct ivm_buf *out, const struct ivm_wsman_msg *m);
/* The Action URI of an operation, and its name for messages ("Receive"). */
const char *ivm_wsman_op_action(enum ivm_wsman_op op);
const char *ivm_wsman_op_name(enum ivm_wsman_op op);
/* What the operation is for, in words ("opening a remote shell"). */
const char *ivm_wsman_op_doing(enum ivm_wsman_op op);
/* A fresh "uuid:XXXXXXXX-..." (upper case, as Windows writes them) into buf[45]. */
void ivm_wsman_new_id(char id[46]);

#endif
