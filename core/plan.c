/* core/plan.c: the settings turned into the ordered steps of the procedure, each with its inverse for undo. */
#include "config.h"

#include "core/plan.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/ivm.h"
#include "core/xalloc.h"

#define MASK "********"

static void
param(struct ivm_plan_call *c, const char *name, const char *value)
{
	c->params[c->nparams].name = name;
	c->params[c->nparams].value = ivm_xstrdup(value ? value : "");
	c->nparams++;
}

static struct ivm_plan_step *add(struct ivm_plan *p, enum ivm_side side, const char *op, const char *vmm_job,
                                 const char *fmt, ...) IVM_PRINTF(5, 6);
static void undo(struct ivm_plan_step *st, const char *op, const char *fmt, ...) IVM_PRINTF(3, 4);

static struct ivm_plan_step *
add(struct ivm_plan *p, enum ivm_side side, const char *op, const char *vmm_job, const char *fmt, ...)
{
	p->steps = ivm_xrealloc(p->steps, (p->nsteps + 1) * sizeof(*p->steps));
	struct ivm_plan_step *st = &p->steps[p->nsteps++];
	memset(st, 0, sizeof(*st));
	struct ivm_buf name = IVM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	ivm_buf_vaddf(&name, fmt, ap);
	va_end(ap);
	st->name = ivm_buf_steal(&name);
	st->side = side;
	st->call.op = ivm_op_find(op);
	st->vmm_job = vmm_job;
	return st;
}

static void
undo(struct ivm_plan_step *st, const char *op, const char *fmt, ...)
{
	struct ivm_buf name = IVM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	ivm_buf_vaddf(&name, fmt, ap);
	va_end(ap);
	st->undo_name = ivm_buf_steal(&name);
	st->undo.op = ivm_op_find(op);
	st->has_undo = true;
}

static const char *
or_default(const char *v, const char *def)
{
	return v && v[0] ? v : def;
}

int
ivm_plan_build(const struct ivm_settings *s, const char *runas_password, struct ivm_plan *p,
               struct ivm_err *err)
{
	memset(p, 0, sizeof(*p));
	if (ivm_settings_validate(s, err) < 0)
		return -1;
	const char *ipam = or_default(s->target[IVM_SIDE_IPAM].host, "ipam1.contoso.com");
	const char *conn = or_default(s->connection_string, ipam);
	const char *runas_user = or_default(s->runas_user, s->account);
	struct ivm_plan_step *st;

	/* IPAM server: Local Users and Groups, then IPAM Access Control */
	st = add(p, IVM_SIDE_IPAM, "host-facts", NULL, "Check the IPAM server %s", ipam);
	st = add(p, IVM_SIDE_IPAM, "ensure-group", NULL, "Create local group %s", s->group_name);
	param(&st->call, "Name", s->group_name);
	param(&st->call, "Description", s->group_description);
	undo(st, "remove-group", "Remove local group %s", s->group_name);
	param(&st->undo, "Name", s->group_name);

	st = add(p, IVM_SIDE_IPAM, "ensure-group-member", NULL, "Add %s to the group", s->account);
	param(&st->call, "Group", s->group_name);
	param(&st->call, "Member", s->account);
	undo(st, "remove-group-member", "Remove %s from the group", s->account);
	param(&st->undo, "Group", s->group_name);
	param(&st->undo, "Member", s->account);

	st = add(p, IVM_SIDE_IPAM, "grant-ipam-role", NULL, "Grant %s", s->role);
	param(&st->call, "Principal", s->group_name);
	param(&st->call, "Role", s->role);
	param(&st->call, "Scope", s->scope);
	undo(st, "revoke-ipam-role", "Revoke %s", s->role);
	param(&st->undo, "Principal", s->group_name);
	param(&st->undo, "Role", s->role);
	param(&st->undo, "Scope", s->scope);

	st = add(p, IVM_SIDE_IPAM, "ensure-rmu-member", NULL, "Add %s to Remote Management Users", s->account);
	param(&st->call, "Member", s->account);
	undo(st, "remove-rmu-member", "Remove %s from Remote Management Users", s->account);
	param(&st->undo, "Member", s->account);

	/* VMM server: Add Network Service Wizard */
	st = add(p, IVM_SIDE_VMM, "host-facts", NULL, "Check the VMM server %s",
	         or_default(s->target[IVM_SIDE_VMM].host, "vmm1.contoso.com"));
	if (s->runas_mode == IVM_RUNAS_NEW) {
		st = add(p, IVM_SIDE_VMM, "ensure-runas", "Create new RunAs Account", "Create Run As account %s",
		         s->runas_name);
		param(&st->call, "Name", s->runas_name);
		param(&st->call, "Description", s->runas_description);
		param(&st->call, "UserName", runas_user);
		param(&st->call, "Password", runas_password ? runas_password : MASK);
		undo(st, "remove-runas", "Remove Run As account %s", s->runas_name);
		param(&st->undo, "Name", s->runas_name);
	}
	st = add(p, IVM_SIDE_VMM, "test-network-service", NULL, "Test the connection to %s", conn);
	param(&st->call, "ConnectionString", conn);
	param(&st->call, "RunAsName", s->runas_name);
	param(&st->call, "ProviderName", s->provider);

	st = add(p, IVM_SIDE_VMM, "ensure-network-service", "Add network service device", "Add network service %s",
	         s->service_name);
	struct ivm_buf groups = IVM_BUF_INIT;
	for (size_t i = 0; i < s->host_groups.n; i++)
		ivm_buf_addf(&groups, "%s%s", i ? "\n" : "", s->host_groups.v[i]);
	param(&st->call, "Name", s->service_name);
	param(&st->call, "Description", s->service_description);
	param(&st->call, "ConnectionString", conn);
	param(&st->call, "RunAsName", s->runas_name);
	param(&st->call, "ProviderName", s->provider);
	param(&st->call, "HostGroups", groups.len ? groups.data : "All Hosts");
	ivm_buf_release(&groups);
	undo(st, "remove-network-service", "Remove network service %s", s->service_name);
	param(&st->undo, "Name", s->service_name);

	for (size_t i = 0; i < p->nsteps; i++) {
		const struct ivm_plan_step *c = &p->steps[i];
		if (c->call.op == NULL || (c->has_undo && c->undo.op == NULL)) {
			ivm_err_set(err, IVM_E_USAGE, "building the plan", "This is a bug in ipamvmm: report it.",
			            "step '%s' names an operation this build does not have", c->name);
			ivm_plan_release(p);
			return -1;
		}
	}
	return 0;
}

static void
call_release(struct ivm_plan_call *c)
{
	for (size_t i = 0; i < c->nparams; i++) {
		char *v = (char *)c->params[i].value;
		ivm_secret_free(&v);
	}
	c->nparams = 0;
}

void
ivm_plan_release(struct ivm_plan *p)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		free(p->steps[i].name);
		free(p->steps[i].undo_name);
		call_release(&p->steps[i].call);
		call_release(&p->steps[i].undo);
	}
	free(p->steps);
	memset(p, 0, sizeof(*p));
}

size_t
ivm_plan_jobs(const struct ivm_plan *p, bool undo_it, struct ivm_step_def *defs,
              enum ivm_side order[IVM_SIDES], size_t *nsides)
{
	size_t n = 0;
	*nsides = 0;
	for (size_t k = 0; k < p->nsteps; k++) {
		const struct ivm_plan_step *st = &p->steps[undo_it ? p->nsteps - 1 - k : k];
		if (undo_it && !st->has_undo)
			continue;
		size_t h = 0;
		while (h < *nsides && order[h] != st->side)
			h++;
		if (h == *nsides)
			order[(*nsides)++] = st->side;
		const struct ivm_plan_call *c = undo_it ? &st->undo : &st->call;
		defs[n++] = (struct ivm_step_def){
			.name = undo_it ? st->undo_name : st->name, .host = h, .op = c->op,
			.params = c->params, .nparams = c->nparams, .vmm_job = undo_it ? NULL : st->vmm_job,
		};
	}
	return n;
}

static void
print_params(const struct ivm_plan_call *c, FILE *fp)
{
	for (size_t i = 0; i < c->nparams; i++)
		fprintf(fp, "      %s = %s\n", c->params[i].name,
		        strcasestr(c->params[i].name, "password") ? MASK : c->params[i].value);
}

/* The batch one server runs, exactly, with any password replaced by the mask. */
static void
print_batch(const struct ivm_plan *p, enum ivm_side side, FILE *fp)
{
	struct ivm_op_step *steps = ivm_xcalloc(p->nsteps, sizeof(*steps));
	struct ivm_param *shown = ivm_xcalloc(p->nsteps * IVM_PLAN_MAX_PARAMS, sizeof(*shown));
	size_t n = 0;
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct ivm_plan_call *c = &p->steps[i].call;
		if (p->steps[i].side != side)
			continue;
		struct ivm_param *sp = &shown[n * IVM_PLAN_MAX_PARAMS];
		for (size_t k = 0; k < c->nparams; k++) {
			sp[k] = c->params[k];
			if (strcasestr(c->params[k].name, "password"))
				sp[k].value = MASK;
		}
		steps[n++] = (struct ivm_op_step){ c->op, sp, c->nparams };
	}
	struct ivm_buf s = IVM_BUF_INIT;
	struct ivm_err err;
	if (n && ivm_op_batch_script(steps, n, &s, &err) == 0) {
		fprintf(fp, "\n--- the script the %s runs, exactly (%zu characters; passwords as %s) ---\n",
		        side == IVM_SIDE_IPAM ? "IPAM server" : "VMM server", s.len, MASK);
		fwrite(s.data, 1, s.len, fp);
		fprintf(fp, "--- end of script ---\n");
	}
	ivm_buf_release(&s);
	free(steps);
	free(shown);
}

void
ivm_plan_print(const struct ivm_plan *p, const struct ivm_settings *s, bool scripts, FILE *fp)
{
	static const char *const sides[] = { [IVM_SIDE_IPAM] = "IPAM server", [IVM_SIDE_VMM] = "VMM server" };
	enum ivm_side last = IVM_SIDES;
	size_t k = 0;
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct ivm_plan_step *st = &p->steps[i];
		if (st->side != last) {
			const char *host = s->target[st->side].host;
			fprintf(fp, "%s%s %s\n", i ? "\n" : "", sides[st->side],
			        host ? host : s->lab ? "(the lab)" : "(not named)");
			last = st->side;
		}
		fprintf(fp, "  %zu. %s   [%s%s%s]\n", ++k, st->name, st->call.op->id,
		        st->vmm_job ? ", VMM job: " : "", st->vmm_job ? st->vmm_job : "");
		print_params(&st->call, fp);
		if (st->has_undo)
			fprintf(fp, "     undo: %s [%s]\n", st->undo_name, st->undo.op->id);
	}
	if (scripts) {
		print_batch(p, IVM_SIDE_IPAM, fp);
		print_batch(p, IVM_SIDE_VMM, fp);
	}
}
