/* core/lab/ops_read.c: the lab's read operations that verify uses: a group's members, the network services. */
#include "config.h"

#include "core/lab/ops_read.h"

#include <stdio.h>

#include "core/lab/model.h"

void
ivm_lab_op_list_group_members(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                              struct ivm_result *r, unsigned *duration_ms)
{
	const char *sid = ivm_lab_param(params, nparams, "SID");
	const char *name = ivm_lab_param(params, nparams, "Group");
	const struct ivm_lab_group *g = ivm_lab_group_find(ctx->host, sid[0] ? sid : name);
	if (g == NULL) {
		ivm_lab_result_failf(r, 1376, "list-group-members failed",
		                     "Check the group name, and that ipamvmm connects as an administrator of this server.",
		                     "the local group %s does not exist (1376)", sid[0] ? sid : name);
		return;
	}
	for (size_t i = 0; i < g->nmembers; i++) {
		struct ivm_lab_principal who;
		struct ivm_err err;
		bool known = ivm_lab_resolve(ctx->lab, ctx->host, g->members[i], &who, &err) == 0;
		ivm_lab_result_record(r);
		ivm_lab_record_field(r, "Member", known ? who.name : g->members[i]);
		ivm_lab_record_field(r, "SID", g->members[i]);
	}
	ivm_lab_result_field(r, "Group", g->full_name);
	ivm_lab_result_field(r, "GroupSID", g->sid);
	ivm_lab_result_number(r, "Count", g->nmembers);
	ivm_lab_result_set(r, IVM_ST_PRESENT, "%zu members in %s", g->nmembers, g->full_name);
	*duration_ms = 100;
}

void
ivm_lab_op_list_network_services(const struct ivm_lab_ctx *ctx, const struct ivm_field *params,
                                 size_t nparams, struct ivm_result *r, unsigned *duration_ms)
{
	size_t n = ivm_lab_vmm_nnetsvcs(ctx->host);
	for (size_t i = 0; i < n; i++) {
		const struct ivm_lab_netsvc *s = ivm_lab_vmm_netsvc_at(ctx->host, i);
		ivm_lab_result_record(r);
		ivm_lab_record_field(r, "Name", s->name);
		ivm_lab_record_field(r, "ConnectionString", s->connection_string);
		ivm_lab_record_field(r, "RunAsName", s->runas);
		ivm_lab_record_field(r, "ProviderName", s->provider);
		ivm_lab_record_field(r, "Manufacturer", s->manufacturer);
		ivm_lab_record_field(r, "Model", s->model);
	}
	ivm_lab_result_number(r, "Count", n);
	ivm_lab_result_set(r, IVM_ST_PRESENT, "%zu network services", n);
	*duration_ms = 200;
}
