/* core/lab/ops_ipam.c: the lab's side of the IPAM-server operations: local groups and members, accounts, IPAM roles, deciding as the scripts in core/ops do. */
#include "config.h"

#include "core/lab/ops_ipam.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ivm.h"
#include "core/lab/model.h"
#include "core/lab/model_int.h"
#include "core/lab/ops.h"
#include "core/xalloc.h"

/* Win32 codes the scripts report that the model has no name for. */
#define E_INVALID_PARAMETER 87	/* ERROR_INVALID_PARAMETER: a description ipamvmm refuses */

#define WRITE_MS 300		/* a local group or membership change on Windows */
#define POLICY_MS 450		/* an IPAM access policy: the IPAM service writes its database */

#define ROLE_NEXT "pick one of the roles list-ipam-roles gives (their names end in \" Role\")"
#define SCOPE_NEXT "pick one of the access scopes list-ipam-roles gives, such as Global"

static const char *
param_or(const struct ivm_field *params, size_t nparams, const char *name, const char *dflt)
{
	const char *v = ivm_lab_param(params, nparams, name);
	return *v != '\0' ? v : dflt;
}

/* ---- reads ------------------------------------------------------------------ */

void
ivm_lab_op_list_groups(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms)
{
	size_t n = ivm_lab_ngroups(ctx->host);

	for (size_t i = 0; i < n; i++) {
		const struct ivm_lab_group *g = ivm_lab_group_at(ctx->host, i);
		ivm_lab_result_record(r);
		ivm_lab_record_field(r, "Name", g->name);
		ivm_lab_record_field(r, "SID", g->sid);
		ivm_lab_record_field(r, "Description", g->description);
	}
	ivm_lab_result_field(r, "Computer", ivm_lab_host_netbios(ctx->host));
	ivm_lab_result_number(r, "Count", n);
	ivm_lab_result_set(r, IVM_ST_PRESENT, "%zu local groups on %s", n, ivm_lab_host_netbios(ctx->host));
	*duration_ms = 0;
}

/* SID_NAME_USE, as resolve-account.ps1 spells it. */
static const char *const principal_type[] = {
	[IVM_LAB_PRINCIPAL_USER] = "User",
	[IVM_LAB_PRINCIPAL_GROUP] = "Group",
	[IVM_LAB_PRINCIPAL_ALIAS] = "Alias",
	[IVM_LAB_PRINCIPAL_WELL_KNOWN] = "WellKnownGroup",
};

void
ivm_lab_op_resolve_account(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms)
{
	const char *account = ivm_lab_param(params, nparams, "Account");
	struct ivm_lab_principal p;
	struct ivm_err err;

	*duration_ms = 0;
	if (*account == '\0') {
		ivm_lab_result_failf(r, IVM_LAB_E_NONE_MAPPED, "cannot find an account",
		    "give the account as DOMAIN\\name or name@domain", "no account name was given");
		return;
	}
	if (ivm_lab_resolve(ctx->lab, ctx->host, account, &p, &err) == -1) {
		/* SecurityIdentifier.Translate says 1332 for an unknown SID too */
		err.fault_code = IVM_LAB_E_NONE_MAPPED;
		ivm_lab_result_fail(r, &err);
		return;
	}
	/* Groups cannot be disabled; only an account has the flag. */
	bool enabled = p.kind != IVM_LAB_PRINCIPAL_USER || ivm_lab_account_enabled(p.account);
	ivm_lab_result_field(r, "Account", p.name);
	ivm_lab_result_field(r, "SID", p.sid);
	ivm_lab_result_field(r, "Type", principal_type[p.kind]);
	ivm_lab_result_field(r, "Enabled", ivm_lab_tf(enabled));
	ivm_lab_result_set(r, IVM_ST_PRESENT, "%s is %s (%s)", account, p.name, p.sid);
}

/* ---- local groups ---------------------------------------------------------- */

/* The group whose own name is name (not its SID or full name): what
 * ensure-group.ps1 compares, ignoring case as SAM does. */
static const struct ivm_lab_group *
group_named(const struct ivm_lab_host *h, const char *name)
{
	for (size_t i = 0; i < ivm_lab_ngroups(h); i++)
		if (strcasecmp(ivm_lab_group_at(h, i)->name, name) == 0)
			return ivm_lab_group_at(h, i);
	return NULL;
}

/* The model has no call for this yet; the lab owns its groups, so the one
 * we found is ours to change. */
static void
set_description(struct ivm_lab_host *h, const struct ivm_lab_group *g, const char *description)
{
	for (size_t i = 0; i < h->groups.n; i++) {
		struct ivm_lab_group *own = h->groups.v[i];
		if (own == g) {
			free(own->description);
			own->description = ivm_xstrdup(description);
		}
	}
}

/* Why ensure-group refuses a description, or NULL. The lab state cannot
 * keep control characters, and the console's field is one line, so both
 * sides refuse them rather than change them. */
static const char *
description_problem(const char *d)
{
	for (const unsigned char *p = (const unsigned char *)d; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7F)
			return "it has a line break, a tab or another control character";
	if (lab_utf8_chars(d) > IVM_LAB_GROUP_DESCRIPTION_MAX)
		return "it is longer than 256 characters";
	return NULL;
}

static void
group_fields(struct ivm_result *r, const struct ivm_lab_group *g)
{
	ivm_lab_result_field(r, "Name", g->name);
	ivm_lab_result_field(r, "SID", g->sid);
	ivm_lab_result_field(r, "Description", g->description);
}

void
ivm_lab_op_ensure_group(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms)
{
	const char *name = ivm_lab_param(params, nparams, "Name");
	const char *desc = ivm_lab_param(params, nparams, "Description");
	const char *bad;
	struct ivm_err err;

	*duration_ms = WRITE_MS;
	/* the name rules first, as the script checks them before looking */
	if (ivm_lab_group_name_check(ctx->host, name, &err) == -1 &&
	    err.fault_code == IVM_LAB_E_INVALID_ACCOUNT_NAME) {
		ivm_lab_result_fail(r, &err);
		return;
	}
	if ((bad = description_problem(desc)) != NULL) {
		ivm_lab_result_failf(r, E_INVALID_PARAMETER, "cannot create the local group",
		    "give a description of at most 256 characters on one line",
		    "the description is not accepted: %s", bad);
		return;
	}
	const struct ivm_lab_group *g = group_named(ctx->host, name);
	if (g != NULL) {
		/* an empty description leaves the group's own in place */
		if (*desc == '\0' || strcmp(g->description, desc) == 0) {
			group_fields(r, g);
			ivm_lab_result_set(r, IVM_ST_PRESENT, "the local group %s already exists", g->full_name);
			return;
		}
		set_description(ctx->host, g, desc);
		group_fields(r, g);
		ivm_lab_result_set(r, IVM_ST_CHANGED, "the description of %s was updated", g->full_name);
		return;
	}
	if (ivm_lab_group_ensure(ctx->lab, ctx->host, name, desc, &err) == IVM_ST_FAILED) {
		ivm_lab_result_fail(r, &err);
		return;
	}
	g = group_named(ctx->host, name);
	group_fields(r, g);
	ivm_lab_result_set(r, IVM_ST_CREATED, "the local group %s was created", g->full_name);
}

void
ivm_lab_op_remove_group(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms)
{
	const char *name = ivm_lab_param(params, nparams, "Name");
	const struct ivm_lab_group *g = ivm_lab_group_find(ctx->host, name);
	struct ivm_err err;

	*duration_ms = WRITE_MS;
	if (g == NULL) {
		ivm_lab_result_field(r, "Name", name);
		ivm_lab_result_field(r, "Absent", "true");
		ivm_lab_result_set(r, IVM_ST_PRESENT, "absent: there is no local group \"%s\" on %s", name,
		    ivm_lab_host_netbios(ctx->host));
		return;
	}
	char *full = ivm_xstrdup(g->full_name);
	char *own = ivm_xstrdup(g->name);
	if (ivm_lab_group_remove(ctx->lab, ctx->host, name, &err) == IVM_ST_FAILED) {
		ivm_lab_result_fail(r, &err);
	} else {
		ivm_lab_result_field(r, "Name", own);
		ivm_lab_result_field(r, "Absent", "false");
		ivm_lab_result_set(r, IVM_ST_REMOVED, "the local group %s was deleted", full);
	}
	free(full);
	free(own);
}

/* ---- members ------------------------------------------------------------------ */

static void
member_fields(struct ivm_result *r, const char *group, const char *group_sid, const char *member,
    const char *member_sid)
{
	ivm_lab_result_field(r, "Group", group);
	ivm_lab_result_field(r, "GroupSID", group_sid);
	ivm_lab_result_field(r, "Member", member);
	ivm_lab_result_field(r, "MemberSID", member_sid);
}

static void
member_add(const struct ivm_lab_ctx *ctx, const char *group, const char *member, struct ivm_result *r)
{
	struct ivm_err err;
	enum ivm_status st = ivm_lab_member_add(ctx->lab, ctx->host, group, member, &err);
	if (st == IVM_ST_FAILED) {
		ivm_lab_result_fail(r, &err);
		return;
	}
	/* both exist: the model found them to decide */
	const struct ivm_lab_group *g = ivm_lab_group_find(ctx->host, group);
	struct ivm_lab_principal p;
	ivm_lab_resolve(ctx->lab, ctx->host, member, &p, &err);
	member_fields(r, g->full_name, g->sid, p.name, p.sid);
	if (st == IVM_ST_PRESENT)
		ivm_lab_result_set(r, st, "%s is already a member of %s", p.name, g->full_name);
	else
		ivm_lab_result_set(r, st, "%s was added to %s", p.name, g->full_name);
}

/* An inverse converges: with no such group, or no such account, the
 * member is not there either, so undo run twice answers "absent" rather
 * than failing on what its first run removed. */
static void
member_remove(const struct ivm_lab_ctx *ctx, const char *group, const char *member, struct ivm_result *r)
{
	const struct ivm_lab_group *g = ivm_lab_group_find(ctx->host, group);
	struct ivm_lab_principal p;
	struct ivm_err err;
	bool known = ivm_lab_resolve(ctx->lab, ctx->host, member, &p, &err) == 0;
	enum ivm_status st = IVM_ST_PRESENT;

	if (g != NULL && known) {
		st = ivm_lab_member_remove(ctx->lab, ctx->host, group, member, &err);
		if (st == IVM_ST_FAILED && err.fault_code != IVM_LAB_E_MEMBER_NOT_IN_ALIAS) {
			ivm_lab_result_fail(r, &err);
			return;
		}
		if (st == IVM_ST_FAILED)
			st = IVM_ST_PRESENT;
	}
	member_fields(r, g ? g->full_name : group, g ? g->sid : "", known ? p.name : member, known ? p.sid : "");
	ivm_lab_result_field(r, "Absent", ivm_lab_tf(st == IVM_ST_PRESENT));
	if (g == NULL)
		ivm_lab_result_set(r, st, "absent: there is no local group \"%s\" on %s", group,
		    ivm_lab_host_netbios(ctx->host));
	else if (!known)
		ivm_lab_result_set(r, st, "absent: no account or group is named \"%s\"", member);
	else if (st == IVM_ST_PRESENT)
		ivm_lab_result_set(r, st, "absent: %s is not a member of %s", p.name, g->full_name);
	else
		ivm_lab_result_set(r, st, "%s was removed from %s", p.name, g->full_name);
}

void
ivm_lab_op_ensure_group_member(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms)
{
	*duration_ms = WRITE_MS;
	member_add(ctx, ivm_lab_param(params, nparams, "Group"), ivm_lab_param(params, nparams, "Member"), r);
}

void
ivm_lab_op_remove_group_member(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms)
{
	*duration_ms = WRITE_MS;
	member_remove(ctx, ivm_lab_param(params, nparams, "Group"), ivm_lab_param(params, nparams, "Member"), r);
}

/* Remote Management Users by its SID: its name is localized. */
void
ivm_lab_op_ensure_rmu_member(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms)
{
	*duration_ms = WRITE_MS;
	member_add(ctx, IVM_LAB_SID_RMU, ivm_lab_param(params, nparams, "Member"), r);
}

void
ivm_lab_op_remove_rmu_member(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms)
{
	*duration_ms = WRITE_MS;
	member_remove(ctx, IVM_LAB_SID_RMU, ivm_lab_param(params, nparams, "Member"), r);
}

/* ---- IPAM roles ------------------------------------------------------------------ */

static const char *
role_named(const struct ivm_lab_host *h, const char *role)
{
	for (size_t i = 0; i < ivm_lab_ipam_nroles(h); i++)
		if (strcasecmp(ivm_lab_ipam_role_at(h, i), role) == 0)
			return ivm_lab_ipam_role_at(h, i);
	return NULL;
}

static const char *
scope_named(const struct ivm_lab_host *h, const char *scope)
{
	if (scope[0] == '\\')
		scope++;
	for (size_t i = 0; i < ivm_lab_ipam_nscopes(h); i++)
		if (strcasecmp(ivm_lab_ipam_scope_at(h, i), scope) == 0)
			return ivm_lab_ipam_scope_at(h, i);
	return NULL;
}

/* The IPAM local group that carries role at Global, or "". */
static const char *
role_group(const struct ivm_lab_host *h, const char *role)
{
	for (size_t i = 0; i < ivm_lab_ngroups(h); i++) {
		const struct ivm_lab_group *g = ivm_lab_group_at(h, i);
		if (g->grants_role != NULL && strcasecmp(g->grants_role, role) == 0)
			return g->name;
	}
	return "";
}

struct grant {
	const char *role, *scope;	/* canonical, the model's */
	struct ivm_lab_principal who;
};

/* The checks grant-ipam-role.ps1 makes, in its order: IPAM, role, scope,
 * principal. 0; -1 with r failed; 1 when the principal does not resolve and
 * need not (revoke: nothing can grant a role to no one, so it is absent). */
static int
grant_parts(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams, const char *what,
    bool must_resolve, struct grant *gr, struct ivm_result *r)
{
	const char *role = param_or(params, nparams, "Role", IVM_LAB_GRANT_DEFAULT_ROLE);
	const char *scope = param_or(params, nparams, "Scope", IVM_LAB_GRANT_DEFAULT_SCOPE);
	struct ivm_err err;

	if (!ivm_lab_host_has_role(ctx->host, IVM_LAB_ROLE_IPAM)) {
		ivm_lab_result_failf(r, IVM_LAB_E_NOT_FOUND, what, "run it against the server that has the IPAM Server feature",
		    "%s does not run IPAM", ivm_lab_host_fqdn(ctx->host));
		return -1;
	}
	if ((gr->role = role_named(ctx->host, role)) == NULL) {
		ivm_lab_result_failf(r, IVM_LAB_E_NOT_FOUND, what, ROLE_NEXT, "IPAM has no role named \"%s\"", role);
		return -1;
	}
	if ((gr->scope = scope_named(ctx->host, scope)) == NULL) {
		ivm_lab_result_failf(r, IVM_LAB_E_NOT_FOUND, what, SCOPE_NEXT, "IPAM has no access scope \"%s\"", scope);
		return -1;
	}
	const char *principal = ivm_lab_param(params, nparams, "Principal");
	if (ivm_lab_resolve(ctx->lab, ctx->host, principal, &gr->who, &err) == -1) {
		if (!must_resolve) {
			gr->who = (struct ivm_lab_principal){ .name = principal, .sid = "" };
			return 1;
		}
		err.fault_code = IVM_LAB_E_NONE_MAPPED;
		ivm_err_prefix(&err, "%s: ", what);
		ivm_lab_result_fail(r, &err);
		return -1;
	}
	return 0;
}

static void
grant_fields(struct ivm_result *r, const struct grant *gr)
{
	ivm_lab_result_field(r, "Principal", gr->who.name);
	ivm_lab_result_field(r, "Role", gr->role);
	ivm_lab_result_field(r, "Scope", gr->scope);
	/* the lab makes a real access policy; the scripts use the IPAM local group */
	ivm_lab_result_field(r, "Method", "access-policy");
	ivm_lab_result_field(r, "Group", "");
}

void
ivm_lab_op_grant_ipam_role(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms)
{
	const char *what = "cannot grant the IPAM role";
	struct grant gr;
	struct ivm_err err;

	*duration_ms = POLICY_MS;
	if (grant_parts(ctx, params, nparams, what, true, &gr, r) == -1)
		return;
	enum ivm_status st = ivm_lab_ipam_policy_add(ctx->lab, ctx->host, gr.who.sid, gr.role, gr.scope, &err);
	if (st == IVM_ST_FAILED) {
		ivm_lab_result_fail(r, &err);
		return;
	}
	grant_fields(r, &gr);
	ivm_lab_result_set(r, st, st == IVM_ST_CREATED ? "%s now holds the %s at %s (access policy)" :
	    "%s already holds the %s at %s (access policy)", gr.who.name, gr.role, gr.scope);
}

void
ivm_lab_op_revoke_ipam_role(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms)
{
	const char *what = "cannot revoke the IPAM role";
	struct grant gr;
	struct ivm_err err;

	*duration_ms = POLICY_MS;
	int parts = grant_parts(ctx, params, nparams, what, false, &gr, r);
	if (parts == -1)
		return;
	enum ivm_status st = IVM_ST_FAILED;
	if (parts == 0)
		st = ivm_lab_ipam_policy_remove(ctx->lab, ctx->host, gr.who.sid, gr.role, gr.scope, &err);
	if (st == IVM_ST_FAILED && parts == 0 && err.fault_code != IVM_LAB_E_NOT_FOUND) {
		ivm_lab_result_fail(r, &err);
		return;
	}
	grant_fields(r, &gr);
	ivm_lab_result_field(r, "Absent", ivm_lab_tf(st == IVM_ST_FAILED));
	if (st == IVM_ST_FAILED)
		ivm_lab_result_set(r, IVM_ST_PRESENT, "absent: no access policy gives %s the %s at %s",
		    gr.who.name, gr.role, gr.scope);
	else
		ivm_lab_result_set(r, IVM_ST_REMOVED, "the access policy giving %s the %s at %s was removed",
		    gr.who.name, gr.role, gr.scope);
}

void
ivm_lab_op_list_ipam_roles(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
    struct ivm_result *r, unsigned *duration_ms)
{
	const struct ivm_lab_host *h = ctx->host;
	size_t nroles = ivm_lab_ipam_nroles(h), nscopes = ivm_lab_ipam_nscopes(h);

	*duration_ms = 0;
	if (!ivm_lab_host_has_role(h, IVM_LAB_ROLE_IPAM)) {
		ivm_lab_result_failf(r, IVM_LAB_E_NOT_FOUND, "cannot list the IPAM roles",
		    "run it against the server that has the IPAM Server feature", "%s does not run IPAM",
		    ivm_lab_host_fqdn(h));
		return;
	}
	for (size_t i = 0; i < nroles; i++) {
		const char *role = ivm_lab_ipam_role_at(h, i);
		ivm_lab_result_record(r);
		ivm_lab_record_field(r, "Kind", "Role");
		ivm_lab_record_field(r, "Name", role);
		ivm_lab_record_field(r, "Group", role_group(h, role));
	}
	for (size_t i = 0; i < nscopes; i++) {
		const char *path = ivm_lab_ipam_scope_at(h, i);
		ivm_lab_result_record(r);
		ivm_lab_record_field(r, "Kind", "Scope");
		ivm_lab_record_field(r, "Name", ivm_lab_path_leaf(path));
		ivm_lab_record_field(r, "Path", path);
	}
	ivm_lab_result_field(r, "Source", "lab model");
	ivm_lab_result_number(r, "RoleCount", nroles);
	ivm_lab_result_number(r, "ScopeCount", nscopes);
	ivm_lab_result_set(r, IVM_ST_PRESENT, "%zu roles and %zu access scopes on %s", nroles, nscopes,
	    ivm_lab_host_netbios(h));
}
