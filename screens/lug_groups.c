/* screens/lug_groups.c: Local Users and Groups on the IPAM server: the Groups list, New Group and Remote Management Users. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xalloc.h"
#include "screens/ipam_util.h"

enum {
	ACT_OPEN = IVM_ACT_PAGE,	/* Enter on a group */
	ACT_NEW,
	ACT_RMU,
	ACT_REFRESH,
};

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_LIST, .id = "groups", .label = "Groups", .height = 8, .action = ACT_OPEN,
	  .help = "The local groups of the IPAM server, read from it now (name: description). Enter on "
	  "Remote Management Users opens its Properties; Enter on another group lists its members." },
	{ .kind = IVM_CTL_BUTTON, .id = "new", .label = "New Group...", .action = ACT_NEW,
	  .help = "Create the local group that holds the account VMM uses (by default VMM Users) and add "
	  "that account to it; the group is created on the server when you press Create there." },
	{ .kind = IVM_CTL_BUTTON, .id = "rmu", .label = "Properties of Remote Management Users...", .action = ACT_RMU,
	  .help = "Add the account VMM uses to Remote Management Users, so that VMM may reach IPAM over "
	  "WinRM; it is added on the server when you press OK there. The group is found by its SID "
	  "S-1-5-32-580, so a localized server works too." },
	{ .kind = IVM_CTL_BUTTON, .id = "refresh", .label = "Refresh", .action = ACT_REFRESH, .same_line = true,
	  .help = "Read the groups and their members from the IPAM server again." },
	{ .kind = IVM_CTL_NOTE, .id = "state", .label = "Still needed", .height = 3,
	  .help = "What the integration needs from this console, read from the server: the group with the "
	  "account in it, and the account in Remote Management Users. Next is refused until both hold." },
};

static const struct ivm_form_def form = {
	.console = "Local Users and Groups", .title = "Groups",
	.why = "VMM reaches IPAM with one domain account. On the IPAM server that account goes into a local "
	"group (the IPAM access policy is given to the group) and into Remote Management Users (so it may "
	"use WinRM there). Create the group with the account, then add the account to Remote Management Users.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls), IVM_WIZARD_BUTTONS, .default_action = IVM_ACT_NEXT,
};

/* What the server holds, as this page needs it. */
struct state {
	bool read;		/* every read succeeded */
	bool group;		/* the group exists */
	bool in_group;		/* the account is in it */
	bool in_rmu;		/* the account is in Remote Management Users */
	char group_name[300];
	char account[300];	/* as the server names it; "" when none is chosen */
	char adopted[300];	/* the member taken as the account, when none was chosen */
};

static void
fill_groups(struct ivm_ctl *c, const struct ivm_result *r)
{
	char *keep = c->cur < c->nrows ? ivm_xstrdup(ivm_row_key(&c->rows[c->cur])) : NULL;
	ivm_ctl_clear_rows(c);
	for (size_t i = 0; i < r->nrecords; i++) {
		const struct ivm_record *g = &r->records[i];
		char text[600];
		const char *desc = ivm_ipamui_rec(g, "Description");
		snprintf(text, sizeof(text), "%s%s%s", ivm_ipamui_rec(g, "Name"), desc[0] ? ": " : "", desc);
		ivm_ctl_add_row(c, text, ivm_ipamui_rec(g, "SID"));
	}
	ivm_ipamui_select_key(c, keep);
	free(keep);
}

/* The account the settings hold, as the server names it, and its SID. */
static void
account_of(struct ivm_wiz *w, struct state *st, char *sid, size_t size)
{
	const char *acc = ivm_wiz_settings(w)->account;
	char type[64];
	struct ivm_err err;

	sid[0] = '\0';
	st->account[0] = '\0';
	if (acc == NULL || acc[0] == '\0')
		return;
	if (ivm_ipamui_resolve(w, acc, st->account, sizeof(st->account), sid, size, type, sizeof(type), &err) < 0)
		snprintf(st->account, sizeof(st->account), "%s", acc);
}

/* With no account chosen yet, a group that exists already names it (a
 * re-run): its first member that is a domain account. */
static void
adopt(struct ivm_wiz *w, const struct ivm_result *members, struct state *st)
{
	char msg[IVM_CHECK_MSG];
	struct ivm_err err;

	for (size_t i = 0; i < members->nrecords; i++) {
		const char *m = ivm_ipamui_rec(&members->records[i], "Member");
		if (ivm_check_account(m, msg, sizeof(msg)) == 0 &&
		    ivm_ipamui_set(w, "ipam/local-group/member", m, &err) == 0) {
			snprintf(st->adopted, sizeof(st->adopted), "%s", m);
			return;
		}
	}
}

static void
examine(struct ivm_wiz *w, struct ivm_form *f, struct state *st)
{
	struct ivm_buf scratch = IVM_BUF_INIT;
	struct ivm_result groups, members, rmu;
	char sid[200];

	memset(st, 0, sizeof(*st));
	snprintf(st->group_name, sizeof(st->group_name), "%s",
	         ivm_ipamui_setting(w, "ipam/local-group/name", &scratch));
	ivm_buf_release(&scratch);
	if (ivm_ipamui_read(w, f, IVM_SIDE_IPAM, "list-groups", NULL, 0, &groups, NULL) < 0)
		return;
	fill_groups(ivm_form_ctl(f, "groups"), &groups);
	for (size_t i = 0; i < groups.nrecords; i++)
		if (strcasecmp(ivm_ipamui_rec(&groups.records[i], "Name"), st->group_name) == 0)
			st->group = true;
	ivm_result_release(&groups);

	memset(&members, 0, sizeof(members));
	if (st->group) {
		struct ivm_param p[] = { { "Group", st->group_name } };
		if (ivm_ipamui_read(w, f, IVM_SIDE_IPAM, "list-group-members", p, IVM_COUNT(p), &members, NULL) < 0)
			return;
		if (ivm_wiz_settings(w)->account == NULL)
			adopt(w, &members, st);
	}
	account_of(w, st, sid, sizeof(sid));
	st->in_group = st->group && st->account[0] && ivm_ipamui_has_member(&members, sid, st->account);
	ivm_result_release(&members);

	struct ivm_param p[] = { { "SID", IVM_IPAMUI_SID_RMU } };
	if (ivm_ipamui_read(w, f, IVM_SIDE_IPAM, "list-group-members", p, IVM_COUNT(p), &rmu, NULL) < 0)
		return;
	st->in_rmu = st->account[0] && ivm_ipamui_has_member(&rmu, sid, st->account);
	ivm_result_release(&rmu);
	st->read = true;
}

/* One line per need, each saying what holds or which button does it. */
static void
show_state(struct ivm_form *f, const struct state *st)
{
	char text[1200];
	size_t n = 0;

	if (!st->read)
		return;	/* the status says why the server could not be read */
	if (!st->group)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "The group %s does not exist yet: press New Group...",
		                      st->group_name);
	else if (st->account[0] == '\0')
		n += (size_t)snprintf(text + n, sizeof(text) - n, "The group %s has no account VMM could use: press "
		                      "New Group..., give the name %s, Add... the account, then Create.",
		                      st->group_name, st->group_name);
	else if (!st->in_group)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s is not in %s yet: press New Group..., give the "
		                      "name %s, Add... the account, then Create.", st->account, st->group_name,
		                      st->group_name);
	else
		n += (size_t)snprintf(text + n, sizeof(text) - n, "Done: %s is in %s.", st->account, st->group_name);
	if (st->account[0] == '\0')
		snprintf(text + n, sizeof(text) - n, "\nRemote Management Users: choose the account first (New Group...).");
	else if (!st->in_rmu)
		snprintf(text + n, sizeof(text) - n, "\n%s is not in Remote Management Users yet: press Properties "
		         "of Remote Management Users..., Add... it, then OK.", st->account);
	else
		snprintf(text + n, sizeof(text) - n, "\nDone: %s is in Remote Management Users.", st->account);
	ivm_ctl_set_text(ivm_form_ctl(f, "state"), text);
	if (st->adopted[0])
		ivm_form_status(f, "The group %s already holds %s: that is taken as the account VMM uses.",
		                st->group_name, st->adopted);
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	struct state st;
	examine(w, f, &st);
	show_state(f, &st);
	return 0;
}

/* Enter on a group that is not Remote Management Users: its members. */
static void
show_members(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "groups");
	if (c->cur >= c->nrows)
		return;
	struct ivm_param p[] = { { "SID", ivm_row_key(&c->rows[c->cur]) } };
	struct ivm_result r;
	if (ivm_ipamui_read(w, f, IVM_SIDE_IPAM, "list-group-members", p, IVM_COUNT(p), &r, NULL) < 0)
		return;
	struct ivm_buf b = IVM_BUF_INIT;
	const char *name = ivm_field_get(r.fields, r.nfields, "Group");
	ivm_buf_addf(&b, "Members of %s (%zu):\n", name ? name : c->rows[c->cur].text, r.nrecords);
	for (size_t i = 0; i < r.nrecords; i++)
		ivm_buf_addf(&b, "  %s\n", ivm_ipamui_rec(&r.records[i], "Member"));
	if (r.nrecords == 0)
		ivm_buf_adds(&b, "  (none)\n");
	ivm_ui_show_text(ivm_wiz_ui(w), "Group members", ivm_buf_str(&b));
	ivm_buf_release(&b);
	ivm_result_release(&r);
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "groups");
	int rc = IVM_ACT_NONE;

	switch (action) {
	case ACT_OPEN:
		if (c->cur < c->nrows && strcasecmp(ivm_row_key(&c->rows[c->cur]), IVM_IPAMUI_SID_RMU) == 0)
			rc = ivm_wiz_dialog(w, &ivm_page_lug_rmu_properties);
		else
			show_members(w, f);
		break;
	case ACT_NEW:
		rc = ivm_wiz_dialog(w, &ivm_page_lug_new_group);
		break;
	case ACT_RMU:
		rc = ivm_wiz_dialog(w, &ivm_page_lug_rmu_properties);
		break;
	case ACT_REFRESH:
		break;
	default:
		return IVM_ACT_NONE;
	}
	if (rc == IVM_ACT_QUIT)
		return IVM_ACT_QUIT;
	/* what the dialog did shows in the list, read again */
	ivm_form_status(f, "%s", "");
	enter(w, f);
	return IVM_ACT_NONE;
}

static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	struct state st;

	ivm_form_status(f, "%s", "");
	examine(w, f, &st);
	show_state(f, &st);
	if (!st.read)
		return -1;
	if (!st.group || !st.in_group) {
		ivm_form_status(f, "Not done yet: the group %s must exist with the account VMM uses in it. Press New "
		                "Group..., then Create.", st.group_name);
		ivm_form_focus_id(f, "new");
		return -1;
	}
	if (!st.in_rmu) {
		ivm_form_status(f, "Not done yet: %s must be in Remote Management Users. Press Properties of Remote "
		                "Management Users..., Add..., then OK.", st.account);
		ivm_form_focus_id(f, "rmu");
		return -1;
	}
	return 0;
}

const struct ivm_page ivm_page_lug_groups = {
	.form = &form, .crumb = "Local Users and Groups > Groups",
	.enter = enter, .act = act, .leave = leave,
};
