/* core/lab/ops_read.h: the lab's read operations that verify uses. */
#ifndef IVM_LAB_OPS_READ_H
#define IVM_LAB_OPS_READ_H

#include "core/lab/ops.h"

void ivm_lab_op_list_group_members(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                                   struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_list_network_services(const struct ivm_lab_ctx *ctx, const struct ivm_field *params,
                                      size_t nparams, struct ivm_result *r, unsigned *duration_ms);

#endif
