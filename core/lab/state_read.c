/* core/lab/state_read.c: the lab's world read back from XML, with every rule checked and every refusal placed by line. */
#include "config.h"

#include "core/lab/state.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "core/ivm.h"
#include "core/lab/model.h"
#include "core/lab/model_int.h"
#include "core/xalloc.h"

#define ROOT "ipamvmm-lab"
/* No entities (NOENT), DTDs or HUGE; the text is UTF-8 whatever it claims. */
#define PARSE_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES | \
	XML_PARSE_IGNORE_ENC)
/* Jobs start between 1970 and 9999 and last at most a day: sums stay far from overflow. */
#define MAX_START_MS 253402300799999LL
#define MAX_DURATION_MS 86400000LL

/* ---- reading ----------------------------------------------------------------- */

struct rd {
	const char *file;
	struct ivm_err *err;
	bool failed;
	struct ivm_lab *lab;
	bool switches[IVM_LAB_NSWITCHES];	/* read before the lab exists */
};

static void rd_fail(struct rd *r, const xmlNode *n, const char *fmt, ...) IVM_PRINTF(3, 4);

static void
rd_fail(struct rd *r, const xmlNode *n, const char *fmt, ...)
{
	char why[768], what[256];
	va_list ap;

	if (r->failed)
		return;
	r->failed = true;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(what, sizeof(what), "cannot load the lab state %s", r->file);
	long line = n ? xmlGetLineNo((xmlNode *)n) : 1;
	ivm_err_set(r->err, IVM_E_MALFORMED, what, IVM_LAB_STATE_NEXT, "%s:%ld: %s", r->file,
	    line > 0 ? line : 1, why);
}

static bool
is_elem(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Everything but elements is layout or comments; text with content is not. */
static bool
skip_node(struct rd *r, const xmlNode *n)
{
	if (n->type == XML_ELEMENT_NODE)
		return false;
	if (n->type == XML_TEXT_NODE) {
		for (const xmlChar *p = n->content; p && *p; p++)
			if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
				rd_fail(r, n, "unexpected text \"%.40s\"", (const char *)n->content);
				break;
			}
	} else if (n->type != XML_COMMENT_NODE && n->type != XML_PI_NODE)
		rd_fail(r, n, "unexpected content (entities, CDATA and the like are not used here)");
	return true;
}

/* The attribute's text as it is in the tree (valid until the document is
 * freed), "" when absent and optional, NULL with an error otherwise. */
static const char *
rd_attr(struct rd *r, const xmlNode *n, const char *name, bool required, size_t max)
{
	if (r->failed)
		return NULL;
	xmlAttr *a = xmlHasProp((xmlNode *)n, (const xmlChar *)name);
	if (a == NULL || a->type != XML_ATTRIBUTE_NODE) {
		if (required)
			rd_fail(r, n, "<%s> has no %s attribute", (const char *)n->name, name);
		return required ? NULL : "";
	}
	const char *v = "";
	if (a->children != NULL) {
		if (a->children->type != XML_TEXT_NODE || a->children->next != NULL) {
			rd_fail(r, n, "the %s attribute of <%s> is not plain text", name, (const char *)n->name);
			return NULL;
		}
		v = (const char *)a->children->content;
	}
	if (!lab_text_ok(v, max)) {
		rd_fail(r, n, "the %s attribute of <%s> is longer than %zu bytes or has control characters",
		    name, (const char *)n->name, max);
		return NULL;
	}
	if (required && *v == '\0') {
		rd_fail(r, n, "the %s attribute of <%s> is empty", name, (const char *)n->name);
		return NULL;
	}
	return v;
}

static bool
rd_bool(struct rd *r, const xmlNode *n, const char *name)
{
	const char *v = rd_attr(r, n, name, true, 8);
	if (v == NULL)
		return false;
	if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
		rd_fail(r, n, "the %s attribute of <%s> is \"%s\", not true or false", name,
		    (const char *)n->name, v);
	return strcmp(v, "true") == 0;
}

static long long
rd_num(struct rd *r, const xmlNode *n, const char *name, long long min, long long max)
{
	const char *v = rd_attr(r, n, name, true, 32);
	if (v == NULL)
		return min;
	char *end;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (*v < '0' || *v > '9' || *end != '\0' || errno != 0 || x < min || x > max) {
		rd_fail(r, n, "the %s attribute of <%s> is \"%s\", not a number from %lld to %lld", name,
		    (const char *)n->name, v, min, max);
		return min;
	}
	return x;
}

static const char *
rd_sid(struct rd *r, const xmlNode *n, const char *name)
{
	const char *v = rd_attr(r, n, name, true, 200);
	if (v != NULL && !lab_sid_ok(v)) {
		rd_fail(r, n, "the %s attribute of <%s> is \"%s\", not a SID (S-1-...)", name,
		    (const char *)n->name, v);
		return NULL;
	}
	return v;
}

static void
rd_unknown(struct rd *r, const xmlNode *n, const char *where)
{
	rd_fail(r, n, "unknown element <%s> in <%s>", (const char *)n->name, where);
}

static bool
rd_count(struct rd *r, const xmlNode *n, size_t have)
{
	if (have < LAB_MAX_ITEMS)
		return true;
	rd_fail(r, n, "more than %d <%s> elements in one list", LAB_MAX_ITEMS, (const char *)n->name);
	return false;
}

static bool
has_str(const struct lab_vec *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcasecmp(v->v[i], s) == 0)
			return true;
	return false;
}

/* A SID already used by an account or group of h (or the domain). */
static bool
sid_taken(const struct ivm_lab *lab, const struct ivm_lab_host *h, const char *sid)
{
	const struct lab_vec *acc = h ? &h->accounts : &lab->accounts;
	const struct lab_vec *grp = h ? &h->groups : &lab->groups;
	for (size_t i = 0; i < acc->n; i++)
		if (strcasecmp(((struct ivm_lab_account *)acc->v[i])->sid, sid) == 0)
			return true;
	for (size_t i = 0; i < grp->n; i++)
		if (strcasecmp(((struct ivm_lab_group *)grp->v[i])->sid, sid) == 0)
			return true;
	return false;
}

static void
rd_account(struct rd *r, const xmlNode *n, struct ivm_lab_host *h)
{
	const char *sam = rd_attr(r, n, "sam", true, 256);
	long long rid = rd_num(r, n, "rid", 1, 4294967295LL);
	bool enabled = rd_bool(r, n, "enabled");
	bool never = rd_bool(r, n, "password-never-expires");
	const char *desc = rd_attr(r, n, "description", false, LAB_MAX_TEXT);
	const char *hash = rd_attr(r, n, "hash", false, 200);
	struct lab_vec *v = h ? &h->accounts : &r->lab->accounts;

	if (r->failed || !rd_count(r, n, v->n))
		return;
	if (*hash == '\0') {
		rd_fail(r, n, "the account %s has no password hash (a `lab show` listing cannot be "
		    "loaded: it has none)", sam);
		return;
	}
	if (!lab_hash_ok(hash)) {
		rd_fail(r, n, "the password hash of %s is not a crypt(3) SHA-512 hash ($6$...)", sam);
		return;
	}
	if (strpbrk(sam, "\\/@\"[]:;|=,+*?<>") != NULL) {
		rd_fail(r, n, "\"%s\" is not an account name", sam);
		return;
	}
	if (lab_name_taken(r->lab, h, sam)) {
		rd_fail(r, n, "a second account or group named %s", sam);
		return;
	}
	char sid[256];
	snprintf(sid, sizeof(sid), "%s-%lld", h ? h->sid : r->lab->sid, rid);
	if (sid_taken(r->lab, h, sid)) {
		rd_fail(r, n, "the RID %lld of %s is used twice", rid, sam);
		return;
	}
	lab_account_add(r->lab, h, sam, (unsigned long)rid, hash, desc, enabled, never);
}

static void
rd_group(struct rd *r, const xmlNode *n, struct ivm_lab_host *h)
{
	const char *name = rd_attr(r, n, "name", true, LAB_MAX_TEXT);
	const char *sid = rd_sid(r, n, "sid");
	const char *desc = rd_attr(r, n, "description", false, LAB_MAX_TEXT);
	const char *role = rd_attr(r, n, "grants-role", false, LAB_MAX_TEXT);
	struct lab_vec *v = h ? &h->groups : &r->lab->groups;

	if (r->failed || !rd_count(r, n, v->n))
		return;
	const char *owner = h ? h->sid : r->lab->sid;
	size_t on = strlen(owner);
	bool builtin = strncmp(sid, "S-1-5-32-", 9) == 0 && strchr(sid + 9, '-') == NULL;
	bool own = strncmp(sid, owner, on) == 0 && sid[on] == '-' && strchr(sid + on + 1, '-') == NULL;
	if (!(own || (h != NULL && builtin)))
		rd_fail(r, n, "the group %s has the SID %s, which is neither %s's nor BUILTIN's", name, sid,
		    h ? h->fqdn : r->lab->netbios);
	else if (strchr(name, '\\') != NULL || lab_utf8_chars(name) > LAB_MAX_GROUP_NAME)
		rd_fail(r, n, "\"%s\" is not a group name", name);
	else if (lab_name_taken(r->lab, h, name))
		rd_fail(r, n, "a second account or group named %s", name);
	else if (sid_taken(r->lab, h, sid))
		rd_fail(r, n, "the SID %s is used twice", sid);
	if (r->failed)
		return;
	struct ivm_lab_group *g = lab_group_add(r->lab, h, name, sid, desc, role);
	for (const xmlNode *c = n->children; c != NULL && !r->failed; c = c->next) {
		if (skip_node(r, c))
			continue;
		if (!is_elem(c, "member")) {
			rd_unknown(r, c, "group");
			break;
		}
		const char *msid = rd_sid(r, c, "sid");
		if (msid == NULL || !rd_count(r, c, g->nmembers))
			break;
		if (lab_group_has_member(g, msid))
			rd_fail(r, c, "%s is a member of %s twice", msid, name);
		else
			lab_group_add_member(g, msid);
	}
}

static void
rd_ipam(struct rd *r, const xmlNode *n, struct ivm_lab_host *h)
{
	if (h->ipam != NULL) {
		rd_fail(r, n, "a second <ipam> in host %s", h->fqdn);
		return;
	}
	lab_host_install_ipam(h, (unsigned)rd_num(r, n, "port", 1, 65535));
	struct lab_ipam *ip = h->ipam;
	struct ivm_buf parent = IVM_BUF_INIT;
	for (const xmlNode *c = n->children; c != NULL && !r->failed; c = c->next) {
		if (skip_node(r, c))
			continue;
		if (is_elem(c, "role")) {
			const char *name = rd_attr(r, c, "name", true, LAB_MAX_TEXT);
			if (name == NULL || !rd_count(r, c, ip->roles.n))
				break;
			if (has_str(&ip->roles, name))
				rd_fail(r, c, "a second role named %s", name);
			else
				lab_ipam_add_role(h, name);
		} else if (is_elem(c, "scope")) {
			const char *path = rd_attr(r, c, "path", true, LAB_MAX_TEXT);
			if (path == NULL || !rd_count(r, c, ip->scopes.n))
				break;
			char *norm = lab_scope_normalize(path);
			if (norm != NULL)
				ivm_lab_path_parent(norm, &parent);
			if (norm == NULL || strcmp(norm, path) != 0)
				rd_fail(r, c, "\"%s\" is not a scope path (Global\\...)", path);
			else if (parent.len == 0 ? strcmp(norm, IVM_LAB_SCOPE_GLOBAL) != 0 :
			    !has_str(&ip->scopes, ivm_buf_str(&parent)))
				rd_fail(r, c, "the scope %s comes before its parent, or is not under Global", path);
			else if (has_str(&ip->scopes, norm))
				rd_fail(r, c, "a second scope %s", path);
			else
				lab_ipam_add_scope(h, norm);
			free(norm);
		} else if (is_elem(c, "policy")) {
			const char *pname = rd_attr(r, c, "principal", true, LAB_MAX_TEXT);
			const char *psid = rd_sid(r, c, "principal-sid");
			const char *role = rd_attr(r, c, "role", true, LAB_MAX_TEXT);
			const char *scope = rd_attr(r, c, "scope", true, LAB_MAX_TEXT);
			if (r->failed || !rd_count(r, c, ip->policies.n))
				break;
			if (!has_str(&ip->roles, role))
				rd_fail(r, c, "the policy for %s names the role %s, which is not listed before it",
				    pname, role);
			else if (!has_str(&ip->scopes, scope))
				rd_fail(r, c, "the policy for %s names the scope %s, which is not listed before it",
				    pname, scope);
			else
				lab_ipam_add_policy(h, psid, pname, role, scope);
		} else
			rd_unknown(r, c, "ipam");
	}
	ivm_buf_release(&parent);
}

static bool
hostgroup_known(const struct lab_vmm *vmm, const char *path)
{
	for (size_t i = 0; i < vmm->hostgroups.n; i++)
		if (strcasecmp(((struct ivm_lab_hostgroup *)vmm->hostgroups.v[i])->path, path) == 0)
			return true;
	return false;
}

static void
rd_hostgroup(struct rd *r, const xmlNode *c, struct ivm_lab_host *h, struct ivm_buf *parent)
{
	const char *id = rd_attr(r, c, "id", true, 64);
	const char *path = rd_attr(r, c, "path", true, LAB_MAX_TEXT);
	if (r->failed || !rd_count(r, c, h->vmm->hostgroups.n))
		return;
	char *norm = lab_scope_normalize(path);
	if (norm != NULL)
		ivm_lab_path_parent(norm, parent);
	if (norm == NULL || strcmp(norm, path) != 0)
		rd_fail(r, c, "\"%s\" is not a host group path (All Hosts\\...)", path);
	else if (parent->len == 0 ? strcmp(path, IVM_LAB_HOSTGROUP_ROOT) != 0 :
	    !hostgroup_known(h->vmm, ivm_buf_str(parent)))
		rd_fail(r, c, "the host group %s comes before its parent, or is not under All Hosts", path);
	else if (hostgroup_known(h->vmm, path) || ivm_lab_vmm_hostgroup_find(h, id) != NULL)
		rd_fail(r, c, "a second host group %s (or ID %s)", path, id);
	else
		lab_vmm_add_hostgroup(h, id, path);
	free(norm);
}

static void
rd_netsvc(struct rd *r, const xmlNode *c, struct ivm_lab_host *h)
{
	struct ivm_lab_netsvc_spec spec;

	memset(&spec, 0, sizeof(spec));
	spec.name = rd_attr(r, c, "name", true, LAB_MAX_TEXT);
	spec.description = rd_attr(r, c, "description", false, LAB_MAX_TEXT);
	spec.manufacturer = rd_attr(r, c, "manufacturer", false, LAB_MAX_TEXT);
	spec.model = rd_attr(r, c, "model", false, LAB_MAX_TEXT);
	spec.provider = rd_attr(r, c, "provider", true, LAB_MAX_TEXT);
	spec.connection_string = rd_attr(r, c, "connection-string", true, LAB_MAX_TEXT);
	spec.runas = rd_attr(r, c, "runas", true, LAB_MAX_TEXT);
	const char *id = rd_attr(r, c, "id", true, 64);
	if (r->failed || !rd_count(r, c, h->vmm->netsvcs.n))
		return;
	if (ivm_lab_vmm_netsvc_find(h, spec.name) != NULL || ivm_lab_vmm_netsvc_find(h, id) != NULL) {
		rd_fail(r, c, "a second network service %s (or ID %s)", spec.name, id);
		return;
	}
	if (ivm_lab_vmm_runas_find(h, spec.runas) == NULL) {
		rd_fail(r, c, "the network service %s uses the Run As account %s, which is not listed before it",
		    spec.name, spec.runas);
		return;
	}
	const char **paths = NULL;
	size_t n = 0;
	for (const xmlNode *g = c->children; g != NULL && !r->failed; g = g->next) {
		if (skip_node(r, g))
			continue;
		const char *path = is_elem(g, "hostgroup") ? rd_attr(r, g, "path", true, LAB_MAX_TEXT) : NULL;
		if (!is_elem(g, "hostgroup"))
			rd_unknown(r, g, "network-service");
		else if (path != NULL && rd_count(r, g, n) && !hostgroup_known(h->vmm, path))
			rd_fail(r, g, "the host group %s is not listed before the network service", path);
		else if (path != NULL && !r->failed) {
			paths = ivm_xrealloc(paths, (n + 1) * sizeof(*paths));
			paths[n++] = path;
		}
	}
	if (!r->failed) {
		spec.hostgroups = paths;
		spec.nhostgroups = n;
		lab_vmm_add_netsvc(h, id, &spec);
	}
	free(paths);
}

static void
rd_job(struct rd *r, const xmlNode *c, struct ivm_lab_host *h)
{
	const char *id = rd_attr(r, c, "id", true, 64);
	const char *name = rd_attr(r, c, "name", true, LAB_MAX_TEXT);
	long long start = rd_num(r, c, "start-ms", 0, MAX_START_MS);
	long long dur = rd_num(r, c, "duration-ms", 0, MAX_DURATION_MS);
	const char *outcome = rd_attr(r, c, "outcome", true, 32);
	const char *info = rd_attr(r, c, "error-info", false, LAB_MAX_TEXT);
	if (r->failed)
		return;
	int st = ivm_lab_job_status_parse(outcome);
	if (st < 0 || st == IVM_LAB_JOB_RUNNING) {
		rd_fail(r, c, "the job outcome \"%s\" is not Completed, Failed or SucceedWithInfo", outcome);
		return;
	}
	if (ivm_lab_job_find(h, id) != NULL) {
		rd_fail(r, c, "a second job with the ID %s", id);
		return;
	}
	if (h->vmm->jobs.n >= LAB_MAX_JOBS) {
		rd_fail(r, c, "more than %d jobs", LAB_MAX_JOBS);
		return;
	}
	const char **steps = NULL;
	size_t n = 0;
	for (const xmlNode *s = c->children; s != NULL && !r->failed; s = s->next) {
		if (skip_node(r, s))
			continue;
		const char *step = is_elem(s, "step") ? rd_attr(r, s, "name", true, LAB_MAX_TEXT) : NULL;
		if (!is_elem(s, "step"))
			rd_unknown(r, s, "job");
		else if (step != NULL && rd_count(r, s, n)) {
			steps = ivm_xrealloc(steps, (n + 1) * sizeof(*steps));
			steps[n++] = step;
		}
	}
	if (!r->failed && n == 0)
		rd_fail(r, c, "the job %s has no <step>", id);
	if (!r->failed)
		lab_vmm_add_job(h, id, name, steps, n, start, dur, (enum ivm_lab_job_status)st, info);
	free(steps);
}

static void
rd_vmm(struct rd *r, const xmlNode *n, struct ivm_lab_host *h)
{
	if (h->vmm != NULL) {
		rd_fail(r, n, "a second <vmm> in host %s", h->fqdn);
		return;
	}
	const char *service = rd_attr(r, n, "service", true, LAB_MAX_TEXT);
	if (service == NULL)
		return;
	lab_host_install_vmm(h, service);
	struct lab_vmm *vmm = h->vmm;
	struct ivm_buf parent = IVM_BUF_INIT;
	for (const xmlNode *c = n->children; c != NULL && !r->failed; c = c->next) {
		if (skip_node(r, c))
			continue;
		if (is_elem(c, "runas")) {
			const char *id = rd_attr(r, c, "id", true, 64);
			const char *name = rd_attr(r, c, "name", true, LAB_MAX_TEXT);
			const char *user = rd_attr(r, c, "user", true, LAB_MAX_TEXT);
			const char *desc = rd_attr(r, c, "description", false, LAB_MAX_TEXT);
			bool ok = rd_bool(r, c, "credentials-ok");
			if (r->failed || !rd_count(r, c, vmm->runas.n))
				break;
			if (ivm_lab_vmm_runas_find(h, name) != NULL || ivm_lab_vmm_runas_find(h, id) != NULL)
				rd_fail(r, c, "a second Run As account %s (or ID %s)", name, id);
			else
				lab_vmm_add_runas(h, id, name, user, desc, ok);
		} else if (is_elem(c, "provider")) {
			const char *name = rd_attr(r, c, "name", true, LAB_MAX_TEXT);
			const char *man = rd_attr(r, c, "manufacturer", true, LAB_MAX_TEXT);
			const char *model = rd_attr(r, c, "model", true, LAB_MAX_TEXT);
			const char *type = rd_attr(r, c, "type", true, LAB_MAX_TEXT);
			if (r->failed || !rd_count(r, c, vmm->providers.n))
				break;
			if (ivm_lab_vmm_provider_find(h, name) != NULL)
				rd_fail(r, c, "a second provider %s", name);
			else
				lab_vmm_add_provider(h, name, man, model, type);
		} else if (is_elem(c, "hostgroup")) {
			rd_hostgroup(r, c, h, &parent);
		} else if (is_elem(c, "logical-network")) {
			const char *id = rd_attr(r, c, "id", true, 64);
			const char *name = rd_attr(r, c, "name", true, LAB_MAX_TEXT);
			if (!r->failed && rd_count(r, c, vmm->lnets.n))
				lab_vmm_add_lnet(h, id, name);
		} else if (is_elem(c, "network-service")) {
			rd_netsvc(r, c, h);
		} else if (is_elem(c, "job")) {
			rd_job(r, c, h);
		} else
			rd_unknown(r, c, "vmm");
	}
	ivm_buf_release(&parent);
}

static void
rd_host(struct rd *r, const xmlNode *n)
{
	const char *fqdn = rd_attr(r, n, "fqdn", true, 253);
	const char *netbios = rd_attr(r, n, "netbios", true, 15);
	const char *sid = rd_sid(r, n, "sid");
	const char *os = rd_attr(r, n, "os", true, LAB_MAX_TEXT);
	const char *ps = rd_attr(r, n, "powershell", true, 64);
	if (r->failed || !rd_count(r, n, r->lab->hosts.n))
		return;
	if (ivm_lab_host_find(r->lab, fqdn) != NULL || ivm_lab_host_find(r->lab, netbios) != NULL ||
	    strcasecmp(fqdn, netbios) == 0) {
		rd_fail(r, n, "a second host named %s or %s", fqdn, netbios);
		return;
	}
	if (strpbrk(netbios, "\\/@ .") != NULL || strpbrk(fqdn, "\\/@ ") != NULL) {
		rd_fail(r, n, "the host %s / %s has a character a host name cannot have", fqdn, netbios);
		return;
	}
	struct ivm_lab_host *h = lab_host_add(r->lab, fqdn, netbios, sid, os, ps);
	for (const xmlNode *c = n->children; c != NULL && !r->failed; c = c->next) {
		if (skip_node(r, c))
			continue;
		if (is_elem(c, "account"))
			rd_account(r, c, h);
		else if (is_elem(c, "group"))
			rd_group(r, c, h);
		else if (is_elem(c, "ipam"))
			rd_ipam(r, c, h);
		else if (is_elem(c, "vmm"))
			rd_vmm(r, c, h);
		else
			rd_unknown(r, c, "host");
	}
}

static void
rd_switches(struct rd *r, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL && !r->failed; c = c->next) {
		if (skip_node(r, c))
			continue;
		if (!is_elem(c, "switch")) {
			rd_unknown(r, c, "switches");
			return;
		}
		const char *name = rd_attr(r, c, "name", true, 64);
		bool on = rd_bool(r, c, "on");
		int sw = name ? ivm_lab_switch_parse(name) : -1;
		if (!r->failed && sw < 0)
			rd_fail(r, c, "unknown switch \"%s\" (known: ipam_service_stopped, time_skew)", name);
		else if (!r->failed)
			r->switches[sw] = on;
	}
}

static void
rd_domain(struct rd *r, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL && !r->failed; c = c->next) {
		if (skip_node(r, c))
			continue;
		if (is_elem(c, "account"))
			rd_account(r, c, NULL);
		else if (is_elem(c, "group"))
			rd_group(r, c, NULL);
		else
			rd_unknown(r, c, "domain");
	}
}

static void
rd_root(struct rd *r, const xmlNode *root)
{
	const xmlNode *c = root->children;

	for (; c != NULL && !r->failed; c = c->next) {
		if (skip_node(r, c))
			continue;
		if (is_elem(c, "switches")) {
			rd_switches(r, c);
		} else if (is_elem(c, "domain")) {
			if (r->lab != NULL) {
				rd_fail(r, c, "a second <domain>");
				break;
			}
			const char *nb = rd_attr(r, c, "netbios", true, 15);
			const char *dns = rd_attr(r, c, "dns", true, 253);
			const char *sid = rd_sid(r, c, "sid");
			if (r->failed)
				break;
			r->lab = lab_new_empty(nb, dns, sid);
			rd_domain(r, c);
		} else if (r->lab == NULL) {
			rd_fail(r, c, "<%s> comes before <domain>", (const char *)c->name);
		} else if (is_elem(c, "host")) {
			rd_host(r, c);
		} else
			rd_unknown(r, c, ROOT);
	}
	if (!r->failed && r->lab == NULL)
		rd_fail(r, root, "<" ROOT "> has no <domain>");
	if (!r->failed)
		memcpy(r->lab->switches, r->switches, sizeof(r->switches));
}

/* The first error libxml2 meets: the later ones are mostly its echoes. */
struct first_error {
	int line;
	char msg[512];
};

#if LIBXML_VERSION >= 21200
#define ERROR_CONST const
#else
#define ERROR_CONST
#endif

static void
keep_first_error(void *ud, ERROR_CONST xmlError *e)
{
	struct first_error *fe = ((xmlParserCtxtPtr)ud)->_private;
	if (fe == NULL || fe->msg[0] != '\0' || e == NULL || e->level < XML_ERR_ERROR)
		return;
	fe->line = e->line;
	snprintf(fe->msg, sizeof(fe->msg), "%s", e->message ? e->message : "not XML");
	fe->msg[strcspn(fe->msg, "\r\n")] = '\0';
}

static xmlDocPtr
parse(const char *xml, size_t len, struct rd *r)
{
	struct first_error fe = { 0, "" };
	char what[256];

	snprintf(what, sizeof(what), "cannot load the lab state %s", r->file);
	xmlParserCtxtPtr ctxt = len > 0 ? xmlCreateMemoryParserCtxt(xml, (int)len) : NULL;
	if (ctxt == NULL) {
		ivm_err_set(r->err, IVM_E_MALFORMED, what, IVM_LAB_STATE_NEXT,
		    "%s:1: not well-formed XML: the document is empty", r->file);
		return NULL;
	}
	xmlCtxtUseOptions(ctxt, PARSE_OPTS);
	ctxt->_private = &fe;
	ctxt->sax->serror = keep_first_error;
	xmlParseDocument(ctxt);
	xmlDocPtr doc = ctxt->myDoc;
	if (!ctxt->wellFormed || doc == NULL) {
		ivm_err_set(r->err, IVM_E_MALFORMED, what, IVM_LAB_STATE_NEXT, "%s:%d: not well-formed XML: %s",
		    r->file, fe.line > 0 ? fe.line : 1, fe.msg[0] ? fe.msg : "not XML");
		xmlFreeDoc(doc);
		doc = NULL;
	}
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);
	return doc;
}

int
ivm_lab_from_xml(const char *xml, size_t len, const char *name_for_errors, struct ivm_lab **lab,
    struct ivm_err *err)
{
	struct rd r = { .file = name_for_errors ? name_for_errors : "lab.xml", .err = err };
	char what[256];

	*lab = NULL;
	snprintf(what, sizeof(what), "cannot load the lab state %s", r.file);
	if (len > IVM_LAB_STATE_MAX_BYTES) {
		ivm_err_set(err, IVM_E_TOOBIG, what, IVM_LAB_STATE_NEXT,
		    "%s is %zu bytes; a lab state file is at most %d bytes", r.file, len, IVM_LAB_STATE_MAX_BYTES);
		return -1;
	}
	/* libxml2 prints some complaints itself (about an encoding it guessed
	 * from NUL bytes, say) whatever the options: such input never gets there. */
	if (len >= 3 && memcmp(xml, "\xEF\xBB\xBF", 3) == 0) {
		xml += 3;
		len -= 3;
	}
	size_t bad = lab_utf8_bad(xml, len);
	if (bad < len) {
		size_t line = 1;
		for (size_t i = 0; i < bad; i++)
			line += xml[i] == '\n';
		ivm_err_set(err, IVM_E_MALFORMED, what, IVM_LAB_STATE_NEXT,
		    "%s:%zu: not well-formed XML: byte %zu is %s", r.file, line, bad + 1,
		    xml[bad] == '\0' ? "a NUL" : "not valid UTF-8");
		return -1;
	}
	xmlDocPtr doc = parse(xml, len, &r);
	if (doc == NULL)
		return -1;
	const xmlNode *root = xmlDocGetRootElement(doc);
	const char *ver = NULL;
	if (doc->intSubset != NULL || doc->extSubset != NULL)
		rd_fail(&r, NULL, "a DOCTYPE: the lab state never has one");
	else if (root == NULL || !is_elem(root, ROOT) || root->ns != NULL)
		rd_fail(&r, root, "the root element is <%s>, not <" ROOT " version=\"1\">: this is not an "
		    "ipamvmm lab state file", root ? (const char *)root->name : "");
	else if ((ver = rd_attr(&r, root, "version", true, 16)) != NULL && strcmp(ver, "1") != 0)
		rd_fail(&r, root, "the lab state has version %s; this ipamvmm reads version %d", ver,
		    IVM_LAB_STATE_VERSION);
	else if (!r.failed)
		rd_root(&r, root);
	xmlFreeDoc(doc);
	if (r.failed) {
		ivm_lab_free(&r.lab);
		return -1;
	}
	*lab = r.lab;
	return 0;
}
