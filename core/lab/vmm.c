/* core/lab/vmm.c: the VMM server's objects: Run As accounts, configuration providers, host groups, logical networks, network services. */
#include "config.h"

#include "core/lab/model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ivm.h"
#include "core/lab/model_int.h"
#include "core/xalloc.h"

#define NO_VMM_NEXT "run VMM operations against the server that runs VMM"

static const char *const runas_steps[] = { "Create new RunAs Account" };
static const char *const runas_update_steps[] = { "Update RunAs Account" };
static const char *const netsvc_steps[] = {
	"Add network service device",
	"Connect to the network service",
	"Discover the network service's capabilities",
	"Read the network service's system information",
};
static const char *const netsvc_update_steps[] = { "Update network service device" };
static const char *const netsvc_remove_steps[] = { "Remove network service device" };

static bool
need_vmm(const struct ivm_lab_host *h, const char *what, struct ivm_err *err)
{
	if (h != NULL && h->vmm != NULL)
		return true;
	lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what, NO_VMM_NEXT, "%s does not run VMM", h ? h->fqdn : "(no host)");
	return false;
}

static bool
need_text(const struct ivm_lab_host *h, const char *s, bool required, const char *label, const char *what,
    struct ivm_err *err)
{
	if (s == NULL && !required)
		return true;
	if (s != NULL && lab_text_ok(s, LAB_MAX_TEXT) && (!required || *s != '\0'))
		return true;
	lab_fail(err, h, IVM_LAB_E_INVALID_ACCOUNT_NAME, what,
	    "give a value of at most 1024 bytes without control characters",
	    "the %s is %s", label, s == NULL || *s == '\0' ? "empty" : "too long or has control characters");
	return false;
}

/* ---- raw constructors ---------------------------------------------------- */

struct ivm_lab_runas *
lab_vmm_add_runas(struct ivm_lab_host *h, const char *id, const char *name, const char *user,
    const char *description, bool ok)
{
	struct ivm_lab_runas *r = ivm_xcalloc(1, sizeof(*r));
	char guid[37];
	if (id == NULL)
		lab_guid(guid);
	r->id = ivm_xstrdup(id ? id : guid);
	r->name = ivm_xstrdup(name);
	r->user = ivm_xstrdup(user);
	r->description = ivm_xstrdup(description ? description : "");
	r->credentials_ok = ok;
	lab_vec_push(&h->vmm->runas, r);
	return r;
}

void
lab_vmm_add_provider(struct ivm_lab_host *h, const char *name, const char *manufacturer, const char *model,
    const char *type)
{
	struct ivm_lab_provider *p = ivm_xcalloc(1, sizeof(*p));
	p->name = ivm_xstrdup(name);
	p->manufacturer = ivm_xstrdup(manufacturer);
	p->model = ivm_xstrdup(model);
	p->type = ivm_xstrdup(type);
	lab_vec_push(&h->vmm->providers, p);
}

void
lab_vmm_add_hostgroup(struct ivm_lab_host *h, const char *id, const char *path)
{
	struct ivm_lab_hostgroup *g = ivm_xcalloc(1, sizeof(*g));
	g->id = ivm_xstrdup(id);
	g->path = ivm_xstrdup(path);
	lab_vec_push(&h->vmm->hostgroups, g);
}

void
lab_vmm_add_lnet(struct ivm_lab_host *h, const char *id, const char *name)
{
	struct ivm_lab_lnet *l = ivm_xcalloc(1, sizeof(*l));
	l->id = ivm_xstrdup(id);
	l->name = ivm_xstrdup(name);
	lab_vec_push(&h->vmm->lnets, l);
}

static char *
dup_or_empty(const char *s)
{
	return ivm_xstrdup(s ? s : "");
}

static void
netsvc_set(struct ivm_lab_netsvc *s, const struct ivm_lab_netsvc_spec *spec)
{
	free(s->name);
	free(s->description);
	free(s->manufacturer);
	free(s->model);
	free(s->provider);
	free(s->connection_string);
	free(s->runas);
	lab_strv_free(s->hostgroups, s->nhostgroups);
	s->name = dup_or_empty(spec->name);
	s->description = dup_or_empty(spec->description);
	s->manufacturer = dup_or_empty(spec->manufacturer);
	s->model = dup_or_empty(spec->model);
	s->provider = dup_or_empty(spec->provider);
	s->connection_string = dup_or_empty(spec->connection_string);
	s->runas = dup_or_empty(spec->runas);
	s->nhostgroups = spec->nhostgroups;
	s->hostgroups = ivm_xcalloc(spec->nhostgroups + 1, sizeof(*s->hostgroups));
	for (size_t i = 0; i < spec->nhostgroups; i++)
		s->hostgroups[i] = ivm_xstrdup(spec->hostgroups[i]);
}

struct ivm_lab_netsvc *
lab_vmm_add_netsvc(struct ivm_lab_host *h, const char *id, const struct ivm_lab_netsvc_spec *spec)
{
	struct ivm_lab_netsvc *s = ivm_xcalloc(1, sizeof(*s));
	char guid[37];
	if (id == NULL)
		lab_guid(guid);
	s->id = ivm_xstrdup(id ? id : guid);
	netsvc_set(s, spec);
	lab_vec_push(&h->vmm->netsvcs, s);
	return s;
}

void
lab_netsvc_free(struct ivm_lab_netsvc *s)
{
	if (s == NULL)
		return;
	free(s->id);
	free(s->name);
	free(s->description);
	free(s->manufacturer);
	free(s->model);
	free(s->provider);
	free(s->connection_string);
	free(s->runas);
	lab_strv_free(s->hostgroups, s->nhostgroups);
	free(s);
}

/* ---- Run As accounts ------------------------------------------------------- */

size_t
ivm_lab_vmm_nrunas(const struct ivm_lab_host *h)
{
	return h->vmm ? h->vmm->runas.n : 0;
}

const struct ivm_lab_runas *
ivm_lab_vmm_runas_at(const struct ivm_lab_host *h, size_t i)
{
	return i < ivm_lab_vmm_nrunas(h) ? h->vmm->runas.v[i] : NULL;
}

static size_t
runas_index(const struct ivm_lab_host *h, const char *key)
{
	for (size_t i = 0; key != NULL && i < ivm_lab_vmm_nrunas(h); i++) {
		const struct ivm_lab_runas *r = h->vmm->runas.v[i];
		if (strcasecmp(r->name, key) == 0 || strcasecmp(r->id, key) == 0)
			return i;
	}
	return (size_t)-1;
}

const struct ivm_lab_runas *
ivm_lab_vmm_runas_find(const struct ivm_lab_host *h, const char *name_or_id)
{
	size_t i = runas_index(h, name_or_id);
	return i == (size_t)-1 ? NULL : h->vmm->runas.v[i];
}

/* VMM checks a Run As credential against the domain: an enabled account
 * with that password. *why says what is wrong. */
static bool
credentials_valid(struct ivm_lab *lab, const char *user, const char *password, const char **why)
{
	const struct ivm_lab_account *a = NULL;
	enum ivm_lab_auth r = ivm_lab_authenticate(lab, NULL, user, password, &a);
	*why = r == IVM_LAB_AUTH_DISABLED ? "the account is disabled" :
	    r == IVM_LAB_AUTH_BAD ? "the user name or password is incorrect (VMM checks Run As "
	    "credentials against the domain, so give a domain account as DOMAIN\\name)" : NULL;
	return r == IVM_LAB_AUTH_OK;
}

enum ivm_status
ivm_lab_vmm_runas_ensure(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name, const char *user,
    const char *password, const char *description, bool validate, const struct ivm_lab_job **job,
    struct ivm_err *err)
{
	const char *what = "cannot create the Run As account";
	const char *why = NULL;

	if (job != NULL)
		*job = NULL;
	if (!need_vmm(h, what, err) || !need_text(h, name, true, "Run As account name", what, err) ||
	    !need_text(h, user, true, "user name", what, err) ||
	    !need_text(h, description, false, "description", what, err))
		return IVM_ST_FAILED;
	bool ok = credentials_valid(lab, user, password, &why);
	const struct ivm_lab_account *a = lab_domain_account(lab, user);
	const char *canon = a != NULL ? a->name : user;
	size_t i = runas_index(h, name);
	struct ivm_lab_runas *r = i == (size_t)-1 ? NULL : h->vmm->runas.v[i];

	if (r != NULL && strcasecmp(r->user, canon) == 0 && r->credentials_ok)
		return IVM_ST_PRESENT;
	const char *const *steps = r ? runas_update_steps : runas_steps;
	const char *jobname = steps[0];
	if (validate && !ok) {
		const struct ivm_lab_job *j = ivm_lab_job_start(lab, h, jobname, steps, 1, IVM_LAB_JOB_FAILED, why);
		if (job != NULL)
			*job = j;
		lab_fail(err, h, IVM_LAB_E_LOGON_FAILURE, r ? "cannot update the Run As account" : what,
		    "check the user name (DOMAIN\\name) and the password, and that the account is enabled",
		    "VMM could not validate the credentials of %s: %s", user, why);
		return IVM_ST_FAILED;
	}
	if (r == NULL && h->vmm->runas.n >= LAB_MAX_ITEMS) {
		lab_fail(err, h, IVM_LAB_E_LIMIT, what, "remove Run As accounts you do not need", "too many Run As accounts");
		return IVM_ST_FAILED;
	}
	if (r == NULL)
		r = lab_vmm_add_runas(h, NULL, name, canon, description, ok);
	else {
		free(r->user);
		r->user = ivm_xstrdup(canon);
		r->credentials_ok = ok;
		if (description != NULL) {
			free(r->description);
			r->description = ivm_xstrdup(description);
		}
	}
	const struct ivm_lab_job *j = ivm_lab_job_start(lab, h, jobname, steps, 1, IVM_LAB_JOB_COMPLETED, NULL);
	if (job != NULL)
		*job = j;
	return i == (size_t)-1 ? IVM_ST_CREATED : IVM_ST_CHANGED;
}

enum ivm_status
ivm_lab_vmm_runas_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name, struct ivm_err *err)
{
	const char *what = "cannot remove the Run As account";
	if (!need_vmm(h, what, err))
		return IVM_ST_FAILED;
	size_t i = runas_index(h, name);
	if (i == (size_t)-1) {
		lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what, "nothing to do: it does not exist",
		    "there is no Run As account \"%s\"", name ? name : "");
		return IVM_ST_FAILED;
	}
	struct ivm_lab_runas *r = h->vmm->runas.v[i];
	for (size_t k = 0; k < h->vmm->netsvcs.n; k++) {
		const struct ivm_lab_netsvc *s = h->vmm->netsvcs.v[k];
		if (strcasecmp(s->runas, r->name) == 0) {
			lab_fail(err, h, IVM_LAB_E_IN_USE, what, "remove that network service first",
			    "the network service %s uses the Run As account %s", s->name, r->name);
			return IVM_ST_FAILED;
		}
	}
	free(r->id);
	free(r->name);
	free(r->user);
	free(r->description);
	free(lab_vec_take(&h->vmm->runas, i));
	return IVM_ST_REMOVED;
}

/* ---- providers, host groups, logical networks -------------------------------- */

size_t
ivm_lab_vmm_nproviders(const struct ivm_lab_host *h)
{
	return h->vmm ? h->vmm->providers.n : 0;
}

const struct ivm_lab_provider *
ivm_lab_vmm_provider_at(const struct ivm_lab_host *h, size_t i)
{
	return i < ivm_lab_vmm_nproviders(h) ? h->vmm->providers.v[i] : NULL;
}

const struct ivm_lab_provider *
ivm_lab_vmm_provider_find(const struct ivm_lab_host *h, const char *name)
{
	for (size_t i = 0; name != NULL && i < ivm_lab_vmm_nproviders(h); i++) {
		const struct ivm_lab_provider *p = h->vmm->providers.v[i];
		if (strcasecmp(p->name, name) == 0)
			return p;
	}
	return NULL;
}

const struct ivm_lab_provider *
ivm_lab_vmm_provider_for(const struct ivm_lab_host *h, const char *manufacturer, const char *model)
{
	for (size_t i = 0; manufacturer != NULL && model != NULL && i < ivm_lab_vmm_nproviders(h); i++) {
		const struct ivm_lab_provider *p = h->vmm->providers.v[i];
		if (strcasecmp(p->manufacturer, manufacturer) == 0 && strcasecmp(p->model, model) == 0)
			return p;
	}
	return NULL;
}

size_t
ivm_lab_vmm_nhostgroups(const struct ivm_lab_host *h)
{
	return h->vmm ? h->vmm->hostgroups.n : 0;
}

const struct ivm_lab_hostgroup *
ivm_lab_vmm_hostgroup_at(const struct ivm_lab_host *h, size_t i)
{
	return i < ivm_lab_vmm_nhostgroups(h) ? h->vmm->hostgroups.v[i] : NULL;
}

const struct ivm_lab_hostgroup *
ivm_lab_vmm_hostgroup_find(const struct ivm_lab_host *h, const char *key)
{
	const struct ivm_lab_hostgroup *by_name = NULL;
	size_t named = 0;
	for (size_t i = 0; key != NULL && i < ivm_lab_vmm_nhostgroups(h); i++) {
		const struct ivm_lab_hostgroup *g = h->vmm->hostgroups.v[i];
		if (strcasecmp(g->path, key) == 0 || strcasecmp(g->id, key) == 0)
			return g;
		if (strcasecmp(ivm_lab_path_leaf(g->path), key) == 0) {
			by_name = g;
			named++;
		}
	}
	return named == 1 ? by_name : NULL;
}

size_t
ivm_lab_vmm_nlnets(const struct ivm_lab_host *h)
{
	return h->vmm ? h->vmm->lnets.n : 0;
}

const struct ivm_lab_lnet *
ivm_lab_vmm_lnet_at(const struct ivm_lab_host *h, size_t i)
{
	return i < ivm_lab_vmm_nlnets(h) ? h->vmm->lnets.v[i] : NULL;
}

/* ---- network services ----------------------------------------------------------- */

size_t
ivm_lab_vmm_nnetsvcs(const struct ivm_lab_host *h)
{
	return h->vmm ? h->vmm->netsvcs.n : 0;
}

const struct ivm_lab_netsvc *
ivm_lab_vmm_netsvc_at(const struct ivm_lab_host *h, size_t i)
{
	return i < ivm_lab_vmm_nnetsvcs(h) ? h->vmm->netsvcs.v[i] : NULL;
}

static size_t
netsvc_index(const struct ivm_lab_host *h, const char *key)
{
	for (size_t i = 0; key != NULL && i < ivm_lab_vmm_nnetsvcs(h); i++) {
		const struct ivm_lab_netsvc *s = h->vmm->netsvcs.v[i];
		if (strcasecmp(s->name, key) == 0 || strcasecmp(s->id, key) == 0)
			return i;
	}
	return (size_t)-1;
}

const struct ivm_lab_netsvc *
ivm_lab_vmm_netsvc_find(const struct ivm_lab_host *h, const char *name_or_id)
{
	size_t i = netsvc_index(h, name_or_id);
	return i == (size_t)-1 ? NULL : h->vmm->netsvcs.v[i];
}

/* The spec with its provider and host groups resolved to canonical names. */
struct resolved {
	struct ivm_lab_netsvc_spec spec;
	const char **paths;
};

static int
resolve_spec(const struct ivm_lab_host *h, const struct ivm_lab_netsvc_spec *in, struct resolved *out,
    const char *what, struct ivm_err *err)
{
	const struct ivm_lab_provider *p = NULL;

	out->spec = *in;
	out->paths = NULL;
	if (!need_text(h, in->name, true, "network service name", what, err) ||
	    !need_text(h, in->description, false, "description", what, err) ||
	    !need_text(h, in->connection_string, true, "connection string", what, err) ||
	    !need_text(h, in->runas, true, "Run As account", what, err))
		return -1;
	if (in->provider != NULL && *in->provider != '\0')
		p = ivm_lab_vmm_provider_find(h, in->provider);
	else
		p = ivm_lab_vmm_provider_for(h, in->manufacturer, in->model);
	if (p == NULL || (in->manufacturer && *in->manufacturer && strcasecmp(in->manufacturer, p->manufacturer)) ||
	    (in->model && *in->model && strcasecmp(in->model, p->model))) {
		lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what,
		    "pick a configuration provider VMM lists (Settings, Configuration Providers)",
		    "VMM has no configuration provider for %s%s%s%s", in->provider ? in->provider : "",
		    in->manufacturer ? in->manufacturer : "", in->model ? " / " : "", in->model ? in->model : "");
		return -1;
	}
	out->spec.provider = p->name;
	out->spec.manufacturer = p->manufacturer;
	out->spec.model = p->model;
	const struct ivm_lab_runas *r = ivm_lab_vmm_runas_find(h, in->runas);
	if (r == NULL) {
		lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what, "create the Run As account first, or pick one VMM lists",
		    "there is no Run As account \"%s\"", in->runas);
		return -1;
	}
	out->spec.runas = r->name;
	if (in->nhostgroups == 0 || in->nhostgroups > LAB_MAX_ITEMS) {
		lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what, "pick at least one host group, such as All Hosts",
		    "the network service must be made available to at least one host group");
		return -1;
	}
	out->paths = ivm_xcalloc(in->nhostgroups, sizeof(*out->paths));
	for (size_t i = 0; i < in->nhostgroups; i++) {
		const struct ivm_lab_hostgroup *g = ivm_lab_vmm_hostgroup_find(h, in->hostgroups[i]);
		if (g == NULL) {
			lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what,
			    "pick host groups VMM lists; give the full path when two have the same name",
			    "there is no single host group \"%s\"", in->hostgroups[i] ? in->hostgroups[i] : "");
			free(out->paths);
			out->paths = NULL;
			return -1;
		}
		out->paths[i] = g->path;
	}
	out->spec.hostgroups = out->paths;
	return 0;
}

static bool
str_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool
netsvc_same(const struct ivm_lab_netsvc *s, const struct ivm_lab_netsvc_spec *spec)
{
	if ((spec->description != NULL && !str_same(s->description, spec->description)) ||
	    strcasecmp(s->provider, spec->provider) != 0 ||
	    strcasecmp(s->connection_string, spec->connection_string) != 0 ||
	    strcasecmp(s->runas, spec->runas) != 0 || s->nhostgroups != spec->nhostgroups)
		return false;
	for (size_t i = 0; i < spec->nhostgroups; i++)
		if (strcasecmp(s->hostgroups[i], spec->hostgroups[i]) != 0)
			return false;
	return true;
}

enum ivm_status
ivm_lab_vmm_netsvc_ensure(struct ivm_lab *lab, struct ivm_lab_host *h, const struct ivm_lab_netsvc_spec *spec,
    const struct ivm_lab_job **job, struct ivm_err *err)
{
	const char *what = "cannot add the network service";
	struct resolved rs;
	struct ivm_lab_test_result t[IVM_LAB_NTESTS];
	enum ivm_status st = IVM_ST_FAILED;

	if (job != NULL)
		*job = NULL;
	if (!need_vmm(h, what, err) || spec == NULL || resolve_spec(h, spec, &rs, what, err) == -1)
		return IVM_ST_FAILED;
	size_t i = netsvc_index(h, rs.spec.name);
	struct ivm_lab_netsvc *s = i == (size_t)-1 ? NULL : h->vmm->netsvcs.v[i];
	if (s != NULL && netsvc_same(s, &rs.spec)) {
		free(rs.paths);
		return IVM_ST_PRESENT;
	}
	if (rs.spec.description == NULL && s != NULL)
		rs.spec.description = s->description;
	const char *const *steps = s ? netsvc_update_steps : netsvc_steps;
	size_t nsteps = s ? IVM_COUNT(netsvc_update_steps) : IVM_COUNT(netsvc_steps);
	const struct ivm_lab_job *j;
	if (lab_test_on(lab, h, rs.spec.connection_string, rs.spec.runas, rs.spec.provider, t) > 0) {
		const struct ivm_lab_test_result *bad = &t[0];
		while (bad->passed)
			bad++;
		j = ivm_lab_job_start(lab, h, steps[0], steps, nsteps, IVM_LAB_JOB_FAILED, bad->reason);
		lab_fail(err, h, IVM_LAB_E_TEST_FAILED, s ? "cannot update the network service" : what, bad->remedy,
		    "%s failed: %s", bad->name, bad->reason);
	} else if (s == NULL && h->vmm->netsvcs.n >= LAB_MAX_ITEMS) {
		j = NULL;
		lab_fail(err, h, IVM_LAB_E_LIMIT, what, "remove network services you do not need", "too many network services");
	} else {
		if (s == NULL)
			lab_vmm_add_netsvc(h, NULL, &rs.spec);
		else
			netsvc_set(s, &rs.spec);
		j = ivm_lab_job_start(lab, h, steps[0], steps, nsteps, IVM_LAB_JOB_COMPLETED, NULL);
		st = s == NULL ? IVM_ST_CREATED : IVM_ST_CHANGED;
	}
	if (job != NULL)
		*job = j;
	free(rs.paths);
	return st;
}

enum ivm_status
ivm_lab_vmm_netsvc_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name,
    const struct ivm_lab_job **job, struct ivm_err *err)
{
	const char *what = "cannot remove the network service";
	if (job != NULL)
		*job = NULL;
	if (!need_vmm(h, what, err))
		return IVM_ST_FAILED;
	size_t i = netsvc_index(h, name);
	if (i == (size_t)-1) {
		lab_fail(err, h, IVM_LAB_E_NOT_FOUND, what, "nothing to do: it does not exist",
		    "there is no network service \"%s\"", name ? name : "");
		return IVM_ST_FAILED;
	}
	lab_netsvc_free(lab_vec_take(&h->vmm->netsvcs, i));
	const struct ivm_lab_job *j = ivm_lab_job_start(lab, h, netsvc_remove_steps[0], netsvc_remove_steps,
	    IVM_COUNT(netsvc_remove_steps), IVM_LAB_JOB_COMPLETED, NULL);
	if (job != NULL)
		*job = j;
	return IVM_ST_REMOVED;
}
