/* screens/lug_select_users.c: the Select Users dialog: names typed, resolved on the IPAM server by Check Names. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "screens/ipam_util.h"

enum {
	ACT_CHECK = IVM_ACT_PAGE,
};

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_NOTE, .id = "where", .label = "From this location", .height = 1,
	  .help = "Names are looked up by the IPAM server: its domain (and the domains it trusts) and its own "
	  "local accounts, as Windows' Select Users dialog does." },
	{ .kind = IVM_CTL_TEXT, .id = "names", .label = "Enter the object names to select",
	  .help = "The account VMM uses to reach IPAM, as DOMAIN\\user (CONTOSO\\vmmuser) or user@domain; "
	  "several names are separated by ';'. Check Names looks them up on the IPAM server and writes each "
	  "the way Windows names it." },
	{ .kind = IVM_CTL_BUTTON, .id = "check", .label = "Check Names", .action = ACT_CHECK, .same_line = true,
	  .help = "Look the names up on the IPAM server now. A name found is written as Windows names it and "
	  "marked with '+' in the list below; a name not found is listed with the reason." },
	{ .kind = IVM_CTL_LIST, .id = "found", .label = "Names checked", .height = 4,
	  .help = "The result of Check Names, one name a row: marked '+' when the server found it (with its "
	  "type), otherwise why it was not found and what to write instead." },
};

static const struct ivm_button_def buttons[] = {
	{ "OK", IVM_ACT_OK, 'o', IVM_BTN_VALIDATE },
	{ "Cancel", IVM_ACT_CANCEL, 0, IVM_BTN_CANCEL },
};

static const struct ivm_form_def form = {
	.console = "Local Users and Groups", .title = "Select Users",
	.why = "Name the domain account VMM will use to reach IPAM. The IPAM server itself checks the name, "
	"so a typing mistake is caught now rather than when VMM first connects.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls), .buttons = buttons, .nbuttons = IVM_COUNT(buttons),
	.default_action = IVM_ACT_OK,
};

/* One name: a row, marked when the server found it; the name as it should
 * now be written goes to out. */
static bool
check_one(struct ivm_wiz *w, struct ivm_ctl *found, const char *name, struct ivm_buf *out)
{
	char canon[300], sid[200], type[64];
	struct ivm_buf text = IVM_BUF_INIT;
	struct ivm_err err;
	bool ok = false;

	if (ivm_ipamui_resolve(w, name, canon, sizeof(canon), sid, sizeof(sid), type, sizeof(type), &err) < 0) {
		ivm_buf_addf(&text, "%s: not found: %s", name, err.why[0] ? err.why : err.what);
		snprintf(canon, sizeof(canon), "%s", name);
	} else if (strcasecmp(type, "Alias") == 0) {
		/* Windows refuses it with 1388 when the member is added */
		ivm_buf_addf(&text, "%s: a local group of the server, which cannot be a member of a local group. "
		             "Choose a user, or a domain group.", canon);
	} else {
		ivm_buf_addf(&text, "%s (%s)", canon, type[0] ? type : "account");
		ok = true;
	}
	ivm_ctl_add_row(found, ivm_buf_str(&text), canon)->marked = ok;
	ivm_buf_adds(out, canon);
	ivm_buf_release(&text);
	return ok;
}

/* Check Names: returns how many names were not found (or could not be
 * used); -1 when none was given. */
static int
check_names(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_ctl *names = ivm_form_ctl(f, "names"), *found = ivm_form_ctl(f, "found");
	struct ivm_buf out = IVM_BUF_INIT;
	char *copy = ivm_xstrdup(names->text), *save = NULL;
	int bad = 0, all = 0;

	ivm_ctl_clear_rows(found);
	names->error[0] = '\0';
	for (char *t = strtok_r(copy, ";\n", &save); t; t = strtok_r(NULL, ";\n", &save)) {
		while (*t == ' ' || *t == '\t')
			t++;
		size_t n = strlen(t);
		while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
			t[--n] = '\0';
		if (n == 0)
			continue;
		if (all++ > 0)
			ivm_buf_adds(&out, "; ");
		if (!check_one(w, found, t, &out))
			bad++;
	}
	free(copy);
	if (all == 0) {
		ivm_buf_release(&out);
		ivm_form_error(f, "names", "required: enter a name such as CONTOSO\\vmmuser, or press Cancel");
		return -1;
	}
	ivm_ctl_set_text(names, ivm_buf_str(&out));
	ivm_buf_release(&out);
	if (bad > 0)
		ivm_form_error(f, "names", "%d of %d names cannot be used: the list below says why", bad, all);
	else
		ivm_form_status(f, "%d of %d names found on %s (marked +).", all, all, ivm_wiz_label(w, IVM_SIDE_IPAM));
	return bad;
}

/* The names text still says what the last Check Names found. */
static bool
checked(struct ivm_form *f)
{
	struct ivm_ctl *names = ivm_form_ctl(f, "names"), *found = ivm_form_ctl(f, "found");
	struct ivm_buf b = IVM_BUF_INIT;
	bool ok = found->nrows > 0;

	for (size_t i = 0; i < found->nrows && ok; i++) {
		ok = found->rows[i].marked;
		ivm_buf_addf(&b, "%s%s", i ? "; " : "", ivm_row_key(&found->rows[i]));
	}
	ok = ok && strcmp(ivm_buf_str(&b), names->text) == 0;
	ivm_buf_release(&b);
	return ok;
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	char text[300];
	snprintf(text, sizeof(text), "%s", ivm_wiz_label(w, IVM_SIDE_IPAM));
	ivm_ctl_set_text(ivm_form_ctl(f, "where"), text);
	if (!checked(f))
		ivm_ctl_clear_rows(ivm_form_ctl(f, "found"));
	ivm_form_focus_id(f, "names");
	return 0;
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	if (action == ACT_CHECK)
		check_names(w, f);
	return IVM_ACT_NONE;
}

/* OK checks the names first, as Windows does. */
static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	if (checked(f))
		return 0;
	return check_names(w, f) == 0 ? 0 : -1;
}

size_t
ivm_ipamui_selected(struct ivm_wiz *w, const char **out, size_t max)
{
	struct ivm_form *f = ivm_wiz_form_of(w, &ivm_page_lug_select_users);
	size_t n = 0;

	if (f == NULL || !checked(f))
		return 0;
	struct ivm_ctl *found = ivm_form_ctl(f, "found");
	for (size_t i = 0; i < found->nrows && n < max; i++)
		out[n++] = ivm_row_key(&found->rows[i]);
	return n;
}

const struct ivm_page ivm_page_lug_select_users = {
	.form = &form, .crumb = "Select Users",
	.enter = enter, .act = act, .leave = leave,
};
