/* cli/lab.c: `ipamvmm lab serve|show|reset`: the embedded lab on its own. */
#include "config.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/buf.h"
#include "core/ivm.h"
#include "core/lab/model.h"
#include "core/lab/server.h"
#include "core/lab/state.h"
#include "core/xalloc.h"

#define MAX_FAULTS 64

void
ivm_cmd_lab_help(FILE *fp)
{
	fputs("Usage: ipamvmm lab serve [--port N] [--state FILE] [--latency-ms N] [--instant]\n"
	      "                         [--fault KIND@N]... [--slow-ms N] [--stats]\n"
	      "                         [--deny-unencrypted | --allow-unencrypted]\n"
	      "       ipamvmm lab show  [--state FILE]\n"
	      "       ipamvmm lab reset [--state FILE] [--force]\n"
	      "\n"
	      "The lab simulates a contoso.com domain with an IPAM server (ipam1.contoso.com)\n"
	      "and a VMM server (vmm1.contoso.com) behind real WinRM endpoints on 127.0.0.1\n"
	      "(HTTP). Nothing real is touched. They take Basic, and Negotiate (NTLM, through\n"
	      "gss-ntlmssp) or Kerberos (with the keytab in KRB5_KTNAME), with messages\n"
	      "encrypted as Windows encrypts them over HTTP, or not.\n"
	      "\n"
	      "serve   listens until Ctrl-C or SIGTERM, then saves the state. It first prints,\n"
	      "        one per line: 'endpoint <host> <url>' for each simulated host and\n"
	      "        'account <DOMAIN\\user> <password> <what it is for>' for each lab account,\n"
	      "        then 'ready'.\n"
	      "show    prints the state as XML (no passwords).\n"
	      "reset   puts the default world back. A file that is not a lab state is refused\n"
	      "        unless --force.\n"
	      "\n"
	      "Options:\n"
	      "  --port N        first host on port N, the next on N+1 (default: free ports)\n"
	      "  --state FILE    default $XDG_STATE_HOME/ipamvmm/lab.xml\n"
	      "  --latency-ms N  add N ms before every reply\n"
	      "  --instant       commands and VMM jobs take no simulated time\n"
	      "  --fault KIND@N  answer the N-th request (1 = first, both hosts counted together)\n"
	      "                  with KIND: drop (carried out, then the connection closes with\n"
	      "                  no reply), http500 (a WSManFault), 401, timeout (WSManFault\n"
	      "                  2150858793), malformed, huge (5 MiB), slow (waits --slow-ms),\n"
	      "                  tamper (one byte of an encrypted reply flipped)\n"
	      "  --slow-ms N     how long 'slow' waits (default 65000, past any client timeout)\n"
	      "  --stats         print the requests per host when it stops\n"
	      "  --deny-unencrypted  answer as a Windows server set up with `winrm quickconfig`\n"
	      "                  (AllowUnencrypted=false): Basic gets 401, and a Negotiate or\n"
	      "                  Kerberos request whose body is not encrypted gets HTTP 500\n"
	      "  --allow-unencrypted  accept both, as with AllowUnencrypted=true (the default)\n", fp);
}

struct lab_args {
	const char *state;
	struct ivm_lab_server_opts srv;
	struct ivm_lab_fault faults[MAX_FAULTS];
	bool stats, force;
};

static int
parse_args(int argc, char **argv, struct lab_args *a)
{
	enum { O_PORT = 1000, O_STATE, O_LATENCY, O_INSTANT, O_FAULT, O_SLOW, O_STATS, O_FORCE, O_DENY_UNENC,
	       O_ALLOW_UNENC };
	static const struct option opts[] = {
		{ "port", required_argument, NULL, O_PORT },
		{ "state", required_argument, NULL, O_STATE },
		{ "latency-ms", required_argument, NULL, O_LATENCY },
		{ "instant", no_argument, NULL, O_INSTANT },
		{ "fault", required_argument, NULL, O_FAULT },
		{ "slow-ms", required_argument, NULL, O_SLOW },
		{ "stats", no_argument, NULL, O_STATS },
		{ "force", no_argument, NULL, O_FORCE },
		{ "deny-unencrypted", no_argument, NULL, O_DENY_UNENC },
		{ "allow-unencrypted", no_argument, NULL, O_ALLOW_UNENC },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ivm_err err;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end = NULL;
		unsigned long v = optarg ? strtoul(optarg, &end, 10) : 0;
		bool number_ok = optarg && *optarg && end && *end == '\0' && optarg[0] != '-';
		switch (opt) {
		case 'h':
			ivm_cmd_lab_help(stdout);
			return IVM_EXIT_OK;
		case O_STATE: a->state = optarg; break;
		case O_INSTANT: a->srv.instant = true; break;
		case O_STATS: a->stats = true; break;
		case O_FORCE: a->force = true; break;
		case O_DENY_UNENC: a->srv.deny_unencrypted = true; break;
		case O_ALLOW_UNENC: a->srv.deny_unencrypted = false; break;
		case O_PORT:
		case O_LATENCY:
		case O_SLOW:
			if (!number_ok || v > (opt == O_PORT ? 65534UL : 3600000UL)) {
				fprintf(stderr, "ipamvmm lab: '%s' is not a valid number for --%s: give a whole number from 0 to %lu\n",
				        optarg, opt == O_PORT ? "port" : opt == O_LATENCY ? "latency-ms" : "slow-ms",
				        opt == O_PORT ? 65534UL : 3600000UL);
				return IVM_EXIT_USAGE;
			}
			if (opt == O_PORT)
				a->srv.port = (unsigned)v;
			else if (opt == O_LATENCY)
				a->srv.latency_ms = (unsigned)v;
			else
				a->srv.slow_ms = (unsigned)v;
			break;
		case O_FAULT:
			if (a->srv.nfaults == MAX_FAULTS) {
				fprintf(stderr, "ipamvmm lab: at most %d --fault options\n", MAX_FAULTS);
				return IVM_EXIT_USAGE;
			}
			if (ivm_lab_fault_parse(optarg, &a->faults[a->srv.nfaults], &err) < 0) {
				ivm_cli_error(&err);
				return IVM_EXIT_USAGE;
			}
			a->srv.nfaults++;
			break;
		default:
			fputs("Try 'ipamvmm lab --help'.\n", stderr);
			return IVM_EXIT_USAGE;
		}
	}
	a->srv.faults = a->faults;
	return -1;
}

static char *
state_path(const struct lab_args *a, struct ivm_err *err)
{
	return a->state ? ivm_xstrdup(a->state) : ivm_lab_state_default_path(err);
}

/* The state file, locked, and the world in it; NULL after printing why not. */
static struct ivm_lab_state *
open_state(const struct lab_args *a, char **path, struct ivm_lab **lab)
{
	struct ivm_err err;
	*lab = NULL;
	*path = state_path(a, &err);
	struct ivm_lab_state *st = *path ? ivm_lab_state_open(*path, lab, &err) : NULL;
	if (st == NULL) {
		ivm_cli_error(&err);
		free(*path);
		*path = NULL;
	}
	return st;
}

static int
lab_serve(struct lab_args *a)
{
	struct ivm_err err;
	struct ivm_lab *lab;
	char *path;
	struct ivm_lab_state *st = open_state(a, &path, &lab);
	if (st == NULL)
		return IVM_EXIT_FAIL;
	/* The listener threads inherit this mask, so SIGINT/SIGTERM come to sigwait below. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	struct ivm_lab_server *srv = ivm_lab_server_start(lab, &a->srv, &err);
	if (srv == NULL) {
		ivm_cli_error(&err);
		ivm_lab_state_close(&st);
		ivm_lab_free(&lab);
		free(path);
		return IVM_EXIT_FAIL;
	}
	for (size_t i = 0; i < ivm_lab_server_nendpoints(srv); i++)
		printf("endpoint %s %s\n", ivm_lab_server_host(srv, i), ivm_lab_server_url(srv, i));
	for (const struct ivm_lab_published_account *p = ivm_lab_published_accounts(); p->user; p++)
		printf("account %s %s %s\n", p->user, p->password, p->purpose);
	printf("state %s\n", path);
	printf("ready\n");
	fflush(stdout);
	int sig = 0;
	sigwait(&set, &sig);
	if (a->stats)
		ivm_lab_server_print_stats(srv, stdout);
	ivm_lab_server_stop(&srv);
	int status = IVM_EXIT_OK;
	if (ivm_lab_state_save(st, lab, &err) < 0) {
		ivm_cli_error(&err);
		status = IVM_EXIT_FAIL;
	}
	ivm_lab_state_close(&st);
	ivm_lab_free(&lab);
	free(path);
	return status;
}

static int
lab_show(struct lab_args *a)
{
	struct ivm_lab *lab;
	char *path;
	struct ivm_lab_state *st = open_state(a, &path, &lab);
	if (st == NULL)
		return IVM_EXIT_FAIL;
	struct ivm_buf xml = IVM_BUF_INIT;
	ivm_lab_to_xml(lab, &xml);
	fwrite(xml.data, 1, xml.len, stdout);
	ivm_buf_release(&xml);
	ivm_lab_state_close(&st);
	ivm_lab_free(&lab);
	free(path);
	return IVM_EXIT_OK;
}

static int
lab_reset(struct lab_args *a)
{
	struct ivm_err err;
	char *path = state_path(a, &err);
	if (path == NULL || ivm_lab_state_reset(path, a->force, &err) < 0) {
		ivm_cli_error(&err);
		free(path);
		return IVM_EXIT_FAIL;
	}
	printf("lab state %s reset to the default contoso.com world\n", path);
	free(path);
	return IVM_EXIT_OK;
}

int
ivm_cmd_lab(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct lab_args *);
	} subs[] = { { "serve", lab_serve }, { "show", lab_show }, { "reset", lab_reset } };
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		ivm_cmd_lab_help(argc < 2 ? stderr : stdout);
		return argc < 2 ? IVM_EXIT_USAGE : IVM_EXIT_OK;
	}
	for (size_t i = 0; i < IVM_COUNT(subs); i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		struct lab_args a = { 0 };
		int r = parse_args(argc - 1, argv + 1, &a);
		if (r >= 0)
			return r;
		if (optind < argc - 1) {
			fprintf(stderr, "ipamvmm lab %s: unexpected argument '%s'\n", subs[i].name, argv[optind + 1]);
			return IVM_EXIT_USAGE;
		}
		return subs[i].run(&a);
	}
	fprintf(stderr, "ipamvmm lab: '%s' is not serve, show or reset.\nTry 'ipamvmm lab --help'.\n", argv[1]);
	return IVM_EXIT_USAGE;
}
