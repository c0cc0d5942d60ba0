/* tui/curses_term.c: starts and stops the terminal for curses, and restores it on every exit path (signals, crashes). */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/cancel.h"
#include "tui/curses_int.h"

/* What a signal handler needs to put the terminal back without curses:
 * the saved modes and the terminfo strings, prepared before any signal. */
static struct {
	volatile sig_atomic_t active;
	int fd;
	struct termios saved;
	char restore[256];
	size_t restore_len;
} term;

static void
add_cap(const char *name)
{
	char *s = tigetstr(name);
	if (s == NULL || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (term.restore_len + n < sizeof(term.restore)) {
		memcpy(term.restore + term.restore_len, s, n);
		term.restore_len += n;
	}
}

/* async-signal-safe: write and tcsetattr only */
static void
restore_now(void)
{
	if (!term.active)
		return;
	term.active = 0;
	if (term.restore_len && write(term.fd, term.restore, term.restore_len) < 0) {
		/* nothing more can be done from here */
	}
	tcsetattr(term.fd, TCSANOW, &term.saved);
}

static void
on_stop_signal(int sig)
{
	/* the first Ctrl-C asks the wizard to stop cleanly; a second one
	 * (or a stop while nothing listens) leaves at once, terminal restored */
	if (!ivm_cancelled()) {
		ivm_cancel_request();
		return;
	}
	restore_now();
	_exit(128 + sig);
}

static void
on_crash(int sig)
{
	restore_now();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
at_exit(void)
{
	if (term.active) {
		endwin();
		term.active = 0;
	}
}

static void
install_handlers(void)
{
	static const int stops[] = { SIGINT, SIGTERM, SIGHUP };
	static const int crashes[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop_signal;
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		sigaction(stops[i], &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof(crashes) / sizeof(crashes[0]); i++)
		sigaction(crashes[i], &sa, NULL);
	static bool registered;
	if (!registered) {
		atexit(at_exit);
		registered = true;
	}
}

struct colour_role {
	enum ivm_cui_role role;
	short fg, bg;
	attr_t extra;		/* also in colour */
	attr_t mono;		/* without colour */
};

/* Selection and focus are also shown by text markers; attributes only help. */
static const struct colour_role roles[] = {
	{ IVM_CUI_PLAIN, -1, -1, A_NORMAL, A_NORMAL },
	{ IVM_CUI_BAR, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE },
	{ IVM_CUI_BANNER, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_REVERSE },
	{ IVM_CUI_TITLE, -1, -1, A_BOLD, A_BOLD },
	{ IVM_CUI_FOCUS, COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	{ IVM_CUI_FIELD, -1, -1, A_UNDERLINE, A_UNDERLINE },
	{ IVM_CUI_ERROR, COLOR_RED, -1, A_BOLD, A_BOLD },
	{ IVM_CUI_STATUS, -1, -1, A_BOLD, A_BOLD },
	{ IVM_CUI_HINT, -1, -1, A_DIM, A_NORMAL },
	{ IVM_CUI_DIM, -1, -1, A_DIM, A_DIM },
	{ IVM_CUI_MARKED, COLOR_GREEN, -1, A_UNDERLINE, A_UNDERLINE },
};

static void
set_colours(struct ivm_cui *u, const struct ivm_ui_opts *o)
{
	const char *nc = getenv("NO_COLOR");
	u->colour = !o->mono && !(nc && nc[0]) && has_colors();
	if (u->colour) {
		start_color();
		use_default_colors();
	}
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		const struct colour_role *r = &roles[i];
		if (!u->colour) {
			u->attr[r->role] = r->mono;
			continue;
		}
		attr_t a = r->extra;
		if (r->fg != -1 || r->bg != -1) {
			init_pair((short)(i + 1), r->fg, r->bg);
			a |= COLOR_PAIR((int)(i + 1));
		}
		u->attr[r->role] = a;
	}
}

int
ivm_cui_term_start(struct ivm_cui *u, const struct ivm_ui_opts *o, struct ivm_err *err)
{
	u->in = o->in ? o->in : stdin;
	u->out = o->out ? o->out : stdout;
	u->ascii = o->ascii;
	term.fd = fileno(u->out);
	if (tcgetattr(fileno(u->in), &term.saved) == 0)
		term.fd = fileno(u->in);
	u->scr = newterm(o->term, u->out, u->in);
	if (u->scr == NULL) {
		ivm_err_set(err, IVM_E_IO, "starting the screen",
		            "Run ipamvmm --plain, or set TERM to your terminal's type (for example xterm-256color).",
		            "the terminal type '%s' is unknown to terminfo", o->term ? o->term : getenv("TERM"));
		return -1;
	}
	set_term(u->scr);
	term.restore_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	add_cap("rmcup");
	term.active = 1;
	install_handlers();
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	leaveok(stdscr, FALSE);
	set_colours(u, o);
	curs_set(1);
	return 0;
}

void
ivm_cui_term_stop(struct ivm_cui *u)
{
	if (u->scr == NULL)
		return;
	endwin();
	term.active = 0;
	delscreen(u->scr);
	u->scr = NULL;
}

bool
ivm_cui_too_small(void)
{
	return LINES < IVM_CUI_MIN_ROWS || COLS < IVM_CUI_MIN_COLS;
}

void
ivm_cui_draw_too_small(struct ivm_cui *u)
{
	werase(stdscr);
	char line[160];
	snprintf(line, sizeof(line), "Terminal too small: %dx%d.", COLS, LINES);
	int y = 0;
	ivm_cui_put(y++, 0, line, COLS, u->attr[IVM_CUI_ERROR]);
	snprintf(line, sizeof(line), "ipamvmm needs at least %dx%d.", IVM_CUI_MIN_COLS, IVM_CUI_MIN_ROWS);
	ivm_cui_put(y++, 0, line, COLS, A_NORMAL);
	ivm_cui_put(y++, 0, "Enlarge the window: what you typed is kept.", COLS, A_NORMAL);
	ivm_cui_put(y++, 0, "Or press Esc to cancel, and run ipamvmm --plain.", COLS, A_NORMAL);
	move(0, 0);
	wnoutrefresh(stdscr);
	doupdate();
}
