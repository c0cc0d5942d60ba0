/* screens/preflight.c: connect to both servers and say, per host, whether ipamvmm can administer it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "screens/ipam_util.h"

enum {
	ACT_RETRY = IVM_ACT_PAGE,
};

#define NEXT_BUTTON 1	/* "Next >" in the wizard's button row */

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_NOTE, .id = "ipam", .label = "IPAM server", .height = 2,
	  .help = "What ipamvmm found when it signed in to the IPAM server: reached or not, and whether the "
	  "account is an administrator there (it must be, to create the local group and grant the role)." },
	{ .kind = IVM_CTL_NOTE, .id = "vmm", .label = "VMM server", .height = 2,
	  .help = "What ipamvmm found when it signed in to the VMM server: reached or not, and whether the "
	  "account is an administrator there (it must be, to add the network service)." },
	{ .kind = IVM_CTL_NOTE, .id = "advice", .label = "What to do", .height = 3,
	  .help = "When a server cannot be used: what failed, why, and what to change. Go back with "
	  "Previous to correct the servers or accounts, or fix the server and press Retry." },
	{ .kind = IVM_CTL_BUTTON, .id = "retry", .label = "Retry", .action = ACT_RETRY,
	  .help = "Connect to both servers again and repeat the checks (after you fixed a server, started "
	  "WinRM, or added the account to Administrators)." },
};

static const struct ivm_form_def form = {
	.console = "ipamvmm", .title = "Check the servers",
	.why = "ipamvmm signs in to each server over WinRM and checks that the account administers it, "
	"before anything is changed. Both servers must pass: the steps that follow create a group, grant "
	"an IPAM role and add a VMM network service, which only administrators may do.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls), IVM_WIZARD_BUTTONS, .default_action = IVM_ACT_NEXT,
};

static void
probe(struct ivm_wiz *w, struct ivm_form *f)
{
	char out[IVM_SIDES][512];
	struct ivm_err err;
	static const char *const ids[IVM_SIDES] = { "ipam", "vmm" };

	memset(out, 0, sizeof(out));
	ivm_err_clear(&err);
	ivm_form_status(f, "Connecting to %s and %s...", ivm_wiz_label(w, IVM_SIDE_IPAM),
	                ivm_wiz_label(w, IVM_SIDE_VMM));
	int rc = ivm_wiz_connect(w, out, &err);
	for (int i = 0; i < IVM_SIDES; i++)
		ivm_ctl_set_text(ivm_form_ctl(f, ids[i]), out[i][0] ? out[i] : "not checked");
	struct ivm_ctl *advice = ivm_form_ctl(f, "advice");
	if (rc == 0 && ivm_wiz_connected(w)) {
		ivm_ctl_set_text(advice, "Both servers can be administered: press Next.");
		f->button_off &= ~(1u << NEXT_BUTTON);
		ivm_form_status(f, "Both servers are ready.");
		return;
	}
	char text[1024];
	bool tried = strstr(out[IVM_SIDE_IPAM], "not tried") == NULL && strstr(out[IVM_SIDE_VMM], "not tried") == NULL;
	if (!tried && err.what[0] != '\0')
		ivm_ipamui_err_text(&err, text, sizeof(text));	/* nothing was probed: say why */
	else
		snprintf(text, sizeof(text), "Do what the failing line says, then press Retry; or press Previous to "
		         "change the servers or accounts.");
	ivm_ctl_set_text(advice, text);
	f->button_off |= 1u << NEXT_BUTTON;
	ivm_form_status(f, "Not ready: Next is off until both servers pass; press Retry after fixing it.");
	ivm_form_focus_id(f, "retry");
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	/* every time: the servers or accounts may have changed on the page before */
	probe(w, f);
	return 0;
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	if (action == ACT_RETRY)
		probe(w, f);
	return IVM_ACT_NONE;
}

static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	if (ivm_wiz_connected(w))
		return 0;
	ivm_form_status(f, "Both servers must pass first: fix what the page says, then press Retry.");
	ivm_form_focus_id(f, "retry");
	return -1;
}

const struct ivm_page ivm_page_preflight = {
	.form = &form, .crumb = "Check the servers",
	.enter = enter, .act = act, .leave = leave,
};
