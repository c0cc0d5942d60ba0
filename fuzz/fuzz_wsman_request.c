/* fuzz/fuzz_wsman_request.c: libFuzzer target for the lab's WS-Management/WinRS request parser. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>

#include "core/wsman_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ivm_wsreq rq;
	struct ivm_err err;
	/* whatever parse leaves filled, release frees: the lab calls both on every request */
	if (ivm_wsreq_parse((const char *)data, size, &rq, &err) == 0)
		(void)ivm_wsreq_option(&rq, "WINRS_CODEPAGE");
	ivm_wsreq_release(&rq);
	return 0;
}
