/* core/whoami.h: reads `whoami /groups /fo csv` to tell whether an account is an enabled member of Administrators. */
#ifndef IVM_WHOAMI_H
#define IVM_WHOAMI_H

#include <stdbool.h>
#include <stddef.h>

struct ivm_err;

#define IVM_WHOAMI_MAX_BYTES (1024 * 1024)
#define IVM_WHOAMI_MAX_GROUPS 4096

#define IVM_SID_ADMINISTRATORS "S-1-5-32-544"

struct ivm_whoami_group {
	char *name, *type, *sid, *attributes;
	bool enabled;	/* the attributes say "Enabled group" */
	bool deny_only;	/* the attributes say "Group used for deny only" */
};

struct ivm_whoami {
	struct ivm_whoami_group *groups;
	size_t ngroups;
	char *label_sid;	/* the mandatory label's SID (S-1-16-...) or NULL */
};

/* Parse the CSV text[0..len) (UTF-8, CRLF or LF, with or without a header
 * line in any language). 0 on success; -1 with err set and *out empty. */
int ivm_whoami_parse(const char *text, size_t len, struct ivm_whoami *out,
                     struct ivm_err *err);
/* Free what a parse filled in and empty *w; safe to call twice. */
void ivm_whoami_release(struct ivm_whoami *w);
/* The group with this SID (compared ignoring case), or NULL. */
const struct ivm_whoami_group *ivm_whoami_find_sid(const struct ivm_whoami *w,
                                                   const char *sid);

enum ivm_admin_state {
	IVM_ADMIN_YES,
	IVM_ADMIN_NOT_MEMBER,
	IVM_ADMIN_FILTERED,	/* deny only / medium label: UAC remote restrictions */
	IVM_ADMIN_DISABLED,
};

enum ivm_admin_state ivm_whoami_admin(const struct ivm_whoami *w);
/* One or two sentences for a person: what the state means, what to do. */
const char *ivm_whoami_admin_explain(enum ivm_admin_state s);

#endif
