/*
 * cmd_batch.c - `lurewatch batch`: JSONL items in, JSONL results out.
 *
 * One result per non-blank input line, in input order, each carrying its
 * item's ref. A line that is not a valid item yields an error result for
 * that line and the batch goes on: one bad row in a week of scraped adverts
 * must not cost the other rows.
 */
#include "batch_csv.h"
#include "batch_report.h"
#include "cli.h"
#include "jsonin.h"
#include "jsonout.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One input line, at most: the same bound as a native message. */
#define BATCH_LINE_MAX (64L * 1024 * 1024)
/* The input and output buffers (see where they are set). */
#define BATCH_IO_BUFFER (64 * 1024)

static const char batch_usage[] =
	"Usage: lurewatch batch [OPTIONS] [FILE|-]\n"
	"\n"
	"Read items as JSON Lines (one object a line: ref, kind, title, text,\n"
	"fields, lang; see docs/protocol.md) from FILE or standard input, and\n"
	"write one JSON result a line, in input order, each carrying its\n"
	"item's ref. Blank lines are skipped. A line that is not a valid item\n"
	"gives an error result ({\"ok\": false, \"error\": {...}}) with its\n"
	"line number, and the batch goes on. A progress bar is shown on\n"
	"standard error when it is a terminal.\n"
	"\n"
	"Options:\n"
	"  --output FILE        write results to FILE instead of standard out\n"
	"  --report FILE.html   also write a report for people: items by\n"
	"                       level (a sortable table), a chart of the\n"
	"                       indicators found, counts per language and\n"
	"                       each item's evidence; one self-contained file\n"
	"  --csv                read CSV (RFC 4180, a header row) instead of\n"
	"                       JSON Lines: one item a record\n"
	"  --col KEY=COLUMN     with --csv: fill item KEY (text, title, ref,\n"
	"                       url, lang, kind, label or fields.NAME) from\n"
	"                       the header's COLUMN; repeatable. Without\n"
	"                       --col, columns named like the keys are used\n"
	"  --ui-lang CODE       language of titles and advice (default: en)\n"
	"  --rules DIR          use another rule pack\n" CLI_ITEM_BUDGET_HELP
	"  --no-prefilter       run every pattern on every field (slower; for\n"
	"                       benchmarks and to check that the literal\n"
	"                       prefilter changes no result)\n"
	"\n"
	"Exit status is 0 when every line was read, even if some were\n"
	"invalid (their error results say why); 3 when the input or output\n"
	"could not be opened.\n";

/* One result as batch writes it: its compact JSON text. */
struct result_text {
	char *text; /* NUL-terminated; NULL when out of memory */
	size_t len;
};

/* The text of an error result with this code and message (jsonout.c
 * writes it as json_dumps would). */
static struct result_text error_text(const json_t *item, const char *code,
				     const char *message)
{
	struct result_text r = {NULL, 0};
	json_t *result = NULL;
	lw_error_result(&result, item, code, message);
	if (result)
		lw_json_dumps(&r.text, &r.len, result);
	json_decref(result);
	return r;
}

/* Analyse one item; an invalid item or an engine failure gives an error
 * result naming the input line. */
static struct result_text analyze_item(lw_engine *engine,
				       const lw_analyze_opts *opts,
				       const json_t *item, long lineno)
{
	struct result_text r;
	int rc = lw_analyze_text(&r.text, &r.len, engine, item, opts);
	if (rc == 0)
		return r;
	free(r.text);
	char msg[300];
	snprintf(msg, sizeof(msg), "line %ld: %s", lineno, lw_error_last());
	return error_text(item, rc == LW_EINVAL ? "bad_request" : "internal",
			  msg);
}

/* Analyse one line and return its result (always a result, or NULL text
 * when out of memory), and in *out_item the item it held (NULL when it
 * held none). */
static struct result_text batch_line(json_t **out_item, lw_engine *engine,
				     const lw_analyze_opts *opts,
				     const char *line, size_t len, long lineno,
				     int too_long)
{
	*out_item = NULL;
	char msg[300];
	if (too_long) {
		snprintf(msg, sizeof(msg), "line %ld: longer than %ld bytes",
			 lineno, BATCH_LINE_MAX);
		return error_text(NULL, "too_large", msg);
	}
	json_error_t jerr;
	json_t *item = lw_jsonin_load(NULL, line, len, JSON_ALLOW_NUL, &jerr);
	if (!item) {
		snprintf(msg, sizeof(msg), "line %ld, column %d: %s", lineno,
			 jerr.column, jerr.text);
		return error_text(NULL, "bad_json", msg);
	}
	*out_item = item;
	return analyze_item(engine, opts, item, lineno);
}

/* Add an item and its result to the report, which reads the result as a
 * tree. Returns 0, or -1 when out of memory. */
static int report_add(struct batch_report *report, const json_t *item,
		      const struct result_text *r)
{
	json_error_t jerr;
	json_t *result =
		lw_jsonin_load(NULL, r->text, r->len, JSON_ALLOW_NUL, &jerr);
	int rc = result ? batch_report_add(report, item, result) : -1;
	json_decref(result);
	return rc < 0 ? -1 : 0;
}

/* Write one result line and add the item to the report, if there is one.
 * The result and the item are consumed. Returns CLI_OK, CLI_INPUT (cannot
 * write) or CLI_INTERNAL (out of memory). */
static int emit_result(FILE *out, struct batch_report *report, json_t *item,
		       struct result_text r, long lineno)
{
	int rc = CLI_OK;
	if (!r.text || fwrite(r.text, 1, r.len, out) != r.len ||
	    putc('\n', out) == EOF) {
		fprintf(stderr, "lurewatch batch: line %ld: %s\n", lineno,
			r.text ? "cannot write output" : "out of memory");
		rc = r.text ? CLI_INPUT : CLI_INTERNAL;
	} else if (report && report_add(report, item, &r) < 0) {
		fprintf(stderr, "lurewatch batch: out of memory\n");
		rc = CLI_INTERNAL;
	}
	json_decref(item);
	free(r.text);
	return rc;
}

/* Read CSV records (the first one the header), map each to an item with
 * the --col mappings, analyse and emit it. A record with a stray quote or
 * over the size limit gets an error result naming its line. */
static int batch_csv_input(FILE *in, FILE *out, struct batch_report *report,
			   lw_engine *engine, const lw_analyze_opts *opts,
			   struct csv_map *map)
{
	struct csv_reader reader = {.in = in, .record_max = BATCH_LINE_MAX};
	json_t *record = NULL;
	enum csv_status status = csv_read_record(&record, &reader);
	int rc = CLI_OK;
	if (status != CSV_RECORD || csv_map_header(map, record) < 0) {
		if (status != CSV_RECORD)
			fprintf(stderr, "lurewatch batch: no CSV header row\n");
		json_decref(record);
		return CLI_INPUT;
	}
	json_decref(record);
	while (rc == CLI_OK &&
	       (status = csv_read_record(&record, &reader)) != CSV_END) {
		char msg[128];
		json_t *item = NULL;
		struct result_text result = {NULL, 0};
		if (status == CSV_NO_MEMORY)
			return CLI_INTERNAL;
		if (json_array_size(record) == 1 &&
		    json_string_length(json_array_get(record, 0)) == 0) {
			json_decref(record);
			continue; /* a blank line */
		}
		if (status == CSV_RECORD) {
			item = csv_map_item(map, record);
			if (item)
				result = analyze_item(engine, opts, item,
						      reader.line);
		} else {
			snprintf(msg, sizeof(msg), "line %ld: %s", reader.line,
				 status == CSV_TOO_LONG
					 ? "record longer than the limit"
					 : "a quote inside an unquoted field, "
					   "or a quoted field never closed");
			result = error_text(NULL,
					    status == CSV_TOO_LONG ? "too_large"
								   : "bad_csv",
					    msg);
		}
		json_decref(record);
		rc = emit_result(out, report, item, result, reader.line);
	}
	return rc;
}

int cmd_batch(int argc, char **argv)
{
	struct cli_common common = {0};
	const char *path = NULL, *output = NULL, *ui_lang = NULL;
	const char *report_path = NULL;
	struct csv_map csv_map = {0};
	int csv = 0;
	int help = 0, no_prefilter = 0;
	long item_budget_ms = 0;
	const struct cli_opt opts[] = {
		{"--help", NULL, &help},
		{"--no-prefilter", NULL, &no_prefilter},
		{"--output", &output},
		{"--report", &report_path},
		{"--csv", NULL, &csv},
		{"--col", NULL, NULL, csv_map_take, &csv_map},
		{"--ui-lang", &ui_lang},
		{"--item-budget-ms", NULL, NULL, cli_take_item_budget,
		 &item_budget_ms},
		{"--rules", &common.rules_dir},
		{NULL}};
	int rc = cli_item_budget_env(&item_budget_ms, "batch");
	if (rc == CLI_OK)
		rc = cli_parse(argc, argv, "batch", opts, &path, 1);
	if (rc == CLI_OK && help)
		fputs(batch_usage, stdout);
	if (rc != CLI_OK || help)
		return rc;
	if (csv_map.count > 0 && !csv)
		return cli_usage_error("batch", "--col needs --csv");
	struct batch_report *report = NULL;
	if (report_path && (report = batch_report_new()) == NULL)
		return CLI_INTERNAL;
	lw_engine *engine = NULL;
	rc = cli_open_engine(&engine, &common);
	if (rc) {
		batch_report_free(report);
		return rc;
	}
	FILE *in = !path || strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	FILE *out = output ? fopen(output, "wb") : stdout;
	if (!in || !out) {
		fprintf(stderr, "lurewatch batch: cannot open %s\n",
			!in ? path : output);
		if (in && in != stdin)
			fclose(in);
		lw_engine_free(engine);
		batch_report_free(report);
		return CLI_INPUT;
	}
	/* A read or a write is a system call, several microseconds on the
	 * virtual machines we measure on, and with stdio's 4 KiB buffers there
	 * were three per advert (3 % of the time). A pipe still hands over the
	 * lines it has at once; results come out 64 KiB at a time. glibc
	 * takes the size only with a buffer given, and a stream keeps its
	 * buffer until it is closed: hence static ones. */
	static char in_buffer[BATCH_IO_BUFFER], out_buffer[BATCH_IO_BUFFER];
	setvbuf(in, in_buffer, _IOFBF, sizeof(in_buffer));
	setvbuf(out, out_buffer, _IOFBF, sizeof(out_buffer));
	struct stat st;
	struct cli_progress progress;
	cli_progress_start(&progress,
			   fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode)
				   ? (long long)st.st_size
				   : 0);
	lw_analyze_opts aopts = {.ui_lang = ui_lang,
				 .no_prefilter = no_prefilter,
				 .item_budget_ms = item_budget_ms};
	char *line = NULL;
	size_t cap = 0;
	long len, lineno = 0;
	int too_long;
	while (!csv && (len = cli_read_line(in, &line, &cap, BATCH_LINE_MAX,
					    &too_long)) >= 0) {
		lineno++;
		cli_progress_step(&progress, len + 1);
		if (len == 0 && !too_long)
			continue;
		json_t *item = NULL;
		struct result_text result =
			batch_line(&item, engine, &aopts, line, (size_t)len,
				   lineno, too_long);
		rc = emit_result(out, report, item, result, lineno);
		if (rc != CLI_OK)
			break;
	}
	if (csv)
		rc = batch_csv_input(in, out, report, engine, &aopts, &csv_map);
	cli_progress_end(&progress);
	if (ferror(in)) {
		fprintf(stderr, "lurewatch batch: read error\n");
		rc = CLI_INPUT;
	}
	if ((out != stdout ? fclose(out) : fflush(out)) != 0 && rc == CLI_OK) {
		fprintf(stderr, "lurewatch batch: cannot write output\n");
		rc = CLI_INPUT;
	}
	if (report && rc == CLI_OK) {
		FILE *html = fopen(report_path, "wb");
		if (html == NULL ||
		    batch_report_write(html, report, path ? path : "-") < 0 ||
		    fclose(html) != 0) {
			fprintf(stderr, "lurewatch batch: cannot write %s\n",
				report_path);
			rc = CLI_INPUT;
		}
	}
	batch_report_free(report);
	if (in != stdin)
		fclose(in);
	free(line);
	lw_engine_free(engine);
	return rc;
}
