/* core/wsman.h: a WinRS session with one host: one shell kept open and reused by every command. */
#ifndef IVM_WSMAN_H
#define IVM_WSMAN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/transport.h"
#include "core/wsman_reply.h"

#define IVM_WSMAN_OP_TIMEOUT_DEFAULT 20   /* s; Windows' MaxTimeoutms ceiling is 60 s */
#define IVM_WSMAN_DEADLINE_DEFAULT 300000 /* ms for one command */

struct ivm_wsman_opts {
	const char *url;           /* a:To */
	unsigned op_timeout_s;     /* w:OperationTimeout; the transport's timeout must be longer */
	unsigned long max_envelope;/* the largest reply we accept, bytes */
	unsigned codepage;         /* 65001 (UTF-8) unless told otherwise */
	const char *locale;
	/* Called with every envelope sent (dir '>') and received ('<'), for --transcript. */
	void (*trace)(void *ud, char dir, const char *xml, size_t len);
	void *trace_ud;
};

struct ivm_wsman_cmd {
	const char *command;
	const char *const *args;
	size_t nargs;
	const void *stdin_data;    /* sent with Send after the Command, closed with End */
	size_t stdin_len;
	bool skip_cmd_shell;       /* run the program directly, not through cmd.exe */
	unsigned deadline_ms;      /* the whole command; 0 = IVM_WSMAN_DEADLINE_DEFAULT */
	/* Called as output arrives, before the command ends; optional. */
	void (*on_output)(void *ud, enum ivm_stream s, const char *p, size_t n);
	void *ud;
};

struct ivm_wsman_result {
	struct ivm_buf out;        /* stdout bytes as the server sent them (UTF-8 with codepage 65001) */
	struct ivm_buf err;        /* stderr bytes */
	long exit_code;
	/* The server may have started the command: its Command request went out
	 * and was not clearly refused. When the call fails after that, what the
	 * command did on the server is unknown, not "nothing". */
	bool may_have_run;
};

struct ivm_wsman_stats {
	struct ivm_transport_stats transport;
	unsigned long shells_opened;
	unsigned long shells_reopened;  /* after the server lost one */
	unsigned long receive_retries;  /* Receive sent again after "no output yet" */
	unsigned long cleanup_failures; /* Signal or Delete that failed after the work was done */
};

/* Takes ownership of t. */
struct ivm_wsman *ivm_wsman_new(struct ivm_transport *t, const struct ivm_wsman_opts *o);
/* Deletes the shell when one is open (best effort), then frees. */
void ivm_wsman_free(struct ivm_wsman **w);
/* Run one command to completion in the session's shell (opened on first use).
 * 0 when the command ran (whatever its exit code); -1 with err otherwise. */
int ivm_wsman_run(struct ivm_wsman *w, const struct ivm_wsman_cmd *c,
                  struct ivm_wsman_result *res, struct ivm_err *err);
void ivm_wsman_result_release(struct ivm_wsman_result *res);
/* Delete the shell now and report a failure (ivm_wsman_free cannot). */
int ivm_wsman_close(struct ivm_wsman *w, struct ivm_err *err);
void ivm_wsman_get_stats(const struct ivm_wsman *w, struct ivm_wsman_stats *st);
/* The last Signal or Delete that failed after the work was done, or NULL:
 * the result stands, but the server may keep a command or a shell until
 * its idle timeout, which the user should hear about. */
const struct ivm_err *ivm_wsman_cleanup_error(const struct ivm_wsman *w);
const char *ivm_wsman_host(const struct ivm_wsman *w);

#endif
