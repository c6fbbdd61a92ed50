/*
 * test_caselog.c - the case log (host/cases/lw_caselog.h): save, list,
 * search and delete; damaged and foreign files reported, never changed;
 * CSV and JSON exports read back equal to the cases; the HTML report
 * escapes page text and highlights evidence at UTF-16 offsets.
 */
#include "batch_csv.h"
#include "check.h"
#include "lw_caselog.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/lw-caselog-XXXXXX";

/* A path inside the test's scratch directory. */
static const char *scratch(const char *name)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* Texts that break naive CSV, HTML and search code. The first has an
 * emoji (two UTF-16 units) before its evidence. */
static const char *const texts[] = {
	"\xf0\x9f\x98\x80 Free air ticket, visa! WhatsApp only: +855 12",
	"=HYPERLINK(\"http://x\") \"quoted\", comma\r\nnew line <script>",
	"'apostrophe first; Registration fee 200 USD, pay before you fly."};

/* Save one case for texts[i], with evidence at the given UTF-16 span. */
static long long save_case(lw_caselog *log, int i, long long start,
			   long long end, const char *note)
{
	long long id = -1;
	json_t *item = json_pack("{s:s, s:s, s:s}", "ref", "r", "title",
				 "Job <b>", "text", texts[i]);
	json_t *result = json_pack(
		"{s:b, s:i, s:s, s:[{s:s, s:s, s:s, s:s, s:[{s:s, s:I, s:I, "
		"s:s}]}]}",
		"ok", 1, "score", 40 + i, "level", "medium", "indicators", "id",
		"CHAT_ONLY", "title", "Contact only through chat apps", "why",
		"why <i>", "advice", "advice", "evidence", "field", "text",
		"start", (json_int_t)start, "end", (json_int_t)end, "excerpt",
		"x");
	lw_case_input in = {.item = item,
			    .result = result,
			    .url = "https://example.org/a?b=1&c=2",
			    .seen_at = "2026-11-22T10:00:00Z",
			    .note = note};
	CHECK_INT(lw_caselog_save(&id, log, &in), 0);
	json_decref(item);
	json_decref(result);
	return id;
}

/* Saves, lists newest first, searches by word prefix (and survives
 * search text that is FTS5 syntax), deletes one and then all. */
static void test_save_list_search_delete(lw_caselog *log)
{
	json_t *cases = NULL;
	long long total = 0, deleted = 0;
	long long a = save_case(log, 0, 26, 39, "from a chat group");
	long long b = save_case(log, 1, 0, 10, "");
	save_case(log, 2, 30, 46, "second note");

	CHECK_INT(lw_caselog_list(&cases, &total, log, NULL, 10, 0), 0);
	CHECK_INT(total, 3);
	CHECK_INT(json_integer_value(
			  json_object_get(json_array_get(cases, 0), "id")),
		  b + 1);
	json_decref(cases);

	CHECK_INT(lw_caselog_list(&cases, &total, log, "whats", 10, 0), 0);
	CHECK_INT(total, 1);
	CHECK_INT(json_integer_value(
			  json_object_get(json_array_get(cases, 0), "id")),
		  a);
	json_decref(cases);
	CHECK_INT(lw_caselog_list(&cases, &total, log, "chat", 10, 0), 0);
	CHECK_INT(total, 3); /* the indicator title is indexed too */
	json_decref(cases);
	CHECK_INT(lw_caselog_list(&cases, &total, log, "note second", 10, 0),
		  0);
	CHECK_INT(total, 1);
	json_decref(cases);
	CHECK_INT(lw_caselog_list(&cases, &total, log,
				  "\"AND ( OR* NEAR(", 10, 0),
		  0);
	CHECK_INT(total, 0);
	json_decref(cases);

	CHECK_INT(lw_caselog_delete(&deleted, log, b), 0);
	CHECK_INT(deleted, 1);
	CHECK_INT(lw_caselog_delete(&deleted, log, b), 0);
	CHECK_INT(deleted, 0);
	CHECK_INT(lw_caselog_list(&cases, &total, log, "quoted", 10, 0), 0);
	CHECK_INT(total, 0);
	json_decref(cases);
	CHECK_INT(lw_caselog_delete(&deleted, log, -1), 0);
	CHECK_INT(deleted, 2);
	CHECK_INT(lw_caselog_list(&cases, &total, log, NULL, 10, 0), 0);
	CHECK_INT(total, 0);
	json_decref(cases);
}

/* What a CSV reader gets back for a text column: one leading apostrophe
 * (the export's formula guard) removed. */
static const char *unguarded(const char *field)
{
	return field[0] == '\'' ? field + 1 : field;
}

/* CSV read back (by the RFC 4180 reader of `lurewatch batch --csv`) and
 * JSON read back equal the cases they came from. */
static void test_round_trips(lw_caselog *log)
{
	json_t *cases = NULL, *record = NULL;
	char *out = NULL;
	size_t len = 0;
	for (int i = 0; i < 3; i++)
		save_case(log, i, 0, 4, i == 1 ? "-minus, \"note\"\n2" : "");
	CHECK_INT(lw_caselog_list(&cases, NULL, log, NULL, 100, 0), 0);

	CHECK_INT(lw_case_export(&out, &len, cases, LW_CASE_JSON, 1 << 20), 0);
	json_t *back = json_loads(out, 0, NULL);
	CHECK(back != NULL && json_equal(back, cases));
	json_decref(back);
	free(out);

	CHECK_INT(lw_case_export(&out, &len, cases, LW_CASE_CSV, 1 << 20), 0);
	FILE *in = fmemopen(out, len, "rb");
	struct csv_reader reader = {.in = in, .record_max = 1 << 20};
	CHECK_INT(csv_read_record(&record, &reader), CSV_RECORD);
	CHECK_STR(json_string_value(json_array_get(record, 8)), "text");
	json_decref(record);
	for (size_t i = 0; i < json_array_size(cases); i++) {
		const json_t *c = json_array_get(cases, i);
		const json_t *item = json_object_get(c, "item");
		CHECK_INT(csv_read_record(&record, &reader), CSV_RECORD);
		CHECK_INT(json_array_size(record), 12);
		CHECK_INT(strtoll(json_string_value(json_array_get(record, 0)),
				  NULL, 10),
			  json_integer_value(json_object_get(c, "id")));
		CHECK_STR(unguarded(json_string_value(
				  json_array_get(record, 3))),
			  json_string_value(json_object_get(c, "url")));
		CHECK_STR(unguarded(json_string_value(
				  json_array_get(record, 8))),
			  json_string_value(json_object_get(item, "text")));
		CHECK_STR(unguarded(json_string_value(
				  json_array_get(record, 9))),
			  json_string_value(json_object_get(c, "note")));
		CHECK_STR(json_string_value(json_array_get(record, 10)),
			  "CHAT_ONLY");
		json_decref(record);
	}
	CHECK_INT(csv_read_record(&record, &reader), CSV_END);
	/* The formula guard is there for the text starting with "=". */
	CHECK(strstr(out, ",\"'=HYPERLINK(\"\"http") != NULL);
	fclose(in);
	free(out);
	json_decref(cases);
}

/* The report escapes page text and marks the evidence: "WhatsApp only"
 * starts at UTF-16 unit 26 (byte 28) because the emoji before it counts two. */
static void test_html(lw_caselog *log)
{
	json_t *cases = NULL;
	char *out = NULL;
	size_t len = 0;
	long long deleted;
	lw_caselog_delete(&deleted, log, -1);
	save_case(log, 0, 26, 39, "<img src=x>");
	save_case(log, 1, 0, 10, "");
	CHECK_INT(lw_caselog_list(&cases, NULL, log, NULL, 100, 0), 0);
	CHECK_INT(lw_case_export(&out, &len, cases, LW_CASE_HTML, 1 << 20), 0);
	CHECK(strstr(out, "<mark>WhatsApp only</mark>") != NULL);
	CHECK(strstr(out, "<mark>=HYPERLINK</mark>") != NULL);
	CHECK(strstr(out, "&lt;script&gt;") != NULL);
	CHECK(strstr(out, "&lt;img src=x&gt;") != NULL);
	CHECK(strstr(out, "<script") == NULL);
	CHECK(strstr(out, "<img") == NULL);
	CHECK(strstr(out, "Job &lt;b&gt;") != NULL);
	CHECK(strstr(out, "default-src 'none'") != NULL);
	CHECK(strstr(out, "break-after:page") != NULL);
	free(out);
	CHECK_INT(lw_case_export(&out, &len, cases, LW_CASE_HTML, 100),
		  LW_ETOOLARGE);
	json_decref(cases);
}

/* Write bytes to a file. */
static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
}

/* Read a whole small file; returns its length. */
static size_t read_file(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(buf, 1, cap, f) : 0;
	if (f)
		fclose(f);
	return n;
}

/* A file that is not a database, one with a damaged page and one of
 * another program are refused with a sentence a person can act on, and
 * left exactly as they were. */
static void test_damaged(void)
{
	static char before[65536], after[65536];
	lw_caselog *log = NULL;
	const char *path = scratch("garbage.db");
	memset(before, 'x', 8192);
	write_file(path, before, 8192);
	CHECK_INT(lw_caselog_open(&log, path), LW_ECORRUPT);
	CHECK(log == NULL);
	CHECK(strstr(lw_error_last(), "is not a lurewatch case log or is "
				      "damaged") != NULL);
	CHECK_INT(read_file(path, after, sizeof(after)), 8192);
	CHECK(memcmp(before, after, 8192) == 0);

	/* A real case log with its second page overwritten. */
	path = scratch("damaged.db");
	CHECK_INT(lw_caselog_open(&log, path), 0);
	for (int i = 0; i < 20; i++)
		save_case(log, i % 3, 0, 4, "note");
	lw_caselog_close(log);
	size_t len = read_file(path, before, sizeof(before));
	CHECK(len > 8192);
	memset(before + 4096, 0xA5, 4096);
	write_file(path, before, len);
	log = NULL;
	CHECK_INT(lw_caselog_open(&log, path), LW_ECORRUPT);
	CHECK(log == NULL);
	CHECK(strstr(lw_error_last(), "move the file aside") != NULL);

	/* An SQLite database of another program. */
	path = scratch("other.db");
	sqlite3 *other = NULL;
	CHECK_INT(sqlite3_open(path, &other), SQLITE_OK);
	CHECK_INT(sqlite3_exec(other, "CREATE TABLE t(x)", NULL, NULL, NULL),
		  SQLITE_OK);
	sqlite3_close(other);
	CHECK_INT(lw_caselog_open(&log, path), LW_ECORRUPT);
	CHECK(strstr(lw_error_last(), "another program") != NULL);
}

int main(void)
{
	lw_caselog *log = NULL;
	char path[256];
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	/* A directory that does not exist yet is created. */
	snprintf(path, sizeof(path), "%s/new/dir/cases.db", dir);
	CHECK_INT(lw_caselog_open(&log, path), 0);
	if (log) {
		test_save_list_search_delete(log);
		test_round_trips(log);
		test_html(log);
		lw_caselog_close(log);
	}
	test_damaged();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
	return CHECK_DONE();
}
