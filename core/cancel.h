/* core/cancel.h: a cancel request (Ctrl-C) that long operations notice, so they can clean up on the server first. */
#ifndef IVM_CANCEL_H
#define IVM_CANCEL_H

#include <stdbool.h>

/* Async-signal-safe: called from a SIGINT/SIGTERM handler. */
void ivm_cancel_request(void);
bool ivm_cancelled(void);
void ivm_cancel_reset(void);
/* SIGINT and SIGTERM request a cancel; a second one ends the program at once
 * (the handler is reset to the default after the first). */
void ivm_cancel_install_handlers(void);

#endif
