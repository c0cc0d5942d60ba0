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
	{ "host-facts", IVM_OP_ANY, true, no_params, host_facts_fields, ivm_lab_op_host_facts },
};
const size_t ivm_ops_host_count = IVM_COUNT(ivm_ops_host);
