/* core/secret.c: reads a password from the terminal, a private file or the environment, leaving no copies behind. */
#include "config.h"

#include "core/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "core/err.h"
#include "core/ivm.h"
#include "core/xalloc.h"

#define NEXT_NOTTY "give the password with --password-file PATH (a file only " \
	"you can read) or --password-env NAME instead"
#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * The prompt's terminal state lives in statics because the signal handler
 * must put it back: a program killed while echo is off leaves the user's
 * shell typing blind.
 */
static const int prompt_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct sigaction prompt_old[IVM_COUNT(prompt_signals)];
static bool prompt_hooked[IVM_COUNT(prompt_signals)];
static struct termios prompt_saved;
static volatile sig_atomic_t prompt_tty = -1;
static volatile sig_atomic_t prompt_caught;

enum line_end { LINE_OK, LINE_EOF, LINE_LONG, LINE_FAIL, LINE_SIGNAL };

static void
prompt_on_signal(int sig)
{
	int saved_errno = errno;

	/* tcsetattr, sigaction and raise are all async-signal-safe */
	if (prompt_tty >= 0)
		tcsetattr(prompt_tty, TCSANOW, &prompt_saved);
	for (size_t i = 0; i < IVM_COUNT(prompt_signals); i++) {
		if (prompt_signals[i] == sig && prompt_hooked[i])
			sigaction(sig, &prompt_old[i], NULL);
	}
	prompt_caught = sig;
	/* Blocked until this handler returns, then delivered as before. */
	raise(sig);
	errno = saved_errno;
}

static void
hook_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = prompt_on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < IVM_COUNT(prompt_signals); i++)
		sigaddset(&sa.sa_mask, prompt_signals[i]);
	/* No SA_RESTART: a returning handler must get us out of read(). */
	sa.sa_flags = 0;
	for (size_t i = 0; i < IVM_COUNT(prompt_signals); i++) {
		prompt_hooked[i] = false;
		if (sigaction(prompt_signals[i], NULL, &prompt_old[i]) == -1)
			continue;
		/* An ignored signal (nohup) must stay harmless. */
		if (prompt_old[i].sa_handler == SIG_IGN)
			continue;
		if (sigaction(prompt_signals[i], &sa, NULL) == 0)
			prompt_hooked[i] = true;
	}
}

static void
unhook_signals(void)
{
	for (size_t i = 0; i < IVM_COUNT(prompt_signals); i++) {
		if (prompt_hooked[i])
			sigaction(prompt_signals[i], &prompt_old[i], NULL);
		prompt_hooked[i] = false;
	}
}

static void
echo_restore(int fd)
{
	tcsetattr(fd, TCSANOW, &prompt_saved);
	prompt_tty = -1;
	unhook_signals();
}

static int
echo_off(int fd, const struct termios *saved, struct ivm_err *err)
{
	struct termios quiet = *saved, now;

	prompt_saved = *saved;
	prompt_caught = 0;
	prompt_tty = fd;
	hook_signals();
	/* ECHONL would still echo the Enter; we print that newline ourselves. */
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
	/* TCSAFLUSH drops typeahead, which was echoed when it was typed. */
	errno = 0;
	if (tcsetattr(fd, TCSAFLUSH, &quiet) == -1 ||
	    tcgetattr(fd, &now) == -1 || (now.c_lflag & ECHO)) {
		/* tcsetattr succeeds when any part of the change took */
		int e = errno ? errno : ENOTSUP;
		echo_restore(fd);
		ivm_err_set(err, IVM_E_IO, "cannot turn off echo on the terminal",
		            NEXT_NOTTY, "the terminal refused the change (%s), so "
		            "the password would be shown as it is typed",
		            strerror(e));
		return -1;
	}
	return 0;
}

static int
write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* One byte at a time: whatever follows the line belongs to someone else. */
static enum line_end
read_line(int fd, char *line, size_t cap, size_t *len)
{
	enum line_end end = LINE_OK;
	char c = 0;

	*len = 0;
	for (;;) {
		if (prompt_caught) {
			end = LINE_SIGNAL;
			break;
		}
		ssize_t n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			end = LINE_FAIL;
			break;
		}
		if (n == 0) {
			if (*len == 0 && end == LINE_OK)
				end = LINE_EOF;
			break;
		}
		if (c == '\n')
			break;
		if (*len < cap)
			line[(*len)++] = c;
		else
			end = LINE_LONG;
	}
	ivm_wipe(&c, 1);
	return end;
}

/*
 * The checks every source shares. A line break or NUL inside would be sent
 * as a different password than the one meant, and failed logons lock
 * accounts; an empty one cannot log on over the network at all.
 */
static int
check_password(const char *pw, size_t len, const char *source,
               const char *next, struct ivm_err *err)
{
	const char *why = NULL;

	if (len == 0)
		why = "it is empty";
	else if (len > IVM_SECRET_MAX)
		why = "it is longer than " STR(IVM_SECRET_MAX) " bytes";
	else if (memchr(pw, '\0', len) != NULL)
		why = "it contains a NUL byte";
	else if (memchr(pw, '\n', len) != NULL || memchr(pw, '\r', len) != NULL)
		why = "it holds more than one line";
	if (why == NULL)
		return 0;
	ivm_err_set(err, IVM_E_USAGE, "the password is not usable", next,
	            "the password from %s was refused: %s", source, why);
	return -1;
}

static void
line_error(enum line_end end, int read_errno, struct ivm_err *err)
{
	switch (end) {
	case LINE_EOF:
		ivm_err_set(err, IVM_E_USAGE, "no password was typed",
		            "run it again and type the password, or " NEXT_NOTTY,
		            "the input ended before a line was read");
		break;
	case LINE_LONG:
		ivm_err_set(err, IVM_E_USAGE, "the password is not usable",
		            "type the password again", "the line typed is longer "
		            "than " STR(IVM_SECRET_MAX) " bytes");
		break;
	case LINE_SIGNAL:
		ivm_err_set(err, IVM_E_IO, "the password prompt was interrupted",
		            "run it again when ready to type the password",
		            "signal %d (%s) arrived while waiting for the password",
		            (int)prompt_caught, strsignal((int)prompt_caught));
		break;
	default:
		ivm_err_set(err, IVM_E_IO, "cannot read the password",
		            NEXT_NOTTY, "reading the terminal failed: %s",
		            strerror(read_errno));
		break;
	}
}

char *
ivm_secret_prompt_fd(int in_fd, int out_fd, const char *prompt,
                     struct ivm_err *err)
{
	char line[IVM_SECRET_MAX + 2];	/* the password and a '\r' */
	struct termios saved;
	size_t len = 0;
	char *pw = NULL;
	bool tty = tcgetattr(in_fd, &saved) == 0;

	prompt_caught = 0;
	/* Echo goes off before the prompt shows, so nothing typed is seen. */
	if (tty && echo_off(in_fd, &saved, err) == -1)
		return NULL;
	if (prompt != NULL && write_all(out_fd, prompt, strlen(prompt)) == -1) {
		int e = errno;
		if (tty)
			echo_restore(in_fd);
		ivm_err_set(err, IVM_E_IO, "cannot show the password prompt",
		            NEXT_NOTTY, "writing the prompt failed: %s",
		            strerror(e));
		return NULL;
	}
	enum line_end end = read_line(in_fd, line, sizeof(line), &len);
	int read_errno = errno;
	if (tty) {
		echo_restore(in_fd);
		/* The Enter was not echoed; move off the prompt line. */
		(void)write_all(out_fd, "\n", 1);
	}
	if (end == LINE_OK && len > 0 && line[len - 1] == '\r')
		len--;
	if (end != LINE_OK)
		line_error(end, read_errno, err);
	else if (check_password(line, len, "the prompt",
	                        "type the password again", err) == 0)
		pw = ivm_xstrndup(line, len);
	ivm_wipe(line, sizeof(line));
	return pw;
}

static char *
read_prompt(const char *prompt, struct ivm_err *err)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		ivm_err_set(err, IVM_E_USAGE, "cannot ask for the password",
		            NEXT_NOTTY, "there is no terminal to ask on "
		            "(/dev/tty: %s)", strerror(errno));
		return NULL;
	}
	char *pw = ivm_secret_prompt_fd(fd, fd, prompt ? prompt : "Password: ",
	                                err);
	close(fd);
	return pw;
}

static void
open_error(const char *path, int e, struct ivm_err *err)
{
	if (e == ELOOP) {
		ivm_err_set(err, IVM_E_IO, "the password file was refused",
		            "give the path of the file itself, not of a link to it",
		            "%s is a symbolic link; a link can be turned to point "
		            "at another file, so it is not followed", path);
		return;
	}
	ivm_err_set(err, IVM_E_IO, "cannot open the password file",
	            "check the path given to --password-file",
	            "%s: %s", path, strerror(e));
}

/* The file must be ours alone: a password others can read is not secret. */
static int
check_file(const char *path, const struct stat *st, struct ivm_err *err)
{
	char next[sizeof(err->next)];

	if (!S_ISREG(st->st_mode)) {
		ivm_err_set(err, IVM_E_IO, "the password file was refused",
		            "put the password alone in a regular file and give "
		            "its path", "%s is %s, not a regular file", path,
		            S_ISDIR(st->st_mode) ? "a directory" : "a device, "
		            "socket or pipe");
		return -1;
	}
	if (st->st_uid != geteuid()) {
		snprintf(next, sizeof(next), "create the file as the user who "
		         "runs ipamvmm, then run: chmod 600 %s", path);
		ivm_err_set(err, IVM_E_IO, "the password file was refused", next,
		            "%s is owned by uid %lu, not by you (uid %lu)", path,
		            (unsigned long)st->st_uid, (unsigned long)geteuid());
		return -1;
	}
	if ((st->st_mode & 077) != 0) {
		snprintf(next, sizeof(next), "run: chmod 600 %s", path);
		ivm_err_set(err, IVM_E_IO, "the password file was refused", next,
		            "%s can be used by other users (mode %04o); only its "
		            "owner may read it", path,
		            (unsigned)(st->st_mode & 07777));
		return -1;
	}
	return 0;
}

static char *
read_file(const char *path, struct ivm_err *err)
{
	/* Room for the password, "\r\n", and one byte to notice more. */
	char data[IVM_SECRET_MAX + 3];
	size_t len = 0;
	struct stat st;
	char *pw = NULL;
	/* O_NONBLOCK: opening a FIFO must not hang; fstat refuses it after. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
	              O_NONBLOCK);

	if (fd < 0) {
		open_error(path, errno, err);
		return NULL;
	}
	/* Checked on the descriptor we read, so the path cannot be swapped. */
	if (fstat(fd, &st) == -1) {
		ivm_err_set(err, IVM_E_IO, "cannot check the password file",
		            "check the path given to --password-file", "%s: %s",
		            path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (check_file(path, &st, err) == -1) {
		close(fd);
		return NULL;
	}
	while (len < sizeof(data)) {
		ssize_t n = read(fd, data + len, sizeof(data) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ivm_err_set(err, IVM_E_IO, "cannot read the password file",
			            "check the file given to --password-file",
			            "%s: %s", path, strerror(errno));
			close(fd);
			ivm_wipe(data, sizeof(data));
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len == sizeof(data))
		len = IVM_SECRET_MAX + 1;	/* too long, whatever the end */
	else if (len >= 2 && data[len - 2] == '\r' && data[len - 1] == '\n')
		len -= 2;
	else if (len >= 1 && data[len - 1] == '\n')
		len -= 1;
	char source[sizeof(err->why) / 2];
	snprintf(source, sizeof(source), "the file %s", path);
	if (check_password(data, len, source, "put the password alone on the "
	                   "first line of the file", err) == 0)
		pw = ivm_xstrndup(data, len);
	ivm_wipe(data, sizeof(data));
	return pw;
}

static char *
read_env(const char *name, struct ivm_err *err)
{
	char source[sizeof(err->why) / 2];
	const char *value = getenv(name);

	if (value == NULL || value[0] == '\0') {
		ivm_err_set(err, IVM_E_USAGE, "no password in the environment",
		            "export the variable before running ipamvmm, or use "
		            "--password-file PATH", "the environment variable %s "
		            "is %s", name, value == NULL ? "not set" : "empty");
		return NULL;
	}
	snprintf(source, sizeof(source), "the environment variable %s", name);
	if (check_password(value, strlen(value), source, "set the variable to "
	                   "the password alone", err) == -1)
		return NULL;
	return ivm_xstrdup(value);
}

char *
ivm_secret_read(enum ivm_secret_source src, const char *arg,
                struct ivm_err *err)
{
	if (src == IVM_SECRET_PROMPT)
		return read_prompt(arg, err);
	if (arg == NULL || arg[0] == '\0') {
		ivm_err_set(err, IVM_E_USAGE, "no password source given",
		            "give a path to --password-file or a variable name to "
		            "--password-env", "the %s is empty",
		            src == IVM_SECRET_FILE ? "file path" : "variable name");
		return NULL;
	}
	if (src == IVM_SECRET_FILE)
		return read_file(arg, err);
	if (src == IVM_SECRET_ENV)
		return read_env(arg, err);
	ivm_err_set(err, IVM_E_USAGE, "unknown password source",
	            "this is a bug in ipamvmm; please report it",
	            "source %d is not one of prompt, file or environment",
	            (int)src);
	return NULL;
}

char *
ivm_secret_read_for(enum ivm_secret_source src, const char *arg, const char *who, struct ivm_err *err)
{
	if (src != IVM_SECRET_PROMPT)
		return ivm_secret_read(src, arg, err);
	char prompt[400];
	snprintf(prompt, sizeof(prompt), "Password for %s: ", who);
	return ivm_secret_read(src, prompt, err);
}
