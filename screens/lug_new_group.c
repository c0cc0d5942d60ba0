/* screens/lug_new_group.c: the New Group dialog: name, description, the member; Create makes the group on the IPAM server. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "screens/ipam_util.h"

enum {
	ACT_ADD = IVM_ACT_PAGE,
	ACT_REMOVE,
	ACT_CREATE,
};

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_TEXT, .id = "name", .label = "Group name", .required = true,
	  .validate = ivm_check_group_name,
	  .help = "The local group that will hold the account VMM uses; VMM Users unless you have a reason. "
	  "At most 256 characters, none of \" / \\ [ ] : ; | = , + * ? < > @, not only periods or spaces." },
	{ .kind = IVM_CTL_TEXT, .id = "description", .label = "Description",
	  .validate = ivm_check_group_description,
	  .help = "Optional: what the group is for, shown in Local Users and Groups (at most 256 characters)." },
	{ .kind = IVM_CTL_LIST, .id = "members", .label = "Members", .height = 3,
	  .help = "The account VMM uses to reach IPAM (one account: the Run As account on the VMM server holds "
	  "the same one). Add... names it; Remove takes it out before Create." },
	{ .kind = IVM_CTL_BUTTON, .id = "add", .label = "Add...", .action = ACT_ADD,
	  .help = "Open Select Users to name the account VMM uses; the IPAM server checks the name." },
	{ .kind = IVM_CTL_BUTTON, .id = "remove", .label = "Remove", .action = ACT_REMOVE, .same_line = true,
	  .help = "Take the selected member out of the list (nothing changes on the server until Create)." },
	{ .kind = IVM_CTL_NOTE, .id = "seen" },
};

static const struct ivm_button_def buttons[] = {
	{ "Create", ACT_CREATE, 'c', IVM_BTN_VALIDATE },
	{ "Close", IVM_ACT_CLOSE, 0, IVM_BTN_CANCEL },
};

static const struct ivm_form_def form = {
	.console = "Local Users and Groups", .title = "New Group",
	.why = "The group collects the account VMM uses, so that one IPAM access policy (next console) can "
	"name the group. Create makes the group on the IPAM server and adds the member; pressing it again "
	"changes nothing that is already there.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls), .buttons = buttons, .nbuttons = IVM_COUNT(buttons),
	.default_action = ACT_CREATE,
};

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	ivm_wiz_fill(w, f, "name", "ipam/local-group/name");
	ivm_wiz_fill(w, f, "description", "ipam/local-group/description");
	const char *acc = ivm_wiz_settings(w)->account;
	if (ivm_ipamui_first_enter(f, "seen") && acc != NULL && acc[0] != '\0')
		ivm_ctl_add_row(ivm_form_ctl(f, "members"), acc, NULL);
	return 0;
}

static void
add(struct ivm_wiz *w, struct ivm_form *f)
{
	const char *names[8];
	int rc = ivm_wiz_dialog(w, &ivm_page_lug_select_users);
	size_t n = rc == IVM_ACT_OK ? ivm_ipamui_selected(w, names, IVM_COUNT(names)) : 0;
	if (n == 0)
		return;
	struct ivm_ctl *m = ivm_form_ctl(f, "members");
	ivm_ctl_clear_rows(m);
	ivm_ctl_add_row(m, names[0], NULL);
	m->error[0] = '\0';
	if (n > 1)
		ivm_form_status(f, "VMM uses one account: %s is the member; the other names were left out.", names[0]);
	else
		ivm_form_status(f, "%s will be the member: press Create.", names[0]);
}

static int
create(struct ivm_wiz *w, struct ivm_form *f)
{
	static const char *const ops[] = { "ensure-group", "ensure-group-member", NULL };
	struct ivm_ctl *m = ivm_form_ctl(f, "members");
	struct ivm_err err;

	if (m->nrows == 0) {
		ivm_form_error(f, "members", "required: press Add... and name the account VMM uses");
		return IVM_ACT_NONE;
	}
	if (ivm_wiz_store(w, f, "name", "ipam/local-group/name") < 0 ||
	    ivm_wiz_store(w, f, "description", "ipam/local-group/description") < 0)
		return IVM_ACT_NONE;
	if (ivm_ipamui_set(w, "ipam/local-group/member", ivm_row_key(&m->rows[0]), &err) < 0) {
		ivm_form_error(f, "members", "%s", err.why);
		return IVM_ACT_NONE;
	}
	ivm_form_status(f, "Creating %s on %s...", ivm_form_value(f, "name"), ivm_wiz_label(w, IVM_SIDE_IPAM));
	if (ivm_wiz_perform(w, ops, &err) < 0) {
		char text[sizeof(f->status)];
		ivm_ipamui_err_text(&err, text, sizeof(text));
		ivm_form_status(f, "%s", text);
		ivm_wiz_error(w, &err);
		return IVM_ACT_NONE;
	}
	ivm_form_status(f, "The group %s holds %s.", ivm_form_value(f, "name"), ivm_row_key(&m->rows[0]));
	return IVM_ACT_CLOSE;
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	struct ivm_ctl *m = ivm_form_ctl(f, "members");

	switch (action) {
	case ACT_ADD:
		add(w, f);
		break;
	case ACT_REMOVE:
		if (m->nrows == 0)
			ivm_form_status(f, "There is no member to remove.");
		else
			ivm_ctl_remove_row(m, m->cur);
		break;
	case ACT_CREATE:
		return create(w, f);
	default:
		break;
	}
	return IVM_ACT_NONE;
}

const struct ivm_page ivm_page_lug_new_group = {
	.form = &form, .crumb = "New Group",
	.enter = enter, .act = act,
};
