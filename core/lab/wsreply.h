/* core/lab/wsreply.h: builds WinRS replies the way Windows writes them (prefixes, order, faults). */
#ifndef IVM_LAB_WSREPLY_H
#define IVM_LAB_WSREPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/wsman_reply.h"

struct ivm_wsreply_chunk {
	enum ivm_stream stream;
	const char *data;
	size_t len;
};

void ivm_wsreply_create(struct ivm_buf *out, const char *relates_to, const char *address,
                        const char *shell_id, const char *owner, const char *client_ip);
void ivm_wsreply_command(struct ivm_buf *out, const char *relates_to, const char *command_id);
/* SendResponse, SignalResponse, DeleteResponse: action is the request's action. */
void ivm_wsreply_empty(struct ivm_buf *out, const char *relates_to, const char *action);
/* One Stream element per chunk; when done, the End markers and the exit code. */
void ivm_wsreply_receive(struct ivm_buf *out, const char *relates_to, const char *command_id,
                         const struct ivm_wsreply_chunk *chunks, size_t n, bool done, long exit_code);
/* A WSManFault (sent with HTTP 500). subcode like "w:TimedOut"; the s:Code is
 * s:Sender or s:Receiver as Windows pairs them. */
void ivm_wsreply_fault(struct ivm_buf *out, const char *relates_to, unsigned long code,
                       const char *subcode, const char *machine, const char *message);

#endif
