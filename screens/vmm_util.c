/* screens/vmm_util.c: what the VMM wizard's pages share: controls bound to settings, lists read from the VMM server. */
#include "config.h"

#include "screens/vmm_util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xalloc.h"

const char *
ivm_vmm_setting(struct ivm_wiz *w, const char *name, struct ivm_buf *out)
{
	const struct ivm_setting_field *fd = ivm_setting_field_find(name);
	ivm_buf_clear(out);
	if (fd != NULL)
		ivm_settings_effective(ivm_wiz_settings(w), fd, out);
	return ivm_buf_str(out);
}

int
ivm_vmm_set(struct ivm_wiz *w, const char *name, const char *value)
{
	struct ivm_err err;
	if (ivm_settings_set(ivm_wiz_settings(w), name, value, &err) == 0)
		return 0;
	ivm_wiz_error(w, &err);
	return -1;
}

int
ivm_vmm_read(struct ivm_wiz *w, struct ivm_form *f, const char *ctl, const char *op_id, struct ivm_result *out)
{
	struct ivm_err err;
	memset(out, 0, sizeof(*out));
	ivm_err_clear(&err);
	if (ivm_wiz_read(w, IVM_SIDE_VMM, op_id, NULL, 0, out, &err) == 0)
		return 0;
	ivm_result_release(out);
	if (ctl != NULL)
		ivm_form_error(f, ctl, "could not be read from the VMM server: %s", err.what);
	ivm_form_status(f, "%s: %s %s", err.what, err.why, err.next);
	return -1;
}

const char *
ivm_vmm_rec(const struct ivm_record *r, const char *name)
{
	const char *v = ivm_field_get(r->fields, r->nfields, name);
	return v ? v : "";
}

char *
ivm_vmm_current_key(const struct ivm_ctl *c)
{
	if (c->cur >= c->nrows)
		return NULL;
	return ivm_xstrdup(ivm_row_key(&c->rows[c->cur]));
}

bool
ivm_vmm_select(struct ivm_ctl *c, const char *key)
{
	if (key == NULL)
		return false;
	for (size_t i = 0; i < c->nrows; i++) {
		if (strcasecmp(ivm_row_key(&c->rows[i]), key) == 0) {
			c->cur = i;
			if (c->top > i)
				c->top = i;
			return true;
		}
	}
	return false;
}

int
ivm_vmm_use_runas(struct ivm_wiz *w, const char *name)
{
	struct ivm_settings *s = ivm_wiz_settings(w);
	/* New only when this session can create it: it holds its password
	 * (typed in Create Run As Account, or named by the answer file).
	 * Otherwise the account is one VMM has, and is used as it is. */
	bool same = s->runas_name != NULL && strcasecmp(s->runas_name, name) == 0;
	bool is_new = same && s->runas_mode == IVM_RUNAS_NEW && ivm_wiz_password(w, IVM_SIDES) != NULL;
	if (ivm_vmm_set(w, "vmm/runas/name", name) < 0)
		return -1;
	return ivm_vmm_set(w, "vmm/runas/@mode", is_new ? "new" : "existing");
}
