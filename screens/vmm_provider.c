/* screens/vmm_provider.c: VMM Add Network Service Wizard, Provider page: the configuration provider and its Test. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "screens/vmm_util.h"

enum { ACT_TEST = IVM_ACT_PAGE };

#define NOT_REPORTED "not reported after the failure before it"

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_CHOICE, .id = "provider", .label = "Configuration provider", .height = 3,
	  .help = "The VMM configuration provider that talks to IPAM: Microsoft IP Address Management "
	  "Provider. The list is the providers VMM has for the manufacturer and model chosen before." },
	{ .kind = IVM_CTL_BUTTON, .id = "test", .label = "Test", .same_line = true, .action = ACT_TEST,
	  .help = "Asks VMM to connect to the IPAM server now, with the connection string and the Run As "
	  "account, and to run its three tests (Test-SCNetworkService). Nothing is changed." },
	{ .kind = IVM_CTL_LIST, .id = "results", .label = "Test results", .height = 3, .announce = true,
	  .help = "Test open connection, Test capability discovery and Test system info, each Passed or "
	  "Failed. Under the list: for a failed test, its likely cause and what to do." },
	{ .kind = IVM_CTL_NOTE, .id = "remedy", .height = 6,
	  .help = "Why a test failed and what to do about it; empty when every test passed or none ran." },
	{ .kind = IVM_CTL_NOTE, .id = "tested" },	/* hidden: what the results are for */
};

static const struct ivm_form_def form = {
	.console = IVM_VMM_WIZARD,
	.title = "Provider",
	.why = "The configuration provider is the VMM component that speaks to IPAM. Test checks, before "
	"anything is added, that VMM can reach IPAM with the Run As account and that IPAM lets it in: "
	"press it now, so that a problem is found while the earlier pages can still fix it.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	IVM_WIZARD_BUTTONS,
	.default_action = IVM_ACT_NEXT,
};

/* The three tests: their result fields, console labels and, for a reason
 * that names no cause (a real server's raw verdict), the likely causes
 * (reference/windows-ops.md section 5). */
static const struct {
	const char *field, *label, *causes;
} tests[] = {
	{ "OpenConnection", "Test open connection",
	  "a wrong FQDN in the connection string; VMM cannot resolve or reach the IPAM server (DNS, or a "
	  "firewall closing WinRM 5985/5986 or the IPAM port 48885); a wrong or expired password in the Run As "
	  "account; or the account is not in Remote Management Users on the IPAM server" },
	{ "CapabilityDiscovery", "Test capability discovery",
	  "permissions on the IPAM server for the Run As account: it lacks the IPAM ASM Administrator Role "
	  "at the Global access scope (access policy, or membership of IPAM ASM Administrators)" },
	{ "SystemInfo", "Test system info",
	  "the clocks of the VMM and IPAM servers differ, or the account lacks Remote Enable on the WMI "
	  "namespace Root\\CIMV2 of the IPAM server" },
};

/* How the lab's and ipamvmm's own reasons begin: each already names the cause. */
static const char *const named_causes[] = {
	"Wrong FQDN", "VMM cannot resolve", "Permissions on the IPAM server", "Wrong configuration provider",
	"Clocks out of step", "Not attempted",
};

static bool
names_cause(const char *reason)
{
	for (size_t i = 0; i < IVM_COUNT(named_causes); i++)
		if (strncmp(reason, named_causes[i], strlen(named_causes[i])) == 0)
			return true;
	return false;
}

/* What the test would be run with: the results shown hold for these only. */
static void
inputs(struct ivm_wiz *w, struct ivm_form *f, struct ivm_buf *conn, struct ivm_buf *sig)
{
	const struct ivm_settings *s = ivm_wiz_settings(w);
	const char *prov = ivm_form_value(f, "provider");
	ivm_vmm_setting(w, "vmm/network-service/connection-string", conn);
	ivm_buf_clear(sig);
	ivm_buf_addf(sig, "%s|%s|%s", ivm_buf_str(conn), s->runas_name ? s->runas_name : "", prov ? prov : "");
}

static void
clear_results(struct ivm_form *f)
{
	ivm_ctl_clear_rows(ivm_form_ctl(f, "results"));
	ivm_ctl_set_text(ivm_form_ctl(f, "remedy"), "");
	ivm_ctl_set_text(ivm_form_ctl(f, "tested"), "");
}

static void
fill_providers(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "provider");
	struct ivm_result r;
	if (ivm_vmm_read(w, f, "provider", "list-providers", &r) < 0)
		return;
	const struct ivm_settings *s = ivm_wiz_settings(w);
	char *keep = ivm_vmm_current_key(c);
	bool first = c->nrows == 0;
	ivm_ctl_clear_rows(c);
	/* the chosen model's providers; all of them when it has none */
	for (int pass = 0; pass < 2 && c->nrows == 0; pass++) {
		for (size_t i = 0; i < r.nrecords; i++) {
			const struct ivm_record *p = &r.records[i];
			bool fits = s->manufacturer && s->model &&
			    strcasecmp(ivm_vmm_rec(p, "Manufacturer"), s->manufacturer) == 0 &&
			    strcasecmp(ivm_vmm_rec(p, "Model"), s->model) == 0;
			if (fits || pass == 1)
				ivm_ctl_add_row(c, ivm_vmm_rec(p, "Name"), NULL);
		}
	}
	if (first || !ivm_vmm_select(c, keep))
		(void)ivm_vmm_select(c, s->provider);
	if (c->nrows == 0)
		ivm_form_error(f, "provider", "VMM has no configuration provider: check its installation "
		               "(Settings, Configuration Providers)");
	free(keep);
	ivm_result_release(&r);
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	ivm_form_ctl(f, "tested")->hidden = true;
	fill_providers(w, f);
	struct ivm_buf conn = IVM_BUF_INIT, sig = IVM_BUF_INIT;
	inputs(w, f, &conn, &sig);
	if (strcmp(ivm_form_ctl(f, "tested")->text, ivm_buf_str(&sig)) != 0)
		clear_results(f);
	ivm_buf_release(&conn);
	ivm_buf_release(&sig);
	return 0;
}

/* One test's row, and its cause and remedy in why when it did not pass. */
static bool
show_test(struct ivm_form *f, size_t i, const char *v, const char *reason, const char *remedy, struct ivm_buf *why)
{
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_buf_addf(&b, "%s: %s", tests[i].label, v);
	struct ivm_row *row = ivm_ctl_add_row(ivm_form_ctl(f, "results"), ivm_buf_str(&b), tests[i].field);
	ivm_buf_release(&b);
	row->marked = strcmp(v, "Passed") == 0;
	if (strcmp(v, "Failed") == 0) {
		reason = reason && *reason ? reason : "VMM gave no reason";
		ivm_buf_addf(why, "%s%s failed.\n", why->len ? "\n" : "", tests[i].label);
		if (names_cause(reason))
			ivm_buf_addf(why, "Likely cause: %s.\n", reason);
		else
			ivm_buf_addf(why, "VMM said: %s.\nLikely cause: %s.\n", reason, tests[i].causes);
		if (remedy && *remedy)
			ivm_buf_addf(why, "What to do: %s\n", remedy);
	} else if (strcmp(v, "Passed") != 0 && strcmp(v, NOT_REPORTED) != 0) {
		ivm_buf_addf(why, "%s%s: VMM's answer did not say Passed or Failed. Finish checks the "
		             "connection again when it adds the service, and its VMM job reports the outcome.\n",
		             why->len ? "\n" : "", tests[i].label);
	}
	return strcmp(v, "Passed") == 0;
}

/* The three rows from the result's fields. */
static size_t
show_result(struct ivm_form *f, const struct ivm_result *r, struct ivm_buf *why)
{
	size_t passed = 0;
	struct ivm_buf name = IVM_BUF_INIT;
	for (size_t i = 0; i < IVM_COUNT(tests); i++) {
		const char *v = ivm_field_get(r->fields, r->nfields, tests[i].field);
		ivm_buf_clear(&name);
		ivm_buf_addf(&name, "%sReason", tests[i].field);
		const char *reason = ivm_field_get(r->fields, r->nfields, ivm_buf_str(&name));
		ivm_buf_clear(&name);
		ivm_buf_addf(&name, "%sRemedy", tests[i].field);
		const char *remedy = ivm_field_get(r->fields, r->nfields, ivm_buf_str(&name));
		passed += show_test(f, i, v ? v : "Unknown", reason, remedy, why);
	}
	ivm_buf_release(&name);
	return passed;
}

/*
 * When the read refuses the result because a test failed (the operation's
 * judge: "Test open connection failed: <reason>", the remedy as what to do
 * next), the rows are rebuilt from that: the judge reports the first test
 * that says Failed, so the ones before it did not fail, and the ones after
 * it are not known. Returns false when err is not such a refusal.
 */
static bool
show_judged(struct ivm_form *f, const struct ivm_err *err, struct ivm_buf *why, size_t *passed)
{
	size_t k = IVM_COUNT(tests);
	for (size_t i = 0; i < IVM_COUNT(tests) && k == IVM_COUNT(tests); i++)
		if (strncmp(err->why, tests[i].label, strlen(tests[i].label)) == 0 &&
		    strncmp(err->why + strlen(tests[i].label), " failed: ", 9) == 0)
			k = i;
	if (k == IVM_COUNT(tests))
		return false;
	*passed = 0;
	for (size_t i = 0; i < IVM_COUNT(tests); i++) {
		if (i < k)
			*passed += show_test(f, i, "Passed", NULL, NULL, why);
		else if (i == k)
			show_test(f, i, "Failed", err->why + strlen(tests[i].label) + 9, err->next, why);
		else
			show_test(f, i, NOT_REPORTED, NULL, NULL, why);
	}
	return true;
}

static int
run_test(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_buf conn = IVM_BUF_INIT, sig = IVM_BUF_INIT, why = IVM_BUF_INIT;
	struct ivm_result r;
	struct ivm_err err;
	clear_results(f);
	if (ivm_wiz_store(w, f, "provider", "vmm/network-service/provider") < 0)
		goto out;
	inputs(w, f, &conn, &sig);
	const struct ivm_settings *s = ivm_wiz_settings(w);
	const struct ivm_param params[] = {
		{ "ConnectionString", ivm_buf_str(&conn) },
		{ "RunAsName", s->runas_name ? s->runas_name : "" },
		{ "ProviderName", s->provider ? s->provider : "" },
	};
	memset(&r, 0, sizeof(r));
	ivm_err_clear(&err);
	int rc = ivm_wiz_read(w, IVM_SIDE_VMM, "test-network-service", params, IVM_COUNT(params), &r, &err);
	/* a test that ran and failed is a finding, not a failure to run */
	size_t passed = 0;
	if (rc == 0 || ivm_field_get(r.fields, r.nfields, tests[0].field) != NULL)
		passed = show_result(f, &r, &why);
	else if (!show_judged(f, &err, &why, &passed)) {
		ivm_buf_addf(&why, "The test could not run: %s: %s\nWhat to do: %s", err.what, err.why, err.next);
		ivm_ctl_set_text(ivm_form_ctl(f, "remedy"), ivm_buf_str(&why));
		ivm_form_status(f, "The test could not run: %s", err.why);
		ivm_result_release(&r);
		goto out;
	}
	ivm_ctl_set_text(ivm_form_ctl(f, "remedy"), ivm_buf_str(&why));
	ivm_ctl_set_text(ivm_form_ctl(f, "tested"), ivm_buf_str(&sig));
	if (passed == IVM_COUNT(tests))
		ivm_form_status(f, "All 3 tests passed: press Next.");
	else
		ivm_form_status(f, "Not every test passed: the likely cause and what to do are under the "
		                "results. Fix it (Previous goes back to the page concerned), then press Test again.");
	ivm_form_focus_id(f, "results");
	ivm_result_release(&r);
out:
	ivm_buf_release(&conn);
	ivm_buf_release(&sig);
	ivm_buf_release(&why);
	return IVM_ACT_NONE;
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	return action == ACT_TEST ? run_test(w, f) : IVM_ACT_NONE;
}

static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	if (ivm_form_value(f, "provider") == NULL) {
		ivm_form_error(f, "provider", "VMM has no configuration provider to choose: check its "
		               "installation (Settings, Configuration Providers)");
		return -1;
	}
	return ivm_wiz_store(w, f, "provider", "vmm/network-service/provider");
}

static void
leave_back(struct ivm_wiz *w, struct ivm_form *f)
{
	static const struct ivm_bind bind = { "provider", "vmm/network-service/provider" };
	if (ivm_form_value(f, "provider") != NULL)
		ivm_wiz_store_binds_back(w, f, &bind, 1);
}

const struct ivm_page ivm_page_vmm_provider = {
	.form = &form,
	.enter = enter, .act = act, .leave = leave, .leave_back = leave_back,
};
