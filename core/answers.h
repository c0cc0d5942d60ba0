/* core/answers.h: the XML answer file: loaded schema-checked with file:line in every error, saved without a password. */
#ifndef IVM_ANSWERS_H
#define IVM_ANSWERS_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/settings.h"

/* An answer file is a page of settings; anything larger is not one. */
#define IVM_ANSWERS_MAX (1u << 20)

/* doc/answers.rng, byte for byte (core/answers_schema.c). */
extern const char ivm_answers_schema[];
extern const size_t ivm_answers_schema_len;

/*
 * Fill s (defaults first, then the file) and validate it. 0, or -1 with err
 * whose "what" reads "FILE:LINE: FIELD: the rule broken" and s released.
 * The file is read with core/xml's reader (no network, no DTD), checked
 * against the schema, and never holds a password: only where one is read.
 */
int ivm_answers_load(struct ivm_settings *s, const char *path, struct ivm_err *err);
/* The same from memory; name stands for the file in messages. */
int ivm_answers_load_mem(struct ivm_settings *s, const char *buf, size_t len, const char *name,
                         struct ivm_err *err);

/* The document ivm_answers_save writes, appended to out. */
void ivm_answers_format(const struct ivm_settings *s, struct ivm_buf *out);
/* Write s to path atomically (a temporary file in the same directory,
 * renamed over it). Password sources are written, passwords never exist here. */
int ivm_answers_save(const struct ivm_settings *s, const char *path, struct ivm_err *err);

#endif
