/* tests/check_contract.c: the operation contract: parameter documents, result documents, and how psrun packs a script. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "core/b64.h"
#include "core/contract.h"
#include "core/psrun.h"
#include "core/utf16.h"
#include "tests/testutil.h"

/* What a user may type that must arrive as data, never as code. */
static const char *const hostile[] = {
	"O'Brien", "say \"hi\"", "\xe2\x80\x98" "a" "\xe2\x80\x99" "\xe2\x80\x9a\xe2\x80\x9b\xe2\x80\x9c" "b" "\xe2\x80\x9d",
	"$(Remove-Item C:\\ -Recurse)", "`$env:PATH`", "a; b | c", "line1\nline2\r\nline3",
	"'@\nStop-Computer\n@'", "Gruppe f\xc3\xbcr VMM", "  leading and trailing  ", "<xml>&amp;</xml>", "]]>",
};

static void
decode_params_from_script(const char *script, char **op, struct ivm_field **f, size_t *n)
{
	const char *start = strstr(script, "FromBase64String('");
	ck_assert_ptr_nonnull(start);
	start += strlen("FromBase64String('");
	const char *end = strchr(start, '\'');
	struct ivm_buf xml = IVM_BUF_INIT;
	struct ivm_err err;
	ck_assert(ivm_b64_decode(&xml, start, (size_t)(end - start)));
	ck_assert_int_eq(ivm_contract_params_parse(xml.data, xml.len, op, f, n, &err), 0);
	ivm_buf_release(&xml);
}

START_TEST(hostile_values_arrive_byte_exact)
{
	size_t n = sizeof(hostile) / sizeof(hostile[0]);
	struct ivm_param p[sizeof(hostile) / sizeof(hostile[0])];
	char names[sizeof(hostile) / sizeof(hostile[0])][16];
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "V%zu", i);
		p[i] = (struct ivm_param){ names[i], hostile[i] };
	}
	struct ivm_buf script = IVM_BUF_INIT;
	struct ivm_err err;
	ck_assert_int_eq(ivm_contract_script(&script, "ensure-group", p, n, "exit 0\r\n", &err), 0);
	/* the only place a value could appear is inside the base64: nothing readable */
	for (size_t i = 0; i < n; i++)
		if (strlen(hostile[i]) > 3)
			ck_assert_msg(strstr(script.data, hostile[i]) == NULL, "value %zu in clear", i);
	ck_assert(strncmp(script.data, "# ipamvmm op=ensure-group v=1\r\n$params = [xml]", 46) == 0);
	char *op;
	struct ivm_field *f;
	size_t nf;
	decode_params_from_script(script.data, &op, &f, &nf);
	ck_assert_str_eq(op, "ensure-group");
	ck_assert_uint_eq(nf, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(f[i].name, names[i]);
		ck_assert_msg(strcmp(f[i].value, hostile[i]) == 0, "value %zu: '%s' != '%s'", i, f[i].value, hostile[i]);
	}
	free(op);
	ivm_fields_free(&f, nf);
	ivm_buf_release(&script);
}
END_TEST

START_TEST(long_name_survives)
{
	char name[256];
	memset(name, 'x', 255);
	name[255] = '\0';
	struct ivm_param p = { "GroupName", name };
	struct ivm_buf xml = IVM_BUF_INIT;
	struct ivm_err err;
	ck_assert_int_eq(ivm_contract_params_xml(&xml, "op", &p, 1, &err), 0);
	char *op;
	struct ivm_field *f;
	size_t nf;
	ck_assert_int_eq(ivm_contract_params_parse(xml.data, xml.len, &op, &f, &nf, &err), 0);
	ck_assert_uint_eq(strlen(f[0].value), 255);
	free(op);
	ivm_fields_free(&f, nf);
	ivm_buf_release(&xml);
}
END_TEST

START_TEST(control_characters_refused)
{
	struct ivm_param p = { "Description", "bell\aand escape\x1b" };
	struct ivm_buf script = IVM_BUF_INIT;
	struct ivm_err err;
	ck_assert_int_eq(ivm_contract_script(&script, "op", &p, 1, "", &err), -1);
	ck_assert_int_eq(err.kind, IVM_E_USAGE);
	ck_assert(strstr(err.why, "Description") != NULL);
	ck_assert(strstr(err.why, "bell") == NULL); /* values are not echoed */
	struct ivm_param q = { "Name", "bad\xff utf8" };
	ck_assert_int_eq(ivm_contract_script(&script, "op", &q, 1, "", &err), -1);
	ivm_buf_release(&script);
}
END_TEST

START_TEST(result_round_trip)
{
	struct ivm_field top[] = { { "OS", "Windows Server 2019" }, { "Note", "a <b> & 'c'" } };
	struct ivm_field row1[] = { { "Name", "Administrators" }, { "SID", "S-1-5-32-544" } };
	struct ivm_field row2[] = { { "Name", "VMM Users" }, { "SID", "S-1-5-21-1-2-3-1001" } };
	struct ivm_record recs[] = { { row1, 2 }, { row2, 2 } };
	struct ivm_result r = { .op = "list-groups", .version = 1, .status = IVM_ST_PRESENT,
	                        .message = "2 groups", .fields = top, .nfields = 2,
	                        .records = recs, .nrecords = 2 };
	struct ivm_buf line = IVM_BUF_INIT;
	ivm_contract_result_line(&line, &r);
	ck_assert(strncmp(line.data, "IPAMVMM-RESULT ", 15) == 0);
	struct ivm_result back;
	struct ivm_err err;
	ck_assert_int_eq(ivm_contract_result_parse(line.data + 15, line.len - 15 - 2, &back, &err), 0);
	ck_assert_str_eq(back.op, "list-groups");
	ck_assert_int_eq(back.status, IVM_ST_PRESENT);
	ck_assert_str_eq(back.message, "2 groups");
	ck_assert_str_eq(ivm_field_get(back.fields, back.nfields, "Note"), "a <b> & 'c'");
	ck_assert_uint_eq(back.nrecords, 2);
	ck_assert_str_eq(ivm_field_get(back.records[1].fields, back.records[1].nfields, "SID"), "S-1-5-21-1-2-3-1001");
	ck_assert_ptr_null(ivm_field_get(back.fields, back.nfields, "Missing"));
	/* a copy owns everything it holds */
	struct ivm_result copy;
	ivm_result_copy(&copy, &back);
	ivm_result_release(&back);
	ck_assert_str_eq(copy.op, "list-groups");
	ck_assert_str_eq(ivm_field_get(copy.fields, copy.nfields, "Note"), "a <b> & 'c'");
	ck_assert_uint_eq(copy.nrecords, 2);
	ck_assert_str_eq(ivm_field_get(copy.records[0].fields, copy.records[0].nfields, "Name"), "Administrators");
	ivm_result_release(&copy);
	ivm_buf_release(&line);
}
END_TEST

START_TEST(bad_results_refused)
{
	struct ivm_result r;
	struct ivm_err err;
	struct ivm_buf b = IVM_BUF_INIT;
	const char *docs[] = {
		"not xml at all",
		"<other/>",
		"<result op=\"x\" v=\"1\" status=\"exploded\"/>",
		"<result op=\"x\" v=\"2\" status=\"created\"/>",
	};
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		ivm_buf_clear(&b);
		ivm_b64_encode(&b, docs[i], strlen(docs[i]));
		ck_assert_int_eq(ivm_contract_result_parse(b.data, b.len, &r, &err), -1);
		ck_assert_int_eq(err.kind, IVM_E_MALFORMED);
	}
	ck_assert_int_eq(ivm_contract_result_parse("***", 3, &r, &err), -1);
	ivm_buf_release(&b);
}
END_TEST

START_TEST(stdout_split_into_results_and_detail)
{
	struct ivm_result r = { .op = "a", .status = IVM_ST_CREATED, .message = "made" };
	struct ivm_buf out = IVM_BUF_INIT;
	ivm_buf_adds(&out, "WARNING: noise\r\n");
	ivm_contract_result_line(&out, &r);
	ivm_buf_adds(&out, "more noise\r\n");
	r.status = IVM_ST_PRESENT;
	ivm_contract_result_line(&out, &r);
	struct ivm_ps_result pr = { 0 };
	struct ivm_err err;
	ck_assert_int_eq(ivm_psrun_split_output(out.data, out.len, &pr, NULL, &err), 0);
	ck_assert_uint_eq(pr.nresults, 2);
	ck_assert_int_eq(pr.results[0].status, IVM_ST_CREATED);
	ck_assert_int_eq(pr.results[1].status, IVM_ST_PRESENT);
	ck_assert_str_eq(ivm_buf_str(&pr.out), "WARNING: noise\r\nmore noise\r\n");
	ivm_ps_result_release(&pr);
	ivm_buf_release(&out);
}
END_TEST

static size_t
script_of_length(struct ivm_buf *s, size_t chars)
{
	ivm_buf_clear(s);
	for (size_t i = 0; i < chars; i++)
		ivm_buf_addc(s, 'a');
	return chars;
}

START_TEST(cmd_exe_limit_decides_the_path)
{
	struct ivm_buf s = IVM_BUF_INIT, arg = IVM_BUF_INIT;
	/* find the longest script that still fits, then one more character */
	size_t lo = 1, hi = 8191;
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		script_of_length(&s, mid);
		ivm_buf_clear(&arg);
		if (ivm_psrun_command_line(s.data, &arg))
			lo = mid;
		else
			hi = mid - 1;
	}
	script_of_length(&s, lo);
	ivm_buf_clear(&arg);
	ck_assert(ivm_psrun_command_line(s.data, &arg));
	size_t line = strlen("powershell -NoProfile -NonInteractive -EncodedCommand ") + arg.len;
	ck_assert_uint_le(line, 8191);
	ck_assert_uint_gt(line, 8191 - 8); /* base64 grows in steps of 4 */
	script_of_length(&s, lo + 3);
	ivm_buf_clear(&arg);
	ck_assert(!ivm_psrun_command_line(s.data, &arg));
	/* the encoded argument is UTF-16LE of preamble + script */
	struct ivm_buf raw = IVM_BUF_INIT, text = IVM_BUF_INIT;
	script_of_length(&s, 10);
	ivm_buf_clear(&arg);
	ivm_psrun_command_line(s.data, &arg);
	ck_assert(ivm_b64_decode(&raw, arg.data, arg.len));
	ck_assert(ivm_utf16le_to_utf8(&text, raw.data, raw.len));
	ck_assert(strstr(text.data, "$ProgressPreference = 'SilentlyContinue'") == text.data);
	ck_assert(strstr(text.data, "aaaaaaaaaa") != NULL);
	ivm_buf_release(&raw);
	ivm_buf_release(&text);
	ivm_buf_release(&s);
	ivm_buf_release(&arg);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("contract");
	TCase *tc = tcase_create("contract");
	tcase_add_test(tc, hostile_values_arrive_byte_exact);
	tcase_add_test(tc, long_name_survives);
	tcase_add_test(tc, control_characters_refused);
	tcase_add_test(tc, result_round_trip);
	tcase_add_test(tc, bad_results_refused);
	tcase_add_test(tc, stdout_split_into_results_and_detail);
	tcase_add_test(tc, cmd_exe_limit_decides_the_path);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
