/* tests/check_screens_ipam.c: the IPAM-server pages (targets, preflight, Local Users and Groups, IPAM Access Control) driven in-process by a scripted user against the lab. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "core/cancel.h"
#include "core/lab/model.h"
#include "core/lab/state.h"
#include "screens/ipam_util.h"
#include "screens/wizard.h"
#include "tests/fakeui.h"
#include "tests/testutil.h"

#define ASM "IPAM ASM Administrator Role"
#define VMMUSER "CONTOSO\\vmmuser"

enum scenario {
	FULL,		/* the whole IPAM side, every dialog, on a fresh lab */
	KEEP,		/* Previous then Next keeps what was typed */
	DENIED,		/* a non-administrator: the preflight says so and holds Next */
	RULES,		/* a broken rule beside its field, with the focus */
	UNRESOLVED,	/* Check Names explains a name the server does not know */
	RERUN,		/* a lab configured already: Local Users and Groups just passes */
};

/* What the scripted user saw and did; counters per page title. */
struct play {
	enum scenario sc;
	unsigned targets, preflight, groups, newgroup, select, rmu, policies, addpol, setting;
	bool reached_vmm;
	char status_seen[4][600];
};

static char *dir;
static char state_path[1100];

static void
setup(void)
{
	dir = tu_mkdtemp();
	snprintf(state_path, sizeof(state_path), "%s/lab.xml", dir);
	/* the wizard's Cancel sets the process-wide flag (CK_FORK=no runs every test in one process) */
	ivm_cancel_reset();
}

static void
teardown(void)
{
	tu_rmdir_r(dir);
	free(dir);
}

#define HAS(hay, needle) ck_assert_msg(strstr((hay), (needle)) != NULL, "missing '%s' in: %s", (needle), (hay))

static void
type(struct ivm_form *f, const char *id, const char *text)
{
	struct ivm_ctl *c = ivm_form_ctl(f, id);
	ck_assert_msg(c != NULL, "no control %s on %s", id, f->def->title);
	ivm_ctl_set_text(c, text);
}

/* A button inside the form (New Group..., Add..., Check Names): its action. */
static int
button(struct ivm_form *f, const char *id)
{
	struct ivm_ctl *c = ivm_form_ctl(f, id);
	ck_assert_msg(c != NULL && c->def->kind == IVM_CTL_BUTTON, "no button %s on %s", id, f->def->title);
	return c->def->action;
}

static const char *
focused(const struct ivm_form *f)
{
	return f->focus < f->def->nctls ? f->ctl[f->focus].def->id : "(a button)";
}

static const char *
text_of(struct ivm_form *f, const char *id)
{
	struct ivm_ctl *c = ivm_form_ctl(f, id);
	ck_assert_msg(c != NULL, "no control %s on %s", id, f->def->title);
	return c->text;
}

static bool
has_row(struct ivm_form *f, const char *id, const char *part)
{
	struct ivm_ctl *c = ivm_form_ctl(f, id);
	for (size_t i = 0; c && i < c->nrows; i++)
		if (strstr(c->rows[i].text, part))
			return true;
	return false;
}

/* Every page: F1 help on each control that takes the focus, the why, the
 * standard buttons where they are meant to be. */
static void
check_form(struct ivm_form *f)
{
	ck_assert_ptr_nonnull(f->def->why);
	ck_assert_msg(strlen(f->def->why) > 60, "%s: the why is too short", f->def->title);
	for (size_t i = 0; i < f->def->nctls; i++)
		if (ivm_form_focusable(f, i))
			ck_assert_msg(f->ctl[i].def->help && f->ctl[i].def->help[0], "%s: %s has no help",
			              f->def->title, f->ctl[i].def->id);
	if (f->def->buttons == ivm_wizard_buttons)
		ck_assert_uint_eq(f->def->nbuttons, IVM_COUNT(ivm_wizard_buttons));
	if (f->def->buttons == ivm_dialog_buttons)
		ck_assert_uint_eq(f->def->nbuttons, IVM_COUNT(ivm_dialog_buttons));
}

/* The Tab order from the first focusable control: ids, and buttons in []. */
static void
tab_order(struct ivm_form *f, char *out, size_t size)
{
	size_t keep = f->focus, n = 0;
	f->focus = ivm_form_nfocus(f) - 1;
	out[0] = '\0';
	for (size_t k = 0; k < ivm_form_nfocus(f); k++) {
		ivm_form_focus_move(f, +1);
		if (k > 0 && f->focus == 0)
			break;
		const char *sep = n ? "," : "";
		if (f->focus < f->def->nctls)
			n += (size_t)snprintf(out + n, size - n, "%s%s", sep, f->ctl[f->focus].def->id);
		else
			n += (size_t)snprintf(out + n, size - n, "%s[%s]", sep,
			                      f->def->buttons[f->focus - f->def->nctls].label);
	}
	f->focus = keep;
}

#define TAB_ORDER(f, want) do { \
	char order_[600]; \
	tab_order((f), order_, sizeof(order_)); \
	ck_assert_str_eq(order_, (want)); \
} while (0)

static int
on_targets(struct play *p, struct ivm_form *f)
{
	unsigned n = p->targets++;
	if (n == 0) {
		ck_assert_msg(ivm_form_ctl(f, "lab")->checked, "the lab is not preselected");
		ck_assert_str_eq(focused(f), "lab");
		TAB_ORDER(f, "lab,ipam_host,ipam_user,ipam_pw,vmm_host,vmm_user,vmm_pw,auth,http,cacert,hint,"
		          "[< Previous],[Next >],[Cancel]");
		ck_assert_int_eq(f->def->default_action, IVM_ACT_NEXT);
		ck_assert_msg(!ivm_form_ctl(f, "http")->checked, "plain HTTP is on by default");
		ck_assert_str_eq(ivm_form_value(f, "auth"), "negotiate");
	}
	switch (p->sc) {
	case KEEP:
		if (n == 0) {
			type(f, "ipam_user", "CONTOSO\\ipamadmin");
			type(f, "vmm_user", "CONTOSO\\vmmadmin");
		} else {
			ck_assert_str_eq(text_of(f, "ipam_user"), "CONTOSO\\ipamadmin");
			ck_assert_str_eq(text_of(f, "vmm_user"), "CONTOSO\\vmmadmin");
		}
		break;
	case DENIED:
		type(f, "ipam_user", n == 0 ? "CONTOSO\\helpdesk" : "");
		break;
	case RULES:
		if (n == 0) {
			ivm_form_ctl(f, "lab")->checked = false;
			type(f, "ipam_host", "bad_host.example.com");
		} else if (n == 1) {
			ck_assert_str_eq(focused(f), "ipam_host");
			ck_assert_msg(text_of(f, "ipam_host")[0] && ivm_form_ctl(f, "ipam_host")->error[0],
			              "no error beside the IPAM server");
			HAS(ivm_form_ctl(f, "ipam_host")->error, "letters, digits");
			type(f, "ipam_host", "ipam.example.com");
		} else {
			ck_assert_str_eq(focused(f), "vmm_host");
			HAS(ivm_form_ctl(f, "vmm_host")->error, "required");
			ck_assert_str_eq(ivm_form_ctl(f, "ipam_host")->error, "");
			return IVM_ACT_CANCEL;
		}
		break;
	default:
		break;
	}
	return ivm_fakeui_press(f, IVM_ACT_NEXT);
}

static int
on_preflight(struct play *p, struct ivm_form *f)
{
	unsigned n = p->preflight++;
	bool denied = p->sc == DENIED && n < 2;
	if (!denied) {
		HAS(text_of(f, "ipam"), "administrator");
		HAS(text_of(f, "vmm"), "administrator");
		ck_assert_uint_eq(f->button_off & 2u, 0);
	}
	switch (p->sc) {
	case KEEP:
		return n == 0 ? IVM_ACT_PREV : IVM_ACT_CANCEL;
	case DENIED:
		if (n == 0) {
			HAS(text_of(f, "ipam"), "failed");
			ck_assert_msg(text_of(f, "advice")[0], "no advice");
			ck_assert_msg(f->button_off & 2u, "Next is not off");
			ck_assert_str_eq(focused(f), "retry");
			return IVM_ACT_NEXT;	/* as if the key reached it anyway */
		}
		if (n == 1) {
			HAS(f->status, "Retry");
			return IVM_ACT_PREV;
		}
		return IVM_ACT_CANCEL;
	default:
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	}
}

static int
on_groups(struct play *p, struct ivm_form *f)
{
	unsigned n = p->groups++;
	ck_assert_msg(has_row(f, "groups", "Remote Management Users"), "the groups list is not the server's");
	if (p->sc == RERUN) {
		ck_assert_uint_eq(n, 0);
		HAS(text_of(f, "state"), "Done: " VMMUSER " is in VMM Users");
		HAS(f->status, "taken as the account");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	}
	if (p->sc == UNRESOLVED)
		return n == 0 ? button(f, "new") : IVM_ACT_CANCEL;
	switch (n) {
	case 0:
		TAB_ORDER(f, "groups,new,rmu,refresh,state,[< Previous],[Next >],[Cancel]");
		HAS(text_of(f, "state"), "New Group...");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	case 1:
		HAS(f->status, "New Group...");
		ck_assert_str_eq(focused(f), "new");
		return button(f, "new");
	case 2:
		ck_assert_msg(has_row(f, "groups", "VMM Users"), "the new group is not listed");
		HAS(text_of(f, "state"), "not in Remote Management Users");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	case 3:
		HAS(f->status, "Remote Management Users");
		ck_assert_str_eq(focused(f), "rmu");
		return button(f, "rmu");
	case 4:
		if (p->sc == FULL) { /* back from a cancelled Properties: nothing was added */
			HAS(text_of(f, "state"), "not in Remote Management Users");
			return button(f, "rmu");
		}
		/* fall through */
	default:
		HAS(text_of(f, "state"), "Done: " VMMUSER " is in Remote Management Users");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	}
}

static int
on_new_group(struct play *p, struct ivm_form *f)
{
	unsigned n = p->newgroup++;
	int create = f->def->buttons[0].action;
	ck_assert_str_eq(f->def->buttons[0].label, "Create");
	ck_assert_str_eq(f->def->buttons[1].label, "Close");
	ck_assert_int_eq(f->def->default_action, create);
	if (n == 0) {
		ck_assert_str_eq(text_of(f, "name"), "VMM Users");
		ck_assert_str_eq(focused(f), "name");
		TAB_ORDER(f, "name,description,members,add,remove,[Create],[Close]");
		return button(f, "add");
	}
	if (p->sc == UNRESOLVED) {
		if (n == 1) {
			ck_assert_uint_eq(ivm_form_ctl(f, "members")->nrows, 0);
			return ivm_fakeui_press(f, create);
		}
		ck_assert_str_eq(focused(f), "members");
		HAS(ivm_form_ctl(f, "members")->error, "Add...");
		return IVM_ACT_CLOSE;
	}
	ck_assert_uint_eq(ivm_form_ctl(f, "members")->nrows, 1);
	ck_assert_str_eq(ivm_form_ctl(f, "members")->rows[0].text, VMMUSER);
	return ivm_fakeui_press(f, create);
}

static int
on_select(struct play *p, struct ivm_form *f)
{
	unsigned n = p->select++;
	struct ivm_ctl *found = ivm_form_ctl(f, "found");
	ck_assert_str_eq(ivm_form_ctl(f, "names")->def->label, "Enter the object names to select");
	if (p->sc == UNRESOLVED) {
		if (n == 0) {
			type(f, "names", "CONTOSO\\nosuch; contoso\\vmmuser");
			return button(f, "check");
		}
		ck_assert_uint_eq(found->nrows, 2);
		ck_assert_msg(!found->rows[0].marked, "an unknown name is marked");
		HAS(found->rows[0].text, "not found");
		ck_assert_msg(found->rows[1].marked, "a known name is not marked");
		ck_assert_str_eq(ivm_row_key(&found->rows[1]), VMMUSER);
		ck_assert_str_eq(focused(f), "names");
		HAS(ivm_form_ctl(f, "names")->error, "1 of 2");
		return n == 1 ? ivm_fakeui_press(f, IVM_ACT_OK) : IVM_ACT_CANCEL;
	}
	switch (n) {
	case 0:
		ck_assert_str_eq(focused(f), "names");
		TAB_ORDER(f, "where,names,check,found,[OK],[Cancel]");
		type(f, "names", "contoso\\vmmuser");
		return button(f, "check");
	case 1:
		/* Check Names wrote it as the server names it, and marked it */
		ck_assert_str_eq(text_of(f, "names"), VMMUSER);
		ck_assert_uint_eq(found->nrows, 1);
		ck_assert_msg(found->rows[0].marked, "the resolved name is not marked");
		ck_assert_str_eq(ivm_form_ctl(f, "names")->error, "");
		return ivm_fakeui_press(f, IVM_ACT_OK);
	default:
		/* opened again from Remote Management Users: the name is kept */
		ck_assert_str_eq(text_of(f, "names"), VMMUSER);
		return ivm_fakeui_press(f, IVM_ACT_OK);
	}
}

static int
on_rmu(struct play *p, struct ivm_form *f)
{
	unsigned n = p->rmu++;
	HAS(text_of(f, "about"), "S-1-5-32-580");
	/* FULL: Add then Cancel, then open again: the cancelled name is gone; Add, OK */
	bool again = p->sc == FULL;
	if (n == 0 || (again && n == 2)) {
		ck_assert_msg(!has_row(f, "members", "vmmuser"), "vmmuser is a member before OK (visit %u)", n);
		return button(f, "add");
	}
	ck_assert_msg(has_row(f, "members", VMMUSER " (added when you press OK)"), "the added name is not shown");
	return ivm_fakeui_press(f, again && n == 1 ? IVM_ACT_CANCEL : IVM_ACT_OK);
}

static int
on_policies(struct play *p, struct ivm_form *f)
{
	unsigned n = p->policies++;
	if (p->sc == RERUN)
		return IVM_ACT_CANCEL;
	HAS(text_of(f, "how"), "LAB");
	switch (n) {
	case 0:
		HAS(text_of(f, "state"), "Add Access Policy...");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	case 1:
		HAS(f->status, "Add Access Policy...");
		ck_assert_str_eq(focused(f), "add");
		return button(f, "add");
	default:
		ck_assert_msg(has_row(f, "policies", "applied in this session"), "the grant is not listed");
		HAS(text_of(f, "state"), "Done: VMM Users holds the " ASM " at Global");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	}
}

static int
on_add_policy(struct play *p, struct ivm_form *f)
{
	unsigned n = p->addpol++;
	HAS(text_of(f, "user"), "VMM Users");
	switch (n) {
	case 0:
		return ivm_fakeui_press(f, IVM_ACT_OK);
	case 1:
		ck_assert_str_eq(focused(f), "settings");
		HAS(ivm_form_ctl(f, "settings")->error, "New...");
		return button(f, "new");
	default:
		ck_assert_uint_eq(ivm_form_ctl(f, "settings")->nrows, 1);
		ck_assert_str_eq(ivm_form_ctl(f, "settings")->rows[0].text, ASM " at Global");
		return ivm_fakeui_press(f, IVM_ACT_OK);
	}
}

static int
on_setting(struct play *p, struct ivm_form *f)
{
	struct ivm_ctl *role = ivm_form_ctl(f, "role"), *scope = ivm_form_ctl(f, "scope");
	bool deeper = false;

	p->setting++;
	TAB_ORDER(f, "role,scope,[Add Setting],[Cancel]");
	ck_assert_uint_eq(role->nrows, 8);
	ck_assert_str_eq(ivm_form_value(f, "role"), ASM);
	ck_assert_str_eq(ivm_form_value(f, "scope"), "Global");
	ck_assert_int_eq(scope->rows[0].depth, 0);
	for (size_t i = 1; i < scope->nrows; i++)
		deeper |= scope->rows[i].depth > 0;
	ck_assert_msg(deeper, "the scopes under Global are not a tree");
	ck_assert_str_eq(f->def->buttons[0].label, "Add Setting");
	return ivm_fakeui_press(f, IVM_ACT_OK);
}

static const struct {
	const char *title;
	int (*fn)(struct play *p, struct ivm_form *f);
} pages[] = {
	{ "Servers and accounts", on_targets },
	{ "Check the servers", on_preflight },
	{ "Groups", on_groups },
	{ "New Group", on_new_group },
	{ "Select Users", on_select },
	{ "Remote Management Users Properties", on_rmu },
	{ "Access Policies", on_policies },
	{ "Add Access Policy", on_add_policy },
	{ "Add Access Setting", on_setting },
};

static int
script(void *ud, struct ivm_form *f, unsigned call)
{
	struct play *p = ud;
	(void)call;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		if (strcmp(f->def->title, pages[i].title) == 0) {
			check_form(f);
			return pages[i].fn(p, f);
		}
	/* the first VMM page: the IPAM side is done */
	p->reached_vmm = true;
	return IVM_ACT_CANCEL;
}

static int
run(struct play *p, struct ivm_fakeui_log *log)
{
	memset(log, 0, sizeof(*log));
	struct ivm_ui *ui = ivm_fakeui_new(script, p, true, log);
	struct ivm_wiz_opts o = { .ui = ui, .state_path = state_path, .instant = true };
	int rc = ivm_wizard(&o);
	ivm_ui_free(&ui);
	return rc;
}

struct world {
	struct ivm_lab_state *st;
	struct ivm_lab *lab;
	struct ivm_lab_host *ipam;
};

static void
world_open(struct world *wd)
{
	struct ivm_err err;
	wd->st = ivm_lab_state_open(state_path, &wd->lab, &err);
	ck_assert_msg(wd->st != NULL, "lab state: %s: %s", err.what, err.why);
	wd->ipam = ivm_lab_host_find(wd->lab, "ipam1.contoso.com");
	ck_assert_ptr_nonnull(wd->ipam);
}

static void
world_close(struct world *wd, bool save)
{
	struct ivm_err err;
	if (save)
		ck_assert_int_eq(ivm_lab_state_save(wd->st, wd->lab, &err), 0);
	ivm_lab_state_close(&wd->st);
	ivm_lab_free(&wd->lab);
}

START_TEST(test_full_ipam_side)
{
	struct play p = { .sc = FULL };
	struct ivm_fakeui_log log;
	run(&p, &log);
	ck_assert_msg(p.reached_vmm, "the VMM pages were not reached; pages run:\n%s", ivm_buf_str(&log.titles));
	ck_assert_uint_eq(p.newgroup, 2);
	ck_assert_uint_eq(p.rmu, 4);
	ck_assert_uint_eq(p.setting, 1);
	/* no error box: every step went through */
	ck_assert_msg(!tu_contains(log.texts.data, log.texts.len, "== Error"), "%s", ivm_buf_str(&log.texts));

	struct world wd;
	world_open(&wd);
	const struct ivm_lab_group *g = ivm_lab_group_find(wd.ipam, "VMM Users");
	ck_assert_ptr_nonnull(g);
	const struct ivm_lab_account *a = ivm_lab_account_find(wd.lab, wd.ipam, VMMUSER);
	ck_assert_ptr_nonnull(a);
	ck_assert(ivm_lab_in_group(wd.lab, wd.ipam, a, g->sid));
	ck_assert(ivm_lab_in_group(wd.lab, wd.ipam, a, IVM_IPAMUI_SID_RMU));
	ck_assert(ivm_lab_ipam_has_role(wd.lab, wd.ipam, a, ASM, "Global", NULL));
	world_close(&wd, false);
	ivm_fakeui_log_release(&log);
}
END_TEST

START_TEST(test_previous_next_keeps_values)
{
	struct play p = { .sc = KEEP };
	struct ivm_fakeui_log log;
	run(&p, &log);
	ck_assert_uint_eq(p.targets, 2);
	ck_assert_uint_eq(p.preflight, 2);
	ivm_fakeui_log_release(&log);
}
END_TEST

START_TEST(test_preflight_holds_next)
{
	struct play p = { .sc = DENIED };
	struct ivm_fakeui_log log;
	run(&p, &log);
	ck_assert_uint_eq(p.preflight, 3);
	ck_assert_uint_eq(p.groups, 0);
	ivm_fakeui_log_release(&log);
}
END_TEST

START_TEST(test_rules_beside_fields)
{
	struct play p = { .sc = RULES };
	struct ivm_fakeui_log log;
	run(&p, &log);
	ck_assert_uint_eq(p.targets, 3);
	ck_assert_uint_eq(p.preflight, 0);
	ivm_fakeui_log_release(&log);
}
END_TEST

START_TEST(test_check_names_explains)
{
	struct play p = { .sc = UNRESOLVED };
	struct ivm_fakeui_log log;
	run(&p, &log);
	ck_assert_uint_eq(p.select, 3);
	ck_assert_uint_eq(p.newgroup, 3);
	struct world wd;
	world_open(&wd);
	ck_assert_ptr_null(ivm_lab_group_find(wd.ipam, "VMM Users"));
	world_close(&wd, false);
	ivm_fakeui_log_release(&log);
}
END_TEST

START_TEST(test_rerun_on_configured_lab)
{
	struct world wd;
	struct ivm_err err;
	world_open(&wd);
	ck_assert_int_ne(ivm_lab_group_ensure(wd.lab, wd.ipam, "VMM Users", "for VMM", &err), IVM_ST_FAILED);
	ck_assert_int_ne(ivm_lab_member_add(wd.lab, wd.ipam, "VMM Users", VMMUSER, &err), IVM_ST_FAILED);
	ck_assert_int_ne(ivm_lab_member_add(wd.lab, wd.ipam, IVM_IPAMUI_SID_RMU, VMMUSER, &err), IVM_ST_FAILED);
	world_close(&wd, true);

	struct play p = { .sc = RERUN };
	struct ivm_fakeui_log log;
	run(&p, &log);
	ck_assert_uint_eq(p.groups, 1);
	ck_assert_uint_eq(p.newgroup, 0);
	ck_assert_uint_eq(p.policies, 1);
	ivm_fakeui_log_release(&log);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("screens_ipam");
	TCase *tc = tcase_create("pages");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_full_ipam_side);
	tcase_add_test(tc, test_previous_next_keeps_values);
	tcase_add_test(tc, test_preflight_holds_next);
	tcase_add_test(tc, test_rules_beside_fields);
	tcase_add_test(tc, test_check_names_explains);
	tcase_add_test(tc, test_rerun_on_configured_lab);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(suite());
}
