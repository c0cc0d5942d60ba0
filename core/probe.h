/* core/probe.h: can ipamvmm reach and administer this host? Four facts, one shell. */
#ifndef IVM_PROBE_H
#define IVM_PROBE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"
#include "core/http.h"
#include "core/whoami.h"
#include "core/wsman.h"

struct ivm_probe_report {
	bool reached;        /* an HTTP answer came back from a WinRM listener */
	bool authenticated;  /* the server accepted the credentials */
	bool have_hostname;
	char hostname[256];
	bool have_groups;
	enum ivm_admin_state admin;
	char protection[64]; /* how the messages were protected on the wire */
	bool ok;             /* all four hold */
	struct ivm_err err;  /* the first failure, when !ok */
	struct ivm_wsman_stats stats;
};

/* Runs `hostname` and `whoami /groups /fo csv /nh` in one shell: Create,
 * 2 x (Command, Receive, Signal), Delete. */
void ivm_probe(const struct ivm_http_opts *ho, const struct ivm_wsman_opts *wo,
               struct ivm_probe_report *rep);
void ivm_probe_print(const struct ivm_probe_report *rep, const struct ivm_http_opts *ho, FILE *fp);

#endif
