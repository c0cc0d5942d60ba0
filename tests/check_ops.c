/* tests/check_ops.c: the operation table: every row complete, scripts assembled right, results checked, each op run on the lab. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "core/http.h"
#include "core/lab/model.h"
#include "core/lab/server.h"
#include "core/ops/ops.h"
#include "core/ops/ps1.h"
#include "core/psrun.h"
#include "tests/testutil.h"

START_TEST(every_row_is_complete)
{
	ck_assert_uint_ge(ivm_op_count(), 1);
	for (size_t i = 0; i < ivm_op_count(); i++) {
		const struct ivm_op *op = ivm_op_at(i);
		ck_assert_msg(op->id && op->params && op->fields && op->lab, "row %zu incomplete", i);
		ck_assert_msg(ivm_ps1_find(op->id) != NULL, "no core/ops/%s.ps1", op->id);
		ck_assert_ptr_eq(ivm_op_find(op->id), op);
		for (size_t k = i + 1; k < ivm_op_count(); k++)
			ck_assert_str_ne(op->id, ivm_op_at(k)->id);
	}
	ck_assert_ptr_null(ivm_op_find("no-such-op"));
	ck_assert_ptr_null(ivm_op_find(NULL));
}
END_TEST

START_TEST(script_is_header_params_prelude_body)
{
	const struct ivm_op *op = ivm_op_find("host-facts");
	struct ivm_buf s = IVM_BUF_INIT;
	struct ivm_err err;
	ck_assert_int_eq(ivm_op_script(op, NULL, 0, &s, &err), 0);
	static const char head[] = "# ipamvmm op=host-facts v=1\r\n$params = [xml]";
	ck_assert(strncmp(s.data, head, sizeof(head) - 1) == 0);
	/* the prelude, then the body; what travels has no comment-only lines */
	const char *pre = strstr(s.data, "function Get-IvmParam");
	const char *body = strstr(s.data, "$ivmOp = 'host-facts'");
	ck_assert(pre && body && pre < body);
	ck_assert(strstr(s.data, "\n# ") == NULL && strstr(s.data, "\n\t#") == NULL);
	ck_assert(strstr(s.data, "\r\n\r\n") == NULL);
	ck_assert_uint_lt(s.len, strlen(ivm_ps1_find("prelude")) + strlen(ivm_ps1_find("host-facts")));
	ivm_buf_release(&s);
	struct ivm_param unknown = { "GroupName", "x" };
	ck_assert_int_eq(ivm_op_script(op, &unknown, 1, &s, &err), -1);
	ck_assert(strstr(err.why, "GroupName") != NULL);
	ivm_buf_release(&s);
}
END_TEST

START_TEST(here_strings_survive_stripping)
{
	/* resolve-account carries C# in a here-string: every line of it travels */
	const struct ivm_op *op = ivm_op_find("resolve-account");
	const char *body = ivm_ps1_find("resolve-account");
	const char *open = strstr(body, "@'\r\n");
	const char *close = strstr(body, "\r\n'@");
	ck_assert(open && close && open < close);
	struct ivm_param acct = { "Account", "CONTOSO\\vmmuser" };
	struct ivm_buf s = IVM_BUF_INIT;
	struct ivm_err err;
	ck_assert_int_eq(ivm_op_script(op, &acct, 1, &s, &err), 0);
	char *here = strndup(open, (size_t)(close - open));
	ck_assert_msg(strstr(s.data, here) != NULL, "the here-string changed on the way");
	free(here);
	ivm_buf_release(&s);
}
END_TEST

START_TEST(results_are_checked_against_the_row)
{
	const struct ivm_op *op = ivm_op_find("host-facts");
	struct ivm_field f[] = { { "ComputerName", "IPAM1" }, { "Fqdn", "ipam1.contoso.com" }, { "Domain", "contoso.com" },
	                         { "OSCaption", "x" }, { "PSVersion", "5.1" }, { "IsAdministrator", "true" },
	                         { "IsElevated", "true" }, { "Roles", "IPAM" } };
	struct ivm_result r = { .op = "host-facts", .status = IVM_ST_PRESENT, .message = "ok", .fields = f, .nfields = 8 };
	struct ivm_err err;
	ck_assert_int_eq(ivm_op_check_result(op, &r, &err), 0);
	r.nfields = 7; /* no Roles */
	ck_assert_int_eq(ivm_op_check_result(op, &r, &err), -1);
	ck_assert(strstr(err.why, "Roles") != NULL);
	r.status = IVM_ST_FAILED;
	r.message = "Access is denied.";
	ck_assert_int_eq(ivm_op_check_result(op, &r, &err), -1);
	ck_assert_int_eq(err.kind, IVM_E_REMOTE);
	ck_assert(strstr(err.why, "Access is denied.") != NULL);
	r.op = "list-groups";
	ck_assert_int_eq(ivm_op_check_result(op, &r, &err), -1);
	ck_assert_int_eq(err.kind, IVM_E_PROTOCOL);
}
END_TEST

START_TEST(host_facts_through_the_lab)
{
	struct ivm_lab *lab = ivm_lab_new_default();
	struct ivm_lab_server_opts o = { .instant = true };
	struct ivm_err err;
	struct ivm_lab_server *srv = ivm_lab_server_start(lab, &o, &err);
	ck_assert_ptr_nonnull(srv);
	struct ivm_http_opts ho = { .url = ivm_lab_server_url_of(srv, "vmm1"), .user = "CONTOSO\\Administrator",
	                            .password = "Lab-Admin-1!", .auth = IVM_AUTH_BASIC, .allow_unencrypted = true };
	struct ivm_wsman_opts wo = { .url = ho.url };
	struct ivm_wsman *w = ivm_wsman_new(ivm_http_new(&ho, &err), &wo);
	const struct ivm_op *op = ivm_op_find("host-facts");
	struct ivm_buf s = IVM_BUF_INIT;
	ck_assert_int_eq(ivm_op_script(op, NULL, 0, &s, &err), 0);
	struct ivm_ps_result res;
	ck_assert_msg(ivm_psrun(w, s.data, NULL, &res, &err) == 0, "%s", err.why);
	/* the real script is longer than cmd.exe takes, but fits compressed in one command */
	ck_assert(res.compressed && !res.via_stdin);
	ck_assert_uint_eq(res.nresults, 1);
	ck_assert_int_eq(ivm_op_check_result(op, &res.results[0], &err), 0);
	ck_assert_str_eq(ivm_field_get(res.results[0].fields, res.results[0].nfields, "Roles"), "VMM");
	ivm_ps_result_release(&res);
	ivm_buf_release(&s);
	ivm_wsman_free(&w);
	ivm_lab_server_stop(&srv);
	ivm_lab_free(&lab);
}
END_TEST

static struct ivm_wsman *
lab_session(struct ivm_lab_server *srv, const char *host)
{
	struct ivm_err err;
	struct ivm_http_opts ho = { .url = ivm_lab_server_url_of(srv, host), .user = "CONTOSO\\Administrator",
	                            .password = "Lab-Admin-1!", .auth = IVM_AUTH_BASIC, .allow_unencrypted = true };
	struct ivm_wsman_opts wo = { .url = ho.url, .op_timeout_s = 5 };
	return ivm_wsman_new(ivm_http_new(&ho, &err), &wo);
}

static unsigned results_seen;

static void
count_result(void *ud, const struct ivm_result *r)
{
	results_seen++;
}

START_TEST(batch_reports_each_step_as_it_finishes)
{
	struct ivm_lab *lab = ivm_lab_new_default();
	struct ivm_lab_server_opts o = { .instant = false };
	struct ivm_err err;
	struct ivm_lab_server *srv = ivm_lab_server_start(lab, &o, &err);
	struct ivm_wsman *w = lab_session(srv, "ipam1");
	const struct ivm_op *hf = ivm_op_find("host-facts");
	struct ivm_op_step steps[] = { { hf, NULL, 0 }, { hf, NULL, 0 }, { hf, NULL, 0 } };
	struct ivm_buf s = IVM_BUF_INIT;
	ck_assert_int_eq(ivm_op_batch_script(steps, 3, &s, &err), 0);
	ck_assert(strncmp(s.data, "# ipamvmm op=batch v=1\r\n", 24) == 0);
	ck_assert(strstr(s.data, "# ipamvmm step=3 op=host-facts\r\n") != NULL);
	ck_assert(strstr(s.data, "exit $ivmBatchExit\r\n") != NULL);
	/* the bodies' own "exit $ivmExit" is gone: it would end the whole batch */
	ck_assert(strstr(s.data, "exit $ivmExit") == NULL);
	results_seen = 0;
	struct ivm_ps_opts po = { .on_result = count_result };
	struct ivm_ps_result res;
	ck_assert_msg(ivm_psrun(w, s.data, &po, &res, &err) == 0, "%s", err.why);
	ck_assert_int_eq(res.exit_code, 0);
	ck_assert_uint_eq(res.nresults, 3);
	ck_assert_uint_eq(results_seen, 3);
	struct ivm_wsman_stats st;
	ivm_wsman_get_stats(w, &st);
	/* one command for the three steps; the results came in more than one Receive */
	ck_assert_uint_ge(st.transport.requests, 5);
	ivm_ps_result_release(&res);
	ivm_buf_release(&s);
	ivm_wsman_free(&w);
	ivm_lab_server_stop(&srv);
	ivm_lab_free(&lab);
}
END_TEST

START_TEST(batch_stops_at_the_first_failure)
{
	struct ivm_lab *lab = ivm_lab_new_default();
	struct ivm_lab_server_opts o = { .instant = true };
	struct ivm_err err;
	struct ivm_lab_server *srv = ivm_lab_server_start(lab, &o, &err);
	struct ivm_wsman *w = lab_session(srv, "vmm1");
	const char *script =
		"# ipamvmm op=batch v=1\r\n"
		"# ipamvmm step=1 op=host-facts\r\n$params = [xml]([Convert]::FromBase64String('PHBhcmFtcy8+'))\r\n"
		"# ipamvmm step=2 op=no-such-op\r\n$params = [xml]([Convert]::FromBase64String('PHBhcmFtcy8+'))\r\n"
		"# ipamvmm step=3 op=host-facts\r\n$params = [xml]([Convert]::FromBase64String('PHBhcmFtcy8+'))\r\n";
	struct ivm_ps_result res;
	ck_assert_int_eq(ivm_psrun(w, script, NULL, &res, &err), 0);
	ck_assert_int_eq(res.exit_code, 1);
	ck_assert_uint_eq(res.nresults, 2);
	ck_assert_int_eq(res.results[0].status, IVM_ST_PRESENT);
	ck_assert_int_eq(res.results[1].status, IVM_ST_FAILED);
	ivm_ps_result_release(&res);
	ivm_wsman_free(&w);
	ivm_lab_server_stop(&srv);
	ivm_lab_free(&lab);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ops");
	TCase *tc = tcase_create("ops");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, every_row_is_complete);
	tcase_add_test(tc, script_is_header_params_prelude_body);
	tcase_add_test(tc, here_strings_survive_stripping);
	tcase_add_test(tc, results_are_checked_against_the_row);
	tcase_add_test(tc, host_facts_through_the_lab);
	tcase_add_test(tc, batch_reports_each_step_as_it_finishes);
	tcase_add_test(tc, batch_stops_at_the_first_failure);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
