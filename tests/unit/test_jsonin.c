/*
 * test_jsonin.c - the fast item-line reader against jansson (jsonin.h).
 *
 * Every case is parsed by lw_jsonin_load and by json_loadb, with the item
 * lines' flags (JSON_ALLOW_NUL) and with the rule files'
 * (JSON_REJECT_DUPLICATES): both must accept with the same compact dump
 * (key order included) and the same error fields, or both must refuse with
 * the same message and position. Each case also says whether the fast
 * reader must take it, so the test fails if the fast path never runs, or
 * if it swallows what it should leave to jansson.
 */
#include "check.h"
#include "jsonin.h"

#include <stdlib.h>

/* One input, as bytes (NULs allowed), and what should happen to it. */
struct jsonin_case {
	const char *text;
	size_t len;
	int fast;     /* the fast reader takes it (JSON_ALLOW_NUL) */
	int accepted; /* jansson accepts it (JSON_ALLOW_NUL) */
	int strict;   /* a \u0000 value or a key given twice: with
			 JSON_REJECT_DUPLICATES, left to jansson, which
			 refuses it */
};

/* A case from a string literal (its length counts inner NULs), and the
 * four kinds of case. */
#define CASE(lit, fast, accepted, strict)                                      \
	{                                                                      \
		lit, sizeof(lit) - 1, fast, accepted, strict                   \
	}
#define FAST(lit)	     CASE(lit, 1, 1, 0)
#define FAST_NOT_STRICT(lit) CASE(lit, 1, 1, 1)
#define SLOW_OK(lit)	     CASE(lit, 0, 1, 0)
#define REFUSED(lit)	     CASE(lit, 0, 0, 0)

static const struct jsonin_case cases[] = {
	/* The common subset: the fast reader's own. */
	FAST("{}"),
	FAST("[]"),
	FAST(" \t\r\n{ \"a\" : 1 , \"b\" :[ ] }\n\r\t "),
	FAST("{\"kind\":\"job\",\"fields\":{\"location\":\"US\",\"has_logo\":"
	     "false,"
	     "\"telecommuting\":true,\"x\":null},\"label\":1}"),
	FAST("[1,-1,0,-0,123456789012345678,-123456789012345678]"),
	FAST("[\"\",\"a\",\"exactly8\",\"more than eight bytes\\\"quote\"]"),
	FAST("{\"\":\"empty key\"}"),
	FAST("[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"]"),
	FAST("[\"\\u0041\\u00e9\\u00E9\\u20ac\\uFFFF\\uD83D\\uDE00\\udbff\\udff"
	     "f\"]"),
	FAST_NOT_STRICT("[\"NUL \\u0000 inside a value\"]"),
	FAST_NOT_STRICT("{\"a\\n\\u00e9\":\"escaped "
			"key\",\"b\":\"x\\ny\",\"a\\n\\u00e9\":2}"),
	FAST("[\"\xc2\x80 \xdf\xbf \xe0\xa0\x80 \xed\x9f\xbf \xee\x80\x80 "
	     "\xef\xbf\xbf \xf0\x90\x80\x80 \xf4\x8f\xbf\xbf\"]"),
	FAST("{\"title\":\"\xe0\xa4\x95\xe0\xa4\xae\xe0\xa5\x8d\xe0\xa4\xac "
	     "\xe0\xa5\x8b\xe0\xa4\xa1\xe0\xa4\xbf\xe0\xa4\xaf\xe0\xa4\xbe\","
	     "\"text\":\"Line one.\\n\\nLine two: \xe2\x82\xac"
	     "2,000 a month"
	     ", call +855 12 345 678 \xf0\x9f\x93\x9e\"}"),
	/* A key given twice: the first place, the last value. */
	FAST_NOT_STRICT("{\"a\":1,\"b\":2,\"a\":3}"),
	/* LW_JSONIN_DEPTH_MAX (32) arrays deep, then one more. */
	FAST("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
	     "]"),

	/* Valid, but outside the subset: jansson parses them. */
	SLOW_OK("[1.5]"),
	SLOW_OK("[1e5]"),
	SLOW_OK("[-2E-3]"),
	SLOW_OK("[1234567890123456789]"),
	SLOW_OK("[-9223372036854775808]"),
	SLOW_OK("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
		"]]]]"),

	/* Errors: jansson must see them all. */
	REFUSED(""),
	REFUSED("   "),
	REFUSED("1"),
	REFUSED("\"a string\""),
	REFUSED("null"),
	REFUSED("{\"text\": \"cut"),
	REFUSED("{\"a\":"),
	REFUSED("{\"a\" 1}"),
	REFUSED("{\"a\":1,}"),
	REFUSED("[1,]"),
	REFUSED("[1 2]"),
	REFUSED("{} x"),
	REFUSED("{}{}"),
	REFUSED("{}\0"),
	REFUSED("\xef\xbb\xbf{}"),
	REFUSED("{a:1}"),
	REFUSED("['a']"),
	REFUSED("[01]"),
	REFUSED("[-01]"),
	REFUSED("[-]"),
	REFUSED("[+1]"),
	REFUSED("[1.]"),
	REFUSED("[99999999999999999999]"),
	REFUSED("[-99999999999999999999]"),
	REFUSED("[truex]"),
	REFUSED("[tru]"),
	REFUSED("[True]"),
	REFUSED("[nul"),
	REFUSED("{\"a\\u0000b\":1}"),
	REFUSED("[\"\\x\"]"),
	REFUSED("[\"\\u12G4\"]"),
	REFUSED("[\"\\u12\"]"),
	REFUSED("[\"\\uD800\"]"),
	REFUSED("[\"\\uDC00\"]"),
	REFUSED("[\"\\uD800\\u0041\"]"),
	REFUSED("[\"\\uD800\\n\"]"),
	REFUSED("[\"\\uDBFF\\uDBFF\"]"),
	REFUSED("[\"raw\x01"
		"control\"]"),
	REFUSED("[\"raw\ttab\"]"),
	REFUSED("[\"raw\nnewline\"]"),
	REFUSED("[\"raw\0nul\"]"),
	REFUSED("[\"\x80 stray continuation\"]"),
	REFUSED("[\"\xc0\x80 overlong NUL\"]"),
	REFUSED("[\"\xc1\xbf overlong\"]"),
	REFUSED("[\"\xe0\x80\x80 overlong\"]"),
	REFUSED("[\"\xe0\x9f\xbf overlong\"]"),
	REFUSED("[\"\xf0\x8f\xbf\xbf overlong\"]"),
	REFUSED("[\"\xed\xa0\x80 surrogate\"]"),
	REFUSED("[\"\xed\xbf\xbf surrogate\"]"),
	REFUSED("[\"\xf4\x90\x80\x80 above U+10FFFF\"]"),
	REFUSED("[\"\xf5\x80\x80\x80 lead F5\"]"),
	REFUSED("[\"\xff\"]"),
	REFUSED("[\"\xe2\x82 cut\"]"),
	REFUSED("[\"\xe2\x82"),
	REFUSED("[\"\xe2\x28\xa1 bad continuation\"]"),
	REFUSED("[\xc3\xa9]"),
	REFUSED("[\"a\"\xc3\xa9]"),
};

/* The compact dump of a value (keys in their order), or NULL. */
static char *dump(const json_t *value)
{
	return value ? json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
}

/* Parse one case both ways with the given flags and compare; count the
 * fast reader's takes. */
static void check_case(const struct jsonin_case *c, size_t flags,
		       int *fast_taken)
{
	json_error_t want_error, got_error;
	memset(&want_error, 0x5a, sizeof(want_error));
	memset(&got_error, 0x5a, sizeof(got_error));
	json_t *want = json_loadb(c->text, c->len, flags, &want_error);
	int fast = -1;
	json_t *got = lw_jsonin_load(&fast, c->text, c->len, flags, &got_error);
	char *want_dump = dump(want), *got_dump = dump(got);
	int strict = flags & JSON_REJECT_DUPLICATES;
	int want_fast = c->fast && !(strict && c->strict);
	int want_accepted = c->accepted && !(strict && c->strict);

	if (fast != want_fast || (want != NULL) != want_accepted)
		fprintf(stderr,
			"case \"%.*s\", flags %zu: fast %d, jansson %s\n",
			(int)c->len, c->text, flags, fast,
			want ? "accepts" : want_error.text);
	CHECK_INT(fast, want_fast);
	CHECK_INT(want != NULL, want_accepted);
	CHECK_INT(got != NULL, want != NULL);
	if (want_dump && got_dump)
		CHECK_STR(got_dump, want_dump);
	CHECK_STR(got_error.text, want_error.text);
	CHECK_STR(got_error.source, want_error.source);
	CHECK_INT(got_error.line, want_error.line);
	CHECK_INT(got_error.column, want_error.column);
	CHECK_INT(got_error.position, want_error.position);
	*fast_taken += fast == 1;

	free(want_dump);
	free(got_dump);
	json_decref(want);
	json_decref(got);
}

int main(void)
{
	size_t ncases = sizeof(cases) / sizeof(cases[0]);
	int fast_taken = 0, fast_wanted = 0;
	for (size_t i = 0; i < ncases; i++) {
		check_case(&cases[i], JSON_ALLOW_NUL, &fast_taken);
		check_case(&cases[i], JSON_REJECT_DUPLICATES, &fast_taken);
		fast_wanted += cases[i].fast * (cases[i].strict ? 1 : 2);
	}
	CHECK_INT(fast_taken, fast_wanted);
	printf("fast reader took %d of %zu parses (%d expected)\n", fast_taken,
	       2 * ncases, fast_wanted);

	/* The duplicate key's place and value, spelled out. */
	const char dup[] = "{\"a\":1,\"b\":2,\"a\":3}";
	json_t *v = lw_jsonin_load(NULL, dup, sizeof(dup) - 1, JSON_ALLOW_NUL,
				   NULL);
	char *d = dump(v);
	CHECK_STR(d, "{\"a\":3,\"b\":2}");
	free(d);
	json_decref(v);

	/* A NUL from \u0000 stays inside the string's length. */
	const char nul[] = "[\"a\\u0000b\"]";
	v = lw_jsonin_load(NULL, nul, sizeof(nul) - 1, JSON_ALLOW_NUL, NULL);
	CHECK_INT(json_string_length(json_array_get(v, 0)), 3);
	CHECK(memcmp(json_string_value(json_array_get(v, 0)), "a\0b", 4) == 0);
	json_decref(v);
	return CHECK_DONE();
}
