/* screens/wizard_int.h: the wizard's state, shared by its flow (wizard.c) and its services (wizard_values.c, wizard_servers.c). */
#ifndef IVM_WIZARD_INT_H
#define IVM_WIZARD_INT_H

#include "core/session.h"
#include "screens/wizard.h"

struct kept_form {
	const struct ivm_page *page;
	struct ivm_form *form;
	unsigned visits;
};

struct ivm_wiz {
	const struct ivm_wiz_opts *o;
	struct ivm_ui *ui;
	struct ivm_settings s;
	char *password[IVM_SIDES + 1];
	struct ivm_session *session;
	bool connected;
	char label[IVM_SIDES][300];
	struct kept_form forms[32];
	size_t nforms;
	bool first_visit;	/* enter() of a form shown for the first time */
	char crumb[400];	/* of the page under the dialogs */
	struct ivm_jobs *runs[16];	/* every jobs run, in order */
	size_t nruns;
};


/* Close the servers' sessions (the lab saves its state). */
void ivm_wiz_disconnect(struct ivm_wiz *w);
/* Text cut to size: labels and messages may be longer than a line. */
void ivm_wiz_say(char *out, size_t size, const char *fmt, ...) IVM_PRINTF(3, 4);

#endif
