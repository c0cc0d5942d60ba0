/* core/lab/groups.c: local groups and their members, with the rules and Win32 codes of Windows. */
#include "config.h"

#include "core/lab/model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/lab/model_int.h"
#include "core/xalloc.h"

#define FORBIDDEN "\"/\\[]:;|=,+*?<>@"

#define NEXT_NAME "choose a name of 1 to 256 characters that is not only dots or spaces, " \
	"does not end with a dot, has none of \" / \\ [ ] : ; | = , + * ? < > @, and is not " \
	"the name of another user or group on that server"

size_t
ivm_lab_ngroups(const struct ivm_lab_host *h)
{
	return h->groups.n;
}

const struct ivm_lab_group *
ivm_lab_group_at(const struct ivm_lab_host *h, size_t i)
{
	return i < h->groups.n ? h->groups.v[i] : NULL;
}

size_t
ivm_lab_domain_ngroups(const struct ivm_lab *lab)
{
	return lab->groups.n;
}

const struct ivm_lab_group *
ivm_lab_domain_group_at(const struct ivm_lab *lab, size_t i)
{
	return i < lab->groups.n ? lab->groups.v[i] : NULL;
}

static size_t
group_index(const struct ivm_lab_host *h, const char *key)
{
	for (size_t i = 0; key != NULL && i < h->groups.n; i++) {
		const struct ivm_lab_group *g = h->groups.v[i];
		if (strcasecmp(g->name, key) == 0 || strcasecmp(g->full_name, key) == 0 ||
		    strcasecmp(g->sid, key) == 0)
			return i;
		/* ".\name" and "HOST\name" name a group of this host too */
		const char *bs = strchr(key, '\\');
		if (bs != NULL && strcasecmp(bs + 1, g->name) == 0 &&
		    ((bs - key == 1 && key[0] == '.') ||
		     (strlen(h->netbios) == (size_t)(bs - key) && strncasecmp(key, h->netbios, (size_t)(bs - key)) == 0)))
			return i;
	}
	return (size_t)-1;
}

const struct ivm_lab_group *
ivm_lab_group_find(const struct ivm_lab_host *h, const char *name_or_sid)
{
	size_t i = group_index(h, name_or_sid);
	return i == (size_t)-1 ? NULL : h->groups.v[i];
}

static bool
only_dots_spaces(const char *s)
{
	return s[strspn(s, ". ")] == '\0';
}

int
ivm_lab_group_name_check(const struct ivm_lab_host *h, const char *name, struct ivm_err *err)
{
	const char *what = "cannot create the local group";
	const char *bad = NULL;

	if (name == NULL || *name == '\0')
		bad = "the name is empty";
	else if (!lab_text_ok(name, LAB_MAX_TEXT))
		bad = "the name has control characters or is not valid UTF-8";
	else if (lab_utf8_chars(name) > LAB_MAX_GROUP_NAME)
		bad = "the name is longer than 256 characters";
	else if (strpbrk(name, FORBIDDEN) != NULL)
		bad = "the name has one of the characters \" / \\ [ ] : ; | = , + * ? < > @";
	else if (only_dots_spaces(name))
		bad = "the name is only dots or spaces";
	else if (name[strlen(name) - 1] == '.')
		bad = "the name ends with a dot";
	if (bad != NULL) {
		lab_fail(err, h, IVM_LAB_E_INVALID_ACCOUNT_NAME, what, NEXT_NAME,
		    "\"%s\" is not a valid group name: %s", name ? name : "", bad);
		return -1;
	}
	if (ivm_lab_group_find(h, name) != NULL) {
		lab_fail(err, h, IVM_LAB_E_ALIAS_EXISTS, what, "use that group, or choose another name",
		    "a local group named \"%s\" already exists on %s", name, h->fqdn);
		return -1;
	}
	if (lab_name_taken(h->lab, h, name)) {
		lab_fail(err, h, IVM_LAB_E_USER_EXISTS, what, NEXT_NAME,
		    "a local user named \"%s\" already exists on %s, and groups and users share one "
		    "set of names", name, h->fqdn);
		return -1;
	}
	return 0;
}

enum ivm_status
ivm_lab_group_ensure(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name, const char *description,
    struct ivm_err *err)
{
	const struct ivm_lab_group *g = ivm_lab_group_find(h, name);
	if (g != NULL && strcasecmp(g->name, name) == 0) {
		lab_present(err, h, IVM_LAB_E_ALIAS_EXISTS, "the local group already exists");
		return IVM_ST_PRESENT;
	}
	if (ivm_lab_group_name_check(h, name, err) == -1)
		return IVM_ST_FAILED;
	if (description != NULL && !lab_text_ok(description, LAB_MAX_TEXT)) {
		lab_fail(err, h, IVM_LAB_E_INVALID_ACCOUNT_NAME, "cannot create the local group",
		    "use a description of at most 1024 bytes without control characters",
		    "the description is too long or has control characters");
		return IVM_ST_FAILED;
	}
	if (h->groups.n >= LAB_MAX_ITEMS) {
		lab_fail(err, h, IVM_LAB_E_LIMIT, "cannot create the local group", "remove groups you do not need",
		    "the lab holds at most %d groups per server", LAB_MAX_ITEMS);
		return IVM_ST_FAILED;
	}
	struct ivm_buf sid = IVM_BUF_INIT;
	ivm_buf_addf(&sid, "%s-%lu", h->sid, h->next_rid);
	lab_group_add(lab, h, name, ivm_buf_str(&sid), description, NULL);
	ivm_buf_release(&sid);
	return IVM_ST_CREATED;
}

static bool
no_group(struct ivm_err *err, const struct ivm_lab_host *h, const char *what, const char *name)
{
	lab_fail(err, h, IVM_LAB_E_NO_SUCH_ALIAS, what,
	    "check the group's name, or create it first; Remote Management Users is S-1-5-32-580",
	    "there is no local group \"%s\" on %s (The specified local group does not exist)",
	    name ? name : "", h->fqdn);
	return false;
}

enum ivm_status
ivm_lab_group_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *name_or_sid, struct ivm_err *err)
{
	const char *what = "cannot delete the local group";
	size_t i = group_index(h, name_or_sid);
	if (i == (size_t)-1) {
		no_group(err, h, what, name_or_sid);
		return IVM_ST_FAILED;
	}
	struct ivm_lab_group *g = h->groups.v[i];
	if (g->builtin) {
		lab_fail(err, h, IVM_LAB_E_SPECIAL_ACCOUNT, what, "leave the built-in groups in place",
		    "%s is a built-in group (Cannot perform this operation on built-in accounts)",
		    g->full_name);
		return IVM_ST_FAILED;
	}
	lab_group_free(lab_vec_take(&h->groups, i));
	return IVM_ST_REMOVED;
}

/* The group and the member's SID, or FAILED with err. */
static struct ivm_lab_group *
group_and_member(struct ivm_lab *lab, struct ivm_lab_host *h, const char *group, const char *member,
    const char *what, struct ivm_lab_principal *p, struct ivm_err *err)
{
	size_t i = group_index(h, group);
	if (i == (size_t)-1) {
		no_group(err, h, what, group);
		return NULL;
	}
	if (ivm_lab_resolve(lab, h, member, p, err) == -1) {
		ivm_err_prefix(err, "%s: ", what);
		return NULL;
	}
	return h->groups.v[i];
}

enum ivm_status
ivm_lab_member_add(struct ivm_lab *lab, struct ivm_lab_host *h, const char *group, const char *member,
    struct ivm_err *err)
{
	const char *what = "cannot add the member to the local group";
	struct ivm_lab_principal p;
	struct ivm_lab_group *g = group_and_member(lab, h, group, member, what, &p, err);

	if (g == NULL)
		return IVM_ST_FAILED;
	if (p.kind == IVM_LAB_PRINCIPAL_ALIAS) {
		lab_fail(err, h, IVM_LAB_E_INVALID_MEMBER, what,
		    "add the group's members one by one instead: local groups cannot contain local groups",
		    "%s is a local group, and a local group cannot be a member of another local group "
		    "(the member has the wrong account type)", p.name);
		return IVM_ST_FAILED;
	}
	if (lab_group_has_member(g, p.sid)) {
		lab_present(err, h, IVM_LAB_E_MEMBER_IN_ALIAS,
		    "the account is already a member of the group");
		return IVM_ST_PRESENT;
	}
	if (g->nmembers >= LAB_MAX_ITEMS) {
		lab_fail(err, h, IVM_LAB_E_LIMIT, what, "remove members you do not need",
		    "the lab holds at most %d members per group", LAB_MAX_ITEMS);
		return IVM_ST_FAILED;
	}
	lab_group_add_member(g, p.sid);
	return IVM_ST_CREATED;
}

enum ivm_status
ivm_lab_member_remove(struct ivm_lab *lab, struct ivm_lab_host *h, const char *group, const char *member,
    struct ivm_err *err)
{
	const char *what = "cannot remove the member from the local group";
	struct ivm_lab_principal p;
	struct ivm_lab_group *g = group_and_member(lab, h, group, member, what, &p, err);

	if (g == NULL)
		return IVM_ST_FAILED;
	for (size_t i = 0; i < g->nmembers; i++) {
		if (strcasecmp(g->members[i], p.sid) != 0)
			continue;
		free(g->members[i]);
		memmove(g->members + i, g->members + i + 1, (g->nmembers - i - 1) * sizeof(*g->members));
		g->nmembers--;
		return IVM_ST_REMOVED;
	}
	lab_fail(err, h, IVM_LAB_E_MEMBER_NOT_IN_ALIAS, what, "nothing to do: it is not a member",
	    "%s is not a member of %s (The specified account name is not a member of the group)",
	    p.name, g->full_name);
	return IVM_ST_FAILED;
}
