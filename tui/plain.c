/* tui/plain.c: the line renderer for screen readers, braille displays and pipes: pages as prompts, no control codes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "tui/plain_int.h"

/*
 * How a page reads (the d-i text frontend is the model): one line naming
 * the console and the page, where it sits, why the step exists (the first
 * time only), then one prompt per control with its value in brackets, and
 * last the page's buttons as a numbered action menu. After an action on the
 * same page (Check Names, Test, a dialog closed) only what changed is read
 * out, then the menu again.
 */

static void
snap_free(struct plain_open *o)
{
	if (o->snap == NULL)
		return;
	for (size_t i = 0; i < o->nsnap; i++) {
		for (size_t k = 0; k < o->snap[i].nrows; k++)
			free(o->snap[i].rows[k].text);
		free(o->snap[i].rows);
		free(o->snap[i].text);
	}
	free(o->snap);
	o->snap = NULL;
	o->nsnap = 0;
}

static void
snap_take(struct plain_open *o)
{
	struct ivm_form *f = o->f;
	snap_free(o);
	o->snap = ivm_xcalloc(f->def->nctls ? f->def->nctls : 1, sizeof(*o->snap));
	o->nsnap = f->def->nctls;
	for (size_t i = 0; i < f->def->nctls; i++) {
		struct ivm_ctl *c = &f->ctl[i];
		struct plain_snap *s = &o->snap[i];
		if (c->def->kind != IVM_CTL_PASSWORD)
			s->text = ivm_xstrdup(c->text);
		s->checked = c->checked;
		s->hidden = c->hidden;
		s->cur = c->cur;
		s->nrows = c->nrows;
		s->rows = c->nrows ? ivm_xcalloc(c->nrows, sizeof(*s->rows)) : NULL;
		for (size_t k = 0; k < c->nrows; k++) {
			s->rows[k].text = ivm_xstrdup(c->rows[k].text);
			s->rows[k].checked = c->rows[k].checked;
			s->rows[k].marked = c->rows[k].marked;
			/* Everything now stands as read out. */
			c->rows[k].changed = false;
		}
	}
	snprintf(o->status, sizeof(o->status), "%s", f->status);
}

static bool
leaves(int action)
{
	return action != IVM_ACT_NONE && action != IVM_ACT_TICK && action < IVM_ACT_PAGE;
}

/*
 * Which forms are open: a form shown after its parent returned a page
 * action is a dialog on top of it; when a form under the top runs again,
 * the dialogs above it closed, and it is not a new visit.
 */
static struct plain_open *
open_form(struct plain *p, struct ivm_form *f, bool *visit, bool *back)
{
	*visit = *back = false;
	for (size_t i = p->nopen; i-- > 0;) {
		if (p->open[i].f != f || p->open[i].def != f->def)
			continue;
		*back = i + 1 < p->nopen;
		while (p->nopen > i + 1)
			snap_free(&p->open[--p->nopen]);
		return &p->open[i];
	}
	while (p->nopen > 0 && leaves(p->open[p->nopen - 1].last))
		snap_free(&p->open[--p->nopen]);
	p->open = ivm_xrealloc(p->open, (p->nopen + 1) * sizeof(*p->open));
	struct plain_open *o = &p->open[p->nopen++];
	memset(o, 0, sizeof(*o));
	o->f = f;
	o->def = f->def;
	*visit = true;
	return o;
}

bool
plain_first_time(struct plain *p, const struct ivm_form_def *def)
{
	for (size_t i = 0; i < p->nseen; i++)
		if (p->seen[i] == def)
			return false;
	p->seen = ivm_xrealloc(p->seen, (p->nseen + 1) * sizeof(*p->seen));
	p->seen[p->nseen++] = def;
	return true;
}

void
plain_header(struct plain *p, struct ivm_form *f, const char *prefix)
{
	const struct ivm_form_def *d = f->def;
	struct ivm_buf b = IVM_BUF_INIT;

	if (prefix)
		ivm_buf_adds(&b, prefix);
	else if (f->banner && f->banner[0])
		ivm_buf_addf(&b, "%s: ", f->banner);
	if (d->console && d->console[0]) {
		ivm_buf_adds(&b, d->console);
		if (f->page > 0 && f->npages > 0)
			ivm_buf_addf(&b, ", page %d of %d", f->page, f->npages);
		ivm_buf_adds(&b, ": ");
	} else if (f->page > 0 && f->npages > 0) {
		ivm_buf_addf(&b, "Page %d of %d: ", f->page, f->npages);
	}
	ivm_buf_adds(&b, d->title ? d->title : "");
	plain_say(p, "%s", ivm_buf_str(&b));
	ivm_buf_release(&b);
}

static void
visit(struct plain *p, struct ivm_form *f)
{
	if (!p->told_keys) {
		p->told_keys = true;
		plain_say(p, "Line mode. Enter alone keeps the value in brackets; ? gives help, "
		          "< goes back, ! cancels.");
	}
	plain_header(p, f, NULL);
	if (f->breadcrumb && f->breadcrumb[0])
		plain_say(p, "Location: %s", f->breadcrumb);
	if (plain_first_time(p, f->def) && f->def->why && f->def->why[0])
		plain_say(p, "%s", f->def->why);
	if (f->status[0])
		plain_say(p, "%s", f->status);
}

static bool
row_changed(const struct ivm_ctl *c, const struct plain_snap *s, size_t k)
{
	const struct ivm_row *r = &c->rows[k];
	if (k >= s->nrows)
		return true;
	return strcmp(r->text, s->rows[k].text) != 0 || r->checked != s->rows[k].checked ||
	       r->marked != s->rows[k].marked;
}

static bool
rows_changed(const struct ivm_ctl *c, const struct plain_snap *s)
{
	if (c->nrows != s->nrows)
		return true;
	for (size_t k = 0; k < c->nrows; k++)
		if (row_changed(c, s, k))
			return true;
	return false;
}

/*
 * Read out what changed since the form was last shown: the status line,
 * values the page set, lists. rowwise: a list says each changed row on a
 * line of its own (live lists: "Add network service device: Completed")
 * instead of reading the whole list again.
 */
static void
changes(struct plain *p, struct plain_open *o, bool rowwise)
{
	struct ivm_form *f = o->f;

	if (strcmp(f->status, o->status) != 0 && f->status[0])
		plain_say(p, "%s", f->status);
	if (o->snap == NULL)
		return;
	for (size_t i = 0; i < f->def->nctls; i++) {
		struct ivm_ctl *c = &f->ctl[i];
		const struct plain_snap *s = &o->snap[i];
		bool appeared = s->hidden && !c->hidden;
		if (c->hidden)
			continue;
		switch (c->def->kind) {
		case IVM_CTL_TEXT:
		case IVM_CTL_MULTILINE:
		case IVM_CTL_NOTE:
			if (appeared || strcmp(s->text ? s->text : "", c->text) != 0)
				plain_state(p, f, c);
			break;
		case IVM_CTL_CHECK:
			if (appeared || s->checked != c->checked)
				plain_state(p, f, c);
			break;
		case IVM_CTL_CHOICE:
			if (appeared || rows_changed(c, s))
				plain_rows(p, c);
			if (appeared || rows_changed(c, s) || s->cur != c->cur)
				plain_state(p, f, c);
			break;
		case IVM_CTL_LIST:
		case IVM_CTL_TREE:
			if (appeared || (!(rowwise || c->def->announce) && rows_changed(c, s))) {
				plain_rows(p, c);
				break;
			}
			for (size_t k = 0; k < c->nrows; k++)
				if (row_changed(c, s, k))
					plain_say(p, "%s", c->rows[k].text);
			break;
		case IVM_CTL_PASSWORD:
		case IVM_CTL_BUTTON:
			break;
		}
	}
}

/* A live form (Jobs while steps run): no input, a line per change. */
static int
live(struct plain *p, struct plain_open *o, bool first)
{
	struct ivm_form *f = o->f;

	if (first) {
		for (size_t i = 0; i < f->def->nctls; i++)
			if (!f->ctl[i].hidden)
				plain_state(p, f, &f->ctl[i]);
	}
	snap_take(o);
	fflush(p->out);
	if (!plain_sleep(f->tick_ms)) {
		plain_say(p, "Interrupted: leaving.");
		p->ended = true;
		return IVM_ACT_QUIT;
	}
	return IVM_ACT_TICK;
}

static int
plain_run(struct ivm_ui *ui, struct ivm_form *f)
{
	struct plain *p = (struct plain *)ui;
	bool first, back;
	int r;

	if (p->ended)
		return IVM_ACT_QUIT;
	struct plain_open *o = open_form(p, f, &first, &back);
	if (first)
		visit(p, f);
	else if (back)
		plain_header(p, f, "Back to ");
	if (!first)
		changes(p, o, o->last == IVM_ACT_TICK);
	if (f->tick_ms > 0) {
		r = live(p, o, first);
	} else {
		r = plain_walk(p, f, first);
		if (r == PLAIN_ANSWER)
			r = plain_menu(p, f);
		snap_take(o);
	}
	o->last = r;
	fflush(p->out);
	return r;
}

static bool
plain_confirm(struct ivm_ui *ui, const char *title, const char *question)
{
	struct plain *p = (struct plain *)ui;
	return plain_yes(p, question && question[0] ? question : title ? title : "Go on?");
}

static void
plain_show_text(struct ivm_ui *ui, const char *title, const char *text)
{
	struct plain *p = (struct plain *)ui;
	size_t n = text ? strlen(text) : 0;

	plain_say(p, "%s", title ? title : "");
	if (n > 0)
		plain_prompt(p, "%s%s", text, text[n - 1] == '\n' ? "" : "\n");
	plain_say(p, "(end of %s)", title ? title : "text");
	fflush(p->out);
}

static void
plain_progress(struct ivm_ui *ui, const char *line)
{
	struct plain *p = (struct plain *)ui;
	if (line == NULL || (p->last_progress && strcmp(p->last_progress, line) == 0))
		return;
	free(p->last_progress);
	p->last_progress = ivm_xstrdup(line);
	plain_say(p, "%s", line);
	fflush(p->out);
}

static void
plain_destroy(struct ivm_ui *ui)
{
	struct plain *p = (struct plain *)ui;
	fflush(p->out);
	while (p->nopen > 0)
		snap_free(&p->open[--p->nopen]);
	free(p->open);
	free(p->seen);
	free(p->last_progress);
	free(p);
}

static const struct ivm_ui_ops plain_ops = {
	.run = plain_run,
	.confirm = plain_confirm,
	.show_text = plain_show_text,
	.progress = plain_progress,
	.destroy = plain_destroy,
};

struct ivm_ui *
ivm_ui_plain_new(const struct ivm_ui_opts *o, struct ivm_err *err)
{
	struct plain *p = ivm_xcalloc(1, sizeof(*p));

	(void)err;
	p->ui.ops = &plain_ops;
	p->ui.line_mode = true;
	p->in = o && o->in ? o->in : stdin;
	p->out = o && o->out ? o->out : stdout;
	p->in_fd = fileno(p->in);
	p->in_tty = p->in_fd >= 0 && isatty(p->in_fd);
	return &p->ui;
}
