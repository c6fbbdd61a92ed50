/*
 * test_prefilter.c - the atoms derived from patterns (atoms.c) and the
 * Aho-Corasick scan (ac.c).
 *
 * Atoms are checked as data: each pattern with the atoms it must yield,
 * written sorted and joined by "|", or "" for "no usable literal". A
 * wrong atom would make the prefilter skip a pattern that can match, so
 * the cases lean on the constructs where that could happen: optional and
 * repeated pieces, lookarounds, classes, case folding and escapes.
 */
#include "ac.h"
#include "atoms.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* Compare strings for qsort. */
static int str_order(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A set of atoms sorted and joined by "|", appended to buf. */
static void append_set(char *buf, size_t cap, lw_atoms *set)
{
	if (set->n)
		qsort(set->v, set->n, sizeof(char *), str_order);
	for (size_t i = 0; i < set->n; i++) {
		if (i)
			strncat(buf, "|", cap - strlen(buf) - 1);
		strncat(buf, set->v[i], cap - strlen(buf) - 1);
	}
}

/* The atoms of a pattern in buf: its required atoms, then " ^" and its
 * leading strings when it has any; just "^" and the atoms when the
 * leading strings are the required atoms. */
static const char *atoms_of(char *buf, size_t cap, const char *re)
{
	lw_atoms required, leading;
	buf[0] = '\0';
	if (lw_atoms_derive(&required, &leading, re))
		return "(out of memory)";
	int same = required.n > 0 && required.n == leading.n;
	for (size_t i = 0; same && i < required.n; i++)
		same = strcmp(required.v[i], leading.v[i]) == 0;
	if (same)
		strncat(buf, "^", cap - 1);
	append_set(buf, cap, &required);
	if (!same && leading.n) {
		strncat(buf, " ^", cap - strlen(buf) - 1);
		append_set(buf, cap, &leading);
	}
	lw_atoms_clear(&required);
	lw_atoms_clear(&leading);
	return buf;
}

static const struct {
	const char *re, *atoms;
} cases[] = {
	/* Literals, alternation, optional letters. */
	{"fee", "^fee"},
	{"\\bfees?\\b", "^fee|fees"},
	{"\\b(?:visa|ticket)s?\\b", "^ticket|tickets|visa|visas"},
	{"Refundable\\s+DEPOSIT", "^refundable"},
	/* The better of two runs: longer atoms win; two-byte leading strings
	 * still say where matches begin. */
	{"\\bwa\\s+only\\b", "only ^wa"},
	{"\\b(?:tech(?:nical)?|it)\\s+support\\b",
	 "support ^it|tech|technical"},
	/* Lookarounds are not required; what follows them is. */
	{"(?<!\\bno\\s)\\bfee\\b(?!\\s+waived)", "^fee"},
	{"(?<=pay\\s)fee", "^fee"},
	/* Optional and zero-repeat pieces require nothing. */
	{"(?:telegram)?\\s*@\\w+", ""},
	{"(?:whatsapp)*x", ""},
	{"\\d+\\s*usd", "usd"},
	{"(?:abc){2,3}", "^abc"},
	/* An alternation needs a literal in every branch. */
	{"telegram|\\d{5}", ""},
	{"telegram|viber", "^telegram|viber"},
	/* Short atoms are useless to decide whether a pattern runs (no usable
	 * literal), but two bytes still locate where matches begin. */
	{"\\bno\\b", " ^no"},
	{"[oó]bra", "^obra|óbra"},
	{"[a-z]{3}", ""},
	{"[^x]yz", ""},
	/* Case folding as in the view: capitals, Cyrillic, Greek final sigma.
	 */
	{"ПЛАТА", "^плата"},
	{"ΛΟΓΟΣ", "^λογοσ"},
	{"λόγος", "^λόγοσ"},
	/* Letters whose folding is several characters break the run. */
	{"straße", "^stra"},
	/* Escapes: literal punctuation, hex; back references and \\K give up.
	 */
	{"us\\$\\s*\\d", "^us$"},
	{"\\x{6CB9}\\x{6C14}\\x{7530}", "^油气田"},
	{"(fee)\\s+\\1", ""},
	{"fee\\Kdeposit", ""},
	{"(*SKIP)fee", ""},
	{"(?x) fee", ""},
	{"(?-i)Fee", ""},
	{"(?i)fee", "^fee"},
	{"(?i:fee)s", "^fees"},
	/* Unbalanced or unknown syntax: give up rather than guess. */
	{"fee)", ""},
	{"fee{", ""},
	{"(?#comment)fee", ""},
	{"(?|a|b)fee", ""},
	/* Atoms that begin every match are preferred ("^"): PCRE2 then tries
	 * only where they occur. Anything that may come before them (an
	 * optional or repeated piece, a class, \\s) makes them not leading. */
	{"(?:visa|work)\\s+permit", "^visa|work"},
	{"x?fee", "^fee|xfee"},
	{"\\s*fee", "fee"},
	{"[a-z]+fee", "fee"},
	{"(?:\\d+|cash)\\s+deposit", "deposit"},
	{"(?:fee|deposit)+\\s+paid", "^deposit|fee"},
	{"(?<!\\bno\\s)\\b(?:a|the)\\s+deposit", "deposit"},
	{"\\Gfee", ""},
	/* Long atoms are cut, on a character boundary. */
	{"abcdefghijklmnopqrstuvwxyz", "^abcdefghijklmnopqrstuvwx"},
	{"ааааааааааааааааааааааааа", "^аааааааааааа"},
	/* Thai, Chinese: no \\b needed, any script works. */
	{"(?<!ไม่มี)ค่าสมัคร", "^ค่าสมัคร"},
	{"(?:报名费|中介费)\\s*\\d", "^中介费|报名费"},
	/* A class left open after a range's "-": nothing is read past the
	 * pattern's end. */
	{"fee[a-", ""},
};

/* A pattern's inside atoms (atoms.h) in buf, sorted and joined by "|",
 * then " @" and their reach; "" when it has none. */
static const char *inside_of(char *buf, size_t cap, const char *re)
{
	lw_derived d;
	buf[0] = '\0';
	if (lw_atoms_derive_full(&d, re))
		return "(out of memory)";
	append_set(buf, cap, &d.inside);
	if (d.inside.n)
		snprintf(buf + strlen(buf), cap - strlen(buf),
			 d.inside_reach.runs ? " @%ld+%ldw" : " @%ld",
			 d.inside_reach.bytes, d.inside_reach.runs);
	lw_derived_clear(&d);
	return buf;
}

/* Inside atoms and how far into a match one of them begins at most: a
 * reach too short would make match.c skip a place where a match begins,
 * so the cases add up every kind of piece before the atoms. */
static const struct {
	const char *re, *inside;
} inside_cases[] = {
	/* The longest string of an exact run, then 2 characters of 4
	 * bytes at most. */
	{"(?:ab|abcd)x.{0,2}yyyy", "yyyy @13"},
	{"[ab]c{2,3}dddd", "dddd @4"},
	{"(?:a{2}|b){1,3}cccc", "cccc @6"},
	{"(?:xyz\\s)?abcd", "abcd @7"},
	/* Lookarounds take no room, and what they hold is not required. */
	{"(?<!\\bno\\s)\\b(?:fee|fees)\\b.{0,20}?(?<=\\s)paid\\b", "paid @84"},
	{"abc(?=defg)", "abc @0"},
	/* A letter is its folding in the view: é is 2 bytes. */
	{"(?:É|e)\\w{1,2}wxyz", "wxyz @10"},
	/* \\s+ and \\s* are one run of white space each ("w": the longest
	 * run in the field, measured by the prefilter). */
	{"(?:xyz\\s+)?abcd", "abcd @3+1w"},
	{"a\\s*b\\s{1,2}cdef", "cdef @10+1w"},
	{"\\b(?:sa|via)\\s+(?:telegram|whats\\s*app|viber)\\s+lang\\b",
	 "telegram|viber|whats @3+1w"},
	/* No bound: a repetition without a maximum, a grapheme cluster. */
	{"(?:\\s+x)+abcd", "abcd @-1"},
	{"[\\s,]+abcd", "abcd @-1"},
	{"x+abcd", "abcd @-1"},
	{"(?:abc|de\\X)zzzz", "zzzz @-1"},
	/* Alternatives: the farthest reach of either. */
	{"abcd.{0,3}efgh|ijkl", "abcd|ijkl @0"},
	{"abcd|x.{0,3}efgh", "abcd|efgh @13"},
	{"abcdef", "abcdef @0"},
	{"(?:\\d+|cash)\\s+x", ""},
};

/* A pattern's further requirements (atoms.h, lw_derived.needs) in buf,
 * each as its atoms sorted and joined by "|", then " @" and its reach,
 * separated by "; "; "" when it has none. */
static const char *needs_of(char *buf, size_t cap, const char *re)
{
	lw_derived d;
	buf[0] = '\0';
	if (lw_atoms_derive_full(&d, re))
		return "(out of memory)";
	for (size_t k = 0; k < d.nneeds; k++) {
		if (k)
			strncat(buf, "; ", cap - strlen(buf) - 1);
		append_set(buf, cap, &d.needs[k].atoms);
		lw_reach r = d.needs[k].reach;
		snprintf(buf + strlen(buf), cap - strlen(buf),
			 r.runs ? " @%ld+%ldw" : " @%ld", r.bytes, r.runs);
	}
	lw_derived_clear(&d);
	return buf;
}

/* Further requirements, the most selective first (LW_NEEDS_MAX of them
 * are kept): a requirement that some match lacks, or a reach too short,
 * would make match.c skip a place where a match begins, so the cases lean
 * on optional pieces, alternatives, groups and repetitions. */
static const struct {
	const char *re, *needs;
} needs_cases[] = {
	/* The required (and inside) atoms are telegram, viber, whats;
	 * "lang" is needed as well, at most 11 bytes (via, then telegram or
	 * whats app) and three runs of white space in. */
	{"\\b(?:sa|via)\\s+(?:telegram|whats\\s*app|viber)\\s+lang\\b",
	 "lang @11+3w"},
	/* usdt or bitcoin are the inside atoms; via or using begin at most
	 * 7 + 20 * 4 bytes in. */
	{"\\b(?:fees?|deposit)\\b.{0,20}?\\b(?:via|using)\\s+(?:usdt|"
	 "bitcoin)\\b",
	 "using|via @87"},
	/* Inside a group, counted from where the group begins at most. */
	{"abcd(?:xy\\s+efgh)", "efgh @6+1w"},
	/* Optional or alternative pieces need nothing of their own; a
	 * repeated one needs what its first time needs. */
	{"abcd(?:\\s+efgh)?", ""},
	{"abcd(?:efgh|ijkl)", ""},
	{"abcd(?:\\s+efgh)+", "efgh @4+1w"},
	/* No leading or inside atoms long enough: nothing more is kept. */
	{"ab\\s+cd", ""},
};

/* The number of required atoms of a pattern (0: no usable literal), or -1
 * when they are not also its leading strings or memory ran out. */
static long count_leading_atoms(const char *re)
{
	lw_atoms required, leading;
	if (lw_atoms_derive(&required, &leading, re))
		return -1;
	long n = (long)required.n;
	if (leading.n != required.n)
		n = -1;
	for (size_t i = 0; n > 0 && i < required.n; i++)
		if (strcmp(required.v[i], leading.v[i]) != 0)
			n = -1;
	lw_atoms_clear(&required);
	lw_atoms_clear(&leading);
	return n;
}

/* Append the i-th three-letter word ("aaa", "aab", ...) and sep to buf. */
static void append_word(char *buf, size_t i, const char *sep)
{
	char word[4] = {(char)('a' + i / 676), (char)('a' + i / 26 % 26),
			(char)('a' + i % 26), '\0'};
	strcat(buf, word);
	strcat(buf, sep);
}

/*
 * The bounds of the derivation: exact sets of at most 64 strings (six
 * two-letter classes make 64, a seventh is too many and the run breaks),
 * alternations of at most LW_ATOMS_MAX atoms, and the memory one pattern
 * may take: "(?:aaa|...|acl)" followed by 126 escaped characters builds
 * 64 strings of up to 128 bytes one character at a time, about half a
 * megabyte; twice that is past the limit, and the pattern then has no
 * usable literal (it runs on every field) rather than taking more.
 */
static void check_bounds(void)
{
	CHECK(count_leading_atoms("[ab][cd][ef][gh][ij][kl]x") == 64);
	CHECK(count_leading_atoms("[ab][cd][ef][gh][ij][kl][mn]xyz") == 64);
	static char buf[16384];
	buf[0] = '\0';
	for (size_t i = 0; i < LW_ATOMS_MAX; i++)
		append_word(buf, i, "|");
	buf[strlen(buf) - 1] = '\0';
	CHECK(count_leading_atoms(buf) == LW_ATOMS_MAX);
	strcat(buf, "|");
	append_word(buf, LW_ATOMS_MAX, "");
	CHECK(count_leading_atoms(buf) == 0);
	char block[1024] = "(?:";
	for (size_t i = 0; i < 64; i++)
		append_word(block, i, i < 63 ? "|" : ")");
	for (int i = 0; i < 126; i++)
		strcat(block, "\\-");
	snprintf(buf, sizeof(buf), "%s", block);
	CHECK(count_leading_atoms(buf) == 64);
	snprintf(buf, sizeof(buf), "%s%s", block, block);
	CHECK(count_leading_atoms(buf) == 0);
}

/* A small deterministic random number generator (xorshift32). */
static uint32_t next_random(uint32_t *state)
{
	uint32_t x = *state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

/* Order hits by where they begin, then by pattern and kind, to compare
 * two lists of the same hits. */
static int hit_order(const void *pa, const void *pb)
{
	const lw_ac_hit *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return (int)a->inside - (int)b->inside;
}

/*
 * The automaton against the plain search it replaces, on random literals
 * of min_len to 12 bytes over `letters`, and a text made of them and of
 * pieces of them: few letters make literals overlap, share prefixes and
 * run deeper than the states with a full row; many literals over many
 * letters make more shallow states than get rows. The letters include a
 * capital and a byte of UTF-8: a capital in a literal never matches, one in
 * the text matches the small letter.
 */
static void check_against_search(uint32_t seed, const char *letters,
				 size_t nliterals, size_t min_len)
{
	enum { TEXT = 3000, LONGEST = 12 };
	size_t nletters = strlen(letters);
	char(*lit)[LONGEST + 1] = calloc(nliterals, sizeof(*lit));
	const char **lit_ptr = calloc(nliterals, sizeof(*lit_ptr));
	uint32_t *ids = calloc(nliterals, sizeof(*ids));
	char text[TEXT];
	lw_ac_hits hits = {0}, want = {0};
	CHECK(lit && lit_ptr && ids);
	if (!lit || !lit_ptr || !ids)
		goto done;
	for (size_t i = 0; i < nliterals; i++) {
		size_t len =
			min_len + next_random(&seed) % (LONGEST - min_len + 1);
		for (size_t k = 0; k < len; k++)
			lit[i][k] = letters[next_random(&seed) % nletters];
		lit_ptr[i] = lit[i];
		ids[i] = (uint32_t)(i % 200) | LW_AC_MARK |
			 (next_random(&seed) % 3 ? LW_AC_NOTE : LW_AC_INSIDE);
	}
	/* The text: random letters and pieces of literals (so that even
	 * long literals over many letters occur), some letters capitals. */
	for (size_t k = 0; k < TEXT;) {
		const char *piece = lit[next_random(&seed) % nliterals];
		size_t len = next_random(&seed) % 2 ? strlen(piece) : 1;
		if (len == 1)
			piece = letters + next_random(&seed) % nletters;
		for (size_t j = 0; j < len && k < TEXT; j++, k++) {
			text[k] = piece[j];
			if (text[k] >= 'a' && text[k] <= 'z' &&
			    next_random(&seed) % 4 == 0)
				text[k] = (char)(text[k] - 32);
		}
	}

	lw_ac *ac = NULL;
	CHECK(lw_ac_build(&ac, lit_ptr, ids, nliterals) == 0);
	uint64_t bits[4] = {0}, want_bits[4] = {0};
	lw_ac_scan(ac, text, TEXT, bits, &hits);
	lw_ac_free(ac);
	for (size_t end = 1; end <= TEXT; end++) {
		for (size_t i = 0; i < nliterals; i++) {
			size_t len = strlen(lit[i]), k = 0;
			if (len > end)
				continue;
			for (; k < len; k++) {
				char c = text[end - len + k];
				if (c >= 'A' && c <= 'Z')
					c = (char)(c + 32);
				if (c != lit[i][k])
					break;
			}
			if (k < len)
				continue;
			uint32_t id = ids[i] & LW_AC_ID_MASK;
			want_bits[id / 64] |= UINT64_C(1) << (id % 64);
			if (want.n == want.cap) {
				want.cap = want.cap ? 2 * want.cap : 1024;
				lw_ac_hit *v =
					realloc(want.v, want.cap * sizeof(*v));
				CHECK(v != NULL);
				if (!v)
					goto done;
				want.v = v;
			}
			want.v[want.n++] = (lw_ac_hit){
				id, (ids[i] & LW_AC_INSIDE) != 0, end - len};
		}
	}
	CHECK(memcmp(bits, want_bits, sizeof(bits)) == 0);
	CHECK(hits.n == want.n && !hits.incomplete);
	if (hits.n == want.n && want.n) {
		qsort(hits.v, hits.n, sizeof(*hits.v), hit_order);
		qsort(want.v, want.n, sizeof(*want.v), hit_order);
		CHECK(memcmp(hits.v, want.v, hits.n * sizeof(*hits.v)) == 0);
	}
done:
	free(hits.v);
	free(want.v);
	free(lit);
	free(lit_ptr);
	free(ids);
}

int main(void)
{
	char buf[1024];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = atoms_of(buf, sizeof(buf), cases[i].re);
		if (strcmp(got, cases[i].atoms) != 0)
			fprintf(stderr, "pattern %s\n", cases[i].re);
		CHECK_STR(got, cases[i].atoms);
	}
	check_bounds();
	for (size_t i = 0; i < sizeof(inside_cases) / sizeof(inside_cases[0]);
	     i++) {
		const char *got =
			inside_of(buf, sizeof(buf), inside_cases[i].re);
		if (strcmp(got, inside_cases[i].inside) != 0)
			fprintf(stderr, "pattern %s\n", inside_cases[i].re);
		CHECK_STR(got, inside_cases[i].inside);
	}
	for (size_t i = 0; i < sizeof(needs_cases) / sizeof(needs_cases[0]);
	     i++) {
		const char *got = needs_of(buf, sizeof(buf), needs_cases[i].re);
		if (strcmp(got, needs_cases[i].needs) != 0)
			fprintf(stderr, "pattern %s\n", needs_cases[i].re);
		CHECK_STR(got, needs_cases[i].needs);
	}

	/* The automaton: overlapping literals, a literal inside another,
	 * ASCII capitals in the text, bytes of UTF-8. "his" only notes where
	 * it occurs, "x" only marks. */
	const char *literals[] = {"he", "she", "his", "hers", "плата", "x"};
	const uint32_t both = LW_AC_MARK | LW_AC_NOTE;
	const uint32_t ids[] = {0 | both, 1 | both,  2 | LW_AC_NOTE,
				3 | both, 64 | both, 70 | LW_AC_MARK};
	lw_ac *ac = NULL;
	CHECK(lw_ac_build(&ac, literals, ids, 6) == 0);
	uint64_t bits[2] = {0, 0};
	lw_ac_scan(ac, "uSHErs", 6, bits, NULL);
	CHECK(bits[0] == 0xB); /* she, he, hers; not his */
	CHECK(bits[1] == 0);
	bits[0] = bits[1] = 0;
	const char *ru = "оплата";
	lw_ac_scan(ac, ru, strlen(ru), bits, NULL);
	CHECK(bits[0] == 0 && bits[1] == 1);
	bits[0] = bits[1] = 0;
	lw_ac_scan(ac, "hi", 2, bits, NULL);
	CHECK(bits[0] == 0 && bits[1] == 0);

	/* Where noted literals begin, in the order they end; "his" is noted
	 * but marks nothing, "x" marks but is not noted. */
	lw_ac_hits hits = {0};
	lw_ac_scan(ac, "uSHErs his x", 12, bits, &hits);
	CHECK(hits.n == 4 && !hits.incomplete);
	CHECK(hits.v[0].id == 1 && hits.v[0].start == 1); /* she */
	CHECK(hits.v[1].id == 0 && hits.v[1].start == 2); /* he */
	CHECK(hits.v[2].id == 3 && hits.v[2].start == 2); /* hers */
	CHECK(hits.v[3].id == 2 && hits.v[3].start == 7); /* his */
	CHECK(bits[0] == 0xB && bits[1] == 1u << 6);
	free(hits.v);
	lw_ac_free(ac);

	/* A literal both leading and inside is noted once as each; one
	 * only inside, once as inside. */
	const char *two[] = {"ab", "bc"};
	const uint32_t two_ids[] = {5 | LW_AC_NOTE | LW_AC_INSIDE,
				    6 | LW_AC_INSIDE};
	CHECK(lw_ac_build(&ac, two, two_ids, 2) == 0);
	hits = (lw_ac_hits){0};
	lw_ac_scan(ac, "xabc", 4, bits, &hits);
	CHECK(hits.n == 3);
	CHECK(hits.v[0].id == 5 && !hits.v[0].inside && hits.v[0].start == 1);
	CHECK(hits.v[1].id == 5 && hits.v[1].inside && hits.v[1].start == 1);
	CHECK(hits.v[2].id == 6 && hits.v[2].inside && hits.v[2].start == 2);
	free(hits.v);
	lw_ac_free(ac);

	for (uint32_t seed = 1; seed <= 20; seed++)
		check_against_search(seed * 2654435761u, "abcdeA\xc3 ", 300, 1);
	/* Over 94 letters, 6,000 literals begin with more than 4,096
	 * different pairs of bytes: more states are shallow than get rows. */
	char many[95];
	for (int i = 0; i < 94; i++)
		many[i] = (char)(i < 93 ? '!' + i : 0xE0);
	many[94] = '\0';
	check_against_search(7, many, 6000, 4);
	return CHECK_DONE();
}
