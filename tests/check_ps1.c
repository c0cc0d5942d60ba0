/* tests/check_ps1.c: the embedded operation scripts: the table, byte-exact copies of core/ops, the rules every script keeps, and scripts/embed-ps1 itself. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "core/buf.h"
#include "core/ivm.h"
#include "core/ops/ps1.h"
#include "core/xalloc.h"
#include "tests/testutil.h"

/* The generator's naming rule: operation host-facts is ivm_ps1_host_facts. */
extern const char ivm_ps1_host_facts[];

/* What Windows PowerShell is given: every LF that is not already part of a
 * CR LF becomes CR LF; nothing else changes. */
static void
crlf(struct ivm_buf *out, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n' && (i == 0 || p[i - 1] != '\r'))
			ivm_buf_addc(out, '\r');
		ivm_buf_addc(out, p[i]);
	}
}

/* 1-based line of offset off in text, for messages. */
static size_t
line_of(const char *text, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

START_TEST(table_lists_host_facts)
{
	ck_assert_uint_ge(ivm_ps1_count, 1);
	const struct ivm_ps1 *row = NULL;
	for (size_t i = 0; i < ivm_ps1_count; i++)
		if (strcmp(ivm_ps1_table[i].name, "host-facts") == 0)
			row = &ivm_ps1_table[i];
	ck_assert_msg(row != NULL, "host-facts is not in ivm_ps1_table");
	ck_assert_ptr_eq(row->text, ivm_ps1_host_facts);
	ck_assert_uint_gt(strlen(row->text), 100);
}
END_TEST

START_TEST(table_names_unique_and_well_formed)
{
	for (size_t i = 0; i < ivm_ps1_count; i++) {
		const char *name = ivm_ps1_table[i].name;
		ck_assert_ptr_nonnull(name);
		ck_assert_ptr_nonnull(ivm_ps1_table[i].text);
		ck_assert_msg(name[0] != '\0' && name[0] != '-', "row %zu: bad name '%s'", i, name);
		ck_assert_msg(strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(name),
		              "row %zu: name '%s' holds a character other than a-z 0-9 -", i, name);
		for (size_t j = 0; j < i; j++)
			ck_assert_msg(strcmp(name, ivm_ps1_table[j].name) != 0, "'%s' is listed twice", name);
	}
}
END_TEST

/* Each embedded text is core/ops/<name>.ps1 of the source tree, byte for
 * byte once its line ends are CR LF: nothing was added, lost or re-encoded. */
START_TEST(text_equals_source_file)
{
	for (size_t i = 0; i < ivm_ps1_count; i++) {
		char rel[256];
		snprintf(rel, sizeof(rel), "core/ops/%s.ps1", ivm_ps1_table[i].name);
		size_t len;
		char *raw = tu_slurp_src(rel, &len);
		struct ivm_buf want = IVM_BUF_INIT;
		crlf(&want, raw, len);
		const char *got = ivm_ps1_table[i].text;
		size_t n = strlen(got);
		size_t k = 0;
		while (k < n && k < want.len && got[k] == want.data[k])
			k++;
		ck_assert_msg(k == n && k == want.len,
		              "%s: embedded text (%zu bytes) differs from the file (%zu bytes after CR LF) at byte %zu, line %zu; rebuild (make) regenerates it",
		              rel, n, want.len, k, line_of(want.data ? want.data : "", k));
		ivm_buf_release(&want);
		free(raw);
	}
}
END_TEST

START_TEST(find_known_and_unknown)
{
	ck_assert_ptr_eq(ivm_ps1_find("host-facts"), ivm_ps1_host_facts);
	for (size_t i = 0; i < ivm_ps1_count; i++)
		ck_assert_ptr_eq(ivm_ps1_find(ivm_ps1_table[i].name), ivm_ps1_table[i].text);
	static const char *const unknown[] = {
		"no-such-op", "", "host", "host-facts.ps1", "HOST-FACTS", "host-facts ", "host_facts",
	};
	for (size_t i = 0; i < IVM_COUNT(unknown); i++)
		ck_assert_msg(ivm_ps1_find(unknown[i]) == NULL, "'%s' was found", unknown[i]);
	ck_assert_ptr_null(ivm_ps1_find(NULL));
}
END_TEST

/* The project's rule for every file: one line saying what it is for. */
START_TEST(scripts_start_with_purpose_line)
{
	for (size_t i = 0; i < ivm_ps1_count; i++) {
		char want[256];
		snprintf(want, sizeof(want), "# core/ops/%s.ps1: ", ivm_ps1_table[i].name);
		const char *text = ivm_ps1_table[i].text;
		ck_assert_msg(strncmp(text, want, strlen(want)) == 0,
		              "%s.ps1 does not start with \"%s<what it is for>\"", ivm_ps1_table[i].name, want);
		const char *eol = strstr(text, "\r\n");
		ck_assert_ptr_nonnull(eol);
		ck_assert_msg((size_t)(eol - text) > strlen(want) + 10, "%s.ps1: the purpose line says too little",
		              ivm_ps1_table[i].name);
	}
}
END_TEST

/* ASCII only (printable, tab, CR, LF): whatever code page the server's
 * console uses, the script reads the same; no BOM either. */
START_TEST(scripts_are_ascii)
{
	for (size_t i = 0; i < ivm_ps1_count; i++) {
		const unsigned char *t = (const unsigned char *)ivm_ps1_table[i].text;
		for (size_t k = 0; t[k]; k++) {
			bool ok = (t[k] >= 0x20 && t[k] < 0x7f) || t[k] == '\t' || t[k] == '\r' || t[k] == '\n';
			ck_assert_msg(ok, "%s.ps1 line %zu: byte 0x%02x is not printable ASCII", ivm_ps1_table[i].name,
			              line_of((const char *)t, k), t[k]);
		}
	}
}
END_TEST

/* Every line ends CR LF, and the last statement is a top-level `exit`:
 * without one PowerShell folds every exit code into 0 or 1
 * (reference/windows-ops.md 4.5). */
START_TEST(scripts_crlf_and_end_with_exit)
{
	for (size_t i = 0; i < ivm_ps1_count; i++) {
		const char *name = ivm_ps1_table[i].name;
		const char *t = ivm_ps1_table[i].text;
		size_t n = strlen(t);
		for (size_t k = 0; k < n; k++)
			ck_assert_msg(t[k] != '\n' || (k > 0 && t[k - 1] == '\r'), "%s.ps1 line %zu ends LF, not CR LF", name,
			              line_of(t, k));
		/* the prelude is a library every operation starts with, not an operation */
		if (strncmp(name, "prelude", 7) == 0)
			continue;
		while (n > 0 && (t[n - 1] == '\r' || t[n - 1] == '\n' || t[n - 1] == ' ' || t[n - 1] == '\t'))
			n--;
		size_t start = n;
		while (start > 0 && t[start - 1] != '\n')
			start--;
		const char *last = t + start;
		size_t len = n - start;
		bool is_exit = len >= 4 && strncmp(last, "exit", 4) == 0 && (len == 4 || last[4] == ' ');
		ck_assert_msg(is_exit, "%s.ps1: the last line is \"%.*s\", not a top-level exit statement", name, (int)len,
		              last);
	}
}
END_TEST

/* Windows Server 2012 R2 has PowerShell 4.0: these came later (5.0, 5.1
 * or PowerShell 7) and must not appear outside comments. */
static const struct {
	const char *text, *since;
} too_new[] = {
	{ "::new(", "5.0 (use New-Object)" },
	{ "New-LocalGroup", "5.1 (use ADSI or net localgroup)" },
	{ "Get-LocalGroup", "5.1 (use ADSI or net localgroup)" },
	{ "Add-LocalGroupMember", "5.1 (use ADSI or net localgroup)" },
	{ "Remove-LocalGroupMember", "5.1 (use ADSI or net localgroup)" },
	{ "Get-LocalUser", "5.1 (use ADSI)" },
	{ "Get-ComputerInfo", "5.1 (use Win32_ComputerSystem)" },
	{ "Get-ItemPropertyValue", "5.0 (use Get-ItemProperty)" },
	{ "New-TemporaryFile", "5.0" },
	{ "ConvertFrom-String", "5.0" },
	{ "Expand-Archive", "5.0" },
	{ "Compress-Archive", "5.0" },
	{ "Get-Clipboard", "5.0" },
	{ "New-Guid", "5.0 (use [guid]::NewGuid())" },
	{ "Format-Hex", "5.0" },
	{ "Get-TimeZone", "5.1" },
	{ "-AsHashtable", "6.0" },
	{ " ?? ", "7.0" },
	{ "?.", "7.0" },
};

START_TEST(scripts_use_nothing_newer_than_ps4)
{
	for (size_t i = 0; i < ivm_ps1_count; i++) {
		const char *t = ivm_ps1_table[i].text;
		size_t lineno = 1;
		for (const char *line = t; *line; lineno++) {
			const char *eol = strchr(line, '\n');
			size_t len = eol ? (size_t)(eol - line) : strlen(line);
			size_t lead = strspn(line, " \t");
			bool comment = lead < len && line[lead] == '#';
			for (size_t k = 0; !comment && k < IVM_COUNT(too_new); k++) {
				/* ck_assert only on a hit: each call records a checkpoint */
				if (memmem(line, len, too_new[k].text, strlen(too_new[k].text)) != NULL)
					ck_abort_msg("%s.ps1 line %zu: \"%s\" needs PowerShell %s", ivm_ps1_table[i].name,
					             lineno, too_new[k].text, too_new[k].since);
			}
			line += len + (eol != NULL);
		}
	}
}
END_TEST

/* The contract pieces host-facts must hold (README, "Operation contract"). */
START_TEST(host_facts_keeps_the_contract)
{
	const char *t = ivm_ps1_find("host-facts");
	ck_assert_ptr_nonnull(t);
	/* the result line itself is written by the prelude every script starts with */
	const char *pre = ivm_ps1_find("prelude");
	ck_assert_ptr_nonnull(pre);
	static const char *const in_prelude[] = {
		"'IPAMVMM-RESULT '", "[System.Xml.XmlWriter]::Create(", "WriteAttributeString('v', '1')",
		"WriteStartElement('item')", "function Get-IvmParam", "$ErrorActionPreference = 'Stop'",
	};
	for (size_t i = 0; i < IVM_COUNT(in_prelude); i++)
		ck_assert_msg(strstr(pre, in_prelude[i]) != NULL, "prelude.ps1 lacks %s", in_prelude[i]);
	static const char *const needed[] = {
		"$ivmOp = 'host-facts'", "-Status 'present'", "-Status 'failed'", "} catch {",
		"S-1-5-32-544", "IsInRole($adminSid)", "Get-Command -Name Get-WindowsFeature", "SCVMMService",
		"virtualmachinemanager", "$PSVersionTable.PSVersion", "$ivmExit = 0",
	};
	for (size_t i = 0; i < IVM_COUNT(needed); i++)
		ck_assert_msg(strstr(t, needed[i]) != NULL, "host-facts.ps1 lacks %s", needed[i]);
	/* the English group name would fail on a localized server */
	ck_assert_msg(strstr(t, "'Administrators'") == NULL && strstr(t, "BUILTIN\\Administrators") == NULL,
	              "host-facts.ps1 names the Administrators group instead of its SID");
}
END_TEST

/* --- scripts/embed-ps1 ---------------------------------------------------- */

static int
run_embed(const char *const *files, size_t n, struct ivm_buf *out, struct ivm_buf *err)
{
	char gen[2048];
	snprintf(gen, sizeof(gen), "%s/scripts/embed-ps1", IVM_SRCDIR);
	const char *argv[16] = { "/bin/sh", gen };
	ck_assert_uint_le(n, IVM_COUNT(argv) - 3);
	for (size_t i = 0; i < n; i++)
		argv[2 + i] = files[i];
	argv[2 + n] = NULL;
	ivm_buf_clear(out);
	ivm_buf_clear(err);
	return tu_spawn(argv, NULL, NULL, out, err, 10000);
}

static char *
write_file(const char *dir, const char *name, const char *data, size_t n)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, n, fp), n);
	ck_assert_int_eq(fclose(fp), 0);
	return ivm_xstrdup(path);
}

static int
octal_digit(char c)
{
	return c >= '0' && c <= '7' ? c - '0' : -1;
}

/* Read back the C string literals of `const char ivm_ps1_<ident>[] = ... ;`
 * from generated source: the escapes embed-ps1 writes, and only those. */
static bool
decode_array(const char *src, const char *ident, struct ivm_buf *out)
{
	char head[256];
	snprintf(head, sizeof(head), "\nconst char ivm_ps1_%s[] =\n", ident);
	const char *p = strstr(src, head);
	if (p == NULL)
		return false;
	p += strlen(head);
	for (;;) {
		p += strspn(p, " \t\n");
		if (*p == ';')
			return true;
		if (*p++ != '"')
			return false;
		while (*p != '"') {
			if (*p == '\0' || *p == '\n')
				return false;
			if (*p != '\\') {
				ivm_buf_addc(out, *p++);
				continue;
			}
			p++;
			static const char from[] = "rnt\"\\?", to[] = "\r\n\t\"\\?";
			const char *e = *p ? strchr(from, *p) : NULL;
			if (e) {
				ivm_buf_addc(out, to[e - from]);
				p++;
			} else if (octal_digit(p[0]) >= 0 && octal_digit(p[1]) >= 0 && octal_digit(p[2]) >= 0) {
				ivm_buf_addc(out, (char)(octal_digit(p[0]) * 64 + octal_digit(p[1]) * 8 + octal_digit(p[2])));
				p += 3;
			} else {
				return false;
			}
		}
		p++;
	}
}

START_TEST(embed_round_trips_every_byte)
{
	char *dir = tu_mkdtemp();
	/* quotes, backslash, a trigraph, tab, LF, CR LF, a lone CR, UTF-8, no final newline */
	static const char in[] = "a \"q\" \\ ?\?= \tb\r\nlf\nlone\rcr\n\xc3\xa9t\xc3\xa9 \xe2\x82\xac\nend";
	static const char want[] = "a \"q\" \\ ?\?= \tb\r\nlf\r\nlone\rcr\r\n\xc3\xa9t\xc3\xa9 \xe2\x82\xac\r\nend";
	char *f1 = write_file(dir, "odd-bytes.ps1", in, sizeof(in) - 1);
	char *f2 = write_file(dir, "empty.ps1", "", 0);
	char *f3 = write_file(dir, "a1.ps1", "exit 0\n", 7);
	const char *files[] = { f1, f2, f3 };
	struct ivm_buf out = IVM_BUF_INIT, err = IVM_BUF_INIT, got = IVM_BUF_INIT;
	ck_assert_int_eq(run_embed(files, IVM_COUNT(files), &out, &err), 0);
	ck_assert_msg(decode_array(ivm_buf_str(&out), "odd_bytes", &got), "no ivm_ps1_odd_bytes in:\n%s", ivm_buf_str(&out));
	ck_assert_uint_eq(got.len, sizeof(want) - 1);
	ck_assert(memcmp(got.data, want, got.len) == 0);
	ivm_buf_clear(&got);
	ck_assert(decode_array(ivm_buf_str(&out), "empty", &got));
	ck_assert_uint_eq(got.len, 0);
	ck_assert(decode_array(ivm_buf_str(&out), "a1", &got));
	ck_assert_str_eq(ivm_buf_str(&got), "exit 0\r\n");
	/* the table, in the order given; the trigraph cannot survive unescaped */
	const char *table = strstr(ivm_buf_str(&out), "const struct ivm_ps1 ivm_ps1_table[] = {\n"
	                                              "\t{ \"odd-bytes\", ivm_ps1_odd_bytes },\n"
	                                              "\t{ \"empty\", ivm_ps1_empty },\n"
	                                              "\t{ \"a1\", ivm_ps1_a1 },\n};\n");
	ck_assert_ptr_nonnull(table);
	ck_assert_ptr_null(strstr(ivm_buf_str(&out), "??"));
	ck_assert_ptr_nonnull(strstr(ivm_buf_str(&out), "#include \"config.h\"\n"));
	ivm_buf_release(&out);
	ivm_buf_release(&err);
	ivm_buf_release(&got);
	free(f1);
	free(f2);
	free(f3);
	tu_rmdir_r(dir);
	free(dir);
}
END_TEST

START_TEST(embed_refuses_bad_input)
{
	char *dir = tu_mkdtemp();
	static const struct {
		const char *name, *data;
		size_t len;
		const char *why;
	} bad[] = {
		{ "bom.ps1", "\xef\xbb\xbf" "exit 0\n", 10, "byte order mark" },
		{ "nul.ps1", "exit\0 0\n", 8, "NUL" },
		{ "latin1.ps1", "caf\xe9\n", 5, "not UTF-8" },
		{ "cut.ps1", "caf\xc3", 4, "inside a UTF-8 character" },
		{ "Upper.ps1", "exit 0\n", 7, "may hold only" },
		{ "under_score.ps1", "exit 0\n", 7, "may hold only" },
		{ "notps1.txt", "exit 0\n", 7, "not a .ps1 file" },
	};
	struct ivm_buf out = IVM_BUF_INIT, err = IVM_BUF_INIT;
	for (size_t i = 0; i < IVM_COUNT(bad); i++) {
		char *f = write_file(dir, bad[i].name, bad[i].data, bad[i].len);
		const char *files[] = { f };
		ck_assert_msg(run_embed(files, 1, &out, &err) != 0, "%s was embedded", bad[i].name);
		ck_assert_msg(strstr(ivm_buf_str(&err), bad[i].name) && strstr(ivm_buf_str(&err), bad[i].why),
		              "%s: stderr does not say \"%s\": %s", bad[i].name, bad[i].why, ivm_buf_str(&err));
		free(f);
	}
	char *ok = write_file(dir, "twice.ps1", "exit 0\n", 7);
	const char *dup[] = { ok, ok };
	ck_assert_int_ne(run_embed(dup, 2, &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(ivm_buf_str(&err), "given twice"));
	char missing[1100];
	snprintf(missing, sizeof(missing), "%s/missing.ps1", dir);
	const char *gone[] = { missing };
	ck_assert_int_ne(run_embed(gone, 1, &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(ivm_buf_str(&err), "cannot read"));
	ck_assert_int_ne(run_embed(NULL, 0, &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(ivm_buf_str(&err), "usage"));
	free(ok);
	ivm_buf_release(&out);
	ivm_buf_release(&err);
	tu_rmdir_r(dir);
	free(dir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ps1");
	TCase *tc = tcase_create("ps1");
	tcase_add_test(tc, table_lists_host_facts);
	tcase_add_test(tc, table_names_unique_and_well_formed);
	tcase_add_test(tc, text_equals_source_file);
	tcase_add_test(tc, find_known_and_unknown);
	tcase_add_test(tc, scripts_start_with_purpose_line);
	tcase_add_test(tc, scripts_are_ascii);
	tcase_add_test(tc, scripts_crlf_and_end_with_exit);
	tcase_add_test(tc, scripts_use_nothing_newer_than_ps4);
	tcase_add_test(tc, host_facts_keeps_the_contract);
	tcase_add_test(tc, embed_round_trips_every_byte);
	tcase_add_test(tc, embed_refuses_bad_input);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
