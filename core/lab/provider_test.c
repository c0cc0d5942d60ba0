/* core/lab/provider_test.c: the three tests of the IPAM provider (Test-SCNetworkService), decided for the reasons the real ones fail. */
#include "config.h"

#include "core/lab/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/lab/model_int.h"
#include "core/xalloc.h"

/* The likely causes the VMM documentation names; every reason starts with one. */
#define CAUSE_FQDN "Wrong FQDN in the connection string"
#define CAUSE_REACH "VMM cannot resolve or reach the IPAM server"
#define CAUSE_PERM "Permissions on the IPAM server for the Run As account"
#define CAUSE_PROVIDER "Wrong configuration provider"
#define CAUSE_CLOCK "Clocks out of step"

#define REMEDY_FQDN "Put the IPAM server's fully qualified domain name in the connection string " \
	"(for example ipam1.contoso.com, optionally followed by :port)."
#define REMEDY_REACH "Check that the VMM server resolves the IPAM server's name in DNS and can " \
	"reach it through the firewall (WinRM 5985/5986 and the IPAM port, 48885 by default), " \
	"and that the server and its IPAM service are running."
#define REMEDY_PORT "Leave the port out of the connection string, or give the port IPAM " \
	"listens on (48885 unless Set-IpamConfiguration -Port changed it)."
#define REMEDY_SERVICE "Start the IPAM service on the IPAM server, then run the test again."
#define REMEDY_RUNAS "Create the Run As account in VMM (Settings, Security, Run As Accounts) or pick " \
	"one that exists."
#define REMEDY_CREDS "Give the Run As account the account's current password (VMM checks it " \
	"against the domain); use a domain account whose password never expires."
#define REMEDY_DISABLED "Enable the account in Active Directory, or use another account for the " \
	"Run As account."
#define REMEDY_RMU "Add the account to the local group Remote Management Users (S-1-5-32-580) " \
	"on the IPAM server."
#define REMEDY_ROLE "Give the account the IPAM ASM Administrator Role at the Global access scope " \
	"on the IPAM server: add it to the local group IPAM ASM Administrators, or add an access " \
	"policy with that role and scope Global for the account or for a group that contains it " \
	"(such as a local group VMM Users)."
#define REMEDY_PROVIDER "Use the provider Microsoft IP Address Management Provider (manufacturer " \
	"Microsoft, model Microsoft Windows Server IP Address Management)."
#define REMEDY_CLOCK "Synchronise the clocks of the VMM and IPAM servers with the domain's time, " \
	"and grant the Run As account Remote Enable on the WMI namespace Root\\CIMV2 of the IPAM " \
	"server (wmimgmt.msc) so that VMM can read the IPAM server's time."
#define REMEDY_EARLIER "Fix the test that failed before this one, then run the test again."

static const char *const test_names[IVM_LAB_NTESTS] = {
	[IVM_LAB_TEST_OPEN] = "Test open connection",
	[IVM_LAB_TEST_CAPABILITY] = "Test capability discovery",
	[IVM_LAB_TEST_SYSINFO] = "Test system info",
};

static void fail(struct ivm_lab_test_result *t, const char *remedy, const char *fmt, ...) IVM_PRINTF(3, 4);

static void
fail(struct ivm_lab_test_result *t, const char *remedy, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->reason, sizeof(t->reason), fmt, ap);
	va_end(ap);
	snprintf(t->remedy, sizeof(t->remedy), "%s", remedy);
	t->passed = false;
}

static void
pass(struct ivm_lab_test_result *t, const char *fmt, ...) IVM_PRINTF(2, 3);

static void
pass(struct ivm_lab_test_result *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->reason, sizeof(t->reason), fmt, ap);
	va_end(ap);
	t->remedy[0] = '\0';
	t->passed = true;
}

/* The connection string's host part (malloc'd, trailing dot dropped) and
 * port (0 when absent); NULL when it is not NAME[:PORT]. */
static char *
parse_target(const char *cs, unsigned *port)
{
	const char *colon = strrchr(cs, ':');
	size_t n = colon ? (size_t)(colon - cs) : strlen(cs);

	*port = 0;
	if (colon != NULL) {
		char *end;
		unsigned long p = strtoul(colon + 1, &end, 10);
		if (colon[1] < '0' || colon[1] > '9' || *end != '\0' || p == 0 || p > 65535)
			return NULL;
		*port = (unsigned)p;
	}
	if (n > 0 && cs[n - 1] == '.')
		n--;
	if (n == 0 || n > 253 || cs[0] == '.' || cs[0] == '-')
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-", cs[i]) == NULL)
			return NULL;
	return ivm_xstrndup(cs, n);
}

/* Open connection: the provider, the target, the Run As account. On
 * success *ipam and *acct are set for the later tests. */
static void
test_open(struct ivm_lab *lab, const struct ivm_lab_host *vmm, const char *cs, const char *runas_name,
    const char *provider_name, struct ivm_lab_test_result *t, struct ivm_lab_host **ipam,
    const struct ivm_lab_account **acct)
{
	const struct ivm_lab_provider *p = ivm_lab_vmm_provider_find(vmm, provider_name);
	unsigned port;
	char *host = NULL;

	*ipam = NULL;
	*acct = NULL;
	if (p == NULL) {
		fail(t, REMEDY_PROVIDER, "%s: VMM on %s has no configuration provider named \"%s\"",
		    CAUSE_PROVIDER, vmm->fqdn, provider_name ? provider_name : "");
		return;
	}
	if (strcasecmp(p->model, IVM_LAB_IPAM_MODEL) != 0) {
		fail(t, REMEDY_PROVIDER, "%s: the provider %s manages %s, not IPAM, so it does not speak "
		    "to an IPAM server", CAUSE_PROVIDER, p->name, p->model);
		return;
	}
	if (cs == NULL || (host = parse_target(cs, &port)) == NULL) {
		fail(t, REMEDY_FQDN, "%s: \"%s\" is not a host name with an optional :port", CAUSE_FQDN,
		    cs ? cs : "");
		return;
	}
	struct ivm_lab_host *h = ivm_lab_host_find(lab, host);
	if (h != NULL && strchr(host, '.') == NULL) {
		fail(t, REMEDY_FQDN, "%s: \"%s\" is a short name; VMM needs the fully qualified name %s",
		    CAUSE_FQDN, host, h->fqdn);
	} else if (h == NULL) {
		fail(t, REMEDY_REACH, "%s: the name %s does not resolve (no such host in %s)", CAUSE_REACH,
		    host, lab->dns);
	} else if (h->ipam == NULL) {
		fail(t, REMEDY_FQDN, "%s: %s %s, which does not run IPAM", CAUSE_FQDN, h->fqdn,
		    h == vmm ? "is the VMM server itself" : "is another server");
	} else if (port != 0 && port != h->ipam->port) {
		fail(t, REMEDY_PORT, "%s: nothing answers on %s port %u (IPAM listens on %u)", CAUSE_REACH,
		    h->fqdn, port, h->ipam->port);
	} else if (lab->switches[IVM_LAB_SW_IPAM_SERVICE_STOPPED]) {
		fail(t, REMEDY_SERVICE, "%s: the IPAM service on %s is stopped", CAUSE_REACH, h->fqdn);
	} else
		*ipam = h;
	free(host);
	if (*ipam == NULL)
		return;

	const struct ivm_lab_runas *r = ivm_lab_vmm_runas_find(vmm, runas_name);
	const struct ivm_lab_account *a = r ? lab_find_account(lab, *ipam, r->user) : NULL;
	if (r == NULL)
		fail(t, REMEDY_RUNAS, "%s: VMM has no Run As account named \"%s\"", CAUSE_PERM,
		    runas_name ? runas_name : "");
	else if (!r->credentials_ok || a == NULL)
		fail(t, REMEDY_CREDS, "%s: the credentials of the Run As account %s (%s) were not valid when "
		    "they were set (wrong user name or password), so the IPAM server refuses the logon",
		    CAUSE_PERM, r->name, r->user);
	else if (!a->enabled)
		fail(t, REMEDY_DISABLED, "%s: the account %s of the Run As account %s is disabled", CAUSE_PERM,
		    a->name, r->name);
	else if (!ivm_lab_in_group(lab, *ipam, a, IVM_LAB_SID_RMU))
		fail(t, REMEDY_RMU, "%s: %s is not a member of Remote Management Users on %s, so it may "
		    "not connect to it over WinRM", CAUSE_PERM, a->name, (*ipam)->fqdn);
	else {
		*acct = a;
		pass(t, "%s logged on to %s as %s", vmm->fqdn, (*ipam)->fqdn, a->name);
	}
}

static bool
holds_ipam_role(const struct ivm_lab *lab, const struct ivm_lab_host *ipam, const struct ivm_lab_account *a,
    const char **role, const char **via)
{
	static const char *const roles[] = { IVM_LAB_ROLE_ASM, IVM_LAB_ROLE_ADMIN };
	for (size_t i = 0; i < 2; i++) {
		if (ivm_lab_ipam_has_role(lab, ipam, a, roles[i], IVM_LAB_SCOPE_GLOBAL, via)) {
			*role = roles[i];
			return true;
		}
	}
	return false;
}

#define NO_ROLE_FMT "%s holds neither the IPAM ASM Administrator Role nor the IPAM " \
	"Administrator Role at the Global scope (through an access policy, or membership of " \
	"IPAM ASM Administrators or IPAM Administrators) on %s"

static void
test_capability(const struct ivm_lab *lab, const struct ivm_lab_host *vmm, const char *runas_name,
    const struct ivm_lab_host *ipam, const struct ivm_lab_account *a, struct ivm_lab_test_result *t)
{
	const char *role = NULL, *via = NULL;

	if (a != NULL) {
		if (holds_ipam_role(lab, ipam, a, &role, &via))
			pass(t, "%s holds the %s at Global through %s", a->name, role, via);
		else
			fail(t, REMEDY_ROLE, "%s: " NO_ROLE_FMT, CAUSE_PERM, a->name, ipam->fqdn);
		return;
	}
	/* Not attempted; still say whether the role would be missing, so one
	 * round of fixes can cover both. */
	const struct ivm_lab_runas *r = ivm_lab_vmm_runas_find(vmm, runas_name);
	const struct ivm_lab_account *who = r && ipam ? lab_find_account(lab, ipam, r->user) : NULL;
	if (who != NULL && !holds_ipam_role(lab, ipam, who, &role, &via))
		fail(t, REMEDY_ROLE, "Not attempted, because the connection could not be opened; and "
		    "then: %s: " NO_ROLE_FMT, CAUSE_PERM, who->name, ipam->fqdn);
	else
		fail(t, REMEDY_EARLIER, "Not attempted, because the connection could not be opened");
}

int
lab_test_on(struct ivm_lab *lab, const struct ivm_lab_host *vmm, const char *connection_string,
    const char *runas_name, const char *provider_name, struct ivm_lab_test_result out[3])
{
	struct ivm_lab_host *ipam = NULL;
	const struct ivm_lab_account *a = NULL;

	for (size_t i = 0; i < IVM_LAB_NTESTS; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].name = test_names[i];
	}
	if (vmm == NULL || vmm->vmm == NULL) {
		for (size_t i = 0; i < IVM_LAB_NTESTS; i++)
			fail(&out[i], "Run the test on the VMM server.", "The lab has no VMM server to run the test");
		return IVM_LAB_NTESTS;
	}
	test_open(lab, vmm, connection_string, runas_name, provider_name, &out[IVM_LAB_TEST_OPEN], &ipam, &a);
	test_capability(lab, vmm, runas_name, ipam, a, &out[IVM_LAB_TEST_CAPABILITY]);
	struct ivm_lab_test_result *t = &out[IVM_LAB_TEST_SYSINFO];
	if (!out[IVM_LAB_TEST_OPEN].passed || !out[IVM_LAB_TEST_CAPABILITY].passed)
		fail(t, REMEDY_EARLIER, "Not attempted, because an earlier test failed");
	else if (lab->switches[IVM_LAB_SW_TIME_SKEW])
		fail(t, REMEDY_CLOCK, "%s: the clocks of %s and %s differ by more than VMM allows, so it "
		    "cannot read the IPAM server's system information (lab switch time_skew)", CAUSE_CLOCK,
		    vmm->fqdn, ipam->fqdn);
	else
		pass(t, "%s read the system information of %s", vmm->fqdn, ipam->fqdn);
	int failed = 0;
	for (size_t i = 0; i < IVM_LAB_NTESTS; i++)
		failed += !out[i].passed;
	return failed;
}

int
ivm_lab_test_network_service(struct ivm_lab *lab, const char *connection_string, const char *runas_name,
    const char *provider_name, struct ivm_lab_test_result out[3])
{
	return lab_test_on(lab, ivm_lab_host_with_role(lab, IVM_LAB_ROLE_VMM), connection_string, runas_name,
	    provider_name, out);
}
