/* core/gzip.h: gzip in and out (zlib), to fit long scripts into one command line. */
#ifndef IVM_GZIP_H
#define IVM_GZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

void ivm_gzip(struct ivm_buf *out, const void *p, size_t n);
/* false (out unchanged) for data that is not gzip, or that would inflate past max bytes */
bool ivm_gunzip(struct ivm_buf *out, const void *p, size_t n, size_t max);

#endif
