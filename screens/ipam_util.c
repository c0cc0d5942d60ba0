/* screens/ipam_util.c: what the IPAM-server pages share: reading lists from the server, comparing accounts. */
#include "config.h"

#include "screens/ipam_util.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *
ivm_ipamui_rec(const struct ivm_record *r, const char *name)
{
	const char *v = ivm_field_get(r->fields, r->nfields, name);
	return v ? v : "";
}

void
ivm_ipamui_err_text(const struct ivm_err *err, char *out, size_t size)
{
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_buf_addf(&b, "%s%s%s%s%s", err->what, err->why[0] ? ": " : "", err->why,
	             err->next[0] ? ". Next: " : "", err->next);
	snprintf(out, size, "%s", ivm_buf_str(&b));	/* cut to fit: the status line is finite */
	ivm_buf_release(&b);
}

int
ivm_ipamui_read(struct ivm_wiz *w, struct ivm_form *f, enum ivm_side side, const char *op,
                const struct ivm_param *params, size_t nparams, struct ivm_result *out, struct ivm_err *err)
{
	struct ivm_err own;
	struct ivm_err *e = err ? err : &own;

	ivm_err_clear(e);
	memset(out, 0, sizeof(*out));
	if (ivm_wiz_read(w, side, op, params, nparams, out, e) == 0 && out->status != IVM_ST_FAILED)
		return 0;
	if (e->what[0] == '\0')
		/* the server answered "failed": its message says what and why */
		ivm_err_set(e, IVM_E_REMOTE, op, "Check that the account you connect with administers this server, "
		            "then press the button again.", "%s", out->message ? out->message : "the server refused");
	ivm_result_release(out);
	if (f != NULL) {
		char text[sizeof(f->status)];
		ivm_ipamui_err_text(e, text, sizeof(text));
		ivm_form_status(f, "Could not read from %s: %s", ivm_wiz_label(w, side), text);
	}
	return -1;
}

int
ivm_ipamui_resolve(struct ivm_wiz *w, const char *account, char *canon, size_t csize, char *sid, size_t ssize,
                   char *type, size_t tsize, struct ivm_err *err)
{
	struct ivm_param p[] = { { "Account", account } };
	struct ivm_result r;

	if (ivm_ipamui_read(w, NULL, IVM_SIDE_IPAM, "resolve-account", p, IVM_COUNT(p), &r, err) < 0)
		return -1;
	const char *v = ivm_field_get(r.fields, r.nfields, "Account");
	snprintf(canon, csize, "%s", v && v[0] ? v : account);
	v = ivm_field_get(r.fields, r.nfields, "SID");
	snprintf(sid, ssize, "%s", v ? v : "");
	v = ivm_field_get(r.fields, r.nfields, "Type");
	snprintf(type, tsize, "%s", v ? v : "");
	ivm_result_release(&r);
	return 0;
}

bool
ivm_ipamui_has_member(const struct ivm_result *members, const char *sid, const char *name)
{
	for (size_t i = 0; i < members->nrecords; i++) {
		const struct ivm_record *m = &members->records[i];
		if (sid && sid[0] && strcasecmp(ivm_ipamui_rec(m, "SID"), sid) == 0)
			return true;
		if (name && name[0] && strcasecmp(ivm_ipamui_rec(m, "Member"), name) == 0)
			return true;
	}
	return false;
}

const char *
ivm_ipamui_setting(struct ivm_wiz *w, const char *field, struct ivm_buf *scratch)
{
	const struct ivm_setting_field *sf = ivm_setting_field_find(field);

	ivm_buf_clear(scratch);
	if (sf != NULL)
		ivm_settings_effective(ivm_wiz_settings(w), sf, scratch);
	return ivm_buf_str(scratch);
}

int
ivm_ipamui_set(struct ivm_wiz *w, const char *field, const char *value, struct ivm_err *err)
{
	return ivm_settings_set(ivm_wiz_settings(w), field, value, err);
}

bool
ivm_ipamui_select_key(struct ivm_ctl *c, const char *key)
{
	if (key == NULL)
		return false;
	for (size_t i = 0; i < c->nrows; i++)
		if (strcasecmp(ivm_row_key(&c->rows[i]), key) == 0) {
			c->cur = i;
			return true;
		}
	return false;
}

bool
ivm_ipamui_first_enter(struct ivm_form *f, const char *id)
{
	struct ivm_ctl *c = ivm_form_ctl(f, id);
	if (c == NULL)
		return false;
	c->hidden = true;
	if (c->text[0] != '\0')
		return false;
	ivm_ctl_set_text(c, "seen");
	return true;
}
