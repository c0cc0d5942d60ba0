/* core/lab/server.h: the lab's WinRM endpoints: one HTTP listener per simulated host on 127.0.0.1. */
#ifndef IVM_LAB_SERVER_H
#define IVM_LAB_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

struct ivm_lab;

/* Windows limits the lab enforces (reference/windows-ops.md §4.8, 2012 R2 values). */
#define IVM_LAB_MAX_ENVELOPE 512000   /* MaxEnvelopeSizekb 500 */
#define IVM_LAB_MAX_SHELLS_PER_USER 30
#define IVM_LAB_MAX_TIMEOUT_MS 60000  /* MaxTimeoutms */

enum ivm_lab_fault_kind {
	IVM_LAB_FAULT_DROP,      /* the request is carried out, then the connection closes without a reply */
	IVM_LAB_FAULT_HTTP500,   /* HTTP 500 with a WSManFault; the request is not carried out */
	IVM_LAB_FAULT_401,       /* HTTP 401 */
	IVM_LAB_FAULT_TIMEOUT,   /* WSManFault 2150858793, as for a Receive with no output yet */
	IVM_LAB_FAULT_MALFORMED, /* HTTP 200 with a body that is not XML */
	IVM_LAB_FAULT_HUGE,      /* HTTP 200 with a 5 MiB body */
	IVM_LAB_FAULT_SLOW,      /* the reply waits slow_ms first */
	IVM_LAB_FAULT_TAMPER,    /* one byte of the sealed part of the reply is flipped (unsealed replies pass unchanged) */
};

struct ivm_lab_fault {
	enum ivm_lab_fault_kind kind;
	unsigned long at;        /* the at-th request the lab receives, counting from 1, all hosts together */
};

struct ivm_lab_server_opts {
	unsigned port;           /* first host on port, the next on port+1, ...; 0: ports the kernel picks */
	unsigned latency_ms;     /* added before every reply */
	bool instant;            /* commands and jobs take no simulated time */
	unsigned slow_ms;        /* for the slow fault; 0: 65000 (past any client timeout) */
	const struct ivm_lab_fault *faults;
	size_t nfaults;
	/* As a Windows server with AllowUnencrypted=false (the default of
	 * `winrm quickconfig`): Basic gets 401, and a Negotiate or Kerberos
	 * request whose body is not sealed gets HTTP 500. false: both are
	 * accepted, as with AllowUnencrypted=true. */
	bool deny_unencrypted;
};

struct ivm_lab_server;

/* The server uses lab (not owned) under its own lock until stopped. It
 * takes Basic, and Negotiate (NTLM through gss-ntlmssp, checked against a
 * private NTLM_USER_FILE of the published accounts, in memory, dropped on
 * stop) and Kerberos (the keytab in KRB5_KTNAME) with sealed or plain
 * bodies. A process has one NTLM_USER_FILE: NTLM for one server at a time. */
struct ivm_lab_server *ivm_lab_server_start(struct ivm_lab *lab, const struct ivm_lab_server_opts *o,
                                            struct ivm_err *err);
void ivm_lab_server_stop(struct ivm_lab_server **srv);
size_t ivm_lab_server_nendpoints(const struct ivm_lab_server *srv);
const char *ivm_lab_server_host(const struct ivm_lab_server *srv, size_t i); /* fqdn */
const char *ivm_lab_server_url(const struct ivm_lab_server *srv, size_t i);  /* http://127.0.0.1:PORT/wsman */
/* The endpoint of a host by fqdn or NetBIOS name, or NULL. */
const char *ivm_lab_server_url_of(const struct ivm_lab_server *srv, const char *host);
unsigned long ivm_lab_server_requests(struct ivm_lab_server *srv, size_t i);
/* "stats <fqdn> requests N" per host, then "stats total requests N". */
void ivm_lab_server_print_stats(struct ivm_lab_server *srv, FILE *fp);

/* "drop@3" -> { DROP, 3 } */
int ivm_lab_fault_parse(const char *spec, struct ivm_lab_fault *f, struct ivm_err *err);

#endif
