/* tests/testutil.h: small helpers the Check suites share. */
#ifndef IVM_TESTS_TESTUTIL_H
#define IVM_TESTS_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <check.h>

#include "core/buf.h"

/* Run a suite the standard way; returns the process exit status. */
int tu_run_suite(Suite *s);
/* Read a file under the source tree (path relative to it); aborts the test if missing. */
char *tu_slurp_src(const char *relpath, size_t *len);
/* Read a whole file into b (cleared first); false, with b empty, when it
 * cannot be opened. */
bool tu_slurp(const char *path, struct ivm_buf *b);
/* A fresh private directory under $TMPDIR; remove it with tu_rmdir_r. */
char *tu_mkdtemp(void);
void tu_rmdir_r(const char *path);
/* Run argv (argv[0] a path) with env additions ("NAME=value", NULL-terminated),
 * stdin from in_text (may be NULL), capturing stdout and stderr; returns the exit
 * status (or 128+signal). Kills it after timeout_ms. */
int tu_spawn(const char *const *argv, const char *const *env, const char *in_text,
             struct ivm_buf *out, struct ivm_buf *err, unsigned timeout_ms);
/* Start argv in the background with stdout (and stderr) on a pipe; read it
 * into out until a line equal to until_line has arrived (or EOF, or
 * timeout_ms). Returns the pid, or -1 when until_line never came (the child
 * is then reaped and *status holds its exit status). */
int tu_start_until(const char *const *argv, const char *until_line, struct ivm_buf *out,
                   unsigned timeout_ms, int *status);
/* Send sig to a child started with tu_start_until, read the rest of its
 * output into out, reap it; returns its exit status (128+signal if killed). */
int tu_stop(int pid, int sig, struct ivm_buf *out, unsigned timeout_ms);

/* True when path exists. */
bool tu_exists(const char *path);

/* True when needle occurs in hay[0..n). */
bool tu_contains(const char *hay, size_t n, const char *needle);
/* CLOCK_MONOTONIC in milliseconds: deadlines, never assertions. */
long long tu_now_ms(void);

#endif
