/* core/transcript.h: --transcript FILE: every request and reply, scripts decoded for reading, secrets masked. */
#ifndef IVM_TRANSCRIPT_H
#define IVM_TRANSCRIPT_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct ivm_transcript;

/* Creates FILE (mode 0600; an existing file is replaced). */
struct ivm_transcript *ivm_transcript_open(const char *path, struct ivm_err *err);
void ivm_transcript_free(struct ivm_transcript **t);
/* A value that must never be written (a password): it becomes ******** wherever it would appear. */
void ivm_transcript_secret(struct ivm_transcript *t, const char *value);
/* The trace hook of struct ivm_wsman_opts (ud = the transcript; host names the server). */
void ivm_transcript_trace(void *ud, char dir, const char *xml, size_t len);
/* Redact text the same way (for tests and for other logs). */
void ivm_transcript_redact(const struct ivm_transcript *t, struct ivm_buf *text);

#endif
