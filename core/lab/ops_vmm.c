/* core/lab/ops_vmm.c: the lab's side of the VMM server's operations: each decides as its core/ops/<id>.ps1 does. */
#include "config.h"

#include "core/lab/ops_vmm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/ivm.h"
#include "core/lab/model.h"
#include "core/lab/ops.h"
#include "core/xalloc.h"

/* Simulated time of a change on a VMM server (reads take none). The VMM
 * jobs a change starts run on in the model's clock after the answer. */
#define WRITE_MS 400
#define REMOVE_MS 300

/* The scripts refuse the same values with the same words (Test-IvmText). */
#define TEXT_MAX 1024
#define WHY_EMPTY "is empty: give one"
#define WHY_CONTROL "contains a control character (a line break or a tab, for example): remove it"
#define WHY_LONG "is longer than 1024 bytes (UTF-8): shorten it"

#define NOT_VMM "this is not a VMM server, or the VMM console is not installed (PowerShell cannot " \
	"load the module virtualmachinemanager): run VMM operations on the VMM management server"
#define NO_RUNAS "there is no Run As account \"%s\": create it first (ensure-runas) or give one " \
	"that list-runas shows"
#define NO_PROVIDER "VMM has no configuration provider \"%s\": give one that list-providers shows, " \
	"such as " IVM_LAB_IPAM_PROVIDER
#define NO_HOSTGROUP "there is no single host group \"%s\": give a path that list-hostgroups shows " \
	"(such as All Hosts\\Seattle)"

#define GUID_LEN 36
#define NEWEST_DEFAULT 24	/* hours of jobs list-jobs shows when asked for none */
#define NEWEST_MAX 100000

/* ---- shared checks ---------------------------------------------------------- */

/* Import-Module virtualmachinemanager and Get-SCVMMServer localhost. */
static bool
vmm_ready(const struct ivm_lab_ctx *ctx, struct ivm_result *r, const char *what)
{
	if (ivm_lab_host_has_role(ctx->host, IVM_LAB_ROLE_VMM))
		return true;
	ivm_lab_result_set(r, IVM_ST_FAILED, "%s: %s", what, NOT_VMM);
	return false;
}

static bool
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			return true;
	return false;
}

/* VMM names and descriptions: a single line of bounded length. */
static bool
text_ok(struct ivm_result *r, const char *what, const char *label, const char *s, bool required)
{
	const char *why = NULL;

	if (*s == '\0')
		why = required ? WHY_EMPTY : NULL;
	else if (has_control(s))
		why = WHY_CONTROL;
	else if (strlen(s) > TEXT_MAX)
		why = WHY_LONG;
	if (why == NULL)
		return true;
	ivm_lab_result_set(r, IVM_ST_FAILED, "%s: the %s %s", what, label, why);
	return false;
}

/* A failure the model explains; no Win32 field: the script has none to give. */
/* JobName, JobStatus, JobID: empty when nothing ran. A failed operation
 * reports its job Failed (the script answers once the job has ended), with
 * ErrorInfo; otherwise the status is the job's at the lab's clock. */
static void
job_fields(struct ivm_result *r, const struct ivm_lab *lab, const struct ivm_lab_job *job, const char *error_info)
{
	struct ivm_lab_job_info ji;

	if (job == NULL) {
		ivm_lab_result_field(r, "JobName", "");
		ivm_lab_result_field(r, "JobStatus", "");
		ivm_lab_result_field(r, "JobID", "");
	} else {
		ivm_lab_job_get(lab, job, &ji);
		ivm_lab_result_field(r, "JobName", ji.name);
		ivm_lab_result_field(r, "JobStatus",
		                     error_info ? ivm_lab_job_status_name(IVM_LAB_JOB_FAILED) : ivm_lab_job_status_name(ji.status));
		ivm_lab_result_field(r, "JobID", ji.id);
	}
	if (error_info != NULL)
		ivm_lab_result_field(r, "ErrorInfo", error_info);
}

/* The real scripts wait for the VMM job they start (Get-SCJob until it
 * ends), so the command lasts as long as the job and reports how it ended. */
static void
waited_job_fields(struct ivm_result *r, const struct ivm_lab *lab, const struct ivm_lab_job *job,
                  unsigned *duration_ms)
{
	if (job == NULL) {
		job_fields(r, lab, NULL, NULL);
		return;
	}
	struct ivm_lab_job_info ji;
	ivm_lab_job_get(lab, job, &ji);
	*duration_ms += (unsigned)ivm_lab_job_remaining(lab, job);
	ivm_lab_result_field(r, "JobName", ji.name);
	ivm_lab_result_field(r, "JobStatus", ivm_lab_job_status_name(ivm_lab_job_outcome(job)));
	ivm_lab_result_field(r, "JobID", ji.id);
}

/* One entry per line of a newline-separated parameter, a trailing CR
 * dropped (a value typed on Windows), empty lines skipped. */
static char **
split_lines(const char *s, size_t *n)
{
	char **v = NULL;

	*n = 0;
	while (*s != '\0') {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		if (len > 0 && s[len - 1] == '\r')
			len--;
		if (len > 0) {
			v = ivm_xrealloc(v, (*n + 1) * sizeof(*v));
			v[(*n)++] = ivm_xstrndup(s, len);
		}
		s += nl ? (size_t)(nl - s) + 1 : strlen(s);
	}
	return v;
}

static void
lines_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- Run As accounts --------------------------------------------------------- */

static void
runas_fields(struct ivm_result *r, const struct ivm_lab_runas *ra)
{
	ivm_lab_result_field(r, "Name", ra->name);
	ivm_lab_result_field(r, "UserName", ra->user);
	ivm_lab_result_field(r, "ID", ra->id);
}

void
ivm_lab_op_list_runas(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                      struct ivm_result *r, unsigned *duration_ms)
{
	*duration_ms = 0;
	if (!vmm_ready(ctx, r, "cannot list the Run As accounts"))
		return;
	size_t n = ivm_lab_vmm_nrunas(ctx->host);
	for (size_t i = 0; i < n; i++) {
		const struct ivm_lab_runas *ra = ivm_lab_vmm_runas_at(ctx->host, i);
		ivm_lab_result_record(r);
		ivm_lab_record_field(r, "Name", ra->name);
		ivm_lab_record_field(r, "UserName", ra->user);
		ivm_lab_record_field(r, "Description", ra->description);
		/* the model has no disabled Run As account */
		ivm_lab_record_field(r, "Enabled", "true");
		ivm_lab_record_field(r, "ID", ra->id);
	}
	ivm_lab_result_number(r, "Count", n);
	ivm_lab_result_set(r, IVM_ST_PRESENT, "%zu Run As account%s", n, n == 1 ? "" : "s");
}

void
ivm_lab_op_ensure_runas(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                        struct ivm_result *r, unsigned *duration_ms)
{
	const char *what = "cannot create the Run As account";
	const char *name = ivm_lab_param(params, nparams, "Name");
	const char *user = ivm_lab_param(params, nparams, "UserName");
	const char *desc = ivm_lab_param(params, nparams, "Description");
	const char *pw = ivm_lab_param(params, nparams, "Password");
	const struct ivm_lab_job *job = NULL;
	struct ivm_err err;

	*duration_ms = WRITE_MS;
	if (!vmm_ready(ctx, r, what) || !text_ok(r, what, "Run As account name", name, true) ||
	    !text_ok(r, what, "user name", user, true) || !text_ok(r, what, "description", desc, false))
		return;
	if (*pw == '\0') {
		ivm_lab_result_set(r, IVM_ST_FAILED, "%s: the password is empty: give the account's password", what);
		return;
	}
	/* Same name and user: left alone, the password not used (as the script). */
	const struct ivm_lab_runas *ra = ivm_lab_vmm_runas_find(ctx->host, name);
	if (ra != NULL && strcasecmp(ra->user, user) == 0) {
		runas_fields(r, ra);
		job_fields(r, ctx->lab, NULL, NULL);
		ivm_lab_result_set(r, IVM_ST_PRESENT, "the Run As account %s exists for %s: left as it is", ra->name,
		                   ra->user);
		return;
	}
	enum ivm_status st = ivm_lab_vmm_runas_ensure(ctx->lab, ctx->host, name, user, pw, *desc ? desc : NULL, true,
	                                              &job, &err);
	if (st == IVM_ST_FAILED) {
		ivm_lab_result_fail(r, &err);
		ivm_lab_result_field(r, "Name", name);
		ivm_lab_result_field(r, "UserName", user);
		job_fields(r, ctx->lab, job, err.why);
		return;
	}
	ra = ivm_lab_vmm_runas_find(ctx->host, name);
	runas_fields(r, ra);
	waited_job_fields(r, ctx->lab, job, duration_ms);
	if (st == IVM_ST_CREATED)
		ivm_lab_result_set(r, st, "created the Run As account %s for %s", ra->name, ra->user);
	else if (st == IVM_ST_CHANGED)
		ivm_lab_result_set(r, st, "set the credentials of the Run As account %s to %s", ra->name, ra->user);
	else
		ivm_lab_result_set(r, st, "the Run As account %s exists for %s: left as it is", ra->name, ra->user);
}

/* Nothing to remove is not a failure, so that undo converges: status
 * present, a message starting "absent:" and Absent "true", as the IPAM
 * operations' removals answer. */
void
ivm_lab_op_remove_runas(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                        struct ivm_result *r, unsigned *duration_ms)
{
	const char *what = "cannot remove the Run As account";
	const char *name = ivm_lab_param(params, nparams, "Name");
	struct ivm_err err;

	*duration_ms = REMOVE_MS;
	if (!vmm_ready(ctx, r, what) || !text_ok(r, what, "Run As account name", name, true))
		return;
	const struct ivm_lab_runas *ra = ivm_lab_vmm_runas_find(ctx->host, name);
	if (ra == NULL) {
		ivm_lab_result_field(r, "Name", name);
		ivm_lab_result_field(r, "Absent", "true");
		ivm_lab_result_set(r, IVM_ST_PRESENT, "absent: there is no Run As account \"%s\"; nothing to remove", name);
		return;
	}
	char *canon = ivm_xstrdup(ra->name);
	if (ivm_lab_vmm_runas_remove(ctx->lab, ctx->host, canon, &err) == IVM_ST_FAILED) {
		ivm_lab_result_fail(r, &err);
		ivm_lab_result_field(r, "Name", canon);
	} else {
		ivm_lab_result_field(r, "Name", canon);
		ivm_lab_result_field(r, "Absent", "false");
		ivm_lab_result_set(r, IVM_ST_REMOVED, "removed the Run As account %s", canon);
	}
	free(canon);
}

/* ---- providers and host groups -------------------------------------------------- */

void
ivm_lab_op_list_providers(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                          struct ivm_result *r, unsigned *duration_ms)
{
	*duration_ms = 0;
	if (!vmm_ready(ctx, r, "cannot list the configuration providers"))
		return;
	size_t n = ivm_lab_vmm_nproviders(ctx->host);
	for (size_t i = 0; i < n; i++) {
		const struct ivm_lab_provider *p = ivm_lab_vmm_provider_at(ctx->host, i);
		ivm_lab_result_record(r);
		ivm_lab_record_field(r, "Name", p->name);
		ivm_lab_record_field(r, "Manufacturer", p->manufacturer);
		ivm_lab_record_field(r, "Model", p->model);
		ivm_lab_record_field(r, "Type", p->type);
	}
	ivm_lab_result_number(r, "Count", n);
	ivm_lab_result_set(r, IVM_ST_PRESENT, "%zu configuration provider%s", n, n == 1 ? "" : "s");
}

void
ivm_lab_op_list_hostgroups(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                           struct ivm_result *r, unsigned *duration_ms)
{
	*duration_ms = 0;
	if (!vmm_ready(ctx, r, "cannot list the host groups"))
		return;
	size_t n = ivm_lab_vmm_nhostgroups(ctx->host);
	struct ivm_buf parent = IVM_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct ivm_lab_hostgroup *g = ivm_lab_vmm_hostgroup_at(ctx->host, i);
		ivm_buf_clear(&parent);
		ivm_lab_path_parent(g->path, &parent);
		ivm_lab_result_record(r);
		ivm_lab_record_field(r, "Name", ivm_lab_path_leaf(g->path));
		ivm_lab_record_field(r, "Path", g->path);
		ivm_lab_record_field(r, "Parent", ivm_buf_str(&parent));
		ivm_lab_record_field(r, "ID", g->id);
	}
	ivm_buf_release(&parent);
	ivm_lab_result_number(r, "Count", n);
	ivm_lab_result_set(r, IVM_ST_PRESENT, "%zu host group%s", n, n == 1 ? "" : "s");
}

/* ---- network services -------------------------------------------------------------- */

static const struct {
	const char *field;	/* also the prefix of its Reason and Remedy fields */
	int test;
} tests[] = {
	{ "OpenConnection", IVM_LAB_TEST_OPEN },
	{ "CapabilityDiscovery", IVM_LAB_TEST_CAPABILITY },
	{ "SystemInfo", IVM_LAB_TEST_SYSINFO },
};

/* Test-SCNetworkService needs a Run As account and a provider that exist:
 * without them the test cannot run at all (failed). */
static bool
runas_and_provider(const struct ivm_lab_ctx *ctx, struct ivm_result *r, const char *what, const char *runas,
                   const char *provider)
{
	if (ivm_lab_vmm_runas_find(ctx->host, runas) == NULL) {
		ivm_lab_result_set(r, IVM_ST_FAILED, "%s: " NO_RUNAS, what, runas);
		return false;
	}
	if (ivm_lab_vmm_provider_find(ctx->host, provider) == NULL) {
		ivm_lab_result_set(r, IVM_ST_FAILED, "%s: " NO_PROVIDER, what, provider);
		return false;
	}
	return true;
}

void
ivm_lab_op_test_network_service(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                                struct ivm_result *r, unsigned *duration_ms)
{
	const char *what = "cannot test the network service";
	const char *cs = ivm_lab_param(params, nparams, "ConnectionString");
	const char *runas = ivm_lab_param(params, nparams, "RunAsName");
	const char *provider = ivm_lab_param(params, nparams, "ProviderName");
	struct ivm_lab_test_result t[IVM_LAB_NTESTS];
	char name[64];

	*duration_ms = 0;
	if (*provider == '\0')
		provider = IVM_LAB_IPAM_PROVIDER;
	if (!vmm_ready(ctx, r, what) || !text_ok(r, what, "connection string", cs, true) ||
	    !text_ok(r, what, "Run As account name", runas, true) ||
	    !text_ok(r, what, "configuration provider name", provider, true) ||
	    !runas_and_provider(ctx, r, what, runas, provider))
		return;
	int failed = ivm_lab_test_network_service(ctx->lab, cs, runas, provider, t);
	for (size_t i = 0; i < IVM_COUNT(tests); i++)
		ivm_lab_result_field(r, tests[i].field, t[tests[i].test].passed ? "Passed" : "Failed");
	for (size_t i = 0; i < IVM_COUNT(tests); i++) {
		const struct ivm_lab_test_result *ti = &t[tests[i].test];
		if (ti->passed)
			continue;
		snprintf(name, sizeof(name), "%sReason", tests[i].field);
		ivm_lab_result_field(r, name, ti->reason);
		snprintf(name, sizeof(name), "%sRemedy", tests[i].field);
		ivm_lab_result_field(r, name, ti->remedy);
	}
	/* A test that ran and failed is a finding, not a failure to run. */
	if (failed == 0)
		ivm_lab_result_set(r, IVM_ST_PRESENT, "all 3 tests passed");
	else
		ivm_lab_result_set(r, IVM_ST_PRESENT, "%d of 3 tests failed", failed);
}

static int
path_cmp(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* The host groups a service is given, as full paths, sorted and without
 * duplicates: the script compares them as a set, so the order given must not
 * turn "present" into "changed". NULL (r failed) when one does not resolve. */
static const char **
resolve_hostgroups(const struct ivm_lab_ctx *ctx, struct ivm_result *r, const char *what, const char *list,
                   size_t *n)
{
	size_t nlines;
	char **lines = split_lines(list, &nlines);
	const char **paths = ivm_xcalloc(nlines + 1, sizeof(*paths));

	*n = 0;
	for (size_t i = 0; i < nlines; i++) {
		const struct ivm_lab_hostgroup *g = NULL;
		if (!text_ok(r, what, "host group", lines[i], true))
			goto bad;
		g = ivm_lab_vmm_hostgroup_find(ctx->host, lines[i]);
		if (g == NULL) {
			ivm_lab_result_set(r, IVM_ST_FAILED, "%s: " NO_HOSTGROUP, what, lines[i]);
			goto bad;
		}
		bool dup = false;
		for (size_t k = 0; k < *n; k++)
			dup = dup || paths[k] == g->path;
		if (!dup)
			paths[(*n)++] = g->path;
	}
	if (*n == 0) {
		ivm_lab_result_set(r, IVM_ST_FAILED, "%s: no host group given: give at least one, such as All Hosts", what);
		goto bad;
	}
	qsort(paths, *n, sizeof(*paths), path_cmp);
	lines_free(lines, nlines);
	return paths;
bad:
	lines_free(lines, nlines);
	free(paths);
	return NULL;
}

static void
netsvc_fields(struct ivm_result *r, const struct ivm_lab_ctx *ctx, const char *name)
{
	const struct ivm_lab_netsvc *s = ivm_lab_vmm_netsvc_find(ctx->host, name);
	ivm_lab_result_field(r, "Name", s ? s->name : name);
	ivm_lab_result_field(r, "ID", s ? s->id : "");
}

void
ivm_lab_op_ensure_network_service(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                                  struct ivm_result *r, unsigned *duration_ms)
{
	const char *what = "cannot add the network service";
	const char *name = ivm_lab_param(params, nparams, "Name");
	const char *desc = ivm_lab_param(params, nparams, "Description");
	const char *cs = ivm_lab_param(params, nparams, "ConnectionString");
	const char *runas = ivm_lab_param(params, nparams, "RunAsName");
	const char *provider = ivm_lab_param(params, nparams, "ProviderName");
	const char *groups = ivm_lab_param(params, nparams, "HostGroups");
	const struct ivm_lab_job *job = NULL;
	struct ivm_err err;
	size_t ngroups = 0;

	*duration_ms = WRITE_MS;
	if (*provider == '\0')
		provider = IVM_LAB_IPAM_PROVIDER;
	if (*groups == '\0')
		groups = IVM_LAB_HOSTGROUP_ROOT;
	if (!vmm_ready(ctx, r, what) || !text_ok(r, what, "network service name", name, true) ||
	    !text_ok(r, what, "description", desc, false) || !text_ok(r, what, "connection string", cs, true) ||
	    !text_ok(r, what, "Run As account name", runas, true) ||
	    !text_ok(r, what, "configuration provider name", provider, true))
		return;
	const char **paths = resolve_hostgroups(ctx, r, what, groups, &ngroups);
	if (paths == NULL || !runas_and_provider(ctx, r, what, runas, provider)) {
		free(paths);
		return;
	}
	struct ivm_lab_netsvc_spec spec = {
		.name = name, .description = *desc ? desc : NULL, .provider = provider, .connection_string = cs,
		.runas = runas, .hostgroups = paths, .nhostgroups = ngroups,
	};
	enum ivm_status st = ivm_lab_vmm_netsvc_ensure(ctx->lab, ctx->host, &spec, &job, &err);
	free(paths);
	if (st == IVM_ST_FAILED) {
		ivm_lab_result_fail(r, &err);
		netsvc_fields(r, ctx, name);
		job_fields(r, ctx->lab, job, err.why);
		return;
	}
	netsvc_fields(r, ctx, name);
	waited_job_fields(r, ctx->lab, job, duration_ms);
	if (st == IVM_ST_CREATED)
		ivm_lab_result_set(r, st, "added the network service %s for %s", name, cs);
	else if (st == IVM_ST_CHANGED)
		ivm_lab_result_set(r, st, "changed the settings of the network service %s", name);
	else
		ivm_lab_result_set(r, st, "the network service %s exists with these settings: left as it is", name);
}

void
ivm_lab_op_remove_network_service(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                                  struct ivm_result *r, unsigned *duration_ms)
{
	const char *what = "cannot remove the network service";
	const char *name = ivm_lab_param(params, nparams, "Name");
	const struct ivm_lab_job *job = NULL;
	struct ivm_err err;

	*duration_ms = REMOVE_MS;
	if (!vmm_ready(ctx, r, what) || !text_ok(r, what, "network service name", name, true))
		return;
	const struct ivm_lab_netsvc *s = ivm_lab_vmm_netsvc_find(ctx->host, name);
	if (s == NULL) {
		ivm_lab_result_field(r, "Name", name);
		ivm_lab_result_field(r, "Absent", "true");
		job_fields(r, ctx->lab, NULL, NULL);
		ivm_lab_result_set(r, IVM_ST_PRESENT, "absent: there is no network service \"%s\"; nothing to remove",
		                   name);
		return;
	}
	char *canon = ivm_xstrdup(s->name);
	if (ivm_lab_vmm_netsvc_remove(ctx->lab, ctx->host, canon, &job, &err) == IVM_ST_FAILED) {
		ivm_lab_result_fail(r, &err);
		ivm_lab_result_field(r, "Name", canon);
	} else {
		ivm_lab_result_field(r, "Name", canon);
		ivm_lab_result_field(r, "Absent", "false");
		waited_job_fields(r, ctx->lab, job, duration_ms);
		ivm_lab_result_set(r, IVM_ST_REMOVED, "removed the network service %s", canon);
	}
	free(canon);
}

/* ---- jobs ---------------------------------------------------------------------------- */

/* Get-SCJob's times as the script writes them: UTC, ISO 8601, milliseconds. */
static void
iso_time(long long ms, char *out, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char base[32];

	if (ms < 0 || gmtime_r(&t, &tm) == NULL || strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
		snprintf(out, size, "%s", "");
		return;
	}
	snprintf(out, size, "%s.%03lldZ", base, ms % 1000);
}

static void
job_record(struct ivm_result *r, const struct ivm_lab *lab, const struct ivm_lab_job *j)
{
	struct ivm_lab_job_info ji;
	char num[16], start[40], end[40];

	ivm_lab_job_get(lab, j, &ji);
	snprintf(num, sizeof(num), "%u", ji.progress);
	iso_time(ji.start_ms, start, sizeof(start));
	end[0] = '\0';
	if (ji.status != IVM_LAB_JOB_RUNNING)
		iso_time(ji.end_ms, end, sizeof(end));
	ivm_lab_result_record(r);
	ivm_lab_record_field(r, "Name", ji.name);
	ivm_lab_record_field(r, "ID", ji.id);
	ivm_lab_record_field(r, "Status", ivm_lab_job_status_name(ji.status));
	ivm_lab_record_field(r, "Progress", num);
	ivm_lab_record_field(r, "StartTime", start);
	ivm_lab_record_field(r, "EndTime", end);
	ivm_lab_record_field(r, "ErrorInfo", ji.error_info ? ji.error_info : "");
}

static bool
is_guid(const char *s)
{
	if (strlen(s) != GUID_LEN)
		return false;
	for (size_t i = 0; i < GUID_LEN; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : strchr("0123456789abcdefABCDEF", s[i]) == NULL)
			return false;
	}
	return true;
}

/* "" is the default; otherwise 1..NEWEST_MAX written as digits only. */
static long
parse_newest(const char *s)
{
	long v = 0;
	if (*s == '\0')
		return NEWEST_DEFAULT;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > NEWEST_MAX)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v >= 1 && v <= NEWEST_MAX ? v : -1;
}

static void
jobs_by_id(const struct ivm_lab_ctx *ctx, struct ivm_result *r, char **ids, size_t nids, struct ivm_buf *missing)
{
	for (size_t i = 0; i < nids; i++) {
		const struct ivm_lab_job *j = ivm_lab_job_find(ctx->host, ids[i]);
		if (j != NULL) {
			job_record(r, ctx->lab, j);
		} else {
			ivm_buf_adds(missing, missing->len ? "\n" : "");
			ivm_buf_adds(missing, ids[i]);
		}
	}
}

/* The IDs one per line, spaces around them ignored (the script Trim()s). */
static char **
split_ids(const char *s, size_t *n)
{
	char **v = split_lines(s, n);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		char *p = v[i];
		size_t len;
		while (*p == ' ' || *p == '\t')
			p++;
		len = strlen(p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
			len--;
		if (len == 0) {
			free(v[i]);
			continue;
		}
		memmove(v[i], p, len);
		v[i][len] = '\0';
		v[k++] = v[i];
	}
	*n = k;
	return v;
}

void
ivm_lab_op_list_jobs(const struct ivm_lab_ctx *ctx, const struct ivm_field *params, size_t nparams,
                     struct ivm_result *r, unsigned *duration_ms)
{
	const char *what = "cannot list the VMM jobs";
	const char *newest = ivm_lab_param(params, nparams, "Newest");
	const char *idlist = ivm_lab_param(params, nparams, "IDs");
	struct ivm_buf missing = IVM_BUF_INIT;
	size_t nids = 0;
	char **ids = NULL;
	long hours;

	*duration_ms = 0;
	if (!vmm_ready(ctx, r, what))
		return;
	if (*newest != '\0' && *idlist != '\0') {
		ivm_lab_result_set(r, IVM_ST_FAILED, "%s: both Newest and IDs are given: give one of them", what);
		return;
	}
	if ((hours = parse_newest(newest)) < 0) {
		ivm_lab_result_set(r, IVM_ST_FAILED, "%s: Newest is \"%s\": give a whole number of hours from 1 to %d",
		                   what, newest, NEWEST_MAX);
		return;
	}
	ids = split_ids(idlist, &nids);
	for (size_t i = 0; i < nids; i++) {
		if (!is_guid(ids[i])) {
			ivm_lab_result_set(r, IVM_ST_FAILED, "%s: \"%s\" is not a job ID: give job IDs (GUIDs) one per line",
			                   what, ids[i]);
			lines_free(ids, nids);
			return;
		}
	}
	if (nids > 0) {
		jobs_by_id(ctx, r, ids, nids, &missing);
	} else {
		long long since = ivm_lab_now(ctx->lab) - hours * 3600LL * 1000;
		for (size_t i = 0; i < ivm_lab_njobs(ctx->host); i++) {
			const struct ivm_lab_job *j = ivm_lab_job_at(ctx->host, i);
			struct ivm_lab_job_info ji;
			ivm_lab_job_get(ctx->lab, j, &ji);
			if (ji.start_ms >= since)
				job_record(r, ctx->lab, j);
		}
	}
	lines_free(ids, nids);
	ivm_lab_result_number(r, "Count", r->nrecords);
	ivm_lab_result_field(r, "Missing", ivm_buf_str(&missing));
	ivm_lab_result_set(r, IVM_ST_PRESENT, "%zu job%s", r->nrecords, r->nrecords == 1 ? "" : "s");
	ivm_buf_release(&missing);
}
