/* tests/check_whoami.c: Check suite "whoami": parsing whoami /groups CSV and the administrator decision. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/whoami.h"
#include "core/xalloc.h"

#define HEADER "\"Group Name\",\"Type\",\"SID\",\"Attributes\"\r\n"
#define GERMAN_HEADER \
	"\"Gruppenname\",\"Typ\",\"SID\",\"Attribute\"\r\n"
#define EN_ATTRS "Mandatory group, Enabled by default, Enabled group"
#define DE_ATTRS "Verbindliche Gruppe, Standardm\xC3\xA4\xC3\x9Fig aktiviert, " \
	"Aktivierte Gruppe"

#define EVERYONE "\"Everyone\",\"Well-known group\",\"S-1-1-0\",\"" EN_ATTRS "\"\r\n"
#define ADMINS_FULL "\"BUILTIN\\Administrators\",\"Alias\",\"S-1-5-32-544\"," \
	"\"" EN_ATTRS ", Group owner\"\r\n"
#define ADMINS_DENY "\"BUILTIN\\Administrators\",\"Alias\",\"S-1-5-32-544\"," \
	"\"Group used for deny only\"\r\n"
#define RMU "\"BUILTIN\\Remote Management Users\",\"Alias\",\"S-1-5-32-580\"," \
	"\"" EN_ATTRS "\"\r\n"
#define NETWORK "\"NT AUTHORITY\\NETWORK\",\"Well-known group\",\"S-1-5-2\"," \
	"\"" EN_ATTRS "\"\r\n"
#define HIGH "\"Mandatory Label\\High Mandatory Level\",\"Label\"," \
	"\"S-1-16-12288\",\"\"\r\n"
#define MEDIUM "\"Mandatory Label\\Medium Mandatory Level\",\"Label\"," \
	"\"S-1-16-8192\",\"\"\r\n"
#define SYSTEM "\"Mandatory Label\\System Mandatory Level\",\"Label\"," \
	"\"S-1-16-16384\",\"\"\r\n"

static const char full_admin[] = HEADER EVERYONE ADMINS_FULL RMU NETWORK HIGH;
static const char filtered[] = HEADER EVERYONE ADMINS_DENY RMU NETWORK MEDIUM;
static const char not_member[] = HEADER EVERYONE RMU NETWORK MEDIUM;

static struct ivm_err err;
static struct ivm_whoami w;

static int
parse(const char *text)
{
	return ivm_whoami_parse(text, strlen(text), &w, &err);
}

/* Turn every "\r\n" into "\n". */
static char *
to_lf(const char *s)
{
	struct ivm_buf b = IVM_BUF_INIT;
	for (; *s; s++) {
		if (s[0] != '\r' || s[1] != '\n')
			ivm_buf_addc(&b, *s);
	}
	return ivm_buf_steal(&b);
}

static void
setup(void)
{
	memset(&w, 0, sizeof(w));
	ivm_err_clear(&err);
}

static void
teardown(void)
{
	ivm_whoami_release(&w);
}

START_TEST(test_full_admin)
{
	ck_assert_int_eq(parse(full_admin), 0);
	ck_assert_uint_eq(w.ngroups, 5);
	const struct ivm_whoami_group *a = ivm_whoami_find_sid(&w, "S-1-5-32-544");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->name, "BUILTIN\\Administrators");
	ck_assert_str_eq(a->type, "Alias");
	ck_assert_str_eq(a->attributes, EN_ATTRS ", Group owner");
	ck_assert(a->enabled);
	ck_assert(!a->deny_only);
	ck_assert_str_eq(w.label_sid, "S-1-16-12288");
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_YES);
}
END_TEST

START_TEST(test_filtered)
{
	ck_assert_int_eq(parse(filtered), 0);
	const struct ivm_whoami_group *a = ivm_whoami_find_sid(&w, "S-1-5-32-544");
	ck_assert_ptr_nonnull(a);
	ck_assert(a->deny_only);
	ck_assert(!a->enabled);
	ck_assert_str_eq(w.label_sid, "S-1-16-8192");
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_FILTERED);
}
END_TEST

/* Either signal alone is enough to call the token filtered. */
START_TEST(test_filtered_by_either_signal)
{
	ck_assert_int_eq(parse(HEADER EVERYONE ADMINS_FULL MEDIUM), 0);
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_FILTERED);
	ivm_whoami_release(&w);
	ck_assert_int_eq(parse(HEADER EVERYONE ADMINS_DENY HIGH), 0);
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_FILTERED);
}
END_TEST

START_TEST(test_not_member)
{
	ck_assert_int_eq(parse(not_member), 0);
	ck_assert_uint_eq(w.ngroups, 4);
	ck_assert_ptr_null(ivm_whoami_find_sid(&w, "S-1-5-32-544"));
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_NOT_MEMBER);
}
END_TEST

START_TEST(test_disabled)
{
	static const char text[] = EVERYONE
	    "\"BUILTIN\\Administrators\",\"Alias\",\"S-1-5-32-544\","
	    "\"Mandatory group, Enabled by default\"\r\n" HIGH;
	ck_assert_int_eq(parse(text), 0);
	ck_assert(!ivm_whoami_find_sid(&w, "S-1-5-32-544")->enabled);
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_DISABLED);
}
END_TEST

START_TEST(test_system_label)
{
	ck_assert_int_eq(parse(EVERYONE ADMINS_FULL SYSTEM), 0);
	ck_assert_str_eq(w.label_sid, "S-1-16-16384");
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_YES);
}
END_TEST

START_TEST(test_header_absent)
{
	/* /nh: the same groups, no header */
	ck_assert_int_eq(parse(full_admin + strlen(HEADER)), 0);
	ck_assert_uint_eq(w.ngroups, 5);
	ck_assert_str_eq(w.groups[0].name, "Everyone");
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_YES);
	ivm_whoami_release(&w);

	/* the header is not taken for a group */
	ck_assert_int_eq(parse(full_admin), 0);
	ck_assert_str_eq(w.groups[0].name, "Everyone");
	for (size_t i = 0; i < w.ngroups; i++)
		ck_assert_str_ne(w.groups[i].name, "Group Name");
}
END_TEST

START_TEST(test_german_high)
{
	static const char text[] = GERMAN_HEADER
	    "\"Jeder\",\"Bekannte Gruppe\",\"S-1-1-0\",\"" DE_ATTRS "\"\r\n"
	    "\"VORDEFINIERT\\Administratoren\",\"Alias\",\"S-1-5-32-544\",\""
	    DE_ATTRS ", Gruppenbesitzer\"\r\n"
	    "\"Verbindliche Beschriftung\\Hohe Verbindlichkeitsstufe\","
	    "\"Bezeichnung\",\"S-1-16-12288\",\"\"\r\n";
	ck_assert_int_eq(parse(text), 0);
	ck_assert_uint_eq(w.ngroups, 3);
	const struct ivm_whoami_group *a = ivm_whoami_find_sid(&w, "S-1-5-32-544");
	ck_assert_str_eq(a->name, "VORDEFINIERT\\Administratoren");
	/* the words are not understood, so the label decides */
	ck_assert(!a->enabled);
	ck_assert_str_eq(w.label_sid, "S-1-16-12288");
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_YES);
}
END_TEST

START_TEST(test_german_medium)
{
	static const char text[] = GERMAN_HEADER
	    "\"Jeder\",\"Bekannte Gruppe\",\"S-1-1-0\",\"" DE_ATTRS "\"\r\n"
	    "\"VORDEFINIERT\\Administratoren\",\"Alias\",\"S-1-5-32-544\","
	    "\"Nur f\xC3\xBCr Verweigerungen verwendete Gruppe\"\r\n"
	    "\"Verbindliche Beschriftung\\Mittlere Verbindlichkeitsstufe\","
	    "\"Bezeichnung\",\"S-1-16-8192\",\"\"\r\n";
	ck_assert_int_eq(parse(text), 0);
	ck_assert(!ivm_whoami_find_sid(&w, "S-1-5-32-544")->deny_only);
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_FILTERED);
}
END_TEST

START_TEST(test_quotes_in_name)
{
	static const char text[] =
	    "\"CONTOSO\\say \"\"hi\"\", then, bye\",\"Group\","
	    "\"S-1-5-21-1-2-3-1111\",\"" EN_ATTRS "\"\n"
	    "\"\"\"\"\"\",\"Group\",\"S-1-5-21-1-2-3-1112\",\"\"\n";
	ck_assert_int_eq(parse(text), 0);
	ck_assert_uint_eq(w.ngroups, 2);
	ck_assert_str_eq(w.groups[0].name, "CONTOSO\\say \"hi\", then, bye");
	ck_assert_str_eq(w.groups[0].sid, "S-1-5-21-1-2-3-1111");
	ck_assert(w.groups[0].enabled);
	ck_assert_str_eq(w.groups[1].name, "\"\"");
	ck_assert_ptr_null(w.label_sid);
	/* no label and no Administrators */
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_NOT_MEMBER);
}
END_TEST

START_TEST(test_crlf_and_lf)
{
	char *lf = to_lf(filtered);
	ck_assert_ptr_null(strchr(lf, '\r'));
	ck_assert_int_eq(parse(lf), 0);
	free(lf);
	ck_assert_uint_eq(w.ngroups, 5);
	for (size_t i = 0; i < w.ngroups; i++) {
		ck_assert_ptr_null(strchr(w.groups[i].attributes, '\r'));
		ck_assert_ptr_null(strchr(w.groups[i].sid, '\r'));
	}
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_FILTERED);
	ivm_whoami_release(&w);

	ck_assert_int_eq(parse(filtered), 0);
	ck_assert_str_eq(w.groups[w.ngroups - 1].attributes, "");
	ck_assert_str_eq(w.groups[w.ngroups - 1].sid, "S-1-16-8192");
}
END_TEST

START_TEST(test_no_final_newline_blank_lines_bom)
{
	static const char text[] = "\xEF\xBB\xBF\r\n" HEADER "\r\n  \r\n"
	    EVERYONE ADMINS_FULL
	    "\"Mandatory Label\\High Mandatory Level\",\"Label\","
	    "\"S-1-16-12288\",\"\"";
	ck_assert_int_eq(parse(text), 0);
	ck_assert_uint_eq(w.ngroups, 3);
	ck_assert_str_eq(w.label_sid, "S-1-16-12288");
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_YES);
}
END_TEST

START_TEST(test_empty_input)
{
	ck_assert_int_eq(ivm_whoami_parse("", 0, &w, &err), -1);
	ck_assert_int_eq(err.kind, IVM_E_MALFORMED);
	ck_assert_str_ne(err.what, "");
	ck_assert_str_ne(err.next, "");
	ck_assert_ptr_null(w.groups);
	ck_assert_int_eq(ivm_whoami_parse(NULL, 0, &w, &err), -1);
	ck_assert_int_eq(parse("\r\n\r\n  \n"), -1);
	/* a header and nothing else holds no groups either */
	ck_assert_int_eq(parse(HEADER), -1);
	ck_assert_ptr_nonnull(strstr(err.why, "no group"));
}
END_TEST

START_TEST(test_garbage)
{
	static const char *const bad[] = {
		"hello world\r\n",
		"INFO: no groups\n\x01\x02\x03",
		"<Objs Version=\"1.1.0.1\"></Objs>",
		"a,b,c,d\ne,f,g,h\n",	/* 4 fields, but no SIDs */
		"\"x\",\"y\",\"S-1-\",\"z\"\n",
		"\"x\",\"y\",\"S-1-5--2\",\"z\"\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(parse(bad[i]) == -1, "input %zu was accepted", i);
		ck_assert_int_eq(err.kind, IVM_E_MALFORMED);
		ck_assert_uint_eq(w.ngroups, 0);
		ck_assert_ptr_null(w.groups);
	}
}
END_TEST

START_TEST(test_too_few_fields)
{
	static const char text[] = HEADER EVERYONE
	    "\"BUILTIN\\Administrators\",\"Alias\",\"S-1-5-32-544\"\r\n" HIGH;
	ck_assert_int_eq(parse(text), -1);
	ck_assert_int_eq(err.kind, IVM_E_MALFORMED);
	ck_assert_msg(strstr(err.why, "line 3 ") != NULL, "why: %s", err.why);
	ck_assert_ptr_nonnull(strstr(err.why, "3 fields"));
	ck_assert_ptr_null(w.groups);
	ck_assert_ptr_null(w.label_sid);
}
END_TEST

START_TEST(test_bad_lines)
{
	static const struct {
		const char *text;
		const char *why;
	} cases[] = {
		{ EVERYONE EVERYONE "\"a\",\"b\",\"S-1-1-0\",\"c\",\"d\"\n",
		  "line 3 has 5 fields" },
		{ EVERYONE "\"a\",\"b\",\"S-1-1-0\",\"unclosed\n", "line 2 has a "
		  "quoted field that is not closed" },
		{ EVERYONE "\"a\"x,\"b\",\"S-1-1-0\",\"c\"\n", "line 2 has "
		  "something other than a comma" },
		{ EVERYONE "a\"b,\"b\",\"S-1-1-0\",\"c\"\n", "line 2 has a quote "
		  "inside" },
		{ EVERYONE "\"Group Name\",\"Type\",\"SID\",\"Attributes\"\n",
		  "line 2 has no SID" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(parse(cases[i].text), -1);
		ck_assert_msg(strstr(err.why, cases[i].why) != NULL,
		              "case %zu: why \"%s\"", i, err.why);
	}
}
END_TEST

START_TEST(test_nul_byte)
{
	static const char text[] = "\"Every\0one\",\"Well-known group\","
	    "\"S-1-1-0\",\"\"\n";
	ck_assert_int_eq(ivm_whoami_parse(text, sizeof(text) - 1, &w, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.why, "line 1 contains a NUL"));
}
END_TEST

START_TEST(test_limits)
{
	size_t big = IVM_WHOAMI_MAX_BYTES + 1;
	char *text = ivm_xmalloc(big);
	memset(text, '\n', big);
	ck_assert_int_eq(ivm_whoami_parse(text, big, &w, &err), -1);
	ck_assert_int_eq(err.kind, IVM_E_TOOBIG);
	free(text);

	struct ivm_buf b = IVM_BUF_INIT;
	for (int i = 0; i < IVM_WHOAMI_MAX_GROUPS; i++)
		ivm_buf_addf(&b, "\"g%d\",\"Group\",\"S-1-5-21-9-%d\",\"\"\n",
		             i, i);
	ck_assert_int_eq(ivm_whoami_parse(b.data, b.len, &w, &err), 0);
	ck_assert_uint_eq(w.ngroups, IVM_WHOAMI_MAX_GROUPS);
	ck_assert_str_eq(w.groups[4095].sid, "S-1-5-21-9-4095");
	ivm_whoami_release(&w);
	ivm_buf_adds(&b, "\"one\",\"more\",\"S-1-1-0\",\"\"\n");
	ck_assert_int_eq(ivm_whoami_parse(b.data, b.len, &w, &err), -1);
	ck_assert_int_eq(err.kind, IVM_E_TOOBIG);
	ck_assert_ptr_nonnull(strstr(err.why, "4096"));
	ck_assert_ptr_null(w.groups);
	ivm_buf_release(&b);
}
END_TEST

START_TEST(test_find_sid_and_release)
{
	ck_assert_int_eq(parse(full_admin), 0);
	ck_assert_ptr_nonnull(ivm_whoami_find_sid(&w, "s-1-5-32-544"));
	ck_assert_ptr_null(ivm_whoami_find_sid(&w, "S-1-5-32-54"));
	ck_assert_ptr_null(ivm_whoami_find_sid(&w, "S-1-5-32-5444"));
	ck_assert_ptr_null(ivm_whoami_find_sid(NULL, "S-1-1-0"));
	ck_assert_ptr_null(ivm_whoami_find_sid(&w, NULL));
	ivm_whoami_release(&w);
	ck_assert_ptr_null(w.groups);
	ck_assert_ptr_null(w.label_sid);
	ck_assert_uint_eq(w.ngroups, 0);
	ivm_whoami_release(&w);
	ivm_whoami_release(NULL);
	/* an emptied result has no Administrators */
	ck_assert_int_eq(ivm_whoami_admin(&w), IVM_ADMIN_NOT_MEMBER);
}
END_TEST

START_TEST(test_explain)
{
	const char *f = ivm_whoami_admin_explain(IVM_ADMIN_FILTERED);
	ck_assert_ptr_nonnull(strstr(f, "UAC remote restrictions"));
	ck_assert_ptr_nonnull(strstr(f, "built-in Administrator"));
	ck_assert_ptr_nonnull(strstr(f, "domain account"));
	ck_assert_ptr_nonnull(strstr(f, "LocalAccountTokenFilterPolicy=1"));
	ck_assert_ptr_nonnull(strstr(f, "HKLM\\SOFTWARE\\Microsoft\\Windows\\"
	                              "CurrentVersion\\Policies\\System"));
	const char *n = ivm_whoami_admin_explain(IVM_ADMIN_NOT_MEMBER);
	ck_assert_ptr_nonnull(strstr(n, "Add it to Administrators on that server"));
	ck_assert_str_ne(ivm_whoami_admin_explain(IVM_ADMIN_YES), "");
	ck_assert_str_ne(ivm_whoami_admin_explain(IVM_ADMIN_DISABLED), "");
	ck_assert_str_ne(ivm_whoami_admin_explain(IVM_ADMIN_YES),
	                 ivm_whoami_admin_explain(IVM_ADMIN_DISABLED));
	ck_assert_ptr_nonnull(strstr(ivm_whoami_admin_explain(
	    (enum ivm_admin_state)99), "bug"));
}
END_TEST

static Suite *
whoami_suite(void)
{
	Suite *s = suite_create("whoami");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_full_admin);
	tcase_add_test(tc, test_filtered);
	tcase_add_test(tc, test_filtered_by_either_signal);
	tcase_add_test(tc, test_not_member);
	tcase_add_test(tc, test_disabled);
	tcase_add_test(tc, test_system_label);
	tcase_add_test(tc, test_header_absent);
	tcase_add_test(tc, test_german_high);
	tcase_add_test(tc, test_german_medium);
	tcase_add_test(tc, test_quotes_in_name);
	tcase_add_test(tc, test_crlf_and_lf);
	tcase_add_test(tc, test_no_final_newline_blank_lines_bom);
	tcase_add_test(tc, test_empty_input);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_too_few_fields);
	tcase_add_test(tc, test_bad_lines);
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_find_sid_and_release);
	tcase_add_test(tc, test_explain);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(whoami_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
