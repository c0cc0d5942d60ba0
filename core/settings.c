/* core/settings.c: what the user chose for the IPAM <-> VMM integration, and its validation with the Windows rules. */
#include "config.h"

#include "core/settings.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ivm.h"
#include "core/xalloc.h"

/*
 * Limits. Windows counts characters in UTF-16 code units, so a character
 * outside the Basic Multilingual Plane counts twice here as it does there.
 */
#define GROUP_NAME_MAX 256	/* windows-ops.md §2.4 */
#define GROUP_DESC_MAX 256	/* windows-ops.md §2.1: net localgroup /comment, Vista and later */
#define NETBIOS_MAX 15
#define SAM_MAX 20		/* sAMAccountName, the pre-Windows 2000 logon name */
#define UPN_MAX 1024
#define FQDN_MAX 253
#define LABEL_MAX 63
#define VMM_NAME_MAX 256
#define VMM_DESC_MAX 2048	/* ipamvmm's own bound: VMM documents none */
#define SCOPE_MAX 1024
#define PATH_MAX_LEN 4096
#define URL_MAX 2048
#define ENV_NAME_MAX 255

#define GROUP_FORBIDDEN "\"/\\[]:;|=,+*?<>@"
#define GROUP_FORBIDDEN_SHOWN "\" / \\ [ ] : ; | = , + * ? < > @"
#define ACCOUNT_FORBIDDEN "\"/\\[]:;|=,+*?<>"
#define ACCOUNT_FORBIDDEN_SHOWN "\" / \\ [ ] : ; | = , + * ? < >"

const char *const ivm_ipam_roles[] = {
	"DNS Record Administrator Role",
	"IP Address Record Administrator Role",
	"IPAM Administrator Role",
	"IPAM ASM Administrator Role",
	"IPAM DHCP Administrator Role",
	"IPAM DHCP Reservations Administrator Role",
	"IPAM DHCP Scope Administrator Role",
	"IPAM MSM Administrator Role",
};
const size_t ivm_ipam_nroles = IVM_COUNT(ivm_ipam_roles);

static int IVM_PRINTF(3, 4)
fail(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- text scanning --------------------------------------------------------- */

/* One code point from s (strict UTF-8: no overlong forms, surrogates or values
 * past U+10FFFF); its length, or 0 when the bytes are not UTF-8. */
static size_t
utf8_next(const unsigned char *s, unsigned long *cp)
{
	static const struct {
		unsigned char mask, lead;
		unsigned long min;
	} forms[] = {
		{ 0x80, 0x00, 0 }, { 0xe0, 0xc0, 0x80 }, { 0xf0, 0xe0, 0x800 }, { 0xf8, 0xf0, 0x10000 },
	};
	for (size_t n = 0; n < IVM_COUNT(forms); n++) {
		if ((s[0] & forms[n].mask) != forms[n].lead)
			continue;
		unsigned long c = s[0] & (unsigned char)~forms[n].mask;
		for (size_t i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (s[i] & 0x3f);
		}
		if (c < forms[n].min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		*cp = c;
		return n + 1;
	}
	return 0;
}

/* Characters an XML 1.0 document cannot carry count as control characters too:
 * a value that cannot be written to the answer file is refused up front. */
static bool
is_control(unsigned long c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xfffe || c == 0xffff;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* How a character is named in a message: 'x' for a printable one, U+XXXX otherwise. */
static void
show_char(unsigned long c, char *dst, size_t size)
{
	if (c >= 0x20 && c < 0x7f)
		snprintf(dst, size, "'%c'", (char)c);
	else
		snprintf(dst, size, "U+%04lX", c);
}

/*
 * What every text rule shares: UTF-8, no control characters (line breaks and
 * tabs only where lines may be), at most max characters, not empty. Leading
 * and trailing white space is refused by check_ends, after the rules that
 * name a more specific problem.
 */
static int
check_text(const char *v, size_t max, bool lines, char *msg, size_t size)
{
	if (v[0] == '\0')
		return fail(msg, size, "must not be empty");
	size_t units = 0;
	for (const unsigned char *p = (const unsigned char *)v; *p;) {
		unsigned long c;
		size_t n = utf8_next(p, &c);
		if (n == 0)
			return fail(msg, size, "is not valid UTF-8 text");
		if (is_control(c) && !(lines && (c == '\n' || c == '\t'))) {
			char shown[16];
			show_char(c, shown, sizeof(shown));
			return fail(msg, size, "must not contain control characters%s (found %s)",
			            lines ? " other than line breaks and tabs" : "", shown);
		}
		units += c >= 0x10000 ? 2 : 1;
		p += n;
	}
	if (units > max)
		return fail(msg, size, "must be at most %zu characters (it has %zu)", max, units);
	return 0;
}

static int
check_ends(const char *v, char *msg, size_t size)
{
	size_t n = strlen(v);
	if (n > 0 && (is_space(v[0]) || is_space(v[n - 1])))
		return fail(msg, size, "must not begin or end with white space");
	return 0;
}

static int
check_forbidden(const char *v, size_t n, const char *set, const char *shown, const char *part,
                char *msg, size_t size)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] != '\0' && strchr(set, v[i]) != NULL)
			return fail(msg, size, "%smust not contain any of %s (found '%c')", part, shown, v[i]);
	return 0;
}

static size_t
utf16_units(const char *v, size_t n)
{
	size_t units = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if ((c & 0xc0) != 0x80)
			units += c >= 0xf0 ? 2 : 1;
	}
	return units;
}

/* ---- the rules ------------------------------------------------------------- */

int
ivm_check_group_name(const char *v, char *msg, size_t size)
{
	if (check_text(v, GROUP_NAME_MAX, false, msg, size) < 0 ||
	    check_forbidden(v, strlen(v), GROUP_FORBIDDEN, GROUP_FORBIDDEN_SHOWN, "", msg, size) < 0)
		return -1;
	if (strspn(v, ". ") == strlen(v))
		return fail(msg, size, "must not consist only of periods and spaces");
	if (v[strlen(v) - 1] == '.')
		return fail(msg, size, "must not end with a period");
	return check_ends(v, msg, size);
}

int
ivm_check_group_description(const char *v, char *msg, size_t size)
{
	if (check_text(v, GROUP_DESC_MAX, true, msg, size) < 0)
		return -1;
	return check_ends(v, msg, size);
}

static int check_fqdn_span(const char *v, size_t n, bool need_dot, const char *part,
                           char *msg, size_t size);

/* DOMAIN\user: a NetBIOS domain and a sAMAccountName. */
static int
check_down_level(const char *v, const char *bs, char *msg, size_t size)
{
	size_t dn = (size_t)(bs - v);
	const char *user = bs + 1;
	if (dn == 0)
		return fail(msg, size, "needs a domain before the backslash (DOMAIN\\user)");
	if (*user == '\0')
		return fail(msg, size, "needs a user name after the backslash (DOMAIN\\user)");
	if (check_forbidden(v, dn, ACCOUNT_FORBIDDEN "@", ACCOUNT_FORBIDDEN_SHOWN " @", "the domain ",
	                    msg, size) < 0 ||
	    check_forbidden(user, strlen(user), ACCOUNT_FORBIDDEN "@", ACCOUNT_FORBIDDEN_SHOWN " @",
	                    "the user name ", msg, size) < 0)
		return -1;
	if (utf16_units(v, dn) > NETBIOS_MAX)
		return fail(msg, size, "the domain must be a NetBIOS name of at most %d characters "
		            "(it has %zu); write user@dns.domain for a longer one", NETBIOS_MAX,
		            utf16_units(v, dn));
	if (utf16_units(user, strlen(user)) > SAM_MAX)
		return fail(msg, size, "the user name must be at most %d characters, the limit of "
		            "a pre-Windows 2000 logon name (it has %zu)", SAM_MAX,
		            utf16_units(user, strlen(user)));
	if (strspn(user, ". ") == strlen(user))
		return fail(msg, size, "the user name must not consist only of periods and spaces");
	return 0;
}

/* user@dns.domain: a user principal name. */
static int
check_upn(const char *v, const char *at, char *msg, size_t size)
{
	if (at == v)
		return fail(msg, size, "needs a user name before the @ (user@dns.domain)");
	if (check_forbidden(v, (size_t)(at - v), ACCOUNT_FORBIDDEN, ACCOUNT_FORBIDDEN_SHOWN,
	                    "the user name ", msg, size) < 0)
		return -1;
	return check_fqdn_span(at + 1, strlen(at + 1), true, "the domain after @ ", msg, size);
}

static int
check_account_form(const char *v, bool bare_ok, char *msg, size_t size)
{
	if (check_text(v, UPN_MAX, false, msg, size) < 0)
		return -1;
	const char *bs = strchr(v, '\\');
	const char *at = strrchr(v, '@');
	int rc;
	if (bs != NULL)
		rc = check_down_level(v, bs, msg, size);
	else if (at != NULL)
		rc = check_upn(v, at, msg, size);
	else if (!bare_ok)
		return fail(msg, size, "must be DOMAIN\\user or user@dns.domain");
	else if (check_forbidden(v, strlen(v), ACCOUNT_FORBIDDEN, ACCOUNT_FORBIDDEN_SHOWN, "", msg, size) < 0)
		return -1;
	else if (utf16_units(v, strlen(v)) > SAM_MAX)
		return fail(msg, size, "a local account name must be at most %d characters (it has %zu)",
		            SAM_MAX, utf16_units(v, strlen(v)));
	else
		rc = 0;
	return rc < 0 ? -1 : check_ends(v, msg, size);
}

int
ivm_check_account(const char *v, char *msg, size_t size)
{
	return check_account_form(v, false, msg, size);
}

int
ivm_check_admin_account(const char *v, char *msg, size_t size)
{
	return check_account_form(v, true, msg, size);
}

static bool
is_ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* Host-name syntax on v[0..n): labels of letters, digits and hyphens. */
static int
check_fqdn_span(const char *v, size_t n, bool need_dot, const char *part, char *msg, size_t size)
{
	if (n == 0)
		return fail(msg, size, "%smust not be empty", part);
	if (n > FQDN_MAX)
		return fail(msg, size, "%smust be at most %d characters (it has %zu)", part, FQDN_MAX, n);
	if (v[n - 1] == '.')
		return fail(msg, size, "%smust not end with a dot", part);
	if (need_dot && memchr(v, '.', n) == NULL)
		return fail(msg, size, "%smust be a fully qualified name, with a dot (server.domain.example)", part);
	size_t start = 0, label = 1;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && v[i] != '.') {
			if (!is_ldh(v[i])) {
				char shown[16];
				show_char((unsigned char)v[i], shown, sizeof(shown));
				return fail(msg, size, "%smay hold only letters, digits, hyphens and dots (found %s)",
				            part, (unsigned char)v[i] >= 0x80 ? "a non-ASCII character" : shown);
			}
			continue;
		}
		size_t len = i - start;
		if (len == 0)
			return fail(msg, size, "%smust not have an empty label (a dot at the start, or two in a row)", part);
		if (len > LABEL_MAX)
			return fail(msg, size, "%seach label must be at most %d characters (label %zu has %zu)",
			            part, LABEL_MAX, label, len);
		if (v[start] == '-' || v[i - 1] == '-')
			return fail(msg, size, "%smust not have a label that begins or ends with a hyphen (label %zu)",
			            part, label);
		start = i + 1;
		label++;
	}
	return 0;
}

int
ivm_check_fqdn(const char *v, char *msg, size_t size)
{
	return check_fqdn_span(v, strlen(v), true, "", msg, size);
}

/* 1..65535, decimal digits only. */
static int
check_port(const char *p, size_t n, char *msg, size_t size)
{
	unsigned long port = 0;
	bool digits = n > 0 && n <= 5;
	for (size_t i = 0; digits && i < n; i++) {
		digits = p[i] >= '0' && p[i] <= '9';
		port = port * 10 + (unsigned long)(p[i] - '0');
	}
	if (!digits || port == 0 || port > 65535)
		return fail(msg, size, "the port after ':' must be a number from 1 to 65535 (found '%.*s')",
		            (int)(n > 8 ? 8 : n), p);
	return 0;
}

int
ivm_check_fqdn_port(const char *v, char *msg, size_t size)
{
	const char *colon = strchr(v, ':');
	size_t hn = colon ? (size_t)(colon - v) : strlen(v);
	if (check_fqdn_span(v, hn, true, "", msg, size) < 0)
		return -1;
	return colon ? check_port(colon + 1, strlen(colon + 1), msg, size) : 0;
}

/* http(s)://host[:port]/path, host a name, an IPv4 address or [IPv6]. */
int
ivm_check_url(const char *v, char *msg, size_t size)
{
	if (check_text(v, URL_MAX, false, msg, size) < 0)
		return -1;
	const char *h;
	if (strncasecmp(v, "https://", 8) == 0)
		h = v + 8;
	else if (strncasecmp(v, "http://", 7) == 0)
		h = v + 7;
	else
		return fail(msg, size, "must start with https:// (or http://), as in https://server.domain.example:5986/wsman");
	const char *end;
	if (*h == '[') {
		end = h + 1 + strspn(h + 1, "0123456789abcdefABCDEF:.");
		if (*end != ']' || end == h + 1)
			return fail(msg, size, "has an IPv6 address that is not [hex digits and colons]");
		end++;
	} else {
		end = h + strcspn(h, ":/");
		if (check_fqdn_span(h, (size_t)(end - h), false, "the host ", msg, size) < 0)
			return -1;
	}
	if (*end == ':') {
		size_t pn = strcspn(end + 1, "/");
		if (check_port(end + 1, pn, msg, size) < 0)
			return -1;
		end += 1 + pn;
	}
	if (*end != '/')
		return fail(msg, size, "must have a path after the host, such as /wsman");
	for (const char *p = end; *p; p++)
		if (*p == ' ' || (unsigned char)*p >= 0x80)
			return fail(msg, size, "must not have spaces or non-ASCII characters in its path "
			            "(percent-encode them)");
	return 0;
}

int
ivm_check_vmm_name(const char *v, char *msg, size_t size)
{
	if (check_text(v, VMM_NAME_MAX, false, msg, size) < 0)
		return -1;
	return check_ends(v, msg, size);
}

int
ivm_check_vmm_description(const char *v, char *msg, size_t size)
{
	if (check_text(v, VMM_DESC_MAX, true, msg, size) < 0)
		return -1;
	return check_ends(v, msg, size);
}

int
ivm_check_role(const char *v, char *msg, size_t size)
{
	for (size_t i = 0; i < IVM_COUNT(ivm_ipam_roles); i++)
		if (strcmp(v, ivm_ipam_roles[i]) == 0)
			return 0;
	for (size_t i = 0; i < IVM_COUNT(ivm_ipam_roles); i++)
		if (strcasecmp(v, ivm_ipam_roles[i]) == 0)
			return fail(msg, size, "must be written as the console writes it: %s", ivm_ipam_roles[i]);
	return fail(msg, size, "is not one of the eight built-in IPAM roles (VMM needs "
	            "IPAM ASM Administrator Role)");
}

int
ivm_check_scope(const char *v, char *msg, size_t size)
{
	if (check_text(v, SCOPE_MAX, false, msg, size) < 0)
		return -1;
	if (v[0] == '\\')
		return fail(msg, size, "must be written without the leading backslash (Global\\Europe)");
	if (strncasecmp(v, "Global", 6) != 0 || (v[6] != '\0' && v[6] != '\\'))
		return fail(msg, size, "must be Global or a scope under it (Global\\Europe)");
	for (const char *p = v + 6; *p; p++)
		if (*p == '\\' && (p[1] == '\\' || p[1] == '\0'))
			return fail(msg, size, "must not have an empty part (two backslashes in a row, or one at the end)");
	return check_ends(v, msg, size);
}

int
ivm_check_path(const char *v, char *msg, size_t size)
{
	if (check_text(v, PATH_MAX_LEN, false, msg, size) < 0)
		return -1;
	return check_ends(v, msg, size);
}

int
ivm_check_env_name(const char *v, char *msg, size_t size)
{
	if (v[0] == '\0')
		return fail(msg, size, "needs the name of an environment variable");
	size_t n = strlen(v);
	if (n > ENV_NAME_MAX)
		return fail(msg, size, "names a variable longer than %d characters", ENV_NAME_MAX);
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		bool ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (i > 0 && c >= '0' && c <= '9');
		if (!ok) {
			char shown[16];
			show_char((unsigned char)c, shown, sizeof(shown));
			return fail(msg, size, "must name an environment variable: letters, digits and '_', "
			            "not starting with a digit (found %s)", shown);
		}
	}
	return 0;
}

/* ---- derived values -------------------------------------------------------- */

bool
ivm_settings_is_lab(const struct ivm_settings *s)
{
	return s->lab_requested || (s->target[IVM_SIDE_IPAM].host == NULL && s->target[IVM_SIDE_VMM].host == NULL);
}

const char *
ivm_side_name(enum ivm_side side)
{
	return side == IVM_SIDE_IPAM ? "ipam" : "vmm";
}

const char *
ivm_settings_host(const struct ivm_settings *s, enum ivm_side side)
{
	if (s->target[side].host != NULL)
		return s->target[side].host;
	if (!ivm_settings_is_lab(s))
		return NULL;
	return side == IVM_SIDE_IPAM ? IVM_SETTINGS_LAB_IPAM : IVM_SETTINGS_LAB_VMM;
}

const char *
ivm_settings_endpoint(const struct ivm_settings *s, enum ivm_side side, struct ivm_buf *scratch)
{
	if (s->target[side].endpoint != NULL)
		return s->target[side].endpoint;
	const char *host = ivm_settings_host(s, side);
	if (host == NULL)
		return NULL;
	ivm_buf_clear(scratch);
	ivm_buf_addf(scratch, "https://%s:5986/wsman", host);
	return ivm_buf_str(scratch);
}

const char *
ivm_settings_runas_user(const struct ivm_settings *s)
{
	return s->runas_user != NULL ? s->runas_user : s->account;
}

const char *
ivm_settings_connection_string(const struct ivm_settings *s)
{
	return s->connection_string != NULL ? s->connection_string : ivm_settings_host(s, IVM_SIDE_IPAM);
}

static const char *
derive_endpoint(const struct ivm_settings *s, enum ivm_side side, struct ivm_buf *scratch)
{
	return ivm_settings_endpoint(s, side, scratch);
}

static const char *
derive_runas_user(const struct ivm_settings *s, enum ivm_side side, struct ivm_buf *scratch)
{
	return ivm_settings_runas_user(s);
}

static const char *
derive_connection_string(const struct ivm_settings *s, enum ivm_side side, struct ivm_buf *scratch)
{
	return ivm_settings_connection_string(s);
}

/* ---- value types ------------------------------------------------------------ */

/* What each kind of field does with its slot in struct ivm_settings. */
struct ftype {
	int (*parse)(const struct ivm_setting_field *f, void *slot, const char *v, char *msg, size_t size);
	bool (*format)(const void *slot, struct ivm_buf *out);
	int (*check)(const struct ivm_setting_field *f, const void *slot, char *msg, size_t size);
	bool (*equal)(const void *a, const void *b);
	void (*copy)(void *dst, const void *src);
	void (*release)(void *slot);
};

struct name_value {
	const char *name;
	int value;
};

static const struct name_value bools[] = {
	{ "yes", 1 }, { "no", 0 }, { "true", 1 }, { "false", 0 },
};
static const struct name_value modes[] = {
	{ "new", IVM_RUNAS_NEW }, { "existing", IVM_RUNAS_EXISTING },
};
static const struct name_value auths[] = {
	{ "negotiate", IVM_AUTH_NEGOTIATE }, { "ntlm", IVM_AUTH_NTLM },
	{ "kerberos", IVM_AUTH_KERBEROS }, { "basic", IVM_AUTH_BASIC },
};

static int
lookup(const struct name_value *t, size_t n, const char *v, int *out)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, v) == 0) {
			*out = t[i].value;
			return 0;
		}
	return -1;
}

static const char *
name_of(const struct name_value *t, size_t n, int value)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == value)
			return t[i].name;
	return "?";
}

/* text: char * */
static int
text_parse(const struct ivm_setting_field *f, void *slot, const char *v, char *msg, size_t size)
{
	char **p = slot;
	if (v[0] == '\0' && f->optional) {
		free(*p);
		*p = NULL;
		return 0;
	}
	if (f->check(v, msg, size) < 0)
		return -1;
	free(*p);
	*p = ivm_xstrdup(v);
	return 0;
}

static bool
text_format(const void *slot, struct ivm_buf *out)
{
	const char *const *p = slot;
	if (*p == NULL)
		return false;
	ivm_buf_adds(out, *p);
	return true;
}

static int
text_check(const struct ivm_setting_field *f, const void *slot, char *msg, size_t size)
{
	const char *const *p = slot;
	if (*p == NULL)
		return f->optional ? 0 : fail(msg, size, "is required");
	return f->check(*p, msg, size);
}

static bool
text_equal(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	return (*x == NULL && *y == NULL) || (*x != NULL && *y != NULL && strcmp(*x, *y) == 0);
}

static void
text_copy(void *dst, const void *src)
{
	const char *const *s = src;
	*(char **)dst = *s ? ivm_xstrdup(*s) : NULL;
}

static void
text_release(void *slot)
{
	char **p = slot;
	free(*p);
	*p = NULL;
}

/* bool */
static int
bool_parse(const struct ivm_setting_field *f, void *slot, const char *v, char *msg, size_t size)
{
	int b;
	if (lookup(bools, IVM_COUNT(bools), v, &b) < 0)
		return fail(msg, size, "must be yes or no");
	*(bool *)slot = b;
	return 0;
}

static bool
bool_format(const void *slot, struct ivm_buf *out)
{
	ivm_buf_adds(out, *(const bool *)slot ? "yes" : "no");
	return true;
}

static bool
bool_equal(const void *a, const void *b)
{
	return *(const bool *)a == *(const bool *)b;
}

static void
bool_copy(void *dst, const void *src)
{
	*(bool *)dst = *(const bool *)src;
}

/* enums, stored as their C enum (int-sized) */
static int
auth_parse(const struct ivm_setting_field *f, void *slot, const char *v, char *msg, size_t size)
{
	int a;
	if (lookup(auths, IVM_COUNT(auths), v, &a) < 0)
		return fail(msg, size, "must be negotiate, ntlm, kerberos or basic (lower case)");
	*(enum ivm_auth *)slot = (enum ivm_auth)a;
	return 0;
}

static bool
auth_format(const void *slot, struct ivm_buf *out)
{
	ivm_buf_adds(out, name_of(auths, IVM_COUNT(auths), (int)*(const enum ivm_auth *)slot));
	return true;
}

static bool
auth_equal(const void *a, const void *b)
{
	return *(const enum ivm_auth *)a == *(const enum ivm_auth *)b;
}

static void
auth_copy(void *dst, const void *src)
{
	*(enum ivm_auth *)dst = *(const enum ivm_auth *)src;
}

static int
mode_parse(const struct ivm_setting_field *f, void *slot, const char *v, char *msg, size_t size)
{
	int m;
	if (lookup(modes, IVM_COUNT(modes), v, &m) < 0)
		return fail(msg, size, "must be new or existing");
	*(enum ivm_runas_mode *)slot = (enum ivm_runas_mode)m;
	return 0;
}

static bool
mode_format(const void *slot, struct ivm_buf *out)
{
	ivm_buf_adds(out, name_of(modes, IVM_COUNT(modes), (int)*(const enum ivm_runas_mode *)slot));
	return true;
}

static bool
mode_equal(const void *a, const void *b)
{
	return *(const enum ivm_runas_mode *)a == *(const enum ivm_runas_mode *)b;
}

static void
mode_copy(void *dst, const void *src)
{
	*(enum ivm_runas_mode *)dst = *(const enum ivm_runas_mode *)src;
}

/* secret sources: "prompt", "env:NAME", "file:PATH" */
static const struct secret_form {
	const char *prefix;
	enum ivm_secret_source src;
	ivm_check_fn check;
} secret_forms[] = {
	{ "env:", IVM_SECRET_ENV, ivm_check_env_name },
	{ "file:", IVM_SECRET_FILE, ivm_check_path },
};

static int
secret_arg_check(const struct ivm_pwsource *ps, char *msg, size_t size)
{
	if (ps->src == IVM_SECRET_PROMPT)
		return ps->arg == NULL ? 0 : fail(msg, size, "a prompt takes no argument");
	for (size_t i = 0; i < IVM_COUNT(secret_forms); i++)
		if (secret_forms[i].src == ps->src)
			return secret_forms[i].check(ps->arg ? ps->arg : "", msg, size);
	return fail(msg, size, "must be prompt, env:NAME or file:PATH");
}

static int
secret_parse(const struct ivm_setting_field *f, void *slot, const char *v, char *msg, size_t size)
{
	struct ivm_pwsource *ps = slot, next = { IVM_SECRET_PROMPT, NULL };
	if (strcmp(v, "prompt") != 0) {
		size_t i;
		for (i = 0; i < IVM_COUNT(secret_forms); i++)
			if (strncmp(v, secret_forms[i].prefix, strlen(secret_forms[i].prefix)) == 0)
				break;
		if (i == IVM_COUNT(secret_forms))
			return fail(msg, size, "must be prompt, env:NAME or file:PATH (never the password itself)");
		next.src = secret_forms[i].src;
		next.arg = (char *)(v + strlen(secret_forms[i].prefix));
		if (secret_arg_check(&next, msg, size) < 0)
			return -1;
		next.arg = ivm_xstrdup(next.arg);
	}
	free(ps->arg);
	*ps = next;
	return 0;
}

static bool
secret_format(const void *slot, struct ivm_buf *out)
{
	const struct ivm_pwsource *ps = slot;
	for (size_t i = 0; i < IVM_COUNT(secret_forms); i++)
		if (secret_forms[i].src == ps->src) {
			ivm_buf_addf(out, "%s%s", secret_forms[i].prefix, ps->arg ? ps->arg : "");
			return true;
		}
	ivm_buf_adds(out, "prompt");
	return true;
}

static int
secret_check(const struct ivm_setting_field *f, const void *slot, char *msg, size_t size)
{
	return secret_arg_check(slot, msg, size);
}

static bool
secret_equal(const void *a, const void *b)
{
	const struct ivm_pwsource *x = a, *y = b;
	return x->src == y->src && text_equal(&x->arg, &y->arg);
}

static void
secret_copy(void *dst, const void *src)
{
	const struct ivm_pwsource *s = src;
	struct ivm_pwsource *d = dst;
	d->src = s->src;
	text_copy(&d->arg, &s->arg);
}

static void
secret_release(void *slot)
{
	struct ivm_pwsource *ps = slot;
	text_release(&ps->arg);
	ps->src = IVM_SECRET_PROMPT;
}

/* lists: struct ivm_strlist, one item a line in text form */
static void
list_release(void *slot)
{
	struct ivm_strlist *l = slot;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
list_push(struct ivm_strlist *l, const char *item, size_t n)
{
	l->v = ivm_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = ivm_xstrndup(item, n);
}

static int
list_parse(const struct ivm_setting_field *f, void *slot, const char *v, char *msg, size_t size)
{
	struct ivm_strlist next = { NULL, 0 };
	for (const char *p = v; *p != '\0';) {
		size_t n = strcspn(p, "\n");
		char *item = ivm_xstrndup(p, n);
		int rc = f->check(item, msg, size);
		free(item);
		if (rc < 0) {
			list_release(&next);
			return -1;
		}
		list_push(&next, p, n);
		p += n + (p[n] == '\n');
	}
	list_release(slot);
	*(struct ivm_strlist *)slot = next;
	return 0;
}

static bool
list_format(const void *slot, struct ivm_buf *out)
{
	const struct ivm_strlist *l = slot;
	for (size_t i = 0; i < l->n; i++)
		ivm_buf_addf(out, "%s%s", i ? "\n" : "", l->v[i]);
	return true;
}

static int
list_check(const struct ivm_setting_field *f, const void *slot, char *msg, size_t size)
{
	const struct ivm_strlist *l = slot;
	if (l->n == 0)
		return fail(msg, size, "must name at least one host group (All Hosts is the root of them all)");
	for (size_t i = 0; i < l->n; i++) {
		if (f->check(l->v[i], msg, size) < 0)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(l->v[i], l->v[j]) == 0)
				return fail(msg, size, "names the same host group twice (item %zu and %zu)", j + 1, i + 1);
	}
	return 0;
}

static bool
list_equal(const void *a, const void *b)
{
	const struct ivm_strlist *x = a, *y = b;
	if (x->n != y->n)
		return false;
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->v[i], y->v[i]) != 0)
			return false;
	return true;
}

static void
list_copy(void *dst, const void *src)
{
	const struct ivm_strlist *s = src;
	struct ivm_strlist *d = dst;
	d->v = NULL;
	d->n = 0;
	for (size_t i = 0; i < s->n; i++)
		list_push(d, s->v[i], strlen(s->v[i]));
}

static int
plain_check(const struct ivm_setting_field *f, const void *slot, char *msg, size_t size)
{
	return 0;
}

static void
plain_release(void *slot)
{
}

static const struct ftype ftypes[] = {
	[IVM_FT_TEXT] = { text_parse, text_format, text_check, text_equal, text_copy, text_release },
	[IVM_FT_BOOL] = { bool_parse, bool_format, plain_check, bool_equal, bool_copy, plain_release },
	[IVM_FT_AUTH] = { auth_parse, auth_format, plain_check, auth_equal, auth_copy, plain_release },
	[IVM_FT_RUNAS_MODE] = { mode_parse, mode_format, plain_check, mode_equal, mode_copy, plain_release },
	[IVM_FT_SECRET] = { secret_parse, secret_format, secret_check, secret_equal, secret_copy, secret_release },
	[IVM_FT_LIST] = { list_parse, list_format, list_check, list_equal, list_copy, list_release },
};

/* ---- the table ------------------------------------------------------------- */

#define AT(member) offsetof(struct ivm_settings, member)

#define RULE_GROUP "A local group name has at most 256 characters, none of " GROUP_FORBIDDEN_SHOWN \
	", is not only periods and spaces and does not end with a period (Local Users and Groups; " \
	"New-LocalGroup)."
#define RULE_ACCOUNT "DOMAIN\\user, with DOMAIN a NetBIOS name of at most 15 characters and user a " \
	"logon name of at most 20, or user@dns.domain; none of " ACCOUNT_FORBIDDEN_SHOWN " in either."
#define RULE_ADMIN RULE_ACCOUNT " A local account of the server may also be given by its name alone."
#define RULE_FQDN "A fully qualified domain name: labels of 1 to 63 letters, digits and hyphens, " \
	"not starting or ending with a hyphen, joined by dots, 253 characters at most."
#define RULE_URL "http(s)://host[:port]/path, the port from 1 to 65535."
#define RULE_VMM_NAME "Not empty, at most 256 characters, no control characters."
#define RULE_VMM_DESC "At most 2048 characters; line breaks and tabs are the only control characters allowed."
#define RULE_SECRET "Where the password is read at run time: prompt (asked without echo), env:NAME " \
	"(an environment variable) or file:PATH (a file only its owner can read). The password " \
	"itself is never stored."
#define RULE_BOOL "yes or no."
#define RULE_PATH "A file name: not empty, no control characters."

#define TARGET_FIELDS(sd, key, Label) \
	{ .name = "targets/" key "/host", .label = Label " server", .side = sd, \
	  .help = "Fully qualified domain name of the " Label " server; leave both servers empty to use the lab.", \
	  .rule = RULE_FQDN, .type = IVM_FT_TEXT, .check = ivm_check_fqdn, \
	  .offset = AT(target[sd].host), .optional = true }, \
	{ .name = "targets/" key "/endpoint", .label = Label " WinRM endpoint", .side = sd, \
	  .help = "The WinRM URL; by default https://HOST:5986/wsman.", .derive = derive_endpoint, \
	  .rule = RULE_URL, .type = IVM_FT_TEXT, .check = ivm_check_url, \
	  .offset = AT(target[sd].endpoint), .optional = true }, \
	{ .name = "targets/" key "/auth", .label = Label " authentication", .side = sd, \
	  .help = "negotiate (Kerberos or NTLM), ntlm, kerberos, or basic (local accounts only).", \
	  .rule = "negotiate, ntlm, kerberos or basic.", .def = "negotiate", .type = IVM_FT_AUTH, \
	  .offset = AT(target[sd].auth) }, \
	{ .name = "targets/" key "/admin/user", .label = Label " administrator account", .side = sd, \
	  .help = "A member of Administrators on the " Label " server; empty: your Kerberos ticket.", \
	  .rule = RULE_ADMIN, .type = IVM_FT_TEXT, .check = ivm_check_admin_account, \
	  .offset = AT(target[sd].admin_user), .optional = true }, \
	{ .name = "targets/" key "/admin/password-source", .label = Label " administrator password source", \
	  .side = sd, .help = "prompt, env:NAME or file:PATH: where the administrator's password is read.", \
	  .rule = RULE_SECRET, .def = "prompt", .type = IVM_FT_SECRET, \
	  .offset = AT(target[sd].admin_password) }, \
	{ .name = "targets/" key "/cacert", .label = Label " CA certificate file", .side = sd, \
	  .help = "PEM file of the CA that signed the " Label " server's certificate; empty: the system's.", \
	  .rule = RULE_PATH, .type = IVM_FT_TEXT, .check = ivm_check_path, \
	  .offset = AT(target[sd].cacert), .optional = true }, \
	{ .name = "targets/" key "/insecure", .label = Label ": skip the certificate check", .side = sd, \
	  .help = "yes trusts any certificate the " Label " server shows: for tests only.", \
	  .rule = RULE_BOOL, .def = "no", .type = IVM_FT_BOOL, .offset = AT(target[sd].insecure) }, \
	{ .name = "targets/" key "/allow-unencrypted", .label = Label ": allow plain HTTP", .side = sd, \
	  .help = "yes permits an http:// endpoint, which sends WinRM messages unencrypted.", \
	  .rule = RULE_BOOL, .def = "no", .type = IVM_FT_BOOL, .offset = AT(target[sd].allow_unencrypted) }

const struct ivm_setting_field ivm_setting_fields[] = {
	{ .name = "targets/@lab", .label = "Use the lab", .side = IVM_SIDES,
	  .help = "yes runs against ipamvmm's in-process lab even when its hosts (" IVM_SETTINGS_LAB_IPAM
	  ", " IVM_SETTINGS_LAB_VMM ") are named; with no host named the lab is used anyway.",
	  .rule = RULE_BOOL, .def = "no", .type = IVM_FT_BOOL, .offset = AT(lab_requested) },
	TARGET_FIELDS(IVM_SIDE_IPAM, "ipam", "IPAM"),
	TARGET_FIELDS(IVM_SIDE_VMM, "vmm", "VMM"),

	{ .name = "ipam/local-group/name", .label = "IPAM group name", .side = IVM_SIDE_IPAM,
	  .help = "The local group on the IPAM server that holds the account VMM uses.",
	  .rule = RULE_GROUP, .def = "VMM Users", .type = IVM_FT_TEXT, .check = ivm_check_group_name,
	  .offset = AT(group_name) },
	{ .name = "ipam/local-group/description", .label = "IPAM group description", .side = IVM_SIDE_IPAM,
	  .help = "The group's description (its comment), shown in Local Users and Groups.",
	  .rule = "At most 256 characters, the limit of a local group's comment since Windows Vista; "
	  "line breaks and tabs are the only control characters allowed.",
	  .def = "Accounts VMM uses to reach IPAM", .type = IVM_FT_TEXT, .check = ivm_check_group_description,
	  .offset = AT(group_description), .optional = true },
	{ .name = "ipam/local-group/member", .label = "VMM account", .side = IVM_SIDE_IPAM,
	  .help = "The domain account VMM uses to reach IPAM (DOMAIN\\user); required.",
	  .rule = RULE_ACCOUNT, .type = IVM_FT_TEXT, .check = ivm_check_account, .offset = AT(account) },
	{ .name = "ipam/access-policy/role", .label = "IPAM role", .side = IVM_SIDE_IPAM,
	  .help = "The IPAM role the group gets; VMM needs IPAM ASM Administrator Role.",
	  .rule = "One of the eight built-in IPAM roles: DNS Record Administrator Role, IP Address Record "
	  "Administrator Role, IPAM Administrator Role, IPAM ASM Administrator Role, IPAM DHCP "
	  "Administrator Role, IPAM DHCP Reservations Administrator Role, IPAM DHCP Scope Administrator "
	  "Role, IPAM MSM Administrator Role.",
	  .def = "IPAM ASM Administrator Role", .type = IVM_FT_TEXT, .check = ivm_check_role,
	  .offset = AT(role) },
	{ .name = "ipam/access-policy/scope", .label = "IPAM access scope", .side = IVM_SIDE_IPAM,
	  .help = "The access scope of the policy: Global (everything) or a scope under it.",
	  .rule = "Global, or a path under it written Global\\Europe\\Dublin (every IPAM scope is under Global).",
	  .def = "Global", .type = IVM_FT_TEXT, .check = ivm_check_scope, .offset = AT(scope) },

	{ .name = "vmm/runas/@mode", .label = "Run As account", .side = IVM_SIDE_VMM,
	  .help = "new creates a Run As account in VMM; existing uses one VMM already has, by name.",
	  .rule = "new or existing.", .def = "new", .type = IVM_FT_RUNAS_MODE, .offset = AT(runas_mode) },
	{ .name = "vmm/runas/name", .label = "Run As account name", .side = IVM_SIDE_VMM,
	  .help = "The name of the Run As account VMM uses for IPAM.",
	  .rule = RULE_VMM_NAME, .def = "IPAM Run As", .type = IVM_FT_TEXT, .check = ivm_check_vmm_name,
	  .offset = AT(runas_name) },
	{ .name = "vmm/runas/description", .label = "Run As account description", .side = IVM_SIDE_VMM,
	  .help = "Optional description of the new Run As account.",
	  .rule = RULE_VMM_DESC, .type = IVM_FT_TEXT, .check = ivm_check_vmm_description,
	  .offset = AT(runas_description), .optional = true, .new_runas_only = true },
	{ .name = "vmm/runas/user", .label = "Run As user name", .side = IVM_SIDE_VMM,
	  .help = "The account the new Run As account holds; by default the VMM account.",
	  .derive = derive_runas_user, .rule = RULE_ACCOUNT, .type = IVM_FT_TEXT, .check = ivm_check_account,
	  .offset = AT(runas_user), .optional = true, .new_runas_only = true },
	{ .name = "vmm/runas/password-source", .label = "Run As password source", .side = IVM_SIDE_VMM,
	  .help = "prompt, env:NAME or file:PATH: where the Run As account's password is read.",
	  .rule = RULE_SECRET, .def = "prompt", .type = IVM_FT_SECRET, .offset = AT(runas_password),
	  .new_runas_only = true },

	{ .name = "vmm/network-service/name", .label = "Network service name", .side = IVM_SIDE_VMM,
	  .help = "The name VMM shows for the IPAM network service.",
	  .rule = RULE_VMM_NAME, .def = "IPAM", .type = IVM_FT_TEXT, .check = ivm_check_vmm_name,
	  .offset = AT(service_name) },
	{ .name = "vmm/network-service/description", .label = "Network service description", .side = IVM_SIDE_VMM,
	  .help = "Optional description of the network service.",
	  .rule = RULE_VMM_DESC, .type = IVM_FT_TEXT, .check = ivm_check_vmm_description,
	  .offset = AT(service_description), .optional = true },
	{ .name = "vmm/network-service/manufacturer", .label = "Manufacturer", .side = IVM_SIDE_VMM,
	  .help = "The network service's manufacturer, as VMM lists it.",
	  .rule = RULE_VMM_NAME, .def = "Microsoft", .type = IVM_FT_TEXT, .check = ivm_check_vmm_name,
	  .offset = AT(manufacturer) },
	{ .name = "vmm/network-service/model", .label = "Model", .side = IVM_SIDE_VMM,
	  .help = "The network service's model, as VMM lists it.",
	  .rule = RULE_VMM_NAME, .def = "Microsoft Windows Server IP Address Management", .type = IVM_FT_TEXT,
	  .check = ivm_check_vmm_name, .offset = AT(model) },
	{ .name = "vmm/network-service/provider", .label = "Configuration provider", .side = IVM_SIDE_VMM,
	  .help = "The VMM configuration provider that talks to IPAM.",
	  .rule = RULE_VMM_NAME, .def = "Microsoft IP Address Management Provider", .type = IVM_FT_TEXT,
	  .check = ivm_check_vmm_name, .offset = AT(provider) },
	{ .name = "vmm/network-service/connection-string", .label = "Connection string", .side = IVM_SIDE_VMM,
	  .help = "Fully qualified domain name of the IPAM server, optionally :port; by default the IPAM server.",
	  .derive = derive_connection_string, .rule = RULE_FQDN " An optional :port from 1 to 65535 may follow.",
	  .type = IVM_FT_TEXT, .check = ivm_check_fqdn_port, .offset = AT(connection_string), .optional = true },
	{ .name = "vmm/network-service/host-groups/host-group", .label = "Host groups", .side = IVM_SIDE_VMM,
	  .help = "The VMM host groups the network service serves; All Hosts is all of them.",
	  .rule = "At least one; each " RULE_VMM_NAME, .def = "All Hosts", .type = IVM_FT_LIST,
	  .check = ivm_check_vmm_name, .offset = AT(host_groups) },
};
const size_t ivm_setting_nfields = IVM_COUNT(ivm_setting_fields);

const struct ivm_setting_field *
ivm_setting_field_find(const char *name)
{
	for (size_t i = 0; i < IVM_COUNT(ivm_setting_fields); i++)
		if (strcmp(ivm_setting_fields[i].name, name) == 0)
			return &ivm_setting_fields[i];
	return NULL;
}

bool
ivm_setting_applies(const struct ivm_setting_field *f, const struct ivm_settings *s)
{
	return !f->new_runas_only || s->runas_mode == IVM_RUNAS_NEW;
}

static void *
slot_of(struct ivm_settings *s, const struct ivm_setting_field *f)
{
	return (char *)s + f->offset;
}

static const void *
cslot_of(const struct ivm_settings *s, const struct ivm_setting_field *f)
{
	return (const char *)s + f->offset;
}

/* ---- whole settings --------------------------------------------------------- */

static void
update_lab(struct ivm_settings *s)
{
	s->lab = ivm_settings_is_lab(s);
}

void
ivm_settings_defaults(struct ivm_settings *s)
{
	char msg[IVM_CHECK_MSG];
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < IVM_COUNT(ivm_setting_fields); i++) {
		const struct ivm_setting_field *f = &ivm_setting_fields[i];
		/* a default that broke its own rule is a bug the tests catch */
		if (f->def != NULL && ftypes[f->type].parse(f, slot_of(s, f), f->def, msg, sizeof(msg)) < 0)
			abort();
	}
	update_lab(s);
}

void
ivm_settings_release(struct ivm_settings *s)
{
	for (size_t i = 0; i < IVM_COUNT(ivm_setting_fields); i++)
		ftypes[ivm_setting_fields[i].type].release(slot_of(s, &ivm_setting_fields[i]));
	memset(s, 0, sizeof(*s));
}

void
ivm_settings_copy(struct ivm_settings *dst, const struct ivm_settings *src)
{
	*dst = *src;	/* the plain members; every pointer is replaced below */
	for (size_t i = 0; i < IVM_COUNT(ivm_setting_fields); i++) {
		const struct ivm_setting_field *f = &ivm_setting_fields[i];
		ftypes[f->type].copy(slot_of(dst, f), cslot_of(src, f));
	}
}

static void
field_err(const struct ivm_setting_field *f, const char *msg, struct ivm_err *err)
{
	char what[sizeof(err->what)];
	char next[sizeof(err->next)];
	snprintf(what, sizeof(what), "%s: %s", f->label, msg);
	snprintf(next, sizeof(next), "Change %s (answer-file field %s) to follow the rule, and try again.",
	         f->label, f->name);
	ivm_err_set(err, IVM_E_USAGE, what, next, "%s", f->rule);
}

static const struct ivm_setting_field *
find_or_err(const char *field, struct ivm_err *err)
{
	const struct ivm_setting_field *f = ivm_setting_field_find(field);
	if (f == NULL)
		ivm_err_set(err, IVM_E_USAGE, "unknown setting", "Use one of the names in doc/answers.rng "
		            "(ipam/local-group/name, vmm/network-service/name, ...).",
		            "there is no setting called \"%.200s\"", field);
	return f;
}

int
ivm_settings_set_field(struct ivm_settings *s, const struct ivm_setting_field *f, const char *value,
                       char *msg, size_t size)
{
	if (ftypes[f->type].parse(f, slot_of(s, f), value, msg, size) < 0)
		return -1;
	update_lab(s);
	return 0;
}

int
ivm_settings_set(struct ivm_settings *s, const char *field, const char *value, struct ivm_err *err)
{
	const struct ivm_setting_field *f = find_or_err(field, err);
	if (f == NULL)
		return -1;
	char msg[IVM_CHECK_MSG];
	if (ivm_settings_set_field(s, f, value, msg, sizeof(msg)) < 0) {
		field_err(f, msg, err);
		return -1;
	}
	return 0;
}

int
ivm_settings_add_field(struct ivm_settings *s, const struct ivm_setting_field *f, const char *value,
                       char *msg, size_t size)
{
	if (f->type != IVM_FT_LIST)
		return fail(msg, size, "holds one value, not a list");
	if (f->check(value, msg, size) < 0)
		return -1;
	list_push(slot_of(s, f), value, strlen(value));
	return 0;
}

int
ivm_settings_add(struct ivm_settings *s, const char *field, const char *value, struct ivm_err *err)
{
	const struct ivm_setting_field *f = find_or_err(field, err);
	if (f == NULL)
		return -1;
	char msg[IVM_CHECK_MSG];
	if (ivm_settings_add_field(s, f, value, msg, sizeof(msg)) < 0) {
		field_err(f, msg, err);
		return -1;
	}
	return 0;
}

void
ivm_settings_clear_list(struct ivm_settings *s, const struct ivm_setting_field *f)
{
	if (f->type == IVM_FT_LIST)
		list_release(slot_of(s, f));
}

bool
ivm_settings_get(const struct ivm_settings *s, const struct ivm_setting_field *f, struct ivm_buf *out)
{
	return ftypes[f->type].format(cslot_of(s, f), out);
}

void
ivm_settings_effective(const struct ivm_settings *s, const struct ivm_setting_field *f, struct ivm_buf *out)
{
	if (ivm_settings_get(s, f, out) || f->derive == NULL)
		return;
	struct ivm_buf scratch = IVM_BUF_INIT;
	const char *v = f->derive(s, f->side, &scratch);
	if (v != NULL)
		ivm_buf_adds(out, v);
	ivm_buf_release(&scratch);
}

bool
ivm_settings_equal(const struct ivm_settings *a, const struct ivm_settings *b)
{
	if (ivm_settings_is_lab(a) != ivm_settings_is_lab(b))
		return false;
	for (size_t i = 0; i < IVM_COUNT(ivm_setting_fields); i++) {
		const struct ivm_setting_field *f = &ivm_setting_fields[i];
		bool ap = ivm_setting_applies(f, a), bp = ivm_setting_applies(f, b);
		if (ap != bp || (ap && !ftypes[f->type].equal(cslot_of(a, f), cslot_of(b, f))))
			return false;
	}
	return true;
}

/* ---- validation ------------------------------------------------------------- */

static void
add_problem(struct ivm_problems *out, const struct ivm_setting_field *f, const char *fmt, ...) IVM_PRINTF(3, 4);

static void
add_problem(struct ivm_problems *out, const struct ivm_setting_field *f, const char *fmt, ...)
{
	out->v = ivm_xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
	struct ivm_problem *p = &out->v[out->n++];
	p->field = f;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
	va_end(ap);
}

static const struct ivm_setting_field *
field_at(size_t offset)
{
	for (size_t i = 0; i < IVM_COUNT(ivm_setting_fields); i++)
		if (ivm_setting_fields[i].offset == offset)
			return &ivm_setting_fields[i];
	abort();
}

/* Rules between fields: both servers or neither, TLS unless allowed. */
static void
cross_checks(const struct ivm_settings *s, struct ivm_problems *out)
{
	static const char *const label[IVM_SIDES] = { "IPAM", "VMM" };
	for (int side = 0; side < IVM_SIDES; side++) {
		const struct ivm_target *t = &s->target[side];
		if (!ivm_settings_is_lab(s) && t->host == NULL)
			add_problem(out, field_at(AT(target[0].host) + (size_t)side * sizeof(struct ivm_target)),
			            "is required when the %s server is named (name both servers, or neither to use the lab)",
			            label[!side]);
		/* over http:// Negotiate, NTLM and Kerberos encrypt every message
		 * with their context; only Basic would send it in the clear */
		if (!ivm_settings_is_lab(s) && t->endpoint != NULL && !t->allow_unencrypted &&
		    t->auth == IVM_AUTH_BASIC && strncasecmp(t->endpoint, "http://", 7) == 0)
			add_problem(out, field_at(AT(target[0].endpoint) + (size_t)side * sizeof(struct ivm_target)),
			            "uses http:// with Basic authentication, which sends WinRM messages unencrypted: "
			            "use https://, or ntlm/negotiate/kerberos (they encrypt over http://), or set "
			            "allow-unencrypted to yes");
	}
}

size_t
ivm_settings_problems(const struct ivm_settings *s, struct ivm_problems *out)
{
	out->v = NULL;
	out->n = 0;
	for (size_t i = 0; i < IVM_COUNT(ivm_setting_fields); i++) {
		const struct ivm_setting_field *f = &ivm_setting_fields[i];
		char msg[IVM_CHECK_MSG];
		if (ivm_setting_applies(f, s) && ftypes[f->type].check(f, cslot_of(s, f), msg, sizeof(msg)) < 0)
			add_problem(out, f, "%s", msg);
	}
	cross_checks(s, out);
	return out->n;
}

void
ivm_problems_release(struct ivm_problems *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

void
ivm_problem_err(const struct ivm_problem *p, struct ivm_err *err)
{
	field_err(p->field, p->message, err);
}

int
ivm_settings_validate(const struct ivm_settings *s, struct ivm_err *err)
{
	struct ivm_problems all;
	if (ivm_settings_problems(s, &all) == 0)
		return 0;
	ivm_problem_err(&all.v[0], err);
	ivm_problems_release(&all);
	return -1;
}
