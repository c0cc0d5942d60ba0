/* core/secret.h: where a password comes from, without it reaching argv, a log or an error message. */
#ifndef IVM_SECRET_H
#define IVM_SECRET_H

struct ivm_err;

/* The longest password taken from any source, in bytes. A password file may
 * hold one more line end ("\n" or "\r\n") after it. */
#define IVM_SECRET_MAX 1024

enum ivm_secret_source {
	IVM_SECRET_PROMPT,	/* arg: the prompt text, asked on /dev/tty */
	IVM_SECRET_FILE,	/* arg: the path of a file only we can read */
	IVM_SECRET_ENV,		/* arg: the NAME of an environment variable */
};

/* A malloc'd NUL-terminated password (free it with ivm_secret_free), or
 * NULL with err set. Error messages name the file or variable, never any
 * part of the password. An empty password, or one holding a NUL byte or a
 * line break, is refused from every source. */
char *ivm_secret_read(enum ivm_secret_source src, const char *arg,
                      struct ivm_err *err);

/* Write prompt to out_fd and read one line from in_fd, with echo off when
 * in_fd is a terminal; the terminal is restored on every path, including
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT during the read, after which the
 * signal is raised again with the disposition it had before. Reads one byte
 * at a time so nothing after the line is consumed. One prompt at a time per
 * process: the signal handlers share static state. */
/* The password of account who from its source: for a prompt, the text is
 * "Password for WHO: "; for a file or a variable, arg names it. */
char *ivm_secret_read_for(enum ivm_secret_source src, const char *arg, const char *who,
                          struct ivm_err *err);
char *ivm_secret_prompt_fd(int in_fd, int out_fd, const char *prompt,
                           struct ivm_err *err);

#endif
