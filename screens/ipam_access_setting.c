/* screens/ipam_access_setting.c: the Add Access Setting dialog: a role from the IPAM server's list and an access scope (Global and under it). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "screens/ipam_util.h"

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_LIST, .id = "role", .label = "Select role", .height = 8,
	  .help = "The IPAM role the policy gives, as the IPAM server lists it. VMM needs IPAM ASM "
	  "Administrator Role (address space management); a broader role works but gives more than needed." },
	{ .kind = IVM_CTL_TREE, .id = "scope", .label = "Access scope", .height = 5,
	  .help = "Where the role applies: Global is every object IPAM manages; the scopes under it are "
	  "subsets. VMM needs Global." },
};

static const struct ivm_button_def buttons[] = {
	{ "Add Setting", IVM_ACT_OK, 'a', IVM_BTN_VALIDATE },
	{ "Cancel", IVM_ACT_CANCEL, 0, IVM_BTN_CANCEL },
};

static const struct ivm_form_def form = {
	.console = "IPAM Access Control", .title = "Add Access Setting",
	.why = "An access setting pairs a role (what may be done) with an access scope (on which objects). "
	"VMM reads and writes IP address spaces, which the IPAM ASM Administrator Role at Global allows.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls), .buttons = buttons, .nbuttons = IVM_COUNT(buttons),
	.default_action = IVM_ACT_OK,
};

static size_t
depth_of(const char *path)
{
	size_t d = 0;
	for (const char *p = path; *p; p++)
		d += *p == '\\';
	return d;
}

/* Refill both lists from the server, keeping the rows chosen (or, the first
 * time, the settings' role and scope). */
static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_ctl *role = ivm_form_ctl(f, "role"), *scope = ivm_form_ctl(f, "scope");
	struct ivm_buf s1 = IVM_BUF_INIT, s2 = IVM_BUF_INIT;
	char *want_role = ivm_xstrdup(role->nrows ? ivm_row_key(&role->rows[role->cur]) :
	                              ivm_ipamui_setting(w, "ipam/access-policy/role", &s1));
	char *want_scope = ivm_xstrdup(scope->nrows ? ivm_row_key(&scope->rows[scope->cur]) :
	                               ivm_ipamui_setting(w, "ipam/access-policy/scope", &s2));
	struct ivm_result r;

	ivm_buf_release(&s1);
	ivm_buf_release(&s2);
	if (ivm_ipamui_read(w, f, IVM_SIDE_IPAM, "list-ipam-roles", NULL, 0, &r, NULL) == 0) {
		ivm_ctl_clear_rows(role);
		ivm_ctl_clear_rows(scope);
		for (size_t i = 0; i < r.nrecords; i++) {
			const struct ivm_record *rec = &r.records[i];
			const char *kind = ivm_ipamui_rec(rec, "Kind");
			if (strcmp(kind, "Role") == 0) {
				ivm_ctl_add_row(role, ivm_ipamui_rec(rec, "Name"), NULL);
			} else if (strcmp(kind, "Scope") == 0) {
				const char *path = ivm_ipamui_rec(rec, "Path");
				ivm_ctl_add_row(scope, ivm_ipamui_rec(rec, "Name"), path)->depth = (int)depth_of(path);
			}
		}
		ivm_result_release(&r);
		ivm_ipamui_select_key(role, want_role);
		ivm_ipamui_select_key(scope, want_scope);
		if (role->nrows > 0)
			ivm_form_status(f, "%zu roles and %zu access scopes on %s.", role->nrows, scope->nrows,
			                ivm_wiz_label(w, IVM_SIDE_IPAM));
	}
	free(want_role);
	free(want_scope);
	return 0;
}

/* Add Setting: a role and a scope must be chosen and valid. */
static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	static const struct {
		const char *id;
		ivm_check_fn check;
		const char *empty;
	} parts[] = {
		{ "role", ivm_check_role, "the IPAM server listed no role: press Cancel and check the IPAM server" },
		{ "scope", ivm_check_scope, "the IPAM server listed no access scope: press Cancel and check the IPAM "
		  "server" },
	};
	char msg[IVM_CHECK_MSG];

	(void)w;
	ivm_form_clear_errors(f);
	for (size_t i = 0; i < IVM_COUNT(parts); i++) {
		const char *v = ivm_form_value(f, parts[i].id);
		if (v == NULL) {
			ivm_form_error(f, parts[i].id, "%s", parts[i].empty);
			return -1;
		}
		if (parts[i].check(v, msg, sizeof(msg)) < 0) {
			ivm_form_error(f, parts[i].id, "%s", msg);
			return -1;
		}
	}
	return 0;
}

const struct ivm_page ivm_page_ipam_access_setting = {
	.form = &form, .crumb = "Add Access Setting",
	.enter = enter, .leave = leave,
};
