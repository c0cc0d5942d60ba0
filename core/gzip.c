/* core/gzip.c: gzip in and out (zlib), to fit long scripts into one command line. */
#include "config.h"

#include "core/gzip.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/xalloc.h"

/* windowBits 15 + 16: the gzip wrapper, which .NET's GZipStream reads */
#define GZIP_BITS (15 + 16)

void
ivm_gzip(struct ivm_buf *out, const void *p, size_t n)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, GZIP_BITS, 9, Z_DEFAULT_STRATEGY);
	uLong bound = deflateBound(&z, (uLong)n);
	unsigned char *dst = ivm_xmalloc(bound);
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	z.next_out = dst;
	z.avail_out = (uInt)bound;
	deflate(&z, Z_FINISH); /* deflateBound guarantees one call suffices */
	ivm_buf_add(out, dst, z.total_out);
	deflateEnd(&z);
	/* the input may be a script carrying a parameter document */
	ivm_wipe(dst, bound);
	free(dst);
}

bool
ivm_gunzip(struct ivm_buf *out, const void *p, size_t n, size_t max)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, GZIP_BITS) != Z_OK)
		return false;
	size_t start = out->len;
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	int rc;
	unsigned char chunk[16384];
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END)
			break;
		ivm_buf_add(out, chunk, sizeof(chunk) - z.avail_out);
		if (out->len - start > max) {
			rc = Z_DATA_ERROR;
			break;
		}
		/* Z_OK: more to come; Z_BUF_ERROR (truncated input) ends the loop above */
	} while (rc != Z_STREAM_END);
	inflateEnd(&z);
	if (rc != Z_STREAM_END) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
		return false;
	}
	return true;
}
