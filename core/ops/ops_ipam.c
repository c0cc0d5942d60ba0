/* core/ops/ops_ipam.c: operations the IPAM server runs. */
#include "config.h"

#include "core/ops/ops.h"

/* Rows arrive with the operations issue; C has no empty arrays. */
const struct ivm_op ivm_ops_ipam[] = { { 0 } };
const size_t ivm_ops_ipam_count = 0;
