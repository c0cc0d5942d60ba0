/* screens/vmm_summary.c: VMM Add Network Service Wizard, Summary page: every setting, the script, the answer file, Finish. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "screens/vmm_util.h"

enum { ACT_SCRIPT = IVM_ACT_PAGE, ACT_SAVE };

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_NOTE, .id = "settings", .label = "Settings", .height = 12,
	  .help = "Every setting the wizard will use, VMM server first, then the IPAM server and the "
	  "servers' connections. No password is shown: only where each one is read from." },
	{ .kind = IVM_CTL_BUTTON, .id = "script", .label = "View Script", .action = ACT_SCRIPT,
	  .help = "Shows the exact PowerShell each server will run, with every password replaced by ********." },
	{ .kind = IVM_CTL_TEXT, .id = "answers", .label = "Answer file", .validate = ivm_check_path,
	  .help = "Where Save Answer File... writes these settings as XML, for `ipamvmm run --answers FILE`. "
	  "Empty: the --save-answers file, or ipamvmm-answers.xml in the current folder. Passwords are never "
	  "written, only where each is read from." },
	{ .kind = IVM_CTL_BUTTON, .id = "save", .label = "Save Answer File...", .same_line = true, .action = ACT_SAVE,
	  .help = "Writes the settings to the answer file named beside it, to run the same setup unattended." },
};

static const struct ivm_form_def form = {
	.console = IVM_VMM_WIZARD,
	.title = "Summary",
	.why = "Check the settings before anything more is changed. Finish adds the network service to VMM "
	"(and the Run As account, if it is new), after VMM tests the connection to IPAM once more; the Jobs "
	"page then shows each step.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	IVM_WIZARD_LAST_BUTTONS,
	.default_action = IVM_ACT_FINISH,
};

/* The sections, in the order shown: the pages just filled in first. */
static const struct {
	const char *prefix, *title;
} sections[] = {
	{ "vmm/", "VMM server: Add Network Service Wizard" },
	{ "ipam/", "IPAM server: Local Users and Groups, Access Control" },
	{ "targets", "Servers and connections" },
};

static void
list_settings(struct ivm_wiz *w, struct ivm_buf *out)
{
	const struct ivm_settings *s = ivm_wiz_settings(w);
	struct ivm_buf v = IVM_BUF_INIT;
	for (size_t k = 0; k < IVM_COUNT(sections); k++) {
		ivm_buf_addf(out, "%s%s\n", k ? "\n" : "", sections[k].title);
		for (size_t i = 0; i < ivm_setting_nfields; i++) {
			const struct ivm_setting_field *fd = &ivm_setting_fields[i];
			if (strncmp(fd->name, sections[k].prefix, strlen(sections[k].prefix)) != 0 ||
			    !ivm_setting_applies(fd, s))
				continue;
			ivm_buf_clear(&v);
			ivm_settings_effective(s, fd, &v);
			/* a list's items are one per line */
			for (char *p = v.data; p && *p; p++)
				if (*p == '\n')
					*p = ';';
			ivm_buf_addf(out, "  %s: %s", fd->label, v.len ? ivm_buf_str(&v) : "(none)");
			if (fd->type == IVM_FT_SECRET) {
				enum ivm_side side = strncmp(fd->name, "vmm/", 4) == 0 ? IVM_SIDES : fd->side;
				if (ivm_wiz_password(w, side) != NULL)
					ivm_buf_adds(out, " (typed in this session, never shown)");
			}
			ivm_buf_addc(out, '\n');
		}
	}
	ivm_buf_release(&v);
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_buf b = IVM_BUF_INIT;
	list_settings(w, &b);
	ivm_ctl_set_text(ivm_form_ctl(f, "settings"), ivm_buf_str(&b));
	ivm_buf_release(&b);
	return 0;
}

static void
view_script(struct ivm_wiz *w)
{
	struct ivm_buf b = IVM_BUF_INIT;
	struct ivm_err err;
	ivm_err_clear(&err);
	if (ivm_wiz_script(w, &b, &err) == 0)
		ivm_ui_show_text(ivm_wiz_ui(w), "Script (passwords as ********)", ivm_buf_str(&b));
	else
		ivm_wiz_error(w, &err);
	ivm_buf_release(&b);
}

static void
save(struct ivm_wiz *w, struct ivm_form *f)
{
	const char *path = ivm_form_value(f, "answers");
	char msg[IVM_CHECK_MSG], written[4096];
	struct ivm_err err;
	if (*path != '\0' && ivm_check_path(path, msg, sizeof(msg)) < 0) {
		ivm_form_error(f, "answers", "%s", msg);
		return;
	}
	ivm_err_clear(&err);
	if (ivm_wiz_save_answers(w, *path ? path : NULL, written, sizeof(written), &err) < 0) {
		ivm_form_error(f, "answers", "could not be written: %s", err.why);
		ivm_wiz_error(w, &err);
		return;
	}
	ivm_form_status(f, "Saved the settings to %s (no password in it). Run them unattended with "
	                "ipamvmm run --answers %s", written, written);
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	if (action == ACT_SCRIPT)
		view_script(w);
	else if (action == ACT_SAVE)
		save(w, f);
	return IVM_ACT_NONE;
}

/* A new Run As account still to create: the one created from Create Run As
 * Account (or by an earlier run) is on the server already. */
static bool
runas_missing(struct ivm_wiz *w, struct ivm_form *f)
{
	const struct ivm_settings *s = ivm_wiz_settings(w);
	struct ivm_result r;
	if (s->runas_mode != IVM_RUNAS_NEW)
		return false;
	if (ivm_vmm_read(w, f, NULL, "list-runas", &r) < 0)
		return true;	/* ensure-runas finds out for itself */
	bool missing = true;
	for (size_t i = 0; i < r.nrecords && missing; i++)
		missing = !(strcasecmp(ivm_vmm_rec(&r.records[i], "Name"), s->runas_name) == 0 &&
		            strcasecmp(ivm_vmm_rec(&r.records[i], "UserName"), ivm_settings_runas_user(s)) == 0);
	ivm_result_release(&r);
	return missing;
}

/* Finish: what remains on the VMM server, in the plan's order. The test is
 * a step of its own so that the service is not added over a connection
 * that does not work (the batch stops at the first step that fails). */
static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_err err;
	ivm_err_clear(&err);
	if (ivm_settings_validate(ivm_wiz_settings(w), &err) < 0) {
		ivm_wiz_error(w, &err);
		ivm_form_status(f, "%s: go back with Previous to the page that holds it.", err.what);
		return -1;
	}
	const char *ops[4];
	size_t n = 0;
	if (runas_missing(w, f))
		ops[n++] = "ensure-runas";
	ops[n++] = "test-network-service";
	ops[n++] = "ensure-network-service";
	ops[n] = NULL;
	/* the steps run while the Jobs page shows them live; a step that fails
	 * is shown there, with what to do next; steps that could not start at
	 * all keep the page, with the reason */
	if (ivm_wiz_start(w, ops, &err) < 0) {
		ivm_wiz_error(w, &err);
		ivm_form_status(f, "Nothing was done: %s. %s", err.why, err.next);
		return -1;
	}
	return 0;
}

const struct ivm_page ivm_page_vmm_summary = {
	.form = &form,
	.enter = enter, .act = act, .leave = leave,
};
