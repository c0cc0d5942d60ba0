/* screens/ipam_util.h: what the IPAM-server pages share: reading lists from the server, comparing accounts, button rows. */
#ifndef IVM_IPAM_UTIL_H
#define IVM_IPAM_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "screens/wizard.h"

/* Remote Management Users: found by its well-known SID, its name is localized. */
#define IVM_IPAMUI_SID_RMU "S-1-5-32-580"

/* A record's field, "" when it has none. */
const char *ivm_ipamui_rec(const struct ivm_record *r, const char *name);

/* Run a reading operation on side. 0 with *out filled (release it); -1 with
 * the failure (what, why, what to do) in the form's status, and in err when
 * err is not NULL. A "failed" result is a failure too. */
int ivm_ipamui_read(struct ivm_wiz *w, struct ivm_form *f, enum ivm_side side, const char *op,
                    const struct ivm_param *params, size_t nparams, struct ivm_result *out,
                    struct ivm_err *err);

/* "what: why. Next: next" into out[size]. */
void ivm_ipamui_err_text(const struct ivm_err *err, char *out, size_t size);

/* The account as the IPAM server names it (canon) and its SID; -1 with err
 * when it does not resolve. */
int ivm_ipamui_resolve(struct ivm_wiz *w, const char *account, char *canon, size_t csize,
                       char *sid, size_t ssize, char *type, size_t tsize, struct ivm_err *err);

/* Is the account (by SID when known, else by name, ignoring case) among the
 * records of a list-group-members result? */
bool ivm_ipamui_has_member(const struct ivm_result *members, const char *sid, const char *name);

/* A setting's value in effect (defaults and derived values included) into
 * scratch, which is cleared first; "" when there is none. */
const char *ivm_ipamui_setting(struct ivm_wiz *w, const char *field, struct ivm_buf *scratch);
/* Set a setting from text; -1 with the rule broken in err. */
int ivm_ipamui_set(struct ivm_wiz *w, const char *field, const char *value, struct ivm_err *err);

/* Make the row whose key is key current (ignoring case); false when none is. */
bool ivm_ipamui_select_key(struct ivm_ctl *c, const char *key);

/* A page's one-time state lives in a hidden control ("seen"), so that
 * enter() knows the first time it runs. True the first time. */
bool ivm_ipamui_first_enter(struct ivm_form *f, const char *id);

/* After Select Users closed with OK: the names it resolved, as the server
 * names them (into out[max]); returns how many. */
size_t ivm_ipamui_selected(struct ivm_wiz *w, const char **out, size_t max);

#endif
