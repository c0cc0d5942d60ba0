/* tests/pty.h: run a program in a pseudo-terminal and read its screen through libvterm. */
#ifndef IVM_TESTS_PTY_H
#define IVM_TESTS_PTY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/err.h"

struct ivm_pty;

/* The keys a test can press; each is encoded by libvterm, so it follows the
 * modes the program set (application cursor keys after ncurses' smkx). */
enum ivm_pty_keyname {
	IVM_KEY_TAB,
	IVM_KEY_BTAB,
	IVM_KEY_ENTER,
	IVM_KEY_ESC,
	IVM_KEY_F1,
	IVM_KEY_UP,
	IVM_KEY_DOWN,
	IVM_KEY_LEFT,
	IVM_KEY_RIGHT,
	IVM_KEY_HOME,
	IVM_KEY_END,
	IVM_KEY_BACKSPACE,
	IVM_KEY_DELETE,
	IVM_KEY_PGUP,
	IVM_KEY_PGDN,
	IVM_KEY_SPACE,
};

struct ivm_pty_attrs {
	bool bold;
	bool underline;
	bool reverse;
	bool italic;
	bool fg_colour; /* the foreground is not the terminal's default */
	bool bg_colour; /* the background is not the terminal's default */
	int fg;         /* palette index, or -1 (default or RGB) */
	int bg;
};

/* What ivm_pty_terminal_restored looks at, for failure messages. */
struct ivm_pty_termstate {
	bool icanon;
	bool echo;
	bool altscreen;
	bool cursor_visible;
};

/* Start argv (argv[0] a path, or a name looked up in PATH) on a rows x cols
 * pty; stdin, stdout and stderr are the pty. The child's environment is the
 * caller's with these defaults, for screens that do not depend on the
 * machine: TERM=xterm-256color, ESCDELAY=25, LC_ALL=C.UTF-8, and LINES,
 * COLUMNS and NO_COLOR unset. env_overrides (NULL-terminated, may be NULL)
 * then apply: "NAME=value" sets, "NAME" unsets. Returns NULL with err set
 * when the pty cannot be made or argv[0] cannot be executed. */
struct ivm_pty *ivm_pty_spawn(const char *const argv[], const char *const env_overrides[],
                              int rows, int cols, struct ivm_err *err);
/* Kill the child (SIGKILL) if it still runs, reap it, free everything; NULLs *pp. */
void ivm_pty_free(struct ivm_pty **pp);
pid_t ivm_pty_pid(const struct ivm_pty *p);

/* Typing. Each call is one write(2) of the whole sequence, so an escape
 * sequence never arrives split. False once the program has ended. */
bool ivm_pty_send(struct ivm_pty *p, const char *bytes);
bool ivm_pty_key(struct ivm_pty *p, enum ivm_pty_keyname key);
/* Alt+c: ESC then c. */
bool ivm_pty_alt(struct ivm_pty *p, char c);
/* Ctrl+c: c & 0x1f ('?' gives DEL); the pty's line discipline still applies
 * (Ctrl-C raises SIGINT unless the program is in raw mode). */
bool ivm_pty_ctrl(struct ivm_pty *p, char c);

/* Read whatever the program wrote, for up to timeout_ms (0: only what is
 * already there). Every wait below does this itself. */
void ivm_pty_pump(struct ivm_pty *p, int timeout_ms);

/* Waits: each returns as soon as the condition holds, false at the deadline.
 * The screen's rows are joined as UTF-8 strings; text never spans rows. */
bool ivm_pty_wait_text(struct ivm_pty *p, const char *text, int timeout_ms);
bool ivm_pty_wait_gone(struct ivm_pty *p, const char *text, int timeout_ms);
/* The cursor's row holds text starting at or after the cursor's column. */
bool ivm_pty_wait_cursor_on(struct ivm_pty *p, const char *text, int timeout_ms);

/* The program is asleep (its main thread in state S: for a curses program,
 * waiting for input) and has nothing more on the way to the screen. Linux
 * (/proc); false at the deadline or when the pty closed. */
bool ivm_pty_wait_idle(struct ivm_pty *p, int timeout_ms);

/* The screen now (no reading). Strings are owned by the caller. */
char *ivm_pty_row(struct ivm_pty *p, int row);   /* trailing blanks trimmed */
char *ivm_pty_screen(struct ivm_pty *p);         /* every row, '\n' after each */
void ivm_pty_size(const struct ivm_pty *p, int *rows, int *cols);
void ivm_pty_cursor(struct ivm_pty *p, int *row, int *col);
/* The first occurrence (top to bottom); row and col (cells) may be NULL. */
bool ivm_pty_find(struct ivm_pty *p, const char *text, int *row, int *col);
bool ivm_pty_cell_attrs(struct ivm_pty *p, int row, int col, struct ivm_pty_attrs *out);
/* Some cell has a foreground or background that is not the default. */
bool ivm_pty_any_colour(struct ivm_pty *p);

/* Every byte the program wrote since it started, NUL-terminated. */
size_t ivm_pty_output_len(const struct ivm_pty *p);
const char *ivm_pty_output(const struct ivm_pty *p);

/* New window size: waits (up to 2 s) for the program to be idle, since
 * ncurses can miss a SIGWINCH that arrives between a redraw and its next
 * read(2); then the emulator, then TIOCSWINSZ (the kernel sends SIGWINCH to
 * the pty's foreground process group). */
bool ivm_pty_resize(struct ivm_pty *p, int rows, int cols);

/* Wait for the child to end and read the rest of its output; returns its
 * exit status (128+signal when killed), or -1 at the deadline. */
int ivm_pty_wait_exit(struct ivm_pty *p, int timeout_ms);

/* After exit: the pty is back in canonical mode with echo, the alternate
 * screen is off and the cursor visible. */
bool ivm_pty_terminal_restored(struct ivm_pty *p);
void ivm_pty_term_state(struct ivm_pty *p, struct ivm_pty_termstate *out);

#endif
