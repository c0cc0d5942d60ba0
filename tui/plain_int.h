/* tui/plain_int.h: what the line renderer's files share (plain.c, plain_ask.c, plain_io.c). */
#ifndef IVM_PLAIN_INT_H
#define IVM_PLAIN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/ivm.h"
#include "tui/form.h"
#include "tui/ui.h"

/* A row as last read out. */
struct plain_snaprow {
	char *text;
	bool checked, marked;
};

/* A control's value as last read out, to say afterwards what the page
 * changed. Rows are compared by content: pages refill lists from the
 * server, which marks every row changed although none is. */
struct plain_snap {
	char *text;		/* NULL for passwords: never kept, never compared */
	bool checked, hidden;
	size_t cur, nrows;
	struct plain_snaprow *rows;
};

/* A form being shown; the ones under the top have a dialog open on them. */
struct plain_open {
	struct ivm_form *f;
	int last;		/* the action run() returned for it last */
	const struct ivm_form_def *def;	/* f may be freed before the renderer */
	struct plain_snap *snap;	/* nsnap of them */
	size_t nsnap;
	char status[sizeof(((struct ivm_form *)0)->status)];	/* as last read out */
};

struct plain {
	struct ivm_ui ui;
	FILE *in, *out;
	int in_fd;		/* -1: a memory stream */
	bool in_tty;
	bool ended;		/* input ended or was interrupted: every prompt quits */
	bool told_keys;		/* the one-line key hint was given */
	struct plain_open *open;
	size_t nopen;
	const struct ivm_form_def **seen;	/* forms whose why was read out */
	size_t nseen;
	char *last_progress;
};

/* What a prompt got: an answer in the buffer, or the user left the form. */
enum plain_got {
	PLAIN_ANSWER = -1,	/* the others are ivm_action values to return */
};

/* Reading one line. */
enum plain_read {
	PLAIN_LINE,
	PLAIN_EOF,
	PLAIN_INTR,		/* Ctrl-C (ivm_cancelled) */
};

/* ---- plain_io.c ---- */
/* Write text with every control byte, invalid UTF-8 and box-drawing
 * character replaced: nothing reaching the output can move a cursor. */
void plain_puts(struct plain *p, const char *s);
void plain_say(struct plain *p, const char *fmt, ...) IVM_PRINTF(2, 3);	/* adds "\n" */
void plain_prompt(struct plain *p, const char *fmt, ...) IVM_PRINTF(2, 3);	/* flushes */
/* Show the prompt, read one line, its end removed; secret: no echo on a
 * terminal (the caller wipes the buffer). The first end of input or
 * Ctrl-C is said, and every later call returns at once. */
enum plain_read plain_ask_line(struct plain *p, const char *prompt, struct ivm_buf *line, bool secret);
/* Sleep ms unless interrupted; false when Ctrl-C came. */
bool plain_sleep(unsigned ms);

/* ---- plain_ask.c ---- */
const char *plain_label(const struct ivm_ctl *c);
/* The label's length without a trailing colon: the prompt adds its own. */
int plain_label_len(const char *l);
#define LBL(c) plain_label_len(plain_label(c)), plain_label(c)
/* The enabled bottom button with this action (flag 0) or this flag; -1. */
int plain_button(const struct ivm_form *f, int action, unsigned flag);
/* Prompt until an answer (PLAIN_ANSWER, in ans) or an action that leaves
 * the form (<, !, end of input); ? is answered here. c NULL: the menu. */
int plain_ask(struct plain *p, struct ivm_form *f, struct ivm_ctl *c, const char *prompt,
              struct ivm_buf *ans, bool secret);
int plain_ask_ctl(struct plain *p, struct ivm_form *f, struct ivm_ctl *c);
int plain_ask_row(struct plain *p, struct ivm_form *f, struct ivm_ctl *c, const char *what);
void plain_error(struct plain *p, struct ivm_ctl *c, const char *msg);
/* A row number from 1 to n, or 0. */
size_t plain_row_number(const char *s, size_t n);

/* ---- plain_menu.c ---- */
void plain_help(struct plain *p, struct ivm_form *f, struct ivm_ctl *c);
/* Ask every shown control (all), or only those with an error. Returns
 * PLAIN_ANSWER to go on, or the action that leaves the form. */
int plain_walk(struct plain *p, struct ivm_form *f, bool all);
/* The action menu: buttons in the form and at the bottom. */
int plain_menu(struct plain *p, struct ivm_form *f);
/* Read a control's value out as a statement (not a prompt). */
void plain_state(struct plain *p, struct ivm_form *f, struct ivm_ctl *c);
void plain_rows(struct plain *p, struct ivm_ctl *c);
/* y/n question; false on no, Enter, end of input. */
bool plain_yes(struct plain *p, const char *question);

/* ---- plain.c ---- */
void plain_header(struct plain *p, struct ivm_form *f, const char *prefix);
bool plain_first_time(struct plain *p, const struct ivm_form_def *def);

#endif
