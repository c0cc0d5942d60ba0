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

static const struct ivm_bind binds[] = {
	{ "name", "vmm/network-service/name" },
	{ "description", "vmm/network-service/description" },
};

static const struct ivm_form_def form = {
	.console = IVM_VMM_WIZARD,
	.title = "Name",
	.why = "VMM talks to IPAM through a network service: a named connection to the IPAM server. "
	"This page names it; Finish adds it to VMM with the settings of the pages that follow.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	IVM_WIZARD_BUTTONS,
	.default_action = IVM_ACT_NEXT,
};

const struct ivm_page ivm_page_vmm_name = {
	.form = &form,
	.binds = binds, .nbinds = IVM_COUNT(binds),
};
