/* cli/conn.h: the command-line options every command that talks to a server shares. */
#ifndef IVM_CLI_CONN_H
#define IVM_CLI_CONN_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"
#include "core/http.h"
#include "core/secret.h"
#include "core/wsman.h"

struct ivm_conn {
	struct ivm_http_opts http;
	struct ivm_wsman_opts wsman;
	enum ivm_secret_source pw_source;
	const char *pw_arg;       /* file or variable name */
	bool pw_given;
	unsigned deadline_ms;     /* one remote command; 0 = default */
	char *password;           /* owned, wiped on release */
};

/* getopt_long values of the shared options start here. */
#define IVM_CONN_OPT_BASE 1000

/* The shared options followed by a command's own (nextra of them), ending
 * with the zero entry getopt_long wants. Free the array with free(). */
struct option *ivm_conn_options(const struct option *extra, size_t nextra);

void ivm_conn_init(struct ivm_conn *c);
/* 1 when opt was one of the shared options (consumed), 0 when not, -1 on a
 * bad value (err set). */
int ivm_conn_option(struct ivm_conn *c, int opt, const char *arg, struct ivm_err *err);
/* Checks what was given and obtains the password (prompt, file or
 * environment) when the scheme needs one. */
int ivm_conn_finish(struct ivm_conn *c, struct ivm_err *err);
void ivm_conn_release(struct ivm_conn *c);
void ivm_conn_help(FILE *fp);

#endif
