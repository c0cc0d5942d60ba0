/* core/utf16.c: UTF-8 to UTF-16LE, the text encoding of -EncodedCommand. */
#include "config.h"

#include "core/utf16.h"

#include <errno.h>
#include <iconv.h>

/* glibc's iconv does the validation both ways: it refuses overlong forms,
 * surrogates in UTF-8 and lone surrogates in UTF-16. */
static bool
convert(struct ivm_buf *out, const char *to, const char *from, const char *s, size_t n)
{
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1)
		return false;
	size_t start = out->len;
	char *in = (char *)s;
	size_t inleft = n;
	bool ok = true;
	while (inleft > 0) {
		char chunk[1024];
		char *o = chunk;
		size_t oleft = sizeof(chunk);
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		ivm_buf_add(out, chunk, sizeof(chunk) - oleft);
		if (r == (size_t)-1 && errno != E2BIG) {
			ok = false;
			break;
		}
	}
	iconv_close(cd);
	if (!ok) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
	}
	return ok;
}

bool
ivm_utf8_to_utf16le(struct ivm_buf *out, const char *s, size_t n)
{
	return convert(out, "UTF-16LE", "UTF-8", s, n);
}

bool
ivm_utf16le_to_utf8(struct ivm_buf *out, const char *s, size_t n)
{
	return convert(out, "UTF-8", "UTF-16LE", s, n);
}

void
ivm_utf8_put(struct ivm_buf *out, unsigned long cp)
{
	char b[4];
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		b[0] = (char)cp;
		ivm_buf_add(out, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		ivm_buf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		ivm_buf_add(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		ivm_buf_add(out, b, 4);
	}
}
