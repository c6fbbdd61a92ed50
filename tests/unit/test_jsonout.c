/*
 * test_jsonout.c - our compact JSON writer (host/src/jsonout.c) against
 * jansson's json_dumps(JSON_COMPACT) byte for byte: hand-picked values
 * (every control character, NUL bytes, 0x7F, '/', UTF-8 of every length,
 * strings that are not UTF-8, integer limits, reals, member order, depth)
 * and a few thousand seeded random trees; strings and integers also
 * through the piece writers (lw_json_put_string, lw_json_put_integer).
 */
#include "check.h"
#include "jsonout_same.h"
#include "lurewatch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Check one value against jansson and release it. */
static void check_same(json_t *value)
{
	CHECK(value != NULL);
	CHECK(jsonout_same_as_jansson(value));
	json_decref(value);
}

/* Our text of a value, for the few checks of exact expected text. */
static char *our_text(json_t *value)
{
	char *text = NULL;
	lw_json_dumps(&text, NULL, value);
	json_decref(value);
	return text;
}

/* Every byte below 0x80 alone and all of them in one string; the escapes
 * we rely on, spelled out. */
static void check_ascii(void)
{
	char all[0x80];
	for (int byte = 0; byte < 0x80; byte++) {
		char one = (char)byte;
		all[byte] = one;
		check_same(json_stringn(&one, 1));
	}
	check_same(json_stringn(all, sizeof(all)));
	check_same(json_stringn("a\0b\0", 4));
	check_same(json_stringn("", 0));

	char *text = our_text(json_stringn("\x1f\x7f/\"\\\b\f\n\r\t\x01", 11));
	CHECK_STR(text, "\"\\u001F\x7f/\\\"\\\\\\b\\f\\n\\r\\t\\u0001\"");
	free(text);
}

/* Valid UTF-8 at the edges of each length, written raw, and byte strings
 * that are not UTF-8 (built without jansson's check), which both writers
 * must refuse. */
static void check_utf8(void)
{
	static const char *const valid[] = {"\xc2\x80",
					    "\xdf\xbf",
					    "\xe0\xa0\x80",
					    "\xed\x9f\xbf",
					    "\xee\x80\x80",
					    "\xef\xbf\xbf",
					    "\xf0\x90\x80\x80",
					    "\xf4\x8f\xbf\xbf",
					    "caf\xc3\xa9 \xe2\x82\xac"
					    "\xf0\x9f\x98\x80"};
	static const char *const invalid[] = {"\x80",
					      "\xbf",
					      "\xc0\x80",
					      "\xc1\xbf",
					      "\xc2",
					      "\xc2\x41",
					      "\xe0\x80\x80",
					      "\xe0\x9f\xbf",
					      "\xed\xa0\x80",
					      "\xed\xbf\xbf",
					      "\xe2\x82",
					      "\xf0\x8f\xbf\xbf",
					      "\xf4\x90\x80\x80",
					      "\xf5\x80\x80\x80",
					      "\xf8",
					      "\xff",
					      "ok\xe2\x82\xac\xe2"};
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		check_same(json_string(valid[i]));
		char *text = our_text(json_string(valid[i]));
		CHECK(text &&
		      strncmp(text + 1, valid[i], strlen(valid[i])) == 0);
		free(text);
	}
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		json_t *array = json_array();
		json_array_append_new(array, json_string_nocheck(invalid[i]));
		CHECK(json_dumps(array, JSON_COMPACT) == NULL);
		char *text = NULL;
		CHECK_INT(lw_json_dumps(&text, NULL, array), LW_EINVAL);
		CHECK(text == NULL);
		check_same(array);
	}
}

/* Numbers, literals and containers, empty and nested. */
static void check_scalars_and_containers(void)
{
	static const json_int_t integers[] = {0,
					      1,
					      -1,
					      9,
					      10,
					      -10,
					      99,
					      100,
					      1234567890,
					      INT64_MAX,
					      INT64_MIN,
					      INT64_MIN + 1,
					      INT64_MAX - 1};
	static const double reals[] = {0.0,
				       -0.0,
				       1.0,
				       -1.5,
				       0.1,
				       1e300,
				       -1e-300,
				       5e-324,
				       1.7976931348623157e308,
				       123456789012345678.0,
				       1e-7,
				       100.0};
	for (size_t i = 0; i < sizeof(integers) / sizeof(integers[0]); i++)
		check_same(json_integer(integers[i]));
	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		check_same(json_real(reals[i]));
	check_same(json_true());
	check_same(json_false());
	check_same(json_null());
	check_same(json_object());
	check_same(json_array());
	check_same(json_pack("[[],{},[[]],{s:{}},[n,b,b]]", "a", 1, 0));
	check_same(json_pack("{s:{s:[i,{s:[]}]},s:s#,s:f}", "a", "b", 1, "c",
			     "d", "x\0y", 3, "e", 2.5));

	char *text = NULL;
	CHECK_INT(lw_json_dumps(&text, NULL, NULL), LW_EINVAL);
	CHECK(text == NULL);
}

/* Members come out in the order they were first added: replacing a value
 * keeps its place, deleting and adding again moves it to the end. Keys may
 * hold NUL bytes and need escapes like any string. */
static void check_member_order(void)
{
	json_t *object = json_object();
	json_object_set_new(object, "z", json_integer(1));
	json_object_set_new(object, "a", json_integer(2));
	json_object_set_new(object, "m", json_integer(3));
	json_object_set_new(object, "z", json_integer(4));
	json_object_del(object, "a");
	json_object_set_new(object, "a", json_integer(5));
	json_object_setn_new(object, "k\0y", 3, json_true());
	json_object_set_new(object, "q\"\n/", json_null());
	CHECK(jsonout_same_as_jansson(object));
	char *text = our_text(object);
	CHECK_STR(text, "{\"z\":4,\"m\":3,\"a\":5,\"k\\u0000y\":true,"
			"\"q\\\"\\n/\":null}");
	free(text);
}

/* Arrays nested n deep. */
static json_t *nested_arrays(int n)
{
	json_t *value = json_array();
	for (int i = 1; i < n; i++) {
		json_t *outer = json_array();
		json_array_append_new(outer, value);
		value = outer;
	}
	return value;
}

/* The deepest value jansson's parser accepts is written like jansson does;
 * one level more is refused, and so is a value that contains itself. */
static void check_depth(void)
{
	size_t n = LW_JSON_DEPTH_MAX;
	char *text = malloc(2 * n + 2);
	memset(text, '[', n);
	memset(text + n, ']', n);
	json_t *deepest = json_loadb(text, 2 * n, 0, NULL);
	CHECK(deepest != NULL);
	check_same(deepest);
	text[n] = '[';
	memset(text + n + 1, ']', n + 1);
	CHECK(json_loadb(text, 2 * n + 2, 0, NULL) == NULL);
	free(text);

	json_t *deeper = nested_arrays(LW_JSON_DEPTH_MAX + 1);
	size_t size = 1;
	CHECK_INT(lw_json_size(&size, deeper), LW_ETOOLARGE);
	CHECK_INT(size, 0);
	json_decref(deeper);

	json_t *a = json_array(), *b = json_array();
	json_array_append(a, b);
	json_array_append(b, a);
	CHECK(json_dumps(a, JSON_COMPACT) == NULL);
	CHECK_INT(lw_json_size(&size, a), LW_ETOOLARGE);
	CHECK(jsonout_same_as_jansson(a));
	json_array_clear(b);
	json_decref(a);
	json_decref(b);
}

/* A small seeded generator (xorshift64*), so every run sees the same
 * trees. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545F4914F6CDD1DULL;
}

/* A random string of pieces that matter to a writer: plain ASCII,
 * characters to escape, NUL, 0x7F, '/' and UTF-8 of every length. */
static json_t *random_string(uint64_t *rng)
{
	static const char *const pieces[] = {"a",
					     "Z",
					     "0",
					     " ",
					     "/",
					     "\x7f",
					     "\"",
					     "\\",
					     "\n",
					     "\t",
					     "\x01",
					     "\x1f",
					     "\b",
					     "\f",
					     "\r",
					     "\xc3\xa9",
					     "\xe2\x82\xac",
					     "\xf0\x9f\x98\x80",
					     "\xef\xbf\xbf",
					     "plain words ",
					     ""};
	char text[256];
	size_t len = 0, count = next_random(rng) % 24;
	for (size_t i = 0; i < count; i++) {
		uint64_t pick = next_random(rng) %
				(sizeof(pieces) / sizeof(pieces[0]) + 1);
		if (pick == sizeof(pieces) / sizeof(pieces[0])) {
			text[len++] = '\0';
			continue;
		}
		size_t size = strlen(pieces[pick]);
		memcpy(text + len, pieces[pick], size);
		len += size;
	}
	return json_stringn(text, len);
}

/* A random finite real from random bits; jansson refuses NaN and the
 * infinities. */
static json_t *random_real(uint64_t *rng)
{
	for (;;) {
		uint64_t bits = next_random(rng);
		double value;
		memcpy(&value, &bits, sizeof(value));
		json_t *real = json_real(value);
		if (real)
			return real;
	}
}

/* A random integer: small ones, the limits, and any 64-bit value. */
static json_t *random_integer(uint64_t *rng)
{
	uint64_t bits = next_random(rng);
	switch (bits % 4) {
	case 0:
		return json_integer((json_int_t)(bits >> 56) - 128);
	case 1:
		return json_integer(bits & 8 ? INT64_MIN : INT64_MAX);
	default:
		return json_integer((json_int_t)next_random(rng));
	}
}

/* A random value at most depth_left levels deep. Objects get keys from a
 * small set, so that some are set twice (kept in place) or deleted. */
static json_t *random_value(uint64_t *rng, int depth_left)
{
	uint64_t kind = next_random(rng) % (depth_left > 0 ? 9 : 7);
	switch (kind) {
	case 0:
	case 6: /* strings twice as often as other scalars */
		return random_string(rng);
	case 1:
		return random_integer(rng);
	case 2:
		return random_real(rng);
	case 3:
		return json_true();
	case 4:
		return json_false();
	case 5:
		return json_null();
	case 7: {
		json_t *array = json_array();
		size_t count = next_random(rng) % 6;
		for (size_t i = 0; i < count; i++)
			json_array_append_new(
				array, random_value(rng, depth_left - 1));
		return array;
	}
	default: {
		static const char *const keys[] = {"id",	"why", "",
						   "k\xc3\xa9", "a/b", "\n"};
		json_t *object = json_object();
		size_t count = next_random(rng) % 8;
		for (size_t i = 0; i < count; i++) {
			const char *key = keys[next_random(rng) % 6];
			if (next_random(rng) % 5 == 0)
				json_object_del(object, key);
			else
				json_object_set_new(
					object, key,
					random_value(rng, depth_left - 1));
		}
		return object;
	}
	}
}

/* A few thousand random trees, each checked against jansson. */
static void check_random_trees(void)
{
	uint64_t rng = 0x6a736f6e6f7574ULL; /* "jsonout" */
	int differ = 0;
	for (int i = 0; i < 5000; i++) {
		json_t *value = random_value(&rng, 5);
		if (!jsonout_same_as_jansson(value)) {
			char *want = json_dumps(value,
						JSON_COMPACT | JSON_ENCODE_ANY);
			fprintf(stderr, "tree %d differs: %s\n", i,
				want ? want : "(jansson refused it)");
			free(want);
			differ++;
		}
		json_decref(value);
	}
	CHECK_INT(differ, 0);
}

/* lw_json_repeat copies text the buffer holds, also when making room
 * moves the buffer (it doubles from 256 bytes). */
static void check_repeat(void)
{
	lw_json_buf buf = {0};
	CHECK_INT(lw_json_put(&buf, "[1,\"two\"]", 9), 0);
	for (int i = 0; i < 8; i++)
		CHECK_INT(lw_json_repeat(&buf, 0, buf.len), 0);
	CHECK(buf.len == 9 * 256);
	int same = 1;
	for (size_t at = 0; at < buf.len; at += 9)
		same &= memcmp(buf.data + at, "[1,\"two\"]", 9) == 0;
	CHECK(same);
	lw_json_buf_free(&buf);
}

int main(void)
{
	check_ascii();
	check_utf8();
	check_scalars_and_containers();
	check_member_order();
	check_depth();
	check_random_trees();
	check_repeat();
	return CHECK_DONE();
}
