/* tests/check_wsman_reply.c: the reply parser on every reply recorded from real Windows servers, and on bad input. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <check.h>

#include "core/wsman_fault.h"
#include "core/wsman_reply.h"
#include "tests/recorded.h"
#include "tests/testutil.h"

/* MessageID of a recorded request, to check the reply's RelatesTo against. */
static void
request_id(const char *req, char *out, size_t size)
{
	const char *p = strstr(req, "MessageID>");
	ck_assert_ptr_nonnull(p);
	p += strlen("MessageID>");
	size_t n = strcspn(p, "<");
	snprintf(out, size, "%.*s", (int)n, p);
}

START_TEST(every_recorded_reply_parses)
{
	size_t nfiles, total = 0, faults = 0;
	char **names = rec_list(&nfiles);
	ck_assert_uint_ge(nfiles, 13);
	for (size_t i = 0; i < nfiles; i++) {
		struct rec_file *f = rec_load(names[i]);
		ck_assert_msg(f != NULL, "cannot read %s", names[i]);
		for (size_t m = 0; m < f->n; m++) {
			struct ivm_wsman_reply r;
			struct ivm_err err;
			const char *resp = f->msgs[m].response;
			int rc = ivm_wsman_parse(resp, strlen(resp), NULL, &r, &err);
			ck_assert_msg(rc == 0, "%s #%zu: %s: %s", names[i], m, err.what, err.why);
			char id[128];
			request_id(f->msgs[m].request, id, sizeof(id));
			/* The one recorded reply whose RelatesTo names another message (the
			 * recording's Delete request was re-generated): a client checking
			 * RelatesTo, as ours does, refuses it. */
			bool anomaly = strcmp(names[i], "winrs_unicode.yml") == 0 && m == 4;
			ck_assert_msg((strcasecmp(r.relates_to, id) == 0) != anomaly,
			              "%s #%zu: RelatesTo %s vs %s", names[i], m, r.relates_to, id);
			ck_assert_msg(r.message_id[0] != '\0', "%s #%zu: no MessageID", names[i], m);
			/* a recorded 500 is always a fault, and a fault always a 500 */
			ck_assert_int_eq(r.is_fault, f->msgs[m].http_status == 500 || strstr(resp, "<s:Fault") != NULL);
			if (r.is_fault) {
				faults++;
				ck_assert_msg(r.fault.has_wsman_code, "%s #%zu: fault without code", names[i], m);
				ivm_wsman_fault_explain(&r.fault, "testing", &err);
				ck_assert(err.what[0] && err.why[0] && err.next[0]);
				ck_assert_uint_eq(err.fault_code, r.fault.wsman_code);
			}
			ivm_wsman_reply_release(&r);
			total++;
		}
		rec_free(&f);
	}
	rec_list_free(names, nfiles);
	ck_assert_uint_eq(total, 70);
	ck_assert_uint_eq(faults, 6);
}
END_TEST

static void
parse_rec(const char *file, size_t idx, const char *cid, struct ivm_wsman_reply *r)
{
	struct rec_file *f = rec_load(file);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_lt(idx, f->n);
	struct ivm_err err;
	const char *resp = f->msgs[idx].response;
	ck_assert_int_eq(ivm_wsman_parse(resp, strlen(resp), cid, r, &err), 0);
	rec_free(&f);
}

START_TEST(create_gives_shell_id)
{
	struct ivm_wsman_reply r;
	parse_rec("winrs_standard.yml", 0, NULL, &r);
	ck_assert_str_eq(r.shell_id, "4283CBDC-3706-415B-88BD-B385F3E51A53");
	ck_assert_str_eq(r.action, "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse");
	ivm_wsman_reply_release(&r);
}
END_TEST

START_TEST(command_gives_command_id)
{
	struct ivm_wsman_reply r;
	parse_rec("winrs_standard.yml", 1, NULL, &r);
	ck_assert_str_eq(r.command_id, "CF84C20A-0A35-43FA-AF78-0B4711DA5F30");
	ivm_wsman_reply_release(&r);
}
END_TEST

START_TEST(receive_done_with_output)
{
	struct ivm_wsman_reply r;
	parse_rec("winrs_standard.yml", 2, "CF84C20A-0A35-43FA-AF78-0B4711DA5F30", &r);
	ck_assert(r.has_state && r.done && r.has_exit_code);
	ck_assert_int_eq(r.exit_code, 0);
	ck_assert_str_eq(ivm_buf_str(&r.stream[IVM_STDOUT]), "hi\r\n");
	ck_assert(r.stream_end[IVM_STDOUT] && r.stream_end[IVM_STDERR]);
	ivm_wsman_reply_release(&r);
}
END_TEST

START_TEST(stderr_and_exit_code)
{
	struct ivm_wsman_reply r;
	parse_rec("winrs_stderr_rc.yml", 2, "D37A8327-79AD-452F-BE0D-4B99A96B4A0B", &r);
	ck_assert_str_eq(ivm_buf_str(&r.stream[IVM_STDOUT]), "out \r\n");
	ck_assert_str_eq(ivm_buf_str(&r.stream[IVM_STDERR]), "err \r\n");
	ck_assert_int_eq(r.exit_code, 1);
	ivm_wsman_reply_release(&r);
}
END_TEST

START_TEST(unicode_output_is_utf8)
{
	struct ivm_wsman_reply r;
	parse_rec("winrs_unicode.yml", 2, NULL, &r);
	ck_assert_str_eq(ivm_buf_str(&r.stream[IVM_STDOUT]), "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf\n");
	ivm_wsman_reply_release(&r);
}
END_TEST

START_TEST(several_chunks_are_joined)
{
	struct ivm_wsman_reply r;
	parse_rec("client_execute_cmd.yml", 2, "789B3D38-EDB7-494D-AD3B-3D63B099CD76", &r);
	const char *out = ivm_buf_str(&r.stream[IVM_STDOUT]);
	ck_assert(strncmp(out, " Volume in drive C is Windows 2016\r\n", 36) == 0);
	ck_assert(strstr(out, "bytes free") != NULL); /* from the last of the 4 chunks */
	ivm_wsman_reply_release(&r);
}
END_TEST

START_TEST(running_then_timeout_faults)
{
	struct ivm_wsman_reply r;
	parse_rec("winrs_operation_timeout.yml", 2, NULL, &r);
	ck_assert(r.has_state && !r.done && !r.has_exit_code);
	ck_assert_str_eq(ivm_buf_str(&r.stream[IVM_STDOUT]), "hi\n");
	ivm_wsman_reply_release(&r);
	parse_rec("winrs_operation_timeout.yml", 3, NULL, &r);
	ck_assert(r.is_fault);
	ck_assert_uint_eq(r.fault.wsman_code, 2150858793UL);
	ck_assert_str_eq(r.fault.subcode, "w:TimedOut");
	ck_assert_str_eq(r.fault.code, "s:Receiver");
	ck_assert(r.fault.machine[0] != '\0');
	ivm_wsman_reply_release(&r);
}
END_TEST

START_TEST(shell_gone_fault)
{
	struct ivm_wsman_reply r;
	struct ivm_err err;
	parse_rec("winrs_bad_cmd_id.yml", 2, NULL, &r);
	ck_assert(r.is_fault);
	ck_assert_uint_eq(r.fault.wsman_code, 2150858843UL);
	ivm_wsman_fault_explain(&r.fault, "receiving", &err);
	ck_assert(strstr(err.why, "2150858843") != NULL);
	ck_assert(strstr(err.why, r.fault.message) != NULL);
	ivm_wsman_reply_release(&r);
}
END_TEST

START_TEST(missing_program_fault)
{
	struct ivm_wsman_reply r;
	struct ivm_err err;
	parse_rec("winrs_no_cmd_shell.yml", 1, NULL, &r);
	ck_assert_uint_eq(r.fault.wsman_code, 2147942402UL);
	ivm_wsman_fault_explain(&r.fault, "starting", &err);
	ck_assert_int_eq(err.kind, IVM_E_REMOTE);
	ck_assert(strstr(err.why, "not found") != NULL);
	ivm_wsman_reply_release(&r);
}
END_TEST

START_TEST(streams_of_other_commands_ignored)
{
	struct ivm_wsman_reply r;
	parse_rec("winrs_standard.yml", 2, "SOME-OTHER-COMMAND", &r);
	ck_assert_uint_eq(r.stream[IVM_STDOUT].len, 0);
	ck_assert(!r.has_state);
	ivm_wsman_reply_release(&r);
}
END_TEST

START_TEST(not_xml_is_malformed)
{
	struct ivm_wsman_reply r;
	struct ivm_err err;
	const char *bad[] = { "", "<html><body>IIS</body></html>", "<s:Envelope xmlns:s=\"urn:x\"/>",
	                      "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>",
	                      "\xff\xfe<\x00" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = i == 4 ? 4 : strlen(bad[i]);
		ck_assert_int_eq(ivm_wsman_parse(bad[i], len, NULL, &r, &err), -1);
		ck_assert_int_eq(err.kind, IVM_E_MALFORMED);
		ck_assert(err.next[0] != '\0');
	}
}
END_TEST

START_TEST(bad_base64_is_malformed)
{
	const char *x =
		"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
		"xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\"><s:Body>"
		"<rsp:ReceiveResponse><rsp:Stream Name=\"stdout\" CommandId=\"C\">!!notbase64</rsp:Stream>"
		"</rsp:ReceiveResponse></s:Body></s:Envelope>";
	struct ivm_wsman_reply r;
	struct ivm_err err;
	ck_assert_int_eq(ivm_wsman_parse(x, strlen(x), "C", &r, &err), -1);
	ck_assert_int_eq(err.kind, IVM_E_MALFORMED);
	ck_assert(strstr(err.why, "base64") != NULL);
}
END_TEST

START_TEST(entities_are_not_expanded)
{
	/* a reply cannot make the parser read local files or blow up */
	const char *x =
		"<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
		"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
		"xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\"><s:Header>"
		"<a:RelatesTo>&e;</a:RelatesTo></s:Header><s:Body/></s:Envelope>";
	struct ivm_wsman_reply r;
	struct ivm_err err;
	if (ivm_wsman_parse(x, strlen(x), NULL, &r, &err) == 0) {
		ck_assert(strstr(r.relates_to, "root:") == NULL);
		ivm_wsman_reply_release(&r);
	}
}
END_TEST

START_TEST(nothing_printed_for_hostile_bytes)
{
	/* libxml2 reports some encoding errors on stderr by itself; on a terminal
	 * that would scribble over the screen */
	char path[] = "/tmp/ivm-stderr-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	static const char *const inputs[] = { "<\0\0\0", "\0<\0s\0:", "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>",
	                                      "<a>\xc3\x28</a>" };
	static const size_t lens[] = { 4, 6, 43, 9 };
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		struct ivm_wsman_reply r;
		struct ivm_err err;
		ck_assert_int_eq(ivm_wsman_parse(inputs[i], lens[i], NULL, &r, &err), -1);
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	off_t size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(path);
	ck_assert_int_eq(size, 0);
}
END_TEST

START_TEST(quota_faults_name_the_setting)
{
	struct ivm_wsman_fault f = { .has_wsman_code = true, .wsman_code = 2150859173UL };
	struct ivm_err err;
	ivm_wsman_fault_explain(&f, "opening a shell", &err);
	ck_assert_int_eq(err.kind, IVM_E_QUOTA);
	ck_assert(strstr(err.why, "MaxShellsPerUser") != NULL);
	ck_assert(strstr(err.next, "MaxShellsPerUser") != NULL);
	ck_assert_str_eq(ivm_wsman_fault_quota_setting(2150859174UL), "MaxConcurrentOperationsPerUser");
	ck_assert_str_eq(ivm_wsman_fault_quota_setting(2150858824UL), "MaxEnvelopeSizekb");
	ck_assert_ptr_null(ivm_wsman_fault_quota_setting(2150858793UL));
}
END_TEST

START_TEST(unknown_fault_code_still_explained)
{
	struct ivm_wsman_fault f = { .has_wsman_code = true, .wsman_code = 123456UL };
	snprintf(f.message, sizeof(f.message), "Something odd.");
	snprintf(f.machine, sizeof(f.machine), "ipam1.contoso.com");
	struct ivm_err err;
	ivm_wsman_fault_explain(&f, "doing it", &err);
	ck_assert(strstr(err.why, "123456") && strstr(err.why, "Something odd.") &&
	          strstr(err.why, "ipam1.contoso.com"));
	ck_assert(err.next[0] != '\0');
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("wsman_reply");
	TCase *tc = tcase_create("recorded");
	tcase_add_test(tc, every_recorded_reply_parses);
	tcase_add_test(tc, create_gives_shell_id);
	tcase_add_test(tc, command_gives_command_id);
	tcase_add_test(tc, receive_done_with_output);
	tcase_add_test(tc, stderr_and_exit_code);
	tcase_add_test(tc, unicode_output_is_utf8);
	tcase_add_test(tc, several_chunks_are_joined);
	tcase_add_test(tc, running_then_timeout_faults);
	tcase_add_test(tc, shell_gone_fault);
	tcase_add_test(tc, missing_program_fault);
	tcase_add_test(tc, streams_of_other_commands_ignored);
	suite_add_tcase(s, tc);
	TCase *bad = tcase_create("bad input");
	tcase_add_test(bad, not_xml_is_malformed);
	tcase_add_test(bad, bad_base64_is_malformed);
	tcase_add_test(bad, entities_are_not_expanded);
	tcase_add_test(bad, nothing_printed_for_hostile_bytes);
	tcase_add_test(bad, quota_faults_name_the_setting);
	tcase_add_test(bad, unknown_fault_code_still_explained);
	suite_add_tcase(s, bad);
	return tu_run_suite(s);
}
