/*
 * cmd_scan.c - `lurewatch scan`: one text, a readable report or JSON.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Input read by scan, at most: far above any advert, below memory harm. */
#define SCAN_INPUT_MAX (64u * 1024 * 1024)

static const char scan_usage[] =
	"Usage: lurewatch scan [OPTIONS] [FILE|-]\n"
	"\n"
	"Scan one text (a file, or standard input when FILE is - or absent)\n"
	"and print what it shows: each indicator, why it matters, what to do,\n"
	"and the text with the words that triggered it highlighted.\n"
	"\n"
	"Options:\n"
	"  --title TEXT         the advert's title\n"
	"  --url URL            where it was seen (recorded, never fetched)\n"
	"  --lang CODE          language of the text, if known (e.g. vi)\n"
	"  --ui-lang CODE       language of the explanations (default: en)\n"
	"  --field KEY=VALUE    another field (company, location, salary...);\n"
	"                       repeatable\n"
	"  --json               print one JSON result (docs/protocol.md)\n"
	"  --color WHEN         auto (default), always or never\n"
	"  --rules DIR          use another rule pack\n" CLI_ITEM_BUDGET_HELP
	"\n"
	"Example:\n"
	"  echo 'Free visa, pay a deposit, WhatsApp only' | lurewatch scan\n";

/* Add a --field KEY=VALUE to the item's fields; 0 when malformed. */
static int add_field(void *ctx, const char *spec)
{
	json_t *fields = ctx;
	const char *eq = strchr(spec, '=');
	if (!eq || eq == spec)
		return 0;
	char key[128];
	snprintf(key, sizeof(key), "%.*s", (int)(eq - spec), spec);
	json_object_set_new(fields, key, json_string(eq + 1));
	return 1;
}

/* Analyse the item and print the result as asked. */
static int scan_item(lw_engine *engine, const json_t *item,
		     const lw_analyze_opts *opts, int as_json, int color)
{
	json_t *result = NULL;
	int rc = lw_analyze(&result, engine, item, opts);
	if (rc) {
		fprintf(stderr, "lurewatch scan: %s\n", lw_error_last());
		json_decref(result);
		return rc == LW_ENOMEM ? CLI_INTERNAL : CLI_INPUT;
	}
	if (as_json) {
		json_dumpf(result, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		cli_print_report(stdout, item, result, color);
	}
	json_decref(result);
	return CLI_OK;
}

int cmd_scan(int argc, char **argv)
{
	struct cli_common common = {0};
	const char *title = NULL, *url = NULL, *lang = NULL;
	lw_analyze_opts aopts = {0};
	const char *path = NULL, *color_when = "auto";
	int as_json = 0, help = 0;
	json_t *item = json_object(), *fields = json_object();
	const struct cli_opt opts[] = {
		{"--help", NULL, &help},
		{"--json", NULL, &as_json},
		{"--title", &title},
		{"--url", &url},
		{"--lang", &lang},
		{"--ui-lang", &aopts.ui_lang},
		{"--item-budget-ms", NULL, NULL, cli_take_item_budget,
		 &aopts.item_budget_ms},
		{"--color", &color_when},
		{"--field", NULL, NULL, add_field, fields},
		{"--rules", &common.rules_dir},
		{NULL}};
	int rc = cli_item_budget_env(&aopts.item_budget_ms, "scan");
	if (rc == CLI_OK)
		rc = cli_parse(argc, argv, "scan", opts, &path, 1);
	if (rc == CLI_OK && help)
		fputs(scan_usage, stdout);
	if (rc == CLI_OK && !help && strcmp(color_when, "auto") != 0 &&
	    strcmp(color_when, "always") != 0 &&
	    strcmp(color_when, "never") != 0)
		rc = cli_usage_error("scan",
				     "--color is auto, always or never");
	if (rc != CLI_OK || help) {
		json_decref(item);
		json_decref(fields);
		return rc;
	}

	lw_engine *engine = NULL;
	size_t len = 0;
	char *text = NULL;
	rc = cli_open_engine(&engine, &common);
	if (rc == CLI_OK) {
		text = cli_read_all(path ? path : "-", SCAN_INPUT_MAX, &len);
		rc = text ? CLI_OK : CLI_INPUT;
	}
	if (rc == CLI_OK) {
		/* Keep the bytes as read, NUL and invalid UTF-8 included:
		 * the engine repairs and reports them. */
		json_object_set_new(item, "text",
				    json_stringn_nocheck(text, len));
		if (title)
			json_object_set_new(item, "title", json_string(title));
		if (url)
			json_object_set_new(item, "url", json_string(url));
		if (lang)
			json_object_set_new(item, "lang", json_string(lang));
		if (json_object_size(fields))
			json_object_set(item, "fields", fields);
		int color = strcmp(color_when, "always") == 0 ||
			    (strcmp(color_when, "auto") == 0 &&
			     isatty(fileno(stdout)));
		rc = scan_item(engine, item, &aopts, as_json, color);
	}
	free(text);
	json_decref(item);
	json_decref(fields);
	lw_engine_free(engine);
	return rc;
}
