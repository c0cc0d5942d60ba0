/* cli/procedure.c: `ipamvmm run|plan|verify|undo --answers FILE`: the whole integration, unattended. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli/commands.h"
#include "core/answers.h"
#include "core/cancel.h"
#include "core/http.h"
#include "core/ivm.h"
#include "core/jobs.h"
#include "core/journal.h"
#include "core/lab/server.h"
#include "core/plan.h"
#include "core/secret.h"
#include "core/session.h"
#include "core/transcript.h"
#include "core/verify.h"
#include "core/xalloc.h"

enum mode { MODE_RUN, MODE_PLAN, MODE_VERIFY, MODE_UNDO };

struct proc {
	enum mode mode;
	const char *answers, *transcript_path, *state_path, *save_path;
	bool instant, yes;
	bool use_lab;           /* the answer file names no server */
	struct ivm_lab_fault faults[16];
	size_t nfaults;
	struct ivm_settings s;
	struct ivm_transcript *transcript;
	struct ivm_session *session;	/* both servers, or the lab */
	char *runas_pw;
	struct ivm_plan plan;
	struct ivm_jobs *jobs;
	struct ivm_journal *journal;
};

void
ivm_cmd_procedure_help(FILE *fp)
{
	fputs("Usage: ipamvmm run    --answers FILE [--transcript FILE] [--instant] [--state FILE]\n"
	      "       ipamvmm plan   --answers FILE\n"
	      "       ipamvmm verify --answers FILE [--transcript FILE] [--state FILE]\n"
	      "       ipamvmm undo   --answers FILE [--yes] [--transcript FILE] [--instant] [--state FILE]\n"
	      "\n"
	      "run    performs every step of the procedure on the servers the answer file names\n"
	      "       (or on the lab when it names none): IPAM server: local group, member,\n"
	      "       IPAM role, Remote Management Users; VMM server: Run As account, the\n"
	      "       provider Test, the network service. One line per step state change,\n"
	      "       then a table. Exit 0 only when every step Completed. Every step is\n"
	      "       idempotent: run it again after a failure and it finishes the rest.\n"
	      "plan   prints the steps and the exact scripts they run, passwords as ********;\n"
	      "       connects to nothing.\n"
	      "verify checks each fact the answers describe (group, members, role, Run As,\n"
	      "       provider tests, network service): holds, missing or different;\n"
	      "       changes nothing; exit 1 when any does not hold.\n"
	      "undo   removes what run creates, in reverse order; asks first unless --yes.\n"
	      "\n"
	      "  --answers FILE     the answer file (doc/answers.rng; examples/contoso.xml)\n"
	      "  --transcript FILE  record every request and reply, scripts decoded, passwords masked\n"
	      "  --instant          (lab) commands and VMM jobs take no simulated time\n"
	      "  --state FILE       (lab) its state file\n"
	      "  --yes              (undo) do not ask\n"
	      "  --lab-fault KIND@N (lab) answer its N-th request with a fault (see ipamvmm lab --help)\n"
	      "  --save-answers FILE  write the answers back (for reuse; passwords are never written)\n"
	      "\n"
	      "Passwords come from where the answer file says: a prompt, a file only its\n"
	      "owner can read, or an environment variable; never from the file itself.\n", fp);
}

static int
parse(int argc, char **argv, struct proc *p)
{
	enum { O_ANSWERS = 1000, O_TRANSCRIPT, O_INSTANT, O_STATE, O_YES, O_FAULT, O_SAVE };
	static const struct option opts[] = {
		{ "answers", required_argument, NULL, O_ANSWERS },
		{ "transcript", required_argument, NULL, O_TRANSCRIPT },
		{ "instant", no_argument, NULL, O_INSTANT },
		{ "state", required_argument, NULL, O_STATE },
		{ "yes", no_argument, NULL, O_YES },
		{ "lab-fault", required_argument, NULL, O_FAULT },
		{ "save-answers", required_argument, NULL, O_SAVE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "hy", opts, NULL)) != -1) {
		switch (opt) {
		case 'h': ivm_cmd_procedure_help(stdout); return IVM_EXIT_OK;
		case O_ANSWERS: p->answers = optarg; break;
		case O_TRANSCRIPT: p->transcript_path = optarg; break;
		case O_INSTANT: p->instant = true; break;
		case O_STATE: p->state_path = optarg; break;
		case 'y':
		case O_YES: p->yes = true; break;
		case O_SAVE: p->save_path = optarg; break;
		case O_FAULT: {
			struct ivm_err err;
			if (p->nfaults == IVM_COUNT(p->faults) ||
			    ivm_lab_fault_parse(optarg, &p->faults[p->nfaults], &err) < 0) {
				if (p->nfaults == IVM_COUNT(p->faults))
					fprintf(stderr, "ipamvmm: at most %zu --lab-fault options\n", IVM_COUNT(p->faults));
				else
					ivm_cli_error(&err);
				return IVM_EXIT_USAGE;
			}
			p->nfaults++;
			break;
		}
		default: fprintf(stderr, "Try 'ipamvmm %s --help'.\n", argv[0]); return IVM_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ipamvmm %s: unexpected argument '%s'\n", argv[0], argv[optind]);
		return IVM_EXIT_USAGE;
	}
	if (p->answers == NULL) {
		fprintf(stderr, "ipamvmm %s: name the answer file with --answers FILE (see examples/contoso.xml)\n", argv[0]);
		return IVM_EXIT_USAGE;
	}
	return -1;
}

static void
fmt_time(long long ms, char *out, size_t size)
{
	if (ms == 0) {
		snprintf(out, size, "-");
		return;
	}
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, size, "%H:%M:%S", &tm);
}

static void
on_step(void *ud, size_t i)
{
	struct proc *p = ud;
	struct ivm_step_snapshot s;
	ivm_jobs_snapshot(p->jobs, i, &s);
	char when[16];
	fmt_time(s.state == IVM_STEP_RUNNING ? s.start_ms : s.end_ms, when, sizeof(when));
	printf("[%s] %s: %s%s%s\n", when, s.name, ivm_step_state_name(s.state), s.message[0] && s.state != IVM_STEP_RUNNING ? ": " : "",
	       s.state != IVM_STEP_RUNNING ? s.message : "");
	if (s.state == IVM_STEP_FAILED) {
		printf("    why:  %s\n", s.error);
		if (s.action[0])
			printf("    next: %s\n", s.action);
	}
	fflush(stdout);
	ivm_journal_step(p->journal, i, &s);
}

static void
table(struct proc *p)
{
	size_t n = ivm_jobs_count(p->jobs);
	printf("\n%s%-48s %-12s %-9s %-9s %s\n", p->use_lab ? "LAB " : "", "Step", "Status", "Start", "End", "VMM job");
	for (size_t i = 0; i < n; i++) {
		struct ivm_step_snapshot s;
		ivm_jobs_snapshot(p->jobs, i, &s);
		char a[16], b[16];
		fmt_time(s.start_ms, a, sizeof(a));
		fmt_time(s.end_ms, b, sizeof(b));
		printf("%s%-48.48s %-12s %-9s %-9s %s%s%s\n", p->use_lab ? "LAB " : "", s.name, ivm_step_state_name(s.state), a, b, s.vmm_job,
		       s.vmm_job[0] ? ": " : "", s.vmm_job_status[0] ? s.vmm_job_status : s.vmm_job[0] ? "-" : "");
	}
}

static bool
confirm_undo(struct proc *p)
{
	if (p->yes)
		return true;
	FILE *tty = fopen("/dev/tty", "r+");
	if (tty == NULL) {
		fputs("ipamvmm undo: no terminal to ask on: pass --yes to remove without asking\n", stderr);
		return false;
	}
	fprintf(tty, "Remove everything the plan creates on %s and %s? [y/N] ",
	        ivm_session_label(p->session, IVM_SIDE_VMM), ivm_session_label(p->session, IVM_SIDE_IPAM));
	fflush(tty);
	char line[16] = "";
	bool yes = fgets(line, sizeof(line), tty) && (line[0] == 'y' || line[0] == 'Y');
	fclose(tty);
	return yes;
}

static int
execute(struct proc *p, struct ivm_err *err)
{
	struct ivm_step_def *defs = ivm_xcalloc(p->plan.nsteps, sizeof(*defs));
	enum ivm_side order[IVM_SIDES];
	size_t nsides;
	size_t n = ivm_plan_jobs(&p->plan, p->mode == MODE_UNDO, defs, order, &nsides);
	struct ivm_jobs_host hosts[IVM_SIDES];
	for (size_t h = 0; h < nsides; h++)
		hosts[h] = (struct ivm_jobs_host){ ivm_session_label(p->session, order[h]),
		                                   ivm_session_wsman(p->session, order[h]) };
	p->jobs = ivm_jobs_new(hosts, nsides, defs, n, on_step, p);
	free(defs);
	char *jpath = ivm_journal_default_path(err);
	if (jpath) {
		p->journal = ivm_journal_open(jpath, p->mode == MODE_UNDO ? "undo" : "run", p->answers, n, stdout, err);
		free(jpath);
	}
	ivm_cancel_install_handlers();
	if (ivm_jobs_start(p->jobs, err) < 0)
		return IVM_EXIT_FAIL;
	ivm_jobs_wait(p->jobs);
	table(p);
	size_t failed = ivm_jobs_failed(p->jobs);
	size_t done = 0, unknown = 0;
	for (size_t i = 0; i < n; i++) {
		struct ivm_step_snapshot s;
		ivm_jobs_snapshot(p->jobs, i, &s);
		done += s.state == IVM_STEP_COMPLETED;
		unknown += s.state == IVM_STEP_UNKNOWN;
	}
	if (done == n) {
		printf("\n%s: every step Completed (%zu of %zu)\n", p->mode == MODE_UNDO ? "undo" : "run", done, n);
		return IVM_EXIT_OK;
	}
	printf("\n%s: %zu of %zu steps Completed, %zu Failed", p->mode == MODE_UNDO ? "undo" : "run", done, n, failed);
	if (unknown)
		printf(", %zu Unknown (sent, but their output was lost: `ipamvmm verify` shows what the servers hold)",
		       unknown);
	printf(". Fix what the failed step says and run it again: the steps already done are found and left as"
	       " they are.\n");
	return ivm_cancelled() ? IVM_EXIT_CANCELLED : IVM_EXIT_FAIL;
}

static int
verify(struct proc *p, struct ivm_err *err)
{
	struct ivm_fact facts[IVM_VERIFY_FACTS];
	size_t n;
	ivm_cancel_install_handlers();
	struct ivm_wsman *const sessions[IVM_SIDES] = { ivm_session_wsman(p->session, IVM_SIDE_IPAM),
	                                                ivm_session_wsman(p->session, IVM_SIDE_VMM) };
	if (ivm_verify(&p->s, sessions, facts, &n, err) < 0)
		return -1;
	size_t holds = 0;
	for (size_t i = 0; i < n; i++) {
		printf("%-9s %s\n", ivm_fact_state_name(facts[i].state), facts[i].what);
		if (facts[i].state != IVM_FACT_HOLDS)
			printf("          %s\n", facts[i].detail);
		holds += facts[i].state == IVM_FACT_HOLDS;
	}
	if (holds == n) {
		printf("\nverify: all %zu facts hold\n", n);
		return IVM_EXIT_OK;
	}
	printf("\nverify: %zu of %zu facts hold; `ipamvmm run` with the same answers puts the others right\n", holds, n);
	return IVM_EXIT_FAIL;
}

static void
cleanup(struct proc *p)
{
	ivm_jobs_free(&p->jobs);
	ivm_journal_close(&p->journal);
	ivm_session_close(&p->session, true);
	ivm_secret_free(&p->runas_pw);
	ivm_plan_release(&p->plan);
	ivm_transcript_free(&p->transcript);
	ivm_settings_release(&p->s);
}

static int
procedure(enum mode mode, int argc, char **argv)
{
	struct proc p = { .mode = mode };
	struct ivm_err err;
	int r = parse(argc, argv, &p);
	if (r >= 0)
		return r;
	if (ivm_answers_load(&p.s, p.answers, &err) < 0) {
		ivm_cli_error(&err);
		return IVM_EXIT_USAGE;
	}
	p.use_lab = p.s.lab;
	if (p.save_path) {
		/* the settings as loaded and completed: sources of passwords, never passwords */
		if (ivm_answers_save(&p.s, p.save_path, &err) < 0) {
			ivm_cli_error(&err);
			ivm_settings_release(&p.s);
			return IVM_EXIT_FAIL;
		}
		printf("answers written to %s (no password: only where each is read from)\n", p.save_path);
	}
	int status = IVM_EXIT_FAIL;
	if (mode == MODE_PLAN) {
		if (ivm_plan_build(&p.s, NULL, &p.plan, &err) < 0)
			goto fail;
		if (p.use_lab)
			printf("LAB: no servers named: the plan targets the embedded lab\n");
		ivm_plan_print(&p.plan, &p.s, true, stdout);
		status = IVM_EXIT_OK;
		goto out;
	}
	if (p.transcript_path && (p.transcript = ivm_transcript_open(p.transcript_path, &err)) == NULL)
		goto fail;
	if (mode == MODE_RUN && p.s.runas_mode == IVM_RUNAS_NEW) {
		p.runas_pw = ivm_secret_read_for(p.s.runas_password.src, p.s.runas_password.arg,
		                                 p.s.runas_user ? p.s.runas_user : p.s.account, &err);
		if (p.runas_pw == NULL)
			goto fail;
		if (p.transcript)
			ivm_transcript_secret(p.transcript, p.runas_pw);
	}
	if (ivm_plan_build(&p.s, p.runas_pw, &p.plan, &err) < 0)
		goto fail;
	struct ivm_session_opts so = { .state_path = p.state_path, .instant = p.instant, .faults = p.faults,
	                               .nfaults = p.nfaults, .transcript = p.transcript };
	if ((p.session = ivm_session_open(&p.s, &so, &err)) == NULL)
		goto fail;
	if (mode == MODE_UNDO && !confirm_undo(&p)) {
		status = IVM_EXIT_FAIL;
		goto out;
	}
	if (mode == MODE_VERIFY) {
		status = verify(&p, &err);
		if (status < 0)
			goto fail;
		goto out;
	}
	status = execute(&p, &err);
	goto out;
fail:
	ivm_cli_error(&err);
out:
	cleanup(&p);
	return status;
}

int
ivm_cmd_run(int argc, char **argv)
{
	return procedure(MODE_RUN, argc, argv);
}

int
ivm_cmd_plan(int argc, char **argv)
{
	return procedure(MODE_PLAN, argc, argv);
}

int
ivm_cmd_verify(int argc, char **argv)
{
	return procedure(MODE_VERIFY, argc, argv);
}

int
ivm_cmd_undo(int argc, char **argv)
{
	return procedure(MODE_UNDO, argc, argv);
}
