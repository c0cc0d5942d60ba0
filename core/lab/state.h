/* core/lab/state.h: the lab's world on disk: one XML file, locked while in use, saved atomically. */
#ifndef IVM_LAB_STATE_H
#define IVM_LAB_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct ivm_lab;
struct ivm_lab_state;

#define IVM_LAB_STATE_VERSION 1
#define IVM_LAB_STATE_MAX_BYTES (16 * 1024 * 1024)
#define IVM_LAB_STATE_NEXT "move it away or run `ipamvmm lab reset`"

/* $XDG_STATE_HOME/ipamvmm/lab.xml, else $HOME/.local/state/ipamvmm/lab.xml;
 * creates the folder (0700). Malloc'd, or NULL with err. */
char *ivm_lab_state_default_path(struct ivm_err *err);

/* Open for use: an exclusive lock (flock on "<path>.lock", which holds the
 * owner's pid) for the life of the handle; a second opener gets an error
 * naming the file and that pid. A missing file gives the default world. A
 * file that is not well-formed XML, or whose root is not
 * <ipamvmm-lab version="1">, is refused with file:line and the reason, and
 * left as it is. *lab is the world (owned by the caller). NULL with err on
 * failure (then *lab is NULL). */
struct ivm_lab_state *ivm_lab_state_open(const char *path, struct ivm_lab **lab, struct ivm_err *err);
/* Atomic save: <path>.tmp.<pid>, fsync, rename over path, fsync the folder; mode 0600. */
int ivm_lab_state_save(struct ivm_lab_state *st, const struct ivm_lab *lab, struct ivm_err *err);
/* The path the handle was opened with. */
const char *ivm_lab_state_path(const struct ivm_lab_state *st);
/* Release the lock and free the handle. */
void ivm_lab_state_close(struct ivm_lab_state **st);
/* For `lab reset`: replace the file with the default world. Refuses a file
 * that is not ours (no <ipamvmm-lab> root near its start) unless force.
 * Takes the lock while it works. */
int ivm_lab_state_reset(const char *path, bool force, struct ivm_err *err);

/* The world from an XML document in memory (the loader of the state file,
 * for the fuzz target and tests). name_for_errors prefixes line numbers.
 * 0, or -1 with err and *lab NULL. */
int ivm_lab_from_xml(const char *xml, size_t len, const char *name_for_errors, struct ivm_lab **lab,
    struct ivm_err *err);
/* The document as saved: ivm_lab_to_xml plus the password hashes. */
void ivm_lab_to_state_xml(const struct ivm_lab *lab, struct ivm_buf *out);

#endif
