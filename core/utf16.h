/* core/utf16.h: UTF-8 to UTF-16LE, the text encoding of -EncodedCommand. */
#ifndef IVM_UTF16_H
#define IVM_UTF16_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Append the UTF-16LE form of the UTF-8 text s[0..n) to out; false (out
 * unchanged) when s is not valid UTF-8. */
bool ivm_utf8_to_utf16le(struct ivm_buf *out, const char *s, size_t n);
/* Append the UTF-8 form of the UTF-16LE text s[0..n) to out; false when it
 * is not valid UTF-16 (a lone surrogate, an odd length). */
bool ivm_utf16le_to_utf8(struct ivm_buf *out, const char *s, size_t n);
/* Append one code point as UTF-8 (U+FFFD for a value that is not one). */
void ivm_utf8_put(struct ivm_buf *out, unsigned long cp);

#endif
