/* screens/wizard_values.c: the wizard's settings and typed passwords, and their controls on the pages. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "screens/wizard_int.h"

struct ivm_ui *
ivm_wiz_ui(struct ivm_wiz *w)
{
	return w->ui;
}

struct ivm_settings *
ivm_wiz_settings(struct ivm_wiz *w)
{
	return &w->s;
}

bool
ivm_wiz_lab(const struct ivm_wiz *w)
{
	return ivm_settings_is_lab(&w->s);
}

const char *
ivm_wiz_label(struct ivm_wiz *w, enum ivm_side side)
{
	if (w->connected)
		return ivm_session_label(w->session, side);
	snprintf(w->label[side], sizeof(w->label[side]), "%s%s server %s", ivm_wiz_lab(w) ? "LAB " : "",
	         side == IVM_SIDE_IPAM ? "IPAM" : "VMM", ivm_settings_host(&w->s, side));
	return w->label[side];
}

void
ivm_wiz_set_password(struct ivm_wiz *w, enum ivm_side side, const char *pw)
{
	ivm_secret_free(&w->password[side]);
	if (pw && pw[0])
		w->password[side] = ivm_xstrdup(pw);
}

const char *
ivm_wiz_password(const struct ivm_wiz *w, enum ivm_side side)
{
	return w->password[side];
}

/* ---- settings <-> controls ----------------------------------------------- */

void
ivm_wiz_fill(struct ivm_wiz *w, struct ivm_form *f, const char *ctl, const char *setting)
{
	struct ivm_ctl *c = ivm_form_ctl(f, ctl);
	const struct ivm_setting_field *sf = ivm_setting_field_find(setting);
	if (c == NULL || sf == NULL || (!w->first_visit && c->text[0]))
		return;
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_settings_effective(&w->s, sf, &b);
	if (c->def->kind == IVM_CTL_CHECK)
		c->checked = b.data && strcmp(b.data, "yes") == 0;
	else
		ivm_ctl_set_text(c, b.data ? b.data : "");
	ivm_buf_release(&b);
}

int
ivm_wiz_store(struct ivm_wiz *w, struct ivm_form *f, const char *ctl, const char *setting)
{
	struct ivm_ctl *c = ivm_form_ctl(f, ctl);
	const struct ivm_setting_field *sf = ivm_setting_field_find(setting);
	if (c == NULL || sf == NULL)
		return 0;
	const char *v = c->def->kind == IVM_CTL_CHECK ? (c->checked ? "yes" : "no") : ivm_form_value(f, ctl);
	char msg[IVM_CHECK_MSG];
	if (ivm_settings_set_field(&w->s, sf, v ? v : "", msg, sizeof(msg)) < 0) {
		ivm_form_error(f, ctl, "%s", msg);
		return -1;
	}
	return 0;
}

void
ivm_wiz_fill_binds(struct ivm_wiz *w, struct ivm_form *f, const struct ivm_bind *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ivm_wiz_fill(w, f, b[i].ctl, b[i].setting);
}

int
ivm_wiz_store_binds(struct ivm_wiz *w, struct ivm_form *f, const struct ivm_bind *b, size_t n)
{
	const char *first = NULL;
	for (size_t i = 0; i < n; i++)
		if (ivm_wiz_store(w, f, b[i].ctl, b[i].setting) < 0 && first == NULL)
			first = b[i].ctl;
	/* each refusal takes the focus: give it back to the first */
	if (first != NULL)
		ivm_form_focus_id(f, first);
	return first ? -1 : 0;
}

void
ivm_wiz_store_binds_back(struct ivm_wiz *w, struct ivm_form *f, const struct ivm_bind *b, size_t n)
{
	size_t focus = f->focus;
	for (size_t i = 0; i < n; i++)
		(void)ivm_wiz_store(w, f, b[i].ctl, b[i].setting);
	ivm_form_clear_errors(f);
	f->focus = focus;
}

