/* core/buf.c: a growable byte buffer, always NUL-terminated. */
#include "config.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static void
grow(struct ivm_buf *b, size_t need)
{
	if (need + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need + 1)
		cap *= 2;
	/* realloc would leave a copy of a secret behind in the old block */
	char *p = ivm_xmalloc(cap);
	if (b->data != NULL) {
		memcpy(p, b->data, b->len + 1);
		ivm_wipe(b->data, b->cap);
		free(b->data);
	}
	b->data = p;
	b->cap = cap;
}

void
ivm_buf_add(struct ivm_buf *b, const void *p, size_t n)
{
	grow(b, b->len + n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
ivm_buf_adds(struct ivm_buf *b, const char *s)
{
	ivm_buf_add(b, s, strlen(s));
}

void
ivm_buf_addc(struct ivm_buf *b, char c)
{
	ivm_buf_add(b, &c, 1);
}

void
ivm_buf_vaddf(struct ivm_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	grow(b, b->len + (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
ivm_buf_addf(struct ivm_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ivm_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

const char *
ivm_buf_str(const struct ivm_buf *b)
{
	return b->data ? b->data : "";
}

void
ivm_buf_clear(struct ivm_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
ivm_buf_release(struct ivm_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
ivm_buf_wipe(struct ivm_buf *b)
{
	ivm_wipe(b->data, b->cap);
	ivm_buf_release(b);
}

char *
ivm_buf_steal(struct ivm_buf *b)
{
	char *s = b->data ? b->data : ivm_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}
