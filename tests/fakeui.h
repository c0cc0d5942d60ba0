/* tests/fakeui.h: a scripted renderer for page tests: a function plays the user on each form. */
#ifndef IVM_FAKEUI_H
#define IVM_FAKEUI_H

#include <stdbool.h>

#include "core/buf.h"
#include "tui/ui.h"

/* Called for every ivm_ui_run: look at f (f->def->title, controls), change
 * values as a user would (ivm_ctl_set_text, rows' checked, cur), and return
 * the action to press (ivm_fakeui_press applies a button's rules as a key
 * press would). call counts runs from 0 across the whole session. */
typedef int (*ivm_fakeui_fn)(void *ud, struct ivm_form *f, unsigned call);

struct ivm_fakeui_log {
	struct ivm_buf texts;		/* every show_text: "== title\ntext\n" */
	struct ivm_buf progress;	/* every progress line */
	struct ivm_buf titles;		/* every form run: "Console: Title\n" */
	unsigned confirms;
};

/* answer: what every confirm returns. After 500 runs the fake returns
 * IVM_ACT_QUIT, so a test whose script loops ends. */
struct ivm_ui *ivm_fakeui_new(ivm_fakeui_fn fn, void *ud, bool answer, struct ivm_fakeui_log *log);
/* Press the button with this action the way a user would (rules first);
 * IVM_ACT_NONE when a rule broke. */
int ivm_fakeui_press(struct ivm_form *f, int action);
void ivm_fakeui_log_release(struct ivm_fakeui_log *log);

#endif
