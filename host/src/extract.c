/*
 * extract.c - the extractors' tables and the plumbing they share.
 *
 * This file loads the JSON tables of rules/data into a struct lw_xdata,
 * validating each table strictly (unknown keys and wrong types are refused, so
 * that a typo in a hand-edited table is caught at load time instead of silently
 * disabling a country or a currency), and holds the lexicon, hit-list and
 * text helpers that the extractors in extract_*.c share. lw_extract_all
 * runs the extractors in the order that lets later ones skip what earlier
 * ones explained (an amount of money or a link is not a phone number).
 *
 * Speed: the extractors read every byte of every field, so their scans
 * pass over the bytes that cannot start a hit in tight loops driven by
 * 256-entry tables (the first bytes of a lexicon's words, of amounts, of
 * phone numbers), and the three lexicons looked for everywhere (chat apps,
 * digit words, place names) are searched in one pass for all three
 * (lw_lex_set_scan) instead of one each. That pass tests 64 positions at a
 * time with table look-ups and no branch on the text, and then visits only
 * the positions whose first three bytes begin a word: what costs time
 * there is not instructions but branches mispredicted, one or more a
 * letter when the scan branched on each byte it stopped at. None of this
 * changes a hit: each skip passes over only positions the full checks
 * would refuse.
 */
#include "err.h"
#include "extract_int.h"
#include "jsonfile.h"
#include "lurewatch.h"
#include "norm.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

/* ------------------------------------------------------------------------
 * Text helpers
 * --------------------------------------------------------------------- */

/*
 * Skip at most max space characters from pos and return the new position.
 * The view keeps the writer's spacing, so "us$ 1.200" and "us$1.200" must
 * read alike; the bound keeps a field of blanks from gluing far-apart
 * words together.
 */
size_t lw_skip_spaces(const char *text, size_t len, size_t pos, size_t max)
{
	while (pos < len && max > 0 &&
	       (text[pos] == ' ' || text[pos] == '\t')) {
		pos++;
		max--;
	}
	return pos;
}

/* The same as lw_skip_spaces, walking backwards from pos down to floor. */
size_t lw_skip_spaces_back(const char *text, size_t pos, size_t floor,
			   size_t max)
{
	while (pos > floor && max > 0 &&
	       (text[pos - 1] == ' ' || text[pos - 1] == '\t')) {
		pos--;
		max--;
	}
	return pos;
}

/*
 * Whether a code point belongs to a script written without spaces between
 * words (Thai, Lao, Burmese, Khmer, CJK, kana). Words in those scripts are
 * found without a boundary check: their neighbours are letters anyway.
 */
static int is_unspaced_script(ucs4_t cp)
{
	return (cp >= 0x0E00 && cp <= 0x0EFF) || /* Thai, Lao */
	       (cp >= 0x1000 && cp <= 0x109F) || /* Myanmar */
	       (cp >= 0x1780 && cp <= 0x17FF) || /* Khmer */
	       (cp >= 0x19E0 && cp <= 0x19FF) || /* Khmer symbols */
	       (cp >= 0x2E80 && cp <= 0x9FFF) || /* CJK, kana */
	       (cp >= 0xA9E0 && cp <= 0xA9FF) || /* Myanmar ext-B */
	       (cp >= 0xAA60 && cp <= 0xAA7F) || /* Myanmar ext-A */
	       (cp >= 0xF900 && cp <= 0xFAFF) || /* CJK compatibility */
	       (cp >= 0x20000 && cp <= 0x3FFFF); /* CJK ext B.. */
}

/* Whether a word edge made of this code point needs a boundary check. */
static int needs_boundary(ucs4_t cp)
{
	return uc_is_alnum(cp) && !is_unspaced_script(cp);
}

/*
 * Whether a neighbouring code point spoils a word edge under a rule.
 * ASCII, the common neighbour, is decided here without libunistring's
 * tables (with the same answers: the unit test compares all 128).
 */
static int spoils_edge(ucs4_t cp, enum lw_edge edge)
{
	if (cp < 0x80) {
		ucs4_t lower = cp | 0x20;
		return (lower >= 'a' && lower <= 'z') ||
		       (edge == LW_EDGE_NOT_ALNUM && cp >= '0' && cp <= '9');
	}
	return edge == LW_EDGE_NOT_ALNUM ? uc_is_alnum(cp) : uc_is_alpha(cp);
}

/* Bits of ascii_kind (and of LW_LEX_START_ASCII, which holds both). */
enum { KIND_LETTER = 1, KIND_DIGIT = 2 };
#define KIND(c)                                                                \
	((((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z') ? KIND_LETTER            \
	 : ((c) >= '0' && (c) <= '9')		      ? KIND_DIGIT             \
						      : 0)
#define KIND4(c)  KIND(c), KIND((c) + 1), KIND((c) + 2), KIND((c) + 3)
#define KIND16(c) KIND4(c), KIND4((c) + 4), KIND4((c) + 8), KIND4((c) + 12)
#define KIND64(c)                                                              \
	KIND16(c), KIND16((c) + 16), KIND16((c) + 32), KIND16((c) + 48)

/* For each byte: KIND_LETTER for an ASCII letter, KIND_DIGIT for an ASCII
 * digit, else 0. A table, so that a scan classifies a byte with one load. */
static const unsigned char ascii_kind[256] = {KIND64(0), KIND64(64),
					      KIND64(128), KIND64(192)};

/* The ascii_kind bits of a byte before a word that spoil its start under
 * an edge rule (spoils_edge, for ASCII). */
static unsigned spoiling_kinds(enum lw_edge edge)
{
	return edge == LW_EDGE_NOT_ALNUM ? KIND_LETTER | KIND_DIGIT
					 : KIND_LETTER;
}

/*
 * Whether text[start, end) stands as a whole word under a rule: the code
 * points just before and after it do not spoil its edges. Invalid bytes
 * count as non-letters. An ASCII neighbour is read without decoding.
 */
static int edges_ok(const struct lw_lex_word *w, const char *text, size_t len,
		    size_t start, enum lw_edge edge)
{
	const uint8_t *s = (const uint8_t *)text;
	size_t end = start + w->len;
	ucs4_t cp;
	if (w->check_before && start > 0) {
		if (s[start - 1] < 0x80) {
			if (spoils_edge(s[start - 1], edge))
				return 0;
		} else if (u8_prev(&cp, s + start, s) &&
			   spoils_edge(cp, edge)) {
			return 0;
		}
	}
	if (w->check_after && end < len) {
		if (s[end] < 0x80)
			return !spoils_edge(s[end], edge);
		if (u8_mbtouc(&cp, s + end, len - end) && cp != 0xFFFD &&
		    spoils_edge(cp, edge))
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------------------
 * Lexicons
 * --------------------------------------------------------------------- */

/*
 * Add a word to a lexicon. The word is written normally (as in the JSON
 * tables) and folded here to the matching view's form with lw_norm_string,
 * so that table authors never have to think about case or normalisation.
 * Returns 0, LW_ENOMEM, or LW_EINVAL when the word folds to nothing.
 */
int lw_lex_add(struct lw_lex *lex, const char *word, int id)
{
	char *folded = lw_norm_string(word);
	if (!folded)
		return LW_ENOMEM;
	size_t len = strlen(folded);
	if (len == 0) {
		free(folded);
		return LW_EINVAL;
	}
	if (lex->n == lex->cap) {
		size_t cap = lex->cap ? lex->cap * 2 : 32;
		struct lw_lex_word *v = realloc(lex->words, cap * sizeof(*v));
		if (!v) {
			free(folded);
			return LW_ENOMEM;
		}
		lex->words = v;
		lex->cap = cap;
	}
	const uint8_t *s = (const uint8_t *)folded;
	ucs4_t first = 0, last = 0;
	u8_mbtouc(&first, s, len);
	u8_prev(&last, s + len, s);
	lex->words[lex->n++] = (struct lw_lex_word){
		.text = folded,
		.len = len,
		.id = id,
		.shorter = -1,
		.check_before = (unsigned char)needs_boundary(first),
		.check_after = (unsigned char)needs_boundary(last),
	};
	return LW_OK;
}

/*
 * The bit of a lexicon's first-pair filter for two bytes: the bytes read
 * as one 16-bit number (in the machine's order, the same when the filter
 * is built and when it is read), so that a scan loads them at once.
 */
static unsigned pair_key(const unsigned char *two)
{
	uint16_t key;
	memcpy(&key, two, sizeof(key));
	return key;
}

/*
 * The bit of a lexicon's first-bytes filter for three bytes: the top 16
 * bits of a multiplicative hash, which spreads the few hundred words'
 * beginnings over the 65,536 bits.
 */
static unsigned hash3(unsigned char b0, unsigned char b1, unsigned char b2)
{
	uint32_t key = (uint32_t)b0 | (uint32_t)b1 << 8 | (uint32_t)b2 << 16;
	return (unsigned)((key * UINT32_C(0x9E3779B1)) >> 16);
}

/*
 * The bit of a lexicon's long-word filter for the LW_LEX_LONG bytes at
 * six: read as one number (a four-byte and a two-byte load, each in the
 * machine's order, as pair_key), the top 16 bits of a multiplicative hash.
 * Not a six-byte copy into a zeroed eight-byte number: the compiler makes
 * that two stores and an eight-byte load of the stack, which the store
 * buffer cannot forward, and that stall cost a quarter of the time of
 * lw_lex_set_scan.
 */
static unsigned hash_long(const unsigned char *six)
{
	uint32_t low;
	uint16_t high;
	memcpy(&low, six, sizeof(low));
	memcpy(&high, six + sizeof(low), sizeof(high));
	uint64_t key = (uint64_t)low | (uint64_t)high << 32;
	_Static_assert(LW_LEX_LONG == sizeof(low) + sizeof(high),
		       "hash_long reads LW_LEX_LONG bytes");
	return (unsigned)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 48);
}

/* Order words bytewise, a word before the longer words it begins. */
static int cmp_bytewise(const void *a, const void *b)
{
	const struct lw_lex_word *x = a, *y = b;
	int c = memcmp(x->text, y->text, x->len < y->len ? x->len : y->len);
	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* A word's place in the last-byte index, with its sort keys. */
struct last_key {
	unsigned char last;
	size_t len, index;
};

/* Order last-byte keys by last byte, then longest first. */
static int cmp_by_last(const void *a, const void *b)
{
	const struct last_key *x = a, *y = b;
	if (x->last != y->last)
		return x->last < y->last ? -1 : 1;
	return (x->len < y->len) - (x->len > y->len);
}

/* Fill a 257-entry bucket table from a sorted sequence of bucket keys. */
static void fill_buckets(size_t *at, const unsigned char *keys, size_t n)
{
	size_t k = 0;
	for (int b = 0; b <= 256; b++) {
		while (k < n && keys[k] < b)
			k++;
		at[b] = k;
	}
}

/* A trie node being built: the words under its prefix and the longest
 * word that is a prefix of it. */
struct trie_span {
	size_t lo, hi, depth;
	int shorter;
};

/*
 * Build the trie of a lexicon whose words are sorted bytewise. Nodes are
 * made breadth first: the words under a node's prefix are a run of the
 * sorted list (the word equal to the prefix first, then one run per next
 * byte), and each node's edges are appended together, so they stay in
 * byte order, and edge e leads to node e + 1. A node under whose prefix
 * only one longer word is left gets no children: it names that word as
 * its tail, which a walk compares with the text at once. Most of a
 * gazetteer's bytes are such tails ("sihanoukville" branches off from
 * "si" early), and a walk read one node, on a cache line of its own when
 * the trie had been pushed out of the cache, for each of their bytes.
 * Each word learns the longest word that is a prefix of it.
 */
static int build_trie(struct lw_lex *lex)
{
	size_t cap = 1;
	for (size_t i = 0; i < lex->n; i++)
		cap += lex->words[i].len;
	free(lex->nodes);
	free(lex->edge_bytes);
	lex->nodes = malloc(cap * sizeof(*lex->nodes));
	lex->edge_bytes = malloc(cap);
	struct trie_span *spans = malloc(cap * sizeof(*spans));
	if (!lex->nodes || !lex->edge_bytes || !spans) {
		free(spans);
		return LW_ENOMEM;
	}
	size_t n_nodes = 1;
	spans[0] = (struct trie_span){0, lex->n, 0, -1};
	for (size_t i = 0; i < n_nodes; i++) {
		struct trie_span span = spans[i];
		struct lw_lex_node *node = &lex->nodes[i];
		node->word = -1;
		node->tail = -1;
		if (span.lo < span.hi &&
		    lex->words[span.lo].len == span.depth) {
			node->word = (int32_t)span.lo;
			lex->words[span.lo].shorter = span.shorter;
			span.shorter = (int)span.lo++;
		}
		node->edges = (uint32_t)n_nodes - 1;
		if (i > 0 && span.hi - span.lo == 1) {
			node->tail = (int32_t)span.lo;
			lex->words[span.lo].shorter = span.shorter;
			span.lo = span.hi;
		}
		while (span.lo < span.hi) {
			unsigned char b = (unsigned char)lex->words[span.lo]
						  .text[span.depth];
			size_t end = span.lo + 1;
			while (end < span.hi &&
			       (unsigned char)lex->words[end]
					       .text[span.depth] == b)
				end++;
			lex->edge_bytes[n_nodes - 1] = b;
			spans[n_nodes++] = (struct trie_span){
				span.lo, end, span.depth + 1, span.shorter};
			span.lo = end;
		}
		node->n_edges = (uint32_t)n_nodes - 1 - node->edges;
	}
	memset(lex->root_child, 0, sizeof(lex->root_child));
	for (uint32_t e = 0; e < lex->nodes[0].n_edges; e++)
		lex->root_child[lex->edge_bytes[e]] = e + 1;
	free(spans);
	return LW_OK;
}

/* Set the bits of a lexicon's first-bytes filters for one word. */
static void add_to_filters(struct lw_lex *lex, const struct lw_lex_word *w)
{
	const unsigned char *t = (const unsigned char *)w->text;
	for (unsigned b = 0; b < 256; b++) {
		if (w->len == 1 || b == t[1]) {
			unsigned char two[2] = {t[0], (unsigned char)b};
			unsigned k = pair_key(two);
			lex->first_pairs[k / 64] |= UINT64_C(1) << (k % 64);
		}
		if (w->len == 2 ||
		    (w->len > 2 && w->len < LW_LEX_LONG && b == t[2])) {
			unsigned h = hash3(t[0], t[1], (unsigned char)b);
			lex->first_triples[h / 64] |= UINT64_C(1) << (h % 64);
		}
	}
	if (w->len == 1)
		memset(lex->first_triples, 0xFF, sizeof(lex->first_triples));
	if (w->len >= LW_LEX_LONG) {
		unsigned h = hash_long(t);
		lex->first_longs[h / 64] |= UINT64_C(1) << (h % 64);
	}
	lex->first_byte[t[0]] =
		ascii_kind[t[0]] ? LW_LEX_START_ASCII : LW_LEX_START_OTHER;
}

/*
 * Sort a lexicon and build its trie, its first-bytes filters and its
 * last-byte index. Two equal words would make a lookup ambiguous, so when
 * the lexicon holds one, *dup points at it and LW_EINVAL is returned for
 * the caller to report. Runs once per load, so plain qsort and scratch
 * arrays are fine.
 */
int lw_lex_finish(struct lw_lex *lex, const struct lw_lex_word **dup)
{
	*dup = NULL;
	qsort(lex->words, lex->n, sizeof(*lex->words), cmp_bytewise);
	for (size_t i = 1; i < lex->n; i++) {
		const struct lw_lex_word *a = &lex->words[i - 1];
		const struct lw_lex_word *b = &lex->words[i];
		if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0) {
			*dup = b;
			return LW_EINVAL;
		}
	}
	int rc = build_trie(lex);
	if (rc)
		return rc;
	free(lex->by_last);
	lex->by_last = malloc((lex->n + 1) * sizeof(size_t));
	unsigned char *keys = malloc(lex->n + 1);
	struct last_key *last = malloc((lex->n + 1) * sizeof(*last));
	if (!lex->by_last || !keys || !last) {
		free(keys);
		free(last);
		return LW_ENOMEM;
	}
	memset(lex->first_pairs, 0, sizeof(lex->first_pairs));
	memset(lex->first_triples, 0, sizeof(lex->first_triples));
	memset(lex->first_longs, 0, sizeof(lex->first_longs));
	memset(lex->first_byte, 0, sizeof(lex->first_byte));
	for (size_t i = 0; i < lex->n; i++) {
		const struct lw_lex_word *w = &lex->words[i];
		add_to_filters(lex, w);
		last[i] = (struct last_key){(unsigned char)w->text[w->len - 1],
					    w->len, i};
	}
	qsort(last, lex->n, sizeof(*last), cmp_by_last);
	for (size_t i = 0; i < lex->n; i++) {
		lex->by_last[i] = last[i].index;
		keys[i] = last[i].last;
	}
	fill_buckets(lex->last_at, keys, lex->n);
	free(keys);
	free(last);
	return LW_OK;
}

/*
 * Build a lexicon from a built-in word list (the extractors' grammar:
 * multipliers, period words, chat-app names...). A duplicate there is a
 * bug in the code, reported as LW_ERULES like a bad table.
 */
int lw_lex_build(struct lw_lex *lex, const struct lw_word_id *list, size_t n)
{
	const struct lw_lex_word *dup;
	for (size_t i = 0; i < n; i++) {
		int rc = lw_lex_add(lex, list[i].word, list[i].id);
		if (rc)
			return rc == LW_EINVAL ? LW_ERULES : rc;
	}
	int rc = lw_lex_finish(lex, &dup);
	return rc == LW_EINVAL ? LW_ERULES : rc;
}

/* The child of a trie node reached by a byte, or 0 when there is none. */
static uint32_t trie_child(const struct lw_lex *lex, uint32_t node,
			   unsigned char b)
{
	if (node == 0)
		return lex->root_child[b];
	const struct lw_lex_node *n = &lex->nodes[node];
	for (uint32_t e = n->edges; e < n->edges + n->n_edges; e++) {
		if (lex->edge_bytes[e] >= b)
			return lex->edge_bytes[e] == b ? e + 1 : 0;
	}
	return 0;
}

/*
 * Whether a word of the lexicon may start at text[pos], by its first three
 * or six bytes (as far as the text goes), through the lexicon's hashed
 * filters: asked once the first two bytes passed.
 */
static inline int triple_may_match(const struct lw_lex *lex,
				   const unsigned char *s, size_t len,
				   size_t pos)
{
	if (pos + 2 >= len)
		return 1;
	unsigned h = hash3(s[pos], s[pos + 1], s[pos + 2]);
	if (lex->first_triples[h / 64] >> (h % 64) & 1u)
		return 1;
	if (len - pos < LW_LEX_LONG)
		return 0;
	h = hash_long(s + pos);
	return lex->first_longs[h / 64] >> (h % 64) & 1u;
}

/*
 * Whether a word of the lexicon may start at text[pos], by its first two
 * bytes (exact), then its first three or six, through the lexicon's
 * filters, which most of the positions left by the first byte's test fail,
 * in every script.
 */
static int prefix_may_match(const struct lw_lex *lex, const unsigned char *s,
			    size_t len, size_t pos)
{
	if (pos + 1 < len) {
		unsigned pair = pair_key(s + pos);
		if (!(lex->first_pairs[pair / 64] >> (pair % 64) & 1u))
			return 0;
	}
	return triple_may_match(lex, s, len, pos);
}

/*
 * Whether a word of the lexicon may start at text[pos]. First by its first
 * byte: no word starts with most bytes of a text (UTF-8 continuation bytes
 * never), and a word starting with an ASCII letter or digit always has its
 * start checked, so an ASCII letter (or digit) before it spoils it: inside
 * an ASCII word no word can stand. Then by the prefix filters.
 */
static int may_start_at(const struct lw_lex *lex, const char *text, size_t len,
			size_t pos, enum lw_edge edge)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned first = lex->first_byte[s[pos]];
	if (first == 0 || (pos > 0 && (first & ascii_kind[s[pos - 1]] &
				       spoiling_kinds(edge))))
		return 0;
	return prefix_may_match(lex, s, len, pos);
}

/*
 * The longest word starting at text[pos] that stands as a whole word: the
 * trie is walked as far as the text follows it (to the end of a tail at
 * most), and the words met on the way are tried longest first.
 */
static const struct lw_lex_word *walk_at(const struct lw_lex *lex,
					 const char *text, size_t len,
					 size_t pos, enum lw_edge edge)
{
	int longest = -1;
	uint32_t node = 0;
	for (size_t i = pos; i < len; i++) {
		node = trie_child(lex, node, (unsigned char)text[i]);
		if (node == 0)
			break;
		const struct lw_lex_node *n = &lex->nodes[node];
		if (n->word >= 0)
			longest = n->word;
		if (n->tail >= 0) {
			const struct lw_lex_word *w = &lex->words[n->tail];
			size_t done = i + 1 - pos;
			if (w->len - done <= len - (i + 1) &&
			    memcmp(text + i + 1, w->text + done,
				   w->len - done) == 0)
				longest = n->tail;
			break;
		}
	}
	for (int k = longest; k >= 0; k = lex->words[k].shorter)
		if (edges_ok(&lex->words[k], text, len, pos, edge))
			return &lex->words[k];
	return NULL;
}

/*
 * The longest word of the lexicon that starts at text[pos] and stands as a
 * whole word under the edge rule, or NULL.
 */
const struct lw_lex_word *lw_lex_at(const struct lw_lex *lex, const char *text,
				    size_t len, size_t pos, enum lw_edge edge)
{
	if (pos >= len || lex->n == 0 ||
	    !may_start_at(lex, text, len, pos, edge))
		return NULL;
	return walk_at(lex, text, len, pos, edge);
}

/*
 * Visit the first three bytes of every word of a set's lexicons, as the
 * set's table of them reads them: a two-byte word stands for itself
 * followed by any byte, a one-byte word for itself followed by any two.
 * With number_only, only mark in pair_row the pairs of first two bytes
 * that have a row in triples; else set the lexicon's bit in those rows.
 */
static void visit_first_three(struct lw_lex_set *set, int number_only)
{
	for (int i = 0; i < set->n; i++)
		for (size_t k = 0; k < set->lex[i]->n; k++) {
			const struct lw_lex_word *w = &set->lex[i]->words[k];
			const unsigned char *t = (const unsigned char *)w->text;
			unsigned lo1 = w->len > 1 ? t[1] : 0;
			unsigned hi1 = w->len > 1 ? t[1] : 255;
			unsigned lo2 = w->len > 2 ? t[2] : 0;
			unsigned hi2 = w->len > 2 ? t[2] : 255;
			uint16_t *pairs = set->pair_row + set->row[t[0]] * 256u;
			for (unsigned b1 = lo1; b1 <= hi1; b1++) {
				if (number_only) {
					pairs[b1] = 1;
					continue;
				}
				unsigned char *row =
					set->triples + pairs[b1] * 256u;
				for (unsigned b2 = lo2; b2 <= hi2; b2++)
					row[b2] |= (unsigned char)(1u << i);
			}
		}
}

/*
 * Add a finished lexicon, looked for under an edge rule, to a set, and
 * rebuild the set's table of first three bytes: row for the first byte,
 * pair_row for the first two, a row of triples for the third (the rows
 * are made only for the pairs that some word starts with, a few hundred,
 * and a text in one script reads only a few of them). Returns 0,
 * LW_ENOMEM, or LW_EINVAL when the set already holds LW_LEX_SET_MAX
 * lexicons.
 */
int lw_lex_set_add(struct lw_lex_set *set, const struct lw_lex *lex,
		   enum lw_edge edge)
{
	if (set->n == LW_LEX_SET_MAX)
		return LW_EINVAL;
	unsigned bit = 1u << set->n;
	set->lex[set->n] = lex;
	set->edge[set->n] = edge;
	set->n++;
	set->keep_after[0] |= (unsigned char)bit;
	if (!(spoiling_kinds(edge) & KIND_DIGIT))
		set->keep_after[KIND_DIGIT] |= (unsigned char)bit;
	unsigned rows = 1;
	for (int b = 0; b < 256; b++) {
		if (lex->first_byte[b])
			set->starts[b] |= (unsigned char)bit;
		set->row[b] = (unsigned char)(set->starts[b] ? rows++ : 0);
	}
	free(set->pair_row);
	free(set->triples);
	set->triples = NULL;
	set->pair_row = calloc((size_t)rows * 256, sizeof(*set->pair_row));
	if (!set->pair_row)
		return LW_ENOMEM;
	visit_first_three(set, 1);
	size_t n_rows = 1;
	for (size_t k = 0; k < (size_t)rows * 256; k++)
		if (set->pair_row[k])
			set->pair_row[k] = (uint16_t)n_rows++;
	set->triples = calloc(n_rows * 256, 1);
	if (!set->triples)
		return LW_ENOMEM;
	visit_first_three(set, 0);
	return LW_OK;
}

/* Free a set's tables and zero it (its lexicons are not its own). */
void lw_lex_set_free(struct lw_lex_set *set)
{
	free(set->pair_row);
	free(set->triples);
	memset(set, 0, sizeof(*set));
}

/* Remember a word found at start (the list grows as needed). */
static int finds_push(struct lw_lex_finds *finds, size_t start,
		      const struct lw_lex_word *word, int lex)
{
	if (finds->n == finds->cap) {
		size_t cap = finds->cap ? finds->cap * 2 : 32;
		struct lw_lex_found *v = realloc(finds->v, cap * sizeof(*v));
		if (!v)
			return LW_ENOMEM;
		finds->v = v;
		finds->cap = cap;
	}
	finds->v[finds->n++] = (struct lw_lex_found){start, word, lex};
	return LW_OK;
}

/* The index of the lowest set bit of a non-zero mask. */
static unsigned lowest_bit(uint64_t mask)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctzll(mask);
#else
	unsigned k = 0;
	while (!(mask & 1u)) {
		mask >>= 1;
		k++;
	}
	return k;
#endif
}

/*
 * For the lexicons of the set in lexes (whose words may start at at, by
 * their first three bytes and the byte before them), walk the tries of
 * those that pass their hashed prefix filters, and remember the words
 * standing there, in lexicon order.
 */
static int set_find_at(struct lw_lex_finds *finds, const struct lw_lex_set *set,
		       const char *text, size_t len, size_t at, unsigned lexes)
{
	const unsigned char *s = (const unsigned char *)text;
	for (int i = 0; lexes != 0; i++, lexes >>= 1) {
		const struct lw_lex_word *w;
		if (!(lexes & 1u) ||
		    !triple_may_match(set->lex[i], s, len, at) ||
		    !(w = walk_at(set->lex[i], text, len, at, set->edge[i])))
			continue;
		if (finds_push(finds, at, w, i))
			return LW_ENOMEM;
	}
	return LW_OK;
}

/* Positions of a text that lw_lex_set_scan tests together, with no branch
 * on the text, before it looks at the few that pass. */
#define SET_BLOCK 64

/*
 * Bit i set when byte i of the eight at bytes is not 0: the high bit of
 * each non-zero byte is made, without carries between bytes, and the eight
 * are gathered into the top byte by one multiplication. Which byte of the
 * number is the first in memory depends on the machine, and so does the
 * multiplier that keeps bit i for byte i.
 */
static unsigned nonzero_bytes(const unsigned char *bytes)
{
	const uint16_t one = 1;
	unsigned char low_first;
	uint64_t x;
	memcpy(&low_first, &one, 1);
	memcpy(&x, bytes, sizeof(x));
	x = (((x & UINT64_C(0x7F7F7F7F7F7F7F7F)) +
	      UINT64_C(0x7F7F7F7F7F7F7F7F)) |
	     x) &
	    UINT64_C(0x8080808080808080);
	uint64_t gather = low_first ? UINT64_C(0x0102040810204080)
				    : UINT64_C(0x8040201008040201);
	return (unsigned)((x >> 7) * gather >> 56);
}

/*
 * Test n <= SET_BLOCK positions p[0 .. n) together, p[-1] to p[n + 1]
 * being readable: into lexes[k], the lexicons of the set with a word
 * starting with the three bytes at p + k (row, pair_row and triples: three
 * look-ups, which most positions fail in every script) that the byte
 * before them leaves possible (an ASCII letter before a word starting with
 * an ASCII letter or digit spoils it under either edge rule, an ASCII
 * digit under LW_EDGE_NOT_ALNUM: keep_after). Returns the mask of the
 * positions with some lexicon left, made eight at a time once they are
 * all tested (setting a bit a position inside the loop took a sixth of
 * the scan's time). No branch depends on the text. lexes has room for
 * SET_BLOCK.
 */
static uint64_t set_test_block(const struct lw_lex_set *set,
			       const unsigned char *p, size_t n,
			       unsigned char *lexes)
{
	uint64_t passed = 0;
	for (size_t k = 0; k < n; k++) {
		const unsigned char *at = p + k;
		unsigned pair = set->pair_row[set->row[at[0]] * 256u + at[1]];
		unsigned spoil = ascii_kind[at[-1]] &
				 -(unsigned)(ascii_kind[at[0]] != 0);
		lexes[k] = set->triples[pair * 256u + at[2]] &
			   set->keep_after[spoil];
	}
	memset(lexes + n, 0, SET_BLOCK - n);
	for (size_t k = 0; k < SET_BLOCK; k += 8)
		passed |= (uint64_t)nonzero_bytes(lexes + k) << k;
	return passed;
}

/*
 * Find, in one pass, every position of the text where a lexicon of the set
 * has a word standing (what lw_lex_at would answer there), replacing what
 * finds held. The positions are taken SET_BLOCK at a time: the first test
 * (set_test_block) is made for all of them into a bit mask, and only the
 * positions it left are visited in order, with the hashed filters and the
 * trie walk. The loop this replaces stopped at each byte some word starts
 * with and at each ASCII word, and branched on what it found there; on
 * the mixed scripts of the benchmark corpus it took 1.5 times as long, its
 * branches mispredicted about once a stop. The first block and the last
 * (whose look-ups would read outside the text) are tested in a copy with
 * NULs around the text: a NUL before its start spoils nothing, as the
 * start of a text must not, and whatever bytes follow its end, a word of
 * one or two bytes there passes (its rows take any byte after it), and a
 * longer word running past the end, if it passes, fails the walk, which
 * reads the text itself. Returns 0 or LW_ENOMEM.
 */
int lw_lex_set_scan(struct lw_lex_finds *finds, const struct lw_lex_set *set,
		    const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	finds->n = 0;
	memset(finds->at, 0, sizeof(finds->at));
	for (size_t at = 0; at < len; at += SET_BLOCK) {
		unsigned char lexes[SET_BLOCK], padded[SET_BLOCK + 3];
		size_t n = len - at < SET_BLOCK ? len - at : SET_BLOCK;
		const unsigned char *p = s + at;
		if (at == 0 || len - at < n + 2) {
			size_t copied = len - at < n + 2 ? len - at : n + 2;
			memset(padded, 0, sizeof(padded));
			if (at > 0)
				padded[0] = s[at - 1];
			memcpy(padded + 1, p, copied);
			p = padded + 1;
		}
		uint64_t passed = set_test_block(set, p, n, lexes);
		while (passed) {
			unsigned k = lowest_bit(passed);
			passed &= passed - 1;
			if (set_find_at(finds, set, text, len, at + k,
					lexes[k]))
				return LW_ENOMEM;
		}
	}
	return LW_OK;
}

/*
 * The first word of lexicon lex of the set that lw_lex_set_scan found at
 * or after pos, with its offset in *start; NULL when there is none. What
 * lw_lex_at would find at the first position from pos where it finds one.
 * pos must not go down from one call to the next for a lexicon: each
 * lexicon's cursor only moves forward, so a whole scan stays linear.
 */
const struct lw_lex_word *lw_lex_next(struct lw_lex_finds *finds, int lex,
				      size_t pos, size_t *start)
{
	size_t k = finds->at[lex];
	while (k < finds->n &&
	       (finds->v[k].lex != lex || finds->v[k].start < pos))
		k++;
	finds->at[lex] = k;
	if (k == finds->n)
		return NULL;
	*start = finds->v[k].start;
	return finds->v[k].word;
}

/* Free what a list of found words holds and zero it. */
void lw_lex_finds_clear(struct lw_lex_finds *finds)
{
	free(finds->v);
	memset(finds, 0, sizeof(*finds));
}

/* The longest word that ends just before text[end], as lw_lex_at (here
 * the few words sharing the last byte are compared one by one). */
const struct lw_lex_word *lw_lex_ending(const struct lw_lex *lex,
					const char *text, size_t len,
					size_t end, enum lw_edge edge)
{
	if (end == 0 || end > len || lex->n == 0)
		return NULL;
	unsigned char b = (unsigned char)text[end - 1];
	for (size_t k = lex->last_at[b]; k < lex->last_at[b + 1]; k++) {
		const struct lw_lex_word *w = &lex->words[lex->by_last[k]];
		if (w->len <= end &&
		    memcmp(text + end - w->len, w->text, w->len) == 0 &&
		    edges_ok(w, text, len, end - w->len, edge))
			return w;
	}
	return NULL;
}

/* Free a lexicon's words and indexes and zero it. */
void lw_lex_free(struct lw_lex *lex)
{
	for (size_t i = 0; i < lex->n; i++)
		free(lex->words[i].text);
	free(lex->words);
	free(lex->nodes);
	free(lex->edge_bytes);
	free(lex->by_last);
	memset(lex, 0, sizeof(*lex));
}

/* ------------------------------------------------------------------------
 * Hits
 * --------------------------------------------------------------------- */

/*
 * Append a zeroed hit of a kind and span and return it for the caller to
 * fill in, or NULL when out of memory. monthly_usd starts at -1 ("unknown")
 * so that only the money extractor ever sets a figure.
 */
lw_xhit *lw_xhits_push(lw_xhits *hits, lw_xkind kind, size_t start, size_t end)
{
	if (hits->n == hits->cap) {
		size_t cap = hits->cap ? hits->cap * 2 : 16;
		lw_xhit *v = realloc(hits->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		hits->v = v;
		hits->cap = cap;
	}
	lw_xhit *h = &hits->v[hits->n++];
	memset(h, 0, sizeof(*h));
	h->kind = kind;
	h->start = start;
	h->end = end;
	h->monthly_usd = -1;
	return h;
}

/*
 * Copy n bytes of UTF-8 into a fixed field, cutting at a code point
 * boundary when it does not fit, and NUL-terminate it.
 */
void lw_copy_value(char *dst, size_t dstlen, const char *src, size_t n)
{
	if (n >= dstlen) {
		n = dstlen - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Copy a string into a fixed field, cut to fit byte-wise exactly as
 * snprintf(dst, dstlen, "%s", src) would: the names of hit fields are
 * short, and a call to snprintf per hit cost more than finding it.
 */
void lw_copy_string(char *dst, size_t dstlen, const char *src)
{
	size_t n = strlen(src);
	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void lw_xhits_clear(lw_xhits *hits)
{
	free(hits->v);
	memset(hits, 0, sizeof(*hits));
}

const char *lw_xkind_name(lw_xkind kind)
{
	static const char *const names[LW_X_KIND_COUNT] = {
		[LW_X_MONEY] = "money",
		[LW_X_CONTACT] = "contact",
		[LW_X_URL] = "url",
		[LW_X_PLACE] = "place",
	};
	return (unsigned)kind < LW_X_KIND_COUNT ? names[kind] : "unknown";
}

/* Remember hits [from, to) of a list as taken (at most four runs). */
void lw_taken_add(struct lw_taken *taken, const lw_xhits *hits, size_t from,
		  size_t to)
{
	if (taken->n < (int)(sizeof(taken->runs) / sizeof(taken->runs[0])))
		taken->runs[taken->n++] =
			(struct lw_taken_run){hits, from, to, from};
}

/*
 * Whether [start, end) overlaps a taken hit. Each run's cursor moves past
 * hits that end before start, which is safe because queries come in
 * increasing start order and the hits of one run do not overlap.
 */
int lw_taken_overlaps(struct lw_taken *taken, size_t start, size_t end)
{
	for (int r = 0; r < taken->n; r++) {
		struct lw_taken_run *run = &taken->runs[r];
		while (run->at < run->to && run->hits->v[run->at].end <= start)
			run->at++;
		if (run->at < run->to && run->hits->v[run->at].start < end)
			return 1;
	}
	return 0;
}

/*
 * Run every extractor. Money and links run first so that the contact
 * extractor can leave their digits alone ("7.000.000 rupiah" and
 * "bit.ly/12345678" hold no phone numbers). The words the contact and
 * place extractors look for everywhere are found first, in one pass.
 */
int lw_extract_all(lw_xhits *out, const lw_xdata *data, const char *text,
		   size_t len)
{
	struct lw_taken taken = {0};
	struct lw_lex_finds words = {0};
	size_t from = out->n;
	int rc = lw_extract_money(out, data, text, len);
	if (rc)
		return rc;
	lw_taken_add(&taken, out, from, out->n);
	from = out->n;
	rc = lw_extract_url(out, data, text, len);
	if (rc)
		return rc;
	lw_taken_add(&taken, out, from, out->n);
	if (!(rc = lw_lex_set_scan(&words, &data->scan_set, text, len)) &&
	    !(rc = lw_extract_contact(out, data, text, len, &taken, &words)))
		rc = lw_extract_place(out, data, &words);
	lw_lex_finds_clear(&words);
	return rc;
}

/* ------------------------------------------------------------------------
 * Loading the tables
 * --------------------------------------------------------------------- */

/* A malloc'd copy of a string (strdup is not in C11). NULL when out of
 * memory. */
static char *copy_string(const char *s)
{
	size_t n = strlen(s) + 1;
	char *copy = malloc(n);
	if (copy)
		memcpy(copy, s, n);
	return copy;
}

/* One table file being loaded: its path for messages, and the error sink. */
struct loader {
	char path[1024];
	char *err;
	size_t errlen;
};

/*
 * Report a schema error as "FILE:1: message" and return LW_ERULES. jansson
 * keeps no line numbers once a file is parsed, so schema errors point at
 * line 1 and name the exact JSON path instead.
 */
LW_PRINTF(2, 3)
static int schema_error(struct loader *ld, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(ld->err, ld->errlen, "%s:1: %s", ld->path, msg);
	return LW_ERULES;
}

/*
 * Parse one table file. Syntax errors carry jansson's line number; a file
 * that cannot be read is LW_EIO.
 */
static int open_table(json_t **out, struct loader *ld, const char *dir,
		      const char *name)
{
	json_error_t jerr;
	snprintf(ld->path, sizeof(ld->path), "%s/%s", dir, name);
	FILE *f = fopen(ld->path, "rb");
	if (!f) {
		snprintf(ld->err, ld->errlen, "%s:0: cannot open: %s", ld->path,
			 strerror(errno));
		return LW_EIO;
	}
	*out = lw_json_read(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (*out && json_is_object(*out))
		return LW_OK;
	if (*out) {
		json_decref(*out);
		*out = NULL;
		return schema_error(ld, "the top level must be an object");
	}
	snprintf(ld->err, ld->errlen, "%s:%d: %s", ld->path,
		 jerr.line > 0 ? jerr.line : 0, jerr.text);
	return LW_ERULES;
}

/* Refuse keys of obj not in the NULL-terminated list allowed. */
static int check_keys(struct loader *ld, json_t *obj, const char *where,
		      const char *const *allowed)
{
	const char *key;
	json_t *value;
	json_object_foreach(obj, key, value)
	{
		const char *const *a = allowed;
		while (*a && strcmp(*a, key) != 0)
			a++;
		if (!*a)
			return schema_error(ld, "%s: unknown key \"%s\"", where,
					    key);
	}
	return LW_OK;
}

/* Fetch obj[key] as a string; optional keys may be missing (*out NULL). */
static int get_string(struct loader *ld, json_t *obj, const char *key,
		      const char *where, int required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v)
		return required ? schema_error(ld, "%s: \"%s\" is missing",
					       where, key)
				: LW_OK;
	if (!json_is_string(v))
		return schema_error(ld, "%s: \"%s\" must be a string", where,
				    key);
	*out = json_string_value(v);
	return LW_OK;
}

/* Fetch obj[key] as a number greater than zero. */
static int get_positive(struct loader *ld, json_t *obj, const char *key,
			const char *where, double *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return schema_error(ld, "%s: \"%s\" is missing", where, key);
	if (!json_is_number(v) || json_number_value(v) <= 0)
		return schema_error(ld, "%s: \"%s\" must be a number above 0",
				    where, key);
	*out = json_number_value(v);
	return LW_OK;
}

/*
 * Fetch obj[key] as an array whose items are all strings (possibly empty
 * when not required). Returns the array through *out, NULL when missing.
 */
static int get_string_array(struct loader *ld, json_t *obj, const char *key,
			    const char *where, int required, json_t **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v)
		return required ? schema_error(ld, "%s: \"%s\" is missing",
					       where, key)
				: LW_OK;
	if (!json_is_array(v))
		return schema_error(ld, "%s: \"%s\" must be an array", where,
				    key);
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item)
	{
		if (!json_is_string(item) || json_string_length(item) == 0)
			return schema_error(ld,
					    "%s: \"%s\"[%zu] must be a "
					    "non-empty string",
					    where, key, i);
	}
	*out = v;
	return LW_OK;
}

/* Check a country code: two upper-case ASCII letters. */
static int check_country(struct loader *ld, const char *code, const char *where)
{
	if (strlen(code) != 2 || code[0] < 'A' || code[0] > 'Z' ||
	    code[1] < 'A' || code[1] > 'Z')
		return schema_error(ld,
				    "%s: \"country\" must be a 2-letter "
				    "upper-case ISO code, not \"%s\"",
				    where, code);
	return LW_OK;
}

/* Fetch the array of entries of a table, which must hold at least one. */
static int get_entries(struct loader *ld, json_t *root, const char *key,
		       json_t **out)
{
	*out = json_object_get(root, key);
	if (!json_is_array(*out) || json_array_size(*out) == 0)
		return schema_error(ld, "\"%s\" must be a non-empty array",
				    key);
	return LW_OK;
}

/*
 * Describe entry i of a table for messages: `entry 14 ("Bavet")`, using
 * the entry's label key when it has one.
 */
static void describe_entry(char *buf, size_t n, size_t i, json_t *entry,
			   const char *label_key)
{
	json_t *label = json_object_get(entry, label_key);
	if (json_is_string(label))
		snprintf(buf, n, "entry %zu (\"%s\")", i,
			 json_string_value(label));
	else
		snprintf(buf, n, "entry %zu", i);
}

/* Add every string of a JSON array to a lexicon under one id. */
static int add_words(struct loader *ld, struct lw_lex *lex, json_t *array,
		     int id, const char *where, const char *key)
{
	size_t i;
	json_t *item;
	json_array_foreach(array, i, item)
	{
		int rc = lw_lex_add(lex, json_string_value(item), id);
		if (rc == LW_EINVAL)
			return schema_error(ld,
					    "%s: \"%s\"[%zu] is empty "
					    "once normalised",
					    where, key, i);
		if (rc)
			return rc;
	}
	return LW_OK;
}

/* Finish a lexicon built from a table, reporting a duplicate word. */
static int finish_words(struct loader *ld, struct lw_lex *lex)
{
	const struct lw_lex_word *dup;
	int rc = lw_lex_finish(lex, &dup);
	if (rc == LW_EINVAL)
		return schema_error(ld,
				    "the name \"%s\" is listed twice "
				    "(after normalisation)",
				    dup->text);
	return rc;
}

/* Load currencies.json: codes, rates and the words that name them. */
static int load_currencies(struct lw_xdata *d, struct loader *ld,
			   const char *dir)
{
	static const char *const top_keys[] = {"as_of", "source", "note",
					       "currencies", NULL};
	static const char *const keys[] = {"code",  "per_usd", "symbols",
					   "words", "notes",   NULL};
	json_t *root, *list, *entry;
	const char *s;
	size_t i;
	int rc = open_table(&root, ld, dir, "currencies.json");
	if (rc)
		return rc;
	if ((rc = check_keys(ld, root, "top level", top_keys)) ||
	    (rc = get_string(ld, root, "as_of", "top level", 1, &s)) ||
	    (rc = get_entries(ld, root, "currencies", &list)))
		goto done;
	d->currencies = calloc(json_array_size(list), sizeof(*d->currencies));
	if (!d->currencies) {
		rc = LW_ENOMEM;
		goto done;
	}
	json_array_foreach(list, i, entry)
	{
		char where[160];
		const char *code;
		json_t *symbols, *words;
		struct lw_currency *c = &d->currencies[i];
		describe_entry(where, sizeof(where), i, entry, "code");
		if (!json_is_object(entry)) {
			rc = schema_error(ld, "%s must be an object", where);
			goto done;
		}
		if ((rc = check_keys(ld, entry, where, keys)) ||
		    (rc = get_string(ld, entry, "code", where, 1, &code)) ||
		    (rc = get_positive(ld, entry, "per_usd", where,
				       &c->per_usd)) ||
		    (rc = get_string_array(ld, entry, "symbols", where, 0,
					   &symbols)) ||
		    (rc = get_string_array(ld, entry, "words", where, 0,
					   &words)))
			goto done;
		size_t n = strlen(code);
		if (n < 3 || n >= sizeof(c->code) ||
		    strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n) {
			rc = schema_error(ld,
					  "%s: \"code\" must be an upper-case "
					  "ISO 4217 code (or USDT)",
					  where);
			goto done;
		}
		memcpy(c->code, code, n + 1);
		d->n_currencies = i + 1;
		if ((symbols && (rc = add_words(ld, &d->currency_words, symbols,
						(int)i, where, "symbols"))) ||
		    (words && (rc = add_words(ld, &d->currency_words, words,
					      (int)i, where, "words"))))
			goto done;
	}
	rc = finish_words(ld, &d->currency_words);
done:
	json_decref(root);
	return rc;
}

/* Load places.json: the gazetteer of hotspots, transit points, countries. */
static int load_places(struct lw_xdata *d, struct loader *ld, const char *dir)
{
	static const char *const top_keys[] = {"note", "places", NULL};
	static const char *const keys[] = {
		"name", "country", "kind", "names", "sources", "notes", NULL};
	static const char *const kinds[] = {"hotspot", "transit", "country",
					    NULL};
	json_t *root, *list, *entry;
	size_t i;
	int rc = open_table(&root, ld, dir, "places.json");
	if (rc)
		return rc;
	if ((rc = check_keys(ld, root, "top level", top_keys)) ||
	    (rc = get_entries(ld, root, "places", &list)))
		goto done;
	d->places = calloc(json_array_size(list), sizeof(*d->places));
	if (!d->places) {
		rc = LW_ENOMEM;
		goto done;
	}
	json_array_foreach(list, i, entry)
	{
		char where[160];
		const char *name, *country, *kind, *notes;
		json_t *names, *sources;
		struct lw_place *p = &d->places[i];
		describe_entry(where, sizeof(where), i, entry, "name");
		if (!json_is_object(entry)) {
			rc = schema_error(ld, "%s must be an object", where);
			goto done;
		}
		if ((rc = check_keys(ld, entry, where, keys)) ||
		    (rc = get_string(ld, entry, "name", where, 1, &name)) ||
		    (rc = get_string(ld, entry, "country", where, 1,
				     &country)) ||
		    (rc = check_country(ld, country, where)) ||
		    (rc = get_string(ld, entry, "kind", where, 1, &kind)) ||
		    (rc = get_string_array(ld, entry, "names", where, 0,
					   &names)) ||
		    (rc = get_string_array(ld, entry, "sources", where, 1,
					   &sources)) ||
		    (rc = get_string(ld, entry, "notes", where, 0, &notes)))
			goto done;
		const char *const *k = kinds;
		while (*k && strcmp(*k, kind) != 0)
			k++;
		if (!*k) {
			rc = schema_error(ld,
					  "%s: \"kind\" must be hotspot, "
					  "transit or country",
					  where);
			goto done;
		}
		p->name = copy_string(name);
		if (!p->name) {
			rc = LW_ENOMEM;
			goto done;
		}
		memcpy(p->country, country, 3);
		snprintf(p->kind, sizeof(p->kind), "%s", kind);
		d->n_places = i + 1;
		if ((rc = lw_lex_add(&d->place_names, name, (int)i)) ||
		    (names && (rc = add_words(ld, &d->place_names, names,
					      (int)i, where, "names"))))
			goto done;
	}
	rc = finish_words(ld, &d->place_names);
done:
	json_decref(root);
	return rc;
}

/* Load wages.json: typical low-skill monthly wage per country in USD. */
static int load_wages(struct lw_xdata *d, struct loader *ld, const char *dir)
{
	static const char *const top_keys[] = {"as_of", "note", "wages", NULL};
	static const char *const keys[] = {"country", "monthly_usd", "as_of",
					   "basis",   "approximate", "sources",
					   "notes",   NULL};
	json_t *root, *list, *entry;
	const char *s;
	size_t i;
	int rc = open_table(&root, ld, dir, "wages.json");
	if (rc)
		return rc;
	if ((rc = check_keys(ld, root, "top level", top_keys)) ||
	    (rc = get_string(ld, root, "as_of", "top level", 1, &s)) ||
	    (rc = get_entries(ld, root, "wages", &list)))
		goto done;
	d->wages = calloc(json_array_size(list), sizeof(*d->wages));
	if (!d->wages) {
		rc = LW_ENOMEM;
		goto done;
	}
	json_array_foreach(list, i, entry)
	{
		char where[160];
		const char *country;
		json_t *sources;
		struct lw_wage *w = &d->wages[i];
		describe_entry(where, sizeof(where), i, entry, "country");
		if (!json_is_object(entry)) {
			rc = schema_error(ld, "%s must be an object", where);
			goto done;
		}
		if ((rc = check_keys(ld, entry, where, keys)) ||
		    (rc = get_string(ld, entry, "country", where, 1,
				     &country)) ||
		    (rc = check_country(ld, country, where)) ||
		    (rc = get_positive(ld, entry, "monthly_usd", where,
				       &w->monthly_usd)) ||
		    (rc = get_string(ld, entry, "as_of", where, 1, &s)) ||
		    (rc = get_string(ld, entry, "basis", where, 1, &s)) ||
		    (rc = get_string_array(ld, entry, "sources", where, 1,
					   &sources)) ||
		    (rc = get_string(ld, entry, "notes", where, 0, &s)))
			goto done;
		if (!json_is_boolean(json_object_get(entry, "approximate"))) {
			rc = schema_error(ld,
					  "%s: \"approximate\" must be true "
					  "or false",
					  where);
			goto done;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(d->wages[k].country, country) == 0) {
				rc = schema_error(
					ld, "%s: country listed twice", where);
				goto done;
			}
		memcpy(w->country, country, 3);
		d->n_wages = i + 1;
	}
done:
	json_decref(root);
	return rc;
}

/*
 * Load a list of domains (freemail.json, shorteners.json): an object with
 * a "note" and one array of lower-case host names under list_key.
 */
static int load_domains(char ***out, size_t *n_out, struct loader *ld,
			const char *dir, const char *file, const char *list_key)
{
	const char *const top_keys[] = {"note", list_key, NULL};
	json_t *root, *list, *item;
	size_t i;
	int rc = open_table(&root, ld, dir, file);
	if (rc)
		return rc;
	if ((rc = check_keys(ld, root, "top level", top_keys)) ||
	    (rc = get_string_array(ld, root, list_key, "top level", 1, &list)))
		goto done;
	*out = calloc(json_array_size(list) + 1, sizeof(char *));
	if (!*out) {
		rc = LW_ENOMEM;
		goto done;
	}
	json_array_foreach(list, i, item)
	{
		const char *host = json_string_value(item);
		if (strspn(host, "abcdefghijklmnopqrstuvwxyz0123456789.-*") !=
		    strlen(host)) {
			rc = schema_error(ld,
					  "\"%s\"[%zu]: \"%s\" must be a "
					  "lower-case host name",
					  list_key, i, host);
			goto done;
		}
		(*out)[i] = copy_string(host);
		if (!(*out)[i]) {
			rc = LW_ENOMEM;
			goto done;
		}
		*n_out = i + 1;
	}
done:
	json_decref(root);
	return rc;
}

int lw_xdata_load(lw_xdata **out, const char *data_dir, char *err,
		  size_t errlen)
{
	struct loader ld = {.err = err, .errlen = errlen};
	struct lw_xdata *d = calloc(1, sizeof(*d));
	int rc;
	*out = NULL;
	if (errlen > 0)
		err[0] = '\0';
	if (!d)
		return LW_ENOMEM;
	if ((rc = load_currencies(d, &ld, data_dir)) ||
	    (rc = load_places(d, &ld, data_dir)) ||
	    (rc = load_wages(d, &ld, data_dir)) ||
	    (rc = load_domains(&d->freemail, &d->n_freemail, &ld, data_dir,
			       "freemail.json", "domains")) ||
	    (rc = load_domains(&d->shorteners, &d->n_shorteners, &ld, data_dir,
			       "shorteners.json", "hosts")) ||
	    (rc = lw_money_grammar_load(d)) ||
	    (rc = lw_contact_grammar_load(d))) {
		if (rc == LW_ENOMEM)
			snprintf(err, errlen, "%s: out of memory", data_dir);
		else if (errlen > 0 && err[0] == '\0')
			snprintf(err, errlen,
				 "%s: the extractors' built-in word lists hold "
				 "a duplicate or empty word",
				 data_dir);
		lw_xdata_free(d);
		return rc;
	}
	if ((rc = lw_lex_set_add(&d->scan_set, &d->chat_keywords,
				 LW_EDGE_NOT_LETTER)) ||
	    (rc = lw_lex_set_add(&d->scan_set, &d->digit_words,
				 LW_EDGE_NOT_ALNUM)) ||
	    (rc = lw_lex_set_add(&d->scan_set, &d->place_names,
				 LW_EDGE_NOT_ALNUM))) {
		snprintf(err, errlen, "%s: out of memory", data_dir);
		lw_xdata_free(d);
		return rc;
	}
	*out = d;
	return LW_OK;
}

void lw_xdata_free(lw_xdata *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_places; i++)
		free(d->places[i].name);
	for (size_t i = 0; i < d->n_freemail; i++)
		free(d->freemail[i]);
	for (size_t i = 0; i < d->n_shorteners; i++)
		free(d->shorteners[i]);
	free(d->currencies);
	free(d->places);
	free(d->wages);
	free(d->freemail);
	free(d->shorteners);
	free(d->multiplier_currency);
	lw_lex_free(&d->currency_words);
	lw_lex_free(&d->place_names);
	lw_lex_free(&d->multipliers);
	lw_lex_free(&d->period_words);
	lw_lex_free(&d->period_links);
	lw_lex_free(&d->period_units);
	lw_lex_free(&d->range_links);
	lw_lex_free(&d->chat_keywords);
	lw_lex_free(&d->digit_words);
	lw_lex_set_free(&d->scan_set);
	free(d);
}

double lw_xdata_wage(const lw_xdata *data, const char *country)
{
	if (!data || !country || strlen(country) != 2)
		return -1;
	char code[3] = {(char)(country[0] & ~0x20), (char)(country[1] & ~0x20),
			'\0'};
	for (size_t i = 0; i < data->n_wages; i++)
		if (strcmp(data->wages[i].country, code) == 0)
			return data->wages[i].monthly_usd;
	return -1;
}
