/* tests/testutil.c: small helpers the Check suites share. */
#include "config.h"

#include "tests/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/xalloc.h"

int
tu_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

bool
tu_slurp(const char *path, struct ivm_buf *b)
{
	ivm_buf_clear(b);
	FILE *fp = fopen(path, "r");
	if (fp == NULL)
		return false;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ivm_buf_add(b, chunk, n);
	fclose(fp);
	return true;
}

char *
tu_slurp_src(const char *relpath, size_t *len)
{
	char path[2048];
	snprintf(path, sizeof(path), "%s/%s", IVM_SRCDIR, relpath);
	FILE *fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	struct ivm_buf b = IVM_BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ivm_buf_add(&b, chunk, n);
	fclose(fp);
	if (len)
		*len = b.len;
	return ivm_buf_steal(&b);
}

char *
tu_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[1024];
	snprintf(path, sizeof(path), "%s/ivmtest.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(path));
	return ivm_xstrdup(path);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

void
tu_rmdir_r(const char *path)
{
	if (path)
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

long long
tu_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
tu_spawn(const char *const *argv, const char *const *env, const char *in_text,
         struct ivm_buf *out, struct ivm_buf *err, unsigned timeout_ms)
{
	int pin[2], pout[2], perr[2];
	ck_assert_int_eq(pipe(pin), 0);
	ck_assert_int_eq(pipe(pout), 0);
	ck_assert_int_eq(pipe(perr), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		dup2(perr[1], 2);
		close(pin[1]);
		close(pout[0]);
		close(perr[0]);
		setsid(); /* no controlling terminal: prompts cannot reach /dev/tty */
		for (const char *const *e = env; e && *e; e++)
			putenv((char *)*e);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	if (in_text) {
		ssize_t w = write(pin[1], in_text, strlen(in_text));
		(void)w;
	}
	close(pin[1]);
	struct pollfd pf[2] = { { pout[0], POLLIN, 0 }, { perr[0], POLLIN, 0 } };
	struct ivm_buf *dst[2] = { out, err };
	int open_fds = 2;
	long long deadline = tu_now_ms() + timeout_ms;
	bool killed = false;
	while (open_fds > 0) {
		long long left = deadline - tu_now_ms();
		if (left <= 0 && !killed) {
			kill(pid, SIGKILL);
			killed = true;
		}
		if (poll(pf, 2, left > 0 ? (int)left : 100) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			if (pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char chunk[4096];
			ssize_t n = read(pf[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				if (dst[i])
					ivm_buf_add(dst[i], chunk, (size_t)n);
			} else {
				close(pf[i].fd);
				pf[i].fd = -1;
				open_fds--;
			}
		}
	}
	int status = 0;
	waitpid(pid, &status, 0);
	ck_assert_msg(!killed, "%s did not finish within %u ms", argv[0], timeout_ms);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool
tu_contains(const char *hay, size_t n, const char *needle)
{
	return hay && memmem(hay, n, needle, strlen(needle)) != NULL;
}

/* The pipe of each child started with tu_start_until, by pid. */
static struct {
	int pid, fd;
} started[8];

static void
read_until(int fd, const char *until_line, struct ivm_buf *out, long long deadline, bool *found)
{
	*found = false;
	for (;;) {
		if (until_line) {
			char pat[256];
			snprintf(pat, sizeof(pat), "%s\n", until_line);
			const char *hit = out->data ? strstr(out->data, pat) : NULL;
			if (hit && (hit == out->data || hit[-1] == '\n')) {
				*found = true;
				return;
			}
		}
		long long left = deadline - tu_now_ms();
		if (left <= 0)
			return;
		struct pollfd pf = { fd, POLLIN, 0 };
		if (poll(&pf, 1, (int)left) <= 0)
			continue;
		char chunk[4096];
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n <= 0)
			return;
		ivm_buf_add(out, chunk, (size_t)n);
	}
}

int
tu_start_until(const char *const *argv, const char *until_line, struct ivm_buf *out,
               unsigned timeout_ms, int *status)
{
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		setsid();
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	bool found;
	read_until(p[0], until_line, out, tu_now_ms() + timeout_ms, &found);
	if (!found) {
		kill(pid, SIGKILL);
		int st = 0;
		waitpid(pid, &st, 0);
		close(p[0]);
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		return -1;
	}
	for (size_t i = 0; i < sizeof(started) / sizeof(started[0]); i++) {
		if (started[i].pid == 0) {
			started[i].pid = pid;
			started[i].fd = p[0];
			break;
		}
	}
	return pid;
}

int
tu_stop(int pid, int sig, struct ivm_buf *out, unsigned timeout_ms)
{
	int fd = -1;
	for (size_t i = 0; i < sizeof(started) / sizeof(started[0]); i++) {
		if (started[i].pid == pid) {
			fd = started[i].fd;
			started[i].pid = 0;
		}
	}
	kill(pid, sig);
	bool found;
	if (fd >= 0) {
		read_until(fd, NULL, out, tu_now_ms() + timeout_ms, &found);
		close(fd);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

bool
tu_exists(const char *path)
{
	return access(path, F_OK) == 0;
}
