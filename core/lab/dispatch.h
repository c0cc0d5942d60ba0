/* core/lab/dispatch.h: runs an operation-contract script in the lab, as the Windows script would. */
#ifndef IVM_LAB_DISPATCH_H
#define IVM_LAB_DISPATCH_H

#include <stdbool.h>

#include "core/contract.h"
#include "core/lab/run.h"

/* One lab operation: reads its parameters, acts on the model, fills the
 * result (status, message, fields, records) and says how long it takes. */
typedef void (*ivm_lab_op_fn)(const struct ivm_lab_ctx *ctx, const struct ivm_field *params,
                              size_t nparams, struct ivm_result *res, unsigned *duration_ms);

/* True when the script is a contract script (its first line names the op). */
bool ivm_lab_is_contract_script(const char *script);
/* Run it: the result line on stdout at its simulated time, exit 0 or 1. */
void ivm_lab_dispatch(const struct ivm_lab_ctx *ctx, const char *script, struct ivm_lab_run *run);

#endif
