/* screens/wizard_servers.c: the wizard's services that reach the servers: connect, read, and steps through the jobs engine. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/answers.h"
#include "core/plan.h"
#include "core/xalloc.h"
#include "screens/wizard_int.h"

void
ivm_wiz_say(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, size, fmt, ap);
	va_end(ap);
}


void
ivm_wiz_disconnect(struct ivm_wiz *w)
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
	ivm_wiz_disconnect(w);
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
			ivm_wiz_say(out[i], 512, "%s: reached, signed in, administrator (%s; %s)", label,
			         rep.hostname, rep.protection[0] ? rep.protection : "protection unknown");
		} else {
			ivm_wiz_say(out[i], 512, "%s: %s failed: %s. Next: %s", label, rep.err.what, rep.err.why,
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

