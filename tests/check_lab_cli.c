/* tests/check_lab_cli.c: `ipamvmm lab serve|show|reset`, the real binary: state, locking, refusals. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <check.h>

#include "tests/testutil.h"

#define BIN IVM_BUILDDIR "/ipamvmm"

static char *dir;
static char state[1024];
static struct ivm_buf out, err;

static void
setup(void)
{
	dir = tu_mkdtemp();
	snprintf(state, sizeof(state), "%s/lab.xml", dir);
	memset(&out, 0, sizeof(out));
	memset(&err, 0, sizeof(err));
}

static void
teardown(void)
{
	tu_rmdir_r(dir);
	free(dir);
	ivm_buf_release(&out);
	ivm_buf_release(&err);
}

#define HAS(b, s) ck_assert_msg(tu_contains((b).data, (b).len, s), "missing '%s' in:\n%s", s, ivm_buf_str(&(b)))

static int
serve(void)
{
	const char *argv[] = { BIN, "lab", "serve", "--instant", "--state", state, NULL };
	int status = 0;
	ivm_buf_clear(&out);
	int pid = tu_start_until(argv, "ready", &out, 15000, &status);
	ck_assert_msg(pid > 0, "lab serve did not get ready (exit %d):\n%s", status, ivm_buf_str(&out));
	return pid;
}

static int
run(const char *sub, const char *extra)
{
	const char *argv[] = { BIN, "lab", sub, "--state", state, extra, NULL };
	ivm_buf_clear(&out);
	ivm_buf_clear(&err);
	return tu_spawn(argv, NULL, NULL, &out, &err, 15000);
}

START_TEST(serve_announces_endpoints_and_accounts_then_saves)
{
	int pid = serve();
	HAS(out, "endpoint ipam1.contoso.com http://127.0.0.1:");
	HAS(out, "endpoint vmm1.contoso.com http://127.0.0.1:");
	HAS(out, "account CONTOSO\\Administrator Lab-Admin-1! ");
	HAS(out, "account CONTOSO\\vmmuser Vmm-User-1! ");
	ck_assert_int_eq(tu_stop(pid, SIGTERM, &out, 15000), 0);
	struct stat st;
	ck_assert_int_eq(stat(state, &st), 0);
	ck_assert_int_eq(st.st_mode & 077, 0);
	size_t len;
	FILE *fp = fopen(state, "r");
	char buf[65536];
	len = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[len] = '\0';
	fclose(fp);
	ck_assert(strstr(buf, "<ipamvmm-lab") != NULL);
	ck_assert(strstr(buf, "Lab-Admin-1!") == NULL); /* hashes only */
	/* it serves again from the saved state */
	pid = serve();
	ck_assert_int_eq(tu_stop(pid, SIGINT, &out, 15000), 0);
}
END_TEST

START_TEST(second_process_is_refused)
{
	int pid = serve();
	ck_assert_int_eq(run("serve", "--instant"), 1);
	HAS(err, state);
	char pidtext[32];
	snprintf(pidtext, sizeof(pidtext), "%d", pid);
	HAS(err, pidtext);
	ck_assert_int_eq(tu_stop(pid, SIGTERM, &out, 15000), 0);
}
END_TEST

START_TEST(corrupt_file_refused_and_kept)
{
	const char garbage[] = "<ipamvmm-lab version=\"1\">\n<hosts>\n<oops\n";
	int fd = open(state, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_eq(write(fd, garbage, sizeof(garbage) - 1), (ssize_t)sizeof(garbage) - 1);
	close(fd);
	ck_assert_int_eq(run("serve", "--instant"), 1);
	HAS(err, state);
	HAS(err, "lab reset");
	ck_assert_int_eq(run("show", NULL), 1);
	FILE *fp = fopen(state, "r");
	char buf[256];
	size_t n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	ck_assert_uint_eq(n, sizeof(garbage) - 1);
	ck_assert_mem_eq(buf, garbage, n);
}
END_TEST

START_TEST(foreign_file_needs_force_to_reset)
{
	const char foreign[] = "<?xml version=\"1.0\"?>\n<html><body>not ours</body></html>\n";
	int fd = open(state, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_eq(write(fd, foreign, sizeof(foreign) - 1), (ssize_t)sizeof(foreign) - 1);
	close(fd);
	ck_assert_int_eq(run("reset", NULL), 1);
	HAS(err, "--force");
	ck_assert_int_eq(run("reset", "--force"), 0);
	ck_assert_int_eq(run("show", NULL), 0);
	HAS(out, "<ipamvmm-lab");
	HAS(out, "ipam1.contoso.com");
	ck_assert(!tu_contains(out.data, out.len, "$6$")); /* no hashes in show */
}
END_TEST

START_TEST(bad_options)
{
	const char *argv[] = { BIN, "lab", "serve", "--fault", "boom@1", NULL };
	ck_assert_int_eq(tu_spawn(argv, NULL, NULL, &out, &err, 5000), 2);
	HAS(err, "KIND@N");
	const char *argv2[] = { BIN, "lab", "frob", NULL };
	ck_assert_int_eq(tu_spawn(argv2, NULL, NULL, &out, &err, 5000), 2);
	const char *argv3[] = { BIN, "lab", "--help", NULL };
	ck_assert_int_eq(tu_spawn(argv3, NULL, NULL, &out, &err, 5000), 0);
	HAS(out, "--fault KIND@N");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("lab_cli");
	TCase *tc = tcase_create("lab cli");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, serve_announces_endpoints_and_accounts_then_saves);
	tcase_add_test(tc, second_process_is_refused);
	tcase_add_test(tc, corrupt_file_refused_and_kept);
	tcase_add_test(tc, foreign_file_needs_force_to_reset);
	tcase_add_test(tc, bad_options);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
