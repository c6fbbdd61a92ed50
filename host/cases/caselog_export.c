/*
 * caselog_export.c - cases as CSV, JSON or a printable HTML report
 * (lw_case_export in lw_caselog.h).
 *
 * The HTML report is one self-contained file: inline CSS only, no script,
 * no font, no image, and a Content-Security-Policy that forbids loading
 * anything, so opening it (or printing it to PDF) makes no request. Every
 * piece of page text goes through html_text(); evidence is highlighted at
 * its UTF-16 offsets (docs/protocol.md), converted to bytes here.
 */
#include "lw_caselog.h"

#include "err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const lw_case_csv_columns[] = {
	"id",	 "saved_at", "seen_at",	   "url",      "ref",  "level",
	"score", "title",    "text",	   "note",     "indicators",
	"evidence", NULL};

/* Evidence spans one field may highlight; more are not marked. */
#define SPANS_MAX 256

/* A growable output with a hard size limit. */
struct out {
	char *data;
	size_t len, cap, max;
	int over, nomem;
};

/* Append n bytes; remembers overflow or lack of memory instead of
 * failing each call, so writers stay linear. */
static void put_n(struct out *o, const char *s, size_t n)
{
	if (o->over || o->nomem)
		return;
	if (n > o->max - o->len) {
		o->over = 1;
		return;
	}
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		while (cap < o->len + n + 1)
			cap *= 2;
		char *grown = realloc(o->data, cap);
		if (grown == NULL) {
			o->nomem = 1;
			return;
		}
		o->data = grown;
		o->cap = cap;
	}
	memcpy(o->data + o->len, s, n);
	o->len += n;
	o->data[o->len] = '\0';
}

/* Append a NUL-terminated string. */
static void put(struct out *o, const char *s)
{
	put_n(o, s, strlen(s));
}

/* Append n bytes of text escaped for HTML element content and attribute
 * values. */
static void html_text_n(struct out *o, const char *s, size_t n)
{
	size_t i, from = 0;
	for (i = 0; i < n; i++) {
		const char *entity = s[i] == '&'    ? "&amp;"
				     : s[i] == '<'  ? "&lt;"
				     : s[i] == '>'  ? "&gt;"
				     : s[i] == '"'  ? "&quot;"
				     : s[i] == '\'' ? "&#39;"
						    : NULL;
		if (entity == NULL)
			continue;
		put_n(o, s + from, i - from);
		put(o, entity);
		from = i + 1;
	}
	put_n(o, s + from, n - from);
}

/* Append a string escaped for HTML. */
static void html_text(struct out *o, const char *s)
{
	html_text_n(o, s ? s : "", s ? strlen(s) : 0);
}

/* A string member, or "" when absent or not a string. */
static const char *str_of(const json_t *object, const char *key)
{
	const char *value = json_string_value(json_object_get(object, key));
	return value ? value : "";
}

/* The item's ref as text: a string as is, a number written out. */
static void ref_text(char *out, size_t outlen, const json_t *item)
{
	const json_t *ref = json_object_get(item, "ref");
	if (json_is_string(ref))
		snprintf(out, outlen, "%s", json_string_value(ref));
	else if (json_is_integer(ref))
		snprintf(out, outlen, "%lld",
			 (long long)json_integer_value(ref));
	else if (json_is_real(ref))
		snprintf(out, outlen, "%.17g", json_real_value(ref));
	else
		out[0] = '\0';
}

/* ---- CSV ---- */

/* Append one CSV field (RFC 4180): quoted when it holds a comma, quote,
 * CR or LF, quotes doubled. A text that a spreadsheet would run as a
 * formula (starting with = + - @ tab or CR), or that starts with an
 * apostrophe, gets an apostrophe in front: a lure's text must not become
 * a live formula in the case worker's spreadsheet. Readers strip one
 * leading apostrophe of text columns to get the text back. */
static void csv_field(struct out *o, const char *s, int is_text)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		put(o, "\"");
	if (is_text && *s && strchr("=+-@\t\r'", *s))
		put(o, "'");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			put(o, "\"\"");
		else
			put_n(o, p, 1);
	}
	if (quote)
		put(o, "\"");
}

/* The indicator ids of a result, joined with "; ". */
static void indicator_ids(struct out *o, const json_t *result)
{
	const json_t *list = json_object_get(result, "indicators");
	for (size_t i = 0; i < json_array_size(list); i++) {
		if (i)
			put(o, "; ");
		put(o, str_of(json_array_get(list, i), "id"));
	}
}

/* Every evidence span of a result, one a line: "ID field start-end:
 * excerpt". */
static void evidence_lines(struct out *o, const json_t *result)
{
	const json_t *list = json_object_get(result, "indicators");
	char span[64];
	int first = 1;
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *ind = json_array_get(list, i);
		const json_t *evidence = json_object_get(ind, "evidence");
		for (size_t j = 0; j < json_array_size(evidence); j++) {
			const json_t *ev = json_array_get(evidence, j);
			snprintf(span, sizeof(span), " %lld-%lld: ",
				 (long long)json_integer_value(
					 json_object_get(ev, "start")),
				 (long long)json_integer_value(
					 json_object_get(ev, "end")));
			if (!first)
				put(o, "\n");
			first = 0;
			put(o, str_of(ind, "id"));
			put(o, " ");
			put(o, str_of(ev, "field"));
			put(o, span);
			put(o, str_of(ev, "excerpt"));
		}
	}
}

/* A string built by one of the writers above, for csv_field. */
static char *built(void (*write)(struct out *, const json_t *),
		   const json_t *result, struct out *parent)
{
	struct out tmp = {.max = parent->max};
	write(&tmp, result);
	if (tmp.over)
		parent->over = 1;
	if (tmp.nomem)
		parent->nomem = 1;
	if (tmp.data == NULL && !tmp.over && !tmp.nomem)
		return strdup("");
	return tmp.data;
}

/* One case as one CSV record, in lw_case_csv_columns order. */
static void csv_case(struct out *o, const json_t *c)
{
	char id[32], score[32], ref[128];
	const json_t *item = json_object_get(c, "item");
	const json_t *result = json_object_get(c, "result");
	snprintf(id, sizeof(id), "%lld",
		 (long long)json_integer_value(json_object_get(c, "id")));
	snprintf(score, sizeof(score), "%lld",
		 (long long)json_integer_value(json_object_get(c, "score")));
	ref_text(ref, sizeof(ref), item);
	char *ids = built(indicator_ids, result, o);
	char *evidence = built(evidence_lines, result, o);
	const struct {
		const char *value;
		int is_text;
	} fields[] = {{id, 0},
		      {str_of(c, "saved_at"), 0},
		      {str_of(c, "seen_at"), 1},
		      {str_of(c, "url"), 1},
		      {ref, 1},
		      {str_of(c, "level"), 0},
		      {score, 0},
		      {str_of(item, "title"), 1},
		      {str_of(item, "text"), 1},
		      {str_of(c, "note"), 1},
		      {ids ? ids : "", 0},
		      {evidence ? evidence : "", 1}};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (i)
			put(o, ",");
		csv_field(o, fields[i].value, fields[i].is_text);
	}
	put(o, "\r\n");
	free(ids);
	free(evidence);
}

/* The whole CSV: a header row and a record per case. */
static void export_csv(struct out *o, const json_t *cases)
{
	for (size_t i = 0; lw_case_csv_columns[i]; i++) {
		if (i)
			put(o, ",");
		put(o, lw_case_csv_columns[i]);
	}
	put(o, "\r\n");
	for (size_t i = 0; i < json_array_size(cases); i++)
		csv_case(o, json_array_get(cases, i));
}

/* ---- HTML ---- */

/* A highlighted range of a field, in UTF-16 units. */
struct span {
	long long start, end;
};

/* Order spans by start. */
static int by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

/* Collect the evidence spans of one field from every indicator, sorted by
 * start. Returns how many (at most SPANS_MAX). */
static size_t field_spans(struct span *spans, const json_t *result,
			  const char *field)
{
	const json_t *list = json_object_get(result, "indicators");
	size_t n = 0;
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *evidence =
			json_object_get(json_array_get(list, i), "evidence");
		for (size_t j = 0; j < json_array_size(evidence) && n < SPANS_MAX;
		     j++) {
			const json_t *ev = json_array_get(evidence, j);
			if (strcmp(str_of(ev, "field"), field) != 0)
				continue;
			spans[n].start = json_integer_value(
				json_object_get(ev, "start"));
			spans[n].end = json_integer_value(
				json_object_get(ev, "end"));
			if (spans[n].end > spans[n].start)
				n++;
		}
	}
	qsort(spans, n, sizeof(*spans), by_start);
	return n;
}

/* Bytes of the UTF-8 sequence that starts with this byte (1 for a stray
 * continuation byte, which jansson never produces). */
static size_t utf8_width(unsigned char lead)
{
	return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

/* Whether UTF-16 unit position pos lies inside one of the spans. */
static int inside(const struct span *spans, size_t n, long long pos)
{
	for (size_t i = 0; i < n && spans[i].start <= pos; i++)
		if (pos < spans[i].end)
			return 1;
	return 0;
}

/* Write a field's text escaped, with <mark> around the evidence. Offsets
 * count UTF-16 units of the original text, so a four-byte character
 * counts two. */
static void html_marked(struct out *o, const char *text, const json_t *result,
			const char *field)
{
	struct span spans[SPANS_MAX];
	size_t n = field_spans(spans, result, field);
	size_t i = 0, len = strlen(text), run = 0;
	long long unit = 0;
	int marked = 0;
	while (i < len) {
		int want = inside(spans, n, unit);
		if (want != marked) {
			html_text_n(o, text + run, i - run);
			run = i;
			put(o, want ? "<mark>" : "</mark>");
			marked = want;
		}
		size_t w = utf8_width((unsigned char)text[i]);
		if (w > len - i)
			w = len - i;
		unit += w == 4 ? 2 : 1;
		i += w;
	}
	html_text_n(o, text + run, len - run);
	if (marked)
		put(o, "</mark>");
}

static const char html_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	"'none'; style-src 'unsafe-inline'\">\n"
	"<meta name=\"viewport\" content=\"width=device-width\">\n"
	"<title>lurewatch case report</title>\n<style>\n"
	"body{font:15px/1.5 system-ui,sans-serif;color:#111;margin:2em;}\n"
	"h1{font-size:1.4em}h2{font-size:1.2em;margin-top:0}\n"
	".case{border-top:2px solid #333;padding-top:1em;margin-bottom:2em}\n"
	"@media print{body{margin:0}.case{break-after:page;border:0}"
	".case:last-child{break-after:auto}}\n"
	"table{border-collapse:collapse}th{text-align:left;padding-right:1em;"
	"vertical-align:top;color:#444}\n"
	"td{word-break:break-word}\n"
	".text{white-space:pre-wrap;border:1px solid #bbb;padding:.6em;"
	"unicode-bidi:plaintext}\n"
	"mark{background:#ffd54f;color:#000;outline:1px solid #b08900}\n"
	".level-high{color:#b00020;font-weight:bold}.level-medium{color:"
	"#a05a00;font-weight:bold}\n"
	"</style></head><body>\n<h1>lurewatch case report</h1>\n";

/* One labelled row of the case's table. */
static void html_row(struct out *o, const char *label, const char *value)
{
	put(o, "<tr><th>");
	put(o, label);
	put(o, "</th><td>");
	html_text(o, value);
	put(o, "</td></tr>\n");
}

/* The indicators of a result, each with why and advice. */
static void html_indicators(struct out *o, const json_t *result)
{
	const json_t *list = json_object_get(result, "indicators");
	if (json_array_size(list) == 0) {
		put(o, "<p>No indicator was found.</p>\n");
		return;
	}
	put(o, "<h3>Indicators</h3>\n<ul>\n");
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *ind = json_array_get(list, i);
		put(o, "<li><strong>");
		html_text(o, str_of(ind, "title"));
		put(o, "</strong> (");
		html_text(o, str_of(ind, "id"));
		put(o, ")<br>");
		html_text(o, str_of(ind, "why"));
		put(o, "<br><em>");
		html_text(o, str_of(ind, "advice"));
		put(o, "</em></li>\n");
	}
	put(o, "</ul>\n");
}

/* The item's fields with their evidence marked: title, text, and every
 * string field that has evidence. */
static void html_fields(struct out *o, const json_t *item,
			const json_t *result)
{
	const char *key;
	const json_t *value;
	char field[300];
	if (*str_of(item, "title")) {
		put(o, "<h3>Title</h3>\n<div class=\"text\" dir=\"auto\">");
		html_marked(o, str_of(item, "title"), result, "title");
		put(o, "</div>\n");
	}
	if (*str_of(item, "text")) {
		put(o, "<h3>Text</h3>\n<div class=\"text\" dir=\"auto\">");
		html_marked(o, str_of(item, "text"), result, "text");
		put(o, "</div>\n");
	}
	json_object_foreach((json_t *)json_object_get(item, "fields"), key,
			    value)
	{
		struct span spans[SPANS_MAX];
		snprintf(field, sizeof(field), "fields.%s", key);
		if (!json_is_string(value) ||
		    field_spans(spans, result, field) == 0)
			continue;
		put(o, "<h3>");
		html_text(o, key);
		put(o, "</h3>\n<div class=\"text\" dir=\"auto\">");
		html_marked(o, json_string_value(value), result, field);
		put(o, "</div>\n");
	}
}

/* One case: its page of the report. */
static void html_case(struct out *o, const json_t *c)
{
	char line[96], ref[128];
	const json_t *item = json_object_get(c, "item");
	const json_t *result = json_object_get(c, "result");
	const char *level = str_of(c, "level");
	snprintf(line, sizeof(line), "Case %lld",
		 (long long)json_integer_value(json_object_get(c, "id")));
	put(o, "<section class=\"case\">\n<h2>");
	put(o, line);
	put(o, "</h2>\n<table>\n");
	snprintf(line, sizeof(line), "%s, score %lld", level,
		 (long long)json_integer_value(json_object_get(c, "score")));
	put(o, "<tr><th>Level</th><td class=\"level-");
	html_text(o, level);
	put(o, "\">");
	html_text(o, line);
	put(o, "</td></tr>\n");
	html_row(o, "Seen", str_of(c, "seen_at"));
	html_row(o, "Saved", str_of(c, "saved_at"));
	html_row(o, "Address", str_of(c, "url"));
	ref_text(ref, sizeof(ref), item);
	if (*ref)
		html_row(o, "Reference", ref);
	if (*str_of(c, "note"))
		html_row(o, "Note", str_of(c, "note"));
	put(o, "</table>\n");
	html_indicators(o, result);
	html_fields(o, item, result);
	put(o, "</section>\n");
}

/* The whole report. */
static void export_html(struct out *o, const json_t *cases)
{
	char line[96];
	put(o, html_head);
	snprintf(line, sizeof(line), "<p>%zu case%s.</p>\n",
		 json_array_size(cases), json_array_size(cases) == 1 ? "" : "s");
	put(o, line);
	for (size_t i = 0; i < json_array_size(cases); i++)
		html_case(o, json_array_get(cases, i));
	put(o, "</body></html>\n");
}

int lw_case_format_parse(lw_case_format *out, const char *name)
{
	static const struct {
		const char *name;
		lw_case_format format;
	} formats[] = {{"csv", LW_CASE_CSV},
		       {"json", LW_CASE_JSON},
		       {"html", LW_CASE_HTML}};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (name && strcmp(name, formats[i].name) == 0) {
			*out = formats[i].format;
			return 0;
		}
	lw_error_set("unknown format \"%s\": csv, json or html",
		     name ? name : "");
	return LW_EINVAL;
}

int lw_case_export(char **out, size_t *out_len, const json_t *cases,
		   lw_case_format format, size_t max)
{
	struct out o = {.max = max};
	*out = NULL;
	if (format == LW_CASE_CSV) {
		export_csv(&o, cases);
	} else if (format == LW_CASE_HTML) {
		export_html(&o, cases);
	} else {
		char *text = json_dumps(cases, JSON_INDENT(2));
		if (text == NULL)
			o.nomem = 1;
		else
			put(&o, text);
		put(&o, "\n");
		free(text);
	}
	if (o.over || o.nomem || o.data == NULL) {
		free(o.data);
		if (!o.over) {
			lw_error_set("out of memory");
			return LW_ENOMEM;
		}
		lw_error_set("the export would be over %zu bytes", max);
		return LW_ETOOLARGE;
	}
	*out = o.data;
	*out_len = o.len;
	return 0;
}
