/* fuzz/fuzz_clixml.c: libFuzzer target for the CLIXML stderr decoder, which reads bytes a remote server chose. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/xmlerror.h>

#include "core/buf.h"
#include "core/clixml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Anything libxml2 prints would land on the user's terminal, over the TUI. */
static void
noisy(void *ctx, const char *msg, ...)
{
	__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ivm_buf out = IVM_BUF_INIT;
	const char *s = (const char *)data;

	xmlSetGenericErrorFunc(NULL, noisy);
	(void)ivm_clixml_is(s, size);
	/* appending to a buffer that already holds text must leave it be */
	ivm_buf_adds(&out, "x");
	ivm_clixml_decode(&out, s, size);
	if (out.data[0] != 'x' || out.data[out.len] != '\0')
		__builtin_trap();
	ivm_buf_release(&out);
	return 0;
}
