/* core/clixml.h: turns PowerShell's CLIXML stderr into text a person can read. */
#ifndef IVM_CLIXML_H
#define IVM_CLIXML_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* True when s starts (after optional UTF-8 BOM / leading whitespace) with the "#< CLIXML" marker. */
bool ivm_clixml_is(const char *s, size_t n);
/* Append to out the plain text a person should read for this stderr stream.
 * Non-CLIXML input is appended unchanged except CRLF -> LF. Never loses information:
 * if the XML cannot be parsed, the raw text (minus the marker line) is appended.
 * A "#< CLIXML" line further down (after plain text, or a second block) is
 * decoded too. The bytes may come from a hostile server: any input is safe. */
void ivm_clixml_decode(struct ivm_buf *out, const char *s, size_t n);

#endif
