/* core/xml.h: the one way ipamvmm parses XML that came from outside: no network, no DTD, nothing printed. */
#ifndef IVM_XML_H
#define IVM_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

/* NULL when the bytes are not UTF-8 XML. libxml2 prints some errors itself
 * (an encoding it guessed from NUL bytes, say) whatever the parse options,
 * and that text would land on the user's terminal: input that is not plain
 * UTF-8 without NUL bytes never reaches it. */
xmlDocPtr ivm_xml_read(const char *buf, size_t len, const char *name);

/* An element with this namespace URI and local name (any prefix). */
bool ivm_xml_is(const xmlNode *n, const char *ns, const char *name);
/* Its first child element of that name, or NULL (parent may be NULL). */
xmlNodePtr ivm_xml_child(xmlNodePtr parent, const char *ns, const char *name);
/* Text content into dst: trimmed, and with inner runs of white space
 * folded to one space when fold. "" for a NULL node. */
void ivm_xml_text(char *dst, size_t size, xmlNodePtr n, bool fold);
/* An attribute (no namespace) into dst; "" when absent. */
void ivm_xml_attr(char *dst, size_t size, xmlNodePtr n, const char *name);

#endif
