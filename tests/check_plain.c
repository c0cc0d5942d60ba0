/* tests/check_plain.c: the line renderer in-process: exact lines for every control kind, keys, errors, passwords, live lists, no control codes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <check.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "tests/testutil.h"
#include "tui/form.h"
#include "tui/ui.h"

/* ---- a form with every control kind -------------------------------------- */

enum { ACT_CHECK = IVM_ACT_PAGE, ACT_OPEN_JOB };

static int
no_spaces(const char *v, char *msg, size_t size)
{
	if (strchr(v, ' ') == NULL)
		return 0;
	snprintf(msg, size, "no spaces, please");
	return -1;
}

/* A careless rule that quotes what it refused: the renderer must not repeat it. */
static int
long_password(const char *v, char *msg, size_t size)
{
	if (strlen(v) >= 6)
		return 0;
	snprintf(msg, size, "'%s' is too short", v);
	return -1;
}

static const struct ivm_ctl_def every_ctl[] = {
	{ .kind = IVM_CTL_NOTE, .id = "intro" },
	{ .kind = IVM_CTL_TEXT, .id = "name", .label = "Group name", .help = "The local group VMM uses.",
	  .validate = no_spaces, .required = true },
	{ .kind = IVM_CTL_MULTILINE, .id = "names", .label = "Enter the object names to select:" },
	{ .kind = IVM_CTL_PASSWORD, .id = "pw", .label = "Password", .validate = long_password, .required = true },
	{ .kind = IVM_CTL_CHECK, .id = "tls", .label = "Use HTTPS" },
	{ .kind = IVM_CTL_CHOICE, .id = "maker", .label = "Manufacturer" },
	{ .kind = IVM_CTL_TREE, .id = "hg", .label = "Host groups", .checkboxes = true },
	{ .kind = IVM_CTL_LIST, .id = "runas", .label = "Run As accounts" },
	{ .kind = IVM_CTL_BUTTON, .id = "check", .label = "Check Names", .action = ACT_CHECK,
	  .help = "Resolves the names on the server." },
	{ .kind = IVM_CTL_LIST, .id = "jobs", .label = "Jobs", .action = ACT_OPEN_JOB, .announce = true },
	{ .kind = IVM_CTL_TEXT, .id = "gone", .label = "Hidden field" },
};

static const struct ivm_form_def every_form = {
	.console = "Test Console", .title = "Everything", .why = "This page shows every control.",
	.ctls = every_ctl, .nctls = IVM_COUNT(every_ctl),
	IVM_WIZARD_BUTTONS, .default_action = IVM_ACT_NEXT,
};

static const struct ivm_ctl_def dialog_ctl[] = {
	{ .kind = IVM_CTL_TEXT, .id = "n", .label = "Name", .help = "A name." },
};

static const struct ivm_form_def dialog_form = {
	.console = "Local Users and Groups", .title = "New Group", .why = "Creates a group.",
	.ctls = dialog_ctl, .nctls = IVM_COUNT(dialog_ctl),
	IVM_DIALOG_BUTTONS, .default_action = IVM_ACT_OK,
};

static struct ivm_form *
every(void)
{
	struct ivm_form *f = ivm_form_new(&every_form);
	f->page = 5;
	f->npages = 8;
	f->banner = "LAB";
	ivm_form_set_breadcrumb(f, "Configure VMM > Add Network Service");
	ivm_ctl_set_text(ivm_form_ctl(f, "intro"), "Fill in the fields.");
	ivm_ctl_set_text(ivm_form_ctl(f, "name"), "IPAM-VMM");
	struct ivm_ctl *c = ivm_form_ctl(f, "maker");
	ivm_ctl_add_row(c, "Microsoft", "msft");
	ivm_ctl_add_row(c, "Contoso", NULL);
	c = ivm_form_ctl(f, "hg");
	ivm_ctl_add_row(c, "All Hosts", NULL)->checked = true;
	ivm_ctl_add_row(c, "Seattle", NULL)->depth = 1;
	ivm_ctl_add_row(c, "Rack 1", NULL)->depth = 2;
	c = ivm_form_ctl(f, "runas");
	ivm_ctl_add_row(c, "svc-ipam", NULL);
	ivm_ctl_add_row(c, "svc-vmm", NULL)->marked = true;
	c = ivm_form_ctl(f, "jobs");
	ivm_ctl_add_row(c, "Create group: Completed", NULL);
	ivm_form_ctl(f, "gone")->hidden = true;
	return f;
}

/* ---- a renderer fed from a pipe (or a memory stream), output in memory ---- */

struct sess {
	FILE *in, *out;
	char *text;
	size_t len;
	struct ivm_ui *ui;
};

static void
sess_open(struct sess *s, const char *input, bool memory)
{
	memset(s, 0, sizeof(*s));
	if (memory) {
		s->in = fmemopen((void *)input, strlen(input), "r");
	} else {
		int fd[2];
		ck_assert_int_eq(pipe(fd), 0);
		ck_assert_int_eq(write(fd[1], input, strlen(input)), (ssize_t)strlen(input));
		close(fd[1]);
		s->in = fdopen(fd[0], "r");
	}
	ck_assert_ptr_nonnull(s->in);
	s->out = open_memstream(&s->text, &s->len);
	struct ivm_ui_opts o = { .in = s->in, .out = s->out };
	struct ivm_err err = { 0 };
	s->ui = ivm_ui_plain_new(&o, &err);
	ck_assert_ptr_nonnull(s->ui);
	ck_assert(s->ui->line_mode);
}

static const char *
sess_text(struct sess *s)
{
	fflush(s->out);
	return s->text ? s->text : "";
}

/* No escape byte, no C1 control, no box drawing: nothing that moves a cursor. */
static void
assert_clean(const char *t)
{
	for (const unsigned char *u = (const unsigned char *)t; *u; u++) {
		ck_assert_msg(*u == '\n' || *u == '\t' || (*u >= 0x20 && *u != 0x7f),
		              "control byte 0x%02x at %zu in:\n%s", *u, (size_t)(u - (const unsigned char *)t), t);
		ck_assert_msg(!(u[0] == 0xe2 && (u[1] == 0x94 || u[1] == 0x95 || u[1] == 0x96)),
		              "box drawing at %zu in:\n%s", (size_t)(u - (const unsigned char *)t), t);
		ck_assert_msg(!(u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f), "C1 control in:\n%s", t);
	}
}

static void
sess_close(struct sess *s)
{
	assert_clean(sess_text(s));
	ivm_ui_free(&s->ui);
	fclose(s->in);
	fclose(s->out);
	free(s->text);
}

#define ASSERT_TEXT(s, want) do { \
	const char *got_ = sess_text(s); \
	ck_assert_msg(strcmp(got_, (want)) == 0, "got:\n%s\n--- wanted:\n%s", got_, (want)); \
} while (0)

#define ASSERT_HAS(s, needle) \
	ck_assert_msg(strstr(sess_text(s), (needle)) != NULL, "'%s' not in:\n%s", (needle), sess_text(s))
#define ASSERT_HASNT(s, needle) \
	ck_assert_msg(strstr(sess_text(s), (needle)) == NULL, "'%s' in:\n%s", (needle), sess_text(s))

/* ---- the walk ------------------------------------------------------------ */

static const char every_first_pass[] =
	"Line mode. Enter alone keeps the value in brackets; ? gives help, < goes back, ! cancels.\n"
	"LAB: Test Console, page 5 of 8: Everything\n"
	"Location: Configure VMM > Add Network Service\n"
	"This page shows every control.\n"
	"Fill in the fields.\n"
	"Group name [IPAM-VMM]: \n"
	"Enter the object names to select: \n"
	"Password: \n"
	"Use HTTPS [no]: \n"
	"Manufacturer:\n"
	"1: Microsoft,\n"
	"2: Contoso.\n"
	"Manufacturer, choose a number [1]: \n"
	"Host groups:\n"
	"1: [x] All Hosts,\n"
	"2:   [ ] Seattle,\n"
	"3:     [ ] Rack 1.\n"
	"Host groups, numbers to check or uncheck [checked: 1]: \n"
	"Run As accounts:\n"
	"1: svc-ipam,\n"
	"2: + svc-vmm.\n"
	"Run As accounts, choose a number [1]: \n"
	"Jobs:\n"
	"1: Create group: Completed.\n"
	"Jobs, choose a number [1]: \n";

static const char every_menu[] =
	"Actions: 1: Check Names, 2: Open a row of Jobs, 3: Previous, 4: Next (default), 5: Cancel. Choose [4]: ";

START_TEST(walk_defaults_reads_every_kind)
{
	/* Enter everywhere; Next refuses the empty password; type one. */
	struct sess s;
	sess_open(&s, "\n\n\n\n\n\n\n\n\nsecret1\n\n", false);
	struct ivm_form *f = every();
	int r = ivm_ui_run(s.ui, f);
	ck_assert_int_eq(r, IVM_ACT_NEXT);
	struct ivm_buf want = IVM_BUF_INIT;
	ivm_buf_adds(&want, every_first_pass);
	ivm_buf_addf(&want, "%s\n", every_menu);
	ivm_buf_adds(&want, "Error: Password: required: enter a value\nPassword: \n");
	ivm_buf_addf(&want, "%s\n", every_menu);
	ASSERT_TEXT(&s, ivm_buf_str(&want));
	ck_assert_str_eq(ivm_form_value(f, "pw"), "secret1");
	ck_assert_str_eq(ivm_form_value(f, "name"), "IPAM-VMM");
	ck_assert_str_eq(ivm_form_value(f, "maker"), "msft");
	ivm_buf_release(&want);
	ivm_form_free(&f);
	sess_close(&s);
}
END_TEST

START_TEST(walk_answers_change_values)
{
	/* a memory stream this time: no descriptor behind it */
	struct sess s;
	sess_open(&s,
	          "IPAM VMM\nIPAM-Admins\n"	/* a broken rule, the prompt again */
	          "alice\nbob\n\n"		/* two lines, the empty one ends */
	          "abc\nlonger1\n"		/* too short (quoted by the rule), then fine */
	          "maybe\ny\n"			/* not y/n, then yes */
	          "3\n2\n"			/* no row 3, then Contoso */
	          "2 9\n2 3\n"			/* no row 9, then toggle two */
	          "2\n1\n"			/* svc-vmm, then job 1 */
	          "\n", true);
	struct ivm_form *f = every();
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_NEXT);
	const char *t = sess_text(&s);
	ASSERT_HAS(&s, "Group name [IPAM-VMM]: IPAM VMM\nError: Group name: no spaces, please\n"
	               "Group name [IPAM-VMM]: IPAM-Admins\n");
	ASSERT_HAS(&s, "Enter the object names to select: alice\n"
	               "Enter the object names to select, next line (Enter alone ends): bob\n"
	               "Enter the object names to select, next line (Enter alone ends): \n");
	ASSERT_HAS(&s, "Password: \nError: Password: the value typed is not valid here\nPassword: \n");
	ASSERT_HAS(&s, "Use HTTPS [no]: maybe\nError: Use HTTPS: answer y or n\nUse HTTPS [no]: y\n");
	ASSERT_HAS(&s, "Manufacturer, choose a number [1]: 3\nError: Manufacturer: type a number from 1 to 2\n"
	               "Manufacturer, choose a number [1]: 2\n");
	ASSERT_HAS(&s, "Host groups, numbers to check or uncheck [checked: 1]: 2 9\n"
	               "Error: Host groups: type row numbers from 1 to 3, separated by spaces\n"
	               "Host groups, numbers to check or uncheck [checked: 1]: 2 3\n"
	               "Host groups now checked: All Hosts, Seattle, Rack 1\n");
	ck_assert(strstr(t, "abc") == NULL && strstr(t, "longer1") == NULL);
	ck_assert_str_eq(ivm_form_value(f, "name"), "IPAM-Admins");
	ck_assert_str_eq(ivm_form_value(f, "names"), "alice\nbob");
	ck_assert_str_eq(ivm_form_value(f, "pw"), "longer1");
	ck_assert(ivm_form_ctl(f, "tls")->checked);
	ck_assert_str_eq(ivm_form_value(f, "maker"), "Contoso");
	ck_assert(ivm_form_ctl(f, "hg")->rows[2].checked);
	ck_assert_str_eq(ivm_form_value(f, "runas"), "svc-vmm");
	ivm_form_free(&f);
	sess_close(&s);
}
END_TEST

START_TEST(keys_back_help_cancel)
{
	/* ? at a field, then < leaves with Previous */
	struct sess s;
	sess_open(&s, "?\n<\n", false);
	struct ivm_form *f = every();
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_PREV);
	ASSERT_HAS(&s, "Group name [IPAM-VMM]: ?\n"
	               "Help for Group name: The local group VMM uses.\n"
	               "Type the value; Enter alone keeps the one in brackets; - alone empties it. "
	               "To type just <, !, ? or -, put a backslash before it.\n"
	               "Keys at every prompt: < goes back to the previous page; ! presses Cancel; "
	               "? gives this help.\n"
	               "Group name [IPAM-VMM]: <\n");
	ivm_form_free(&f);
	sess_close(&s);

	/* ! presses Cancel, as Esc does (the wizard asks before leaving) */
	sess_open(&s, "\n!\n", false);
	f = every();
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_CANCEL);
	ASSERT_HAS(&s, "Group name [IPAM-VMM]: \nEnter the object names to select: !\n");
	ivm_form_free(&f);
	sess_close(&s);

	/* a dialog has no Previous; \< types the character; - empties */
	sess_open(&s, "<\n\\<\n?\n<\n-\n\n", false);
	f = ivm_form_new(&dialog_form);
	ivm_ctl_set_text(ivm_form_ctl(f, "n"), "x");
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_OK);
	ASSERT_HAS(&s, "Name [x]: <\nThis page has no Previous: answer, choose an action, or type ! to cancel.\n"
	               "Name [x]: \\<\n");
	ASSERT_HAS(&s, "Actions: 1: OK (default), 2: Cancel. Choose [1]: ?\nCreates a group.\n"
	               "Type the number of an action and press Enter; Enter alone takes the default. "
	               "e goes through the fields of this page again.\n"
	               "Keys at every prompt: < would go back, but this page has no Previous; ");
	ck_assert_str_eq(ivm_form_value(f, "n"), "<");
	ivm_form_free(&f);
	sess_close(&s);

	/* e walks the fields again; - empties an optional one */
	sess_open(&s, "\ne\n-\n1\n", false);
	f = ivm_form_new(&dialog_form);
	ivm_ctl_set_text(ivm_form_ctl(f, "n"), "x");
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_OK);
	ck_assert_str_eq(ivm_form_value(f, "n"), "");
	ASSERT_HAS(&s, "Choose [1]: e\nName [x]: -\nActions: ");
	ivm_form_free(&f);
	sess_close(&s);
}
END_TEST

START_TEST(end_of_input_quits)
{
	struct sess s;
	sess_open(&s, "IPAM-VMM\n", false);
	struct ivm_form *f = every();
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_QUIT);
	ASSERT_HAS(&s, "Enter the object names to select: \nEnd of input: leaving.\n");
	/* and every later run, confirm and prompt quits at once */
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_QUIT);
	ck_assert(!ivm_ui_confirm(s.ui, "Cancel", "Cancel the wizard?"));
	ivm_form_free(&f);
	sess_close(&s);
}
END_TEST

START_TEST(menu_open_row_and_in_form_button)
{
	struct sess s;
	/* a page action, then (same form again) the list's row action */
	sess_open(&s, "\n\nabcdefg\n\n\n\n\n\n1\n" "x\n2\n3\n1\n", false);
	struct ivm_form *f = every();
	ck_assert_int_eq(ivm_ui_run(s.ui, f), ACT_CHECK);
	ck_assert_uint_eq(f->focus, 8);
	/* the page acts: a status, a resolved name, a new row, a new value */
	ivm_form_status(f, "Check Names: 1 name resolved.");
	ivm_ctl_set_text(ivm_form_ctl(f, "names"), "CONTOSO\\alice");
	ivm_ctl_add_row(ivm_form_ctl(f, "jobs"), "Resolve names: Completed", NULL);
	ivm_ctl_add_row(ivm_form_ctl(f, "runas"), "svc-new", NULL);
	size_t before = strlen(sess_text(&s));
	ck_assert_int_eq(ivm_ui_run(s.ui, f), ACT_OPEN_JOB);
	const char *again = sess_text(&s) + before;
	struct ivm_buf want = IVM_BUF_INIT;
	ivm_buf_addf(&want,
	             "Check Names: 1 name resolved.\n"
	             "Enter the object names to select: CONTOSO\\alice\n"
	             "Run As accounts:\n1: svc-ipam,\n2: + svc-vmm,\n3: svc-new.\n"
	             "Resolve names: Completed\n"
	             "%sx\nError: Actions: type a number from 1 to 5.\n%s2\n"
	             "Jobs:\n1: Create group: Completed,\n2: Resolve names: Completed.\n"
	             "Jobs, which row to open [1]: 3\nError: Jobs: type a number from 1 to 2\n"
	             "Jobs, which row to open [1]: 1\n", every_menu, every_menu);
	ck_assert_msg(strcmp(again, ivm_buf_str(&want)) == 0, "got:\n%s\n--- wanted:\n%s", again, ivm_buf_str(&want));
	ck_assert_uint_eq(ivm_form_ctl(f, "jobs")->cur, 0);
	ivm_buf_release(&want);
	ivm_form_free(&f);
	sess_close(&s);
}
END_TEST

START_TEST(dialog_on_top_then_back)
{
	struct sess s;
	sess_open(&s, "\n\nlonger1\n\n\n\n\n\n1\n" "Grp\n\n" "\n", false);
	struct ivm_form *f = every(), *d = ivm_form_new(&dialog_form);
	ck_assert_int_eq(ivm_ui_run(s.ui, f), ACT_CHECK);
	size_t before = strlen(sess_text(&s));
	d->banner = "LAB";
	ivm_form_set_breadcrumb(d, "Local Users and Groups > New Group");
	ck_assert_int_eq(ivm_ui_run(s.ui, d), IVM_ACT_OK);
	ck_assert_str_eq(sess_text(&s) + before,
	                 "LAB: Local Users and Groups: New Group\n"
	                 "Location: Local Users and Groups > New Group\n"
	                 "Creates a group.\n"
	                 "Name: Grp\n"
	                 "Actions: 1: OK (default), 2: Cancel. Choose [1]: \n");
	before = strlen(sess_text(&s));
	ivm_ctl_set_text(ivm_form_ctl(f, "name"), "Grp");
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_NEXT);
	struct ivm_buf want = IVM_BUF_INIT;
	ivm_buf_addf(&want, "Back to Test Console, page 5 of 8: Everything\nGroup name: Grp\n%s\n", every_menu);
	ck_assert_str_eq(sess_text(&s) + before, ivm_buf_str(&want));
	ivm_buf_release(&want);
	ivm_form_free(&d);
	ivm_form_free(&f);
	sess_close(&s);
}
END_TEST

START_TEST(same_form_revisited_reads_why_once)
{
	struct sess s;
	sess_open(&s, "\n\n\n\n", false);
	struct ivm_form *d = ivm_form_new(&dialog_form), *d2 = ivm_form_new(&dialog_form);
	ck_assert_int_eq(ivm_ui_run(s.ui, d), IVM_ACT_OK);
	ck_assert_int_eq(ivm_ui_run(s.ui, d2), IVM_ACT_OK);
	ck_assert_str_eq(sess_text(&s),
	                 "Line mode. Enter alone keeps the value in brackets; ? gives help, < goes back, ! cancels.\n"
	                 "Local Users and Groups: New Group\nCreates a group.\nName: \n"
	                 "Actions: 1: OK (default), 2: Cancel. Choose [1]: \n"
	                 "Local Users and Groups: New Group\nName: \n"
	                 "Actions: 1: OK (default), 2: Cancel. Choose [1]: \n");
	ivm_form_free(&d);
	ivm_form_free(&d2);
	sess_close(&s);
}
END_TEST

START_TEST(page_error_repeats_prompt)
{
	/* the page's leave() refused: an error beside a field and a status */
	struct sess s;
	sess_open(&s, "\n\n" "Other\n\n", false);
	struct ivm_form *d = ivm_form_new(&dialog_form);
	ck_assert_int_eq(ivm_ui_run(s.ui, d), IVM_ACT_OK);
	ivm_form_error(d, "n", "the group exists already: choose another name");
	ivm_form_status(d, "Nothing was created.");
	size_t before = strlen(sess_text(&s));
	ck_assert_int_eq(ivm_ui_run(s.ui, d), IVM_ACT_OK);
	ck_assert_str_eq(sess_text(&s) + before,
	                 "Nothing was created.\n"
	                 "Error: Name: the group exists already: choose another name\n"
	                 "Name: Other\n"
	                 "Actions: 1: OK (default), 2: Cancel. Choose [1]: \n");
	ck_assert_str_eq(ivm_form_ctl(d, "n")->error, "");
	ivm_form_free(&d);
	sess_close(&s);
}
END_TEST

/* ---- live forms ---------------------------------------------------------- */

START_TEST(live_list_says_each_change)
{
	struct sess s;
	sess_open(&s, "2\n\n", false);
	struct ivm_form *f = every();
	f->tick_ms = 5;
	ivm_form_status(f, "Running 1 of 2 steps.");
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_TICK);
	ASSERT_HAS(&s, "Fill in the fields.\nGroup name: IPAM-VMM\n");
	ck_assert_msg(strstr(sess_text(&s), "Jobs:\n1: Create group: Completed.\n") + 34 == sess_text(&s) + strlen(sess_text(&s)),
	              "%s", sess_text(&s));
	size_t before = strlen(sess_text(&s));
	/* nothing changed: nothing said */
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_TICK);
	ck_assert_str_eq(sess_text(&s) + before, "");
	struct ivm_ctl *jobs = ivm_form_ctl(f, "jobs");
	ivm_ctl_add_row(jobs, "Add network service device: Running", NULL);
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_TICK);
	ivm_row_set_text(&jobs->rows[1], "Add network service device: Running");	/* same text */
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_TICK);
	ivm_row_set_text(&jobs->rows[1], "Add network service device: Completed");
	ivm_form_status(f, "Completed: 2 of 2 steps.");
	f->tick_ms = 0;
	ck_assert_int_eq(ivm_ui_run(s.ui, f), ACT_OPEN_JOB);
	struct ivm_buf want = IVM_BUF_INIT;
	ivm_buf_addf(&want,
	             "Add network service device: Running\n"
	             "Completed: 2 of 2 steps.\n"
	             "Add network service device: Completed\n"
	             "%s2\n"
	             "Jobs:\n1: Create group: Completed,\n2: Add network service device: Completed.\n"
	             "Jobs, which row to open [1]: \n", every_menu);
	ck_assert_str_eq(sess_text(&s) + before, ivm_buf_str(&want));
	ivm_buf_release(&want);
	ivm_form_free(&f);
	sess_close(&s);
}
END_TEST

/* ---- the other renderer calls -------------------------------------------- */

START_TEST(confirm_show_text_progress)
{
	struct sess s;
	sess_open(&s, "\nmaybe\n?\nyes\n", false);
	ck_assert(!ivm_ui_confirm(s.ui, "Cancel", "Cancel the wizard?"));
	ck_assert(ivm_ui_confirm(s.ui, "Cancel", "Cancel the wizard?"));
	ivm_ui_show_text(s.ui, "View Script", "Add-SCNetworkService\n  -Name x");
	ivm_ui_progress(s.ui, "Reading groups from ipam1...");
	ivm_ui_progress(s.ui, "Reading groups from ipam1...");
	ivm_ui_progress(s.ui, "Done.");
	ASSERT_TEXT(&s, "Cancel the wizard? [y/N]: \n"
	                "Cancel the wizard? [y/N]: maybe\nError: answer y or n.\n"
	                "Cancel the wizard? [y/N]: ?\nAnswer y for yes; n, or Enter alone, for no.\n"
	                "Cancel the wizard? [y/N]: yes\n"
	                "View Script\nAdd-SCNetworkService\n  -Name x\n(end of View Script)\n"
	                "Reading groups from ipam1...\nDone.\n");
	sess_close(&s);
}
END_TEST

START_TEST(no_control_codes_reach_the_output)
{
	struct sess s;
	sess_open(&s, "\x1b[A\nok\n\n", false);
	struct ivm_form *f = ivm_form_new(&dialog_form);
	ivm_form_status(f, "\x1b[2J\xe2\x94\x8c\xe2\x94\x80\xe2\x94\x90 \xe2\x96\x88\xe2\x96\x91 \xc2\x9b\x07 \xff done");
	ivm_ctl_set_text(ivm_form_ctl(f, "n"), "a\x1b]0;title\x07");
	ck_assert_int_eq(ivm_ui_run(s.ui, f), IVM_ACT_OK);
	ivm_ui_show_text(s.ui, "T\x1b[1m", "\x1b[31mred\r\n");
	ivm_ui_progress(s.ui, "50% \xe2\x96\x88\xe2\x96\x88\r");
	ASSERT_HAS(&s, "?[2J+-+ ## ?? ? done\n");
	ASSERT_HAS(&s, "Error: Name: the answer holds control characters");
	ASSERT_HAS(&s, "Name [a?]0;title?]: ok\n");
	ck_assert_str_eq(ivm_form_value(f, "n"), "ok");
	ivm_form_free(&f);
	sess_close(&s);
}
END_TEST

/* ---- terminals ----------------------------------------------------------- */

static bool
wants_plain_on_pty(const char *term)
{
	int m, sl;
	ck_assert_int_eq(openpty(&m, &sl, NULL, NULL, NULL), 0);
	FILE *in = fdopen(sl, "r"), *out = fdopen(dup(sl), "w");
	if (term)
		setenv("TERM", term, 1);
	else
		unsetenv("TERM");
	bool plain = ivm_ui_wants_plain(in, out);
	fclose(in);
	fclose(out);
	close(m);
	return plain;
}

START_TEST(wants_plain_when_no_terminal_or_no_cursor)
{
	int fd[2];
	ck_assert_int_eq(pipe(fd), 0);
	FILE *r = fdopen(fd[0], "r"), *w = fdopen(fd[1], "w");
	setenv("TERM", "xterm", 1);
	ck_assert(ivm_ui_wants_plain(r, w));
	fclose(r);
	fclose(w);
	ck_assert(!wants_plain_on_pty("xterm"));
	ck_assert(wants_plain_on_pty("dumb"));
	ck_assert(wants_plain_on_pty(""));
	ck_assert(wants_plain_on_pty(NULL));
	ck_assert(wants_plain_on_pty("no-such-terminal-here"));
	/* a terminal that exists but has no cursor addressing: the cup test itself */
	char *dir = tu_mkdtemp(), src[4096], cmd[8300];
	snprintf(src, sizeof(src), "%s/nocup.ti", dir);
	FILE *ti = fopen(src, "w");
	ck_assert_ptr_nonnull(ti);
	fputs("nocup|a printing terminal without cursor addressing,\n\tcols#80, lines#24, bel=^G, cr=\\r,\n", ti);
	fclose(ti);
	snprintf(cmd, sizeof(cmd), "tic -o '%s' '%s' 2>/dev/null", dir, src);
	if (system(cmd) == 0) {
		setenv("TERMINFO", dir, 1);
		ck_assert(wants_plain_on_pty("nocup"));
		unsetenv("TERMINFO");
	}
	tu_rmdir_r(dir);
	free(dir);
	/* and curses can still start on a real one afterwards */
	ck_assert(!wants_plain_on_pty("xterm-256color"));
}
END_TEST

/* Read what the pty master gets until it ends with want (or 10 s). */
static bool
master_until(int m, struct ivm_buf *seen, const char *want)
{
	for (int waited = 0; waited < 10000;) {
		const char *s = ivm_buf_str(seen);
		size_t n = strlen(s), w = strlen(want);
		if (n >= w && strstr(s, want))
			return true;
		struct pollfd pfd = { m, POLLIN, 0 };
		if (poll(&pfd, 1, 50) <= 0) {
			waited += 50;
			continue;
		}
		char buf[512];
		ssize_t k = read(m, buf, sizeof(buf));
		if (k <= 0)
			return false;
		ivm_buf_add(seen, buf, (size_t)k);
	}
	return false;
}

/* A child runs the dialog-like form with one password on the pty. */
static const struct ivm_ctl_def pw_ctl[] = {
	{ .kind = IVM_CTL_PASSWORD, .id = "pw", .label = "Password" },
};
static const struct ivm_form_def pw_form = {
	.console = "C", .title = "Create Run As Account", .ctls = pw_ctl, .nctls = 1,
	IVM_DIALOG_BUTTONS, .default_action = IVM_ACT_OK,
};

static pid_t
pw_child(int m, int sl)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* Check's own SIGTERM handler would take the whole group with it. */
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		close(m);
		FILE *in = fdopen(sl, "r"), *out = fdopen(dup(sl), "w");
		struct ivm_ui_opts o = { .in = in, .out = out };
		struct ivm_err err = { 0 };
		struct ivm_ui *ui = ivm_ui_plain_new(&o, &err);
		struct ivm_form *f = ivm_form_new(&pw_form);
		int r = ivm_ui_run(ui, f);
		struct termios t;
		tcgetattr(sl, &t);
		fprintf(out, "result %d, length %zu, echo %s\n", r, strlen(ivm_form_value(f, "pw")),
		        (t.c_lflag & ECHO) ? "on" : "off");
		fflush(out);
		ivm_form_free(&f);
		ivm_ui_free(&ui);
		_exit(0);
	}
	return pid;
}

START_TEST(password_on_terminal_not_echoed)
{
	int m, sl, st;
	struct ivm_buf seen = IVM_BUF_INIT;
	ck_assert_int_eq(openpty(&m, &sl, NULL, NULL, NULL), 0);
	pid_t pid = pw_child(m, sl);
	ck_assert_msg(master_until(m, &seen, "Password: "), "%s", ivm_buf_str(&seen));
	/* echo goes off before the prompt is written; type now */
	ck_assert_int_eq(write(m, "Zebra-42\n", 9), 9);
	ck_assert_msg(master_until(m, &seen, "Choose [1]: "), "%s", ivm_buf_str(&seen));
	ck_assert_int_eq(write(m, "\n", 1), 1);
	ck_assert_msg(master_until(m, &seen, "echo on\r\n"), "%s", ivm_buf_str(&seen));
	ck_assert_msg(strstr(ivm_buf_str(&seen), "Zebra") == NULL, "echoed:\n%s", ivm_buf_str(&seen));
	ck_assert_msg(strstr(ivm_buf_str(&seen), "result 5, length 8, echo on") != NULL, "%s", ivm_buf_str(&seen));
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	close(m);
	close(sl);
	ivm_buf_release(&seen);
}
END_TEST

START_TEST(password_echo_restored_on_signal)
{
	int m, sl, st;
	struct ivm_buf seen = IVM_BUF_INIT;
	struct termios t;
	ck_assert_int_eq(openpty(&m, &sl, NULL, NULL, NULL), 0);
	pid_t pid = pw_child(m, sl);
	ck_assert_msg(master_until(m, &seen, "Password: "), "%s", ivm_buf_str(&seen));
	ck_assert_int_eq(tcgetattr(sl, &t), 0);
	ck_assert(!(t.c_lflag & ECHO));
	kill(pid, SIGTERM);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	ck_assert_int_eq(tcgetattr(sl, &t), 0);
	ck_assert_msg(t.c_lflag & ECHO, "echo left off after SIGTERM");
	close(m);
	close(sl);
	ivm_buf_release(&seen);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("plain");
	TCase *tc = tcase_create("plain");
	tcase_add_test(tc, walk_defaults_reads_every_kind);
	tcase_add_test(tc, walk_answers_change_values);
	tcase_add_test(tc, keys_back_help_cancel);
	tcase_add_test(tc, end_of_input_quits);
	tcase_add_test(tc, menu_open_row_and_in_form_button);
	tcase_add_test(tc, dialog_on_top_then_back);
	tcase_add_test(tc, same_form_revisited_reads_why_once);
	tcase_add_test(tc, page_error_repeats_prompt);
	tcase_add_test(tc, live_list_says_each_change);
	tcase_add_test(tc, confirm_show_text_progress);
	tcase_add_test(tc, no_control_codes_reach_the_output);
	tcase_add_test(tc, wants_plain_when_no_terminal_or_no_cursor);
	tcase_add_test(tc, password_on_terminal_not_echoed);
	tcase_add_test(tc, password_echo_restored_on_signal);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
