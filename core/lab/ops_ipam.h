/* core/lab/ops_ipam.h: the lab's side of the IPAM-server operations (local groups, accounts, IPAM roles), one function per row of core/ops/ops_ipam.c. */
#ifndef IVM_LAB_OPS_IPAM_H
#define IVM_LAB_OPS_IPAM_H

#include "core/lab/dispatch.h"

/*
 * Conventions every function here shares with its core/ops/<id>.ps1:
 * - a failed result's message is "what: why. next" and, when Windows gives
 *   one, the field Win32 carries the code (1315, 1332, 1376, 1388...);
 * - an inverse (remove-...) that finds nothing to remove answers status
 *   "present", a message that starts with "absent", and the field
 *   Absent = "true" (Absent = "false" with status "removed" otherwise).
 */
void ivm_lab_op_list_groups(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_resolve_account(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_ensure_group(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_remove_group(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_ensure_group_member(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_remove_group_member(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_ensure_rmu_member(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_remove_rmu_member(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_grant_ipam_role(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_revoke_ipam_role(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms);
void ivm_lab_op_list_ipam_roles(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms);

/* What ensure-group and the script accept as a description: at most this
 * many characters, on one line. */
#define IVM_LAB_GROUP_DESCRIPTION_MAX 256
/* The defaults of grant-ipam-role and revoke-ipam-role. */
#define IVM_LAB_GRANT_DEFAULT_ROLE "IPAM ASM Administrator Role"
#define IVM_LAB_GRANT_DEFAULT_SCOPE "Global"

#endif
