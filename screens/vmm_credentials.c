/* screens/vmm_credentials.c: VMM Add Network Service Wizard, Credentials page: the Run As account VMM uses for IPAM. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "screens/vmm_util.h"

enum { ACT_BROWSE = IVM_ACT_PAGE };

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_TEXT, .id = "runas", .label = "Run As account", .required = true,
	  .validate = ivm_check_vmm_name,
	  .help = "The name of the VMM Run As account that holds the domain account VMM logs on to IPAM "
	  "with (the account added to the IPAM group). Browse... picks one VMM has, or creates one." },
	{ .kind = IVM_CTL_BUTTON, .id = "browse", .label = "Browse...", .same_line = true, .action = ACT_BROWSE,
	  .help = "Opens Select a Run As Account: the Run As accounts VMM has, and Create Run As Account... "
	  "to make a new one now." },
	{ .kind = IVM_CTL_NOTE, .id = "about", .height = 2 },
};

static const struct ivm_form_def form = {
	.console = IVM_VMM_WIZARD,
	.title = "Credentials",
	.why = "VMM logs on to the IPAM server with a Run As account: a user name and password VMM keeps. "
	"It must hold the account you added to the IPAM group, so that IPAM lets VMM in.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	IVM_WIZARD_BUTTONS,
	.default_action = IVM_ACT_NEXT,
};

/* The Run As account VMM has under this name, looked up in r; NULL when none. */
static const struct ivm_record *
find(const struct ivm_result *r, const char *name)
{
	for (size_t i = 0; i < r->nrecords; i++)
		if (strcasecmp(ivm_vmm_rec(&r->records[i], "Name"), name) == 0)
			return &r->records[i];
	return NULL;
}

static bool
is_new(struct ivm_wiz *w, const char *name)
{
	const struct ivm_settings *s = ivm_wiz_settings(w);
	return s->runas_mode == IVM_RUNAS_NEW && s->runas_name != NULL && strcasecmp(s->runas_name, name) == 0 &&
	    ivm_wiz_password(w, IVM_SIDES) != NULL;
}

/* Say what the named account is, from the server's list. */
static void
describe(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_ctl *about = ivm_form_ctl(f, "about");
	const char *name = ivm_form_value(f, "runas");
	struct ivm_result r;
	if (*name == '\0') {
		ivm_ctl_set_text(about, "No Run As account chosen yet: press Browse...");
		return;
	}
	if (ivm_vmm_read(w, f, NULL, "list-runas", &r) < 0)
		return;
	const struct ivm_record *ra = find(&r, name);
	struct ivm_buf b = IVM_BUF_INIT;
	if (ra != NULL)
		ivm_buf_addf(&b, "VMM has this Run As account; it holds %s%s.", ivm_vmm_rec(ra, "UserName"),
		             strcmp(ivm_vmm_rec(ra, "Enabled"), "false") == 0 ? " and is disabled" : "");
	else if (is_new(w, name))
		ivm_buf_addf(&b, "A new Run As account for %s: Finish creates it.",
		             ivm_settings_runas_user(ivm_wiz_settings(w)));
	else
		ivm_buf_adds(&b, "VMM has no Run As account of this name yet: press Browse... to pick one "
		             "or to create it.");
	ivm_ctl_set_text(about, ivm_buf_str(&b));
	ivm_buf_release(&b);
	ivm_result_release(&r);
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	ivm_wiz_fill(w, f, "runas", "vmm/runas/name");
	describe(w, f);
	return 0;
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	if (action != ACT_BROWSE)
		return IVM_ACT_NONE;
	/* the dialog opens on what was typed here, when VMM may hold it */
	const char *typed = ivm_form_value(f, "runas");
	char msg[IVM_CHECK_MSG];
	struct ivm_err ignored;
	if (ivm_check_vmm_name(typed, msg, sizeof(msg)) == 0)
		(void)ivm_settings_set(ivm_wiz_settings(w), "vmm/runas/name", typed, &ignored);
	int r = ivm_wiz_dialog(w, &ivm_page_vmm_select_runas);
	if (r == IVM_ACT_QUIT)
		return r;
	if (r == IVM_ACT_OK) {
		ivm_ctl_set_text(ivm_form_ctl(f, "runas"), ivm_wiz_settings(w)->runas_name);
		ivm_form_ctl(f, "runas")->error[0] = '\0';
		ivm_form_focus_id(f, "runas");
	}
	describe(w, f);
	return IVM_ACT_NONE;
}

static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	const char *name = ivm_form_value(f, "runas");
	struct ivm_result r;
	if (ivm_vmm_read(w, f, "runas", "list-runas", &r) < 0)
		return -1;
	const struct ivm_record *ra = find(&r, name);
	int rc = 0;
	if (ra == NULL && !is_new(w, name)) {
		ivm_form_error(f, "runas", "VMM has no Run As account \"%.80s\": press Browse... to pick one, "
		               "or to create it with Create Run As Account...", name);
		rc = -1;
	} else if (ra != NULL && strcmp(ivm_vmm_rec(ra, "Enabled"), "false") == 0) {
		ivm_form_error(f, "runas", "is disabled in VMM: enable it (Settings, Security, Run As Accounts) "
		               "or press Browse... to pick another");
		rc = -1;
	} else {
		rc = ivm_vmm_use_runas(w, ra ? ivm_vmm_rec(ra, "Name") : name);
	}
	ivm_result_release(&r);
	return rc;
}

static void
leave_back(struct ivm_wiz *w, struct ivm_form *f)
{
	static const struct ivm_bind bind = { "runas", "vmm/runas/name" };
	ivm_wiz_store_binds_back(w, f, &bind, 1);
}

const struct ivm_page ivm_page_vmm_credentials = {
	.form = &form,
	.enter = enter, .act = act, .leave = leave, .leave_back = leave_back,
};
