/* tui/curses_draw.c: lays a form out on the screen and leaves the hardware cursor on the focused control. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/xalloc.h"
#include "tui/curses_int.h"

#define LABEL_MAX 34	/* columns for labels; longer ones are cut */
#define FIELD_MAX 52	/* the widest text field */
#define LIST_ROWS 4	/* a list's height when its page does not say */
#define WHY_ROWS 4

/* Screen rows: 0 bar, 1 box top, 2.. why, then controls, then the status
 * (2 rows), the buttons, the box bottom, and the key hint on the last row. */
#define ROW_FIRST 2
#define ROWS_BELOW 5

int
ivm_cui_put(int y, int x, const char *text, int width, attr_t attr)
{
	if (width <= 0 || y < 0 || y >= LINES)
		return 0;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	int used = 0;
	attron(attr);
	move(y, x);
	while (*text) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, text, strlen(text), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof(st));
			n = 1;
			wc = L'?';
		}
		if (wc == L'\n' || wc == L'\t' || wc < 0x20)
			wc = L' ';
		int cw = wcwidth(wc);
		if (cw < 0)
			cw = 1;
		if (used + cw > width)
			break;
		cchar_t cc;
		wchar_t s[2] = { wc, 0 };
		setcchar(&cc, s, A_NORMAL, 0, NULL);
		add_wch(&cc);
		used += cw;
		text += n;
	}
	attroff(attr);
	return used;
}

size_t
ivm_cui_wrap(const char *text, int width, const char **starts, size_t *lens, size_t max)
{
	size_t n = 0;
	const char *p = text;
	if (width < 10)
		width = 10;
	while (*p && n < max) {
		const char *nl = strchr(p, '\n');
		size_t linelen = nl ? (size_t)(nl - p) : strlen(p);
		/* cut at the last space that keeps the line within width (bytes
		 * approximate columns; a long word is cut hard) */
		size_t take = linelen;
		if (ivm_text_width_n(p, linelen) > (size_t)width) {
			take = 0;
			size_t last_space = 0;
			while (take < linelen && ivm_text_width_n(p, take + 1) <= (size_t)width) {
				take++;
				if (p[take - 1] == ' ')
					last_space = take;
			}
			if (last_space > 0)
				take = last_space;
			while (take < linelen && ((unsigned char)p[take] & 0xc0) == 0x80)
				take++;
		}
		starts[n] = p;
		lens[n] = take;
		n++;
		p += take;
		if (take == linelen && nl)
			p++;
		else if (take < linelen)
			while (*p == ' ')
				p++;
	}
	return n;
}

void
ivm_cui_box(struct ivm_cui *u, int y, int x, int h, int w)
{
	if (u->ascii) {
		mvhline(y, x + 1, '-', w - 2);
		mvhline(y + h - 1, x + 1, '-', w - 2);
		mvvline(y + 1, x, '|', h - 2);
		mvvline(y + 1, x + w - 1, '|', h - 2);
		mvaddch(y, x, '+');
		mvaddch(y, x + w - 1, '+');
		mvaddch(y + h - 1, x, '+');
		mvaddch(y + h - 1, x + w - 1, '+');
		return;
	}
	mvhline_set(y, x + 1, WACS_HLINE, w - 2);
	mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
	mvvline_set(y + 1, x, WACS_VLINE, h - 2);
	mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
	mvadd_wch(y, x, WACS_ULCORNER);
	mvadd_wch(y, x + w - 1, WACS_URCORNER);
	mvadd_wch(y + h - 1, x, WACS_LLCORNER);
	mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
}

struct layout {
	const struct ivm_form *f;
	int label_x, ctl_x, ctl_w;
	int top, bottom;	/* rows for the controls */
	int offset;		/* rows scrolled away so the focus is seen */
	int list_cut;		/* rows taken from each list so that the page fits */
	int cy, cx;		/* where the cursor goes */
};

static int
note_rows(const struct ivm_ctl *c, int width)
{
	const char *s[64];
	size_t l[64];
	/* a note shows all it says (its height is the least it takes, so the
	 * page does not jump as the text changes) */
	int n = (int)ivm_cui_wrap(c->text, width, s, l, 64);
	if (n < c->def->height)
		n = c->def->height;
	return n > 0 ? n : 1;
}

/* A button drawn beside the control before it: after a field or another
 * button; after anything else it takes a row of its own. */
static bool
beside_prev(const struct ivm_form *f, const struct ivm_ctl *c)
{
	if (c->def->kind != IVM_CTL_BUTTON || !c->def->same_line)
		return false;
	for (const struct ivm_ctl *p = c; p-- > f->ctl;) {
		if (p->hidden)
			continue;
		return p->def->kind == IVM_CTL_BUTTON || p->def->kind == IVM_CTL_TEXT ||
		       p->def->kind == IVM_CTL_PASSWORD;
	}
	return false;
}

/* Rows a control takes, its error line included. */
static int
ctl_rows(const struct ivm_ctl *c, const struct layout *L)
{
	if (c->hidden)
		return 0;
	int err = c->error[0] ? 1 : 0;
	switch (c->def->kind) {
	case IVM_CTL_BUTTON:
		return beside_prev(L->f, c) ? 0 : 1 + err;
	case IVM_CTL_CHOICE:
		return (c->nrows ? (int)c->nrows : 1) + err;
	case IVM_CTL_LIST:
	case IVM_CTL_TREE: {
		int h = (c->def->height > 0 ? c->def->height : LIST_ROWS) - L->list_cut;
		return (h < 3 ? 3 : h) + err;
	}
	case IVM_CTL_MULTILINE:
		return (c->def->height > 0 ? c->def->height : 3) + err;
	case IVM_CTL_NOTE:
		return note_rows(c, c->def->label ? L->ctl_w : L->ctl_w + L->ctl_x - L->label_x) + err;
	default:
		return 1 + err;
	}
}

static bool
focused(const struct ivm_form *f, const struct ivm_ctl *c)
{
	return f->focus < f->def->nctls && &f->ctl[f->focus] == c;
}

static void
draw_label(struct ivm_cui *u, const struct ivm_form *f, const struct ivm_ctl *c, int y, const struct layout *L)
{
	if (c->def->kind == IVM_CTL_BUTTON)
		return;
	bool foc = focused(f, c);
	/* the '>' marker says "focus" to whoever cannot see the colour */
	ivm_cui_put(y, L->label_x - 2, foc ? ">" : " ", 1, foc ? u->attr[IVM_CUI_FOCUS] : A_NORMAL);
	if (c->def->label == NULL)
		return;
	char label[LABEL_MAX + 8];
	snprintf(label, sizeof(label), "%s:", c->def->label);
	ivm_cui_put(y, L->label_x, label, L->ctl_x - L->label_x - 1,
	            c->disabled ? u->attr[IVM_CUI_DIM] : foc ? u->attr[IVM_CUI_TITLE] : A_NORMAL);
}

/* Columns the buttons placed beside control c take (Check Names beside
 * its field). */
static int
beside(const struct ivm_form *f, const struct ivm_ctl *c)
{
	int w = 0;
	for (size_t i = (size_t)(c - f->ctl) + 1; i < f->def->nctls; i++) {
		const struct ivm_ctl *b = &f->ctl[i];
		if (!beside_prev(f, b))
			break;
		if (!b->hidden)
			w += (int)ivm_text_width(b->def->label) + 5;
	}
	return w;
}

static void
draw_text(struct ivm_cui *u, const struct ivm_form *f, const struct ivm_ctl *c, int y, struct layout *L)
{
	int room = L->ctl_w - beside(f, c);
	int w = room < FIELD_MAX ? room : FIELD_MAX;
	int inner = w - 2;
	bool pw = c->def->kind == IVM_CTL_PASSWORD;
	size_t caret_cols = pw ? ivm_text_chars_n(c->text, c->caret) : ivm_text_width_n(c->text, c->caret);
	/* scroll the text so the caret stays in the field */
	size_t skip_cols = caret_cols >= (size_t)inner ? caret_cols - (size_t)inner + 1 : 0;
	mvaddch(y, L->ctl_x, '[');
	attr_t a = u->attr[IVM_CUI_FIELD] | (focused(f, c) ? u->attr[IVM_CUI_FOCUS] : 0);
	char shown[1024];
	if (pw) {
		size_t n = ivm_text_chars_n(c->text, strlen(c->text));
		if (n > sizeof(shown) - 1)
			n = sizeof(shown) - 1;
		memset(shown, '*', n);
		shown[n] = '\0';
	} else {
		snprintf(shown, sizeof(shown), "%s", c->text);
	}
	const char *from = shown;
	for (size_t cols = 0; *from && cols < skip_cols; cols += ivm_text_width_n(from, 1), from++)
		while (((unsigned char)from[1] & 0xc0) == 0x80)
			from++;
	int used = ivm_cui_put(y, L->ctl_x + 1, from, inner, a);
	attron(a);
	for (int i = used; i < inner; i++)
		addch(' ');
	attroff(a);
	addch(']');
	if (focused(f, c)) {
		L->cy = y;
		L->cx = L->ctl_x + 1 + (int)(caret_cols - skip_cols);
	}
}

static void
draw_rows(struct ivm_cui *u, const struct ivm_form *f, struct ivm_ctl *c, int y, int h, struct layout *L)
{
	bool foc = focused(f, c);
	if (c->cur < c->top)
		c->top = c->cur;
	if (h > 0 && c->cur >= c->top + (size_t)h)
		c->top = c->cur - (size_t)h + 1;
	if (c->nrows == 0) {
		ivm_cui_put(y, L->ctl_x, "(none)", L->ctl_w, u->attr[IVM_CUI_DIM]);
		if (foc) {
			L->cy = y;
			L->cx = L->ctl_x;
		}
		return;
	}
	/* rows line up whether or not they carry the '+' mark */
	bool any_marked = false;
	for (size_t r = 0; r < c->nrows && !any_marked; r++)
		any_marked = c->rows[r].marked;
	for (int i = 0; i < h && c->top + (size_t)i < c->nrows; i++) {
		size_t r = c->top + (size_t)i;
		const struct ivm_row *row = &c->rows[r];
		bool cur = r == c->cur;
		char head[64];
		int indent = c->def->kind == IVM_CTL_TREE ? 2 * row->depth : 0;
		if (indent > 20)
			indent = 20;
		const char *box = c->def->kind == IVM_CTL_CHOICE ? (cur ? "(*) " : "( ) ")
		                  : c->def->checkboxes ? (row->checked ? "[x] " : "[ ] ") : "";
		/* '>' marks the current row of the focused list, '*' the selected
		 * row of another (a choice shows its pick as (*)); '+' a resolved
		 * or passed row */
		char mark = !cur ? ' ' : foc ? '>' : c->def->kind == IVM_CTL_CHOICE ? ' ' : '*';
		snprintf(head, sizeof(head), "%c%*s%s%s", mark, indent, "", box, row->marked ? "+ " : any_marked ? "  " : "");
		int x = L->ctl_x;
		attr_t a = cur && foc ? u->attr[IVM_CUI_FOCUS] : cur ? A_BOLD : A_NORMAL;
		x += ivm_cui_put(y + i, x, head, L->ctl_w, a);
		ivm_cui_put(y + i, x, row->text, L->ctl_w - (x - L->ctl_x),
		            a | (row->marked ? u->attr[IVM_CUI_MARKED] : 0));
		if (foc && cur) {
			L->cy = y + i;
			L->cx = L->ctl_x + 1 + indent + (box[0] ? 1 : 0);
		}
	}
	if (c->nrows > (size_t)h && h > 1) {
		/* under the label, where the column is free */
		char more[40];
		snprintf(more, sizeof(more), "(%zu-%zu of %zu)", c->top + 1,
		         c->top + (size_t)h < c->nrows ? c->top + (size_t)h : c->nrows, c->nrows);
		ivm_cui_put(y + 1, L->label_x, more, L->ctl_x - L->label_x - 1, u->attr[IVM_CUI_DIM]);
	}
}

static void
draw_note(struct ivm_cui *u, const struct ivm_form *f, struct ivm_ctl *c, int y, int h, struct layout *L)
{
	int x = c->def->label ? L->ctl_x : L->label_x;
	int w = c->def->label ? L->ctl_w : L->ctl_w + L->ctl_x - L->label_x;
	const char *s[64];
	size_t l[64];
	size_t n = ivm_cui_wrap(c->text, w, s, l, 64);
	/* a note taller than the room scrolls (PgUp/PgDn when focused) */
	if (n <= (size_t)h)
		c->top = 0;
	else if (c->top > n - (size_t)h)
		c->top = n - (size_t)h;
	for (int i = 0; i < h && c->top + (size_t)i < n; i++) {
		char line[1024];
		size_t k = c->top + (size_t)i;
		snprintf(line, sizeof(line), "%.*s", (int)l[k], s[k]);
		ivm_cui_put(y + i, x, line, w, A_NORMAL);
	}
	if (n > (size_t)h && c->def->label && h > 1) {
		char more[40];
		snprintf(more, sizeof(more), "(%zu-%zu of %zu)", c->top + 1, c->top + (size_t)h, n);
		ivm_cui_put(y + 1, L->label_x, more, L->ctl_x - L->label_x - 1, u->attr[IVM_CUI_DIM]);
	}
	if (focused(f, c)) {
		L->cy = y;
		L->cx = x;
	}
}

/* A button: "[ Label ]", focused "[>Label<]"; the cursor on its first letter. */
static int
draw_button(struct ivm_cui *u, const char *label, bool foc, bool off, int y, int x, struct layout *L)
{
	char text[96];
	snprintf(text, sizeof(text), "%s%s%s", foc ? "[>" : "[ ", label, foc ? "<]" : " ]");
	int w = ivm_cui_put(y, x, text, COLS - x - 1,
	                    off ? u->attr[IVM_CUI_DIM] : foc ? u->attr[IVM_CUI_FOCUS] : A_NORMAL);
	if (foc) {
		L->cy = y;
		L->cx = x + 2;
	}
	return w;
}

static void
draw_ctl(struct ivm_cui *u, const struct ivm_form *f, struct ivm_ctl *c, int y, int *button_x,
         struct layout *L)
{
	int rows = ctl_rows(c, L) - (c->error[0] ? 1 : 0);
	/* what does not fit above the status line is cut (a note scrolls) */
	if (y + rows > L->bottom)
		rows = L->bottom - y;
	switch (c->def->kind) {
	case IVM_CTL_TEXT:
	case IVM_CTL_PASSWORD: {
		draw_label(u, f, c, y, L);
		draw_text(u, f, c, y, L);
		int room = L->ctl_w - beside(f, c);
		*button_x = L->ctl_x + (room < FIELD_MAX ? room : FIELD_MAX) + 1;
		break;
	}
	case IVM_CTL_MULTILINE:
	case IVM_CTL_NOTE:
		draw_label(u, f, c, y, L);
		draw_note(u, f, c, y, rows, L);
		if (c->def->kind == IVM_CTL_MULTILINE && focused(f, c)) {
			/* the caret's line and column in the wrapped text */
			const char *s[64];
			size_t l[64];
			size_t n = ivm_cui_wrap(c->text, L->ctl_w, s, l, 64);
			L->cy = y;
			L->cx = L->ctl_x;
			for (size_t i = 0; i < n && (int)i < rows; i++) {
				size_t at = (size_t)(s[i] - c->text);
				if (c->caret >= at && c->caret <= at + l[i]) {
					L->cy = y + (int)i;
					L->cx = L->ctl_x + (int)ivm_text_width_n(s[i], c->caret - at);
				}
			}
		}
		break;
	case IVM_CTL_CHECK: {
		draw_label(u, f, c, y, L);
		bool foc = focused(f, c);
		ivm_cui_put(y, L->ctl_x, c->checked ? "[x]" : "[ ]", 3, foc ? u->attr[IVM_CUI_FOCUS] : A_NORMAL);
		if (foc) {
			L->cy = y;
			L->cx = L->ctl_x + 1;
		}
		break;
	}
	case IVM_CTL_CHOICE:
	case IVM_CTL_LIST:
	case IVM_CTL_TREE:
		draw_label(u, f, c, y, L);
		draw_rows(u, f, c, y, rows, L);
		break;
	case IVM_CTL_BUTTON: {
		int x = beside_prev(f, c) && *button_x ? *button_x : L->ctl_x;
		int yy = y;
		*button_x = x + draw_button(u, c->def->label, focused(f, c), c->disabled, yy, x, L) + 1;
		break;
	}
	}
	if (c->error[0] && y + rows < L->bottom) {
		char msg[300];
		snprintf(msg, sizeof(msg), "! %s", c->error);
		ivm_cui_put(y + rows, L->ctl_x, msg, L->ctl_w, u->attr[IVM_CUI_ERROR]);
	}
}

static void
draw_header(struct ivm_cui *u, const struct ivm_form *f, int *y)
{
	attron(u->attr[IVM_CUI_BAR]);
	mvhline(0, 0, ' ', COLS);
	attroff(u->attr[IVM_CUI_BAR]);
	int x = 0;
	if (f->banner) {
		char b[32];
		snprintf(b, sizeof(b), " %s ", f->banner);
		x += ivm_cui_put(0, 0, b, COLS, u->attr[IVM_CUI_BANNER]) + 1;
	}
	/* a long trail loses its first steps, never the page it ends on */
	const char *crumb = f->breadcrumb;
	bool cut = false;
	while (ivm_text_width(crumb) + (cut ? 4 : 0) > (size_t)(COLS - x - 1)) {
		const char *next = strstr(crumb + 1, " > ");
		if (next == NULL)
			break;
		crumb = next + 3;
		cut = true;
	}
	if (cut)
		x += ivm_cui_put(0, x, "... ", COLS - x, u->attr[IVM_CUI_BAR]);
	ivm_cui_put(0, x, crumb, COLS - x, u->attr[IVM_CUI_BAR]);
	ivm_cui_box(u, 1, 0, LINES - 2, COLS);
	char title[300];
	if (f->npages)
		snprintf(title, sizeof(title), " %s: %s (page %d of %d) ", f->def->console, f->def->title, f->page,
		         f->npages);
	else
		snprintf(title, sizeof(title), " %s: %s ", f->def->console, f->def->title);
	ivm_cui_put(1, 2, title, COLS - 4, u->attr[IVM_CUI_TITLE]);
	const char *s[WHY_ROWS];
	size_t l[WHY_ROWS];
	size_t n = f->def->why ? ivm_cui_wrap(f->def->why, COLS - 4, s, l, WHY_ROWS) : 0;
	for (size_t i = 0; i < n; i++) {
		char line[600];
		snprintf(line, sizeof(line), "%.*s", (int)l[i], s[i]);
		ivm_cui_put(ROW_FIRST + (int)i, 2, line, COLS - 4, A_NORMAL);
	}
	*y = ROW_FIRST + (int)n + (n ? 1 : 0);
}

/* A button's name without its arrows: "< Previous" is read "Previous". */
static void
bare(const char *label, char *out, size_t size)
{
	while (*label == '<' || *label == ' ')
		label++;
	snprintf(out, size, "%s", label);
	size_t n = strlen(out);
	while (n > 0 && (out[n - 1] == '>' || out[n - 1] == ' '))
		out[--n] = '\0';
}

static void
hint_line(const struct ivm_form *f, bool with_tab, bool with_space, char *hint, size_t size)
{
	char name[64], k[96];
	snprintf(hint, size, "%s", with_tab ? "Tab move" : "");
	const struct ivm_ctl *c = f->focus < f->def->nctls ? &f->ctl[f->focus] : NULL;
	int d = ivm_form_button(f, f->def->default_action);
	if (c && c->def->kind == IVM_CTL_BUTTON)
		snprintf(name, sizeof(name), "press");
	else if (c && (c->def->kind == IVM_CTL_LIST || c->def->kind == IVM_CTL_TREE) && c->def->action)
		snprintf(name, sizeof(name), "open");
	else if (d >= 0 || !c)
		bare(c ? f->def->buttons[d].label : f->def->buttons[f->focus - f->def->nctls].label, name, sizeof(name));
	else
		snprintf(name, sizeof(name), "activate");
	snprintf(k, sizeof(k), "%sEnter %s", with_tab ? "  " : "", name);
	strncat(hint, k, size - strlen(hint) - 1);
	if (with_space && c && (c->def->kind == IVM_CTL_CHECK || c->def->kind == IVM_CTL_CHOICE || c->def->checkboxes))
		strncat(hint, "  Space tick", size - strlen(hint) - 1);
	for (size_t i = 0; i < f->def->nbuttons; i++) {
		const struct ivm_button_def *b = &f->def->buttons[i];
		bare(b->label, name, sizeof(name));
		k[0] = '\0';
		if (b->flags & IVM_BTN_CANCEL)
			snprintf(k, sizeof(k), "  Esc %s", name);
		else if (b->hotkey)
			snprintf(k, sizeof(k), "  Alt+%c %s", b->hotkey - 32, name);
		strncat(hint, k, size - strlen(hint) - 1);
	}
	strncat(hint, "  F1 Help", size - strlen(hint) - 1);
}

/* One line of the keys that work here; the obvious ones go when it is too long. */
static void
draw_hint(struct ivm_cui *u, const struct ivm_form *f)
{
	char hint[400];
	hint_line(f, true, true, hint, sizeof(hint));
	if (ivm_text_width(hint) > (size_t)COLS - 1)
		hint_line(f, false, true, hint, sizeof(hint));
	if (ivm_text_width(hint) > (size_t)COLS - 1)
		hint_line(f, false, false, hint, sizeof(hint));
	ivm_cui_put(LINES - 1, 0, hint, COLS - 1, u->attr[IVM_CUI_HINT]);
}

void
ivm_cui_draw_status(struct ivm_cui *u, const char *line)
{
	int y = LINES - ROWS_BELOW;
	for (int i = 0; i < 2; i++) {
		move(y + i, 1);
		for (int x = 1; x < COLS - 1; x++)
			addch(' ');
	}
	const char *s[2];
	size_t l[2];
	size_t n = ivm_cui_wrap(line, COLS - 4, s, l, 2);
	for (size_t i = 0; i < n; i++) {
		char text[600];
		snprintf(text, sizeof(text), "%.*s", (int)l[i], s[i]);
		ivm_cui_put(y + (int)i, 2, text, COLS - 4, u->attr[IVM_CUI_STATUS]);
	}
}

void
ivm_cui_draw(struct ivm_cui *u, const struct ivm_form *cf)
{
	struct ivm_form *f = (struct ivm_form *)cf; /* only list scroll positions change */
	u->shown = cf;
	werase(stdscr);
	struct layout L = { .f = f, .label_x = 4, .cy = -1 };
	int y;
	draw_header(u, f, &y);
	int lw = 0;
	for (size_t i = 0; i < f->def->nctls; i++) {
		const struct ivm_ctl_def *d = &f->def->ctls[i];
		if (d->label && d->kind != IVM_CTL_BUTTON && !f->ctl[i].hidden) {
			int w = (int)ivm_text_width(d->label) + 2;
			lw = w > lw ? w : lw;
		}
	}
	if (lw > LABEL_MAX)
		lw = LABEL_MAX;
	L.ctl_x = L.label_x + lw + 1;
	L.ctl_w = COLS - 3 - L.ctl_x;
	L.top = y;
	L.bottom = LINES - ROWS_BELOW;
	/* lists give up rows (down to 3) before anything scrolls, so that the
	 * text under them stays in sight */
	int room = L.bottom - L.top;
	for (;;) {
		int total = 0, shrinkable = 0;
		for (size_t i = 0; i < f->def->nctls; i++) {
			total += ctl_rows(&f->ctl[i], &L);
			const struct ivm_ctl_def *d = f->ctl[i].def;
			if ((d->kind == IVM_CTL_LIST || d->kind == IVM_CTL_TREE) && !f->ctl[i].hidden &&
			    (d->height > 0 ? d->height : LIST_ROWS) - L.list_cut > 3)
				shrinkable++;
		}
		if (total <= room || shrinkable == 0)
			break;
		L.list_cut++;
	}
	/* scroll so that the focused control is inside the rows we have */
	int at = 0, focus_top = 0, focus_end = 0;
	for (size_t i = 0; i < f->def->nctls; i++) {
		int h = ctl_rows(&f->ctl[i], &L);
		if (i == f->focus) {
			focus_top = at;
			focus_end = at + (h ? h : 1);
		}
		at += h;
	}
	if (f->focus < f->def->nctls && focus_end > room)
		L.offset = focus_end - room;
	if (L.offset > focus_top)
		L.offset = focus_top;
	int button_x = 0, last_row = L.top;
	at = 0;
	for (size_t i = 0; i < f->def->nctls; i++) {
		struct ivm_ctl *c = &f->ctl[i];
		int h = ctl_rows(c, &L);
		/* a same_line button shares the row of the control before it */
		bool beside = beside_prev(f, c);
		int row = beside ? last_row : L.top + at - L.offset;
		if (!beside)
			last_row = row;
		if (c->def->kind != IVM_CTL_BUTTON && c->def->kind != IVM_CTL_TEXT &&
		    c->def->kind != IVM_CTL_PASSWORD)
			button_x = 0;
		if (!c->hidden && row >= L.top && row < L.bottom)
			draw_ctl(u, f, c, row, &button_x, &L);
		at += h;
	}
	if (L.offset > 0)
		ivm_cui_put(L.top - 1, COLS - 14, "(more above)", 12, u->attr[IVM_CUI_DIM]);
	if (at - L.offset > room)
		ivm_cui_put(L.bottom, COLS - 14, "(more below)", 12, u->attr[IVM_CUI_DIM]);
	ivm_cui_draw_status(u, f->status);
	/* the bottom buttons, right-aligned */
	int total = 0;
	for (size_t i = 0; i < f->def->nbuttons; i++)
		total += (int)ivm_text_width(f->def->buttons[i].label) + 5;
	int x = COLS - 2 - total;
	for (size_t i = 0; i < f->def->nbuttons; i++)
		x += draw_button(u, f->def->buttons[i].label, f->focus == f->def->nctls + i,
		                 (f->button_off >> i) & 1u, LINES - 3, x, &L) + 1;
	draw_hint(u, f);
	if (L.cy >= 0)
		move(L.cy, L.cx);
	wnoutrefresh(stdscr);
	doupdate();
}
