/* core/lab/jobs.c: VMM jobs that take simulated time: status and progress computed from the lab's clock, no threads. */
#include "config.h"

#include "core/lab/model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ivm.h"
#include "core/lab/model_int.h"
#include "core/xalloc.h"

/* A job lasts a little while per step: long enough that a client sees it
 * Running and polls, short enough for a demo. */
#define JOB_BASE_MS 1000
#define JOB_STEP_MS 1000

static const char *const status_names[] = {
	[IVM_LAB_JOB_RUNNING] = "Running",
	[IVM_LAB_JOB_COMPLETED] = "Completed",
	[IVM_LAB_JOB_FAILED] = "Failed",
	[IVM_LAB_JOB_SUCCEED_WITH_INFO] = "SucceedWithInfo",
};

const char *
ivm_lab_job_status_name(enum ivm_lab_job_status s)
{
	return (unsigned)s < IVM_COUNT(status_names) ? status_names[s] : "Unknown";
}

int
ivm_lab_job_status_parse(const char *s)
{
	for (size_t i = 0; s != NULL && i < IVM_COUNT(status_names); i++)
		if (strcasecmp(s, status_names[i]) == 0)
			return (int)i;
	return -1;
}

void
lab_job_free(struct ivm_lab_job *j)
{
	if (j == NULL)
		return;
	free(j->id);
	free(j->name);
	free(j->error_info);
	lab_strv_free(j->steps, j->nsteps);
	free(j);
}

struct ivm_lab_job *
lab_vmm_add_job(struct ivm_lab_host *h, const char *id, const char *name, const char *const *steps,
    size_t nsteps, long long start_ms, long long duration_ms, enum ivm_lab_job_status outcome,
    const char *error_info)
{
	struct ivm_lab_job *j = ivm_xcalloc(1, sizeof(*j));
	char guid[37];

	if (id == NULL)
		lab_guid(guid);
	j->id = ivm_xstrdup(id ? id : guid);
	j->name = ivm_xstrdup(name);
	j->error_info = ivm_xstrdup(error_info ? error_info : "Success (0)");
	/* one spare slot keeps the array NULL-terminated for job_info */
	j->steps = ivm_xcalloc(nsteps + 1, sizeof(*j->steps));
	for (size_t i = 0; i < nsteps; i++)
		j->steps[i] = ivm_xstrdup(steps[i]);
	j->nsteps = nsteps;
	j->start_ms = start_ms;
	j->duration_ms = duration_ms < 0 ? 0 : duration_ms;
	j->outcome = outcome;
	if (h->vmm->jobs.n >= LAB_MAX_JOBS)
		lab_job_free(lab_vec_take(&h->vmm->jobs, 0));
	lab_vec_push(&h->vmm->jobs, j);
	return j;
}

const struct ivm_lab_job *
ivm_lab_job_start(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name, const char *const *steps,
    size_t nsteps, enum ivm_lab_job_status outcome, const char *error_info)
{
	if (h == NULL || h->vmm == NULL || name == NULL || !lab_text_ok(name, LAB_MAX_TEXT))
		return NULL;
	if (outcome == IVM_LAB_JOB_RUNNING || (unsigned)outcome >= IVM_COUNT(status_names))
		outcome = IVM_LAB_JOB_COMPLETED;
	const char *one[1] = { name };
	if (nsteps == 0 || steps == NULL) {
		steps = one;
		nsteps = 1;
	}
	for (size_t i = 0; i < nsteps; i++)
		if (!lab_text_ok(steps[i], LAB_MAX_TEXT))
			return NULL;
	/* Error text arrives from anywhere; keep only what a state file can carry. */
	char *info = NULL;
	if (error_info != NULL) {
		info = ivm_xstrndup(error_info, LAB_MAX_TEXT);
		for (char *p = info; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7F)
				*p = ' ';
		if (!lab_text_ok(info, LAB_MAX_TEXT)) {
			free(info);
			info = ivm_xstrdup("(the error text was not valid UTF-8)");
		}
	}
	long long duration = lab->instant ? 0 : JOB_BASE_MS + JOB_STEP_MS * (long long)nsteps;
	const struct ivm_lab_job *j = lab_vmm_add_job(h, NULL, name, steps, nsteps, ivm_lab_now(lab), duration,
	    outcome, info);
	free(info);
	return j;
}

size_t
ivm_lab_njobs(const struct ivm_lab_host *h)
{
	return h->vmm ? h->vmm->jobs.n : 0;
}

const struct ivm_lab_job *
ivm_lab_job_at(const struct ivm_lab_host *h, size_t i)
{
	return i < ivm_lab_njobs(h) ? h->vmm->jobs.v[i] : NULL;
}

const struct ivm_lab_job *
ivm_lab_job_find(const struct ivm_lab_host *h, const char *id)
{
	for (size_t i = 0; id != NULL && i < ivm_lab_njobs(h); i++) {
		const struct ivm_lab_job *j = h->vmm->jobs.v[i];
		if (strcasecmp(j->id, id) == 0)
			return j;
	}
	return NULL;
}

void
ivm_lab_job_get(const struct ivm_lab *lab, const struct ivm_lab_job *j, struct ivm_lab_job_info *out)
{
	long long elapsed = ivm_lab_now(lab) - j->start_ms;

	*out = (struct ivm_lab_job_info){ .id = j->id, .name = j->name, .start_ms = j->start_ms,
	    .steps = (const char *const *)j->steps, .nsteps = j->nsteps };
	if (elapsed >= j->duration_ms) {
		out->status = j->outcome;
		out->end_ms = j->start_ms + j->duration_ms;
		out->step = j->nsteps;
		out->error_info = j->error_info;
		/* A failed job stops where its last step began. */
		out->progress = j->outcome != IVM_LAB_JOB_FAILED ? 100 :
		    j->nsteps > 0 ? (unsigned)(100 * (j->nsteps - 1) / j->nsteps) : 0;
		return;
	}
	if (elapsed < 0)
		elapsed = 0;	/* the clock went back: the job has not moved */
	out->status = IVM_LAB_JOB_RUNNING;
	out->error_info = "";
	out->progress = (unsigned)(elapsed * 100 / j->duration_ms);
	if (out->progress > 99)
		out->progress = 99;
	out->step = (size_t)(elapsed * (long long)j->nsteps / j->duration_ms);
}

long long
ivm_lab_job_remaining(const struct ivm_lab *lab, const struct ivm_lab_job *j)
{
	long long left = j->start_ms + j->duration_ms - ivm_lab_now(lab);
	return left > 0 ? left : 0;
}

enum ivm_lab_job_status
ivm_lab_job_outcome(const struct ivm_lab_job *j)
{
	return j->outcome;
}
