/* core/lab/state_write.c: the lab's world written as the XML document of the state file and of `lab show`. */
#include "config.h"

#include "core/lab/state.h"

#include <stdio.h>

#include "core/buf.h"
#include "core/lab/model.h"
#include "core/lab/model_int.h"

#define ROOT "ipamvmm-lab"

/* ---- writing --------------------------------------------------------------- */

static void
put_attr(struct ivm_buf *b, const char *name, const char *value)
{
	ivm_buf_addf(b, " %s=\"", name);
	for (const char *p = value ? value : ""; *p != '\0'; p++) {
		switch (*p) {
		case '&': ivm_buf_adds(b, "&amp;"); break;
		case '<': ivm_buf_adds(b, "&lt;"); break;
		case '>': ivm_buf_adds(b, "&gt;"); break;
		case '"': ivm_buf_adds(b, "&quot;"); break;
		default: ivm_buf_addc(b, *p); break;
		}
	}
	ivm_buf_addc(b, '"');
}

static void
put_bool(struct ivm_buf *b, const char *name, bool v)
{
	put_attr(b, name, v ? "true" : "false");
}

static void
put_num(struct ivm_buf *b, const char *name, long long v)
{
	char num[32];
	snprintf(num, sizeof(num), "%lld", v);
	put_attr(b, name, num);
}

static void
put_accounts(struct ivm_buf *b, const struct lab_vec *v, bool secrets, const char *indent)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct ivm_lab_account *a = v->v[i];
		ivm_buf_addf(b, "%s<account", indent);
		put_attr(b, "sam", a->sam);
		put_num(b, "rid", (long long)a->rid);
		put_bool(b, "enabled", a->enabled);
		put_bool(b, "password-never-expires", a->pw_never_expires);
		put_attr(b, "description", a->description);
		if (secrets)
			put_attr(b, "hash", a->hash);
		ivm_buf_adds(b, "/>\n");
	}
}

static void
put_groups(struct ivm_buf *b, const struct ivm_lab *lab, const struct ivm_lab_host *h, const struct lab_vec *v,
    const char *indent)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct ivm_lab_group *g = v->v[i];
		ivm_buf_addf(b, "%s<group", indent);
		put_attr(b, "name", g->name);
		put_attr(b, "sid", g->sid);
		put_attr(b, "description", g->description);
		if (g->grants_role != NULL)
			put_attr(b, "grants-role", g->grants_role);
		if (g->nmembers == 0) {
			ivm_buf_adds(b, "/>\n");
			continue;
		}
		ivm_buf_adds(b, ">\n");
		for (size_t m = 0; m < g->nmembers; m++) {
			struct ivm_lab_principal p;
			ivm_buf_addf(b, "%s  <member", indent);
			put_attr(b, "sid", g->members[m]);
			/* the name is for people reading the file; the SID is what counts */
			if (ivm_lab_resolve(lab, h, g->members[m], &p, NULL) == 0)
				put_attr(b, "name", p.name);
			ivm_buf_adds(b, "/>\n");
		}
		ivm_buf_addf(b, "%s</group>\n", indent);
	}
}

static void
put_ipam(struct ivm_buf *b, const struct lab_ipam *ipam)
{
	ivm_buf_adds(b, "    <ipam");
	put_num(b, "port", ipam->port);
	ivm_buf_adds(b, ">\n");
	for (size_t i = 0; i < ipam->roles.n; i++) {
		ivm_buf_adds(b, "      <role");
		put_attr(b, "name", ipam->roles.v[i]);
		ivm_buf_adds(b, "/>\n");
	}
	for (size_t i = 0; i < ipam->scopes.n; i++) {
		ivm_buf_adds(b, "      <scope");
		put_attr(b, "path", ipam->scopes.v[i]);
		ivm_buf_adds(b, "/>\n");
	}
	for (size_t i = 0; i < ipam->policies.n; i++) {
		const struct ivm_lab_policy *p = ipam->policies.v[i];
		ivm_buf_adds(b, "      <policy");
		put_attr(b, "principal", p->principal_name);
		put_attr(b, "principal-sid", p->principal_sid);
		put_attr(b, "role", p->role);
		put_attr(b, "scope", p->scope);
		ivm_buf_adds(b, "/>\n");
	}
	ivm_buf_adds(b, "    </ipam>\n");
}

static void
put_netsvc(struct ivm_buf *b, const struct ivm_lab_netsvc *s)
{
	ivm_buf_adds(b, "      <network-service");
	put_attr(b, "id", s->id);
	put_attr(b, "name", s->name);
	put_attr(b, "description", s->description);
	put_attr(b, "manufacturer", s->manufacturer);
	put_attr(b, "model", s->model);
	put_attr(b, "provider", s->provider);
	put_attr(b, "connection-string", s->connection_string);
	put_attr(b, "runas", s->runas);
	ivm_buf_adds(b, ">\n");
	for (size_t i = 0; i < s->nhostgroups; i++) {
		ivm_buf_adds(b, "        <hostgroup");
		put_attr(b, "path", s->hostgroups[i]);
		ivm_buf_adds(b, "/>\n");
	}
	ivm_buf_adds(b, "      </network-service>\n");
}

static void
put_job(struct ivm_buf *b, const struct ivm_lab_job *j)
{
	ivm_buf_adds(b, "      <job");
	put_attr(b, "id", j->id);
	put_attr(b, "name", j->name);
	put_num(b, "start-ms", j->start_ms);
	put_num(b, "duration-ms", j->duration_ms);
	put_attr(b, "outcome", ivm_lab_job_status_name(j->outcome));
	put_attr(b, "error-info", j->error_info);
	ivm_buf_adds(b, ">\n");
	for (size_t i = 0; i < j->nsteps; i++) {
		ivm_buf_adds(b, "        <step");
		put_attr(b, "name", j->steps[i]);
		ivm_buf_adds(b, "/>\n");
	}
	ivm_buf_adds(b, "      </job>\n");
}

static void
put_vmm(struct ivm_buf *b, const struct lab_vmm *vmm)
{
	ivm_buf_adds(b, "    <vmm");
	put_attr(b, "service", vmm->service);
	ivm_buf_adds(b, ">\n");
	for (size_t i = 0; i < vmm->runas.n; i++) {
		const struct ivm_lab_runas *r = vmm->runas.v[i];
		ivm_buf_adds(b, "      <runas");
		put_attr(b, "id", r->id);
		put_attr(b, "name", r->name);
		put_attr(b, "user", r->user);
		put_attr(b, "description", r->description);
		put_bool(b, "credentials-ok", r->credentials_ok);
		ivm_buf_adds(b, "/>\n");
	}
	for (size_t i = 0; i < vmm->providers.n; i++) {
		const struct ivm_lab_provider *p = vmm->providers.v[i];
		ivm_buf_adds(b, "      <provider");
		put_attr(b, "name", p->name);
		put_attr(b, "manufacturer", p->manufacturer);
		put_attr(b, "model", p->model);
		put_attr(b, "type", p->type);
		ivm_buf_adds(b, "/>\n");
	}
	for (size_t i = 0; i < vmm->hostgroups.n; i++) {
		const struct ivm_lab_hostgroup *g = vmm->hostgroups.v[i];
		ivm_buf_adds(b, "      <hostgroup");
		put_attr(b, "id", g->id);
		put_attr(b, "path", g->path);
		ivm_buf_adds(b, "/>\n");
	}
	for (size_t i = 0; i < vmm->lnets.n; i++) {
		const struct ivm_lab_lnet *l = vmm->lnets.v[i];
		ivm_buf_adds(b, "      <logical-network");
		put_attr(b, "id", l->id);
		put_attr(b, "name", l->name);
		ivm_buf_adds(b, "/>\n");
	}
	for (size_t i = 0; i < vmm->netsvcs.n; i++)
		put_netsvc(b, vmm->netsvcs.v[i]);
	for (size_t i = 0; i < vmm->jobs.n; i++)
		put_job(b, vmm->jobs.v[i]);
	ivm_buf_adds(b, "    </vmm>\n");
}

static void
put_lab(const struct ivm_lab *lab, struct ivm_buf *b, bool secrets)
{
	ivm_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	ivm_buf_addf(b, "<" ROOT " version=\"%d\">\n", IVM_LAB_STATE_VERSION);
	ivm_buf_adds(b, "  <switches>\n");
	for (size_t i = 0; i < IVM_LAB_NSWITCHES; i++) {
		ivm_buf_adds(b, "    <switch");
		put_attr(b, "name", ivm_lab_switch_name((enum ivm_lab_switch)i));
		put_bool(b, "on", lab->switches[i]);
		ivm_buf_adds(b, "/>\n");
	}
	ivm_buf_adds(b, "  </switches>\n  <domain");
	put_attr(b, "netbios", lab->netbios);
	put_attr(b, "dns", lab->dns);
	put_attr(b, "sid", lab->sid);
	ivm_buf_adds(b, ">\n");
	put_accounts(b, &lab->accounts, secrets, "    ");
	put_groups(b, lab, NULL, &lab->groups, "    ");
	ivm_buf_adds(b, "  </domain>\n");
	for (size_t i = 0; i < lab->hosts.n; i++) {
		const struct ivm_lab_host *h = lab->hosts.v[i];
		ivm_buf_adds(b, "  <host");
		put_attr(b, "fqdn", h->fqdn);
		put_attr(b, "netbios", h->netbios);
		put_attr(b, "sid", h->sid);
		put_attr(b, "os", h->os);
		put_attr(b, "powershell", h->ps_version);
		ivm_buf_adds(b, ">\n");
		put_accounts(b, &h->accounts, secrets, "    ");
		put_groups(b, lab, h, &h->groups, "    ");
		if (h->ipam != NULL)
			put_ipam(b, h->ipam);
		if (h->vmm != NULL)
			put_vmm(b, h->vmm);
		ivm_buf_adds(b, "  </host>\n");
	}
	ivm_buf_adds(b, "</" ROOT ">\n");
}

void
ivm_lab_to_xml(const struct ivm_lab *lab, struct ivm_buf *out)
{
	put_lab(lab, out, false);
}

void
ivm_lab_to_state_xml(const struct ivm_lab *lab, struct ivm_buf *out)
{
	put_lab(lab, out, true);
}
