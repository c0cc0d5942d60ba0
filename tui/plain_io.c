/* tui/plain_io.c: the line renderer's input and output: lines in, safe text out, passwords unechoed. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/cancel.h"
#include "core/xalloc.h"
#include "tui/plain_int.h"

/* Longer answers are cut here; nothing a console asks for comes close. */
#define PLAIN_LINE_MAX 65536

/* ---- output ------------------------------------------------------------ */

/* Bytes of the UTF-8 sequence at s and its code point; 0 when it is not
 * one (a stray byte, an overlong form, a cut-off sequence). */
static size_t
utf8_decode(const unsigned char *s, uint32_t *cp)
{
	size_t n;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/*
 * Text from pages and from the server goes through here. A control byte
 * (ESC above all, or a C1 CSI) would let a value move the cursor or change
 * the terminal; box-drawing and block characters are read aloud one by one
 * by screen readers, so they become the ASCII a reader skips or says once.
 */
static void
clean(struct ivm_buf *b, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;

	while (*s) {
		uint32_t cp;
		size_t n = utf8_decode(s, &cp);
		if (n == 0) {
			ivm_buf_addc(b, '?');
			s++;
			continue;
		}
		if (cp == '\r' && s[1] == '\n')
			;	/* CRLF text (scripts): the line end is the LF */
		else if (cp == '\n' || cp == '\t' || cp == '\r')
			/* a lone CR would let a line overwrite itself: a new line instead */
			ivm_buf_addc(b, cp == '\r' ? '\n' : (char)cp);
		else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			ivm_buf_addc(b, '?');
		else if (cp == 0x2500 || cp == 0x2501 || cp == 0x2550)
			ivm_buf_addc(b, '-');
		else if (cp == 0x2502 || cp == 0x2503 || cp == 0x2551)
			ivm_buf_addc(b, '|');
		else if (cp >= 0x2500 && cp <= 0x257f)
			ivm_buf_addc(b, '+');
		else if (cp >= 0x2580 && cp <= 0x259f)
			ivm_buf_addc(b, '#');
		else
			ivm_buf_add(b, s, n);
		s += n;
	}
}

void
plain_puts(struct plain *p, const char *s)
{
	struct ivm_buf b = IVM_BUF_INIT;
	clean(&b, s);
	fputs(ivm_buf_str(&b), p->out);
	ivm_buf_release(&b);
}

static void
vsay(struct plain *p, const char *fmt, va_list ap, const char *end)
{
	struct ivm_buf raw = IVM_BUF_INIT;
	ivm_buf_vaddf(&raw, fmt, ap);
	ivm_buf_adds(&raw, end);
	plain_puts(p, ivm_buf_str(&raw));
	ivm_buf_release(&raw);
}

void
plain_say(struct plain *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(p, fmt, ap, "\n");
	va_end(ap);
}

void
plain_prompt(struct plain *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(p, fmt, ap, "");
	va_end(ap);
	fflush(p->out);
}

/* ---- echo off for passwords -------------------------------------------- */

/*
 * The terminal state lives in statics because a signal handler must put it
 * back: a program killed while echo is off leaves the shell typing blind.
 * The handler restores the terminal and the disposition the signal had,
 * then raises it again, so Ctrl-C still reaches the wizard's own handler.
 */
static const int echo_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct sigaction echo_old[IVM_COUNT(echo_signals)];
static bool echo_hooked[IVM_COUNT(echo_signals)];
static struct termios echo_saved;
static volatile sig_atomic_t echo_fd = -1;
static volatile sig_atomic_t echo_caught;

static void
echo_on_signal(int sig)
{
	int saved_errno = errno;

	if (echo_fd >= 0)
		tcsetattr(echo_fd, TCSANOW, &echo_saved);
	for (size_t i = 0; i < IVM_COUNT(echo_signals); i++)
		if (echo_signals[i] == sig && echo_hooked[i]) {
			sigaction(sig, &echo_old[i], NULL);
			echo_hooked[i] = false;
		}
	echo_caught = sig;
	raise(sig);
	errno = saved_errno;
}

static bool
echo_off(int fd)
{
	struct termios quiet, now;
	struct sigaction sa;

	if (tcgetattr(fd, &echo_saved) == -1)
		return false;
	echo_caught = 0;
	echo_fd = fd;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = echo_on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < IVM_COUNT(echo_signals); i++)
		sigaddset(&sa.sa_mask, echo_signals[i]);
	/* No SA_RESTART: the read must end when a signal comes. */
	for (size_t i = 0; i < IVM_COUNT(echo_signals); i++) {
		echo_hooked[i] = false;
		if (sigaction(echo_signals[i], NULL, &echo_old[i]) == -1 ||
		    echo_old[i].sa_handler == SIG_IGN)
			continue;
		echo_hooked[i] = sigaction(echo_signals[i], &sa, NULL) == 0;
	}
	quiet = echo_saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
	/* TCSAFLUSH drops typeahead, which was echoed as it was typed. */
	if (tcsetattr(fd, TCSAFLUSH, &quiet) == -1 || tcgetattr(fd, &now) == -1 ||
	    (now.c_lflag & ECHO))
		return false;
	return true;
}

static void
echo_restore(void)
{
	if (echo_fd >= 0)
		tcsetattr(echo_fd, TCSANOW, &echo_saved);
	echo_fd = -1;
	for (size_t i = 0; i < IVM_COUNT(echo_signals); i++) {
		if (echo_hooked[i])
			sigaction(echo_signals[i], &echo_old[i], NULL);
		echo_hooked[i] = false;
	}
}

/* ---- input ------------------------------------------------------------- */

static void
keep(struct ivm_buf *line, char c)
{
	if (line->len < PLAIN_LINE_MAX)
		ivm_buf_addc(line, c);
}

/*
 * On a terminal one byte at a time with read(2), so no copy of a password
 * stays behind in a stdio buffer; a terminal hands over one line per read
 * anyway. A pipe or a file goes through stdio.
 */
static enum plain_read
read_tty(struct plain *p, struct ivm_buf *line)
{
	char c = 0;
	for (;;) {
		ssize_t n = read(p->in_fd, &c, 1);
		if (n < 0 && errno == EINTR) {
			if (ivm_cancelled() || echo_caught)
				return PLAIN_INTR;
			continue;
		}
		if (n <= 0)
			return line->len ? PLAIN_LINE : PLAIN_EOF;
		if (c == '\n')
			break;
		keep(line, c);
	}
	c = 0;
	return PLAIN_LINE;
}

static enum plain_read
read_stream(struct plain *p, struct ivm_buf *line)
{
	for (;;) {
		errno = 0;
		int c = getc(p->in);
		if (c == EOF && ferror(p->in) && errno == EINTR) {
			clearerr(p->in);
			if (ivm_cancelled())
				return PLAIN_INTR;
			continue;
		}
		if (c == EOF)
			return line->len ? PLAIN_LINE : PLAIN_EOF;
		if (c == '\n')
			return PLAIN_LINE;
		keep(line, (char)c);
	}
}

enum plain_read
plain_ask_line(struct plain *p, const char *prompt, struct ivm_buf *line, bool secret)
{
	enum plain_read r;
	bool quiet = false;

	ivm_buf_clear(line);
	if (p->ended)
		return PLAIN_EOF;
	if (ivm_cancelled()) {
		r = PLAIN_INTR;
		goto end;
	}
	/* Echo goes off before the prompt shows, so nothing typed is seen. */
	if (secret && p->in_tty) {
		quiet = echo_off(p->in_fd);
		if (!quiet) {
			/* Rather no password than one shown on the screen. */
			echo_restore();
			plain_say(p, "Error: this terminal cannot hide what is typed, so no "
			          "password is read here; feed the answers from a file, or use "
			          "another terminal.");
			r = PLAIN_EOF;
			goto end;
		}
	}
	plain_puts(p, prompt);
	fflush(p->out);
	r = p->in_tty ? read_tty(p, line) : read_stream(p, line);
	if (quiet) {
		echo_restore();
		/* The Enter was not echoed; move off the prompt line. */
		fputs("\n", p->out);
	}
	if (r == PLAIN_LINE && line->len > 0 && line->data[line->len - 1] == '\r')
		line->data[--line->len] = '\0';
	/* From a file nothing echoes: say the answer, so the transcript reads
	 * as a dialogue and the next line starts on a line of its own. */
	if (r == PLAIN_LINE && !p->in_tty) {
		if (!secret)
			plain_puts(p, ivm_buf_str(line));
		fputs("\n", p->out);
	}
	if (r == PLAIN_LINE)
		return r;
end:
	/* Said once; every later prompt ends at once. */
	p->ended = true;
	plain_say(p, r == PLAIN_INTR ? "\nInterrupted: leaving." : "\nEnd of input: leaving.");
	return r;
}

bool
plain_sleep(unsigned ms)
{
	struct timespec now, end;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	for (;;) {
		if (ivm_cancelled())
			return false;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long left = (long)(end.tv_sec - now.tv_sec) * 1000L + (end.tv_nsec - now.tv_nsec) / 1000000L;
		if (left <= 0)
			return true;
		(void)poll(NULL, 0, (int)left);
	}
}
