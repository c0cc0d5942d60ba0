/* core/ops/ps1.c: looks up an embedded operation script by its operation id. */
#include "config.h"

#include "core/ops/ps1.h"

#include <string.h>

const char *
ivm_ps1_find(const char *name)
{
	if (name == NULL)
		return NULL;
	/* a handful of scripts: a linear search is clearer than an index */
	for (size_t i = 0; i < ivm_ps1_count; i++)
		if (strcmp(ivm_ps1_table[i].name, name) == 0)
			return ivm_ps1_table[i].text;
	return NULL;
}
