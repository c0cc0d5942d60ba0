/* core/journal.h: the run journal: what each step of the last run or undo did, kept on disk as it happens. */
#ifndef IVM_JOURNAL_H
#define IVM_JOURNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"
#include "core/jobs.h"

struct ivm_journal;

/* $XDG_STATE_HOME/ipamvmm/journal.xml, else ~/.local/state/ipamvmm/journal.xml */
char *ivm_journal_default_path(struct ivm_err *err);
/* Start a journal for `command` (run, undo) of answers; tells on fp what the
 * previous journal at that path recorded, when there is one. */
struct ivm_journal *ivm_journal_open(const char *path, const char *command, const char *answers,
                                     size_t nsteps, FILE *fp, struct ivm_err *err);
/* Record a step's state; the file is rewritten atomically (temp, fsync, rename). */
void ivm_journal_step(struct ivm_journal *j, size_t i, const struct ivm_step_snapshot *s);
void ivm_journal_close(struct ivm_journal **j);

#endif
