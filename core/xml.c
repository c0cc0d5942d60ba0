/* core/xml.c: the one way ipamvmm parses XML that came from outside: no network, no DTD, nothing printed. */
#include "config.h"

#include "core/xml.h"

#include <stdint.h>
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
