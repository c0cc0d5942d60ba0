/* core/session.h: the two servers a procedure talks to (or the in-process lab), connected once and kept. */
#ifndef IVM_SESSION_H
#define IVM_SESSION_H

#include <stdbool.h>

#include "core/contract.h"
#include "core/err.h"
#include "core/http.h"
#include "core/lab/server.h"
#include "core/probe.h"
#include "core/settings.h"
#include "core/transcript.h"
#include "core/wsman.h"

struct ivm_session_opts {
	/* the lab, when the settings name no server */
	const char *state_path;		/* NULL: the default state file */
	bool instant;
	const struct ivm_lab_fault *faults;
	size_t nfaults;
	unsigned slow_ms;		/* 0: 40 s */
	unsigned timeout_ms;		/* per HTTP request; 0: 30 s */
	/* Passwords typed already (copied, wiped on close); NULL: read from
	 * where the settings say, or the lab's published one. */
	const char *password[IVM_SIDES];
	struct ivm_transcript *transcript;	/* borrowed */
	bool quiet;			/* do not print the LAB line */
};

struct ivm_session;

/* Starts the lab when needed and prepares both connections (no request is
 * sent yet). NULL with err. */
struct ivm_session *ivm_session_open(const struct ivm_settings *s, const struct ivm_session_opts *o,
                                     struct ivm_err *err);
/* Saves the lab's state, closes the shells (warning on stderr when a
 * cleanup failed and warn is set), frees. */
void ivm_session_close(struct ivm_session **sp, bool warn);

struct ivm_wsman *ivm_session_wsman(struct ivm_session *ss, enum ivm_side side);
/* "LAB IPAM server ipam1.contoso.com" */
const char *ivm_session_label(const struct ivm_session *ss, enum ivm_side side);
/* Can this host be reached and administered? (its own short connection) */
void ivm_session_probe(struct ivm_session *ss, enum ivm_side side, struct ivm_probe_report *rep);
/* One operation, one command, its result (the caller releases it, also
 * after -1: a result that arrived but says the operation failed is kept). */
int ivm_session_read(struct ivm_session *ss, enum ivm_side side, const char *op_id,
                     const struct ivm_param *params, size_t nparams, struct ivm_result *out,
                     struct ivm_err *err);

#endif
