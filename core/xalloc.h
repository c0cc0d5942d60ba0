/* core/xalloc.h: allocation that cannot return NULL, and wiping of secrets. */
#ifndef IVM_XALLOC_H
#define IVM_XALLOC_H

#include <stddef.h>

/* Out of memory ends the program with a message: every caller would only
 * be able to report the same thing, and error paths that cannot be tested
 * are where leaks and crashes live. */
void *ivm_xmalloc(size_t n);
void *ivm_xcalloc(size_t n, size_t size);
void *ivm_xrealloc(void *p, size_t n);
char *ivm_xstrdup(const char *s);
char *ivm_xstrndup(const char *s, size_t n);

/* Overwrite memory that held a secret in a way the compiler may not drop. */
void ivm_wipe(void *p, size_t n);
/* Wipe a NUL-terminated secret, free it and NULL the pointer. */
void ivm_secret_free(char **s);

#endif
