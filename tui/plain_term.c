/* tui/plain_term.c: whether this terminal gets the line mode (its own file: term.h defines macros named like everyday words). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Before term.h, whose macros (buttons, lines...) would rewrite the form model. */
#include "tui/ui.h"

#include <curses.h>
#include <term.h>

/*
 * curses starts on a terminal without cursor addressing (TERM=dumb) and
 * then prints garbage, so ask terminfo for cup ourselves. setupterm with an
 * error pointer reports instead of printing; the terminal it loads is put
 * away again so curses later starts from nothing.
 */
static bool
can_address_cursor(const char *term, int fd)
{
	TERMINAL *before = cur_term, *mine;
	int status = 0;
	bool ok = false;

	if (setupterm(term, fd, &status) == OK) {
		const char *cup = tigetstr("cup");
		ok = cup != NULL && cup != (char *)-1 && cup[0] != '\0';
		mine = set_curterm(before);
		if (mine != NULL && mine != before)
			del_curterm(mine);
	}
	return ok;
}

bool
ivm_ui_wants_plain(FILE *in, FILE *out)
{
	const char *term = getenv("TERM");
	int in_fd = in ? fileno(in) : -1, out_fd = out ? fileno(out) : -1;

	if (in_fd < 0 || out_fd < 0 || !isatty(in_fd) || !isatty(out_fd))
		return true;
	if (term == NULL || term[0] == '\0' || strcmp(term, "dumb") == 0)
		return true;
	return !can_address_cursor(term, out_fd);
}
