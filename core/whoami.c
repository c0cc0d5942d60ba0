/* core/whoami.c: reads `whoami /groups /fo csv` and decides whether the token is a full administrator's. */
#include "config.h"

#include "core/whoami.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/ivm.h"
#include "core/xalloc.h"

#define FIELDS 4
#define LABEL_PREFIX "S-1-16-"
#define LABEL_HIGH 12288UL

#define WHAT "cannot read the group list from whoami /groups"
#define NEXT "run `whoami /groups /fo csv` on the server to see what it " \
	"prints; if that looks like a normal group list, report it as a bug"

enum {
	ATTR_KNOWN = 1,		/* a word we understand: the text is English */
	ATTR_ENABLED = 2,
	ATTR_DENY = 4,
};

static const struct attr_word {
	const char *text;
	unsigned flags;
} attr_words[] = {
	{ "Mandatory group", ATTR_KNOWN },
	{ "Enabled by default", ATTR_KNOWN },
	{ "Enabled group", ATTR_KNOWN | ATTR_ENABLED },
	{ "Group owner", ATTR_KNOWN },
	{ "Group used for deny only", ATTR_KNOWN | ATTR_DENY },
};

static const char *const explanations[] = {
	[IVM_ADMIN_YES] =
	    "The account is an enabled member of Administrators with a full, "
	    "unfiltered token, so it can administer this server.",
	[IVM_ADMIN_NOT_MEMBER] =
	    "The account is not a member of the local Administrators group on "
	    "this server. Add it to Administrators on that server (or use an "
	    "account that is in it) and connect again.",
	[IVM_ADMIN_FILTERED] =
	    "The account is in Administrators, but UAC remote restrictions "
	    "filtered its token for this network logon (as Windows does for "
	    "local accounts other than the built-in Administrator), so it has "
	    "no administrator rights here. Connect as the built-in "
	    "Administrator or as a domain account that is in Administrators, "
	    "neither of which is filtered, or set the DWORD registry value "
	    "LocalAccountTokenFilterPolicy=1 under "
	    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System "
	    "on that server to turn the filtering off for local accounts.",
	[IVM_ADMIN_DISABLED] =
	    "The account is in Administrators, but that group is not enabled "
	    "in its token, so it has no administrator rights in this session. "
	    "Check the policies that restrict this account on that server, or "
	    "connect with another account that is in Administrators.",
};

static void
line_error(struct ivm_err *err, size_t lineno, const char *fmt, ...)
    IVM_PRINTF(3, 4);

static void
line_error(struct ivm_err *err, size_t lineno, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	ivm_err_set(err, IVM_E_MALFORMED, WHAT, NEXT, "line %zu %s", lineno,
	            why);
}

/* S-1-<authority>-<subauthority>...: digits between single dashes. */
static bool
is_sid(const char *s)
{
	size_t parts = 0;

	if ((s[0] != 'S' && s[0] != 's') || s[1] != '-')
		return false;
	for (s += 2;; s++) {
		size_t n = strspn(s, "0123456789");
		/* no part of a SID needs more than 20 digits (48 bits) */
		if (n == 0 || n > 20)
			return false;
		s += n;
		parts++;
		if (*s == '\0')
			break;
		if (*s != '-')
			return false;
	}
	return parts >= 2;
}

static const char *
quoted_field(const char *s, const char *e, struct ivm_buf *dst,
             const char **why)
{
	for (; s < e; s++) {
		if (*s != '"') {
			ivm_buf_addc(dst, *s);
			continue;
		}
		if (s + 1 < e && s[1] == '"') {
			ivm_buf_addc(dst, '"');
			s++;
			continue;
		}
		s++;
		if (s < e && *s != ',')
			*why = "has something other than a comma after a "
			    "closing quote";
		return s;
	}
	*why = "has a quoted field that is not closed";
	return s;
}

static const char *
bare_field(const char *s, const char *e, struct ivm_buf *dst,
           const char **why)
{
	const char *start = s;

	for (; s < e && *s != ','; s++) {
		if (*s == '"') {
			*why = "has a quote inside a field that is not quoted";
			return s;
		}
	}
	ivm_buf_add(dst, start, (size_t)(s - start));
	return s;
}

/* Fields past the fourth are only counted, for the error message. */
static const char *
split_row(const char *s, const char *e, struct ivm_buf f[FIELDS],
          size_t *nfields)
{
	struct ivm_buf extra = IVM_BUF_INIT;
	const char *why = NULL;

	*nfields = 0;
	for (;;) {
		struct ivm_buf *dst = *nfields < FIELDS ? &f[*nfields] : &extra;
		ivm_buf_clear(dst);
		ivm_buf_add(dst, "", 0);	/* a field is never NULL */
		(*nfields)++;
		if (s < e && *s == '"')
			s = quoted_field(s + 1, e, dst, &why);
		else
			s = bare_field(s, e, dst, &why);
		if (why != NULL || s == e)
			break;
		s++;	/* the comma */
	}
	ivm_buf_release(&extra);
	return why;
}

static unsigned
attr_flags(const char *attrs)
{
	unsigned flags = 0;

	for (const char *p = attrs; *p != '\0';) {
		p += strspn(p, " ");
		size_t n = strcspn(p, ","), m = n;
		while (m > 0 && p[m - 1] == ' ')
			m--;
		for (size_t i = 0; i < IVM_COUNT(attr_words); i++) {
			if (strlen(attr_words[i].text) == m &&
			    strncasecmp(p, attr_words[i].text, m) == 0)
				flags |= attr_words[i].flags;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return flags;
}

static void
add_group(struct ivm_whoami *w, struct ivm_buf f[FIELDS])
{
	/* The struct has no capacity field: grow when the count is 0 or a
	 * power of two, which is when the array is full. */
	if ((w->ngroups & (w->ngroups - 1)) == 0) {
		size_t cap = w->ngroups ? w->ngroups * 2 : 1;
		w->groups = ivm_xrealloc(w->groups, cap * sizeof(*w->groups));
	}
	struct ivm_whoami_group *g = &w->groups[w->ngroups++];
	g->name = ivm_buf_steal(&f[0]);
	g->type = ivm_buf_steal(&f[1]);
	g->sid = ivm_buf_steal(&f[2]);
	g->attributes = ivm_buf_steal(&f[3]);
	unsigned flags = attr_flags(g->attributes);
	g->enabled = (flags & ATTR_ENABLED) != 0;
	g->deny_only = (flags & ATTR_DENY) != 0;
	/* The Type column ("Label") is localized; the SID range is not. */
	if (w->label_sid == NULL &&
	    strncasecmp(g->sid, LABEL_PREFIX, strlen(LABEL_PREFIX)) == 0)
		w->label_sid = ivm_xstrdup(g->sid);
}

/*
 * The header, when there is one, is localized, so it is known only as the
 * first line whose third field is not a SID. Returns 1 for a header.
 */
static int
add_line(struct ivm_whoami *w, const char *s, const char *e, size_t lineno,
         bool first, struct ivm_buf f[FIELDS], struct ivm_err *err)
{
	const char *why;
	size_t nf = 0;

	if (memchr(s, '\0', (size_t)(e - s)) != NULL)
		why = "contains a NUL byte";
	else
		why = split_row(s, e, f, &nf);
	if (why != NULL) {
		line_error(err, lineno, "%s", why);
		return -1;
	}
	if (nf != FIELDS) {
		line_error(err, lineno, "has %zu field%s; a group line has %d "
		           "(name, type, SID, attributes)", nf,
		           nf == 1 ? "" : "s", FIELDS);
		return -1;
	}
	if (!is_sid(f[2].data)) {
		if (first)
			return 1;
		line_error(err, lineno, "has no SID in its third field");
		return -1;
	}
	if (w->ngroups == IVM_WHOAMI_MAX_GROUPS) {
		ivm_err_set(err, IVM_E_TOOBIG, WHAT, NEXT, "line %zu is past the "
		            "limit of %d groups", lineno, IVM_WHOAMI_MAX_GROUPS);
		return -1;
	}
	add_group(w, f);
	return 0;
}

static bool
is_blank(const char *s, const char *e)
{
	for (; s < e; s++) {
		if (*s != ' ' && *s != '\t' && *s != '\r')
			return false;
	}
	return true;
}

static int
parse_lines(const char *p, const char *end, struct ivm_whoami *out,
            struct ivm_err *err)
{
	struct ivm_buf f[FIELDS] = { IVM_BUF_INIT, IVM_BUF_INIT, IVM_BUF_INIT,
	                             IVM_BUF_INIT };
	bool first = true;
	size_t lineno = 0;
	int rc = 0;

	while (p < end && rc != -1) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl != NULL ? nl : end;
		lineno++;
		if (e > p && e[-1] == '\r')
			e--;
		if (!is_blank(p, e)) {
			rc = add_line(out, p, e, lineno, first, f, err);
			first = false;
		}
		p = nl != NULL ? nl + 1 : end;
	}
	for (size_t i = 0; i < FIELDS; i++)
		ivm_buf_release(&f[i]);
	return rc == -1 ? -1 : 0;
}

int
ivm_whoami_parse(const char *text, size_t len, struct ivm_whoami *out,
                 struct ivm_err *err)
{
	memset(out, 0, sizeof(*out));
	if (len > IVM_WHOAMI_MAX_BYTES) {
		ivm_err_set(err, IVM_E_TOOBIG, WHAT, NEXT, "the output is %zu "
		            "bytes, more than the limit of %d", len,
		            IVM_WHOAMI_MAX_BYTES);
		return -1;
	}
	if (text == NULL) {
		text = "";
		len = 0;
	}
	const char *p = text, *end = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (parse_lines(p, end, out, err) == -1) {
		ivm_whoami_release(out);
		return -1;
	}
	if (out->ngroups == 0) {
		ivm_err_set(err, IVM_E_MALFORMED, WHAT, NEXT, "the output holds no "
		            "group lines (%zu bytes)", len);
		return -1;
	}
	return 0;
}

void
ivm_whoami_release(struct ivm_whoami *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->ngroups; i++) {
		free(w->groups[i].name);
		free(w->groups[i].type);
		free(w->groups[i].sid);
		free(w->groups[i].attributes);
	}
	free(w->groups);
	free(w->label_sid);
	memset(w, 0, sizeof(*w));
}

const struct ivm_whoami_group *
ivm_whoami_find_sid(const struct ivm_whoami *w, const char *sid)
{
	if (w == NULL || sid == NULL)
		return NULL;
	for (size_t i = 0; i < w->ngroups; i++) {
		if (strcasecmp(w->groups[i].sid, sid) == 0)
			return &w->groups[i];
	}
	return NULL;
}

/* The label's integrity level (its last number), or -1 if unknown. */
static long long
label_level(const char *label)
{
	if (label == NULL)
		return -1;
	const char *p = label + strlen(LABEL_PREFIX);
	char *stop;
	unsigned long long v = strtoull(p, &stop, 10);
	if (stop == p || *stop != '\0' || v > 0xffffffffULL)
		return -1;
	return (long long)v;
}

static bool
words_known(const struct ivm_whoami *w)
{
	for (size_t i = 0; i < w->ngroups; i++) {
		if (attr_flags(w->groups[i].attributes) & ATTR_KNOWN)
			return true;
	}
	return false;
}

/*
 * The attribute words are localized and the mandatory label is not, so:
 *  1. no S-1-5-32-544 in the token: not a member;
 *  2. Administrators marked "Group used for deny only": filtered;
 *  3. a label below High (S-1-16-12288), such as Medium S-1-16-8192, while
 *     Administrators is present: filtered, whatever the words say, since a
 *     full administrator token is High or System (S-1-16-16384);
 *  4. when the words are ones we know, "Enabled group" decides between
 *     yes and disabled;
 *  5. otherwise (localized words) a High or System label means yes, and so
 *     does no label at all: without one there is no UAC to filter.
 */
enum ivm_admin_state
ivm_whoami_admin(const struct ivm_whoami *w)
{
	const struct ivm_whoami_group *admins;

	admins = ivm_whoami_find_sid(w, IVM_SID_ADMINISTRATORS);
	if (admins == NULL)
		return IVM_ADMIN_NOT_MEMBER;
	if (admins->deny_only)
		return IVM_ADMIN_FILTERED;
	long long level = label_level(w->label_sid);
	if (level >= 0 && (unsigned long long)level < LABEL_HIGH)
		return IVM_ADMIN_FILTERED;
	if (words_known(w))
		return admins->enabled ? IVM_ADMIN_YES : IVM_ADMIN_DISABLED;
	return IVM_ADMIN_YES;
}

const char *
ivm_whoami_admin_explain(enum ivm_admin_state s)
{
	if ((size_t)s < IVM_COUNT(explanations) && explanations[s] != NULL)
		return explanations[s];
	return "The administrator check gave an unknown answer; this is a bug "
	    "in ipamvmm, please report it.";
}
