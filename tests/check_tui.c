/* tests/check_tui.c: the form model, and the curses renderer in-process (newterm on /dev/null, keys pushed back). */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/wizard.h"
#include "tui/curses_int.h"
#include "tui/form.h"
#include "tui/ui.h"

static int
check_no_colon(const char *v, char *msg, size_t size)
{
	if (strchr(v, ':') == NULL)
		return 0;
	snprintf(msg, size, "must not contain ':'");
	return -1;
}

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_TEXT, .id = "name", .label = "Name", .help = "The name.", .validate = check_no_colon,
	  .required = true },
	{ .kind = IVM_CTL_PASSWORD, .id = "pw", .label = "Password", .help = "A password." },
	{ .kind = IVM_CTL_NOTE, .id = "note" },
	{ .kind = IVM_CTL_CHECK, .id = "tick", .label = "Tick", .help = "A box." },
	{ .kind = IVM_CTL_CHOICE, .id = "pick", .label = "Pick", .help = "One of three." },
	{ .kind = IVM_CTL_LIST, .id = "list", .label = "Members", .help = "Rows.", .checkboxes = true, .height = 3 },
	{ .kind = IVM_CTL_BUTTON, .id = "add", .label = "Add...", .help = "Adds.", .action = IVM_ACT_PAGE + 1 },
	{ .kind = IVM_CTL_BUTTON, .id = "remove", .label = "Remove", .help = "Removes.", .action = IVM_ACT_PAGE + 2,
	  .same_line = true },
};

static const struct ivm_form_def def = {
	.console = "Test Console", .title = "Everything", .why = "A form with one control of each kind.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	IVM_WIZARD_BUTTONS, .default_action = IVM_ACT_NEXT,
};

static struct ivm_form *
filled(void)
{
	struct ivm_form *f = ivm_form_new(&def);
	struct ivm_ctl *pick = ivm_form_ctl(f, "pick");
	ivm_ctl_add_row(pick, "One", "1");
	ivm_ctl_add_row(pick, "Two", "2");
	ivm_ctl_add_row(pick, "Three", "3");
	struct ivm_ctl *list = ivm_form_ctl(f, "list");
	for (int i = 0; i < 5; i++) {
		char t[16];
		snprintf(t, sizeof(t), "row %d", i);
		ivm_ctl_add_row(list, t, NULL);
	}
	return f;
}

START_TEST(tab_order_skips_notes_and_hidden)
{
	struct ivm_form *f = filled();
	ck_assert_uint_eq(f->focus, 0);
	ivm_form_ctl(f, "pw")->hidden = true;
	static const size_t want[] = { 3, 4, 5, 6, 7, 8, 9, 10, 0 };
	for (size_t i = 0; i < IVM_COUNT(want); i++) {
		ivm_form_focus_move(f, +1);
		ck_assert_uint_eq(f->focus, want[i]);
	}
	ivm_form_focus_move(f, -1);
	ck_assert_uint_eq(f->focus, 10);
	ivm_form_free(&f);
	ck_assert_ptr_null(f);
}
END_TEST

START_TEST(validation_puts_the_rule_beside_and_focuses)
{
	struct ivm_form *f = filled();
	f->focus = 9;	/* on Next */
	ck_assert_int_eq(ivm_form_press(f, 1), IVM_ACT_NONE);
	ck_assert_uint_eq(f->focus, 0);
	ck_assert_str_eq(ivm_form_ctl(f, "name")->error, "required: enter a value");
	ivm_ctl_set_text(ivm_form_ctl(f, "name"), "a:b");
	ck_assert_int_eq(ivm_form_enter(f), IVM_ACT_NONE);
	ck_assert_str_eq(ivm_form_ctl(f, "name")->error, "must not contain ':'");
	ivm_ctl_set_text(ivm_form_ctl(f, "name"), "ab");
	ck_assert_int_eq(ivm_form_enter(f), IVM_ACT_NEXT);
	ck_assert_str_eq(ivm_form_ctl(f, "name")->error, "");
	/* Previous never asks the rules */
	ivm_ctl_set_text(ivm_form_ctl(f, "name"), "");
	ck_assert_int_eq(ivm_form_press(f, 0), IVM_ACT_PREV);
	ivm_form_free(&f);
}
END_TEST

START_TEST(editing_is_by_character_and_wipes_passwords)
{
	struct ivm_form *f = filled();
	struct ivm_ctl *c = ivm_form_ctl(f, "name");
	ivm_ctl_insert(c, "a");
	ivm_ctl_insert(c, "\xc3\xa9");	/* é */
	ivm_ctl_insert(c, "b");
	ck_assert_str_eq(c->text, "a\xc3\xa9" "b");
	ivm_ctl_caret(c, -1);
	ivm_ctl_backspace(c);
	ck_assert_str_eq(c->text, "ab");
	ck_assert_uint_eq(c->caret, 1);
	ivm_ctl_caret(c, -2);
	ivm_ctl_delete(c);
	ck_assert_str_eq(c->text, "b");
	ck_assert_uint_eq(ivm_text_width("a\xc3\xa9" "b"), 3);
	struct ivm_ctl *pw = ivm_form_ctl(f, "pw");
	ivm_ctl_insert(pw, "secret");
	char *held = pw->text;
	ivm_ctl_backspace(pw);
	/* the byte freed at the end is zeroed */
	ck_assert_int_eq(held[5], '\0');
	ck_assert_str_eq(pw->text, "secre");
	ivm_form_free(&f);
}
END_TEST

START_TEST(rows_toggle_and_move)
{
	struct ivm_form *f = filled();
	struct ivm_ctl *l = ivm_form_ctl(f, "list");
	ivm_ctl_move(l, +2);
	ivm_ctl_toggle(l);
	ck_assert(l->rows[2].checked);
	ivm_ctl_move(l, +100);
	ck_assert_uint_eq(l->cur, 4);
	ivm_ctl_remove_row(l, 4);
	ck_assert_uint_eq(l->cur, 3);
	ck_assert_str_eq(ivm_form_value(f, "pick"), "1");
	ivm_ctl_move(ivm_form_ctl(f, "pick"), +1);
	ck_assert_str_eq(ivm_form_value(f, "pick"), "2");
	ivm_form_free(&f);
}
END_TEST

/* ---- the curses renderer, with no terminal ------------------------------- */

static struct ivm_ui *ui;
static FILE *devnull_in, *devnull_out;

static void
term_up(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	devnull_in = fopen("/dev/null", "r");
	devnull_out = fopen("/dev/null", "w");
	struct ivm_err err;
	struct ivm_ui_opts o = { .in = devnull_in, .out = devnull_out, .term = "xterm-256color" };
	ui = ivm_ui_curses_new(&o, &err);
	ck_assert_msg(ui != NULL, "%s: %s", err.what, err.why);
	resizeterm(24, 80);
}

static void
term_down(void)
{
	ivm_ui_free(&ui);
	fclose(devnull_in);
	fclose(devnull_out);
}

/* Keys in the order typed (ungetch pushes back, last first). */
static void
type(const int *keys, size_t n)
{
	for (size_t i = n; i-- > 0;)
		ungetch(keys[i]);
}

/* The screen row the cursor is on. */
static void
cursor_row(char *out, size_t size)
{
	int y = getcury(stdscr);
	mvinnstr(y, 0, out, (int)size - 1);
}

/* The character in a cell (markers are ASCII). */
static int
cell(int y, int x)
{
	int y0 = getcury(stdscr), x0 = getcurx(stdscr);
	int c = (int)(mvinch(y, x) & A_CHARTEXT);
	move(y0, x0);
	return c;
}

/* Where the cursor is, a focus marker is drawn: '>' at the start of the
 * control's row, or "[>" just before a button's first letter. */
static void
assert_cursor_on_focus(struct ivm_form *f)
{
	struct ivm_cui *u = (struct ivm_cui *)ui;
	ivm_cui_draw(u, f);
	int y = getcury(stdscr), x = getcurx(stdscr);
	char row[512];
	cursor_row(row, sizeof(row));
	if (f->focus >= f->def->nctls || f->ctl[f->focus].def->kind == IVM_CTL_BUTTON) {
		ck_assert_msg(x >= 2 && cell(y, x - 1) == '>' && cell(y, x - 2) == '[',
		              "focus %zu: cursor %d,%d not on a button: %s", f->focus, y, x, row);
		return;
	}
	bool marker = false;
	for (int i = 0; i <= x && !marker; i++)
		marker = cell(y, i) == '>';
	ck_assert_msg(marker, "focus %zu: no marker left of the cursor %d,%d: %s", f->focus, y, x, row);
	move(y, x);
}

START_TEST(cursor_follows_focus_through_the_tab_order)
{
	term_up();
	struct ivm_form *f = filled();
	for (size_t i = 0; i < ivm_form_nfocus(f) + 1; i++) {
		assert_cursor_on_focus(f);
		ivm_form_focus_move(f, +1);
	}
	/* the caret of a text field: after the typed text */
	f->focus = 0;
	ivm_ctl_set_text(ivm_form_ctl(f, "name"), "abc");
	ivm_cui_draw((struct ivm_cui *)ui, f);
	int y = getcury(stdscr), x = getcurx(stdscr);
	char row[256];
	cursor_row(row, sizeof(row));
	ck_assert_msg(cell(y, x - 3) == 'a' && cell(y, x - 1) == 'c' && cell(y, x) == ' ', "caret at %d: %s", x, row);
	ivm_form_free(&f);
	term_down();
}
END_TEST

START_TEST(keys_map_to_actions)
{
	term_up();
	struct ivm_form *f = filled();
	ivm_ctl_set_text(ivm_form_ctl(f, "name"), "ok");
	/* Enter from a field presses the default button */
	type((const int[]){ '\r' }, 1);
	ck_assert_int_eq(ivm_ui_run(ui, f), IVM_ACT_NEXT);
	/* typing goes into the focused field; Tab moves on; Space ticks */
	type((const int[]){ 'x', '\t', '\t', ' ', 27, 'p' }, 6);
	ck_assert_int_eq(ivm_ui_run(ui, f), IVM_ACT_PREV);	/* Alt+P */
	ck_assert_str_eq(ivm_form_ctl(f, "name")->text, "okx");
	ck_assert(ivm_form_ctl(f, "tick")->checked);
	ck_assert_uint_eq(f->focus, 8);	/* Alt+P focuses what it pressed */
	/* Enter on an in-form button returns its action; Shift-Tab goes back */
	f->focus = 7;
	type((const int[]){ KEY_BTAB, '\r' }, 2);
	ck_assert_int_eq(ivm_ui_run(ui, f), IVM_ACT_PAGE + 1);
	/* Down in a list moves its row, not the focus */
	f->focus = 5;
	type((const int[]){ KEY_DOWN, KEY_DOWN, ' ', 27, 'n' }, 5);
	ck_assert_int_eq(ivm_ui_run(ui, f), IVM_ACT_NEXT);
	ck_assert_uint_eq(ivm_form_ctl(f, "list")->cur, 2);
	ck_assert(ivm_form_ctl(f, "list")->rows[2].checked);
	/* Alt+N with a broken rule: stays, the rule beside the field, focus on it */
	ivm_ctl_set_text(ivm_form_ctl(f, "name"), "a:b");
	type((const int[]){ 27, 'n', 27 }, 3);
	ck_assert_int_eq(ivm_ui_run(ui, f), IVM_ACT_CANCEL);	/* then Esc */
	ck_assert_uint_eq(f->focus, 0);
	ck_assert_str_eq(ivm_form_ctl(f, "name")->error, "");	/* Cancel clears it */
	ivm_form_free(&f);
	term_down();
}
END_TEST

static const struct ivm_form_def no_cancel = {
	.console = "Test Console", .title = "No Cancel", .ctls = ctls, .nctls = 1,
	.buttons = ivm_wizard_buttons, .nbuttons = 2, .default_action = IVM_ACT_NEXT,
};

START_TEST(esc_is_cancel_only_where_there_is_cancel)
{
	term_up();
	struct ivm_form *f = ivm_form_new(&no_cancel);
	ivm_ctl_set_text(&f->ctl[0], "v");
	/* Esc is ignored: the next thing to happen is the form's tick */
	f->tick_ms = 50;
	type((const int[]){ 27 }, 1);
	ck_assert_int_eq(ivm_ui_run(ui, f), IVM_ACT_TICK);
	ck_assert_str_eq(f->ctl[0].text, "v");
	ivm_form_free(&f);
	term_down();
}
END_TEST

START_TEST(too_small_keeps_the_values)
{
	term_up();
	struct ivm_form *f = filled();
	ivm_ctl_set_text(ivm_form_ctl(f, "name"), "kept");
	resizeterm(20, 60);
	ck_assert(ivm_cui_too_small());
	ivm_cui_draw_too_small((struct ivm_cui *)ui);
	char row[128];
	mvinnstr(0, 0, row, sizeof(row) - 1);
	ck_assert_msg(strstr(row, "Terminal too small: 60x20") != NULL, "%s", row);
	/* keys other than Esc do nothing while too small */
	type((const int[]){ 'z', '\r', 27 }, 3);
	ck_assert_int_eq(ivm_ui_run(ui, f), IVM_ACT_CANCEL);
	ck_assert_str_eq(ivm_form_ctl(f, "name")->text, "kept");
	resizeterm(24, 80);
	ivm_form_free(&f);
	term_down();
}
END_TEST

/* Every page of the wizard: its controls have help, its Tab order reaches
 * every button, and the cursor is on the focused control at every stop. */
START_TEST(every_page_keeps_the_cursor_rule)
{
	term_up();
	for (size_t p = 0; p < ivm_pages_nall; p++) {
		const struct ivm_form_def *d = ivm_pages_all[p]->form;
		struct ivm_form *f = ivm_form_new(d);
		ck_assert_msg(d->title && d->console, "page %zu has no title", p);
		ck_assert_msg(d->why && strlen(d->why) > 20, "%s: no words on why the page is there", d->title);
		/* the page's why fits the four lines the screen gives it */
		const char *st[8];
		size_t ln[8];
		ck_assert_msg(ivm_cui_wrap(d->why, 76, st, ln, 8) <= 4, "%s: its why takes more than 4 lines at 76 columns",
		              d->title);
		ck_assert_msg(d->nbuttons > 0, "%s: no buttons", d->title);
		for (size_t i = 0; i < d->nctls; i++)
			ck_assert_msg(d->ctls[i].help || d->ctls[i].kind == IVM_CTL_NOTE, "%s: %s has no help",
			              d->title, d->ctls[i].label ? d->ctls[i].label : d->ctls[i].id);
		size_t seen = 0;
		for (size_t i = 0; i < ivm_form_nfocus(f); i++) {
			if (!ivm_form_focusable(f, f->focus))
				break;
			assert_cursor_on_focus(f);
			seen += f->focus >= d->nctls;
			ivm_form_focus_move(f, +1);
		}
		ck_assert_msg(seen == d->nbuttons, "%s: Tab reached %zu of %zu buttons", d->title, seen, d->nbuttons);
		ivm_form_free(&f);
	}
	term_down();
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("tui");
	TCase *m = tcase_create("model");
	tcase_add_test(m, tab_order_skips_notes_and_hidden);
	tcase_add_test(m, validation_puts_the_rule_beside_and_focuses);
	tcase_add_test(m, editing_is_by_character_and_wipes_passwords);
	tcase_add_test(m, rows_toggle_and_move);
	suite_add_tcase(s, m);
	TCase *c = tcase_create("curses");
	tcase_add_test(c, cursor_follows_focus_through_the_tab_order);
	tcase_add_test(c, keys_map_to_actions);
	tcase_add_test(c, esc_is_cancel_only_where_there_is_cancel);
	tcase_add_test(c, too_small_keeps_the_values);
	tcase_add_test(c, every_page_keeps_the_cursor_rule);
	suite_add_tcase(s, c);
	return s;
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
