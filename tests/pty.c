/* tests/pty.c: run a program in a pseudo-terminal and read its screen through libvterm. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/xalloc.h"
#include "tests/pty.h"
#include "tests/testutil.h"

extern char **environ;

/* A write to a child that neither reads nor exits is a test bug; give up. */
#define SEND_TIMEOUT_MS 5000
/* While the child runs but the pty stays open (a grandchild holds it), look
 * for its exit this often. */
#define REAP_SLICE_MS 50
/* How often to look whether the child is asleep, and how long a resize
 * waits for that before it goes ahead anyway. */
#define IDLE_SLICE_MS 2
#define RESIZE_IDLE_MS 2000

struct ivm_pty {
	pid_t pid;
	int fd;              /* the master, non-blocking */
	bool eof;            /* the slave side is closed: nothing more will come */
	bool reaped;
	int status;          /* valid when reaped */
	VTerm *vt;
	VTermScreen *screen;
	bool altscreen;      /* from settermprop */
	bool cursor_visible;
	struct ivm_buf raw;  /* every byte the child wrote */
};

/* The child's environment before the caller's overrides: what a screen
 * depends on, pinned so tests see the same screen on every machine. */
static const char *const env_defaults[] = {
	"TERM=xterm-256color",
	"ESCDELAY=25",
	"LC_ALL=C.UTF-8",
	"LINES",
	"COLUMNS",
	"NO_COLOR",
	NULL
};

/* Dispositions survive exec when ignored; the child must get the terminal
 * signals a real shell would give it. */
static const int child_signals[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE, SIGWINCH, SIGCHLD, SIGTERM };

struct keyspec {
	VTermKey key;     /* VTERM_KEY_NONE: a character */
	uint32_t ch;
	VTermModifier mod;
};

/* Indexed by enum ivm_pty_keyname. */
static const struct keyspec keyspecs[] = {
	[IVM_KEY_TAB] = { VTERM_KEY_TAB, 0, VTERM_MOD_NONE },
	[IVM_KEY_BTAB] = { VTERM_KEY_TAB, 0, VTERM_MOD_SHIFT },
	[IVM_KEY_ENTER] = { VTERM_KEY_ENTER, 0, VTERM_MOD_NONE },
	[IVM_KEY_ESC] = { VTERM_KEY_ESCAPE, 0, VTERM_MOD_NONE },
	[IVM_KEY_F1] = { VTERM_KEY_FUNCTION(1), 0, VTERM_MOD_NONE },
	[IVM_KEY_UP] = { VTERM_KEY_UP, 0, VTERM_MOD_NONE },
	[IVM_KEY_DOWN] = { VTERM_KEY_DOWN, 0, VTERM_MOD_NONE },
	[IVM_KEY_LEFT] = { VTERM_KEY_LEFT, 0, VTERM_MOD_NONE },
	[IVM_KEY_RIGHT] = { VTERM_KEY_RIGHT, 0, VTERM_MOD_NONE },
	[IVM_KEY_HOME] = { VTERM_KEY_HOME, 0, VTERM_MOD_NONE },
	[IVM_KEY_END] = { VTERM_KEY_END, 0, VTERM_MOD_NONE },
	[IVM_KEY_BACKSPACE] = { VTERM_KEY_BACKSPACE, 0, VTERM_MOD_NONE },
	[IVM_KEY_DELETE] = { VTERM_KEY_DEL, 0, VTERM_MOD_NONE },
	[IVM_KEY_PGUP] = { VTERM_KEY_PAGEUP, 0, VTERM_MOD_NONE },
	[IVM_KEY_PGDN] = { VTERM_KEY_PAGEDOWN, 0, VTERM_MOD_NONE },
	[IVM_KEY_SPACE] = { VTERM_KEY_NONE, ' ', VTERM_MOD_NONE },
};

static bool pump_once(struct ivm_pty *p, int timeout_ms);

static int
ms_left(long long deadline)
{
	long long left = deadline - tu_now_ms();
	if (left <= 0)
		return 0;
	return left > INT32_MAX ? INT32_MAX : (int)left;
}

static int
on_settermprop(VTermProp prop, VTermValue *val, void *user)
{
	struct ivm_pty *p = user;

	if (prop == VTERM_PROP_ALTSCREEN)
		p->altscreen = val->boolean != 0;
	else if (prop == VTERM_PROP_CURSORVISIBLE)
		p->cursor_visible = val->boolean != 0;
	/* 0 would tell libvterm the property was refused */
	return 1;
}

static const VTermScreenCallbacks screen_callbacks = {
	.settermprop = on_settermprop,
};

static size_t
namelen(const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	return eq ? (size_t)(eq - assignment) : strlen(assignment);
}

static bool
same_name(const char *a, const char *b)
{
	size_t n = namelen(a);
	return n == namelen(b) && strncmp(a, b, n) == 0;
}

/* Built before fork: the child must not allocate. The array is owned; its
 * strings are borrowed from environ and the two lists. */
static char **
build_env(const char *const overrides[])
{
	size_t nenv = 0, nset = 0, i, j, k = 0;
	const char **set;

	while (environ[nenv] != NULL)
		nenv++;
	for (i = 0; env_defaults[i] != NULL; i++)
		nset++;
	for (i = 0; overrides != NULL && overrides[i] != NULL; i++)
		nset++;
	set = ivm_xcalloc(nset + 1, sizeof(*set));
	nset = 0;
	for (i = 0; env_defaults[i] != NULL; i++)
		set[nset++] = env_defaults[i];
	for (i = 0; overrides != NULL && overrides[i] != NULL; i++)
		set[nset++] = overrides[i];

	char **envp = ivm_xcalloc(nenv + nset + 1, sizeof(*envp));
	for (i = 0; i < nenv; i++) {
		for (j = 0; j < nset; j++)
			if (same_name(environ[i], set[j]))
				break;
		if (j == nset)
			envp[k++] = environ[i];
	}
	/* the last setting of a name wins */
	for (i = 0; i < nset; i++) {
		if (strchr(set[i], '=') == NULL)
			continue;
		for (j = i + 1; j < nset; j++)
			if (same_name(set[i], set[j]))
				break;
		if (j == nset)
			envp[k++] = (char *)set[i];
	}
	free(set);
	return envp;
}

static void
set_status(struct ivm_pty *p, int st)
{
	p->reaped = true;
	if (WIFEXITED(st))
		p->status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		p->status = 128 + WTERMSIG(st);
	else
		p->status = 255;
}

static void
try_reap(struct ivm_pty *p)
{
	int st;

	if (p->reaped)
		return;
	if (waitpid(p->pid, &st, WNOHANG) == p->pid)
		set_status(p, st);
}

/* Write all of s, reading the child's output meanwhile so that a child
 * blocked on a full pty cannot deadlock us. */
static bool
write_all(struct ivm_pty *p, const char *s, size_t n)
{
	long long deadline = tu_now_ms() + SEND_TIMEOUT_MS;

	/* a master accepts writes after the slave closed; nobody would read them */
	try_reap(p);
	if (p->eof || p->reaped)
		return false;
	while (n > 0) {
		ssize_t w = write(p->fd, s, n);
		if (w > 0) {
			s += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno != EAGAIN)
			return false;
		int left = ms_left(deadline);
		if (left == 0)
			return false;
		struct pollfd pfd = { p->fd, POLLOUT | POLLIN, 0 };
		if (poll(&pfd, 1, left) > 0 && (pfd.revents & POLLIN) != 0)
			while (pump_once(p, 0))
				;
	}
	return true;
}

/* Whatever libvterm has to say to the program (answers to queries, or the
 * encoding of a key) goes to the pty in one write. */
static bool
flush_vterm_output(struct ivm_pty *p)
{
	char chunk[256];
	struct ivm_buf b = IVM_BUF_INIT;
	size_t n;
	bool ok = true;

	while ((n = vterm_output_read(p->vt, chunk, sizeof(chunk))) > 0)
		ivm_buf_add(&b, chunk, n);
	if (b.len > 0)
		ok = write_all(p, b.data, b.len);
	ivm_buf_release(&b);
	return ok;
}

/* One poll for up to timeout_ms, then everything that is readable.
 * Returns true when something was read. */
static bool
pump_once(struct ivm_pty *p, int timeout_ms)
{
	char chunk[4096];
	bool got = false;

	if (p->eof)
		return false;
	struct pollfd pfd = { p->fd, POLLIN, 0 };
	int n = poll(&pfd, 1, timeout_ms);
	if (n <= 0)
		return false;
	for (;;) {
		ssize_t r = read(p->fd, chunk, sizeof(chunk));
		if (r > 0) {
			got = true;
			ivm_buf_add(&p->raw, chunk, (size_t)r);
			vterm_input_write(p->vt, chunk, (size_t)r);
			flush_vterm_output(p);
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN)
			break;
		/* EIO (Linux, slave closed) or 0: the end */
		p->eof = true;
		break;
	}
	return got;
}

struct ivm_pty *
ivm_pty_spawn(const char *const argv[], const char *const env_overrides[], int rows, int cols,
              struct ivm_err *err)
{
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
	int errpipe[2], fd, child_errno = 0;
	pid_t pid;

	if (argv == NULL || argv[0] == NULL || rows < 1 || cols < 1) {
		ivm_err_set(err, IVM_E_USAGE, "starting a program on a pty", "fix the test",
		            "no program, or a size of %dx%d", rows, cols);
		return NULL;
	}
	if (pipe2(errpipe, O_CLOEXEC) < 0) {
		ivm_err_set(err, IVM_E_IO, "starting a program on a pty", "", "pipe: %s", strerror(errno));
		return NULL;
	}
	char **envp = build_env(env_overrides);
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		int e = errno;
		free(envp);
		close(errpipe[0]);
		close(errpipe[1]);
		ivm_err_set(err, IVM_E_IO, "starting a program on a pty", "check /dev/ptmx and the limit on ptys",
		            "forkpty: %s", strerror(e));
		return NULL;
	}
	if (pid == 0) {
		sigset_t none;
		size_t i;

		for (i = 0; i < sizeof(child_signals) / sizeof(child_signals[0]); i++)
			signal(child_signals[i], SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		close(errpipe[0]);
		execvpe(argv[0], (char *const *)argv, envp);
		int e = errno;
		if (write(errpipe[1], &e, sizeof(e)) < 0)
			_exit(126);
		_exit(127);
	}
	free(envp);
	close(errpipe[1]);
	for (;;) {
		ssize_t r = read(errpipe[0], &child_errno, sizeof(child_errno));
		if (r < 0 && errno == EINTR)
			continue;
		if (r != (ssize_t)sizeof(child_errno))
			child_errno = 0;
		break;
	}
	close(errpipe[0]);
	if (child_errno != 0) {
		int st;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		close(fd);
		ivm_err_set(err, IVM_E_IO, "starting a program on a pty", "build it first (make check builds test programs)",
		            "cannot execute %s: %s", argv[0], strerror(child_errno));
		return NULL;
	}
	/* not inherited by the next program a test starts */
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);

	struct ivm_pty *p = ivm_xcalloc(1, sizeof(*p));
	p->pid = pid;
	p->fd = fd;
	p->cursor_visible = true;
	p->vt = vterm_new(rows, cols);
	vterm_set_utf8(p->vt, 1);
	p->screen = vterm_obtain_screen(p->vt);
	vterm_screen_enable_altscreen(p->screen, 1);
	vterm_screen_set_callbacks(p->screen, &screen_callbacks, p);
	vterm_screen_reset(p->screen, 1);
	return p;
}

void
ivm_pty_free(struct ivm_pty **pp)
{
	struct ivm_pty *p = *pp;

	if (p == NULL)
		return;
	try_reap(p);
	if (!p->reaped) {
		int st;
		kill(p->pid, SIGKILL);
		while (waitpid(p->pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	close(p->fd);
	vterm_free(p->vt);
	ivm_buf_release(&p->raw);
	free(p);
	*pp = NULL;
}

pid_t
ivm_pty_pid(const struct ivm_pty *p)
{
	return p->pid;
}

bool
ivm_pty_send(struct ivm_pty *p, const char *bytes)
{
	return write_all(p, bytes, strlen(bytes));
}

bool
ivm_pty_key(struct ivm_pty *p, enum ivm_pty_keyname key)
{
	if ((size_t)key >= sizeof(keyspecs) / sizeof(keyspecs[0]))
		return false;
	const struct keyspec *k = &keyspecs[key];
	/* answers still queued must not be glued to the key */
	if (!flush_vterm_output(p))
		return false;
	if (k->key == VTERM_KEY_NONE)
		vterm_keyboard_unichar(p->vt, k->ch, k->mod);
	else
		vterm_keyboard_key(p->vt, k->key, k->mod);
	return flush_vterm_output(p);
}

bool
ivm_pty_alt(struct ivm_pty *p, char c)
{
	if (!flush_vterm_output(p))
		return false;
	vterm_keyboard_unichar(p->vt, (unsigned char)c, VTERM_MOD_ALT);
	return flush_vterm_output(p);
}

bool
ivm_pty_ctrl(struct ivm_pty *p, char c)
{
	/* libvterm encodes Ctrl-I/J/M/[ as CSI u, which curses does not know;
	 * a terminal without that extension sends the C0 byte */
	char s[2] = { 0, 0 };

	if (c == '?')
		s[0] = 0x7f;
	else if (c >= 'a' && c <= 'z')
		s[0] = (char)(c - 'a' + 1);
	else if (c >= '@' && c <= '_')
		s[0] = (char)(c - '@');
	else
		return false;
	if (s[0] == 0)
		return write_all(p, s, 1); /* Ctrl-@ is NUL */
	return ivm_pty_send(p, s);
}

void
ivm_pty_pump(struct ivm_pty *p, int timeout_ms)
{
	long long deadline = tu_now_ms() + timeout_ms;

	/* what is there now, then whatever comes until the deadline */
	while (pump_once(p, 0))
		;
	while (!p->eof && ms_left(deadline) > 0)
		pump_once(p, ms_left(deadline));
}

static void
add_utf8(struct ivm_buf *b, uint32_t c)
{
	char s[4];
	size_t n;

	if (c < 0x80) {
		s[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		s[0] = (char)(0xc0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		s[0] = (char)(0xe0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	ivm_buf_add(b, s, n);
}

/* The row as UTF-8 (blank cells as spaces, untrimmed) into b; when cols is
 * not NULL it gets, per byte, the cell the byte belongs to (an owned array). */
static void
row_text(struct ivm_pty *p, int row, struct ivm_buf *b, int **colmap)
{
	int rows, ncols, col;
	size_t cap = 0;

	ivm_buf_clear(b);
	ivm_buf_adds(b, "");
	vterm_get_size(p->vt, &rows, &ncols);
	if (colmap != NULL) {
		cap = (size_t)ncols * VTERM_MAX_CHARS_PER_CELL * 4 + 1;
		*colmap = ivm_xcalloc(cap, sizeof(**colmap));
	}
	if (row < 0 || row >= rows)
		return;
	for (col = 0; col < ncols; col++) {
		VTermScreenCell cell;
		VTermPos pos = { .row = row, .col = col };
		size_t before = b->len, i;

		if (!vterm_screen_get_cell(p->screen, pos, &cell))
			continue;
		if (cell.chars[0] == (uint32_t)-1)
			continue; /* the right half of a wide character */
		if (cell.chars[0] == 0)
			ivm_buf_addc(b, ' ');
		for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i] != 0; i++)
			add_utf8(b, cell.chars[i]);
		if (colmap != NULL)
			for (i = before; i < b->len && i < cap; i++)
				(*colmap)[i] = col;
		if (cell.width > 1)
			col += cell.width - 1;
	}
}

static char *
trimmed(struct ivm_buf *b)
{
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	return ivm_buf_steal(b);
}

char *
ivm_pty_row(struct ivm_pty *p, int row)
{
	struct ivm_buf b = IVM_BUF_INIT;

	row_text(p, row, &b, NULL);
	return trimmed(&b);
}

char *
ivm_pty_screen(struct ivm_pty *p)
{
	struct ivm_buf all = IVM_BUF_INIT, line = IVM_BUF_INIT;
	int rows, cols, row;

	vterm_get_size(p->vt, &rows, &cols);
	ivm_buf_adds(&all, "");
	for (row = 0; row < rows; row++) {
		row_text(p, row, &line, NULL);
		char *s = trimmed(&line);
		ivm_buf_adds(&all, s);
		ivm_buf_addc(&all, '\n');
		free(s);
	}
	ivm_buf_release(&line);
	return ivm_buf_steal(&all);
}

void
ivm_pty_size(const struct ivm_pty *p, int *rows, int *cols)
{
	vterm_get_size(p->vt, rows, cols);
}

void
ivm_pty_cursor(struct ivm_pty *p, int *row, int *col)
{
	VTermPos pos;

	vterm_state_get_cursorpos(vterm_obtain_state(p->vt), &pos);
	if (row != NULL)
		*row = pos.row;
	if (col != NULL)
		*col = pos.col;
}

/* text in row at or after cell from_col; the cell where it starts, or -1 */
static int
find_in_row(struct ivm_pty *p, int row, int from_col, const char *text, struct ivm_buf *b)
{
	int *colmap, found = -1;
	size_t start = 0;

	row_text(p, row, b, &colmap);
	while (start < b->len && colmap[start] < from_col)
		start++;
	const char *hit = strstr(b->data + start, text);
	if (hit != NULL)
		found = (size_t)(hit - b->data) < b->len ? colmap[hit - b->data] : from_col;
	free(colmap);
	return found;
}

bool
ivm_pty_find(struct ivm_pty *p, const char *text, int *row, int *col)
{
	struct ivm_buf b = IVM_BUF_INIT;
	int rows, cols, r, c = -1;

	vterm_get_size(p->vt, &rows, &cols);
	for (r = 0; r < rows; r++)
		if ((c = find_in_row(p, r, 0, text, &b)) >= 0)
			break;
	ivm_buf_release(&b);
	if (c < 0)
		return false;
	if (row != NULL)
		*row = r;
	if (col != NULL)
		*col = c;
	return true;
}

static bool
cursor_on(struct ivm_pty *p, const char *text)
{
	struct ivm_buf b = IVM_BUF_INIT;
	int row, col;

	ivm_pty_cursor(p, &row, &col);
	int c = find_in_row(p, row, col, text, &b);
	ivm_buf_release(&b);
	return c >= 0;
}

enum cond { COND_TEXT, COND_GONE, COND_CURSOR };

static bool
holds(struct ivm_pty *p, enum cond cond, const char *text)
{
	switch (cond) {
	case COND_TEXT:
		return ivm_pty_find(p, text, NULL, NULL);
	case COND_GONE:
		return !ivm_pty_find(p, text, NULL, NULL);
	case COND_CURSOR:
		return cursor_on(p, text);
	}
	return false;
}

static bool
wait_for(struct ivm_pty *p, enum cond cond, const char *text, int timeout_ms)
{
	long long deadline = tu_now_ms() + timeout_ms;

	while (pump_once(p, 0))
		;
	for (;;) {
		if (holds(p, cond, text))
			return true;
		if (p->eof || ms_left(deadline) == 0)
			return false;
		pump_once(p, ms_left(deadline));
	}
}

bool
ivm_pty_wait_text(struct ivm_pty *p, const char *text, int timeout_ms)
{
	return wait_for(p, COND_TEXT, text, timeout_ms);
}

bool
ivm_pty_wait_gone(struct ivm_pty *p, const char *text, int timeout_ms)
{
	return wait_for(p, COND_GONE, text, timeout_ms);
}

bool
ivm_pty_wait_cursor_on(struct ivm_pty *p, const char *text, int timeout_ms)
{
	return wait_for(p, COND_CURSOR, text, timeout_ms);
}

static int
colour_index(const VTermColor *c)
{
	if (VTERM_COLOR_IS_DEFAULT_FG(c) || VTERM_COLOR_IS_DEFAULT_BG(c) || !VTERM_COLOR_IS_INDEXED(c))
		return -1;
	return c->indexed.idx;
}

bool
ivm_pty_cell_attrs(struct ivm_pty *p, int row, int col, struct ivm_pty_attrs *out)
{
	VTermScreenCell cell;
	VTermPos pos = { .row = row, .col = col };
	int rows, cols;

	memset(out, 0, sizeof(*out));
	vterm_get_size(p->vt, &rows, &cols);
	if (row < 0 || row >= rows || col < 0 || col >= cols || !vterm_screen_get_cell(p->screen, pos, &cell))
		return false;
	out->bold = cell.attrs.bold;
	out->underline = cell.attrs.underline != VTERM_UNDERLINE_OFF;
	out->reverse = cell.attrs.reverse;
	out->italic = cell.attrs.italic;
	out->fg_colour = !VTERM_COLOR_IS_DEFAULT_FG(&cell.fg);
	out->bg_colour = !VTERM_COLOR_IS_DEFAULT_BG(&cell.bg);
	out->fg = colour_index(&cell.fg);
	out->bg = colour_index(&cell.bg);
	return true;
}

bool
ivm_pty_any_colour(struct ivm_pty *p)
{
	struct ivm_pty_attrs a;
	int rows, cols, r, c;

	vterm_get_size(p->vt, &rows, &cols);
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++)
			if (ivm_pty_cell_attrs(p, r, c, &a) && (a.fg_colour || a.bg_colour))
				return true;
	return false;
}

size_t
ivm_pty_output_len(const struct ivm_pty *p)
{
	return p->raw.len;
}

const char *
ivm_pty_output(const struct ivm_pty *p)
{
	return ivm_buf_str(&p->raw);
}

/* The state letter of the child's main thread in /proc/PID/stat; 'S' is
 * asleep in a system call (for a curses program: waiting for a key). */
static char
child_state(const struct ivm_pty *p)
{
	char path[64], buf[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)p->pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	/* "pid (comm) S ...": comm may hold anything, so the last ')' */
	const char *rp = strrchr(buf, ')');
	return rp != NULL && rp[1] == ' ' ? rp[2] : '?';
}

bool
ivm_pty_wait_idle(struct ivm_pty *p, int timeout_ms)
{
	long long deadline = tu_now_ms() + timeout_ms;

	for (;;) {
		while (pump_once(p, 0))
			;
		if (p->eof)
			return false;
		if (child_state(p) == 'S') {
			/* asleep with nothing more on the way */
			struct pollfd pfd = { p->fd, POLLIN, 0 };
			if (poll(&pfd, 1, 0) == 0)
				return true;
		}
		if (ms_left(deadline) == 0)
			return false;
		pump_once(p, ms_left(deadline) < IDLE_SLICE_MS ? ms_left(deadline) : IDLE_SLICE_MS);
	}
}

bool
ivm_pty_resize(struct ivm_pty *p, int rows, int cols)
{
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };

	if (rows < 1 || cols < 1)
		return false;
	/* ncurses looks for a SIGWINCH only when read(2) is interrupted; one that
	 * lands between its last draw and the read waits for the next key. A
	 * person never resizes within microseconds of a redraw; a test does.
	 * This also puts what was drawn for the old size in the emulator first. */
	ivm_pty_wait_idle(p, RESIZE_IDLE_MS);
	vterm_set_size(p->vt, rows, cols);
	return ioctl(p->fd, TIOCSWINSZ, &ws) == 0;
}

int
ivm_pty_wait_exit(struct ivm_pty *p, int timeout_ms)
{
	long long deadline = tu_now_ms() + timeout_ms;

	for (;;) {
		try_reap(p);
		if (p->reaped && p->eof)
			return p->status;
		int left = ms_left(deadline);
		if (left == 0)
			return p->reaped ? p->status : -1;
		if (!p->eof)
			pump_once(p, left < REAP_SLICE_MS ? left : REAP_SLICE_MS);
		else
			poll(NULL, 0, left < 5 ? left : 5); /* between the hangup and the zombie */
	}
}

void
ivm_pty_term_state(struct ivm_pty *p, struct ivm_pty_termstate *out)
{
	struct termios t;

	memset(out, 0, sizeof(*out));
	/* on Linux the master reports the line discipline the slave set */
	if (tcgetattr(p->fd, &t) == 0) {
		out->icanon = (t.c_lflag & ICANON) != 0;
		out->echo = (t.c_lflag & ECHO) != 0;
	}
	out->altscreen = p->altscreen;
	out->cursor_visible = p->cursor_visible;
}

bool
ivm_pty_terminal_restored(struct ivm_pty *p)
{
	struct ivm_pty_termstate st;

	ivm_pty_term_state(p, &st);
	return st.icanon && st.echo && !st.altscreen && st.cursor_visible;
}
