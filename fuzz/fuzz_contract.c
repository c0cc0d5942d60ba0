/* fuzz/fuzz_contract.c: libFuzzer target for the result document, result-line and parameter-document parsers. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>

#include "core/contract.h"
#include "core/psrun.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ivm_err err;
	struct ivm_result r;
	if (ivm_contract_result_parse((const char *)data, size, &r, &err) == 0)
		ivm_result_release(&r);
	/* the same bytes as a whole stdout stream with result lines in it */
	struct ivm_ps_result pr = { 0 };
	ivm_psrun_split_output((const char *)data, size, &pr, NULL, &err);
	ivm_ps_result_release(&pr);
	/* the same bytes as a parameter document, as the lab reads one */
	char *op = NULL;
	struct ivm_field *f = NULL;
	size_t n = 0;
	if (ivm_contract_params_parse((const char *)data, size, &op, &f, &n, &err) == 0) {
		(void)ivm_field_get(f, n, "KeepGoing");
		ivm_fields_free(&f, n);
		free(op);
	}
	return 0;
}
