/*
 * test_item_budget.c - the item time budget (lw_analyze_opts item_budget_ms):
 * a result cut short by the budget is still a valid result.
 *
 * No test here reads the real clock. This program defines clock_gettime
 * itself, and the engine linked into it calls this one: each reading is
 * exactly 1 ms after the previous. A budget of N ms then runs out after a
 * fixed number of units of work, the same on every machine, so every
 * stopping point of an item can be tried and checked: evidence offsets
 * still point at the text they quote, nothing is found that the whole
 * analysis does not find, the score is never higher, and a budget large
 * enough gives the whole result, byte for byte.
 */
#include "check.h"
#include "lurewatch.h"
#include "utf16_units.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The fake clock: 1 ms further on at every reading. */
static long long fake_ms;

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	(void)clock;
	fake_ms++;
	ts->tv_sec = (time_t)(fake_ms / 1000);
	ts->tv_nsec = (long)(fake_ms % 1000) * 1000000;
	return 0;
}

/* The byte offset of a UTF-16 offset in a valid UTF-8 string. */
static size_t byte_at(const char *s, long units)
{
	size_t at = 0;
	while (s[at] && (long)utf16_units(s, at) < units)
		at++;
	return at;
}

/* The original text of an evidence field ("text", "fields.NAME" or
 * "comments.N.text") of the item. */
static const char *field_text(const json_t *item, const char *field)
{
	if (strncmp(field, "fields.", 7) == 0)
		return json_string_value(json_object_get(
			json_object_get(item, "fields"), field + 7));
	if (strncmp(field, "comments.", 9) == 0)
		return json_string_value(json_object_get(
			json_array_get(json_object_get(item, "comments"),
				       (size_t)atoi(field + 9)),
			"text"));
	return json_string_value(json_object_get(item, field));
}

/* Whether an indicator of the whole result has this evidence span. */
static int whole_has(const json_t *whole, const char *id, const json_t *ev)
{
	size_t i, j;
	json_t *ind, *e;
	json_array_foreach(json_object_get(whole, "indicators"), i, ind)
	{
		if (strcmp(json_string_value(json_object_get(ind, "id")), id))
			continue;
		json_array_foreach(json_object_get(ind, "evidence"), j, e)
		{
			if (json_equal(e, ev))
				return 1;
		}
	}
	return 0;
}

/* Check a result cut short against the whole result: each excerpt is the
 * original text at its offsets, each indicator and span is one the whole
 * analysis found too, and the score is not higher. */
static void check_valid_part(const json_t *item, const json_t *part,
			     const json_t *whole)
{
	size_t i, j;
	json_t *ind, *ev;
	CHECK(json_is_true(json_object_get(part, "ok")));
	CHECK(json_integer_value(json_object_get(part, "score")) <=
	      json_integer_value(json_object_get(whole, "score")));
	json_array_foreach(json_object_get(part, "indicators"), i, ind)
	{
		const char *id = json_string_value(json_object_get(ind, "id"));
		json_array_foreach(json_object_get(ind, "evidence"), j, ev)
		{
			const char *text = field_text(
				item, json_string_value(
					      json_object_get(ev, "field")));
			const char *excerpt = json_string_value(
				json_object_get(ev, "excerpt"));
			CHECK(text != NULL && excerpt != NULL);
			if (!text || !excerpt)
				continue;
			size_t from = byte_at(
				text, json_integer_value(
					      json_object_get(ev, "start")));
			size_t to = byte_at(
				text,
				json_integer_value(json_object_get(ev, "end")));
			CHECK(to - from == strlen(excerpt) &&
			      memcmp(text + from, excerpt, to - from) == 0);
			CHECK(whole_has(whole, id, ev));
		}
	}
}

/* Analyse an item under every budget from 0 to max_ms on the fake clock;
 * check each result, and that some budget stops midway with something
 * found, and that max_ms gives the whole result. */
static void check_every_stop(lw_engine *e, const json_t *item, long max_ms,
			     const char *skipped_key)
{
	json_t *whole = NULL, *part = NULL;
	lw_analyze_opts opts = {.item_budget_ms = LW_ITEM_BUDGET_NONE};
	CHECK(lw_analyze(&whole, e, item, &opts) == 0);
	CHECK(json_object_get(whole, "partial") == NULL);
	int midway_with_findings = 0;
	for (long ms = 0; ms <= max_ms; ms++) {
		opts.item_budget_ms = ms ? ms : LW_ITEM_BUDGET_ZERO;
		CHECK(lw_analyze(&part, e, item, &opts) == 0);
		check_valid_part(item, part, whole);
		const json_t *note = json_object_get(
			json_object_get(part, "notes"), "partial");
		int partial = json_is_true(json_object_get(part, "partial"));
		CHECK(partial == (note != NULL));
		if (partial) {
			CHECK_STR(json_string_value(
					  json_object_get(note, "reason")),
				  "item_budget");
			CHECK(json_integer_value(json_object_get(
				      note, "budget_ms")) == ms);
			CHECK(json_integer_value(
				      json_object_get(note, skipped_key)) > 0);
			midway_with_findings |=
				json_array_size(json_object_get(
					part, "indicators")) > 0;
		}
		if (ms == 0)
			CHECK(partial && json_array_size(json_object_get(
						 part, "indicators")) == 0);
		if (ms == max_ms)
			CHECK(!partial && json_equal(part, whole));
		json_decref(part);
	}
	CHECK(midway_with_findings);
	json_decref(whole);
}

/* An advert of several fields: rules stop between fields and rules. */
static void test_advert(lw_engine *e)
{
	json_t *item = json_pack(
		"{s:s, s:s, s:{s:s, s:s}}", "title",
		"Hotel staff 😀 abroad, free visa", "text",
		"Free air ticket and visa! Registration fee 200 USD before "
		"you fly. WhatsApp only: +855 12 345 678. The company keeps "
		"your passport.",
		"fields", "location", "Sihanoukville, Cambodia", "salary",
		"3000 USD a month, no experience");
	check_every_stop(e, item, 400, "skipped_rules");
	json_decref(item);
}

/* A thread: comments stop one by one; notes.thread says how many were
 * analysed, notes.partial how many were skipped. */
static void test_thread(lw_engine *e)
{
	json_t *comments = json_array();
	for (int i = 0; i < 12; i++)
		json_array_append_new(
			comments,
			json_pack("{s:s++, s:s}", "author", "user",
				  i % 2 ? "a" : "b", i < 6 ? "x" : "y", "text",
				  "Got my visa in 2 weeks thanks to agent "
				  "Maria, now working in Dubai!"));
	json_t *item = json_pack("{s:s, s:s, s:o}", "kind", "thread", "text",
				 "Jobs abroad", "comments", comments);
	check_every_stop(e, item, 400, "skipped_comments");
	lw_analyze_opts opts = {.item_budget_ms = 3};
	json_t *part = NULL;
	CHECK(lw_analyze(&part, e, item, &opts) == 0);
	const json_t *notes = json_object_get(part, "notes");
	json_int_t analysed = json_integer_value(
		json_object_get(json_object_get(notes, "thread"), "analysed"));
	json_int_t skipped = json_integer_value(json_object_get(
		json_object_get(notes, "partial"), "skipped_comments"));
	CHECK(analysed < 12 && analysed + skipped == 12);
	json_decref(part);
	json_decref(item);
}

int main(void)
{
	lw_engine *e = NULL;
	int rc = lw_engine_open(&e, LW_TEST_RULES_DIR);
	CHECK(rc == 0);
	if (rc) {
		fprintf(stderr, "%s\n", lw_error_last());
		return CHECK_DONE();
	}
	test_advert(e);
	lw_engine_free(e);
	rc = lw_engine_open(&e, LW_TEST_RULES_DIR "/astroturf");
	CHECK(rc == 0);
	if (!rc)
		test_thread(e);
	lw_engine_free(e);
	return CHECK_DONE();
}
