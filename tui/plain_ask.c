/* tui/plain_ask.c: the line renderer's prompts, one per control kind, and the keys every prompt takes. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xalloc.h"
#include "tui/plain_int.h"

/* What a whole answer means when it is one of these keys; "\<" types a '<'. */
enum key { KEY_NONE, KEY_BACK, KEY_CANCEL, KEY_HELP };

static const struct {
	char c;
	enum key key;
} keys[] = { { '<', KEY_BACK }, { '!', KEY_CANCEL }, { '?', KEY_HELP } };

const char *
plain_label(const struct ivm_ctl *c)
{
	if (c->def->label)
		return c->def->label;
	return c->def->id ? c->def->id : "";
}

/* Labels such as "Enter the object names to select:" lose the colon, since
 * the prompt adds its own. */
int
plain_label_len(const char *l)
{
	size_t n = strlen(l);
	while (n > 0 && (l[n - 1] == ':' || l[n - 1] == ' '))
		n--;
	return (int)n;
}


static enum key
key_of(struct ivm_buf *ans)
{
	if (ans->len == 1) {
		for (size_t i = 0; i < IVM_COUNT(keys); i++)
			if (ans->data[0] == keys[i].c)
				return keys[i].key;
	}
	if (ans->len == 2 && ans->data[0] == '\\' && strchr("<!?-", ans->data[1])) {
		ans->data[0] = ans->data[1];
		ans->data[1] = '\0';
		ans->len = 1;
	}
	return KEY_NONE;
}

static bool
is_clear(const struct ivm_buf *ans)
{
	return ans->len == 1 && ans->data[0] == '-';
}

/* Arrow keys on a dumb terminal arrive as ESC sequences inside the answer. */
static bool
has_controls(const char *s, bool lines)
{
	for (; *s; s++) {
		unsigned char b = (unsigned char)*s;
		if ((b < 0x20 && !(lines && b == '\n')) || b == 0x7f)
			return true;
	}
	return false;
}

int
plain_button(const struct ivm_form *f, int action, unsigned flag)
{
	for (size_t i = 0; i < f->def->nbuttons; i++) {
		const struct ivm_button_def *b = &f->def->buttons[i];
		if ((f->button_off & (1u << i)) || i >= 32)
			continue;
		if (flag ? (b->flags & flag) != 0 : b->action == action)
			return (int)i;
	}
	return -1;
}

/* The keys every prompt takes. PLAIN_ANSWER when they were handled here. */
static int
go_back(struct plain *p, struct ivm_form *f)
{
	int b = plain_button(f, IVM_ACT_PREV, 0);
	if (b >= 0)
		return ivm_form_press(f, (size_t)b);
	plain_say(p, "This page has no Previous: answer, choose an action, or type ! to cancel.");
	return PLAIN_ANSWER;
}

/* Like Esc in curses: the Cancel button, no question here; the wizard asks
 * before leaving (a dialog's Cancel loses nothing, so it does not). */
static int
go_cancel(struct plain *p, struct ivm_form *f)
{
	int b = plain_button(f, 0, IVM_BTN_CANCEL);
	if (b >= 0)
		return ivm_form_press(f, (size_t)b);
	plain_say(p, "This page has no Cancel: choose one of its actions.");
	return PLAIN_ANSWER;
}

/* Prompt until an answer; c NULL: the action menu. */
int
plain_ask(struct plain *p, struct ivm_form *f, struct ivm_ctl *c, const char *prompt,
    struct ivm_buf *ans, bool secret)
{
	for (;;) {
		if (plain_ask_line(p, prompt, ans, secret) != PLAIN_LINE)
			return IVM_ACT_QUIT;
		int act = PLAIN_ANSWER;
		switch (key_of(ans)) {
		case KEY_BACK:
			act = go_back(p, f);
			break;
		case KEY_CANCEL:
			act = go_cancel(p, f);
			break;
		case KEY_HELP:
			plain_help(p, f, c);
			break;
		case KEY_NONE:
			return PLAIN_ANSWER;
		}
		if (act != PLAIN_ANSWER)
			return act;
	}
}

/* value: what was refused, when it is not the control's text yet. */
static void
error_for(struct plain *p, struct ivm_ctl *c, const char *msg, const char *value)
{
	/* A rule might quote what it refused; a password is never said. */
	if (c->def->kind == IVM_CTL_PASSWORD) {
		const char *v = value ? value : c->text;
		if (strlen(v) >= 3 && strstr(msg, v))
			msg = "the value typed is not valid here";
	}
	plain_say(p, "Error: %.*s: %s", LBL(c), msg);
}

void
plain_error(struct plain *p, struct ivm_ctl *c, const char *msg)
{
	error_for(p, c, msg, NULL);
}

/* The rule of a text control; true when the value passes. */
static bool
passes(struct plain *p, struct ivm_ctl *c, const char *value)
{
	char msg[sizeof(c->error)] = "";
	if (value[0] == '\0') {
		if (!c->def->required)
			return true;
		plain_error(p, c, "required: enter a value");
		return false;
	}
	if (c->def->validate == NULL || c->def->validate(value, msg, sizeof(msg)) == 0)
		return true;
	error_for(p, c, msg[0] ? msg : "not valid here", value);
	ivm_wipe(msg, sizeof(msg));
	return false;
}

static int
ask_text(struct plain *p, struct ivm_form *f, struct ivm_ctl *c)
{
	bool secret = c->def->kind == IVM_CTL_PASSWORD;
	struct ivm_buf prompt = IVM_BUF_INIT, ans = IVM_BUF_INIT;
	int r;

	if (secret) {
		/* Room for any password up front: growing would leave copies. */
		static const char room[2048];
		ivm_buf_add(&ans, room, sizeof(room));
		ivm_buf_clear(&ans);
		ivm_buf_addf(&prompt, c->text[0] ? "%.*s [Enter keeps the one typed]: " : "%.*s: ", LBL(c));
	} else {
		ivm_buf_addf(&prompt, c->text[0] ? "%.*s [%s]: " : "%.*s: ", LBL(c), c->text);
	}
	for (;;) {
		r = plain_ask(p, f, c, ivm_buf_str(&prompt), &ans, secret);
		if (r != PLAIN_ANSWER || ans.len == 0)
			break;
		if (has_controls(ivm_buf_str(&ans), false)) {
			plain_error(p, c, "the answer holds control characters (arrow keys and the like do "
			      "not work here); type it again");
			continue;
		}
		const char *v = is_clear(&ans) ? "" : ivm_buf_str(&ans);
		if (!passes(p, c, v))
			continue;
		ivm_ctl_set_text(c, v);
		break;
	}
	if (secret)
		ivm_buf_wipe(&ans);
	ivm_buf_release(&ans);
	ivm_buf_release(&prompt);
	return r;
}

static int
ask_multiline(struct plain *p, struct ivm_form *f, struct ivm_ctl *c)
{
	struct ivm_buf prompt = IVM_BUF_INIT, ans = IVM_BUF_INIT, text = IVM_BUF_INIT;
	int r;

	if (strchr(c->text, '\n')) {
		plain_state(p, f, c);
		ivm_buf_addf(&prompt, "%.*s [Enter keeps it]: ", LBL(c));
	} else {
		ivm_buf_addf(&prompt, c->text[0] ? "%.*s [%s]: " : "%.*s: ", LBL(c), c->text);
	}
	for (;;) {
		r = plain_ask(p, f, c, ivm_buf_str(&prompt), &ans, false);
		if (r != PLAIN_ANSWER || ans.len == 0)
			break;
		ivm_buf_clear(&text);
		if (!is_clear(&ans)) {
			ivm_buf_adds(&text, ivm_buf_str(&ans));
			struct ivm_buf more = IVM_BUF_INIT;
			ivm_buf_addf(&more, "%.*s, next line (Enter alone ends): ", LBL(c));
			while ((r = plain_ask(p, f, c, ivm_buf_str(&more), &ans, false)) == PLAIN_ANSWER && ans.len > 0) {
				ivm_buf_addc(&text, '\n');
				ivm_buf_adds(&text, ivm_buf_str(&ans));
			}
			ivm_buf_release(&more);
			if (r != PLAIN_ANSWER)
				break;
		}
		if (has_controls(ivm_buf_str(&text), true)) {
			plain_error(p, c, "the answer holds control characters (arrow keys and the like do "
			      "not work here); type it again");
			continue;
		}
		if (!passes(p, c, ivm_buf_str(&text)))
			continue;
		ivm_ctl_set_text(c, ivm_buf_str(&text));
		break;
	}
	ivm_buf_release(&text);
	ivm_buf_release(&ans);
	ivm_buf_release(&prompt);
	return r;
}

static int
ask_check(struct plain *p, struct ivm_form *f, struct ivm_ctl *c)
{
	struct ivm_buf prompt = IVM_BUF_INIT, ans = IVM_BUF_INIT;
	int r;

	ivm_buf_addf(&prompt, "%.*s [%s]: ", LBL(c), c->checked ? "yes" : "no");
	while ((r = plain_ask(p, f, c, ivm_buf_str(&prompt), &ans, false)) == PLAIN_ANSWER) {
		const char *a = ivm_buf_str(&ans);
		if (a[0] == '\0')
			break;
		if (strcasecmp(a, "y") == 0 || strcasecmp(a, "yes") == 0) {
			c->checked = true;
			break;
		}
		if (strcasecmp(a, "n") == 0 || strcasecmp(a, "no") == 0) {
			c->checked = false;
			break;
		}
		plain_error(p, c, "answer y or n");
	}
	ivm_buf_release(&ans);
	ivm_buf_release(&prompt);
	return r;
}

/* A row number from 1 to n, or 0. */
size_t
plain_row_number(const char *s, size_t n)
{
	char *end;
	if (!isdigit((unsigned char)s[0]))
		return 0;
	unsigned long v = strtoul(s, &end, 10);
	while (*end == ' ')
		end++;
	return *end == '\0' && v >= 1 && v <= n ? (size_t)v : 0;
}

/* A number picks the current row (CHOICE, LIST, TREE without checkboxes). */
int
plain_ask_row(struct plain *p, struct ivm_form *f, struct ivm_ctl *c, const char *what)
{
	struct ivm_buf prompt = IVM_BUF_INIT, ans = IVM_BUF_INIT;
	int r;

	ivm_buf_addf(&prompt, "%.*s, %s [%zu]: ", LBL(c), what, (c->cur < c->nrows ? c->cur : 0) + 1);
	while ((r = plain_ask(p, f, c, ivm_buf_str(&prompt), &ans, false)) == PLAIN_ANSWER) {
		if (ans.len == 0)
			break;
		size_t n = plain_row_number(ivm_buf_str(&ans), c->nrows);
		if (n > 0) {
			ivm_ctl_move(c, (int)n - 1 - (int)c->cur);
			break;
		}
		char msg[96];
		snprintf(msg, sizeof(msg), "type a number from 1 to %zu", c->nrows);
		plain_error(p, c, msg);
	}
	ivm_buf_release(&ans);
	ivm_buf_release(&prompt);
	return r;
}

/* The checked rows, by number or by text; how many. */
static size_t
list_checked(const struct ivm_ctl *c, struct ivm_buf *b, bool numbers)
{
	size_t k = 0;
	for (size_t i = 0; i < c->nrows; i++) {
		if (!c->rows[i].checked)
			continue;
		if (k++)
			ivm_buf_adds(b, ", ");
		if (numbers)
			ivm_buf_addf(b, "%zu", i + 1);
		else
			ivm_buf_adds(b, c->rows[i].text);
	}
	return k;
}

/* Numbers toggle rows (LIST, TREE with checkboxes). */
static int
ask_toggle(struct plain *p, struct ivm_form *f, struct ivm_ctl *c)
{
	struct ivm_buf prompt = IVM_BUF_INIT, ans = IVM_BUF_INIT;
	int r;
	bool *flip = ivm_xcalloc(c->nrows, sizeof(*flip));

	ivm_buf_addf(&prompt, "%.*s, numbers to check or uncheck [checked: ", LBL(c));
	if (list_checked(c, &prompt, true) == 0) {
		ivm_buf_clear(&prompt);
		ivm_buf_addf(&prompt, "%.*s, numbers to check or uncheck [none checked", LBL(c));
	}
	ivm_buf_adds(&prompt, "]: ");
	while ((r = plain_ask(p, f, c, ivm_buf_str(&prompt), &ans, false)) == PLAIN_ANSWER) {
		if (ans.len == 0)
			break;
		memset(flip, 0, c->nrows * sizeof(*flip));
		bool ok = true;
		for (char *tok = strtok(ans.data, " ,;"); tok; tok = strtok(NULL, " ,;")) {
			size_t n = plain_row_number(tok, c->nrows);
			if (n == 0)
				ok = false;
			else
				flip[n - 1] = true;
		}
		if (!ok) {
			char msg[128];
			snprintf(msg, sizeof(msg), "type row numbers from 1 to %zu, separated by spaces", c->nrows);
			plain_error(p, c, msg);
			continue;
		}
		for (size_t i = 0; i < c->nrows; i++)
			if (flip[i]) {
				c->rows[i].checked = !c->rows[i].checked;
				c->rows[i].changed = true;
			}
		c->error[0] = '\0';
		struct ivm_buf now = IVM_BUF_INIT;
		if (list_checked(c, &now, false) == 0)
			ivm_buf_adds(&now, "none");
		plain_say(p, "%.*s now checked: %s", LBL(c), ivm_buf_str(&now));
		ivm_buf_release(&now);
		break;
	}
	free(flip);
	ivm_buf_release(&ans);
	ivm_buf_release(&prompt);
	return r;
}

int
plain_ask_ctl(struct plain *p, struct ivm_form *f, struct ivm_ctl *c)
{
	switch (c->def->kind) {
	case IVM_CTL_TEXT:
	case IVM_CTL_PASSWORD:
		return ask_text(p, f, c);
	case IVM_CTL_MULTILINE:
		return ask_multiline(p, f, c);
	case IVM_CTL_CHECK:
		return ask_check(p, f, c);
	case IVM_CTL_CHOICE:
	case IVM_CTL_LIST:
	case IVM_CTL_TREE:
		plain_rows(p, c);
		if (c->nrows == 0)
			return PLAIN_ANSWER;
		if (c->def->checkboxes && c->def->kind != IVM_CTL_CHOICE)
			return ask_toggle(p, f, c);
		return plain_ask_row(p, f, c, "choose a number");
	case IVM_CTL_BUTTON:
	case IVM_CTL_NOTE:
		break;
	}
	return PLAIN_ANSWER;
}

