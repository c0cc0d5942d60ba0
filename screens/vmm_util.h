/* screens/vmm_util.h: what the VMM wizard's pages share: controls bound to settings, lists read from the VMM server. */
#ifndef IVM_VMM_UTIL_H
#define IVM_VMM_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/contract.h"
#include "screens/wizard.h"

/* The console the seven wizard pages replay, and the one of its dialogs. */
#define IVM_VMM_WIZARD "VMM Add Network Service Wizard"
#define IVM_VMM_CONSOLE "Virtual Machine Manager"


/* A control that holds one setting (a field of ivm_setting_fields). */
/* The value in effect of a setting (derived defaults included), in out. */
const char *ivm_vmm_setting(struct ivm_wiz *w, const char *name, struct ivm_buf *out);
/* Set one setting by name; -1 with the rule shown as a wizard error. */
int ivm_vmm_set(struct ivm_wiz *w, const char *name, const char *value);

/* Read a list from the VMM server; on failure the error is shown beside
 * the control ctl (when given) and in the status line, and -1 returned.
 * The caller releases out. */
int ivm_vmm_read(struct ivm_wiz *w, struct ivm_form *f, const char *ctl, const char *op_id,
                 struct ivm_result *out);
/* A record's field, "" when it has none. */
const char *ivm_vmm_rec(const struct ivm_record *r, const char *name);

/* The key of a list's current row (malloc'd), NULL when it has none. */
char *ivm_vmm_current_key(const struct ivm_ctl *c);
/* Make the row whose key is key (case-insensitive) current; false when none is. */
bool ivm_vmm_select(struct ivm_ctl *c, const char *key);

/* Whether the Run As account called name is one this session makes (new:
 * a password for it is known) or one VMM already has (existing); stores
 * the name and that mode. */
int ivm_vmm_use_runas(struct ivm_wiz *w, const char *name);

#endif
