/* fuzz/fuzz_reply.c: libFuzzer target for the WinRM reply parser and the fault explainer. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>

#include "core/wsman_fault.h"
#include "core/wsman_reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ivm_wsman_reply r;
	struct ivm_err err;
	if (ivm_wsman_parse((const char *)data, size, "ABC", &r, &err) == 0) {
		if (r.is_fault)
			ivm_wsman_fault_explain(&r.fault, "fuzzing", &err);
		ivm_wsman_reply_release(&r);
	}
	return 0;
}
