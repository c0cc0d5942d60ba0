/* core/wsman_fault.h: turns a WSManFault or SOAP fault into what failed, why, and what to do. */
#ifndef IVM_WSMAN_FAULT_H
#define IVM_WSMAN_FAULT_H

#include "core/err.h"
#include "core/wsman_reply.h"

/* doing: what the client was doing ("opening a shell on HOST"). */
void ivm_wsman_fault_explain(const struct ivm_wsman_fault *f, const char *doing,
                             struct ivm_err *err);
/* The WinRM setting a quota fault names, or NULL when the code is not a quota. */
const char *ivm_wsman_fault_quota_setting(unsigned long code);

#endif
