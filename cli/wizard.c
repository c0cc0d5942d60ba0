/* cli/wizard.c: `ipamvmm [--plain]`: the wizard, in curses or in the line mode. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "screens/wizard.h"
#include "tui/ui.h"

void
ivm_cmd_wizard_help(FILE *fp)
{
	fputs("Usage: ipamvmm [--plain] [--ascii] [--answers FILE] [--save-answers FILE [--summary-only]]\n"
	      "               [--state FILE] [--instant]\n"
	      "\n"
	      "The wizard: the three consoles' pages, one after the other, each step performed on\n"
	      "the servers when the console would do it, ending on the live Jobs view. With no\n"
	      "server named it runs on the embedded lab (every page then says LAB).\n"
	      "\n"
	      "  --plain            the line mode: one prompt per line, no screen control codes\n"
	      "                     (screen readers, braille displays, pipes); chosen on its own\n"
	      "                     when there is no terminal, TERM is dumb, or it cannot move the cursor\n"
	      "  --ascii            ASCII borders instead of line drawing\n"
	      "  --answers FILE     start from these answers (doc/answers.rng)\n"
	      "  --save-answers FILE  write the answers at Summary (passwords never: only their sources)\n"
	      "  --summary-only     stop at Summary once the answers are written; perform nothing there\n"
	      "  --state FILE       (lab) its state file\n"
	      "  --instant          (lab) commands and VMM jobs take no simulated time\n"
	      "\n"
	      "NO_COLOR=1 turns colour off. The screen needs 80x24 at least.\n", fp);
}

int
ivm_cmd_wizard(int argc, char **argv)
{
	enum { O_PLAIN = 1000, O_ASCII, O_ANSWERS, O_SAVE, O_SUMMARY, O_STATE, O_INSTANT };
	static const struct option opts[] = {
		{ "plain", no_argument, NULL, O_PLAIN },
		{ "ascii", no_argument, NULL, O_ASCII },
		{ "answers", required_argument, NULL, O_ANSWERS },
		{ "save-answers", required_argument, NULL, O_SAVE },
		{ "summary-only", no_argument, NULL, O_SUMMARY },
		{ "state", required_argument, NULL, O_STATE },
		{ "instant", no_argument, NULL, O_INSTANT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ivm_wiz_opts wo = { 0 };
	struct ivm_ui_opts uo = { 0 };
	bool plain = false;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h': ivm_cmd_wizard_help(stdout); return IVM_EXIT_OK;
		case O_PLAIN: plain = true; break;
		case O_ASCII: uo.ascii = true; break;
		case O_ANSWERS: wo.answers = optarg; break;
		case O_SAVE: wo.save_answers = optarg; break;
		case O_SUMMARY: wo.summary_only = true; break;
		case O_STATE: wo.state_path = optarg; break;
		case O_INSTANT: wo.instant = true; break;
		default: fputs("Try 'ipamvmm --help'.\n", stderr); return IVM_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ipamvmm: unexpected argument '%s'\nTry 'ipamvmm --help'.\n", argv[optind]);
		return IVM_EXIT_USAGE;
	}
	if (wo.summary_only && wo.save_answers == NULL) {
		fputs("ipamvmm: --summary-only needs --save-answers FILE (the answers are what it produces)\n", stderr);
		return IVM_EXIT_USAGE;
	}
	struct ivm_err err;
	if (!plain && ivm_ui_wants_plain(stdin, stdout))
		plain = true;
	wo.ui = plain ? ivm_ui_plain_new(&uo, &err) : ivm_ui_curses_new(&uo, &err);
	if (wo.ui == NULL) {
		ivm_cli_error(&err);
		return IVM_EXIT_FAIL;
	}
	int status = ivm_wizard(&wo);
	ivm_ui_free(&wo.ui);
	return status;
}
