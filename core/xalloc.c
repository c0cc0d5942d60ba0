/* core/xalloc.c: allocation that cannot return NULL, and wiping of secrets. */
#include "config.h"

#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
oom(size_t n)
{
	fprintf(stderr, "ipamvmm: out of memory (asked for %zu bytes); "
	        "free some memory and run it again\n", n);
	abort();
}

void *
ivm_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom(n);
	return p;
}

void *
ivm_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		oom(n * size);
	return p;
}

void *
ivm_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		oom(n);
	return q;
}

char *
ivm_xstrdup(const char *s)
{
	return ivm_xstrndup(s, strlen(s));
}

char *
ivm_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = ivm_xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

void
ivm_wipe(void *p, size_t n)
{
	if (p == NULL || n == 0)
		return;
#ifdef HAVE_EXPLICIT_BZERO
	explicit_bzero(p, n);
#else
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
#endif
}

void
ivm_secret_free(char **s)
{
	if (s == NULL || *s == NULL)
		return;
	ivm_wipe(*s, strlen(*s));
	free(*s);
	*s = NULL;
}
