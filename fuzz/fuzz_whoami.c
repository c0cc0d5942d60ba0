/* fuzz/fuzz_whoami.c: libFuzzer target feeding arbitrary bytes to the whoami /groups CSV parser and the admin decision. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"
#include "core/whoami.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ivm_whoami w;
	struct ivm_err err;

	if (ivm_whoami_parse((const char *)data, size, &w, &err) == -1) {
		/* a failed parse must leave nothing behind and say why */
		if (w.groups != NULL || w.ngroups != 0 || w.label_sid != NULL ||
		    err.why[0] == '\0')
			__builtin_trap();
		return 0;
	}
	for (size_t i = 0; i < w.ngroups; i++) {
		/* every SID found must be found again */
		if (ivm_whoami_find_sid(&w, w.groups[i].sid) == NULL ||
		    strlen(w.groups[i].name) > size)
			__builtin_trap();
	}
	const char *why = ivm_whoami_admin_explain(ivm_whoami_admin(&w));
	if (why == NULL || why[0] == '\0')
		__builtin_trap();
	ivm_whoami_release(&w);
	return 0;
}
