/* tests/pty_demo.c: a tiny curses program that check_pty drives to prove the pty harness. */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <stdlib.h>

/* Where the cursor is parked after every draw: the start of "here". */
#define CURSOR_ROW 5
#define CURSOR_COL 10

static bool colour;

static void
draw_frame(void)
{
	erase();
	if (colour)
		attron(COLOR_PAIR(1));
	mvaddstr(0, 0, "demo ready");
	if (colour)
		attroff(COLOR_PAIR(1));
	mvaddstr(1, 0, colour ? "colour: on" : "colour: off");
	attron(A_BOLD);
	mvaddstr(3, 0, "bold");
	attroff(A_BOLD);
	attron(A_REVERSE);
	mvaddstr(3, 5, "reverse");
	attroff(A_REVERSE);
	attron(A_UNDERLINE);
	mvaddstr(3, 13, "underline");
	attroff(A_UNDERLINE);
	mvaddstr(CURSOR_ROW, CURSOR_COL - 8, "cursor> here");
}

/* Only the changed line: the harness counts the bytes a key costs. */
static void
show(int n, const char *what, const char *name)
{
	move(2, 0);
	clrtoeol();
	mvprintw(2, 0, "key %d: %s%s", n, what, name);
	move(CURSOR_ROW, CURSOR_COL);
	refresh();
}

int
main(void)
{
	int n = 0;

	setlocale(LC_ALL, "");
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	const char *nc = getenv("NO_COLOR");
	colour = has_colors() && (nc == NULL || *nc == '\0');
	if (colour) {
		start_color();
		/* text outside the title keeps the terminal's own colours */
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);
	}
	draw_frame();
	show(n, "", "none");

	for (;;) {
		int ch = getch();
		if (ch == ERR)
			continue;
		if (ch == 'q') {
			endwin();
			return 3;
		}
		if (ch == 27) {
			/* Alt+x arrives as ESC x in one burst; a lone ESC is Esc */
			timeout(200);
			int next = getch();
			timeout(-1);
			if (next == ERR) {
				endwin();
				return 0;
			}
			show(++n, "ALT-", keyname(next));
			continue;
		}
		if (ch == KEY_RESIZE) {
			char size[64];
			snprintf(size, sizeof(size), "%d rows, %d cols", LINES, COLS);
			draw_frame();
			mvprintw(4, 0, "size: %s", size);
			show(++n, "", "KEY_RESIZE");
			continue;
		}
		show(++n, "", keyname(ch));
	}
}
