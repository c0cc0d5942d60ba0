/* core/lab/defaults.c: the default lab world, contoso.com with ipam1 and vmm1, as tables of data. */
#include "config.h"

#include "core/lab/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ivm.h"
#include "core/lab/model_int.h"
#include "core/xalloc.h"

/* Every password is written once, here, and used by both tables below. */
#define PW_ADMIN "Lab-Admin-1!"
#define PW_IPAMADMIN "Ipam-Admin-1!"
#define PW_VMMADMIN "Vmm-Admin-1!"
#define PW_VMMUSER "Vmm-User-1!"
#define PW_HELPDESK "Help-Desk-1!"
#define PW_OLDUSER "Old-User-1!"
#define PW_LOCAL_ADMIN "Local-Admin-1!"
#define PW_LOCALADMIN "Local-Admin-2!"

#define WHY_ADMIN "domain administrator: administrator on both servers"
#define WHY_IPAMADMIN "administrator of the IPAM server only"
#define WHY_VMMADMIN "administrator of the VMM server only"
#define WHY_VMMUSER "the account VMM uses to reach IPAM (the Run As user)"
#define WHY_HELPDESK "a plain domain user: not an administrator anywhere"
#define WHY_OLDUSER "a disabled account"

#define DOMAIN_NETBIOS "CONTOSO"
#define DOMAIN_DNS "contoso.com"
#define DOMAIN_SID "S-1-5-21-1004336348-1177238915-682003330"

#define OS_2019 "Microsoft Windows Server 2019 Datacenter"
#define PS_51 "5.1.17763.1"

#define ANY_HOST "*"	/* a row for every host */

enum { F_DISABLED = 1, F_NEVER_EXPIRES = 2 };

static const struct ivm_lab_published_account published[] = {
	{ DOMAIN_NETBIOS "\\Administrator", PW_ADMIN, WHY_ADMIN },
	{ DOMAIN_NETBIOS "\\ipamadmin", PW_IPAMADMIN, WHY_IPAMADMIN },
	{ DOMAIN_NETBIOS "\\vmmadmin", PW_VMMADMIN, WHY_VMMADMIN },
	{ DOMAIN_NETBIOS "\\vmmuser", PW_VMMUSER, WHY_VMMUSER },
	{ DOMAIN_NETBIOS "\\helpdesk", PW_HELPDESK, WHY_HELPDESK },
	{ DOMAIN_NETBIOS "\\olduser", PW_OLDUSER, WHY_OLDUSER },
	{ "IPAM1\\Administrator", PW_LOCAL_ADMIN, "built-in local Administrator of ipam1: a full administrator token" },
	{ "IPAM1\\localadmin", PW_LOCALADMIN, "local member of Administrators on ipam1, filtered by UAC "
	  "remote restrictions: not an administrator over WinRM" },
	{ "VMM1\\Administrator", PW_LOCAL_ADMIN, "built-in local Administrator of vmm1: a full administrator token" },
	{ "VMM1\\localadmin", PW_LOCALADMIN, "local member of Administrators on vmm1, filtered by UAC "
	  "remote restrictions: not an administrator over WinRM" },
	{ NULL, NULL, NULL },
};

static const struct def_host {
	const char *fqdn, *netbios, *sid;
	const char *role;
} hosts[] = {
	{ "ipam1.contoso.com", "IPAM1", "S-1-5-21-2140357812-3417245926-1183592071", IVM_LAB_ROLE_IPAM },
	{ "vmm1.contoso.com", "VMM1", "S-1-5-21-3886261543-1529710337-2941180458", IVM_LAB_ROLE_VMM },
};

/* host NULL: the domain; ANY_HOST: a local account on every host. */
static const struct def_account {
	const char *host, *sam, *password, *description;
	unsigned long rid;
	unsigned flags;
} accounts[] = {
	{ NULL, "Administrator", PW_ADMIN, WHY_ADMIN, 500, 0 },
	{ NULL, "ipamadmin", PW_IPAMADMIN, WHY_IPAMADMIN, 1103, 0 },
	{ NULL, "vmmadmin", PW_VMMADMIN, WHY_VMMADMIN, 1104, 0 },
	{ NULL, "vmmuser", PW_VMMUSER, WHY_VMMUSER, 1105, F_NEVER_EXPIRES },
	{ NULL, "helpdesk", PW_HELPDESK, WHY_HELPDESK, 1106, 0 },
	{ NULL, "olduser", PW_OLDUSER, WHY_OLDUSER, 1107, F_DISABLED },
	{ ANY_HOST, "Administrator", PW_LOCAL_ADMIN, "Built-in account for administering the computer", 500, 0 },
	{ ANY_HOST, "localadmin", PW_LOCALADMIN, "A local administrator other than the built-in one", 1000, 0 },
};

/* sid: a full SID, or NULL for the next RID of the host (or domain). */
static const struct def_group {
	const char *host, *name, *sid, *description, *grants_role;
} groups[] = {
	{ NULL, "Domain Admins", DOMAIN_SID "-512", "Administrators of the domain", NULL },
	{ NULL, "Domain Users", DOMAIN_SID "-513", "Every user of the domain", NULL },
	{ ANY_HOST, "Administrators", IVM_LAB_SID_ADMINISTRATORS, "Full control of this computer", NULL },
	{ ANY_HOST, "Users", IVM_LAB_SID_USERS, "Ordinary users of this computer", NULL },
	{ ANY_HOST, "Remote Management Users", IVM_LAB_SID_RMU,
	  "May reach this computer's management interfaces over WS-Management", NULL },
	{ "ipam1.contoso.com", "IPAM Users", NULL, "IPAM: may read IPAM data", NULL },
	{ "ipam1.contoso.com", "IPAM MSM Administrators", NULL,
	  "IPAM: manage DHCP and DNS servers (multi-server management)", "IPAM MSM Administrator Role" },
	{ "ipam1.contoso.com", "IPAM ASM Administrators", NULL,
	  "IPAM: manage IP address spaces (address space management)", IVM_LAB_ROLE_ASM },
	{ "ipam1.contoso.com", "IPAM IP Audit Administrators", NULL, "IPAM: read IP address audit data", NULL },
	{ "ipam1.contoso.com", "IPAM Administrators", NULL, "IPAM: full control of IPAM", IVM_LAB_ROLE_ADMIN },
};

/* Members by name, resolved on the host as Windows would. */
static const struct def_member {
	const char *host, *group, *member;
} members[] = {
	{ NULL, "Domain Admins", "CONTOSO\\Administrator" },
	{ NULL, "Domain Users", "CONTOSO\\Administrator" },
	{ NULL, "Domain Users", "CONTOSO\\ipamadmin" },
	{ NULL, "Domain Users", "CONTOSO\\vmmadmin" },
	{ NULL, "Domain Users", "CONTOSO\\vmmuser" },
	{ NULL, "Domain Users", "CONTOSO\\helpdesk" },
	{ NULL, "Domain Users", "CONTOSO\\olduser" },
	{ ANY_HOST, "Administrators", "CONTOSO\\Domain Admins" },
	{ ANY_HOST, "Administrators", ".\\Administrator" },
	{ ANY_HOST, "Administrators", ".\\localadmin" },
	{ "ipam1.contoso.com", "Administrators", "CONTOSO\\ipamadmin" },
	{ "vmm1.contoso.com", "Administrators", "CONTOSO\\vmmadmin" },
	{ ANY_HOST, "Users", "CONTOSO\\Domain Users" },
};

static const char *const ipam_roles[] = {
	"DNS Record Administrator Role",
	"IP Address Record Administrator Role",
	IVM_LAB_ROLE_ADMIN,
	IVM_LAB_ROLE_ASM,
	"IPAM DHCP Administrator Role",
	"IPAM DHCP Reservations Administrator Role",
	"IPAM DHCP Scope Administrator Role",
	"IPAM MSM Administrator Role",
};

static const char *const ipam_scopes[] = {
	"Global",
	"Global\\Europe",
	"Global\\Europe\\Dublin",
	"Global\\North America",
	"Global\\North America\\Seattle",
};

static const struct def_policy {
	const char *principal, *role, *scope;
} ipam_policies[] = {
	{ "CONTOSO\\ipamadmin", IVM_LAB_ROLE_ADMIN, "Global" },
};

static const struct def_runas {
	const char *id, *name, *user, *description;
} runas[] = {
	{ "6f1c2a8e-4b7d-4e39-9a51-0c2d7e8f9a10", "Host Admin", "CONTOSO\\vmmadmin",
	  "Administrator of the Hyper-V hosts" },
};

static const struct def_provider {
	const char *name, *manufacturer, *model, *type;
} providers[] = {
	{ IVM_LAB_IPAM_PROVIDER, IVM_LAB_IPAM_MANUFACTURER, IVM_LAB_IPAM_MODEL, "NetworkService" },
	{ "Microsoft Network Controller", "Microsoft", "Network Controller", "NetworkServiceV2" },
	{ "Microsoft Windows Server Gateway Provider", "Microsoft", "Windows Server Gateway", "Gateway" },
};

static const struct def_named {
	const char *id, *name;
} hostgroups[] = {
	{ "0e6c4a0b-2f1d-4c55-8d0e-5a1b9c3d7e01", "All Hosts" },
	{ "3b9f7d21-6a4e-4f0c-9e2b-1d8c5a7f3e02", "All Hosts\\Seattle" },
	{ "8a2d4c6e-1b3f-4d5a-8c7e-9f0a1b2c3d03", "All Hosts\\Seattle\\Rack 1" },
	{ "c5e7a9b1-3d2f-4e6a-9b8c-7d0e1f2a3b04", "All Hosts\\Dublin" },
}, lnets[] = {
	{ "4d6f8a0c-2e1b-4c3d-9e5f-6a7b8c9d0e11", "Management" },
	{ "9e1a3c5e-7f2b-4d4c-8b6a-5c4d3e2f1a12", "Storage" },
};

static const char *const lnet_steps[] = { "Create logical network" };
static const char *const hostgroup_steps[] = { "Create new host group" };

/* A short history of finished jobs: 2024-05-02, a few seconds each. */
static const struct def_job {
	const char *id, *name;
	const char *const *steps;
	long long start_ms, duration_ms;
} jobs[] = {
	{ "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c21", "Create logical network", lnet_steps, 1714641243000LL, 2000 },
	{ "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d22", "Create new host group", hostgroup_steps, 1714641301000LL, 2000 },
};

const struct ivm_lab_published_account *
ivm_lab_published_accounts(void)
{
	return published;
}

static bool
on_host(const char *row, const struct ivm_lab_host *h)
{
	return strcmp(row, ANY_HOST) == 0 || strcmp(row, h->fqdn) == 0;
}

static void
add_accounts(struct ivm_lab *lab, struct ivm_lab_host *h)
{
	for (size_t i = 0; i < IVM_COUNT(accounts); i++) {
		const struct def_account *d = &accounts[i];
		if ((h == NULL) != (d->host == NULL) || (h != NULL && !on_host(d->host, h)))
			continue;
		char *hash = lab_hash_password(d->password);
		lab_account_add(lab, h, d->sam, d->rid, hash, d->description, !(d->flags & F_DISABLED),
		    (d->flags & F_NEVER_EXPIRES) != 0);
		free(hash);
	}
}

static void
add_groups(struct ivm_lab *lab, struct ivm_lab_host *h)
{
	for (size_t i = 0; i < IVM_COUNT(groups); i++) {
		const struct def_group *d = &groups[i];
		if ((h == NULL) != (d->host == NULL) || (h != NULL && !on_host(d->host, h)))
			continue;
		char sid[128];
		if (d->sid != NULL)
			snprintf(sid, sizeof(sid), "%s", d->sid);
		else
			snprintf(sid, sizeof(sid), "%s-%lu", h->sid, h->next_rid);
		lab_group_add(lab, h, d->name, sid, d->description, d->grants_role);
	}
}

/* The tables are ours: a row that does not resolve is a bug, found at once. */
static void
must(bool ok, const char *what, const char *name)
{
	if (!ok) {
		fprintf(stderr, "ipamvmm: the default lab is inconsistent: %s %s\n", what, name);
		abort();
	}
}

static void
add_members(struct ivm_lab *lab, struct ivm_lab_host *h)
{
	for (size_t i = 0; i < IVM_COUNT(members); i++) {
		const struct def_member *d = &members[i];
		if ((h == NULL) != (d->host == NULL) || (h != NULL && !on_host(d->host, h)))
			continue;
		struct ivm_lab_principal p;
		must(ivm_lab_resolve(lab, h, d->member, &p, NULL) == 0, "member", d->member);
		const struct lab_vec *gv = h ? &h->groups : &lab->groups;
		struct ivm_lab_group *g = NULL;
		for (size_t k = 0; k < gv->n; k++)
			if (strcmp(((struct ivm_lab_group *)gv->v[k])->name, d->group) == 0)
				g = gv->v[k];
		must(g != NULL, "group", d->group);
		lab_group_add_member(g, p.sid);
	}
}

static void
add_ipam(struct ivm_lab *lab, struct ivm_lab_host *h)
{
	lab_host_install_ipam(h, IVM_LAB_IPAM_PORT);
	for (size_t i = 0; i < IVM_COUNT(ipam_roles); i++)
		lab_ipam_add_role(h, ipam_roles[i]);
	for (size_t i = 0; i < IVM_COUNT(ipam_scopes); i++)
		lab_ipam_add_scope(h, ipam_scopes[i]);
	for (size_t i = 0; i < IVM_COUNT(ipam_policies); i++)
		must(ivm_lab_ipam_policy_add(lab, h, ipam_policies[i].principal, ipam_policies[i].role,
		    ipam_policies[i].scope, NULL) == IVM_ST_CREATED, "policy for", ipam_policies[i].principal);
}

static void
add_vmm(struct ivm_lab *lab, struct ivm_lab_host *h)
{
	lab_host_install_vmm(h, "SCVMMService");
	for (size_t i = 0; i < IVM_COUNT(runas); i++)
		lab_vmm_add_runas(h, runas[i].id, runas[i].name, runas[i].user, runas[i].description, true);
	for (size_t i = 0; i < IVM_COUNT(providers); i++)
		lab_vmm_add_provider(h, providers[i].name, providers[i].manufacturer, providers[i].model,
		    providers[i].type);
	for (size_t i = 0; i < IVM_COUNT(hostgroups); i++)
		lab_vmm_add_hostgroup(h, hostgroups[i].id, hostgroups[i].name);
	for (size_t i = 0; i < IVM_COUNT(lnets); i++)
		lab_vmm_add_lnet(h, lnets[i].id, lnets[i].name);
	for (size_t i = 0; i < IVM_COUNT(jobs); i++)
		lab_vmm_add_job(h, jobs[i].id, jobs[i].name, jobs[i].steps, 1, jobs[i].start_ms,
		    jobs[i].duration_ms, IVM_LAB_JOB_COMPLETED, NULL);
}

struct ivm_lab *
ivm_lab_new_default(void)
{
	struct ivm_lab *lab = lab_new_empty(DOMAIN_NETBIOS, DOMAIN_DNS, DOMAIN_SID);

	add_accounts(lab, NULL);
	add_groups(lab, NULL);
	add_members(lab, NULL);
	for (size_t i = 0; i < IVM_COUNT(hosts); i++) {
		struct ivm_lab_host *h = lab_host_add(lab, hosts[i].fqdn, hosts[i].netbios, hosts[i].sid,
		    OS_2019, PS_51);
		add_accounts(lab, h);
		add_groups(lab, h);
		add_members(lab, h);
		if (strcmp(hosts[i].role, IVM_LAB_ROLE_IPAM) == 0)
			add_ipam(lab, h);
		else
			add_vmm(lab, h);
	}
	return lab;
}
