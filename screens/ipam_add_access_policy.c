/* screens/ipam_add_access_policy.c: the Add Access Policy dialog: the group (User Settings), its access setting, OK grants it on the IPAM server. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "screens/ipam_util.h"

enum {
	ACT_NEW = IVM_ACT_PAGE,
	ACT_DELETE,
};

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_NOTE, .id = "user", .label = "User settings: user or group", .height = 1,
	  .help = "Who the policy is for: the local group made on Local Users and Groups, which holds the "
	  "account VMM uses. To use another group, go back to Local Users and Groups and create it there." },
	{ .kind = IVM_CTL_LIST, .id = "settings", .label = "Access settings", .height = 3,
	  .help = "The role and access scope the group gets. New... chooses them from the IPAM server's list; "
	  "VMM needs IPAM ASM Administrator Role at Global." },
	{ .kind = IVM_CTL_BUTTON, .id = "new", .label = "New...", .action = ACT_NEW,
	  .help = "Open Add Access Setting to choose the role and the access scope." },
	{ .kind = IVM_CTL_BUTTON, .id = "delete", .label = "Delete", .action = ACT_DELETE, .same_line = true,
	  .help = "Take the selected access setting out of the policy (nothing changes on the server until OK)." },
	{ .kind = IVM_CTL_NOTE, .id = "how", .label = "How it is applied", .height = 3,
	  .help = "What pressing OK does on the IPAM server." },
};

static const struct ivm_form_def form = {
	.console = "IPAM Access Control", .title = "Add Access Policy",
	.why = "An access policy gives a user or group a role at an access scope. Without it IPAM refuses "
	"VMM's requests even though the account can sign in. OK applies the policy on the IPAM server.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls), IVM_DIALOG_BUTTONS, .default_action = IVM_ACT_OK,
};

/* A setting row's key: "role\tscope". */
static void
split(const char *key, char *role, size_t rsize, char *scope, size_t ssize)
{
	const char *tab = strchr(key, '\t');
	size_t n = tab ? (size_t)(tab - key) : strlen(key);
	snprintf(role, rsize, "%.*s", (int)n, key);
	snprintf(scope, ssize, "%s", tab ? tab + 1 : "Global");
}

/* The sentence about how OK grants the role. On a real server no cmdlet
 * makes an access policy (design.md), so the script uses the IPAM local
 * group that carries the role at Global. */
static void
how(struct ivm_wiz *w, struct ivm_form *f, const char *group, const char *role)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "how");
	char text[800];
	struct ivm_result r;

	if (ivm_wiz_lab(w)) {
		snprintf(text, sizeof(text), "LAB: OK records an access policy giving %s the role, as the IPAM console "
		         "does.", group);
		ivm_ctl_set_text(c, text);
		return;
	}
	const char *via = "";
	if (ivm_ipamui_read(w, NULL, IVM_SIDE_IPAM, "list-ipam-roles", NULL, 0, &r, NULL) == 0) {
		for (size_t i = 0; i < r.nrecords; i++)
			if (strcasecmp(ivm_ipamui_rec(&r.records[i], "Name"), role) == 0)
				via = ivm_ipamui_rec(&r.records[i], "Group");
		snprintf(text, sizeof(text), "No PowerShell command creates an IPAM access policy, so OK grants %s the "
		         "documented way: the members of %s join the local group %s, which IPAM gives this role at "
		         "Global.", role, group, via[0] ? via : "that carries the role");
		ivm_result_release(&r);
	} else {
		snprintf(text, sizeof(text), "No PowerShell command creates an IPAM access policy, so OK grants the role "
		         "the documented way: the members of %s join the IPAM local group that carries it at Global.",
		         group);
	}
	ivm_ctl_set_text(c, text);
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_buf g = IVM_BUF_INIT, role = IVM_BUF_INIT;
	const char *group = ivm_ipamui_setting(w, "ipam/local-group/name", &g);
	char text[400];

	snprintf(text, sizeof(text), "%s (local group on %s)", group, ivm_wiz_label(w, IVM_SIDE_IPAM));
	ivm_ctl_set_text(ivm_form_ctl(f, "user"), text);
	how(w, f, group, ivm_ipamui_setting(w, "ipam/access-policy/role", &role));
	ivm_buf_release(&g);
	ivm_buf_release(&role);
	return 0;
}

static void
new_setting(struct ivm_wiz *w, struct ivm_form *f)
{
	if (ivm_wiz_dialog(w, &ivm_page_ipam_access_setting) != IVM_ACT_OK)
		return;
	struct ivm_form *as = ivm_wiz_form_of(w, &ivm_page_ipam_access_setting);
	const char *role = as ? ivm_form_value(as, "role") : NULL;
	const char *scope = as ? ivm_form_value(as, "scope") : NULL;
	if (role == NULL || scope == NULL)
		return;
	/* one setting: the procedure grants one role at one scope */
	struct ivm_ctl *c = ivm_form_ctl(f, "settings");
	char text[600], key[600];
	snprintf(text, sizeof(text), "%s at %s", role, scope);
	snprintf(key, sizeof(key), "%s\t%s", role, scope);
	ivm_ctl_clear_rows(c);
	ivm_ctl_add_row(c, text, key);
	c->error[0] = '\0';
	ivm_form_status(f, "Access setting: %s at %s. Press OK to apply the policy.", role, scope);
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "settings");

	if (action == ACT_NEW)
		new_setting(w, f);
	else if (action == ACT_DELETE && c->nrows > 0)
		ivm_ctl_remove_row(c, c->cur);
	return IVM_ACT_NONE;
}

/* OK: the console applies the policy now; so does this page. */
static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	static const char *const ops[] = { "grant-ipam-role", NULL };
	struct ivm_ctl *c = ivm_form_ctl(f, "settings");
	char role[300], scope[300];
	struct ivm_err err;

	if (c->nrows == 0) {
		ivm_form_error(f, "settings", "required: press New... to choose the role and the access scope");
		return -1;
	}
	split(ivm_row_key(&c->rows[c->cur < c->nrows ? c->cur : 0]), role, sizeof(role), scope, sizeof(scope));
	if (ivm_ipamui_set(w, "ipam/access-policy/role", role, &err) < 0 ||
	    ivm_ipamui_set(w, "ipam/access-policy/scope", scope, &err) < 0) {
		ivm_form_error(f, "settings", "%s", err.why);
		return -1;
	}
	ivm_form_status(f, "Granting %s at %s on %s...", role, scope, ivm_wiz_label(w, IVM_SIDE_IPAM));
	if (ivm_wiz_perform(w, ops, &err) < 0) {
		char text[sizeof(f->status)];
		ivm_ipamui_err_text(&err, text, sizeof(text));
		ivm_form_status(f, "%s", text);
		ivm_wiz_error(w, &err);
		return -1;
	}
	return 0;
}

const struct ivm_page ivm_page_ipam_add_access_policy = {
	.form = &form, .crumb = "Add Access Policy",
	.enter = enter, .act = act, .leave = leave,
};
