/* tests/check_lab_model.c: Check suite "lab_model": the lab's world and the Windows rules it follows. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/lab/model.h"
#include "core/whoami.h"
#include "core/xalloc.h"
#include "tests/testutil.h"

#define IPAM_FQDN "ipam1.contoso.com"
#define RUNAS "IPAM Run As"

static struct ivm_lab *lab;
static struct ivm_lab_host *ipam, *vmm;
static struct ivm_err err;
static long long now;
static struct ivm_lab_test_result t[3];

static long long
test_clock(void *ud)
{
	return *(long long *)ud;
}

static void
setup(void)
{
	lab = ivm_lab_new_default();
	ipam = ivm_lab_host_find(lab, IPAM_FQDN);
	vmm = ivm_lab_host_find(lab, "VMM1");
	now = 1750000000000LL;
	ivm_lab_set_clock(lab, test_clock, &now);
	ivm_err_clear(&err);
}

static void
teardown(void)
{
	ivm_lab_free(&lab);
}

static enum ivm_lab_auth
auth(const struct ivm_lab_host *h, const char *user, const char *pw, const struct ivm_lab_account **who)
{
	return ivm_lab_authenticate(lab, h, user, pw, who);
}

static const struct ivm_lab_account *
acct(const struct ivm_lab_host *h, const char *user)
{
	const struct ivm_lab_account *a = ivm_lab_account_find(lab, h, user);
	ck_assert_msg(a != NULL, "no account %s", user);
	return a;
}

/* ---- the default world ----------------------------------------------------------- */

START_TEST(test_default_world)
{
	ck_assert_uint_eq(ivm_lab_nhosts(lab), 2);
	ck_assert_ptr_nonnull(ipam);
	ck_assert_ptr_nonnull(vmm);
	ck_assert_ptr_eq(ivm_lab_host_find(lab, "IPAM1.CONTOSO.COM"), ipam);
	ck_assert_str_eq(ivm_lab_host_netbios(ipam), "IPAM1");
	ck_assert_str_eq(ivm_lab_host_fqdn(vmm), "vmm1.contoso.com");
	ck_assert_str_eq(ivm_lab_host_os(ipam), "Microsoft Windows Server 2019 Datacenter");
	ck_assert_str_eq(ivm_lab_host_ps_version(vmm), "5.1.17763.1");
	ck_assert_str_eq(ivm_lab_host_roles(ipam)[0], "IPAM");
	ck_assert_ptr_null(ivm_lab_host_roles(ipam)[1]);
	ck_assert_str_eq(ivm_lab_host_roles(vmm)[0], "VMM");
	ck_assert_str_eq(ivm_lab_domain_sid(lab), "S-1-5-21-1004336348-1177238915-682003330");
	ck_assert_str_eq(ivm_lab_account_sid(acct(NULL, "CONTOSO\\Administrator")),
	    "S-1-5-21-1004336348-1177238915-682003330-500");
	ck_assert(ivm_lab_account_pw_never_expires(acct(NULL, "CONTOSO\\vmmuser")));
	ck_assert(!ivm_lab_account_enabled(acct(NULL, "CONTOSO\\olduser")));
	ck_assert_str_eq(ivm_lab_group_find(ipam, "S-1-5-32-580")->name, "Remote Management Users");
	ck_assert_uint_eq(ivm_lab_group_find(ipam, "S-1-5-32-580")->nmembers, 0);
	const struct ivm_lab_group *asm_g = ivm_lab_group_find(ipam, "IPAM ASM Administrators");
	ck_assert_ptr_nonnull(asm_g);
	ck_assert_uint_ge(asm_g->rid, 1000);
	ck_assert_ptr_null(ivm_lab_group_find(vmm, "IPAM ASM Administrators"));
	ck_assert_uint_eq(ivm_lab_ipam_nroles(ipam), 8);
	ck_assert(ivm_lab_ipam_role_exists(ipam, "IPAM ASM Administrator Role"));
	ck_assert(ivm_lab_ipam_scope_exists(ipam, "Global\\Europe\\Dublin"));
	ck_assert_uint_eq(ivm_lab_ipam_npolicies(ipam), 1);
	ck_assert_str_eq(ivm_lab_ipam_policy_at(ipam, 0)->principal_name, "CONTOSO\\ipamadmin");
	ck_assert_uint_eq(ivm_lab_vmm_nproviders(vmm), 3);
	const struct ivm_lab_provider *p = ivm_lab_vmm_provider_find(vmm, IVM_LAB_IPAM_PROVIDER);
	ck_assert_str_eq(p->model, "Microsoft Windows Server IP Address Management");
	ck_assert_ptr_eq(ivm_lab_vmm_provider_for(vmm, "Microsoft", IVM_LAB_IPAM_MODEL), p);
	ck_assert_str_eq(ivm_lab_vmm_hostgroup_at(vmm, 0)->path, "All Hosts");
	ck_assert_str_eq(ivm_lab_vmm_hostgroup_find(vmm, "Rack 1")->path, "All Hosts\\Seattle\\Rack 1");
	ck_assert_uint_eq(ivm_lab_vmm_nlnets(vmm), 2);
	ck_assert(ivm_lab_vmm_runas_find(vmm, "Host Admin")->credentials_ok);
	ck_assert_uint_eq(ivm_lab_njobs(vmm), 2);
	struct ivm_lab_job_info ji;
	ivm_lab_job_get(lab, ivm_lab_job_at(vmm, 0), &ji);
	ck_assert_int_eq(ji.status, IVM_LAB_JOB_COMPLETED);
	ck_assert_uint_eq(ji.progress, 100);
}
END_TEST

START_TEST(test_published_accounts_log_on)
{
	size_t n = 0;
	for (const struct ivm_lab_published_account *p = ivm_lab_published_accounts(); p->user; p++, n++) {
		const char *bs = strchr(p->user, '\\');
		ck_assert_ptr_nonnull(bs);
		char host[32];
		snprintf(host, sizeof(host), "%.*s", (int)(bs - p->user), p->user);
		struct ivm_lab_host *h = strcmp(host, "CONTOSO") == 0 ? ipam : ivm_lab_host_find(lab, host);
		ck_assert_ptr_nonnull(h);
		enum ivm_lab_auth want = strstr(p->user, "olduser") ? IVM_LAB_AUTH_DISABLED : IVM_LAB_AUTH_OK;
		ck_assert_msg(auth(h, p->user, p->password, NULL) == want, "%s", p->user);
		ck_assert(p->purpose[0] != '\0');
	}
	ck_assert_uint_eq(n, 10);
}
END_TEST

/* ---- logon ------------------------------------------------------------------------- */

START_TEST(test_auth_domain_forms)
{
	static const char *const forms[] = {
		"CONTOSO\\vmmuser", "contoso\\VMMUSER", "contoso.com\\vmmuser", "CONTOSO.COM\\vmmuser",
		"vmmuser@contoso.com", "vmmuser@CONTOSO.COM", "VmmUser@Contoso.Com",
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		const struct ivm_lab_account *who = NULL;
		ck_assert_msg(auth(ipam, forms[i], "Vmm-User-1!", &who) == IVM_LAB_AUTH_OK, "%s", forms[i]);
		ck_assert_str_eq(ivm_lab_account_name(who), "CONTOSO\\vmmuser");
	}
	/* domain forms work with no host too (what VMM does for a Run As) */
	ck_assert_int_eq(auth(NULL, "CONTOSO\\vmmuser", "Vmm-User-1!", NULL), IVM_LAB_AUTH_OK);
	ck_assert_int_eq(auth(NULL, "vmmuser", "Vmm-User-1!", NULL), IVM_LAB_AUTH_BAD);
}
END_TEST

START_TEST(test_auth_local_forms)
{
	const struct ivm_lab_account *who = NULL;
	ck_assert_int_eq(auth(ipam, ".\\localadmin", "Local-Admin-2!", &who), IVM_LAB_AUTH_OK);
	ck_assert_str_eq(ivm_lab_account_name(who), "IPAM1\\localadmin");
	ck_assert_int_eq(auth(ipam, "ipam1\\LocalAdmin", "Local-Admin-2!", &who), IVM_LAB_AUTH_OK);
	ck_assert_int_eq(auth(ipam, "localadmin", "Local-Admin-2!", &who), IVM_LAB_AUTH_OK);
	ck_assert_ptr_eq(ivm_lab_account_host(who), ipam);
	/* a bare name is the local account, not the domain one */
	ck_assert_int_eq(auth(ipam, "Administrator", "Local-Admin-1!", &who), IVM_LAB_AUTH_OK);
	ck_assert_str_eq(ivm_lab_account_name(who), "IPAM1\\Administrator");
	ck_assert_int_eq(auth(ipam, "Administrator", "Lab-Admin-1!", NULL), IVM_LAB_AUTH_BAD);
	ck_assert_int_eq(auth(vmm, "CONTOSO\\Administrator", "Lab-Admin-1!", &who), IVM_LAB_AUTH_OK);
	ck_assert_str_eq(ivm_lab_account_name(who), "CONTOSO\\Administrator");
	/* a bare domain user, another host's account, an unknown domain */
	ck_assert_int_eq(auth(ipam, "vmmuser", "Vmm-User-1!", NULL), IVM_LAB_AUTH_BAD);
	ck_assert_int_eq(auth(ipam, "VMM1\\localadmin", "Local-Admin-2!", NULL), IVM_LAB_AUTH_BAD);
	ck_assert_int_eq(auth(ipam, "FABRIKAM\\vmmuser", "Vmm-User-1!", NULL), IVM_LAB_AUTH_BAD);
	ck_assert_int_eq(auth(ipam, "vmmuser@fabrikam.com", "Vmm-User-1!", NULL), IVM_LAB_AUTH_BAD);
}
END_TEST

START_TEST(test_auth_results)
{
	const struct ivm_lab_account *who = (const void *)&who;
	ck_assert_int_eq(auth(ipam, "CONTOSO\\vmmuser", "vmm-user-1!", &who), IVM_LAB_AUTH_BAD);
	ck_assert_ptr_null(who);
	ck_assert_int_eq(auth(ipam, "CONTOSO\\nobody", "Vmm-User-1!", &who), IVM_LAB_AUTH_BAD);
	ck_assert_int_eq(auth(ipam, "CONTOSO\\vmmuser", "", NULL), IVM_LAB_AUTH_BAD);
	ck_assert_int_eq(auth(ipam, "CONTOSO\\vmmuser", NULL, NULL), IVM_LAB_AUTH_BAD);
	ck_assert_int_eq(auth(ipam, "", "x", NULL), IVM_LAB_AUTH_BAD);
	ck_assert_int_eq(auth(ipam, NULL, "x", NULL), IVM_LAB_AUTH_BAD);
	/* disabled: only said with the right password */
	ck_assert_int_eq(auth(ipam, "CONTOSO\\olduser", "Old-User-1!", &who), IVM_LAB_AUTH_DISABLED);
	ck_assert_str_eq(ivm_lab_account_name(who), "CONTOSO\\olduser");
	ck_assert_int_eq(auth(ipam, "CONTOSO\\olduser", "wrong", NULL), IVM_LAB_AUTH_BAD);
	ck_assert_int_eq(ivm_lab_account_set_enabled(lab, NULL, "CONTOSO\\olduser", true, &err), 0);
	ck_assert_int_eq(auth(ipam, "CONTOSO\\olduser", "Old-User-1!", NULL), IVM_LAB_AUTH_OK);
	ck_assert_int_eq(ivm_lab_account_set_password(lab, NULL, "CONTOSO\\olduser", "New-1!", &err), 0);
	ck_assert_int_eq(auth(ipam, "CONTOSO\\olduser", "Old-User-1!", NULL), IVM_LAB_AUTH_BAD);
	ck_assert_int_eq(auth(ipam, "CONTOSO\\olduser", "New-1!", NULL), IVM_LAB_AUTH_OK);
	ck_assert_int_eq(ivm_lab_account_set_enabled(lab, NULL, "CONTOSO\\ghost", true, &err), -1);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NO_SUCH_USER);
}
END_TEST

/* ---- tokens ---------------------------------------------------------------------- */

static const struct ivm_lab_token_group *
tok_find(const struct ivm_lab_token_group *g, size_t n, const char *sid)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(g[i].sid, sid) == 0)
			return &g[i];
	return NULL;
}

static void
csv_field(struct ivm_buf *b, const char *s, bool last)
{
	ivm_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			ivm_buf_addc(b, '"');
		ivm_buf_addc(b, *s);
	}
	ivm_buf_adds(b, last ? "\"\r\n" : "\",");
}

/* What the client's own whoami reader decides about this token. */
static enum ivm_admin_state
client_view(const struct ivm_lab_token_group *g, size_t n)
{
	struct ivm_buf csv = IVM_BUF_INIT;
	struct ivm_whoami w;
	ivm_buf_adds(&csv, "\"Group Name\",\"Type\",\"SID\",\"Attributes\"\r\n");
	for (size_t i = 0; i < n; i++) {
		csv_field(&csv, g[i].name, false);
		csv_field(&csv, g[i].type, false);
		csv_field(&csv, g[i].sid, false);
		csv_field(&csv, g[i].attributes, true);
	}
	ck_assert_int_eq(ivm_whoami_parse(csv.data, csv.len, &w, &err), 0);
	enum ivm_admin_state s = ivm_whoami_admin(&w);
	ivm_whoami_release(&w);
	ivm_buf_release(&csv);
	return s;
}

START_TEST(test_token_administrator)
{
	size_t n;
	struct ivm_lab_token_group *g = ivm_lab_token_groups(lab, ipam, acct(ipam, "CONTOSO\\Administrator"), &n);
	ck_assert_uint_ge(n, 8);
	ck_assert_str_eq(g[0].name, "Everyone");
	ck_assert_str_eq(g[0].type, "Well-known group");
	ck_assert_str_eq(g[0].attributes, "Mandatory group, Enabled by default, Enabled group");
	ck_assert_ptr_nonnull(tok_find(g, n, "S-1-5-2"));
	ck_assert_ptr_nonnull(tok_find(g, n, "S-1-5-11"));
	const struct ivm_lab_token_group *da = tok_find(g, n, "S-1-5-21-1004336348-1177238915-682003330-512");
	ck_assert_str_eq(da->name, "CONTOSO\\Domain Admins");
	ck_assert_str_eq(da->type, "Group");
	const struct ivm_lab_token_group *ad = tok_find(g, n, "S-1-5-32-544");
	ck_assert_str_eq(ad->name, "BUILTIN\\Administrators");
	ck_assert_str_eq(ad->type, "Alias");
	ck_assert_str_eq(ad->attributes, "Mandatory group, Enabled by default, Enabled group, Group owner");
	ck_assert_ptr_nonnull(tok_find(g, n, "S-1-5-32-545"));	/* Users, through Domain Users */
	ck_assert(da < ad);					/* domain before local */
	ck_assert_str_eq(g[n - 1].sid, "S-1-16-12288");
	ck_assert_str_eq(g[n - 1].type, "Label");
	ck_assert_str_eq(g[n - 1].name, "Mandatory Label\\High Mandatory Level");
	ck_assert_int_eq(client_view(g, n), IVM_ADMIN_YES);
	free(g);
}
END_TEST

START_TEST(test_token_localadmin_filtered)
{
	size_t n;
	const struct ivm_lab_account *a = acct(ipam, "IPAM1\\localadmin");
	struct ivm_lab_token_group *g = ivm_lab_token_groups(lab, ipam, a, &n);
	const struct ivm_lab_token_group *ad = tok_find(g, n, "S-1-5-32-544");
	ck_assert_ptr_nonnull(ad);
	ck_assert_str_eq(ad->attributes, "Group used for deny only");
	ck_assert_str_eq(tok_find(g, n, "S-1-5-114")->attributes, "Group used for deny only");
	ck_assert_ptr_nonnull(tok_find(g, n, "S-1-5-113"));
	ck_assert_ptr_null(tok_find(g, n, "S-1-5-15"));
	ck_assert_str_eq(g[n - 1].sid, "S-1-16-8192");
	ck_assert_int_eq(client_view(g, n), IVM_ADMIN_FILTERED);
	ck_assert(ivm_lab_is_filtered(ipam, a));
	ck_assert(!ivm_lab_is_admin(lab, ipam, a));
	free(g);
	/* the built-in local Administrator is not filtered */
	g = ivm_lab_token_groups(lab, ipam, acct(ipam, ".\\Administrator"), &n);
	ck_assert_str_eq(tok_find(g, n, "S-1-5-32-544")->attributes,
	    "Mandatory group, Enabled by default, Enabled group, Group owner");
	ck_assert_str_eq(g[n - 1].sid, "S-1-16-12288");
	ck_assert_int_eq(client_view(g, n), IVM_ADMIN_YES);
	free(g);
}
END_TEST

START_TEST(test_token_helpdesk)
{
	size_t n;
	struct ivm_lab_token_group *g = ivm_lab_token_groups(lab, ipam, acct(ipam, "CONTOSO\\helpdesk"), &n);
	ck_assert_ptr_null(tok_find(g, n, "S-1-5-32-544"));
	ck_assert_ptr_null(tok_find(g, n, "S-1-5-21-1004336348-1177238915-682003330-512"));
	ck_assert_str_eq(tok_find(g, n, "S-1-5-21-1004336348-1177238915-682003330-513")->name,
	    "CONTOSO\\Domain Users");
	ck_assert_ptr_nonnull(tok_find(g, n, "S-1-5-15"));
	ck_assert_str_eq(g[n - 1].sid, "S-1-16-8192");
	ck_assert_int_eq(client_view(g, n), IVM_ADMIN_NOT_MEMBER);
	free(g);
	/* a local group the account joins shows up, as an alias of the host */
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "S-1-5-32-580", "CONTOSO\\helpdesk", &err), IVM_ST_CREATED);
	g = ivm_lab_token_groups(lab, ipam, acct(ipam, "CONTOSO\\helpdesk"), &n);
	ck_assert_str_eq(tok_find(g, n, "S-1-5-32-580")->name, "BUILTIN\\Remote Management Users");
	free(g);
}
END_TEST

START_TEST(test_is_admin)
{
	ck_assert(ivm_lab_is_admin(lab, ipam, acct(NULL, "CONTOSO\\Administrator")));
	ck_assert(ivm_lab_is_admin(lab, vmm, acct(NULL, "CONTOSO\\Administrator")));
	ck_assert(ivm_lab_is_admin(lab, ipam, acct(NULL, "CONTOSO\\ipamadmin")));
	ck_assert(!ivm_lab_is_admin(lab, vmm, acct(NULL, "CONTOSO\\ipamadmin")));
	ck_assert(ivm_lab_is_admin(lab, vmm, acct(NULL, "CONTOSO\\vmmadmin")));
	ck_assert(!ivm_lab_is_admin(lab, ipam, acct(NULL, "CONTOSO\\vmmadmin")));
	ck_assert(!ivm_lab_is_admin(lab, ipam, acct(NULL, "CONTOSO\\helpdesk")));
	ck_assert(!ivm_lab_is_admin(lab, ipam, acct(NULL, "CONTOSO\\vmmuser")));
	ck_assert(ivm_lab_is_admin(lab, ipam, acct(ipam, ".\\Administrator")));
	ck_assert(!ivm_lab_is_admin(lab, vmm, acct(ipam, ".\\Administrator")));	/* another host's */
	ck_assert(!ivm_lab_is_admin(lab, ipam, acct(ipam, ".\\localadmin")));
	ivm_lab_account_set_enabled(lab, NULL, "CONTOSO\\ipamadmin", false, &err);
	ck_assert(!ivm_lab_is_admin(lab, ipam, acct(NULL, "CONTOSO\\ipamadmin")));
	/* Domain Admins membership makes an administrator everywhere */
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "Administrators", "CONTOSO\\helpdesk", &err),
	    IVM_ST_CREATED);
	ck_assert(ivm_lab_is_admin(lab, ipam, acct(NULL, "CONTOSO\\helpdesk")));
}
END_TEST

/* ---- local groups ---------------------------------------------------------------- */

static void
assert_bad_name(const char *name, unsigned long code)
{
	size_t before = ivm_lab_ngroups(ipam);
	ivm_err_clear(&err);
	ck_assert_msg(ivm_lab_group_ensure(lab, ipam, name, NULL, &err) == IVM_ST_FAILED, "accepted \"%s\"", name);
	ck_assert_msg(err.fault_code == code, "\"%s\": code %lu, not %lu", name, err.fault_code, code);
	ck_assert_int_eq(err.kind, IVM_E_REMOTE);
	ck_assert(err.why[0] != '\0' && err.next[0] != '\0');
	ck_assert_uint_eq(ivm_lab_ngroups(ipam), before);
}

START_TEST(test_group_name_forbidden_chars)
{
	static const char forbidden[] = "\"/\\[]:;|=,+*?<>@";
	for (const char *c = forbidden; *c; c++) {
		char name[32];
		snprintf(name, sizeof(name), "VMM%cUsers", *c);
		assert_bad_name(name, IVM_LAB_E_INVALID_ACCOUNT_NAME);
	}
	assert_bad_name("VMM\tUsers", IVM_LAB_E_INVALID_ACCOUNT_NAME);
	assert_bad_name("", IVM_LAB_E_INVALID_ACCOUNT_NAME);
	assert_bad_name("bad\xC3(", IVM_LAB_E_INVALID_ACCOUNT_NAME);
}
END_TEST

START_TEST(test_group_name_length_dots)
{
	char name[600];
	memset(name, 'a', 256);
	name[256] = '\0';
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, name, NULL, &err), IVM_ST_CREATED);
	name[0] = 'b';
	name[256] = 'a';
	name[257] = '\0';
	assert_bad_name(name, IVM_LAB_E_INVALID_ACCOUNT_NAME);
	/* characters, not bytes: 256 two-byte letters are fine */
	name[0] = '\0';
	for (int i = 0; i < 256; i++)
		strcat(name, "\xC3\xA9");
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, name, NULL, &err), IVM_ST_CREATED);
	assert_bad_name("...", IVM_LAB_E_INVALID_ACCOUNT_NAME);
	assert_bad_name("   ", IVM_LAB_E_INVALID_ACCOUNT_NAME);
	assert_bad_name(" . .", IVM_LAB_E_INVALID_ACCOUNT_NAME);
	assert_bad_name("VMM Users.", IVM_LAB_E_INVALID_ACCOUNT_NAME);
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, "V.M.M Users", NULL, &err), IVM_ST_CREATED);
}
END_TEST

START_TEST(test_group_name_duplicates)
{
	assert_bad_name("localadmin", IVM_LAB_E_USER_EXISTS);
	assert_bad_name("ADMINISTRATOR", IVM_LAB_E_USER_EXISTS);
	ck_assert_int_eq(ivm_lab_group_name_check(ipam, "IPAM Users", &err), -1);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_ALIAS_EXISTS);
	/* a domain user's name is not a local name */
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, "vmmuser", NULL, &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, "VMM Users", "for VMM", &err), IVM_ST_CREATED);
	const struct ivm_lab_group *g = ivm_lab_group_find(ipam, "IPAM1\\VMM Users");
	ck_assert_str_eq(g->full_name, "IPAM1\\VMM Users");
	ck_assert_str_eq(g->description, "for VMM");
	ck_assert(!g->builtin);
	ck_assert(strncmp(g->sid, ivm_lab_host_sid(ipam), strlen(ivm_lab_host_sid(ipam))) == 0);
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, "vmm users", NULL, &err), IVM_ST_PRESENT);
	ck_assert_int_eq(err.kind, IVM_OK);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_ALIAS_EXISTS);
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, "Administrators", NULL, &err), IVM_ST_PRESENT);
	/* the same name on the other host is another group */
	ck_assert_int_eq(ivm_lab_group_ensure(lab, vmm, "VMM Users", NULL, &err), IVM_ST_CREATED);
	ck_assert_str_ne(ivm_lab_group_find(vmm, "VMM Users")->sid, ivm_lab_group_find(ipam, "VMM Users")->sid);
}
END_TEST

START_TEST(test_member_codes)
{
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, "VMM Users", NULL, &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "VMM Users", "CONTOSO\\vmmuser", &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "VMM Users", "vmmuser@contoso.com", &err), IVM_ST_PRESENT);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_MEMBER_IN_ALIAS);
	const char *sid = ivm_lab_account_sid(acct(NULL, "CONTOSO\\vmmuser"));
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "S-1-5-32-580", sid, &err), IVM_ST_CREATED);
	ck_assert(ivm_lab_in_group(lab, ipam, acct(NULL, "CONTOSO\\vmmuser"), IVM_LAB_SID_RMU));
	ck_assert(!ivm_lab_in_group(lab, vmm, acct(NULL, "CONTOSO\\vmmuser"), IVM_LAB_SID_RMU));
	ck_assert_int_eq(ivm_lab_member_remove(lab, ipam, "VMM Users", "CONTOSO\\vmmuser", &err), IVM_ST_REMOVED);
	ck_assert_int_eq(ivm_lab_member_remove(lab, ipam, "VMM Users", "CONTOSO\\vmmuser", &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_MEMBER_NOT_IN_ALIAS);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "No Such Group", "CONTOSO\\vmmuser", &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NO_SUCH_ALIAS);
	ck_assert_str_eq(err.fault_machine, IPAM_FQDN);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "VMM Users", "CONTOSO\\nobody", &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NONE_MAPPED);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "VMM Users", "S-1-5-21-1-2-3-4242", &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NO_SUCH_USER);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "VMM Users", "VMM1\\localadmin", &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NONE_MAPPED);
	ck_assert_int_eq(ivm_lab_member_remove(lab, ipam, "Nope", "CONTOSO\\vmmuser", &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NO_SUCH_ALIAS);
}
END_TEST

START_TEST(test_no_local_group_in_local_group)
{
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, "VMM Users", NULL, &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "Remote Management Users", "VMM Users", &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_INVALID_MEMBER);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "IPAM ASM Administrators", "BUILTIN\\Users", &err),
	    IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_INVALID_MEMBER);
	ck_assert_uint_eq(ivm_lab_group_find(ipam, "S-1-5-32-580")->nmembers, 0);
	/* a domain group is fine, and its members count as members */
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "Remote Management Users", "CONTOSO\\Domain Users", &err),
	    IVM_ST_CREATED);
	ck_assert(ivm_lab_in_group(lab, ipam, acct(NULL, "CONTOSO\\helpdesk"), IVM_LAB_SID_RMU));
	ck_assert(!ivm_lab_in_group(lab, ipam, acct(ipam, "IPAM1\\localadmin"), IVM_LAB_SID_RMU));
}
END_TEST

START_TEST(test_group_remove)
{
	ck_assert_int_eq(ivm_lab_group_remove(lab, ipam, "Administrators", &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_SPECIAL_ACCOUNT);
	ck_assert_int_eq(ivm_lab_group_remove(lab, ipam, "Ghosts", &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NO_SUCH_ALIAS);
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, "VMM Users", NULL, &err), IVM_ST_CREATED);
	size_t n = ivm_lab_ngroups(ipam);
	ck_assert_int_eq(ivm_lab_group_remove(lab, ipam, "vmm users", &err), IVM_ST_REMOVED);
	ck_assert_uint_eq(ivm_lab_ngroups(ipam), n - 1);
	ck_assert_ptr_null(ivm_lab_group_find(ipam, "VMM Users"));
}
END_TEST

START_TEST(test_resolve)
{
	struct ivm_lab_principal p;
	ck_assert_int_eq(ivm_lab_resolve(lab, ipam, "Remote Management Users", &p, &err), 0);
	ck_assert_str_eq(p.sid, "S-1-5-32-580");
	ck_assert_str_eq(p.name, "BUILTIN\\Remote Management Users");
	ck_assert_int_eq(p.kind, IVM_LAB_PRINCIPAL_ALIAS);
	ck_assert_int_eq(ivm_lab_resolve(lab, ipam, "s-1-5-32-544", &p, &err), 0);
	ck_assert_str_eq(p.name, "BUILTIN\\Administrators");
	ck_assert_int_eq(ivm_lab_resolve(lab, ipam, "vmmuser", &p, &err), 0);	/* bare: falls to the domain */
	ck_assert_str_eq(p.name, "CONTOSO\\vmmuser");
	ck_assert_int_eq(p.kind, IVM_LAB_PRINCIPAL_USER);
	ck_assert_int_eq(ivm_lab_resolve(lab, ipam, "localadmin", &p, &err), 0);
	ck_assert_str_eq(p.name, "IPAM1\\localadmin");
	ck_assert_int_eq(ivm_lab_resolve(lab, ipam, "CONTOSO\\Domain Users", &p, &err), 0);
	ck_assert_int_eq(p.kind, IVM_LAB_PRINCIPAL_GROUP);
	ck_assert_int_eq(ivm_lab_resolve(lab, ipam, "NT AUTHORITY\\Authenticated Users", &p, &err), 0);
	ck_assert_str_eq(p.sid, "S-1-5-11");
	ck_assert_int_eq(p.kind, IVM_LAB_PRINCIPAL_WELL_KNOWN);
	ck_assert_int_eq(ivm_lab_resolve(lab, ipam, ivm_lab_domain_sid(lab), &p, &err), -1);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NO_SUCH_USER);
	ck_assert_int_eq(ivm_lab_resolve(lab, ipam, "S-1-x", &p, &err), -1);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NONE_MAPPED);
	ck_assert_int_eq(ivm_lab_resolve(lab, vmm, "IPAM ASM Administrators", &p, &err), -1);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NONE_MAPPED);
}
END_TEST

/* ---- IPAM RBAC --------------------------------------------------------------------- */

START_TEST(test_rbac_additive)
{
	const struct ivm_lab_account *u = acct(NULL, "CONTOSO\\vmmuser");
	const char *why = NULL;
	ck_assert(!ivm_lab_ipam_has_role(lab, ipam, u, IVM_LAB_ROLE_ASM, "Global", &why));
	ck_assert(ivm_lab_ipam_has_role(lab, ipam, acct(NULL, "CONTOSO\\ipamadmin"), IVM_LAB_ROLE_ADMIN,
	    "\\Global\\Europe", &why));
	ck_assert_str_eq(why, "CONTOSO\\ipamadmin");
	/* an IPAM local group holds its role at Global, with no policy at all */
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "IPAM ASM Administrators", "CONTOSO\\vmmuser", &err),
	    IVM_ST_CREATED);
	ck_assert(ivm_lab_ipam_has_role(lab, ipam, u, IVM_LAB_ROLE_ASM, "Global", &why));
	ck_assert_str_eq(why, "IPAM1\\IPAM ASM Administrators");
	ck_assert(ivm_lab_ipam_has_role(lab, ipam, u, IVM_LAB_ROLE_ASM, "Global\\Europe\\Dublin", NULL));
	ck_assert(!ivm_lab_ipam_has_role(lab, ipam, u, "IPAM MSM Administrator Role", "Global", NULL));
	/* IPAM Users grants no role */
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "IPAM Users", "CONTOSO\\helpdesk", &err), IVM_ST_CREATED);
	for (size_t i = 0; i < ivm_lab_ipam_nroles(ipam); i++)
		ck_assert(!ivm_lab_ipam_has_role(lab, ipam, acct(NULL, "CONTOSO\\helpdesk"),
		    ivm_lab_ipam_role_at(ipam, i), "Global", NULL));
	/* a policy at a sub-scope covers what is under it, not Global */
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "CONTOSO\\helpdesk", IVM_LAB_ROLE_ASM,
	    "Global\\Europe", &err), IVM_ST_CREATED);
	ck_assert(ivm_lab_ipam_has_role(lab, ipam, acct(NULL, "CONTOSO\\helpdesk"), IVM_LAB_ROLE_ASM,
	    "Global\\Europe\\Dublin", NULL));
	ck_assert(!ivm_lab_ipam_has_role(lab, ipam, acct(NULL, "CONTOSO\\helpdesk"), IVM_LAB_ROLE_ASM,
	    "Global", NULL));
	ck_assert(!ivm_lab_ipam_has_role(lab, ipam, acct(NULL, "CONTOSO\\helpdesk"), IVM_LAB_ROLE_ASM,
	    "Global\\North America", NULL));
}
END_TEST

START_TEST(test_policies_and_scopes)
{
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "CONTOSO\\ipamadmin", IVM_LAB_ROLE_ADMIN, "\\Global",
	    &err), IVM_ST_PRESENT);
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "CONTOSO\\vmmuser", "IPAM ASM Administrator", "Global",
	    &err), IVM_ST_FAILED);
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "CONTOSO\\vmmuser", IVM_LAB_ROLE_ASM, "Global\\Mars",
	    &err), IVM_ST_FAILED);
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "CONTOSO\\nobody", IVM_LAB_ROLE_ASM, "Global", &err),
	    IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NONE_MAPPED);
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, vmm, "CONTOSO\\vmmuser", IVM_LAB_ROLE_ASM, "Global", &err),
	    IVM_ST_FAILED);
	ck_assert_int_eq(ivm_lab_ipam_scope_ensure(lab, ipam, "Global\\Asia", &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_ipam_scope_ensure(lab, ipam, "\\Global\\Asia\\Tokyo", &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_ipam_scope_ensure(lab, ipam, "Global\\Asia", &err), IVM_ST_PRESENT);
	ck_assert_int_eq(ivm_lab_ipam_scope_ensure(lab, ipam, "Global\\Africa\\Lagos", &err), IVM_ST_FAILED);
	ck_assert_int_eq(ivm_lab_ipam_scope_ensure(lab, ipam, "Europe", &err), IVM_ST_FAILED);
	ck_assert_int_eq(ivm_lab_ipam_scope_ensure(lab, ipam, "Global\\\\x", &err), IVM_ST_FAILED);
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "CONTOSO\\vmmuser", IVM_LAB_ROLE_ASM,
	    "Global\\Asia\\Tokyo", &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_ipam_scope_remove(lab, ipam, "Global\\Asia", &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_IN_USE);
	ck_assert_int_eq(ivm_lab_ipam_scope_remove(lab, ipam, "Global\\Asia\\Tokyo", &err), IVM_ST_FAILED);
	ck_assert_int_eq(ivm_lab_ipam_policy_remove(lab, ipam, "CONTOSO\\vmmuser", IVM_LAB_ROLE_ASM,
	    "Global\\Asia\\Tokyo", &err), IVM_ST_REMOVED);
	ck_assert_int_eq(ivm_lab_ipam_policy_remove(lab, ipam, "CONTOSO\\vmmuser", IVM_LAB_ROLE_ASM,
	    "Global\\Asia\\Tokyo", &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NOT_FOUND);
	ck_assert_int_eq(ivm_lab_ipam_scope_remove(lab, ipam, "Global\\Asia\\Tokyo", &err), IVM_ST_REMOVED);
	ck_assert_int_eq(ivm_lab_ipam_scope_remove(lab, ipam, "Global\\Asia", &err), IVM_ST_REMOVED);
	ck_assert_int_eq(ivm_lab_ipam_scope_remove(lab, ipam, "Global", &err), IVM_ST_FAILED);
}
END_TEST

/* ---- the provider test ------------------------------------------------------------- */

static void
runas(const char *user, const char *pw, bool validate, enum ivm_status want)
{
	const struct ivm_lab_job *j = NULL;
	ck_assert_int_eq(ivm_lab_vmm_runas_ensure(lab, vmm, RUNAS, user, pw, NULL, validate, &j, &err), want);
}

/* The 2012 R2 documentation's way: a local group, a policy, Remote Management Users. */
static void
setup_by_policy(void)
{
	ck_assert_int_eq(ivm_lab_group_ensure(lab, ipam, "VMM Users", NULL, &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "VMM Users", "CONTOSO\\vmmuser", &err), IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "VMM Users", IVM_LAB_ROLE_ASM, "Global", &err),
	    IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "S-1-5-32-580", "CONTOSO\\vmmuser", &err), IVM_ST_CREATED);
	runas("CONTOSO\\vmmuser", "Vmm-User-1!", true, IVM_ST_CREATED);
}

static int
run_test(const char *cs)
{
	return ivm_lab_test_network_service(lab, cs, RUNAS, IVM_LAB_IPAM_PROVIDER, t);
}

static void
assert_results(bool open, bool cap, bool sys)
{
	ck_assert_str_eq(t[0].name, "Test open connection");
	ck_assert_str_eq(t[1].name, "Test capability discovery");
	ck_assert_str_eq(t[2].name, "Test system info");
	ck_assert_msg(t[0].passed == open, "open: %s", t[0].reason);
	ck_assert_msg(t[1].passed == cap, "capability: %s", t[1].reason);
	ck_assert_msg(t[2].passed == sys, "system info: %s", t[2].reason);
	for (int i = 0; i < 3; i++) {
		ck_assert(t[i].reason[0] != '\0');
		ck_assert(t[i].passed == (t[i].remedy[0] == '\0'));
	}
}

static void
assert_open_fails(const char *cs, const char *in_reason, const char *in_remedy)
{
	ck_assert_int_eq(run_test(cs), 3);
	assert_results(false, false, false);
	ck_assert_msg(strstr(t[0].reason, in_reason) != NULL, "\"%s\" not in \"%s\"", in_reason, t[0].reason);
	ck_assert_msg(strstr(t[0].remedy, in_remedy) != NULL, "\"%s\" not in \"%s\"", in_remedy, t[0].remedy);
	ck_assert(strstr(t[1].reason, "Not attempted") != NULL);
	ck_assert(strstr(t[2].reason, "Not attempted") != NULL);
}

START_TEST(test_provider_all_pass_by_policy)
{
	setup_by_policy();
	ck_assert_int_eq(run_test(IPAM_FQDN), 0);
	assert_results(true, true, true);
	ck_assert(strstr(t[1].reason, "IPAM1\\VMM Users") != NULL);
	ck_assert_int_eq(run_test("IPAM1.Contoso.com:48885"), 0);
	ck_assert_int_eq(run_test("ipam1.contoso.com."), 0);
}
END_TEST

START_TEST(test_provider_all_pass_by_asm_group)
{
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "IPAM ASM Administrators", "CONTOSO\\vmmuser", &err),
	    IVM_ST_CREATED);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "Remote Management Users", "CONTOSO\\vmmuser", &err),
	    IVM_ST_CREATED);
	runas("CONTOSO\\vmmuser", "Vmm-User-1!", true, IVM_ST_CREATED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 0);
	ck_assert(strstr(t[1].reason, "IPAM ASM Administrators") != NULL);
}
END_TEST

START_TEST(test_provider_other_grants_pass)
{
	setup_by_policy();
	ck_assert_int_eq(ivm_lab_ipam_policy_remove(lab, ipam, "VMM Users", IVM_LAB_ROLE_ASM, "Global", &err),
	    IVM_ST_REMOVED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 2);
	/* IPAM Administrator Role also does */
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "CONTOSO\\vmmuser", IVM_LAB_ROLE_ADMIN, "Global", &err),
	    IVM_ST_CREATED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 0);
	ck_assert_int_eq(ivm_lab_ipam_policy_remove(lab, ipam, "CONTOSO\\vmmuser", IVM_LAB_ROLE_ADMIN, "Global",
	    &err), IVM_ST_REMOVED);
	/* a policy for a domain group that contains the account */
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "CONTOSO\\Domain Users", IVM_LAB_ROLE_ASM, "Global",
	    &err), IVM_ST_CREATED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 0);
	ck_assert_int_eq(ivm_lab_ipam_policy_remove(lab, ipam, "CONTOSO\\Domain Users", IVM_LAB_ROLE_ASM, "Global",
	    &err), IVM_ST_REMOVED);
	/* membership of IPAM Administrators */
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "IPAM Administrators", "CONTOSO\\vmmuser", &err),
	    IVM_ST_CREATED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 0);
}
END_TEST

START_TEST(test_provider_wrong_fqdn_and_reach)
{
	setup_by_policy();
	assert_open_fails("ipam2.contoso.com", "VMM cannot resolve or reach the IPAM server", "DNS");
	assert_open_fails("ipam1.contoso.local", "VMM cannot resolve or reach the IPAM server", "DNS");
	assert_open_fails("vmm1.contoso.com", "Wrong FQDN", "fully qualified");
	assert_open_fails("ipam1", "short name", "fully qualified");
	assert_open_fails("", "Wrong FQDN", "fully qualified");
	assert_open_fails("ipam1.contoso.com:99999", "Wrong FQDN", "fully qualified");
	assert_open_fails("https://ipam1.contoso.com/", "Wrong FQDN", "fully qualified");
	assert_open_fails("ipam1.contoso.com:5985", "port 5985", "port");
	ck_assert_int_eq(ivm_lab_test_network_service(lab, NULL, RUNAS, IVM_LAB_IPAM_PROVIDER, t), 3);
}
END_TEST

START_TEST(test_provider_service_stopped)
{
	setup_by_policy();
	ivm_lab_set_switch(lab, IVM_LAB_SW_IPAM_SERVICE_STOPPED, true);
	assert_open_fails(IPAM_FQDN, "IPAM service", "Start the IPAM service");
	ivm_lab_set_switch(lab, IVM_LAB_SW_IPAM_SERVICE_STOPPED, false);
	ck_assert_int_eq(run_test(IPAM_FQDN), 0);
}
END_TEST

START_TEST(test_provider_bad_credentials)
{
	setup_by_policy();
	/* without -NoValidation VMM refuses bad credentials outright */
	const struct ivm_lab_job *j = NULL;
	ck_assert_int_eq(ivm_lab_vmm_runas_ensure(lab, vmm, "Other", "CONTOSO\\vmmuser", "wrong", NULL, true, &j,
	    &err), IVM_ST_FAILED);
	ck_assert_ptr_null(ivm_lab_vmm_runas_find(vmm, "Other"));
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_LOGON_FAILURE);
	struct ivm_lab_job_info ji;
	ivm_lab_set_instant(lab, true);
	ivm_lab_job_get(lab, j, &ji);
	ck_assert_str_eq(ji.name, "Create new RunAs Account");
	/* with it, the account is made and the test fails */
	ck_assert_int_eq(ivm_lab_vmm_runas_remove(lab, vmm, RUNAS, &err), IVM_ST_REMOVED);
	runas("CONTOSO\\vmmuser", "Wrong-1!", false, IVM_ST_CREATED);
	ck_assert(!ivm_lab_vmm_runas_find(vmm, RUNAS)->credentials_ok);
	assert_open_fails(IPAM_FQDN, "were not valid", "password");
	ck_assert(strstr(t[0].reason, "Permissions on the IPAM server for the Run As account") != NULL);
	/* capability discovery says whether the role would be there */
	ck_assert(strstr(t[1].reason, "holds neither") == NULL);
	runas("CONTOSO\\vmmuser", "Vmm-User-1!", true, IVM_ST_CHANGED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 0);
	/* a Run As that does not exist */
	ck_assert_int_eq(ivm_lab_test_network_service(lab, IPAM_FQDN, "Nobody", IVM_LAB_IPAM_PROVIDER, t), 3);
	ck_assert(strstr(t[0].reason, "no Run As account") != NULL);
}
END_TEST

START_TEST(test_provider_account_disabled)
{
	setup_by_policy();
	ivm_lab_account_set_enabled(lab, NULL, "CONTOSO\\vmmuser", false, &err);
	assert_open_fails(IPAM_FQDN, "disabled", "Enable the account");
}
END_TEST

START_TEST(test_provider_not_in_rmu)
{
	setup_by_policy();
	ck_assert_int_eq(ivm_lab_member_remove(lab, ipam, "S-1-5-32-580", "CONTOSO\\vmmuser", &err), IVM_ST_REMOVED);
	assert_open_fails(IPAM_FQDN, "Remote Management Users", "S-1-5-32-580");
	/* through a domain group is as good */
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "S-1-5-32-580", "CONTOSO\\Domain Users", &err), IVM_ST_CREATED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 0);
	/* on the wrong host is not */
	ck_assert_int_eq(ivm_lab_member_remove(lab, ipam, "S-1-5-32-580", "CONTOSO\\Domain Users", &err),
	    IVM_ST_REMOVED);
	ck_assert_int_eq(ivm_lab_member_add(lab, vmm, "S-1-5-32-580", "CONTOSO\\vmmuser", &err), IVM_ST_CREATED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 3);
}
END_TEST

START_TEST(test_provider_no_role)
{
	setup_by_policy();
	ck_assert_int_eq(ivm_lab_member_remove(lab, ipam, "VMM Users", "CONTOSO\\vmmuser", &err), IVM_ST_REMOVED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 2);
	assert_results(true, false, false);
	ck_assert(strstr(t[1].reason, "holds neither the IPAM ASM Administrator Role") != NULL);
	ck_assert(strstr(t[1].remedy, "IPAM ASM Administrators") != NULL);
	ck_assert(strstr(t[2].reason, "Not attempted") != NULL);
	/* and when the connection fails too, capability discovery says the role is missing */
	ck_assert_int_eq(ivm_lab_member_remove(lab, ipam, "S-1-5-32-580", "CONTOSO\\vmmuser", &err), IVM_ST_REMOVED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 3);
	ck_assert(strstr(t[1].reason, "holds neither") != NULL);
}
END_TEST

START_TEST(test_provider_wrong_role)
{
	setup_by_policy();
	ck_assert_int_eq(ivm_lab_ipam_policy_remove(lab, ipam, "VMM Users", IVM_LAB_ROLE_ASM, "Global", &err),
	    IVM_ST_REMOVED);
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "VMM Users", "IPAM MSM Administrator Role", "Global",
	    &err), IVM_ST_CREATED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 2);
	assert_results(true, false, false);
	ck_assert_int_eq(ivm_lab_member_add(lab, ipam, "IPAM MSM Administrators", "CONTOSO\\vmmuser", &err),
	    IVM_ST_CREATED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 2);
	/* the right role below Global is not enough either */
	ck_assert_int_eq(ivm_lab_ipam_policy_add(lab, ipam, "VMM Users", IVM_LAB_ROLE_ASM, "Global\\Europe", &err),
	    IVM_ST_CREATED);
	ck_assert_int_eq(run_test(IPAM_FQDN), 2);
}
END_TEST

START_TEST(test_provider_time_skew)
{
	setup_by_policy();
	ivm_lab_set_switch(lab, IVM_LAB_SW_TIME_SKEW, true);
	ck_assert(ivm_lab_get_switch(lab, IVM_LAB_SW_TIME_SKEW));
	ck_assert_int_eq(run_test(IPAM_FQDN), 1);
	assert_results(true, true, false);
	ck_assert(strstr(t[2].reason, "time_skew") != NULL);
	ck_assert(strstr(t[2].remedy, "Root\\CIMV2") != NULL);
}
END_TEST

START_TEST(test_provider_unknown_provider)
{
	setup_by_policy();
	ck_assert_int_eq(ivm_lab_test_network_service(lab, IPAM_FQDN, RUNAS, "Contoso IPAM Provider", t), 3);
	ck_assert(strstr(t[0].reason, "no configuration provider named \"Contoso IPAM Provider\"") != NULL);
	ck_assert(strstr(t[0].remedy, IVM_LAB_IPAM_PROVIDER) != NULL);
	ck_assert_int_eq(ivm_lab_test_network_service(lab, IPAM_FQDN, RUNAS, "Microsoft Network Controller", t), 3);
	ck_assert(strstr(t[0].reason, "not IPAM") != NULL);
	ck_assert_int_eq(ivm_lab_switch_parse("time_skew"), IVM_LAB_SW_TIME_SKEW);
	ck_assert_int_eq(ivm_lab_switch_parse("ipam_service_stopped"), IVM_LAB_SW_IPAM_SERVICE_STOPPED);
	ck_assert_int_eq(ivm_lab_switch_parse("nope"), -1);
}
END_TEST

/* ---- VMM objects and jobs ------------------------------------------------------ */

START_TEST(test_runas_idempotent)
{
	runas("CONTOSO\\vmmuser", "Vmm-User-1!", true, IVM_ST_CREATED);
	const struct ivm_lab_runas *r = ivm_lab_vmm_runas_find(vmm, RUNAS);
	ck_assert_str_eq(r->user, "CONTOSO\\vmmuser");
	ck_assert(r->credentials_ok);
	ck_assert_ptr_eq(ivm_lab_vmm_runas_find(vmm, r->id), r);
	size_t jobs = ivm_lab_njobs(vmm);
	const struct ivm_lab_job *j = (const void *)&j;
	ck_assert_int_eq(ivm_lab_vmm_runas_ensure(lab, vmm, RUNAS, "vmmuser@contoso.com", "Vmm-User-1!", NULL, true,
	    &j, &err), IVM_ST_PRESENT);
	ck_assert_ptr_null(j);
	ck_assert_uint_eq(ivm_lab_njobs(vmm), jobs);
	runas("CONTOSO\\olduser", "Old-User-1!", true, IVM_ST_FAILED);	/* disabled */
	runas("CONTOSO\\helpdesk", "Help-Desk-1!", true, IVM_ST_CHANGED);
	ck_assert_str_eq(ivm_lab_vmm_runas_find(vmm, RUNAS)->user, "CONTOSO\\helpdesk");
	ck_assert_int_eq(ivm_lab_vmm_runas_remove(lab, vmm, RUNAS, &err), IVM_ST_REMOVED);
	ck_assert_int_eq(ivm_lab_vmm_runas_remove(lab, vmm, RUNAS, &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_NOT_FOUND);
	ck_assert_int_eq(ivm_lab_vmm_runas_ensure(lab, ipam, RUNAS, "CONTOSO\\vmmuser", "Vmm-User-1!", NULL, true,
	    NULL, &err), IVM_ST_FAILED);
}
END_TEST

START_TEST(test_jobs_take_time)
{
	const struct ivm_lab_job *j = NULL;
	struct ivm_lab_job_info ji;
	ck_assert_int_eq(ivm_lab_vmm_runas_ensure(lab, vmm, RUNAS, "CONTOSO\\vmmuser", "Vmm-User-1!", "d", true,
	    &j, &err), IVM_ST_CREATED);
	ck_assert_ptr_nonnull(j);
	ivm_lab_job_get(lab, j, &ji);
	ck_assert_str_eq(ji.name, "Create new RunAs Account");
	ck_assert_int_eq(ji.status, IVM_LAB_JOB_RUNNING);
	ck_assert_str_eq(ivm_lab_job_status_name(ji.status), "Running");
	ck_assert_uint_eq(ji.progress, 0);
	ck_assert_int_eq(ji.start_ms, now);
	ck_assert_int_eq(ji.end_ms, 0);
	ck_assert_uint_eq(strlen(ji.id), 36);
	ck_assert_ptr_eq(ivm_lab_job_find(vmm, ji.id), j);
	now += 1000;
	ivm_lab_job_get(lab, j, &ji);
	ck_assert_int_eq(ji.status, IVM_LAB_JOB_RUNNING);
	ck_assert_uint_gt(ji.progress, 0);
	ck_assert_uint_lt(ji.progress, 100);
	now += 60000;
	ivm_lab_job_get(lab, j, &ji);
	ck_assert_int_eq(ji.status, IVM_LAB_JOB_COMPLETED);
	ck_assert_uint_eq(ji.progress, 100);
	ck_assert_int_gt(ji.end_ms, ji.start_ms);
	ck_assert_int_le(ji.end_ms - ji.start_ms, 10000);
	ck_assert_str_eq(ji.error_info, "Success (0)");
	/* a job of several steps walks through them */
	static const char *const steps[] = { "one", "two", "three" };
	j = ivm_lab_job_start(lab, vmm, "Three steps", steps, 3, IVM_LAB_JOB_SUCCEED_WITH_INFO, "note");
	size_t last = 0;
	for (int i = 0; i < 100; i++) {
		ivm_lab_job_get(lab, j, &ji);
		ck_assert_uint_ge(ji.step, last);
		last = ji.step;
		if (ji.status != IVM_LAB_JOB_RUNNING)
			break;
		now += 100;
	}
	ck_assert_int_eq(ji.status, IVM_LAB_JOB_SUCCEED_WITH_INFO);
	ck_assert_uint_eq(ji.step, 3);
	ck_assert_str_eq(ji.error_info, "note");
	/* instant mode: done at once */
	ivm_lab_set_instant(lab, true);
	j = ivm_lab_job_start(lab, vmm, "Quick", NULL, 0, IVM_LAB_JOB_FAILED, "bad\nthing");
	ivm_lab_job_get(lab, j, &ji);
	ck_assert_int_eq(ji.status, IVM_LAB_JOB_FAILED);
	ck_assert_str_eq(ji.error_info, "bad thing");
	ck_assert_int_eq(ivm_lab_job_status_parse("SucceedWithInfo"), IVM_LAB_JOB_SUCCEED_WITH_INFO);
	ck_assert_int_eq(ivm_lab_job_status_parse("Done"), -1);
	ck_assert_ptr_null(ivm_lab_job_start(lab, ipam, "No VMM", NULL, 0, IVM_LAB_JOB_COMPLETED, NULL));
}
END_TEST

static const char *const all_hosts[] = { "All Hosts" };

static struct ivm_lab_netsvc_spec
ipam_spec(const char *cs)
{
	return (struct ivm_lab_netsvc_spec){ .name = "IPAM", .description = "the IPAM server",
	    .manufacturer = "Microsoft", .model = IVM_LAB_IPAM_MODEL, .connection_string = cs, .runas = RUNAS,
	    .hostgroups = all_hosts, .nhostgroups = 1 };
}

START_TEST(test_network_service)
{
	const struct ivm_lab_job *j = NULL;
	struct ivm_lab_job_info ji;
	setup_by_policy();
	struct ivm_lab_netsvc_spec spec = ipam_spec("ipam2.contoso.com");
	ck_assert_int_eq(ivm_lab_vmm_netsvc_ensure(lab, vmm, &spec, &j, &err), IVM_ST_FAILED);
	ck_assert(strstr(err.why, "Test open connection failed") != NULL);
	ck_assert_ptr_null(ivm_lab_vmm_netsvc_find(vmm, "IPAM"));
	now += 60000;
	ivm_lab_job_get(lab, j, &ji);
	ck_assert_str_eq(ji.name, "Add network service device");
	ck_assert_int_eq(ji.status, IVM_LAB_JOB_FAILED);
	ck_assert(strstr(ji.error_info, "resolve") != NULL);
	spec = ipam_spec(IPAM_FQDN);
	ck_assert_int_eq(ivm_lab_vmm_netsvc_ensure(lab, vmm, &spec, &j, &err), IVM_ST_CREATED);
	now += 60000;
	ivm_lab_job_get(lab, j, &ji);
	ck_assert_int_eq(ji.status, IVM_LAB_JOB_COMPLETED);
	const struct ivm_lab_netsvc *s = ivm_lab_vmm_netsvc_find(vmm, "ipam");
	ck_assert_str_eq(s->provider, IVM_LAB_IPAM_PROVIDER);
	ck_assert_str_eq(s->hostgroups[0], "All Hosts");
	ck_assert_int_eq(ivm_lab_vmm_netsvc_ensure(lab, vmm, &spec, &j, &err), IVM_ST_PRESENT);
	ck_assert_ptr_null(j);
	spec.connection_string = IPAM_FQDN ":48885";
	ck_assert_int_eq(ivm_lab_vmm_netsvc_ensure(lab, vmm, &spec, &j, &err), IVM_ST_CHANGED);
	ck_assert_uint_eq(ivm_lab_vmm_nnetsvcs(vmm), 1);
	ck_assert_int_eq(ivm_lab_vmm_runas_remove(lab, vmm, RUNAS, &err), IVM_ST_FAILED);
	ck_assert_uint_eq(err.fault_code, IVM_LAB_E_IN_USE);
	static const char *const nowhere[] = { "All Hosts\\Mars" };
	spec.hostgroups = nowhere;
	ck_assert_int_eq(ivm_lab_vmm_netsvc_ensure(lab, vmm, &spec, &j, &err), IVM_ST_FAILED);
	spec = ipam_spec(IPAM_FQDN);
	spec.model = "Windows Server Gateway";
	ck_assert_int_eq(ivm_lab_vmm_netsvc_ensure(lab, vmm, &spec, &j, &err), IVM_ST_FAILED);
	ck_assert_int_eq(ivm_lab_vmm_netsvc_remove(lab, vmm, "IPAM", &j, &err), IVM_ST_REMOVED);
	ck_assert_int_eq(ivm_lab_vmm_netsvc_remove(lab, vmm, "IPAM", &j, &err), IVM_ST_FAILED);
	ck_assert_int_eq(ivm_lab_vmm_runas_remove(lab, vmm, RUNAS, &err), IVM_ST_REMOVED);
}
END_TEST

static Suite *
lab_model_suite(void)
{
	Suite *s = suite_create("lab_model");
	TCase *tc = tcase_create("model");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_default_world);
	tcase_add_test(tc, test_published_accounts_log_on);
	tcase_add_test(tc, test_auth_domain_forms);
	tcase_add_test(tc, test_auth_local_forms);
	tcase_add_test(tc, test_auth_results);
	tcase_add_test(tc, test_token_administrator);
	tcase_add_test(tc, test_token_localadmin_filtered);
	tcase_add_test(tc, test_token_helpdesk);
	tcase_add_test(tc, test_is_admin);
	tcase_add_test(tc, test_group_name_forbidden_chars);
	tcase_add_test(tc, test_group_name_length_dots);
	tcase_add_test(tc, test_group_name_duplicates);
	tcase_add_test(tc, test_member_codes);
	tcase_add_test(tc, test_no_local_group_in_local_group);
	tcase_add_test(tc, test_group_remove);
	tcase_add_test(tc, test_resolve);
	tcase_add_test(tc, test_rbac_additive);
	tcase_add_test(tc, test_policies_and_scopes);
	tcase_add_test(tc, test_provider_all_pass_by_policy);
	tcase_add_test(tc, test_provider_all_pass_by_asm_group);
	tcase_add_test(tc, test_provider_other_grants_pass);
	tcase_add_test(tc, test_provider_wrong_fqdn_and_reach);
	tcase_add_test(tc, test_provider_service_stopped);
	tcase_add_test(tc, test_provider_bad_credentials);
	tcase_add_test(tc, test_provider_account_disabled);
	tcase_add_test(tc, test_provider_not_in_rmu);
	tcase_add_test(tc, test_provider_no_role);
	tcase_add_test(tc, test_provider_wrong_role);
	tcase_add_test(tc, test_provider_time_skew);
	tcase_add_test(tc, test_provider_unknown_provider);
	tcase_add_test(tc, test_runas_idempotent);
	tcase_add_test(tc, test_jobs_take_time);
	tcase_add_test(tc, test_network_service);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run_suite(lab_model_suite());
}
