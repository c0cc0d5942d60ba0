/* tui/plain_menu.c: the line renderer's page walk, its numbered action menu, help, and values read out. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/plain_int.h"

void
plain_help(struct plain *p, struct ivm_form *f, struct ivm_ctl *c)
{
	if (c != NULL) {
		const char *h = c->def->help;
		if (h && h[0])
			plain_say(p, "Help for %.*s: %s", LBL(c), h);
		else
			plain_say(p, "No help for %.*s.", LBL(c));
		switch (c->def->kind) {
		case IVM_CTL_CHECK:
			plain_say(p, "Answer y for yes or n for no; Enter alone keeps the answer in brackets.");
			break;
		case IVM_CTL_CHOICE:
		case IVM_CTL_LIST:
		case IVM_CTL_TREE:
			if (c->def->checkboxes)
				plain_say(p, "Type the numbers of the rows to check or uncheck, separated by spaces; "
				          "Enter alone keeps them as they are.");
			else
				plain_say(p, "Type the number of a row; Enter alone keeps the one in brackets.");
			break;
		case IVM_CTL_MULTILINE:
			plain_say(p, "Type the first line; more lines are asked for until an empty line. "
			          "Enter alone keeps the text; - alone empties it.");
			break;
		default:
			plain_say(p, "Type the value; Enter alone keeps the one in brackets; - alone empties it. "
			          "To type just <, !, ? or -, put a backslash before it.");
			break;
		}
	} else {
		if (f->def->why && f->def->why[0])
			plain_say(p, "%s", f->def->why);
		for (size_t i = 0; i < f->def->nctls; i++) {
			struct ivm_ctl *b = &f->ctl[i];
			if (b->def->kind == IVM_CTL_BUTTON && !b->hidden && b->def->help)
				plain_say(p, "%.*s: %s", LBL(b), b->def->help);
		}
		plain_say(p, "Type the number of an action and press Enter; Enter alone takes the default. "
		          "e goes through the fields of this page again.");
	}
	plain_say(p, "Keys at every prompt: %s; ! presses Cancel; ? gives this help.",
	          plain_button(f, IVM_ACT_PREV, 0) >= 0 ? "< goes back to the previous page"
	                                                  : "< would go back, but this page has no Previous");
}

/* "< Previous" and "Next >" without the arrows, which a reader speaks. */
static void
button_label(struct ivm_buf *b, const char *label)
{
	const char *s = label, *e = label + strlen(label);
	while (*s == '<' || *s == ' ')
		s++;
	while (e > s && (e[-1] == '>' || e[-1] == ' '))
		e--;
	ivm_buf_add(b, s, (size_t)(e - s));
}

/* ---- statements ---------------------------------------------------------- */

static bool
ends_sentence(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && strchr(".!?:", s[n - 1]) != NULL;
}

void
plain_rows(struct plain *p, struct ivm_ctl *c)
{
	if (c->nrows == 0) {
		plain_say(p, "%.*s: none.", LBL(c));
		return;
	}
	plain_say(p, "%.*s:", LBL(c));
	for (size_t i = 0; i < c->nrows; i++) {
		const struct ivm_row *r = &c->rows[i];
		int indent = c->def->kind == IVM_CTL_TREE && r->depth > 0 ? 2 * r->depth : 0;
		bool last = i + 1 == c->nrows;
		/* The comma makes a speech synthesizer pause between rows. */
		plain_say(p, "%zu: %*s%s%s%s%s", i + 1, indent, "",
		          c->def->checkboxes ? (r->checked ? "[x] " : "[ ] ") : "",
		          r->marked ? "+ " : "", r->text,
		          !last ? "," : ends_sentence(r->text) ? "" : ".");
	}
}

void
plain_state(struct plain *p, struct ivm_form *f, struct ivm_ctl *c)
{
	const char *label = plain_label(c);
	(void)f;
	switch (c->def->kind) {
	case IVM_CTL_NOTE:
	case IVM_CTL_TEXT:
	case IVM_CTL_MULTILINE:
		if (c->def->kind == IVM_CTL_NOTE && c->text[0] == '\0')
			break;
		if (label[0] == '\0' || (c->def->kind == IVM_CTL_NOTE && c->def->label == NULL))
			plain_say(p, "%s", c->text);
		else if (strchr(c->text, '\n'))
			plain_say(p, "%.*s:\n%s", LBL(c), c->text);
		else
			plain_say(p, "%.*s: %s", LBL(c), c->text[0] ? c->text : "empty");
		break;
	case IVM_CTL_PASSWORD:
		plain_say(p, "%.*s: %s", LBL(c), c->text[0] ? "typed" : "empty");
		break;
	case IVM_CTL_CHECK:
		plain_say(p, "%.*s: %s", LBL(c), c->checked ? "yes" : "no");
		break;
	case IVM_CTL_CHOICE:
		if (c->cur < c->nrows)
			plain_say(p, "%.*s: %s", LBL(c), c->rows[c->cur].text);
		else
			plain_say(p, "%.*s: none.", LBL(c));
		break;
	case IVM_CTL_LIST:
	case IVM_CTL_TREE:
		plain_rows(p, c);
		break;
	case IVM_CTL_BUTTON:
		break;
	}
}

/* ---- the walk and the menu ----------------------------------------------- */

int
plain_walk(struct plain *p, struct ivm_form *f, bool all)
{
	for (size_t i = 0; i < f->def->nctls; i++) {
		struct ivm_ctl *c = &f->ctl[i];
		bool err = c->error[0] != '\0';
		if (c->hidden || (!all && !err))
			continue;
		if (err)
			plain_error(p, c, c->error);
		if (c->def->kind == IVM_CTL_BUTTON)
			continue;
		if (c->def->kind == IVM_CTL_NOTE || c->disabled) {
			if (all)
				plain_state(p, f, c);
			continue;
		}
		f->focus = i;
		int r = plain_ask_ctl(p, f, c);
		if (r != PLAIN_ANSWER)
			return r;
		c->error[0] = '\0';
	}
	return PLAIN_ANSWER;
}

enum entry_kind { ENTRY_BUTTON_IN_FORM, ENTRY_OPEN_ROW, ENTRY_BUTTON };

struct entry {
	enum entry_kind kind;
	size_t idx;		/* the control, or the button */
	int action;
	struct ivm_buf label;
};

static size_t
entries(struct ivm_form *f, struct entry *e, size_t max, int *def)
{
	size_t n = 0;
	*def = -1;
	for (size_t i = 0; i < f->def->nctls && n < max; i++) {
		struct ivm_ctl *c = &f->ctl[i];
		const struct ivm_ctl_def *d = c->def;
		if (c->hidden || c->disabled)
			continue;
		if (d->kind == IVM_CTL_BUTTON) {
			e[n] = (struct entry){ ENTRY_BUTTON_IN_FORM, i, d->action, IVM_BUF_INIT };
			button_label(&e[n++].label, plain_label(c));
		} else if ((d->kind == IVM_CTL_LIST || d->kind == IVM_CTL_TREE) && d->action && c->nrows > 0 &&
		           plain_button(f, d->action, 0) < 0) {
			/* A row's Enter that a bottom button does not already do. */
			e[n] = (struct entry){ ENTRY_OPEN_ROW, i, d->action, IVM_BUF_INIT };
			ivm_buf_addf(&e[n++].label, "Open a row of %.*s", LBL(c));
		}
	}
	for (size_t b = 0; b < f->def->nbuttons && b < 32 && n < max; b++) {
		if (f->button_off & (1u << b))
			continue;
		e[n] = (struct entry){ ENTRY_BUTTON, b, f->def->buttons[b].action, IVM_BUF_INIT };
		button_label(&e[n++].label, f->def->buttons[b].label);
	}
	for (size_t i = 0; i < n && *def < 0; i++)
		if (e[i].kind == ENTRY_BUTTON && e[i].action == f->def->default_action)
			*def = (int)i;
	for (size_t i = 0; i < n && *def < 0; i++)
		if (e[i].action == f->def->default_action)
			*def = (int)i;
	return n;
}

static int
press(struct plain *p, struct ivm_form *f, struct entry *e)
{
	struct ivm_ctl *c = e->kind == ENTRY_BUTTON ? NULL : &f->ctl[e->idx];
	int r;

	switch (e->kind) {
	case ENTRY_BUTTON_IN_FORM:
		f->focus = e->idx;
		return e->action;
	case ENTRY_OPEN_ROW:
		plain_rows(p, c);
		r = plain_ask_row(p, f, c, "which row to open");
		if (r != PLAIN_ANSWER)
			return r;
		f->focus = e->idx;
		return e->action;
	case ENTRY_BUTTON:
		f->focus = f->def->nctls + e->idx;
		r = ivm_form_press(f, e->idx);
		if (r != IVM_ACT_NONE)
			return r;
		/* Rules broke: say each and ask again; then the menu again. */
		bool any = false;
		for (size_t i = 0; i < f->def->nctls; i++)
			any |= f->ctl[i].error[0] != '\0' && !f->ctl[i].hidden;
		if (!any)
			plain_say(p, "Error: %s cannot be pressed now.", ivm_buf_str(&e->label));
		return plain_walk(p, f, false);
	}
	return PLAIN_ANSWER;
}

int
plain_menu(struct plain *p, struct ivm_form *f)
{
	struct entry e[64];
	struct ivm_buf prompt = IVM_BUF_INIT, ans = IVM_BUF_INIT;
	int def, r = PLAIN_ANSWER;
	size_t n = entries(f, e, IVM_COUNT(e), &def);

	if (n == 0) {
		plain_say(p, "This page offers no action.");
		return f->def->default_action ? f->def->default_action : IVM_ACT_CLOSE;
	}
	ivm_buf_adds(&prompt, "Actions: ");
	for (size_t i = 0; i < n; i++)
		ivm_buf_addf(&prompt, "%zu: %s%s%s", i + 1, ivm_buf_str(&e[i].label),
		             (int)i == def ? " (default)" : "", i + 1 < n ? ", " : ". ");
	if (def >= 0)
		ivm_buf_addf(&prompt, "Choose [%d]: ", def + 1);
	else
		ivm_buf_adds(&prompt, "Choose: ");
	while (r == PLAIN_ANSWER) {
		r = plain_ask(p, f, NULL, ivm_buf_str(&prompt), &ans, false);
		if (r != PLAIN_ANSWER)
			break;
		const char *a = ivm_buf_str(&ans);
		size_t k = ans.len == 0 && def >= 0 ? (size_t)def + 1 : plain_row_number(a, n);
		if (strcasecmp(a, "e") == 0) {
			r = plain_walk(p, f, true);
		} else if (k == 0) {
			plain_say(p, "Error: Actions: type a number from 1 to %zu.", n);
		} else {
			r = press(p, f, &e[k - 1]);
		}
	}
	for (size_t i = 0; i < n; i++)
		ivm_buf_release(&e[i].label);
	ivm_buf_release(&ans);
	ivm_buf_release(&prompt);
	return r;
}

bool
plain_yes(struct plain *p, const char *question)
{
	struct ivm_buf ans = IVM_BUF_INIT, q = IVM_BUF_INIT;
	bool yes = false;

	ivm_buf_addf(&q, "%s [y/N]: ", question);
	for (;;) {
		if (plain_ask_line(p, ivm_buf_str(&q), &ans, false) != PLAIN_LINE)
			break;
		const char *a = ivm_buf_str(&ans);
		if (a[0] == '\0' || strcasecmp(a, "n") == 0 || strcasecmp(a, "no") == 0)
			break;
		if (strcasecmp(a, "y") == 0 || strcasecmp(a, "yes") == 0) {
			yes = true;
			break;
		}
		if (strcmp(a, "?") == 0)
			plain_say(p, "Answer y for yes; n, or Enter alone, for no.");
		else
			plain_say(p, "Error: answer y or n.");
	}
	ivm_buf_release(&ans);
	ivm_buf_release(&q);
	return yes;
}
