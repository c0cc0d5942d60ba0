/* tests/check_wsman_client.c: the WinRM client against a scripted server: round trips, retries, and every failure. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <check.h>

#include <pthread.h>

#include "core/b64.h"
#include "core/gzip.h"
#include "core/utf16.h"
#include "core/cancel.h"
#include "core/http.h"
#include "core/psrun.h"
#include "core/wsman.h"
#include "tests/fake_winrs.h"
#include "tests/testsrv.h"
#include "tests/testutil.h"

#define USER "lab-admin"
#define PASS "P@ss w0rd'\"$"

static struct fake_winrs fk;
static struct testsrv *srv;

static void
setup(void)
{
	fake_winrs_init(&fk);
	fk.user = USER;
	fk.password = PASS;
	fk.machine = "ipam1.contoso.com";
}

static void
start(void)
{
	srv = testsrv_new(fake_winrs_handler, &fk, NULL);
	ck_assert_ptr_nonnull(srv);
}

static void
teardown(void)
{
	testsrv_free(&srv);
	fake_winrs_release(&fk);
}

struct client_opts {
	const char *url;
	const char *password;
	const char *cacert;
	unsigned http_timeout_ms;
	unsigned op_timeout_s;
	bool refuse_http;
};

static struct ivm_wsman *
client(const struct client_opts *co, struct ivm_err *err)
{
	struct ivm_http_opts ho = {
		.url = co && co->url ? co->url : testsrv_url(srv),
		.user = USER,
		.password = co && co->password ? co->password : PASS,
		.auth = IVM_AUTH_BASIC,
		.allow_unencrypted = !(co && co->refuse_http),
		.cacert = co ? co->cacert : NULL,
		.timeout_ms = co && co->http_timeout_ms ? co->http_timeout_ms : 10000,
	};
	struct ivm_transport *t = ivm_http_new(&ho, err);
	if (t == NULL)
		return NULL;
	struct ivm_wsman_opts wo = { .url = ho.url, .op_timeout_s = co && co->op_timeout_s ? co->op_timeout_s : 5 };
	return ivm_wsman_new(t, &wo);
}

static int
run1(struct ivm_wsman *w, const char *cmd, struct ivm_wsman_result *res, struct ivm_err *err)
{
	struct ivm_wsman_cmd c = { .command = cmd, .deadline_ms = 8000 };
	return ivm_wsman_run(w, &c, res, err);
}

static const char *
action_of(unsigned i)
{
	const struct ts_request *rq = testsrv_request(srv, i);
	ck_assert_ptr_nonnull(rq);
	const char *slash = strrchr(rq->action, '/');
	return slash ? slash + 1 : rq->action;
}

static void
assert_actions(const char *const *want, unsigned n)
{
	ck_assert_uint_eq(testsrv_nrequests(srv), n);
	for (unsigned i = 0; i < n; i++)
		ck_assert_msg(strcmp(action_of(i), want[i]) == 0, "request %u: want %s, got %s", i,
		              want[i], action_of(i));
}

/* ---- round trips ---------------------------------------------------------- */

START_TEST(two_commands_cost_eight_requests_on_one_connection)
{
	fk.cmds[0] = (struct fake_cmd){ .stdout_chunks = { "IPAM1\r\n" } };
	fk.cmds[1] = (struct fake_cmd){ .stdout_chunks = { "second\r\n" }, .exit_code = 3 };
	fk.ncmds = 2;
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	struct ivm_wsman_result res;
	ck_assert_int_eq(run1(w, "hostname", &res, &err), 0);
	ck_assert_str_eq(ivm_buf_str(&res.out), "IPAM1\r\n");
	ck_assert_int_eq(res.exit_code, 0);
	ivm_wsman_result_release(&res);
	ck_assert_int_eq(run1(w, "whoami", &res, &err), 0);
	ck_assert_str_eq(ivm_buf_str(&res.out), "second\r\n");
	ck_assert_int_eq(res.exit_code, 3);
	ivm_wsman_result_release(&res);
	struct ivm_wsman_stats st;
	ivm_wsman_get_stats(w, &st);
	ivm_wsman_free(&w);

	static const char *const want[] = { "Create", "Command", "Receive", "Signal",
	                                    "Command", "Receive", "Signal", "Delete" };
	assert_actions(want, 8);
	ck_assert_uint_eq(testsrv_nconnections(srv), 1);
	ck_assert_uint_eq(st.transport.requests, 7); /* the Delete came after the snapshot */
	ck_assert_uint_eq(st.transport.connections, 1);
	ck_assert_uint_eq(st.shells_opened, 1);
	ck_assert_uint_eq(fk.shells_created, 1);
	ck_assert_uint_eq(fk.shells_deleted, 1);
	ck_assert_str_eq(fk.create_codepage, "65001");
	ck_assert_str_eq(fk.last_signal_code, "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate");
	/* every request authenticated, with the pinned scheme only */
	for (unsigned i = 0; i < 8; i++)
		ck_assert(strncmp(testsrv_request(srv, i)->authorization, "Basic ", 6) == 0);
}
END_TEST

START_TEST(running_then_done)
{
	fk.cmds[0] = (struct fake_cmd){ .stdout_chunks = { "late\r\n" }, .running_first = 2 };
	fk.ncmds = 1;
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	struct ivm_wsman_result res;
	ck_assert_int_eq(run1(w, "slow", &res, &err), 0);
	ck_assert_str_eq(ivm_buf_str(&res.out), "late\r\n");
	ivm_wsman_result_release(&res);
	ivm_wsman_free(&w);
	static const char *const want[] = { "Create", "Command", "Receive", "Receive", "Receive",
	                                    "Signal", "Delete" };
	assert_actions(want, 7);
}
END_TEST

struct pieces {
	struct ivm_buf seen;
	unsigned calls;
};

static void
collect(void *ud, enum ivm_stream s, const char *p, size_t n)
{
	struct pieces *pc = ud;
	if (s == IVM_STDOUT) {
		ivm_buf_add(&pc->seen, p, n);
		ivm_buf_addc(&pc->seen, '|');
		pc->calls++;
	}
}

START_TEST(stdout_in_several_chunks_and_replies)
{
	fk.cmds[0] = (struct fake_cmd){ .stdout_chunks = { "a1", "b22", "c333", "d4444", "e" },
	                                .chunks_per_reply = 2 };
	fk.ncmds = 1;
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	struct pieces pc = { IVM_BUF_INIT, 0 };
	struct ivm_wsman_cmd c = { .command = "dir", .deadline_ms = 8000, .on_output = collect, .ud = &pc };
	struct ivm_wsman_result res;
	ck_assert_int_eq(ivm_wsman_run(w, &c, &res, &err), 0);
	ck_assert_str_eq(ivm_buf_str(&res.out), "a1b22c333d4444e");
	/* delivered as each reply arrived: three Receives, three pieces */
	ck_assert_str_eq(ivm_buf_str(&pc.seen), "a1b22|c333d4444|e|");
	ck_assert_uint_eq(fk.receives, 3);
	ivm_wsman_result_release(&res);
	ivm_buf_release(&pc.seen);
	ivm_wsman_free(&w);
}
END_TEST

START_TEST(no_output_yet_fault_means_receive_again)
{
	fk.cmds[0] = (struct fake_cmd){ .stdout_chunks = { "done\r\n" }, .timeouts_first = 2 };
	fk.ncmds = 1;
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	struct ivm_wsman_result res;
	ck_assert_int_eq(run1(w, "wait", &res, &err), 0);
	ck_assert_str_eq(ivm_buf_str(&res.out), "done\r\n");
	struct ivm_wsman_stats st;
	ivm_wsman_get_stats(w, &st);
	ck_assert_uint_eq(st.receive_retries, 2);
	ivm_wsman_result_release(&res);
	ivm_wsman_free(&w);
	static const char *const want[] = { "Create", "Command", "Receive", "Receive", "Receive",
	                                    "Signal", "Delete" };
	assert_actions(want, 7);
}
END_TEST

START_TEST(lost_shell_is_reopened_once)
{
	fk.ncmds = 0;
	fk.forget_shell_at = 4; /* after the first command: Create, Command, Receive, Signal */
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	struct ivm_wsman_result res;
	ck_assert_int_eq(run1(w, "one", &res, &err), 0);
	ivm_wsman_result_release(&res);
	ck_assert_int_eq(run1(w, "two", &res, &err), 0);
	ivm_wsman_result_release(&res);
	struct ivm_wsman_stats st;
	ivm_wsman_get_stats(w, &st);
	ck_assert_uint_eq(st.shells_reopened, 1);
	ck_assert_uint_eq(st.shells_opened, 2);
	ivm_wsman_free(&w);
	static const char *const want[] = { "Create", "Command", "Receive", "Signal",
	                                    "Command", "Create", "Command", "Receive", "Signal", "Delete" };
	assert_actions(want, 10);
}
END_TEST

START_TEST(lost_shell_twice_is_an_error)
{
	/* the Command fails with "shell gone" before and after the reopen */
	fk.inject[0] = (struct fake_inject){ .at = 1, .fault_code = FAKE_FAULT_INVALID_SEL,
	                                     .fault_subcode = "w:InvalidSelectors",
	                                     .fault_message = "The request for the Windows Remote Shell failed because the shell was not found on the server." };
	fk.inject[1] = fk.inject[0];
	fk.inject[1].at = 3;
	fk.ninject = 2;
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	struct ivm_wsman_result res;
	ck_assert_int_eq(run1(w, "x", &res, &err), -1);
	ck_assert_uint_eq(err.fault_code, FAKE_FAULT_INVALID_SEL);
	ck_assert(strstr(err.why, "no longer exists") != NULL);
	ck_assert(strstr(err.why, "ipam1.contoso.com") != NULL);
	ivm_wsman_free(&w);
	ck_assert_uint_eq(fk.shells_created, 2); /* reopened once, not again */
}
END_TEST

START_TEST(stderr_and_exit_code_arrive)
{
	fk.cmds[0] = (struct fake_cmd){ .stdout_chunks = { "partial\r\n" }, .stderr_text = "failed badly\r\n",
	                                .exit_code = 2 };
	fk.ncmds = 1;
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	struct ivm_wsman_result res;
	ck_assert_int_eq(run1(w, "x", &res, &err), 0);
	ck_assert_int_eq(res.exit_code, 2);
	ck_assert_str_eq(ivm_buf_str(&res.err), "failed badly\r\n");
	ivm_wsman_result_release(&res);
	ivm_wsman_free(&w);
}
END_TEST

START_TEST(deadline_stops_a_command_that_never_ends)
{
	fk.cmds[0] = (struct fake_cmd){ .running_first = 100000 };
	fk.ncmds = 1;
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	struct ivm_wsman_cmd c = { .command = "forever", .deadline_ms = 300 };
	struct ivm_wsman_result res;
	ck_assert_int_eq(ivm_wsman_run(w, &c, &res, &err), -1);
	ck_assert_int_eq(err.kind, IVM_E_DEADLINE);
	ck_assert(strstr(err.why, "300 ms") != NULL);
	ck_assert(err.next[0] != '\0');
	ck_assert_str_eq(fk.last_signal_code, "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/ctrl_c");
	ivm_wsman_free(&w);
}
END_TEST

START_TEST(operation_timeout_never_outlasts_the_deadline)
{
	fk.cmds[0] = (struct fake_cmd){ .running_first = 100000 };
	fk.ncmds = 1;
	start();
	struct ivm_err err;
	struct client_opts co = { .op_timeout_s = 60 };
	struct ivm_wsman *w = client(&co, &err);
	struct ivm_wsman_cmd c = { .command = "forever", .deadline_ms = 1500 };
	struct ivm_wsman_result res;
	ck_assert_int_eq(ivm_wsman_run(w, &c, &res, &err), -1);
	/* the last Receive asked for at most the time left, not 60 s */
	unsigned n = testsrv_nrequests(srv);
	for (unsigned i = 0; i < n; i++) {
		const struct ts_request *rq = testsrv_request(srv, i);
		if (strcmp(action_of(i), "Receive") == 0)
			ck_assert_msg(strstr(rq->body, "PT1S") || strstr(rq->body, "PT2S"),
			              "Receive %u asked for more than the deadline", i);
	}
	ivm_wsman_free(&w);
}
END_TEST

static void *
cancel_after_receives(void *ud)
{
	/* Create, Command, then a few Receives: the command is surely running */
	testsrv_wait_requests(srv, 5, 5000);
	ivm_cancel_request();
	return NULL;
}

START_TEST(cancel_stops_the_command_and_closes_the_shell)
{
	fk.cmds[0] = (struct fake_cmd){ .running_first = 100000 };
	fk.ncmds = 1;
	start();
	ivm_cancel_reset();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	pthread_t th;
	pthread_create(&th, NULL, cancel_after_receives, NULL);
	struct ivm_wsman_cmd c = { .command = "forever", .deadline_ms = 20000 };
	struct ivm_wsman_result res;
	ck_assert_int_eq(ivm_wsman_run(w, &c, &res, &err), -1);
	pthread_join(th, NULL);
	ck_assert_int_eq(err.kind, IVM_E_CANCELLED);
	ck_assert(strstr(err.why, "your request") != NULL);
	ivm_wsman_free(&w);
	ivm_cancel_reset();
	/* the command was told to stop and the shell closed, despite the cancel */
	ck_assert_str_eq(fk.last_signal_code, "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/ctrl_c");
	ck_assert_uint_eq(fk.shells_deleted, 1);
	unsigned n = testsrv_nrequests(srv);
	ck_assert_str_eq(action_of(n - 1), "Delete");
	ck_assert_str_eq(action_of(n - 2), "Signal");
}
END_TEST

/* ---- psrun ---------------------------------------------------------------- */

START_TEST(long_script_goes_over_stdin_intact)
{
	fk.ncmds = 0;
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	/* varied enough that gzip cannot squeeze it onto a command line either */
	struct ivm_buf script = IVM_BUF_INIT;
	unsigned long x = 12345;
	for (unsigned i = 0; script.len < 64 * 1024; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		ivm_buf_addf(&script, "Write-Output 'line %u: %016lx \xc3\xa4\xc3\xb6\xc3\xbc \xe2\x80\x9cquoted\xe2\x80\x9d'\r\n", i, x);
	}
	struct ivm_ps_result res;
	ck_assert_int_eq(ivm_psrun(w, script.data, NULL, &res, &err), 0);
	ck_assert(res.via_stdin && !res.compressed);
	ck_assert(fk.stdin_end_seen);
	ck_assert_uint_ge(fk.sends, 2); /* 87 KiB of base64 does not fit one 64 KiB Send */
	/* what the server got on stdin decodes to exactly the script */
	struct ivm_buf text = IVM_BUF_INIT;
	ck_assert(ivm_b64_decode(&text, fk.stdin_data.data, fk.stdin_data.len));
	const char *pre = "$ProgressPreference = 'SilentlyContinue'\r\n";
	ck_assert(strncmp(text.data, pre, strlen(pre)) == 0);
	ck_assert_uint_eq(text.len, strlen(pre) + script.len);
	ck_assert_mem_eq(text.data + strlen(pre), script.data, script.len);
	/* and the command line stayed under cmd.exe's limit */
	ck_assert_str_eq(fk.last_command, "powershell");
	ck_assert_uint_lt(strlen(fk.last_arguments) + strlen("powershell "), 8191);
	ivm_buf_release(&text);
	ivm_buf_release(&script);
	ivm_ps_result_release(&res);
	ivm_wsman_free(&w);
}
END_TEST

START_TEST(compressible_script_goes_in_one_command)
{
	fk.ncmds = 0;
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	struct ivm_buf script = IVM_BUF_INIT;
	for (unsigned i = 0; script.len < 40 * 1024; i++)
		ivm_buf_addf(&script, "Write-IvmDetail 'step %u of the plan'\r\n", i % 50);
	struct ivm_ps_result res;
	ck_assert_int_eq(ivm_psrun(w, script.data, NULL, &res, &err), 0);
	ck_assert(res.compressed && !res.via_stdin);
	ck_assert_uint_eq(fk.sends, 0);
	ck_assert_str_eq(fk.last_command, "powershell.exe");
	ck_assert_uint_le(strlen(fk.last_arguments) + strlen("powershell.exe "), 32766);
	/* started without cmd.exe, so CreateProcess's limit applies */
	unsigned n = testsrv_nrequests(srv);
	bool skip = false;
	for (unsigned i = 0; i < n; i++)
		if (strcmp(action_of(i), "Command") == 0)
			skip = strstr(testsrv_request(srv, i)->body, "WINRS_SKIP_CMD_SHELL\">TRUE") != NULL;
	ck_assert(skip);
	/* the loader carries gzip(preamble + script): unpack it and compare */
	const char *enc = strrchr(fk.last_arguments, ' ') + 1;
	struct ivm_buf u16 = IVM_BUF_INIT, loader = IVM_BUF_INIT, gz = IVM_BUF_INIT, text = IVM_BUF_INIT;
	ck_assert(ivm_b64_decode(&u16, enc, strlen(enc)));
	ck_assert(ivm_utf16le_to_utf8(&loader, u16.data, u16.len));
	size_t hl = strlen(ivm_psrun_gz_head), tl = strlen(ivm_psrun_gz_tail);
	ck_assert(strncmp(loader.data, ivm_psrun_gz_head, hl) == 0);
	ck_assert(ivm_b64_decode(&gz, loader.data + hl, loader.len - hl - tl));
	ck_assert(ivm_gunzip(&text, gz.data, gz.len, 1u << 20));
	const char *pre = "$ProgressPreference = 'SilentlyContinue'\r\n";
	ck_assert_uint_eq(text.len, strlen(pre) + script.len);
	ck_assert_mem_eq(text.data + strlen(pre), script.data, script.len);
	ivm_buf_release(&u16);
	ivm_buf_release(&loader);
	ivm_buf_release(&gz);
	ivm_buf_release(&text);
	ivm_buf_release(&script);
	ivm_ps_result_release(&res);
	ivm_wsman_free(&w);
}
END_TEST

START_TEST(short_script_goes_on_the_command_line)
{
	struct ivm_result r = { .op = "host-facts", .status = IVM_ST_PRESENT, .message = "ok" };
	struct ivm_buf line = IVM_BUF_INIT;
	ivm_buf_adds(&line, "noise\r\n");
	ivm_contract_result_line(&line, &r);
	fk.cmds[0] = (struct fake_cmd){
		.stdout_chunks = { line.data },
		.stderr_text = "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
		               "<S S=\"Error\">Access is denied._x000D__x000A_</S></Objs>",
	};
	fk.ncmds = 1;
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	struct ivm_ps_result res;
	ck_assert_int_eq(ivm_psrun(w, "exit 0", NULL, &res, &err), 0);
	ck_assert(!res.via_stdin);
	ck_assert_uint_eq(fk.sends, 0);
	ck_assert(strncmp(fk.last_arguments, "-NoProfile -NonInteractive -EncodedCommand ", 43) == 0);
	ck_assert_uint_eq(res.nresults, 1);
	ck_assert_str_eq(res.results[0].op, "host-facts");
	ck_assert_str_eq(ivm_buf_str(&res.out), "noise\r\n");
	ck_assert_str_eq(ivm_buf_str(&res.err), "Access is denied.\n");
	ivm_ps_result_release(&res);
	ivm_buf_release(&line);
	ivm_wsman_free(&w);
}
END_TEST

/* ---- failures ------------------------------------------------------------- */

static void
assert_explained(const struct ivm_err *err, enum ivm_errkind kind, const char *in_why)
{
	ck_assert_msg(err->kind == kind, "kind %s, want %s (%s: %s)", ivm_err_kind_name(err->kind),
	              ivm_err_kind_name(kind), err->what, err->why);
	ck_assert(err->what[0] && err->why[0] && err->next[0]);
	if (in_why)
		ck_assert_msg(strstr(err->why, in_why) != NULL, "'%s' not in '%s'", in_why, err->why);
	ck_assert_msg(strstr(err->why, PASS) == NULL && strstr(err->next, PASS) == NULL &&
	              strstr(err->what, PASS) == NULL, "the password leaked into a message");
}

static void
fail_first_run(const struct client_opts *co, enum ivm_errkind kind, const char *in_why)
{
	struct ivm_err err;
	struct ivm_wsman *w = client(co, &err);
	if (w) {
		struct ivm_wsman_result res;
		ck_assert_int_eq(run1(w, "hostname", &res, &err), -1);
		ivm_wsman_free(&w);
	}
	assert_explained(&err, kind, in_why);
}

START_TEST(dns_failure)
{
	start();
	struct client_opts co = { .url = "http://no-such-host.invalid:5985/wsman" };
	fail_first_run(&co, IVM_E_DNS, "does not resolve");
}
END_TEST

START_TEST(connection_refused)
{
	/* a port that was free a moment ago: bind, learn it, close */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	close(fd);
	char url[128];
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/wsman", ntohs(a.sin_port));
	start();
	struct client_opts co = { .url = url };
	fail_first_run(&co, IVM_E_CONNECT, "nothing accepted the connection");
}
END_TEST

START_TEST(plain_http_refused_without_the_switch)
{
	start();
	struct client_opts co = { .refuse_http = true };
	struct ivm_err err;
	ck_assert_ptr_null(client(&co, &err));
	assert_explained(&err, IVM_E_UNENCRYPTED, "unencrypted");
	ck_assert(strstr(err.next, "5986") && strstr(err.next, "AllowUnencrypted"));
	ck_assert_uint_eq(testsrv_nrequests(srv), 0);
}
END_TEST

START_TEST(bad_password_is_401)
{
	start();
	struct client_opts co = { .password = "wrong" };
	fail_first_run(&co, IVM_E_AUTH, "HTTP 401");
	struct ivm_err err;
	struct ivm_wsman *w = client(&co, &err);
	struct ivm_wsman_result res;
	run1(w, "x", &res, &err);
	ivm_wsman_free(&w);
	ck_assert(strstr(err.why, "Basic") && strstr(err.why, USER));
	ck_assert(strstr(err.next, "AllowUnencrypted")); /* plain HTTP: say why it may be refused */
}
END_TEST

START_TEST(fault_500_names_code_machine_and_setting)
{
	fk.inject[0] = (struct fake_inject){ .at = 0, .fault_code = 2150859173UL,
	                                     .fault_subcode = "w:QuotaLimit",
	                                     .fault_message = "The WS-Management service cannot process the request. This user is allowed a maximum number of 30 concurrent shells, which has been exceeded." };
	fk.ninject = 1;
	start();
	fail_first_run(NULL, IVM_E_QUOTA, "MaxShellsPerUser");
	struct ivm_err err;
	fk.inject[0].used = 0;
	fk.inject[0].at = testsrv_nrequests(srv);
	struct ivm_wsman *w = client(NULL, &err);
	struct ivm_wsman_result res;
	run1(w, "x", &res, &err);
	ivm_wsman_free(&w);
	ck_assert(strstr(err.why, "2150859173") && strstr(err.why, "ipam1.contoso.com") &&
	          strstr(err.why, "30 concurrent shells"));
}
END_TEST

START_TEST(http_500_without_body)
{
	fk.inject[0] = (struct fake_inject){ .at = 0, .body = "", .reply_template = { .status = 500 } };
	fk.ninject = 1;
	start();
	fail_first_run(NULL, IVM_E_HTTP, "HTTP 500");
}
END_TEST

START_TEST(malformed_reply)
{
	fk.inject[0] = (struct fake_inject){ .at = 0, .body = "<s:Envelope><oops" };
	fk.ninject = 1;
	start();
	fail_first_run(NULL, IVM_E_MALFORMED, "not well-formed");
}
END_TEST

START_TEST(reply_of_10_mib_refused)
{
	static char *huge;
	size_t n = 10u << 20;
	huge = malloc(n + 1);
	memset(huge, 'x', n);
	huge[n] = '\0';
	fk.inject[0] = (struct fake_inject){ .at = 0, .body = huge };
	fk.ninject = 1;
	start();
	fail_first_run(NULL, IVM_E_TOOBIG, "4194304 bytes");
	free(huge);
}
END_TEST

START_TEST(request_timeout)
{
	fk.inject[0] = (struct fake_inject){ .at = 0, .reply_template = { .mode = TS_DELAY, .delay_ms = 5000 } };
	fk.ninject = 1;
	start();
	struct client_opts co = { .http_timeout_ms = 500 };
	fail_first_run(&co, IVM_E_TIMEOUT, "in time");
}
END_TEST

START_TEST(connection_dropped_without_reply)
{
	/* on a fresh connection (the Create), a close without reply is an error */
	fk.inject[0] = (struct fake_inject){ .at = 0, .reply_template = { .mode = TS_DROP } };
	fk.ninject = 1;
	start();
	fail_first_run(NULL, IVM_E_DROPPED, "without replying");
}
END_TEST

START_TEST(reused_connection_dropped_is_resent_once)
{
	/* libcurl sends a request again, once, on a new connection when a reused
	 * one closes before any byte of the reply. The server ran the first
	 * Command: this test pins the cost (one extra request and connection). */
	fk.inject[0] = (struct fake_inject){ .at = 1, .reply_template = { .mode = TS_DROP } };
	fk.ninject = 1;
	start();
	struct ivm_err err;
	struct ivm_wsman *w = client(NULL, &err);
	struct ivm_wsman_result res;
	ck_assert_int_eq(run1(w, "x", &res, &err), 0);
	ivm_wsman_result_release(&res);
	ivm_wsman_free(&w);
	static const char *const want[] = { "Create", "Command", "Command", "Receive", "Signal", "Delete" };
	assert_actions(want, 6);
	ck_assert_uint_eq(testsrv_nconnections(srv), 2);
}
END_TEST

START_TEST(connection_dropped_mid_reply)
{
	fk.inject[0] = (struct fake_inject){ .at = 2, .reply_template = { .mode = TS_TRUNCATE, .truncate_at = 100 } };
	fk.ninject = 1;
	start();
	fail_first_run(NULL, IVM_E_DROPPED, "before the whole reply");
}
END_TEST

START_TEST(reply_to_another_message_refused)
{
	fk.inject[0] = (struct fake_inject){ .at = 0, .body =
		"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
		"xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/09/transfer\" xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\">"
		"<s:Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse</a:Action>"
		"<a:RelatesTo>uuid:00000000-0000-0000-0000-000000000000</a:RelatesTo></s:Header><s:Body><x:ResourceCreated>"
		"<a:ReferenceParameters><w:SelectorSet><w:Selector Name=\"ShellId\">X</w:Selector></w:SelectorSet>"
		"</a:ReferenceParameters></x:ResourceCreated></s:Body></s:Envelope>" };
	fk.ninject = 1;
	start();
	fail_first_run(NULL, IVM_E_PROTOCOL, "relates to message");
}
END_TEST

/* ---- TLS ------------------------------------------------------------------ */

static void
start_tls(void)
{
	char *cert = testsrv_slurp(IVM_SRCDIR "/tests/fixtures/tls/localhost.crt");
	char *key = testsrv_slurp(IVM_SRCDIR "/tests/fixtures/tls/localhost.key");
	ck_assert(cert && key);
	struct testsrv_opts o = { .cert_pem = cert, .key_pem = key };
	srv = testsrv_new(fake_winrs_handler, &fk, &o);
	ck_assert_ptr_nonnull(srv);
	free(cert);
	free(key);
}

START_TEST(tls_unknown_ca_refused)
{
	start_tls();
	char url[128];
	snprintf(url, sizeof(url), "https://localhost:%u/wsman", testsrv_port(srv));
	struct client_opts co = { .url = url };
	fail_first_run(&co, IVM_E_TLS, "self-signed certificate");
	ck_assert_uint_eq(testsrv_nrequests(srv), 0);
}
END_TEST

START_TEST(tls_wrong_name_refused)
{
	start_tls();
	char url[128];
	snprintf(url, sizeof(url), "https://127.0.0.1:%u/wsman", testsrv_port(srv));
	struct client_opts co = { .url = url, .cacert = IVM_SRCDIR "/tests/fixtures/tls/localhost.crt" };
	fail_first_run(&co, IVM_E_TLS, "127.0.0.1");
}
END_TEST

START_TEST(tls_with_cacert_works)
{
	fk.cmds[0] = (struct fake_cmd){ .stdout_chunks = { "IPAM1\r\n" } };
	fk.ncmds = 1;
	start_tls();
	char url[128];
	snprintf(url, sizeof(url), "https://localhost:%u/wsman", testsrv_port(srv));
	struct client_opts co = { .url = url, .cacert = IVM_SRCDIR "/tests/fixtures/tls/localhost.crt" };
	struct ivm_err err;
	struct ivm_wsman *w = client(&co, &err);
	ck_assert_ptr_nonnull(w);
	struct ivm_wsman_result res;
	ck_assert_msg(run1(w, "hostname", &res, &err) == 0, "%s: %s", err.what, err.why);
	ck_assert_str_eq(ivm_buf_str(&res.out), "IPAM1\r\n");
	ivm_wsman_result_release(&res);
	ivm_wsman_free(&w);
	ck_assert(testsrv_request(srv, 0)->tls);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("wsman_client");
	TCase *tc = tcase_create("round trips");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, two_commands_cost_eight_requests_on_one_connection);
	tcase_add_test(tc, running_then_done);
	tcase_add_test(tc, stdout_in_several_chunks_and_replies);
	tcase_add_test(tc, no_output_yet_fault_means_receive_again);
	tcase_add_test(tc, lost_shell_is_reopened_once);
	tcase_add_test(tc, lost_shell_twice_is_an_error);
	tcase_add_test(tc, stderr_and_exit_code_arrive);
	tcase_add_test(tc, deadline_stops_a_command_that_never_ends);
	tcase_add_test(tc, operation_timeout_never_outlasts_the_deadline);
	tcase_add_test(tc, cancel_stops_the_command_and_closes_the_shell);
	tcase_add_test(tc, long_script_goes_over_stdin_intact);
	tcase_add_test(tc, compressible_script_goes_in_one_command);
	tcase_add_test(tc, short_script_goes_on_the_command_line);
	suite_add_tcase(s, tc);
	TCase *bad = tcase_create("failures");
	tcase_add_checked_fixture(bad, setup, teardown);
	tcase_set_timeout(bad, 30);
	tcase_add_test(bad, dns_failure);
	tcase_add_test(bad, connection_refused);
	tcase_add_test(bad, plain_http_refused_without_the_switch);
	tcase_add_test(bad, bad_password_is_401);
	tcase_add_test(bad, fault_500_names_code_machine_and_setting);
	tcase_add_test(bad, http_500_without_body);
	tcase_add_test(bad, malformed_reply);
	tcase_add_test(bad, reply_of_10_mib_refused);
	tcase_add_test(bad, request_timeout);
	tcase_add_test(bad, connection_dropped_without_reply);
	tcase_add_test(bad, reused_connection_dropped_is_resent_once);
	tcase_add_test(bad, connection_dropped_mid_reply);
	tcase_add_test(bad, reply_to_another_message_refused);
	suite_add_tcase(s, bad);
	TCase *tls = tcase_create("tls");
	tcase_add_checked_fixture(tls, setup, teardown);
	tcase_set_timeout(tls, 30);
	tcase_add_test(tls, tls_unknown_ca_refused);
	tcase_add_test(tls, tls_wrong_name_refused);
	tcase_add_test(tls, tls_with_cacert_works);
	suite_add_tcase(s, tls);
	return tu_run_suite(s);
}
