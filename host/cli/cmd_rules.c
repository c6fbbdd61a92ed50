/*
 * cmd_rules.c - `lurewatch rules`: check a rule pack.
 */
#include "cli.h"

#include <string.h>

static const char rules_usage[] =
	"Usage: lurewatch rules check [DIR]\n"
	"\n"
	"Load the rule pack in DIR (default: the installed pack), report "
	"every\n"
	"problem as FILE:LINE: message, and run each rule's own examples:\n"
	"every \"match\" example must raise its rule and every \"no_match\"\n"
	"example must not. Exit status: 0 all good, 1 an example failed,\n"
	"4 the pack was refused.\n";

int cmd_rules(int argc, char **argv)
{
	struct cli_common common = {0};
	int help = 0;
	const char *args[2] = {NULL, NULL};
	const struct cli_opt opts[] = {{"--help", NULL, &help},
				       {"--rules", &common.rules_dir},
				       {NULL}};
	int rc = cli_parse(argc, argv, "rules", opts, args, 2);
	if (rc == CLI_OK && help)
		fputs(rules_usage, stdout);
	if (rc == CLI_OK && !help &&
	    (!args[0] || strcmp(args[0], "check") != 0))
		rc = cli_usage_error("rules", "the only action is \"check\"");
	if (rc != CLI_OK || help)
		return rc;
	if (args[1])
		common.rules_dir = args[1];
	lw_engine *engine = NULL;
	rc = cli_open_engine(&engine, &common);
	if (rc)
		return rc;
	int failures = 0, total = 0;
	if (lw_engine_check_examples(&failures, &total, engine, stderr)) {
		fprintf(stderr, "lurewatch rules: out of memory\n");
		lw_engine_free(engine);
		return CLI_INTERNAL;
	}
	const json_t *info = lw_engine_pack_info(engine);
	printf("%s %s: %lld rules, %lld combinations, %d examples, %d "
	       "failed\n",
	       json_string_value(json_object_get(info, "name")),
	       json_string_value(json_object_get(info, "version")),
	       json_integer_value(json_object_get(info, "rules")),
	       json_integer_value(json_object_get(info, "combinations")), total,
	       failures);
	lw_engine_free(engine);
	return failures ? CLI_FAILED : CLI_OK;
}
