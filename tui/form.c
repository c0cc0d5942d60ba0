/* tui/form.c: the form model: values, focus, rules and editing, shared by both renderers. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/xalloc.h"
#include "tui/form.h"

const struct ivm_button_def ivm_wizard_buttons[3] = {
	{ "< Previous", IVM_ACT_PREV, 'p', 0 },
	{ "Next >", IVM_ACT_NEXT, 'n', IVM_BTN_VALIDATE },
	{ "Cancel", IVM_ACT_CANCEL, 0, IVM_BTN_CANCEL },
};

const struct ivm_button_def ivm_wizard_last_buttons[3] = {
	{ "< Previous", IVM_ACT_PREV, 'p', 0 },
	{ "Finish", IVM_ACT_FINISH, 'f', IVM_BTN_VALIDATE },
	{ "Cancel", IVM_ACT_CANCEL, 0, IVM_BTN_CANCEL },
};

const struct ivm_button_def ivm_dialog_buttons[2] = {
	{ "OK", IVM_ACT_OK, 'o', IVM_BTN_VALIDATE },
	{ "Cancel", IVM_ACT_CANCEL, 0, IVM_BTN_CANCEL },
};

static bool
has_text(const struct ivm_ctl *c)
{
	switch (c->def->kind) {
	case IVM_CTL_TEXT:
	case IVM_CTL_PASSWORD:
	case IVM_CTL_MULTILINE:
	case IVM_CTL_NOTE:
		return true;
	default:
		return false;
	}
}

static bool
has_rows(const struct ivm_ctl *c)
{
	return c->def->kind == IVM_CTL_CHOICE || c->def->kind == IVM_CTL_LIST || c->def->kind == IVM_CTL_TREE;
}

struct ivm_form *
ivm_form_new(const struct ivm_form_def *def)
{
	struct ivm_form *f = ivm_xcalloc(1, sizeof(*f));
	f->def = def;
	f->ctl = ivm_xcalloc(def->nctls ? def->nctls : 1, sizeof(*f->ctl));
	for (size_t i = 0; i < def->nctls; i++) {
		f->ctl[i].def = &def->ctls[i];
		f->ctl[i].text = ivm_xstrdup("");
	}
	f->breadcrumb = ivm_xstrdup("");
	f->focus = 0;
	if (!ivm_form_focusable(f, 0))
		ivm_form_focus_move(f, +1);
	return f;
}

static void
free_text(struct ivm_ctl *c)
{
	if (c->text && c->def->kind == IVM_CTL_PASSWORD)
		ivm_wipe(c->text, strlen(c->text));
	free(c->text);
	c->text = NULL;
}

void
ivm_form_free(struct ivm_form **fp)
{
	struct ivm_form *f = *fp;
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->def->nctls; i++) {
		free_text(&f->ctl[i]);
		ivm_ctl_clear_rows(&f->ctl[i]);
	}
	free(f->ctl);
	free(f->breadcrumb);
	free(f);
	*fp = NULL;
}

struct ivm_ctl *
ivm_form_ctl(struct ivm_form *f, const char *id)
{
	for (size_t i = 0; i < f->def->nctls; i++)
		if (f->ctl[i].def->id && strcmp(f->ctl[i].def->id, id) == 0)
			return &f->ctl[i];
	return NULL;
}

const char *
ivm_form_value(struct ivm_form *f, const char *id)
{
	struct ivm_ctl *c = ivm_form_ctl(f, id);
	if (c == NULL)
		return NULL;
	if (has_rows(c))
		return c->cur < c->nrows ? ivm_row_key(&c->rows[c->cur]) : NULL;
	return c->text;
}

void
ivm_form_set_breadcrumb(struct ivm_form *f, const char *breadcrumb)
{
	free(f->breadcrumb);
	f->breadcrumb = ivm_xstrdup(breadcrumb ? breadcrumb : "");
}

void
ivm_form_status(struct ivm_form *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->status, sizeof(f->status), fmt, ap);
	va_end(ap);
}

void
ivm_form_error(struct ivm_form *f, const char *id, const char *fmt, ...)
{
	struct ivm_ctl *c = ivm_form_ctl(f, id);
	if (c == NULL)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->error, sizeof(c->error), fmt, ap);
	va_end(ap);
	c->hidden = false;
	f->focus = (size_t)(c - f->ctl);
}

void
ivm_form_clear_errors(struct ivm_form *f)
{
	for (size_t i = 0; i < f->def->nctls; i++)
		f->ctl[i].error[0] = '\0';
}

size_t
ivm_form_validate(struct ivm_form *f)
{
	size_t broken = 0;
	ivm_form_clear_errors(f);
	for (size_t i = 0; i < f->def->nctls; i++) {
		struct ivm_ctl *c = &f->ctl[i];
		const struct ivm_ctl_def *d = c->def;
		if (c->hidden || c->disabled || !has_text(c) || d->kind == IVM_CTL_NOTE)
			continue;
		char msg[sizeof(c->error)] = "";
		if (c->text[0] == '\0') {
			if (d->required)
				snprintf(msg, sizeof(msg), "required: enter a value");
		} else if (d->validate && d->validate(c->text, msg, sizeof(msg)) == 0) {
			msg[0] = '\0';
		} else if (d->validate && msg[0] == '\0') {
			snprintf(msg, sizeof(msg), "not valid here");
		}
		if (msg[0] == '\0')
			continue;
		snprintf(c->error, sizeof(c->error), "%s", msg);
		if (broken++ == 0)
			f->focus = i;
	}
	return broken;
}

size_t
ivm_form_nfocus(const struct ivm_form *f)
{
	return f->def->nctls + f->def->nbuttons;
}

bool
ivm_form_focusable(const struct ivm_form *f, size_t i)
{
	if (i >= f->def->nctls)
		return i < ivm_form_nfocus(f) && !(f->button_off & (1u << (i - f->def->nctls)));
	const struct ivm_ctl *c = &f->ctl[i];
	if (c->hidden || c->disabled)
		return false;
	if (c->def->kind == IVM_CTL_NOTE)
		return c->def->help != NULL;
	return true;
}

void
ivm_form_focus_move(struct ivm_form *f, int dir)
{
	size_t n = ivm_form_nfocus(f);
	if (n == 0)
		return;
	size_t i = f->focus;
	for (size_t k = 0; k < n; k++) {
		i = (i + n + (size_t)(dir < 0 ? -1 : 1)) % n;
		if (ivm_form_focusable(f, i)) {
			f->focus = i;
			return;
		}
	}
}

void
ivm_form_focus_id(struct ivm_form *f, const char *id)
{
	struct ivm_ctl *c = ivm_form_ctl(f, id);
	if (c)
		f->focus = (size_t)(c - f->ctl);
}

int
ivm_form_button(const struct ivm_form *f, int action)
{
	for (size_t i = 0; i < f->def->nbuttons; i++)
		if (f->def->buttons[i].action == action)
			return (int)i;
	return -1;
}

int
ivm_form_press(struct ivm_form *f, size_t button)
{
	if (button >= f->def->nbuttons || (f->button_off & (1u << button)))
		return IVM_ACT_NONE;
	const struct ivm_button_def *b = &f->def->buttons[button];
	if ((b->flags & IVM_BTN_VALIDATE) && ivm_form_validate(f) > 0)
		return IVM_ACT_NONE;
	if (!(b->flags & IVM_BTN_VALIDATE))
		ivm_form_clear_errors(f);
	return b->action;
}

int
ivm_form_enter(struct ivm_form *f)
{
	if (f->focus >= f->def->nctls)
		return ivm_form_press(f, f->focus - f->def->nctls);
	struct ivm_ctl *c = &f->ctl[f->focus];
	if (c->def->kind == IVM_CTL_BUTTON)
		return c->def->action;
	if ((c->def->kind == IVM_CTL_LIST || c->def->kind == IVM_CTL_TREE) && c->def->action && c->nrows > 0)
		return c->def->action;
	int b = ivm_form_button(f, f->def->default_action);
	if (b >= 0)
		return ivm_form_press(f, (size_t)b);
	return f->def->default_action;
}

/* ---- values ------------------------------------------------------------- */

void
ivm_ctl_set_text(struct ivm_ctl *c, const char *text)
{
	free_text(c);
	c->text = ivm_xstrdup(text ? text : "");
	c->caret = strlen(c->text);
}

void
ivm_ctl_clear_rows(struct ivm_ctl *c)
{
	for (size_t i = 0; i < c->nrows; i++) {
		free(c->rows[i].text);
		free(c->rows[i].key);
	}
	free(c->rows);
	c->rows = NULL;
	c->nrows = 0;
	c->cur = 0;
	c->top = 0;
}

struct ivm_row *
ivm_ctl_add_row(struct ivm_ctl *c, const char *text, const char *key)
{
	c->rows = ivm_xrealloc(c->rows, (c->nrows + 1) * sizeof(*c->rows));
	struct ivm_row *r = &c->rows[c->nrows++];
	memset(r, 0, sizeof(*r));
	r->text = ivm_xstrdup(text ? text : "");
	r->key = key ? ivm_xstrdup(key) : NULL;
	r->changed = true;
	return r;
}

void
ivm_row_set_text(struct ivm_row *r, const char *text)
{
	if (strcmp(r->text, text) == 0)
		return;
	free(r->text);
	r->text = ivm_xstrdup(text);
	r->changed = true;
}

void
ivm_ctl_remove_row(struct ivm_ctl *c, size_t i)
{
	if (i >= c->nrows)
		return;
	free(c->rows[i].text);
	free(c->rows[i].key);
	memmove(&c->rows[i], &c->rows[i + 1], (c->nrows - i - 1) * sizeof(*c->rows));
	c->nrows--;
	if (c->cur >= c->nrows && c->cur > 0)
		c->cur = c->nrows ? c->nrows - 1 : 0;
	if (c->top > c->cur)
		c->top = c->cur;
}

const char *
ivm_row_key(const struct ivm_row *r)
{
	return r->key ? r->key : r->text;
}

/* Bytes of the UTF-8 character that starts at s. */
static size_t
char_len(const char *s)
{
	unsigned char b = (unsigned char)*s;
	size_t n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
	for (size_t i = 1; i < n; i++)
		if (s[i] == '\0')
			return i;
	return n;
}

static size_t
char_before(const char *text, size_t at)
{
	size_t i = at;
	while (i > 0 && ((unsigned char)text[--i] & 0xc0) == 0x80)
		;
	return i;
}

void
ivm_ctl_insert(struct ivm_ctl *c, const char *utf8)
{
	size_t len = strlen(c->text), add = strlen(utf8);
	if (c->caret > len)
		c->caret = len;
	char *t = ivm_xmalloc(len + add + 1);
	memcpy(t, c->text, c->caret);
	memcpy(t + c->caret, utf8, add);
	memcpy(t + c->caret + add, c->text + c->caret, len - c->caret + 1);
	size_t caret = c->caret + add;
	free_text(c);
	c->text = t;
	c->caret = caret;
	c->error[0] = '\0';
}

/* Remove n bytes at at; the bytes freed at the end are zeroed, since the
 * text may be a password. */
static void
cut(struct ivm_ctl *c, size_t at, size_t n)
{
	size_t len = strlen(c->text);
	memmove(c->text + at, c->text + at + n, len - at - n + 1);
	ivm_wipe(c->text + len - n + 1, n);
}

void
ivm_ctl_backspace(struct ivm_ctl *c)
{
	if (c->caret == 0)
		return;
	size_t from = char_before(c->text, c->caret);
	cut(c, from, c->caret - from);
	c->caret = from;
	c->error[0] = '\0';
}

void
ivm_ctl_delete(struct ivm_ctl *c)
{
	if (c->text[c->caret] == '\0')
		return;
	cut(c, c->caret, char_len(c->text + c->caret));
	c->error[0] = '\0';
}

void
ivm_ctl_caret(struct ivm_ctl *c, int dir)
{
	if (dir <= -2)
		c->caret = 0;
	else if (dir >= 2)
		c->caret = strlen(c->text);
	else if (dir < 0)
		c->caret = char_before(c->text, c->caret);
	else if (c->text[c->caret])
		c->caret += char_len(c->text + c->caret);
}

void
ivm_ctl_move(struct ivm_ctl *c, int delta)
{
	if (c->nrows == 0)
		return;
	long cur = (long)c->cur + delta;
	if (cur < 0)
		cur = 0;
	if (cur >= (long)c->nrows)
		cur = (long)c->nrows - 1;
	c->cur = (size_t)cur;
	if (c->def->kind == IVM_CTL_CHOICE)
		c->error[0] = '\0';
}

void
ivm_ctl_toggle(struct ivm_ctl *c)
{
	if (c->def->kind == IVM_CTL_CHECK) {
		c->checked = !c->checked;
	} else if (c->cur < c->nrows && c->def->checkboxes) {
		c->rows[c->cur].checked = !c->rows[c->cur].checked;
		c->rows[c->cur].changed = true;
	}
	c->error[0] = '\0';
}

/* Walk the first n bytes of s, a character at a time. */
static size_t
measure(const char *s, size_t n, bool columns)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t w = 0, at = 0;
	while (at < n && s[at]) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + at, n - at, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof(st));
			k = 1;
			wc = L'?';
		}
		int cw = columns ? wcwidth(wc) : 1;
		w += cw < 0 ? 1 : (size_t)cw;
		at += k;
	}
	return w;
}

size_t
ivm_text_width(const char *s)
{
	return measure(s, strlen(s), true);
}

size_t
ivm_text_width_n(const char *s, size_t n)
{
	return measure(s, n, true);
}

size_t
ivm_text_chars_n(const char *s, size_t n)
{
	return measure(s, n, false);
}
