/* bench/scripts.c: writes the scripts a plan runs, one file per step and one batch per server, for the python3-winrm benchmark. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/answers.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/ops/ops.h"
#include "core/plan.h"
#include "core/secret.h"
#include "core/settings.h"
#include "core/xalloc.h"

/*
 * `ipamvmm plan` prints each server's batch with the Run As password masked,
 * and prints no per-step script. The benchmark sends every step on its own
 * with python3-winrm, with the real (lab) password, so it needs what plan
 * cannot print: this program builds the plan the way `ipamvmm run` does
 * (ivm_plan_build with the password), and also the masked batches, which
 * bench/run compares byte for byte with what `ipamvmm plan` printed.
 *
 *   bench/scripts ANSWERS OUTDIR
 *     OUTDIR/steps.tsv            index, server (ipam|vmm), operation, step name
 *     OUTDIR/step-NN.ps1          the script of step NN alone (contract v=1)
 *     OUTDIR/batch-SIDE.ps1       the batch `ipamvmm run` sends to that server
 *     OUTDIR/batch-SIDE.masked.ps1  the same with the password masked, as plan prints it
 * The Run As password comes from where the answer file says (for the lab:
 * the lab's published password in IPAMVMM_RUNAS_PASSWORD).
 */

static const char *const side_name[] = { [IVM_SIDE_IPAM] = "ipam", [IVM_SIDE_VMM] = "vmm" };

static int
write_file(const char *dir, const char *name, const struct ivm_buf *b)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");
	if (fp == NULL || fwrite(b->data, 1, b->len, fp) != b->len || fclose(fp) != 0) {
		fprintf(stderr, "bench/scripts: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
batches(const struct ivm_plan *p, const char *dir, const char *suffix, struct ivm_err *err)
{
	for (int side = 0; side < IVM_SIDES; side++) {
		struct ivm_op_step steps[32];
		size_t n = 0;
		for (size_t i = 0; i < p->nsteps && n < 32; i++)
			if ((int)p->steps[i].side == side)
				steps[n++] = (struct ivm_op_step){ p->steps[i].call.op, p->steps[i].call.params,
				                                   p->steps[i].call.nparams };
		struct ivm_buf s = IVM_BUF_INIT;
		char name[64];
		snprintf(name, sizeof(name), "batch-%s%s.ps1", side_name[side], suffix);
		if (n && (ivm_op_batch_script(steps, n, &s, err) < 0 || write_file(dir, name, &s) < 0)) {
			ivm_buf_release(&s);
			return -1;
		}
		ivm_buf_release(&s);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("Usage: bench/scripts ANSWERS OUTDIR\n", stderr);
		return 2;
	}
	struct ivm_settings s;
	struct ivm_err err;
	struct ivm_plan real = { 0 }, masked = { 0 };
	char *pw = NULL;
	int status = 1;
	if (ivm_answers_load(&s, argv[1], &err) < 0) {
		fprintf(stderr, "bench/scripts: %s: %s\n", err.what, err.why);
		return 1;
	}
	if (s.runas_mode == IVM_RUNAS_NEW &&
	    (pw = ivm_secret_read_for(s.runas_password.src, s.runas_password.arg, s.runas_user ? s.runas_user : s.account,
	                              &err)) == NULL)
		goto fail;
	if (ivm_plan_build(&s, pw, &real, &err) < 0 || ivm_plan_build(&s, NULL, &masked, &err) < 0)
		goto fail;
	struct ivm_buf tsv = IVM_BUF_INIT;
	for (size_t i = 0; i < real.nsteps; i++) {
		const struct ivm_plan_step *st = &real.steps[i];
		struct ivm_buf sc = IVM_BUF_INIT;
		char name[64];
		snprintf(name, sizeof(name), "step-%02zu.ps1", i + 1);
		if (ivm_op_script(st->call.op, st->call.params, st->call.nparams, &sc, &err) < 0 ||
		    write_file(argv[2], name, &sc) < 0) {
			ivm_buf_release(&sc);
			ivm_buf_release(&tsv);
			goto fail;
		}
		ivm_buf_wipe(&sc);
		ivm_buf_addf(&tsv, "%02zu\t%s\t%s\t%s\n", i + 1, side_name[st->side], st->call.op->id, st->name);
	}
	if (write_file(argv[2], "steps.tsv", &tsv) < 0 || batches(&real, argv[2], "", &err) < 0 ||
	    batches(&masked, argv[2], ".masked", &err) < 0) {
		ivm_buf_release(&tsv);
		goto fail;
	}
	ivm_buf_release(&tsv);
	status = 0;
	goto out;
fail:
	fprintf(stderr, "bench/scripts: %s: %s\n", err.what, err.why);
out:
	ivm_plan_release(&real);
	ivm_plan_release(&masked);
	ivm_secret_free(&pw);
	ivm_settings_release(&s);
	return status;
}
