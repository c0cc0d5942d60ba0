/* tests/testsrv.h: a scripted, recording HTTP(S) server on 127.0.0.1 for the WinRM client tests. */
#ifndef IVM_TESTSRV_H
#define IVM_TESTSRV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* One recorded request. The server owns it; it stays valid until testsrv_free. */
struct ts_request {
	unsigned index;            /* 0-based order of arrival (complete body received) */
	unsigned conn_id;          /* 1-based id of the TCP connection it came on */
	int tls;                   /* 1 when it came over HTTPS */
	char method[16];
	char url[256];
	char host[256];            /* the Host header, "" if none */
	char client_ip[64];        /* the peer address, e.g. "127.0.0.1" */
	char *body;                /* NUL-terminated copy, never NULL */
	size_t body_len;
	char *authorization;       /* the Authorization header, "" if none, never NULL:
	                              Negotiate tokens can be several KiB */
	char content_type[256];
	char *headers;             /* every header as "Name: value\n", in arrival order */
	int body_too_big;          /* the body passed the cap: it was dropped and a 413 sent */
	/* Pulled from the SOAP body with libxml2 by local name, any prefix; "" when absent. */
	char action[256];
	char message_id[128];
	char shell_id[128];        /* the w:Selector Name="ShellId" */
	char command_id[128];      /* the first CommandId attribute or element in the message */
};

enum ts_mode {
	TS_REPLY = 0,  /* send the reply */
	TS_DROP,       /* close the connection without any reply */
	TS_TRUNCATE,   /* headers with the full Content-Length, truncate_at body bytes, close */
	TS_DELAY,      /* wait delay_ms, then reply */
};

/* What the handler wants sent. testsrv fills the defaults before calling it. */
struct ts_response {
	unsigned status;            /* default 200 */
	struct ivm_buf body;        /* default empty */
	char content_type[128];     /* default "application/soap+xml;charset=UTF-8";
	                               "" sends no Content-Type */
	char www_authenticate[256]; /* sent with a 401 when set */
	enum ts_mode mode;
	size_t truncate_at;         /* TS_TRUNCATE: body bytes to send (clamped below the length) */
	unsigned delay_ms;          /* honoured in every mode: DROP and TRUNCATE can come late too */
};

/* Called once per request, with the full body, from that connection's thread:
 * a handler shared between connections must lock its own state. */
typedef void (*ts_handler)(void *ud, const struct ts_request *rq, struct ts_response *rs);

struct testsrv_opts {
	const char *cert_pem;       /* both set: HTTPS (PEM text, not file names) */
	const char *key_pem;
	size_t max_body;            /* request body cap; 0 means TESTSRV_MAX_BODY */
};

#define TESTSRV_MAX_BODY ((size_t)16 << 20)
#define TESTSRV_DEFAULT_CTYPE "application/soap+xml;charset=UTF-8"

/* Listen on 127.0.0.1, a port the kernel picks. o may be NULL (plain HTTP).
 * NULL, with the reason on stderr, when the daemon cannot start. */
struct testsrv *testsrv_new(ts_handler h, void *ud, const struct testsrv_opts *o);
unsigned testsrv_port(const struct testsrv *s);
/* "http://127.0.0.1:PORT/wsman" or "https://..." */
const char *testsrv_url(const struct testsrv *s);
unsigned testsrv_nrequests(struct testsrv *s);
/* TCP connections accepted so far, and those still open. */
unsigned testsrv_nconnections(struct testsrv *s);
unsigned testsrv_nopen(struct testsrv *s);
/* NULL past the end. */
const struct ts_request *testsrv_request(struct testsrv *s, unsigned i);
/* Wait until at least n requests were recorded; false when timeout_ms passed first.
 * For tests that run the client on another thread. */
bool testsrv_wait_requests(struct testsrv *s, unsigned n, unsigned timeout_ms);
/* Stop: interrupts DELAYs at once (those connections are closed without a reply). */
void testsrv_free(struct testsrv **s);

/* The value of one request header (case-insensitive name) copied into out;
 * false when absent. */
bool ts_request_header(const struct ts_request *rq, const char *name, char *out, size_t outsz);
/* Read a whole file into a malloc'd NUL-terminated string; NULL (errno set) on failure. */
char *testsrv_slurp(const char *path);

#endif
