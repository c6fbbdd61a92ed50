/*
 * cmd_cases.c - `lurewatch cases`: list, search, delete and export the case
 * log that the browser extension saves to through lurewatch-host.
 */
#include "cli.h"
#include "lw_caselog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of one export written by the CLI: far more than any case log a
 * person keeps by hand, still bounded. */
#define CLI_EXPORT_MAX ((size_t)1024 * 1024 * 1024)

static const char cases_usage[] =
	"Usage: lurewatch cases list   [--db PATH] [--format text|csv|json|html]\n"
	"       lurewatch cases search [--db PATH] [--format ...] WORDS\n"
	"       lurewatch cases delete [--db PATH] ID | --all\n"
	"       lurewatch cases export [--db PATH] [--query WORDS]\n"
	"                              [--format csv|json|html] [--output FILE]\n"
	"\n"
	"The case log keeps the adverts and posts saved with \"Save to case\n"
	"log\" in the browser extension, with their warnings and a note. It is\n"
	"an SQLite file on this device; nothing is sent anywhere.\n"
	"\n"
	"  list      the cases, newest first (one a line with --format text)\n"
	"  search    the cases whose title, text, note, address or warnings\n"
	"            hold every word (each word matches as a word start)\n"
	"  delete    delete case ID, or every case with --all\n"
	"  export    every case (or those matching --query) as CSV (RFC 4180;\n"
	"            a text starting with = + - @ or ' gets a ' in front, so a\n"
	"            spreadsheet never runs it as a formula), JSON, or a\n"
	"            printable HTML report, one case a page (default csv)\n"
	"\n"
	"Options:\n"
	"  --db PATH       the case log file (default: $XDG_DATA_HOME/lurewatch/\n"
	"                  cases.db, else ~/.local/share/lurewatch/cases.db;\n"
	"                  macOS ~/Library/Application Support/lurewatch,\n"
	"                  Windows %APPDATA%\\lurewatch)\n"
	"  --format FMT    text (list and search only), csv, json or html\n"
	"  --limit N       list and search: at most N cases (default 1000)\n"
	"  --output FILE   write to FILE instead of standard output\n"
	"\n"
	"Exit status: 0 done, 1 delete found no such case, 2 bad command line,\n"
	"3 the case log could not be opened (damaged, or not a case log) or\n"
	"the output could not be written, 5 out of memory.\n";

/* What the command line asked for. */
struct cases_args {
	const char *action, *words, *db, *format, *output, *query, *limit;
	int all, help;
};

/* The exit code for a case log error, after printing it. */
static int caselog_failed(int rc)
{
	fprintf(stderr, "lurewatch cases: %s\n", lw_error_last());
	return rc == LW_ENOMEM ? CLI_INTERNAL : CLI_INPUT;
}

/* Open the log at --db or the default path. */
static int open_log(lw_caselog **log, const struct cases_args *args)
{
	char path[4096];
	const char *where = args->db;
	if (where == NULL) {
		if (lw_caselog_default_path(path, sizeof(path)) < 0)
			return caselog_failed(LW_EIO);
		where = path;
	}
	int rc = lw_caselog_open(log, where);
	return rc ? caselog_failed(rc) : CLI_OK;
}

/* Write text to --output or standard output. */
static int write_out(const struct cases_args *args, const char *text,
		     size_t len)
{
	FILE *out = args->output ? fopen(args->output, "wb") : stdout;
	if (out == NULL) {
		fprintf(stderr, "lurewatch cases: cannot write %s: %s\n",
			args->output, strerror(errno));
		return CLI_INPUT;
	}
	size_t written = fwrite(text, 1, len, out);
	int closed = out == stdout ? fflush(out) : fclose(out);
	if (written != len || closed != 0) {
		fprintf(stderr, "lurewatch cases: cannot write output\n");
		return CLI_INPUT;
	}
	return CLI_OK;
}

/* One line per case for people: id, date, level, score, title or the
 * start of the text. */
static void print_lines(const json_t *cases)
{
	for (size_t i = 0; i < json_array_size(cases); i++) {
		const json_t *c = json_array_get(cases, i);
		const json_t *item = json_object_get(c, "item");
		const char *title =
			json_string_value(json_object_get(item, "title"));
		if (title == NULL || *title == '\0')
			title = json_string_value(
				json_object_get(item, "text"));
		printf("%-6lld %s  %-6s %3lld  %.70s\n",
		       (long long)json_integer_value(json_object_get(c, "id")),
		       json_string_value(json_object_get(c, "saved_at")),
		       json_string_value(json_object_get(c, "level")),
		       (long long)json_integer_value(
			       json_object_get(c, "score")),
		       title ? title : "");
	}
}

/* list, search and export: read the cases, then print or export them. */
static int show_cases(lw_caselog *log, const struct cases_args *args,
		      const char *query, const char *default_format)
{
	const char *name = args->format ? args->format : default_format;
	long long limit = args->limit ? strtoll(args->limit, NULL, 10)
				      : LW_CASELOG_LIST_MAX;
	lw_case_format format = LW_CASE_CSV;
	int text = strcmp(name, "text") == 0;
	json_t *cases = NULL;
	char *out = NULL;
	size_t len = 0;

	if (!text && lw_case_format_parse(&format, name) < 0)
		return cli_usage_error("cases", "%s", lw_error_last());
	if (text && strcmp(args->action, "export") == 0)
		return cli_usage_error("cases",
				       "export: --format csv, json or html");
	int rc = lw_caselog_list(&cases, NULL, log, query, limit, 0);
	if (rc)
		return caselog_failed(rc);
	if (text) {
		print_lines(cases);
		json_decref(cases);
		return fflush(stdout) == 0 ? CLI_OK : CLI_INPUT;
	}
	rc = lw_case_export(&out, &len, cases, format, CLI_EXPORT_MAX);
	json_decref(cases);
	if (rc)
		return caselog_failed(rc);
	rc = write_out(args, out, len);
	free(out);
	return rc;
}

/* delete ID or --all. */
static int delete_cases(lw_caselog *log, const struct cases_args *args)
{
	long long deleted = 0, id = -1;
	char *end = NULL;
	if (args->all == (args->words != NULL))
		return cli_usage_error("cases", "delete: give an ID or --all");
	if (args->words) {
		id = strtoll(args->words, &end, 10);
		if (end == args->words || *end || id < 0)
			return cli_usage_error("cases",
					       "delete: \"%s\" is not a case id",
					       args->words);
	}
	int rc = lw_caselog_delete(&deleted, log, id);
	if (rc)
		return caselog_failed(rc);
	printf("%lld case%s deleted\n", deleted, deleted == 1 ? "" : "s");
	return deleted == 0 && id >= 0 ? CLI_FAILED : CLI_OK;
}

int cmd_cases(int argc, char **argv)
{
	struct cases_args args = {0};
	const char *positional[2] = {0};
	const struct cli_opt opts[] = {{"--help", NULL, &args.help},
				       {"--db", &args.db},
				       {"--format", &args.format},
				       {"--output", &args.output},
				       {"--query", &args.query},
				       {"--limit", &args.limit},
				       {"--all", NULL, &args.all},
				       {NULL}};
	int rc = cli_parse(argc, argv, "cases", opts, positional, 2);
	if (rc == CLI_OK && (args.help || positional[0] == NULL)) {
		fputs(cases_usage, args.help ? stdout : stderr);
		return args.help ? CLI_OK : CLI_USAGE;
	}
	if (rc != CLI_OK)
		return rc;
	args.action = positional[0];
	args.words = positional[1];
	static const char *const actions[] = {"list", "search", "delete",
					      "export"};
	size_t which = 0;
	while (which < 4 && strcmp(args.action, actions[which]) != 0)
		which++;
	if (which == 4)
		return cli_usage_error("cases",
				       "unknown action \"%s\": list, search, "
				       "delete or export",
				       args.action);
	if (which == 1 && args.words == NULL)
		return cli_usage_error("cases", "search: give the words");
	lw_caselog *log = NULL;
	rc = open_log(&log, &args);
	if (rc)
		return rc;
	if (which == 2)
		rc = delete_cases(log, &args);
	else if (which == 3)
		rc = show_cases(log, &args, args.query, "csv");
	else
		rc = show_cases(log, &args, which == 1 ? args.words : NULL,
				"text");
	lw_caselog_close(log);
	return rc;
}
