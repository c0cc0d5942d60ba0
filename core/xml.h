/* core/xml.h: the one way ipamvmm parses XML that came from outside: no network, no DTD, nothing printed. */
#ifndef IVM_XML_H
#define IVM_XML_H

#include <stddef.h>
#include <libxml/tree.h>

/* NULL when the bytes are not UTF-8 XML. libxml2 prints some errors itself
 * (an encoding it guessed from NUL bytes, say) whatever the parse options,
 * and that text would land on the user's terminal: input that is not plain
 * UTF-8 without NUL bytes never reaches it. */
xmlDocPtr ivm_xml_read(const char *buf, size_t len, const char *name);

#endif
