/* tests/labfix.c: a running lab with an administrator session on each host, and one call to run an operation on it. */
#include "config.h"

#include "tests/labfix.h"

#include <check.h>

#include "core/http.h"
#include "core/ops/ops.h"

static struct ivm_wsman *
session(struct labfix *fx, const char *host)
{
	struct ivm_err err;
	struct ivm_http_opts ho = { .url = ivm_lab_server_url_of(fx->srv, host), .user = "CONTOSO\\Administrator",
	                            .password = "Lab-Admin-1!", .auth = IVM_AUTH_BASIC, .allow_unencrypted = true,
	                            .timeout_ms = 15000 };
	struct ivm_transport *t = ivm_http_new(&ho, &err);
	ck_assert_msg(t != NULL, "%s", err.why);
	struct ivm_wsman_opts wo = { .url = ho.url, .op_timeout_s = 5 };
	return ivm_wsman_new(t, &wo);
}

void
labfix_start(struct labfix *fx, bool instant)
{
	struct ivm_err err;
	fx->lab = ivm_lab_new_default();
	struct ivm_lab_server_opts o = { .instant = instant };
	fx->srv = ivm_lab_server_start(fx->lab, &o, &err);
	ck_assert_msg(fx->srv != NULL, "%s", err.why);
	fx->ipam = session(fx, "ipam1.contoso.com");
	fx->vmm = session(fx, "vmm1.contoso.com");
}

void
labfix_stop(struct labfix *fx)
{
	ivm_wsman_free(&fx->ipam);
	ivm_wsman_free(&fx->vmm);
	ivm_lab_server_stop(&fx->srv);
	ivm_lab_free(&fx->lab);
}

const struct ivm_result *
labfix_op(struct ivm_wsman *w, const char *id, const struct ivm_param *params, size_t nparams,
          struct ivm_ps_result *res)
{
	const struct ivm_op *op = ivm_op_find(id);
	ck_assert_msg(op != NULL, "no operation %s", id);
	struct ivm_buf s = IVM_BUF_INIT;
	struct ivm_err err;
	ck_assert_msg(ivm_op_script(op, params, nparams, &s, &err) == 0, "%s: %s", id, err.why);
	ck_assert_msg(ivm_psrun(w, s.data, NULL, res, &err) == 0, "%s: %s: %s", id, err.what, err.why);
	ivm_buf_wipe(&s);
	ck_assert_msg(res->nresults == 1, "%s: %zu result lines; stderr: %s", id, res->nresults,
	              ivm_buf_str(&res->err));
	return &res->results[0];
}
