/* core/settings.h: what the user chose for the IPAM <-> VMM integration, and its validation with the Windows rules. */
#ifndef IVM_SETTINGS_H
#define IVM_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/http.h"
#include "core/secret.h"

/* The lab's two servers: the hosts used when none is named. */
#define IVM_SETTINGS_LAB_IPAM "ipam1.contoso.com"
#define IVM_SETTINGS_LAB_VMM "vmm1.contoso.com"

/* Room for one rule message ("must not contain ... (found ':')"). */
#define IVM_CHECK_MSG 256

enum ivm_side {
	IVM_SIDE_IPAM,
	IVM_SIDE_VMM,
	IVM_SIDES
};

/* Where a password is read from; never the password itself. */
struct ivm_pwsource {
	enum ivm_secret_source src;
	char *arg;		/* the file path or variable name; NULL for a prompt */
};

struct ivm_target {
	char *host;		/* FQDN; NULL when not named */
	char *endpoint;		/* NULL: https://HOST:5986/wsman */
	enum ivm_auth auth;
	char *admin_user;	/* NULL: none given (a Kerberos ticket, or the lab's) */
	struct ivm_pwsource admin_password;
	char *cacert;		/* NULL: the system's CA store */
	bool insecure;
	bool allow_unencrypted;
};

enum ivm_runas_mode {
	IVM_RUNAS_NEW,
	IVM_RUNAS_EXISTING,
};

struct ivm_strlist {
	char **v;
	size_t n;
};

/*
 * Fill it with ivm_settings_defaults, change it with ivm_settings_set (which
 * refuses a value that breaks its field's rule), check the whole with
 * ivm_settings_validate, free it with ivm_settings_release. NULL strings are
 * "not given"; three of them then take a value derived from others (see the
 * accessors below).
 */
struct ivm_settings {
	bool lab;		/* kept by set: lab_requested, or no host named */
	bool lab_requested;	/* targets/@lab */
	struct ivm_target target[IVM_SIDES];

	/* IPAM server: Local Users and Groups, IPAM Access Control */
	char *group_name;
	char *group_description;
	char *account;		/* the account VMM uses, DOMAIN\user */
	char *role;
	char *scope;

	/* VMM server: Add Network Service Wizard */
	enum ivm_runas_mode runas_mode;
	char *runas_name;
	char *runas_description;
	char *runas_user;	/* NULL: the account */
	struct ivm_pwsource runas_password;
	char *service_name;
	char *service_description;
	char *manufacturer;
	char *model;
	char *provider;
	char *connection_string; /* NULL: the IPAM host */
	struct ivm_strlist host_groups;
};

/* A rule for one value: 0, or -1 with the broken rule in msg[size]
 * ("must not contain any of ... (found ':')"), which never quotes more of the
 * value than the one offending character. */
typedef int (*ivm_check_fn)(const char *value, char *msg, size_t size);

int ivm_check_group_name(const char *v, char *msg, size_t size);
int ivm_check_group_description(const char *v, char *msg, size_t size);
int ivm_check_account(const char *v, char *msg, size_t size);	/* DOMAIN\user or user@dns.domain */
int ivm_check_admin_account(const char *v, char *msg, size_t size); /* also a bare local name */
int ivm_check_fqdn(const char *v, char *msg, size_t size);
int ivm_check_fqdn_port(const char *v, char *msg, size_t size);
int ivm_check_url(const char *v, char *msg, size_t size);
int ivm_check_vmm_name(const char *v, char *msg, size_t size);
int ivm_check_vmm_description(const char *v, char *msg, size_t size);
int ivm_check_role(const char *v, char *msg, size_t size);
int ivm_check_scope(const char *v, char *msg, size_t size);
int ivm_check_path(const char *v, char *msg, size_t size);
int ivm_check_env_name(const char *v, char *msg, size_t size);

/* The eight built-in IPAM roles, as the console names them. */
extern const char *const ivm_ipam_roles[];
extern const size_t ivm_ipam_nroles;

enum ivm_field_type {
	IVM_FT_TEXT,
	IVM_FT_BOOL,		/* "yes" "no" (also "true" "false") */
	IVM_FT_AUTH,		/* "negotiate" "ntlm" "kerberos" "basic" */
	IVM_FT_RUNAS_MODE,	/* "new" "existing" */
	IVM_FT_SECRET,		/* "prompt", "env:NAME", "file:PATH" */
	IVM_FT_LIST,		/* items one per line */
};

/*
 * One row per setting: the wizard walks this table for labels and help, the
 * answer file for its element paths, validation for the rules. The name is
 * the path in the answer file below the root ("ipam/local-group/name"; an
 * attribute is "@name").
 */
struct ivm_setting_field {
	const char *name;
	const char *label;	/* "IPAM group name": starts every message */
	const char *help;	/* one sentence for the help line */
	const char *rule;	/* the rule in words, with where it comes from */
	const char *def;	/* default text; NULL: none or derived (see help) */
	enum ivm_field_type type;
	ivm_check_fn check;	/* for a list: each item */
	size_t offset;		/* of the member in struct ivm_settings */
	enum ivm_side side;	/* the host it is about; IVM_SIDES: neither */
	/* The value in effect when none was given, when it depends on others. */
	const char *(*derive)(const struct ivm_settings *s, enum ivm_side side,
	                      struct ivm_buf *scratch);
	bool optional;		/* "" clears it */
	bool new_runas_only;	/* meaningless for an existing Run As account */
};

extern const struct ivm_setting_field ivm_setting_fields[];
extern const size_t ivm_setting_nfields;

const struct ivm_setting_field *ivm_setting_field_find(const char *name);
/* Does the field mean anything with these settings (an existing Run As
 * account has no description, user or password)? */
bool ivm_setting_applies(const struct ivm_setting_field *f, const struct ivm_settings *s);

void ivm_settings_defaults(struct ivm_settings *s);
void ivm_settings_release(struct ivm_settings *s);
/* Deep copy of src into dst (dst is overwritten, not released). */
void ivm_settings_copy(struct ivm_settings *dst, const struct ivm_settings *src);

/* Set a field by name from its text form; a list field takes its items one
 * per line and replaces the list. 0, or -1 with err naming the field and the
 * rule (the settings are then unchanged). */
int ivm_settings_set(struct ivm_settings *s, const char *field, const char *value,
                     struct ivm_err *err);
/* The same for a field of the table; the broken rule goes to msg without
 * the label (the answer file puts its own place in front). */
int ivm_settings_set_field(struct ivm_settings *s, const struct ivm_setting_field *f,
                           const char *value, char *msg, size_t size);
/* Append one item to a list field. */
int ivm_settings_add_field(struct ivm_settings *s, const struct ivm_setting_field *f,
                           const char *value, char *msg, size_t size);
int ivm_settings_add(struct ivm_settings *s, const char *field, const char *value,
                     struct ivm_err *err);
/* Empty a list field. */
void ivm_settings_clear_list(struct ivm_settings *s, const struct ivm_setting_field *f);

/* The stored text form into out (appended); false when not given (NULL). */
bool ivm_settings_get(const struct ivm_settings *s, const struct ivm_setting_field *f,
                      struct ivm_buf *out);
/* The value in effect, derived defaults included, into out (appended). */
void ivm_settings_effective(const struct ivm_settings *s, const struct ivm_setting_field *f,
                            struct ivm_buf *out);
/* Same stored values in every field that applies. */
bool ivm_settings_equal(const struct ivm_settings *a, const struct ivm_settings *b);

/* The first problem, as 0 or -1 with err ("IPAM group name: must not ..."). */
int ivm_settings_validate(const struct ivm_settings *s, struct ivm_err *err);

/* Every problem, for a page that shows them all at once. */
struct ivm_problem {
	const struct ivm_setting_field *field;
	char message[IVM_CHECK_MSG];	/* the rule broken, without the label */
};
struct ivm_problems {
	struct ivm_problem *v;
	size_t n;
};
size_t ivm_settings_problems(const struct ivm_settings *s, struct ivm_problems *out);
void ivm_problems_release(struct ivm_problems *p);
/* Fill err from one problem, as ivm_settings_validate does. */
void ivm_problem_err(const struct ivm_problem *p, struct ivm_err *err);

/* ---- what the plan reads ------------------------------------------------ */

bool ivm_settings_is_lab(const struct ivm_settings *s);
/* The host's FQDN; the lab's host when in the lab and none was named. */
const char *ivm_settings_host(const struct ivm_settings *s, enum ivm_side side);
/* The WinRM URL: as given, or https://HOST:5986/wsman written into scratch. */
const char *ivm_settings_endpoint(const struct ivm_settings *s, enum ivm_side side,
                                  struct ivm_buf *scratch);
const char *ivm_settings_runas_user(const struct ivm_settings *s);
const char *ivm_settings_connection_string(const struct ivm_settings *s);
const char *ivm_side_name(enum ivm_side side);	/* "ipam", "vmm" */

#endif
