/* fuzz/fuzz_answers.c: libFuzzer target for the answer-file loader, and the saver on whatever it accepts. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/answers.h"
#include "core/settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ivm_settings s, back;
	struct ivm_err err;
	if (ivm_answers_load_mem(&s, (const char *)data, size, "fuzz.xml", &err) < 0)
		return 0;
	/* whatever loads must save to a file that loads back to the same settings */
	struct ivm_buf doc = IVM_BUF_INIT;
	ivm_answers_format(&s, &doc);
	if (ivm_answers_load_mem(&back, doc.data, doc.len, "saved.xml", &err) < 0 ||
	    !ivm_settings_equal(&s, &back))
		abort();
	ivm_settings_release(&back);
	ivm_buf_release(&doc);
	ivm_settings_release(&s);
	return 0;
}
