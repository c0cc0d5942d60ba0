/* core/jobs.c: runs a plan's steps on the servers from a worker thread; screens and commands read snapshots. */
#include "config.h"

#include "core/jobs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ivm.h"
#include "core/psrun.h"
#include "core/xalloc.h"

static const char *const state_names[] = {
	[IVM_STEP_NOT_STARTED] = "Not started",
	[IVM_STEP_RUNNING] = "Running",
	[IVM_STEP_COMPLETED] = "Completed",
	[IVM_STEP_FAILED] = "Failed",
	[IVM_STEP_SKIPPED] = "Skipped",
	[IVM_STEP_UNKNOWN] = "Unknown",
};

struct step {
	struct ivm_step_snapshot snap;
	size_t host;
	const struct ivm_op *op;
	struct ivm_param *params;
	size_t nparams;
	struct ivm_result result;
};

struct ivm_jobs {
	pthread_mutex_t mu;
	pthread_t worker;
	bool started, finished;
	struct ivm_jobs_host *hosts;
	size_t nhosts;
	struct step *steps;
	size_t nsteps;
	ivm_jobs_notify notify;
	void *ud;
	/* the batch in flight: its steps in order, and how many have reported */
	size_t *batch;
	size_t nbatch, reported;
};

const char *
ivm_step_state_name(enum ivm_step_state s)
{
	return (size_t)s < IVM_COUNT(state_names) ? state_names[s] : "?";
}

static long long
wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct ivm_jobs *
ivm_jobs_new(const struct ivm_jobs_host *hosts, size_t nhosts, const struct ivm_step_def *steps,
             size_t nsteps, ivm_jobs_notify notify, void *ud)
{
	struct ivm_jobs *j = ivm_xcalloc(1, sizeof(*j));
	pthread_mutex_init(&j->mu, NULL);
	j->hosts = ivm_xcalloc(nhosts ? nhosts : 1, sizeof(*j->hosts));
	memcpy(j->hosts, hosts, nhosts * sizeof(*hosts));
	j->nhosts = nhosts;
	j->steps = ivm_xcalloc(nsteps ? nsteps : 1, sizeof(*j->steps));
	j->nsteps = nsteps;
	j->batch = ivm_xcalloc(nsteps ? nsteps : 1, sizeof(*j->batch));
	j->notify = notify;
	j->ud = ud;
	for (size_t i = 0; i < nsteps; i++) {
		struct step *s = &j->steps[i];
		snprintf(s->snap.name, sizeof(s->snap.name), "%s", steps[i].name);
		snprintf(s->snap.host, sizeof(s->snap.host), "%s",
		         steps[i].host < nhosts ? hosts[steps[i].host].label : "?");
		snprintf(s->snap.vmm_job, sizeof(s->snap.vmm_job), "%s", steps[i].vmm_job ? steps[i].vmm_job : "");
		s->host = steps[i].host;
		s->op = steps[i].op;
		s->nparams = steps[i].nparams;
		s->params = ivm_xcalloc(s->nparams ? s->nparams : 1, sizeof(*s->params));
		for (size_t k = 0; k < s->nparams; k++) {
			s->params[k].name = ivm_xstrdup(steps[i].params[k].name);
			s->params[k].value = ivm_xstrdup(steps[i].params[k].value);
		}
	}
	return j;
}

/* Under the lock: a state change, then the notification outside it. */
static void
set_state(struct ivm_jobs *j, size_t i, enum ivm_step_state st)
{
	struct step *s = &j->steps[i];
	s->snap.state = st;
	if (st == IVM_STEP_RUNNING) {
		s->snap.start_ms = wall_ms();
		s->snap.progress = 0;
	} else if (st != IVM_STEP_NOT_STARTED) {
		s->snap.end_ms = wall_ms();
		if (s->snap.start_ms == 0)
			s->snap.start_ms = s->snap.end_ms;
		s->snap.progress = st == IVM_STEP_COMPLETED ? 100 : s->snap.progress;
	}
}

static void
notify(struct ivm_jobs *j, size_t i)
{
	if (j->notify)
		j->notify(j->ud, i);
}

static void
fail_step(struct ivm_jobs *j, size_t i, const struct ivm_err *err)
{
	struct step *s = &j->steps[i];
	pthread_mutex_lock(&j->mu);
	snprintf(s->snap.error, sizeof(s->snap.error), "%s%s%s", err->what, err->why[0] ? ": " : "", err->why);
	snprintf(s->snap.action, sizeof(s->snap.action), "%s", err->next);
	set_state(j, i, IVM_STEP_FAILED);
	pthread_mutex_unlock(&j->mu);
	notify(j, i);
}

/* Each result line belongs to the next step of the batch in order. */
static void
on_result(void *ud, const struct ivm_result *r)
{
	struct ivm_jobs *j = ud;
	pthread_mutex_lock(&j->mu);
	if (j->reported >= j->nbatch) {
		pthread_mutex_unlock(&j->mu);
		return;
	}
	size_t i = j->batch[j->reported++];
	struct step *s = &j->steps[i];
	/* keep a copy: the caller reads fields (job status, test results) later */
	struct ivm_err err;
	ivm_result_copy(&s->result, r);
	s->snap.has_result = true;
	s->snap.status = r->status;
	snprintf(s->snap.message, sizeof(s->snap.message), "%s", r->message ? r->message : "");
	const char *js = ivm_field_get(r->fields, r->nfields, "JobStatus");
	if (js)
		snprintf(s->snap.vmm_job_status, sizeof(s->snap.vmm_job_status), "%s", js);
	bool ok = ivm_op_check_result(s->op, r, &err) == 0;
	if (!ok) {
		const char *remedy = ivm_field_get(r->fields, r->nfields, "Remedy");
		snprintf(s->snap.error, sizeof(s->snap.error), "%s", err.why);
		snprintf(s->snap.action, sizeof(s->snap.action), "%s", remedy ? remedy : err.next);
	}
	set_state(j, i, ok ? IVM_STEP_COMPLETED : IVM_STEP_FAILED);
	size_t next = j->reported < j->nbatch ? j->batch[j->reported] : (size_t)-1;
	if (ok && next != (size_t)-1)
		set_state(j, next, IVM_STEP_RUNNING);
	pthread_mutex_unlock(&j->mu);
	notify(j, i);
	if (ok && next != (size_t)-1)
		notify(j, next);
}

/* The steps among which (NULL: all n) that never started end in st, with
 * message (or none) saying why. */
static void
settle(struct ivm_jobs *j, const size_t *which, size_t n, enum ivm_step_state st, const char *message)
{
	for (size_t k = 0; k < n; k++) {
		size_t i = which ? which[k] : k;
		struct step *s = &j->steps[i];
		pthread_mutex_lock(&j->mu);
		bool now = s->snap.state == IVM_STEP_NOT_STARTED;
		if (now) {
			if (message)
				snprintf(s->snap.message, sizeof(s->snap.message), "%s", message);
			set_state(j, i, st);
		}
		pthread_mutex_unlock(&j->mu);
		if (now)
			notify(j, i);
	}
}

/* The batch's steps that never reported, after its command failed once the
 * server may have started it: the script runs on without us, so each may be
 * done or not. Saying Skipped would claim it was not. */
static void
unknown_rest(struct ivm_jobs *j, const char *host)
{
	char why[sizeof(((struct ivm_step_snapshot *)0)->message)];
	snprintf(why, sizeof(why), "sent to %s in the same command as the step that failed, whose output was "
	         "lost: the server may have done this step or not; the next run finds out and does only what "
	         "is missing", host);
	settle(j, j->batch, j->nbatch, IVM_STEP_UNKNOWN, why);
}

/* One host's steps as one batch. False when something failed. */
static bool
run_host(struct ivm_jobs *j, size_t h)
{
	struct ivm_op_step *ops = ivm_xcalloc(j->nsteps ? j->nsteps : 1, sizeof(*ops));
	pthread_mutex_lock(&j->mu);
	j->nbatch = j->reported = 0;
	for (size_t i = 0; i < j->nsteps; i++) {
		if (j->steps[i].host != h)
			continue;
		ops[j->nbatch] = (struct ivm_op_step){ j->steps[i].op, j->steps[i].params, j->steps[i].nparams };
		j->batch[j->nbatch++] = i;
	}
	size_t n = j->nbatch;
	if (n)
		set_state(j, j->batch[0], IVM_STEP_RUNNING);
	pthread_mutex_unlock(&j->mu);
	if (n == 0) {
		free(ops);
		return true;
	}
	notify(j, j->batch[0]);

	struct ivm_buf script = IVM_BUF_INIT;
	struct ivm_err err;
	struct ivm_ps_result res = { 0 };
	bool ok = ivm_op_batch_script(ops, n, &script, &err) == 0;
	if (ok) {
		struct ivm_ps_opts po = { .on_result = on_result, .ud = j };
		ok = ivm_psrun(j->hosts[h].session, script.data, &po, &res, &err) == 0;
		if (ok)
			ivm_ps_result_release(&res);
	}
	ivm_buf_wipe(&script);
	free(ops);
	/* the step that was running when the command failed carries the error */
	pthread_mutex_lock(&j->mu);
	size_t running = (size_t)-1;
	bool any_failed = false;
	for (size_t k = 0; k < n; k++) {
		enum ivm_step_state st = j->steps[j->batch[k]].snap.state;
		if (st == IVM_STEP_RUNNING)
			running = j->batch[k];
		any_failed |= st == IVM_STEP_FAILED;
	}
	pthread_mutex_unlock(&j->mu);
	if (running != (size_t)-1) {
		if (ok) /* the command ended without this step's result */
			ivm_err_set(&err, IVM_E_REMOTE, "running the step",
			            "Run it again: every step is idempotent, so what was done is found and kept. If it recurs, look at the detail the server printed (--transcript).",
			            "no result reached ipamvmm for this step from %s: the command ended, but its output was lost on the way (a dropped connection loses output) or the script stopped early",
			            j->hosts[h].label);
		fail_step(j, running, &err);
		any_failed = true;
	}
	/* output lost, or a script that ended early: the steps after it may have run */
	if (ok ? running != (size_t)-1 : res.may_have_run)
		unknown_rest(j, j->hosts[h].label);
	return ok && !any_failed;
}

static void *
worker(void *arg)
{
	struct ivm_jobs *j = arg;
	for (size_t h = 0; h < j->nhosts; h++) {
		if (!run_host(j, h)) {
			/* after a failure nothing else runs */
			settle(j, NULL, j->nsteps, IVM_STEP_SKIPPED, NULL);
			break;
		}
	}
	pthread_mutex_lock(&j->mu);
	j->finished = true;
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

int
ivm_jobs_start(struct ivm_jobs *j, struct ivm_err *err)
{
	if (pthread_create(&j->worker, NULL, worker, j) != 0) {
		ivm_err_set(err, IVM_E_IO, "starting the jobs", "Free some memory and run it again.",
		            "a worker thread could not be created");
		return -1;
	}
	j->started = true;
	return 0;
}

void
ivm_jobs_wait(struct ivm_jobs *j)
{
	if (j->started) {
		pthread_join(j->worker, NULL);
		j->started = false;
	}
}

bool
ivm_jobs_finished(struct ivm_jobs *j)
{
	pthread_mutex_lock(&j->mu);
	bool f = j->finished;
	pthread_mutex_unlock(&j->mu);
	return f;
}

size_t
ivm_jobs_count(const struct ivm_jobs *j)
{
	return j->nsteps;
}

void
ivm_jobs_snapshot(struct ivm_jobs *j, size_t step, struct ivm_step_snapshot *out)
{
	pthread_mutex_lock(&j->mu);
	*out = j->steps[step].snap;
	pthread_mutex_unlock(&j->mu);
}

size_t
ivm_jobs_failed(struct ivm_jobs *j)
{
	size_t n = 0;
	pthread_mutex_lock(&j->mu);
	for (size_t i = 0; i < j->nsteps; i++)
		n += j->steps[i].snap.state == IVM_STEP_FAILED;
	pthread_mutex_unlock(&j->mu);
	return n;
}

const struct ivm_result *
ivm_jobs_result(struct ivm_jobs *j, size_t step)
{
	return j->finished && j->steps[step].snap.has_result ? &j->steps[step].result : NULL;
}

void
ivm_jobs_free(struct ivm_jobs **jp)
{
	if (jp == NULL || *jp == NULL)
		return;
	struct ivm_jobs *j = *jp;
	ivm_jobs_wait(j);
	for (size_t i = 0; i < j->nsteps; i++) {
		struct step *s = &j->steps[i];
		for (size_t k = 0; k < s->nparams; k++) {
			free((char *)s->params[k].name);
			char *v = (char *)s->params[k].value;
			ivm_secret_free(&v);
		}
		free(s->params);
		ivm_result_release(&s->result);
	}
	free(j->steps);
	free(j->hosts);
	free(j->batch);
	pthread_mutex_destroy(&j->mu);
	free(j);
	*jp = NULL;
}
