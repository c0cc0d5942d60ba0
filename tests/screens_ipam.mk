# tests/screens_ipam.mk: the IPAM-server pages (targets, preflight, Local Users and Groups, IPAM Access Control) and their suite.
libivmui_a_SOURCES += screens/ipam_util.c screens/ipam_util.h
CHECK_SUITES += tests/check_screens_ipam
tests_check_screens_ipam_SOURCES = tests/check_screens_ipam.c
