/* tui/form.h: a form is data: its controls, their values, help and validation; both renderers walk it. */
#ifndef IVM_FORM_H
#define IVM_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/ivm.h"

enum ivm_ctl_kind {
	IVM_CTL_TEXT,
	IVM_CTL_PASSWORD,	/* never drawn or read back; wiped when replaced */
	IVM_CTL_MULTILINE,	/* text with '\n' between lines */
	IVM_CTL_CHECK,		/* one checkbox */
	IVM_CTL_CHOICE,		/* exactly one of its rows (radio) */
	IVM_CTL_LIST,		/* rows, one current; with .checkboxes each row has one */
	IVM_CTL_TREE,		/* a LIST whose rows have depths */
	IVM_CTL_BUTTON,		/* an action inside the form: Add..., Check Names, Test */
	IVM_CTL_NOTE,		/* text the page shows (a result); focusable when it has .help */
};

/* What ivm_ui_run returns: these, or a page's own action from IVM_ACT_PAGE up. */
enum ivm_action {
	IVM_ACT_NONE,
	IVM_ACT_PREV,
	IVM_ACT_NEXT,
	IVM_ACT_FINISH,
	IVM_ACT_CANCEL,
	IVM_ACT_OK,
	IVM_ACT_CLOSE,
	IVM_ACT_TICK,		/* the form's tick_ms passed: update it and run it again */
	IVM_ACT_QUIT,		/* SIGINT, SIGTERM or end of input: leave now */
	IVM_ACT_PAGE = 32,
};

typedef int (*ivm_validate_fn)(const char *value, char *msg, size_t size);

struct ivm_ctl_def {
	enum ivm_ctl_kind kind;
	const char *id;		/* the page's name for it */
	const char *label;	/* "Group name"; a button's text ("Add...") */
	const char *help;	/* F1 / '?': what it is and what to enter */
	ivm_validate_fn validate; /* TEXT, PASSWORD: the rule; the label goes in front */
	bool required;		/* TEXT, PASSWORD: empty is refused */
	bool checkboxes;	/* LIST, TREE: each row has a checkbox */
	bool same_line;		/* BUTTON: beside the button before it */
	bool announce;		/* LIST: a live list; line mode says each changed row */
	int height;		/* LIST, TREE, MULTILINE, NOTE: rows shown (0: 1, or 4 for lists) */
	int action;		/* BUTTON: returned when pressed; LIST: returned by Enter on a row (0: none) */
};

enum ivm_button_flags {
	IVM_BTN_VALIDATE = 1 << 0,	/* the controls must pass their rules first */
	IVM_BTN_CANCEL = 1 << 1,	/* what Esc presses */
};

struct ivm_button_def {
	const char *label;	/* "Next >" */
	int action;
	char hotkey;		/* Alt+hotkey presses it; 0: none */
	unsigned flags;
};

struct ivm_form_def {
	const char *console;	/* "VMM Add Network Service Wizard" */
	const char *title;	/* "Connection String" */
	const char *why;	/* two or three sentences: what the step does and why */
	const struct ivm_ctl_def *ctls;
	size_t nctls;
	const struct ivm_button_def *buttons;
	size_t nbuttons;
	int default_action;	/* what Enter presses from a field */
};

struct ivm_row {
	char *text;		/* what the row says */
	char *key;		/* the value it stands for; NULL: the text */
	int depth;		/* TREE indent */
	bool checked;
	bool marked;		/* resolved (Check Names) or passed: drawn underlined and with '+' */
	bool changed;		/* set when text changes; a renderer clears it once shown */
};

struct ivm_ctl {
	const struct ivm_ctl_def *def;
	char *text;		/* TEXT, PASSWORD, MULTILINE, NOTE: UTF-8, never NULL */
	size_t caret;		/* byte offset into text */
	bool checked;		/* CHECK */
	struct ivm_row *rows;	/* CHOICE, LIST, TREE */
	size_t nrows;
	size_t cur;		/* CHOICE: the chosen row; LIST, TREE: the current row */
	size_t top;		/* first row shown */
	char error[256];	/* the broken rule, shown beside it; "" when none */
	bool hidden;		/* not shown, not asked */
	bool disabled;		/* shown, not focusable */
};

/* The standard button rows of a wizard page (Previous, Next, Cancel), its
 * last page (Finish for Next) and a dialog (OK, Cancel); in a form
 * definition: { ..., IVM_WIZARD_BUTTONS, ... }. */
extern const struct ivm_button_def ivm_wizard_buttons[3];
extern const struct ivm_button_def ivm_wizard_last_buttons[3];
extern const struct ivm_button_def ivm_dialog_buttons[2];
#define IVM_WIZARD_BUTTONS .buttons = ivm_wizard_buttons, .nbuttons = IVM_COUNT(ivm_wizard_buttons)
#define IVM_WIZARD_LAST_BUTTONS .buttons = ivm_wizard_last_buttons, .nbuttons = IVM_COUNT(ivm_wizard_last_buttons)
#define IVM_DIALOG_BUTTONS .buttons = ivm_dialog_buttons, .nbuttons = IVM_COUNT(ivm_dialog_buttons)

struct ivm_form {
	const struct ivm_form_def *def;
	struct ivm_ctl *ctl;	/* def->nctls of them */
	char *breadcrumb;	/* "Configure IPAM > Local Users and Groups > New Group"; owned */
	const char *banner;	/* "LAB" on every page in the lab; NULL: none */
	int page, npages;	/* "page 4 of 7"; 0: not a numbered page */
	size_t focus;		/* 0..nctls-1: a control; nctls + i: button i */
	char status[512];	/* the outcome of the last action, under the controls */
	unsigned tick_ms;	/* > 0: ivm_ui_run returns IVM_ACT_TICK this often */
	unsigned button_off;	/* bit i: button i is disabled */
};

struct ivm_form *ivm_form_new(const struct ivm_form_def *def);
void ivm_form_free(struct ivm_form **f);

struct ivm_ctl *ivm_form_ctl(struct ivm_form *f, const char *id);
/* The control's text (TEXT...) or its current row's key (CHOICE, LIST). */
const char *ivm_form_value(struct ivm_form *f, const char *id);
void ivm_form_set_breadcrumb(struct ivm_form *f, const char *breadcrumb);
void ivm_form_status(struct ivm_form *f, const char *fmt, ...) IVM_PRINTF(2, 3);
/* Put msg beside the control and move the focus to it. */
void ivm_form_error(struct ivm_form *f, const char *id, const char *fmt, ...) IVM_PRINTF(3, 4);
void ivm_form_clear_errors(struct ivm_form *f);
/* Run the rules of every shown control; the first broken one takes the
 * focus. Returns the number broken. */
size_t ivm_form_validate(struct ivm_form *f);

/* Focus: the controls that take it, in order, then the buttons. */
bool ivm_form_focusable(const struct ivm_form *f, size_t i);
void ivm_form_focus_move(struct ivm_form *f, int dir);
void ivm_form_focus_id(struct ivm_form *f, const char *id);
size_t ivm_form_nfocus(const struct ivm_form *f);
/* The button with this action, or -1. */
int ivm_form_button(const struct ivm_form *f, int action);
/* What pressing button i returns: its action, or IVM_ACT_NONE when its
 * controls broke a rule (the focus is then on the first). */
int ivm_form_press(struct ivm_form *f, size_t button);
/* Enter on the focused control: a button's action, a list's row action, or
 * the page's default button. */
int ivm_form_enter(struct ivm_form *f);

/* Values. */
void ivm_ctl_set_text(struct ivm_ctl *c, const char *text);
void ivm_ctl_clear_rows(struct ivm_ctl *c);
struct ivm_row *ivm_ctl_add_row(struct ivm_ctl *c, const char *text, const char *key);
/* Change a row's text (sets changed when it differs). */
void ivm_row_set_text(struct ivm_row *r, const char *text);
void ivm_ctl_remove_row(struct ivm_ctl *c, size_t i);
const char *ivm_row_key(const struct ivm_row *r);
/* Editing a text control at its caret (whole UTF-8 characters). */
void ivm_ctl_insert(struct ivm_ctl *c, const char *utf8);
void ivm_ctl_backspace(struct ivm_ctl *c);
void ivm_ctl_delete(struct ivm_ctl *c);
void ivm_ctl_caret(struct ivm_ctl *c, int dir);	/* -1, +1; -2 start, +2 end */
/* Rows: move the current row; Space on it. */
void ivm_ctl_move(struct ivm_ctl *c, int delta);
void ivm_ctl_toggle(struct ivm_ctl *c);

/* Columns a UTF-8 string takes (wcwidth; control characters count 1); the
 * _n forms look at its first n bytes only. */
size_t ivm_text_width(const char *s);
size_t ivm_text_width_n(const char *s, size_t n);
/* Characters (not bytes, not columns) in the first n bytes. */
size_t ivm_text_chars_n(const char *s, size_t n);

#endif
