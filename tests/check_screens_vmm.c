/* tests/check_screens_vmm.c: the VMM Add Network Service Wizard pages and Jobs, played in-process against the lab. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <check.h>

#include "core/answers.h"
#include "core/cancel.h"
#include "core/lab/model.h"
#include "core/lab/state.h"
#include "screens/vmm_util.h"
#include "screens/wizard.h"
#include "tests/fakeui.h"
#include "tests/testutil.h"

#define RUNAS_PW "Vmm-User-1!"
#define ASM_ROLE "IPAM ASM Administrator Role"
#define IPAM_MODEL "Microsoft Windows Server IP Address Management"
#define IPAM_PROVIDER "Microsoft IP Address Management Provider"

enum scenario {
	FULL,		/* every page, a new Run As account, Finish, Jobs */
	RERUN,		/* the same on a configured lab: nothing new to type */
	RULES,		/* validation beside the field, Previous keeps values, Credentials refuses */
	FAILING,	/* a Run As account IPAM does not let in: Test and Jobs say why */
};

struct play {
	enum scenario sc;
	struct {
		const char *title;
		unsigned n;
	} seen[32];
	size_t nseen;
	char answers_out[1200];
	unsigned jobs_seen;
	const char *summary_only;	/* --save-answers F --summary-only */
};

static char *dir;
static char state[1100], answers[1100];

/* ---- the lab and the answers the wizard starts from ------------------------ */

/* The IPAM side done (group, member, policy, Remote Management Users), so
 * that the wizard's IPAM pages let Next through, as on a re-run. */
static void
prepare_lab(void)
{
	struct ivm_lab *lab = NULL;
	struct ivm_err err;
	struct ivm_lab_state *st = ivm_lab_state_open(state, &lab, &err);
	ck_assert_msg(st != NULL, "%s: %s", err.what, err.why);
	struct ivm_lab_host *h = ivm_lab_host_with_role(lab, IVM_LAB_ROLE_IPAM);
	ck_assert_int_ne(ivm_lab_group_ensure(lab, h, "VMM Users", NULL, &err), IVM_ST_FAILED);
	ck_assert_int_ne(ivm_lab_member_add(lab, h, "VMM Users", "CONTOSO\\vmmuser", &err), IVM_ST_FAILED);
	ck_assert_int_ne(ivm_lab_ipam_policy_add(lab, h, "VMM Users", ASM_ROLE, "Global", &err), IVM_ST_FAILED);
	/* the page reads the role through the IPAM group that carries it */
	ck_assert_int_ne(ivm_lab_member_add(lab, h, "IPAM ASM Administrators", "CONTOSO\\vmmuser", &err),
	                 IVM_ST_FAILED);
	ck_assert_int_ne(ivm_lab_member_add(lab, h, IVM_LAB_SID_RMU, "CONTOSO\\vmmuser", &err), IVM_ST_FAILED);
	ck_assert_int_eq(ivm_lab_state_save(st, lab, &err), 0);
	ivm_lab_state_close(&st);
	ivm_lab_free(&lab);
}

static const char *const per_server[][2] = {
	{ "targets/ipam/auth", "kerberos" }, { "targets/vmm/auth", "ntlm" },
	{ "targets/ipam/cacert", "/etc/ipamvmm/ipam-ca.pem" }, { "targets/vmm/cacert", "/etc/ipamvmm/vmm-ca.pem" },
};

static void
setup(void)
{
	/* a wizard that was quit requests cancellation process-wide: start clean
	 * (the suite runs in one process under check-valgrind) */
	ivm_cancel_reset();
	dir = tu_mkdtemp();
	snprintf(state, sizeof(state), "%s/lab.xml", dir);
	snprintf(answers, sizeof(answers), "%s/start.xml", dir);
	struct ivm_settings s;
	struct ivm_err err;
	ivm_settings_defaults(&s);
	ck_assert_int_eq(ivm_settings_set(&s, "targets/@lab", "yes", &err), 0);
	ck_assert_int_eq(ivm_settings_set(&s, "ipam/local-group/member", "CONTOSO\\vmmuser", &err), 0);
	/* each server its own scheme and CA file: Servers and accounts keeps them apart */
	for (size_t i = 0; i < IVM_COUNT(per_server); i++)
		ck_assert_int_eq(ivm_settings_set(&s, per_server[i][0], per_server[i][1], &err), 0);
	ck_assert_msg(ivm_answers_save(&s, answers, &err) == 0, "%s: %s", err.what, err.why);
	ivm_settings_release(&s);
	prepare_lab();
}

static void
teardown(void)
{
	tu_rmdir_r(dir);
	free(dir);
}

/* ---- playing the user ------------------------------------------------------- */

/* How many times this page was shown before (each run of its form counts). */
static unsigned
visit(struct play *p, const char *title)
{
	for (size_t i = 0; i < p->nseen; i++)
		if (strcmp(p->seen[i].title, title) == 0)
			return p->seen[i].n++;
	ck_assert_uint_lt(p->nseen, IVM_COUNT(p->seen));
	p->seen[p->nseen].title = title;
	p->seen[p->nseen].n = 1;
	p->nseen++;
	return 0;
}

static int
button(struct ivm_form *f, const char *id)
{
	ivm_form_focus_id(f, id);
	return ivm_form_ctl(f, id)->def->action;
}

static void
type(struct ivm_form *f, const char *id, const char *text)
{
	ivm_form_focus_id(f, id);
	ivm_ctl_set_text(ivm_form_ctl(f, id), text);
}

static size_t
index_of(struct ivm_form *f, const char *id)
{
	return (size_t)(ivm_form_ctl(f, id) - f->ctl);
}

static struct ivm_row *
row_with(struct ivm_form *f, const char *id, const char *text)
{
	struct ivm_ctl *c = ivm_form_ctl(f, id);
	for (size_t i = 0; i < c->nrows; i++)
		if (strstr(c->rows[i].text, text) != NULL)
			return &c->rows[i];
	return NULL;
}

#define HAS(hay, needle) ck_assert_msg(strstr((hay), (needle)) != NULL, "missing '%s' in:\n%.3000s", (needle), (hay))
#define HASNT(hay, needle) ck_assert_msg(strstr((hay), (needle)) == NULL, "unwanted '%s' in:\n%.3000s", (needle), (hay))

/* The pages before the VMM wizard: the lab is ready for them, Next passes. */
static int
before_vmm(struct ivm_form *f, unsigned n)
{
	ck_assert_msg(n < 3, "%s refused Next: %s", f->def->title, f->status);
	if (strcmp(f->def->title, "Servers and accounts") == 0) {
		struct ivm_ctl *auth = ivm_form_ctl(f, "auth");
		ck_assert_str_eq(ivm_form_value(f, "auth"), "each");
		HAS(auth->rows[auth->cur].text, "IPAM kerberos, VMM ntlm");
		ck_assert_str_eq(ivm_form_value(f, "cacert"), "/etc/ipamvmm/ipam-ca.pem");
	}
	return ivm_fakeui_press(f, IVM_ACT_NEXT);
}

static int
name_page(struct play *p, struct ivm_form *f, unsigned n)
{
	struct ivm_ctl *name = ivm_form_ctl(f, "name");
	if (p->sc != RULES) {
		ck_assert_str_eq(name->text, "IPAM");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	}
	switch (n) {
	case 0:		/* empty: required */
		type(f, "name", "");
		ivm_form_focus_id(f, "description");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	case 1:		/* the message beside the field, the focus on it; then a broken rule */
		HAS(name->error, "required");
		ck_assert_uint_eq(f->focus, index_of(f, "name"));
		type(f, "name", " IPAM");
		ivm_form_focus_id(f, "description");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	case 2:
		HAS(name->error, "white space");
		ck_assert_uint_eq(f->focus, index_of(f, "name"));
		type(f, "name", "Lab IPAM");
		type(f, "description", "IP addresses from IPAM");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	default:	/* back from Manufacturer and Model: what was typed is there */
		ck_assert_str_eq(name->text, "Lab IPAM");
		ck_assert_str_eq(ivm_form_ctl(f, "description")->text, "IP addresses from IPAM");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	}
}

static int
manufacturer_page(struct play *p, struct ivm_form *f, unsigned n)
{
	/* from list-providers: one manufacturer, three models in the lab */
	ck_assert_uint_eq(ivm_form_ctl(f, "manufacturer")->nrows, 1);
	ck_assert_uint_eq(ivm_form_ctl(f, "model")->nrows, 3);
	ck_assert_str_eq(ivm_form_value(f, "manufacturer"), "Microsoft");
	ck_assert_str_eq(ivm_form_value(f, "model"), IPAM_MODEL);
	if (p->sc == RULES && n == 0)
		return IVM_ACT_PREV;
	return ivm_fakeui_press(f, IVM_ACT_NEXT);
}

static int
credentials_page(struct play *p, struct ivm_form *f, unsigned n)
{
	struct ivm_ctl *runas = ivm_form_ctl(f, "runas");
	switch (p->sc) {
	case FULL:
		if (n == 0)
			return button(f, "browse");
		ck_assert_str_eq(runas->text, "IPAM Run As");
		HAS(ivm_form_ctl(f, "about")->text, "CONTOSO\\vmmuser");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	case RERUN:
		ck_assert_str_eq(runas->text, "IPAM Run As");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	case RULES:
		if (n == 0) {
			type(f, "runas", "No Such Account");
			return ivm_fakeui_press(f, IVM_ACT_NEXT);
		}
		/* refused: VMM lacks it; the message names the button to press */
		HAS(runas->error, "Browse...");
		ck_assert_uint_eq(f->focus, index_of(f, "runas"));
		return IVM_ACT_QUIT;
	case FAILING:
		type(f, "runas", "Host Admin");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	}
	return IVM_ACT_QUIT;
}

static int
select_page(struct ivm_form *f, unsigned n)
{
	ck_assert_ptr_nonnull(row_with(f, "accounts", "Host Admin (CONTOSO\\vmmadmin)"));
	if (n == 0)
		return button(f, "create");
	/* the new account, made by Create, is the current row */
	ck_assert_str_eq(ivm_form_value(f, "accounts"), "IPAM Run As");
	HAS(f->status, "Created");
	return ivm_fakeui_press(f, IVM_ACT_OK);
}

static int
create_page(struct ivm_form *f, unsigned n)
{
	struct ivm_ctl *cf = ivm_form_ctl(f, "confirm");
	if (n == 0) {
		ck_assert_str_eq(ivm_form_ctl(f, "name")->text, "IPAM Run As");
		ck_assert_str_eq(ivm_form_ctl(f, "user")->text, "CONTOSO\\vmmuser");
		type(f, "password", RUNAS_PW);
		type(f, "confirm", "Vmm-User-2!");
		return ivm_fakeui_press(f, IVM_ACT_OK);
	}
	/* the mismatch: beside Confirm password, which has the focus and was emptied */
	HAS(cf->error, "does not match");
	ck_assert_uint_eq(f->focus, index_of(f, "confirm"));
	ck_assert_str_eq(cf->text, "");
	ck_assert_str_eq(ivm_form_ctl(f, "password")->text, RUNAS_PW);
	type(f, "confirm", RUNAS_PW);
	return ivm_fakeui_press(f, IVM_ACT_OK);
}

static int
provider_page(struct play *p, struct ivm_form *f, unsigned n)
{
	struct ivm_ctl *res = ivm_form_ctl(f, "results");
	ck_assert_str_eq(ivm_form_value(f, "provider"), IPAM_PROVIDER);
	if (p->sc == RERUN)
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	if (n == 0) {
		ck_assert_uint_eq(res->nrows, 0);
		return button(f, "test");
	}
	ck_assert_uint_eq(res->nrows, 3);
	const char *note = ivm_form_ctl(f, "remedy")->text;
	if (p->sc == FULL) {
		for (size_t i = 0; i < res->nrows; i++) {
			HAS(res->rows[i].text, ": Passed");
			ck_assert(res->rows[i].marked);
		}
		HAS(res->rows[0].text, "Test open connection");
		HAS(res->rows[1].text, "Test capability discovery");
		HAS(res->rows[2].text, "Test system info");
		HAS(f->status, "All 3 tests passed");
		ck_assert_str_eq(note, "");
	} else {
		/* CONTOSO\vmmadmin is not in Remote Management Users on the IPAM server */
		ck_assert_str_eq(res->rows[0].text, "Test open connection: Failed");
		ck_assert(!res->rows[0].marked);
		HAS(note, "Test open connection failed.");
		HAS(note, "Likely cause: Permissions on the IPAM server for the Run As account");
		HAS(note, "Remote Management Users");
		HAS(note, "What to do: Add the account to the local group Remote Management Users");
		HAS(f->status, "Not every test passed");
	}
	return ivm_fakeui_press(f, IVM_ACT_NEXT);
}

static int
host_group_page(struct ivm_form *f)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "groups");
	ck_assert_uint_eq(c->nrows, 4);
	ck_assert_str_eq(c->rows[0].text, "All Hosts");
	ck_assert_int_eq(c->rows[0].depth, 0);
	ck_assert(c->rows[0].checked);
	struct ivm_row *rack = row_with(f, "groups", "Rack 1");
	ck_assert_ptr_nonnull(rack);
	ck_assert_int_eq(rack->depth, 2);
	ck_assert(!rack->checked);
	return ivm_fakeui_press(f, IVM_ACT_NEXT);
}

static int
summary_page(struct play *p, struct ivm_form *f, unsigned n)
{
	const char *all = ivm_form_ctl(f, "settings")->text;
	HAS(all, "Network service name: IPAM");
	HAS(all, p->sc == FAILING ? "Run As account name: Host Admin" : "Run As account name: IPAM Run As");
	HAS(all, "Configuration provider: " IPAM_PROVIDER);
	HAS(all, "Host groups: All Hosts");
	HASNT(all, RUNAS_PW);
	if (p->sc != FULL)
		return ivm_fakeui_press(f, IVM_ACT_FINISH);
	switch (n) {
	case 0:
		return button(f, "script");
	case 1:
		type(f, "answers", p->answers_out);
		return button(f, "save");
	default:
		HAS(f->status, "Saved the settings to");
		return ivm_fakeui_press(f, IVM_ACT_FINISH);
	}
}

static int
jobs_page(struct play *p, struct ivm_form *f, unsigned n)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "steps");
	ck_assert_uint_gt(c->nrows, 0);
	if (f->tick_ms != 0) {
		/* Finish started the steps; the page ticks while they run (a
		 * renderer would wait tick_ms: poll gently, the engine is ahead) */
		nanosleep(&(struct timespec){ 0, 20 * 1000000L }, NULL);
		return IVM_ACT_TICK;
	}
	unsigned seen = p->jobs_seen++;	/* ticks are not visits */
	(void)n;
	if (p->sc == FAILING) {
		HAS(f->status, "Failed: ");
		HAS(f->status, "run ipamvmm again");
		struct ivm_row *r = row_with(f, "steps", " Failed ");
		ck_assert_ptr_nonnull(r);
		if (seen == 0) {
			c->cur = (size_t)(r - c->rows);
			return button(f, "steps");
		}
		return ivm_fakeui_press(f, IVM_ACT_CLOSE);
	}
	HAS(f->status, "Completed");
	/* a step's row, then its VMM job's row under it */
	struct ivm_row *add = row_with(f, "steps", "Add network service IPAM ");
	ck_assert_ptr_nonnull(add);
	HAS(add->text, "Completed [####]");
	ck_assert_uint_lt((size_t)(add - c->rows) + 1, c->nrows);
	HAS(add[1].text, "VMM job Add net");
	HAS(add[1].text, p->sc == FULL ? "Completed" : "No change");
	struct ivm_row *runas = row_with(f, "steps", "VMM job Create ne");
	if (p->sc == FULL) {
		ck_assert_ptr_nonnull(runas);
		HAS(runas->text, "Completed");
	} else {
		ck_assert_ptr_null(runas);	/* it exists: nothing to create */
	}
	if (seen == 0) {
		c->cur = 0;
		return button(f, "steps");
	}
	return ivm_fakeui_press(f, IVM_ACT_CLOSE);
}

static int
play(void *ud, struct ivm_form *f, unsigned call)
{
	struct play *p = ud;
	const char *t = f->def->title;
	unsigned n = visit(p, t);
	(void)call;
	if (strcmp(t, "Servers and accounts") == 0 || strcmp(t, "Check the servers") == 0 ||
	    strcmp(t, "Groups") == 0 || strcmp(t, "Access Policies") == 0)
		return before_vmm(f, n);
	/* the seven pages of VMM's wizard are numbered */
	if (strcmp(f->def->console, IVM_VMM_WIZARD) == 0) {
		ck_assert_int_eq(f->npages, 7);
		ck_assert_int_gt(f->page, 0);
	}
	if (strcmp(t, "Name") == 0)
		return name_page(p, f, n);
	if (strcmp(t, "Manufacturer and Model") == 0)
		return manufacturer_page(p, f, n);
	if (strcmp(t, "Credentials") == 0)
		return credentials_page(p, f, n);
	if (strcmp(t, "Select a Run As Account") == 0)
		return select_page(f, n);
	if (strcmp(t, "Create Run As Account") == 0)
		return create_page(f, n);
	if (strcmp(t, "Connection String") == 0) {
		ck_assert_str_eq(ivm_form_ctl(f, "connection")->text, "ipam1.contoso.com");
		return ivm_fakeui_press(f, IVM_ACT_NEXT);
	}
	if (strcmp(t, "Provider") == 0)
		return provider_page(p, f, n);
	if (strcmp(t, "Host Group") == 0)
		return host_group_page(f);
	if (strcmp(t, "Summary") == 0)
		return summary_page(p, f, n);
	if (strcmp(t, "Jobs") == 0)
		return jobs_page(p, f, n);
	ck_abort_msg("unexpected page %s: %s", t, f->status);
	return IVM_ACT_QUIT;
}

static int
wizard(struct play *p, struct ivm_fakeui_log *log)
{
	memset(log, 0, sizeof(*log));
	struct ivm_ui *ui = ivm_fakeui_new(play, p, true, log);
	struct ivm_wiz_opts o = { .ui = ui, .answers = answers, .state_path = state, .instant = true,
	                          .save_answers = p->summary_only, .summary_only = p->summary_only != NULL };
	int rc = ivm_wizard(&o);
	ivm_ui_free(&ui);
	return rc;
}

static void
slurp(const char *path, struct ivm_buf *b)
{
	ck_assert_msg(tu_slurp(path, b), "no %s", path);
}

/* ---- the tests -------------------------------------------------------------- */

/* Finish performed nothing on the VMM server: the lab holds no network service IPAM. */
static void
assert_no_network_service(void)
{
	struct ivm_lab *lab = NULL;
	struct ivm_err err;
	struct ivm_lab_state *st = ivm_lab_state_open(state, &lab, &err);
	ck_assert_msg(st != NULL, "%s", err.why);
	ck_assert_ptr_null(ivm_lab_vmm_netsvc_find(ivm_lab_host_with_role(lab, IVM_LAB_ROLE_VMM), "IPAM"));
	ivm_lab_state_close(&st);
	ivm_lab_free(&lab);
}

START_TEST(full_run_then_rerun)
{
	struct play p = { .sc = FULL };
	struct ivm_fakeui_log log;
	snprintf(p.answers_out, sizeof(p.answers_out), "%s/saved.xml", dir);
	ck_assert_int_eq(wizard(&p, &log), 0);
	const char *texts = ivm_buf_str(&log.texts);
	/* View Script: the plan and the exact scripts, the password masked */
	HAS(texts, "== Script (passwords as ********)");
	HAS(texts, "7. Create Run As account IPAM Run As   [ensure-runas, VMM job: Create new RunAs Account]");
	HAS(texts, "Password = ********");
	HAS(texts, "--- the script the VMM server runs, exactly");
	HAS(texts, "# ipamvmm op=batch v=1");
	HASNT(texts, RUNAS_PW);
	HASNT(ivm_buf_str(&log.progress), RUNAS_PW);
	/* a step's detail from Jobs */
	HAS(texts, "Status: Completed (100%)");
	ivm_fakeui_log_release(&log);

	struct ivm_buf b = IVM_BUF_INIT;
	slurp(p.answers_out, &b);
	HAS(ivm_buf_str(&b), "IPAM Run As");
	HASNT(ivm_buf_str(&b), RUNAS_PW);
	slurp(state, &b);
	HASNT(ivm_buf_str(&b), RUNAS_PW);
	ivm_buf_release(&b);

	/* what Create and Finish did, as the lab holds it */
	struct ivm_lab *lab = NULL;
	struct ivm_err err;
	struct ivm_lab_state *st = ivm_lab_state_open(state, &lab, &err);
	ck_assert_msg(st != NULL, "%s", err.why);
	const struct ivm_lab_host *vmm = ivm_lab_host_with_role(lab, IVM_LAB_ROLE_VMM);
	const struct ivm_lab_runas *ra = ivm_lab_vmm_runas_find(vmm, "IPAM Run As");
	ck_assert_ptr_nonnull(ra);
	ck_assert_str_eq(ra->user, "CONTOSO\\vmmuser");
	const struct ivm_lab_netsvc *ns = ivm_lab_vmm_netsvc_find(vmm, "IPAM");
	ck_assert_ptr_nonnull(ns);
	ck_assert_str_eq(ns->connection_string, "ipam1.contoso.com");
	ck_assert_str_eq(ns->runas, "IPAM Run As");
	ck_assert_uint_eq(ns->nhostgroups, 1);
	ck_assert_str_eq(ns->hostgroups[0], "All Hosts");
	ivm_lab_state_close(&st);
	ivm_lab_free(&lab);

	/* again, on the configured lab: it passes without typing anything */
	struct play again = { .sc = RERUN };
	ck_assert_int_eq(wizard(&again, &log), 0);
	ivm_fakeui_log_release(&log);
}
END_TEST

/* Run to Summary and written out as an answer file: Finish then performs
 * nothing (the network service is not added). */
START_TEST(summary_only_writes_the_answers)
{
	char saved[1200];
	snprintf(saved, sizeof(saved), "%s/summary-only.xml", dir);
	struct play p = { .sc = FULL, .summary_only = saved };
	struct ivm_fakeui_log log;
	snprintf(p.answers_out, sizeof(p.answers_out), "%s/saved2.xml", dir);
	ck_assert_int_eq(wizard(&p, &log), 0);
	ivm_fakeui_log_release(&log);
	for (size_t i = 0; i < p.nseen; i++)
		ck_assert_msg(strcmp(p.seen[i].title, "Jobs") != 0, "Jobs was shown");
	struct ivm_buf b = IVM_BUF_INIT;
	slurp(saved, &b);
	HAS(ivm_buf_str(&b), "<name>IPAM</name>");
	HASNT(ivm_buf_str(&b), RUNAS_PW);
	/* Next on Servers and accounts kept each server's own, in order: IPAM, then VMM */
	const char *ipam_auth = strstr(ivm_buf_str(&b), "<auth>kerberos</auth>");
	const char *vmm_auth = strstr(ivm_buf_str(&b), "<auth>ntlm</auth>");
	ck_assert_msg(ipam_auth && vmm_auth && ipam_auth < vmm_auth, "per-server schemes lost: %s", ivm_buf_str(&b));
	const char *ipam_ca = strstr(ivm_buf_str(&b), "ipam-ca.pem"), *vmm_ca = strstr(ivm_buf_str(&b), "vmm-ca.pem");
	ck_assert_msg(ipam_ca && vmm_ca && ipam_ca < vmm_ca, "per-server CA files lost: %s", ivm_buf_str(&b));
	ivm_buf_release(&b);
	assert_no_network_service();
}
END_TEST

START_TEST(rules_previous_and_refusal)
{
	struct play p = { .sc = RULES };
	struct ivm_fakeui_log log;
	ck_assert_int_ne(wizard(&p, &log), 0);
	ck_assert_uint_eq(p.seen[0].n, 1);
	ivm_fakeui_log_release(&log);
	/* Name was shown four times: two refusals, then back from Manufacturer and Model */
	for (size_t i = 0; i < p.nseen; i++)
		if (strcmp(p.seen[i].title, "Name") == 0)
			ck_assert_uint_eq(p.seen[i].n, 4);
}
END_TEST

START_TEST(failing_test_and_jobs)
{
	struct play p = { .sc = FAILING };
	struct ivm_fakeui_log log;
	ck_assert_int_eq(wizard(&p, &log), 1);
	const char *texts = ivm_buf_str(&log.texts);
	HAS(texts, "Recommended action: ");
	HAS(texts, "Status: Failed");
	ivm_fakeui_log_release(&log);
	/* the batch stopped at the test: no network service was added */
	assert_no_network_service();
}
END_TEST

/* Every page's table: its why, help on every control one can reach, the
 * standard buttons, a default button that the page has. */
START_TEST(tables_are_complete)
{
	static const struct ivm_page *const pages[] = {
		&ivm_page_vmm_name, &ivm_page_vmm_manufacturer, &ivm_page_vmm_credentials,
		&ivm_page_vmm_select_runas, &ivm_page_vmm_create_runas, &ivm_page_vmm_connection_string,
		&ivm_page_vmm_provider, &ivm_page_vmm_host_group, &ivm_page_vmm_summary, &ivm_page_jobs,
	};
	for (size_t i = 0; i < IVM_COUNT(pages); i++) {
		const struct ivm_form_def *d = pages[i]->form;
		ck_assert_msg(d->why && strlen(d->why) > 80, "%s: why", d->title);
		for (size_t k = 0; k < d->nctls; k++) {
			const struct ivm_ctl_def *c = &d->ctls[k];
			ck_assert_msg(c->id != NULL, "%s: control %zu has no id", d->title, k);
			if (c->kind != IVM_CTL_NOTE)
				ck_assert_msg(c->help && c->label, "%s: %s lacks help or a label", d->title, c->id);
		}
		ck_assert_msg(ivm_form_button(&(struct ivm_form){ .def = d }, d->default_action) >= 0,
		              "%s: the default button is not on the page", d->title);
		/* the first control that can take the focus has it when the page opens */
		struct ivm_form *f = ivm_form_new(d);
		size_t first = 0;
		while (!ivm_form_focusable(f, first))
			first++;
		ck_assert_uint_eq(f->focus, first);
		ivm_form_free(&f);
	}
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("screens_vmm");
	TCase *tc = tcase_create("pages");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, full_run_then_rerun);
	tcase_add_test(tc, rules_previous_and_refusal);
	tcase_add_test(tc, failing_test_and_jobs);
	tcase_add_test(tc, summary_only_writes_the_answers);
	tcase_add_test(tc, tables_are_complete);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(suite());
}
