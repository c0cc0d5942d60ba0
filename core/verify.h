/* core/verify.h: does the integration the settings describe exist? Each expected fact: holds, missing, or different. */
#ifndef IVM_VERIFY_H
#define IVM_VERIFY_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"
#include "core/settings.h"
#include "core/wsman.h"

enum ivm_fact_state { IVM_FACT_HOLDS, IVM_FACT_MISSING, IVM_FACT_DIFFERENT };

struct ivm_fact {
	char what[200];        /* "Local group VMM Users on the IPAM server" */
	enum ivm_fact_state state;
	char detail[600];      /* for missing/different: what was found, and why it matters */
};

#define IVM_VERIFY_FACTS 7

/* Reads only: one command per server (Create, Command, Receive..., Signal,
 * Delete). sessions[IVM_SIDE_IPAM] and [IVM_SIDE_VMM]. 0 with facts filled
 * (*n set), or -1 with err when the servers could not be asked. */
int ivm_verify(const struct ivm_settings *s, struct ivm_wsman *const sessions[IVM_SIDES],
               struct ivm_fact facts[IVM_VERIFY_FACTS], size_t *n, struct ivm_err *err);
const char *ivm_fact_state_name(enum ivm_fact_state st);

#endif
