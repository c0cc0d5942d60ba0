/* screens/vmm_host_group.c: VMM Add Network Service Wizard, Host Group page: the host groups the service serves. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xalloc.h"
#include "screens/vmm_util.h"

#define SETTING "vmm/network-service/host-groups/host-group"

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_TREE, .id = "groups", .label = "Host groups", .checkboxes = true, .height = 8,
	  .help = "The VMM host groups whose hosts get IP addresses from IPAM. Space checks or unchecks the "
	  "current one. All Hosts covers every host group under it." },
};

static const struct ivm_form_def form = {
	.console = IVM_VMM_WIZARD,
	.title = "Host Group",
	.why = "The network service is made available to the hosts of the host groups checked here; VMM "
	"then takes their IP address pools from IPAM. Check All Hosts unless only some hosts should use it.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	IVM_WIZARD_BUTTONS,
	.default_action = IVM_ACT_NEXT,
};

static bool
in(char *const *v, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(v[i], path) == 0)
			return true;
	return false;
}

/* The checked rows' keys (malloc'd array of malloc'd paths). */
static char **
checked(const struct ivm_ctl *c, size_t *n)
{
	char **v = ivm_xcalloc(c->nrows + 1, sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < c->nrows; i++)
		if (c->rows[i].checked)
			v[(*n)++] = ivm_xstrdup(ivm_row_key(&c->rows[i]));
	return v;
}

static void
free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static size_t
depth_of(const char *path)
{
	size_t d = 0;
	for (; *path; path++)
		d += *path == '\\';
	return d;
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "groups");
	struct ivm_result r;
	if (ivm_vmm_read(w, f, "groups", "list-hostgroups", &r) < 0)
		return 0;
	/* the user's checks when there are rows; the settings the first time */
	const struct ivm_strlist *set = &ivm_wiz_settings(w)->host_groups;
	size_t nkeep = 0;
	char **keep = c->nrows ? checked(c, &nkeep) : NULL;
	char *cur = ivm_vmm_current_key(c);
	bool first = c->nrows == 0;
	ivm_ctl_clear_rows(c);
	for (size_t i = 0; i < r.nrecords; i++) {
		const char *path = ivm_vmm_rec(&r.records[i], "Path");
		struct ivm_row *row = ivm_ctl_add_row(c, ivm_vmm_rec(&r.records[i], "Name"), path);
		row->depth = (int)depth_of(path);
		/* a setting may name a group by its leaf name ("All Hosts") */
		row->checked = first ? in(set->v, set->n, path) || in(set->v, set->n, row->text) : in(keep, nkeep, path);
	}
	(void)ivm_vmm_select(c, cur);
	free(cur);
	free_list(keep, nkeep);
	ivm_result_release(&r);
	return 0;
}

/* The checked paths into the setting, one per line; -1 with a message beside
 * the tree when none is checked or the settings refuse one. */
static int
store(struct ivm_wiz *w, struct ivm_form *f, bool quiet)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "groups");
	size_t n;
	char **v = checked(c, &n);
	struct ivm_buf b = IVM_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		ivm_buf_addf(&b, "%s%s", i ? "\n" : "", v[i]);
	int rc = 0;
	struct ivm_err err;
	if (n == 0) {
		if (!quiet)
			ivm_form_error(f, "groups", "check at least one host group (All Hosts covers them all)");
		rc = -1;
	} else if (ivm_settings_set(ivm_wiz_settings(w), SETTING, ivm_buf_str(&b), &err) < 0) {
		if (!quiet)
			ivm_form_error(f, "groups", "%s", err.what);
		rc = -1;
	}
	ivm_buf_release(&b);
	free_list(v, n);
	return rc;
}

static int
leave(struct ivm_wiz *w, struct ivm_form *f)
{
	return store(w, f, false);
}

static void
leave_back(struct ivm_wiz *w, struct ivm_form *f)
{
	(void)store(w, f, true);
}

const struct ivm_page ivm_page_vmm_host_group = {
	.form = &form,
	.enter = enter, .leave = leave, .leave_back = leave_back,
};
