/* tests/labfix.h: a running lab with an administrator session on each host, and one call to run an operation on it. */
#ifndef IVM_TESTS_LABFIX_H
#define IVM_TESTS_LABFIX_H

#include <stdbool.h>

#include "core/contract.h"
#include "core/lab/model.h"
#include "core/lab/server.h"
#include "core/psrun.h"
#include "core/wsman.h"

struct labfix {
	struct ivm_lab *lab;
	struct ivm_lab_server *srv;
	struct ivm_wsman *ipam;   /* CONTOSO\Administrator on ipam1 */
	struct ivm_wsman *vmm;    /* CONTOSO\Administrator on vmm1 */
};

/* instant: no simulated time (jobs finish at once). Aborts the test on failure. */
void labfix_start(struct labfix *fx, bool instant);
void labfix_stop(struct labfix *fx);
/* Run operation id with its parameters on the session, through the real
 * client path (ivm_op_script, ivm_psrun). Returns the one result (owned by
 * res, release with ivm_ps_result_release); fails the test if the command
 * did not run or did not answer with exactly one result line. */
const struct ivm_result *labfix_op(struct ivm_wsman *w, const char *id, const struct ivm_param *params,
                                   size_t nparams, struct ivm_ps_result *res);

#endif
