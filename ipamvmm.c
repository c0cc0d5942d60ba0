/* ipamvmm.c: the entry point: parses the command line and hands over to a command. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>

#include "cli/commands.h"
#include "core/err.h"
#include "core/ivm.h"

static const struct ivm_command commands[] = {
	{ "probe", "can ipamvmm reach and administer this host?", ivm_cmd_probe, ivm_cmd_probe_help },
	{ "run", "perform the whole integration from an answer file", ivm_cmd_run, ivm_cmd_procedure_help },
	{ "plan", "print the steps and the exact scripts, passwords masked", ivm_cmd_plan, ivm_cmd_procedure_help },
	{ "verify", "check an existing integration, report drift", ivm_cmd_verify, ivm_cmd_procedure_help },
	{ "undo", "remove what run created, in reverse order", ivm_cmd_undo, ivm_cmd_procedure_help },
	{ "lab", "the embedded lab on its own: serve, show, reset", ivm_cmd_lab, ivm_cmd_lab_help },
};

void
ivm_cli_error(const struct ivm_err *e)
{
	fputs("ipamvmm: ", stderr);
	ivm_err_print(e, stderr);
}

static void
usage(FILE *fp)
{
	fputs("Usage: ipamvmm COMMAND [options]\n"
	      "       ipamvmm COMMAND --help\n"
	      "\n"
	      "Sets up the integration between Windows Server IPAM and System Center VMM over WinRM.\n"
	      "\n"
	      "Commands:\n", fp);
	for (size_t i = 0; i < IVM_COUNT(commands); i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n"
	      "With no command: the wizard (see ipamvmm --help-wizard, or the README).\n"
	      "\n"
	      "Options:\n"
	      "  -h, --help     this help\n"
	      "  -V, --version  the version\n", fp);
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* once, before any thread exists: libxml2's globals are not set up lazily in a thread-safe way */
	xmlInitParser();
	/* no command: the wizard, with its own options */
	if (argc < 2 || (argv[1][0] == '-' && strcmp(argv[1], "-h") != 0 && strcmp(argv[1], "--help") != 0 &&
	                 strcmp(argv[1], "-V") != 0 && strcmp(argv[1], "--version") != 0 &&
	                 strcmp(argv[1], "--help-wizard") != 0))
		return ivm_cmd_wizard(argc, argv);
	const char *name = argv[1];
	if (strcmp(name, "--help-wizard") == 0) {
		ivm_cmd_wizard_help(stdout);
		return IVM_EXIT_OK;
	}
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return IVM_EXIT_OK;
	}
	if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
		printf("%s\n", PACKAGE_STRING);
		return IVM_EXIT_OK;
	}
	for (size_t i = 0; i < IVM_COUNT(commands); i++) {
		if (strcmp(name, commands[i].name) == 0) {
			for (int a = 2; a < argc; a++)
				if (strcmp(argv[a], "--version") == 0 || strcmp(argv[a], "-V") == 0) {
					printf("%s (%s)\n", PACKAGE_STRING, commands[i].name);
					return IVM_EXIT_OK;
				}
			return commands[i].run(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "ipamvmm: '%s' is not a command.\nTry 'ipamvmm --help'.\n", name);
	return IVM_EXIT_USAGE;
}
