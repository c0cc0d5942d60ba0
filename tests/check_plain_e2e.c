/* tests/check_plain_e2e.c: the real ipamvmm in line mode over pipes against the lab: a scripted user answers by reading the prompts. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <check.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "screens/wizard.h"
#include "tests/testutil.h"

#define IPAMVMM IVM_BUILDDIR "/ipamvmm"
/* Bounds a failure only; a good run ends as soon as the program does. */
#define DEADLINE_MS 120000
/* the lab's CONTOSO\vmmuser (core/lab/defaults.c): VMM tests the account with it */
#define RUNAS_USER "CONTOSO\\vmmuser"
#define RUNAS_PASSWORD "Vmm-User-1!"

/* Check's messages are short: the end of the transcript goes in the
 * message, all of it into a file beside the test. */
static const char *
tail(const struct ivm_buf *b)
{
	FILE *fp = fopen(IVM_BUILDDIR "/tests/check_plain_e2e.transcript", "w");
	if (fp) {
		fputs(ivm_buf_str(b), fp);
		fclose(fp);
	}
	return b->len > 3000 ? ivm_buf_str(b) + b->len - 3000 : ivm_buf_str(b);
}

/* ---- the child --------------------------------------------------------- */

struct child {
	pid_t pid;
	int to, from;		/* its stdin (-1 when a file), its stdout+stderr */
	struct ivm_buf out;
	char *dir;
};

/*
 * plain: with --plain. stdin_file: NULL a pipe; else a file to read. tty:
 * stdout on a pty (so only stdin can make it choose the line mode).
 */
static void
start(struct child *c, bool plain, const char *stdin_file, bool tty)
{
	int in[2] = { -1, -1 }, out[2];
	memset(c, 0, sizeof(*c));
	c->dir = tu_mkdtemp();
	char state[4096];
	snprintf(state, sizeof(state), "%s/lab.xml", c->dir);
	if (stdin_file == NULL)
		ck_assert_int_eq(pipe(in), 0);
	if (tty)
		ck_assert_int_eq(openpty(&out[0], &out[1], NULL, NULL, NULL), 0);
	else
		ck_assert_int_eq(pipe(out), 0);
	c->pid = fork();
	ck_assert_int_ge(c->pid, 0);
	if (c->pid == 0) {
		int fd = stdin_file ? open(stdin_file, O_RDONLY) : in[0];
		dup2(fd, 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		for (int i = 3; i < 1024; i++)
			close(i);
		/* Check's own handlers must not reach the program */
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		setenv("HOME", c->dir, 1);
		setenv("XDG_STATE_HOME", c->dir, 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("TERM", "xterm", 1);
		unsetenv("NO_COLOR");
		const char *argv[8] = { IPAMVMM, "--state", state, "--instant", plain ? "--plain" : NULL, NULL };
		execv(IPAMVMM, (char *const *)argv);
		_exit(127);
	}
	if (in[0] >= 0)
		close(in[0]);
	close(out[1]);
	c->to = in[1];
	c->from = out[0];
	fcntl(c->from, F_SETFL, O_NONBLOCK);
}

/* Read what is there within ms; false at EOF. */
static bool
pump(struct child *c, int ms)
{
	struct pollfd p = { c->from, POLLIN, 0 };
	if (poll(&p, 1, ms) <= 0)
		return true;
	char buf[4096];
	ssize_t n = read(c->from, buf, sizeof(buf));
	if (n > 0) {
		ivm_buf_add(&c->out, buf, (size_t)n);
		return true;
	}
	/* a pty reports the end as EIO */
	return n < 0 && errno == EAGAIN;
}

static int
finish(struct child *c)
{
	int st = 0;
	if (c->to >= 0)
		close(c->to);
	c->to = -1;
	long long end = tu_now_ms() + 20000;
	while (tu_now_ms() < end && pump(c, 100))
		;
	if (waitpid(c->pid, &st, WNOHANG) == 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, &st, 0);
	}
	close(c->from);
	tu_rmdir_r(c->dir);
	free(c->dir);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void
assert_clean(const struct ivm_buf *b)
{
	const unsigned char *u = (const unsigned char *)ivm_buf_str(b);
	for (size_t i = 0; i < b->len; i++) {
		ck_assert_msg(u[i] != 0x1b, "ESC at byte %zu of:\n%s", i, tail(b));
		ck_assert_msg(!(u[i] == 0xe2 && i + 1 < b->len && (u[i + 1] == 0x94 || u[i + 1] == 0x95)),
		              "box drawing at byte %zu of:\n%s", i, tail(b));
	}
}

/* ---- the scripted user ------------------------------------------------- */

/*
 * It reads each prompt and answers as a person would, keyed on the page
 * (its header line) and on the prompt's words, so rewording a page does not
 * break it. The action menus follow a plan per page: the buttons the
 * console's user presses there, in order; then the default.
 */
static const struct {
	const char *title;
	const char *plan[4];
} plans[] = {
	{ "Groups", { "New Group...", "Properties of Remote Management Users...", "Next" } },
	{ "New Group", { "Add...", "Create" } },
	{ "Select Users", { "Check Names", "OK" } },
	{ "Remote Management Users Properties", { "Add...", "OK" } },
	{ "Access Policies", { "Add Access Policy...", "Next" } },
	{ "Add Access Policy", { "New...", "OK" } },
	{ "Credentials", { "Browse...", "Next" } },
	{ "Select a Run As Account", { "Create Run As Account...", "OK" } },
	{ "Provider", { "Test", "Next" } },
	{ "Summary", { "View Script", "Finish" } },
	{ "Jobs", { "Open a row of Jobs", "Close" } },
};

struct user {
	char title[256];
	unsigned menus[IVM_COUNT(plans)];
	bool bad_connection_typed, went_back;
	unsigned answers;
};

/* The page now shown: the last header line ("LAB: console: Title", "Back to ..."). */
static void
track_title(struct user *u, const char *text)
{
	const char *line = text;
	while (line && *line) {
		const char *end = strchr(line, '\n');
		if (end == NULL)
			break;
		if (strncmp(line, "LAB: ", 5) == 0 || strncmp(line, "Back to ", 8) == 0) {
			const char *t = NULL;
			for (const char *q = line; q + 1 < end; q++)
				if (q[0] == ':' && q[1] == ' ')
					t = q + 2;
			if (t)
				snprintf(u->title, sizeof(u->title), "%.*s", (int)(end - t), t);
		}
		line = end + 1;
	}
}

/* The number of the menu entry labelled label, or 0. */
static int
menu_number(const char *prompt, const char *label)
{
	char want[300];
	for (int n = 1; n < 40; n++) {
		snprintf(want, sizeof(want), "%d: %s", n, label);
		const char *at = strstr(prompt, want);
		if (at && (at == prompt || at[-1] == ' ') && strchr(",. (", at[strlen(want)]))
			return n;
	}
	return 0;
}

static void
decide(struct user *u, const char *prompt, char *answer, size_t size)
{
	answer[0] = '\0';
	if (strncmp(prompt, "Actions: ", 9) == 0) {
		for (size_t i = 0; i < IVM_COUNT(plans); i++) {
			if (strcmp(plans[i].title, u->title) != 0)
				continue;
			const char *label = u->menus[i] < IVM_COUNT(plans[i].plan) ? plans[i].plan[u->menus[i]] : NULL;
			int n = label ? menu_number(prompt, label) : 0;
			if (label)
				u->menus[i]++;
			if (n > 0)
				snprintf(answer, size, "%d", n);
		}
		return;
	}
	if (strstr(prompt, "assword") && strcmp(u->title, "Create Run As Account") == 0) {
		snprintf(answer, size, "%s", RUNAS_PASSWORD);
	} else if (strcmp(u->title, "Select Users") == 0 && strncmp(prompt, "Enter the object names", 22) == 0) {
		snprintf(answer, size, "%s", RUNAS_USER);
	} else if (strncmp(prompt, "Connection string", 17) == 0 && !u->bad_connection_typed) {
		/* the deliberate mistake: the rule refuses it and the prompt comes again */
		u->bad_connection_typed = true;
		snprintf(answer, size, "not a host name!");
	} else if (strcmp(u->title, "Manufacturer and Model") == 0 && !u->went_back) {
		u->went_back = true;
		snprintf(answer, size, "<");
	}
}

/* A prompt waits when the output ends in ": " with no line end after it. */
static const char *
pending_prompt(const struct ivm_buf *b)
{
	const char *s = ivm_buf_str(b);
	if (b->len < 2 || strcmp(s + b->len - 2, ": ") != 0)
		return NULL;
	const char *nl = strrchr(s, '\n');
	return nl ? nl + 1 : s;
}

/* Play the user until the program ends; the transcript is in c->out. */
static void
converse(struct child *c, struct user *u)
{
	long long deadline = tu_now_ms() + DEADLINE_MS;
	size_t answered_at = (size_t)-1;
	for (;;) {
		ck_assert_msg(tu_now_ms() < deadline, "no end after %d ms on page '%s'; the transcript:\n%s",
		              DEADLINE_MS, u->title, tail(&c->out));
		size_t before = c->out.len;
		if (!pump(c, 50))
			return;
		if (c->out.len != before)
			continue;	/* still writing */
		const char *prompt = pending_prompt(&c->out);
		if (prompt == NULL || answered_at == c->out.len)
			continue;
		track_title(u, ivm_buf_str(&c->out));
		char answer[256];
		decide(u, prompt, answer, sizeof(answer));
		ck_assert_msg(u->answers++ < 2000, "answering forever on '%s':\n%s", u->title, tail(&c->out));
		size_t n = strlen(answer);
		answer[n] = '\n';
		ck_assert_int_eq(write(c->to, answer, n + 1), (ssize_t)(n + 1));
		answered_at = c->out.len;
	}
}

/* ---- the tests --------------------------------------------------------- */

static bool
has_header(const char *text, const char *title)
{
	char want[300];
	snprintf(want, sizeof(want), ": %s\n", title);
	for (const char *at = strstr(text, want); at; at = strstr(at + 1, want)) {
		const char *bol = at;
		while (bol > text && bol[-1] != '\n')
			bol--;
		if (strncmp(bol, "LAB: ", 5) == 0 || strncmp(bol, "Back to ", 8) == 0)
			return true;
	}
	return false;
}

static size_t
count(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle))
		n++;
	return n;
}

START_TEST(walkthrough_over_pipes_completes_both_vmm_jobs)
{
	struct child c;
	struct user u = { .title = "" };
	start(&c, true, NULL, false);
	converse(&c, &u);
	int status = finish(&c);
	const char *t = ivm_buf_str(&c.out), *end = tail(&c.out);
	ck_assert_msg(status == 0, "exit status %d; the transcript ends:\n%s", status, end);
	assert_clean(&c.out);
	ck_assert_msg(strstr(t, RUNAS_PASSWORD) == NULL, "the password was printed:\n%s", end);
	/* the deliberate error, said and the prompt repeated */
	ck_assert_msg(strstr(t, "Connection string [") && strstr(t, "not a host name!\nError: Connection string: "),
	              "no validation error:\n%s", end);
	/* < went back from Manufacturer and Model to Name, and forward again */
	ck_assert_msg(u.went_back && count(t, ", page 2 of 7: Manufacturer and Model\n") >= 2 &&
	              count(t, ", page 1 of 7: Name\n") >= 2, "no way back:\n%s", end);
	/* both VMM jobs, Completed, one line each as they changed */
	ck_assert_msg(count(t, "Completed: every step finished") >= 1, "%s", end);
	/* both VMM jobs Completed, each on its own line: "VMM job <name>: Completed" */
	char seen[8][128];
	size_t jobs_done = 0;
	for (const char *at = t; (at = strstr(at, "VMM job ")) != NULL; at++) {
		const char *name = at + 8, *colon = strstr(name, ": ");
		if (colon == NULL || colon - name >= 128 || strncmp(colon + 2, "Completed", 9) != 0)
			continue;
		bool dup = false;
		for (size_t i = 0; i < jobs_done; i++)
			dup |= strncmp(seen[i], name, (size_t)(colon - name)) == 0 && seen[i][colon - name] == '\0';
		if (!dup && jobs_done < 8)
			snprintf(seen[jobs_done++], sizeof(seen[0]), "%.*s", (int)(colon - name), name);
	}
	ck_assert_msg(jobs_done >= 2, "fewer than two VMM jobs Completed:\n%s", end);
	/* every page of the wizard was shown in plain mode */
	for (size_t i = 0; i < ivm_pages_nall; i++)
		ck_assert_msg(has_header(t, ivm_pages_all[i]->form->title), "page '%s' never shown:\n%s",
		              ivm_pages_all[i]->form->title, end);
	/* the pages' own parity items */
	ck_assert_msg(strstr(t, "View Script") && strstr(t, "(end of "), "no script shown:\n%s", end);
	ivm_buf_release(&c.out);
}
END_TEST

/* Wait for text in the output, or fail with it. */
static void
wait_for(struct child *c, const char *text)
{
	long long end = tu_now_ms() + 30000;
	while (strstr(ivm_buf_str(&c->out), text) == NULL) {
		ck_assert_msg(tu_now_ms() < end, "'%s' never came:\n%s", text, tail(&c->out));
		if (!pump(c, 50))
			ck_assert_msg(strstr(ivm_buf_str(&c->out), text), "ended before '%s':\n%s", text, tail(&c->out));
	}
}

START_TEST(term_dumb_on_a_terminal_picks_line_mode)
{
	/* a real terminal for stdin and stdout; only TERM says no */
	int m, s;
	ck_assert_int_eq(openpty(&m, &s, NULL, NULL, NULL), 0);
	struct child c;
	memset(&c, 0, sizeof(c));
	c.dir = tu_mkdtemp();
	char state[4096];
	snprintf(state, sizeof(state), "%s/lab.xml", c.dir);
	c.pid = fork();
	ck_assert_int_ge(c.pid, 0);
	if (c.pid == 0) {
		setsid();
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		for (int i = 3; i < 1024; i++)
			close(i);
		signal(SIGTERM, SIG_DFL);
		setenv("HOME", c.dir, 1);
		setenv("XDG_STATE_HOME", c.dir, 1);
		setenv("TERM", "dumb", 1);
		execl(IPAMVMM, IPAMVMM, "--state", state, "--instant", (char *)NULL);
		_exit(127);
	}
	close(s);
	c.from = m;
	c.to = -1;
	fcntl(m, F_SETFL, O_NONBLOCK);
	wait_for(&c, "Line mode.");
	wait_for(&c, "[yes]: ");
	ck_assert_int_eq(write(m, "!\r", 2), 2);
	wait_for(&c, "[y/N]: ");
	ck_assert_int_eq(write(m, "y\r", 2), 2);
	int status = finish(&c);
	assert_clean(&c.out);
	ck_assert_msg(status == 1, "status %d:\n%s", status, tail(&c.out));
	ivm_buf_release(&c.out);
}
END_TEST

START_TEST(answers_from_a_file_pick_line_mode)
{
	/* stdout is a terminal that can do everything; stdin is a file */
	char *dir = tu_mkdtemp(), path[4096];
	snprintf(path, sizeof(path), "%s/answers.txt", dir);
	FILE *fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("?\n!\ny\n", fp);
	fclose(fp);
	struct child c;
	start(&c, false, path, true);
	while (pump(&c, 100))
		;
	int status = finish(&c);
	const char *t = ivm_buf_str(&c.out);
	assert_clean(&c.out);
	ck_assert_msg(strstr(t, "Line mode.") && strstr(t, "Use the lab") && strstr(t, "Keys at every prompt"),
	              "not the line mode:\n%s", tail(&c.out));
	ck_assert_msg(status == 1, "status %d:\n%s", status, tail(&c.out));
	ivm_buf_release(&c.out);
	tu_rmdir_r(dir);
	free(dir);
}
END_TEST

START_TEST(end_of_input_leaves_cleanly)
{
	struct child c;
	start(&c, true, NULL, false);
	wait_for(&c, "Use the lab");
	close(c.to);
	c.to = -1;
	int status = finish(&c);
	assert_clean(&c.out);
	ck_assert_msg(strstr(ivm_buf_str(&c.out), "End of input: leaving."), "%s", tail(&c.out));
	ck_assert_msg(status == 1, "status %d:\n%s", status, tail(&c.out));
	ivm_buf_release(&c.out);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("plain_e2e");
	TCase *tc = tcase_create("plain_e2e");
	tcase_add_test(tc, walkthrough_over_pipes_completes_both_vmm_jobs);
	tcase_add_test(tc, term_dumb_on_a_terminal_picks_line_mode);
	tcase_add_test(tc, answers_from_a_file_pick_line_mode);
	tcase_add_test(tc, end_of_input_leaves_cleanly);
	tcase_set_timeout(tc, 300);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
