/*
 * test_engine.c - the engine end to end: evidence offsets, obfuscation,
 * scoring and malformed items.
 *
 * Uses the small pack in tests/data/packs/mini (known weights and rules)
 * for exact figures, and the real pack for "an obfuscated advert raises the
 * same indicators as the clean one".
 */
#include "check.h"
#include "lurewatch.h"
#include "utf16_units.h"

#include <stdlib.h>
#include <string.h>

#define MINI_PACK LW_TEST_DATA_DIR "/packs/mini"

/* The substring of a UTF-8 text between two UTF-16 offsets. */
static char *utf16_slice(const char *s, long start, long end)
{
	size_t at = 0, from = 0;
	long units = 0;
	while (s[at] && units < end) {
		if (units == start)
			from = at;
		unsigned char c = (unsigned char)s[at];
		size_t step = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		units += step == 4 ? 2 : 1;
		at += step;
	}
	if (units == start)
		from = at;
	char *out = malloc(at - from + 1);
	memcpy(out, s + from, at - from);
	out[at - from] = '\0';
	return out;
}

/* No item time budget: what is found must not depend on the machine's
 * speed (under ASan a 256 KiB field can take longer than the default). */
static const lw_analyze_opts whole = {.item_budget_ms = LW_ITEM_BUDGET_NONE};

static json_t *analyze(lw_engine *e, const char *text, const char *ui_lang)
{
	json_t *item = json_pack("{s:s}", "text", text), *result = NULL;
	lw_analyze_opts opts = {.ui_lang = ui_lang,
				.item_budget_ms = LW_ITEM_BUDGET_NONE};
	CHECK(lw_analyze(&result, e, item, &opts) == 0);
	json_decref(item);
	return result;
}

static const json_t *indicator(const json_t *result, const char *id)
{
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(result, "indicators"), i, ind)
	{
		if (strcmp(json_string_value(json_object_get(ind, "id")), id) ==
		    0)
			return ind;
	}
	return NULL;
}

/* Check that an indicator's first evidence is exactly `want`, found in the
 * original text at its UTF-16 position. */
static void check_evidence(const json_t *result, const char *id,
			   const char *text, const char *want)
{
	const json_t *ind = indicator(result, id);
	CHECK(ind != NULL);
	if (!ind)
		return;
	const json_t *ev = json_array_get(json_object_get(ind, "evidence"), 0);
	const char *at = strstr(text, want);
	CHECK(at != NULL);
	long start = (long)json_integer_value(json_object_get(ev, "start"));
	long end = (long)json_integer_value(json_object_get(ev, "end"));
	CHECK_INT(start, utf16_units(text, (size_t)(at - text)));
	CHECK_INT(end, utf16_units(text, (size_t)(at - text) + strlen(want)));
	char *slice = utf16_slice(text, start, end);
	CHECK_STR(slice, want);
	CHECK_STR(json_string_value(json_object_get(ev, "excerpt")), want);
	free(slice);
}

/* Obfuscated trigger words, among emoji and astral characters, are found
 * and their evidence points at the exact original characters. */
static void test_offsets_with_obfuscation(lw_engine *e)
{
	const char *text =
		"\xF0\x9F\x98\x80 Pay the regis\xE2\x80\x8Btration fee "
		"\xF0\x9F\x92\xB0 then W h a t s A p p \xF0\x9F\x87\xB5"
		"\xF0\x9F\x87\xAD or \xD0\xA2\xD0\xB5l\xD0\xB5gr\xD0\xB0m now";
	json_t *r = analyze(e, text, NULL);
	check_evidence(r, "FEE", text, "regis\xE2\x80\x8Btration fee");
	check_evidence(r, "CHAT_APP", text, "W h a t s A p p");
	const json_t *chat = indicator(r, "CHAT_APP");
	const json_t *second =
		json_array_get(json_object_get(chat, "evidence"), 1);
	CHECK_STR(json_string_value(json_object_get(second, "excerpt")),
		  "\xD0\xA2\xD0\xB5l\xD0\xB5gr\xD0\xB0m");
	json_decref(r);
}

static const char *level_of(const json_t *r)
{
	return json_string_value(json_object_get(r, "level"));
}

static long score_of(const json_t *r)
{
	return (long)json_integer_value(json_object_get(r, "score"));
}

/* Weights, caps, combinations and floors as mini/pack.json sets them. */
static void test_scoring(lw_engine *e)
{
	json_t *r = analyze(e, "Nothing to see here.", NULL);
	CHECK_INT(score_of(r), 0);
	CHECK_STR(level_of(r), "none");
	CHECK_INT(json_array_size(json_object_get(r, "indicators")), 0);
	json_decref(r);

	r = analyze(e, "Urgent!", NULL);
	CHECK_INT(score_of(r), 10);
	CHECK_STR(level_of(r), "low");
	json_decref(r);

	r = analyze(e, "A registration fee applies.", NULL);
	CHECK_INT(score_of(r), 40);
	CHECK_STR(level_of(r), "medium");
	json_decref(r);

	/* 40 + 20 capped at 50, plus the combination's 5; the combination
	 * lifts the level to high although 55 is below 60. */
	r = analyze(e, "Registration fee, then WhatsApp.", NULL);
	CHECK_INT(score_of(r), 55);
	CHECK_STR(level_of(r), "high");
	const json_t *combo = indicator(r, "FEE_AND_CHAT");
	CHECK(combo != NULL);
	CHECK_STR(json_string_value(json_object_get(combo, "category")),
		  "combination");
	CHECK_INT(json_array_size(json_object_get(combo, "parts")), 2);
	CHECK_INT(json_array_size(json_object_get(combo, "evidence")), 2);
	json_decref(r);

	/* Two medium and a weak: medium by score; a third medium (the
	 * hotspot from the gazetteer) reaches the floor "three medium give
	 * high" with a score still below high. */
	r = analyze(e, "Urgent: WhatsApp us, free visa.", NULL);
	CHECK_INT(score_of(r), 50);
	CHECK_STR(level_of(r), "medium");
	json_decref(r);
	r = analyze(e, "WhatsApp us, free visa, office in Sihanoukville.",
		    NULL);
	CHECK_INT(score_of(r), 50);
	CHECK_STR(level_of(r), "high");
	json_decref(r);
}

/* The mini pack's "warning" guard cancels a FEE match that a warning word
 * opens in the same sentence, within its 30-character window. */
static void test_guard(lw_engine *e)
{
	static const struct {
		const char *text;
		int fee;
	} cases[] = {
		{"Never pay a registration fee.", 0},
		{"Beware: they ask for a registration fee", 0},
		{"Never. Pay the registration fee.", 1}, /* another sentence */
		{"Never mind the weather, it is sunny; registration fee", 1},
		{"Pay the registration fee, never later.", 1}, /* after it */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *r = analyze(e, cases[i].text, NULL);
		if ((indicator(r, "FEE") != NULL) != cases[i].fee)
			fprintf(stderr, "guard case: %s\n", cases[i].text);
		CHECK((indicator(r, "FEE") != NULL) == cases[i].fee);
		json_decref(r);
	}
}

/* Titles come in the reader's language where the pack has them. */
static void test_ui_language(lw_engine *e)
{
	json_t *r = analyze(e, "registration fee", "vi-VN");
	CHECK_STR(json_string_value(
			  json_object_get(indicator(r, "FEE"), "title")),
		  "FEE tiêu đề");
	CHECK_STR(
		json_string_value(json_object_get(indicator(r, "FEE"), "why")),
		"FEE why");
	json_decref(r);
	/* Translations from texts/es.json join the rule's own texts. */
	r = analyze(e, "registration fee", "es");
	CHECK_STR(json_string_value(
			  json_object_get(indicator(r, "FEE"), "title")),
		  "FEE título");
	CHECK_STR(json_string_value(
			  json_object_get(indicator(r, "FEE"), "advice")),
		  "FEE consejo");
	CHECK_STR(
		json_string_value(json_object_get(indicator(r, "FEE"), "why")),
		"FEE why");
	json_decref(r);
	r = analyze(e, "registration fee", "xx");
	CHECK_STR(json_string_value(
			  json_object_get(indicator(r, "FEE"), "title")),
		  "FEE title");
	json_decref(r);
}

/* Malformed items give an error result, never a crash. */
static void test_malformed_items(lw_engine *e)
{
	static const char *const bad[] = {"[1, 2]",
					  "{\"text\": 5}",
					  "{\"ref\": {}}",
					  "{\"fields\": []}",
					  "{\"kind\": \"spaceship\"}",
					  NULL};
	for (int i = 0; bad[i]; i++) {
		json_t *item = json_loads(bad[i], JSON_DECODE_ANY, NULL);
		json_t *r = NULL;
		CHECK_INT(lw_analyze(&r, e, item, NULL), LW_EINVAL);
		CHECK(json_is_false(json_object_get(r, "ok")));
		CHECK_STR(json_string_value(json_object_get(
				  json_object_get(r, "error"), "code")),
			  "bad_request");
		json_decref(r);
		json_decref(item);
	}

	/* Invalid UTF-8 and NUL bytes: repaired and reported, offsets
	 * still right after them. */
	const char raw[] = "\xC0\xAF\xFF pay\0 registration fee";
	json_t *item = json_object(), *r = NULL;
	json_object_set_new(item, "text",
			    json_stringn_nocheck(raw, sizeof(raw) - 1));
	CHECK_INT(lw_analyze(&r, e, item, &whole), 0);
	CHECK_INT(json_integer_value(json_object_get(
			  json_object_get(r, "notes"), "repaired_utf8")),
		  3);
	const json_t *ev = json_array_get(
		json_object_get(indicator(r, "FEE"), "evidence"), 0);
	CHECK_INT(json_integer_value(json_object_get(ev, "start")), 9);
	json_decref(r);
	json_decref(item);

	/* A 10 MB field is analysed up to the cap, which is reported. */
	size_t big = 10 * 1000 * 1000;
	char *text = malloc(big + 1);
	memset(text, 'a', big);
	memcpy(text + 100, " registration fee ", 18);
	text[big] = '\0';
	item = json_pack("{s:s, s:s}", "ref", "big", "text", text);
	CHECK_INT(lw_analyze(&r, e, item, &whole), 0);
	CHECK(indicator(r, "FEE") != NULL);
	const json_t *cut = json_array_get(
		json_object_get(json_object_get(r, "notes"), "cut_fields"), 0);
	CHECK_STR(json_string_value(json_object_get(cut, "field")), "text");
	CHECK_INT(json_integer_value(json_object_get(cut, "length")), big);
	CHECK_INT(json_integer_value(json_object_get(cut, "analysed")),
		  LW_FIELD_ANALYSE_MAX);
	CHECK_STR(json_string_value(json_object_get(r, "ref")), "big");
	json_decref(r);
	json_decref(item);
	free(text);
}

/* lw_analyze_text gives the text of lw_analyze's result as jansson writes
 * it compactly, NUL-terminated and with its length, and the same return
 * code: for a result with evidence, one with repaired bytes, a cut field
 * and a ref that is a real number, and an error result. */
static void test_text_result(lw_engine *e)
{
	const char raw[] = "\xC0\xAF\xFF pay\0 registration fee \xE2\x80\x94 "
			   "\"quoted\" \\ 5 \xF0\x9F\x98\x80 fee";
	char *big = malloc(LW_FIELD_ANALYSE_MAX + 100);
	memset(big, 'b', LW_FIELD_ANALYSE_MAX + 99);
	big[LW_FIELD_ANALYSE_MAX + 99] = '\0';
	json_t *items[] = {json_pack("{s:i, s:s}", "ref", 7, "text",
				     "Pay a registration fee. WhatsApp only."),
			   json_pack("{s:f, s:{s:s}}", "ref", 2.5, "fields",
				     "big\"name", big),
			   json_pack("{s:s}", "kind", "spaceship")};
	/* Not UTF-8, so not through json_pack, which would refuse it. */
	json_object_set_new(items[1], "text",
			    json_stringn_nocheck(raw, sizeof(raw) - 1));
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		json_t *tree = NULL;
		char *text = NULL;
		size_t len = 0;
		int tree_rc = lw_analyze(&tree, e, items[i], &whole);
		CHECK_INT(lw_analyze_text(&text, &len, e, items[i], &whole),
			  tree_rc);
		char *want = json_dumps(tree, JSON_COMPACT);
		CHECK(text && want && len == strlen(text));
		CHECK_STR(text, want);
		if (i < 2)
			CHECK_INT(tree_rc, 0);
		free(want);
		free(text);
		json_decref(tree);
		json_decref(items[i]);
	}
	free(big);
}

/* The text of an item's result in a language, from an engine. */
static char *text_in(lw_engine *e, const json_t *item, const char *lang)
{
	lw_analyze_opts opts = {.ui_lang = lang,
				.item_budget_ms = LW_ITEM_BUDGET_NONE};
	char *text = NULL;
	size_t len;
	CHECK_INT(lw_analyze_text(&text, &len, e, item, &opts), 0);
	return text;
}

/* An engine writes the indicators' first members once per language and
 * copies them after (result.c), for eight languages; past those it writes
 * them each time. Both give the same result, in Spanish (translated) and
 * in English, and Spanish stays Spanish. */
static void test_heads_kept_and_not(void)
{
	lw_engine *fresh = NULL, *full = NULL;
	CHECK_INT(lw_engine_open(&fresh, MINI_PACK), 0);
	CHECK_INT(lw_engine_open(&full, MINI_PACK), 0);
	if (!fresh || !full)
		return;
	json_t *item = json_pack("{s:s}", "text",
				 "Pay a registration fee. WhatsApp only.");
	static const char *const others[] = {"de", "fr", "it", "nl",
					     "pl", "sv", "fi", "da"};
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		free(text_in(full, item, others[i]));
	static const char *const langs[] = {"es", "en", "es"};
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		char *kept = text_in(fresh, item, langs[i]);
		char *written = text_in(full, item, langs[i]);
		CHECK(kept && written);
		CHECK_STR(written, kept);
		CHECK(kept && (strstr(kept, "FEE título") != NULL) ==
				      (strcmp(langs[i], "es") == 0));
		free(kept);
		free(written);
	}
	json_decref(item);
	lw_engine_free(fresh);
	lw_engine_free(full);
}

/* The real pack: an advert with its trigger words obfuscated raises the
 * same indicators as the clean advert, and every evidence span is exactly
 * its excerpt in the original text. */
static void test_real_pack_obfuscation(void)
{
	static const char clean[] =
		"Customer service job in Sihanoukville. No experience needed. "
		"Free air ticket and visa provided. Pay a registration fee of "
		"$200 first. Contact us on WhatsApp only: +855 96 123 4567. "
		"Keep this confidential. \xF0\x9F\x98\x80";
	/* Zero-width spaces, Cyrillic look-alikes (о, е, а, с, р), spaced
	 * letters and emoji inside the trigger words. */
	static const char obfuscated[] =
		"\xF0\x9F\x98\x80 Cust\xD0\xBEmer s\xD0\xB5rvice job in "
		"Sihan\xE2\x80\x8Boukville. N\xD0\xBE exp\xD0\xB5rience "
		"needed. Free air tick\xD0\xB5t and v\xE2\x80\x8Bisa provided. "
		"Pay a regis\xE2\x80\x8Btration f\xD0\xB5\xD0\xB5 of $200 "
		"first. Contact us on W h a t s A p p only: +855 96 123 4567. "
		"K\xD0\xB5\xD0\xB5p this "
		"\xD1\x81onfid\xD0\xB5ntial. \xF0\x9F\x92\xB0";
	lw_engine *e = NULL;
	CHECK_INT(lw_engine_open(&e, LW_TEST_RULES_DIR), 0);
	if (!e) {
		fprintf(stderr, "%s\n", lw_error_last());
		return;
	}
	json_t *a = analyze(e, clean, NULL), *b = analyze(e, obfuscated, NULL);
	json_t *ia = json_object_get(a, "indicators");
	json_t *ib = json_object_get(b, "indicators");
	CHECK(json_array_size(ia) >= 4);
	CHECK_INT(json_array_size(ib), json_array_size(ia));
	for (size_t i = 0; i < json_array_size(ia); i++) {
		const char *id = json_string_value(
			json_object_get(json_array_get(ia, i), "id"));
		if (!indicator(b, id))
			fprintf(stderr, "obfuscated advert lacks %s\n", id);
		CHECK(indicator(b, id) != NULL);
	}
	CHECK_STR(level_of(b), level_of(a));
	size_t i, j;
	json_t *ind, *ev;
	json_array_foreach(ib, i, ind)
	{
		json_array_foreach(json_object_get(ind, "evidence"), j, ev)
		{
			char *slice = utf16_slice(
				obfuscated,
				(long)json_integer_value(
					json_object_get(ev, "start")),
				(long)json_integer_value(
					json_object_get(ev, "end")));
			CHECK_STR(slice, json_string_value(json_object_get(
						 ev, "excerpt")));
			free(slice);
		}
	}
	json_decref(a);
	json_decref(b);

	/* Pay is compared with the wage where the job is: the location
	 * field when the item has one, not any country it mentions. */
	const char *pay = "Salary 1500 USD per month. Our clients are in "
			  "Cambodia and Laos.";
	json_t *item = json_pack("{s:s}", "text", pay), *r = NULL;
	CHECK_INT(lw_analyze(&r, e, item, &whole), 0);
	CHECK(indicator(r, "PAY_UNREALISTIC") != NULL);
	json_decref(r);
	json_object_set_new(item, "fields",
			    json_pack("{s:s}", "location", "London, UK"));
	CHECK_INT(lw_analyze(&r, e, item, &whole), 0);
	CHECK(indicator(r, "PAY_UNREALISTIC") == NULL);
	json_decref(r);
	json_object_set_new(item, "fields",
			    json_pack("{s:s}", "location", "Poipet, Cambodia"));
	CHECK_INT(lw_analyze(&r, e, item, &whole), 0);
	CHECK(indicator(r, "PAY_UNREALISTIC") != NULL);
	json_decref(r);
	json_decref(item);
	lw_engine_free(e);
}

int main(void)
{
	lw_engine *e = NULL;
	int rc = lw_engine_open(&e, MINI_PACK);
	CHECK_INT(rc, 0);
	if (rc) {
		fprintf(stderr, "%s\n", lw_error_last());
		return CHECK_DONE();
	}
	test_offsets_with_obfuscation(e);
	test_scoring(e);
	test_guard(e);
	test_ui_language(e);
	test_malformed_items(e);
	test_text_result(e);
	lw_engine_free(e);
	test_heads_kept_and_not();
	test_real_pack_obfuscation();
	return CHECK_DONE();
}
