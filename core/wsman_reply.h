/* core/wsman_reply.h: parses what a WinRM server answers: ids, streams, command state, faults. */
#ifndef IVM_WSMAN_REPLY_H
#define IVM_WSMAN_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

enum ivm_stream { IVM_STDOUT = 0, IVM_STDERR = 1 };

struct ivm_wsman_fault {
	char code[64];        /* s:Code/s:Value, e.g. "s:Receiver" */
	char subcode[128];    /* s:Subcode/s:Value, e.g. "w:TimedOut" */
	char reason[512];     /* s:Reason/s:Text */
	bool has_wsman_code;
	unsigned long wsman_code; /* f:WSManFault/@Code */
	char machine[128];    /* f:WSManFault/@Machine */
	char message[2048];   /* f:WSManFault/f:Message text, white space folded */
};

struct ivm_wsman_reply {
	char action[256];
	char message_id[128];
	char relates_to[128];
	char shell_id[128];      /* CreateResponse */
	char command_id[128];    /* CommandResponse */
	/* ReceiveResponse */
	struct ivm_buf stream[2];/* decoded bytes, chunks appended in order */
	bool stream_end[2];
	bool has_state;
	bool done;
	bool has_exit_code;
	long exit_code;
	/* s:Fault */
	bool is_fault;
	struct ivm_wsman_fault fault;
};

/* Parse one reply. Streams whose CommandId differs from want_command_id
 * (when it is not NULL) are ignored. Returns 0, or -1 with err set
 * (IVM_E_MALFORMED) when the bytes are not a SOAP envelope. */
int ivm_wsman_parse(const char *xml, size_t len, const char *want_command_id,
                    struct ivm_wsman_reply *r, struct ivm_err *err);
void ivm_wsman_reply_release(struct ivm_wsman_reply *r);

#endif
