# tests/plain.mk: the line renderer (tui/plain*.c) and its suites.
libivmui_a_SOURCES += tui/plain_int.h tui/plain_ask.c tui/plain_menu.c tui/plain_io.c tui/plain_term.c
CHECK_SUITES += tests/check_plain
tests_check_plain_SOURCES = tests/check_plain.c
# The real program over pipes and terminals against the in-process lab.
CHECK_SUITES += tests/check_plain_e2e
tests_check_plain_e2e_SOURCES = tests/check_plain_e2e.c
EXTRA_tests_check_plain_e2e_DEPENDENCIES = ipamvmm$(EXEEXT)
CLEANFILES += tests/check_plain_e2e.transcript
