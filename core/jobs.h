/* core/jobs.h: runs a plan's steps on the servers from a worker thread; screens and commands read snapshots. */
#ifndef IVM_JOBS_H
#define IVM_JOBS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/contract.h"
#include "core/err.h"
#include "core/ops/ops.h"
#include "core/wsman.h"

enum ivm_step_state {
	IVM_STEP_NOT_STARTED,
	IVM_STEP_RUNNING,
	IVM_STEP_COMPLETED,
	IVM_STEP_FAILED,
	IVM_STEP_SKIPPED,
	IVM_STEP_UNKNOWN,  /* sent to the server, whose answer was lost: done or not, nobody knows */
};

/* One step as the plan defines it. The jobs engine copies it (parameter
 * values too, wiped when freed: one may be a password). */
struct ivm_step_def {
	const char *name;          /* "Create local group VMM Users" */
	size_t host;               /* index into the hosts given to ivm_jobs_new */
	const struct ivm_op *op;
	const struct ivm_param *params;
	size_t nparams;
	const char *vmm_job;       /* the VMM job the step creates ("Add network service device"), or NULL */
};

struct ivm_jobs_host {
	const char *label;         /* "IPAM server ipam1.contoso.com" */
	struct ivm_wsman *session; /* borrowed: the caller keeps it open and frees it after */
};

/* A copy of one step's state: the caller owns nothing in it beyond the struct. */
struct ivm_step_snapshot {
	char name[160];
	char host[160];
	enum ivm_step_state state;
	unsigned progress;         /* 0..100 */
	long long start_ms, end_ms;/* wall clock, ms since the epoch; 0 when not yet */
	enum ivm_status status;    /* from the result, when there is one */
	bool has_result;
	char message[512];         /* the server's message */
	char vmm_job[80];
	char vmm_job_status[40];   /* "Completed", "SucceedWithInfo", "Failed", ... */
	char error[2048];          /* why it failed */
	char action[1024];         /* what to do */
};

struct ivm_jobs;

/* Called from the worker thread after a step changes state. */
typedef void (*ivm_jobs_notify)(void *ud, size_t step);

struct ivm_jobs *ivm_jobs_new(const struct ivm_jobs_host *hosts, size_t nhosts,
                              const struct ivm_step_def *steps, size_t nsteps,
                              ivm_jobs_notify notify, void *ud);
void ivm_jobs_free(struct ivm_jobs **j);
/* Start the worker: the hosts in order, each one's steps as one batch; a
 * failure stops everything after it: Skipped when it never reached a server,
 * Unknown when it went in a command whose output was lost. */
int ivm_jobs_start(struct ivm_jobs *j, struct ivm_err *err);
/* Wait until the worker has finished. */
void ivm_jobs_wait(struct ivm_jobs *j);
bool ivm_jobs_finished(struct ivm_jobs *j);
size_t ivm_jobs_count(const struct ivm_jobs *j);
void ivm_jobs_snapshot(struct ivm_jobs *j, size_t step, struct ivm_step_snapshot *out);
/* Steps that ended Failed (after the worker finished). */
size_t ivm_jobs_failed(struct ivm_jobs *j);
/* The result document of a finished step (NULL when there is none): for the
 * caller to read its fields once the worker has finished. */
const struct ivm_result *ivm_jobs_result(struct ivm_jobs *j, size_t step);
const char *ivm_step_state_name(enum ivm_step_state s);

#endif
