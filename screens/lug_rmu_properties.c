/* screens/lug_rmu_properties.c: Remote Management Users Properties: its members (by SID S-1-5-32-580), Add..., OK adds on the IPAM server. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "screens/ipam_util.h"

enum {
	ACT_ADD = IVM_ACT_PAGE,
};

#define PENDING " (added when you press OK)"

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_NOTE, .id = "about", .label = "Description", .height = 2,
	  .help = "The group's own description, read from the server. Members may reach this server's "
	  "management interfaces over WS-Management (WinRM), which is how VMM talks to IPAM." },
	{ .kind = IVM_CTL_LIST, .id = "members", .label = "Members", .height = 5,
	  .help = "The members of Remote Management Users, read from the IPAM server. The group is found by "
	  "its SID S-1-5-32-580, whatever its name in the server's language. A name added with Add... is "
	  "marked as waiting for OK." },
	{ .kind = IVM_CTL_BUTTON, .id = "add", .label = "Add...", .action = ACT_ADD,
	  .help = "Open Select Users to name the account VMM uses; it is added to the group when you press OK." },
	{ .kind = IVM_CTL_NOTE, .id = "pending" },
};

static const struct ivm_form_def form = {
	.console = "Local Users and Groups", .title = "Remote Management Users Properties",
	.why = "VMM signs in to the IPAM server over WinRM with its Run As account. Windows lets only "
	"administrators and members of Remote Management Users do that, so the account VMM uses goes here. "
	"OK adds it on the server.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls), IVM_DIALOG_BUTTONS, .default_action = IVM_ACT_OK,
};

/* The name waiting for OK, kept in a hidden control of the form. */
static struct ivm_ctl *
pending(struct ivm_form *f)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "pending");
	c->hidden = true;
	return c;
}

static int
refresh(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_param p[] = { { "SID", IVM_IPAMUI_SID_RMU } };
	struct ivm_ctl *list = ivm_form_ctl(f, "members");
	const char *add = pending(f)->text;
	struct ivm_result r;

	if (ivm_ipamui_read(w, f, IVM_SIDE_IPAM, "list-group-members", p, IVM_COUNT(p), &r, NULL) < 0)
		return -1;
	ivm_ctl_clear_rows(list);
	for (size_t i = 0; i < r.nrecords; i++)
		ivm_ctl_add_row(list, ivm_ipamui_rec(&r.records[i], "Member"), NULL);
	if (add[0] != '\0' && ivm_ipamui_has_member(&r, NULL, add)) {
		ivm_ctl_set_text(pending(f), "");	/* there already */
	} else if (add[0] != '\0') {
		char text[400];
		snprintf(text, sizeof(text), "%s%s", add, PENDING);
		ivm_ctl_add_row(list, text, add);
	}
	const char *name = ivm_field_get(r.fields, r.nfields, "Group");
	char about[400];
	snprintf(about, sizeof(about), "%s (SID %s): members may manage this computer over WinRM; %zu members.",
	         name ? name : "Remote Management Users", IVM_IPAMUI_SID_RMU, r.nrecords);
	ivm_ctl_set_text(ivm_form_ctl(f, "about"), about);
	ivm_result_release(&r);
	return 0;
}

/* Each opening starts from the server's members: a name added and then
 * cancelled is gone, as in Windows. */
static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	ivm_ctl_set_text(pending(f), "");
	refresh(w, f);
	return 0;
}

/* VMM uses one account: choosing another one here changes it everywhere,
 * once OK is pressed. */
static bool
take_account(struct ivm_wiz *w, const char *name)
{
	const char *acc = ivm_wiz_settings(w)->account;
	char q[800];

	if (acc == NULL || acc[0] == '\0' || strcasecmp(acc, name) == 0)
		return true;
	snprintf(q, sizeof(q), "VMM uses one account, and it is %s so far (the member of the group). Use %s "
	         "instead, for the group and the Run As account too? (It changes when you press OK.)", acc, name);
	return ivm_ui_confirm(ivm_wiz_ui(w), "Change the account VMM uses", q);
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	const char *names[8];

	if (action != ACT_ADD)
		return IVM_ACT_NONE;
	int rc = ivm_wiz_dialog(w, &ivm_page_lug_select_users);
	size_t n = rc == IVM_ACT_OK ? ivm_ipamui_selected(w, names, IVM_COUNT(names)) : 0;
	if (n == 0)
		return rc == IVM_ACT_QUIT ? IVM_ACT_QUIT : IVM_ACT_NONE;
	if (!take_account(w, names[0]))
		return IVM_ACT_NONE;
	ivm_ctl_set_text(pending(f), names[0]);
	refresh(w, f);
	if (pending(f)->text[0] == '\0')
		ivm_form_status(f, "%s is a member already.", names[0]);
	else
		ivm_form_status(f, "%s will be added when you press OK.%s", names[0],
		                n > 1 ? " (VMM uses one account: the other names were left out.)" : "");
	return IVM_ACT_NONE;
}

static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	static const char *const ops[] = { "ensure-rmu-member", NULL };
	struct ivm_err err;

	if (pending(f)->text[0] == '\0')
		return 0;	/* nothing added: OK closes, as in Windows */
	if (ivm_ipamui_set(w, "ipam/local-group/member", pending(f)->text, &err) < 0) {
		ivm_form_error(f, "members", "%s", err.why);
		return -1;
	}
	ivm_form_status(f, "Adding %s to Remote Management Users...", pending(f)->text);
	if (ivm_wiz_perform(w, ops, &err) < 0) {
		char text[sizeof(f->status)];
		ivm_ipamui_err_text(&err, text, sizeof(text));
		ivm_form_status(f, "%s", text);
		ivm_wiz_error(w, &err);
		return -1;
	}
	ivm_ctl_set_text(pending(f), "");
	refresh(w, f);
	return 0;
}

const struct ivm_page ivm_page_lug_rmu_properties = {
	.form = &form, .crumb = "Remote Management Users Properties",
	.enter = enter, .act = act, .leave = leave,
};
