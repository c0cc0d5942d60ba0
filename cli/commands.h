/* cli/commands.h: the subcommands ipamvmm.c dispatches to. */
#ifndef IVM_CLI_COMMANDS_H
#define IVM_CLI_COMMANDS_H

#include <stdio.h>

/* Exit statuses shared by every command. */
enum {
	IVM_EXIT_OK = 0,
	IVM_EXIT_FAIL = 1,     /* the command ran and the answer is "no" or it failed */
	IVM_EXIT_USAGE = 2,    /* the command line is wrong */
	IVM_EXIT_CANCELLED = 130, /* stopped by SIGINT/SIGTERM, after cleaning up */
};

struct ivm_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
	void (*help)(FILE *fp);
};

int ivm_cmd_probe(int argc, char **argv);
int ivm_cmd_lab(int argc, char **argv);
int ivm_cmd_run(int argc, char **argv);
int ivm_cmd_plan(int argc, char **argv);
int ivm_cmd_undo(int argc, char **argv);
int ivm_cmd_verify(int argc, char **argv);
int ivm_cmd_wizard(int argc, char **argv);
void ivm_cmd_wizard_help(FILE *fp);
void ivm_cmd_procedure_help(FILE *fp);
void ivm_cmd_lab_help(FILE *fp);
void ivm_cmd_probe_help(FILE *fp);

/* Prints an error to stderr the way every command does. */
struct ivm_err;
void ivm_cli_error(const struct ivm_err *e);

#endif
