/* tests/check_wsman_env.c: the envelopes we build, compared field by field with ones written from MS-WSMV. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/b64.h"
#include "core/wsman_env.h"
#include "tests/testutil.h"

#define TO "https://ipam1.contoso.com:5986/wsman"
#define SHELL "11111111-2222-3333-4444-555555555555"
#define CID "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE"

static char mismatch[1024];

static const char *
href(const xmlNode *n)
{
	return n->ns ? (const char *)n->ns->href : "";
}

static bool
blank(const xmlNode *n)
{
	if (n->type == XML_COMMENT_NODE)
		return true;
	if (n->type != XML_TEXT_NODE)
		return false;
	for (const xmlChar *p = n->content; p && *p; p++)
		if (!isspace(*p))
			return false;
	return true;
}

static size_t
count_elements(const xmlNode *n)
{
	size_t k = 0;
	for (const xmlNode *c = n->children; c; c = c->next)
		k += c->type == XML_ELEMENT_NODE;
	return k;
}

static bool
uuid_like(const char *s)
{
	if (strncmp(s, "uuid:", 5) != 0 || strlen(s) != 41)
		return false;
	for (int i = 5; i < 41; i++) {
		bool dash = i == 13 || i == 18 || i == 23 || i == 28;
		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

static bool same(const xmlNode *want, const xmlNode *got, const char *path);

static bool
same_attrs(const xmlNode *want, const xmlNode *got, const char *path)
{
	int nw = 0, ng = 0;
	for (const xmlAttr *a = want->properties; a; a = a->next)
		nw++;
	for (const xmlAttr *a = got->properties; a; a = a->next)
		ng++;
	for (const xmlAttr *a = want->properties; a; a = a->next) {
		const xmlChar *ns = a->ns ? a->ns->href : NULL;
		xmlChar *v = ns ? xmlGetNsProp(got, a->name, ns) : xmlGetNoNsProp(got, a->name);
		xmlChar *w = xmlNodeGetContent((const xmlNode *)a);
		bool ok = v && xmlStrcmp(v, w) == 0;
		if (!ok)
			snprintf(mismatch, sizeof(mismatch), "%s/@%s: want '%s', got '%s'", path,
			         (const char *)a->name, (const char *)w, v ? (const char *)v : "(absent)");
		xmlFree(v);
		xmlFree(w);
		if (!ok)
			return false;
	}
	if (nw != ng) {
		snprintf(mismatch, sizeof(mismatch), "%s: want %d attributes, got %d", path, nw, ng);
		return false;
	}
	return true;
}

/* SOAP header entries are matched by name, in any order; everything else in order. */
static bool
same_children(const xmlNode *want, const xmlNode *got, const char *path, bool any_order)
{
	if (count_elements(want) != count_elements(got)) {
		snprintf(mismatch, sizeof(mismatch), "%s: want %zu child elements, got %zu", path,
		         count_elements(want), count_elements(got));
		return false;
	}
	const xmlNode *g = got->children;
	for (const xmlNode *w = want->children; w; w = w->next) {
		if (blank(w))
			continue;
		if (any_order && w->type == XML_ELEMENT_NODE) {
			const xmlNode *m = got->children;
			while (m && !(m->type == XML_ELEMENT_NODE && xmlStrcmp(m->name, w->name) == 0 &&
			              strcmp(href(m), href(w)) == 0))
				m = m->next;
			char sub[512];
			snprintf(sub, sizeof(sub), "%s/%s", path, (const char *)w->name);
			if (m == NULL) {
				snprintf(mismatch, sizeof(mismatch), "%s: missing", sub);
				return false;
			}
			if (!same(w, m, sub))
				return false;
			continue;
		}
		while (g && blank(g))
			g = g->next;
		if (g == NULL) {
			snprintf(mismatch, sizeof(mismatch), "%s: ends early", path);
			return false;
		}
		if (w->type == XML_TEXT_NODE) {
			if (g->type != XML_TEXT_NODE || xmlStrcmp(w->content, g->content) != 0) {
				snprintf(mismatch, sizeof(mismatch), "%s: want text '%s', got '%s'", path,
				         (const char *)w->content, g->content ? (const char *)g->content : "");
				return false;
			}
		} else {
			char sub[512];
			snprintf(sub, sizeof(sub), "%s/%s", path, (const char *)w->name);
			if (!same(w, g, sub))
				return false;
		}
		g = g->next;
	}
	return true;
}

static bool
same(const xmlNode *want, const xmlNode *got, const char *path)
{
	if (got->type != XML_ELEMENT_NODE || xmlStrcmp(want->name, got->name) != 0 ||
	    strcmp(href(want), href(got)) != 0) {
		snprintf(mismatch, sizeof(mismatch), "%s: want {%s}%s, got {%s}%s", path, href(want),
		         (const char *)want->name, href(got), (const char *)got->name);
		return false;
	}
	if (!same_attrs(want, got, path))
		return false;
	if (xmlStrcmp(want->name, BAD_CAST "MessageID") == 0) {
		xmlChar *t = xmlNodeGetContent(got);
		bool ok = uuid_like((const char *)t);
		if (!ok)
			snprintf(mismatch, sizeof(mismatch), "%s: '%s' is not uuid:XXXXXXXX-...", path, (const char *)t);
		xmlFree(t);
		return ok;
	}
	return same_children(want, got, path, xmlStrcmp(want->name, BAD_CAST "Header") == 0);
}

static void
check_against(const char *fixture, const struct ivm_wsman_msg *m)
{
	size_t len;
	char *want_text = tu_slurp_src(fixture, &len);
	struct ivm_buf got = IVM_BUF_INIT;
	ivm_wsman_build(&got, m);
	xmlDocPtr want = xmlReadMemory(want_text, (int)len, fixture, NULL, XML_PARSE_NONET);
	xmlDocPtr have = xmlReadMemory(got.data, (int)got.len, "built.xml", NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(want);
	ck_assert_msg(have != NULL, "built envelope is not well-formed: %s", got.data);
	mismatch[0] = '\0';
	bool ok = same(xmlDocGetRootElement(want), xmlDocGetRootElement(have), "");
	ck_assert_msg(ok, "%s: %s\nbuilt: %s", fixture, mismatch, got.data);
	xmlFreeDoc(want);
	xmlFreeDoc(have);
	ivm_buf_release(&got);
	free(want_text);
}

#define BASE .to = TO, .message_id = "uuid:00000000-0000-0000-0000-000000000000", \
	.max_envelope = 153600, .op_timeout_s = 20

START_TEST(create_matches)
{
	struct ivm_wsman_msg m = { BASE, .op = IVM_OP_CREATE, .codepage = 65001, .noprofile = true };
	check_against("tests/fixtures/envelopes/create.xml", &m);
}
END_TEST

START_TEST(command_matches)
{
	struct ivm_wsman_msg m = { BASE, .op = IVM_OP_COMMAND, .shell_id = SHELL, .command = "hostname" };
	check_against("tests/fixtures/envelopes/command.xml", &m);
}
END_TEST

START_TEST(command_args_match)
{
	static const char *const args[] = { "/groups", "/fo", "csv" };
	struct ivm_wsman_msg m = { BASE, .op = IVM_OP_COMMAND, .shell_id = SHELL, .command = "whoami",
	                           .args = args, .nargs = 3 };
	check_against("tests/fixtures/envelopes/command_args.xml", &m);
}
END_TEST

START_TEST(send_matches)
{
	struct ivm_wsman_msg m = { BASE, .op = IVM_OP_SEND, .shell_id = SHELL, .command_id = CID,
	                           .data = "hello\r\n", .len = 7, .end = true };
	check_against("tests/fixtures/envelopes/send.xml", &m);
}
END_TEST

START_TEST(receive_matches)
{
	struct ivm_wsman_msg m = { BASE, .op = IVM_OP_RECEIVE, .shell_id = SHELL, .command_id = CID };
	check_against("tests/fixtures/envelopes/receive.xml", &m);
}
END_TEST

START_TEST(signal_matches)
{
	struct ivm_wsman_msg m = { BASE, .op = IVM_OP_SIGNAL, .shell_id = SHELL, .command_id = CID };
	check_against("tests/fixtures/envelopes/signal.xml", &m);
}
END_TEST

START_TEST(delete_matches)
{
	struct ivm_wsman_msg m = { BASE, .op = IVM_OP_DELETE, .shell_id = SHELL };
	check_against("tests/fixtures/envelopes/delete.xml", &m);
}
END_TEST

START_TEST(a_changed_field_is_caught)
{
	/* the comparison itself must be able to fail */
	struct ivm_wsman_msg m = { BASE, .op = IVM_OP_RECEIVE, .shell_id = SHELL, .command_id = "OTHER" };
	size_t len;
	char *want_text = tu_slurp_src("tests/fixtures/envelopes/receive.xml", &len);
	struct ivm_buf got = IVM_BUF_INIT;
	ivm_wsman_build(&got, &m);
	xmlDocPtr want = xmlReadMemory(want_text, (int)len, "w", NULL, 0);
	xmlDocPtr have = xmlReadMemory(got.data, (int)got.len, "g", NULL, 0);
	ck_assert(!same(xmlDocGetRootElement(want), xmlDocGetRootElement(have), ""));
	ck_assert(strstr(mismatch, "CommandId") != NULL);
	xmlFreeDoc(want);
	xmlFreeDoc(have);
	ivm_buf_release(&got);
	free(want_text);
}
END_TEST

START_TEST(ids_are_unique_uuids)
{
	char a[46], b[46];
	ivm_wsman_new_id(a);
	ivm_wsman_new_id(b);
	ck_assert(uuid_like(a));
	ck_assert(uuid_like(b));
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(markup_in_values_stays_text)
{
	static const char *const args[] = { "<b>&amp;</b>\"'", "]]>" };
	struct ivm_wsman_msg m = { BASE, .op = IVM_OP_COMMAND, .shell_id = SHELL, .command = "a&b<c",
	                           .args = args, .nargs = 2 };
	struct ivm_buf got = IVM_BUF_INIT;
	ivm_wsman_build(&got, &m);
	xmlDocPtr d = xmlReadMemory(got.data, (int)got.len, "g", NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(d);
	xmlNodePtr body = xmlDocGetRootElement(d)->children;
	while (body && xmlStrcmp(body->name, BAD_CAST "Body") != 0)
		body = body->next;
	xmlNodePtr line = body->children;
	xmlChar *cmd = xmlNodeGetContent(line->children);
	xmlChar *a0 = xmlNodeGetContent(line->children->next);
	xmlChar *a1 = xmlNodeGetContent(line->children->next->next);
	ck_assert_str_eq((char *)cmd, "a&b<c");
	ck_assert_str_eq((char *)a0, "<b>&amp;</b>\"'");
	ck_assert_str_eq((char *)a1, "]]>");
	xmlFree(cmd);
	xmlFree(a0);
	xmlFree(a1);
	xmlFreeDoc(d);
	ivm_buf_release(&got);
}
END_TEST

START_TEST(large_send_round_trips)
{
	size_t n = 100000;
	char *data = malloc(n);
	for (size_t i = 0; i < n; i++)
		data[i] = (char)(i * 7);
	struct ivm_wsman_msg m = { BASE, .op = IVM_OP_SEND, .shell_id = SHELL, .command_id = CID,
	                           .data = data, .len = n };
	struct ivm_buf got = IVM_BUF_INIT, back = IVM_BUF_INIT;
	ivm_wsman_build(&got, &m);
	const char *open_tag = strstr(got.data, "CommandId=\"" CID "\">");
	ck_assert_ptr_nonnull(open_tag);
	ck_assert(strstr(got.data, "End=") == NULL); /* not the last chunk */
	const char *start = strchr(open_tag, '>') + 1;
	const char *end = strstr(start, "</");
	ck_assert(ivm_b64_decode(&back, start, (size_t)(end - start)));
	ck_assert_uint_eq(back.len, n);
	ck_assert_mem_eq(back.data, data, n);
	ivm_buf_release(&got);
	ivm_buf_release(&back);
	free(data);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("wsman_env");
	TCase *tc = tcase_create("envelopes");
	tcase_add_test(tc, create_matches);
	tcase_add_test(tc, command_matches);
	tcase_add_test(tc, command_args_match);
	tcase_add_test(tc, send_matches);
	tcase_add_test(tc, receive_matches);
	tcase_add_test(tc, signal_matches);
	tcase_add_test(tc, delete_matches);
	tcase_add_test(tc, a_changed_field_is_caught);
	tcase_add_test(tc, ids_are_unique_uuids);
	tcase_add_test(tc, markup_in_values_stays_text);
	tcase_add_test(tc, large_send_round_trips);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
