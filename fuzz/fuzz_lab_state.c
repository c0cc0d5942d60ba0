/* fuzz/fuzz_lab_state.c: libFuzzer target feeding arbitrary bytes to the lab state loader, and checking that what it accepts writes back the same. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/lab/model.h"
#include "core/lab/model_int.h"
#include "core/lab/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ivm_lab *lab = (struct ivm_lab *)&lab, *again = NULL;
	struct ivm_err err;
	struct ivm_buf one = IVM_BUF_INIT, two = IVM_BUF_INIT, shown = IVM_BUF_INIT;

	ivm_err_clear(&err);
	if (ivm_lab_from_xml((const char *)data, size, "fuzz.xml", &lab, &err) == -1) {
		/* a refusal leaves nothing behind and says where and why */
		if (lab != NULL || err.why[0] == '\0' || err.next[0] == '\0' ||
		    strncmp(err.why, "fuzz.xml", 8) != 0)
			__builtin_trap();
		return 0;
	}
	/* what was accepted writes out, reads back, and writes out the same */
	ivm_lab_to_state_xml(lab, &one);
	if (ivm_lab_from_xml(one.data, one.len, "again.xml", &again, &err) == -1)
		__builtin_trap();
	ivm_lab_to_state_xml(again, &two);
	if (one.len != two.len || memcmp(one.data, two.data, one.len) != 0)
		__builtin_trap();
	/* `lab show` carries no hash: read back, any account makes it refused */
	size_t accounts = lab->accounts.n;
	for (size_t i = 0; i < lab->hosts.n; i++)
		accounts += ((struct ivm_lab_host *)lab->hosts.v[i])->accounts.n;
	ivm_lab_to_xml(lab, &shown);
	struct ivm_lab *from_show = NULL;
	int r = ivm_lab_from_xml(shown.data, shown.len, "shown.xml", &from_show, &err);
	if ((accounts > 0) != (r == -1) || (r == -1 && strstr(err.why, "no password hash") == NULL))
		__builtin_trap();
	ivm_lab_free(&from_show);
	ivm_buf_release(&one);
	ivm_buf_release(&two);
	ivm_buf_release(&shown);
	ivm_lab_free(&lab);
	ivm_lab_free(&again);
	return 0;
}
