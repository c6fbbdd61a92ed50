/*
 * norm.c - the matching view of a text and its map back to the original.
 *
 * The view is made of "glyphs", one per code point of the view, each
 * remembering the span of original bytes it came from and its "kind"
 * (letter or digit, word character, script, spacing separator), which
 * passes 2 and 3 ask about:
 *
 *  1. decode and fold: the original is decoded (invalid UTF-8 repaired to
 *     U+FFFD), default-ignorable code points are dropped, and each segment
 *     (a starter plus its combining marks, at most LW_SEGMENT_MAX code
 *     points) is NFKC-normalised and case-folded on its own, so every glyph
 *     it yields points back to the segment's bytes. Decimal digits of every
 *     script become ASCII digits and the emoji keycap mark disappears.
 *     Runs of ASCII are read a word at a time and never reach libunistring;
 *     for other characters its answers are memoised per thread (struct
 *     memos), as the same few hundred characters make most adverts. Each
 *     character is decoded once (the one that ends a segment is kept for
 *     the next), and a segment of one code point that folds to itself -
 *     most letters of most scripts, a fact memoised with the others - is
 *     copied without a fold; the fold memo keeps the finished glyphs of a
 *     short segment, not its fold. The glyphs are written straight into a
 *     "draft" of the view (struct draft): its UTF-8 text, its per-byte map
 *     and one kind byte per glyph.
 *  2. collapse spaced letters: "W h a t s A p p" loses its separators.
 *  3. fold look-alikes: Cyrillic and Greek letters that look like Latin
 *     ones become Latin inside words that need it (see the policy below);
 *     only words with such a letter are looked at closely.
 *
 * Passes 2 and 3 change nothing in most views, and a view that they do not
 * change is the draft itself, taken over as it is. Whether they might is
 * asked of the draft's kinds, a byte per glyph, eight glyphs at a time for
 * spaced letters (may_have_spaced_run) and a glyph at a time without
 * branches for look-alikes (lookalikes_may_fold); only then are the glyphs
 * read back from the draft into an array, passes 2 and 3 run on it
 * exactly, and the glyphs written over the draft again (both passes only
 * shorten it). Until stop 16, every view went through that array of
 * 16-byte glyphs and a fourth pass that encoded it: a third of the build's
 * time went to writing, reading back and searching that array (the
 * search for spaced letters mispredicted a branch at most words).

 * lw_norm_build also marks the UTF-16 offset of the original every
 * LW_UTF16_MARK_STEP bytes, so that evidence offsets are counted from a
 * near mark rather than from the start of the text. Pass 1 reads every
 * character of the original in order with the same decoder as
 * lw_utf16_offset, so it makes the marks on the way, for one compare a
 * character; that is why the step could shrink from 128 to 32 bytes
 * (evidence offsets then read a quarter as far) at no cost to the build.
 *
 * Invalid UTF-8 policy. Both the view and lw_utf16_offset read the original
 * with one decoder, utf8_decode, which follows the "maximal subpart" practice
 * of Unicode (chapter 3, U+FFFD substitution) exactly as the WHATWG Encoding
 * standard and so the browser's TextDecoder do: a lead byte followed by as
 * many valid continuation bytes as fit makes one U+FFFD; the byte that broke
 * the sequence starts the next one. So C0 AF is two U+FFFD (C0 is never a
 * lead byte), E2 82 at the end is one, and ED A0 80 (an encoded surrogate)
 * is three. libunistring's u8_mbtoucr says only "invalid" without a length,
 * and u8_mbtouc (1.0) reads ED A0 80 and a truncated E0 80 as one sequence,
 * which would put our offsets out of step with the browser's; hence our own
 * decoder. NUL bytes become spaces so that the view stays a C string whose
 * length is its len; they never stop the reading.
 *
 * Whitespace is what NFKC makes of it (no-break and ideographic spaces
 * become spaces); newlines and tabs stay.
 *
 * Look-alike policy (after UTS #39). A word is a maximal run of letters,
 * marks and digits of the view. Its Cyrillic and Greek look-alike letters
 * are folded to Latin when the word mixes scripts (it has both Latin letters
 * and Cyrillic or Greek letters: "Теlеgrаm"), or when every letter of the
 * word has a Latin look-alike and the field as a whole is mostly Latin
 * letters (a lone "сор" in an English advert). A Russian, Ukrainian or Greek
 * word in a field written in those scripts is left alone, so that rules
 * written in those languages still match. Some letters look Latin only in
 * one case (capital Greek eta is H, small eta is n): as case folding has
 * already happened, the case of the original character decides.
 */
#include "norm.h"
#include "err.h"
#include "lurewatch.h"

#ifndef _WIN32
#include <pthread.h>
#endif
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>

/** Code points in one segment; longer runs of combining marks are split so
 *  that a megabyte of them still costs linear time. */
#define LW_SEGMENT_MAX 32
/** Room for the case-folded NFKC form of one segment (U+FDFA alone expands
 *  to 18 code points); libunistring allocates only past this. */
#define LW_FOLD_BUF_MAX (LW_SEGMENT_MAX * 20)
/** Fewest single-character tokens that make a spaced-out word. */
#define LW_SPACED_RUN_MIN 4
/** utf8_decode's answer for an invalid sequence (not a code point). */
#define LW_DECODE_INVALID 0x110000u
/** view_cp's answer for a code point the view leaves out. */
#define LW_DROP		    0x110001u
#define LW_REPLACEMENT_CHAR 0xFFFDu
#define LW_KEYCAP_MARK	    0x20E3u
/** Entries of each memo (struct memos) are 1 << LW_MEMO_BITS. */
#define LW_MEMO_BITS 12
/** Longest segment, and longest fold of one, that the fold memo keeps. */
#define LW_MEMO_SEGMENT_MAX 4

/** What script a view code point is a letter of, as the look-alike policy
 *  sees it. */
enum letter_script {
	SCRIPT_NOT_LETTER,
	SCRIPT_LATIN,
	SCRIPT_CYRILLIC_GREEK,
	SCRIPT_OTHER
};

/* Bits of a glyph's kind: what passes 2 and 3 ask about its code point,
 * worked out once when the glyph is made (glyph_kind). */
#define KIND_LETTER_OR_DIGIT 0x1u  /* a letter or digit of any script */
#define KIND_WORD	     0x2u  /* a letter, digit or mark */
#define KIND_SCRIPT_SHIFT    2	   /* then the enum letter_script, 2 bits */
#define KIND_SEPARATOR	     0x10u /* is_spacing_separator (never a word) */
#define KIND_SEPARATOR_SHIFT 5	   /* then which one it is, 3 bits */
/** The kind bits of the spacing separator number i. */
#define KIND_SEPARATOR_NUMBER(i) (KIND_SEPARATOR | (i) << KIND_SEPARATOR_SHIFT)
/** The separator kind bits of c: the characters people put between
 *  spaced-out letters, each numbered, and 0 for any other. */
#define LW_SEPARATOR_KIND(c)                                                   \
	((c) == ' '    ? KIND_SEPARATOR_NUMBER(0)                              \
	 : (c) == '.'  ? KIND_SEPARATOR_NUMBER(1)                              \
	 : (c) == '-'  ? KIND_SEPARATOR_NUMBER(2)                              \
	 : (c) == '_'  ? KIND_SEPARATOR_NUMBER(3)                              \
	 : (c) == '*'  ? KIND_SEPARATOR_NUMBER(4)                              \
	 : (c) == '/'  ? KIND_SEPARATOR_NUMBER(5)                              \
	 : (c) == '|'  ? KIND_SEPARATOR_NUMBER(6)                              \
	 : (c) == 0xB7 ? KIND_SEPARATOR_NUMBER(7) /* middle dot */             \
		       : 0u)

/** One code point of the view, its kind and the original bytes it comes
 *  from. */
struct glyph {
	ucs4_t cp;
	uint32_t src_start;
	uint32_t src_end;
	uint8_t kind;
};

/** Zero kinds before a draft's first kind and after its last, so that
 *  may_have_spaced_run reads whole words around any glyph. */
#define LW_KINDS_PAD_BEFORE 1
#define LW_KINDS_PAD_AFTER  16
/** Map entries a draft keeps past its capacity, for draft_push's fixed
 *  four stores and the view's last entry. */
#define LW_DRAFT_SLACK 4

/*
 * The view as pass 1 writes it: its UTF-8 text and per-byte map, which
 * are the view itself unless passes 2 and 3 change something, and the kind
 * of each glyph (the view's code points, in order), which says whether
 * they might. A byte map entry is written for every byte, so the arrays
 * keep room for LW_DRAFT_SLACK more than len (see draft_push).
 */
struct draft {
	uint8_t *text;	     /**< cap + 1 bytes */
	uint32_t *src_start; /**< cap + LW_DRAFT_SLACK entries */
	uint32_t *src_end;
	uint8_t *kinds_mem; /**< cap + both pads bytes, zeroed pads */
	uint8_t *kinds;	    /**< kinds_mem + LW_KINDS_PAD_BEFORE */
	size_t len;	    /**< bytes of text written */
	size_t count;	    /**< glyphs written (at most len) */
	size_t cap;
};

/* Bits of cp_facts.input: how a code point of the original is read. */
#define INPUT_IGNORABLE 0x1u /* is_ignorable */
#define INPUT_CONTINUES 0x2u /* continues_segment */
#define INPUT_FOLDS_TO_ITSELF                                                  \
	0x4u /* alone, NFKC case folding leaves it as it is (folds_to_itself)  \
	      */

/** What the view needs to know about one non-ASCII code point. */
struct cp_facts {
	ucs4_t cp; /**< 0: empty slot (ASCII never comes here) */
	ucs4_t view;
	uint8_t input;
	uint8_t kind;	    /**< glyph kind of view */
	uint8_t view_bytes; /**< UTF-8 length of view */
};

/** The glyphs (view code points and kinds, dropped ones left out) that the
 *  NFKC case fold of one short segment makes. */
struct fold_memo {
	uint8_t seg_len; /**< 0: empty slot */
	uint8_t glyphs;
	uint8_t kind[LW_MEMO_SEGMENT_MAX];
	ucs4_t seg[LW_MEMO_SEGMENT_MAX];
	ucs4_t view[LW_MEMO_SEGMENT_MAX];
};

/*
 * What libunistring answered about code points and short segments, so that
 * it is asked once, not at every occurrence: adverts in one language are
 * made of the same few hundred characters. The answers never change, so
 * the memos are kept across texts, one set per thread (no locking), each a
 * fixed-size table of pairs of entries: a newcomer takes the first entry of
 * its pair, whose old entry moves to the second. With one entry a slot, two
 * characters that hash alike evicted each other at every turn: the 2,000
 * characters of 1,000 mixed adverts were worked out four times over.
 */
struct memos {
	struct cp_facts facts[1u << LW_MEMO_BITS];
	struct fold_memo folds[1u << LW_MEMO_BITS];
};

/*
 * Each thread's memos are allocated when it first normalises a text, not
 * kept in thread-local storage itself: a thread's static TLS is zeroed
 * whenever a thread starts, and these 200 KB made starting the pack
 * loader's second thread, and the process itself, fault in 50 pages each
 * (a page fault costs ~12 us on the virtual machines we measure on). A
 * thread's memos are freed when it ends (a key destructor), the exiting
 * thread's at exit (atexit), so nothing is left behind. On Windows, where
 * the engine starts no thread, they stay in thread-local storage.
 */
#ifdef _WIN32
static _Thread_local struct memos tls_memos;

static struct memos *memos_of_thread(void)
{
	return &tls_memos;
}
#else
static _Thread_local struct memos *thread_memos;
static pthread_key_t memos_key;
static bool memos_cleanup_ready;

/* Free the calling thread's memos; the atexit handler. */
static void free_thread_memos(void)
{
	free(thread_memos);
	thread_memos = NULL;
}

/* Set up the freeing of memos at thread end and at exit, once. */
static void prepare_memos_cleanup(void)
{
	memos_cleanup_ready = pthread_key_create(&memos_key, free) == 0 &&
			      atexit(free_thread_memos) == 0;
}

/* The calling thread's memos, allocated on first use; NULL when there is
 * no memory for them (texts are then normalised without). */
static struct memos *memos_of_thread(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	if (thread_memos)
		return thread_memos;
	pthread_once(&once, prepare_memos_cleanup);
	if (!memos_cleanup_ready)
		return NULL;
	thread_memos = calloc(1, sizeof(*thread_memos));
	if (thread_memos && pthread_setspecific(memos_key, thread_memos)) {
		free(thread_memos);
		thread_memos = NULL;
	}
	return thread_memos;
}
#endif

/** State of the decode-and-fold pass over one original text. */
struct folder {
	const uint8_t *src;
	size_t len;
	struct draft *out;
	size_t repaired;
	bool lookalike_range_seen; /**< a glyph may be a look-alike */
	struct memos *memos;	   /**< the thread's, or NULL: none */
	struct cp_facts scratch;   /**< facts worked out without memos */
	size_t units;		   /**< UTF-16 units of src before the
					character read next */
	lw_utf16_mark *marks;	   /**< the view's UTF-16 marks, or NULL */
	size_t nmarks;
	size_t marked;	       /**< marks filled so far */
	size_t next_mark_byte; /**< place of mark `marked`, or SIZE_MAX */
	ucs4_t fold_buf[LW_FOLD_BUF_MAX];
};

/** A character of the original as pass 1 reads it. */
struct reading {
	ucs4_t cp;   /**< U+FFFD for an invalid sequence */
	size_t used; /**< its bytes */
	bool invalid;
	struct cp_facts facts; /**< (only .input, 0, for ASCII) */
};

/*
 * Decode one character at s (n > 0 bytes available) into *out and return
 * the bytes it takes. An invalid or truncated sequence gives
 * LW_DECODE_INVALID and the length of its maximal subpart: the lead byte and
 * the continuation bytes that were valid for it (WHATWG UTF-8 decoder). This
 * is the only UTF-8 reader of the module, so that the view's map and
 * lw_utf16_offset always agree on where characters begin.
 */
static size_t utf8_decode(ucs4_t *out, const uint8_t *s, size_t n)
{
	uint8_t lead = s[0];
	uint8_t lower = 0x80, upper = 0xBF;
	size_t need;
	ucs4_t cp;

	if (lead < 0x80) {
		*out = lead;
		return 1;
	}
	if (lead >= 0xC2 && lead <= 0xDF) {
		need = 1;
		cp = lead & 0x1F;
	} else if (lead >= 0xE0 && lead <= 0xEF) {
		need = 2;
		cp = lead & 0x0F;
		if (lead == 0xE0)
			lower = 0xA0; /* overlong */
		if (lead == 0xED)
			upper = 0x9F; /* surrogates */
	} else if (lead >= 0xF0 && lead <= 0xF4) {
		need = 3;
		cp = lead & 0x07;
		if (lead == 0xF0)
			lower = 0x90; /* overlong */
		if (lead == 0xF4)
			upper = 0x8F; /* past U+10FFFF */
	} else {
		*out = LW_DECODE_INVALID;
		return 1;
	}
	for (size_t i = 1; i <= need; i++) {
		if (i >= n || s[i] < lower || s[i] > upper) {
			*out = LW_DECODE_INVALID;
			return i;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
		lower = 0x80;
		upper = 0xBF;
	}
	*out = cp;
	return need + 1;
}

/*
 * utf8_decode, with the well-formed two- and three-byte characters that
 * make most non-Latin text decoded here, inline; four-byte and invalid
 * sequences go through utf8_decode.
 */
static inline size_t decode_at(ucs4_t *out, const uint8_t *s, size_t n)
{
	uint8_t lead = s[0];

	if (lead < 0x80) {
		*out = lead;
		return 1;
	}
	if (lead >= 0xC2 && lead <= 0xDF && n >= 2 && (s[1] & 0xC0) == 0x80) {
		*out = (ucs4_t)(lead & 0x1F) << 6 | (s[1] & 0x3F);
		return 2;
	}
	if ((lead & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		ucs4_t cp = (ucs4_t)(lead & 0x0F) << 12 |
			    (ucs4_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);

		/* (the same as utf8_decode's narrower second byte after E0,
		 * against overlong forms, and after ED, against surrogates) */
		if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
			*out = cp;
			return 3;
		}
	}
	return utf8_decode(out, s, n);
}

/* The UTF-16 units of a character that utf8_decode read as cp: two for an
 * astral character, one for any other and for an invalid sequence. */
static size_t utf16_units_of(ucs4_t cp)
{
	return cp >= 0x10000 && cp != LW_DECODE_INVALID ? 2 : 1;
}

/*
 * The number of ASCII bytes at the start of s[0..n). Eight bytes are
 * tested at a time, as one word, because most text is long ASCII runs; a
 * word with a high bit set is finished byte by byte.
 */
static size_t ascii_run_length(const uint8_t *s, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t word;

		memcpy(&word, s + i, sizeof(word));
		if (word & 0x8080808080808080u)
			break;
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

/* Bytes that utf8_encode writes for cp. */
static size_t utf8_length(ucs4_t cp)
{
	if (cp < 0x80)
		return 1;
	if (cp < 0x800)
		return 2;
	if (cp < 0x10000)
		return 3;
	return 4;
}

/*
 * Write cp (a valid code point) as UTF-8 at dst and return the bytes
 * written. Kept here next to utf8_length so that the two can never disagree
 * on the size of the view.
 */
static size_t utf8_encode(uint8_t *dst, ucs4_t cp)
{
	size_t len = utf8_length(cp);

	/* (each length written out: cheaper than a loop over the bytes) */
	switch (len) {
	case 1:
		dst[0] = (uint8_t)cp;
		break;
	case 2:
		dst[0] = (uint8_t)(0xC0 | cp >> 6);
		dst[1] = (uint8_t)(0x80 | (cp & 0x3F));
		break;
	case 3:
		dst[0] = (uint8_t)(0xE0 | cp >> 12);
		dst[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
		dst[2] = (uint8_t)(0x80 | (cp & 0x3F));
		break;
	default:
		dst[0] = (uint8_t)(0xF0 | cp >> 18);
		dst[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
		dst[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
		dst[3] = (uint8_t)(0x80 | (cp & 0x3F));
		break;
	}
	return len;
}

/* Free the arrays of a draft that lw_norm has not taken over. */
static void draft_free(struct draft *d)
{
	free(d->text);
	free(d->src_start);
	free(d->src_end);
	free(d->kinds_mem);
	memset(d, 0, sizeof(*d));
}

/*
 * Make room in the draft for extra more bytes of text (and so as many
 * glyphs): at first exactly that (norm_run asks for the original's length,
 * which most views do not pass), then doubling its arrays as needed, so
 * that writing the view costs amortised constant time per byte and no
 * allocation per character.
 */
static int draft_reserve(struct draft *d, size_t extra)
{
	size_t cap = d->cap ? d->cap : extra > 16 ? extra : 16;
	void *grown;

	while (cap - d->len < extra) {
		if (cap > SIZE_MAX / 4 / sizeof(uint32_t))
			return LW_ENOMEM;
		cap *= 2;
	}
	if (cap == d->cap)
		return 0;
	if (!(grown = realloc(d->text, cap + 1)))
		return LW_ENOMEM;
	d->text = grown;
	if (!(grown = realloc(d->src_start,
			      (cap + LW_DRAFT_SLACK) * sizeof(uint32_t))))
		return LW_ENOMEM;
	d->src_start = grown;
	if (!(grown = realloc(d->src_end,
			      (cap + LW_DRAFT_SLACK) * sizeof(uint32_t))))
		return LW_ENOMEM;
	d->src_end = grown;
	if (!(grown = realloc(d->kinds_mem,
			      LW_KINDS_PAD_BEFORE + cap + LW_KINDS_PAD_AFTER)))
		return LW_ENOMEM;
	d->kinds_mem = grown;
	d->kinds_mem[0] = 0;
	d->kinds = d->kinds_mem + LW_KINDS_PAD_BEFORE;
	d->cap = cap;
	return 0;
}

/*
 * Append a glyph of the view to the draft: its UTF-8 bytes (utf8_length of
 * cp, which the caller knows), their map entries (every byte of a glyph
 * maps to its source span) and its kind.
 */
static inline int draft_push(struct draft *d, ucs4_t cp, uint8_t kind,
			     size_t bytes, size_t src_start, size_t src_end)
{
	uint32_t *start, *end;

	if (d->cap - d->len < bytes && draft_reserve(d, bytes))
		return LW_ENOMEM;
	d->kinds[d->count++] = kind;
	/* Four entries whatever the glyph's length, as fixed stores are
	 * cheaper than a loop counted per glyph; the ones past it are written
	 * over next (or lie in the draft's slack). */
	start = d->src_start + d->len;
	end = d->src_end + d->len;
	start[0] = start[1] = start[2] = start[3] = (uint32_t)src_start;
	end[0] = end[1] = end[2] = end[3] = (uint32_t)src_end;
	if (cp < 0x80)
		d->text[d->len] = (uint8_t)cp;
	else
		utf8_encode(d->text + d->len, cp);
	d->len += bytes;
	return 0;
}

/* True for code points the view drops: zero-width characters, soft
 * hyphen, bidi controls, variation selectors and the like. */
static bool is_ignorable(ucs4_t cp)
{
	return cp >= 0x80 && uc_is_property_default_ignorable_code_point(cp);
}

/*
 * True when cp belongs to the segment of the character before it: a
 * combining mark. Besides a non-zero combining class this takes every mark
 * of category M (enclosing marks such as the keycap U+20E3 and spacing
 * vowel signs have class 0), so they are folded with their base.
 */
static bool continues_segment(ucs4_t cp)
{
	return cp >= 0x300 && (uc_combining_class(cp) != 0 ||
			       uc_is_general_category(cp, UC_CATEGORY_M));
}

/* True for letters and digits of any script: what a spaced-out word is
 * made of. */
static bool is_letter_or_digit(ucs4_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	return uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_L |
							    UC_CATEGORY_MASK_N);
}

/* True for the code points words are made of: letters, digits and marks. */
static bool is_word_cp(ucs4_t cp)
{
	return is_letter_or_digit(cp) ||
	       (cp >= 0x300 &&
		uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_M));
}

/* Classify cp for the look-alike policy. */
static enum letter_script letter_script_of(ucs4_t cp)
{
	const uc_script_t *script;

	if (cp < 0x80)
		return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
			       ? SCRIPT_LATIN
			       : SCRIPT_NOT_LETTER;
	if (!uc_is_general_category_withtable(cp, UC_CATEGORY_MASK_L))
		return SCRIPT_NOT_LETTER;
	script = uc_script(cp);
	if (script == uc_script('a'))
		return SCRIPT_LATIN;
	if (script == uc_script(0x0430) || script == uc_script(0x03B1))
		return SCRIPT_CYRILLIC_GREEK;
	return SCRIPT_OTHER;
}

/* True for the characters people put between spaced-out letters. */
static bool is_spacing_separator(ucs4_t cp)
{
	return LW_SEPARATOR_KIND(cp) != 0;
}

/*
 * ASCII in tables, as every ASCII byte of every text needs it: the view of
 * a byte that is a segment by itself (ASCII is already NFKC, lower-casing
 * is its folding, and NUL becomes a space as in view_cp), and the kind of
 * the glyph it makes (letters, of either case, are Latin; NUL is a space,
 * a separator of spaced-out letters). For every byte but NUL that is also
 * the kind of a glyph whose code point is that byte.
 */
#define LW_ASCII_VIEW(c)                                                       \
	((c) == 0 ? ' ' : (c) >= 'A' && (c) <= 'Z' ? (c) + ('a' - 'A') : (c))
#define LW_ASCII_KIND(c)                                                       \
	(((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z')              \
		 ? KIND_LETTER_OR_DIGIT | KIND_WORD |                          \
			   SCRIPT_LATIN << KIND_SCRIPT_SHIFT                   \
	 : (c) >= '0' && (c) <= '9' ? KIND_LETTER_OR_DIGIT | KIND_WORD         \
				    : LW_SEPARATOR_KIND(c))
#define LW_ASCII_VIEW_KIND(c) LW_ASCII_KIND(LW_ASCII_VIEW(c))
#define LW_ROW8(f, c)                                                          \
	f(c), f(c + 1), f(c + 2), f(c + 3), f(c + 4), f(c + 5), f(c + 6),      \
		f(c + 7)
#define LW_TABLE128(f)                                                         \
	LW_ROW8(f, 0), LW_ROW8(f, 8), LW_ROW8(f, 16), LW_ROW8(f, 24),          \
		LW_ROW8(f, 32), LW_ROW8(f, 40), LW_ROW8(f, 48),                \
		LW_ROW8(f, 56), LW_ROW8(f, 64), LW_ROW8(f, 72),                \
		LW_ROW8(f, 80), LW_ROW8(f, 88), LW_ROW8(f, 96),                \
		LW_ROW8(f, 104), LW_ROW8(f, 112), LW_ROW8(f, 120)
static const uint8_t ascii_views[128] = {LW_TABLE128(LW_ASCII_VIEW)};
static const uint8_t ascii_kinds[128] = {LW_TABLE128(LW_ASCII_VIEW_KIND)};

/* The kind of a glyph whose code point is cp (the KIND_ bits). */
static uint8_t glyph_kind(ucs4_t cp)
{
	if (cp < 0x80)
		return ascii_kinds[cp];
	return (uint8_t)((is_letter_or_digit(cp) ? KIND_LETTER_OR_DIGIT : 0) |
			 (is_word_cp(cp) ? KIND_WORD : 0) |
			 (letter_script_of(cp) << KIND_SCRIPT_SHIFT) |
			 LW_SEPARATOR_KIND(cp));
}

/* True when a glyph of this kind is a letter or digit (is_letter_or_digit
 * of its code point). */
static bool kind_is_letter_or_digit(uint8_t kind)
{
	return kind & KIND_LETTER_OR_DIGIT;
}

/* True when a glyph of this kind is a word character (is_word_cp). */
static bool kind_is_word(uint8_t kind)
{
	return kind & KIND_WORD;
}

/* The script of a glyph of this kind (letter_script_of). */
static enum letter_script kind_script(uint8_t kind)
{
	return (enum letter_script)(kind >> KIND_SCRIPT_SHIFT & 0x3u);
}

/*
 * The view's form of one case-folded code point: decimal digits of every
 * script become ASCII digits, NUL becomes a space and the emoji keycap mark
 * is dropped (LW_DROP), which leaves "1️⃣" as "1".
 */
static ucs4_t view_cp(ucs4_t cp)
{
	int digit;

	if (cp < 0x80)
		return cp == 0 ? ' ' : cp;
	if (cp == LW_KEYCAP_MARK)
		return LW_DROP;
	digit = uc_decimal_value(cp);
	return digit >= 0 ? (ucs4_t)('0' + digit) : cp;
}

/* True when cp is in the code point range of the lookalikes table (below). */
static bool in_lookalike_range(ucs4_t cp)
{
	return cp >= 0x370 && cp <= 0x52F;
}

/* The first of the pair of memo entries for a hash: its top bits
 * (Fibonacci hashing), even. */
static size_t memo_pair(uint32_t hash)
{
	return ((uint32_t)(hash * 0x9E3779B1u) >> (32 - LW_MEMO_BITS)) &
	       ~(size_t)1;
}

/*
 * True when NFKC case folding leaves cp, alone, as it is: most letters of
 * most scripts. A segment of that one code point then needs no fold.
 */
static bool folds_to_itself(ucs4_t cp)
{
	ucs4_t buf[LW_SEGMENT_MAX];
	size_t n = LW_SEGMENT_MAX;
	ucs4_t *folded = u32_casefold(&cp, 1, NULL, UNINORM_NFKC, buf, &n);
	bool same = folded && n == 1 && folded[0] == cp;

	if (folded != buf)
		free(folded);
	return same;
}

/* Work out the facts of the non-ASCII cp into slot (kept apart from
 * facts_of, so that the memo's hit stays small enough to inline). */
static void facts_learn(struct cp_facts *slot, ucs4_t cp)
{
	slot->cp = cp;
	slot->input =
		(uint8_t)((is_ignorable(cp) ? INPUT_IGNORABLE : 0) |
			  (continues_segment(cp) ? INPUT_CONTINUES : 0) |
			  (folds_to_itself(cp) ? INPUT_FOLDS_TO_ITSELF : 0));
	slot->view = view_cp(cp);
	slot->kind = slot->view == LW_DROP ? 0 : glyph_kind(slot->view);
	slot->view_bytes =
		(uint8_t)(slot->view == LW_DROP ? 0 : utf8_length(slot->view));
}

/* The facts of a non-ASCII code point, from the memo or worked out now; a
 * copy, as the next code point looked up may take the memo's slot. */
static struct cp_facts facts_of(struct folder *f, ucs4_t cp)
{
	struct cp_facts *pair;

	if (!f->memos) {
		if (f->scratch.cp != cp)
			facts_learn(&f->scratch, cp);
		return f->scratch;
	}
	pair = &f->memos->facts[memo_pair(cp)];
	if (pair[1].cp == cp)
		return pair[1];
	if (pair[0].cp != cp) {
		pair[1] = pair[0];
		facts_learn(&pair[0], cp);
	}
	return pair[0];
}

/*
 * Fill the UTF-16 marks that fall on the characters starting at every byte
 * of src[at..last] (ASCII, one byte each, or the one character at `at`
 * when last == at), f->units being the units before `at`: mark k is the
 * first character start at or after byte k * LW_UTF16_MARK_STEP. At the end
 * of the text (at == last == len) the marks left get the text's length.
 */
static void fill_marks(struct folder *f, size_t at, size_t last)
{
	while (f->next_mark_byte <= last) {
		size_t byte = f->next_mark_byte > at ? f->next_mark_byte : at;

		f->marks[f->marked++] = (lw_utf16_mark){
			.byte = (uint32_t)byte,
			.units = (uint32_t)(f->units + (byte - at)),
		};
		f->next_mark_byte = f->marked < f->nmarks
					    ? f->marked * LW_UTF16_MARK_STEP
					    : SIZE_MAX;
	}
}

/*
 * Read the character at src[at] into *c (its facts, unless ASCII) and
 * count its UTF-16 units: pass 1 reads every character of the original
 * once, in order, so it marks the UTF-16 offsets on the way.
 */
static void read_char(struct folder *f, size_t at, struct reading *c)
{
	ucs4_t cp;

	c->used = decode_at(&cp, f->src + at, f->len - at);
	if (at >= f->next_mark_byte)
		fill_marks(f, at, at);
	f->units += utf16_units_of(cp);
	c->invalid = cp == LW_DECODE_INVALID;
	c->cp = c->invalid ? LW_REPLACEMENT_CHAR : cp;
	if (c->cp < 0x80)
		c->facts = (struct cp_facts){.cp = c->cp};
	else
		c->facts = facts_of(f, c->cp);
}

/* True when pass 1 leaves the character read out of the view. */
static bool is_skipped(const struct reading *c)
{
	return !c->invalid && (c->facts.input & INPUT_IGNORABLE);
}

/* Append a glyph of the view with its source span, noting a possible
 * look-alike (see draft_push). */
static int folder_push(struct folder *f, ucs4_t cp, uint8_t kind, size_t bytes,
		       size_t src_start, size_t src_end)
{
	f->lookalike_range_seen |= in_lookalike_range(cp);
	return draft_push(f->out, cp, kind, bytes, src_start, src_end);
}

/* Append the view's form of a folded code point with its source span. */
static int push_view(struct folder *f, ucs4_t folded, size_t src_start,
		     size_t src_end)
{
	struct cp_facts facts;

	if (folded < 0x80) {
		ucs4_t cp = view_cp(folded);
		return folder_push(f, cp, glyph_kind(cp), 1, src_start,
				   src_end);
	}
	facts = facts_of(f, folded);
	if (facts.view == LW_DROP)
		return 0;
	return folder_push(f, facts.view, facts.kind, facts.view_bytes,
			   src_start, src_end);
}

/* True when the segments a and b of n code points are the same (a loop:
 * n is at most LW_MEMO_SEGMENT_MAX, too short for memcmp's call). */
static bool same_segment(const ucs4_t *a, const ucs4_t *b, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (a[k] != b[k])
			return false;
	}
	return true;
}

/* The fold memo's pair of entries for the segment seg[0..n) (n <= its
 * maximum), or NULL when there are no memos. */
static struct fold_memo *fold_pair(const struct folder *f, const ucs4_t *seg,
				   size_t n)
{
	uint32_t hash = 0;

	if (!f->memos)
		return NULL;
	for (size_t k = 0; k < n; k++)
		hash = (hash << 7 ^ hash >> 25) + seg[k];
	return &f->memos->folds[memo_pair(hash)];
}

/* The entry of the pair that holds seg[0..n), or NULL. */
static const struct fold_memo *fold_memo_find(const struct fold_memo *pair,
					      const ucs4_t *seg, size_t n)
{
	for (size_t e = 0; e < 2; e++) {
		if (pair[e].seg_len == n && same_segment(pair[e].seg, seg, n))
			return &pair[e];
	}
	return NULL;
}

/*
 * Append the glyphs of the NFKC case fold of seg[0..n), every one mapped
 * to the segment's span [start, end): from the fold memo when the segment
 * is short and was seen before, else from libunistring (the memo then
 * keeps the glyphs, when there are few enough).
 */
static int fold_and_push(struct folder *f, const ucs4_t *seg, size_t n,
			 size_t start, size_t end)
{
	size_t folded_len = LW_FOLD_BUF_MAX, before = f->out->count;
	size_t bytes_before = f->out->len;
	struct fold_memo *pair = NULL;
	const struct fold_memo *memo;
	ucs4_t *folded;
	int rc = 0;

	if (n <= LW_MEMO_SEGMENT_MAX) {
		pair = fold_pair(f, seg, n);
		memo = pair ? fold_memo_find(pair, seg, n) : NULL;
		if (memo) {
			for (size_t k = 0; k < memo->glyphs && rc == 0; k++)
				rc = folder_push(
					f, memo->view[k], memo->kind[k],
					utf8_length(memo->view[k]), start, end);
			return rc;
		}
	}
	folded = u32_casefold(seg, n, NULL, UNINORM_NFKC, f->fold_buf,
			      &folded_len);
	if (!folded)
		return LW_ENOMEM;
	for (size_t k = 0; k < folded_len && rc == 0; k++)
		rc = push_view(f, folded[k], start, end);
	if (rc == 0 && pair && folded_len <= LW_MEMO_SEGMENT_MAX) {
		/* (the glyphs just made, read back from the draft) */
		const uint8_t *made = f->out->text + bytes_before;
		struct fold_memo *kept = &pair[0];

		pair[1] = pair[0];
		kept->seg_len = (uint8_t)n;
		kept->glyphs = (uint8_t)(f->out->count - before);
		memcpy(kept->seg, seg, n * sizeof(ucs4_t));
		for (size_t k = 0; k < kept->glyphs; k++) {
			made += decode_at(
				&kept->view[k], made,
				(size_t)(f->out->text + f->out->len - made));
			kept->kind[k] = f->out->kinds[before + k];
		}
	}
	if (folded != f->fold_buf)
		free(folded);
	return rc;
}

/*
 * Read one segment - the character c, already read at *pos, and the
 * combining marks after it, at most LW_SEGMENT_MAX code points,
 * default-ignorables skipped - and append its NFKC case-folded form, every
 * glyph mapped to the segment's whole span. Folding segment by segment is
 * what keeps the map exact, and it gives the same text as folding the whole
 * field because NFKC combines a character only with the marks that follow
 * it (conjoining Hangul jamo written apart are the exception: they stay
 * apart). Splitting an overlong run of marks is the "stream-safe"
 * compromise of UAX #15.
 *
 * The character that ends the segment is read only when it is not ASCII
 * (ASCII never continues one); it is then left in *c with *held set, so
 * that no character is read twice. A segment of one ASCII character, or of
 * one character that folds to itself (most letters of most scripts), needs
 * no fold; others go through fold_and_push.
 */
static int fold_segment(struct folder *f, size_t *pos, struct reading *c,
			bool *held)
{
	ucs4_t seg[LW_SEGMENT_MAX];
	struct cp_facts first = c->facts;
	size_t n = 0, i = *pos, start = i, end;

	seg[n++] = c->cp;
	f->repaired += c->invalid;
	i += c->used;
	end = i;
	*held = false;
	while (i < f->len && n < LW_SEGMENT_MAX && f->src[i] >= 0x80) {
		read_char(f, i, c);
		if (is_skipped(c)) {
			i += c->used;
			continue;
		}
		if (!(c->facts.input & INPUT_CONTINUES)) {
			*held = true;
			break;
		}
		seg[n++] = c->cp;
		f->repaired += c->invalid;
		i += c->used;
		end = i;
	}
	*pos = i;
	if (n == 1 && seg[0] < 0x80)
		return folder_push(f, ascii_views[seg[0]], ascii_kinds[seg[0]],
				   1, start, end);
	if (n == 1 && (first.input & INPUT_FOLDS_TO_ITSELF))
		return first.view == LW_DROP
			       ? 0
			       : folder_push(f, first.view, first.kind,
					     first.view_bytes, start, end);
	return fold_and_push(f, seg, n, start, end);
}

/*
 * Fold the segments from *pos, which is a non-ASCII character or an ASCII
 * one followed by a non-ASCII one (which may be a mark on it), up to an
 * ASCII character followed by another or by the end, where the ASCII fast
 * path takes over again.
 */
static int fold_segments(struct folder *f, size_t *pos)
{
	struct reading c;
	size_t i = *pos;
	bool held = false;
	int rc = 0;

	while (rc == 0 && i < f->len) {
		if (!held) {
			if (f->src[i] < 0x80 &&
			    (i + 1 == f->len || f->src[i + 1] < 0x80))
				break;
			read_char(f, i, &c);
		}
		if (is_skipped(&c)) {
			i += c.used;
			held = false;
			continue;
		}
		rc = fold_segment(f, &i, &c, &held);
	}
	*pos = i;
	return rc;
}

/*
 * Append the glyphs of src[from..to), ASCII bytes each of which is a
 * segment by itself, straight from the bytes: lower-cased, NUL made a
 * space, each mapped to its own byte.
 */
static int push_ascii_run(struct folder *f, size_t from, size_t to)
{
	struct draft *d = f->out;
	size_t n = to - from;
	const uint8_t *src = f->src + from;
	uint8_t *text, *kinds;
	uint32_t *start, *end;

	if (n == 0)
		return 0;
	if (d->cap - d->len < n && draft_reserve(d, n))
		return LW_ENOMEM;
	text = d->text + d->len;
	kinds = d->kinds + d->count;
	start = d->src_start + d->len;
	end = d->src_end + d->len;
	/* (the map in a loop of its own, which the compiler vectorises) */
	for (size_t k = 0; k < n; k++) {
		start[k] = (uint32_t)(from + k);
		end[k] = (uint32_t)(from + k + 1);
	}
	for (size_t k = 0; k < n; k++) {
		text[k] = ascii_views[src[k]];
		kinds[k] = ascii_kinds[src[k]];
	}
	d->len += n;
	d->count += n;
	fill_marks(f, from, to - 1);
	f->units += n;
	return 0;
}

/*
 * Pass 1: turn the whole original into glyphs. An ASCII byte followed by
 * another ASCII byte (or the end) is a segment by itself, so a run of ASCII
 * takes the fast path but for its last byte when a non-ASCII character
 * follows (it may be a combining mark on that byte); anything else goes
 * through fold_segments. Every character is read once, in order, and
 * counted for the UTF-16 marks; the marks after the last character start
 * get the text's length.
 */
static int decode_and_fold(struct folder *f)
{
	size_t i = 0;
	int rc = 0;

	while (i < f->len && rc == 0) {
		size_t run = ascii_run_length(f->src + i, f->len - i);
		size_t alone = i + run == f->len || run == 0 ? run : run - 1;

		rc = push_ascii_run(f, i, i + alone);
		i += alone;
		if (rc == 0 && i < f->len)
			rc = fold_segments(f, &i);
	}
	fill_marks(f, f->len, f->len);
	return rc;
}

/* True when g[at] is a letter or digit with no word character after it
 * (the caller has checked there is none before it). */
static bool is_single_token(const struct glyph *g, size_t n, size_t at)
{
	return kind_is_letter_or_digit(g[at].kind) &&
	       (at + 1 == n || !kind_is_word(g[at + 1].kind));
}

/*
 * Count the single-character tokens of the spaced-out run starting at g[at]:
 * tokens separated by one and the same separator. 0 when g[at] is not a
 * single-character token.
 */
static size_t spaced_run_tokens(const struct glyph *g, size_t n, size_t at)
{
	size_t tokens = 1;
	ucs4_t sep;

	if (!is_single_token(g, n, at))
		return 0;
	if (at + 1 == n || !is_spacing_separator(g[at + 1].cp))
		return 1;
	sep = g[at + 1].cp;
	while (at + 2 < n && g[at + 1].cp == sep &&
	       is_single_token(g, n, at + 2)) {
		tokens++;
		at += 2;
	}
	return tokens;
}

/*
 * Where the first run that pass 2 collapses begins, or n when there is
 * none (most texts): the glyphs before it stay where they are, so pass 2
 * need only look there, without copying.
 */
static size_t first_spaced_run(const struct glyph *g, size_t n)
{
	uint8_t before = 0; /* the kind of the glyph before g[i] */

	for (size_t i = 0; i < n; i++) {
		uint8_t kind = g[i].kind;

		/* (spaced_run_tokens asks first whether g[i] is a letter or
		 * digit: asked here, the call is left out for most glyphs) */
		if (kind_is_letter_or_digit(kind) && !kind_is_word(before) &&
		    spaced_run_tokens(g, n, i) >= LW_SPACED_RUN_MIN)
			return i;
		before = kind;
	}
	return n;
}

/*
 * Pass 2: remove the separators of every run of at least LW_SPACED_RUN_MIN
 * single-character tokens ("t.e.l.e.g.r.a.m"), compacting the array in
 * place. The kept glyphs keep their spans, so the map needs no change.
 * Returns the new glyph count.
 */
static size_t collapse_spaced_letters(struct glyph *g, size_t n)
{
	size_t read = first_spaced_run(g, n), write = read;
	bool after_word = false; /* (no word ends where a run begins) */

	while (read < n) {
		size_t tokens = after_word ? 0 : spaced_run_tokens(g, n, read);

		if (tokens >= LW_SPACED_RUN_MIN) {
			for (size_t t = 0; t < tokens; t++)
				g[write++] = g[read + 2 * t];
			read += 2 * tokens - 1;
			after_word = true;
			continue;
		}
		after_word = kind_is_word(g[read].kind);
		if (write != read)
			g[write] = g[read];
		write++;
		read++;
	}
	return write;
}

/** A Cyrillic or Greek letter (case-folded) and the Latin letter it passes
 *  for when written small and when written capital ('\0': none). */
struct lookalike {
	ucs4_t folded;
	char as_small;
	char as_capital;
};

/* Sorted by code point for bsearch. */
static const struct lookalike lookalikes[] = {
	{0x03B1, 'a', 'a'}, /* α Α */
	{0x03B2, 'b', 'b'}, /* β Β */
	{0x03B3, 'y', 0},   /* γ */
	{0x03B5, 'e', 'e'}, /* ε Ε */
	{0x03B6, 0, 'z'},   /* Ζ */
	{0x03B7, 'n', 'h'}, /* η Η */
	{0x03B9, 'i', 'i'}, /* ι Ι */
	{0x03BA, 'k', 'k'}, /* κ Κ */
	{0x03BC, 'u', 'm'}, /* μ Μ */
	{0x03BD, 'v', 'n'}, /* ν Ν */
	{0x03BF, 'o', 'o'}, /* ο Ο */
	{0x03C1, 'p', 'p'}, /* ρ Ρ */
	{0x03C4, 't', 't'}, /* τ Τ */
	{0x03C5, 'u', 'y'}, /* υ Υ */
	{0x03C7, 'x', 'x'}, /* χ Χ */
	{0x03C9, 'w', 0},   /* ω */
	{0x03F2, 'c', 'c'}, /* ϲ Ϲ (lunate sigma) */
	{0x03F3, 'j', 'j'}, /* ϳ Ϳ */
	{0x0430, 'a', 'a'}, /* а А */
	{0x0432, 'b', 'b'}, /* в В */
	{0x0433, 'r', 0},   /* г */
	{0x0435, 'e', 'e'}, /* е Е */
	{0x043A, 'k', 'k'}, /* к К */
	{0x043C, 'm', 'm'}, /* м М */
	{0x043D, 'h', 'h'}, /* н Н */
	{0x043E, 'o', 'o'}, /* о О */
	{0x043F, 'n', 0},   /* п */
	{0x0440, 'p', 'p'}, /* р Р */
	{0x0441, 'c', 'c'}, /* с С */
	{0x0442, 't', 't'}, /* т Т */
	{0x0443, 'y', 'y'}, /* у У */
	{0x0445, 'x', 'x'}, /* х Х */
	{0x0455, 's', 's'}, /* ѕ Ѕ */
	{0x0456, 'i', 'i'}, /* і І */
	{0x0458, 'j', 'j'}, /* ј Ј */
	{0x0461, 'w', 'w'}, /* ѡ Ѡ */
	{0x0475, 'v', 'v'}, /* ѵ Ѵ */
	{0x04AF, 'y', 'y'}, /* ү Ү */
	{0x04BB, 'h', 'h'}, /* һ Һ */
	{0x04CF, 'l', 'l'}, /* ӏ Ӏ (palochka) */
	{0x0501, 'd', 'd'}, /* ԁ Ԁ */
	{0x051B, 'q', 'q'}, /* ԛ Ԛ */
	{0x051D, 'w', 'w'}, /* ԝ Ԝ */
};

/* Order lookalikes by code point (for bsearch). */
static int lookalike_cmp(const void *key, const void *entry)
{
	ucs4_t cp = *(const ucs4_t *)key;
	ucs4_t folded = ((const struct lookalike *)entry)->folded;

	return cp < folded ? -1 : cp > folded;
}

/*
 * The Latin letter that glyph g passes for, or 0. The case of the original
 * character (read back through the glyph's span) picks between the small
 * and the capital look, as the view itself is already case-folded.
 */
static ucs4_t lookalike_of(const struct glyph *g, const uint8_t *src)
{
	const struct lookalike *entry;
	ucs4_t original;

	if (!in_lookalike_range(g->cp))
		return 0;
	entry = bsearch(&g->cp, lookalikes,
			sizeof(lookalikes) / sizeof(lookalikes[0]),
			sizeof(lookalikes[0]), lookalike_cmp);
	if (!entry)
		return 0;
	utf8_decode(&original, src + g->src_start, g->src_end - g->src_start);
	if (original != LW_DECODE_INVALID && uc_is_property_uppercase(original))
		return (ucs4_t)entry->as_capital;
	return (ucs4_t)entry->as_small;
}

/*
 * True when more than half of the letters of the view are Latin, counted
 * over the kinds of pass 1's glyphs: pass 2 takes away separators only,
 * so these are the letters pass 3 starts with.
 */
static bool is_mostly_latin(const uint8_t *kinds, size_t n)
{
	size_t latin = 0, letters = 0;

	for (size_t i = 0; i < n; i++) {
		enum letter_script script = kind_script(kinds[i]);

		letters += script != SCRIPT_NOT_LETTER;
		latin += script == SCRIPT_LATIN;
	}
	return latin * 2 > letters;
}

/** What the letters of a word say about folding its look-alikes. */
enum word_fold { WORD_KEEP, WORD_FOLD, WORD_ALL_CYRILLIC_GREEK };

/*
 * Sort the word g[0..n) by its letters: it gets its look-alikes folded when
 * it mixes Latin with Cyrillic or Greek letters; when all its letters are
 * Cyrillic or Greek, that depends on the field (see all_lookalikes).
 */
static enum word_fold word_fold_of(const struct glyph *g, size_t n)
{
	size_t latin = 0, cyrillic_greek = 0, letters = 0;

	for (size_t i = 0; i < n; i++) {
		enum letter_script script = kind_script(g[i].kind);

		letters += script != SCRIPT_NOT_LETTER;
		latin += script == SCRIPT_LATIN;
		cyrillic_greek += script == SCRIPT_CYRILLIC_GREEK;
	}
	if (latin > 0 && cyrillic_greek > 0)
		return WORD_FOLD;
	if (letters == 0 || cyrillic_greek < letters)
		return WORD_KEEP;
	return WORD_ALL_CYRILLIC_GREEK;
}

/* True when every Cyrillic or Greek letter of the word g[0..n) has a Latin
 * look-alike: such a word is folded when the field is mostly Latin. */
static bool all_lookalikes(const struct glyph *g, size_t n, const uint8_t *src)
{
	for (size_t i = 0; i < n; i++) {
		if (kind_script(g[i].kind) == SCRIPT_CYRILLIC_GREEK &&
		    !lookalike_of(&g[i], src))
			return false;
	}
	return true;
}

/*
 * Pass 3: fold Cyrillic and Greek look-alikes to Latin in the words that
 * the policy at the top of this file picks. Words without a Cyrillic or Greek
 * letter are passed over; field_is_latin is is_mostly_latin of the field before
 * any word was folded.
 */
static void fold_lookalike_words(struct glyph *g, size_t n, const uint8_t *src,
				 bool field_is_latin)
{
	size_t i = 0;

	while (i < n) {
		size_t end = i;
		bool cyrillic_greek = false;
		enum word_fold fold;

		if (!kind_is_word(g[i].kind)) {
			i++;
			continue;
		}
		for (; end < n && kind_is_word(g[end].kind); end++)
			cyrillic_greek |= kind_script(g[end].kind) ==
					  SCRIPT_CYRILLIC_GREEK;
		fold = cyrillic_greek ? word_fold_of(g + i, end - i)
				      : WORD_KEEP;
		if (fold == WORD_FOLD ||
		    (fold == WORD_ALL_CYRILLIC_GREEK && field_is_latin &&
		     all_lookalikes(g + i, end - i, src))) {
			for (size_t k = i; k < end; k++) {
				ucs4_t latin = lookalike_of(&g[k], src);

				if (latin) {
					g[k].cp = latin;
					g[k].kind = glyph_kind(latin);
				}
			}
		}
		i = end;
	}
}

/*
 * The bytes of the non-ASCII character at s (n > 0 bytes available), as
 * utf8_decode reads it, adding its UTF-16 units to *units.
 */
static size_t utf16_count_char(size_t *units, const uint8_t *s, size_t n)
{
	ucs4_t cp;
	size_t used = decode_at(&cp, s, n);

	*units += utf16_units_of(cp);
	return used;
}

/*
 * Walk s character by character from *byte (where a character begins, its
 * UTF-16 offset in *units) to the first character start at or after stop,
 * reading no byte at or past stop. A run of ASCII is as many units as
 * bytes; other characters are read with decode_at, as pass 1 reads them.
 */
static void utf16_walk(const uint8_t *s, size_t *byte, size_t *units,
		       size_t stop)
{
	size_t i = *byte, counted = *units;

	while (i < stop) {
		if (s[i] < 0x80) {
			size_t run = ascii_run_length(s + i, stop - i);
			i += run;
			counted += run;
		} else {
			i += utf16_count_char(&counted, s + i, stop - i);
		}
	}
	*byte = i;
	*units = counted;
}

/*
 * False when no run of spaced-out letters begins among the glyphs whose
 * kinds are kinds[0..n) (most views), so that pass 2 would change nothing;
 * true when one may (pass 2 then looks exactly). A run that pass 2
 * collapses begins with a letter or digit after a non-word glyph, then
 * separator, letter or digit, separator, letter or digit, separator, and
 * a letter or digit before a non-word glyph (or the end), the three
 * separators the same (their kinds say which one). That is tested
 * for eight glyphs at once, one byte of a word for each, with no branch
 * per glyph: the glyph-by-glyph search cost a mispredicted branch at most
 * words. The kinds' zero pads (LW_KINDS_PAD_*) stand for what lies
 * before the first glyph and after the last.
 */
static bool may_have_spaced_run(const uint8_t *kinds, size_t n)
{
	const uint64_t lanes = 0x0101010101010101u;

	for (size_t i = 0; i < n; i += 8) {
		uint64_t k[9]; /* k[j]: the kinds of glyphs i + j - 1 onwards */
		uint64_t letter[9], word[9], sep[9], differ, run;

		for (size_t j = 0; j < 9; j++) {
			memcpy(&k[j], kinds + i + j - 1, sizeof(k[j]));
			letter[j] = (k[j] & lanes * KIND_LETTER_OR_DIGIT) /
				    KIND_LETTER_OR_DIGIT;
			word[j] = (k[j] & lanes * KIND_WORD) / KIND_WORD;
			sep[j] = (k[j] & lanes * KIND_SEPARATOR) /
				 KIND_SEPARATOR;
		}
		/* (a lane of differ is 1 when the separators' kinds differ:
		 * the lane's high four bits, at most 15, carry into bit 4
		 * unless all zero) */
		differ = ((k[2] ^ k[4]) | (k[2] ^ k[6])) >> 4 & lanes * 0xF;
		differ = (differ + lanes * 0xF) >> 4 & lanes;
		/* (a separator is never a word glyph, so the tokens before
		 * one have no word glyph after them) */
		run = ~word[0] & letter[1] & sep[2] & letter[3] & sep[4] &
		      letter[5] & sep[6] & letter[7] & ~word[8] & ~differ;
		if (run)
			return true;
	}
	return false;
}

/*
 * False when pass 3 would fold nothing among the glyphs whose kinds are
 * kinds[0..n), pass 2 having changed nothing: no word mixes Latin with
 * Cyrillic or Greek letters, and the field is not mostly Latin (so no word
 * of Cyrillic or Greek letters alone is folded either). Russian or Greek
 * text with a character in the look-alikes' range thus needs no pass 3.
 */
static bool lookalikes_may_fold(const uint8_t *kinds, size_t n)
{
	const unsigned mixed = 1u << SCRIPT_LATIN | 1u << SCRIPT_CYRILLIC_GREEK;
	unsigned scripts = 0; /* bits of the scripts of the word so far */
	bool mixed_word = false;

	/* (without a branch per glyph: words begin and end at random) */
	for (size_t i = 0; i < n; i++) {
		unsigned in_word = 0u - (unsigned)kind_is_word(kinds[i]);

		scripts = (scripts | 1u << kind_script(kinds[i])) & in_word;
		mixed_word |= (scripts & mixed) == mixed;
	}
	return mixed_word || is_mostly_latin(kinds, n);
}

/* Make the lw_norm view of the draft itself: its arrays are taken over,
 * ended with the NUL and the map's last entry. */
static void take_draft(lw_norm *out, struct draft *d)
{
	d->text[d->len] = '\0';
	d->src_start[d->len] = (uint32_t)out->orig_len;
	d->src_end[d->len] = (uint32_t)out->orig_len;
	out->text = (char *)d->text;
	out->src_start = d->src_start;
	out->src_end = d->src_end;
	out->len = d->len;
	d->text = NULL;
	d->src_start = d->src_end = NULL;
}

/*
 * Passes 2 and 3, for a draft they may change: its glyphs are read back
 * (code points from its text, spans from its map at each glyph's first
 * byte, kinds from its kinds), runs of spaced letters collapsed when
 * spaced says there may be one, look-alikes folded when fold_lookalikes
 * says a glyph may be one, and the glyphs written again over the draft.
 * Both passes only ever shorten the text (a look-alike becomes one ASCII
 * byte), so it stays in place.
 */
static int rewrite_draft(struct draft *d, const uint8_t *src, bool spaced,
			 bool fold_lookalikes)
{
	struct glyph *g = malloc((d->count ? d->count : 1) * sizeof(*g));
	size_t n = d->count, at = 0;
	bool field_is_latin;
	int rc = 0;

	if (!g)
		return LW_ENOMEM;
	field_is_latin = fold_lookalikes && is_mostly_latin(d->kinds, n);
	for (size_t i = 0; i < n; i++) {
		g[i].src_start = d->src_start[at];
		g[i].src_end = d->src_end[at];
		g[i].kind = d->kinds[i];
		at += decode_at(&g[i].cp, d->text + at, d->len - at);
	}
	if (spaced)
		n = collapse_spaced_letters(g, n);
	if (fold_lookalikes)
		fold_lookalike_words(g, n, src, field_is_latin);
	d->len = d->count = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = draft_push(d, g[i].cp, g[i].kind, utf8_length(g[i].cp),
				g[i].src_start, g[i].src_end);
	free(g);
	return rc;
}

/*
 * The whole pipeline, shared by lw_norm_build (with the UTF-16 marks) and
 * lw_norm_string (without). Offsets are 32-bit, so an original of 4 GiB or
 * more is read up to that much only (orig_len says how much was read);
 * callers bound fields far below that anyway.
 */
static int norm_run(lw_norm *out, const char *orig, size_t len, bool with_marks)
{
	struct draft draft = {0};
	struct folder f; /* not zeroed whole: fold_buf needs no clearing */
	int rc;

	memset(out, 0, sizeof(*out));
	if (!orig)
		len = 0;
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	f.src = (const uint8_t *)orig;
	f.len = len;
	f.out = &draft;
	f.repaired = 0;
	f.lookalike_range_seen = false;
	f.memos = memos_of_thread();
	f.scratch.cp = 0;
	f.units = 0;
	f.nmarks = with_marks
			   ? (len + LW_UTF16_MARK_STEP - 1) / LW_UTF16_MARK_STEP
			   : 0;
	f.marks = NULL;
	f.marked = 0;
	f.next_mark_byte = f.nmarks ? 0 : SIZE_MAX;
	rc = draft_reserve(&draft, len);
	if (rc == 0 && f.nmarks) {
		f.marks = malloc(f.nmarks * sizeof(*f.marks));
		out->marks = f.marks;
		out->nmarks = f.nmarks;
		rc = f.marks ? 0 : LW_ENOMEM;
	}
	if (rc == 0)
		rc = decode_and_fold(&f);
	if (rc == 0) {
		/* A view without a character of the look-alikes' range (most
		 * views) has nothing to fold. */
		bool spaced, fold;

		memset(draft.kinds + draft.count, 0, LW_KINDS_PAD_AFTER);
		spaced = may_have_spaced_run(draft.kinds, draft.count);
		fold = f.lookalike_range_seen &&
		       (spaced ||
			lookalikes_may_fold(draft.kinds, draft.count));
		out->repaired = f.repaired;
		out->orig_len = len;
		if (spaced || fold)
			rc = rewrite_draft(&draft, f.src, spaced, fold);
		if (rc == 0)
			take_draft(out, &draft);
	}
	draft_free(&draft);
	if (rc) {
		lw_norm_clear(out);
		lw_error_set("out of memory normalising a text");
	}
	return rc;
}

/* Build the matching view of orig[0..len) with its map (see norm.h). */
int lw_norm_build(lw_norm *out, const char *orig, size_t len)
{
	return norm_run(out, orig, len, true);
}

/* Free the view's arrays and zero the struct, so a clear is always safe to
 * repeat. */
void lw_norm_clear(lw_norm *norm)
{
	free(norm->text);
	free(norm->src_start);
	free(norm->src_end);
	free(norm->marks);
	memset(norm, 0, sizeof(*norm));
}

/*
 * Map the view span [start, end) to the original: from where its first
 * byte's source begins to where its last byte's source ends. Out-of-range
 * arguments are clamped rather than trusted; an empty span maps to an empty
 * span at its position.
 */
void lw_norm_span(size_t *out_start, size_t *out_end, const lw_norm *norm,
		  size_t start, size_t end)
{
	if (end > norm->len)
		end = norm->len;
	if (start >= end) {
		size_t at = start < norm->len ? norm->src_start[start]
					      : norm->orig_len;
		*out_start = at;
		*out_end = at;
		return;
	}
	*out_start = norm->src_start[start];
	*out_end = norm->src_end[end - 1];
}

/*
 * Count the UTF-16 code units of orig[0..byte_off), reading it with the
 * same decoder as the view: astral characters are two units, every other
 * character and every invalid sequence (one U+FFFD) one unit.
 */
size_t lw_utf16_offset(const char *orig, size_t byte_off)
{
	lw_utf16_cursor from_start = {orig, 0, 0};
	return lw_utf16_advance(&from_start, byte_off);
}

/*
 * Count forward from the cursor (see norm.h). The text is read up to
 * byte_off only, as lw_utf16_offset(orig, byte_off) reads it.
 */
size_t lw_utf16_advance(lw_utf16_cursor *cursor, size_t byte_off)
{
	if (byte_off < cursor->byte)
		cursor->byte = cursor->units = 0;
	utf16_walk((const uint8_t *)cursor->orig, &cursor->byte, &cursor->units,
		   byte_off);
	return cursor->units;
}

/*
 * lw_utf16_advance, started from the view's mark for byte_off when that is
 * further on than the cursor (or the cursor is past byte_off). A mark is a
 * character start of the walk over the whole text; a walk to byte_off that
 * reads no further than byte_off passes through every such start before
 * byte_off with the same count, so starting there changes nothing but the
 * work.
 */
size_t lw_norm_utf16_advance(lw_utf16_cursor *cursor, const lw_norm *view,
			     size_t byte_off)
{
	size_t k = byte_off / LW_UTF16_MARK_STEP;

	if (k < view->nmarks) {
		const lw_utf16_mark *mark = &view->marks[k];

		if (mark->byte <= byte_off &&
		    (mark->byte > cursor->byte || byte_off < cursor->byte)) {
			cursor->byte = mark->byte;
			cursor->units = mark->units;
		}
	}
	return lw_utf16_advance(cursor, byte_off);
}

/* Normalise a NUL-terminated string into a new view string (no map). */
char *lw_norm_string(const char *s)
{
	lw_norm norm;
	char *text;

	if (norm_run(&norm, s, s ? strlen(s) : 0, false) != 0)
		return NULL;
	text = norm.text;
	norm.text = NULL;
	lw_norm_clear(&norm);
	return text;
}
