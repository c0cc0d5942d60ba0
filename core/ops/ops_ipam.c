/* core/ops/ops_ipam.c: operations the IPAM server runs: local groups and members, accounts, Remote Management Users, IPAM roles. */
#include "config.h"

#include "core/ops/ops.h"

#include "core/ivm.h"
#include "core/lab/ops_ipam.h"

/*
 * Shared by every row here, script and lab alike (core/lab/ops_ipam.h):
 * - a failed result's message is "what: why. next"; the field Win32 carries
 *   the Windows code when there is one (1315 bad name, 1332 no such
 *   account, 1376 no such group, 1388 a local group as a member, ...);
 * - an inverse that finds nothing to remove answers "present", a message
 *   starting with "absent", and Absent = "true"; after a removal, "removed"
 *   and Absent = "false". So `undo` run twice converges, and `verify` can
 *   tell "gone" from "never there" without reading the message.
 */

static const char *const no_params[] = { NULL };
static const char *const account_params[] = { "Account", NULL };
static const char *const group_params[] = { "Name", "Description", NULL };
static const char *const name_params[] = { "Name", NULL };
static const char *const member_params[] = { "Group", "Member", NULL };
static const char *const rmu_params[] = { "Member", NULL };
static const char *const grant_params[] = { "Principal", "Role", "Scope", NULL };

static const char *const list_groups_fields[] = { "Computer", "Count", NULL };
static const char *const account_fields[] = { "Account", "SID", "Type", "Enabled", NULL };
static const char *const group_fields[] = { "Name", "SID", "Description", NULL };
static const char *const remove_group_fields[] = { "Name", "Absent", NULL };
static const char *const member_fields[] = { "Group", "GroupSID", "Member", "MemberSID", NULL };
static const char *const unmember_fields[] = { "Group", "GroupSID", "Member", "MemberSID", "Absent", NULL };
static const char *const grant_fields[] = { "Principal", "Role", "Scope", "Method", "Group", NULL };
static const char *const revoke_fields[] = { "Principal", "Role", "Scope", "Method", "Group", "Absent", NULL };
static const char *const roles_fields[] = { "Source", "RoleCount", "ScopeCount", NULL };

const struct ivm_op ivm_ops_ipam[] = {
	{ .id = "list-groups", .role = IVM_OP_IPAM, .reads_only = true, .params = no_params,
	  .fields = list_groups_fields, .lab = ivm_lab_op_list_groups },
	{ .id = "resolve-account", .role = IVM_OP_ANY, .reads_only = true, .params = account_params,
	  .fields = account_fields, .lab = ivm_lab_op_resolve_account },
	{ .id = "ensure-group", .role = IVM_OP_IPAM, .reads_only = false, .params = group_params,
	  .fields = group_fields, .lab = ivm_lab_op_ensure_group },
	{ .id = "remove-group", .role = IVM_OP_IPAM, .reads_only = false, .params = name_params,
	  .fields = remove_group_fields, .lab = ivm_lab_op_remove_group },
	{ .id = "ensure-group-member", .role = IVM_OP_IPAM, .reads_only = false, .params = member_params,
	  .fields = member_fields, .lab = ivm_lab_op_ensure_group_member },
	{ .id = "remove-group-member", .role = IVM_OP_IPAM, .reads_only = false, .params = member_params,
	  .fields = unmember_fields, .lab = ivm_lab_op_remove_group_member },
	{ .id = "ensure-rmu-member", .role = IVM_OP_IPAM, .reads_only = false, .params = rmu_params,
	  .fields = member_fields, .lab = ivm_lab_op_ensure_rmu_member },
	{ .id = "remove-rmu-member", .role = IVM_OP_IPAM, .reads_only = false, .params = rmu_params,
	  .fields = unmember_fields, .lab = ivm_lab_op_remove_rmu_member },
	{ .id = "grant-ipam-role", .role = IVM_OP_IPAM, .reads_only = false, .params = grant_params,
	  .fields = grant_fields, .lab = ivm_lab_op_grant_ipam_role },
	{ .id = "revoke-ipam-role", .role = IVM_OP_IPAM, .reads_only = false, .params = grant_params,
	  .fields = revoke_fields, .lab = ivm_lab_op_revoke_ipam_role },
	{ .id = "list-ipam-roles", .role = IVM_OP_IPAM, .reads_only = true, .params = no_params,
	  .fields = roles_fields, .lab = ivm_lab_op_list_ipam_roles },
};
const size_t ivm_ops_ipam_count = IVM_COUNT(ivm_ops_ipam);
