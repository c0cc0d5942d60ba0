/* core/buf.h: a growable byte buffer, always NUL-terminated. */
#ifndef IVM_BUF_H
#define IVM_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/ivm.h"

struct ivm_buf {
	char *data; /* NULL until something is added; then NUL-terminated */
	size_t len;
	size_t cap;
};

#define IVM_BUF_INIT { NULL, 0, 0 }

void ivm_buf_add(struct ivm_buf *b, const void *p, size_t n);
void ivm_buf_adds(struct ivm_buf *b, const char *s);
void ivm_buf_addc(struct ivm_buf *b, char c);
void ivm_buf_addf(struct ivm_buf *b, const char *fmt, ...) IVM_PRINTF(2, 3);
void ivm_buf_vaddf(struct ivm_buf *b, const char *fmt, va_list ap) IVM_PRINTF(2, 0);
/* The contents as a string: "" when empty, never NULL. */
const char *ivm_buf_str(const struct ivm_buf *b);
/* Forget the contents, keep the memory. */
void ivm_buf_clear(struct ivm_buf *b);
/* Free the memory. */
void ivm_buf_release(struct ivm_buf *b);
/* Overwrite every byte ever held, then free: for buffers that held a secret. */
void ivm_buf_wipe(struct ivm_buf *b);
/* Hand the string to the caller (who frees it); the buffer is empty after. */
char *ivm_buf_steal(struct ivm_buf *b);

#endif
