/* core/ops/ops.h: the catalogue of operations: one row each: its id, its Windows script, its lab implementation, what its result carries. */
#ifndef IVM_OPS_H
#define IVM_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/contract.h"
#include "core/err.h"
#include "core/lab/dispatch.h"

/* Which server an operation runs on. */
#define IVM_OP_ANY NULL
#define IVM_OP_IPAM "IPAM"
#define IVM_OP_VMM "VMM"

struct ivm_op {
	const char *id;                /* also the script: core/ops/<id>.ps1 */
	const char *role;              /* IVM_OP_IPAM, IVM_OP_VMM or IVM_OP_ANY */
	bool reads_only;               /* lists or tests; changes nothing */
	const char *const *params;     /* the parameter names the script reads, NULL-terminated */
	const char *const *fields;     /* fields a result that is not "failed" must carry, NULL-terminated */
	ivm_lab_op_fn lab;             /* the same operation on the lab's model */
	/* Optional: decide whether a result that is not "failed" still means the
	 * step failed (a Test that ran and reported Failed), filling err with
	 * the reason and the remedy. NULL: only "failed" fails. */
	int (*judge)(const struct ivm_result *r, struct ivm_err *err);
};

/* One table per area, each in its own file (ops_host.c, ops_ipam.c, ops_vmm.c). */
extern const struct ivm_op ivm_ops_host[];
extern const size_t ivm_ops_host_count;
extern const struct ivm_op ivm_ops_ipam[];
extern const size_t ivm_ops_ipam_count;
extern const struct ivm_op ivm_ops_vmm[];
extern const size_t ivm_ops_vmm_count;
extern const struct ivm_op ivm_ops_read[];
extern const size_t ivm_ops_read_count;

const struct ivm_op *ivm_op_find(const char *id);
size_t ivm_op_count(void);
const struct ivm_op *ivm_op_at(size_t i);

/* The whole script a server runs: the contract header and the encoded
 * parameter document, core/ops/prelude.ps1, then core/ops/<id>.ps1. A
 * parameter the row does not list is refused: a typo would otherwise be
 * silently ignored by the script. */
int ivm_op_script(const struct ivm_op *op, const struct ivm_param *params, size_t nparams,
                  struct ivm_buf *out, struct ivm_err *err);
/* One step of a batch. */
struct ivm_op_step {
	const struct ivm_op *op;
	const struct ivm_param *params;
	size_t nparams;
};

/* Several operations for one host as ONE script, run by one command: each
 * step's body runs in its own scope with its own parameter document and
 * prints its result line as it finishes; the batch stops after the first
 * step that fails (the ones after it print nothing) and exits 1, else 0.
 * Every body must end with the line "exit $ivmExit". */
int ivm_op_batch_script(const struct ivm_op_step *steps, size_t nsteps, struct ivm_buf *out,
                        struct ivm_err *err);
/* The same, but every step runs whatever the ones before it did (for
 * reading: verify wants every fact, present or not). */
int ivm_op_batch_script_all(const struct ivm_op_step *steps, size_t nsteps, struct ivm_buf *out,
                            struct ivm_err *err);

/* A result belongs to this operation and, unless failed, carries its fields.
 * For a failed result, err says what the server said (message) and why. */
int ivm_op_check_result(const struct ivm_op *op, const struct ivm_result *r, struct ivm_err *err);

#endif
