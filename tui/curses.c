/* tui/curses.c: the curses renderer: keys to form actions (dialog/nmtui/Windows wizard habits), dialogs, text viewer. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "core/cancel.h"
#include "core/xalloc.h"
#include "tui/curses_int.h"

#define POLL_MS 200	/* how often a waiting loop looks at signals and ticks */
#define KEY_ESC 27

static long long
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One key: a character (ch), a function key (fkey), Alt+character (alt),
 * nothing before the timeout (none) or a stop request (stop). */
struct key {
	bool none, stop, fkey, alt;
	wint_t ch;
};

static struct key
read_key(int timeout_ms)
{
	struct key k = { 0 };
	timeout(timeout_ms);
	int r = get_wch(&k.ch);
	if (ivm_cancelled()) {
		k.stop = true;
		return k;
	}
	if (r == ERR) {
		k.none = true;
		return k;
	}
	k.fkey = r == KEY_CODE_YES;
	if (!k.fkey && k.ch == KEY_ESC) {
		/* Alt+x arrives as Esc then x, within the escape delay */
		wint_t next;
		timeout(0);
		if (get_wch(&next) == OK) {
			k.alt = true;
			k.ch = next;
		}
	}
	return k;
}

static const char *
keys_help(void)
{
	return "Keys: Tab and Shift-Tab move between controls (arrows too); Enter presses the focused "
	       "button, or the page's default button from a field; Space ticks a box or picks a row; "
	       "Up and Down move in lists; PgUp and PgDn page through a list or a long text; Alt+N Next, Alt+P Previous, Alt+F Finish; F1 this help; "
	       "Esc cancels on pages that have Cancel (you are asked first).";
}

static void
help(struct ivm_cui *u, struct ivm_form *f)
{
	char text[2048];
	const char *label = "This page", *h = f->def->why ? f->def->why : "";
	if (f->focus < f->def->nctls) {
		const struct ivm_ctl_def *d = f->ctl[f->focus].def;
		label = d->label ? d->label : label;
		h = d->help ? d->help : h;
	} else {
		label = f->def->buttons[f->focus - f->def->nctls].label;
		h = "A button: Enter or Space presses it.";
	}
	snprintf(text, sizeof(text), "%s\n\n%s", h, keys_help());
	char title[200];
	snprintf(title, sizeof(title), "Help: %s", label);
	u->ui.ops->show_text(&u->ui, title, text);
}

static bool
is_text(const struct ivm_ctl *c)
{
	return c->def->kind == IVM_CTL_TEXT || c->def->kind == IVM_CTL_PASSWORD ||
	       c->def->kind == IVM_CTL_MULTILINE;
}

static bool
has_rows(const struct ivm_ctl *c)
{
	return c->def->kind == IVM_CTL_CHOICE || c->def->kind == IVM_CTL_LIST || c->def->kind == IVM_CTL_TREE;
}

static int
hotkey(struct ivm_form *f, wint_t ch)
{
	for (size_t i = 0; i < f->def->nbuttons; i++)
		if (f->def->buttons[i].hotkey && (wint_t)tolower((int)ch) == (wint_t)f->def->buttons[i].hotkey) {
			f->focus = f->def->nctls + i;
			return ivm_form_press(f, i);
		}
	return IVM_ACT_NONE;
}

static int
escape(struct ivm_form *f)
{
	for (size_t i = 0; i < f->def->nbuttons; i++)
		if (f->def->buttons[i].flags & IVM_BTN_CANCEL)
			return ivm_form_press(f, i);
	return IVM_ACT_NONE;	/* no Cancel on this page: Esc does nothing */
}

/* A function key on the form: the action it leads to, or NONE. */
static int
function_key(struct ivm_cui *u, struct ivm_form *f, wint_t ch)
{
	struct ivm_ctl *c = f->focus < f->def->nctls ? &f->ctl[f->focus] : NULL;
	bool rows = c && has_rows(c), text = c && is_text(c);
	int page = c && c->def->height > 0 ? c->def->height : 4;
	switch (ch) {
	case KEY_BTAB: ivm_form_focus_move(f, -1); break;
	case KEY_UP:
		if (rows && c->cur > 0)
			ivm_ctl_move(c, -1);
		else
			ivm_form_focus_move(f, -1);
		break;
	case KEY_DOWN:
		if (rows && c->cur + 1 < c->nrows)
			ivm_ctl_move(c, +1);
		else
			ivm_form_focus_move(f, +1);
		break;
	case KEY_PPAGE:
		if (rows)
			ivm_ctl_move(c, -page);
		else if (c && c->def->kind == IVM_CTL_NOTE)
			c->top = c->top > 5 ? c->top - 5 : 0;	/* the drawing keeps it in range */
		break;
	case KEY_NPAGE:
		if (rows)
			ivm_ctl_move(c, +page);
		else if (c && c->def->kind == IVM_CTL_NOTE)
			c->top += 5;
		break;
	case KEY_LEFT:
		if (text)
			ivm_ctl_caret(c, -1);
		else if (!c)
			ivm_form_focus_move(f, -1);
		break;
	case KEY_RIGHT:
		if (text)
			ivm_ctl_caret(c, +1);
		else if (!c)
			ivm_form_focus_move(f, +1);
		break;
	case KEY_HOME:
		if (text)
			ivm_ctl_caret(c, -2);
		else if (rows)
			ivm_ctl_move(c, -(int)c->nrows);
		break;
	case KEY_END:
		if (text)
			ivm_ctl_caret(c, +2);
		else if (rows)
			ivm_ctl_move(c, (int)c->nrows);
		break;
	case KEY_BACKSPACE: if (text) ivm_ctl_backspace(c); break;
	case KEY_DC: if (text) ivm_ctl_delete(c); break;
	case KEY_F(1): help(u, f); break;
	case KEY_ENTER: return ivm_form_enter(f);
	default: break;
	}
	return IVM_ACT_NONE;
}

static int
character(struct ivm_form *f, wint_t ch)
{
	struct ivm_ctl *c = f->focus < f->def->nctls ? &f->ctl[f->focus] : NULL;
	if (ch == '\t') {
		ivm_form_focus_move(f, +1);
		return IVM_ACT_NONE;
	}
	if (ch == '\r' || ch == '\n') {
		if (c && c->def->kind == IVM_CTL_MULTILINE) {
			ivm_ctl_insert(c, "\n");
			return IVM_ACT_NONE;
		}
		return ivm_form_enter(f);
	}
	if (ch == 127 || ch == 8) {
		if (c && is_text(c))
			ivm_ctl_backspace(c);
		return IVM_ACT_NONE;
	}
	if (c && is_text(c)) {
		if (ch >= 0x20) {
			char mb[MB_LEN_MAX + 1];
			mbstate_t st;
			memset(&st, 0, sizeof(st));
			size_t n = wcrtomb(mb, (wchar_t)ch, &st);
			if (n != (size_t)-1) {
				mb[n] = '\0';
				ivm_ctl_insert(c, mb);
			}
		}
		return IVM_ACT_NONE;
	}
	if (ch == ' ') {
		if (c == NULL || c->def->kind == IVM_CTL_BUTTON)
			return ivm_form_enter(f);
		ivm_ctl_toggle(c);
	}
	return IVM_ACT_NONE;
}

static int
cui_run(struct ivm_ui *ui, struct ivm_form *f)
{
	struct ivm_cui *u = (struct ivm_cui *)ui;
	long long next_tick = f->tick_ms ? now_ms() + f->tick_ms : 0;
	if (!ivm_form_focusable(f, f->focus))
		ivm_form_focus_move(f, +1);
	for (;;) {
		bool small = ivm_cui_too_small();
		if (small)
			ivm_cui_draw_too_small(u);
		else
			ivm_cui_draw(u, f);
		int wait = POLL_MS;
		if (next_tick) {
			long long left = next_tick - now_ms();
			if (left <= 0)
				return IVM_ACT_TICK;
			wait = left < wait ? (int)left : wait;
		}
		struct key k = read_key(wait);
		if (k.stop)
			return IVM_ACT_QUIT;
		if (k.none || (k.fkey && k.ch == KEY_RESIZE))
			continue;
		int a = IVM_ACT_NONE;
		if (small) {
			/* nothing is drawn to act on; only leaving is offered */
			if (!k.fkey && !k.alt && k.ch == KEY_ESC)
				a = escape(f);
		} else if (k.alt) {
			a = hotkey(f, k.ch);
		} else if (k.fkey) {
			a = function_key(u, f, k.ch);
		} else if (k.ch == KEY_ESC) {
			a = escape(f);
		} else {
			a = character(f, k.ch);
		}
		if (a != IVM_ACT_NONE)
			return a;
	}
}

/* A small box in the middle of the screen with wrapped text. */
static int
draw_box(struct ivm_cui *u, const char *title, const char *text, int *inner_y)
{
	int w = COLS - 10 < 70 ? COLS - 10 : 70;
	const char *s[12];
	size_t l[12];
	size_t n = ivm_cui_wrap(text, w - 4, s, l, 12);
	int h = (int)n + 5;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	for (int i = 0; i < h; i++) {
		move(y + i, x);
		for (int j = 0; j < w; j++)
			addch(' ');
	}
	ivm_cui_box(u, y, x, h, w);
	char t[200];
	snprintf(t, sizeof(t), " %s ", title);
	ivm_cui_put(y, x + 2, t, w - 4, u->attr[IVM_CUI_TITLE]);
	for (size_t i = 0; i < n; i++) {
		char line[400];
		snprintf(line, sizeof(line), "%.*s", (int)l[i], s[i]);
		ivm_cui_put(y + 1 + (int)i, x + 2, line, w - 4, A_NORMAL);
	}
	*inner_y = y + (int)n + 2;
	return x;
}

static bool
cui_confirm(struct ivm_ui *ui, const char *title, const char *question)
{
	struct ivm_cui *u = (struct ivm_cui *)ui;
	int focus = 1;	/* No: leaving or discarding must be chosen, never fallen into */
	struct ivm_form *under = (struct ivm_form *)u->shown;
	for (;;) {
		if (under && !ivm_cui_too_small())
			ivm_cui_draw(u, under);
		int y, x = draw_box(u, title, question, &y);
		struct { int cy, cx; } L = { 0, 0 };
		static const char *const labels[] = { "Yes", "No" };
		int bx = x + 4;
		for (int i = 0; i < 2; i++) {
			char b[16];
			snprintf(b, sizeof(b), "%s%s%s", focus == i ? "[>" : "[ ", labels[i], focus == i ? "<]" : " ]");
			if (focus == i) {
				L.cy = y;
				L.cx = bx + 2;
			}
			bx += ivm_cui_put(y, bx, b, 20, focus == i ? u->attr[IVM_CUI_FOCUS] : A_NORMAL) + 2;
		}
		ivm_cui_put(LINES - 1, 0, "Y: Yes  N or Esc: No  Tab: move  Enter: press the focused button", COLS - 1,
		            u->attr[IVM_CUI_HINT]);
		move(L.cy, L.cx);
		wnoutrefresh(stdscr);
		doupdate();
		struct key k = read_key(POLL_MS);
		if (k.stop)
			return false;
		if (k.none || k.alt)
			continue;
		if (k.fkey) {
			if (k.ch == KEY_LEFT || k.ch == KEY_RIGHT || k.ch == KEY_BTAB)
				focus = !focus;
			else if (k.ch == KEY_ENTER)
				return focus == 0;
			continue;
		}
		switch (k.ch) {
		case 'y': case 'Y': return true;
		case 'n': case 'N': case KEY_ESC: return false;
		case '\t': focus = !focus; break;
		case '\r': case '\n': case ' ': return focus == 0;
		default: break;
		}
	}
}

/* A scrolling text: help, a script, an error. */
static void
cui_show_text(struct ivm_ui *ui, const char *title, const char *text)
{
	struct ivm_cui *u = (struct ivm_cui *)ui;
	size_t cap = 4096;
	const char **s = ivm_xcalloc(cap, sizeof(*s));
	size_t *l = ivm_xcalloc(cap, sizeof(*l));
	size_t top = 0;
	for (;;) {
		if (ivm_cui_too_small()) {
			ivm_cui_draw_too_small(u);
		} else {
			size_t n = ivm_cui_wrap(text, COLS - 4, s, l, cap);
			int rows = LINES - 4;
			if (top + (size_t)rows > n)
				top = n > (size_t)rows ? n - (size_t)rows : 0;
			werase(stdscr);
			ivm_cui_box(u, 0, 0, LINES - 1, COLS);
			char t[300];
			snprintf(t, sizeof(t), " %s ", title);
			ivm_cui_put(0, 2, t, COLS - 4, u->attr[IVM_CUI_TITLE]);
			for (int i = 0; i < rows && top + (size_t)i < n; i++) {
				char line[2048];
				snprintf(line, sizeof(line), "%.*s", (int)l[top + (size_t)i], s[top + (size_t)i]);
				ivm_cui_put(1 + i, 2, line, COLS - 4, A_NORMAL);
			}
			char where[64];
			snprintf(where, sizeof(where), " lines %zu-%zu of %zu ", n ? top + 1 : 0,
			         top + (size_t)rows < n ? top + (size_t)rows : n, n);
			ivm_cui_put(LINES - 2, COLS - 2 - (int)strlen(where), where, (int)strlen(where), A_NORMAL);
			ivm_cui_put(LINES - 1, 0, "Up/Down, PgUp/PgDn: scroll  Enter or Esc: back", COLS - 1,
			            u->attr[IVM_CUI_HINT]);
			move(1, 2);
			wnoutrefresh(stdscr);
			doupdate();
		}
		struct key k = read_key(POLL_MS);
		if (k.stop)
			break;
		if (k.none || k.alt)
			continue;
		if (k.fkey) {
			int page = LINES - 5;
			if (k.ch == KEY_UP && top > 0)
				top--;
			else if (k.ch == KEY_DOWN)
				top++;
			else if (k.ch == KEY_PPAGE)
				top = top > (size_t)page ? top - (size_t)page : 0;
			else if (k.ch == KEY_NPAGE || k.ch == ' ')
				top += (size_t)page;
			else if (k.ch == KEY_HOME)
				top = 0;
			else if (k.ch == KEY_ENTER)
				break;
			continue;
		}
		if (k.ch == KEY_ESC || k.ch == '\r' || k.ch == '\n' || k.ch == 'q')
			break;
		if (k.ch == ' ')
			top += (size_t)(LINES - 5);
	}
	free(s);
	free(l);
}

static void
cui_progress(struct ivm_ui *ui, const char *line)
{
	struct ivm_cui *u = (struct ivm_cui *)ui;
	if (ivm_cui_too_small())
		return;
	ivm_cui_draw_status(u, line);
	wnoutrefresh(stdscr);
	doupdate();
}

static void
cui_destroy(struct ivm_ui *ui)
{
	struct ivm_cui *u = (struct ivm_cui *)ui;
	ivm_cui_term_stop(u);
	free(u);
}

static const struct ivm_ui_ops cui_ops = {
	.run = cui_run,
	.confirm = cui_confirm,
	.show_text = cui_show_text,
	.progress = cui_progress,
	.destroy = cui_destroy,
};

struct ivm_ui *
ivm_ui_curses_new(const struct ivm_ui_opts *o, struct ivm_err *err)
{
	struct ivm_cui *u = ivm_xcalloc(1, sizeof(*u));
	u->ui.ops = &cui_ops;
	if (ivm_cui_term_start(u, o, err) < 0) {
		free(u);
		return NULL;
	}
	return &u->ui;
}
