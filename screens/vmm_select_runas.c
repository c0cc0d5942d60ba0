/* screens/vmm_select_runas.c: the Select a Run As Account dialog: the Run As accounts VMM has, and Create Run As Account. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "screens/vmm_util.h"

enum { ACT_CREATE = IVM_ACT_PAGE };

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_LIST, .id = "accounts", .label = "Run As accounts", .height = 6, .action = IVM_ACT_OK,
	  .help = "The Run As accounts the VMM server has, with the account each holds. Pick the one that "
	  "holds the account you added to the IPAM group; Enter chooses it." },
	{ .kind = IVM_CTL_BUTTON, .id = "create", .label = "Create Run As Account...", .action = ACT_CREATE,
	  .help = "Opens Create Run As Account: makes a new Run As account in VMM now, with a name, the "
	  "user name and its password." },
};

static const struct ivm_form_def form = {
	.console = IVM_VMM_CONSOLE,
	.title = "Select a Run As Account",
	.why = "These are the Run As accounts VMM already keeps. Pick the one holding the account IPAM "
	"lets in, or create one: VMM checks its password against the domain when it is created.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	IVM_DIALOG_BUTTONS,
	.default_action = IVM_ACT_OK,
};

/* The list from the server; want: the row to make current (NULL: keep). */
static void
refresh(struct ivm_wiz *w, struct ivm_form *f, const char *want)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "accounts");
	struct ivm_result r;
	if (ivm_vmm_read(w, f, "accounts", "list-runas", &r) < 0)
		return;
	char *keep = ivm_vmm_current_key(c);
	bool first = c->nrows == 0;
	ivm_ctl_clear_rows(c);
	struct ivm_buf row = IVM_BUF_INIT;
	for (size_t i = 0; i < r.nrecords; i++) {
		const struct ivm_record *ra = &r.records[i];
		ivm_buf_clear(&row);
		ivm_buf_addf(&row, "%s (%s)%s", ivm_vmm_rec(ra, "Name"), ivm_vmm_rec(ra, "UserName"),
		             strcmp(ivm_vmm_rec(ra, "Enabled"), "false") == 0 ? ", disabled" : "");
		ivm_ctl_add_row(c, ivm_buf_str(&row), ivm_vmm_rec(ra, "Name"));
	}
	ivm_buf_release(&row);
	if (want != NULL || first || !ivm_vmm_select(c, keep))
		(void)ivm_vmm_select(c, want ? want : ivm_wiz_settings(w)->runas_name);
	if (r.nrecords == 0)
		ivm_form_status(f, "VMM has no Run As account yet: press Create Run As Account...");
	free(keep);
	ivm_result_release(&r);
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	refresh(w, f, ivm_wiz_settings(w)->runas_name);
	return 0;
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	if (action != ACT_CREATE)
		return IVM_ACT_NONE;
	int r = ivm_wiz_dialog(w, &ivm_page_vmm_create_runas);
	if (r == IVM_ACT_QUIT)
		return r;
	if (r != IVM_ACT_OK) {
		refresh(w, f, NULL);
		return IVM_ACT_NONE;
	}
	const char *name = ivm_wiz_settings(w)->runas_name;
	refresh(w, f, name);
	ivm_form_focus_id(f, "accounts");
	ivm_form_status(f, "Created the Run As account %s: press OK to use it.", name);
	return IVM_ACT_NONE;
}

static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	const char *name = ivm_form_value(f, "accounts");
	if (name == NULL) {
		ivm_form_error(f, "accounts", "no Run As account chosen: pick one, or press Create Run As Account...");
		return -1;
	}
	return ivm_vmm_use_runas(w, name);
}

const struct ivm_page ivm_page_vmm_select_runas = {
	.form = &form,
	.enter = enter, .act = act, .leave = leave,
};
