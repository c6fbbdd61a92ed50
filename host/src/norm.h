/*
 * norm.h - the matching view of a text and its map back to the original.
 *
 * Rules never see the text as written: adverts hide their trigger words
 * behind look-alike letters, zero-width characters and spaced-out letters.
 * lw_norm builds a "matching view" of one field in which those tricks are
 * undone, plus an offset map so that every byte of the view can be traced
 * back to the exact characters of the original text. Evidence offsets are
 * then reported in UTF-16 code units of the original, as the browser wants.
 *
 * The view is: invalid UTF-8 repaired to U+FFFD (and counted), default-
 * ignorable code points removed (zero-width space/joiner, soft hyphen, bidi
 * controls, variation selectors), NFKC and case folding, Cyrillic/Greek
 * look-alikes of Latin letters folded to Latin inside words that are mostly
 * Latin, decimal digits of every script and emoji keycaps folded to ASCII
 * digits, and letter-by-letter spacing collapsed ("W h a t s A p p" and
 * "t.e.l.e.g.r.a.m" become "whatsapp" and "telegram"). Pure-ASCII input
 * takes a fast path.
 *
 * Precisely (norm.c says why): each invalid UTF-8 sequence is one U+FFFD per
 * "maximal subpart", as in the browser's TextDecoder; NUL bytes become
 * spaces; look-alikes are folded in words that mix Latin with Cyrillic or
 * Greek letters, and in words made only of look-alikes when the field is
 * mostly Latin, so Russian and Greek text stays as written.
 */
#ifndef LW_NORM_H
#define LW_NORM_H

#include <stddef.h>
#include <stdint.h>

/** Bytes of the original between two marks of lw_norm. */
#define LW_UTF16_MARK_STEP 32

/** A character start in the original and its UTF-16 offset. */
typedef struct lw_utf16_mark {
	uint32_t byte, units;
} lw_utf16_mark;

/** The matching view of one field. */
typedef struct lw_norm {
	char *text;	      /**< normalised UTF-8, NUL-terminated */
	size_t len;	      /**< bytes in text, without the NUL */
	uint32_t *src_start;  /**< per byte of text: original byte offset where
				   its source character starts (len + 1 entries;
				   the last one is the original length) */
	uint32_t *src_end;    /**< per byte of text: original byte offset just
				   after its source character (len + 1 entries) */
	size_t repaired;      /**< invalid UTF-8 sequences replaced by U+FFFD */
	size_t orig_len;      /**< bytes of original text that were read */
	lw_utf16_mark *marks; /**< mark k: the first character start at or
				   after byte k * LW_UTF16_MARK_STEP */
	size_t nmarks;
} lw_norm;

/**
 * Build the matching view of orig[0..len).
 *
 * orig may hold invalid UTF-8 and NUL bytes; neither stops or crashes it.
 * The caller bounds len (see LW_FIELD_ANALYSE_MAX).
 *
 * @param out  receives the view; free with lw_norm_clear
 * @return 0, or LW_ENOMEM (out is then cleared)
 */
int lw_norm_build(lw_norm *out, const char *orig, size_t len);

/** Free what lw_norm_build allocated and zero the struct. */
void lw_norm_clear(lw_norm *norm);

/**
 * Map a span [start, end) of the view back to the original text:
 * out_start is where the first source character begins and out_end is just
 * after the last one. Requires start < end <= norm->len.
 */
void lw_norm_span(size_t *out_start, size_t *out_end, const lw_norm *norm,
		  size_t start, size_t end);

/**
 * Count UTF-16 code units in the first byte_off bytes of a UTF-8 text
 * (invalid sequences count as one unit each, as U+FFFD does in the
 * browser). Used to turn original byte offsets into browser offsets.
 */
size_t lw_utf16_offset(const char *orig, size_t byte_off);

/** A place in a UTF-8 text and its UTF-16 offset, for counting forward. */
typedef struct lw_utf16_cursor {
	const char *orig;
	size_t byte, units;
} lw_utf16_cursor;

/**
 * The UTF-16 offset of byte_off in cursor->orig, as lw_utf16_offset gives
 * it, counted from where the cursor stands (from the start when byte_off
 * is behind it); the cursor moves to byte_off. Evidence sorted by place
 * thus costs one pass over the text instead of one pass per span.
 * byte_off must be where a character begins (as lw_norm_span gives).
 */
size_t lw_utf16_advance(lw_utf16_cursor *cursor, size_t byte_off);

/**
 * lw_utf16_advance for a cursor over the original that view was built
 * from: the same answer, but counted from the view's nearest mark when the
 * cursor is further away, so that each call reads at most about
 * LW_UTF16_MARK_STEP bytes.
 */
size_t lw_norm_utf16_advance(lw_utf16_cursor *cursor, const lw_norm *view,
			     size_t byte_off);

/**
 * Normalise a short string (a gazetteer name, a rule literal) into a new
 * NUL-terminated matching-view string, without a map. NULL when out of
 * memory.
 */
char *lw_norm_string(const char *s);

#endif /* LW_NORM_H */
