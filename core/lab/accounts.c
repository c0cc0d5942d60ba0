/* core/lab/accounts.c: lab accounts: finding them by the names Windows accepts, logging on, and changing them. */
#include "config.h"

#include "core/lab/model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/lab/model_int.h"
#include "core/xalloc.h"

/* Checked against when the user is unknown, so that an unknown user costs
 * the same time as a wrong password: Windows does not say which it was. */
#define DUMMY_HASH "$6$abcdefghijklmnop$Kx0rvJjm3LXQUycQ.DtT.H9/4hoZJxGp77.hWH." \
	"Tp83g2aZYWjmFUP/2jkA4tWYQWQvC7zYBdsqX5O.hiB1d1."

static struct ivm_lab_account *
account_by_sam(const struct lab_vec *vec, const char *sam)
{
	if (*sam == '\0')
		return NULL;
	for (size_t i = 0; i < vec->n; i++) {
		struct ivm_lab_account *a = vec->v[i];
		if (strcasecmp(a->sam, sam) == 0)
			return a;
	}
	return NULL;
}

static bool
is_domain_prefix(const struct ivm_lab *lab, const char *p, size_t n)
{
	return (strlen(lab->netbios) == n && strncasecmp(lab->netbios, p, n) == 0) ||
	    (strlen(lab->dns) == n && strncasecmp(lab->dns, p, n) == 0);
}

struct ivm_lab_account *
lab_domain_account(const struct ivm_lab *lab, const char *user)
{
	const char *bs = strchr(user, '\\');
	const char *at = strrchr(user, '@');

	if (bs != NULL && is_domain_prefix(lab, user, (size_t)(bs - user)))
		return account_by_sam(&lab->accounts, bs + 1);
	if (bs == NULL && at != NULL && strcasecmp(at + 1, lab->dns) == 0) {
		char *sam = ivm_xstrndup(user, (size_t)(at - user));
		struct ivm_lab_account *a = account_by_sam(&lab->accounts, sam);
		free(sam);
		return a;
	}
	return NULL;
}

struct ivm_lab_account *
lab_find_account(const struct ivm_lab *lab, const struct ivm_lab_host *h, const char *user)
{
	if (user == NULL)
		return NULL;
	const char *bs = strchr(user, '\\');
	if (bs != NULL && h != NULL) {
		size_t n = (size_t)(bs - user);
		if ((n == 1 && user[0] == '.') ||
		    (strlen(h->netbios) == n && strncasecmp(h->netbios, user, n) == 0))
			return account_by_sam(&h->accounts, bs + 1);
	}
	if (bs != NULL || strchr(user, '@') != NULL)
		return lab_domain_account(lab, user);
	/* A bare name is a local account, as Basic auth takes it. */
	return h != NULL ? account_by_sam(&h->accounts, user) : NULL;
}

const struct ivm_lab_account *
ivm_lab_account_find(const struct ivm_lab *lab, const struct ivm_lab_host *h, const char *user)
{
	return lab_find_account(lab, h, user);
}

enum ivm_lab_auth
ivm_lab_authenticate(struct ivm_lab *lab, const struct ivm_lab_host *h, const char *user,
    const char *password, const struct ivm_lab_account **who)
{
	const struct ivm_lab_account *a = lab_find_account(lab, h, user);

	if (who != NULL)
		*who = NULL;
	if (a == NULL) {
		(void)lab_password_matches(DUMMY_HASH, password);
		return IVM_LAB_AUTH_BAD;
	}
	/* The password is checked first: a disabled account with a wrong
	 * password is a plain logon failure, as on Windows. */
	if (!lab_password_matches(a->hash, password))
		return IVM_LAB_AUTH_BAD;
	if (who != NULL)
		*who = a;
	return a->enabled ? IVM_LAB_AUTH_OK : IVM_LAB_AUTH_DISABLED;
}

const char *
ivm_lab_account_name(const struct ivm_lab_account *a)
{
	return a->name;
}

const char *
ivm_lab_account_sam(const struct ivm_lab_account *a)
{
	return a->sam;
}

const char *
ivm_lab_account_sid(const struct ivm_lab_account *a)
{
	return a->sid;
}

const char *
ivm_lab_account_description(const struct ivm_lab_account *a)
{
	return a->description;
}

bool
ivm_lab_account_enabled(const struct ivm_lab_account *a)
{
	return a->enabled;
}

bool
ivm_lab_account_pw_never_expires(const struct ivm_lab_account *a)
{
	return a->pw_never_expires;
}

const struct ivm_lab_host *
ivm_lab_account_host(const struct ivm_lab_account *a)
{
	return a->host;
}

static struct ivm_lab_account *
account_for_change(struct ivm_lab *lab, const struct ivm_lab_host *h, const char *user, struct ivm_err *err)
{
	struct ivm_lab_account *a = lab_find_account(lab, h, user);
	if (a == NULL)
		lab_fail(err, h, IVM_LAB_E_NO_SUCH_USER, "cannot change a lab account",
		    "use one of the accounts `ipamvmm lab show` lists",
		    "there is no account %s in the lab", user ? user : "(none)");
	return a;
}

int
ivm_lab_account_set_enabled(struct ivm_lab *lab, const struct ivm_lab_host *h, const char *user,
    bool enabled, struct ivm_err *err)
{
	struct ivm_lab_account *a = account_for_change(lab, h, user, err);
	if (a == NULL)
		return -1;
	a->enabled = enabled;
	return 0;
}

int
ivm_lab_account_set_password(struct ivm_lab *lab, const struct ivm_lab_host *h, const char *user,
    const char *password, struct ivm_err *err)
{
	struct ivm_lab_account *a = account_for_change(lab, h, user, err);
	if (a == NULL)
		return -1;
	free(a->hash);
	a->hash = lab_hash_password(password ? password : "");
	return 0;
}

enum ivm_status
ivm_lab_domain_account_add(struct ivm_lab *lab, const char *sam, const char *password,
    const char *description, struct ivm_err *err)
{
	if (account_by_sam(&lab->accounts, sam ? sam : "") != NULL) {
		lab_present(err, NULL, IVM_LAB_E_USER_EXISTS, "the account already exists");
		return IVM_ST_PRESENT;
	}
	if (sam == NULL || !lab_text_ok(sam, 20) || *sam == '\0' || strpbrk(sam, "\"/\\[]:;|=,+*?<>@") ||
	    lab_name_taken(lab, NULL, sam) || (description && !lab_text_ok(description, LAB_MAX_TEXT))) {
		lab_fail(err, NULL, IVM_LAB_E_INVALID_ACCOUNT_NAME, "cannot add a domain account to the lab",
		    "choose a name of 1 to 20 characters without \" / \\ [ ] : ; | = , + * ? < > @",
		    "\"%s\" is not a name Active Directory accepts for a new user", sam ? sam : "");
		return IVM_ST_FAILED;
	}
	char *hash = lab_hash_password(password ? password : "");
	struct ivm_lab_account *a = lab_account_add(lab, NULL, sam, lab->next_rid, hash, description, true, false);
	free(hash);
	for (size_t i = 0; i < lab->groups.n; i++) {
		struct ivm_lab_group *g = lab->groups.v[i];
		if (g->rid == 513)	/* Domain Users: everyone's primary group */
			lab_group_add_member(g, a->sid);
	}
	return IVM_ST_CREATED;
}
