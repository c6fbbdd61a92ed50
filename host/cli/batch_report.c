/*
 * batch_report.c - the HTML report of `lurewatch batch --report` (see
 * batch_report.h). Rows are kept small while the batch runs (ref, a title,
 * level, score, indicator ids and excerpts), so a report over a large
 * batch costs little memory; the file is written once at the end. All page
 * text is escaped; the Content-Security-Policy forbids every load.
 */
#include "batch_report.h"

#include <stdlib.h>
#include <string.h>

/* Bytes of an item's title shown in the table. */
#define TITLE_MAX 120

struct batch_report {
	json_t *rows;	    /* the items listed, in input order */
	json_t *indicators; /* id -> {"title", "items"} */
	json_t *languages;  /* lang -> count */
	long long items, errors, by_level[4], unlisted;
};

static const char *const level_names[] = {"none", "low", "medium", "high"};

/* The index of a level name, or 0 for anything else. */
static int level_index(const char *level)
{
	for (int i = 3; i > 0; i--)
		if (level && strcmp(level, level_names[i]) == 0)
			return i;
	return 0;
}

struct batch_report *batch_report_new(void)
{
	struct batch_report *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	r->rows = json_array();
	r->indicators = json_object();
	r->languages = json_object();
	if (!r->rows || !r->indicators || !r->languages) {
		batch_report_free(r);
		return NULL;
	}
	return r;
}

void batch_report_free(struct batch_report *r)
{
	if (r == NULL)
		return;
	json_decref(r->rows);
	json_decref(r->indicators);
	json_decref(r->languages);
	free(r);
}

/* A copy of at most max bytes of text, cut at a character boundary. */
static json_t *cut(const char *text, size_t max)
{
	size_t len = strlen(text);
	if (len <= max)
		return json_string(text);
	while (max > 0 && ((unsigned char)text[max] & 0xC0) == 0x80)
		max--;
	json_t *s = json_stringn(text, max);
	return s ? s : json_string("");
}

/* Count one item for each indicator of its result, and keep the
 * indicators' ids, titles and excerpts for its evidence. */
static json_t *count_indicators(struct batch_report *r, const json_t *result)
{
	const json_t *list = json_object_get(result, "indicators");
	json_t *kept = json_array();
	for (size_t i = 0; kept && i < json_array_size(list); i++) {
		const json_t *ind = json_array_get(list, i);
		const char *id = json_string_value(json_object_get(ind, "id"));
		if (id == NULL)
			continue;
		json_t *entry = json_object_get(r->indicators, id);
		if (entry == NULL) {
			entry = json_pack("{s:O, s:I}", "title",
					  json_object_get(ind, "title"),
					  "items", (json_int_t)0);
			if (entry == NULL ||
			    json_object_set_new(r->indicators, id, entry))
				return json_decref(kept), NULL;
		}
		json_t *count = json_object_get(entry, "items");
		json_integer_set(count, json_integer_value(count) + 1);
		json_t *excerpts = json_array();
		const json_t *evidence = json_object_get(ind, "evidence");
		for (size_t j = 0; excerpts && j < json_array_size(evidence);
		     j++)
			json_array_append(excerpts,
					  json_object_get(json_array_get(
								  evidence, j),
							  "excerpt"));
		json_array_append_new(kept,
				      json_pack("{s:s, s:O, s:o}", "id", id,
						"title",
						json_object_get(ind, "title"),
						"excerpts",
						excerpts ? excerpts
							 : json_array()));
	}
	return kept;
}

int batch_report_add(struct batch_report *r, const json_t *item,
		     const json_t *result)
{
	const char *lang = json_string_value(json_object_get(item, "lang"));
	const char *title = json_string_value(json_object_get(item, "title"));
	const char *lang_key = lang && *lang ? lang : "(not given)";
	r->items++;
	json_t *lang_count = json_object_get(r->languages, lang_key);
	if (lang_count)
		json_integer_set(lang_count,
				 json_integer_value(lang_count) + 1);
	else if (json_object_set_new(r->languages, lang_key, json_integer(1)))
		return -1;
	if (!json_is_true(json_object_get(result, "ok"))) {
		r->errors++;
		return 0;
	}
	int level = level_index(
		json_string_value(json_object_get(result, "level")));
	r->by_level[level]++;
	json_t *kept = count_indicators(r, result);
	if (kept == NULL)
		return -1;
	if (json_array_size(r->rows) >= REPORT_ITEMS_MAX) {
		r->unlisted++;
		json_decref(kept);
		return 0;
	}
	if (title == NULL || *title == '\0')
		title = json_string_value(json_object_get(item, "text"));
	const json_t *ref = json_object_get(result, "ref");
	json_t *row = json_pack(
		"{s:I, s:o, s:o, s:i, s:I, s:o}", "n", (json_int_t)r->items,
		"ref", ref ? json_incref((json_t *)ref) : json_string(""),
		"title", cut(title ? title : "", TITLE_MAX), "level", level,
		"score",
		(json_int_t)json_integer_value(json_object_get(result, "score")),
		"indicators", kept);
	return row && json_array_append_new(r->rows, row) == 0 ? 0 : -1;
}

/* Write text escaped for HTML. */
static void esc(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

/* A ref as text: a string as is, a number written out. */
static void esc_ref(FILE *out, const json_t *ref)
{
	if (json_is_string(ref))
		esc(out, json_string_value(ref));
	else if (json_is_integer(ref))
		fprintf(out, "%lld", (long long)json_integer_value(ref));
}

/* One indicator's place in the chart. */
struct bar {
	const char *id, *title;
	long long items;
};

/* Most frequent first, then by id, so the chart is the same every run. */
static int more_items_first(const void *a, const void *b)
{
	const struct bar *x = a, *y = b;
	if (x->items != y->items)
		return (x->items < y->items) - (x->items > y->items);
	return strcmp(x->id, y->id);
}

/* The indicators across the batch as a horizontal bar chart in SVG. */
static void write_chart(FILE *out, const struct batch_report *r)
{
	size_t n = json_object_size(r->indicators), i = 0;
	struct bar *bars = calloc(n ? n : 1, sizeof(*bars));
	const char *id;
	const json_t *entry;
	if (bars == NULL)
		return;
	json_object_foreach(r->indicators, id, entry)
	{
		bars[i].id = id;
		bars[i].title =
			json_string_value(json_object_get(entry, "title"));
		bars[i++].items =
			json_integer_value(json_object_get(entry, "items"));
	}
	qsort(bars, n, sizeof(*bars), more_items_first);
	long long max = n ? bars[0].items : 1;
	fprintf(out,
		"<svg id=\"chart\" role=\"img\" width=\"900\" height=\"%zu\" "
		"viewBox=\"0 0 900 %zu\" xmlns=\"http://www.w3.org/2000/svg\">"
		"\n<title>Items per indicator</title>\n",
		n * 26 + 10, n * 26 + 10);
	for (i = 0; i < n; i++) {
		long long width = max ? bars[i].items * 480 / max : 0;
		fprintf(out,
			"<g><title>%lld items</title><text x=\"0\" y=\"%zu\" "
			"font-size=\"13\">",
			bars[i].items, i * 26 + 20);
		esc(out, bars[i].id);
		fprintf(out,
			"</text><rect x=\"300\" y=\"%zu\" width=\"%lld\" "
			"height=\"18\" fill=\"#c0392b\"/><text x=\"%lld\" "
			"y=\"%zu\" font-size=\"13\">%lld</text></g>\n",
			i * 26 + 6, width > 0 ? width : 1, 300 + width + 6,
			i * 26 + 20, bars[i].items);
	}
	fputs("</svg>\n", out);
	if (n == 0)
		fputs("<p>No indicator was found in this batch.</p>\n", out);
	free(bars);
}

static const char report_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	"'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
	"<title>lurewatch batch report</title>\n<style>\n"
	"body{font:14px/1.45 system-ui,sans-serif;color:#111;margin:2em}\n"
	"table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid "
	"#ccc;padding:.25em .5em;text-align:left;vertical-align:top}\n"
	"th[data-sort]{cursor:pointer;background:#eee}th[data-sort]::after"
	"{content:' \\2195';color:#888}\n"
	".l3{color:#b00020;font-weight:bold}.l2{color:#a05a00;font-weight:"
	"bold}.l1{color:#555}\n"
	"mark{background:#ffd54f}li{margin:.2em 0}\n"
	"@media print{th[data-sort]::after{content:''}}\n"
	"</style></head><body>\n";

/* Sort the items table by a column when its header is clicked: numbers
 * by value, text by collation. No page text is parsed as HTML. */
static const char sort_script[] =
	"<script>\n"
	"for (const th of document.querySelectorAll('th[data-sort]')) {\n"
	"  th.addEventListener('click', () => {\n"
	"    const table = th.closest('table'), body = table.tBodies[0];\n"
	"    const col = th.cellIndex, num = th.dataset.sort === 'num';\n"
	"    const down = th.dataset.dir !== 'down';\n"
	"    th.dataset.dir = down ? 'down' : 'up';\n"
	"    const key = (tr) => tr.cells[col].dataset.key ?? "
	"tr.cells[col].textContent;\n"
	"    const rows = [...body.rows].sort((a, b) => {\n"
	"      const x = key(a), y = key(b);\n"
	"      const c = num ? Number(x) - Number(y) : x.localeCompare(y);\n"
	"      return down ? -c : c;\n"
	"    });\n"
	"    body.append(...rows);\n"
	"  });\n"
	"}\n"
	"</script>\n";

/* The table of items, highest level and score first. */
static void write_items(FILE *out, const json_t *rows)
{
	size_t i, count = json_array_size(rows);
	fputs("<h2>Items</h2>\n<table id=\"items\"><thead><tr>"
	      "<th data-sort=\"num\">#</th><th data-sort=\"text\">Ref</th>"
	      "<th data-sort=\"text\">Title</th>"
	      "<th data-sort=\"num\">Level</th>"
	      "<th data-sort=\"num\">Score</th><th>Indicators</th></tr>"
	      "</thead><tbody>\n",
	      out);
	for (int level = 3; level >= 0; level--)
		for (i = 0; i < count; i++) {
			const json_t *row = json_array_get(rows, i);
			const json_t *inds = json_object_get(row, "indicators");
			if (json_integer_value(json_object_get(row, "level")) !=
			    level)
				continue;
			fprintf(out, "<tr><td>%lld</td><td>",
				(long long)json_integer_value(
					json_object_get(row, "n")));
			esc_ref(out, json_object_get(row, "ref"));
			fputs("</td><td dir=\"auto\">", out);
			esc(out, json_string_value(
					 json_object_get(row, "title")));
			fprintf(out,
				"</td><td class=\"l%d\" data-key=\"%d\">%s</td>"
				"<td>%lld</td><td>",
				level, level, level_names[level],
				(long long)json_integer_value(
					json_object_get(row, "score")));
			for (size_t j = 0; j < json_array_size(inds); j++) {
				if (j)
					fputs(", ", out);
				esc(out, json_string_value(json_object_get(
						 json_array_get(inds, j), "id")));
			}
			fputs("</td></tr>\n", out);
		}
	fputs("</tbody></table>\n", out);
}

/* Each item with indicators: what fired and the words that made it. */
static void write_evidence(FILE *out, const json_t *rows)
{
	fputs("<h2>Evidence</h2>\n", out);
	for (int level = 3; level >= 1; level--)
		for (size_t i = 0; i < json_array_size(rows); i++) {
			const json_t *row = json_array_get(rows, i);
			const json_t *inds = json_object_get(row, "indicators");
			if (json_integer_value(json_object_get(row, "level")) !=
				    level ||
			    json_array_size(inds) == 0)
				continue;
			fprintf(out, "<h3>#%lld ",
				(long long)json_integer_value(
					json_object_get(row, "n")));
			esc_ref(out, json_object_get(row, "ref"));
			fprintf(out, " <span class=\"l%d\">%s</span></h3>\n<ul>",
				level, level_names[level]);
			for (size_t j = 0; j < json_array_size(inds); j++) {
				const json_t *ind = json_array_get(inds, j);
				const json_t *ex =
					json_object_get(ind, "excerpts");
				fputs("<li><strong>", out);
				esc(out, json_string_value(
						 json_object_get(ind, "title")));
				fputs("</strong>:", out);
				for (size_t k = 0; k < json_array_size(ex); k++) {
					fputs(" <mark dir=\"auto\">", out);
					esc(out, json_string_value(
							 json_array_get(ex, k)));
					fputs("</mark>", out);
				}
				fputs("</li>\n", out);
			}
			fputs("</ul>\n", out);
		}
}

/* Counts per language of the items (their "lang", as given). */
static void write_languages(FILE *out, const struct batch_report *r)
{
	const char *lang;
	const json_t *count;
	fputs("<h2>Languages</h2>\n<table id=\"languages\"><tr><th>Language"
	      "</th><th>Items</th></tr>\n",
	      out);
	json_object_foreach(r->languages, lang, count)
	{
		fputs("<tr><td>", out);
		esc(out, lang);
		fprintf(out, "</td><td>%lld</td></tr>\n",
			(long long)json_integer_value(count));
	}
	fputs("</table>\n", out);
}

int batch_report_write(FILE *out, const struct batch_report *r,
		       const char *source_name)
{
	fputs(report_head, out);
	fputs("<h1>lurewatch batch report</h1>\n<p>Input: ", out);
	esc(out, source_name);
	fprintf(out,
		". %lld items: <span class=\"l3\">%lld high</span>, "
		"<span class=\"l2\">%lld medium</span>, %lld low, %lld none, "
		"%lld could not be read.</p>\n",
		r->items, r->by_level[3], r->by_level[2], r->by_level[1],
		r->by_level[0], r->errors);
	if (r->unlisted)
		fprintf(out,
			"<p>Only the first %d items are listed; %lld more "
			"are counted above.</p>\n",
			REPORT_ITEMS_MAX, r->unlisted);
	fputs("<h2>Indicators found (items per indicator)</h2>\n", out);
	write_chart(out, r);
	write_languages(out, r);
	write_items(out, r->rows);
	write_evidence(out, r->rows);
	fputs(sort_script, out);
	fputs("</body></html>\n", out);
	return ferror(out) ? -1 : 0;
}
