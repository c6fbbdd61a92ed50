/*
 * test_norm.c - the matching view and its map (host/src/norm.c).
 *
 * Every obfuscation the view undoes is checked with its exact view text, and
 * the map with exact original byte offsets, ending in the UTF-16 offsets the
 * browser receives.
 */
#include "check.h"
#include "norm.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Check the view of a NUL-terminated input against want (a failure prints
 * both views, which names the case). */
static void check_view(const char *input, const char *want)
{
	lw_norm norm;

	CHECK_INT(lw_norm_build(&norm, input, strlen(input)), 0);
	CHECK_STR(norm.text, want);
	lw_norm_clear(&norm);
}

/* Check that view bytes [start, end) of norm come from original bytes
 * [want_start, want_end). */
static void check_span(const lw_norm *norm, size_t start, size_t end,
		       size_t want_start, size_t want_end)
{
	size_t got_start, got_end;

	lw_norm_span(&got_start, &got_end, norm, start, end);
	CHECK_INT(got_start, want_start);
	CHECK_INT(got_end, want_end);
}

/* Pure ASCII: lower-cased byte for byte, each byte mapped to itself. */
static void test_ascii_fast_path(void)
{
	const char *input = "Hello, World\n42 TELEGRAM";
	size_t len = strlen(input);
	lw_norm norm;
	int identity = 1;

	CHECK_INT(lw_norm_build(&norm, input, len), 0);
	CHECK_STR(norm.text, "hello, world\n42 telegram");
	CHECK_INT(norm.len, len);
	CHECK_INT(norm.orig_len, len);
	CHECK_INT(norm.repaired, 0);
	for (size_t i = 0; i < len; i++)
		identity &= norm.src_start[i] == i && norm.src_end[i] == i + 1;
	CHECK(identity);
	CHECK_INT(norm.src_start[len], len);
	CHECK_INT(norm.src_end[len], len);
	check_span(&norm, 7, 12, 7, 12);
	lw_norm_clear(&norm);

	/* Every letter is lowered and, spaced out, collapsed like every
	 * digit; the ASCII next to the letters and digits is neither. */
	check_view("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz",
		   "abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz");
	check_view("A B C D E F G H I J K L M N O P Q R S T U V W X Y Z",
		   "abcdefghijklmnopqrstuvwxyz");
	check_view("0 1 2 3 4 5 6 7 8 9", "0123456789");
	check_view("@ @ @ @ [ [ [ [ ` ` ` ` { { { {",
		   "@ @ @ @ [ [ [ [ ` ` ` ` { { { {");
}

/* Zero-width characters, soft hyphens, bidi controls, variation selectors,
 * word joiner and BOM leave no trace in the view but keep the map exact. */
static void test_default_ignorables(void)
{
	const char *input = "Wh\u200Bats\u200DApp";
	lw_norm norm;

	check_view("Tele\u00ADgram", "telegram");
	check_view("\u202ETele\u202Cgram\u2066\u2069", "telegram");
	check_view("What\u200E\u200Fs\u200CApp", "whatsapp");
	check_view("Sig\u2060nal\uFEFF", "signal");
	check_view("\u260E\uFE0F call", "\u260E call");

	CHECK_INT(lw_norm_build(&norm, input, strlen(input)), 0);
	CHECK_STR(norm.text, "whatsapp");
	check_span(&norm, 1, 2, 1, 2);	 /* h: the ZWSP after it is not its */
	check_span(&norm, 2, 3, 5, 6);	 /* a after the ZWSP */
	check_span(&norm, 5, 6, 11, 12); /* A after the ZWJ */
	check_span(&norm, 0, 8, 0, 14);
	lw_norm_clear(&norm);
}

/* Cyrillic and Greek look-alikes: folded in mixed words and in lone
 * look-alike words of Latin fields; Russian and Greek text untouched. */
static void test_lookalikes(void)
{
	/* Cyrillic Т, е, а inside a Latin word. */
	check_view("Теlеgrаm", "telegram");
	/* Cyrillic а, р. */
	check_view("Whаtsарр me", "whatsapp me");
	/* Capital Greek Eta reads H, small eta reads n. */
	check_view("WΗATSAPP", "whatsapp");
	check_view("call ηοw", "call now");
	check_view("Τelegram ΝΟW", "telegram now");
	/* All look-alikes, in an English field. */
	check_view("Pay via сор today", "pay via cop today");
	/* Cyrillic word with non-look-alike letters in an English field. */
	check_view("Salary: оплата weekly", "salary: оплата weekly");
	/* Russian and Greek fields: only case folding. */
	check_view("Оплатить сейчас, срок рос", "оплатить сейчас, срок рос");
	/* (case folding makes final sigma a plain sigma) */
	check_view("Καλημέρα σας", "καλημέρα σασ");
	/* Spaced out and mixed: collapsed first, then folded. */
	check_view("Т е l е g r а m", "telegram");
	/* Whether the field is mostly Latin is counted before any word is
	 * folded: 4 Latin letters of 11 here, so "сор" stays Cyrillic even
	 * though "telegram" has 8 once folded. */
	check_view("Теlеgrаm сор", "telegram сор");
}

/* Full-width and mathematical letters fold to ASCII through NFKC; other
 * compatibility and case-folding expansions map to their whole source. */
static void test_compatibility_forms(void)
{
	const char *bold = "\U0001D413\U0001D41E\U0001D425\U0001D41E"
			   "\U0001D420\U0001D42B\U0001D41A\U0001D426";
	lw_norm norm;

	check_view(
		"\uFF37\uFF48\uFF41\uFF54\uFF53\uFF21\uFF50\uFF50 \uFF15\uFF10",
		"whatsapp 50");
	check_view("a\u00A0b\u3000c", "a b c");
	check_view("line one\r\nline two", "line one\r\nline two");

	CHECK_INT(lw_norm_build(&norm, bold, strlen(bold)), 0);
	CHECK_STR(norm.text, "telegram");
	check_span(&norm, 1, 2, 4, 8);
	check_span(&norm, 0, 8, 0, 32);
	lw_norm_clear(&norm);

	CHECK_INT(lw_norm_build(&norm, "Straße", strlen("Straße")), 0);
	CHECK_STR(norm.text, "strasse");
	check_span(&norm, 4, 5, 4, 6);
	check_span(&norm, 5, 6, 4, 6);
	check_span(&norm, 6, 7, 6, 7);
	lw_norm_clear(&norm);

	CHECK_INT(lw_norm_build(&norm, "\uFB01le", strlen("\uFB01le")), 0);
	CHECK_STR(norm.text, "file");
	check_span(&norm, 0, 1, 0, 3);
	check_span(&norm, 1, 2, 0, 3);
	check_span(&norm, 2, 4, 3, 5);
	lw_norm_clear(&norm);
}

/* Digits of every script, circled digits and emoji keycaps. */
static void test_digits(void)
{
	const char *keycaps = "1\uFE0F\u20E32\uFE0F\u20E3";
	lw_norm norm;

	check_view("\u0E50\u0E58\u0E51-\u0E52\u0E53\u0E54", "081-234");
	check_view("\u0660\u0669\u0661\u0662", "0912");
	check_view("\u096F\u17E1\u1041", "911");
	check_view("\U0001D7CF\U0001D7D0", "12");
	check_view("\u2460\u2461", "12");

	CHECK_INT(lw_norm_build(&norm, keycaps, strlen(keycaps)), 0);
	CHECK_STR(norm.text, "12");
	check_span(&norm, 0, 1, 0, 7);
	check_span(&norm, 1, 2, 7, 14);
	lw_norm_clear(&norm);
}

/* Letter-by-letter spacing with every separator, and what is left alone. */
static void test_spaced_letters(void)
{
	const char *input = "call W h a t s A p p now";
	lw_norm norm;

	check_view("W h a t s A p p", "whatsapp");
	check_view("t.e.l.e.g.r.a.m", "telegram");
	check_view("W-h-a-t-s-a-p-p", "whatsapp");
	check_view("s_i_g_n_a_l", "signal");
	check_view("v*i*b*e*r", "viber");
	check_view("t\u00B7e\u00B7l\u00B7e\u00B7g\u00B7r\u00B7a\u00B7m",
		   "telegram");
	check_view("l/i/n/e", "line");
	check_view("w|e|c|h|a|t", "wechat");
	check_view("0 8 1 2 3 4", "081234");
	check_view("(W h a t s A p p).", "(whatsapp).");

	check_view("I am a man", "i am a man");
	check_view("a b c", "a b c");
	check_view("W h.a t s", "w h.a t s");
	check_view("W  h  a  t", "w  h  a  t");
	check_view("ab c d e", "ab c d e");
	/* One and the same separator makes a run: "a/b" breaks it. */
	check_view("k.a/b.c.d", "k.a/b.c.d");
	check_view("k.a/b.c.d.e", "k.a/bcde");
	/* Letters of more than one byte, in a field of their own script. */
	check_view("\u0442 \u0435 \u043B \u0435 \u0433 \u0440 \u0430 \u043C",
		   "\u0442\u0435\u043B\u0435\u0433\u0440\u0430\u043C");

	CHECK_INT(lw_norm_build(&norm, input, strlen(input)), 0);
	CHECK_STR(norm.text, "call whatsapp now");
	check_span(&norm, 5, 6, 5, 6);
	check_span(&norm, 6, 7, 7, 8);
	check_span(&norm, 5, 13, 5, 20);
	check_span(&norm, 14, 17, 21, 24);
	CHECK_INT(norm.src_start[norm.len], 24);
	lw_norm_clear(&norm);

	CHECK_INT(lw_norm_build(&norm, "t\u00B7e\u00B7l\u00B7e", 10), 0);
	CHECK_STR(norm.text, "tele");
	check_span(&norm, 1, 2, 3, 4);
	check_span(&norm, 3, 4, 9, 10);
	lw_norm_clear(&norm);
}

/* Invalid UTF-8: one U+FFFD per maximal subpart, counted, mapped to its
 * bytes, and counted as one UTF-16 unit each. */
static void test_invalid_utf8(void)
{
	lw_norm norm;

	CHECK_INT(lw_norm_build(&norm,
				"a\x80"
				"b",
				3),
		  0);
	CHECK_STR(norm.text, "a\uFFFD"
			     "b");
	CHECK_INT(norm.repaired, 1);
	check_span(&norm, 1, 4, 1, 2);
	check_span(&norm, 4, 5, 2, 3);
	lw_norm_clear(&norm);

	CHECK_INT(lw_norm_build(&norm, "\xC0\xAF", 2), 0);
	CHECK_STR(norm.text, "\uFFFD\uFFFD");
	CHECK_INT(norm.repaired, 2);
	check_span(&norm, 3, 6, 1, 2);
	lw_norm_clear(&norm);

	CHECK_INT(lw_norm_build(&norm, "x\xE2\x82", 3), 0);
	CHECK_STR(norm.text, "x\uFFFD");
	CHECK_INT(norm.repaired, 1);
	check_span(&norm, 1, 4, 1, 3);
	lw_norm_clear(&norm);

	CHECK_INT(lw_norm_build(&norm, "\xED\xA0\x80", 3), 0);
	CHECK_STR(norm.text, "\uFFFD\uFFFD\uFFFD");
	CHECK_INT(norm.repaired, 3);
	lw_norm_clear(&norm);

	CHECK_INT(lw_norm_build(&norm,
				"\xFF"
				"ok",
				3),
		  0);
	CHECK_STR(norm.text, "\uFFFD"
			     "ok");
	CHECK_INT(norm.repaired, 1);
	lw_norm_clear(&norm);

	/* A truncated emoji before a letter, and a truncated E0 80. */
	CHECK_INT(lw_norm_build(&norm, "\xF0\x9F\x98x\xE0\x80", 6), 0);
	CHECK_STR(norm.text, "\uFFFDx\uFFFD\uFFFD");
	CHECK_INT(norm.repaired, 3);
	check_span(&norm, 0, 3, 0, 3);
	lw_norm_clear(&norm);

	/* A real U+FFFD in the input is not a repair. */
	CHECK_INT(lw_norm_build(&norm, "\uFFFD", 3), 0);
	CHECK_INT(norm.repaired, 0);
	lw_norm_clear(&norm);

	CHECK_INT(lw_utf16_offset("a\x80"
				  "b",
				  3),
		  3);
	CHECK_INT(lw_utf16_offset("\xC0\xAF", 2), 2);
	CHECK_INT(lw_utf16_offset("\xE2\x82", 2), 1);
	CHECK_INT(lw_utf16_offset("\xED\xA0\x80", 3), 3);
	CHECK_INT(lw_utf16_offset("\xFF", 1), 1);
	CHECK_INT(lw_utf16_offset("\xF0\x9F\x98x", 4), 2);
	CHECK_INT(lw_utf16_offset("\xE0\x80", 2), 2);
}

/* NUL bytes turn into spaces and never end the reading. */
static void test_nul_bytes(void)
{
	lw_norm norm;

	CHECK_INT(lw_norm_build(&norm, "A\0b\0\xC3\xA9", 6), 0);
	CHECK_INT(norm.len, 6);
	CHECK(memcmp(norm.text, "a b \xC3\xA9", 7) == 0);
	check_span(&norm, 4, 6, 4, 6);
	lw_norm_clear(&norm);

	CHECK_INT(lw_norm_build(&norm, "\0\xCC\x81", 3), 0);
	CHECK(memcmp(norm.text, " \xCC\x81", 4) == 0);
	lw_norm_clear(&norm);

	/* A NUL between spaced-out letters is a space like any other. */
	CHECK_INT(lw_norm_build(&norm, "a\0b\0c\0d", 7), 0);
	CHECK_STR(norm.text, "abcd");
	check_span(&norm, 3, 4, 6, 7);
	lw_norm_clear(&norm);
}

/* A view many times longer than its original (U+FDFA is 3 bytes and folds
 * to 18 code points): the view grows as it is written, every byte still
 * mapped to its own source character. */
static void test_view_longer_than_original(void)
{
	char input[50 * 3 + 1] = "";
	lw_norm one, norm;

	CHECK_INT(lw_norm_build(&one, "\uFDFA", 3), 0);
	CHECK(one.len > 30);
	for (size_t i = 0; i < 50; i++)
		strcat(input, "\uFDFA");
	CHECK_INT(lw_norm_build(&norm, input, strlen(input)), 0);
	CHECK_INT(norm.len, 50 * one.len);
	CHECK(memcmp(norm.text + 49 * one.len, one.text, one.len) == 0);
	check_span(&norm, 0, one.len, 0, 3);
	check_span(&norm, 49 * one.len, norm.len, 147, 150);
	check_span(&norm, 20 * one.len + 5, 20 * one.len + 6, 60, 63);
	lw_norm_clear(&norm);
	lw_norm_clear(&one);
}

/* Astral characters before and inside the text: the browser offsets of
 * "W h a t s A p p" and of the bold "telegram" come out exact. */
static void test_astral_offsets(void)
{
	const char *input = "\U0001F600 W h a t s A p p "
			    "\U0001D42D\U0001D41E\U0001D425\U0001D41E"
			    "\U0001D420\U0001D42B\U0001D41A\U0001D426";
	lw_norm norm;
	const char *hit;
	size_t start, end;

	CHECK_INT(lw_norm_build(&norm, input, strlen(input)), 0);
	CHECK_STR(norm.text, "\U0001F600 whatsapp telegram");

	hit = strstr(norm.text, "whatsapp");
	CHECK(hit != NULL);
	CHECK_INT(hit - norm.text, 5);
	lw_norm_span(&start, &end, &norm, 5, 13);
	CHECK_INT(start, 5);
	CHECK_INT(end, 20);
	CHECK_INT(lw_utf16_offset(input, start), 3);
	CHECK_INT(lw_utf16_offset(input, end), 18);

	lw_norm_span(&start, &end, &norm, 14, 22);
	CHECK_INT(start, 21);
	CHECK_INT(end, 53);
	CHECK_INT(lw_utf16_offset(input, start), 19);
	CHECK_INT(lw_utf16_offset(input, end), 35);

	lw_norm_span(&start, &end, &norm, 0, 4);
	CHECK_INT(start, 0);
	CHECK_INT(end, 4);
	CHECK_INT(lw_utf16_offset(input, end), 2);
	lw_norm_clear(&norm);
}

/* 100,000 combining marks on one letter: split into bounded segments, so
 * it completes, and every byte still maps into its own marks. */
static void test_combining_flood(void)
{
	enum { MARKS = 100000 };
	size_t len = 1 + 2 * MARKS;
	char *input = malloc(len);
	lw_norm norm;

	CHECK(input != NULL);
	if (!input)
		return;
	input[0] = 'a';
	for (size_t i = 0; i < MARKS; i++)
		memcpy(input + 1 + 2 * i, "\xCC\x81", 2);

	CHECK_INT(lw_norm_build(&norm, input, len), 0);
	/* The first segment (a + 31 marks) composes to á + 30 marks. */
	CHECK_INT(norm.len, 2 * MARKS);
	CHECK(memcmp(norm.text, "\xC3\xA1\xCC\x81", 4) == 0);
	check_span(&norm, 0, 2, 0, 63);
	check_span(&norm, 60, 62, 0, 63);
	check_span(&norm, 62, 64, 63, 127);
	check_span(&norm, norm.len - 2, norm.len, len - 2, len);
	check_span(&norm, 0, norm.len, 0, len);
	lw_norm_clear(&norm);
	free(input);
}

/* Spans over multi-byte sources, and the clamping of bad spans. */
static void test_span_multibyte(void)
{
	const char *input = "Теlеgrаm";
	lw_norm norm;
	size_t start, end;

	CHECK_INT(lw_norm_build(&norm, input, strlen(input)), 0);
	CHECK_STR(norm.text, "telegram");
	check_span(&norm, 0, 8, 0, 12);
	check_span(&norm, 0, 1, 0, 2);
	check_span(&norm, 1, 2, 2, 4);
	check_span(&norm, 2, 4, 4, 7);
	check_span(&norm, 6, 8, 9, 12);
	lw_norm_span(&start, &end, &norm, 3, 99);
	CHECK_INT(start, 5);
	CHECK_INT(end, 12);
	lw_norm_span(&start, &end, &norm, 8, 8);
	CHECK_INT(start, 12);
	CHECK_INT(end, 12);
	CHECK_INT(lw_utf16_offset(input, 12), 8);
	lw_norm_clear(&norm);
}

/*
 * The edges of the ASCII fast path. A character after a run of ASCII is
 * tried at every place of an eight-byte word (the run is read a word at a
 * time): a precomposed letter, a combining mark on the run's last letter
 * and a zero-width space, each with its exact view, map and UTF-16 offset.
 */
static void test_ascii_run_edges(void)
{
	for (size_t at = 0; at < 20; at++) {
		char input[64], want[64];
		lw_norm norm;

		memset(input, 'A', at);
		memset(want, 'a', at);

		/* A run, then É (2 bytes), then more ASCII. */
		memcpy(input + at,
		       "\xC3\x89"
		       "Bc",
		       5);
		memcpy(want + at,
		       "\xC3\xA9"
		       "bc",
		       5);
		CHECK_INT(lw_norm_build(&norm, input, strlen(input)), 0);
		CHECK_STR(norm.text, want);
		if (at > 0)
			check_span(&norm, at - 1, at, at - 1, at);
		check_span(&norm, at, at + 2, at, at + 2);
		check_span(&norm, at + 2, at + 3, at + 2, at + 3);
		CHECK_INT(lw_utf16_offset(input, at + 2), at + 1);
		CHECK_INT(lw_utf16_offset(input, at + 4), at + 3);
		lw_norm_clear(&norm);

		/* A combining acute on the run's last letter composes with
		 * it: the É of the view comes from both. */
		memcpy(input + at, "E\xCC\x81X", 5);
		memcpy(want + at, "\xC3\xA9x", 4);
		CHECK_INT(lw_norm_build(&norm, input, strlen(input)), 0);
		CHECK_STR(norm.text, want);
		check_span(&norm, at, at + 2, at, at + 3);
		check_span(&norm, at + 2, at + 3, at + 3, at + 4);
		CHECK_INT(lw_utf16_offset(input, at + 3), at + 2);
		lw_norm_clear(&norm);

		/* A zero-width space inside the run leaves no trace. */
		memcpy(input + at,
		       "\xE2\x80\x8B"
		       "Bc",
		       6);
		memcpy(want + at, "bc", 3);
		CHECK_INT(lw_norm_build(&norm, input, strlen(input)), 0);
		CHECK_STR(norm.text, want);
		check_span(&norm, at, at + 1, at + 3, at + 4);
		CHECK_INT(lw_utf16_offset(input, at + 3), at + 1);
		lw_norm_clear(&norm);
	}
}

/* Marks after ASCII letters, also past a zero-width character, fold with
 * their letter; the next ASCII letter is a segment of its own again. */
static void test_marks_after_ascii(void)
{
	lw_norm norm;

	check_view("Cafe\u0301 OK", "caf\u00E9 ok");
	check_view("A\u0301\u0301b", "\u00E1\u0301b");
	check_view("e\u0301e\u0308e\u0301", "\u00E9\u00EB\u00E9");
	check_view("\u00E9e\u0301", "\u00E9\u00E9");

	CHECK_INT(lw_norm_build(&norm, "xE\u200B\u0301y", 8), 0);
	CHECK_STR(norm.text, "x\u00E9y");
	check_span(&norm, 0, 1, 0, 1);
	check_span(&norm, 1, 3, 1, 7);
	check_span(&norm, 3, 4, 7, 8);
	lw_norm_clear(&norm);
}

/* Spaced-out letters next to non-ASCII letters, and look-alikes met after
 * long runs of ASCII, in Latin words and in a Russian field. */
static void test_runs_meet_letters(void)
{
	check_view("\u00E9 W h a t s A p p", "\u00E9whatsapp");
	check_view("\u00E9t\u00E9 W h a t s A p p", "\u00E9t\u00E9 whatsapp");
	check_view("W h a t s A p p \u00E9", "whatsapp\u00E9");
	check_view("Contact us on Telegr\u0430m today",
		   "contact us on telegram today");
	check_view("Contact us on Whats\u0410pp", "contact us on whatsapp");
	check_view("CONTACT VIA W\u0397ATSAPP", "contact via whatsapp");
	check_view("Contact us today for work \u0441\u043E\u0440",
		   "contact us today for work cop");
	check_view("\u0421\u0440\u043E\u043A \u0441\u043E\u0440 ok",
		   "\u0441\u0440\u043E\u043A \u0441\u043E\u0440 ok");
}

/* Append the UTF-8 of cp (below U+0800) to buf at *len. */
static void append_two_byte(char *buf, size_t *len, unsigned cp)
{
	buf[(*len)++] = (char)(0xC0 | (cp >> 6));
	buf[(*len)++] = (char)(0x80 | (cp & 0x3F));
}

/*
 * Write the k-th piece of a group of test_many_distinct_characters into
 * piece (8 bytes) and return false past the group's last one. Group 0:
 * single characters from U+0400 on (Cyrillic, Armenian, Hebrew, Arabic);
 * group 1: a Latin letter with one mark, then "a" with two marks. Each
 * group keeps to its scripts, so that the look-alike policy treats a piece
 * alone as it does in the group.
 */
static bool distinct_piece(char *piece, int group, unsigned k)
{
	enum { FIRST = 0x0400, SINGLES = 0x300, MARKS = 16 };
	size_t len = 0;

	if (group == 0 && k < SINGLES) {
		append_two_byte(piece, &len, FIRST + k);
	} else if (group == 1 && k < 26 * MARKS) {
		piece[len++] = (char)('a' + k / MARKS);
		append_two_byte(piece, &len, 0x300 + k % MARKS);
	} else if (group == 1 && (k -= 26 * MARKS) < MARKS * MARKS) {
		piece[len++] = 'a';
		append_two_byte(piece, &len, 0x300 + k / MARKS);
		append_two_byte(piece, &len, 0x300 + k % MARKS);
	} else {
		return false;
	}
	piece[len] = '\0';
	return true;
}

/*
 * Many distinct characters and segments, more than the per-text memos
 * hold, twice over in one text, one per line: every line's view must be
 * the view of that line alone, so a memo entry reused for another
 * character or segment (or an answer kept for the wrong one) cannot go
 * unnoticed.
 */
static void test_many_distinct_characters(void)
{
	static char text[32768], want[32768];
	char piece[8];

	for (int group = 0; group < 2; group++) {
		size_t text_len = 0, want_len = 0;
		char *view;

		for (int round = 0; round < 2; round++) {
			for (unsigned k = 0; distinct_piece(piece, group, k);
			     k++) {
				char *alone = lw_norm_string(piece);

				CHECK(alone != NULL);
				if (!alone)
					return;
				text_len += (size_t)sprintf(text + text_len,
							    "%s\n", piece);
				want_len += (size_t)sprintf(want + want_len,
							    "%s\n", alone);
				free(alone);
			}
		}
		view = lw_norm_string(text);
		/* (not CHECK_STR: the texts are long) */
		CHECK(view != NULL && strcmp(view, want) == 0);
		free(view);
	}
}

/*
 * Check lw_norm_utf16_advance against lw_utf16_offset at every place of
 * norm's map (where characters begin), going forward with one cursor,
 * backward with one cursor, and with a new cursor each time.
 */
static void check_marks_agree(const lw_norm *norm, const char *orig)
{
	lw_utf16_cursor forward = {orig, 0, 0}, backward = {orig, 0, 0};
	int forward_ok = 1, backward_ok = 1, fresh_ok = 1;

	for (size_t i = 0; i <= norm->len; i++) {
		size_t at = norm->src_start[i];
		size_t want = lw_utf16_offset(orig, at);
		lw_utf16_cursor fresh = {orig, 0, 0};

		forward_ok &= lw_norm_utf16_advance(&forward, norm, at) == want;
		fresh_ok &= lw_norm_utf16_advance(&fresh, norm, at) == want;
	}
	for (size_t i = norm->len + 1; i-- > 0;) {
		size_t at = norm->src_end[i];

		backward_ok &= lw_norm_utf16_advance(&backward, norm, at) ==
			       lw_utf16_offset(orig, at);
	}
	CHECK(forward_ok);
	CHECK(backward_ok);
	CHECK(fresh_ok);
}

/*
 * The view's UTF-16 marks: one per LW_UTF16_MARK_STEP bytes, and offsets
 * counted from them equal to those counted from the start, in texts of
 * many marks where ASCII, two-, three- and four-byte characters, a
 * truncated emoji, a stray continuation byte and NUL fall across the marks'
 * places.
 */
static void test_utf16_marks(void)
{
	static const char *const pieces[] = {
		"Call now ",  "\u00E9",	       "\u0915\u093E",
		"\U0001F600", "\xF0\x9F\x98",  "x",
		"\x80",	      "\u0422\u0435l", " 42 ",
	};
	enum { PIECES = sizeof(pieces) / sizeof(pieces[0]) };
	char text[2048];
	size_t len = 0;
	lw_norm norm;

	for (size_t k = 0; len < 1500; k++) {
		const char *piece = pieces[(k * 7 + k / PIECES) % PIECES];

		memcpy(text + len, piece, strlen(piece));
		len += strlen(piece);
		if (k % 97 == 0)
			text[len++] = '\0';
	}
	CHECK_INT(lw_norm_build(&norm, text, len), 0);
	CHECK_INT(norm.nmarks,
		  (len + LW_UTF16_MARK_STEP - 1) / LW_UTF16_MARK_STEP);
	check_marks_agree(&norm, text);
	lw_norm_clear(&norm);
	CHECK(norm.marks == NULL);

	CHECK_INT(lw_norm_build(&norm, "", 0), 0);
	CHECK_INT(norm.nmarks, 0);
	check_marks_agree(&norm, "");
	lw_norm_clear(&norm);
}

/* Empty input, NULL input and clearing twice. */
static void test_empty(void)
{
	lw_norm norm;

	CHECK_INT(lw_norm_build(&norm, "", 0), 0);
	CHECK_STR(norm.text, "");
	CHECK_INT(norm.len, 0);
	CHECK_INT(norm.src_start[0], 0);
	lw_norm_clear(&norm);
	lw_norm_clear(&norm);
	CHECK(norm.text == NULL);

	CHECK_INT(lw_norm_build(&norm, NULL, 5), 0);
	CHECK_INT(norm.len, 0);
	lw_norm_clear(&norm);
	CHECK_INT(lw_utf16_offset("", 0), 0);
}

/* lw_norm_string runs the same pipeline. */
static void test_norm_string(void)
{
	char *s;

	s = lw_norm_string("Теlеgrаm");
	CHECK_STR(s, "telegram");
	free(s);
	s = lw_norm_string("W h a t s A p p");
	CHECK_STR(s, "whatsapp");
	free(s);
	s = lw_norm_string("Sihanoukville \u0E51\u0E52");
	CHECK_STR(s, "sihanoukville 12");
	free(s);
	s = lw_norm_string("");
	CHECK_STR(s, "");
	free(s);
}

int main(void)
{
	test_ascii_fast_path();
	test_default_ignorables();
	test_lookalikes();
	test_compatibility_forms();
	test_digits();
	test_spaced_letters();
	test_view_longer_than_original();
	test_invalid_utf8();
	test_nul_bytes();
	test_astral_offsets();
	test_combining_flood();
	test_span_multibyte();
	test_empty();
	test_norm_string();
	test_ascii_run_edges();
	test_marks_after_ascii();
	test_runs_meet_letters();
	test_many_distinct_characters();
	test_utf16_marks();
	return CHECK_DONE();
}
