/* tests/check_clixml.c: the CLIXML stderr decoder against PowerShell's real shapes and hostile bytes. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlerror.h>

#include "core/buf.h"
#include "core/clixml.h"

#define HEAD "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" " \
	"xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
#define TAIL "</Objs>"

#define PROGRESS(state) \
	"<Obj S=\"progress\" RefId=\"0\"><TN RefId=\"0\">" \
	"<T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN>" \
	"<MS><I64 N=\"SourceId\">1</I64><PR N=\"Record\">" \
	"<AV>Preparing modules for first use.</AV><AI>0</AI><Nil />" \
	"<PI>-1</PI><PC>-1</PC><T>" state "</T><SR>-1</SR><SD> </SD></PR></MS></Obj>"

/* Write-Error "The group ...`r`nCheck the name." in a script, PowerShell 5.1 */
static const char write_error[] = HEAD
	"<S S=\"Error\">Write-Error : The group 'IPAM Users' was not found on IPAM1._x000D__x000A_"
	"Check the name._x000D__x000A_</S>"
	"<S S=\"Error\">At line:1 char:1_x000D__x000A_</S>"
	"<S S=\"Error\">+ Write-Error \"The group 'IPAM Users' was not found ..._x000D__x000A_</S>"
	"<S S=\"Error\">+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~_x000D__x000A_</S>"
	"<S S=\"Error\">    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException_x000D__x000A_</S>"
	"<S S=\"Error\">    + FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException_x000D__x000A_</S>"
	"<S S=\"Error\"> _x000D__x000A_</S>"
	TAIL;

static const char write_error_text[] =
	"Write-Error : The group 'IPAM Users' was not found on IPAM1.\n"
	"Check the name.\n"
	"At line:1 char:1\n"
	"+ Write-Error \"The group 'IPAM Users' was not found ...\n"
	"+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
	"    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException\n"
	"    + FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException\n";

static const char throw_error[] = HEAD
	"<S S=\"Error\">Cannot connect to VMM server 'vmm01': access is denied._x000D__x000A_</S>"
	"<S S=\"Error\">At line:4 char:5_x000D__x000A_</S>"
	"<S S=\"Error\">+     throw \"Cannot connect to VMM server '$server': $($_.Exception.Message)\"_x000D__x000A_</S>"
	"<S S=\"Error\">+     ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~_x000D__x000A_</S>"
	"<S S=\"Error\">    + CategoryInfo          : OperationStopped: (Cannot connect...ccess is denied.:String) [], RuntimeException_x000D__x000A_</S>"
	"<S S=\"Error\">    + FullyQualifiedErrorId : Cannot connect to VMM server 'vmm01': access is denied._x000D__x000A_</S>"
	"<S S=\"Error\"> _x000D__x000A_</S>"
	TAIL "\r\n";

static const char throw_text[] =
	"Cannot connect to VMM server 'vmm01': access is denied.\n"
	"At line:4 char:5\n"
	"+     throw \"Cannot connect to VMM server '$server': $($_.Exception.Message)\"\n"
	"+     ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
	"    + CategoryInfo          : OperationStopped: (Cannot connect...ccess is denied.:String) [], RuntimeException\n"
	"    + FullyQualifiedErrorId : Cannot connect to VMM server 'vmm01': access is denied.\n";

/* The decoded text, owned by the caller; n may hold NUL bytes. */
static char *
decode_n(const char *s, size_t n, size_t *len)
{
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_clixml_decode(&b, s, n);
	if (len != NULL)
		*len = b.len;
	return ivm_buf_steal(&b);
}

static char *
decode(const char *s)
{
	return decode_n(s, strlen(s), NULL);
}

#define ck_decodes(in, want) do {                                 \
		char *got_ = decode(in);                          \
		ck_assert_str_eq(got_, want);                     \
		free(got_);                                       \
	} while (0)

START_TEST(test_is)
{
	ck_assert(ivm_clixml_is("#< CLIXML\r\n<Objs/>", 18));
	ck_assert(ivm_clixml_is("#< CLIXML", 9));
	ck_assert(ivm_clixml_is("\xEF\xBB\xBF\r\n  #< CLIXML\n", 17));
	ck_assert(!ivm_clixml_is("#< CLIXM", 8));
	ck_assert(!ivm_clixml_is("#< CLIXML", 8));
	ck_assert(!ivm_clixml_is("#<CLIXML\r\n", 10));
	ck_assert(!ivm_clixml_is("x#< CLIXML\r\n", 12));
	ck_assert(!ivm_clixml_is("\xEF\xBB", 2));
	ck_assert(!ivm_clixml_is("", 0));
	ck_assert(!ivm_clixml_is(NULL, 0));
}
END_TEST

START_TEST(test_write_error)
{
	ck_decodes(write_error, write_error_text);
}
END_TEST

START_TEST(test_throw)
{
	ck_decodes(throw_error, throw_text);
}
END_TEST

START_TEST(test_progress_dropped)
{
	ck_decodes(HEAD PROGRESS("Processing") PROGRESS("Completed") TAIL, "");
	/* dropped for what it is, not for lacking text */
	ck_decodes(HEAD "<Obj S=\"progress\" RefId=\"1\"><ToString>Preparing modules for first use."
	    "</ToString></Obj><S S=\"Progress\">Preparing modules for first use.</S>" TAIL, "");
	ck_decodes(HEAD PROGRESS("Processing") PROGRESS("Completed")
	    "<S S=\"Error\">Get-SCVMMServer : You cannot access VMM management server vmm01._x000D__x000A_</S>"
	    "<S S=\"Error\"> _x000D__x000A_</S>" TAIL,
	    "Get-SCVMMServer : You cannot access VMM management server vmm01.\n");
}
END_TEST

START_TEST(test_warning_verbose_debug)
{
	ck_decodes(HEAD
	    "<S S=\"warning\">The names of some imported commands include unapproved verbs.</S>"
	    "<S S=\"verbose\">Loading module from path 'C:\\vmm\\virtualmachinemanager.psd1'._x000D__x000A_</S>"
	    "<S S=\"Verbose\">Importing cmdlet 'Get-SCVMMServer'.</S>"
	    "<S S=\"Debug\">two_x000D__x000A_lines_x000D__x000A__x000D__x000A_</S>"
	    "<S S=\"Warning\"> _x000D__x000A_</S>"
	    "<S S=\"Information\">Step 2 of 5 done_x000D__x000A_</S>"
	    TAIL,
	    "WARNING: The names of some imported commands include unapproved verbs.\n"
	    "VERBOSE: Loading module from path 'C:\\vmm\\virtualmachinemanager.psd1'.\n"
	    "VERBOSE: Importing cmdlet 'Get-SCVMMServer'.\n"
	    "DEBUG: two\n"
	    "DEBUG: lines\n"
	    "Step 2 of 5 done\n");
}
END_TEST

START_TEST(test_information_record)
{
	/* Write-Host's record: the text is the record's ToString */
	ck_decodes(HEAD
	    "<Obj S=\"information\" RefId=\"0\"><TN RefId=\"0\">"
	    "<T>System.Management.Automation.InformationRecord</T><T>System.Object</T></TN>"
	    "<ToString>Adding IPAM1 to Remote Management Users</ToString><Props>"
	    "<Obj N=\"MessageData\" RefId=\"1\"><TN RefId=\"1\">"
	    "<T>System.Management.Automation.HostInformationMessage</T></TN>"
	    "<ToString>Adding IPAM1 to Remote Management Users</ToString></Obj>"
	    "<S N=\"Source\">Write-Host</S></Props></Obj>"
	    "<Obj S=\"information\" RefId=\"2\"><Props><S N=\"MessageData\">no ToString here</S></Props></Obj>"
	    "<Obj S=\"information\" RefId=\"3\" />"
	    "<Obj S=\"information\" RefId=\"4\"><Props><Obj N=\"MessageData\" RefId=\"5\">"
	    "<ToString>from the message</ToString></Obj></Props></Obj>"
	    TAIL,
	    "Adding IPAM1 to Remote Management Users\n"
	    "no ToString here\n"
	    "from the message\n");
}
END_TEST

START_TEST(test_surrogates)
{
	ck_decodes(HEAD "<S S=\"Error\">group _xD83D__xDE00_ and _xd83d__xde80_ ok_x000D__x000A_</S>" TAIL,
	    "group \xF0\x9F\x98\x80 and \xF0\x9F\x9A\x80 ok\n");
	/* lone halves and NUL become U+FFFD, and the text after them survives */
	ck_decodes(HEAD "<S S=\"Error\">a_xD83D_b _xDE00_c _xD83D__x0041_ d_x0000_e</S>" TAIL,
	    "a\xEF\xBF\xBD" "b \xEF\xBF\xBD" "c \xEF\xBF\xBD" "A d\xEF\xBF\xBD" "e\n");
	/* é and ü as plain UTF-8 next to escapes */
	ck_decodes(HEAD "<S S=\"Error\">Gruppe \xC3\xBC_x00E9_</S>" TAIL,
	    "Gruppe \xC3\xBC\xC3\xA9\n");
}
END_TEST

START_TEST(test_underscore)
{
	ck_decodes(HEAD "<S S=\"Error\">IPAM_x005F_Users and _x005F_x000D_ stay_x000D__x000A_</S>" TAIL,
	    "IPAM_Users and _x000D_ stay\n");
}
END_TEST

START_TEST(test_lookalikes)
{
	ck_decodes(HEAD "<S S=\"Error\">_x12_ _xZZZZ_ _x00D_ _X000D_ __x0041_ x000D_ _x000D</S>" TAIL,
	    "_x12_ _xZZZZ_ _x00D_ _X000D_ _A x000D_ _x000D\n");
}
END_TEST

START_TEST(test_entities)
{
	ck_decodes(HEAD "<S S=\"Error\">a &amp; b &lt;c&gt; &#x41;&#66; <![CDATA[<raw>]]></S>" TAIL,
	    "a & b <c> AB <raw>\n");
}
END_TEST

START_TEST(test_two_blocks)
{
	ck_decodes(HEAD PROGRESS("Completed") "<S S=\"Error\">first_x000D__x000A_</S>" TAIL "\r\n"
	    "The process was restarted.\r\n"
	    HEAD "<S S=\"Error\">second_x000D__x000A_</S>" TAIL,
	    "first\nThe process was restarted.\nsecond\n");
	/* a marker twice, then two documents back to back */
	ck_decodes("#< CLIXML\r\n" HEAD "<S S=\"Error\">one</S>" TAIL
	    "<Objs Version=\"1.1.0.1\"><S S=\"warning\">two</S>" TAIL,
	    "one\nWARNING: two\n");
	/* a second PowerShell writes its own BOM */
	ck_decodes(HEAD "<S S=\"Error\">one</S>" TAIL "\r\n\xEF\xBB\xBF"
	    HEAD "<S S=\"Error\">two</S>" TAIL,
	    "one\ntwo\n");
}
END_TEST

START_TEST(test_plain)
{
	ck_decodes("'powershell' is not recognized as an internal or external command,\r\n"
	    "operable program or batch file.\r\n",
	    "'powershell' is not recognized as an internal or external command,\n"
	    "operable program or batch file.\n");
	/* unchanged otherwise: no newline added, a lone CR and a BOM kept */
	ck_decodes("\xEF\xBB\xBF" "a\rb\r\n\r\nc", "\xEF\xBB\xBF" "a\rb\n\nc");
	/* the marker only counts at the start of a line */
	ck_decodes("see #< CLIXML\r\n<Objs/>", "see #< CLIXML\n<Objs/>");
}
END_TEST

START_TEST(test_plain_then_clixml)
{
	ck_decodes("Starting\r\n" HEAD "<S S=\"Error\">boom_x000D__x000A_</S>" TAIL "\r\n",
	    "Starting\nboom\n");
}
END_TEST

START_TEST(test_empty)
{
	ck_decodes("", "");
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_clixml_decode(&b, NULL, 0);
	ck_assert_uint_eq(b.len, 0);
	ivm_buf_adds(&b, "kept: ");
	ivm_clixml_decode(&b, "", 0);
	ivm_clixml_decode(&b, write_error, sizeof(write_error) - 1);
	ck_assert(strncmp(ivm_buf_str(&b), "kept: ", 6) == 0);
	ck_assert_str_eq(ivm_buf_str(&b) + 6, write_error_text);
	ivm_buf_release(&b);
}
END_TEST

START_TEST(test_marker_only)
{
	ck_decodes("#< CLIXML\r\n", "");
	ck_decodes("#< CLIXML", "");
	ck_decodes("\xEF\xBB\xBF#< CLIXML\n\r\n", "");
	ck_decodes(HEAD TAIL "\r\n", "");
}
END_TEST

START_TEST(test_truncated)
{
	ck_decodes(HEAD "<S S=\"Error\">boom_x000D__x000A_</S><S S=\"Err",
	    "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
	    "<S S=\"Error\">boom_x000D__x000A_</S><S S=\"Err\n");
	/* a broken block keeps its raw text; the good block after it is decoded */
	ck_decodes("#< CLIXML\r\n<Objs><S S=\"Error\">cut</S>\r\n"
	    HEAD "<S S=\"Error\">whole</S>" TAIL,
	    "<Objs><S S=\"Error\">cut</S>\nwhole\n");
	/* the root's end tag is wrong, far after the records were read */
	struct ivm_buf in = IVM_BUF_INIT, want = IVM_BUF_INIT;
	ivm_buf_adds(&in, "#< CLIXML\r\n");
	ivm_buf_adds(&want, "<Objs><S S=\"Error\">a</S>");
	for (int i = 0; i < 2000; i++)
		ivm_buf_adds(&want, "          ");
	ivm_buf_adds(&want, "<S S=\"Error\">b</S></Objx>");
	ivm_buf_adds(&in, want.data);
	ivm_buf_addc(&want, '\n');
	char *got = decode(in.data);
	/* Check cannot carry a 20 kB message: say where it differs */
	ck_assert_msg(strcmp(got, want.data) == 0, "decoded %zu bytes, want %zu: %.40s",
	    strlen(got), want.len, got);
	free(got);
	ivm_buf_release(&in);
	ivm_buf_release(&want);
	/* mismatched tags: the whole document, not half of it */
	ck_decodes("#< CLIXML\r\n<Objs><S S=\"Error\">a</S><S>b</T></Objs>",
	    "<Objs><S S=\"Error\">a</S><S>b</T></Objs>\n");
}
END_TEST

START_TEST(test_garbage)
{
	static const char junk[] = "#< CLIXML\r\n\x00\x01\xff\xfe<<>>&&\x00<Objs>";
	size_t len;
	char *got = decode_n(junk, sizeof(junk) - 1, &len);
	ck_assert_uint_eq(len, sizeof(junk) - 1 - 11 + 1);
	ck_assert(memcmp(got, junk + 11, sizeof(junk) - 1 - 11) == 0);
	ck_assert_int_eq(got[len - 1], '\n');
	free(got);
	/* not UTF-8 inside otherwise good XML */
	ck_decodes("#< CLIXML\r\n<Objs><S S=\"Error\">caf\xe9</S></Objs>",
	    "<Objs><S S=\"Error\">caf\xe9</S></Objs>\n");
	/* a root that is not Objs, or is in another namespace */
	ck_decodes("#< CLIXML\r\n<html><S S=\"Error\">x</S></html>",
	    "<html><S S=\"Error\">x</S></html>\n");
	ck_decodes("#< CLIXML\r\n<Objs xmlns=\"urn:other\"><S S=\"Error\">x</S></Objs>",
	    "<Objs xmlns=\"urn:other\"><S S=\"Error\">x</S></Objs>\n");
}
END_TEST

START_TEST(test_no_entities)
{
	/* a DOCTYPE never reaches the parser: no expansion, raw text kept */
	ck_decodes("#< CLIXML\r\n<!DOCTYPE Objs [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
	    "<Objs><S S=\"Error\">&b;</S></Objs>",
	    "<!DOCTYPE Objs [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
	    "<Objs><S S=\"Error\">&b;</S></Objs>\n");
	ck_decodes("#< CLIXML\r\n<Objs><S S=\"Error\">&xxe;</S></Objs>",
	    "<Objs><S S=\"Error\">&xxe;</S></Objs>\n");
}
END_TEST

static int xml_noise;

static void
count_noise(void *ctx, const char *msg, ...)
{
	xml_noise++;
}

START_TEST(test_quiet)
{
	/* libxml2 must say nothing: its stderr is the TUI's screen */
	static const char *const bad[] = {
		"#< CLIXML\r\n<?xml version=\"1.0\" encoding=\"UTF-32\"?><Objs><S S=\"Error\">ok</S></Objs>",
		"#< CLIXML\r\n<?xml version=\"1.0\" encoding=\"EBCDIC\"?><Objs><S>\x01\x02</S></Objs>",
		"#< CLIXML\r\n<Objs><S S=\"Error\">caf\xe9</S></Objs>",
		"#< CLIXML\r\n<Objs><S S=\"Error\">&nope;</S></Objs>",
		"#< CLIXML\r\n<Objs><S S=\"Error\">a</S><S>b</T></Objs>",
		"#< CLIXML\r\n<ps:Objs><ps:S S=\"Error\">undeclared prefix</ps:S></ps:Objs>",
		/* looks like UCS-4 to libxml2, then fails to convert */
		"#< CLIXML\r\n<\0\0\0\0Objs Version=\"1.1.0.1\"><S>a</S></Objs>",
		/* a surrogate, an overlong '/', a code point past U+10FFFF, a cut sequence */
		"#< CLIXML\r\n<Objs><S>\xed\xa0\x80</S></Objs>",
		"#< CLIXML\r\n<Objs><S>\xc0\xaf</S></Objs>",
		"#< CLIXML\r\n<Objs><S>\xf4\x90\x80\x80</S></Objs>",
		"#< CLIXML\r\n<Objs><S>\xe2\x82</S></Objs>",
	};
	static const size_t len[] = { 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 0 };
	xml_noise = 0;
	xmlSetGenericErrorFunc(NULL, count_noise);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t n = len[i] != 0 ? len[i] : strlen(bad[i]), got_len;
		char *got = decode_n(bad[i], n, &got_len);
		/* kept raw, minus the marker line, plus a newline */
		if (i >= 2 && i != 5)
			ck_assert_uint_eq(got_len, n - 11 + 1);
		free(got);
	}
	xmlSetGenericErrorFunc(NULL, NULL);
	ck_assert_int_eq(xml_noise, 0);
	ck_decodes(bad[0], "ok\n");
	ck_decodes(bad[5], "undeclared prefix\n");
}
END_TEST

START_TEST(test_namespace_prefix)
{
	ck_decodes("#< CLIXML\r\n<ps:Objs Version=\"1.1.0.1\" "
	    "xmlns:ps=\"http://schemas.microsoft.com/powershell/2004/04\">"
	    "<ps:S S=\"Error\">prefixed</ps:S><ps:S S=\"warning\">w</ps:S></ps:Objs>",
	    "prefixed\nWARNING: w\n");
	/* no namespace at all, and a record in a foreign one keeps its text */
	ck_decodes("#< CLIXML\r\n<Objs><S S=\"Error\">bare</S>"
	    "<x:S xmlns:x=\"urn:x\" S=\"warning\">foreign</x:S></Objs>",
	    "bare\nforeign\n");
}
END_TEST

/* n bytes or a little more of Error records, and what they decode to */
static void
make_large(struct ivm_buf *in, struct ivm_buf *want, size_t n)
{
	static const char rec[] = "<S S=\"Error\">Get-SCRunAsAccount : line _x0041__x005F_ok_x000D__x000A_</S>";
	ivm_buf_adds(in, HEAD);
	while (in->len < n) {
		ivm_buf_adds(in, rec);
		ivm_buf_adds(want, "Get-SCRunAsAccount : line A_ok\n");
	}
	ivm_buf_adds(in, TAIL);
}

static double
time_decode(const struct ivm_buf *in, const struct ivm_buf *want)
{
	struct ivm_buf out = IVM_BUF_INIT;
	clock_t t0 = clock();
	ivm_clixml_decode(&out, in->data, in->len);
	clock_t t1 = clock();
	ck_assert_uint_eq(out.len, want->len);
	ck_assert(memcmp(out.data, want->data, want->len) == 0);
	ivm_buf_release(&out);
	return (double)(t1 - t0) / CLOCKS_PER_SEC;
}

START_TEST(test_large)
{
	struct ivm_buf in = IVM_BUF_INIT, want = IVM_BUF_INIT;
	make_large(&in, &want, 1u << 20);
	time_decode(&in, &want);
	ivm_buf_release(&in);
	ivm_buf_release(&want);
}
END_TEST

START_TEST(test_linear)
{
	struct ivm_buf in1 = IVM_BUF_INIT, want1 = IVM_BUF_INIT;
	struct ivm_buf in4 = IVM_BUF_INIT, want4 = IVM_BUF_INIT;
	make_large(&in1, &want1, 1u << 20);
	make_large(&in4, &want4, 4u << 20);
	double t1 = time_decode(&in1, &want1);
	double t4 = time_decode(&in4, &want4);
	/* four times the input: about four times the CPU, not sixteen */
	ck_assert_msg(t4 < 8 * t1 + 0.05, "1 MiB: %.3fs, 4 MiB: %.3fs", t1, t4);
	/* one giant string record, and a flood of tiny ones */
	ivm_buf_clear(&in1);
	ivm_buf_adds(&in1, HEAD "<S S=\"Error\">");
	while (in1.len < (4u << 20))
		ivm_buf_adds(&in1, "_x0041_");
	ivm_buf_adds(&in1, "</S>" TAIL);
	struct ivm_buf out = IVM_BUF_INIT;
	ivm_clixml_decode(&out, in1.data, in1.len);
	ck_assert_uint_gt(out.len, 500000);
	ck_assert_int_eq(out.data[0], 'A');
	ivm_buf_clear(&in1);
	ivm_buf_clear(&out);
	ivm_buf_adds(&in1, HEAD);
	while (in1.len < (4u << 20))
		ivm_buf_adds(&in1, "<S/>");
	ivm_buf_adds(&in1, TAIL);
	ivm_clixml_decode(&out, in1.data, in1.len);
	ck_assert_uint_eq(out.len, 0);
	ivm_buf_release(&out);
	ivm_buf_release(&in1);
	ivm_buf_release(&want1);
	ivm_buf_release(&in4);
	ivm_buf_release(&want4);
}
END_TEST

static Suite *
clixml_suite(void)
{
	Suite *s = suite_create("clixml");
	TCase *tc = tcase_create("decode");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_is);
	tcase_add_test(tc, test_write_error);
	tcase_add_test(tc, test_throw);
	tcase_add_test(tc, test_progress_dropped);
	tcase_add_test(tc, test_warning_verbose_debug);
	tcase_add_test(tc, test_information_record);
	tcase_add_test(tc, test_surrogates);
	tcase_add_test(tc, test_underscore);
	tcase_add_test(tc, test_lookalikes);
	tcase_add_test(tc, test_entities);
	tcase_add_test(tc, test_two_blocks);
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_plain_then_clixml);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_marker_only);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_no_entities);
	tcase_add_test(tc, test_quiet);
	tcase_add_test(tc, test_namespace_prefix);
	tcase_add_test(tc, test_large);
	tcase_add_test(tc, test_linear);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(clixml_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
