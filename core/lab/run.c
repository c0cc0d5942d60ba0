/* core/lab/run.c: what a command run in a lab shell prints, and when (simulated time). */
#include "config.h"

#include "core/lab/run.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void
ivm_lab_run_add(struct ivm_lab_run *run, long long at_ms, enum ivm_stream s, const char *data, size_t len)
{
	run->chunks = ivm_xrealloc(run->chunks, (run->nchunks + 1) * sizeof(*run->chunks));
	struct ivm_lab_chunk *c = &run->chunks[run->nchunks++];
	c->at_ms = at_ms;
	c->stream = s;
	c->data = ivm_xmalloc(len + 1);
	memcpy(c->data, data, len);
	c->data[len] = '\0';
	c->len = len;
	if (at_ms > run->end_ms)
		run->end_ms = at_ms;
}

void
ivm_lab_run_adds(struct ivm_lab_run *run, long long at_ms, enum ivm_stream s, const char *text)
{
	ivm_lab_run_add(run, at_ms, s, text, strlen(text));
}

void
ivm_lab_run_lines(struct ivm_lab_run *run, long long from_ms, long long to_ms, enum ivm_stream s,
                  const char *text, size_t len)
{
	size_t nlines = 0;
	for (size_t i = 0; i < len; i++)
		nlines += text[i] == '\n' || i + 1 == len;
	size_t k = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl + 1 : end;
		long long at = nlines > 1 ? from_ms + (to_ms - from_ms) * (long long)k / (long long)(nlines - 1) : to_ms;
		ivm_lab_run_add(run, at, s, p, (size_t)(stop - p));
		k++;
		p = stop;
	}
}

void
ivm_lab_run_release(struct ivm_lab_run *run)
{
	for (size_t i = 0; i < run->nchunks; i++)
		free(run->chunks[i].data);
	free(run->chunks);
	memset(run, 0, sizeof(*run));
}
