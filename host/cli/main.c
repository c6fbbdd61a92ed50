/*
 * main.c - the lurewatch command: dispatch to a subcommand.
 */
#include "cli.h"
#include "cmd_host_send.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"Usage: lurewatch COMMAND [OPTIONS] [ARGS]\n"
	"\n"
	"Warns when a job advert or a post shows the signs of a trafficking\n"
	"lure. Everything runs on this device; nothing is sent anywhere.\n"
	"\n"
	"Commands:\n"
	"  scan [FILE|-]        scan one text and print a readable report\n"
	"  batch [FILE|-]       score JSONL (or --csv) items, one result per\n"
	"                       line; --report FILE.html for people\n"
	"  eval FILE.jsonl      measure detection on labelled items\n"
	"  rules check [DIR]    load the rule pack and run its examples\n"
	"  rules docs|patterns  print the pack's indicators page (Markdown)\n"
	"                       or its PCRE2 patterns, one a line\n"
	"  cases list|search|delete|export\n"
	"                       the case log saved from the browser\n"
	"  host-send [JSON...]  send messages to lurewatch-host and print\n"
	"                       the replies (for debugging the host)\n"
	"\n"
	"Options for every command:\n"
	"  --rules DIR          use the rule pack in DIR (default: the\n"
	"                       installed pack, then the build tree;\n"
	"                       $LUREWATCH_RULES overrides both)\n"
	"  --help               help for a command: lurewatch scan --help\n"
	"  --version            print the version and exit\n"
	"\n"
	"Exit codes: 0 done, 1 a check found failures, 2 bad command line,\n"
	"3 input could not be read, 4 the rule pack could not be loaded,\n"
	"5 out of memory or internal error.\n"
	"\n"
	"Item and result shapes: docs/protocol.md. Rules: docs/rules.md.\n";

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} commands[] = {{"scan", cmd_scan},   {"batch", cmd_batch},
			{"eval", cmd_eval},   {"rules", cmd_rules},
			{"cases", cmd_cases}, {"host-send", cmd_host_send}};
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("lurewatch %s\nprefilter: %s\n", LW_VERSION,
		       lw_prefilter_name());
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr,
		"lurewatch: unknown command \"%s\" (see lurewatch --help)\n",
		argv[1]);
	return CLI_USAGE;
}
