/* core/psrun.h: runs a PowerShell script in a WinRS shell and decodes what it says back. */
#ifndef IVM_PSRUN_H
#define IVM_PSRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/contract.h"
#include "core/err.h"
#include "core/wsman.h"

/* cmd.exe refuses longer command lines (reference/windows-ops.md §4.5). */
#define IVM_CMDLINE_MAX 8191

/* The short script the command line carries when the real one goes over
 * stdin (the lab recognises it). */
extern const char ivm_psrun_loader[];
/* The compressed path's loader: head + base64 of gzip(script) + tail. */
extern const char ivm_psrun_gz_head[];
extern const char ivm_psrun_gz_tail[];

struct ivm_ps_opts {
	unsigned deadline_ms;       /* 0: the session default */
	bool force_stdin;           /* send the script over stdin even when it would fit */
	/* Called once for each result line as it arrives (the jobs engine reports
	 * every step as soon as the server finishes it). */
	void (*on_result)(void *ud, const struct ivm_result *r);
	void *ud;
};

struct ivm_ps_result {
	long exit_code;
	struct ivm_buf out;         /* stdout less the result lines */
	struct ivm_buf err;         /* stderr, CLIXML decoded to plain text */
	struct ivm_result *results; /* every IPAMVMM-RESULT line, in order */
	size_t nresults;
	bool via_stdin;             /* the script went over stdin */
	bool compressed;            /* the script went compressed on a direct command line */
	bool may_have_run;          /* kept when ivm_psrun fails: the server may have run some of
	                             * the script (see struct ivm_wsman_result) */
};

/* The command line a script travels in (for tests and `plan`): the program,
 * and its arguments. Returns false when it is too long for cmd.exe. */
bool ivm_psrun_command_line(const char *script, struct ivm_buf *encoded_arg);
/* The same for the compressed path (powershell.exe started directly):
 * false when even that is longer than CreateProcess takes. */
bool ivm_psrun_compressed_line(const char *script, struct ivm_buf *encoded_arg);

int ivm_psrun(struct ivm_wsman *w, const char *script, const struct ivm_ps_opts *o,
              struct ivm_ps_result *res, struct ivm_err *err);
void ivm_ps_result_release(struct ivm_ps_result *res);

/* Split stdout into result lines and the rest (exposed for tests and the lab). */
int ivm_psrun_split_output(const char *p, size_t n, struct ivm_ps_result *res,
                           const struct ivm_ps_opts *o, struct ivm_err *err);

#endif
