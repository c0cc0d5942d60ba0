/* core/clixml.c: turns PowerShell's CLIXML stderr into text a person can read. */
#include "config.h"

#include "core/clixml.h"

#include <limits.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "core/utf16.h"

#define MARK "#< CLIXML"
#define MARK_LEN (sizeof(MARK) - 1)
#define BOM "\xEF\xBB\xBF"
#define BOM_LEN (sizeof(BOM) - 1)
#define PS_NS "http://schemas.microsoft.com/powershell/2004/04"

/* The bytes come from a remote server: no entity substitution, no DTD or
 * network loads, libxml2's size limits kept, and no recovery (a broken
 * document must fall back to the raw text rather than half a decode). The
 * stream is UTF-8 (code page 65001): an encoding declaration must not pick
 * another converter, whose failures libxml2 prints on stderr, over the TUI. */
#define XMLOPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
	XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC)
_Static_assert((XMLOPTS & (XML_PARSE_NOENT | XML_PARSE_DTDLOAD |
    XML_PARSE_DTDATTR | XML_PARSE_DTDVALID | XML_PARSE_HUGE |
    XML_PARSE_XINCLUDE | XML_PARSE_RECOVER)) == 0,
    "CLIXML comes from remote servers: keep entity and DTD handling off");

/* One output stream of PowerShell, named by the S attribute of a record. */
struct kind {
	const char *name;
	const char *prefix; /* in front of every line; "" keeps the text as is */
	bool drop;          /* noise nobody needs to read */
};

static const struct kind kinds[] = {
	{ "Error", "", false },
	{ "Warning", "WARNING: ", false },
	{ "Verbose", "VERBOSE: ", false },
	{ "Debug", "DEBUG: ", false },
	{ "Information", "", false },
	/* "Preparing modules for first use." and friends */
	{ "progress", "", true },
};

/* A record with no S attribute, or one we do not know: keep its text. */
static const struct kind other = { "", "", false };

struct dec {
	struct ivm_buf *out;
	struct ivm_buf tmp;     /* one record's text, reused */
	const struct kind *gk;  /* the group of records being written */
	size_t gstart;          /* where that group began in out */
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

static bool
has(const char *p, const char *e, const char *lit, size_t n)
{
	return (size_t)(e - p) >= n && memcmp(p, lit, n) == 0;
}

static void
truncate_to(struct ivm_buf *b, size_t len)
{
	if (b->data == NULL || len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

/* Append with CRLF turned into LF; other bytes go through untouched. */
static void
add_lf(struct ivm_buf *out, const char *p, const char *e)
{
	while (p < e) {
		const char *cr = memchr(p, '\r', (size_t)(e - p));
		if (cr == NULL || cr + 1 == e) {
			ivm_buf_add(out, p, (size_t)(e - p));
			return;
		}
		ivm_buf_add(out, p, (size_t)(cr - p));
		if (cr[1] != '\n')
			ivm_buf_addc(out, '\r');
		p = cr + 1;
	}
}

/* Narrow [*p, *e) to its text: no leading blank lines, no trailing space.
 * Leading spaces on the first kept line stay (indentation means something). */
static void
trim_lines(const char **p, const char **e)
{
	const char *q = *p;
	for (const char *c = *p; c < *e && is_space(*c); c++)
		if (*c == '\n')
			q = c + 1;
	while (*e > q && is_space((*e)[-1]))
		(*e)--;
	*p = q;
	if (*e < q)
		*e = q;
}

/* Plain text found between documents, or a block we could not parse. */
static void
add_segment(struct ivm_buf *out, const char *p, const char *e)
{
	trim_lines(&p, &e);
	if (p == e)
		return;
	add_lf(out, p, e);
	ivm_buf_addc(out, '\n');
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The UTF-16 code unit that the escape _xHHHH_ at p stands for, or -1 when
 * p does not start one. */
static long
escape_at(const char *p, const char *e)
{
	if (e - p < 7 || p[0] != '_' || p[1] != 'x' || p[6] != '_')
		return -1;
	long v = 0;
	for (int i = 2; i < 6; i++) {
		int h = hexval((unsigned char)p[i]);
		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/* Undo PowerShell's _xHHHH_ escapes. A surrogate pair arrives as two
 * escapes; a lone half, like NUL, becomes U+FFFD so the text stays valid
 * UTF-8 and a C string. */
static void
unescape(struct ivm_buf *out, const char *p, const char *e)
{
	while (p < e) {
		const char *u = memchr(p, '_', (size_t)(e - p));
		if (u == NULL)
			u = e;
		ivm_buf_add(out, p, (size_t)(u - p));
		if (u == e)
			return;
		long cu = escape_at(u, e);
		if (cu < 0) {
			ivm_buf_addc(out, '_');
			p = u + 1;
			continue;
		}
		p = u + 7;
		unsigned long cp = (unsigned long)cu;
		if (cu >= 0xD800 && cu <= 0xDBFF) {
			long lo = escape_at(p, e);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((unsigned long)(cu - 0xD800) << 10) +
				    (unsigned long)(lo - 0xDC00);
				p += 7;
			} else
				cp = 0xFFFD;
		} else if (cu == 0)
			cp = 0xFFFD;
		ivm_utf8_put(out, cp);
	}
}

static void
crlf_to_lf(struct ivm_buf *b)
{
	size_t j = 0;
	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == '\r' && i + 1 < b->len && b->data[i + 1] == '\n')
			continue;
		b->data[j++] = b->data[i];
	}
	truncate_to(b, j);
}

/* A group of records of one kind ends with exactly one newline, whatever
 * blank lines PowerShell put after its last record. */
static void
group_end(struct dec *d)
{
	struct ivm_buf *o = d->out;
	if (d->gk == NULL)
		return;
	size_t len = o->len;
	while (len > d->gstart && is_space(o->data[len - 1]))
		len--;
	truncate_to(o, len);
	if (len > d->gstart)
		ivm_buf_addc(o, '\n');
	d->gk = NULL;
}

static void
add_prefixed(struct ivm_buf *out, const char *prefix, const char *p,
    const char *e)
{
	trim_lines(&p, &e);
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			nl = e;
		if (nl > p)
			ivm_buf_adds(out, prefix);
		ivm_buf_add(out, p, (size_t)(nl - p));
		ivm_buf_addc(out, '\n');
		p = nl + 1;
	}
}

/* One record's text, escaped as PowerShell sends it. */
static void
record(struct dec *d, const struct kind *k, const char *text)
{
	if (text == NULL)
		return;
	if (k != d->gk) {
		group_end(d);
		d->gk = k;
		d->gstart = d->out->len;
	}
	ivm_buf_clear(&d->tmp);
	unescape(&d->tmp, text, text + strlen(text));
	crlf_to_lf(&d->tmp);
	const char *p = ivm_buf_str(&d->tmp);
	const char *e = p + d->tmp.len;
	if (*k->prefix != '\0') {
		add_prefixed(d->out, k->prefix, p, e);
		return;
	}
	if (d->out->len == d->gstart) {
		/* a group starts with text, not with the blank line that
		 * separated it from a record we never saw */
		const char *q = e;
		trim_lines(&p, &q);
	}
	if (p == e)
		return;
	ivm_buf_add(d->out, p, (size_t)(e - p));
	if (e[-1] != '\n')
		ivm_buf_addc(d->out, '\n');
}

/* Local name match in the PowerShell namespace or none. A prefix nobody
 * declared leaves "ps:S" as the name: compare what follows the colon. */
static bool
name_is(const xmlChar *name, const xmlChar *ns, const char *want)
{
	if (name == NULL)
		return false;
	if (ns != NULL && strcmp((const char *)ns, PS_NS) != 0)
		return false;
	const char *n = (const char *)name;
	const char *colon = ns == NULL ? strrchr(n, ':') : NULL;
	if (colon != NULL)
		n = colon + 1;
	return strcmp(n, want) == 0;
}

static bool
node_is(const xmlNode *n, const char *want)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    name_is(n->name, n->ns != NULL ? n->ns->href : NULL, want);
}

static xmlNode *
child(const xmlNode *n, const char *want)
{
	for (xmlNode *c = n->children; c != NULL; c = c->next)
		if (node_is(c, want))
			return c;
	return NULL;
}

/* An attribute by its name alone, or in the PowerShell namespace. */
static xmlChar *
attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (v == NULL)
		v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)PS_NS);
	return v;
}

static bool
attr_is(const xmlNode *n, const char *name, const char *want)
{
	xmlChar *v = attr(n, name);
	bool is = v != NULL && strcasecmp((const char *)v, want) == 0;
	xmlFree(v);
	return is;
}

static const struct kind *
kind_of(const xmlNode *n)
{
	/* an element of some other vocabulary is not a PowerShell record */
	if (n->ns != NULL && strcmp((const char *)n->ns->href, PS_NS) != 0)
		return &other;
	xmlChar *s = attr(n, "S");
	const struct kind *k = &other;
	for (size_t i = 0; s != NULL && i < IVM_COUNT(kinds); i++) {
		if (strcasecmp((const char *)s, kinds[i].name) == 0) {
			k = &kinds[i];
			break;
		}
	}
	xmlFree(s);
	return k;
}

/* What a serialized object says about itself: its ToString, else the
 * MessageData of an information record (a string or an object). */
static xmlChar *
obj_text(const xmlNode *obj, int depth)
{
	static const char *const bags[] = { "Props", "MS" };
	xmlNode *ts = child(obj, "ToString");
	if (ts != NULL)
		return xmlNodeGetContent(ts);
	if (depth > 1)
		return NULL;
	for (size_t i = 0; i < IVM_COUNT(bags); i++) {
		xmlNode *bag = child(obj, bags[i]);
		for (xmlNode *c = bag != NULL ? bag->children : NULL; c != NULL;
		    c = c->next) {
			if (!attr_is(c, "N", "MessageData"))
				continue;
			if (node_is(c, "Obj"))
				return obj_text(c, depth + 1);
			return xmlNodeGetContent(c);
		}
	}
	return NULL;
}

static void
on_element(struct dec *d, const xmlNode *n)
{
	const struct kind *k = kind_of(n);
	if (k->drop || node_is(n, "Nil"))
		return;
	xmlChar *text = node_is(n, "Obj") ? obj_text(n, 0) : xmlNodeGetContent(n);
	record(d, k, (const char *)text);
	xmlFree(text);
}

static bool
blank(const xmlChar *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (!is_space((char)*s))
			return false;
	return true;
}

/* Walk the records of one <Objs> document with a streaming reader: each
 * record is expanded on its own, so memory follows the largest record and
 * not the number of them. */
static bool
read_doc(struct dec *d, xmlTextReaderPtr r)
{
	bool root = false; /* xml_end cut the input after the first one */
	int ret = xmlTextReaderRead(r);
	while (ret == 1) {
		int depth = xmlTextReaderDepth(r);
		int type = xmlTextReaderNodeType(r);
		if (depth == 0 && type == XML_READER_TYPE_ELEMENT) {
			if (!name_is(xmlTextReaderConstLocalName(r),
			    xmlTextReaderConstNamespaceUri(r), "Objs"))
				return false;
			root = true;
		} else if (depth == 1 && type == XML_READER_TYPE_ELEMENT) {
			xmlNode *n = xmlTextReaderExpand(r);
			if (n == NULL)
				return false;
			on_element(d, n);
			ret = xmlTextReaderNext(r);
			continue;
		} else if (depth == 1 && type == XML_READER_TYPE_TEXT) {
			const xmlChar *v = xmlTextReaderConstValue(r);
			if (!blank(v))
				record(d, &other, (const char *)v);
		}
		ret = xmlTextReaderRead(r);
	}
	return ret == 0 && root;
}

/* The lead bytes of multi-byte UTF-8 sequences, and the smallest code
 * point each may carry (anything less is an overlong form). */
static const struct {
	unsigned char mask, lead;
	size_t len;
	unsigned long min;
} utf8_leads[] = {
	{ 0xE0, 0xC0, 2, 0x80 },
	{ 0xF0, 0xE0, 3, 0x800 },
	{ 0xF8, 0xF0, 4, 0x10000 },
};

/* libxml2 takes NUL bytes as a sign of UTF-16 or UCS-4 and invalid UTF-8
 * as EBCDIC whatever encoding it is told, and prints on stderr when that
 * converter then fails: such a document never reaches it. */
static bool
plain_utf8(const char *s, const char *e)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = (const unsigned char *)e;
	while (p < end) {
		if (*p == 0)
			return false;
		if (*p < 0x80) {
			p++;
			continue;
		}
		size_t i = 0;
		while (i < IVM_COUNT(utf8_leads) &&
		    (*p & utf8_leads[i].mask) != utf8_leads[i].lead)
			i++;
		if (i == IVM_COUNT(utf8_leads) ||
		    (size_t)(end - p) < utf8_leads[i].len)
			return false;
		unsigned long cp = *p & (unsigned char)~utf8_leads[i].mask;
		for (size_t k = 1; k < utf8_leads[i].len; k++) {
			if ((p[k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (p[k] & 0x3Fu);
		}
		if (cp < utf8_leads[i].min || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += utf8_leads[i].len;
	}
	return true;
}

static bool
decode_doc(struct dec *d, const char *p, const char *e)
{
	if (e - p > INT_MAX || !plain_utf8(p, e))
		return false;
	xmlTextReaderPtr r = xmlReaderForMemory(p, (int)(e - p), NULL, "UTF-8",
	    XMLOPTS);
	if (r == NULL)
		return false;
	d->gk = NULL;
	bool ok = read_doc(d, r);
	group_end(d);
	xmlFreeTextReader(r);
	return ok;
}

static const char *
skip_past(const char *p, const char *e, const char *lit)
{
	const char *f = memmem(p, (size_t)(e - p), lit, strlen(lit));
	return f != NULL ? f + strlen(lit) : NULL;
}

/* Where the element that starts at p ends, found without parsing so that
 * text after a document and a truncated document can be told apart.
 * NULL when it does not end in [p, e), or when it holds a DOCTYPE: CLIXML
 * never has one, and refusing it keeps entity tricks away from libxml2. */
static const char *
xml_end(const char *p, const char *e)
{
	size_t depth = 0;
	while (p != NULL && p < e) {
		const char *lt = memchr(p, '<', (size_t)(e - p));
		if (lt == NULL || e - lt < 2)
			return NULL;
		if (has(lt, e, "<!--", 4))
			p = skip_past(lt + 4, e, "-->");
		else if (has(lt, e, "<![CDATA[", 9))
			p = skip_past(lt + 9, e, "]]>");
		else if (lt[1] == '?')
			p = skip_past(lt + 2, e, "?>");
		else if (lt[1] == '!')
			return NULL;
		else if (lt[1] == '/') {
			p = memchr(lt, '>', (size_t)(e - lt));
			if (p == NULL || depth == 0)
				return NULL;
			p++;
			if (--depth == 0)
				return p;
		} else {
			char quote = 0;
			const char *q = lt + 1;
			for (; q < e; q++) {
				if (quote != 0) {
					if (*q == quote)
						quote = 0;
				} else if (*q == '"' || *q == '\'')
					quote = *q;
				else if (*q == '>')
					break;
			}
			if (q == e)
				return NULL;
			p = q + 1;
			if (q[-1] != '/')
				depth++;
			else if (depth == 0)
				return p;
		}
	}
	return NULL;
}

/* Everything between one marker line and the next: documents, and maybe
 * text around them. From the first document that does not parse to the
 * end of the block, the raw text is kept instead. */
static void
decode_block(struct dec *d, const char *p, const char *e)
{
	while (p < e) {
		const char *lt = memchr(p, '<', (size_t)(e - p));
		if (lt == NULL)
			break;
		const char *end = xml_end(lt, e);
		if (end == NULL)
			break;
		size_t mark = d->out->len;
		add_segment(d->out, p, lt);
		if (!decode_doc(d, lt, end)) {
			truncate_to(d->out, mark);
			break;
		}
		p = end;
	}
	add_segment(d->out, p, e);
}

static const char *
skip_bom_ws(const char *p, const char *e)
{
	if (has(p, e, BOM, BOM_LEN))
		p += BOM_LEN;
	while (p < e && is_space(*p))
		p++;
	return p;
}

bool
ivm_clixml_is(const char *s, size_t n)
{
	if (s == NULL)
		return false;
	const char *p = skip_bom_ws(s, s + n);
	return has(p, s + n, MARK, MARK_LEN);
}

/* The next marker at the start of a line (a BOM may come first: a second
 * PowerShell writes its own), at or after from; e when there is none. */
static const char *
next_marker(const char *s, const char *from, const char *e)
{
	const char *p = from;
	while (p < e) {
		const char *m = memmem(p, (size_t)(e - p), MARK, MARK_LEN);
		if (m == NULL)
			break;
		if (m == s || m[-1] == '\n')
			return m;
		if (m - from >= (ptrdiff_t)BOM_LEN) {
			const char *b = m - BOM_LEN;
			if (memcmp(b, BOM, BOM_LEN) == 0 && (b == s || b[-1] == '\n'))
				return b;
		}
		p = m + 1;
	}
	return e;
}

/* The first byte after the marker line that starts at m. */
static const char *
after_marker(const char *m, const char *e)
{
	if (has(m, e, BOM, BOM_LEN))
		m += BOM_LEN;
	m += MARK_LEN;
	while (m < e && (*m == ' ' || *m == '\t' || *m == '\r'))
		m++;
	if (m < e && *m == '\n')
		m++;
	return m;
}

void
ivm_clixml_decode(struct ivm_buf *out, const char *s, size_t n)
{
	if (s == NULL || n == 0)
		return;
	const char *e = s + n;
	const char *m;
	if (ivm_clixml_is(s, n))
		m = skip_bom_ws(s, e);
	else {
		m = next_marker(s, s, e);
		add_lf(out, s, m);
	}
	struct dec d = { out, IVM_BUF_INIT, NULL, 0 };
	while (m < e) {
		const char *start = after_marker(m, e);
		const char *next = next_marker(s, start, e);
		decode_block(&d, start, next);
		m = next;
	}
	ivm_buf_release(&d.tmp);
}
