/*
 * cli_util.c - the pieces every lurewatch command shares.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Match argv[*i] against the options; returns the index matched, -1 for
 * no option, -2 when a value is missing or refused (already reported). */
static int match_option(int argc, char **argv, int *i, const char *cmd,
			const struct cli_opt *opts)
{
	const char *arg = argv[*i];
	for (int k = 0; opts[k].name; k++) {
		size_t n = strlen(opts[k].name);
		if (strncmp(arg, opts[k].name, n) != 0)
			continue;
		if (opts[k].flag && arg[n] == '\0') {
			*opts[k].flag = 1;
			return k;
		}
		if (opts[k].flag || (arg[n] != '\0' && arg[n] != '='))
			continue;
		const char *value = arg + n + 1;
		if (arg[n] == '\0') {
			if (*i + 1 >= argc) {
				cli_usage_error(cmd, "%s needs a value",
						opts[k].name);
				return -2;
			}
			value = argv[++*i];
		}
		if (opts[k].value)
			*opts[k].value = value;
		else if (!opts[k].take(opts[k].ctx, value)) {
			cli_usage_error(cmd, "bad value for %s: %s",
					opts[k].name, value);
			return -2;
		}
		return k;
	}
	return -1;
}

int cli_parse(int argc, char **argv, const char *cmd,
	      const struct cli_opt *opts, const char **positional, int max)
{
	int count = 0;
	for (int i = 1; i < argc; i++) {
		int k = match_option(argc, argv, &i, cmd, opts);
		if (k == -2)
			return CLI_USAGE;
		if (k >= 0)
			continue;
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage_error(cmd, "unknown option %s",
					       argv[i]);
		if (count == max)
			return cli_usage_error(cmd, "unexpected argument %s",
					       argv[i]);
		positional[count++] = argv[i];
	}
	return CLI_OK;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "lurewatch %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see lurewatch %s --help)\n", cmd);
	return CLI_USAGE;
}

int cli_item_budget_env(long *out, const char *cmd)
{
	const char *value = getenv("LUREWATCH_ITEM_BUDGET_MS");
	*out = 0;
	if (value && lw_item_budget_parse(out, value))
		return cli_usage_error(cmd,
				       "LUREWATCH_ITEM_BUDGET_MS is neither a "
				       "number of ms nor none: %s",
				       value);
	return CLI_OK;
}

int cli_take_item_budget(void *ctx, const char *value)
{
	return lw_item_budget_parse(ctx, value) == 0;
}

int cli_open_engine(lw_engine **out, const struct cli_common *common)
{
	char dir[4096];
	if (common->rules_dir)
		snprintf(dir, sizeof(dir), "%s", common->rules_dir);
	else if (lw_rules_default_dir(dir, sizeof(dir))) {
		fprintf(stderr, "lurewatch: %s\n", lw_error_last());
		return CLI_RULES;
	}
	int rc = lw_engine_open(out, dir);
	if (rc == LW_ENOMEM) {
		fprintf(stderr, "lurewatch: out of memory\n");
		return CLI_INTERNAL;
	}
	if (rc) {
		fprintf(stderr,
			"lurewatch: the rule pack in %s was refused:\n%s\n",
			dir, lw_error_last());
		return CLI_RULES;
	}
	return CLI_OK;
}

char *cli_read_all(const char *path, size_t max, size_t *out_len)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "lurewatch: cannot open %s: %s\n", path,
			strerror(errno));
		return NULL;
	}
	size_t cap = 64 * 1024, len = 0;
	char *buf = malloc(cap + 1);
	while (buf) {
		if (len == cap) {
			if (cap >= max)
				break;
			cap = cap * 2 > max ? max : cap * 2;
			char *grown = realloc(buf, cap + 1);
			if (!grown) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	int failed = ferror(f),
	    too_big = buf && len == cap && cap >= max && fgetc(f) != EOF;
	if (!is_stdin)
		fclose(f);
	if (!buf || failed || too_big) {
		fprintf(stderr, "lurewatch: cannot read %s: %s\n",
			is_stdin ? "standard input" : path,
			!buf	  ? "out of memory"
			: too_big ? "larger than the input limit"
				  : strerror(errno));
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	*out_len = len;
	return buf;
}

/* Bytes fgets is given at a time: a typical line in one call, and a fill
 * (below) that stays cheap when a long line has grown the buffer. */
#define LINE_PIECE 16384

/* Read the next piece of the current line with fgets, which finds the
 * newline with memchr and returns as soon as one arrives (so lines piped
 * in one by one are answered one by one), into room[0..size). fgets does
 * not say how many bytes it stored, and a line may hold NUL bytes, so the
 * room is filled with '\n' first: the bytes stored end with a NUL and
 * the fill follows. The first '\n' is the line's own when a NUL comes
 * right after it; otherwise it is the fill, just after the NUL. Sets
 * *ended when the piece ends the line (its newline is not counted).
 * Returns the bytes stored, or -1 at the end of input. */
static long read_piece(FILE *f, char *room, size_t size, int *ended)
{
	memset(room, '\n', size);
	*ended = 0;
	if (!fgets(room, (int)size, f))
		return -1;
	const char *nl = memchr(room, '\n', size);
	if (!nl)
		return (long)size - 1; /* full, no newline yet */
	*ended = nl + 1 < room + size && nl[1] == '\0';
	return *ended ? nl - room : nl - room - 1;
}

long cli_read_line(FILE *f, char **buf, size_t *cap, size_t max, int *too_long)
{
	char discard[4096]; /* where a line goes past max, or past memory */
	size_t len = 0;
	int ended = 0, any = 0;
	*too_long = 0;
	while (!ended) {
		char *room = discard;
		size_t size = sizeof(discard);
		if (!*too_long && *cap - len < LINE_PIECE) {
			size_t grown = *cap ? *cap * 2 : LINE_PIECE;
			char *p = realloc(*buf, grown);
			if (p) {
				*buf = p;
				*cap = grown;
			} else {
				*too_long = 1;
			}
		}
		if (!*too_long) {
			room = *buf + len;
			size = LINE_PIECE;
		}
		long n = read_piece(f, room, size, &ended);
		if (n < 0)
			break;
		any = 1;
		if (room != discard)
			len += (size_t)n;
		if (len > max) {
			len = max;
			*too_long = 1;
		}
	}
	if (!any)
		return -1;
	if (*buf)
		(*buf)[len] = '\0';
	return (long)len;
}

/* The byte offset in a UTF-8 text at which a UTF-16 offset falls. */
static size_t utf16_to_byte(const char *s, size_t len, size_t units)
{
	size_t at = 0, u = 0;
	while (at < len && u < units) {
		unsigned char c = (unsigned char)s[at];
		size_t step = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		u += step == 4 ? 2 : 1;
		at += step;
	}
	return at < len ? at : len;
}

/* Print one field with its evidence spans highlighted. */
static void print_field(FILE *out, const char *name, const char *text,
			const json_t *indicators, int color)
{
	size_t len = strlen(text);
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	char *mark = calloc(len + 1, 1);
	if (!mark)
		return;
	size_t i, j;
	json_t *ind, *ev;
	json_array_foreach((json_t *)indicators, i, ind)
	{
		json_array_foreach(json_object_get(ind, "evidence"), j, ev)
		{
			const char *f =
				json_string_value(json_object_get(ev, "field"));
			if (!f || strcmp(f, name) != 0)
				continue;
			size_t s = utf16_to_byte(
				text, len,
				(size_t)json_integer_value(
					json_object_get(ev, "start")));
			size_t e = utf16_to_byte(
				text, len,
				(size_t)json_integer_value(
					json_object_get(ev, "end")));
			memset(mark + s, 1, e > s ? e - s : 0);
		}
	}
	fprintf(out, "%s:\n  ", name);
	for (size_t k = 0; k < len; k++) {
		if (mark[k] && (k == 0 || !mark[k - 1]))
			fputs(color ? "\033[1;4;31m" : "[[", out);
		if (text[k] == '\n')
			fputs(mark[k] && color ? "\033[0m\n  \033[1;4;31m"
					       : "\n  ",
			      out);
		else
			fputc(text[k], out);
		if (mark[k] && !mark[k + 1])
			fputs(color ? "\033[0m" : "]]", out);
	}
	fputs("\n\n", out);
	free(mark);
}

void cli_print_report(FILE *out, const json_t *item, const json_t *result,
		      int color)
{
	const char *level = json_string_value(json_object_get(result, "level"));
	const json_t *indicators = json_object_get(result, "indicators");
	static const char *const names[] = {"none",   "none",	"low",	"LOW",
					    "medium", "MEDIUM", "high", "HIGH"};
	const char *shown = level;
	for (int i = 0; i < 8; i += 2)
		if (level && strcmp(level, names[i]) == 0)
			shown = names[i + 1];
	const char *tone = !color			  ? ""
			   : strcmp(level, "high") == 0	  ? "\033[1;31m"
			   : strcmp(level, "medium") == 0 ? "\033[1;33m"
							  : "\033[1m";
	fprintf(out, "%sRisk: %s (score %lld of 100)%s\n\n", tone,
		shown ? shown : "?",
		(long long)json_integer_value(json_object_get(result, "score")),
		color ? "\033[0m" : "");
	const json_t *partial =
		json_object_get(json_object_get(result, "notes"), "partial");
	if (partial)
		fprintf(out,
			"Partial check: the time for one item (%lld ms) ran "
			"out, so %lld rules and %lld comments were not "
			"checked. The risk may be higher than shown.\n\n",
			(long long)json_integer_value(
				json_object_get(partial, "budget_ms")),
			(long long)json_integer_value(
				json_object_get(partial, "skipped_rules")),
			(long long)json_integer_value(
				json_object_get(partial, "skipped_comments")));
	if (json_array_size(indicators) == 0)
		fputs("No known lure indicators found. That is not a "
		      "guarantee: check the employer before you share "
		      "documents "
		      "or pay anything.\n\n",
		      out);
	size_t i, j;
	json_t *ind, *ev;
	json_array_foreach((json_t *)indicators, i, ind)
	{
		fprintf(out, "%s* %s%s  [%s, %s]\n", color ? "\033[1m" : "",
			json_string_value(json_object_get(ind, "title")),
			color ? "\033[0m" : "",
			json_string_value(json_object_get(ind, "id")),
			json_string_value(json_object_get(ind, "severity")));
		fprintf(out, "    Why: %s\n    What to do: %s\n",
			json_string_value(json_object_get(ind, "why")),
			json_string_value(json_object_get(ind, "advice")));
		json_array_foreach(json_object_get(ind, "evidence"), j, ev)
		{
			fprintf(out, "    - %s %lld-%lld: \"%s\"\n",
				json_string_value(json_object_get(ev, "field")),
				(long long)json_integer_value(
					json_object_get(ev, "start")),
				(long long)json_integer_value(
					json_object_get(ev, "end")),
				json_string_value(
					json_object_get(ev, "excerpt")));
		}
		fputc('\n', out);
	}
	const char *title = json_string_value(json_object_get(item, "title"));
	if (title)
		print_field(out, "title", title, indicators, color);
	const char *text = json_string_value(json_object_get(item, "text"));
	if (text)
		print_field(out, "text", text, indicators, color);
	const char *key;
	json_t *v;
	json_object_foreach(json_object_get(item, "fields"), key, v)
	{
		char name[128];
		snprintf(name, sizeof(name), "fields.%s", key);
		if (json_is_string(v))
			print_field(out, name, json_string_value(v), indicators,
				    color);
	}
}

/* Seconds on a monotonic clock. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(struct cli_progress *p, long long total)
{
	memset(p, 0, sizeof(*p));
	p->enabled = isatty(fileno(stderr));
	p->total = total;
}

void cli_progress_step(struct cli_progress *p, long long bytes)
{
	p->done += bytes;
	p->items++;
	if (!p->enabled || now() - p->last_draw < 0.1)
		return;
	p->last_draw = now();
	if (p->total > 0) {
		int width = 30;
		int filled = (int)(width * p->done / p->total);
		fprintf(stderr, "\r[%-*.*s] %3lld%%  %lld items", width, filled,
			"##############################",
			100 * p->done / p->total, p->items);
	} else {
		fprintf(stderr, "\r%lld items", p->items);
	}
}

void cli_progress_end(struct cli_progress *p)
{
	if (p->enabled)
		fputs("\r\033[K", stderr);
}
