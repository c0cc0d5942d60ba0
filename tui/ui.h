/* tui/ui.h: what a renderer does with forms (curses, or the line mode); screens call only this. */
#ifndef IVM_UI_H
#define IVM_UI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"
#include "tui/form.h"

struct ivm_ui;

struct ivm_ui_ops {
	/* Show the form and take keys until an action: a button, Enter,
	 * Alt+hotkey, Esc (the cancel button), a tick, or IVM_ACT_QUIT. The
	 * form keeps every value and the focus between calls. */
	int (*run)(struct ivm_ui *ui, struct ivm_form *f);
	/* A yes/no question; the default answer is no. */
	bool (*confirm)(struct ivm_ui *ui, const char *title, const char *question);
	/* A text to read until dismissed: help, a script, an error. */
	void (*show_text)(struct ivm_ui *ui, const char *title, const char *text);
	/* One line of news while work runs (no input taken). */
	void (*progress)(struct ivm_ui *ui, const char *line);
	void (*destroy)(struct ivm_ui *ui);
};

struct ivm_ui {
	const struct ivm_ui_ops *ops;
	bool line_mode;		/* the line renderer: pages may word things for reading aloud */
};

struct ivm_ui_opts {
	FILE *in, *out;		/* NULL: stdin, stdout */
	bool ascii;		/* ASCII borders */
	bool mono;		/* no colour (NO_COLOR is also honoured) */
	const char *term;	/* NULL: $TERM */
};

/* curses: NULL with err when the terminal cannot be driven. */
struct ivm_ui *ivm_ui_curses_new(const struct ivm_ui_opts *o, struct ivm_err *err);
/* the line mode, for screen readers, braille displays and pipes */
struct ivm_ui *ivm_ui_plain_new(const struct ivm_ui_opts *o, struct ivm_err *err);
/* Should this terminal get the line mode? (not a terminal, TERM unset or
 * dumb, or no cursor addressing) */
bool ivm_ui_wants_plain(FILE *in, FILE *out);

static inline int
ivm_ui_run(struct ivm_ui *ui, struct ivm_form *f)
{
	return ui->ops->run(ui, f);
}

static inline bool
ivm_ui_confirm(struct ivm_ui *ui, const char *title, const char *question)
{
	return ui->ops->confirm(ui, title, question);
}

static inline void
ivm_ui_show_text(struct ivm_ui *ui, const char *title, const char *text)
{
	ui->ops->show_text(ui, title, text);
}

static inline void
ivm_ui_progress(struct ivm_ui *ui, const char *line)
{
	ui->ops->progress(ui, line);
}

/* Restores the terminal and frees the renderer. */
void ivm_ui_free(struct ivm_ui **ui);

#endif
