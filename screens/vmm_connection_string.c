/* screens/vmm_connection_string.c: VMM Add Network Service Wizard, Connection String page: where VMM reaches IPAM. */
#include "config.h"

#include "screens/vmm_util.h"

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_TEXT, .id = "connection", .label = "Connection string", .required = true,
	  .validate = ivm_check_fqdn_port,
	  .help = "The IPAM server's fully qualified domain name, such as ipam1.contoso.com, optionally "
	  "followed by :port when IPAM listens on a port other than its default (48885). A short name "
	  "or an IP address makes the provider's tests fail." },
	{ .kind = IVM_CTL_NOTE, .id = "hint", .height = 1 },
};

static const struct ivm_bind binds[] = {
	{ "connection", "vmm/network-service/connection-string" },
};

static const struct ivm_form_def form = {
	.console = IVM_VMM_WIZARD,
	.title = "Connection String",
	.why = "VMM connects to the IPAM server at this address, with the Run As account. It is the IPAM "
	"server's fully qualified name, as the VMM server resolves it in DNS.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	IVM_WIZARD_BUTTONS,
	.default_action = IVM_ACT_NEXT,
};

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	const char *ipam = ivm_settings_host(ivm_wiz_settings(w), IVM_SIDE_IPAM);
	struct ivm_buf b = IVM_BUF_INIT;
	if (ipam != NULL)
		ivm_buf_addf(&b, "The IPAM server of the earlier pages: %s", ipam);
	ivm_ctl_set_text(ivm_form_ctl(f, "hint"), ivm_buf_str(&b));
	ivm_buf_release(&b);
	return 0;
}

const struct ivm_page ivm_page_vmm_connection_string = {
	.form = &form,
	.binds = binds, .nbinds = IVM_COUNT(binds),
	.enter = enter,
};
