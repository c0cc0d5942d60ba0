/* tui/ui.c: what both renderers share. */
#include "config.h"

#include <stdlib.h>

#include "tui/ui.h"

void
ivm_ui_free(struct ivm_ui **ui)
{
	if (*ui == NULL)
		return;
	(*ui)->ops->destroy(*ui);
	*ui = NULL;
}
