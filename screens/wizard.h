/* screens/wizard.h: the page contract and the services a page may use (settings, server reads, jobs). */
#ifndef IVM_WIZARD_H
#define IVM_WIZARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/contract.h"
#include "core/err.h"
#include "core/jobs.h"
#include "core/settings.h"
#include "tui/form.h"
#include "tui/ui.h"

struct ivm_wiz;

/*
 * A page replays one console page or dialog. Its form is static data; the
 * functions are all optional.
 *   binds: controls that simply hold settings (see struct ivm_bind).
 *   enter: fill the form from the settings and the server (lists); called
 *          every time the page is shown, so it must keep what was typed
 *          (see ivm_wiz_fill, which fills a control only while it is empty
 *          or untouched).
 *   act:   a page action (IVM_ACT_PAGE and up, or IVM_ACT_TICK): open a
 *          dialog, run a step. Returns the action to go on with:
 *          IVM_ACT_NONE to stay on the page, or IVM_ACT_NEXT, _OK...
 *   leave: the user pressed Next, OK, Finish (forward): store the values
 *          into the settings (ivm_wiz_store) and do what the console does at
 *          that moment; -1 keeps the page (errors set beside controls, or a
 *          message shown). With Previous the values are stored without
 *          rules (leave_back), never refused.
 */
/* A control that holds a setting ("name" <-> "vmm/network-service/name"). */
struct ivm_bind {
	const char *ctl;
	const char *setting;
};

struct ivm_page {
	const struct ivm_form_def *form;
	const char *crumb;	/* "Local Users and Groups > New Group" */
	/* Controls that hold settings: the wizard fills them before enter(),
	 * stores them (rules first) before leave(), and without rules on
	 * Previous. A page that needs its own order leaves this empty and
	 * calls ivm_wiz_fill_binds and ivm_wiz_store_binds itself. */
	const struct ivm_bind *binds;
	size_t nbinds;
	int (*enter)(struct ivm_wiz *w, struct ivm_form *f);
	int (*act)(struct ivm_wiz *w, struct ivm_form *f, int action);
	int (*leave)(struct ivm_wiz *w, struct ivm_form *f);
	void (*leave_back)(struct ivm_wiz *w, struct ivm_form *f);
};

/* The pages, one file each under screens/. */
extern const struct ivm_page ivm_page_targets;
extern const struct ivm_page ivm_page_preflight;
extern const struct ivm_page ivm_page_lug_groups;
extern const struct ivm_page ivm_page_lug_new_group;
extern const struct ivm_page ivm_page_lug_select_users;
extern const struct ivm_page ivm_page_lug_rmu_properties;
extern const struct ivm_page ivm_page_ipam_access_policies;
extern const struct ivm_page ivm_page_ipam_add_access_policy;
extern const struct ivm_page ivm_page_ipam_access_setting;
extern const struct ivm_page ivm_page_vmm_name;
extern const struct ivm_page ivm_page_vmm_manufacturer;
extern const struct ivm_page ivm_page_vmm_credentials;
extern const struct ivm_page ivm_page_vmm_select_runas;
extern const struct ivm_page ivm_page_vmm_create_runas;
extern const struct ivm_page ivm_page_vmm_connection_string;
extern const struct ivm_page ivm_page_vmm_provider;
extern const struct ivm_page ivm_page_vmm_host_group;
extern const struct ivm_page ivm_page_vmm_summary;
extern const struct ivm_page ivm_page_jobs;

/* Every page, for tests that prove each one is reachable. */
extern const struct ivm_page *const ivm_pages_all[];
extern const size_t ivm_pages_nall;

struct ivm_wiz_opts {
	struct ivm_ui *ui;
	const char *answers;	/* start from this answer file; NULL: defaults */
	const char *save_answers; /* write the answers here at Summary; NULL: do not */
	const char *state_path;	/* (lab) its state file; NULL: the default */
	bool instant;		/* (lab) no simulated durations */
	bool summary_only;	/* stop at Summary after writing save_answers */
};

/* The whole wizard; returns the exit status (0 every job Completed, 1
 * failed or cancelled, 130 interrupted). */
int ivm_wizard(const struct ivm_wiz_opts *o);

/* ---- services for pages ------------------------------------------------ */

struct ivm_ui *ivm_wiz_ui(struct ivm_wiz *w);
struct ivm_settings *ivm_wiz_settings(struct ivm_wiz *w);
bool ivm_wiz_lab(const struct ivm_wiz *w);
/* "LAB IPAM server ipam1.contoso.com"; before the preflight: the host name. */
const char *ivm_wiz_label(struct ivm_wiz *w, enum ivm_side side);

/* Set a control from a setting's value in effect (a field of
 * ivm_setting_fields by name: "ipam/local-group/name"), unless the user has
 * typed into it already. */
void ivm_wiz_fill(struct ivm_wiz *w, struct ivm_form *f, const char *ctl, const char *setting);
/* Store a control's value into a setting; on a broken rule the message goes
 * beside the control (which takes the focus) and -1 is returned. */
int ivm_wiz_store(struct ivm_wiz *w, struct ivm_form *f, const char *ctl, const char *setting);

/* The same for a table of controls. store: -1 when a rule broke (the first
 * broken control has the focus and its message); store_back (Previous):
 * stores what passes its rule, keeps the rest in the form, says nothing. */
void ivm_wiz_fill_binds(struct ivm_wiz *w, struct ivm_form *f, const struct ivm_bind *b, size_t n);
int ivm_wiz_store_binds(struct ivm_wiz *w, struct ivm_form *f, const struct ivm_bind *b, size_t n);
void ivm_wiz_store_binds_back(struct ivm_wiz *w, struct ivm_form *f, const struct ivm_bind *b, size_t n);

/* Passwords typed on a page: kept by the wizard (wiped at the end), never
 * in the settings. side: IVM_SIDE_IPAM/VMM for the admins, IVM_SIDES for
 * the Run As account. NULL clears. */
void ivm_wiz_set_password(struct ivm_wiz *w, enum ivm_side side, const char *pw);
const char *ivm_wiz_password(const struct ivm_wiz *w, enum ivm_side side);

/* Connect to both servers (the lab is started in-process first), probing
 * each; per-host results into out[side] (one line each). 0 when both can
 * be administered. */
int ivm_wiz_connect(struct ivm_wiz *w, char out[IVM_SIDES][512], struct ivm_err *err);
bool ivm_wiz_connected(const struct ivm_wiz *w);

/* Run one reading operation (list-groups, resolve-account...) on a server
 * and wait for its result (the caller releases it, also after -1: a result
 * that arrived but says it failed, such as a Test, is kept for the page to
 * show). The status line says what is being read meanwhile. */
int ivm_wiz_read(struct ivm_wiz *w, enum ivm_side side, const char *op_id,
                 const struct ivm_param *params, size_t nparams, struct ivm_result *out,
                 struct ivm_err *err);

/* Perform the plan's steps whose operation is one of op_ids (NULL-ended),
 * through the jobs engine, as the console does when its button is pressed:
 * the steps join the Jobs list; progress shows meanwhile. 0 when each
 * Completed; -1 with err (the failed step's error and next step). */
int ivm_wiz_perform(struct ivm_wiz *w, const char *const op_ids[], struct ivm_err *err);
/* The same without waiting (Finish: the Jobs page then shows them live;
 * ivm_wiz_busy says when they are done). */
int ivm_wiz_start(struct ivm_wiz *w, const char *const op_ids[], struct ivm_err *err);

/* The plan the settings make now, its scripts with passwords masked (View Script). */
int ivm_wiz_script(struct ivm_wiz *w, struct ivm_buf *out, struct ivm_err *err);

/* Write the settings as an answer file (passwords never: only where each is
 * read from): to path, or when NULL to the --save-answers file or
 * ./ipamvmm-answers.xml. The path written goes to written[size]. */
int ivm_wiz_save_answers(struct ivm_wiz *w, const char *path, char *written, size_t size,
                         struct ivm_err *err);

/* Every step performed so far, for the Jobs page. */
size_t ivm_wiz_nsteps(struct ivm_wiz *w);
void ivm_wiz_step(struct ivm_wiz *w, size_t i, struct ivm_step_snapshot *out);
bool ivm_wiz_busy(struct ivm_wiz *w);	/* a jobs run is still going */

/* A failure shown to the user: what failed, why, what to do next. */
void ivm_wiz_error(struct ivm_wiz *w, const struct ivm_err *err);

/* Open a dialog page on top, modally: returns the action that closed it
 * (IVM_ACT_OK, IVM_ACT_CLOSE, IVM_ACT_CANCEL, IVM_ACT_QUIT). The dialog's
 * form lives while the wizard does (values kept for the next time). */
int ivm_wiz_dialog(struct ivm_wiz *w, const struct ivm_page *page);
/* A dialog's form (to read what it held after it closed); NULL if never opened. */
struct ivm_form *ivm_wiz_form_of(struct ivm_wiz *w, const struct ivm_page *page);

#endif
