/* core/ops/ops_vmm.c: operations the VMM server runs. */
#include "config.h"

#include "core/ops/ops.h"

/* Rows arrive with the operations issue; C has no empty arrays. */
const struct ivm_op ivm_ops_vmm[] = { { 0 } };
const size_t ivm_ops_vmm_count = 0;
