/* screens/vmm_manufacturer.c: VMM Add Network Service Wizard, Manufacturer and Model page, from VMM's configuration providers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "screens/vmm_util.h"

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_CHOICE, .id = "manufacturer", .label = "Manufacturer", .height = 2,
	  .help = "Who makes the network service, as VMM's configuration providers name it. For IPAM: "
	  "Microsoft." },
	{ .kind = IVM_CTL_CHOICE, .id = "model", .label = "Model", .height = 4,
	  .help = "The kind of network service. For IPAM: Microsoft Windows Server IP Address Management. "
	  "The list is every model VMM's configuration providers support." },
};

static const struct ivm_bind binds[] = {
	{ "manufacturer", "vmm/network-service/manufacturer" },
	{ "model", "vmm/network-service/model" },
};

static const struct ivm_form_def form = {
	.console = IVM_VMM_WIZARD,
	.title = "Manufacturer and Model",
	.why = "VMM reaches each kind of network device through a configuration provider, chosen by its "
	"manufacturer and model. For IPAM choose Microsoft and Microsoft Windows Server IP Address "
	"Management; the lists come from the VMM server.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	IVM_WIZARD_BUTTONS,
	.default_action = IVM_ACT_NEXT,
};

/* Rows for one column of the providers, each value once, keeping the
 * user's choice (or, the first time, the setting's). */
static void
fill_column(struct ivm_wiz *w, struct ivm_ctl *c, const struct ivm_result *r, const char *column,
            const char *setting)
{
	char *keep = ivm_vmm_current_key(c);
	bool first = c->nrows == 0;
	ivm_ctl_clear_rows(c);
	for (size_t i = 0; i < r->nrecords; i++) {
		const char *v = ivm_vmm_rec(&r->records[i], column);
		bool seen = *v == '\0';
		for (size_t k = 0; k < c->nrows && !seen; k++)
			seen = strcasecmp(c->rows[k].text, v) == 0;
		if (!seen)
			ivm_ctl_add_row(c, v, NULL);
	}
	struct ivm_buf b = IVM_BUF_INIT;
	if (first || !ivm_vmm_select(c, keep))
		(void)ivm_vmm_select(c, ivm_vmm_setting(w, setting, &b));
	ivm_buf_release(&b);
	free(keep);
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_result r;
	if (ivm_vmm_read(w, f, "manufacturer", "list-providers", &r) < 0)
		return 0;
	fill_column(w, ivm_form_ctl(f, "manufacturer"), &r, "Manufacturer", "vmm/network-service/manufacturer");
	fill_column(w, ivm_form_ctl(f, "model"), &r, "Model", "vmm/network-service/model");
	if (r.nrecords == 0)
		ivm_form_error(f, "manufacturer", "VMM lists no configuration provider");
	ivm_result_release(&r);
	return 0;
}

static bool
is_for(const struct ivm_record *p, const char *manufacturer, const char *model)
{
	return strcasecmp(ivm_vmm_rec(p, "Manufacturer"), manufacturer) == 0 &&
	    strcasecmp(ivm_vmm_rec(p, "Model"), model) == 0;
}

/* The provider (by name, or the first for this manufacturer and model when
 * name is NULL) that VMM has for them, or NULL. */
static const struct ivm_record *
provider_for(const struct ivm_result *r, const char *name, const char *manufacturer, const char *model)
{
	for (size_t i = 0; i < r->nrecords; i++)
		if ((name == NULL || strcasecmp(ivm_vmm_rec(&r->records[i], "Name"), name) == 0) &&
		    is_for(&r->records[i], manufacturer, model))
			return &r->records[i];
	return NULL;
}

static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	const char *man = ivm_form_value(f, "manufacturer"), *model = ivm_form_value(f, "model");
	struct ivm_result r;
	if (ivm_vmm_read(w, f, "manufacturer", "list-providers", &r) < 0)
		return -1;
	int rc = 0;
	const struct ivm_record *p = man && model ? provider_for(&r, NULL, man, model) : NULL;
	if (r.nrecords == 0) {
		ivm_form_error(f, "manufacturer", "VMM lists no configuration provider: check the VMM "
		               "installation (Settings, Configuration Providers)");
		rc = -1;
	} else if (p == NULL) {
		ivm_form_error(f, "model", "no configuration provider of VMM is for %s %s: pick a model "
		               "that manufacturer makes", man ? man : "(none)", model ? model : "(none)");
		rc = -1;
	} else if (ivm_wiz_store_binds(w, f, binds, IVM_COUNT(binds)) < 0) {
		rc = -1;
	} else {
		/* the Provider page then offers this model's provider first */
		struct ivm_buf b = IVM_BUF_INIT;
		const char *cur = ivm_vmm_setting(w, "vmm/network-service/provider", &b);
		if (provider_for(&r, cur, man, model) == NULL)
			rc = ivm_vmm_set(w, "vmm/network-service/provider", ivm_vmm_rec(p, "Name"));
		ivm_buf_release(&b);
	}
	ivm_result_release(&r);
	return rc;
}

static void
leave_back(struct ivm_wiz *w, struct ivm_form *f)
{
	ivm_wiz_store_binds_back(w, f, binds, IVM_COUNT(binds));
}

const struct ivm_page ivm_page_vmm_manufacturer = {
	.form = &form,
	.enter = enter, .leave = leave, .leave_back = leave_back,
};
