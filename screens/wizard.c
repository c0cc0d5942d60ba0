/* screens/wizard.c: the page flow (a table of pages) and the services pages use: settings, reads, jobs. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/answers.h"
#include "core/cancel.h"
#include "core/plan.h"
#include "core/session.h"
#include "core/xalloc.h"
#include "screens/wizard.h"

#define SECTION_TARGETS "Targets"
#define SECTION_LUG "Configure IPAM > Local Users and Groups"
#define SECTION_IPAM "Configure IPAM > IPAM Access Control"
#define SECTION_VMM "Configure VMM > Add Network Service Wizard"
#define SECTION_JOBS "Jobs"
#define VMM_PAGES 7

/* The main pages in order; vmm_no numbers the seven pages of VMM's wizard. */
static const struct flow {
	const struct ivm_page *page;
	const char *section;
	int vmm_no;
} flow[] = {
	{ &ivm_page_targets, SECTION_TARGETS, 0 },
	{ &ivm_page_preflight, SECTION_TARGETS, 0 },
	{ &ivm_page_lug_groups, SECTION_LUG, 0 },
	{ &ivm_page_ipam_access_policies, SECTION_IPAM, 0 },
	{ &ivm_page_vmm_name, SECTION_VMM, 1 },
	{ &ivm_page_vmm_manufacturer, SECTION_VMM, 2 },
	{ &ivm_page_vmm_credentials, SECTION_VMM, 3 },
	{ &ivm_page_vmm_connection_string, SECTION_VMM, 4 },
	{ &ivm_page_vmm_provider, SECTION_VMM, 5 },
	{ &ivm_page_vmm_host_group, SECTION_VMM, 6 },
	{ &ivm_page_vmm_summary, SECTION_VMM, 7 },
	{ &ivm_page_jobs, SECTION_JOBS, 0 },
};

struct kept_form {
	const struct ivm_page *page;
	struct ivm_form *form;
	unsigned visits;
};

struct ivm_wiz {
	const struct ivm_wiz_opts *o;
	struct ivm_ui *ui;
	struct ivm_settings s;
	char *password[IVM_SIDES + 1];
	struct ivm_session *session;
	bool connected;
	char label[IVM_SIDES][300];
	struct kept_form forms[32];
	size_t nforms;
	bool first_visit;	/* enter() of a form shown for the first time */
	char crumb[400];	/* of the page under the dialogs */
	struct ivm_jobs *runs[16];	/* every jobs run, in order */
	size_t nruns;
};

/* Text cut to size: labels and messages may be longer than a line. */
static void say(char *out, size_t size, const char *fmt, ...) IVM_PRINTF(3, 4);
static void
say(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, size, fmt, ap);
	va_end(ap);
}

/* ---- forms kept for the whole session ------------------------------------ */

static struct kept_form *
kept(struct ivm_wiz *w, const struct ivm_page *page)
{
	for (size_t i = 0; i < w->nforms; i++)
		if (w->forms[i].page == page)
			return &w->forms[i];
	if (w->nforms == IVM_COUNT(w->forms))
		abort();	/* more pages than the table has: a programming error */
	struct kept_form *k = &w->forms[w->nforms++];
	k->page = page;
	k->form = ivm_form_new(page->form);
	return k;
}

struct ivm_form *
ivm_wiz_form_of(struct ivm_wiz *w, const struct ivm_page *page)
{
	for (size_t i = 0; i < w->nforms; i++)
		if (w->forms[i].page == page)
			return w->forms[i].form;
	return NULL;
}

/* ---- simple accessors ---------------------------------------------------- */

struct ivm_ui *
ivm_wiz_ui(struct ivm_wiz *w)
{
	return w->ui;
}

struct ivm_settings *
ivm_wiz_settings(struct ivm_wiz *w)
{
	return &w->s;
}

bool
ivm_wiz_lab(const struct ivm_wiz *w)
{
	return ivm_settings_is_lab(&w->s);
}

const char *
ivm_wiz_label(struct ivm_wiz *w, enum ivm_side side)
{
	if (w->connected)
		return ivm_session_label(w->session, side);
	snprintf(w->label[side], sizeof(w->label[side]), "%s%s server %s", ivm_wiz_lab(w) ? "LAB " : "",
	         side == IVM_SIDE_IPAM ? "IPAM" : "VMM", ivm_settings_host(&w->s, side));
	return w->label[side];
}

void
ivm_wiz_set_password(struct ivm_wiz *w, enum ivm_side side, const char *pw)
{
	ivm_secret_free(&w->password[side]);
	if (pw && pw[0])
		w->password[side] = ivm_xstrdup(pw);
}

const char *
ivm_wiz_password(const struct ivm_wiz *w, enum ivm_side side)
{
	return w->password[side];
}

/* ---- settings <-> controls ----------------------------------------------- */

void
ivm_wiz_fill(struct ivm_wiz *w, struct ivm_form *f, const char *ctl, const char *setting)
{
	struct ivm_ctl *c = ivm_form_ctl(f, ctl);
	const struct ivm_setting_field *sf = ivm_setting_field_find(setting);
	if (c == NULL || sf == NULL || (!w->first_visit && c->text[0]))
		return;
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_settings_effective(&w->s, sf, &b);
	if (c->def->kind == IVM_CTL_CHECK)
		c->checked = b.data && strcmp(b.data, "yes") == 0;
	else
		ivm_ctl_set_text(c, b.data ? b.data : "");
	ivm_buf_release(&b);
}

int
ivm_wiz_store(struct ivm_wiz *w, struct ivm_form *f, const char *ctl, const char *setting)
{
	struct ivm_ctl *c = ivm_form_ctl(f, ctl);
	const struct ivm_setting_field *sf = ivm_setting_field_find(setting);
	if (c == NULL || sf == NULL)
		return 0;
	const char *v = c->def->kind == IVM_CTL_CHECK ? (c->checked ? "yes" : "no") : ivm_form_value(f, ctl);
	char msg[IVM_CHECK_MSG];
	if (ivm_settings_set_field(&w->s, sf, v ? v : "", msg, sizeof(msg)) < 0) {
		ivm_form_error(f, ctl, "%s", msg);
		return -1;
	}
	return 0;
}

void
ivm_wiz_fill_binds(struct ivm_wiz *w, struct ivm_form *f, const struct ivm_bind *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ivm_wiz_fill(w, f, b[i].ctl, b[i].setting);
}

int
ivm_wiz_store_binds(struct ivm_wiz *w, struct ivm_form *f, const struct ivm_bind *b, size_t n)
{
	const char *first = NULL;
	for (size_t i = 0; i < n; i++)
		if (ivm_wiz_store(w, f, b[i].ctl, b[i].setting) < 0 && first == NULL)
			first = b[i].ctl;
	/* each refusal takes the focus: give it back to the first */
	if (first != NULL)
		ivm_form_focus_id(f, first);
	return first ? -1 : 0;
}

void
ivm_wiz_store_binds_back(struct ivm_wiz *w, struct ivm_form *f, const struct ivm_bind *b, size_t n)
{
	size_t focus = f->focus;
	for (size_t i = 0; i < n; i++)
		(void)ivm_wiz_store(w, f, b[i].ctl, b[i].setting);
	ivm_form_clear_errors(f);
	f->focus = focus;
}

/* ---- the servers ----------------------------------------------------------- */

static void
disconnect(struct ivm_wiz *w)
{
	ivm_session_close(&w->session, false);
	w->connected = false;
}

bool
ivm_wiz_connected(const struct ivm_wiz *w)
{
	return w->connected;
}

int
ivm_wiz_connect(struct ivm_wiz *w, char out[IVM_SIDES][512], struct ivm_err *err)
{
	if (ivm_wiz_busy(w)) {
		ivm_err_set(err, IVM_E_USAGE, "connecting again", "Wait for the running steps to end (Jobs).",
		            "steps are still running on the servers");
		return -1;
	}
	disconnect(w);
	struct ivm_session_opts so = { .state_path = w->o->state_path, .instant = w->o->instant, .quiet = true };
	for (int i = 0; i < IVM_SIDES; i++)
		so.password[i] = w->password[i];
	for (int i = 0; i < IVM_SIDES; i++)
		snprintf(out[i], 512, "%s: not tried", ivm_wiz_label(w, (enum ivm_side)i));
	if ((w->session = ivm_session_open(&w->s, &so, err)) == NULL)
		return -1;
	bool ok = true;
	for (int i = 0; i < IVM_SIDES; i++) {
		struct ivm_probe_report rep;
		const char *label = ivm_session_label(w->session, (enum ivm_side)i);
		char line[300];
		snprintf(line, sizeof(line), "Checking %s...", label);
		ivm_ui_progress(w->ui, line);
		ivm_session_probe(w->session, (enum ivm_side)i, &rep);
		if (rep.ok) {
			say(out[i], 512, "%s: reached, signed in, administrator (%s; %s)", label,
			         rep.hostname, rep.protection[0] ? rep.protection : "protection unknown");
		} else {
			say(out[i], 512, "%s: %s failed: %s. Next: %s", label, rep.err.what, rep.err.why,
			         rep.err.next);
			if (ok)
				*err = rep.err;
			ok = false;
		}
	}
	if (!ok)
		return -1;
	w->connected = true;
	return 0;
}

static int
need_connection(struct ivm_wiz *w, struct ivm_err *err)
{
	if (w->connected)
		return 0;
	ivm_err_set(err, IVM_E_USAGE, "talking to the servers", "Go back to the preflight page and pass it.",
	            "the servers have not been checked and connected yet");
	return -1;
}

int
ivm_wiz_read(struct ivm_wiz *w, enum ivm_side side, const char *op_id, const struct ivm_param *params,
             size_t nparams, struct ivm_result *out, struct ivm_err *err)
{
	memset(out, 0, sizeof(*out));
	if (need_connection(w, err) < 0)
		return -1;
	char line[400];
	snprintf(line, sizeof(line), "Reading from %s (%s)...", ivm_session_label(w->session, side), op_id);
	ivm_ui_progress(w->ui, line);
	return ivm_session_read(w->session, side, op_id, params, nparams, out, err);
}

/* ---- steps through the jobs engine ------------------------------------------ */

static bool
wanted(const char *id, const char *const op_ids[])
{
	for (size_t i = 0; op_ids[i]; i++)
		if (strcmp(op_ids[i], id) == 0)
			return true;
	return false;
}

int
ivm_wiz_start(struct ivm_wiz *w, const char *const op_ids[], struct ivm_err *err)
{
	if (need_connection(w, err) < 0)
		return -1;
	if (w->nruns == IVM_COUNT(w->runs)) {
		ivm_err_set(err, IVM_E_USAGE, "starting steps", "Finish this session and start ipamvmm again.",
		            "this session has run %zu sets of steps already, the most it keeps", w->nruns);
		return -1;
	}
	const char *runas_pw = w->password[IVM_SIDES];
	if (w->s.runas_mode == IVM_RUNAS_NEW && runas_pw == NULL && wanted("ensure-runas", op_ids)) {
		ivm_err_set(err, IVM_E_USAGE, "creating the Run As account",
		            "Open Credentials > Browse... > Create Run As Account and type its password.",
		            "no password has been typed for the new Run As account");
		return -1;
	}
	struct ivm_plan plan = { 0 };
	if (ivm_plan_build(&w->s, runas_pw, &plan, err) < 0)
		return -1;
	struct ivm_step_def *all = ivm_xcalloc(plan.nsteps ? plan.nsteps : 1, sizeof(*all));
	struct ivm_step_def *defs = ivm_xcalloc(plan.nsteps ? plan.nsteps : 1, sizeof(*defs));
	enum ivm_side order[IVM_SIDES];
	size_t nsides, n = ivm_plan_jobs(&plan, false, all, order, &nsides), k = 0;
	for (size_t i = 0; i < n; i++)
		if (wanted(all[i].op->id, op_ids))
			defs[k++] = all[i];
	struct ivm_jobs_host hosts[IVM_SIDES];
	for (size_t h = 0; h < nsides; h++)
		hosts[h] = (struct ivm_jobs_host){ ivm_session_label(w->session, order[h]),
		                                   ivm_session_wsman(w->session, order[h]) };
	int rc = 0;
	if (k == 0) {
		ivm_err_set(err, IVM_E_USAGE, "starting steps", "Report this as a bug in ipamvmm.",
		            "the plan has no step for this action");
		rc = -1;
	} else {
		/* the engine copies the definitions and their values */
		struct ivm_jobs *j = ivm_jobs_new(hosts, nsides, defs, k, NULL, NULL);
		if (ivm_jobs_start(j, err) < 0) {
			ivm_jobs_free(&j);
			rc = -1;
		} else {
			w->runs[w->nruns++] = j;
		}
	}
	free(all);
	free(defs);
	ivm_plan_release(&plan);
	return rc;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

int
ivm_wiz_perform(struct ivm_wiz *w, const char *const op_ids[], struct ivm_err *err)
{
	if (ivm_wiz_start(w, op_ids, err) < 0)
		return -1;
	struct ivm_jobs *j = w->runs[w->nruns - 1];
	size_t n = ivm_jobs_count(j);
	enum ivm_step_state said[32];
	for (size_t i = 0; i < n && i < IVM_COUNT(said); i++)
		said[i] = IVM_STEP_NOT_STARTED;
	/* one line per state change, as the console's status bar would say it */
	for (bool done = false; !done;) {
		done = ivm_jobs_finished(j);
		for (size_t i = 0; i < n && i < IVM_COUNT(said); i++) {
			struct ivm_step_snapshot s;
			ivm_jobs_snapshot(j, i, &s);
			if (s.state == said[i])
				continue;
			said[i] = s.state;
			char line[400];
			snprintf(line, sizeof(line), "%s: %s", s.name, ivm_step_state_name(s.state));
			ivm_ui_progress(w->ui, line);
		}
		if (!done)
			sleep_ms(50);
	}
	for (size_t i = 0; i < n; i++) {
		struct ivm_step_snapshot s;
		ivm_jobs_snapshot(j, i, &s);
		if (s.state == IVM_STEP_COMPLETED)
			continue;
		if (s.state == IVM_STEP_FAILED)
			ivm_err_set(err, IVM_E_REMOTE, s.name, s.action[0] ? s.action : "See the step in Jobs.", "%s",
			            s.error[0] ? s.error : s.message);
		else
			ivm_err_set(err, IVM_E_CANCELLED, s.name, "Do it again: the steps already done are kept.",
			            "the step did not run (%s)", ivm_step_state_name(s.state));
		return -1;
	}
	return 0;
}

int
ivm_wiz_script(struct ivm_wiz *w, struct ivm_buf *out, struct ivm_err *err)
{
	struct ivm_plan plan = { 0 };
	if (ivm_plan_build(&w->s, NULL, &plan, err) < 0)
		return -1;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	if (fp == NULL) {
		ivm_plan_release(&plan);
		ivm_err_set(err, IVM_E_IO, "writing the script", "Free some memory and try again.",
		            "no memory for the text");
		return -1;
	}
	ivm_plan_print(&plan, &w->s, true, fp);
	fclose(fp);
	ivm_buf_add(out, text, len);
	free(text);
	ivm_plan_release(&plan);
	return 0;
}

int
ivm_wiz_save_answers(struct ivm_wiz *w, const char *path, char *written, size_t size, struct ivm_err *err)
{
	if (path == NULL)
		path = w->o->save_answers ? w->o->save_answers : "ipamvmm-answers.xml";
	if (ivm_answers_save(&w->s, path, err) < 0)
		return -1;
	snprintf(written, size, "%s", path);
	return 0;
}

size_t
ivm_wiz_nsteps(struct ivm_wiz *w)
{
	size_t n = 0;
	for (size_t r = 0; r < w->nruns; r++)
		n += ivm_jobs_count(w->runs[r]);
	return n;
}

void
ivm_wiz_step(struct ivm_wiz *w, size_t i, struct ivm_step_snapshot *out)
{
	for (size_t r = 0; r < w->nruns; r++) {
		size_t n = ivm_jobs_count(w->runs[r]);
		if (i < n) {
			ivm_jobs_snapshot(w->runs[r], i, out);
			return;
		}
		i -= n;
	}
	memset(out, 0, sizeof(*out));
}

bool
ivm_wiz_busy(struct ivm_wiz *w)
{
	for (size_t r = 0; r < w->nruns; r++)
		if (!ivm_jobs_finished(w->runs[r]))
			return true;
	return false;
}

void
ivm_wiz_error(struct ivm_wiz *w, const struct ivm_err *err)
{
	char text[4096];
	snprintf(text, sizeof(text), "%s failed.\n\nWhy: %s\n\nWhat to do: %s", err->what, err->why, err->next);
	ivm_ui_show_text(w->ui, "Error", text);
}

/* ---- showing pages -------------------------------------------------------- */

static bool
forward(int a)
{
	return a == IVM_ACT_NEXT || a == IVM_ACT_OK || a == IVM_ACT_FINISH;
}

/* Run one page until it is left; dialog: a dialog's Cancel needs no question. */
static int
show(struct ivm_wiz *w, struct kept_form *k, bool dialog)
{
	const struct ivm_page *pg = k->page;
	struct ivm_form *f = k->form;
	f->banner = ivm_wiz_lab(w) ? "LAB" : NULL;
	w->first_visit = k->visits++ == 0;
	ivm_wiz_fill_binds(w, f, pg->binds, pg->nbinds);
	if (pg->enter && pg->enter(w, f) < 0 && f->status[0] == '\0')
		ivm_form_status(f, "This page could not be filled from the server; see the message above.");
	w->first_visit = false;
	for (;;) {
		int a = ivm_ui_run(w->ui, f);
		if ((a >= IVM_ACT_PAGE || a == IVM_ACT_TICK) && pg->act)
			a = pg->act(w, f, a);
		if (a == IVM_ACT_NONE || a == IVM_ACT_TICK || a >= IVM_ACT_PAGE)
			continue;
		if (a == IVM_ACT_QUIT || a == IVM_ACT_CLOSE)
			return a;
		if (a == IVM_ACT_CANCEL) {
			if (dialog)
				return a;
			if (ivm_ui_confirm(w->ui, "Cancel",
			                   "Leave the wizard now? What was already done on the servers stays done; "
			                   "run ipamvmm again to finish (it finds what exists)."))
				return a;
			continue;
		}
		if (a == IVM_ACT_PREV) {
			ivm_wiz_store_binds_back(w, f, pg->binds, pg->nbinds);
			if (pg->leave_back)
				pg->leave_back(w, f);
			return a;
		}
		if (forward(a)) {
			/* --summary-only: Finish writes the answers and performs nothing */
			if (pg == &ivm_page_vmm_summary && w->o->summary_only)
				return a;
			if (ivm_wiz_store_binds(w, f, pg->binds, pg->nbinds) < 0 ||
			    (pg->leave && pg->leave(w, f) < 0))
				continue;
			return a;
		}
	}
}

int
ivm_wiz_dialog(struct ivm_wiz *w, const struct ivm_page *page)
{
	struct kept_form *k = kept(w, page);
	char crumb[sizeof(w->crumb)];
	snprintf(crumb, sizeof(crumb), "%s", w->crumb);
	char mine[sizeof(w->crumb) + 100];
	snprintf(mine, sizeof(mine), "%s > %s", crumb, page->crumb ? page->crumb : page->form->title);
	ivm_form_set_breadcrumb(k->form, mine);
	say(w->crumb, sizeof(w->crumb), "%s", mine);
	int a = show(w, k, true);
	snprintf(w->crumb, sizeof(w->crumb), "%s", crumb);
	return a;
}

static void
wiz_free(struct ivm_wiz *w)
{
	for (size_t r = 0; r < w->nruns; r++) {
		ivm_jobs_wait(w->runs[r]);
		ivm_jobs_free(&w->runs[r]);
	}
	disconnect(w);
	for (size_t i = 0; i < w->nforms; i++)
		ivm_form_free(&w->forms[i].form);
	for (int i = 0; i <= IVM_SIDES; i++)
		ivm_secret_free(&w->password[i]);
	ivm_settings_release(&w->s);
}

/* 0 when every step performed Completed (and at least one ran). */
static int
outcome(struct ivm_wiz *w)
{
	size_t n = ivm_wiz_nsteps(w);
	for (size_t i = 0; i < n; i++) {
		struct ivm_step_snapshot s;
		ivm_wiz_step(w, i, &s);
		if (s.state != IVM_STEP_COMPLETED)
			return 1;
	}
	return n ? 0 : 1;
}

int
ivm_wizard(const struct ivm_wiz_opts *o)
{
	struct ivm_wiz w = { .o = o, .ui = o->ui };
	/* a stop asked of an earlier wizard in this process is not for this one */
	ivm_cancel_reset();
	if (o->answers == NULL) {
		ivm_settings_defaults(&w.s);
	} else {
		/* the loader starts from the defaults itself */
		struct ivm_err err;
		if (ivm_answers_load(&w.s, o->answers, &err) < 0) {
			ivm_wiz_error(&w, &err);
			wiz_free(&w);
			return 2;
		}
	}
	int status = 1;
	size_t i = 0;
	while (i < IVM_COUNT(flow)) {
		struct kept_form *k = kept(&w, flow[i].page);
		snprintf(w.crumb, sizeof(w.crumb), "%s > %s", flow[i].section, flow[i].page->form->title);
		if (strcmp(flow[i].section, flow[i].page->form->title) == 0)
			snprintf(w.crumb, sizeof(w.crumb), "%s", flow[i].section);
		ivm_form_set_breadcrumb(k->form, w.crumb);
		k->form->page = flow[i].vmm_no;
		k->form->npages = flow[i].vmm_no ? VMM_PAGES : 0;
		int a = show(&w, k, false);
		if (a == IVM_ACT_QUIT || a == IVM_ACT_CANCEL) {
			/* a signal: 130; Cancel or the end of the input: 1. Steps
			 * still running stop at their next safe point. */
			status = a == IVM_ACT_QUIT && ivm_cancelled() ? 130 : 1;
			ivm_cancel_request();
			break;
		}
		if (a == IVM_ACT_CLOSE) {
			status = outcome(&w);
			break;
		}
		if (a == IVM_ACT_PREV) {
			if (i > 0)
				i--;
			continue;
		}
		if (flow[i].page == &ivm_page_vmm_summary && o->summary_only) {
			struct ivm_err err;
			char path[1024];
			status = ivm_wiz_save_answers(&w, NULL, path, sizeof(path), &err) < 0 ? 1 : 0;
			if (status)
				ivm_wiz_error(&w, &err);
			else
				ivm_form_status(k->form, "Answers written to %s; nothing was performed.", path);
			break;
		}
		i++;
	}
	wiz_free(&w);
	return status;
}
