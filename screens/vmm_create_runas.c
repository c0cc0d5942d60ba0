/* screens/vmm_create_runas.c: the Create Run As Account dialog: OK creates it in VMM at once, as the console does. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "screens/vmm_util.h"

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_TEXT, .id = "name", .label = "Name", .required = true, .validate = ivm_check_vmm_name,
	  .help = "The name VMM shows for the Run As account, such as IPAM Run As." },
	{ .kind = IVM_CTL_TEXT, .id = "description", .label = "Description", .validate = ivm_check_vmm_description,
	  .help = "Optional: what the Run As account is for." },
	{ .kind = IVM_CTL_TEXT, .id = "user", .label = "User name", .required = true, .validate = ivm_check_account,
	  .help = "The domain account the Run As account holds, as DOMAIN\\user or user@domain: the account "
	  "you added to the IPAM group (by default it is filled in). Use one whose password never expires." },
	{ .kind = IVM_CTL_PASSWORD, .id = "password", .label = "Password", .required = true,
	  .help = "The account's current domain password. VMM checks it when it creates the Run As account. "
	  "ipamvmm keeps it in memory only and never writes it anywhere." },
	{ .kind = IVM_CTL_PASSWORD, .id = "confirm", .label = "Confirm password", .required = true,
	  .help = "The same password again, to catch a typing mistake." },
};

static const struct ivm_bind binds[] = {
	{ "name", "vmm/runas/name" },
	{ "description", "vmm/runas/description" },
	{ "user", "vmm/runas/user" },
};

static const struct ivm_form_def form = {
	.console = IVM_VMM_CONSOLE,
	.title = "Create Run As Account",
	.why = "A Run As account is a user name and password that VMM stores and uses for you. OK creates "
	"it on the VMM server straight away (a VMM job, shown in Jobs), holding the account IPAM lets in.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	IVM_DIALOG_BUTTONS,
	.default_action = IVM_ACT_OK,
};

static void
forget_passwords(struct ivm_form *f)
{
	ivm_ctl_set_text(ivm_form_ctl(f, "password"), "");
	ivm_ctl_set_text(ivm_form_ctl(f, "confirm"), "");
}

/* The dialog opens with empty password boxes, as the console's does: one
 * typed before and cancelled is not kept. */
static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	ivm_wiz_fill_binds(w, f, binds, IVM_COUNT(binds));
	forget_passwords(f);
	return 0;
}

/* A Run As account of this name that holds another account would have its
 * credentials replaced: refuse, as the console does for a name in use. */
static int
name_free(struct ivm_wiz *w, struct ivm_form *f, const char *name, const char *user)
{
	struct ivm_result r;
	if (ivm_vmm_read(w, f, "name", "list-runas", &r) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < r.nrecords && rc == 0; i++) {
		const struct ivm_record *ra = &r.records[i];
		if (strcasecmp(ivm_vmm_rec(ra, "Name"), name) == 0 && strcasecmp(ivm_vmm_rec(ra, "UserName"), user) != 0) {
			ivm_form_error(f, "name", "VMM already has a Run As account of this name, for %.60s: "
			               "choose another name, or Cancel and pick it in Select a Run As Account",
			               ivm_vmm_rec(ra, "UserName"));
			rc = -1;
		}
	}
	ivm_result_release(&r);
	return rc;
}

static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_ctl *pw = ivm_form_ctl(f, "password"), *cf = ivm_form_ctl(f, "confirm");
	if (strcmp(pw->text, cf->text) != 0) {
		ivm_ctl_set_text(cf, "");
		ivm_form_error(f, "confirm", "does not match the password: type the same password in both");
		return -1;
	}
	if (name_free(w, f, ivm_form_value(f, "name"), ivm_form_value(f, "user")) < 0 ||
	    ivm_wiz_store_binds(w, f, binds, IVM_COUNT(binds)) < 0 || ivm_vmm_set(w, "vmm/runas/@mode", "new") < 0)
		return -1;
	/* the wizard keeps the password from here on; the form forgets it */
	ivm_wiz_set_password(w, IVM_SIDES, pw->text);
	forget_passwords(f);

	static const char *const ops[] = { "ensure-runas", NULL };
	struct ivm_err err;
	ivm_err_clear(&err);
	if (ivm_wiz_perform(w, ops, &err) < 0) {
		ivm_wiz_error(w, &err);
		ivm_form_status(f, "The Run As account was not created: %s. Type the password again and press OK.",
		                err.why);
		ivm_form_focus_id(f, "password");
		return -1;
	}
	return 0;
}

/* Leaving without OK keeps nothing: the passwords least of all. */
static void
leave_back(struct ivm_wiz *w, struct ivm_form *f)
{
	(void)w;
	forget_passwords(f);
}

const struct ivm_page ivm_page_vmm_create_runas = {
	.form = &form,
	.enter = enter, .leave = leave, .leave_back = leave_back,
};
