/* core/plan.h: the settings turned into the ordered steps of the procedure, each with its inverse for undo. */
#ifndef IVM_PLAN_H
#define IVM_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/err.h"
#include "core/jobs.h"
#include "core/ops/ops.h"
#include "core/settings.h"

#define IVM_PLAN_MAX_PARAMS 8

struct ivm_plan_call {
	const struct ivm_op *op;
	struct ivm_param params[IVM_PLAN_MAX_PARAMS]; /* values owned by the plan */
	size_t nparams;
};

struct ivm_plan_step {
	char *name;               /* "Create local group VMM Users" */
	enum ivm_side side;       /* the server it runs on */
	struct ivm_plan_call call;
	const char *vmm_job;      /* the VMM job it creates, or NULL */
	bool has_undo;
	char *undo_name;          /* "Remove local group VMM Users" */
	struct ivm_plan_call undo;
};

struct ivm_plan {
	struct ivm_plan_step *steps;
	size_t nsteps;
};

/* runas_password: the new Run As account's password, or NULL to plan with
 * "********" in its place (ipamvmm plan). */
int ivm_plan_build(const struct ivm_settings *s, const char *runas_password, struct ivm_plan *p,
                   struct ivm_err *err);
void ivm_plan_release(struct ivm_plan *p);

/* The steps (undo: the inverses, in reverse order) as the jobs engine takes
 * them, and the order of the servers (the side of hosts[0], hosts[1]).
 * defs must hold p->nsteps entries; returns how many were filled. */
size_t ivm_plan_jobs(const struct ivm_plan *p, bool undo, struct ivm_step_def *defs,
                     enum ivm_side order[IVM_SIDES], size_t *nsides);

/* `ipamvmm plan`: every step with its parameters and, when scripts, the
 * exact script it runs (passwords masked). */
void ivm_plan_print(const struct ivm_plan *p, const struct ivm_settings *s, bool scripts, FILE *fp);

#endif
