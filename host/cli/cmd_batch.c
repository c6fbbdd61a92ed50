/*
 * cmd_batch.c - `lurewatch batch`: JSONL items in, JSONL results out.
 *
 * One result per non-blank input line, in input order, each carrying its
 * item's ref. A line that is not a valid item yields an error result for
 * that line and the batch goes on: one bad row in a week of scraped adverts
 * must not cost the other rows.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One input line, at most: the same bound as a native message. */
#define BATCH_LINE_MAX (64L * 1024 * 1024)

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
	"  --ui-lang CODE       language of titles and advice (default: en)\n"
	"  --rules DIR          use another rule pack\n"
	"  --no-prefilter       run every pattern on every field (slower; for\n"
	"                       benchmarks and to check that the literal\n"
	"                       prefilter changes no result)\n"
	"\n"
	"Exit status is 0 when every line was read, even if some were\n"
	"invalid (their error results say why); 3 when the input or output\n"
	"could not be opened.\n";

/* Analyse one line and return its result (always a result object). */
static json_t *batch_line(lw_engine *engine, const lw_analyze_opts *opts,
			  const char *line, size_t len, long lineno,
			  int too_long)
{
	char msg[300];
	json_t *result = NULL;
	if (too_long) {
		snprintf(msg, sizeof(msg), "line %ld: longer than %ld bytes",
			 lineno, BATCH_LINE_MAX);
		lw_error_result(&result, NULL, "too_large", msg);
		return result;
	}
	json_error_t jerr;
	json_t *item = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
	if (!item) {
		snprintf(msg, sizeof(msg), "line %ld, column %d: %s", lineno,
			 jerr.column, jerr.text);
		lw_error_result(&result, NULL, "bad_json", msg);
		return result;
	}
	int rc = lw_analyze(&result, engine, item, opts);
	if (rc == LW_EINVAL) {
		json_decref(result);
		snprintf(msg, sizeof(msg), "line %ld: %s", lineno,
			 lw_error_last());
		lw_error_result(&result, item, "bad_request", msg);
	} else if (rc) {
		snprintf(msg, sizeof(msg), "line %ld: %s", lineno,
			 lw_error_last());
		lw_error_result(&result, item, "internal", msg);
	}
	json_decref(item);
	return result;
}

int cmd_batch(int argc, char **argv)
{
	struct cli_common common = {0};
	const char *path = NULL, *output = NULL, *ui_lang = NULL;
	int help = 0, no_prefilter = 0;
	const struct cli_opt opts[] = {{"--help", NULL, &help},
				       {"--no-prefilter", NULL, &no_prefilter},
				       {"--output", &output},
				       {"--ui-lang", &ui_lang},
				       {"--rules", &common.rules_dir},
				       {NULL}};
	int rc = cli_parse(argc, argv, "batch", opts, &path, 1);
	if (rc == CLI_OK && help)
		fputs(batch_usage, stdout);
	if (rc != CLI_OK || help)
		return rc;
	lw_engine *engine = NULL;
	rc = cli_open_engine(&engine, &common);
	if (rc)
		return rc;
	FILE *in = !path || strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	FILE *out = output ? fopen(output, "wb") : stdout;
	if (!in || !out) {
		fprintf(stderr, "lurewatch batch: cannot open %s\n",
			!in ? path : output);
		if (in && in != stdin)
			fclose(in);
		lw_engine_free(engine);
		return CLI_INPUT;
	}
	struct stat st;
	struct cli_progress progress;
	cli_progress_start(&progress,
			   fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode)
				   ? (long long)st.st_size
				   : 0);
	lw_analyze_opts aopts = {.ui_lang = ui_lang,
				 .no_prefilter = no_prefilter};
	char *line = NULL;
	size_t cap = 0;
	long len, lineno = 0;
	int too_long;
	while ((len = cli_read_line(in, &line, &cap, BATCH_LINE_MAX,
				    &too_long)) >= 0) {
		lineno++;
		cli_progress_step(&progress, len + 1);
		if (len == 0 && !too_long)
			continue;
		json_t *result = batch_line(engine, &aopts, line, (size_t)len,
					    lineno, too_long);
		if (!result || json_dumpf(result, out, JSON_COMPACT) ||
		    fputc('\n', out) == EOF) {
			fprintf(stderr, "lurewatch batch: line %ld: %s\n",
				lineno,
				result ? "cannot write output"
				       : "out of memory");
			rc = result ? CLI_INPUT : CLI_INTERNAL;
			json_decref(result);
			break;
		}
		json_decref(result);
	}
	cli_progress_end(&progress);
	if (ferror(in)) {
		fprintf(stderr, "lurewatch batch: read error\n");
		rc = CLI_INPUT;
	}
	if ((out != stdout ? fclose(out) : fflush(out)) != 0 && rc == CLI_OK) {
		fprintf(stderr, "lurewatch batch: cannot write output\n");
		rc = CLI_INPUT;
	}
	if (in != stdin)
		fclose(in);
	free(line);
	lw_engine_free(engine);
	return rc;
}
