/*
 * cmd_rules.c - `lurewatch rules`: check a rule pack, or print its
 * indicators page (docs/indicators.md).
 */
#include "cli.h"

#include <string.h>

static const char rules_usage[] =
	"Usage: lurewatch rules check [DIR]\n"
	"       lurewatch rules docs [DIR]   (docs/indicators.md, Markdown)\n"
	"       lurewatch rules patterns [DIR]\n"
	"\n"
	"Load the rule pack in DIR (default: the installed pack), report "
	"every\n"
	"problem as FILE:LINE: message, and run each rule's own examples:\n"
	"every \"match\" example must raise its rule and every \"no_match\"\n"
	"example must not. Exit status: 0 all good, 1 an example failed,\n"
	"4 the pack was refused. Patterns without a literal that the "
	"prefilter\n"
	"can use are listed as warnings (they run on every field).\n"
	"\n"
	"\"patterns\" prints every PCRE2 pattern of the pack's rules, one a\n"
	"line, for outside tools (they are compiled caseless, UTF and UCP).\n";

/* Warn, on stderr, about each pattern that runs on every field because it
 * has no literal the prefilter can use. */
static void warn_no_literal(const lw_engine *engine)
{
	lw_pattern_desc d;
	for (size_t i = 0; lw_engine_pattern(&d, engine, i) == 0; i++)
		if (!d.has_literal)
			fprintf(stderr,
				"%s:%d: warning: a pattern of %s has no usable "
				"literal: it runs on every field\n",
				d.file, d.line, d.rule);
}

/* Open the pack in full, its translations parsed too, for the commands
 * that vouch for a whole pack ("check" and "docs"): a problem anywhere
 * refuses it, as cli_open_engine does. */
static int open_whole_pack(lw_engine **out, const struct cli_common *common)
{
	int rc = cli_open_engine(out, common);
	if (rc)
		return rc;
	int err = lw_engine_load_texts(*out, NULL);
	if (!err)
		return CLI_OK;
	if (err == LW_ENOMEM)
		fprintf(stderr, "lurewatch: out of memory\n");
	else
		fprintf(stderr, "lurewatch: the rule pack was refused:\n%s\n",
			lw_error_last());
	lw_engine_free(*out);
	*out = NULL;
	return err == LW_ENOMEM ? CLI_INTERNAL : CLI_RULES;
}

/* Print every rule pattern, one a line. */
static int print_patterns(const lw_engine *engine)
{
	lw_pattern_desc d;
	for (size_t i = 0; lw_engine_pattern(&d, engine, i) == 0; i++)
		printf("%s\n", d.source);
	return CLI_OK;
}

/* Print text for a Markdown table cell or line: pipes escaped, line breaks
 * as spaces, so that a rule's wording cannot break the table. */
static void put_markdown(const char *text)
{
	for (; text && *text; text++) {
		if (*text == '|')
			fputs("\\|", stdout);
		else if (*text == '\n')
			putchar(' ');
		else
			putchar(*text);
	}
}

/* The English text of a rule's "title", "why" or "advice". */
static const char *english(const json_t *rule, const char *key)
{
	return json_string_value(
		json_object_get(json_object_get(rule, key), "en"));
}

/* Print the languages of a rule's patterns, in the order they first occur;
 * a rule without patterns reads its extractor or signal instead. */
static void put_languages(const json_t *rule)
{
	json_t *seen = json_object();
	size_t i;
	json_t *pattern;
	json_array_foreach(json_object_get(rule, "patterns"), i, pattern)
	{
		const char *lang =
			json_string_value(json_object_get(pattern, "lang"));
		if (!lang || json_object_get(seen, lang))
			continue;
		printf("%s%s", json_object_size(seen) ? ", " : "", lang);
		json_object_set_new(seen, lang, json_true());
	}
	const json_t *extractor = json_object_get(rule, "extractor");
	const char *signal = json_string_value(json_object_get(rule, "signal"));
	if (json_object_size(seen) == 0 && extractor)
		printf("any (%s extractor)",
		       json_string_value(json_object_get(extractor, "name")));
	else if (json_object_size(seen) == 0 && signal)
		printf("any (%s signal)", signal);
	json_decref(seen);
}

/* Print a rule's or combination's sources as a Markdown list. */
static void put_sources(const json_t *rule)
{
	size_t i;
	json_t *source;
	json_array_foreach(json_object_get(rule, "sources"), i, source)
	{
		const char *url =
			json_string_value(json_object_get(source, "url"));
		const char *ref =
			json_string_value(json_object_get(source, "ref"));
		fputs("- ", stdout);
		if (ref)
			printf("%s: ", ref);
		if (url)
			putchar('[');
		put_markdown(
			json_string_value(json_object_get(source, "cite")));
		if (url)
			printf("](%s)", url);
		putchar('\n');
	}
}

/* Print the ids of a combination's "all" or "any" list. */
static void put_ids(const json_t *ids, const char *joiner)
{
	size_t i;
	json_t *id;
	json_array_foreach(ids, i, id)
	{
		printf("%s%s", i ? joiner : "", json_string_value(id));
	}
	if (json_array_size(ids) == 0)
		fputs("-", stdout);
}

/* Print docs/indicators.md for the (already validated) pack in dir, read
 * from its files so that the page says exactly what the rules say. */
static int print_docs(const char *dir)
{
	char path[4096];
	int len = snprintf(path, sizeof(path), "%s/pack.json", dir);
	json_t *pack = len > 0 && (size_t)len < sizeof(path)
			       ? json_load_file(path, 0, NULL)
			       : NULL;
	json_t *rules = json_array();
	size_t i;
	json_t *file, *rule;
	json_array_foreach(json_object_get(pack, "rule_files"), i, file)
	{
		len = snprintf(path, sizeof(path), "%s/%s", dir,
			       json_string_value(file));
		rule = len > 0 && (size_t)len < sizeof(path)
			       ? json_load_file(path, 0, NULL)
			       : NULL;
		if (!rule) {
			fprintf(stderr, "lurewatch rules: cannot read %s\n",
				path);
			json_decref(rules);
			json_decref(pack);
			return CLI_RULES;
		}
		json_array_append_new(rules, rule);
	}
	printf("# Indicators\n\n"
	       "<!-- Generated from the rule pack by `lurewatch rules docs`: "
	       "do not edit. -->\n\n"
	       "The indicators of the rule pack **%s %s**, generated from "
	       "its rule files with\n`build/lurewatch rules docs rules > "
	       "docs/indicators.md`, so that this page and the rules\ncannot "
	       "drift apart: tests/run.sh fails when they differ. Severity "
	       "and weight make the\nscore (docs/rules.md); the languages "
	       "are those the rule's patterns are written for\n(`*`: any). "
	       "Source codes (S1...) are those of the project's reference "
	       "brief.\n\n",
	       json_string_value(json_object_get(pack, "name")),
	       json_string_value(json_object_get(pack, "version")));
	printf("| id | what | severity | weight | languages |\n"
	       "|---|---|---|---|---|\n");
	const json_t *weights = json_object_get(pack, "severity_weights");
	json_array_foreach(rules, i, rule)
	{
		const char *severity =
			json_string_value(json_object_get(rule, "severity"));
		const json_t *weight = json_object_get(rule, "weight");
		if (!weight)
			weight = json_object_get(weights, severity);
		printf("| %s | ",
		       json_string_value(json_object_get(rule, "id")));
		put_markdown(english(rule, "title"));
		printf(" | %s | %g | ", severity, json_number_value(weight));
		put_languages(rule);
		printf(" |\n");
	}
	printf("\n## Combinations\n\n"
	       "| id | what | all of | any of | weight | at least |\n"
	       "|---|---|---|---|---|---|\n");
	json_array_foreach(json_object_get(pack, "combinations"), i, rule)
	{
		printf("| %s | ",
		       json_string_value(json_object_get(rule, "id")));
		put_markdown(english(rule, "title"));
		printf(" | ");
		put_ids(json_object_get(rule, "all"), " + ");
		printf(" | ");
		put_ids(json_object_get(rule, "any"), ", ");
		printf(" | %g | %s |\n",
		       json_number_value(json_object_get(rule, "weight")),
		       json_string_value(json_object_get(rule, "min_level"))
			       ? json_string_value(
					 json_object_get(rule, "min_level"))
			       : "-");
	}
	json_array_extend(rules, json_object_get(pack, "combinations"));
	json_array_foreach(rules, i, rule)
	{
		printf("\n## %s\n\n**",
		       json_string_value(json_object_get(rule, "id")));
		put_markdown(english(rule, "title"));
		printf("**\n\nWhy: ");
		put_markdown(english(rule, "why"));
		printf("\n\nAdvice: ");
		put_markdown(english(rule, "advice"));
		printf("\n\nSources:\n\n");
		put_sources(rule);
	}
	json_decref(rules);
	json_decref(pack);
	return CLI_OK;
}

/* `lurewatch rules docs [DIR]`: load the pack (so that a broken pack is
 * refused as by "check"), then print its indicators page. */
static int rules_docs(int argc, char **argv)
{
	struct cli_common common = {0};
	int help = 0;
	const char *dir_arg = NULL;
	const struct cli_opt opts[] = {{"--help", NULL, &help},
				       {"--rules", &common.rules_dir},
				       {NULL}};
	int rc = cli_parse(argc, argv, "rules docs", opts, &dir_arg, 1);
	if (rc == CLI_OK && help)
		fputs(rules_usage, stdout);
	if (rc != CLI_OK || help)
		return rc;
	char dir[4096];
	if (dir_arg || common.rules_dir)
		snprintf(dir, sizeof(dir), "%s",
			 dir_arg ? dir_arg : common.rules_dir);
	else if (lw_rules_default_dir(dir, sizeof(dir))) {
		fprintf(stderr, "lurewatch: %s\n", lw_error_last());
		return CLI_RULES;
	}
	common.rules_dir = dir;
	lw_engine *engine = NULL;
	rc = open_whole_pack(&engine, &common);
	if (rc)
		return rc;
	lw_engine_free(engine);
	return print_docs(dir);
}

/* Measure every pattern's worst case on adversarial inputs
 * (lw_rules_check_budgets, docs/security.md) and say so on stderr; each
 * pattern over budget is reported as FILE:LINE. Returns the number of
 * patterns over budget, or -1 when the check could not run. */
static int check_budgets(const struct cli_common *common)
{
	char dir[4096];
	int over = 0;
	unsigned long worst = 0;
	if (common->rules_dir)
		snprintf(dir, sizeof(dir), "%s", common->rules_dir);
	else if (lw_rules_default_dir(dir, sizeof(dir)))
		return -1;
	if (lw_rules_check_budgets(&over, &worst, dir, stderr))
		return -1;
	fprintf(stderr,
		"regex budget: worst case %lu units of PCRE2 work per "
		"pattern (budget %d), %d pattern(s) over\n",
		worst, LW_RULE_WORK_MAX, over);
	return over;
}

int cmd_rules(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "docs") == 0)
		return rules_docs(argc - 1, argv + 1);
	struct cli_common common = {0};
	int help = 0;
	const char *args[2] = {NULL, NULL};
	const struct cli_opt opts[] = {{"--help", NULL, &help},
				       {"--rules", &common.rules_dir},
				       {NULL}};
	int rc = cli_parse(argc, argv, "rules", opts, args, 2);
	if (rc == CLI_OK && help)
		fputs(rules_usage, stdout);
	int patterns = args[0] && strcmp(args[0], "patterns") == 0;
	if (rc == CLI_OK && !help && !patterns &&
	    (!args[0] || strcmp(args[0], "check") != 0))
		rc = cli_usage_error(
			"rules", "the actions are \"check\" and \"patterns\"");
	if (rc != CLI_OK || help)
		return rc;
	if (args[1])
		common.rules_dir = args[1];
	lw_engine *engine = NULL;
	rc = patterns ? cli_open_engine(&engine, &common)
		      : open_whole_pack(&engine, &common);
	if (rc)
		return rc;
	if (patterns) {
		rc = print_patterns(engine);
		lw_engine_free(engine);
		return rc;
	}
	warn_no_literal(engine);
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
	int over = check_budgets(&common);
	if (over != 0) {
		fprintf(stderr, "lurewatch: the rule pack was refused: %s\n",
			over < 0 ? lw_error_last()
				 : "patterns over their regex budget");
		return over < 0 ? CLI_INTERNAL : CLI_RULES;
	}
	return failures ? CLI_FAILED : CLI_OK;
}
