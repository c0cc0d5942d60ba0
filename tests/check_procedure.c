/* tests/check_procedure.c: `ipamvmm run|plan|undo`, the real binary, the whole integration on the lab. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "tests/testutil.h"

#define BIN IVM_BUILDDIR "/ipamvmm"
#define ADMIN_PW "Lab-Admin-1!"
#define RUNAS_PW "Vmm-User-1!"

static char *dir;
static char xdg_env[1100], answers[1200], transcript[1100], state[1100], journal[1100];
static struct ivm_buf out, err;

static void
setup(void)
{
	dir = tu_mkdtemp();
	snprintf(xdg_env, sizeof(xdg_env), "XDG_STATE_HOME=%s", dir);
	snprintf(answers, sizeof(answers), "%s/examples/contoso.xml", IVM_SRCDIR);
	snprintf(transcript, sizeof(transcript), "%s/transcript.log", dir);
	snprintf(state, sizeof(state), "%s/ipamvmm/lab.xml", dir);
	snprintf(journal, sizeof(journal), "%s/ipamvmm/journal.xml", dir);
	memset(&out, 0, sizeof(out));
	memset(&err, 0, sizeof(err));
}

static void
teardown(void)
{
	tu_rmdir_r(dir);
	free(dir);
	ivm_buf_release(&out);
	ivm_buf_release(&err);
}

#define HAS(b, s) ck_assert_msg(tu_contains((b).data, (b).len, s), "missing '%s' in:\n%s", s, ivm_buf_str(&(b)))

static int
ipamvmm(const char *cmd, const char *a1, const char *a2, const char *a3)
{
	const char *argv[] = { BIN, cmd, "--answers", answers, a1, a2, a3, NULL };
	const char *env[] = { xdg_env, "IPAMVMM_ADMIN_PASSWORD=" ADMIN_PW, "IPAMVMM_RUNAS_PASSWORD=" RUNAS_PW, NULL };
	ivm_buf_clear(&out);
	ivm_buf_clear(&err);
	return tu_spawn(argv, env, NULL, &out, &err, 60000);
}

static void
slurp(const char *path, struct ivm_buf *b)
{
	ck_assert_msg(tu_slurp(path, b), "no %s", path);
}

static unsigned
count(const struct ivm_buf *b, const char *needle)
{
	unsigned n = 0;
	for (const char *p = b->data; p && (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void
assert_no_password(const struct ivm_buf *b, const char *where)
{
	ck_assert_msg(!tu_contains(b->data, b->len, RUNAS_PW), "the Run As password is in %s", where);
	ck_assert_msg(!tu_contains(b->data, b->len, ADMIN_PW), "the admin password is in %s", where);
}

static void
lab_show(struct ivm_buf *b)
{
	const char *argv[] = { BIN, "lab", "show", "--state", state, NULL };
	struct ivm_buf e = IVM_BUF_INIT;
	ivm_buf_clear(b);
	ck_assert_int_eq(tu_spawn(argv, NULL, NULL, b, &e, 20000), 0);
	ivm_buf_release(&e);
}

START_TEST(run_converges_and_undo_removes)
{
	ck_assert_int_eq(ipamvmm("run", "--instant", "--transcript", transcript), 0);
	HAS(out, "LAB: ");
	HAS(out, "run: every step Completed (9 of 9)");
	HAS(out, "Create new RunAs Account: Completed");
	HAS(out, "Add network service device: Completed");
	HAS(out, "all 3 tests passed");
	assert_no_password(&out, "stdout");
	assert_no_password(&err, "stderr");
	struct ivm_buf f = IVM_BUF_INIT;
	slurp(transcript, &f);
	assert_no_password(&f, "the transcript");
	/* the budget: Create, Command, Receive, Signal, Delete for each server */
	ck_assert_uint_eq(count(&f, "\n> ") + (strncmp(f.data, "> ", 2) == 0), 10);
	slurp(journal, &f);
	assert_no_password(&f, "the journal");
	ck_assert_uint_eq(count(&f, "state=\"Completed\""), 9);
	slurp(state, &f);
	assert_no_password(&f, "the lab state");
	lab_show(&f);
	unsigned groups = count(&f, "VMM Users"), runas = count(&f, "IPAM Run As");
	ck_assert_uint_gt(groups, 0);

	ck_assert_int_eq(ipamvmm("verify", "--transcript", transcript, NULL), 0);
	HAS(out, "verify: all 7 facts hold");
	slurp(transcript, &f);
	assert_no_password(&f, "the verify transcript");

	/* again: everything is found, nothing is made twice */
	ck_assert_int_eq(ipamvmm("run", "--instant", NULL, NULL), 0);
	HAS(out, "already");
	lab_show(&f);
	ck_assert_uint_eq(count(&f, "VMM Users"), groups);
	ck_assert_uint_eq(count(&f, "IPAM Run As"), runas);

	ck_assert_int_eq(ipamvmm("undo", "--yes", "--transcript", transcript), 0);
	HAS(out, "undo: every step Completed (6 of 6)");
	assert_no_password(&out, "undo's output");
	slurp(transcript, &f);
	assert_no_password(&f, "the undo transcript");
	ck_assert_int_eq(ipamvmm("verify", NULL, NULL, NULL), 1);
	HAS(out, "verify: 0 of 7 facts hold");
	ck_assert_uint_eq(count(&out, "missing   "), 7);
	lab_show(&f);
	ck_assert(!tu_contains(f.data, f.len, "VMM Users"));
	ck_assert(!tu_contains(f.data, f.len, "IPAM Run As"));
	ivm_buf_release(&f);
}
END_TEST

START_TEST(plan_connects_to_nothing_and_masks_the_password)
{
	ck_assert_int_eq(ipamvmm("plan", NULL, NULL, NULL), 0);
	HAS(out, "Password = ********");
	HAS(out, "--- the script the IPAM server runs, exactly");
	HAS(out, "--- the script the VMM server runs, exactly");
	HAS(out, "# ipamvmm step=4 op=grant-ipam-role");
	assert_no_password(&out, "plan");
	ck_assert(!tu_exists(state));
	/* the answers can be written back for reuse, and read again */
	char saved[1000];
	snprintf(saved, sizeof(saved), "%s/saved.xml", dir);
	ck_assert_int_eq(ipamvmm("plan", "--save-answers", saved, NULL), 0);
	struct ivm_buf f = IVM_BUF_INIT;
	slurp(saved, &f);
	assert_no_password(&f, "the saved answers");
	HAS(f, "IPAMVMM_RUNAS_PASSWORD");
	snprintf(answers, sizeof(answers), "%s", saved);
	ck_assert_int_eq(ipamvmm("plan", NULL, NULL, NULL), 0);
	HAS(out, "Password = ********");
	ivm_buf_release(&f);
}
END_TEST

START_TEST(a_failure_in_the_middle_resumes)
{
	/* the VMM server's Command fails: the IPAM side is done, the VMM side is not */
	ck_assert_int_eq(ipamvmm("run", "--instant", "--lab-fault", "http500@6"), 1);
	HAS(out, "Failed");
	HAS(out, "Skipped");
	HAS(out, "5 of 9 steps Completed");
	HAS(out, "next:");
	struct ivm_buf f = IVM_BUF_INIT;
	slurp(journal, &f);
	ck_assert_uint_eq(count(&f, "state=\"Completed\""), 5);
	ck_assert_uint_eq(count(&f, "state=\"Failed\""), 1);
	ck_assert_uint_eq(count(&f, "state=\"Skipped\""), 3);
	lab_show(&f);
	unsigned groups = count(&f, "VMM Users");
	ck_assert(!tu_contains(f.data, f.len, "IPAM Run As"));
	/* the next run says where the last one stopped and finishes the rest */
	ck_assert_int_eq(ipamvmm("run", "--instant", NULL, NULL), 0);
	HAS(out, "journal: the last run stopped with 5 of 9 steps Completed");
	HAS(out, "run: every step Completed (9 of 9)");
	lab_show(&f);
	ck_assert_uint_eq(count(&f, "VMM Users"), groups);
	ck_assert(tu_contains(f.data, f.len, "IPAM Run As"));
	ivm_buf_release(&f);
}
END_TEST

START_TEST(a_failed_cleanup_is_reported)
{
	/* request 9 is the IPAM server's Delete, after all the work */
	ck_assert_int_eq(ipamvmm("run", "--instant", "--lab-fault", "http500@9"), 0);
	HAS(out, "run: every step Completed (9 of 9)");
	HAS(err, "warning: LAB IPAM server");
	HAS(err, "cleaning up after the work failed");
	HAS(err, "closing the remote shell");
}
END_TEST

/* every text node and attribute of the lab's XML, to find a value exactly */
static bool
has_value(xmlNodePtr n, const char *v)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content && strcmp((char *)n->content, v) == 0)
			return true;
		for (xmlAttrPtr a = n->type == XML_ELEMENT_NODE ? n->properties : NULL; a; a = a->next) {
			xmlChar *t = xmlNodeGetContent((xmlNodePtr)a);
			bool eq = t && strcmp((char *)t, v) == 0;
			xmlFree(t);
			if (eq)
				return true;
		}
		if (has_value(n->children, v))
			return true;
	}
	return false;
}

static void
xml_escape(struct ivm_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			ivm_buf_adds(b, "&amp;");
		else if (*s == '<')
			ivm_buf_adds(b, "&lt;");
		else if (*s == '>')
			ivm_buf_adds(b, "&gt;");
		else
			ivm_buf_addc(b, *s);
	}
}

static void
replace(struct ivm_buf *doc, const char *old, const char *value)
{
	char *hit = strstr(doc->data, old);
	ck_assert_ptr_nonnull(hit);
	struct ivm_buf n = IVM_BUF_INIT;
	ivm_buf_add(&n, doc->data, (size_t)(hit - doc->data));
	xml_escape(&n, value);
	ivm_buf_adds(&n, hit + strlen(old));
	ivm_buf_release(doc);
	*doc = n;
}

START_TEST(hostile_values_arrive_byte_exact)
{
	static const char group[] = "VMM \xe2\x80\x98Users\xe2\x80\x99 $(whoami) `t O'Brien \xc3\xbc";
	static const char gdesc[] = "desc \"quoted\" ; | \xe2\x80\x9a\xe2\x80\x9b\xe2\x80\x9c\xe2\x80\x9d '@ $(Stop-Computer) & <b>";
	static const char runas[] = "Run As 'x' \"y\" ; | $(whoami) `n";
	static const char service[] = "IPAM \xe2\x80\x98svc\xe2\x80\x99 \"q\" ; $(x)";
	struct ivm_buf doc = IVM_BUF_INIT;
	slurp(answers, &doc);
	replace(&doc, "<name>VMM Users</name>", "");
	replace(&doc, "Accounts VMM uses to reach IPAM", gdesc);
	replace(&doc, "<name>IPAM Run As</name>", "");
	replace(&doc, "<name>IPAM</name>", "");
	/* put the names back, hostile (the replacement escapes, so build the tags by hand) */
	struct ivm_buf with = IVM_BUF_INIT;
	const char *d = doc.data;
	const char *g = strstr(d, "<local-group>") + strlen("<local-group>");
	ivm_buf_add(&with, d, (size_t)(g - d));
	ivm_buf_adds(&with, "<name>");
	xml_escape(&with, group);
	ivm_buf_adds(&with, "</name>");
	const char *r = strstr(g, "<runas mode=\"new\">") + strlen("<runas mode=\"new\">");
	ivm_buf_add(&with, g, (size_t)(r - g));
	ivm_buf_adds(&with, "<name>");
	xml_escape(&with, runas);
	ivm_buf_adds(&with, "</name>");
	const char *ns = strstr(r, "<network-service>") + strlen("<network-service>");
	ivm_buf_add(&with, r, (size_t)(ns - r));
	ivm_buf_adds(&with, "<name>");
	xml_escape(&with, service);
	ivm_buf_adds(&with, "</name>");
	ivm_buf_adds(&with, ns);
	snprintf(answers, sizeof(answers), "%s/hostile.xml", dir);
	FILE *fp = fopen(answers, "w");
	fwrite(with.data, 1, with.len, fp);
	fclose(fp);
	ck_assert_msg(ipamvmm("run", "--instant", NULL, NULL) == 0, "%s\n%s", ivm_buf_str(&out), ivm_buf_str(&err));
	struct ivm_buf show = IVM_BUF_INIT;
	lab_show(&show);
	xmlDocPtr x = xmlReadMemory(show.data, (int)show.len, "show", NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(x);
	const char *values[] = { group, gdesc, runas, service };
	for (size_t i = 0; i < 4; i++)
		ck_assert_msg(has_value(xmlDocGetRootElement(x), values[i]), "value %zu did not arrive as typed: %s", i, values[i]);
	xmlFreeDoc(x);
	ivm_buf_release(&show);
	ivm_buf_release(&doc);
	ivm_buf_release(&with);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("procedure");
	TCase *tc = tcase_create("procedure");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, run_converges_and_undo_removes);
	tcase_add_test(tc, plan_connects_to_nothing_and_masks_the_password);
	tcase_add_test(tc, a_failure_in_the_middle_resumes);
	tcase_add_test(tc, a_failed_cleanup_is_reported);
	tcase_add_test(tc, hostile_values_arrive_byte_exact);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
