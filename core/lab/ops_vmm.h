/* core/lab/ops_vmm.h: the lab's side of the VMM server's operations (rows of core/ops/ops_vmm.c). */
#ifndef IVM_LAB_OPS_VMM_H
#define IVM_LAB_OPS_VMM_H

#include "core/lab/dispatch.h"

/* Each decides as core/ops/<id>.ps1 does on a real VMM server. */
void ivm_lab_op_list_runas(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                           struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_ensure_runas(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                             struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_remove_runas(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                             struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_list_providers(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                               struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_list_hostgroups(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                                struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_test_network_service(const struct ivm_lab_ctx *ctx, const struct ivm_field *params,
                                     size_t nparams, struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_ensure_network_service(const struct ivm_lab_ctx *ctx, const struct ivm_field *params,
                                       size_t nparams, struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_remove_network_service(const struct ivm_lab_ctx *ctx, const struct ivm_field *params,
                                       size_t nparams, struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_list_jobs(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                          struct ivm_result *r, unsigned *duration_ms);

#endif
