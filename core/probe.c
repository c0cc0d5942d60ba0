/* core/probe.c: can ipamvmm reach and administer this host? Four facts, one shell. */
#include "config.h"

#include "core/probe.h"

#include <string.h>
#include <strings.h>

#include "core/ivm.h"

static const char *const admin_words[] = {
	[IVM_ADMIN_YES] = "yes (enabled member of Administrators, S-1-5-32-544)",
	[IVM_ADMIN_NOT_MEMBER] = "no (not a member of Administrators, S-1-5-32-544)",
	[IVM_ADMIN_FILTERED] = "no (member, but the token is filtered: deny only)",
	[IVM_ADMIN_DISABLED] = "no (member, but the group is not enabled in the token)",
};

/* Failures that happen before any WinRM listener answered. */
static bool
before_reply(enum ivm_errkind k)
{
	return k == IVM_E_DNS || k == IVM_E_CONNECT || k == IVM_E_TLS || k == IVM_E_TIMEOUT ||
	       k == IVM_E_USAGE || k == IVM_E_UNENCRYPTED || k == IVM_E_DROPPED;
}

static int
run(struct ivm_wsman *w, const char *cmd, const char *const *args, size_t nargs,
    struct ivm_wsman_result *res, struct ivm_err *err)
{
	struct ivm_wsman_cmd c = { .command = cmd, .args = args, .nargs = nargs, .deadline_ms = 60000 };
	if (ivm_wsman_run(w, &c, res, err) < 0)
		return -1;
	if (res->exit_code != 0) {
		ivm_err_set(err, IVM_E_REMOTE, "running a test command", "Check the server's event log.",
		            "'%s' exited with code %ld on %s: %.200s", cmd, res->exit_code,
		            ivm_wsman_host(w), ivm_buf_str(&res->err));
		ivm_wsman_result_release(res);
		return -1;
	}
	return 0;
}

static void
first_line(char *dst, size_t size, const char *s)
{
	while (*s == ' ' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strcspn(s, "\r\n");
	while (n && s[n - 1] == ' ')
		n--;
	snprintf(dst, size, "%.*s", (int)n, s);
}

void
ivm_probe(const struct ivm_http_opts *ho, const struct ivm_wsman_opts *wo, struct ivm_probe_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	rep->admin = IVM_ADMIN_NOT_MEMBER;
	struct ivm_transport *t = ivm_http_new(ho, &rep->err);
	snprintf(rep->protection, sizeof(rep->protection), "%s",
	         t ? ivm_http_transport_protection(t) : ivm_http_protection(ho));
	if (t == NULL)
		return;
	struct ivm_wsman *w = ivm_wsman_new(t, wo);
	struct ivm_wsman_result res;

	if (run(w, "hostname", NULL, 0, &res, &rep->err) < 0)
		goto done;
	rep->reached = rep->authenticated = true;
	first_line(rep->hostname, sizeof(rep->hostname), ivm_buf_str(&res.out));
	rep->have_hostname = rep->hostname[0] != '\0';
	ivm_wsman_result_release(&res);

	static const char *const wargs[] = { "/groups", "/fo", "csv", "/nh" };
	if (run(w, "whoami", wargs, IVM_COUNT(wargs), &res, &rep->err) < 0)
		goto done;
	struct ivm_whoami who;
	if (ivm_whoami_parse(ivm_buf_str(&res.out), res.out.len, &who, &rep->err) == 0) {
		rep->have_groups = true;
		rep->admin = ivm_whoami_admin(&who);
		ivm_whoami_release(&who);
	}
	ivm_wsman_result_release(&res);
	if (rep->have_groups && rep->admin != IVM_ADMIN_YES)
		ivm_err_set(&rep->err, IVM_E_DENIED, "checking administrator rights",
		            ivm_whoami_admin_explain(rep->admin), "administrator rights: %s",
		            admin_words[rep->admin]);
	/* The Delete is part of the probe: a server that cannot close a shell
	 * will leak one per run until MaxShellsPerUser stops us. */
	struct ivm_err e;
	if (ivm_wsman_close(w, &e) < 0 && rep->err.kind == IVM_OK)
		rep->err = e;
done:
	if (rep->err.kind != IVM_OK && !before_reply(rep->err.kind))
		rep->reached = true;
	if (rep->err.kind == IVM_E_DENIED && !rep->have_groups)
		rep->authenticated = true; /* the server knew who we are and said no */
	rep->ok = rep->reached && rep->authenticated && rep->have_hostname &&
	          rep->have_groups && rep->admin == IVM_ADMIN_YES && rep->err.kind == IVM_OK;
	ivm_wsman_get_stats(w, &rep->stats);
	ivm_wsman_free(&w);
}

static const char *
yes_no(bool b)
{
	return b ? "yes" : "no";
}

void
ivm_probe_print(const struct ivm_probe_report *rep, const struct ivm_http_opts *ho, FILE *fp)
{
	fprintf(fp, "probe %s as %s (auth %s, protection: %s)\n", ho->url,
	        ho->user && ho->user[0] ? ho->user : "(no user)", ivm_auth_name(ho->auth),
	        rep->protection);
	fprintf(fp, "  reached:        %s\n", yes_no(rep->reached));
	fprintf(fp, "  authenticated:  %s\n", rep->reached ? yes_no(rep->authenticated) : "not tried");
	fprintf(fp, "  host name:      %s\n", rep->have_hostname ? rep->hostname : "unknown");
	fprintf(fp, "  administrator:  %s\n",
	        rep->have_groups ? admin_words[rep->admin] : "unknown");
	fprintf(fp, "  requests:       %lu on %lu connection(s)\n",
	        rep->stats.transport.requests, rep->stats.transport.connections);
	if (rep->ok) {
		fprintf(fp, "result: ready: ipamvmm can reach and administer %s\n", rep->hostname);
		return;
	}
	fprintf(fp, "result: not ready\n");
	ivm_err_print(&rep->err, fp);
}
