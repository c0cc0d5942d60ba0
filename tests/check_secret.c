/* tests/check_secret.c: Check suite "secret": password files, the environment and the echo-less prompt. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/secret.h"
#include "core/xalloc.h"

#define DEADLINE_MS 10000
#define SECRET "Tr0ub4dor&3"

static char dir[256];
static char path[512];
static struct ivm_err err;

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/ivm-secret-XXXXXX",
	         tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ivm_err_clear(&err);
}

static void
teardown(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[768];

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (unlink(p) == -1)
			rmdir(p);
	}
	closedir(d);
	rmdir(dir);
}

/* Put content in dir/name with the given mode; path names it after. */
static const char *
make_file(const char *name, const char *content, size_t len, mode_t mode)
{
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, content, len), (ssize_t)len);
	ck_assert_int_eq(fchmod(fd, mode), 0);
	close(fd);
	return path;
}

static const char *
make_text(const char *name, const char *content, mode_t mode)
{
	return make_file(name, content, strlen(content), mode);
}

/* Everything a user would see of an error. */
static const char *
err_text(void)
{
	static char all[sizeof(err.what) + sizeof(err.why) + sizeof(err.next) + 8];
	snprintf(all, sizeof(all), "%s | %s | %s", err.what, err.why, err.next);
	return all;
}

static void
assert_refused(const char *file, const char *needle)
{
	char *pw = ivm_secret_read(IVM_SECRET_FILE, file, &err);
	ck_assert_ptr_null(pw);
	ck_assert_msg(strstr(err_text(), needle) != NULL, "no \"%s\" in: %s",
	              needle, err_text());
	ck_assert_msg(strstr(err_text(), file) != NULL, "no path in: %s",
	              err_text());
	ck_assert_msg(strstr(err_text(), "Tr0ub") == NULL, "content leaked: %s",
	              err_text());
	ck_assert_str_ne(err.next, "");
}

START_TEST(test_file_ok)
{
	char *pw = ivm_secret_read(IVM_SECRET_FILE,
	                           make_text("pw", SECRET "\n", 0600), &err);
	ck_assert_ptr_nonnull(pw);
	ck_assert_str_eq(pw, SECRET);
	ivm_secret_free(&pw);
	ck_assert_ptr_null(pw);

	/* no line end at all; only one "\n" is taken off */
	pw = ivm_secret_read(IVM_SECRET_FILE, make_text("pw2", " a b ", 0400),
	                     &err);
	ck_assert_str_eq(pw, " a b ");
	ivm_secret_free(&pw);
}
END_TEST

START_TEST(test_file_crlf)
{
	char *pw = ivm_secret_read(IVM_SECRET_FILE,
	                           make_text("pw", SECRET "\r\n", 0600), &err);
	ck_assert_ptr_nonnull(pw);
	ck_assert_str_eq(pw, SECRET);
	ivm_secret_free(&pw);
}
END_TEST

START_TEST(test_file_mode_refused)
{
	assert_refused(make_text("pw644", SECRET "\n", 0644), "chmod 600");
	ck_assert_ptr_nonnull(strstr(err.next, "chmod 600"));
	ck_assert_ptr_nonnull(strstr(err.next, path));
	ck_assert_int_eq(err.kind, IVM_E_IO);
	assert_refused(make_text("pw640", SECRET "\n", 0640), "chmod 600");
	assert_refused(make_text("pw601", SECRET "\n", 0601), "chmod 600");
}
END_TEST

START_TEST(test_file_symlink_refused)
{
	char target[600];
	snprintf(target, sizeof(target), "%s", make_text("real", SECRET, 0600));
	snprintf(path, sizeof(path), "%s/link", dir);
	ck_assert_int_eq(symlink(target, path), 0);
	assert_refused(path, "symbolic link");
}
END_TEST

START_TEST(test_file_directory_refused)
{
	snprintf(path, sizeof(path), "%s/sub", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	assert_refused(path, "a directory");
}
END_TEST

START_TEST(test_file_fifo_refused)
{
	/* opening must not wait for a writer */
	snprintf(path, sizeof(path), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	assert_refused(path, "not a regular file");
}
END_TEST

START_TEST(test_file_missing)
{
	snprintf(path, sizeof(path), "%s/nothing-here", dir);
	assert_refused(path, "No such file");
}
END_TEST

START_TEST(test_file_other_owner)
{
	/* only root can make a file owned by someone else */
	if (geteuid() != 0)
		return;
	const char *p = make_text("theirs", SECRET, 0600);
	ck_assert_int_eq(chown(p, 65534, 65534), 0);
	assert_refused(p, "owned by uid 65534");
}
END_TEST

START_TEST(test_file_too_long)
{
	char data[IVM_SECRET_MAX + 8];

	/* the longest password, with "\r\n", is taken */
	memset(data, 'a', IVM_SECRET_MAX);
	memcpy(data + IVM_SECRET_MAX, "\r\n", 2);
	char *pw = ivm_secret_read(IVM_SECRET_FILE,
	    make_file("max", data, IVM_SECRET_MAX + 2, 0600), &err);
	ck_assert_ptr_nonnull(pw);
	ck_assert_uint_eq(strlen(pw), IVM_SECRET_MAX);
	ivm_secret_free(&pw);

	/* one byte more is not */
	memset(data, 'a', IVM_SECRET_MAX + 1);
	data[IVM_SECRET_MAX + 1] = '\n';
	assert_refused(make_file("long", data, IVM_SECRET_MAX + 2, 0600),
	               "longer than 1024");
	memset(data, 'b', sizeof(data));
	assert_refused(make_file("longer", data, sizeof(data), 0600),
	               "longer than 1024");
}
END_TEST

START_TEST(test_file_empty)
{
	assert_refused(make_text("empty", "", 0600), "empty");
	assert_refused(make_text("nl", "\n", 0600), "empty");
	assert_refused(make_text("crlf", "\r\n", 0600), "empty");
}
END_TEST

START_TEST(test_file_two_lines)
{
	assert_refused(make_text("two", SECRET "\n" SECRET "\n", 0600),
	               "more than one line");
	assert_refused(make_file("nul", SECRET "\0x", sizeof(SECRET) + 1, 0600),
	               "NUL");
}
END_TEST

START_TEST(test_bad_args)
{
	ck_assert_ptr_null(ivm_secret_read(IVM_SECRET_FILE, NULL, &err));
	ck_assert_int_eq(err.kind, IVM_E_USAGE);
	ck_assert_ptr_null(ivm_secret_read(IVM_SECRET_ENV, "", &err));
	ck_assert_int_eq(err.kind, IVM_E_USAGE);
	ck_assert_ptr_null(ivm_secret_read((enum ivm_secret_source)42, "x",
	                                   &err));
	ck_assert_int_eq(err.kind, IVM_E_USAGE);
}
END_TEST

START_TEST(test_env)
{
	ck_assert_int_eq(setenv("IVM_TEST_PW", SECRET " x", 1), 0);
	char *pw = ivm_secret_read(IVM_SECRET_ENV, "IVM_TEST_PW", &err);
	ck_assert_ptr_nonnull(pw);
	ck_assert_str_eq(pw, SECRET " x");
	ivm_secret_free(&pw);

	ck_assert_int_eq(unsetenv("IVM_TEST_PW"), 0);
	ck_assert_ptr_null(ivm_secret_read(IVM_SECRET_ENV, "IVM_TEST_PW", &err));
	ck_assert_ptr_nonnull(strstr(err.why, "IVM_TEST_PW"));
	ck_assert_ptr_nonnull(strstr(err.why, "not set"));
	ck_assert_int_eq(err.kind, IVM_E_USAGE);

	ck_assert_int_eq(setenv("IVM_TEST_PW", "", 1), 0);
	ck_assert_ptr_null(ivm_secret_read(IVM_SECRET_ENV, "IVM_TEST_PW", &err));
	ck_assert_ptr_nonnull(strstr(err.why, "IVM_TEST_PW"));
	ck_assert_ptr_nonnull(strstr(err.why, "empty"));

	ck_assert_int_eq(setenv("IVM_TEST_PW", SECRET "\n" SECRET, 1), 0);
	ck_assert_ptr_null(ivm_secret_read(IVM_SECRET_ENV, "IVM_TEST_PW", &err));
	ck_assert_ptr_nonnull(strstr(err.why, "IVM_TEST_PW"));
	ck_assert_ptr_null(strstr(err_text(), "Tr0ub"));
	unsetenv("IVM_TEST_PW");
}
END_TEST

static size_t
read_all(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;
	while (len + 1 < cap && (n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	return len;
}

START_TEST(test_prompt_pipe)
{
	int in[2], out[2];
	char got[64];

	ck_assert_int_eq(pipe(in), 0);
	ck_assert_int_eq(pipe(out), 0);
	ck_assert_int_eq(write(in[1], SECRET "\r\nrest", 17), 17);
	close(in[1]);
	char *pw = ivm_secret_prompt_fd(in[0], out[1], "Password for ipam1: ",
	                                &err);
	close(out[1]);
	ck_assert_ptr_nonnull(pw);
	ck_assert_str_eq(pw, SECRET);
	ivm_secret_free(&pw);
	read_all(out[0], got, sizeof(got));
	ck_assert_str_eq(got, "Password for ipam1: ");
	/* nothing past the line was taken */
	read_all(in[0], got, sizeof(got));
	ck_assert_str_eq(got, "rest");
	close(in[0]);
	close(out[0]);
}
END_TEST

static char *
prompt_with_input(const char *input, size_t len, int out_fd)
{
	int in[2];

	ck_assert_int_eq(pipe(in), 0);
	ck_assert_int_eq(write(in[1], input, len), (ssize_t)len);
	close(in[1]);
	char *pw = ivm_secret_prompt_fd(in[0], out_fd, "P: ", &err);
	close(in[0]);
	return pw;
}

START_TEST(test_prompt_pipe_ends)
{
	int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	char big[IVM_SECRET_MAX + 100];

	/* input that ends without a line end still counts */
	char *pw = prompt_with_input("abc", 3, devnull);
	ck_assert_str_eq(pw, "abc");
	ivm_secret_free(&pw);

	ck_assert_ptr_null(prompt_with_input("", 0, devnull));
	ck_assert_ptr_nonnull(strstr(err.what, "no password was typed"));
	ck_assert_ptr_nonnull(strstr(err.next, "--password-file"));

	ck_assert_ptr_null(prompt_with_input("\n", 1, devnull));
	ck_assert_ptr_nonnull(strstr(err.why, "empty"));

	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = '\n';
	ck_assert_ptr_null(prompt_with_input(big, sizeof(big), devnull));
	ck_assert_ptr_nonnull(strstr(err.why, "longer than 1024"));

	/* a prompt that cannot be shown is not answered */
	ck_assert_ptr_null(prompt_with_input("abc\n", 4, -1));
	ck_assert_ptr_nonnull(strstr(err.what, "prompt"));
	close(devnull);
}
END_TEST

/* --- the terminal ------------------------------------------------------- */

static long
ms_left(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long spent = (now.tv_sec - start->tv_sec) * 1000 +
	             (now.tv_nsec - start->tv_nsec) / 1000000;
	return DEADLINE_MS - spent;
}

/* Read the pty master into out until needle shows up or time runs out. */
static bool
read_until(int master, struct ivm_buf *out, const char *needle)
{
	struct timespec start;
	char chunk[256];

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (strstr(ivm_buf_str(out), needle) == NULL) {
		long left = ms_left(&start);
		if (left <= 0)
			return false;
		struct pollfd p = { .fd = master, .events = POLLIN };
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		ssize_t n = read(master, chunk, sizeof(chunk));
		if (n <= 0)
			return false;
		ivm_buf_add(out, chunk, (size_t)n);
	}
	return true;
}

static bool
echo_on(int fd)
{
	struct termios t;
	ck_assert_int_eq(tcgetattr(fd, &t), 0);
	return (t.c_lflag & ECHO) != 0;
}

struct prompt_job {
	int fd;
	char *pw;
	struct ivm_err err;
	pthread_t thread;
};

static void *
prompt_main(void *arg)
{
	struct prompt_job *j = arg;
	j->pw = ivm_secret_prompt_fd(j->fd, j->fd, "Password for ipam1: ",
	                             &j->err);
	return NULL;
}

static void
join_in_time(struct prompt_job *j)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += DEADLINE_MS / 1000;
	ck_assert_msg(pthread_timedjoin_np(j->thread, NULL, &until) == 0,
	              "the prompt did not return in time");
}

START_TEST(test_prompt_pty)
{
	struct ivm_buf out = IVM_BUF_INIT;
	struct prompt_job job = { 0 };
	struct termios before, after;
	int master, slave;

	ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
	ck_assert_int_eq(tcgetattr(slave, &before), 0);
	ck_assert(before.c_lflag & ECHO);
	job.fd = slave;
	ck_assert_int_eq(pthread_create(&job.thread, NULL, prompt_main, &job),
	                 0);
	ck_assert(read_until(master, &out, "Password for ipam1: "));
	/* the prompt shows only once echo is off */
	ck_assert(!echo_on(slave));
	ck_assert_int_eq(write(master, SECRET "\n", sizeof(SECRET)),
	                 (ssize_t)sizeof(SECRET));
	join_in_time(&job);
	ck_assert_ptr_nonnull(job.pw);
	ck_assert_str_eq(job.pw, SECRET);
	ivm_secret_free(&job.pw);
	ck_assert_int_eq(tcgetattr(slave, &after), 0);
	ck_assert(after.c_lflag & ECHO);
	ck_assert_uint_eq(after.c_lflag, before.c_lflag);
	/* the newline printed after the read is the last output; any echo
	 * of the password would have come before it */
	ck_assert(read_until(master, &out, "\r\n"));
	ck_assert_ptr_null(strstr(ivm_buf_str(&out), "Tr0ub"));
	ck_assert_str_eq(ivm_buf_str(&out), "Password for ipam1: \r\n");
	ivm_buf_release(&out);
	close(master);
	close(slave);
}
END_TEST

/* Fork a child, which reports its end by closing the pipe it holds. */
static int
wait_child(pid_t pid, int alive_fd)
{
	struct pollfd p = { .fd = alive_fd, .events = POLLIN };
	int status = 0;

	if (poll(&p, 1, DEADLINE_MS) != 1)
		kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	close(alive_fd);
	return status;
}

START_TEST(test_prompt_pty_sigint)
{
	struct ivm_buf out = IVM_BUF_INIT;
	int master, slave, alive[2];

	ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
	ck_assert_int_eq(pipe(alive), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ivm_err e;
		close(master);
		close(alive[0]);
		signal(SIGINT, SIG_DFL);
		ivm_secret_prompt_fd(slave, slave, "Password: ", &e);
		_exit(3);
	}
	close(alive[1]);
	ck_assert(read_until(master, &out, "Password: "));
	ck_assert(!echo_on(slave));
	ck_assert_int_eq(kill(pid, SIGINT), 0);
	int status = wait_child(pid, alive[0]);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT,
	              "the child did not die of SIGINT (status %#x)", status);
	ck_assert(echo_on(slave));
	ivm_buf_release(&out);
	close(master);
	close(slave);
}
END_TEST

static volatile sig_atomic_t term_seen;

static void
on_term(int sig)
{
	term_seen++;
}

/* A handler that returns must run once, and the prompt must give up. */
START_TEST(test_prompt_pty_sigterm_handler)
{
	struct ivm_buf out = IVM_BUF_INIT;
	struct prompt_job job = { 0 };
	struct sigaction sa, now;
	int master, slave;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGTERM, &sa, NULL), 0);
	term_seen = 0;
	ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
	job.fd = slave;
	ck_assert_int_eq(pthread_create(&job.thread, NULL, prompt_main, &job),
	                 0);
	ck_assert(read_until(master, &out, "Password for ipam1: "));
	ck_assert(!echo_on(slave));
	ck_assert_int_eq(pthread_kill(job.thread, SIGTERM), 0);
	join_in_time(&job);
	ck_assert_ptr_null(job.pw);
	ck_assert_ptr_nonnull(strstr(job.err.what, "interrupted"));
	ck_assert_int_eq(term_seen, 1);
	ck_assert(echo_on(slave));
	ck_assert_int_eq(sigaction(SIGTERM, NULL, &now), 0);
	ck_assert(now.sa_handler == on_term);
	signal(SIGTERM, SIG_DFL);
	ivm_buf_release(&out);
	close(master);
	close(slave);
}
END_TEST

START_TEST(test_prompt_no_tty)
{
	int alive[2];

	ck_assert_int_eq(pipe(alive), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ivm_err e;
		close(alive[0]);
		/* a new session has no controlling terminal */
		if (setsid() == -1)
			_exit(2);
		char *pw = ivm_secret_read(IVM_SECRET_PROMPT, "Password: ", &e);
		_exit(pw == NULL && strstr(e.next, "--password-file") != NULL &&
		      strstr(e.next, "--password-env") != NULL &&
		      strstr(e.why, "/dev/tty") != NULL ? 0 : 1);
	}
	close(alive[1]);
	int status = wait_child(pid, alive[0]);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

static Suite *
secret_suite(void)
{
	Suite *s = suite_create("secret");
	TCase *files = tcase_create("file");
	TCase *env = tcase_create("env");
	TCase *prompt = tcase_create("prompt");

	tcase_add_checked_fixture(files, setup, teardown);
	tcase_add_test(files, test_file_ok);
	tcase_add_test(files, test_file_crlf);
	tcase_add_test(files, test_file_mode_refused);
	tcase_add_test(files, test_file_symlink_refused);
	tcase_add_test(files, test_file_directory_refused);
	tcase_add_test(files, test_file_fifo_refused);
	tcase_add_test(files, test_file_missing);
	tcase_add_test(files, test_file_other_owner);
	tcase_add_test(files, test_file_too_long);
	tcase_add_test(files, test_file_empty);
	tcase_add_test(files, test_file_two_lines);
	tcase_add_test(env, test_bad_args);
	tcase_add_test(env, test_env);
	tcase_add_test(prompt, test_prompt_pipe);
	tcase_add_test(prompt, test_prompt_pipe_ends);
	/* The forking tests come before the threaded ones: under valgrind a
	 * child killed by a signal would report the threads' cached stacks. */
	tcase_add_test(prompt, test_prompt_no_tty);
	tcase_add_test(prompt, test_prompt_pty_sigint);
	tcase_add_test(prompt, test_prompt_pty);
	tcase_add_test(prompt, test_prompt_pty_sigterm_handler);
	/* a slow machine under valgrind still ends well inside the deadlines */
	tcase_set_timeout(prompt, 30);
	suite_add_tcase(s, files);
	suite_add_tcase(s, env);
	suite_add_tcase(s, prompt);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(secret_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
