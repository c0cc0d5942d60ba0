/* screens/ipam_access_policies.c: IPAM Access Control, Access Policies: who holds which IPAM role, and Add Access Policy. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "screens/ipam_util.h"

enum {
	ACT_ADD = IVM_ACT_PAGE,
	ACT_REFRESH,
};

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_LIST, .id = "policies", .label = "Access policies", .height = 6,
	  .help = "Who holds an IPAM role, read from the IPAM server: the members of the IPAM local groups that "
	  "carry a role at Global, and the policies added in this session. No command lists the IPAM "
	  "console's own access policies, so a policy made there by hand is not shown." },
	{ .kind = IVM_CTL_BUTTON, .id = "add", .label = "Add Access Policy...", .action = ACT_ADD,
	  .help = "Give the group that holds the account VMM uses the IPAM ASM Administrator Role at Global; "
	  "the policy is applied on the server when you press OK there." },
	{ .kind = IVM_CTL_BUTTON, .id = "refresh", .label = "Refresh", .action = ACT_REFRESH, .same_line = true,
	  .help = "Read the roles and their holders from the IPAM server again." },
	{ .kind = IVM_CTL_NOTE, .id = "how", .label = "How the role is granted", .height = 2,
	  .help = "How pressing OK in Add Access Policy gives the role on this server." },
	{ .kind = IVM_CTL_NOTE, .id = "state", .label = "Still needed", .height = 2,
	  .help = "Whether the group holds the role VMM needs. Next is refused until it does." },
};

static const struct ivm_form_def form = {
	.console = "IPAM Access Control", .title = "Access Policies",
	.why = "IPAM answers only users it has given a role. VMM needs the IPAM ASM Administrator Role at the "
	"Global access scope for the group that holds its account, so that it can read and change IP address "
	"spaces.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls), IVM_WIZARD_BUTTONS, .default_action = IVM_ACT_NEXT,
};

struct state {
	bool read;
	bool held;
	char group[300], role[300], scope[300];
};

/* Grants made in this session (the lab records an access policy, which no
 * read operation returns). */
static bool
session_grants(struct ivm_wiz *w, struct ivm_ctl *list, const struct state *st)
{
	char want[400];
	bool held = false;

	snprintf(want, sizeof(want), "Grant %s", st->role);
	for (size_t i = 0; i < ivm_wiz_nsteps(w); i++) {
		struct ivm_step_snapshot s;
		ivm_wiz_step(w, i, &s);
		if (strncmp(s.name, "Grant ", 6) != 0 || s.state != IVM_STEP_COMPLETED)
			continue;
		char text[800];
		snprintf(text, sizeof(text), "%s (applied in this session)", s.message[0] ? s.message : s.name);
		ivm_ctl_add_row(list, text, s.name);
		held |= strcasecmp(s.name, want) == 0;
	}
	return held;
}

static void
examine(struct ivm_wiz *w, struct ivm_form *f, struct state *st)
{
	struct ivm_ctl *list = ivm_form_ctl(f, "policies");
	struct ivm_buf scratch = IVM_BUF_INIT;
	const char *acc = ivm_wiz_settings(w)->account;
	char canon[300] = "", sid[200] = "", type[64];
	struct ivm_result roles;
	struct ivm_err err;

	memset(st, 0, sizeof(*st));
	snprintf(st->group, sizeof(st->group), "%s", ivm_ipamui_setting(w, "ipam/local-group/name", &scratch));
	snprintf(st->role, sizeof(st->role), "%s", ivm_ipamui_setting(w, "ipam/access-policy/role", &scratch));
	snprintf(st->scope, sizeof(st->scope), "%s", ivm_ipamui_setting(w, "ipam/access-policy/scope", &scratch));
	ivm_buf_release(&scratch);
	if (ivm_ipamui_read(w, f, IVM_SIDE_IPAM, "list-ipam-roles", NULL, 0, &roles, NULL) < 0)
		return;
	if (acc != NULL && acc[0] != '\0')
		ivm_ipamui_resolve(w, acc, canon, sizeof(canon), sid, sizeof(sid), type, sizeof(type), &err);
	ivm_ctl_clear_rows(list);
	st->read = true;
	for (size_t i = 0; i < roles.nrecords; i++) {
		const struct ivm_record *r = &roles.records[i];
		const char *group = ivm_ipamui_rec(r, "Group"), *role = ivm_ipamui_rec(r, "Name");
		if (strcmp(ivm_ipamui_rec(r, "Kind"), "Role") != 0 || group[0] == '\0')
			continue;
		struct ivm_param p[] = { { "Group", group } };
		struct ivm_result m;
		if (ivm_ipamui_read(w, NULL, IVM_SIDE_IPAM, "list-group-members", p, IVM_COUNT(p), &m, &err) < 0) {
			/* one group unreadable (a localized name?) does not hide the others */
			struct ivm_buf text = IVM_BUF_INIT;
			ivm_buf_addf(&text, "(%s, which carries the %s: cannot be read: %s)", group, role,
			             err.why[0] ? err.why : err.what);
			ivm_ctl_add_row(list, ivm_buf_str(&text), "");
			ivm_buf_release(&text);
			continue;
		}
		for (size_t k = 0; k < m.nrecords; k++) {
			char text[900];
			snprintf(text, sizeof(text), "%s: %s at Global (member of %s)",
			         ivm_ipamui_rec(&m.records[k], "Member"), role, group);
			ivm_ctl_add_row(list, text, NULL);
		}
		/* RBAC is additive: membership of the role's group grants it at Global */
		if (strcasecmp(role, st->role) == 0 && strcasecmp(st->scope, "Global") == 0 && canon[0] &&
		    ivm_ipamui_has_member(&m, sid, canon))
			st->held = true;
		ivm_result_release(&m);
	}
	ivm_result_release(&roles);
	if (session_grants(w, list, st))
		st->held = true;
	if (list->nrows == 0)
		ivm_ctl_add_row(list, "(no role holder can be read from the server yet)", "");
}

static void
show(struct ivm_wiz *w, struct ivm_form *f, const struct state *st)
{
	char text[1000];

	if (ivm_wiz_lab(w))
		snprintf(text, sizeof(text), "LAB: the lab keeps IPAM access policies as the console does.");
	else
		snprintf(text, sizeof(text), "No PowerShell command creates an IPAM access policy, so ipamvmm grants "
		         "the role the documented way: the group's members join the IPAM local group that holds "
		         "that role at Global.");
	ivm_ctl_set_text(ivm_form_ctl(f, "how"), text);
	if (!st->read)
		return;
	if (st->held)
		snprintf(text, sizeof(text), "Done: %s holds the %s at %s.", st->group, st->role, st->scope);
	else
		snprintf(text, sizeof(text), "%s does not hold the %s at %s yet: press Add Access Policy..., New..., "
		         "Add Setting, then OK.", st->group, st->role, st->scope);
	ivm_ctl_set_text(ivm_form_ctl(f, "state"), text);
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	struct state st;
	examine(w, f, &st);
	show(w, f, &st);
	return 0;
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	if (action == ACT_ADD) {
		int rc = ivm_wiz_dialog(w, &ivm_page_ipam_add_access_policy);
		if (rc == IVM_ACT_QUIT)
			return IVM_ACT_QUIT;
	} else if (action != ACT_REFRESH) {
		return IVM_ACT_NONE;
	}
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
	show(w, f, &st);
	if (!st.read)
		return -1;
	if (!st.held) {
		ivm_form_status(f, "Not done yet: %s needs the %s at %s. Press Add Access Policy..., then OK there.",
		                st.group, st.role, st.scope);
		ivm_form_focus_id(f, "add");
		return -1;
	}
	return 0;
}

const struct ivm_page ivm_page_ipam_access_policies = {
	.form = &form, .crumb = "IPAM Access Control > Access Policies",
	.enter = enter, .act = act, .leave = leave,
};
