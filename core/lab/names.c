/* core/lab/names.c: who is who in the lab: names to SIDs, the groups in a logon token, and who is an administrator. */
#include "config.h"

#include "core/lab/model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ivm.h"
#include "core/lab/model_int.h"
#include "core/xalloc.h"

#define ATTR_ON "Mandatory group, Enabled by default, Enabled group"
#define ATTR_OWNER ATTR_ON ", Group owner"
#define ATTR_DENY "Group used for deny only"

#define SID_NETWORK "S-1-5-2"
#define SID_AUTH_USERS "S-1-5-11"
#define SID_THIS_ORG "S-1-5-15"
#define SID_LOCAL "S-1-5-113"
#define SID_LOCAL_ADMIN "S-1-5-114"

static const struct wellknown {
	const char *domain;	/* "" for Everyone */
	const char *name;
	const char *full;
	const char *sid;
} wellknown[] = {
	{ "", "Everyone", "Everyone", IVM_LAB_SID_EVERYONE },
	{ "NT AUTHORITY", "NETWORK", "NT AUTHORITY\\NETWORK", SID_NETWORK },
	{ "NT AUTHORITY", "INTERACTIVE", "NT AUTHORITY\\INTERACTIVE", "S-1-5-4" },
	{ "NT AUTHORITY", "Authenticated Users", "NT AUTHORITY\\Authenticated Users", SID_AUTH_USERS },
	{ "NT AUTHORITY", "This Organization", "NT AUTHORITY\\This Organization", SID_THIS_ORG },
	{ "NT AUTHORITY", "Local account", "NT AUTHORITY\\Local account", SID_LOCAL },
	{ "NT AUTHORITY", "Local account and member of Administrators group",
	  "NT AUTHORITY\\Local account and member of Administrators group", SID_LOCAL_ADMIN },
};

static const struct label {
	const char *name, *sid;
} labels[] = {
	{ "Mandatory Label\\Medium Mandatory Level", IVM_LAB_SID_MEDIUM },
	{ "Mandatory Label\\High Mandatory Level", IVM_LAB_SID_HIGH },
};

static const struct wellknown *
wellknown_by_sid(const char *sid)
{
	for (size_t i = 0; i < IVM_COUNT(wellknown); i++)
		if (strcasecmp(wellknown[i].sid, sid) == 0)
			return &wellknown[i];
	return NULL;
}

/* ---- resolving ----------------------------------------------------------- */

static void
set_user(struct ivm_lab_principal *out, const struct ivm_lab_account *a)
{
	*out = (struct ivm_lab_principal){ .name = a->name, .sid = a->sid,
	    .kind = IVM_LAB_PRINCIPAL_USER, .account = a };
}

static void
set_group(struct ivm_lab_principal *out, const struct ivm_lab_group *g, bool local)
{
	*out = (struct ivm_lab_principal){ .name = g->full_name, .sid = g->sid,
	    .kind = local ? IVM_LAB_PRINCIPAL_ALIAS : IVM_LAB_PRINCIPAL_GROUP, .group = g };
}

static void
set_wellknown(struct ivm_lab_principal *out, const struct wellknown *w)
{
	*out = (struct ivm_lab_principal){ .name = w->full, .sid = w->sid,
	    .kind = IVM_LAB_PRINCIPAL_WELL_KNOWN };
}

/* Look in one account list and one group list, by SID or by name. */
static bool
find_in(const struct lab_vec *accounts, const struct lab_vec *groups, bool local, bool by_sid,
    bool builtin_only, const char *key, struct ivm_lab_principal *out)
{
	for (size_t i = 0; groups != NULL && i < groups->n; i++) {
		const struct ivm_lab_group *g = groups->v[i];
		if (builtin_only && !g->builtin)
			continue;
		if (strcasecmp(by_sid ? g->sid : g->name, key) == 0) {
			set_group(out, g, local);
			return true;
		}
	}
	for (size_t i = 0; accounts != NULL && i < accounts->n; i++) {
		const struct ivm_lab_account *a = accounts->v[i];
		if (strcasecmp(by_sid ? a->sid : a->sam, key) == 0) {
			set_user(out, a);
			return true;
		}
	}
	return false;
}

static bool
find_wellknown(const char *domain, const char *name, struct ivm_lab_principal *out)
{
	for (size_t i = 0; i < IVM_COUNT(wellknown); i++) {
		if ((domain == NULL || strcasecmp(domain, wellknown[i].domain) == 0) &&
		    strcasecmp(name, wellknown[i].name) == 0) {
			set_wellknown(out, &wellknown[i]);
			return true;
		}
	}
	return false;
}

static bool
resolve_sid(const struct ivm_lab *lab, const struct ivm_lab_host *h, const char *sid,
    struct ivm_lab_principal *out)
{
	const struct wellknown *w = wellknown_by_sid(sid);
	if (w != NULL) {
		set_wellknown(out, w);
		return true;
	}
	if (h != NULL && find_in(&h->accounts, &h->groups, true, true, false, sid, out))
		return true;
	return find_in(&lab->accounts, &lab->groups, false, true, false, sid, out);
}

static bool
resolve_name(const struct ivm_lab *lab, const struct ivm_lab_host *h, const char *name,
    struct ivm_lab_principal *out)
{
	const char *bs = strchr(name, '\\');
	const char *at = strrchr(name, '@');

	if (bs != NULL) {
		char *dom = ivm_xstrndup(name, (size_t)(bs - name));
		const char *rest = bs + 1;
		bool found = false;
		if (strcasecmp(dom, "NT AUTHORITY") == 0)
			found = find_wellknown("NT AUTHORITY", rest, out);
		else if (strcasecmp(dom, "BUILTIN") == 0)
			found = h != NULL && find_in(NULL, &h->groups, true, false, true, rest, out);
		else if (h != NULL && (strcmp(dom, ".") == 0 || strcasecmp(dom, h->netbios) == 0))
			found = find_in(&h->accounts, &h->groups, true, false, false, rest, out);
		else if (strcasecmp(dom, lab->netbios) == 0 || strcasecmp(dom, lab->dns) == 0)
			found = find_in(&lab->accounts, &lab->groups, false, false, false, rest, out);
		free(dom);
		return found;
	}
	if (at != NULL) {
		const struct ivm_lab_account *a = lab_domain_account(lab, name);
		if (a != NULL)
			set_user(out, a);
		return a != NULL;
	}
	/* A bare name: well-known, then the machine, then the domain, as
	 * LookupAccountName searches. */
	return find_wellknown(NULL, name, out) ||
	    (h != NULL && find_in(&h->accounts, &h->groups, true, false, false, name, out)) ||
	    find_in(&lab->accounts, &lab->groups, false, false, false, name, out);
}

int
ivm_lab_resolve(const struct ivm_lab *lab, const struct ivm_lab_host *h, const char *name_or_sid,
    struct ivm_lab_principal *out, struct ivm_err *err)
{
	const char *key = name_or_sid ? name_or_sid : "";
	bool is_sid = strncasecmp(key, "S-1-", 4) == 0;
	char *canon = NULL;

	if (is_sid) {
		canon = ivm_xstrdup(key);
		canon[0] = 'S';
	}
	memset(out, 0, sizeof(*out));
	if (*key != '\0' && lab_text_ok(key, LAB_MAX_TEXT) &&
	    (is_sid ? lab_sid_ok(canon) && resolve_sid(lab, h, canon, out) : resolve_name(lab, h, key, out))) {
		free(canon);
		return 0;
	}
	if (is_sid && lab_sid_ok(canon))
		lab_fail(err, h, IVM_LAB_E_NO_SUCH_USER, "cannot find an account",
		    "check the SID, or give the account's name (DOMAIN\\name) instead",
		    "no account or group has the SID %s", canon);
	else
		lab_fail(err, h, IVM_LAB_E_NONE_MAPPED, "cannot find an account",
		    "check the spelling; give domain accounts as DOMAIN\\name or name@domain",
		    "no account or group is named \"%s\" (No mapping between account names and "
		    "security IDs was done)", key);
	free(canon);
	return -1;
}

/* ---- tokens --------------------------------------------------------------- */

struct sidset {
	const char **v;
	size_t n;
};

static void
sidset_add(struct sidset *s, const char *sid)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcasecmp(s->v[i], sid) == 0)
			return;
	s->v = ivm_xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = sid;
}

static bool
sidset_has(const struct sidset *s, const char *sid)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcasecmp(s->v[i], sid) == 0)
			return true;
	return false;
}

/* Can a log on to h at all? Local accounts only on their own host. */
static bool
belongs(const struct ivm_lab_host *h, const struct ivm_lab_account *a)
{
	return a->host == NULL || a->host == h;
}

/* The SIDs a logon of a carries before h's local groups are added. */
static void
base_sids(const struct ivm_lab *lab, const struct ivm_lab_account *a, struct sidset *s)
{
	sidset_add(s, a->sid);
	sidset_add(s, IVM_LAB_SID_EVERYONE);
	sidset_add(s, SID_NETWORK);
	sidset_add(s, SID_AUTH_USERS);
	if (a->host != NULL) {
		sidset_add(s, SID_LOCAL);
		return;
	}
	sidset_add(s, SID_THIS_ORG);
	for (size_t i = 0; i < lab->groups.n; i++) {
		const struct ivm_lab_group *g = lab->groups.v[i];
		if (lab_group_has_member(g, a->sid))
			sidset_add(s, g->sid);
	}
}

/* Local groups cannot nest, so one pass over h's groups is complete. */
static void
local_sids(const struct ivm_lab_host *h, const struct sidset *base, struct sidset *out)
{
	for (size_t i = 0; h != NULL && i < h->groups.n; i++) {
		const struct ivm_lab_group *g = h->groups.v[i];
		for (size_t m = 0; m < g->nmembers; m++) {
			if (sidset_has(base, g->members[m])) {
				sidset_add(out, g->sid);
				break;
			}
		}
	}
}

const char **
ivm_lab_identity_sids(const struct ivm_lab *lab, const struct ivm_lab_host *h,
    const struct ivm_lab_account *a, size_t *n)
{
	struct sidset s = { NULL, 0 }, local = { NULL, 0 };

	base_sids(lab, a, &s);
	if (belongs(h, a))
		local_sids(h, &s, &local);
	for (size_t i = 0; i < local.n; i++)
		sidset_add(&s, local.v[i]);
	free(local.v);
	*n = s.n;
	return s.v;
}

bool
ivm_lab_in_group(const struct ivm_lab *lab, const struct ivm_lab_host *h, const struct ivm_lab_account *a,
    const char *group_sid)
{
	size_t n;
	const char **v = ivm_lab_identity_sids(lab, h, a, &n);
	struct sidset s = { v, n };
	bool in = sidset_has(&s, group_sid);
	free(v);
	return in;
}

bool
ivm_lab_is_filtered(const struct ivm_lab_host *h, const struct ivm_lab_account *a)
{
	/* UAC remote restrictions: a network logon of a local account other
	 * than the built-in Administrator (RID 500) gets a filtered token. */
	return a->host != NULL && a->rid != 500;
}

bool
ivm_lab_is_admin(struct ivm_lab *lab, const struct ivm_lab_host *h, const struct ivm_lab_account *a)
{
	return h != NULL && a != NULL && a->enabled && belongs(h, a) && !ivm_lab_is_filtered(h, a) &&
	    ivm_lab_in_group(lab, h, a, IVM_LAB_SID_ADMINISTRATORS);
}

struct tokbuild {
	struct ivm_lab_token_group *v;
	size_t n;
};

static void
tok_add(struct tokbuild *t, const char *name, const char *type, const char *sid, const char *attrs)
{
	t->v = ivm_xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	t->v[t->n++] = (struct ivm_lab_token_group){ name, type, sid, attrs };
}

static void
tok_wellknown(struct tokbuild *t, const char *sid, const char *attrs)
{
	const struct wellknown *w = wellknown_by_sid(sid);
	tok_add(t, w->full, "Well-known group", w->sid, attrs);
}

struct ivm_lab_token_group *
ivm_lab_token_groups(struct ivm_lab *lab, const struct ivm_lab_host *h, const struct ivm_lab_account *a,
    size_t *n)
{
	struct tokbuild t = { NULL, 0 };
	struct sidset base = { NULL, 0 }, local = { NULL, 0 };
	bool filtered = ivm_lab_is_filtered(h, a);

	base_sids(lab, a, &base);
	if (belongs(h, a))
		local_sids(h, &base, &local);
	bool admin_member = sidset_has(&local, IVM_LAB_SID_ADMINISTRATORS);
	bool elevated = admin_member && !filtered;

	tok_wellknown(&t, IVM_LAB_SID_EVERYONE, ATTR_ON);
	if (a->host != NULL && admin_member)
		tok_wellknown(&t, SID_LOCAL_ADMIN, filtered ? ATTR_DENY : ATTR_ON);
	tok_wellknown(&t, SID_NETWORK, ATTR_ON);
	tok_wellknown(&t, SID_AUTH_USERS, ATTR_ON);
	tok_wellknown(&t, a->host != NULL ? SID_LOCAL : SID_THIS_ORG, ATTR_ON);
	for (size_t i = 0; i < lab->groups.n; i++) {
		const struct ivm_lab_group *g = lab->groups.v[i];
		if (sidset_has(&base, g->sid))
			tok_add(&t, g->full_name, "Group", g->sid, ATTR_ON);
	}
	for (size_t i = 0; h != NULL && i < h->groups.n; i++) {
		const struct ivm_lab_group *g = h->groups.v[i];
		if (!sidset_has(&local, g->sid))
			continue;
		const char *attrs = ATTR_ON;
		if (strcmp(g->sid, IVM_LAB_SID_ADMINISTRATORS) == 0)
			attrs = filtered ? ATTR_DENY : ATTR_OWNER;
		tok_add(&t, g->full_name, "Alias", g->sid, attrs);
	}
	const struct label *l = &labels[elevated ? 1 : 0];
	tok_add(&t, l->name, "Label", l->sid, "");
	free(base.v);
	free(local.v);
	*n = t.n;
	return t.v;
}
