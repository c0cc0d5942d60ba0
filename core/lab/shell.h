/* core/lab/shell.h: what cmd.exe on a lab host does with a command line: hostname, whoami, echo, ping, powershell, errors. */
#ifndef IVM_LAB_SHELL_H
#define IVM_LAB_SHELL_H

#include "core/lab/run.h"

/* Windows' cmd.exe refuses longer lines with "The command line is too long." */
#define IVM_LAB_CMDLINE_MAX 8191
/* Without cmd.exe, CreateProcess takes 32767 characters with the NUL. */
#define IVM_LAB_CREATEPROCESS_MAX 32766
/* The largest script the lab inflates from a compressed command line. */
#define IVM_LAB_MAX_SCRIPT (4u << 20)

/* Start a command. When run->wants_stdin is set, call ivm_lab_shell_stdin
 * once the client has sent all of stdin. */
void ivm_lab_shell_start(const struct ivm_lab_ctx *ctx, const char *command, char *const *args,
                         size_t nargs, struct ivm_lab_run *run);
void ivm_lab_shell_stdin(const struct ivm_lab_ctx *ctx, const char *data, size_t len,
                         struct ivm_lab_run *run);

#endif
