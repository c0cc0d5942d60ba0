/* core/ops/ops_host.c: operations that any host runs. */
#include "config.h"

#include "core/ops/ops.h"

#include "core/ivm.h"
#include "core/lab/ops.h"

static const char *const no_params[] = { NULL };
static const char *const host_facts_fields[] = {
	"ComputerName", "Fqdn", "Domain", "OSCaption", "PSVersion", "IsAdministrator", "IsElevated", "Roles", NULL,
};

const struct ivm_op ivm_ops_host[] = {
	{ .id = "host-facts", .role = IVM_OP_ANY, .reads_only = true, .params = no_params,
	  .fields = host_facts_fields, .lab = ivm_lab_op_host_facts },
};
const size_t ivm_ops_host_count = IVM_COUNT(ivm_ops_host);
