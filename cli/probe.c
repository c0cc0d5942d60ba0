/* cli/probe.c: `ipamvmm probe`: can ipamvmm reach and administer this host? */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/conn.h"
#include "core/cancel.h"
#include "core/ivm.h"
#include "core/probe.h"
#include "core/xalloc.h"

void
ivm_cmd_probe_help(FILE *fp)
{
	fputs("Usage: ipamvmm probe --endpoint URL --user DOMAIN\\USER [options]\n"
	      "\n"
	      "Connects to one server's WinRM listener, signs in, opens a shell, runs\n"
	      "`hostname` and `whoami /groups`, and reports four facts: reached,\n"
	      "authenticated, host name, and whether the account is an enabled member of\n"
	      "the local Administrators group (S-1-5-32-544). Exit status 0 only when all\n"
	      "four hold; 1 when one does not; 2 for a wrong command line; 130 when\n"
	      "stopped with Ctrl-C (the remote shell is closed first; a second Ctrl-C\n"
	      "quits at once).\n"
	      "\n", fp);
	ivm_conn_help(fp);
	fputs("\nOther:\n"
	      "  -h, --help            this help\n"
	      "\nExample:\n"
	      "  ipamvmm probe --endpoint https://ipam1.contoso.com:5986/wsman \\\n"
	      "                --user 'CONTOSO\\admin' --auth ntlm --password-file ~/.ipamvmm-pw\n", fp);
}

int
ivm_cmd_probe(int argc, char **argv)
{
	static const struct option own[] = { { "help", no_argument, NULL, 'h' } };
	struct option *opts = ivm_conn_options(own, IVM_COUNT(own));

	struct ivm_conn c;
	struct ivm_err err = { 0 };
	ivm_conn_init(&c);
	int opt, status = -1;
	optind = 1;
	while (status < 0 && (opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'h') {
			ivm_cmd_probe_help(stdout);
			status = IVM_EXIT_OK;
			break;
		}
		int r = ivm_conn_option(&c, opt, optarg, &err);
		if (r < 0)
			ivm_cli_error(&err);
		else if (r == 0)
			fputs("Try 'ipamvmm probe --help'.\n", stderr);
		if (r <= 0)
			status = IVM_EXIT_USAGE;
	}
	free(opts);
	if (status >= 0)
		return status;
	if (optind < argc) {
		fprintf(stderr, "ipamvmm probe: unexpected argument '%s'\nTry 'ipamvmm probe --help'.\n",
		        argv[optind]);
		return IVM_EXIT_USAGE;
	}
	if (ivm_conn_finish(&c, &err) < 0) {
		ivm_cli_error(&err);
		ivm_conn_release(&c);
		return err.kind == IVM_E_USAGE ? IVM_EXIT_USAGE : IVM_EXIT_FAIL;
	}
	if (c.http.insecure)
		fprintf(stderr, "ipamvmm: warning: --insecure: the server's certificate is not verified; "
		                "anyone on the network path can pose as the server and read the password\n");
	/* after the password prompt, which restores the terminal on its own */
	ivm_cancel_install_handlers();
	struct ivm_probe_report rep;
	ivm_probe(&c.http, &c.wsman, &rep);
	ivm_probe_print(&rep, &c.http, stdout);
	ivm_conn_release(&c);
	if (rep.err.kind == IVM_E_CANCELLED)
		return IVM_EXIT_CANCELLED;
	return rep.ok ? IVM_EXIT_OK : IVM_EXIT_FAIL;
}
