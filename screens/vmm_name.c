/* screens/vmm_name.c: VMM Add Network Service Wizard, Name page: the network service's name and description. */
#include "config.h"

#include "screens/vmm_util.h"

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_TEXT, .id = "name", .label = "Name", .required = true, .validate = ivm_check_vmm_name,
	  .help = "The name VMM shows for the IPAM network service (Fabric, Networking, Network Service), "
	  "such as IPAM. At most 256 characters on one line." },
	{ .kind = IVM_CTL_TEXT, .id = "description", .label = "Description",
	  .validate = ivm_check_vmm_description,
	  .help = "Optional: what the service is for, shown beside it in the VMM console." },
};

static const struct ivm_vmm_bind binds[] = {
	{ "name", "vmm/network-service/name" },
	{ "description", "vmm/network-service/description" },
};

static const struct ivm_form_def form = {
	.console = IVM_VMM_WIZARD,
	.title = "Name",
	.why = "VMM talks to IPAM through a network service: a named connection to the IPAM server. "
	"This page names it; Finish adds it to VMM with the settings of the pages that follow.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	.buttons = ivm_wizard_buttons, .nbuttons = IVM_VMM_NAV_NBUTTONS,
	.default_action = IVM_ACT_NEXT,
};

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	ivm_vmm_fill(w, f, binds, IVM_COUNT(binds));
	return 0;
}

static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	return ivm_vmm_store(w, f, binds, IVM_COUNT(binds));
}

static void
leave_back(struct ivm_wiz *w, struct ivm_form *f)
{
	ivm_vmm_store_back(w, f, binds, IVM_COUNT(binds));
}

const struct ivm_page ivm_page_vmm_name = {
	.form = &form,
	.enter = enter, .leave = leave, .leave_back = leave_back,
};
