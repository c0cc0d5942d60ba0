/* core/lab/ipam.c: IPAM role-based access control: roles, access scopes under Global, access policies, additive rights. */
#include "config.h"

#include "core/lab/model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/lab/model_int.h"
#include "core/xalloc.h"

#define NO_IPAM_NEXT "run IPAM operations against the server that has the IPAM Server feature"

static bool
need_ipam(const struct ivm_lab_host *h, const char *what, struct ivm_err *err)
{
	if (h != NULL && h->ipam != NULL)
		return true;
	lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what, NO_IPAM_NEXT, "%s does not run IPAM",
	    h ? h->fqdn : "(no host)");
	return false;
}

/* ---- raw constructors ---------------------------------------------------- */

void
lab_ipam_add_role(struct ivm_lab_host *h, const char *role)
{
	lab_vec_push(&h->ipam->roles, ivm_xstrdup(role));
}

void
lab_ipam_add_scope(struct ivm_lab_host *h, const char *path)
{
	lab_vec_push(&h->ipam->scopes, ivm_xstrdup(path));
}

void
lab_ipam_add_policy(struct ivm_lab_host *h, const char *sid, const char *name, const char *role,
    const char *scope)
{
	struct ivm_lab_policy *p = ivm_xcalloc(1, sizeof(*p));
	p->principal_sid = ivm_xstrdup(sid);
	p->principal_name = ivm_xstrdup(name);
	p->role = ivm_xstrdup(role);
	p->scope = ivm_xstrdup(scope);
	lab_vec_push(&h->ipam->policies, p);
}

/* ---- paths ----------------------------------------------------------------- */

char *
lab_scope_normalize(const char *path)
{
	if (path == NULL)
		return NULL;
	if (path[0] == '\\')
		path++;
	if (!lab_text_ok(path, LAB_MAX_TEXT) || *path == '\0')
		return NULL;
	/* no empty part, no part with only spaces at an end */
	for (const char *p = path; *p != '\0'; p++) {
		if (*p == '\\' && (p[1] == '\\' || p[1] == '\0'))
			return NULL;
	}
	return ivm_xstrdup(path);
}

const char *
ivm_lab_path_leaf(const char *path)
{
	const char *bs = strrchr(path, '\\');
	return bs ? bs + 1 : path;
}

void
ivm_lab_path_parent(const char *path, struct ivm_buf *out)
{
	const char *bs = strrchr(path, '\\');
	ivm_buf_clear(out);
	ivm_buf_add(out, path, bs ? (size_t)(bs - path) : 0);
}

/* Is scope at or under top ("Global\Europe" is under "Global")? */
static bool
scope_covers(const char *top, const char *scope)
{
	size_t n = strlen(top);
	return strncasecmp(top, scope, n) == 0 && (scope[n] == '\0' || scope[n] == '\\');
}

/* ---- roles and scopes -------------------------------------------------------- */

size_t
ivm_lab_ipam_nroles(const struct ivm_lab_host *h)
{
	return h->ipam ? h->ipam->roles.n : 0;
}

const char *
ivm_lab_ipam_role_at(const struct ivm_lab_host *h, size_t i)
{
	return i < ivm_lab_ipam_nroles(h) ? h->ipam->roles.v[i] : NULL;
}

static const char *
role_find(const struct ivm_lab_host *h, const char *role)
{
	for (size_t i = 0; role != NULL && i < ivm_lab_ipam_nroles(h); i++)
		if (strcasecmp(h->ipam->roles.v[i], role) == 0)
			return h->ipam->roles.v[i];
	return NULL;
}

bool
ivm_lab_ipam_role_exists(const struct ivm_lab_host *h, const char *role)
{
	return role_find(h, role) != NULL;
}

size_t
ivm_lab_ipam_nscopes(const struct ivm_lab_host *h)
{
	return h->ipam ? h->ipam->scopes.n : 0;
}

const char *
ivm_lab_ipam_scope_at(const struct ivm_lab_host *h, size_t i)
{
	return i < ivm_lab_ipam_nscopes(h) ? h->ipam->scopes.v[i] : NULL;
}

static size_t
scope_index(const struct ivm_lab_host *h, const char *path)
{
	char *norm = lab_scope_normalize(path);
	size_t found = (size_t)-1;
	for (size_t i = 0; norm != NULL && i < ivm_lab_ipam_nscopes(h); i++)
		if (strcasecmp(h->ipam->scopes.v[i], norm) == 0)
			found = i;
	free(norm);
	return found;
}

bool
ivm_lab_ipam_scope_exists(const struct ivm_lab_host *h, const char *path)
{
	return scope_index(h, path) != (size_t)-1;
}

enum ivm_status
ivm_lab_ipam_scope_ensure(struct ivm_lab *lab, struct ivm_lab_host *h, const char *path, struct ivm_err *err)
{
	const char *what = "cannot create the IPAM access scope";
	if (!need_ipam(h, what, err))
		return IVM_ST_FAILED;
	if (ivm_lab_ipam_scope_exists(h, path))
		return IVM_ST_PRESENT;
	char *norm = lab_scope_normalize(path);
	struct ivm_buf parent = IVM_BUF_INIT;
	enum ivm_status st = IVM_ST_FAILED;
	if (norm != NULL)
		ivm_lab_path_parent(norm, &parent);
	if (norm == NULL || !scope_covers(IVM_LAB_SCOPE_GLOBAL, norm) || strcasecmp(norm, IVM_LAB_SCOPE_GLOBAL) == 0)
		lab_fail(err, h, IVM_LAB_E_INVALID_ACCOUNT_NAME, what,
		    "give a path under Global, such as Global\\Europe\\Dublin",
		    "\"%s\" is not an access scope path under Global", path ? path : "");
	else if (!ivm_lab_ipam_scope_exists(h, ivm_buf_str(&parent)))
		lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what, "create the parent scope first",
		    "the parent scope %s does not exist", ivm_buf_str(&parent));
	else if (h->ipam->scopes.n >= LAB_MAX_ITEMS)
		lab_fail(err, h, IVM_LAB_E_LIMIT, what, "remove scopes you do not need", "too many access scopes");
	else {
		lab_ipam_add_scope(h, norm);
		st = IVM_ST_CREATED;
	}
	free(norm);
	ivm_buf_release(&parent);
	return st;
}

enum ivm_status
ivm_lab_ipam_scope_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *path, struct ivm_err *err)
{
	const char *what = "cannot delete the IPAM access scope";
	if (!need_ipam(h, what, err))
		return IVM_ST_FAILED;
	size_t i = scope_index(h, path);
	if (i == (size_t)-1) {
		lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what, "check the path (Global\\...)",
		    "there is no access scope %s", path ? path : "");
		return IVM_ST_FAILED;
	}
	const char *s = h->ipam->scopes.v[i];
	if (strcasecmp(s, IVM_LAB_SCOPE_GLOBAL) == 0) {
		lab_fail(err, h, IVM_LAB_E_ACCESS_DENIED, what, "leave Global in place",
		    "Global is the built-in scope every other scope is under");
		return IVM_ST_FAILED;
	}
	for (size_t j = 0; j < h->ipam->scopes.n; j++) {
		if (j != i && scope_covers(s, h->ipam->scopes.v[j])) {
			lab_fail(err, h, IVM_LAB_E_IN_USE, what, "delete the scopes under it first",
			    "the scope %s has the scope %s under it", s, (char *)h->ipam->scopes.v[j]);
			return IVM_ST_FAILED;
		}
	}
	for (size_t j = 0; j < h->ipam->policies.n; j++) {
		const struct ivm_lab_policy *p = h->ipam->policies.v[j];
		if (strcasecmp(p->scope, s) == 0) {
			lab_fail(err, h, IVM_LAB_E_IN_USE, what, "remove the access policies that use it first",
			    "the access policy for %s uses the scope %s", p->principal_name, s);
			return IVM_ST_FAILED;
		}
	}
	free(lab_vec_take(&h->ipam->scopes, i));
	return IVM_ST_REMOVED;
}

/* ---- policies ------------------------------------------------------------------ */

size_t
ivm_lab_ipam_npolicies(const struct ivm_lab_host *h)
{
	return h->ipam ? h->ipam->policies.n : 0;
}

const struct ivm_lab_policy *
ivm_lab_ipam_policy_at(const struct ivm_lab_host *h, size_t i)
{
	return i < ivm_lab_ipam_npolicies(h) ? h->ipam->policies.v[i] : NULL;
}

static size_t
policy_index(const struct ivm_lab_host *h, const char *sid, const char *role, const char *scope)
{
	for (size_t i = 0; i < h->ipam->policies.n; i++) {
		const struct ivm_lab_policy *p = h->ipam->policies.v[i];
		if (strcasecmp(p->principal_sid, sid) == 0 && strcasecmp(p->role, role) == 0 &&
		    strcasecmp(p->scope, scope) == 0)
			return i;
	}
	return (size_t)-1;
}

/* Check the three parts of a policy; the canonical role and scope on success. */
static int
policy_parts(const struct ivm_lab *lab, const struct ivm_lab_host *h, const char *principal, const char *role,
    const char *scope, const char *what, struct ivm_lab_principal *p, const char **crole, size_t *iscope,
    struct ivm_err *err)
{
	if (ivm_lab_resolve(lab, h, principal, p, err) == -1) {
		ivm_err_prefix(err, "%s: ", what);
		return -1;
	}
	if ((*crole = role_find(h, role)) == NULL) {
		lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what,
		    "pick one of the roles the IPAM server lists (they end in \" Role\")",
		    "IPAM has no role named \"%s\"", role ? role : "");
		return -1;
	}
	if ((*iscope = scope_index(h, scope)) == (size_t)-1) {
		lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what,
		    "pick one of the access scopes the IPAM server lists, such as Global",
		    "IPAM has no access scope \"%s\"", scope ? scope : "");
		return -1;
	}
	return 0;
}

enum ivm_status
ivm_lab_ipam_policy_add(struct ivm_lab *lab, struct ivm_lab_host *h, const char *principal, const char *role,
    const char *scope, struct ivm_err *err)
{
	const char *what = "cannot add the IPAM access policy";
	struct ivm_lab_principal p;
	const char *crole;
	size_t iscope;

	if (!need_ipam(h, what, err) ||
	    policy_parts(lab, h, principal, role, scope, what, &p, &crole, &iscope, err) == -1)
		return IVM_ST_FAILED;
	const char *cscope = h->ipam->scopes.v[iscope];
	if (policy_index(h, p.sid, crole, cscope) != (size_t)-1)
		return IVM_ST_PRESENT;
	if (h->ipam->policies.n >= LAB_MAX_ITEMS) {
		lab_fail(err, h, IVM_LAB_E_LIMIT, what, "remove policies you do not need", "too many access policies");
		return IVM_ST_FAILED;
	}
	lab_ipam_add_policy(h, p.sid, p.name, crole, cscope);
	return IVM_ST_CREATED;
}

enum ivm_status
ivm_lab_ipam_policy_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *principal, const char *role,
    const char *scope, struct ivm_err *err)
{
	const char *what = "cannot remove the IPAM access policy";
	struct ivm_lab_principal p;
	const char *crole;
	size_t iscope, i;

	if (!need_ipam(h, what, err) ||
	    policy_parts(lab, h, principal, role, scope, what, &p, &crole, &iscope, err) == -1)
		return IVM_ST_FAILED;
	if ((i = policy_index(h, p.sid, crole, h->ipam->scopes.v[iscope])) == (size_t)-1) {
		lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what, "nothing to do: there is no such policy",
		    "no access policy gives %s the %s at %s", p.name, crole,
		    (char *)h->ipam->scopes.v[iscope]);
		return IVM_ST_FAILED;
	}
	struct ivm_lab_policy *pol = lab_vec_take(&h->ipam->policies, i);
	free(pol->principal_sid);
	free(pol->principal_name);
	free(pol->role);
	free(pol->scope);
	free(pol);
	return IVM_ST_REMOVED;
}

bool
ivm_lab_ipam_has_role(const struct ivm_lab *lab, const struct ivm_lab_host *h, const struct ivm_lab_account *a,
    const char *role, const char *scope, const char **why)
{
	if (why != NULL)
		*why = NULL;
	if (h == NULL || h->ipam == NULL || a == NULL || role == NULL)
		return false;
	char *norm = lab_scope_normalize(scope ? scope : IVM_LAB_SCOPE_GLOBAL);
	if (norm == NULL)
		return false;
	size_t n;
	const char **sids = ivm_lab_identity_sids(lab, h, a, &n);
	bool found = false;

	/* RBAC is additive: an IPAM local group carries its role at Global,
	 * whatever the policies say. */
	for (size_t i = 0; !found && i < h->groups.n; i++) {
		const struct ivm_lab_group *g = h->groups.v[i];
		if (g->grants_role == NULL || strcasecmp(g->grants_role, role) != 0)
			continue;
		for (size_t k = 0; !found && k < n; k++)
			if (strcasecmp(sids[k], g->sid) == 0 && (found = true) && why != NULL)
				*why = g->full_name;
	}
	for (size_t i = 0; !found && i < h->ipam->policies.n; i++) {
		const struct ivm_lab_policy *p = h->ipam->policies.v[i];
		if (strcasecmp(p->role, role) != 0 || !scope_covers(p->scope, norm))
			continue;
		for (size_t k = 0; !found && k < n; k++)
			if (strcasecmp(sids[k], p->principal_sid) == 0 && (found = true) && why != NULL)
				*why = p->principal_name;
	}
	free(sids);
	free(norm);
	return found;
}
