/* tests/check_lab_server.c: the real WinRM client against the lab's endpoints over loopback. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "core/contract.h"
#include "core/http.h"
#include "core/lab/model.h"
#include "core/lab/server.h"
#include "core/probe.h"
#include "core/psrun.h"
#include "core/whoami.h"
#include "core/wsman.h"
#include "tests/testutil.h"

#define ADMIN "CONTOSO\\Administrator"
#define ADMIN_PW "Lab-Admin-1!"

static struct ivm_lab *lab;
static struct ivm_lab_server *srv;

static void
start_lab(bool instant, const struct ivm_lab_fault *faults, size_t nfaults)
{
	lab = ivm_lab_new_default();
	struct ivm_lab_server_opts o = { .instant = instant, .faults = faults, .nfaults = nfaults, .slow_ms = 3000 };
	struct ivm_err err;
	srv = ivm_lab_server_start(lab, &o, &err);
	ck_assert_msg(srv != NULL, "%s: %s", err.what, err.why);
}

static void
teardown(void)
{
	ivm_lab_server_stop(&srv);
	ivm_lab_free(&lab);
}

static struct ivm_http_opts
http_opts(const char *host, const char *user, const char *pw)
{
	return (struct ivm_http_opts){
		.url = ivm_lab_server_url_of(srv, host), .user = user, .password = pw,
		.auth = IVM_AUTH_BASIC, .allow_unencrypted = true, .timeout_ms = 8000,
	};
}

static struct ivm_wsman *
session(const char *host, const char *user, const char *pw)
{
	struct ivm_http_opts ho = http_opts(host, user, pw);
	struct ivm_err err;
	struct ivm_transport *t = ivm_http_new(&ho, &err);
	ck_assert_ptr_nonnull(t);
	struct ivm_wsman_opts wo = { .url = ho.url, .op_timeout_s = 5 };
	return ivm_wsman_new(t, &wo);
}

static void
probe(const char *host, const char *user, const char *pw, struct ivm_probe_report *rep)
{
	struct ivm_http_opts ho = http_opts(host, user, pw);
	struct ivm_wsman_opts wo = { .url = ho.url, .op_timeout_s = 5 };
	ivm_probe(&ho, &wo, rep);
}

START_TEST(probe_with_the_lab_admin)
{
	start_lab(true, NULL, 0);
	struct ivm_probe_report rep;
	probe("ipam1.contoso.com", ADMIN, ADMIN_PW, &rep);
	ck_assert_msg(rep.ok, "%s: %s", rep.err.what, rep.err.why);
	ck_assert_str_eq(rep.hostname, "IPAM1");
	ck_assert_int_eq(rep.admin, IVM_ADMIN_YES);
	ck_assert_uint_eq(rep.stats.transport.requests, 8);
	ck_assert_uint_eq(ivm_lab_server_requests(srv, 0), 8);
	probe("vmm1.contoso.com", "vmmadmin@contoso.com", "Vmm-Admin-1!", &rep);
	ck_assert_msg(rep.ok, "%s: %s", rep.err.what, rep.err.why);
	ck_assert_str_eq(rep.hostname, "VMM1");
}
END_TEST

START_TEST(non_administrator_is_denied)
{
	start_lab(true, NULL, 0);
	struct ivm_probe_report rep;
	probe("ipam1.contoso.com", "CONTOSO\\helpdesk", "Help-Desk-1!", &rep);
	ck_assert(!rep.ok && rep.reached && rep.authenticated);
	ck_assert_int_eq(rep.err.kind, IVM_E_DENIED);
	ck_assert_uint_eq(rep.err.fault_code, 5);
	/* vmmadmin is an administrator of vmm1 only */
	probe("ipam1.contoso.com", "CONTOSO\\vmmadmin", "Vmm-Admin-1!", &rep);
	ck_assert_int_eq(rep.err.kind, IVM_E_DENIED);
	/* a local administrator other than the built-in one is filtered by UAC */
	probe("ipam1.contoso.com", "localadmin", "Local-Admin-2!", &rep);
	ck_assert_int_eq(rep.err.kind, IVM_E_DENIED);
	probe("ipam1.contoso.com", "Administrator", "Local-Admin-1!", &rep);
	ck_assert_msg(rep.ok, "%s: %s", rep.err.what, rep.err.why);
}
END_TEST

START_TEST(bad_password_and_disabled_account_get_401)
{
	start_lab(true, NULL, 0);
	struct ivm_probe_report rep;
	probe("ipam1.contoso.com", ADMIN, "wrong", &rep);
	ck_assert(rep.reached && !rep.authenticated);
	ck_assert_int_eq(rep.err.kind, IVM_E_AUTH);
	probe("ipam1.contoso.com", "CONTOSO\\olduser", "Old-User-1!", &rep);
	ck_assert_int_eq(rep.err.kind, IVM_E_AUTH);
}
END_TEST

static struct ivm_buf *
host_facts_script(void)
{
	static struct ivm_buf s;
	ivm_buf_clear(&s);
	struct ivm_err err;
	ck_assert_int_eq(ivm_contract_script(&s, "host-facts", NULL, 0, "exit 0\r\n", &err), 0);
	return &s;
}

START_TEST(contract_host_facts_both_paths)
{
	start_lab(true, NULL, 0);
	struct ivm_wsman *w = session("ipam1.contoso.com", ADMIN, ADMIN_PW);
	for (int stdin_path = 0; stdin_path < 2; stdin_path++) {
		struct ivm_ps_opts o = { .force_stdin = stdin_path };
		struct ivm_ps_result res;
		struct ivm_err err;
		ck_assert_msg(ivm_psrun(w, host_facts_script()->data, &o, &res, &err) == 0, "%s: %s", err.what, err.why);
		ck_assert_int_eq(res.via_stdin, stdin_path);
		ck_assert_int_eq(res.exit_code, 0);
		ck_assert_uint_eq(res.nresults, 1);
		const struct ivm_result *r = &res.results[0];
		ck_assert_str_eq(r->op, "host-facts");
		ck_assert_int_eq(r->status, IVM_ST_PRESENT);
		ck_assert_str_eq(ivm_field_get(r->fields, r->nfields, "ComputerName"), "IPAM1");
		ck_assert_str_eq(ivm_field_get(r->fields, r->nfields, "Fqdn"), "ipam1.contoso.com");
		ck_assert_str_eq(ivm_field_get(r->fields, r->nfields, "IsAdministrator"), "true");
		ck_assert_str_eq(ivm_field_get(r->fields, r->nfields, "Roles"), "IPAM");
		ck_assert(strstr(ivm_field_get(r->fields, r->nfields, "Roles"), "IPAM") != NULL);
		ivm_ps_result_release(&res);
	}
	ivm_wsman_free(&w);
}
END_TEST

START_TEST(unknown_operation_and_version_are_contract_errors)
{
	start_lab(true, NULL, 0);
	struct ivm_wsman *w = session("ipam1.contoso.com", ADMIN, ADMIN_PW);
	const char *scripts[] = { "# ipamvmm op=no-such-op v=1\r\nexit 0\r\n", "# ipamvmm op=host-facts v=2\r\nexit 0\r\n" };
	const char *words[] = { "unknown operation 'no-such-op'", "version 2" };
	for (int i = 0; i < 2; i++) {
		struct ivm_ps_result res;
		struct ivm_err err;
		ck_assert_int_eq(ivm_psrun(w, scripts[i], NULL, &res, &err), 0);
		ck_assert_int_eq(res.exit_code, 1);
		ck_assert_uint_eq(res.nresults, 1);
		ck_assert_int_eq(res.results[0].status, IVM_ST_FAILED);
		ck_assert_msg(strstr(res.results[0].message, words[i]) != NULL, "%s", res.results[0].message);
		ivm_ps_result_release(&res);
	}
	/* a PowerShell script that is not a contract script gets PowerShell's error */
	struct ivm_ps_result res;
	struct ivm_err err;
	ck_assert_int_eq(ivm_psrun(w, "Get-Process\r\n", NULL, &res, &err), 0);
	ck_assert_int_eq(res.exit_code, 1);
	ck_assert(strstr(ivm_buf_str(&res.err), "operation-contract") != NULL);
	ivm_ps_result_release(&res);
	ivm_wsman_free(&w);
}
END_TEST

static long
run_cmd(struct ivm_wsman *w, const char *cmd, const char *const *args, size_t nargs, struct ivm_wsman_result *res)
{
	struct ivm_wsman_cmd c = { .command = cmd, .args = args, .nargs = nargs, .deadline_ms = 8000 };
	struct ivm_err err;
	ck_assert_msg(ivm_wsman_run(w, &c, res, &err) == 0, "%s: %s", err.what, err.why);
	return res->exit_code;
}

START_TEST(cmd_exe_behaviour)
{
	start_lab(true, NULL, 0);
	struct ivm_wsman *w = session("vmm1.contoso.com", ADMIN, ADMIN_PW);
	struct ivm_wsman_result res;
	ck_assert_int_eq(run_cmd(w, "ipconfig", NULL, 0, &res), 1);
	ck_assert_str_eq(ivm_buf_str(&res.err), "'ipconfig' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n");
	ivm_wsman_result_release(&res);
	static char longarg[8200];
	memset(longarg, 'a', sizeof(longarg) - 1);
	const char *args[] = { longarg };
	ck_assert_int_eq(run_cmd(w, "echo", args, 1, &res), 1);
	ck_assert_str_eq(ivm_buf_str(&res.err), "The command line is too long.\r\n");
	ivm_wsman_result_release(&res);
	ck_assert_int_eq(run_cmd(w, "whoami", NULL, 0, &res), 0);
	ck_assert_str_eq(ivm_buf_str(&res.out), "contoso\\administrator\r\n");
	ivm_wsman_result_release(&res);
	const char *gargs[] = { "/groups", "/fo", "csv", "/nh" };
	ck_assert_int_eq(run_cmd(w, "whoami", gargs, 4, &res), 0);
	struct ivm_whoami who;
	struct ivm_err err;
	ck_assert_int_eq(ivm_whoami_parse(res.out.data, res.out.len, &who, &err), 0);
	ck_assert_int_eq(ivm_whoami_admin(&who), IVM_ADMIN_YES);
	ivm_whoami_release(&who);
	ivm_wsman_result_release(&res);
	const char *targs[] = { "/groups" };
	ck_assert_int_eq(run_cmd(w, "whoami", targs, 1, &res), 0);
	ck_assert(strstr(ivm_buf_str(&res.out), "GROUP INFORMATION") != NULL);
	ck_assert(strstr(ivm_buf_str(&res.out), "BUILTIN\\Administrators") != NULL);
	ivm_wsman_result_release(&res);
	/* without cmd.exe, CreateProcess's 32767 characters are the limit, and a
	 * program that does not exist faults at the Command, as on Windows */
	static char huge[33000];
	memset(huge, 'b', sizeof(huge) - 1);
	const char *hargs[] = { huge };
	struct ivm_wsman_cmd direct = { .command = "echo", .args = hargs, .nargs = 1, .skip_cmd_shell = true,
	                                .deadline_ms = 8000 };
	ck_assert_int_eq(ivm_wsman_run(w, &direct, &res, &err), -1);
	ck_assert_uint_eq(err.fault_code, 2147942606UL);
	struct ivm_wsman_cmd missing = { .command = "nosuch.exe", .skip_cmd_shell = true, .deadline_ms = 8000 };
	ck_assert_int_eq(ivm_wsman_run(w, &missing, &res, &err), -1);
	ck_assert_uint_eq(err.fault_code, 2147942402UL);
	ck_assert(strstr(err.why, "not found") != NULL);
	ivm_wsman_free(&w);
}
END_TEST

START_TEST(output_arrives_over_time_when_not_instant)
{
	start_lab(false, NULL, 0);
	struct ivm_wsman *w = session("ipam1.contoso.com", ADMIN, ADMIN_PW);
	struct ivm_wsman_result res;
	/* a reply a second: however slow the client (Valgrind), they come apart */
	const char *pargs[] = { "-n", "3", "ipam1" };
	ck_assert_int_eq(run_cmd(w, "ping", pargs, 3, &res), 0);
	const char *out = ivm_buf_str(&res.out);
	ck_assert_msg(strstr(out, "Reply from ipam1: bytes=32") && strstr(out, "Sent = 3, Received = 3"), "%s", out);
	ivm_wsman_result_release(&res);
	struct ivm_wsman_stats st;
	ivm_wsman_get_stats(w, &st);
	ivm_wsman_free(&w);
	/* Create, Command, Receive (Running, partial output)..., Receive (Done), Signal, Delete */
	ck_assert_uint_gt(st.transport.requests, 5);
}
END_TEST

START_TEST(shells_per_user_quota)
{
	start_lab(true, NULL, 0);
	struct ivm_wsman *ws[31];
	struct ivm_err err;
	struct ivm_wsman_result res;
	int ok = 0;
	for (int i = 0; i < 31; i++) {
		ws[i] = session("ipam1.contoso.com", ADMIN, ADMIN_PW);
		struct ivm_wsman_cmd c = { .command = "hostname", .deadline_ms = 8000 };
		if (ivm_wsman_run(ws[i], &c, &res, &err) == 0) {
			ok++;
			ivm_wsman_result_release(&res);
		}
	}
	ck_assert_int_eq(ok, 30);
	ck_assert_int_eq(err.kind, IVM_E_QUOTA);
	ck_assert(strstr(err.why, "MaxShellsPerUser") != NULL);
	for (int i = 0; i < 31; i++)
		ivm_wsman_free(&ws[i]);
}
END_TEST

/* every --fault kind reaches the client as a clear error */
static void
fault_case(enum ivm_lab_fault_kind kind, enum ivm_errkind want, const char *in_why)
{
	struct ivm_lab_fault f = { kind, 1 };
	start_lab(true, &f, 1);
	struct ivm_http_opts ho = http_opts("ipam1.contoso.com", ADMIN, ADMIN_PW);
	ho.timeout_ms = 1500;
	struct ivm_wsman_opts wo = { .url = ho.url, .op_timeout_s = 1 };
	struct ivm_err err;
	struct ivm_transport *t = ivm_http_new(&ho, &err);
	struct ivm_wsman *w = ivm_wsman_new(t, &wo);
	struct ivm_wsman_cmd c = { .command = "hostname", .deadline_ms = 5000 };
	struct ivm_wsman_result res;
	int rc = ivm_wsman_run(w, &c, &res, &err);
	ivm_wsman_free(&w);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(err.kind == want, "fault %d: got %s (%s)", kind, ivm_err_kind_name(err.kind), err.why);
	ck_assert(err.what[0] && err.why[0] && err.next[0]);
	if (in_why)
		ck_assert_msg(strstr(err.why, in_why) != NULL, "'%s' not in '%s'", in_why, err.why);
	teardown();
}

START_TEST(every_fault_kind_is_explained)
{
	fault_case(IVM_LAB_FAULT_DROP, IVM_E_DROPPED, "without replying");
	fault_case(IVM_LAB_FAULT_HTTP500, IVM_E_FAULT, "2150858755");
	fault_case(IVM_LAB_FAULT_401, IVM_E_AUTH, "401");
	fault_case(IVM_LAB_FAULT_TIMEOUT, IVM_E_TIMEOUT, "2150858793");
	fault_case(IVM_LAB_FAULT_MALFORMED, IVM_E_MALFORMED, NULL);
	fault_case(IVM_LAB_FAULT_HUGE, IVM_E_TOOBIG, NULL);
	fault_case(IVM_LAB_FAULT_SLOW, IVM_E_TIMEOUT, "in time");
}
END_TEST

START_TEST(fault_specs_parse)
{
	struct ivm_lab_fault f;
	struct ivm_err err;
	ck_assert_int_eq(ivm_lab_fault_parse("drop@3", &f, &err), 0);
	ck_assert_int_eq(f.kind, IVM_LAB_FAULT_DROP);
	ck_assert_uint_eq(f.at, 3);
	ck_assert_int_eq(ivm_lab_fault_parse("http500@12", &f, &err), 0);
	ck_assert_int_eq(f.kind, IVM_LAB_FAULT_HTTP500);
	const char *bad[] = { "drop", "drop@0", "drop@x", "boom@1", "@1", "drop@1x" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(ivm_lab_fault_parse(bad[i], &f, &err), -1);
		ck_assert(strstr(err.next, "KIND@N") != NULL);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("lab_server");
	TCase *tc = tcase_create("client against the lab");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, probe_with_the_lab_admin);
	tcase_add_test(tc, non_administrator_is_denied);
	tcase_add_test(tc, bad_password_and_disabled_account_get_401);
	tcase_add_test(tc, contract_host_facts_both_paths);
	tcase_add_test(tc, unknown_operation_and_version_are_contract_errors);
	tcase_add_test(tc, cmd_exe_behaviour);
	tcase_add_test(tc, output_arrives_over_time_when_not_instant);
	tcase_add_test(tc, shells_per_user_quota);
	tcase_add_test(tc, every_fault_kind_is_explained);
	tcase_add_test(tc, fault_specs_parse);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
