/* core/b64.h: base64 (RFC 4648), the encoding of WinRS streams and of the contract. */
#ifndef IVM_B64_H
#define IVM_B64_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Append the base64 text of p[0..n) to out. */
void ivm_b64_encode(struct ivm_buf *out, const void *p, size_t n);
/* Append the bytes of base64 text s[0..n) to out. White space is skipped
 * (Windows wraps nothing, but XML text may be indented); anything else that
 * is not base64, or bad padding, returns false and leaves out as it was. */
bool ivm_b64_decode(struct ivm_buf *out, const char *s, size_t n);

#endif
