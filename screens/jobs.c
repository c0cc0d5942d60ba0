/* screens/jobs.c: the Jobs page: every step performed in this session, live, with its VMM job; Close ends the wizard. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "screens/vmm_util.h"

enum { ACT_DETAIL = IVM_ACT_PAGE };

#define TICK_MS 250	/* at most four updates a second, rows redrawn only when they change */
#define BAR 4
/* The columns, sized so a row fits 80 columns: step, status, progress, start, end. */
#define ROW_FMT "%-28.28s %-9.9s %-6s %-8s %-8s"

static const struct ivm_ctl_def ctls[] = {
	{ .kind = IVM_CTL_NOTE, .id = "head" },
	{ .kind = IVM_CTL_LIST, .id = "steps", .label = "Jobs", .height = 11, .announce = true, .action = ACT_DETAIL,
	  .help = "Each step performed in this session: its status, progress, start and end time, and the "
	  "VMM job it ran with that job's status. Enter shows a step's detail: the server's message and, "
	  "for a failure, the error and the recommended action." },
};

static const struct ivm_button_def buttons[] = {
	{ "Close", IVM_ACT_CLOSE, 'c', IVM_BTN_CANCEL },
};

static const struct ivm_form_def form = {
	.console = IVM_VMM_CONSOLE,
	.title = "Jobs",
	.why = "Every change made on the two servers in this session, as VMM's Jobs view shows them. "
	"Create new RunAs Account and Add network service device must reach Completed; if a step failed, "
	"its detail says why and what to do, and running ipamvmm again resumes where it stopped.",
	.ctls = ctls, .nctls = IVM_COUNT(ctls),
	.buttons = buttons, .nbuttons = IVM_COUNT(buttons),
	.default_action = IVM_ACT_CLOSE,
};

/* "10:21:03", or "--:--:--" for a time not reached yet. */
static void
clock_text(long long ms, char *out, size_t size)
{
	struct tm tm;
	time_t t = (time_t)(ms / 1000);
	if (ms <= 0 || localtime_r(&t, &tm) == NULL || strftime(out, size, "%H:%M:%S", &tm) == 0)
		snprintf(out, size, "--:--:--");
}

/* The VMM job's status; a step that found everything in place ran none. */
static const char *
job_status(const struct ivm_step_snapshot *s)
{
	if (s->vmm_job_status[0] != '\0')
		return s->vmm_job_status;
	switch (s->state) {
	case IVM_STEP_COMPLETED:
		return "not needed (nothing to change)";
	case IVM_STEP_FAILED:
	case IVM_STEP_SKIPPED:
		return "not run";
	case IVM_STEP_UNKNOWN:
		return "unknown (the output was lost)";
	default:
		return "not started";
	}
}

/* The state in the table's column ("Not started" is longer than the rest). */
static const char *
column_state(enum ivm_step_state st)
{
	return st == IVM_STEP_NOT_STARTED ? "Waiting" : ivm_step_state_name(st);
}

/* A step's row: its state, progress bar and times; read aloud (line mode)
 * only the state, so that each change is one line. */
static void
row_text(const struct ivm_step_snapshot *s, bool line_mode, struct ivm_buf *out)
{
	char bar[BAR + 3], start[16], end[16];
	unsigned fill = (s->progress > 100 ? 100 : s->progress) * BAR / 100;
	bar[0] = '[';
	for (unsigned i = 0; i < BAR; i++)
		bar[i + 1] = i < fill ? '#' : '-';
	bar[BAR + 1] = ']';
	bar[BAR + 2] = '\0';
	clock_text(s->start_ms, start, sizeof(start));
	clock_text(s->end_ms, end, sizeof(end));
	ivm_buf_clear(out);
	if (line_mode)
		ivm_buf_addf(out, "%s: %s", s->name, ivm_step_state_name(s->state));
	else
		ivm_buf_addf(out, ROW_FMT, s->name, column_state(s->state), bar, start, end);
}

/* The VMM job a step ran, on its own row under the step, as VMM's Jobs view
 * lists jobs. */
static void
job_row_text(const struct ivm_step_snapshot *s, bool line_mode, struct ivm_buf *out)
{
	char name[120];
	snprintf(name, sizeof(name), "  VMM job %s", s->vmm_job);
	ivm_buf_clear(out);
	if (line_mode)
		ivm_buf_addf(out, "VMM job %s: %s", s->vmm_job, job_status(s));
	else
		ivm_buf_addf(out, ROW_FMT, name, s->vmm_job_status[0] ? s->vmm_job_status :
		             s->state == IVM_STEP_COMPLETED ? "No change" :
		             s->state == IVM_STEP_FAILED || s->state == IVM_STEP_SKIPPED ? "Not run" :
		             s->state == IVM_STEP_UNKNOWN ? "Unknown" : "Waiting",
		             "", "", "");
}

/* The outcome in the status line, once nothing runs. */
static void
outcome(struct ivm_wiz *w, struct ivm_form *f, size_t n)
{
	struct ivm_step_snapshot s;
	size_t done = 0, skipped = 0;
	for (size_t i = 0; i < n; i++) {
		ivm_wiz_step(w, i, &s);
		done += s.state == IVM_STEP_COMPLETED;
		skipped += s.state == IVM_STEP_SKIPPED;
		if (s.state == IVM_STEP_FAILED) {
			size_t len = strlen(s.error);
			while (len > 0 && (s.error[len - 1] == '.' || s.error[len - 1] == ' '))
				s.error[--len] = '\0';
			ivm_form_status(f, "Failed: %s: %s. Next: %s Then run ipamvmm again: it finds what is done "
			                "and resumes.", s.name, s.error, s.action[0] ? s.action : "see the step's detail (Enter).");
			return;
		}
	}
	if (n == 0)
		ivm_form_status(f, "Nothing was performed in this session.");
	else if (done == n)
		ivm_form_status(f, "Completed: every step finished (%zu of %zu). Press Close.", done, n);
	else
		ivm_form_status(f, "%zu of %zu steps Completed, %zu skipped. Run ipamvmm again to finish them.",
		                done, n, skipped);
}

/* Put row i (its key: the step's index) as text; rows are changed in
 * place, so the renderer redraws only what differs. */
static void
put_row(struct ivm_ctl *c, size_t i, size_t step, const char *text, bool done)
{
	char key[32];
	snprintf(key, sizeof(key), "%zu", step);
	if (i < c->nrows) {
		ivm_row_set_text(&c->rows[i], text);
	} else {
		ivm_ctl_add_row(c, text, key);
	}
	c->rows[i].marked = done;
}

static void
update(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "steps");
	bool line_mode = ivm_wiz_ui(w)->line_mode;
	size_t n = ivm_wiz_nsteps(w), row = 0;
	bool busy = ivm_wiz_busy(w);
	struct ivm_buf b = IVM_BUF_INIT;
	struct ivm_step_snapshot s;
	ivm_buf_addf(&b, "         " ROW_FMT, "Step", "Status", "Done", "Start", "End");
	ivm_ctl_set_text(ivm_form_ctl(f, "head"), ivm_buf_str(&b));
	ivm_form_ctl(f, "head")->hidden = line_mode;
	for (size_t i = 0; i < n; i++) {
		ivm_wiz_step(w, i, &s);
		row_text(&s, line_mode, &b);
		put_row(c, row++, i, ivm_buf_str(&b), s.state == IVM_STEP_COMPLETED);
		if (s.vmm_job[0] != '\0') {
			job_row_text(&s, line_mode, &b);
			put_row(c, row++, i, ivm_buf_str(&b), strcmp(job_status(&s), "Completed") == 0 ||
			                                          strcmp(job_status(&s), "SucceedWithInfo") == 0);
		}
	}
	while (c->nrows > row)
		ivm_ctl_remove_row(c, c->nrows - 1);
	ivm_buf_release(&b);
	f->tick_ms = busy ? TICK_MS : 0;
	/* Close waits for the steps: a run is not stopped half way */
	int close = ivm_form_button(f, IVM_ACT_CLOSE);
	if (busy) {
		f->button_off |= 1u << close;
		ivm_form_status(f, "Running: %zu step%s so far...", n, n == 1 ? "" : "s");
	} else {
		f->button_off &= ~(1u << close);
		outcome(w, f, n);
	}
}

static void
detail(struct ivm_wiz *w, struct ivm_form *f)
{
	struct ivm_ctl *c = ivm_form_ctl(f, "steps");
	struct ivm_step_snapshot s;
	char start[16], end[16];
	if (c->cur >= c->nrows)
		return;
	size_t step = (size_t)strtoul(ivm_row_key(&c->rows[c->cur]), NULL, 10);
	if (step >= ivm_wiz_nsteps(w))
		return;
	ivm_wiz_step(w, step, &s);
	clock_text(s.start_ms, start, sizeof(start));
	clock_text(s.end_ms, end, sizeof(end));
	struct ivm_buf b = IVM_BUF_INIT;
	ivm_buf_addf(&b, "Step: %s\nServer: %s\nStatus: %s (%u%%)\nStarted: %s\nEnded: %s\n", s.name, s.host,
	             ivm_step_state_name(s.state), s.progress, start, end);
	if (s.has_result)
		ivm_buf_addf(&b, "Result: %s\n", ivm_status_name(s.status));
	if (s.vmm_job[0])
		ivm_buf_addf(&b, "VMM job: %s, %s\n", s.vmm_job, job_status(&s));
	if (s.message[0])
		ivm_buf_addf(&b, "Message: %s\n", s.message);
	if (s.error[0])
		ivm_buf_addf(&b, "Error: %s\n", s.error);
	if (s.action[0])
		ivm_buf_addf(&b, "Recommended action: %s\n", s.action);
	ivm_ui_show_text(ivm_wiz_ui(w), s.name, ivm_buf_str(&b));
	ivm_buf_release(&b);
}

static int
enter(struct ivm_wiz *w, struct ivm_form *f)
{
	update(w, f);
	ivm_form_focus_id(f, "steps");
	return 0;
}

static int
act(struct ivm_wiz *w, struct ivm_form *f, int action)
{
	if (action == ACT_DETAIL)
		detail(w, f);
	update(w, f);
	return IVM_ACT_NONE;
}

const struct ivm_page ivm_page_jobs = {
	.form = &form,
	.enter = enter, .act = act,
};
