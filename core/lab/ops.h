/* core/lab/ops.h: the lab's implementation of each operation, one function per row of core/ops. */
#ifndef IVM_LAB_OPS_H
#define IVM_LAB_OPS_H

#include "core/lab/dispatch.h"

void ivm_lab_op_host_facts(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                           struct ivm_result *r, unsigned *duration_ms);

/* Helpers every lab operation uses. */
void ivm_lab_result_field(struct ivm_result *r, const char *name, const char *value);
/* Start a new record (row) and add fields to it with ivm_lab_record_field. */
void ivm_lab_result_record(struct ivm_result *r);
void ivm_lab_record_field(struct ivm_result *r, const char *name, const char *value);
/* status, and a message built with printf arguments */
void ivm_lab_result_set(struct ivm_result *r, enum ivm_status st, const char *fmt, ...) IVM_PRINTF(3, 4);
/* A failed result from an ivm_err: the message says what, why and what to do. */
void ivm_lab_result_fail(struct ivm_result *r, const struct ivm_err *err);
/* The same from parts, "why" with printf arguments; code: the Win32 code, or 0. */
void ivm_lab_result_failf(struct ivm_result *r, unsigned long code, const char *what, const char *next,
                          const char *fmt, ...) IVM_PRINTF(5, 6);
/* A field holding a number. */
void ivm_lab_result_number(struct ivm_result *r, const char *name, size_t n);
/* "true" / "false", as the scripts spell booleans. */
const char *ivm_lab_tf(bool b);
/* A parameter's value, or "" when absent. */
const char *ivm_lab_param(const struct ivm_field *params, size_t nparams, const char *name);

#endif
