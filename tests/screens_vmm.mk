# tests/screens_vmm.mk: the VMM Add Network Service Wizard pages and Jobs: their shared helpers and their suite.
libivmui_a_SOURCES += screens/vmm_util.c screens/vmm_util.h
CHECK_SUITES += tests/check_screens_vmm
tests_check_screens_vmm_SOURCES = tests/check_screens_vmm.c
