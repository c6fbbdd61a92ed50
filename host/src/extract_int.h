/*
 * extract_int.h - what the extractor files share: the loaded tables, the
 * word lists ("lexicons") they look words up in, and small text helpers.
 *
 * Every extractor scans the matching view left to right once. Where it has
 * to recognise one of many words (currency names, gazetteer names, chat-app
 * names, period words...) it asks a lexicon for the longest word that
 * starts, or ends, at one position. A lexicon keeps its words in a trie
 * (byte by byte, up to where a word parts from all the others; its rest
 * is then compared at once), so a lookup at a position reads the text
 * only as far as some word still matches it, whatever the number of
 * words. Lookups of a word that ends at a position (only around amounts
 * of money) compare the few words sharing its last byte. A whole scan
 * stays linear in the text length. The three lexicons whose words are
 * looked for everywhere (chat apps, digit words, place names) are
 * searched together in one pass before the extractors run, and each scan
 * then takes their words from that list in order, as if it had looked for
 * them itself.
 */
#ifndef LW_EXTRACT_INT_H
#define LW_EXTRACT_INT_H

#include "extract.h"

#include <stddef.h>
#include <stdint.h>

/** Periods an amount of money can be quoted for. */
enum lw_period {
	LW_PERIOD_NONE = 0,
	LW_PERIOD_MONTH,
	LW_PERIOD_DAY,
	LW_PERIOD_WEEK,
	LW_PERIOD_HOUR,
	LW_PERIOD_YEAR
};

/** What must surround a lexicon word for it to count as found. */
enum lw_edge {
	/** A letter or digit next to the word spoils it (names, keywords). */
	LW_EDGE_NOT_ALNUM,
	/** Only a letter next to the word spoils it ("rp7", "50k", "usd1500").
	 */
	LW_EDGE_NOT_LETTER
};

/** One word of a lexicon, already in matching-view form. */
struct lw_lex_word {
	char *text;
	size_t len;
	/** What the word stands for: an index into a table of its owner. */
	int id;
	/** The longest other word of the lexicon that is a prefix of this
	 *  one (an index into words), or -1: where this word does not stand
	 *  as a whole word, that one is tried next. */
	int shorter;
	/** Whether the word begins / ends with a letter of a script written
	 *  with spaces, so that the neighbouring code point must be checked.
	 *  Thai, Lao, Khmer, Burmese and Chinese letters never need it. */
	unsigned char check_before, check_after;
};

/** Words this long or longer are filtered by their first LW_LEX_LONG bytes
 *  (lw_lex.first_longs), two characters of most scripts. */
#define LW_LEX_LONG 6

/** A node of a lexicon's trie: one prefix of its words. */
struct lw_lex_node {
	/** Its children are the nodes edges + 1 .. edges + n_edges, reached
	 *  by the bytes edge_bytes[edges .. edges + n_edges) in increasing
	 *  order. */
	uint32_t edges, n_edges;
	/** The word equal to this prefix (an index into words), or -1. */
	int32_t word;
	/** When only one longer word begins with this prefix: that word
	 *  (whose rest is compared with the text at once, the node having no
	 *  children); else -1. */
	int32_t tail;
};

/** A set of words in a trie, and indexed by last byte. */
struct lw_lex {
	struct lw_lex_word *words; /**< sorted bytewise */
	size_t n, cap;
	/** The trie; node 0 is the empty prefix and no node's child, so a
	 *  child index of 0 means "none". */
	struct lw_lex_node *nodes;
	unsigned char *edge_bytes;
	uint32_t root_child[256]; /**< the root's child for each byte */
	size_t *by_last;	  /**< word indexes sorted by last byte, longest
				     first */
	size_t last_at[257];	  /**< words[by_last[last_at[b] ..
				     last_at[b+1])] end with byte b */
	/** Filters on how words start, tried before the trie is walked at
	 *  a position (most positions of a text fail them). first_pairs has
	 *  the bit pair_key(b0 b1) of extract.c set when a word starts with
	 *  bytes b0 b1 (for a one-byte word, with any b1): exact. Then
	 *  first_triples has the bit hash3(b0, b1, b2) set when a word
	 *  shorter than LW_LEX_LONG bytes starts with those three bytes (for
	 *  a two-byte word, with any b2; a one-byte word sets every bit), and
	 *  first_longs the bit hash_long(b0 .. b5) when a longer word starts
	 *  with those six: a word can only start where one of the two is set
	 *  (the second only where six bytes are left). Both are hashed, so
	 *  they may let a few positions through, which the walk then rejects,
	 *  but they stop most of the letters of Thai, Devanagari, Chinese or
	 *  Cyrillic text that only share their first character with a word
	 *  (three bytes are one character there, or one and a half). */
	uint64_t first_pairs[65536 / 64];
	uint64_t first_triples[65536 / 64];
	uint64_t first_longs[65536 / 64];
	/** Cheaper still, and asked first: for each byte, 0 when no word
	 *  starts with it (every UTF-8 continuation byte, most punctuation),
	 *  else LW_LEX_START_ASCII when it is an ASCII letter or digit (whose
	 *  start an ASCII letter or digit before it may spoil), else
	 *  LW_LEX_START_OTHER. */
	unsigned char first_byte[256];
};

/** Values of lw_lex.first_byte other than 0 (see there). The bits of
 *  LW_LEX_START_ASCII are both those of extract.c's ascii_kind table, so
 *  that one AND with the kind of the byte before tells whether that byte
 *  spoils the start. */
enum { LW_LEX_START_ASCII = 3, LW_LEX_START_OTHER = 4 };

/** At most this many lexicons make a struct lw_lex_set. */
#define LW_LEX_SET_MAX 4

/**
 * Lexicons whose words are looked for everywhere in a text, each under
 * its edge rule, found together in one pass (lw_lex_set_scan) rather than
 * in one pass each: every position is tested once for all of them, by its
 * first three bytes (an exact table) and the byte before it, and only the
 * few positions left walk the lexicons' tries.
 */
struct lw_lex_set {
	const struct lw_lex *lex[LW_LEX_SET_MAX];
	enum lw_edge edge[LW_LEX_SET_MAX];
	int n;
	/** Bit i set: a word of lex[i] starts with the byte. */
	unsigned char starts[256];
	/** For a byte some word starts with, its row (from 1) in pair_row;
	 *  else 0. */
	unsigned char row[256];
	/** pair_row[row[b0] * 256 + b1]: for bytes b0 b1 that some word
	 *  starts with (or b0 a one-byte word), their row (from 1) in
	 *  triples; else 0. */
	uint16_t *pair_row;
	/** triples[pair_row[...] * 256 + b2], bit i set: a word of lex[i]
	 *  starts with bytes b0 b1 b2 (or is b0 b1, or b0): exact, for all
	 *  the set's lexicons with three look-ups. Row 0 is all 0. */
	unsigned char *triples;
	/** Indexed by the ascii_kind (extract.c) of the byte before a word
	 *  starting with an ASCII letter or digit: bit i set when that byte
	 *  leaves a word of lex[i] possible (always before a byte of kind 0,
	 *  never after an ASCII letter, after a digit under
	 *  LW_EDGE_NOT_LETTER). */
	unsigned char keep_after[4];
};

/** A word found by lw_lex_set_scan. */
struct lw_lex_found {
	size_t start;
	const struct lw_lex_word *word;
	int lex; /**< which lexicon of the set */
};

/** The words found in one text, in start order, and a cursor per
 *  lexicon for lw_lex_next. Zero-initialise before first use. */
struct lw_lex_finds {
	struct lw_lex_found *v;
	size_t n, cap;
	size_t at[LW_LEX_SET_MAX];
};

/** The lexicons of struct lw_xdata's scan_set, in order. */
enum { LW_SCAN_CHAT, LW_SCAN_DIGITS, LW_SCAN_PLACES };

/** The extractors' reference tables. */
struct lw_xdata {
	struct lw_currency {
		char code[8];
		double per_usd; /**< units of this currency per US dollar */
	} * currencies;
	size_t n_currencies;
	struct lw_lex currency_words; /**< id: index in currencies */

	struct lw_place {
		char *name;
		char country[3];
		char kind[16];
	} * places;
	size_t n_places;
	struct lw_lex place_names; /**< id: index in places */

	struct lw_wage {
		char country[3];
		double monthly_usd;
	} * wages;
	size_t n_wages;

	char **freemail; /**< domains; "yahoo.*" stands for any yahoo.TLD */
	size_t n_freemail;
	char **shorteners;
	size_t n_shorteners;

	/** Grammar words of the money extractor (built from tables in
	 *  extract_money.c, folded like the data). */
	struct lw_lex multipliers;   /**< id: index in the multiplier table */
	struct lw_lex period_words;  /**< "monthly", "月薪"; id: lw_period */
	struct lw_lex period_links;  /**< "per", "/", "mỗi"; id unused */
	struct lw_lex period_units;  /**< "month", "tháng"; id: lw_period */
	struct lw_lex range_links;   /**< "-", "to", "đến"; id unused */
	int *multiplier_currency;    /**< per multiplier: implied currency
					index, or -1 */
	struct lw_lex chat_keywords; /**< id: index in the chat table */
	struct lw_lex digit_words;   /**< "nine", "sembilan"; id: digit */
	/** The bytes an amount of money can start with (digits, and the
	 *  first bytes of 过, 過, 上, 破 before 万): lw_next_stop's stops. */
	unsigned char amount_first[256];
	/** chat_keywords, digit_words and place_names, scanned together
	 *  (the order of LW_SCAN_CHAT...). */
	struct lw_lex_set scan_set;
};

/* Lexicons (extract.c). */
int lw_lex_add(struct lw_lex *lex, const char *word, int id);
/** A built-in grammar word and what it stands for. */
struct lw_word_id {
	const char *word;
	int id;
};
int lw_lex_build(struct lw_lex *lex, const struct lw_word_id *list, size_t n);
int lw_lex_finish(struct lw_lex *lex, const struct lw_lex_word **dup);
const struct lw_lex_word *lw_lex_at(const struct lw_lex *lex, const char *text,
				    size_t len, size_t pos, enum lw_edge edge);
const struct lw_lex_word *lw_lex_ending(const struct lw_lex *lex,
					const char *text, size_t len,
					size_t end, enum lw_edge edge);
void lw_lex_free(struct lw_lex *lex);
int lw_lex_set_add(struct lw_lex_set *set, const struct lw_lex *lex,
		   enum lw_edge edge);
void lw_lex_set_free(struct lw_lex_set *set);
int lw_lex_set_scan(struct lw_lex_finds *finds, const struct lw_lex_set *set,
		    const char *text, size_t len);
const struct lw_lex_word *lw_lex_next(struct lw_lex_finds *finds, int lex,
				      size_t pos, size_t *start);
void lw_lex_finds_clear(struct lw_lex_finds *finds);

/* Hits (extract.c). */
lw_xhit *lw_xhits_push(lw_xhits *hits, lw_xkind kind, size_t start, size_t end);
void lw_copy_value(char *dst, size_t dstlen, const char *src, size_t n);
void lw_copy_string(char *dst, size_t dstlen, const char *src);

/* Text helpers (extract.c). */
static inline int lw_is_digit(char c)
{
	return c >= '0' && c <= '9';
}
size_t lw_skip_spaces(const char *text, size_t len, size_t pos, size_t max);

/**
 * The first position at or after pos whose byte is marked (non-zero) in
 * stops, a table of 256 entries, or len when there is none. For scans
 * that start only at rare bytes (digits): eight bytes are looked up at a
 * time, with one test for all of them, until a block holds a marked one.
 */
static inline size_t lw_next_stop(const unsigned char *stops, const char *text,
				  size_t len, size_t pos)
{
	const unsigned char *s = (const unsigned char *)text;
	while (pos + 8 <= len &&
	       !(stops[s[pos]] | stops[s[pos + 1]] | stops[s[pos + 2]] |
		 stops[s[pos + 3]] | stops[s[pos + 4]] | stops[s[pos + 5]] |
		 stops[s[pos + 6]] | stops[s[pos + 7]]))
		pos += 8;
	while (pos < len && !stops[s[pos]])
		pos++;
	return pos;
}
size_t lw_skip_spaces_back(const char *text, size_t pos, size_t floor,
			   size_t max);

/**
 * Hits already found that a later scan must not report again, as a few
 * sorted runs of the hit list with a cursor in each. Queries must come in
 * increasing start order (a left-to-right scan), which keeps the check
 * linear overall.
 */
struct lw_taken {
	struct lw_taken_run {
		const lw_xhits *hits;
		size_t from, to, at;
	} runs[4];
	int n;
};
void lw_taken_add(struct lw_taken *taken, const lw_xhits *hits, size_t from,
		  size_t to);
int lw_taken_overlaps(struct lw_taken *taken, size_t start, size_t end);

/* The grammar words of the extractors, kept beside the code that reads
 * them and folded into lexicons of data at load time. */
int lw_money_grammar_load(struct lw_xdata *data);
int lw_contact_grammar_load(struct lw_xdata *data);

/* The extractors proper. Each appends its hits in start order. */
int lw_extract_money(lw_xhits *out, const struct lw_xdata *data,
		     const char *text, size_t len);
int lw_extract_url(lw_xhits *out, const struct lw_xdata *data, const char *text,
		   size_t len);
int lw_extract_contact(lw_xhits *out, const struct lw_xdata *data,
		       const char *text, size_t len, struct lw_taken *taken,
		       struct lw_lex_finds *words);
int lw_extract_place(lw_xhits *out, const struct lw_xdata *data,
		     struct lw_lex_finds *words);

/* Shared by the contact and url extractors (extract_contact.c). */
int lw_host_in_list(const char *host, char *const *list, size_t n);

#endif /* LW_EXTRACT_INT_H */
