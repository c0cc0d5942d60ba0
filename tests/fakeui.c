/* tests/fakeui.c: a scripted renderer for page tests: a function plays the user on each form. */
#include "config.h"

#include <stdlib.h>

#include "core/xalloc.h"
#include "tests/fakeui.h"

struct fakeui {
	struct ivm_ui ui;
	ivm_fakeui_fn fn;
	void *ud;
	bool answer;
	unsigned calls;
	struct ivm_fakeui_log *log;
};

static int
fake_run(struct ivm_ui *ui, struct ivm_form *f)
{
	struct fakeui *k = (struct fakeui *)ui;
	if (k->calls >= 500)
		return IVM_ACT_QUIT;
	if (k->log)
		ivm_buf_addf(&k->log->titles, "%s: %s\n", f->def->console, f->def->title);
	return k->fn(k->ud, f, k->calls++);
}

static bool
fake_confirm(struct ivm_ui *ui, const char *title, const char *question)
{
	struct fakeui *k = (struct fakeui *)ui;
	if (k->log) {
		k->log->confirms++;
		ivm_buf_addf(&k->log->texts, "== confirm %s\n%s\n", title, question);
	}
	return k->answer;
}

static void
fake_show_text(struct ivm_ui *ui, const char *title, const char *text)
{
	struct fakeui *k = (struct fakeui *)ui;
	if (k->log)
		ivm_buf_addf(&k->log->texts, "== %s\n%s\n", title, text);
}

static void
fake_progress(struct ivm_ui *ui, const char *line)
{
	struct fakeui *k = (struct fakeui *)ui;
	if (k->log)
		ivm_buf_addf(&k->log->progress, "%s\n", line);
}

static void
fake_destroy(struct ivm_ui *ui)
{
	free(ui);
}

static const struct ivm_ui_ops fake_ops = {
	.run = fake_run,
	.confirm = fake_confirm,
	.show_text = fake_show_text,
	.progress = fake_progress,
	.destroy = fake_destroy,
};

struct ivm_ui *
ivm_fakeui_new(ivm_fakeui_fn fn, void *ud, bool answer, struct ivm_fakeui_log *log)
{
	struct fakeui *k = ivm_xcalloc(1, sizeof(*k));
	k->ui.ops = &fake_ops;
	k->fn = fn;
	k->ud = ud;
	k->answer = answer;
	k->log = log;
	return &k->ui;
}

int
ivm_fakeui_press(struct ivm_form *f, int action)
{
	int b = ivm_form_button(f, action);
	if (b < 0)
		return action;	/* an in-form button or a list's action */
	return ivm_form_press(f, (size_t)b);
}

void
ivm_fakeui_log_release(struct ivm_fakeui_log *log)
{
	ivm_buf_release(&log->texts);
	ivm_buf_release(&log->progress);
	ivm_buf_release(&log->titles);
}
