/* core/lab/model_int.h: the lab's private structures and the raw constructors the defaults and the state loader share. */
#ifndef IVM_LAB_MODEL_INT_H
#define IVM_LAB_MODEL_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/lab/model.h"

/* Limits that keep a hostile state file from costing more than it is worth. */
#define LAB_MAX_TEXT 1024		/* bytes in any one string */
#define LAB_MAX_GROUP_NAME 256		/* characters, as Windows */
#define LAB_MAX_ITEMS 4096		/* of one kind in one list */
#define LAB_MAX_JOBS 1000		/* history kept; the oldest go first */

/* A list of owned pointers. */
struct lab_vec {
	void **v;
	size_t n;
};

struct ivm_lab_account {
	struct ivm_lab_host *host;	/* NULL: a domain account */
	char *sam, *name, *sid, *hash, *description;
	unsigned long rid;
	bool enabled, pw_never_expires;
};

struct lab_ipam {
	struct lab_vec roles;		/* char * */
	struct lab_vec scopes;		/* char *, paths, parents first */
	struct lab_vec policies;	/* struct ivm_lab_policy * */
	unsigned port;
};

struct ivm_lab_job {
	char *id, *name, *error_info;
	char **steps;
	size_t nsteps;
	long long start_ms, duration_ms;
	enum ivm_lab_job_status outcome;
};

struct lab_vmm {
	char *service;
	struct lab_vec runas, providers, hostgroups, lnets, netsvcs, jobs;
};

struct ivm_lab_host {
	struct ivm_lab *lab;
	char *fqdn, *netbios, *sid, *os, *ps_version;
	const char *roles[3];		/* NULL-terminated */
	struct lab_vec accounts;	/* struct ivm_lab_account * */
	struct lab_vec groups;		/* struct ivm_lab_group * */
	unsigned long next_rid;
	struct lab_ipam *ipam;
	struct lab_vmm *vmm;
};

struct ivm_lab {
	char *netbios, *dns, *sid;
	struct lab_vec accounts, groups;	/* the domain's */
	unsigned long next_rid;
	struct lab_vec hosts;
	bool switches[IVM_LAB_NSWITCHES];
	bool instant;
	long long (*now_ms)(void *ud);
	void *clock_ud;
};

/* lists */
void lab_vec_push(struct lab_vec *vec, void *p);
void *lab_vec_take(struct lab_vec *vec, size_t i);	/* remove, keep order */
void lab_strv_free(char **v, size_t n);

/* text: valid UTF-8, no control characters, at most max bytes */
bool lab_text_ok(const char *s, size_t max);
size_t lab_utf8_chars(const char *s);
/* The offset of the first NUL or invalid UTF-8 byte in s[0..n), or n. */
size_t lab_utf8_bad(const char *s, size_t n);
bool lab_sid_ok(const char *s);
bool lab_hash_ok(const char *s);
/* A crypt(3) SHA-512 hash of password with a random salt (malloc'd). */
char *lab_hash_password(const char *password);
bool lab_password_matches(const char *hash, const char *password);
/* A random GUID, lower case, in out[37]. */
void lab_guid(char out[37]);
/* Fill err for a lab failure: kind IVM_E_REMOTE, the Win32 code, the host. */
void lab_fail(struct ivm_err *err, const struct ivm_lab_host *h, unsigned long code, const char *what,
    const char *next, const char *why_fmt, ...) IVM_PRINTF(6, 7);
void lab_present(struct ivm_err *err, const struct ivm_lab_host *h, unsigned long code, const char *why);

/* raw constructors: no rules checked beyond what keeps the model sound */
struct ivm_lab *lab_new_empty(const char *netbios, const char *dns, const char *sid);
struct ivm_lab_host *lab_host_add(struct ivm_lab *lab, const char *fqdn, const char *netbios, const char *sid,
    const char *os, const char *ps_version);
void lab_host_install_ipam(struct ivm_lab_host *h, unsigned port);
void lab_host_install_vmm(struct ivm_lab_host *h, const char *service);
/* h NULL: the domain. The account's RID is the last part of its SID. */
struct ivm_lab_account *lab_account_add(struct ivm_lab *lab, struct ivm_lab_host *h, const char *sam,
    unsigned long rid, const char *hash, const char *description, bool enabled, bool never_expires);
struct ivm_lab_group *lab_group_add(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name,
    const char *sid, const char *description, const char *grants_role);
void lab_group_add_member(struct ivm_lab_group *g, const char *sid);
bool lab_group_has_member(const struct ivm_lab_group *g, const char *sid);
void lab_group_free(struct ivm_lab_group *g);
/* A name (account or group) on h, or in the domain when h is NULL. */
bool lab_name_taken(const struct ivm_lab *lab, const struct ivm_lab_host *h, const char *name);

void lab_ipam_add_role(struct ivm_lab_host *h, const char *role);
void lab_ipam_add_scope(struct ivm_lab_host *h, const char *path);
void lab_ipam_add_policy(struct ivm_lab_host *h, const char *sid, const char *name, const char *role,
    const char *scope);

struct ivm_lab_runas *lab_vmm_add_runas(struct ivm_lab_host *h, const char *id, const char *name,
    const char *user, const char *description, bool ok);
void lab_vmm_add_provider(struct ivm_lab_host *h, const char *name, const char *manufacturer,
    const char *model, const char *type);
void lab_vmm_add_hostgroup(struct ivm_lab_host *h, const char *id, const char *path);
void lab_vmm_add_lnet(struct ivm_lab_host *h, const char *id, const char *name);
struct ivm_lab_netsvc *lab_vmm_add_netsvc(struct ivm_lab_host *h, const char *id,
    const struct ivm_lab_netsvc_spec *spec);
struct ivm_lab_job *lab_vmm_add_job(struct ivm_lab_host *h, const char *id, const char *name,
    const char *const *steps, size_t nsteps, long long start_ms, long long duration_ms,
    enum ivm_lab_job_status outcome, const char *error_info);

void lab_netsvc_free(struct ivm_lab_netsvc *s);
void lab_job_free(struct ivm_lab_job *j);
/* The three provider tests as the VMM server vmm runs them (provider_test.c). */
int lab_test_on(struct ivm_lab *lab, const struct ivm_lab_host *vmm, const char *connection_string,
    const char *runas_name, const char *provider_name, struct ivm_lab_test_result out[3]);

/* path helpers (IPAM scopes, VMM host groups) */
char *lab_scope_normalize(const char *path);	/* drops a leading '\'; NULL if not a path */

/* the domain account for a user name in a domain form, or NULL */
struct ivm_lab_account *lab_domain_account(const struct ivm_lab *lab, const char *user);
struct ivm_lab_account *lab_find_account(const struct ivm_lab *lab, const struct ivm_lab_host *h,
    const char *user);

#endif
