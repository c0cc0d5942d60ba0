/* core/verify.c: does the integration the settings describe exist? Each expected fact: holds, missing, or different. */
#include "config.h"

#include "core/verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/ivm.h"
#include "core/ops/ops.h"
#include "core/psrun.h"

static const char *const state_names[] = {
	[IVM_FACT_HOLDS] = "holds",
	[IVM_FACT_MISSING] = "missing",
	[IVM_FACT_DIFFERENT] = "different",
};

const char *
ivm_fact_state_name(enum ivm_fact_state st)
{
	return state_names[st];
}

static void fact(struct ivm_fact *f, enum ivm_fact_state st, const char *fmt, ...) IVM_PRINTF(3, 4);

static void
fact(struct ivm_fact *f, enum ivm_fact_state st, const char *fmt, ...)
{
	f->state = st;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
}

/* A result by position; NULL when the step did not answer or failed. */
static const struct ivm_result *
ok_result(const struct ivm_ps_result *res, size_t i)
{
	return i < res->nresults && res->results[i].status != IVM_ST_FAILED ? &res->results[i] : NULL;
}

static const struct ivm_record *
find_record(const struct ivm_result *r, const char *field, const char *value)
{
	for (size_t i = 0; r && i < r->nrecords; i++) {
		const char *v = ivm_field_get(r->records[i].fields, r->records[i].nfields, field);
		if (v && strcasecmp(v, value) == 0)
			return &r->records[i];
	}
	return NULL;
}

static const char *
rec(const struct ivm_record *r, const char *field)
{
	const char *v = r ? ivm_field_get(r->fields, r->nfields, field) : NULL;
	return v ? v : "";
}

static int
ask(struct ivm_wsman *w, const struct ivm_op_step *steps, size_t n, struct ivm_ps_result *res,
    struct ivm_err *err)
{
	struct ivm_buf script = IVM_BUF_INIT;
	int rc = ivm_op_batch_script_all(steps, n, &script, err);
	if (rc == 0)
		rc = ivm_psrun(w, script.data, NULL, res, err);
	ivm_buf_release(&script);
	return rc;
}

static void
member_fact(struct ivm_fact *f, const struct ivm_result *r, const char *account, const char *group)
{
	if (r == NULL)
		fact(f, IVM_FACT_MISSING, "the group %s was not found", group);
	else if (find_record(r, "Member", account))
		fact(f, IVM_FACT_HOLDS, "%s", "");
	else
		fact(f, IVM_FACT_MISSING, "%s is not among the %zu members of %s", account, r->nrecords, group);
}

int
ivm_verify(const struct ivm_settings *s, struct ivm_wsman *const sessions[IVM_SIDES],
           struct ivm_fact facts[IVM_VERIFY_FACTS], size_t *n, struct ivm_err *err)
{
	memset(facts, 0, IVM_VERIFY_FACTS * sizeof(*facts));
	*n = 0;
	const char *conn = s->connection_string && s->connection_string[0] ? s->connection_string
	                                                                   : s->target[IVM_SIDE_IPAM].host;
	const char *runas_user = s->runas_user && s->runas_user[0] ? s->runas_user : s->account;

	/* IPAM server */
	struct ivm_param by_name[] = { { "Group", s->group_name } };
	struct ivm_param by_sid[] = { { "SID", "S-1-5-32-580" } };
	struct ivm_op_step ipam[] = {
		{ ivm_op_find("list-groups"), NULL, 0 },
		{ ivm_op_find("list-group-members"), by_name, 1 },
		{ ivm_op_find("list-group-members"), by_sid, 1 },
	};
	struct ivm_ps_result ir;
	if (ask(sessions[IVM_SIDE_IPAM], ipam, IVM_COUNT(ipam), &ir, err) < 0)
		return -1;
	/* VMM server */
	struct ivm_param test[] = { { "ConnectionString", conn ? conn : "" }, { "RunAsName", s->runas_name },
	                            { "ProviderName", s->provider } };
	struct ivm_op_step vmm[] = {
		{ ivm_op_find("list-runas"), NULL, 0 },
		{ ivm_op_find("test-network-service"), test, IVM_COUNT(test) },
		{ ivm_op_find("list-network-services"), NULL, 0 },
	};
	struct ivm_ps_result vr;
	if (ask(sessions[IVM_SIDE_VMM], vmm, IVM_COUNT(vmm), &vr, err) < 0) {
		ivm_ps_result_release(&ir);
		return -1;
	}

	struct ivm_fact *f = facts;
	snprintf(f->what, sizeof(f->what), "Local group %s on the IPAM server", s->group_name);
	const struct ivm_record *g = find_record(ok_result(&ir, 0), "Name", s->group_name);
	if (g == NULL)
		fact(f, IVM_FACT_MISSING, "no local group of that name");
	else if (strcmp(rec(g, "Description"), s->group_description ? s->group_description : "") != 0)
		fact(f, IVM_FACT_DIFFERENT, "its description is \"%s\", the answers say \"%s\"", rec(g, "Description"),
		     s->group_description ? s->group_description : "");
	else
		fact(f, IVM_FACT_HOLDS, "%s", "");
	f++;
	snprintf(f->what, sizeof(f->what), "%s in the group %s", s->account, s->group_name);
	member_fact(f++, ok_result(&ir, 1), s->account, s->group_name);
	snprintf(f->what, sizeof(f->what), "%s in Remote Management Users (S-1-5-32-580)", s->account);
	member_fact(f++, ok_result(&ir, 2), s->account, "Remote Management Users");

	const struct ivm_result *runas = ok_result(&vr, 0), *tests = ok_result(&vr, 1), *svcs = ok_result(&vr, 2);
	snprintf(f->what, sizeof(f->what), "%s at %s for %s (Test capability discovery)", s->role, s->scope,
	         s->group_name);
	const char *cap = tests ? ivm_field_get(tests->fields, tests->nfields, "CapabilityDiscovery") : NULL;
	const char *cap_why = tests ? ivm_field_get(tests->fields, tests->nfields, "CapabilityDiscoveryReason") : NULL;
	if (cap && strcmp(cap, "Passed") == 0)
		fact(f, IVM_FACT_HOLDS, "%s", "");
	else
		fact(f, IVM_FACT_MISSING, "%s", cap_why ? cap_why : tests ? "the test did not pass" :
		                                     "the provider test could not run (see the Run As fact)");
	f++;
	snprintf(f->what, sizeof(f->what), "Run As account %s for %s on the VMM server", s->runas_name, runas_user);
	const struct ivm_record *ra = find_record(runas, "Name", s->runas_name);
	if (ra == NULL)
		fact(f, IVM_FACT_MISSING, "no Run As account of that name");
	else if (strcasecmp(rec(ra, "UserName"), runas_user) != 0)
		fact(f, IVM_FACT_DIFFERENT, "it is for %s", rec(ra, "UserName"));
	else
		fact(f, IVM_FACT_HOLDS, "%s", "");
	f++;
	snprintf(f->what, sizeof(f->what), "The provider tests pass (open connection, capability discovery, system info)");
	static const char *const names[] = { "OpenConnection", "CapabilityDiscovery", "SystemInfo" };
	const char *failed = NULL;
	for (size_t i = 0; tests && i < IVM_COUNT(names) && !failed; i++) {
		const char *v = ivm_field_get(tests->fields, tests->nfields, names[i]);
		if (v == NULL || strcmp(v, "Passed") != 0)
			failed = names[i];
	}
	if (tests == NULL)
		fact(f, IVM_FACT_MISSING, "the test could not run: %s",
		     vr.nresults > 1 && vr.results[1].message ? vr.results[1].message : "no answer");
	else if (failed)
		fact(f, IVM_FACT_MISSING, "%s did not pass", failed);
	else
		fact(f, IVM_FACT_HOLDS, "%s", "");
	f++;
	snprintf(f->what, sizeof(f->what), "Network service %s connected to %s", s->service_name, conn ? conn : "");
	const struct ivm_record *sv = find_record(svcs, "Name", s->service_name);
	if (sv == NULL)
		fact(f, IVM_FACT_MISSING, "VMM has no network service of that name");
	else if (strcasecmp(rec(sv, "ConnectionString"), conn ? conn : "") != 0)
		fact(f, IVM_FACT_DIFFERENT, "its connection string is %s", rec(sv, "ConnectionString"));
	else
		fact(f, IVM_FACT_HOLDS, "%s", "");
	f++;
	*n = (size_t)(f - facts);
	ivm_ps_result_release(&ir);
	ivm_ps_result_release(&vr);
	return 0;
}
