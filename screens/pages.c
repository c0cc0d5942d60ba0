/* screens/pages.c: every page, for the tests that prove each one can be reached. */
#include "screens/wizard.h"

const struct ivm_page *const ivm_pages_all[] = {
	&ivm_page_targets,
	&ivm_page_preflight,
	&ivm_page_lug_groups,
	&ivm_page_lug_new_group,
	&ivm_page_lug_select_users,
	&ivm_page_lug_rmu_properties,
	&ivm_page_ipam_access_policies,
	&ivm_page_ipam_add_access_policy,
	&ivm_page_ipam_access_setting,
	&ivm_page_vmm_name,
	&ivm_page_vmm_manufacturer,
	&ivm_page_vmm_credentials,
	&ivm_page_vmm_select_runas,
	&ivm_page_vmm_create_runas,
	&ivm_page_vmm_connection_string,
	&ivm_page_vmm_provider,
	&ivm_page_vmm_host_group,
	&ivm_page_vmm_summary,
	&ivm_page_jobs,
};
const size_t ivm_pages_nall = IVM_COUNT(ivm_pages_all);
