/*
 * ac.h - an Aho-Corasick automaton over bytes: which of many literals occur
 * in a text, in one pass.
 *
 * Each literal carries the number of a pattern and what to do when it
 * occurs: set the pattern's bit, note where the occurrence begins (as a
 * leading string's or as an inside atom's), or several of these. Memory is
 * bounded: about 35 bytes per trie state, plus a row of 4 bytes per byte
 * that occurs in the literals (at most 1 KiB) for each of at most 4,096
 * shallow states (ac.c), and building refuses more than LW_AC_STATES_MAX
 * states.
 */
#ifndef LW_AC_H
#define LW_AC_H

#include <stddef.h>
#include <stdint.h>

/** Most trie states an automaton may have (about 13 MiB at most, built). */
#define LW_AC_STATES_MAX (1u << 18)

typedef struct lw_ac lw_ac;

/** A literal's id with this flag sets its pattern's bit when it occurs. */
#define LW_AC_MARK (UINT32_C(1) << 31)
/** A literal's id with this flag notes where each occurrence begins. */
#define LW_AC_NOTE (UINT32_C(1) << 30)
/** Like LW_AC_NOTE, noted as an inside atom's occurrence (prefilter.h). */
#define LW_AC_INSIDE (UINT32_C(1) << 29)
/** The pattern number in a literal's id. */
#define LW_AC_ID_MASK (LW_AC_INSIDE - 1)

/** Most occurrences one scan notes; past this the list is incomplete. */
#define LW_AC_HITS_MAX (1u << 16)

/** Where a literal of a pattern begins in a scanned text. */
typedef struct lw_ac_hit {
	uint32_t id;	 /**< the pattern the literal belongs to */
	uint32_t inside; /**< 1: noted for LW_AC_INSIDE, 0: LW_AC_NOTE */
	size_t start;	 /**< byte offset of the literal's first byte */
} lw_ac_hit;

/** The occurrences a scan notes, in the order their literals end. */
typedef struct lw_ac_hits {
	lw_ac_hit *v;
	size_t n, cap;
	int incomplete; /**< out of memory or past LW_AC_HITS_MAX */
} lw_ac_hits;

/**
 * Build an automaton for n literals; literal i belongs to pattern
 * ids[i] & LW_AC_ID_MASK, with LW_AC_MARK, LW_AC_NOTE and LW_AC_INSIDE
 * saying what its occurrences do. Empty literals are ignored.
 *
 * @return 0, LW_ENOMEM, or LW_ETOOLARGE past LW_AC_STATES_MAX states
 */
int lw_ac_build(lw_ac **out, const char *const *literals, const uint32_t *ids,
		size_t n);

/** Free an automaton. Accepts NULL. */
void lw_ac_free(lw_ac *ac);

/**
 * Find the literals that occur in text[0..len). ASCII capitals in the text
 * match the lower-case letters of the literals.
 *
 * @param bits the pattern bits (64 per word) that LW_AC_MARK literals set;
 *             bits already set stay set
 * @param hits where LW_AC_NOTE and LW_AC_INSIDE literals are noted
 *             (appended, once for each flag; free hits->v with free()),
 *             or NULL
 */
void lw_ac_scan(const lw_ac *ac, const char *text, size_t len, uint64_t *bits,
		lw_ac_hits *hits);

#endif /* LW_AC_H */
