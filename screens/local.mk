# screens/local.mk: the wizard's pages, one file per console page, and the page flow.
libivmui_a_SOURCES += screens/wizard.c screens/wizard.h screens/wizard_int.h \
	screens/wizard_values.c screens/wizard_servers.c screens/pages.c \
	screens/targets.c \
	screens/preflight.c \
	screens/lug_groups.c \
	screens/lug_new_group.c \
	screens/lug_select_users.c \
	screens/lug_rmu_properties.c \
	screens/ipam_access_policies.c \
	screens/ipam_add_access_policy.c \
	screens/ipam_access_setting.c \
	screens/vmm_name.c \
	screens/vmm_manufacturer.c \
	screens/vmm_credentials.c \
	screens/vmm_select_runas.c \
	screens/vmm_create_runas.c \
	screens/vmm_connection_string.c \
	screens/vmm_provider.c \
	screens/vmm_host_group.c \
	screens/vmm_summary.c \
	screens/jobs.c
