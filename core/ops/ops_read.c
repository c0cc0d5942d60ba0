/* core/ops/ops_read.c: the read operations `ipamvmm verify` needs beyond the IPAM and VMM areas' own. */
#include "config.h"

#include "core/ops/ops.h"

#include "core/ivm.h"
#include "core/lab/ops_read.h"

static const char *const members_params[] = { "Group", "SID", NULL };
static const char *const members_fields[] = { "Group", "GroupSID", "Count", NULL };
static const char *const no_params[] = { NULL };
static const char *const count_fields[] = { "Count", NULL };

const struct ivm_op ivm_ops_read[] = {
	{ .id = "list-group-members", .role = IVM_OP_ANY, .reads_only = true, .params = members_params,
	  .fields = members_fields, .lab = ivm_lab_op_list_group_members },
	{ .id = "list-network-services", .role = IVM_OP_VMM, .reads_only = true, .params = no_params,
	  .fields = count_fields, .lab = ivm_lab_op_list_network_services },
};
const size_t ivm_ops_read_count = IVM_COUNT(ivm_ops_read);
