/* cli/conn.c: the command-line options every command that talks to a server shares. */
#include "config.h"

#include "cli/conn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ivm.h"
#include "core/xalloc.h"

enum {
	O_ENDPOINT = IVM_CONN_OPT_BASE, O_USER, O_AUTH, O_CACERT, O_INSECURE, O_ALLOW_UNENC,
	O_PW_FILE, O_PW_ENV, O_PASSWORD, O_TIMEOUT, O_OP_TIMEOUT, O_MAX_REPLY,
};

static const struct option long_options[] = {
	{ "endpoint", required_argument, NULL, O_ENDPOINT },
	{ "user", required_argument, NULL, O_USER },
	{ "auth", required_argument, NULL, O_AUTH },
	{ "cacert", required_argument, NULL, O_CACERT },
	{ "insecure", no_argument, NULL, O_INSECURE },
	{ "allow-unencrypted", no_argument, NULL, O_ALLOW_UNENC },
	{ "password-file", required_argument, NULL, O_PW_FILE },
	{ "password-env", required_argument, NULL, O_PW_ENV },
	{ "password", optional_argument, NULL, O_PASSWORD },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "operation-timeout", required_argument, NULL, O_OP_TIMEOUT },
	{ "max-reply", required_argument, NULL, O_MAX_REPLY },
};

struct option *
ivm_conn_options(const struct option *extra, size_t nextra)
{
	size_t n = IVM_COUNT(long_options);
	struct option *o = ivm_xcalloc(n + nextra + 1, sizeof(*o));
	memcpy(o, long_options, sizeof(long_options));
	memcpy(o + n, extra, nextra * sizeof(*o));
	return o;
}

void
ivm_conn_help(FILE *fp)
{
	fputs("Connection:\n"
	      "  --endpoint URL        the WinRM listener: https://HOST:5986/wsman (or http://HOST:5985/wsman)\n"
	      "  --user NAME           DOMAIN\\user, user@REALM, or a local account name\n"
	      "  --auth SCHEME         negotiate (default), ntlm, kerberos or basic; exactly one is used\n"
	      "                        negotiate and kerberos use your Kerberos ticket (run kinit first);\n"
	      "                        negotiate without a ticket uses NTLM with the password given;\n"
	      "                        ntlm and basic use a password; basic works for local accounts only\n"
	      "  --password-file FILE  read the password from FILE (only its owner may read it: chmod 600)\n"
	      "  --password-env NAME   read the password from the environment variable NAME\n"
	      "                        (with neither, the password is asked for, without echo)\n"
	      "  --cacert FILE         trust the CA certificate(s) in FILE (PEM) for HTTPS\n"
	      "  --insecure            do not verify the server's certificate (a warning is printed)\n"
	      "  --allow-unencrypted   permit plain http:// with --auth basic (the password and commands\n"
	      "                        travel unencrypted); over http:// negotiate, ntlm and kerberos\n"
	      "                        always encrypt every message, as Windows demands by default\n"
	      "  --timeout SECONDS     the overall deadline of one remote command (default 300)\n"
	      "  --operation-timeout SECONDS  WinRM OperationTimeout per request (default 20, at most 60)\n"
	      "  --max-reply BYTES     refuse replies larger than this (default 4194304)\n", fp);
}

void
ivm_conn_init(struct ivm_conn *c)
{
	memset(c, 0, sizeof(*c));
	c->http.auth = IVM_AUTH_NEGOTIATE;
	c->wsman.op_timeout_s = IVM_WSMAN_OP_TIMEOUT_DEFAULT;
	c->pw_source = IVM_SECRET_PROMPT;
}

static int
number(const char *arg, unsigned long lo, unsigned long hi, const char *opt, unsigned long *out,
       struct ivm_err *err)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (errno || *end || !*arg || v < lo || v > hi || arg[0] == '-') {
		ivm_err_set(err, IVM_E_USAGE, opt, "Give a whole number in range.",
		            "'%s' is not a whole number from %lu to %lu", arg, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

int
ivm_conn_option(struct ivm_conn *c, int opt, const char *arg, struct ivm_err *err)
{
	unsigned long v;
	switch (opt) {
	case O_ENDPOINT: c->http.url = arg; return 1;
	case O_USER: c->http.user = arg; return 1;
	case O_CACERT: c->http.cacert = arg; return 1;
	case O_INSECURE: c->http.insecure = true; return 1;
	case O_ALLOW_UNENC: c->http.allow_unencrypted = true; return 1;
	case O_PW_FILE: c->pw_source = IVM_SECRET_FILE; c->pw_arg = arg; c->pw_given = true; return 1;
	case O_PW_ENV: c->pw_source = IVM_SECRET_ENV; c->pw_arg = arg; c->pw_given = true; return 1;
	case O_AUTH: {
		int a = ivm_auth_parse(arg);
		if (a < 0) {
			ivm_err_set(err, IVM_E_USAGE, "--auth", "Use negotiate, ntlm, kerberos or basic.",
			            "'%s' is not an authentication scheme ipamvmm knows", arg);
			return -1;
		}
		c->http.auth = (enum ivm_auth)a;
		return 1;
	}
	case O_PASSWORD:
		/* Never echo arg back: it may be the password itself. */
		ivm_err_set(err, IVM_E_USAGE, "--password",
		            "Use --password-file FILE (chmod 600) or --password-env NAME, or answer the prompt.",
		            "ipamvmm never takes a password on the command line: other users can read it in the process list and it stays in your shell history");
		return -1;
	case O_TIMEOUT:
		if (number(arg, 1, 86400, "--timeout", &v, err) < 0)
			return -1;
		c->deadline_ms = (unsigned)(v * 1000);
		return 1;
	case O_OP_TIMEOUT:
		if (number(arg, 1, 60, "--operation-timeout", &v, err) < 0)
			return -1;
		c->wsman.op_timeout_s = (unsigned)v;
		return 1;
	case O_MAX_REPLY:
		if (number(arg, 65536, 1UL << 30, "--max-reply", &v, err) < 0)
			return -1;
		c->http.max_reply = v;
		return 1;
	default:
		return 0;
	}
}

int
ivm_conn_finish(struct ivm_conn *c, struct ivm_err *err)
{
	if (c->http.url == NULL) {
		ivm_err_set(err, IVM_E_USAGE, "reading the command line",
		            "Name the server with --endpoint https://HOST:5986/wsman.", "no --endpoint was given");
		return -1;
	}
	if (ivm_auth_needs_password(c->http.auth) && (c->http.user == NULL || !c->http.user[0])) {
		ivm_err_set(err, IVM_E_USAGE, "reading the command line",
		            "Name the account with --user DOMAIN\\user (or a local name for --auth basic).",
		            "--auth %s needs a user name", ivm_auth_name(c->http.auth));
		return -1;
	}
	/* The HTTP timeout must outlast OperationTimeout, or a quiet but healthy
	 * command looks like a dead server (masterzen/winrm#147). */
	c->http.timeout_ms = (c->wsman.op_timeout_s + 10) * 1000;
	c->wsman.url = c->http.url;
	/* negotiate takes a password given for when there is no ticket (NTLM) */
	bool fallback = c->http.auth == IVM_AUTH_NEGOTIATE && c->pw_given;
	if (!ivm_auth_needs_password(c->http.auth) && !fallback) {
		if (c->pw_given)
			fprintf(stderr, "ipamvmm: note: --auth %s uses your Kerberos ticket; the password given is not used\n",
			        ivm_auth_name(c->http.auth));
		return 0;
	}
	c->password = ivm_secret_read_for(c->pw_source, c->pw_arg, c->http.user, err);
	if (c->password == NULL)
		return -1;
	c->http.password = c->password;
	return 0;
}

void
ivm_conn_release(struct ivm_conn *c)
{
	ivm_secret_free(&c->password);
	c->http.password = NULL;
}
