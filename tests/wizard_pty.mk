# tests/wizard_pty.mk: the wizard end to end in a pseudo-terminal read through libvterm, against the in-process lab.
CHECK_SUITES += tests/check_wizard_pty
tests_check_wizard_pty_SOURCES = tests/check_wizard_pty.c
tests_check_wizard_pty_DEPENDENCIES = ipamvmm$(EXEEXT) libivmtest.a libivmcore.a libivmui.a
