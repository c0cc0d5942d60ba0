/* core/xml.c: the one way ipamvmm parses XML that came from outside: no network, no DTD, nothing printed. */
#include "config.h"

#include "core/xml.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlstring.h>

/* No entity expansion (NOENT), DTD loading or HUGE: a document is data. */
#define READ_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC)

xmlDocPtr
ivm_xml_read(const char *buf, size_t len, const char *name)
{
	if (buf == NULL || len == 0 || len >= INT32_MAX || memchr(buf, '\0', len) != NULL)
		return NULL;
	/* a UTF-8 byte order mark is fine, anything else in front of '<' is not */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	/* xmlCheckUTF8 wants a C string: the NUL check above makes the length agree */
	xmlChar *copy = xmlStrndup((const xmlChar *)buf, (int)len);
	int ok = copy && xmlCheckUTF8(copy);
	xmlFree(copy);
	if (!ok)
		return NULL;
	return xmlReadMemory(buf, (int)len, name, "UTF-8", READ_OPTS);
}

bool
ivm_xml_is(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ns) == 0 && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr
ivm_xml_child(xmlNodePtr parent, const char *ns, const char *name)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (ivm_xml_is(c, ns, name))
			return c;
	return NULL;
}

static bool
blank(xmlChar c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void
ivm_xml_text(char *dst, size_t size, xmlNodePtr n, bool fold)
{
	dst[0] = '\0';
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	if (t == NULL)
		return;
	size_t o = 0;
	bool pending = false;
	for (const xmlChar *p = t; *p && o + 1 < size; p++) {
		if (blank(*p) && (fold || o == 0)) {
			pending = o > 0;
			continue;
		}
		if (pending && o + 2 < size)
			dst[o++] = ' ';
		pending = false;
		dst[o++] = (char)*p;
	}
	while (o > 0 && blank((xmlChar)dst[o - 1]))
		o--;
	dst[o] = '\0';
	xmlFree(t);
}

void
ivm_xml_attr(char *dst, size_t size, xmlNodePtr n, const char *name)
{
	dst[0] = '\0';
	xmlChar *v = n ? xmlGetProp(n, BAD_CAST name) : NULL;
	if (v) {
		snprintf(dst, size, "%s", (const char *)v);
		xmlFree(v);
	}
}
