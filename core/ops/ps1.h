/* core/ops/ps1.h: the operation scripts (the .ps1 files in core/ops), embedded in the program at build time by scripts/embed-ps1. */
#ifndef IVM_OPS_PS1_H
#define IVM_OPS_PS1_H

#include <stddef.h>

struct ivm_ps1 {
	const char *name;	/* the operation id: the file name less ".ps1" */
	const char *text;	/* the file's bytes, every line ending CR LF; UTF-8 without BOM */
};

/* Generated (ops_scripts.c), in the order Makefile.am lists the scripts. */
extern const struct ivm_ps1 ivm_ps1_table[];
extern const size_t ivm_ps1_count;

/* The fixed body of operation name, or NULL when no script has that name. */
const char *ivm_ps1_find(const char *name);

#endif
