/* tests/check_probe.c: `ipamvmm probe`, the real binary, against the scripted WinRM server. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <check.h>

#include "tests/fake_winrs.h"
#include "tests/testsrv.h"
#include "tests/testutil.h"

#define BIN IVM_BUILDDIR "/ipamvmm"
#define USER "lab-admin"
#define PASS "Pr0be-Secret-7431"

static const char admin_csv[] =
	"\"Everyone\",\"Well-known group\",\"S-1-1-0\",\"Mandatory group, Enabled by default, Enabled group\"\r\n"
	"\"BUILTIN\\Administrators\",\"Alias\",\"S-1-5-32-544\",\"Mandatory group, Enabled by default, Enabled group, Group owner\"\r\n"
	"\"Mandatory Label\\High Mandatory Level\",\"Label\",\"S-1-16-12288\",\"\"\r\n";
static const char filtered_csv[] =
	"\"Everyone\",\"Well-known group\",\"S-1-1-0\",\"Mandatory group, Enabled by default, Enabled group\"\r\n"
	"\"BUILTIN\\Administrators\",\"Alias\",\"S-1-5-32-544\",\"Group used for deny only\"\r\n"
	"\"Mandatory Label\\Medium Mandatory Level\",\"Label\",\"S-1-16-8192\",\"\"\r\n";

static struct fake_winrs fk;
static struct testsrv *srv;
static struct ivm_buf out, err;

static void
setup(void)
{
	fake_winrs_init(&fk);
	fk.user = USER;
	fk.password = PASS;
	fk.cmds[0] = (struct fake_cmd){ .stdout_chunks = { "IPAM1\r\n" } };
	fk.cmds[1] = (struct fake_cmd){ .stdout_chunks = { admin_csv } };
	fk.ncmds = 2;
	memset(&out, 0, sizeof(out));
	memset(&err, 0, sizeof(err));
}

static void
teardown(void)
{
	testsrv_free(&srv);
	fake_winrs_release(&fk);
	ivm_buf_release(&out);
	ivm_buf_release(&err);
}

static int
probe(const char *url, const char *pw_env_value, const char *const *extra)
{
	if (srv == NULL) {
		srv = testsrv_new(fake_winrs_handler, &fk, NULL);
		ck_assert_ptr_nonnull(srv);
	}
	const char *argv[32] = { BIN, "probe", "--endpoint", url ? url : testsrv_url(srv),
	                         "--user", USER, "--auth", "basic", "--allow-unencrypted",
	                         "--password-env", "IVM_TEST_PW" };
	size_t n = 11;
	for (const char *const *e = extra; e && *e && n < 31; e++)
		argv[n++] = *e;
	argv[n] = NULL;
	static char envbuf[256];
	snprintf(envbuf, sizeof(envbuf), "IVM_TEST_PW=%s", pw_env_value);
	const char *env[] = { envbuf, NULL };
	ivm_buf_clear(&out);
	ivm_buf_clear(&err);
	return tu_spawn(argv, env, NULL, &out, &err, 20000);
}

static void
assert_no_password(void)
{
	ck_assert_msg(!tu_contains(out.data, out.len, PASS) && !tu_contains(err.data, err.len, PASS),
	              "the password appeared in the output");
}

#define HAS(buf, s) ck_assert_msg(tu_contains((buf).data, (buf).len, s), "missing '%s' in:\n%s", s, ivm_buf_str(&(buf)))

START_TEST(ready_host_reports_four_facts)
{
	ck_assert_int_eq(probe(NULL, PASS, NULL), 0);
	HAS(out, "reached:        yes");
	HAS(out, "authenticated:  yes");
	HAS(out, "host name:      IPAM1");
	HAS(out, "administrator:  yes");
	HAS(out, "protection: none (plain HTTP)");
	HAS(out, "requests:       8 on 1 connection(s)");
	HAS(out, "result: ready");
	assert_no_password();
	/* Create, 2 x (Command, Receive, Signal), Delete on one connection */
	ck_assert_uint_eq(testsrv_nrequests(srv), 8);
	ck_assert_uint_eq(testsrv_nconnections(srv), 1);
	ck_assert_str_eq(fk.last_command, "whoami");
	ck_assert_str_eq(fk.last_arguments, "/groups /fo csv /nh");
}
END_TEST

START_TEST(filtered_admin_is_not_ready)
{
	fk.cmds[1] = (struct fake_cmd){ .stdout_chunks = { filtered_csv } };
	ck_assert_int_eq(probe(NULL, PASS, NULL), 1);
	HAS(out, "reached:        yes");
	HAS(out, "authenticated:  yes");
	HAS(out, "administrator:  no (member, but the token is filtered");
	HAS(out, "result: not ready");
	HAS(out, "LocalAccountTokenFilterPolicy");
	assert_no_password();
}
END_TEST

START_TEST(wrong_password_is_not_authenticated)
{
	ck_assert_int_eq(probe(NULL, "not-the-password", NULL), 1);
	HAS(out, "reached:        yes");
	HAS(out, "authenticated:  no");
	HAS(out, "HTTP 401");
	ck_assert(!tu_contains(out.data, out.len, "not-the-password"));
}
END_TEST

START_TEST(unreachable_host_is_not_reached)
{
	ck_assert_int_eq(probe("http://no-such-host.invalid:5985/wsman", PASS, NULL), 1);
	HAS(out, "reached:        no");
	HAS(out, "authenticated:  not tried");
	HAS(out, "does not resolve");
	HAS(out, "next:");
}
END_TEST

START_TEST(access_denied_fault)
{
	fk.inject[0] = (struct fake_inject){ .at = 0, .fault_code = 5, .fault_subcode = "w:AccessDenied",
	                                     .fault_message = "Access is denied." };
	fk.ninject = 1;
	ck_assert_int_eq(probe(NULL, PASS, NULL), 1);
	HAS(out, "reached:        yes");
	HAS(out, "authenticated:  yes");
	HAS(out, "administrator:  unknown");
	HAS(out, "Administrators group");
}
END_TEST

START_TEST(password_never_on_the_command_line)
{
	const char *extra[] = { "--password=" PASS, NULL };
	ck_assert_int_eq(probe(NULL, PASS, extra), 2);
	HAS(err, "never takes a password on the command line");
	assert_no_password();
	ck_assert_uint_eq(testsrv_nrequests(srv), 0);
}
END_TEST

START_TEST(no_terminal_for_the_prompt)
{
	srv = testsrv_new(fake_winrs_handler, &fk, NULL);
	const char *argv[] = { BIN, "probe", "--endpoint", testsrv_url(srv), "--user", USER,
	                       "--auth", "basic", "--allow-unencrypted", NULL };
	ck_assert_int_eq(tu_spawn(argv, NULL, PASS "\n", &out, &err, 20000), 2);
	HAS(err, "--password-file");
	ck_assert_uint_eq(testsrv_nrequests(srv), 0);
}
END_TEST

START_TEST(password_file_must_be_private)
{
	char *dir = tu_mkdtemp();
	char path[1024];
	snprintf(path, sizeof(path), "%s/pw", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, PASS "\n", strlen(PASS) + 1), (ssize_t)strlen(PASS) + 1);
	close(fd);
	chmod(path, 0644);
	srv = testsrv_new(fake_winrs_handler, &fk, NULL);
	const char *argv[] = { BIN, "probe", "--endpoint", testsrv_url(srv), "--user", USER, "--auth", "basic",
	                       "--allow-unencrypted", "--password-file", path, NULL };
	ck_assert_int_eq(tu_spawn(argv, NULL, NULL, &out, &err, 20000), 1);
	HAS(err, "chmod 600");
	assert_no_password();
	chmod(path, 0600);
	ck_assert_int_eq(tu_spawn(argv, NULL, NULL, &out, &err, 20000), 0);
	HAS(out, "result: ready");
	assert_no_password();
	tu_rmdir_r(dir);
	free(dir);
}
END_TEST

START_TEST(help_and_version)
{
	const char *v[] = { BIN, "--version", NULL };
	ck_assert_int_eq(tu_spawn(v, NULL, NULL, &out, &err, 5000), 0);
	HAS(out, PACKAGE_VERSION);
	const char *pv[] = { BIN, "probe", "--version", NULL };
	ck_assert_int_eq(tu_spawn(pv, NULL, NULL, &out, &err, 5000), 0);
	HAS(out, "probe");
	const char *ph[] = { BIN, "probe", "--help", NULL };
	ivm_buf_clear(&out);
	ck_assert_int_eq(tu_spawn(ph, NULL, NULL, &out, &err, 5000), 0);
	HAS(out, "--password-file");
	HAS(out, "Exit status 0 only when all");
	/* with no command, ipamvmm is the wizard: its options have their own help */
	const char *wiz[] = { BIN, "--help-wizard", NULL };
	ivm_buf_clear(&out);
	ck_assert_int_eq(tu_spawn(wiz, NULL, NULL, &out, &err, 5000), 0);
	HAS(out, "--plain");
	const char *bad[] = { BIN, "frobnicate", NULL };
	ck_assert_int_eq(tu_spawn(bad, NULL, NULL, &out, &err, 5000), 2);
	HAS(err, "not a command");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("probe");
	TCase *tc = tcase_create("probe");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ready_host_reports_four_facts);
	tcase_add_test(tc, filtered_admin_is_not_ready);
	tcase_add_test(tc, wrong_password_is_not_authenticated);
	tcase_add_test(tc, unreachable_host_is_not_reached);
	tcase_add_test(tc, access_denied_fault);
	tcase_add_test(tc, password_never_on_the_command_line);
	tcase_add_test(tc, no_terminal_for_the_prompt);
	tcase_add_test(tc, password_file_must_be_private);
	tcase_add_test(tc, help_and_version);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
