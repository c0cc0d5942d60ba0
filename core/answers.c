/* core/answers.c: the XML answer file: loaded schema-checked with file:line in every error, saved without a password. */
#include "config.h"

#include "core/answers.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include "core/ivm.h"
#include "core/xalloc.h"
#include "core/xml.h"

#define ROOT "ipamvmm-answers"
#define ANSWERS_VERSION "1"
#define PATH_LEN 512
#define NEXT_SCHEMA "Compare the file with examples/contoso.xml and the schema doc/answers.rng."
#define NEXT_PASSWORD "Replace it with <password-source env=\"NAME\"/> (an environment variable), " \
	"<password-source file=\"PATH\"/> (a file only you can read) or <password-source prompt=\"yes\"/>."
#define WHY_PASSWORD "An answer file never holds a password: answer files get copied, mailed and " \
	"committed. It says where the password is read at run time instead."

/* The libxml2 2.12 callback takes a const error; older ones do not. */
#if LIBXML_VERSION >= 21200
#define XML_ERROR_T const xmlError
#else
#define XML_ERROR_T xmlError
#endif

/* Where each element was met, so that later problems get a line too. */
struct seen {
	char *path;
	long line;
};

struct load {
	struct ivm_settings *s;
	const char *name;
	struct ivm_err *err;
	struct seen *seen;
	size_t nseen;
	long root_line;
};

static int IVM_PRINTF(6, 7)
load_fail(struct load *ld, long line, const char *path, const char *why, const char *next,
          const char *fmt, ...)
{
	struct ivm_buf what = IVM_BUF_INIT;
	ivm_buf_addf(&what, "%s:%ld: %s: ", ld->name, line, path[0] ? path : ROOT);
	va_list ap;
	va_start(ap, fmt);
	ivm_buf_vaddf(&what, fmt, ap);
	va_end(ap);
	ivm_err_set(ld->err, IVM_E_USAGE, ivm_buf_str(&what), next, "%s", why);
	ivm_buf_release(&what);
	return -1;
}

static long
line_of(const xmlNode *n)
{
	long line = n ? xmlGetLineNo(n) : -1;
	return line > 0 ? line : 1;
}

static long
line_at(const char *buf, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

static void
remember(struct load *ld, const char *path, long line)
{
	ld->seen = ivm_xrealloc(ld->seen, (ld->nseen + 1) * sizeof(*ld->seen));
	ld->seen[ld->nseen].path = ivm_xstrdup(path);
	ld->seen[ld->nseen].line = line;
	ld->nseen++;
}

static const struct seen *
seen_at(const struct load *ld, const char *path)
{
	for (size_t i = 0; i < ld->nseen; i++)
		if (strcmp(ld->seen[i].path, path) == 0)
			return &ld->seen[i];
	return NULL;
}

/* The line of a field, or of its nearest element that is in the file. */
static long
field_line(const struct load *ld, const char *name)
{
	char path[PATH_LEN];
	snprintf(path, sizeof(path), "%s", name);
	for (;;) {
		const struct seen *at = seen_at(ld, path);
		if (at != NULL)
			return at->line;
		char *slash = strrchr(path, '/');
		if (slash == NULL)
			return ld->root_line;
		*slash = '\0';
	}
}

static void
load_release(struct load *ld)
{
	for (size_t i = 0; i < ld->nseen; i++)
		free(ld->seen[i].path);
	free(ld->seen);
	ld->seen = NULL;
	ld->nseen = 0;
}

/* ---- the shape, from the field table ----------------------------------------- */

static bool
under(const char *name, const char *path)
{
	size_t n = strlen(path);
	return n == 0 || (strncmp(name, path, n) == 0 && name[n] == '/');
}

static bool
is_container(const char *path)
{
	for (size_t i = 0; i < ivm_setting_nfields; i++)
		if (under(ivm_setting_fields[i].name, path))
			return true;
	return false;
}

/* The list whose items are the children of path. */
static const struct ivm_setting_field *
list_in(const char *path)
{
	for (size_t i = 0; i < ivm_setting_nfields; i++) {
		const struct ivm_setting_field *f = &ivm_setting_fields[i];
		const char *slash = strrchr(f->name, '/');
		if (f->type == IVM_FT_LIST && slash != NULL && (size_t)(slash - f->name) == strlen(path) &&
		    strncmp(f->name, path, strlen(path)) == 0)
			return f;
	}
	return NULL;
}

/* "a, b, c": the element names that may appear inside path. */
static void
expected_in(const char *path, struct ivm_buf *out)
{
	size_t skip = path[0] ? strlen(path) + 1 : 0;
	size_t start = out->len;
	for (size_t i = 0; i < ivm_setting_nfields; i++) {
		const char *name = ivm_setting_fields[i].name;
		if (!under(name, path) || name[skip] == '@')
			continue;
		size_t n = strcspn(name + skip, "/");
		char seg[PATH_LEN];
		snprintf(seg, sizeof(seg), "<%.*s>", (int)n, name + skip);
		if (strstr(ivm_buf_str(out) + start, seg) == NULL)
			ivm_buf_addf(out, "%s%s", out->len > start ? ", " : "", seg);
	}
}

/* ---- reading values ------------------------------------------------------------ */

static bool
xml_space(xmlChar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The content trimmed of XML white space, malloc'd. */
static char *
trimmed(const xmlChar *t)
{
	const xmlChar *b = t ? t : BAD_CAST "";
	while (xml_space(*b))
		b++;
	size_t n = strlen((const char *)b);
	while (n > 0 && xml_space(b[n - 1]))
		n--;
	return ivm_xstrndup((const char *)b, n);
}

static char *
node_text(xmlNodePtr n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *v = trimmed(t);
	xmlFree(t);
	return v;
}

static bool
blank_text(const xmlNode *c)
{
	for (const xmlChar *p = c->content; p && *p; p++)
		if (!xml_space(*p))
			return false;
	return true;
}

static int
set_value(struct load *ld, const struct ivm_setting_field *f, const char *v, long line)
{
	char msg[IVM_CHECK_MSG];
	int rc = f->type == IVM_FT_LIST ? ivm_settings_add_field(ld->s, f, v, msg, sizeof(msg))
	                                : ivm_settings_set_field(ld->s, f, v, msg, sizeof(msg));
	if (rc < 0)
		return load_fail(ld, line, f->name, f->rule, f->help, "%s", msg);
	return 0;
}

/* A leaf holds text, comments at most. */
static int
leaf_children(struct load *ld, xmlNodePtr n, const char *path)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE ||
		    c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE)
			continue;
		if (c->type == XML_ELEMENT_NODE)
			return load_fail(ld, line_of(c), path, "The value is the element's text.", NEXT_SCHEMA,
			                 "holds text only; <%.64s> cannot go inside it", (const char *)c->name);
		return load_fail(ld, line_of(c), path, "Answer files use no entities and no DTD.", NEXT_SCHEMA,
		                 "holds something that is not text (an entity reference?)");
	}
	if (n->properties != NULL)
		return load_fail(ld, line_of(n), path, "Only <password-source>, <runas> and <targets> take attributes.",
		                 NEXT_SCHEMA, "takes no attribute (found %.64s=)", (const char *)n->properties->name);
	return 0;
}

static const struct src_attr {
	const char *attr;
	const char *prefix;
} src_attrs[] = {
	{ "env", "env:" }, { "file", "file:" }, { "prompt", NULL },
};

/* <password-source env="NAME"/>: exactly one attribute, no content. */
static int
read_source(struct load *ld, xmlNodePtr n, const struct ivm_setting_field *f)
{
	const char *path = f->name;
	long line = line_of(n);
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type != XML_COMMENT_NODE && !(c->type == XML_TEXT_NODE && blank_text(c)))
			return load_fail(ld, line_of(c), path, f->rule, NEXT_PASSWORD,
			                 "must be empty: it names where the password is read, with one attribute");
	const struct src_attr *which = NULL;
	char *value = NULL;
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		const struct src_attr *sa = NULL;
		for (size_t i = 0; i < IVM_COUNT(src_attrs); i++)
			if (a->ns == NULL && strcmp((const char *)a->name, src_attrs[i].attr) == 0)
				sa = &src_attrs[i];
		if (sa == NULL || which != NULL) {
			free(value);
			if (sa == NULL)
				return load_fail(ld, line, path, f->rule, NEXT_PASSWORD,
				                 "takes env=, file= or prompt=, not %.64s=", (const char *)a->name);
			return load_fail(ld, line, path, f->rule, NEXT_PASSWORD,
			                 "takes exactly one of env=, file= and prompt= (found %.64s= too)",
			                 (const char *)a->name);
		}
		which = sa;
		value = node_text((xmlNodePtr)a);
	}
	if (which == NULL)
		return load_fail(ld, line, path, f->rule, NEXT_PASSWORD,
		                 "needs one of env=\"NAME\", file=\"PATH\" or prompt=\"yes\"");
	struct ivm_buf text = IVM_BUF_INIT;
	if (which->prefix != NULL)
		ivm_buf_addf(&text, "%s%s", which->prefix, value);
	else if (strcmp(value, "yes") == 0)
		ivm_buf_adds(&text, "prompt");
	free(value);
	int rc = text.len == 0 ? load_fail(ld, line, path, f->rule, NEXT_PASSWORD, "prompt= takes only \"yes\"")
	                       : set_value(ld, f, ivm_buf_str(&text), line);
	ivm_buf_release(&text);
	return rc;
}

static int
read_leaf(struct load *ld, xmlNodePtr n, const struct ivm_setting_field *f)
{
	if (!ivm_setting_applies(f, ld->s))
		return load_fail(ld, line_of(n), f->name, "An existing Run As account already has its "
		                 "description, user and password.", "Remove it, or drop mode=\"existing\" to "
		                 "create the account.", "only a new Run As account takes it (mode=\"existing\" is set)");
	if (f->type == IVM_FT_SECRET)
		return read_source(ld, n, f);
	if (leaf_children(ld, n, f->name) < 0)
		return -1;
	char *v = node_text(n);
	int rc = set_value(ld, f, v, line_of(n));
	free(v);
	return rc;
}

/* The attributes of a container: table fields named "path/@attr". */
static int
read_attributes(struct load *ld, xmlNodePtr n, const char *path)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		char apath[PATH_LEN];
		snprintf(apath, sizeof(apath), "%s%s@%.64s", path, path[0] ? "/" : "", (const char *)a->name);
		if (path[0] == '\0' && strcmp((const char *)a->name, "version") == 0 && a->ns == NULL)
			continue;
		const struct ivm_setting_field *f = a->ns ? NULL : ivm_setting_field_find(apath);
		if (f == NULL)
			return load_fail(ld, line_of(n), path, "The schema lists every attribute an element takes.",
			                 NEXT_SCHEMA, "takes no attribute %.64s=", (const char *)a->name);
		char *v = node_text((xmlNodePtr)a);
		int rc = set_value(ld, f, v, line_of(n));
		free(v);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int walk(struct load *ld, xmlNodePtr n, const char *path);

static int
read_element(struct load *ld, xmlNodePtr c, const char *parent)
{
	const char *name = (const char *)c->name;
	char path[PATH_LEN];
	snprintf(path, sizeof(path), "%s%s%.64s", parent, parent[0] ? "/" : "", name);
	long line = line_of(c);
	if (strcmp(name, "password") == 0 || strcmp(name, "runas-password") == 0)
		return load_fail(ld, line, path, WHY_PASSWORD, NEXT_PASSWORD,
		                 "a password cannot be written in an answer file");
	const struct ivm_setting_field *f = c->ns ? NULL : ivm_setting_field_find(path);
	bool container = c->ns == NULL && f == NULL && is_container(path);
	if (f == NULL && !container) {
		struct ivm_buf want = IVM_BUF_INIT;
		expected_in(parent, &want);
		load_fail(ld, line, path, "", NEXT_SCHEMA, "unknown element <%.64s>%s", name,
		          c->ns ? " (answer files use no namespace)" : "");
		snprintf(ld->err->why, sizeof(ld->err->why), "%s may hold %s.", parent[0] ? parent : ROOT,
		         ivm_buf_str(&want));
		ivm_buf_release(&want);
		return -1;
	}
	const struct seen *before = seen_at(ld, path);
	if (before != NULL && !(f != NULL && f->type == IVM_FT_LIST))
		return load_fail(ld, line, path, "Each setting is given once.", "Keep one of them.",
		                 "appears twice (first at line %ld)", before->line);
	remember(ld, path, line);
	if (f != NULL)
		return read_leaf(ld, c, f);
	if (walk(ld, c, path) < 0)
		return -1;
	/* the one shape the table cannot say: an existing account is picked by name */
	if (strcmp(path, "vmm/runas") == 0 && ld->s->runas_mode == IVM_RUNAS_EXISTING &&
	    seen_at(ld, "vmm/runas/name") == NULL)
		return load_fail(ld, line, "vmm/runas/name", "mode=\"existing\" picks a Run As account VMM "
		                 "already has, by its name.", "Add <name>the account's name</name> inside <runas>.",
		                 "is required with mode=\"existing\"");
	return 0;
}

static int
walk(struct load *ld, xmlNodePtr n, const char *path)
{
	if (read_attributes(ld, n, path) < 0)
		return -1;
	const struct ivm_setting_field *list = list_in(path);
	if (list != NULL)
		ivm_settings_clear_list(ld->s, list);
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE)
			continue;
		if (c->type == XML_TEXT_NODE && blank_text(c))
			continue;
		if (c->type != XML_ELEMENT_NODE)
			return load_fail(ld, line_of(c), path, "Text belongs inside the elements that hold values.",
			                 NEXT_SCHEMA, "holds text of its own; only elements go here");
		if (read_element(ld, c, path) < 0)
			return -1;
	}
	return 0;
}

static int
read_root(struct load *ld, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	ld->root_line = line_of(root);
	if (root == NULL || root->ns != NULL || strcmp((const char *)root->name, ROOT) != 0)
		return load_fail(ld, ld->root_line, "", "An answer file starts with <" ROOT " version=\"" ANSWERS_VERSION "\">.",
		                 NEXT_SCHEMA, "is not an ipamvmm answer file (its root element is <%.64s>)",
		                 root ? (const char *)root->name : "");
	char version[16];
	ivm_xml_attr(version, sizeof(version), root, "version");
	if (strcmp(version, ANSWERS_VERSION) != 0)
		return load_fail(ld, ld->root_line, "@version", "This ipamvmm reads version " ANSWERS_VERSION " answer files.",
		                 "Set version=\"" ANSWERS_VERSION "\", or use the ipamvmm that wrote the file.",
		                 "%s%s%s", version[0] ? "version " : "is missing", version,
		                 version[0] ? " is not one this ipamvmm reads" : "");
	return walk(ld, root, "");
}

/* ---- the schema ---------------------------------------------------------------- */

struct first_error {
	bool set;
	long line;
	char path[PATH_LEN];
	char message[256];
};

static void
node_path(const xmlNode *n, char *dst, size_t size)
{
	const xmlNode *chain[16];
	size_t depth = 0;
	for (; n && n->type == XML_ELEMENT_NODE && n->parent && n->parent->type == XML_ELEMENT_NODE &&
	       depth < IVM_COUNT(chain); n = n->parent)
		chain[depth++] = n;
	dst[0] = '\0';
	size_t o = 0;
	while (depth > 0 && o < size) {
		int w = snprintf(dst + o, size - o, "%s%.64s", o ? "/" : "", (const char *)chain[--depth]->name);
		o += w > 0 ? (size_t)w : 0;
	}
}

/* libxml2 blames the parent for a child an interleave refuses ("Extra
 * element vmm in interleave"): point at the child it names when there is one. */
static const xmlNode *
named_child(const xmlNode *n, const char *message)
{
	const char *p = message ? strstr(message, "lement ") : NULL;
	if (n == NULL || p == NULL)
		return n;
	p += 7;
	size_t len = strcspn(p, " \n");
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strlen((const char *)c->name) == len &&
		    strncmp((const char *)c->name, p, len) == 0)
			return c;
	return n;
}

static void
on_schema_error(void *ud, XML_ERROR_T *e)
{
	struct first_error *fe = ud;
	if (fe->set || e == NULL)
		return;
	fe->set = true;
	const xmlNode *n = named_child(e->node, e->message);
	fe->line = n != NULL ? line_of(n) : e->line > 0 ? e->line : 1;
	node_path(n, fe->path, sizeof(fe->path));
	snprintf(fe->message, sizeof(fe->message), "%s", e->message ? e->message : "invalid");
	fe->message[strcspn(fe->message, "\n")] = '\0';
}

static void
on_quiet(void *ud, XML_ERROR_T *e)
{
}

static int
schema_check(struct load *ld, xmlDocPtr doc)
{
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(ivm_answers_schema, (int)ivm_answers_schema_len);
	xmlRelaxNGSetParserStructuredErrors(pc, on_quiet, NULL);
	xmlRelaxNGPtr rng = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	if (rng == NULL) {
		ivm_err_set(ld->err, IVM_E_USAGE, "the answer-file schema does not load",
		            "Report this as a bug in ipamvmm.", "the schema built into ipamvmm is not valid RelaxNG");
		return -1;
	}
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(rng);
	struct first_error fe = { 0 };
	xmlRelaxNGSetValidStructuredErrors(vc, on_schema_error, &fe);
	int rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(rng);
	if (rc == 0)
		return 0;
	return load_fail(ld, fe.set ? fe.line : ld->root_line, fe.path,
	                 "The file does not follow the schema doc/answers.rng.", NEXT_SCHEMA,
	                 "%s", fe.set ? fe.message : "does not follow the schema");
}

/* ---- loading ------------------------------------------------------------------- */

/* Bytes the XML reader would refuse without saying where. */
static int
check_bytes(struct load *ld, const char *buf, size_t len)
{
	const char *nul = memchr(buf, '\0', len);
	if (nul != NULL)
		return load_fail(ld, line_at(buf, (size_t)(nul - buf)), "", "An answer file is UTF-8 text.",
		                 "Save it as UTF-8 (not UTF-16) text.", "holds a NUL byte: this is not UTF-8 text");
	for (size_t i = 0; i < len;) {
		int n = (int)(len - i > 4 ? 4 : len - i);
		if (xmlGetUTF8Char((const unsigned char *)buf + i, &n) < 0 || n <= 0)
			return load_fail(ld, line_at(buf, i), "", "An answer file is UTF-8 text.",
			                 "Save it as UTF-8 text.", "is not valid UTF-8 here");
		i += (size_t)n;
	}
	const char *dtd = memmem(buf, len, "<!DOCTYPE", 9);
	if (dtd != NULL)
		return load_fail(ld, line_at(buf, (size_t)(dtd - buf)), "", "Answer files use no DTD and no entities.",
		                 "Remove the <!DOCTYPE ...> declaration.", "a DOCTYPE is not allowed");
	return 0;
}

/* The parser's first complaint: later ones only echo it ("Premature end of data"). */
struct parse_error {
	bool set;
	long line;
	char message[256];
};

static void
on_parse_error(void *ud, XML_ERROR_T *e)
{
	struct parse_error *pe = ud;
	if (pe->set || e == NULL || e->level < XML_ERR_ERROR)
		return;
	pe->set = true;
	pe->line = e->line;
	snprintf(pe->message, sizeof(pe->message), "%s", e->message ? e->message : "not well-formed XML");
	pe->message[strcspn(pe->message, "\n")] = '\0';
}

static xmlDocPtr
parse(struct load *ld, const char *buf, size_t len)
{
	struct parse_error pe = { 0 };
	/* the handler is per thread in libxml2, and put back as it was */
	xmlStructuredErrorFunc old = xmlStructuredError;
	void *old_ud = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&pe, on_parse_error);
	xmlDocPtr doc = ivm_xml_read(buf, len, ld->name);
	xmlSetStructuredErrorFunc(old_ud, old);
	if (doc == NULL)
		load_fail(ld, pe.set && pe.line > 0 ? pe.line : 1, "", "The file is not well-formed XML.",
		          "Fix the XML at that line (an unclosed element, or a '<' or '&' written as is: "
		          "write &lt; and &amp;).", "%s", pe.set ? pe.message : "not well-formed XML");
	return doc;
}

/* The first problem left after loading, placed at its field's line. */
static int
validate_at(struct load *ld)
{
	struct ivm_problems all;
	if (ivm_settings_problems(ld->s, &all) == 0)
		return 0;
	const struct ivm_problem *p = &all.v[0];
	load_fail(ld, field_line(ld, p->field->name), p->field->name, p->field->rule, p->field->help,
	          "%s", p->message);
	ivm_problems_release(&all);
	return -1;
}

int
ivm_answers_load_mem(struct ivm_settings *s, const char *buf, size_t len, const char *name,
                     struct ivm_err *err)
{
	struct load ld = { .s = s, .name = name, .err = err, .root_line = 1 };
	ivm_settings_defaults(s);
	if (len > IVM_ANSWERS_MAX) {
		ivm_err_set(err, IVM_E_TOOBIG, "the answer file is too large",
		            "Check that it is the right file; an answer file is a few kilobytes.",
		            "%s is %zu bytes; answer files are at most %u bytes (1 MiB)", name, len, IVM_ANSWERS_MAX);
		ivm_settings_release(s);
		return -1;
	}
	if (len == 0) {
		load_fail(&ld, 1, "", "An answer file starts with <" ROOT " version=\"" ANSWERS_VERSION "\">.",
		          NEXT_SCHEMA, "the file is empty");
		ivm_settings_release(s);
		return -1;
	}
	int rc = check_bytes(&ld, buf, len);
	xmlDocPtr doc = NULL;
	if (rc == 0) {
		doc = parse(&ld, buf, len);
		rc = doc == NULL ? -1 : 0;
	}
	if (rc == 0)
		rc = read_root(&ld, doc);
	if (rc == 0)
		rc = schema_check(&ld, doc);
	if (rc == 0)
		rc = validate_at(&ld);
	xmlFreeDoc(doc);
	load_release(&ld);
	if (rc < 0)
		ivm_settings_release(s);
	return rc;
}

int
ivm_answers_load(struct ivm_settings *s, const char *path, struct ivm_err *err)
{
	memset(s, 0, sizeof(*s));
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = fd < 0 ? errno : EINVAL;
		if (fd >= 0)
			close(fd);
		ivm_err_set(err, IVM_E_IO, "cannot read the answer file",
		            "Check the path given to --answers.", "%s: %s", path,
		            e == EINVAL ? "not a regular file" : strerror(e));
		return -1;
	}
	if ((unsigned long long)st.st_size > IVM_ANSWERS_MAX) {
		close(fd);
		ivm_err_set(err, IVM_E_TOOBIG, "the answer file is too large",
		            "Check that it is the right file; an answer file is a few kilobytes.",
		            "%s is %lld bytes; answer files are at most %u bytes (1 MiB)", path,
		            (long long)st.st_size, IVM_ANSWERS_MAX);
		return -1;
	}
	/* one byte more than allowed, in case it grew since fstat */
	char *buf = ivm_xmalloc(IVM_ANSWERS_MAX + 1);
	size_t len = 0;
	ssize_t n;
	while (len <= IVM_ANSWERS_MAX && (n = read(fd, buf + len, IVM_ANSWERS_MAX + 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			free(buf);
			ivm_err_set(err, IVM_E_IO, "cannot read the answer file", "Check the file and try again.",
			            "%s: %s", path, strerror(e));
			return -1;
		}
		len += (size_t)n;
	}
	close(fd);
	int rc = ivm_answers_load_mem(s, buf, len, path, err);
	free(buf);
	return rc;
}

/* ---- saving ---------------------------------------------------------------------- */

/* The element for the directory part of name, made as needed; *leaf gets the rest. */
static xmlNodePtr
ensure_parent(xmlNodePtr root, const char *name, const char **leaf)
{
	xmlNodePtr at = root;
	const char *p = name;
	for (const char *slash; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		char seg[PATH_LEN];
		snprintf(seg, sizeof(seg), "%.*s", (int)(slash - p), p);
		xmlNodePtr c;
		for (c = at->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, seg) == 0)
				break;
		at = c ? c : xmlNewChild(at, NULL, BAD_CAST seg, NULL);
	}
	*leaf = p;
	return at;
}

static void
write_source(xmlNodePtr parent, const char *leaf, const char *text)
{
	xmlNodePtr e = xmlNewChild(parent, NULL, BAD_CAST leaf, NULL);
	for (size_t i = 0; i < IVM_COUNT(src_attrs); i++) {
		const char *pre = src_attrs[i].prefix;
		if (pre != NULL && strncmp(text, pre, strlen(pre)) == 0) {
			xmlNewProp(e, BAD_CAST src_attrs[i].attr, BAD_CAST(text + strlen(pre)));
			return;
		}
	}
	xmlNewProp(e, BAD_CAST "prompt", BAD_CAST "yes");
}

static void
write_field(xmlNodePtr root, const struct ivm_settings *s, const struct ivm_setting_field *f)
{
	struct ivm_buf v = IVM_BUF_INIT;
	bool given = ivm_settings_get(s, f, &v);
	bool write = f->type == IVM_FT_TEXT ? given || f->def != NULL
	           : f->type == IVM_FT_LIST || f->def == NULL || strcmp(ivm_buf_str(&v), f->def) != 0;
	if (write) {
		const char *leaf;
		xmlNodePtr parent = ensure_parent(root, f->name, &leaf);
		if (leaf[0] == '@')
			xmlSetProp(parent, BAD_CAST(leaf + 1), BAD_CAST ivm_buf_str(&v));
		else if (f->type == IVM_FT_SECRET)
			write_source(parent, leaf, ivm_buf_str(&v));
		else if (f->type != IVM_FT_LIST)
			xmlNewTextChild(parent, NULL, BAD_CAST leaf, BAD_CAST ivm_buf_str(&v));
		else
			for (size_t i = 0; i < s->host_groups.n; i++)
				xmlNewTextChild(parent, NULL, BAD_CAST leaf, BAD_CAST s->host_groups.v[i]);
	}
	ivm_buf_release(&v);
}

void
ivm_answers_format(const struct ivm_settings *s, struct ivm_buf *out)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST ROOT, NULL);
	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, BAD_CAST "version", BAD_CAST ANSWERS_VERSION);
	xmlAddPrevSibling(root, xmlNewDocComment(doc, BAD_CAST
	    " ipamvmm answer file (schema: doc/answers.rng). It holds no password: each "
	    "password-source says where one is read when ipamvmm runs. "));
	for (size_t i = 0; i < ivm_setting_nfields; i++)
		if (ivm_setting_applies(&ivm_setting_fields[i], s))
			write_field(root, s, &ivm_setting_fields[i]);
	xmlChar *mem = NULL;
	int size = 0;
	xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	if (mem != NULL)
		ivm_buf_add(out, mem, (size_t)size);
	xmlFree(mem);
	xmlFreeDoc(doc);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
ivm_answers_save(const struct ivm_settings *s, const char *path, struct ivm_err *err)
{
	struct ivm_buf doc = IVM_BUF_INIT;
	ivm_answers_format(s, &doc);
	size_t plen = strlen(path);
	char *tmp = ivm_xmalloc(plen + 8);
	snprintf(tmp, plen + 8, "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	const char *step = "create a temporary file next to";
	int rc = fd < 0 ? -1 : 0;
	if (rc == 0 && (write_all(fd, doc.data, doc.len) < 0 || fchmod(fd, 0644) < 0 || fsync(fd) < 0))
		step = "write", rc = -1;
	if (fd >= 0 && close(fd) < 0 && rc == 0)
		step = "write", rc = -1;
	if (rc == 0 && rename(tmp, path) < 0)
		step = "replace", rc = -1;
	if (rc < 0) {
		int e = errno;
		if (fd >= 0)
			unlink(tmp);
		ivm_err_set(err, IVM_E_IO, "cannot save the answer file",
		            "Check that the directory exists and that you may write in it.",
		            "could not %s %s: %s", step, path, strerror(e));
	}
	free(tmp);
	ivm_buf_release(&doc);
	return rc;
}
