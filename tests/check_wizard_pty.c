/* tests/check_wizard_pty.c: the wizard end to end in a pseudo-terminal read through libvterm, keys only, against the in-process lab. */
#include "config.h"

#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <check.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "tests/pty.h"
#include "tests/testutil.h"

#define PROGRAM IVM_BUILDDIR "/ipamvmm"
/* Generous: every wait ends as soon as the screen is right; this only bounds a failure. */
#define T 20000
#define ROWS 24
#define COLS 80
/* How many Tabs a tour of a page's controls takes, forth and back. */
#define TOUR 12
/* How long one read of the pty may wait while a test waits for the first bytes. */
#define SLICE_MS 5
/* The Run As account's password: the lab's password for CONTOSO\vmmuser. */
#define RUNAS_PW "Vmm-User-1!"

/* The parent's private directory (an unchecked fixture: removed even when a
 * test fails); each test takes a subdirectory of its own. */
static char *top_dir;

/* What the test pressed so far, for the failure message: the reproduction.
 * A key pressed again is counted ("Tab x12"), not repeated. */
static struct ivm_buf keylog = IVM_BUF_INIT;
static char last_key[300];
static int last_count;
static int nkeys;

static void
flush_key(void)
{
	if (last_count == 0)
		return;
	if (keylog.len > 0)
		ivm_buf_adds(&keylog, ", ");
	ivm_buf_adds(&keylog, last_key);
	if (last_count > 1)
		ivm_buf_addf(&keylog, " x%d", last_count);
	last_count = 0;
}

static void
logf_keys(const char *fmt, ...) IVM_PRINTF(1, 2);
static void
logf_keys(const char *fmt, ...)
{
	va_list ap;
	char s[300];
	va_start(ap, fmt);
	vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	nkeys++;
	if (last_count > 0 && strcmp(s, last_key) == 0) {
		last_count++;
		return;
	}
	flush_key();
	snprintf(last_key, sizeof(last_key), "%s", s);
	last_count = 1;
}

/* Misplaced cursors seen so far (see check_cursor). */
static struct ivm_buf cursor_fails = IVM_BUF_INIT;
static int ncursor_fails;

static void
reset_keys(void)
{
	ivm_buf_clear(&keylog);
	last_count = 0;
	nkeys = 0;
}

/* Fail with the screen, the cursor and the keys pressed. */
#define FAIL(p, ...) do { \
	char msg_[600]; \
	snprintf(msg_, sizeof(msg_), __VA_ARGS__); \
	fail_with((p), msg_); \
} while (0)

static void
fail_with(struct ivm_pty *p, const char *msg)
{
	char *s = ivm_pty_screen(p);
	int r, c;
	ivm_pty_cursor(p, &r, &c);
	/* Check's message has room for about 4 KiB: the whole story goes to
	 * stderr (the suite's log), the message keeps the end of the keys */
	flush_key();
	const char *keys = keylog.len ? ivm_buf_str(&keylog) : "(none)";
	fprintf(stderr, "FAILED: %s\n--- the screen (cursor at row %d, column %d):\n%s--- keys pressed: %s\n", msg,
	        r, c, s, keys);
	fflush(stderr);
	size_t n = strlen(keys);
	ck_abort_msg("%s [cursor at row %d, column %d; the screen and every key are in the log; last keys: %s%s]",
	             msg, r, c, n > 300 ? "..." : "", n > 300 ? keys + n - 300 : keys);
}

#define WAIT_TEXT(p, text) do { \
	if (!ivm_pty_wait_text((p), (text), T)) \
		FAIL((p), "'%s' never appeared", (text)); \
} while (0)

#define WAIT_GONE(p, text) do { \
	if (!ivm_pty_wait_gone((p), (text), T)) \
		FAIL((p), "'%s' never went away", (text)); \
} while (0)

/* ---- starting the program ------------------------------------------------ */

static void
unchecked_setup(void)
{
	top_dir = tu_mkdtemp();
}

static void
unchecked_teardown(void)
{
	tu_rmdir_r(top_dir);
	free(top_dir);
	top_dir = NULL;
}

struct run {
	struct ivm_pty *p;
	char dir[512];
	char state[600];
	char home[600], xdg[600];
	size_t first_paint;	/* bytes written until the first page was complete */
};

/* The wizard on the lab in a rows x cols pty, with HOME and XDG_STATE_HOME in
 * the test's own directory; extra arguments and environment may be given.
 * Waits for the first page unless the terminal is too small for it. */
static void
start(struct run *r, const char *name, const char *const *args, const char *const *env, int rows, int cols)
{
	const char *argv[16];
	const char *envv[16];
	size_t n = 0, e = 0;
	struct ivm_err err = { 0 };

	memset(r, 0, sizeof(*r));
	reset_keys();
	ivm_buf_clear(&cursor_fails);
	ncursor_fails = 0;
	snprintf(r->dir, sizeof(r->dir), "%s/%s", top_dir, name);
	ck_assert_msg(mkdir(r->dir, 0700) == 0, "mkdir %s", r->dir);
	snprintf(r->state, sizeof(r->state), "%s/lab.xml", r->dir);
	snprintf(r->home, sizeof(r->home), "HOME=%s", r->dir);
	snprintf(r->xdg, sizeof(r->xdg), "XDG_STATE_HOME=%s", r->dir);
	argv[n++] = PROGRAM;
	argv[n++] = "--state";
	argv[n++] = r->state;
	argv[n++] = "--instant";
	for (size_t i = 0; args && args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	envv[e++] = r->home;
	envv[e++] = r->xdg;
	for (size_t i = 0; env && env[i] && e < 15; i++)
		envv[e++] = env[i];
	envv[e] = NULL;
	r->p = ivm_pty_spawn(argv, envv, rows, cols, &err);
	ck_assert_msg(r->p != NULL, "%s: %s", err.what, err.why);
	if (rows >= ROWS && cols >= COLS) {
		WAIT_TEXT(r->p, "ipamvmm: Servers and accounts");
		/* the hint is the last thing drawn before the cursor is placed */
		WAIT_TEXT(r->p, "F1 Help");
		ck_assert(ivm_pty_wait_idle(r->p, T));
		r->first_paint = ivm_pty_output_len(r->p);
	}
}

static void cursor_verdict(struct ivm_pty *p);

/* The end of a case: the cursor faults seen on the way fail it now. */
static void
stop(struct run *r)
{
	cursor_verdict(r->p);
	ivm_pty_free(&r->p);
}

/* ---- keys ---------------------------------------------------------------- */

static const char *const key_names[] = {
	[IVM_KEY_TAB] = "Tab", [IVM_KEY_BTAB] = "Shift-Tab", [IVM_KEY_ENTER] = "Enter", [IVM_KEY_ESC] = "Esc",
	[IVM_KEY_F1] = "F1", [IVM_KEY_UP] = "Up", [IVM_KEY_DOWN] = "Down", [IVM_KEY_LEFT] = "Left",
	[IVM_KEY_RIGHT] = "Right", [IVM_KEY_HOME] = "Home", [IVM_KEY_END] = "End",
	[IVM_KEY_BACKSPACE] = "Backspace", [IVM_KEY_DELETE] = "Delete", [IVM_KEY_PGUP] = "PgUp",
	[IVM_KEY_PGDN] = "PgDn", [IVM_KEY_SPACE] = "Space",
};

static void
key(struct ivm_pty *p, enum ivm_pty_keyname k)
{
	logf_keys("%s", key_names[k]);
	if (!ivm_pty_key(p, k))
		FAIL(p, "the program had ended before %s", key_names[k]);
}

static void
alt(struct ivm_pty *p, char c)
{
	logf_keys("Alt+%c", c);
	if (!ivm_pty_alt(p, c))
		FAIL(p, "the program had ended before Alt+%c", c);
}

static void
type(struct ivm_pty *p, const char *text)
{
	logf_keys("type \"%s\"", text);
	if (!ivm_pty_send(p, text))
		FAIL(p, "the program had ended before typing %s", text);
}

/* After a key that changes the screen and does not talk to a server: the
 * program wrote something and is back waiting for a key. */
static void
settle(struct ivm_pty *p, size_t before)
{
	/* ivm_pty_pump reads until its deadline: short slices end the wait as
	 * soon as the first bytes came */
	long long deadline = tu_now_ms() + T;
	while (ivm_pty_output_len(p) <= before) {
		if (tu_now_ms() > deadline)
			FAIL(p, "the screen did not change after the last key");
		ivm_pty_pump(p, SLICE_MS);
	}
	if (!ivm_pty_wait_idle(p, T))
		FAIL(p, "the program never went back to waiting for a key");
}

static void
key_settle(struct ivm_pty *p, enum ivm_pty_keyname k)
{
	size_t before = ivm_pty_output_len(p);
	key(p, k);
	settle(p, before);
}

static void
type_settle(struct ivm_pty *p, const char *text)
{
	size_t before = ivm_pty_output_len(p);
	type(p, text);
	settle(p, before);
}

/* A key that leads to a server and a new screen: wait for its text. */
static void
key_wait(struct ivm_pty *p, enum ivm_pty_keyname k, const char *text)
{
	key(p, k);
	WAIT_TEXT(p, text);
}

static void
alt_wait(struct ivm_pty *p, char c, const char *text)
{
	alt(p, c);
	WAIT_TEXT(p, text);
}

/* ---- where the focus is ---------------------------------------------------- */

/* The cells of a screen row, one code point each (the wizard draws no wide
 * characters). */
static size_t
cells(struct ivm_pty *p, int row, unsigned *out, size_t max)
{
	char *s = ivm_pty_row(p, row);
	size_t n = 0;
	for (const unsigned char *q = (const unsigned char *)s; *q && n < max; q++)
		if ((*q & 0xc0) != 0x80)
			out[n++] = *q < 0x80 ? *q : 0x100;	/* not ASCII: only '>' '[' matter */
	free(s);
	return n;
}

/*
 * Issue 6: the cursor's row holds the '>' focus marker left of the cursor,
 * or the cursor sits just after "[>" on a button. A '>' inside brackets is
 * text (a field's value, a button's "Next >"), not the marker. Returns false
 * with why.
 */
static bool
cursor_at_focus(struct ivm_pty *p, char *why, size_t size)
{
	unsigned c[512];
	int row, col;
	ivm_pty_cursor(p, &row, &col);
	size_t n = cells(p, row, c, 512);
	if (col >= 2 && (size_t)col <= n && c[col - 2] == '[' && c[col - 1] == '>')
		return true;
	int depth = 0;
	for (int i = 0; i < col && (size_t)i < n; i++) {
		if (c[i] == '[')
			depth++;
		else if (c[i] == ']' && depth > 0)
			depth--;
		else if (c[i] == '>' && depth == 0)
			return true;
	}
	snprintf(why, size, "the cursor (row %d, column %d) is not on the focused control: no '>' marker left "
	         "of it and not just after \"[>\"", row, col);
	return false;
}

/* Misplaced cursors are collected, not fatal, so that one page's fault does
 * not hide the rest of the walkthrough; each is logged with its screen, and
 * the test fails at its end with the list (cursor_verdict). */
static void
check_cursor(struct ivm_pty *p, const char *where)
{
	char why[200];
	if (cursor_at_focus(p, why, sizeof(why)))
		return;
	char *s = ivm_pty_screen(p);
	fprintf(stderr, "CURSOR: %s: %s\n--- the screen:\n%s--- keys pressed: %s%s%s", where, why, s,
	        keylog.len ? ivm_buf_str(&keylog) : "", keylog.len && last_count ? ", " : "",
	        last_count ? last_key : "");
	if (last_count > 1)
		fprintf(stderr, " x%d", last_count);
	fputc('\n', stderr);
	fflush(stderr);
	free(s);
	int row, col;
	ivm_pty_cursor(p, &row, &col);
	if (ncursor_fails++ < 4)
		ivm_buf_addf(&cursor_fails, "%s%s (cursor at row %d, column %d)", cursor_fails.len ? "; " : "", where,
		             row, col);
}

static void
cursor_verdict(struct ivm_pty *p)
{
	if (ncursor_fails > 0)
		FAIL(p, "the cursor was not on the focused control (no '>' marker left of it, not just after "
		     "\"[>\") %d times, each screen is in the log: %s", ncursor_fails, ivm_buf_str(&cursor_fails));
}

/* The control or button named is the focused one: "[>name<]", or the
 * label's marker "> name:" in column 2. */
static bool
focused_is(struct ivm_pty *p, const char *name)
{
	char b[200];
	int col;
	snprintf(b, sizeof(b), "[>%s<]", name);
	if (ivm_pty_find(p, b, NULL, NULL))
		return true;
	snprintf(b, sizeof(b), "> %s:", name);
	return ivm_pty_find(p, b, NULL, &col) && col == 2;
}

/* Tab to the control or button named, checking the cursor at every step. */
static void
focus(struct ivm_pty *p, const char *name)
{
	for (int i = 0; i < 40; i++) {
		if (focused_is(p, name))
			return;
		key_settle(p, IVM_KEY_TAB);
		check_cursor(p, "after Tab");
	}
	FAIL(p, "Tab never reached '%s'", name);
}

/* Issue 6 on a whole page: Tab forth and Shift-Tab back over its controls,
 * the cursor on the focused one after each key; ends where it began. */
static void
tour(struct ivm_pty *p, const char *page)
{
	char where[200];
	check_cursor(p, page);
	for (int i = 0; i < TOUR; i++) {
		key_settle(p, IVM_KEY_TAB);
		snprintf(where, sizeof(where), "%s, Tab %d", page, i + 1);
		check_cursor(p, where);
	}
	for (int i = 0; i < TOUR; i++) {
		key_settle(p, IVM_KEY_BTAB);
		snprintf(where, sizeof(where), "%s, Shift-Tab %d", page, i + 1);
		check_cursor(p, where);
	}
}

/* A page has arrived when its title and its key hint are drawn. */
static void
page(struct ivm_pty *p, const char *title)
{
	WAIT_TEXT(p, title);
	WAIT_TEXT(p, "F1 Help");
	if (!ivm_pty_wait_idle(p, T))
		FAIL(p, "%s: the program never waited for a key", title);
	/* on the lab every page says so, first thing on the top bar */
	char *bar = ivm_pty_row(p, 0);
	bool lab = strncmp(bar, " LAB ", 5) == 0;
	free(bar);
	if (!lab)
		FAIL(p, "%s: no LAB banner on the top bar", title);
}

/* The text of the field on the row that holds label. */
static char *
field_row(struct ivm_pty *p, const char *label)
{
	int row;
	char b[200];
	snprintf(b, sizeof(b), "%s:", label);
	if (!ivm_pty_find(p, b, &row, NULL))
		return ivm_xstrdup("");
	return ivm_pty_row(p, row);
}

/* Empty the focused text field: End, then Backspace until its row shows "[ ". */
static void
clear_field(struct ivm_pty *p, const char *label)
{
	for (int i = 0; i < 80; i++) {
		char *row = field_row(p, label);
		char *open = strchr(row, '[');
		bool empty = open == NULL || open[1] == ' ' || open[1] == ']';
		free(row);
		if (empty)
			return;
		/* End moves the caret only when there is text (no change, no output otherwise) */
		if (i == 0)
			key(p, IVM_KEY_END);
		key_settle(p, IVM_KEY_BACKSPACE);
	}
	FAIL(p, "the field %s never became empty", label);
}

/* ---- the cases ---------------------------------------------------------- */

START_TEST(too_small_shows_the_too_small_page)
{
	struct run r;
	start(&r, "small", NULL, NULL, 20, 60);
	WAIT_TEXT(r.p, "Terminal too small: 60x20.");
	WAIT_TEXT(r.p, "ipamvmm needs at least 80x24.");
	ck_assert(!ivm_pty_find(r.p, "Servers and accounts", NULL, NULL));
	/* enlarged: the page comes back */
	ck_assert(ivm_pty_resize(r.p, ROWS, COLS));
	WAIT_TEXT(r.p, "ipamvmm: Servers and accounts");
	WAIT_GONE(r.p, "Terminal too small");
	stop(&r);
}
END_TEST

/* SGR parameters that set a colour (39 and 49, the defaults, are not one). */
static bool
sets_colour(long v)
{
	return (v >= 30 && v <= 38) || (v >= 40 && v <= 48) || (v >= 90 && v <= 97) || (v >= 100 && v <= 107);
}

/* The first SGR sequence in out that sets a colour, or NULL. */
static const char *
colour_sgr(const char *out)
{
	for (const char *s = strstr(out, "\033["); s; s = strstr(s + 1, "\033[")) {
		const char *q = s + 2;
		while ((*q >= '0' && *q <= '9') || *q == ';')
			q++;
		if (*q != 'm')
			continue;
		for (const char *v = s + 2; v < q; v++) {
			char *end;
			long n = strtol(v, &end, 10);
			if (end != v && sets_colour(n))
				return s;
			v = end;	/* at the ';' or the 'm' */
		}
	}
	return NULL;
}

START_TEST(no_color_has_no_colour_attributes)
{
	struct run r;
	const char *env[] = { "NO_COLOR=1", NULL };

	/* with colour first: the same screen has colour, so the check can see it */
	start(&r, "colour", NULL, NULL, ROWS, COLS);
	ck_assert_msg(ivm_pty_any_colour(r.p), "the wizard draws no colour even without NO_COLOR");
	ck_assert(colour_sgr(ivm_pty_output(r.p)) != NULL);
	stop(&r);

	start(&r, "no_color", NULL, env, ROWS, COLS);
	focus(r.p, "Next >");
	if (ivm_pty_any_colour(r.p))
		FAIL(r.p, "NO_COLOR=1: some cell has a colour");
	const char *sgr = colour_sgr(ivm_pty_output(r.p));
	if (sgr != NULL)
		FAIL(r.p, "NO_COLOR=1: the program sent a colour: \\033%.12s", sgr + 1);
	/* without colour, focus and the bar still show, by attribute and marker */
	struct ivm_pty_attrs a;
	ck_assert(ivm_pty_cell_attrs(r.p, 0, COLS - 1, &a));
	ck_assert_msg(a.reverse, "the top bar is not in reverse video without colour");
	ck_assert(focused_is(r.p, "Next >"));
	stop(&r);
}
END_TEST

START_TEST(esc_then_confirm_exits_1_restored)
{
	struct run r;
	start(&r, "esc", NULL, NULL, ROWS, COLS);
	key_wait(r.p, IVM_KEY_ESC, "Leave the wizard now?");
	WAIT_TEXT(r.p, "[>No<]");
	ck_assert(ivm_pty_wait_idle(r.p, T));
	check_cursor(r.p, "the Cancel question, No focused");
	/* No is the default: Tab to Yes, then Enter */
	key_settle(r.p, IVM_KEY_TAB);
	WAIT_TEXT(r.p, "[>Yes<]");
	check_cursor(r.p, "the Cancel question, Yes focused");
	key(r.p, IVM_KEY_ENTER);
	int st = ivm_pty_wait_exit(r.p, T);
	if (st != 1)
		FAIL(r.p, "exit status %d after Esc and Yes, want 1 (cancelled)", st);
	if (!ivm_pty_terminal_restored(r.p))
		FAIL(r.p, "the terminal was not restored after Cancel");
	stop(&r);
}
END_TEST

START_TEST(esc_then_no_stays)
{
	struct run r;
	start(&r, "esc_no", NULL, NULL, ROWS, COLS);
	key_wait(r.p, IVM_KEY_ESC, "Leave the wizard now?");
	key(r.p, IVM_KEY_ENTER);	/* No is focused */
	WAIT_GONE(r.p, "Leave the wizard now?");
	WAIT_TEXT(r.p, "ipamvmm: Servers and accounts");
	ck_assert_int_eq(ivm_pty_wait_exit(r.p, 0), -1);
	stop(&r);
}
END_TEST

START_TEST(ctrl_c_exits_130_restored)
{
	struct run r;
	start(&r, "ctrl_c", NULL, NULL, ROWS, COLS);
	logf_keys("Ctrl-C");
	ck_assert(ivm_pty_ctrl(r.p, 'c'));
	int st = ivm_pty_wait_exit(r.p, T);
	if (st != 130)
		FAIL(r.p, "exit status %d after Ctrl-C, want 130", st);
	if (!ivm_pty_terminal_restored(r.p)) {
		struct ivm_pty_termstate ts;
		ivm_pty_term_state(r.p, &ts);
		FAIL(r.p, "the terminal was not restored after Ctrl-C (icanon %d echo %d altscreen %d cursor %d)",
		     ts.icanon, ts.echo, ts.altscreen, ts.cursor_visible);
	}
	stop(&r);
}
END_TEST

/* A signal from outside: SIGTERM stops the wizard as Ctrl-C does (130); a
 * crash (SIGSEGV, as a job thread's fault would raise) still leaves the
 * terminal as it was found, then dies of the signal. */
static void
signalled(int sig, int want)
{
	struct run r;
	start(&r, sig == SIGTERM ? "sigterm" : "sigsegv", NULL, NULL, ROWS, COLS);
	logf_keys(sig == SIGTERM ? "SIGTERM" : "SIGSEGV");
	ck_assert_int_eq(kill(ivm_pty_pid(r.p), sig), 0);
	int st = ivm_pty_wait_exit(r.p, T);
	if (st != want)
		FAIL(r.p, "exit status %d after signal %d, want %d", st, sig, want);
	if (!ivm_pty_terminal_restored(r.p)) {
		struct ivm_pty_termstate ts;
		ivm_pty_term_state(r.p, &ts);
		FAIL(r.p, "the terminal was not restored after signal %d (icanon %d echo %d altscreen %d cursor %d)",
		     sig, ts.icanon, ts.echo, ts.altscreen, ts.cursor_visible);
	}
	stop(&r);
}

START_TEST(sigterm_exits_130_restored)
{
	signalled(SIGTERM, 130);
}
END_TEST

START_TEST(a_crash_leaves_the_terminal_restored)
{
	signalled(SIGSEGV, 128 + SIGSEGV);
}
END_TEST

#define TYPED "CONTOSO\\ipamadmin"
#define ACCOUNT_LABEL "IPAM administrator account"

/* Focus the IPAM account field and put TYPED in it. */
static void
type_account(struct ivm_pty *p)
{
	focus(p, ACCOUNT_LABEL);
	clear_field(p, ACCOUNT_LABEL);
	type_settle(p, TYPED);
	WAIT_TEXT(p, "[" TYPED);
	check_cursor(p, "after typing");
}

/* The page is drawn for rows x cols: the box's top row spans every column
 * and the key hint is on the last row; then the program waits for a key. */
static void
wait_layout(struct ivm_pty *p, int rows, int cols)
{
	long long deadline = tu_now_ms() + T;
	for (;;) {
		unsigned c[512];
		char *last = ivm_pty_row(p, rows - 1);
		bool hint = strstr(last, "F1 Help") != NULL;
		free(last);
		if (hint && cells(p, 1, c, 512) == (size_t)cols && ivm_pty_wait_idle(p, T))
			return;
		if (tu_now_ms() > deadline)
			FAIL(p, "the page was never drawn for %dx%d", cols, rows);
		ivm_pty_pump(p, SLICE_MS);
	}
}

START_TEST(resize_keeps_input)
{
	struct run r;
	int row, col, crow, ccol;

	start(&r, "resize", NULL, NULL, ROWS, COLS);
	type_account(r.p);
	ivm_pty_cursor(r.p, &crow, &ccol);
	ck_assert(ivm_pty_find(r.p, "[" TYPED, &row, &col));
	ck_assert_int_eq(crow, row);
	ck_assert_int_eq(ccol, col + 1 + (int)strlen(TYPED));

	logf_keys("resize to 100x30");
	ck_assert(ivm_pty_resize(r.p, 30, 100));
	wait_layout(r.p, 30, 100);
	WAIT_TEXT(r.p, "[" TYPED);
	ck_assert(focused_is(r.p, ACCOUNT_LABEL));
	check_cursor(r.p, "at 100x30");
	ck_assert(ivm_pty_wait_cursor_on(r.p, "]", 0));

	logf_keys("resize to 80x24");
	ck_assert(ivm_pty_resize(r.p, ROWS, COLS));
	wait_layout(r.p, ROWS, COLS);
	WAIT_TEXT(r.p, "[" TYPED);
	ck_assert(focused_is(r.p, ACCOUNT_LABEL));
	check_cursor(r.p, "back at 80x24");
	ivm_pty_cursor(r.p, &crow, &ccol);
	ck_assert(ivm_pty_find(r.p, "[" TYPED, &row, &col));
	ck_assert_int_eq(crow, row);
	ck_assert_int_eq(ccol, col + 1 + (int)strlen(TYPED));
	/* typing goes on where it was */
	type_settle(r.p, "x");
	WAIT_TEXT(r.p, "[" TYPED "x");
	stop(&r);
}
END_TEST

START_TEST(previous_then_next_keeps_a_typed_value)
{
	struct run r;

	start(&r, "prevnext", NULL, NULL, ROWS, COLS);
	type_account(r.p);
	alt_wait(r.p, 'n', "ipamvmm: Check the servers");
	page(r.p, "Both servers can be administered");
	alt(r.p, 'p');
	page(r.p, "ipamvmm: Servers and accounts");
	char *row = field_row(r.p, ACCOUNT_LABEL);
	if (strstr(row, "[" TYPED) == NULL)
		FAIL(r.p, "Previous: the typed account is gone: '%s'", row);
	free(row);
	/* and once more through Next, which stored it */
	alt_wait(r.p, 'n', "ipamvmm: Check the servers");
	page(r.p, "Both servers can be administered");
	alt(r.p, 'p');
	page(r.p, "ipamvmm: Servers and accounts");
	row = field_row(r.p, ACCOUNT_LABEL);
	if (strstr(row, "[" TYPED) == NULL)
		FAIL(r.p, "Next, Previous: the typed account is gone: '%s'", row);
	free(row);
	stop(&r);
}
END_TEST

/* True when out holds a box-drawing character (U+2500..U+257F: E2 94 80 to
 * E2 95 BF in UTF-8) or switches to the DEC line-drawing set (ESC ( 0). */
static const char *
line_drawing(const char *out, size_t n)
{
	for (size_t i = 0; i + 2 < n; i++) {
		const unsigned char *u = (const unsigned char *)out + i;
		if (u[0] == 0xe2 && (u[1] == 0x94 || u[1] == 0x95) && u[2] >= 0x80 && u[2] <= 0xbf)
			return "a box-drawing character U+2500..U+257F";
		if (u[0] == 0x1b && u[1] == '(' && u[2] == '0')
			return "the DEC line-drawing switch ESC ( 0";
	}
	return NULL;
}

START_TEST(ascii_draws_no_line_drawing)
{
	struct run r;
	const char *args[] = { "--ascii", NULL };

	/* without --ascii the same screen has line drawing, so the check can see it */
	start(&r, "lines", NULL, NULL, ROWS, COLS);
	ck_assert(line_drawing(ivm_pty_output(r.p), ivm_pty_output_len(r.p)) != NULL);
	stop(&r);

	start(&r, "ascii", args, NULL, ROWS, COLS);
	/* a question box too, and the next page */
	key_wait(r.p, IVM_KEY_ESC, "Leave the wizard now?");
	key(r.p, IVM_KEY_ENTER);
	WAIT_GONE(r.p, "Leave the wizard now?");
	alt_wait(r.p, 'n', "ipamvmm: Check the servers");
	page(r.p, "Both servers can be administered");
	const char *what = line_drawing(ivm_pty_output(r.p), ivm_pty_output_len(r.p));
	if (what != NULL)
		FAIL(r.p, "--ascii: the output holds %s", what);
	char *row = ivm_pty_row(r.p, 1);
	if (row[0] != '+' || row[strlen(row) - 1] != '+')
		FAIL(r.p, "--ascii: the box's top row is not drawn with '+': '%s'", row);
	free(row);
	stop(&r);
}
END_TEST

START_TEST(a_typed_character_is_not_a_repaint)
{
	struct run r;

	start(&r, "bytes", NULL, NULL, ROWS, COLS);
	focus(r.p, ACCOUNT_LABEL);
	clear_field(r.p, ACCOUNT_LABEL);
	ck_assert(ivm_pty_wait_idle(r.p, T));
	size_t before = ivm_pty_output_len(r.p);
	type_settle(r.p, "q");
	WAIT_TEXT(r.p, "[q ");
	size_t cost = ivm_pty_output_len(r.p) - before;
	/* a figure for the report: the log of make check keeps it */
	printf("check_wizard_pty: one typed character cost %zu bytes; the first full paint %zu bytes\n", cost,
	       r.first_paint);
	fflush(stdout);
	if (!(cost > 0 && cost * 10 < r.first_paint))
		FAIL(r.p, "one typed character cost %zu bytes, the first paint %zu: a repaint, not a change",
		     cost, r.first_paint);
	stop(&r);
}
END_TEST

/* ---- the walkthrough ---------------------------------------------------- */

/* One step of the walkthrough: keys only, each waiting for what it brings. */
enum op {
	PAGE,		/* wait for a title (and the hint), then tour its controls */
	SEE,		/* wait for text */
	FOCUS,		/* Tab to a control or button */
	PRESS,		/* Enter on the focused one; wait for text */
	ALT,		/* Alt+key; wait for text */
	TYPE,		/* type into the focused field (no server involved) */
	SPACE,		/* Space on the focused control */
	CLEAR,		/* empty the focused field of this label */
	VIEW,		/* Enter or F1 opens a text (arg: its title), Esc comes back to the page (wait) */
	HELP,		/* F1 on the focused control: "Help: <arg>", Esc back */
	END,
};

struct step {
	enum op op;
	const char *arg;	/* title, text, control, or the key for ALT */
	const char *wait;	/* PRESS, ALT: text to wait for */
};

#define LUG "Local Users and Groups: "
#define IAC "IPAM Access Control: "
#define VMMW "VMM Add Network Service Wizard: "
#define VMMC "Virtual Machine Manager: "

static const struct step walkthrough[] = {
	{ PAGE, "ipamvmm: Servers and accounts", NULL },
	{ SEE, "[x]", NULL },		/* Use the lab: ticked, no server named */
	{ PRESS, NULL, "ipamvmm: Check the servers" },	/* Enter: the default button, Next */

	{ PAGE, "ipamvmm: Check the servers", NULL },
	{ SEE, "Both servers can be administered: press Next.", NULL },
	{ SEE, " LAB ", NULL },
	{ ALT, "n", LUG "Groups" },

	{ PAGE, LUG "Groups", NULL },
	{ SEE, "The group VMM Users does not exist yet", NULL },
	{ FOCUS, "New Group...", NULL },
	{ PRESS, NULL, LUG "New Group" },
	{ PAGE, LUG "New Group", NULL },
	{ SEE, "[VMM Users", NULL },	/* the default name, filled in */
	{ FOCUS, "Add...", NULL },
	{ PRESS, NULL, LUG "Select Users" },
	{ PAGE, LUG "Select Users", NULL },
	{ FOCUS, "Enter the object names to select", NULL },
	{ TYPE, "CONTOSO\\vmmuser", NULL },
	{ FOCUS, "Check Names", NULL },
	{ PRESS, NULL, "1 of 1 names found on" },
	{ SEE, "+ CONTOSO\\vmmuser", NULL },
	{ ALT, "o", LUG "New Group" },
	{ PAGE, LUG "New Group", NULL },
	{ SEE, "will be the member: press Create.", NULL },
	{ ALT, "c", LUG "Groups" },
	{ PAGE, LUG "Groups", NULL },
	{ SEE, "Done: CONTOSO\\vmmuser is in VMM Users.", NULL },
	{ FOCUS, "Properties of Remote Management Users...", NULL },
	{ PRESS, NULL, LUG "Remote Management Users Properties" },
	{ PAGE, LUG "Remote Management Users Properties", NULL },
	{ FOCUS, "Add...", NULL },
	{ PRESS, NULL, LUG "Select Users" },
	{ PAGE, LUG "Select Users", NULL },
	{ SEE, "+ CONTOSO\\vmmuser", NULL },	/* the names checked before are kept */
	{ ALT, "o", "will be added when you press OK." },
	{ PAGE, LUG "Remote Management Users Properties", NULL },
	{ ALT, "o", "is in Remote Management Users." },
	{ PAGE, LUG "Groups", NULL },
	{ SEE, "Done: CONTOSO\\vmmuser is in Remote Management Users.", NULL },
	{ ALT, "n", IAC "Access Policies" },

	{ PAGE, IAC "Access Policies", NULL },
	{ FOCUS, "Add Access Policy...", NULL },
	{ PRESS, NULL, IAC "Add Access Policy" },
	{ PAGE, IAC "Add Access Policy", NULL },
	{ SEE, "VMM Users (local group on", NULL },
	{ FOCUS, "New...", NULL },
	{ PRESS, NULL, IAC "Add Access Setting" },
	{ PAGE, IAC "Add Access Setting", NULL },
	{ SEE, ">IPAM ASM Administrator Role", NULL },	/* the role VMM needs, preselected */
	{ SEE, "*Global", NULL },	/* the scope tree, not focused: its pick marked with a star */
	{ ALT, "a", "Access setting: IPAM ASM Administrator Role at Global." },
	{ PAGE, IAC "Add Access Policy", NULL },
	{ SEE, "IPAM ASM Administrator Role at Global", NULL },
	{ ALT, "o", "Done: VMM Users holds" },
	{ PAGE, IAC "Access Policies", NULL },
	{ ALT, "n", VMMW "Name (page 1 of 7)" },

	{ PAGE, VMMW "Name (page 1 of 7)", NULL },
	{ SEE, "[IPAM ", NULL },
	{ FOCUS, "Description", NULL },
	{ HELP, "Description", VMMW "Name (page 1 of 7)" },	/* F1 explains the focused field */
	{ SEE, "> Description:", NULL },	/* and the focus is where it was */
	{ TYPE, "Added by the e2e test", NULL },
	{ ALT, "n", VMMW "Manufacturer and Model (page 2 of 7)" },
	{ PAGE, VMMW "Manufacturer and Model (page 2 of 7)", NULL },
	/* Previous then Next keeps the typed description */
	{ ALT, "p", VMMW "Name (page 1 of 7)" },
	{ PAGE, VMMW "Name (page 1 of 7)", NULL },
	{ SEE, "[Added by the e2e test", NULL },
	{ ALT, "n", VMMW "Manufacturer and Model (page 2 of 7)" },
	{ PAGE, VMMW "Manufacturer and Model (page 2 of 7)", NULL },
	{ SEE, "(*) Microsoft Windows Server IP Address Management", NULL },
	{ ALT, "n", VMMW "Credentials (page 3 of 7)" },

	{ PAGE, VMMW "Credentials (page 3 of 7)", NULL },
	{ FOCUS, "Browse...", NULL },
	{ PRESS, NULL, VMMC "Select a Run As Account" },
	{ PAGE, VMMC "Select a Run As Account", NULL },
	{ FOCUS, "Create Run As Account...", NULL },
	{ PRESS, NULL, VMMC "Create Run As Account" },
	{ PAGE, VMMC "Create Run As Account", NULL },
	{ SEE, "[IPAM Run As", NULL },
	{ SEE, "[CONTOSO\\vmmuser", NULL },
	{ FOCUS, "Password", NULL },
	{ TYPE, RUNAS_PW, NULL },
	{ FOCUS, "Confirm password", NULL },
	{ TYPE, RUNAS_PW, NULL },
	{ ALT, "o", "Created the Run As account IPAM Run As" },
	{ PAGE, VMMC "Select a Run As Account", NULL },
	{ ALT, "o", VMMW "Credentials (page 3 of 7)" },
	{ PAGE, VMMW "Credentials (page 3 of 7)", NULL },
	{ SEE, "VMM has this Run As account; it holds", NULL },
	{ ALT, "n", VMMW "Connection String (page 4 of 7)" },

	{ PAGE, VMMW "Connection String (page 4 of 7)", NULL },
	{ SEE, "[ipam1.contoso.com", NULL },
	{ ALT, "n", VMMW "Provider (page 5 of 7)" },

	{ PAGE, VMMW "Provider (page 5 of 7)", NULL },
	{ FOCUS, "Test", NULL },
	{ PRESS, NULL, "All 3 tests passed: press Next." },
	{ SEE, "Test open connection: Passed", NULL },
	{ SEE, "Test capability discovery: Passed", NULL },
	{ SEE, "Test system info: Passed", NULL },
	{ ALT, "n", VMMW "Host Group (page 6 of 7)" },

	{ PAGE, VMMW "Host Group (page 6 of 7)", NULL },
	{ SEE, "[x] All Hosts", NULL },
	{ ALT, "n", VMMW "Summary (page 7 of 7)" },

	{ PAGE, VMMW "Summary (page 7 of 7)", NULL },
	{ FOCUS, "View Script", NULL },
	{ VIEW, "Script (passwords as ********)", VMMW "Summary (page 7 of 7)" },
	{ ALT, "f", VMMC "Jobs" },
	{ PAGE, VMMC "Jobs", NULL },
	{ SEE, "Completed: every step finished", NULL },
	{ END, NULL, NULL },
};

static void
run_step(struct ivm_pty *p, const struct step *s)
{
	switch (s->op) {
	case PAGE:
		page(p, s->arg);
		tour(p, s->arg);
		break;
	case SEE:
		WAIT_TEXT(p, s->arg);
		break;
	case FOCUS:
		focus(p, s->arg);
		break;
	case PRESS:
		key_wait(p, IVM_KEY_ENTER, s->wait);
		break;
	case ALT:
		alt_wait(p, s->arg[0], s->wait);
		break;
	case TYPE:
		type_settle(p, s->arg);
		check_cursor(p, "after typing");
		break;
	case SPACE:
		key_settle(p, IVM_KEY_SPACE);
		break;
	case CLEAR:
		clear_field(p, s->arg);
		break;
	case VIEW:
		key_wait(p, IVM_KEY_ENTER, s->arg);
		WAIT_TEXT(p, "Enter or Esc: back");
		if (ivm_pty_find(p, RUNAS_PW, NULL, NULL))
			FAIL(p, "%s shows the Run As password", s->arg);
		key_wait(p, IVM_KEY_ESC, s->wait);
		page(p, s->wait);
		break;
	case HELP: {
		char title[200];
		snprintf(title, sizeof(title), "Help: %s", s->arg);
		key_wait(p, IVM_KEY_F1, title);
		WAIT_TEXT(p, "Enter or Esc: back");
		key_wait(p, IVM_KEY_ESC, s->wait);
		page(p, s->wait);
		check_cursor(p, "back from help");
		break;
	}
	case END:
		break;
	}
}

START_TEST(walkthrough_targets_to_jobs_every_job_completed)
{
	struct run r;

	long long t0 = tu_now_ms();
	start(&r, "walk", NULL, NULL, ROWS, COLS);
	for (const struct step *s = walkthrough; s->op != END; s++)
		run_step(r.p, s);
	/* a figure for the report: the log of make check keeps it */
	printf("check_wizard_pty: the walkthrough, Targets to Jobs: %zu steps, %d keys, %lld ms\n",
	       IVM_COUNT(walkthrough) - 1, nkeys, tu_now_ms() - t0);
	fflush(stdout);
	/* every step Completed, none failed */
	if (ivm_pty_find(r.p, "Failed", NULL, NULL))
		FAIL(r.p, "Jobs: a step failed");
	int row;
	ck_assert(ivm_pty_find(r.p, "> Jobs:", &row, NULL) || ivm_pty_find(r.p, "  Jobs:", &row, NULL));
	/* the list's rows, one a step, until the first blank one */
	int steps = 0;
	for (int i = row; i < row + 10; i++) {
		char *line = ivm_pty_row(r.p, i);
		bool blank = strlen(line) < 12 || strspn(line + 10, " \xe2\x94\x82") == strlen(line + 10);
		bool done = strstr(line, " Completed ") != NULL;
		if (!blank && !done)
			FAIL(r.p, "Jobs: row %d is not Completed: %s", i, line);
		free(line);
		if (blank)
			break;
		steps++;
	}
	if (steps < 7)
		FAIL(r.p, "Jobs: %d steps shown, want at least 7 (group, member, Remote Management Users, "
		     "grant, Run As, test, network service)", steps);
	/* the Run As password was typed, never drawn */
	if (strstr(ivm_pty_output(r.p), RUNAS_PW) != NULL)
		FAIL(r.p, "the Run As password was written to the terminal");
	/* Close ends the wizard: 0, every step Completed */
	alt(r.p, 'c');
	int st = ivm_pty_wait_exit(r.p, T);
	if (st != 0)
		FAIL(r.p, "exit status %d after Close with every job Completed, want 0", st);
	if (!ivm_pty_terminal_restored(r.p))
		FAIL(r.p, "the terminal was not restored after Close");
	stop(&r);
}
END_TEST

static Suite *
wizard_pty_suite(void)
{
	Suite *s = suite_create("wizard_pty");
	TCase *tc = tcase_create("screens");
	TCase *walk = tcase_create("walkthrough");

	tcase_add_unchecked_fixture(tc, unchecked_setup, unchecked_teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, too_small_shows_the_too_small_page);
	tcase_add_test(tc, no_color_has_no_colour_attributes);
	tcase_add_test(tc, esc_then_confirm_exits_1_restored);
	tcase_add_test(tc, esc_then_no_stays);
	tcase_add_test(tc, ctrl_c_exits_130_restored);
	tcase_add_test(tc, sigterm_exits_130_restored);
	tcase_add_test(tc, a_crash_leaves_the_terminal_restored);
	tcase_add_test(tc, resize_keeps_input);
	tcase_add_test(tc, previous_then_next_keeps_a_typed_value);
	tcase_add_test(tc, ascii_draws_no_line_drawing);
	tcase_add_test(tc, a_typed_character_is_not_a_repaint);
	suite_add_tcase(s, tc);
	tcase_add_unchecked_fixture(walk, unchecked_setup, unchecked_teardown);
	tcase_set_timeout(walk, 600);
	tcase_add_test(walk, walkthrough_targets_to_jobs_every_job_completed);
	suite_add_tcase(s, walk);
	return s;
}

int
main(void)
{
	return tu_run_suite(wizard_pty_suite());
}
