/* screens/wizard.c: the page flow: a table of pages, each shown until it is left; dialogs on top. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/answers.h"
#include "core/cancel.h"
#include "core/xalloc.h"
#include "screens/wizard_int.h"

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
	ivm_wiz_say(w->crumb, sizeof(w->crumb), "%s", mine);
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
	ivm_wiz_disconnect(w);
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
