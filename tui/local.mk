# tui/local.mk: the form model and its two renderers (curses, and the line mode).
libivmui_a_SOURCES += tui/form.c tui/form.h tui/ui.h tui/ui.c \
	tui/curses.c tui/curses_draw.c tui/curses_term.c tui/curses_int.h \
	tui/plain.c

# the form model and the curses renderer, in-process
CHECK_SUITES += tests/check_tui
tests_check_tui_SOURCES = tests/check_tui.c
