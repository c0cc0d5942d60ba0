/* core/lab/model.c: the lab's world: its construction, text and secret helpers, hosts, switches and clock. */
#include "config.h"

#include "core/lab/model.h"

#include <crypt.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "core/ivm.h"
#include "core/lab/model_int.h"
#include "core/xalloc.h"

#define SALT_CHARS "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

static const char *const switch_names[IVM_LAB_NSWITCHES] = {
	[IVM_LAB_SW_IPAM_SERVICE_STOPPED] = "ipam_service_stopped",
	[IVM_LAB_SW_TIME_SKEW] = "time_skew",
};

/* ---- lists and text ------------------------------------------------------ */

void
lab_vec_push(struct lab_vec *vec, void *p)
{
	vec->v = ivm_xrealloc(vec->v, (vec->n + 1) * sizeof(*vec->v));
	vec->v[vec->n++] = p;
}

void *
lab_vec_take(struct lab_vec *vec, size_t i)
{
	void *p = vec->v[i];
	memmove(vec->v + i, vec->v + i + 1, (vec->n - i - 1) * sizeof(*vec->v));
	vec->n--;
	return p;
}

void
lab_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Length of the UTF-8 sequence at s (valid, shortest form, a scalar value
 * XML can carry), or 0; at most avail bytes are read. */
static size_t
utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned long cp;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > avail)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	static const unsigned long min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return len;
}

bool
lab_text_ok(const char *s, size_t max)
{
	if (s == NULL || strlen(s) > max)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0';) {
		if (*p < 0x20 || *p == 0x7F)
			return false;
		size_t n = utf8_seq(p, strlen((const char *)p));
		if (n == 0)
			return false;
		p += n;
	}
	return true;
}

size_t
lab_utf8_bad(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t k = p[i] == '\0' ? 0 : utf8_seq(p + i, n - i);
		if (k == 0)
			return i;
		i += k;
	}
	return n;
}

size_t
lab_utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

bool
lab_sid_ok(const char *s)
{
	if (s == NULL || strncmp(s, "S-1-", 4) != 0)
		return false;
	size_t parts = 0, digits = 0;
	for (const char *p = s + 4;; p++) {
		if (*p >= '0' && *p <= '9') {
			if (++digits > 15)
				return false;
		} else if (*p == '-' || *p == '\0') {
			if (digits == 0 || ++parts > 16)
				return false;
			digits = 0;
			if (*p == '\0')
				return true;
		} else
			return false;
	}
}

/* Exactly what lab_hash_password makes: "$6$", a salt of 1 to 16
 * characters, "$", 86 characters. No "rounds=": a state file must not be
 * able to make every logon take minutes. */
bool
lab_hash_ok(const char *s)
{
	if (s == NULL || strncmp(s, "$6$", 3) != 0)
		return false;
	size_t salt = strspn(s + 3, SALT_CHARS);
	if (salt < 1 || salt > 16 || s[3 + salt] != '$')
		return false;
	const char *h = s + 3 + salt + 1;
	return strspn(h, SALT_CHARS) == 86 && h[86] == '\0';
}

static void
random_bytes(void *p, size_t n)
{
	unsigned char *b = p;
	while (n > 0) {
		ssize_t got = getrandom(b, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "ipamvmm: getrandom: %s\n", strerror(errno));
			abort();
		}
		b += got;
		n -= (size_t)got;
	}
}

char *
lab_hash_password(const char *password)
{
	unsigned char rnd[16];
	char setting[3 + 16 + 2] = "$6$";

	random_bytes(rnd, sizeof(rnd));
	for (size_t i = 0; i < sizeof(rnd); i++)
		setting[3 + i] = SALT_CHARS[rnd[i] & 63];	/* 64 symbols: no bias */
	setting[3 + 16] = '$';
	setting[3 + 16 + 1] = '\0';
	struct crypt_data *cd = ivm_xcalloc(1, sizeof(*cd));
	const char *h = crypt_r(password, setting, cd);
	if (h == NULL || h[0] == '*') {
		fprintf(stderr, "ipamvmm: crypt(3) has no SHA-512 ($6$)\n");
		abort();
	}
	char *out = ivm_xstrdup(h);
	ivm_wipe(cd, sizeof(*cd));
	free(cd);
	return out;
}

bool
lab_password_matches(const char *hash, const char *password)
{
	struct crypt_data *cd = ivm_xcalloc(1, sizeof(*cd));
	const char *h = crypt_r(password ? password : "", hash, cd);
	bool same = false;
	if (h != NULL && h[0] != '*' && strlen(h) == strlen(hash)) {
		unsigned char diff = 0;
		for (size_t i = 0; hash[i] != '\0'; i++)
			diff |= (unsigned char)(h[i] ^ hash[i]);
		same = diff == 0;
	}
	ivm_wipe(cd, sizeof(*cd));
	free(cd);
	return same;
}

void
lab_guid(char out[37])
{
	unsigned char b[16];
	random_bytes(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);	/* RFC 4122 variant */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5], b[6],
	    b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

void
lab_fail(struct ivm_err *err, const struct ivm_lab_host *h, unsigned long code, const char *what,
    const char *next, const char *why_fmt, ...)
{
	if (err == NULL)
		return;
	char why[sizeof(err->why)];
	va_list ap;
	va_start(ap, why_fmt);
	vsnprintf(why, sizeof(why), why_fmt, ap);
	va_end(ap);
	ivm_err_set(err, IVM_E_REMOTE, what, next, "%s", why);
	err->fault_code = code;
	if (h != NULL)
		snprintf(err->fault_machine, sizeof(err->fault_machine), "%s", h->fqdn);
}

void
lab_present(struct ivm_err *err, const struct ivm_lab_host *h, unsigned long code, const char *why)
{
	if (err == NULL)
		return;
	ivm_err_set(err, IVM_OK, "", "", "%s", why);
	err->fault_code = code;
	if (h != NULL)
		snprintf(err->fault_machine, sizeof(err->fault_machine), "%s", h->fqdn);
}

/* ---- construction -------------------------------------------------------- */

static long long
realtime_ms(void *ud)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct ivm_lab *
lab_new_empty(const char *netbios, const char *dns, const char *sid)
{
	struct ivm_lab *lab = ivm_xcalloc(1, sizeof(*lab));
	lab->netbios = ivm_xstrdup(netbios);
	lab->dns = ivm_xstrdup(dns);
	lab->sid = ivm_xstrdup(sid);
	lab->next_rid = 1100;	/* where AD starts handing out RIDs */
	lab->now_ms = realtime_ms;
	return lab;
}

struct ivm_lab_host *
lab_host_add(struct ivm_lab *lab, const char *fqdn, const char *netbios, const char *sid, const char *os,
    const char *ps_version)
{
	struct ivm_lab_host *h = ivm_xcalloc(1, sizeof(*h));
	h->lab = lab;
	h->fqdn = ivm_xstrdup(fqdn);
	h->netbios = ivm_xstrdup(netbios);
	h->sid = ivm_xstrdup(sid);
	h->os = ivm_xstrdup(os);
	h->ps_version = ivm_xstrdup(ps_version);
	h->next_rid = 1000;	/* the first RID Windows gives a local account or group */
	lab_vec_push(&lab->hosts, h);
	return h;
}

static void
add_role(struct ivm_lab_host *h, const char *role)
{
	size_t i = 0;
	while (h->roles[i] != NULL)
		i++;
	h->roles[i] = role;
}

void
lab_host_install_ipam(struct ivm_lab_host *h, unsigned port)
{
	if (h->ipam != NULL)
		return;
	h->ipam = ivm_xcalloc(1, sizeof(*h->ipam));
	h->ipam->port = port;
	add_role(h, IVM_LAB_ROLE_IPAM);
}

void
lab_host_install_vmm(struct ivm_lab_host *h, const char *service)
{
	if (h->vmm != NULL)
		return;
	h->vmm = ivm_xcalloc(1, sizeof(*h->vmm));
	h->vmm->service = ivm_xstrdup(service);
	add_role(h, IVM_LAB_ROLE_VMM);
}

static void
bump_rid(unsigned long *next, unsigned long rid)
{
	if (rid >= *next)
		*next = rid + 1;
}

struct ivm_lab_account *
lab_account_add(struct ivm_lab *lab, struct ivm_lab_host *h, const char *sam, unsigned long rid,
    const char *hash, const char *description, bool enabled, bool never_expires)
{
	struct ivm_lab_account *a = ivm_xcalloc(1, sizeof(*a));
	struct ivm_buf b = IVM_BUF_INIT;

	a->host = h;
	a->sam = ivm_xstrdup(sam);
	ivm_buf_addf(&b, "%s\\%s", h ? h->netbios : lab->netbios, sam);
	a->name = ivm_buf_steal(&b);
	ivm_buf_addf(&b, "%s-%lu", h ? h->sid : lab->sid, rid);
	a->sid = ivm_buf_steal(&b);
	a->rid = rid;
	a->hash = ivm_xstrdup(hash);
	a->description = ivm_xstrdup(description ? description : "");
	a->enabled = enabled;
	a->pw_never_expires = never_expires;
	lab_vec_push(h ? &h->accounts : &lab->accounts, a);
	bump_rid(h ? &h->next_rid : &lab->next_rid, rid);
	return a;
}

struct ivm_lab_group *
lab_group_add(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name, const char *sid,
    const char *description, const char *grants_role)
{
	struct ivm_lab_group *g = ivm_xcalloc(1, sizeof(*g));
	struct ivm_buf b = IVM_BUF_INIT;

	g->name = ivm_xstrdup(name);
	g->sid = ivm_xstrdup(sid);
	g->builtin = h != NULL && strncmp(sid, "S-1-5-32-", 9) == 0;
	ivm_buf_addf(&b, "%s\\%s", g->builtin ? "BUILTIN" : h ? h->netbios : lab->netbios, name);
	g->full_name = ivm_buf_steal(&b);
	g->description = ivm_xstrdup(description ? description : "");
	g->grants_role = grants_role && *grants_role ? ivm_xstrdup(grants_role) : NULL;
	const char *dash = strrchr(sid, '-');
	g->rid = strtoul(dash + 1, NULL, 10);
	lab_vec_push(h ? &h->groups : &lab->groups, g);
	if (!g->builtin)
		bump_rid(h ? &h->next_rid : &lab->next_rid, g->rid);
	return g;
}

void
lab_group_add_member(struct ivm_lab_group *g, const char *sid)
{
	g->members = ivm_xrealloc(g->members, (g->nmembers + 1) * sizeof(*g->members));
	g->members[g->nmembers++] = ivm_xstrdup(sid);
}

bool
lab_group_has_member(const struct ivm_lab_group *g, const char *sid)
{
	for (size_t i = 0; i < g->nmembers; i++)
		if (strcasecmp(g->members[i], sid) == 0)
			return true;
	return false;
}

void
lab_group_free(struct ivm_lab_group *g)
{
	if (g == NULL)
		return;
	free(g->name);
	free(g->full_name);
	free(g->sid);
	free(g->description);
	free(g->grants_role);
	lab_strv_free(g->members, g->nmembers);
	free(g);
}

bool
lab_name_taken(const struct ivm_lab *lab, const struct ivm_lab_host *h, const char *name)
{
	const struct lab_vec *acc = h ? &h->accounts : &lab->accounts;
	const struct lab_vec *grp = h ? &h->groups : &lab->groups;
	for (size_t i = 0; i < acc->n; i++)
		if (strcasecmp(((struct ivm_lab_account *)acc->v[i])->sam, name) == 0)
			return true;
	for (size_t i = 0; i < grp->n; i++)
		if (strcasecmp(((struct ivm_lab_group *)grp->v[i])->name, name) == 0)
			return true;
	return false;
}

/* ---- freeing -------------------------------------------------------------- */

static void
account_free(struct ivm_lab_account *a)
{
	free(a->sam);
	free(a->name);
	free(a->sid);
	free(a->hash);
	free(a->description);
	free(a);
}

static void
policy_free(struct ivm_lab_policy *p)
{
	free(p->principal_sid);
	free(p->principal_name);
	free(p->role);
	free(p->scope);
	free(p);
}

static void
vec_free(struct lab_vec *vec, void (*fn)(void *))
{
	for (size_t i = 0; i < vec->n; i++)
		fn(vec->v[i]);
	free(vec->v);
	vec->v = NULL;
	vec->n = 0;
}

static void
free_account_v(void *p)
{
	account_free(p);
}

static void
free_group_v(void *p)
{
	lab_group_free(p);
}

static void
free_policy_v(void *p)
{
	policy_free(p);
}

static void
free_runas_v(void *p)
{
	struct ivm_lab_runas *r = p;
	free(r->id);
	free(r->name);
	free(r->user);
	free(r->description);
	free(r);
}

static void
free_provider_v(void *p)
{
	struct ivm_lab_provider *pr = p;
	free(pr->name);
	free(pr->manufacturer);
	free(pr->model);
	free(pr->type);
	free(pr);
}

static void
free_hostgroup_v(void *p)
{
	struct ivm_lab_hostgroup *g = p;
	free(g->id);
	free(g->path);
	free(g);
}

static void
free_lnet_v(void *p)
{
	struct ivm_lab_lnet *l = p;
	free(l->id);
	free(l->name);
	free(l);
}

static void
free_netsvc_v(void *p)
{
	lab_netsvc_free(p);
}

static void
free_job_v(void *p)
{
	lab_job_free(p);
}

static void
host_free(void *p)
{
	struct ivm_lab_host *h = p;
	vec_free(&h->accounts, free_account_v);
	vec_free(&h->groups, free_group_v);
	if (h->ipam != NULL) {
		vec_free(&h->ipam->roles, free);
		vec_free(&h->ipam->scopes, free);
		vec_free(&h->ipam->policies, free_policy_v);
		free(h->ipam);
	}
	if (h->vmm != NULL) {
		free(h->vmm->service);
		vec_free(&h->vmm->runas, free_runas_v);
		vec_free(&h->vmm->providers, free_provider_v);
		vec_free(&h->vmm->hostgroups, free_hostgroup_v);
		vec_free(&h->vmm->lnets, free_lnet_v);
		vec_free(&h->vmm->netsvcs, free_netsvc_v);
		vec_free(&h->vmm->jobs, free_job_v);
		free(h->vmm);
	}
	free(h->fqdn);
	free(h->netbios);
	free(h->sid);
	free(h->os);
	free(h->ps_version);
	free(h);
}

void
ivm_lab_free(struct ivm_lab **lab)
{
	if (lab == NULL || *lab == NULL)
		return;
	struct ivm_lab *l = *lab;
	vec_free(&l->accounts, free_account_v);
	vec_free(&l->groups, free_group_v);
	vec_free(&l->hosts, host_free);
	free(l->netbios);
	free(l->dns);
	free(l->sid);
	free(l);
	*lab = NULL;
}

/* ---- clock and switches -------------------------------------------------- */

void
ivm_lab_set_clock(struct ivm_lab *lab, long long (*now_ms)(void *ud), void *ud)
{
	lab->now_ms = now_ms ? now_ms : realtime_ms;
	lab->clock_ud = now_ms ? ud : NULL;
}

long long
ivm_lab_now(const struct ivm_lab *lab)
{
	return lab->now_ms(lab->clock_ud);
}

void
ivm_lab_set_instant(struct ivm_lab *lab, bool instant)
{
	lab->instant = instant;
}

bool
ivm_lab_instant(const struct ivm_lab *lab)
{
	return lab->instant;
}

const char *
ivm_lab_switch_name(enum ivm_lab_switch sw)
{
	return (unsigned)sw < IVM_LAB_NSWITCHES ? switch_names[sw] : "unknown";
}

int
ivm_lab_switch_parse(const char *name)
{
	for (size_t i = 0; i < IVM_LAB_NSWITCHES; i++)
		if (name != NULL && strcmp(name, switch_names[i]) == 0)
			return (int)i;
	return -1;
}

void
ivm_lab_set_switch(struct ivm_lab *lab, enum ivm_lab_switch sw, bool on)
{
	if ((unsigned)sw < IVM_LAB_NSWITCHES)
		lab->switches[sw] = on;
}

bool
ivm_lab_get_switch(const struct ivm_lab *lab, enum ivm_lab_switch sw)
{
	return (unsigned)sw < IVM_LAB_NSWITCHES && lab->switches[sw];
}

const char *
ivm_lab_domain_netbios(const struct ivm_lab *lab)
{
	return lab->netbios;
}

const char *
ivm_lab_domain_dns(const struct ivm_lab *lab)
{
	return lab->dns;
}

const char *
ivm_lab_domain_sid(const struct ivm_lab *lab)
{
	return lab->sid;
}

/* ---- hosts --------------------------------------------------------------- */

size_t
ivm_lab_nhosts(const struct ivm_lab *lab)
{
	return lab->hosts.n;
}

struct ivm_lab_host *
ivm_lab_host_at(struct ivm_lab *lab, size_t i)
{
	return i < lab->hosts.n ? lab->hosts.v[i] : NULL;
}

struct ivm_lab_host *
ivm_lab_host_find(struct ivm_lab *lab, const char *fqdn_or_netbios)
{
	if (fqdn_or_netbios == NULL)
		return NULL;
	for (size_t i = 0; i < lab->hosts.n; i++) {
		struct ivm_lab_host *h = lab->hosts.v[i];
		if (strcasecmp(h->fqdn, fqdn_or_netbios) == 0 ||
		    strcasecmp(h->netbios, fqdn_or_netbios) == 0)
			return h;
	}
	return NULL;
}

struct ivm_lab_host *
ivm_lab_host_with_role(struct ivm_lab *lab, const char *role)
{
	for (size_t i = 0; i < lab->hosts.n; i++)
		if (ivm_lab_host_has_role(lab->hosts.v[i], role))
			return lab->hosts.v[i];
	return NULL;
}

const char *
ivm_lab_host_fqdn(const struct ivm_lab_host *h)
{
	return h->fqdn;
}

const char *
ivm_lab_host_netbios(const struct ivm_lab_host *h)
{
	return h->netbios;
}

const char *
ivm_lab_host_sid(const struct ivm_lab_host *h)
{
	return h->sid;
}

const char *
ivm_lab_host_os(const struct ivm_lab_host *h)
{
	return h->os;
}

const char *
ivm_lab_host_ps_version(const struct ivm_lab_host *h)
{
	return h->ps_version;
}

const char *const *
ivm_lab_host_roles(const struct ivm_lab_host *h)
{
	return h->roles;
}

bool
ivm_lab_host_has_role(const struct ivm_lab_host *h, const char *role)
{
	for (size_t i = 0; h != NULL && role != NULL && h->roles[i] != NULL; i++)
		if (strcasecmp(h->roles[i], role) == 0)
			return true;
	return false;
}
