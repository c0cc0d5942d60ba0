# tests/pty.mk: the pty + libvterm screen harness, its suite, and the curses demo the suite drives.
libivmtest_a_SOURCES += tests/pty.c tests/pty.h
CHECK_SUITES += tests/check_pty
tests_check_pty_SOURCES = tests/check_pty.c

# The demo is built for check_pty but is not a test itself (TESTS is every
# check program), so it is an EXTRA program that check_pty depends on.
EXTRA_PROGRAMS += tests/pty_demo
tests_pty_demo_SOURCES = tests/pty_demo.c
tests_pty_demo_LDADD = $(NCURSES_LIBS)
EXTRA_tests_check_pty_DEPENDENCIES = tests/pty_demo$(EXEEXT)
CLEANFILES += tests/pty_demo$(EXEEXT)
