/* core/lab/model.h: the lab's world (a contoso.com domain, an IPAM server, a VMM server) and the rules Windows applies to it. */
#ifndef IVM_LAB_MODEL_H
#define IVM_LAB_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/contract.h"
#include "core/err.h"

/*
 * Ownership: the lab owns every object; pointers handed out stay valid until
 * the object is removed or the lab is freed. Nothing here is thread-safe: the
 * caller serialises access to one lab.
 *
 * Outcomes: the functions that change the world return an enum ivm_status
 * (core/contract.h): CREATED, PRESENT, CHANGED, REMOVED or FAILED, as the
 * operation contract reports them. On FAILED, err says what, why and what to
 * do next, err->kind is IVM_E_REMOTE and err->fault_code carries the Win32
 * error Windows gives for the same thing (1376, 1377, 1332...), with
 * err->fault_machine the host. On PRESENT for a local group or a member,
 * err->kind is IVM_OK and err->fault_code is 1379 or 1378: a script using
 * `net localgroup` sees those codes and treats them as success.
 */

#define IVM_LAB_SID_EVERYONE "S-1-1-0"
#define IVM_LAB_SID_ADMINISTRATORS "S-1-5-32-544"
#define IVM_LAB_SID_USERS "S-1-5-32-545"
#define IVM_LAB_SID_RMU "S-1-5-32-580"
#define IVM_LAB_SID_HIGH "S-1-16-12288"
#define IVM_LAB_SID_MEDIUM "S-1-16-8192"

#define IVM_LAB_ROLE_IPAM "IPAM"
#define IVM_LAB_ROLE_VMM "VMM"
#define IVM_LAB_IPAM_PROVIDER "Microsoft IP Address Management Provider"
#define IVM_LAB_IPAM_MANUFACTURER "Microsoft"
#define IVM_LAB_IPAM_MODEL "Microsoft Windows Server IP Address Management"
#define IVM_LAB_IPAM_PORT 48885
#define IVM_LAB_SCOPE_GLOBAL "Global"
#define IVM_LAB_HOSTGROUP_ROOT "All Hosts"
#define IVM_LAB_ROLE_ASM "IPAM ASM Administrator Role"
#define IVM_LAB_ROLE_ADMIN "IPAM Administrator Role"

/* Win32 codes the lab reports (as Windows would). */
#define IVM_LAB_E_ACCESS_DENIED 5
#define IVM_LAB_E_INVALID_ACCOUNT_NAME 1315
#define IVM_LAB_E_LIMIT 8		/* the lab's own size limits */
#define IVM_LAB_E_NO_SUCH_USER 1317
#define IVM_LAB_E_LOGON_FAILURE 1326
#define IVM_LAB_E_NONE_MAPPED 1332
#define IVM_LAB_E_SPECIAL_ACCOUNT 1371
#define IVM_LAB_E_NO_SUCH_ALIAS 1376
#define IVM_LAB_E_MEMBER_NOT_IN_ALIAS 1377
#define IVM_LAB_E_MEMBER_IN_ALIAS 1378
#define IVM_LAB_E_ALIAS_EXISTS 1379
#define IVM_LAB_E_INVALID_MEMBER 1388
#define IVM_LAB_E_USER_EXISTS 2224
#define IVM_LAB_E_NOT_FOUND 1168	/* ERROR_NOT_FOUND: an IPAM or VMM object */
#define IVM_LAB_E_IN_USE 2404		/* the object is used by another one */
#define IVM_LAB_E_TEST_FAILED 1		/* not Win32: a provider test failed (the reason says which) */

struct ivm_lab;
struct ivm_lab_host;
struct ivm_lab_account;
struct ivm_lab_job;

/* ---- the world ---------------------------------------------------------- */

/* The default contoso.com world (core/lab/defaults.c). Never NULL. */
struct ivm_lab *ivm_lab_new_default(void);
void ivm_lab_free(struct ivm_lab **lab);
/* Jobs take their time from this clock (milliseconds since the epoch); the
 * default reads CLOCK_REALTIME. Tests pass their own. */
void ivm_lab_set_clock(struct ivm_lab *lab, long long (*now_ms)(void *ud), void *ud);
long long ivm_lab_now(const struct ivm_lab *lab);
/* Instant: jobs finish the moment they start (--instant). Not saved. */
void ivm_lab_set_instant(struct ivm_lab *lab, bool instant);
bool ivm_lab_instant(const struct ivm_lab *lab);

/* Switches that break the world on purpose; saved in the state. */
enum ivm_lab_switch {
	IVM_LAB_SW_IPAM_SERVICE_STOPPED,
	IVM_LAB_SW_TIME_SKEW,
	IVM_LAB_NSWITCHES
};
const char *ivm_lab_switch_name(enum ivm_lab_switch sw);	/* "ipam_service_stopped", "time_skew" */
int ivm_lab_switch_parse(const char *name);			/* -1 when unknown */
void ivm_lab_set_switch(struct ivm_lab *lab, enum ivm_lab_switch sw, bool on);
bool ivm_lab_get_switch(const struct ivm_lab *lab, enum ivm_lab_switch sw);

/* The domain: "CONTOSO", "contoso.com", its SID. */
const char *ivm_lab_domain_netbios(const struct ivm_lab *lab);
const char *ivm_lab_domain_dns(const struct ivm_lab *lab);
const char *ivm_lab_domain_sid(const struct ivm_lab *lab);

/* ---- hosts -------------------------------------------------------------- */

size_t ivm_lab_nhosts(const struct ivm_lab *lab);
struct ivm_lab_host *ivm_lab_host_at(struct ivm_lab *lab, size_t i);
/* By FQDN or NetBIOS name, ignoring case; NULL when there is none. */
struct ivm_lab_host *ivm_lab_host_find(struct ivm_lab *lab, const char *fqdn_or_netbios);
/* The first host with that role installed, or NULL. */
struct ivm_lab_host *ivm_lab_host_with_role(struct ivm_lab *lab, const char *role);
const char *ivm_lab_host_fqdn(const struct ivm_lab_host *h);	/* "ipam1.contoso.com" */
const char *ivm_lab_host_netbios(const struct ivm_lab_host *h);	/* "IPAM1" */
const char *ivm_lab_host_sid(const struct ivm_lab_host *h);	/* the machine SID */
const char *ivm_lab_host_os(const struct ivm_lab_host *h);
const char *ivm_lab_host_ps_version(const struct ivm_lab_host *h);
/* Installed roles, NULL-terminated: "IPAM" and/or "VMM". */
const char *const *ivm_lab_host_roles(const struct ivm_lab_host *h);
bool ivm_lab_host_has_role(const struct ivm_lab_host *h, const char *role);

/* ---- accounts ----------------------------------------------------------- */

enum ivm_lab_auth { IVM_LAB_AUTH_OK, IVM_LAB_AUTH_BAD, IVM_LAB_AUTH_DISABLED };
/* Log on to host h as Windows does for a network logon. user is as sent:
 * "CONTOSO\name", "contoso.com\name", "name@contoso.com", ".\name",
 * "HOST\name" (h's NetBIOS name) or a bare "name" (a local account of h, as
 * Basic auth takes it); names ignore case. BAD for an unknown user and for a
 * wrong password alike (Windows does not say which); DISABLED only with the
 * right password. *who (may be NULL) is the account on OK and DISABLED, NULL
 * on BAD. With h NULL only the domain forms are accepted. */
enum ivm_lab_auth ivm_lab_authenticate(struct ivm_lab *lab, const struct ivm_lab_host *h,
    const char *user, const char *password, const struct ivm_lab_account **who);
/* An enabled, unfiltered member of Administrators on h (directly or through
 * a domain group). Local accounts other than the built-in Administrator are
 * filtered by UAC remote restrictions, so they are not. */
bool ivm_lab_is_admin(struct ivm_lab *lab, const struct ivm_lab_host *h, const struct ivm_lab_account *a);
/* The account's token on h is filtered (Administrators deny only, Medium). */
bool ivm_lab_is_filtered(const struct ivm_lab_host *h, const struct ivm_lab_account *a);

const char *ivm_lab_account_name(const struct ivm_lab_account *a);	/* "CONTOSO\vmmuser", "IPAM1\localadmin" */
const char *ivm_lab_account_sam(const struct ivm_lab_account *a);	/* "vmmuser" */
const char *ivm_lab_account_sid(const struct ivm_lab_account *a);
const char *ivm_lab_account_description(const struct ivm_lab_account *a);
bool ivm_lab_account_enabled(const struct ivm_lab_account *a);
bool ivm_lab_account_pw_never_expires(const struct ivm_lab_account *a);
/* The host of a local account; NULL for a domain account. */
const struct ivm_lab_host *ivm_lab_account_host(const struct ivm_lab_account *a);
/* Find an account by any of the names ivm_lab_authenticate accepts. */
const struct ivm_lab_account *ivm_lab_account_find(const struct ivm_lab *lab, const struct ivm_lab_host *h,
    const char *user);
/* For tests and `lab` switches: enable/disable, set a password. */
int ivm_lab_account_set_enabled(struct ivm_lab *lab, const struct ivm_lab_host *h, const char *user,
    bool enabled, struct ivm_err *err);
int ivm_lab_account_set_password(struct ivm_lab *lab, const struct ivm_lab_host *h, const char *user,
    const char *password, struct ivm_err *err);
/* A new domain account (in Domain Users), for tests. */
enum ivm_status ivm_lab_domain_account_add(struct ivm_lab *lab, const char *sam, const char *password,
    const char *description, struct ivm_err *err);

struct ivm_lab_token_group { const char *name, *type, *sid, *attributes; };
/* The groups `whoami /groups` prints for a's network logon on h: a malloc'd
 * array (free() it) of pointers into the lab (valid until it changes); *n
 * set. Order: well-known, domain groups, local groups, the label last. */
struct ivm_lab_token_group *ivm_lab_token_groups(struct ivm_lab *lab, const struct ivm_lab_host *h,
    const struct ivm_lab_account *a, size_t *n);

/* The published lab accounts (for `lab serve` and the README): a table
 * ending with a row whose user is NULL. */
struct ivm_lab_published_account { const char *user, *password, *purpose; };
const struct ivm_lab_published_account *ivm_lab_published_accounts(void);

/* ---- names and SIDs ----------------------------------------------------- */

enum ivm_lab_principal_kind {
	IVM_LAB_PRINCIPAL_USER,		/* a domain or local account */
	IVM_LAB_PRINCIPAL_GROUP,	/* a domain group */
	IVM_LAB_PRINCIPAL_ALIAS,	/* a local group of the host (BUILTIN or machine) */
	IVM_LAB_PRINCIPAL_WELL_KNOWN,	/* Everyone, NT AUTHORITY\... */
};
struct ivm_lab_group;
struct ivm_lab_principal {
	const char *name;	/* "CONTOSO\vmmuser", "BUILTIN\Remote Management Users" */
	const char *sid;
	enum ivm_lab_principal_kind kind;
	const struct ivm_lab_account *account;	/* USER */
	const struct ivm_lab_group *group;	/* GROUP, ALIAS */
};
/* Resolve a name or a SID ("S-1-...") as host h sees it (LookupAccountName:
 * a bare name is tried as well-known, local, then domain). 0, or -1 with err
 * (1332 for a name that maps to nothing, 1317 for an unknown SID). */
int ivm_lab_resolve(const struct ivm_lab *lab, const struct ivm_lab_host *h, const char *name_or_sid,
    struct ivm_lab_principal *out, struct ivm_err *err);
/* Every SID that stands for a on h: itself, its domain groups, the
 * well-known groups of a network logon, and the local groups of h that
 * contain any of those. A malloc'd array of pointers into the lab; *n set. */
const char **ivm_lab_identity_sids(const struct ivm_lab *lab, const struct ivm_lab_host *h,
    const struct ivm_lab_account *a, size_t *n);

/* ---- local groups (and the two domain groups) --------------------------- */

struct ivm_lab_group {
	char *name;		/* "VMM Users", "Administrators", "Domain Users" */
	char *full_name;	/* "IPAM1\VMM Users", "BUILTIN\Administrators", "CONTOSO\Domain Users" */
	char *sid;
	char *description;
	char *grants_role;	/* an IPAM group: the role it holds at Global; else NULL */
	char **members;		/* SIDs, in the order added */
	size_t nmembers;
	unsigned long rid;
	bool builtin;		/* a BUILTIN alias (S-1-5-32-x): cannot be deleted */
};

size_t ivm_lab_ngroups(const struct ivm_lab_host *h);
const struct ivm_lab_group *ivm_lab_group_at(const struct ivm_lab_host *h, size_t i);
/* By name, full name ("BUILTIN\Administrators", "IPAM1\VMM Users") or SID. */
const struct ivm_lab_group *ivm_lab_group_find(const struct ivm_lab_host *h, const char *name_or_sid);
size_t ivm_lab_domain_ngroups(const struct ivm_lab *lab);
const struct ivm_lab_group *ivm_lab_domain_group_at(const struct ivm_lab *lab, size_t i);
/* Is this a name Windows accepts for a new local group on h? 0, or -1 with err
 * (1315 for the rules, 2224 or 1379 when a user or group has it). */
int ivm_lab_group_name_check(const struct ivm_lab_host *h, const char *name, struct ivm_err *err);
/* CREATED, PRESENT (1379), or FAILED. description may be NULL. */
enum ivm_status ivm_lab_group_ensure(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name,
    const char *description, struct ivm_err *err);
/* REMOVED, or FAILED: 1376 no such group, 1371 a BUILTIN group. */
enum ivm_status ivm_lab_group_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name_or_sid,
    struct ivm_err *err);
/* CREATED (added), PRESENT (1378), or FAILED: 1376 no such group, 1332/1317
 * no such member, 1388 a local group as a member. */
enum ivm_status ivm_lab_member_add(struct ivm_lab *lab, struct ivm_lab_host *h, const char *group,
    const char *member, struct ivm_err *err);
/* REMOVED, or FAILED: 1377 not a member, 1376, 1332/1317. */
enum ivm_status ivm_lab_member_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *group,
    const char *member, struct ivm_err *err);
/* a is in the group, directly or through a domain or well-known group. */
bool ivm_lab_in_group(const struct ivm_lab *lab, const struct ivm_lab_host *h, const struct ivm_lab_account *a,
    const char *group_sid);

/* ---- IPAM: roles, access scopes, access policies ------------------------ */

struct ivm_lab_policy {
	char *principal_sid;
	char *principal_name;	/* as resolved when the policy was made */
	char *role;
	char *scope;		/* a path: "Global\Europe" */
};

size_t ivm_lab_ipam_nroles(const struct ivm_lab_host *h);
const char *ivm_lab_ipam_role_at(const struct ivm_lab_host *h, size_t i);
bool ivm_lab_ipam_role_exists(const struct ivm_lab_host *h, const char *role);
/* Scopes are paths under Global ("Global", "Global\Europe\Dublin"); a
 * leading backslash is accepted ("\Global\Europe"). */
size_t ivm_lab_ipam_nscopes(const struct ivm_lab_host *h);
const char *ivm_lab_ipam_scope_at(const struct ivm_lab_host *h, size_t i);
bool ivm_lab_ipam_scope_exists(const struct ivm_lab_host *h, const char *path);
/* CREATED or PRESENT; FAILED when the parent does not exist or a name is bad. */
enum ivm_status ivm_lab_ipam_scope_ensure(struct ivm_lab *lab, struct ivm_lab_host *h, const char *path,
    struct ivm_err *err);
/* REMOVED; FAILED for Global, a scope with children or one a policy uses. */
enum ivm_status ivm_lab_ipam_scope_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *path,
    struct ivm_err *err);
size_t ivm_lab_ipam_npolicies(const struct ivm_lab_host *h);
const struct ivm_lab_policy *ivm_lab_ipam_policy_at(const struct ivm_lab_host *h, size_t i);
/* principal: a name or SID that h resolves (a user, a domain group, or a
 * local group such as "VMM Users"). CREATED, PRESENT or FAILED. */
enum ivm_status ivm_lab_ipam_policy_add(struct ivm_lab *lab, struct ivm_lab_host *h, const char *principal,
    const char *role, const char *scope, struct ivm_err *err);
/* REMOVED, or FAILED (1168) when there is no such policy. */
enum ivm_status ivm_lab_ipam_policy_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *principal,
    const char *role, const char *scope, struct ivm_err *err);
/* Does a hold role at scope (or at a scope above it), through a policy for
 * itself, a domain group, a local group of h, or an IPAM local group that
 * carries the role (RBAC is additive)? why (may be NULL) names the grant. */
bool ivm_lab_ipam_has_role(const struct ivm_lab *lab, const struct ivm_lab_host *h,
    const struct ivm_lab_account *a, const char *role, const char *scope, const char **why);

/* ---- VMM ---------------------------------------------------------------- */

struct ivm_lab_runas {
	char *id;		/* GUID */
	char *name;		/* "Host Admin" */
	char *user;		/* "CONTOSO\vmmadmin", as given */
	char *description;
	bool credentials_ok;	/* the credentials were valid when last set */
};
struct ivm_lab_provider { char *name, *manufacturer, *model, *type; };
struct ivm_lab_hostgroup { char *id, *path; };	/* "All Hosts\Seattle\Rack 1" */
struct ivm_lab_lnet { char *id, *name; };
struct ivm_lab_netsvc {
	char *id, *name, *description;
	char *manufacturer, *model, *provider;
	char *connection_string;
	char *runas;		/* the Run As account's name */
	char **hostgroups;	/* paths */
	size_t nhostgroups;
};

size_t ivm_lab_vmm_nrunas(const struct ivm_lab_host *h);
const struct ivm_lab_runas *ivm_lab_vmm_runas_at(const struct ivm_lab_host *h, size_t i);
const struct ivm_lab_runas *ivm_lab_vmm_runas_find(const struct ivm_lab_host *h, const char *name_or_id);
/* New-SCRunAsAccount. With validate the credentials must be those of an
 * enabled domain account (else FAILED, nothing made); without (-NoValidation)
 * the account is made and credentials_ok records whether they were right.
 * An existing account with the same user and good credentials is PRESENT; one
 * with another user or bad credentials is updated (CHANGED). *job (may be
 * NULL) is the "Create new RunAs Account" job, or NULL when nothing ran.
 * The password is never stored. */
enum ivm_status ivm_lab_vmm_runas_ensure(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name,
    const char *user, const char *password, const char *description, bool validate,
    const struct ivm_lab_job **job, struct ivm_err *err);
/* REMOVED; FAILED (1168) when absent, (2404) when a network service uses it. */
enum ivm_status ivm_lab_vmm_runas_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name,
    struct ivm_err *err);

size_t ivm_lab_vmm_nproviders(const struct ivm_lab_host *h);
const struct ivm_lab_provider *ivm_lab_vmm_provider_at(const struct ivm_lab_host *h, size_t i);
const struct ivm_lab_provider *ivm_lab_vmm_provider_find(const struct ivm_lab_host *h, const char *name);
/* The provider for a manufacturer and model, or NULL. */
const struct ivm_lab_provider *ivm_lab_vmm_provider_for(const struct ivm_lab_host *h, const char *manufacturer,
    const char *model);

/* Host groups, parents before children. */
size_t ivm_lab_vmm_nhostgroups(const struct ivm_lab_host *h);
const struct ivm_lab_hostgroup *ivm_lab_vmm_hostgroup_at(const struct ivm_lab_host *h, size_t i);
/* By full path, by ID, or by name when only one group has it. */
const struct ivm_lab_hostgroup *ivm_lab_vmm_hostgroup_find(const struct ivm_lab_host *h, const char *path_or_name);
/* The last part of a path ("Rack 1"); the parent path in out (empty for a root). */
const char *ivm_lab_path_leaf(const char *path);
void ivm_lab_path_parent(const char *path, struct ivm_buf *out);

size_t ivm_lab_vmm_nlnets(const struct ivm_lab_host *h);
const struct ivm_lab_lnet *ivm_lab_vmm_lnet_at(const struct ivm_lab_host *h, size_t i);

size_t ivm_lab_vmm_nnetsvcs(const struct ivm_lab_host *h);
const struct ivm_lab_netsvc *ivm_lab_vmm_netsvc_at(const struct ivm_lab_host *h, size_t i);
const struct ivm_lab_netsvc *ivm_lab_vmm_netsvc_find(const struct ivm_lab_host *h, const char *name_or_id);

/* What Add-SCNetworkService is given. provider, or manufacturer and model,
 * name the configuration provider. hostgroups: paths, names or IDs. */
struct ivm_lab_netsvc_spec {
	const char *name, *description;
	const char *manufacturer, *model, *provider;
	const char *connection_string;
	const char *runas;
	const char *const *hostgroups;
	size_t nhostgroups;
};
/* Add-SCNetworkService: runs the three provider tests and starts an "Add
 * network service device" job that ends Completed, or Failed with the first
 * failing test's reason (then nothing is made and the result is FAILED). An
 * existing service with the same settings is PRESENT (no job); one that
 * differs is updated (CHANGED). */
enum ivm_status ivm_lab_vmm_netsvc_ensure(struct ivm_lab *lab, struct ivm_lab_host *h,
    const struct ivm_lab_netsvc_spec *spec, const struct ivm_lab_job **job, struct ivm_err *err);
/* REMOVED (with a "Remove network service device" job), or FAILED (1168). */
enum ivm_status ivm_lab_vmm_netsvc_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name,
    const struct ivm_lab_job **job, struct ivm_err *err);

/* ---- the provider test (Test-SCNetworkService) -------------------------- */

enum { IVM_LAB_TEST_OPEN, IVM_LAB_TEST_CAPABILITY, IVM_LAB_TEST_SYSINFO, IVM_LAB_NTESTS };
struct ivm_lab_test_result {
	const char *name;	/* "Test open connection", ... */
	bool passed;
	char reason[768];	/* what the lab found: names the cause */
	char remedy[768];	/* what fixes it; "" when passed */
};
/* Decide the three tests on the lab's VMM server for this connection string
 * (FQDN, optional :port), Run As account (name) and provider (name). Returns
 * the number of tests that failed (0: all passed). */
int ivm_lab_test_network_service(struct ivm_lab *lab, const char *connection_string, const char *runas_name,
    const char *provider_name, struct ivm_lab_test_result out[3]);

/* ---- jobs --------------------------------------------------------------- */

enum ivm_lab_job_status {
	IVM_LAB_JOB_RUNNING,
	IVM_LAB_JOB_COMPLETED,
	IVM_LAB_JOB_FAILED,
	IVM_LAB_JOB_SUCCEED_WITH_INFO,
};
const char *ivm_lab_job_status_name(enum ivm_lab_job_status s);	/* "Running", "Completed", ... */
int ivm_lab_job_status_parse(const char *s);				/* -1 when unknown */

/* A job as Get-SCJob shows it at the lab's current time. */
struct ivm_lab_job_info {
	const char *id, *name, *error_info;
	enum ivm_lab_job_status status;
	unsigned progress;		/* 0..100 */
	long long start_ms;
	long long end_ms;		/* 0 while running */
	const char *const *steps;
	size_t nsteps;
	size_t step;			/* the step running now (nsteps when done) */
};
/* Start a job on VMM host h that ends with outcome (not RUNNING) after a few
 * seconds of lab time, or at once in instant mode. error_info NULL means
 * "Success (0)". NULL when h runs no VMM. */
const struct ivm_lab_job *ivm_lab_job_start(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name,
    const char *const *steps, size_t nsteps, enum ivm_lab_job_status outcome, const char *error_info);
size_t ivm_lab_njobs(const struct ivm_lab_host *h);
const struct ivm_lab_job *ivm_lab_job_at(const struct ivm_lab_host *h, size_t i);
const struct ivm_lab_job *ivm_lab_job_find(const struct ivm_lab_host *h, const char *id);
void ivm_lab_job_get(const struct ivm_lab *lab, const struct ivm_lab_job *j, struct ivm_lab_job_info *out);
/* Lab time until the job ends (0 when it has), and how it ends: for a
 * script that waits for its job, as the real ones do. */
long long ivm_lab_job_remaining(const struct ivm_lab *lab, const struct ivm_lab_job *j);
enum ivm_lab_job_status ivm_lab_job_outcome(const struct ivm_lab_job *j);

/* ---- XML ---------------------------------------------------------------- */

/* The world as XML without password hashes, for `lab show` (core/lab/state_write.c). */
void ivm_lab_to_xml(const struct ivm_lab *lab, struct ivm_buf *out);

#endif
