/* core/ops/ops_vmm.c: operations the VMM server runs: Run As accounts, providers, host groups, the IPAM network service, jobs. */
#include "config.h"

#include "core/ops/ops.h"

#include <string.h>

#include "core/ivm.h"
#include "core/lab/ops_vmm.h"

/*
 * Removals follow the IPAM operations' convention: removing what is not
 * there answers status "present", a message starting "absent:" and the
 * field Absent "true" (Absent "false" with status "removed"), so that undo
 * converges. Changes that run a VMM job carry JobName, JobStatus and
 * JobID (empty when no job ran); a failed job adds ErrorInfo.
 */
static const char *const no_params[] = { NULL };
static const char *const name_param[] = { "Name", NULL };
static const char *const count_fields[] = { "Count", NULL };
static const char *const remove_runas_fields[] = { "Name", "Absent", NULL };

static const char *const ensure_runas_params[] = { "Name", "Description", "UserName", "Password", NULL };
static const char *const ensure_runas_fields[] = { "Name", "UserName", "ID", "JobName", "JobStatus", "JobID", NULL };

static const char *const test_netsvc_params[] = { "ConnectionString", "RunAsName", "ProviderName", NULL };
static const char *const test_netsvc_fields[] = { "OpenConnection", "CapabilityDiscovery", "SystemInfo", NULL };

static const char *const ensure_netsvc_params[] = {
	"Name", "Description", "ConnectionString", "RunAsName", "ProviderName", "HostGroups", NULL,
};
static const char *const ensure_netsvc_fields[] = { "Name", "ID", "JobName", "JobStatus", "JobID", NULL };
static const char *const remove_netsvc_fields[] = { "Name", "Absent", "JobName", "JobStatus", "JobID", NULL };

static const char *const list_jobs_params[] = { "Newest", "IDs", NULL };
static const char *const list_jobs_fields[] = { "Count", "Missing", NULL };

/* Test-SCNetworkService ran but a test did not pass: the step fails with
 * that test's reason and remedy (both the lab and the script give them).
 * "Unknown" (a real server's result the script could not map) does not
 * fail the step: Add-SCNetworkService runs the same tests and its job says. */
static const struct {
	const char *field, *reason, *remedy, *label;
} tests[] = {
	{ "OpenConnection", "OpenConnectionReason", "OpenConnectionRemedy", "Test open connection" },
	{ "CapabilityDiscovery", "CapabilityDiscoveryReason", "CapabilityDiscoveryRemedy", "Test capability discovery" },
	{ "SystemInfo", "SystemInfoReason", "SystemInfoRemedy", "Test system info" },
};

static int
judge_test(const struct ivm_result *r, struct ivm_err *err)
{
	for (size_t i = 0; i < IVM_COUNT(tests); i++) {
		const char *v = ivm_field_get(r->fields, r->nfields, tests[i].field);
		if (v == NULL || strcmp(v, "Failed") != 0)
			continue;
		const char *why = ivm_field_get(r->fields, r->nfields, tests[i].reason);
		const char *next = ivm_field_get(r->fields, r->nfields, tests[i].remedy);
		ivm_err_set(err, IVM_E_REMOTE, "testing the network service", next ? next : "",
		            "%s failed: %s", tests[i].label, why && *why ? why : "(the server gave no reason)");
		return -1;
	}
	return 0;
}

#define VMM_OP(id_, reads_, params_, fields_, lab_) \
	{ .id = (id_), .role = IVM_OP_VMM, .reads_only = (reads_), .params = (params_), .fields = (fields_), \
	  .lab = (lab_) }

const struct ivm_op ivm_ops_vmm[] = {
	VMM_OP("list-runas", true, no_params, count_fields, ivm_lab_op_list_runas),
	VMM_OP("ensure-runas", false, ensure_runas_params, ensure_runas_fields, ivm_lab_op_ensure_runas),
	VMM_OP("remove-runas", false, name_param, remove_runas_fields, ivm_lab_op_remove_runas),
	VMM_OP("list-providers", true, no_params, count_fields, ivm_lab_op_list_providers),
	VMM_OP("list-hostgroups", true, no_params, count_fields, ivm_lab_op_list_hostgroups),
	{ .id = "test-network-service", .role = IVM_OP_VMM, .reads_only = true, .params = test_netsvc_params,
	  .fields = test_netsvc_fields, .lab = ivm_lab_op_test_network_service, .judge = judge_test },
	VMM_OP("ensure-network-service", false, ensure_netsvc_params, ensure_netsvc_fields,
	       ivm_lab_op_ensure_network_service),
	VMM_OP("remove-network-service", false, name_param, remove_netsvc_fields, ivm_lab_op_remove_network_service),
	VMM_OP("list-jobs", true, list_jobs_params, list_jobs_fields, ivm_lab_op_list_jobs),
};
const size_t ivm_ops_vmm_count = IVM_COUNT(ivm_ops_vmm);
