/* tests/fake_winrs.h: a testsrv handler that answers like a Windows WinRS endpoint, scriptable per test. */
#ifndef IVM_FAKE_WINRS_H
#define IVM_FAKE_WINRS_H

#include <stddef.h>

#include "core/buf.h"
#include "tests/testsrv.h"

/* Behaviour of the n-th Command started (in order of arrival). Order of the
 * Receive replies: timeouts_first faults, then running_first empty Running
 * replies, then the output (all at once, or chunks_per_reply at a time), the
 * last one Done with the exit code. A Receive after Done repeats an empty Done. */
struct fake_cmd {
	const char *stdout_chunks[8]; /* NULL-terminated (or all 8 used); one rsp:Stream each */
	const char *stderr_text;      /* NULL or text for one stderr Stream, in the Done reply */
	int exit_code;
	unsigned running_first;       /* empty Receive replies with State .../CommandState/Running */
	unsigned timeouts_first;      /* Receives answered 500 WSManFault 2150858793 w:TimedOut */
	unsigned chunks_per_reply;    /* 0: all stdout chunks in one reply; N: at most N per reply */
};

/* Override the reply to request #at (ts_request.index, counting every request).
 * body == NULL and fault_code == 0: the request is handled as usual, then the
 *   template's status (when non-zero), mode, truncate_at and delay_ms apply to
 *   that reply: TS_DROP then means "done on the server, reply lost".
 * body != NULL: the request is not handled (no state changes, no counters);
 *   body is sent verbatim with the template's status (0: 200).
 * fault_code != 0: not handled either; a Windows WSManFault with that code,
 *   fault_subcode (NULL: w:InternalError) and fault_message, RelatesTo the
 *   request, status from the template (0: 500).
 * The template's content_type and www_authenticate are used when set. */
struct fake_inject {
	unsigned at;
	struct ts_response reply_template; /* its body is ignored: use body */
	const char *body;
	unsigned long fault_code;
	const char *fault_subcode;
	const char *fault_message;
	int used;                          /* set once applied */
};

struct fake_priv;

struct fake_winrs {
	/* configuration, set by the test before the client starts */
	const char *user, *password;  /* required HTTP Basic credentials; NULL user = accept anything */
	const char *machine;          /* Machine="" in faults; NULL = "fake.contoso.com" */
	struct fake_cmd cmds[16];     /* commands beyond ncmds: exit 0, no output */
	size_t ncmds;
	struct fake_inject inject[8];
	size_t ninject;
	int forget_shell_at;          /* >= 0: from that request index on, every shell known
	                                 so far is gone (faults 2150858843); new ones work */

	/* Recorded for assertions; read them after the client is done.
	 * The per-action counters count requests of that action the fake handled
	 * (authenticated, not replaced by an injection), whatever it answered. */
	unsigned requests;            /* every request the handler saw */
	unsigned auth_failures;       /* answered 401 */
	unsigned shells_created, shells_deleted;
	unsigned commands, receives, signals, sends;
	unsigned commands_started;    /* Commands that got a CommandId (index into cmds) */
	struct ivm_buf stdin_data;    /* base64-decoded concatenation of every Send stdin stream */
	int stdin_end_seen;
	char last_command[256];       /* rsp:Command text */
	char *last_arguments;         /* every rsp:Arguments joined with single spaces (malloc'd) */
	char last_signal_code[256];
	char create_codepage[32];     /* the WINRS_CODEPAGE option seen on the last Create */
	char last_op_timeout[32];     /* w:OperationTimeout text of the last request */
	char last_resource_uri[256];  /* w:ResourceURI text of the last request */
	unsigned long last_max_envelope;
	char last_relates_to_sent[128];

	struct fake_priv *priv;       /* internal: lock, shells and commands */
};

void fake_winrs_init(struct fake_winrs *f);
void fake_winrs_release(struct fake_winrs *f);
/* The ts_handler; ud is the struct fake_winrs. Safe from several connection threads. */
void fake_winrs_handler(void *ud, const struct ts_request *rq, struct ts_response *rs);

/* A Windows-style WSManFault envelope (send it with HTTP 500): s:Code from the
 * subcode ("w:TimedOut" -> s:Receiver, "w:InvalidSelectors" -> s:Sender, ...),
 * message as both the s:Reason text and the f:Message. relates_to NULL or "":
 * no a:RelatesTo. */
void fake_winrs_fault(struct ivm_buf *out, const char *relates_to, unsigned long code,
    const char *subcode, const char *machine, const char *message);
/* The two 2150858843 faults exactly as Windows writes them: a shell that does
 * not exist (any shell-bound request), and a command id that does not exist. */
void fake_winrs_fault_no_shell(struct ivm_buf *out, const char *relates_to,
    const char *machine);
void fake_winrs_fault_no_command(struct ivm_buf *out, const char *relates_to,
    const char *machine);

/* WSManFault codes Windows uses, for tests. */
#define FAKE_FAULT_TIMED_OUT      2150858793UL /* no output within OperationTimeout */
#define FAKE_FAULT_INVALID_SEL    2150858843UL /* unknown shell or command */
#define FAKE_FAULT_INVALID_ACTION 2150858753UL /* action URI not supported */
#define FAKE_FAULT_BAD_PARAMETER  87UL

#endif
