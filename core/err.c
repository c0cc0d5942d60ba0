/* core/err.c: an error a user can meet: what failed, why, and what to do next. */
#include "config.h"

#include "core/err.h"

#include <stdarg.h>
#include <string.h>

static const char *const kind_names[] = {
	[IVM_OK] = "ok",
	[IVM_E_USAGE] = "usage",
	[IVM_E_IO] = "io",
	[IVM_E_DNS] = "dns",
	[IVM_E_CONNECT] = "connect",
	[IVM_E_TLS] = "tls",
	[IVM_E_AUTH] = "auth",
	[IVM_E_DENIED] = "denied",
	[IVM_E_UNENCRYPTED] = "unencrypted",
	[IVM_E_FAULT] = "fault",
	[IVM_E_HTTP] = "http",
	[IVM_E_MALFORMED] = "malformed",
	[IVM_E_TOOBIG] = "toobig",
	[IVM_E_TIMEOUT] = "timeout",
	[IVM_E_DEADLINE] = "deadline",
	[IVM_E_DROPPED] = "dropped",
	[IVM_E_QUOTA] = "quota",
	[IVM_E_PROTOCOL] = "protocol",
	[IVM_E_REMOTE] = "remote",
	[IVM_E_CANCELLED] = "cancelled",
};

void
ivm_err_clear(struct ivm_err *e)
{
	memset(e, 0, sizeof(*e));
}

void
ivm_err_set(struct ivm_err *e, enum ivm_errkind kind, const char *what,
            const char *next, const char *why_fmt, ...)
{
	if (e == NULL)
		return;
	ivm_err_clear(e);
	e->kind = kind;
	snprintf(e->what, sizeof(e->what), "%s", what ? what : "");
	snprintf(e->next, sizeof(e->next), "%s", next ? next : "");
	va_list ap;
	va_start(ap, why_fmt);
	vsnprintf(e->why, sizeof(e->why), why_fmt, ap);
	va_end(ap);
}

void
ivm_err_prefix(struct ivm_err *e, const char *fmt, ...)
{
	if (e == NULL)
		return;
	char out[sizeof(e->what)];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, sizeof(out), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t used = (size_t)n < sizeof(out) ? (size_t)n : sizeof(out) - 1;
	size_t room = sizeof(out) - 1 - used;
	size_t keep = strnlen(e->what, room);
	memcpy(out + used, e->what, keep);
	out[used + keep] = '\0';
	memcpy(e->what, out, sizeof(out));
}

void
ivm_err_print(const struct ivm_err *e, FILE *fp)
{
	fprintf(fp, "error: %s\n", e->what[0] ? e->what : "unknown failure");
	if (e->why[0])
		fprintf(fp, "  why:  %s\n", e->why);
	if (e->next[0])
		fprintf(fp, "  next: %s\n", e->next);
}

const char *
ivm_err_kind_name(enum ivm_errkind kind)
{
	if ((size_t)kind < IVM_COUNT(kind_names) && kind_names[kind])
		return kind_names[kind];
	return "unknown";
}
