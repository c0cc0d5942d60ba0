/* tui/curses_int.h: what the curses renderer's files share: the renderer, its colours, its layout. */
#ifndef IVM_CURSES_INT_H
#define IVM_CURSES_INT_H

#include <curses.h>
#include <stdbool.h>

#include "tui/ui.h"

/* The smallest screen a page is drawn on; below it a "too small" page. */
#define IVM_CUI_MIN_ROWS 24
#define IVM_CUI_MIN_COLS 80

enum ivm_cui_role {
	IVM_CUI_PLAIN,
	IVM_CUI_BAR,		/* the top line: banner and breadcrumb */
	IVM_CUI_BANNER,		/* LAB */
	IVM_CUI_TITLE,
	IVM_CUI_FOCUS,		/* the focused control */
	IVM_CUI_FIELD,		/* a text field's area */
	IVM_CUI_ERROR,
	IVM_CUI_STATUS,
	IVM_CUI_HINT,
	IVM_CUI_DIM,		/* disabled */
	IVM_CUI_MARKED,		/* a resolved or passed row */
	IVM_CUI_ROLES
};

struct ivm_cui {
	struct ivm_ui ui;
	SCREEN *scr;
	FILE *in, *out;
	bool ascii;
	bool colour;
	attr_t attr[IVM_CUI_ROLES];
	const struct ivm_form *shown;	/* the form on screen, for progress lines */
};

/* curses_term.c: start and stop the terminal; restore it on every exit */
int ivm_cui_term_start(struct ivm_cui *u, const struct ivm_ui_opts *o, struct ivm_err *err);
void ivm_cui_term_stop(struct ivm_cui *u);
bool ivm_cui_too_small(void);
void ivm_cui_draw_too_small(struct ivm_cui *u);

/* curses_draw.c: a form, with the hardware cursor left on the focused control */
void ivm_cui_draw(struct ivm_cui *u, const struct ivm_form *f);
void ivm_cui_draw_status(struct ivm_cui *u, const char *line);
void ivm_cui_box(struct ivm_cui *u, int y, int x, int h, int w);
/* Add text at (y, x), cut to at most width columns; returns columns used. */
int ivm_cui_put(int y, int x, const char *text, int width, attr_t attr);
/* The rows of text wrapped at width: each line's start into starts, count returned. */
size_t ivm_cui_wrap(const char *text, int width, const char **starts, size_t *lens, size_t max);

#endif
