/* core/lab/run.h: what a command run in a lab shell prints, and when (simulated time). */
#ifndef IVM_LAB_RUN_H
#define IVM_LAB_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/wsman_reply.h"

struct ivm_lab;
struct ivm_lab_host;
struct ivm_lab_account;

/* powershell.exe's start-up on a real server, before a script runs. */
#define IVM_LAB_PS_STARTUP_MS 400

/* One piece of output, due at_ms after the command started. */
struct ivm_lab_chunk {
	long long at_ms;
	enum ivm_stream stream;
	char *data;
	size_t len;
};

struct ivm_lab_run {
	struct ivm_lab_chunk *chunks;
	size_t nchunks;
	long exit_code;
	long long end_ms;        /* when the process exits */
	bool wants_stdin;        /* blocked reading stdin until End */
	bool not_found;          /* WINRS_SKIP_CMD_SHELL and no such program: the Command faults */
	bool too_long;           /* WINRS_SKIP_CMD_SHELL and a line CreateProcess refuses: the Command faults */
};

struct ivm_lab_ctx {
	struct ivm_lab *lab;
	struct ivm_lab_host *host;
	const struct ivm_lab_account *who;
	bool instant;            /* no simulated durations */
	bool skip_cmd_shell;
};

void ivm_lab_run_add(struct ivm_lab_run *run, long long at_ms, enum ivm_stream s, const char *data, size_t len);
void ivm_lab_run_adds(struct ivm_lab_run *run, long long at_ms, enum ivm_stream s, const char *text);
/* Output a process writes line by line between from_ms and to_ms: one
 * chunk per line, due at evenly spread times (all at from_ms when equal). */
void ivm_lab_run_lines(struct ivm_lab_run *run, long long from_ms, long long to_ms, enum ivm_stream s,
                       const char *text, size_t len);
void ivm_lab_run_release(struct ivm_lab_run *run);

#endif
