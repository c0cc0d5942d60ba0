/* tests/check_lab_state.c: Check suite "lab_state": the lab's state file: round trip, secrets, lock, refusals, atomic save. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/lab/model.h"
#include "core/lab/state.h"
#include "core/xalloc.h"
#include "tests/testutil.h"

static char *dir;
static char path[1024];
static struct ivm_err err;

static void
setup(void)
{
	dir = tu_mkdtemp();
	snprintf(path, sizeof(path), "%s/lab.xml", dir);
	ivm_err_clear(&err);
}

static void
teardown(void)
{
	tu_rmdir_r(dir);
	free(dir);
	dir = NULL;
}

static char *
slurp(const char *p, size_t *len)
{
	FILE *fp = fopen(p, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", p);
	struct ivm_buf b = IVM_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ivm_buf_add(&b, chunk, n);
	fclose(fp);
	*len = b.len;
	ivm_buf_addc(&b, '\0');
	return ivm_buf_steal(&b);
}

static void
spew(const char *p, const char *text)
{
	FILE *fp = fopen(p, "wb");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static char *
show(const struct ivm_lab *lab)
{
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_lab_to_xml(lab, &b);
	return ivm_buf_steal(&b);
}

/* A world that has been through every kind of change. */
static void
change_everything(struct ivm_lab *lab)
{
	struct ivm_lab_host *ipam = ivm_lab_host_find(lab, "IPAM1");
	struct ivm_lab_host *vmm = ivm_lab_host_find(lab, "VMM1");
	static const char *const hg[] = { "All Hosts\\Seattle", "Rack 1" };
	struct ivm_lab_netsvc_spec spec = { .name = "IPAM", .description = "R&D <ipam> \"quoted\"",
	    .provider = IVM_LAB_IPAM_PROVIDER, .connection_string = "ipam1.contoso.com", .runas = "IPAM Run As",
	    .hostgroups = hg, .nhostgroups = 2 };

	ivm_lab_set_instant(lab, true);
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, "VMM Users", "Grüße & <more>", &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "VMM Users", "CONTOSO\\vmmuser", &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "S-1-5-32-580", "CONTOSO\\vmmuser", &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "VMM Users", IVM_LAB_ROLE_ASM, "Global", &err),
	    IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_ipam_scope_ensure(lab, ipam, "Global\\Asia", &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_vmm_runas_ensure(lab, vmm, "IPAM Run As", "CONTOSO\\vmmuser", "Vmm-User-1!",
	    "for IPAM", true, NULL, &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_vmm_runas_ensure(lab, vmm, "Broken", "CONTOSO\\helpdesk", "nope", NULL, false,
	    NULL, &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_vmm_netsvc_ensure(lab, vmm, &spec, NULL, &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_account_set_enabled(lab, NULL, "CONTOSO\\helpdesk", false, &err), 0);
	ck_assert_int_eq(ivm_lab_domain_account_add(lab, "newbie", "New-Bie-1!", "added", &err), IVM_ST_CREATED);
	ivm_lab_set_switch(lab, IVM_LAB_SW_TIME_SKEW, true);
}

START_TEST(test_round_trip)
{
	struct ivm_lab *lab = NULL, *again = NULL;
	struct ivm_lab_state *st = ivm_lab_state_open(path, &lab, &err);
	ck_assert_msg(st != NULL, "%s", err.why);
	change_everything(lab);
	ck_assert_int_eq(ivm_lab_state_save(st, lab, &err), 0);
	ivm_lab_state_close(&st);
	ck_assert_ptr_null(st);

	st = ivm_lab_state_open(path, &again, &err);
	ck_assert_msg(st != NULL, "%s", err.why);
	char *a = show(lab), *b = show(again);
	ck_assert_str_eq(a, b);
	struct ivm_buf sa = IVM_BUF_INIT, sb = IVM_BUF_INIT;
	ivm_lab_to_state_xml(lab, &sa);
	ivm_lab_to_state_xml(again, &sb);
	ck_assert_str_eq(sa.data, sb.data);
	/* the hashes came back: the accounts still log on, the switch is still on */
	ck_assert_int_eq(ivm_lab_authenticate(again, NULL, "CONTOSO\\vmmuser", "Vmm-User-1!", NULL), IVM_LAB_AUTH_OK);
	ck_assert_int_eq(ivm_lab_authenticate(again, NULL, "newbie@contoso.com", "New-Bie-1!", NULL),
	    IVM_LAB_AUTH_OK);
	ck_assert_int_eq(ivm_lab_authenticate(again, NULL, "CONTOSO\\helpdesk", "Help-Desk-1!", NULL),
	    IVM_LAB_AUTH_DISABLED);
	ck_assert(ivm_lab_get_switch(again, IVM_LAB_SW_TIME_SKEW));
	ck_assert(!ivm_lab_get_switch(again, IVM_LAB_SW_IPAM_SERVICE_STOPPED));
	struct ivm_lab_test_result t[3];
	ivm_lab_set_switch(again, IVM_LAB_SW_TIME_SKEW, false);
	ck_assert_int_eq(ivm_lab_test_network_service(again, "ipam1.contoso.com", "IPAM Run As",
	    IVM_LAB_IPAM_PROVIDER, t), 0);
	ck_assert_int_eq(ivm_lab_test_network_service(again, "ipam1.contoso.com", "Broken",
	    IVM_LAB_IPAM_PROVIDER, t), 3);
	ivm_buf_release(&sa);
	ivm_buf_release(&sb);
	free(a);
	free(b);
	ivm_lab_state_close(&st);
	ivm_lab_free(&lab);
	ivm_lab_free(&again);
	ck_assert_ptr_null(lab);
}
END_TEST

START_TEST(test_no_secrets)
{
	struct ivm_lab *lab = NULL;
	struct ivm_lab_state *st = ivm_lab_state_open(path, &lab, &err);
	ck_assert_ptr_nonnull(st);
	change_everything(lab);
	ck_assert_int_eq(ivm_lab_state_save(st, lab, &err), 0);
	size_t len;
	char *file = slurp(path, &len);
	char *listing = show(lab);
	for (const struct ivm_lab_published_account *p = ivm_lab_published_accounts(); p->user; p++) {
		ck_assert_msg(!tu_contains(file, len, p->password), "%s in the state file", p->password);
		ck_assert_msg(strstr(listing, p->password) == NULL, "%s in lab show", p->password);
	}
	ck_assert(!tu_contains(file, len, "Lab-Admin-1!"));
	ck_assert(!tu_contains(file, len, "Vmm-User-1!"));
	ck_assert(!tu_contains(file, len, "New-Bie-1!"));
	ck_assert(tu_contains(file, len, "hash=\"$6$"));
	ck_assert(tu_contains(file, len, "credentials-ok=\"false\""));
	/* `lab show`: no hashes either, and it cannot be loaded as a state */
	ck_assert(strstr(listing, "$6$") == NULL);
	ck_assert(strstr(listing, "hash=") == NULL);
	ck_assert(strstr(listing, "CONTOSO\\vmmuser") != NULL);
	struct ivm_lab *bad = NULL;
	ck_assert_int_eq(ivm_lab_from_xml(listing, strlen(listing), "shown.xml", &bad, &err), -1);
	ck_assert_ptr_null(bad);
	ck_assert_msg(strstr(err.why, "lab show") != NULL, "%s", err.why);
	free(listing);
	free(file);
	ivm_lab_state_close(&st);
	ivm_lab_free(&lab);
}
END_TEST

START_TEST(test_lock_second_process)
{
	struct ivm_lab *lab = NULL;
	struct ivm_lab_state *st = ivm_lab_state_open(path, &lab, &err);
	ck_assert_ptr_nonnull(st);
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* a different process: its own open file description, so flock really conflicts */
		struct ivm_lab *other = NULL;
		struct ivm_err e;
		ivm_err_clear(&e);
		struct ivm_lab_state *st2 = ivm_lab_state_open(path, &other, &e);
		char msg[2048];
		int n = snprintf(msg, sizeof(msg), "%d|%s|%s|%s", st2 != NULL, e.what, e.why, e.next);
		ssize_t w = write(p[1], msg, (size_t)n);
		_exit(w == n ? 0 : 1);
	}
	close(p[1]);
	struct ivm_buf out = IVM_BUF_INIT;
	char chunk[512];
	ssize_t n;
	while ((n = read(p[0], chunk, sizeof(chunk))) > 0)
		ivm_buf_add(&out, chunk, (size_t)n);
	close(p[0]);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	char want[64];
	snprintf(want, sizeof(want), "pid %ld", (long)getpid());
	ck_assert_msg(strncmp(ivm_buf_str(&out), "0|", 2) == 0, "the second open worked: %s", ivm_buf_str(&out));
	ck_assert_msg(strstr(ivm_buf_str(&out), want) != NULL, "no \"%s\" in %s", want, ivm_buf_str(&out));
	ck_assert(strstr(ivm_buf_str(&out), path) != NULL);
	/* reset waits its turn too */
	ck_assert_int_eq(ivm_lab_state_reset(path, false, &err), -1);
	ck_assert(strstr(err.why, want) != NULL);
	ivm_buf_release(&out);
	/* once closed, the next one gets it */
	ivm_lab_state_close(&st);
	ivm_lab_free(&lab);
	st = ivm_lab_state_open(path, &lab, &err);
	ck_assert_ptr_nonnull(st);
	ivm_lab_state_close(&st);
	ivm_lab_free(&lab);
}
END_TEST

static void
assert_refused(const char *text, const char *in_why)
{
	struct ivm_lab *lab = (struct ivm_lab *)&lab;
	size_t before_len, after_len;
	spew(path, text);
	char *before = slurp(path, &before_len);
	ck_assert_ptr_null(ivm_lab_state_open(path, &lab, &err));
	ck_assert_ptr_null(lab);
	ck_assert_int_eq(err.kind, IVM_E_MALFORMED);
	ck_assert_msg(strstr(err.why, in_why) != NULL, "\"%s\" not in \"%s\"", in_why, err.why);
	ck_assert(strstr(err.next, "ipamvmm lab reset") != NULL);
	ck_assert(strstr(err.what, path) != NULL);
	char *after = slurp(path, &after_len);
	ck_assert_uint_eq(before_len, after_len);
	ck_assert(memcmp(before, after, before_len) == 0);
	free(before);
	free(after);
}

START_TEST(test_corrupt_refused)
{
	char want[1100];
	snprintf(want, sizeof(want), "%s:4:", path);
	assert_refused("<?xml version=\"1.0\"?>\n<ipamvmm-lab version=\"1\">\n  <domain netbios=\"CONTOSO\">\n"
	    "  <oops></domain>\n</ipamvmm-lab>\n", want);
	assert_refused("<?xml version=\"1.0\"?>\n<ipamvmm-lab version=\"1\">\n  <domain", "not well-formed");
	snprintf(want, sizeof(want), "%s:3:", path);
	assert_refused("<ipamvmm-lab version=\"1\">\n<domain netbios=\"C\" dns=\"c.com\" sid=\"S-1-5-21-1\">\n"
	    "<account sam=\"x\" rid=\"12\" enabled=\"maybe\" password-never-expires=\"false\" hash=\"$6$a$b\"/>\n"
	    "</domain></ipamvmm-lab>\n", "not true or false");
	assert_refused("<ipamvmm-lab version=\"1\">\n<domain netbios=\"C\" dns=\"c.com\" sid=\"nope\"/>\n"
	    "</ipamvmm-lab>\n", "not a SID");
	assert_refused("<!DOCTYPE x [<!ENTITY a \"b\">]>\n<ipamvmm-lab version=\"1\"/>\n", "DOCTYPE");
	assert_refused("<ipamvmm-lab version=\"1\"><domain netbios=\"C\" dns=\"c.com\" sid=\"S-1-5-21-1\"/>"
	    "<bogus/></ipamvmm-lab>", "unknown element <bogus>");
	assert_refused("", "not well-formed");
}
END_TEST

START_TEST(test_foreign_refused)
{
	assert_refused("<?xml version=\"1.0\"?>\n<html><body>hello</body></html>\n",
	    "not an ipamvmm lab state file");
	assert_refused("<ipamvmm-lab version=\"2\"><domain/></ipamvmm-lab>", "version 2");
	assert_refused("<ipamvmm-lab><domain/></ipamvmm-lab>", "no version attribute");
	assert_refused("<x:ipamvmm-lab xmlns:x=\"urn:x\" version=\"1\"/>", "not an ipamvmm lab state file");
}
END_TEST

START_TEST(test_reset)
{
	static const char foreign[] = "<?xml version=\"1.0\"?>\n<!-- notes -->\n<notes>keep me</notes>\n";
	size_t len;
	spew(path, foreign);
	ck_assert_int_eq(ivm_lab_state_reset(path, false, &err), -1);
	ck_assert(strstr(err.why, "not an ipamvmm lab state file") != NULL);
	ck_assert(strstr(err.next, "--force") != NULL);
	char *kept = slurp(path, &len);
	ck_assert_str_eq(kept, foreign);
	free(kept);
	ck_assert_int_eq(ivm_lab_state_reset(path, true, &err), 0);
	struct ivm_lab *lab = NULL;
	struct ivm_lab_state *st = ivm_lab_state_open(path, &lab, &err);
	ck_assert_msg(st != NULL, "%s", err.why);
	struct ivm_lab *def = ivm_lab_new_default();
	char *a = show(lab), *b = show(def);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	ivm_lab_free(&def);
	ivm_lab_state_close(&st);
	ivm_lab_free(&lab);
	/* a damaged file of ours needs no force: that is what reset is for */
	spew(path, "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<ipamvmm-lab version=\"1\">\n<domain\n");
	ck_assert_int_eq(ivm_lab_state_reset(path, false, &err), 0);
	spew(path, "");
	ck_assert_int_eq(ivm_lab_state_reset(path, false, &err), 0);
	/* a missing file is simply made */
	unlink(path);
	ck_assert_int_eq(ivm_lab_state_reset(path, false, &err), 0);
	ck_assert_int_eq(access(path, F_OK), 0);
	/* a folder in the way is refused even with force */
	unlink(path);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(ivm_lab_state_reset(path, true, &err), -1);
	ck_assert_int_eq(err.kind, IVM_E_IO);
	rmdir(path);
}
END_TEST

START_TEST(test_atomic_save_mode)
{
	struct ivm_lab *lab = NULL;
	mode_t old = umask(0277);	/* the modes must not depend on the umask */
	struct ivm_lab_state *st = ivm_lab_state_open(path, &lab, &err);
	ck_assert_ptr_nonnull(st);
	ck_assert_str_eq(ivm_lab_state_path(st), path);
	ck_assert_int_eq(access(path, F_OK), -1);	/* nothing written until a save */
	ck_assert_int_eq(ivm_lab_state_save(st, lab, &err), 0);
	change_everything(lab);
	ck_assert_int_eq(ivm_lab_state_save(st, lab, &err), 0);
	umask(old);
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 07777, 0600);
	char lock[1100];
	snprintf(lock, sizeof(lock), "%s.lock", path);
	ck_assert_int_eq(stat(lock, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 07777, 0600);
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		files++;
		ck_assert_msg(strcmp(e->d_name, "lab.xml") == 0 || strcmp(e->d_name, "lab.xml.lock") == 0,
		    "left behind: %s", e->d_name);
	}
	closedir(d);
	ck_assert_int_eq(files, 2);
	/* a save that cannot write says so and leaves the old file alone */
	ck_assert_int_eq(chmod(dir, 0500), 0);
	if (access(dir, W_OK) == -1) {	/* root can write anyway */
		ck_assert_int_eq(ivm_lab_state_save(st, lab, &err), -1);
		ck_assert_int_eq(err.kind, IVM_E_IO);
		ck_assert(err.next[0] != '\0');
	}
	chmod(dir, 0700);
	ivm_lab_state_close(&st);
	ivm_lab_free(&lab);
}
END_TEST

START_TEST(test_size_limit)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, IVM_LAB_STATE_MAX_BYTES + 1), 0);
	close(fd);
	struct ivm_lab *lab = NULL;
	ck_assert_ptr_null(ivm_lab_state_open(path, &lab, &err));
	ck_assert_int_eq(err.kind, IVM_E_TOOBIG);
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_size, IVM_LAB_STATE_MAX_BYTES + 1);
	ck_assert_int_eq(ivm_lab_from_xml("", (size_t)IVM_LAB_STATE_MAX_BYTES + 1, "big.xml", &lab, &err), -1);
	ck_assert_int_eq(err.kind, IVM_E_TOOBIG);
}
END_TEST

START_TEST(test_default_path)
{
	char xdg[1100], home[1100], want[1200];
	char *old_home = getenv("HOME") ? ivm_xstrdup(getenv("HOME")) : NULL;
	char *old_xdg = getenv("XDG_STATE_HOME") ? ivm_xstrdup(getenv("XDG_STATE_HOME")) : NULL;
	snprintf(xdg, sizeof(xdg), "%s/xdg", dir);
	snprintf(home, sizeof(home), "%s/home", dir);
	setenv("XDG_STATE_HOME", xdg, 1);
	char *p = ivm_lab_state_default_path(&err);
	snprintf(want, sizeof(want), "%s/ipamvmm/lab.xml", xdg);
	ck_assert_str_eq(p, want);
	free(p);
	struct stat sb;
	snprintf(want, sizeof(want), "%s/ipamvmm", xdg);
	ck_assert_int_eq(stat(want, &sb), 0);
	ck_assert(S_ISDIR(sb.st_mode));
	ck_assert_int_eq(sb.st_mode & 0777, 0700);
	/* a relative XDG_STATE_HOME is ignored, as the specification says */
	setenv("XDG_STATE_HOME", "relative/dir", 1);
	setenv("HOME", home, 1);
	p = ivm_lab_state_default_path(&err);
	snprintf(want, sizeof(want), "%s/.local/state/ipamvmm/lab.xml", home);
	ck_assert_str_eq(p, want);
	free(p);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	ck_assert_ptr_null(ivm_lab_state_default_path(&err));
	ck_assert(strstr(err.next, "HOME") != NULL);
	/* a file where the folder should be */
	snprintf(want, sizeof(want), "%s/blocked", dir);
	spew(want, "x");
	setenv("XDG_STATE_HOME", want, 1);
	ck_assert_ptr_null(ivm_lab_state_default_path(&err));
	ck_assert_int_eq(err.kind, IVM_E_IO);
	if (old_home != NULL)
		setenv("HOME", old_home, 1);
	if (old_xdg != NULL)
		setenv("XDG_STATE_HOME", old_xdg, 1);
	else
		unsetenv("XDG_STATE_HOME");
	free(old_home);
	free(old_xdg);
}
END_TEST

START_TEST(test_loader_rules)
{
	struct ivm_lab *lab = NULL, *good = ivm_lab_new_default();
	struct ivm_buf doc = IVM_BUF_INIT;
	ivm_lab_to_state_xml(good, &doc);
	ck_assert_int_eq(ivm_lab_from_xml(doc.data, doc.len, "ok.xml", &lab, &err), 0);
	ivm_lab_free(&lab);
	/* each edit breaks one rule the loader must catch */
	static const struct {
		const char *from, *to, *why;
	} edits[] = {
		{ "sam=\"vmmuser\"", "sam=\"helpdesk\"", "a second account or group named helpdesk" },
		{ "name=\"Users\"", "name=\"localadmin\"", "a second account or group named localadmin" },
		{ "scope=\"Global\"/>", "scope=\"Global\\Mars\"/>", "which is not listed before it" },
		{ "outcome=\"Completed\"", "outcome=\"Running\"", "not Completed, Failed or SucceedWithInfo" },
		{ "<switch name=\"time_skew\"", "<switch name=\"warp\"", "unknown switch" },
		{ "path=\"All Hosts\\Dublin\"", "path=\"Elsewhere\\Dublin\"", "not under All Hosts" },
		{ "hash=\"$6$", "hash=\"$1$", "not a crypt(3) SHA-512 hash" },
		{ "rid=\"500\"", "rid=\"-5\"", "not a number" },
		{ "port=\"48885\"", "port=\"70000\"", "not a number" },
		{ "sid=\"S-1-5-32-580\"", "sid=\"S-1-5-21-9-9-9-580\"", "neither" },
	};
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		char *at = strstr(doc.data, edits[i].from);
		ck_assert_msg(at != NULL, "no %s in the document", edits[i].from);
		struct ivm_buf bad = IVM_BUF_INIT;
		ivm_buf_add(&bad, doc.data, (size_t)(at - doc.data));
		ivm_buf_adds(&bad, edits[i].to);
		ivm_buf_adds(&bad, at + strlen(edits[i].from));
		ck_assert_int_eq(ivm_lab_from_xml(bad.data, bad.len, "bad.xml", &lab, &err), -1);
		ck_assert_ptr_null(lab);
		ck_assert_msg(strstr(err.why, edits[i].why) != NULL, "edit %zu: %s", i, err.why);
		ck_assert_msg(strncmp(err.why, "bad.xml:", 8) == 0 && atoi(err.why + 8) > 1, "edit %zu: %s", i,
		    err.why);
		ivm_buf_release(&bad);
	}
	ivm_buf_release(&doc);
	ivm_lab_free(&good);
}
END_TEST

static Suite *
lab_state_suite(void)
{
	Suite *s = suite_create("lab_state");
	TCase *tc = tcase_create("state");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_no_secrets);
	tcase_add_test(tc, test_lock_second_process);
	tcase_add_test(tc, test_corrupt_refused);
	tcase_add_test(tc, test_foreign_refused);
	tcase_add_test(tc, test_reset);
	tcase_add_test(tc, test_atomic_save_mode);
	tcase_add_test(tc, test_size_limit);
	tcase_add_test(tc, test_default_path);
	tcase_add_test(tc, test_loader_rules);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(lab_state_suite());
}
