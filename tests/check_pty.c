/* tests/check_pty.c: the pty + libvterm harness, proved on tests/pty_demo (keys, cursor, resize, colour, exit). */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "tests/pty.h"
#include "tests/testutil.h"

#define DEMO IVM_BUILDDIR "/tests/pty_demo"
/* Generous: waits end as soon as the screen is right; this only bounds a failure. */
#define T 15000

#define WAIT_TEXT(p, text) do { \
	if (!ivm_pty_wait_text((p), (text), T)) { \
		char *s_ = ivm_pty_screen(p); \
		ck_abort_msg("'%s' never appeared; the screen:\n%s", (text), s_); \
	} \
} while (0)

static struct ivm_pty *
demo(const char *const *env, int rows, int cols)
{
	const char *argv[] = { DEMO, NULL };
	struct ivm_err err = { 0 };
	struct ivm_pty *p = ivm_pty_spawn(argv, env, rows, cols, &err);
	ck_assert_msg(p != NULL, "%s: %s", err.what, err.why);
	WAIT_TEXT(p, "demo ready");
	WAIT_TEXT(p, "key 0: none");
	/* the cursor is parked last: the first paint is complete */
	ck_assert(ivm_pty_wait_cursor_on(p, "here", T));
	return p;
}

START_TEST(spawn_sets_size_and_screen_reads_back)
{
	struct ivm_pty *p = demo(NULL, 24, 80);
	int rows, cols, r, c;

	ivm_pty_size(p, &rows, &cols);
	ck_assert_int_eq(rows, 24);
	ck_assert_int_eq(cols, 80);
	char *row = ivm_pty_row(p, 0);
	ck_assert_str_eq(row, "demo ready");
	free(row);
	row = ivm_pty_row(p, 99);
	ck_assert_str_eq(row, "");
	free(row);
	ck_assert(ivm_pty_find(p, "colour: on", &r, &c));
	ck_assert_int_eq(r, 1);
	ck_assert_int_eq(c, 0);
	ck_assert(!ivm_pty_find(p, "not on screen", NULL, NULL));
	ck_assert(!ivm_pty_wait_text(p, "not on screen", 50));
	char *screen = ivm_pty_screen(p);
	ck_assert_msg(strncmp(screen, "demo ready\ncolour: on\nkey 0: none\n", 34) == 0, "%s", screen);
	free(screen);
	ivm_pty_free(&p);
	ck_assert(p == NULL);
	ivm_pty_free(&p);
}
END_TEST

START_TEST(spawn_of_a_missing_program_fails_with_a_reason)
{
	const char *argv[] = { IVM_BUILDDIR "/tests/no-such-program", NULL };
	struct ivm_err err = { 0 };
	struct ivm_pty *p = ivm_pty_spawn(argv, NULL, 24, 80, &err);
	ck_assert(p == NULL);
	ck_assert_int_eq(err.kind, IVM_E_IO);
	ck_assert_msg(strstr(err.why, "no-such-program") != NULL, "%s", err.why);
}
END_TEST

static const struct {
	enum ivm_pty_keyname key;
	const char *name; /* as the demo shows keyname() */
} keys[] = {
	{ IVM_KEY_TAB, "^I" },
	{ IVM_KEY_BTAB, "KEY_BTAB" },
	{ IVM_KEY_ENTER, "^J" },
	{ IVM_KEY_F1, "KEY_F(1)" },
	{ IVM_KEY_UP, "KEY_UP" },
	{ IVM_KEY_DOWN, "KEY_DOWN" },
	{ IVM_KEY_LEFT, "KEY_LEFT" },
	{ IVM_KEY_RIGHT, "KEY_RIGHT" },
	{ IVM_KEY_HOME, "KEY_HOME" },
	{ IVM_KEY_END, "KEY_END" },
	{ IVM_KEY_BACKSPACE, "KEY_BACKSPACE" },
	{ IVM_KEY_DELETE, "KEY_DC" },
	{ IVM_KEY_PGUP, "KEY_PPAGE" },
	{ IVM_KEY_PGDN, "KEY_NPAGE" },
	{ IVM_KEY_SPACE, " " },
};

START_TEST(each_named_key_arrives_as_its_curses_key)
{
	struct ivm_pty *p = demo(NULL, 24, 80);
	char want[64];
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		ck_assert(ivm_pty_key(p, keys[i].key));
		snprintf(want, sizeof(want), "key %d: %s", ++n, keys[i].name);
		WAIT_TEXT(p, want);
	}
	ck_assert(ivm_pty_wait_gone(p, "key 0: none", T));
	ck_assert(ivm_pty_alt(p, 'n'));
	snprintf(want, sizeof(want), "key %d: ALT-n", ++n);
	WAIT_TEXT(p, want);
	ck_assert(ivm_pty_ctrl(p, 'a'));
	snprintf(want, sizeof(want), "key %d: ^A", ++n);
	WAIT_TEXT(p, want);
	ck_assert(ivm_pty_send(p, "x"));
	snprintf(want, sizeof(want), "key %d: x", ++n);
	WAIT_TEXT(p, want);
	/* the arrows went out in application mode, as ncurses' smkx asked */
	ck_assert(strstr(ivm_pty_output(p), "\033[?1h") != NULL);
	ivm_pty_free(&p);
}
END_TEST

START_TEST(cursor_position_and_cursor_text)
{
	struct ivm_pty *p = demo(NULL, 24, 80);
	int row, col;

	ck_assert(ivm_pty_wait_cursor_on(p, "here", T));
	ivm_pty_cursor(p, &row, &col);
	ck_assert_int_eq(row, 5);
	ck_assert_int_eq(col, 10);
	/* "cursor>" is on the cursor's row but before its column */
	ck_assert(!ivm_pty_wait_cursor_on(p, "cursor>", 0));
	ck_assert(ivm_pty_find(p, "here", &row, &col));
	ck_assert_int_eq(row, 5);
	ck_assert_int_eq(col, 10);
	ivm_pty_free(&p);
}
END_TEST

START_TEST(cell_attributes)
{
	struct ivm_pty *p = demo(NULL, 24, 80);
	struct ivm_pty_attrs a;

	ck_assert(ivm_pty_cell_attrs(p, 3, 0, &a));
	ck_assert(a.bold && !a.reverse && !a.underline);
	ck_assert(ivm_pty_cell_attrs(p, 3, 5, &a));
	ck_assert(a.reverse && !a.bold && !a.underline);
	ck_assert(ivm_pty_cell_attrs(p, 3, 13, &a));
	ck_assert(a.underline && !a.bold && !a.reverse);
	ck_assert(ivm_pty_cell_attrs(p, 1, 0, &a));
	ck_assert(!a.bold && !a.reverse && !a.underline && !a.fg_colour && !a.bg_colour);
	ck_assert_int_eq(a.fg, -1);
	ck_assert(!ivm_pty_cell_attrs(p, 24, 0, &a));
	ck_assert(!ivm_pty_cell_attrs(p, 0, 80, &a));
	ivm_pty_free(&p);
}
END_TEST

START_TEST(resize_reaches_the_program_and_the_screen)
{
	struct ivm_pty *p = demo(NULL, 24, 80);
	int rows, cols;

	ck_assert(ivm_pty_resize(p, 30, 100));
	WAIT_TEXT(p, "size: 30 rows, 100 cols");
	ivm_pty_size(p, &rows, &cols);
	ck_assert_int_eq(rows, 30);
	ck_assert_int_eq(cols, 100);
	ck_assert(ivm_pty_wait_cursor_on(p, "here", T));
	ck_assert(ivm_pty_resize(p, 24, 80));
	WAIT_TEXT(p, "size: 24 rows, 80 cols");
	WAIT_TEXT(p, "demo ready");
	ivm_pty_free(&p);
}
END_TEST

START_TEST(colour_unless_no_color)
{
	/* the caller's NO_COLOR does not leak into the child */
	setenv("NO_COLOR", "1", 1);
	struct ivm_pty *p = demo(NULL, 24, 80);
	unsetenv("NO_COLOR");
	struct ivm_pty_attrs a;

	WAIT_TEXT(p, "colour: on");
	ck_assert(ivm_pty_any_colour(p));
	ck_assert(ivm_pty_cell_attrs(p, 0, 0, &a));
	ck_assert(a.fg_colour && a.bg_colour);
	ck_assert_int_eq(a.fg, 7); /* COLOR_WHITE */
	ck_assert_int_eq(a.bg, 4); /* COLOR_BLUE */
	ck_assert(strstr(ivm_pty_output(p), "\033[44m") != NULL);
	ivm_pty_free(&p);

	const char *env[] = { "NO_COLOR=1", NULL };
	p = demo(env, 24, 80);
	WAIT_TEXT(p, "colour: off");
	ck_assert(!ivm_pty_any_colour(p));
	ck_assert(strstr(ivm_pty_output(p), "\033[44m") == NULL);
	ivm_pty_free(&p);
}
END_TEST

START_TEST(a_key_costs_a_line_not_a_repaint)
{
	struct ivm_pty *p = demo(NULL, 24, 80);
	size_t first = ivm_pty_output_len(p);

	ck_assert(ivm_pty_key(p, IVM_KEY_TAB));
	WAIT_TEXT(p, "key 1: ^I");
	ck_assert(ivm_pty_wait_cursor_on(p, "here", T));
	size_t cost = ivm_pty_output_len(p) - first;
	ck_assert_msg(cost > 0 && cost < first / 2, "a key cost %zu bytes, the first paint %zu", cost, first);
	ck_assert(memchr(ivm_pty_output(p) + first, 0x1b, cost) != NULL);
	ivm_pty_free(&p);
}
END_TEST

START_TEST(exit_status_and_terminal_restored)
{
	struct ivm_pty *p = demo(NULL, 24, 80);
	struct ivm_pty_termstate st;

	/* while it runs, curses has the terminal */
	ivm_pty_term_state(p, &st);
	ck_assert(!st.icanon && !st.echo && st.altscreen);
	ck_assert(!ivm_pty_terminal_restored(p));
	ck_assert_int_eq(ivm_pty_wait_exit(p, 0), -1);
	ck_assert(ivm_pty_send(p, "q"));
	ck_assert_int_eq(ivm_pty_wait_exit(p, T), 3);
	ck_assert(ivm_pty_terminal_restored(p));
	ck_assert_int_eq(ivm_pty_wait_exit(p, 0), 3);
	ivm_pty_free(&p);

	p = demo(NULL, 24, 80);
	ck_assert(ivm_pty_key(p, IVM_KEY_ESC));
	ck_assert_int_eq(ivm_pty_wait_exit(p, T), 0);
	ck_assert(ivm_pty_terminal_restored(p));
	ivm_pty_free(&p);
}
END_TEST

START_TEST(a_killed_program_leaves_the_terminal_unrestored)
{
	struct ivm_pty *p = demo(NULL, 24, 80);
	struct ivm_pty_termstate st;

	ck_assert_int_eq(kill(ivm_pty_pid(p), SIGKILL), 0);
	ck_assert_int_eq(ivm_pty_wait_exit(p, T), 128 + SIGKILL);
	ck_assert(!ivm_pty_terminal_restored(p));
	ivm_pty_term_state(p, &st);
	ck_assert(!st.icanon && !st.echo && st.altscreen);
	ck_assert(!ivm_pty_send(p, "q"));
	ivm_pty_free(&p);
}
END_TEST

START_TEST(ctrl_c_goes_through_the_line_discipline)
{
	struct ivm_pty *p = demo(NULL, 24, 80);

	/* cbreak keeps ISIG: the kernel turns ^C into SIGINT, which ncurses
	 * catches to restore the terminal and exit(1); a key would not end it */
	ck_assert(ivm_pty_ctrl(p, 'c'));
	int status = ivm_pty_wait_exit(p, T);
	ck_assert_msg(status == 1 || status == 128 + SIGINT, "exit status %d", status);
	ck_assert(ivm_pty_terminal_restored(p));
	ivm_pty_free(&p);
}
END_TEST

START_TEST(free_kills_a_running_program)
{
	struct ivm_pty *p = demo(NULL, 24, 80);
	pid_t pid = ivm_pty_pid(p);

	ivm_pty_free(&p);
	/* reaped: the pid is no longer ours */
	ck_assert_int_eq(kill(pid, 0), -1);
}
END_TEST

static Suite *
pty_suite(void)
{
	Suite *s = suite_create("pty");
	TCase *tc = tcase_create("demo");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, spawn_sets_size_and_screen_reads_back);
	tcase_add_test(tc, spawn_of_a_missing_program_fails_with_a_reason);
	tcase_add_test(tc, each_named_key_arrives_as_its_curses_key);
	tcase_add_test(tc, cursor_position_and_cursor_text);
	tcase_add_test(tc, cell_attributes);
	tcase_add_test(tc, resize_reaches_the_program_and_the_screen);
	tcase_add_test(tc, colour_unless_no_color);
	tcase_add_test(tc, a_key_costs_a_line_not_a_repaint);
	tcase_add_test(tc, exit_status_and_terminal_restored);
	tcase_add_test(tc, a_killed_program_leaves_the_terminal_unrestored);
	tcase_add_test(tc, ctrl_c_goes_through_the_line_discipline);
	tcase_add_test(tc, free_kills_a_running_program);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(pty_suite());
}
