/*
 * hsfilter.h - the optional Vectorscan (Hyperscan) prefilter: every rule
 * pattern of the pack matched in one pass, in Vectorscan's prefilter mode.
 *
 * Built only with -DLW_WITH_VECTORSCAN=ON. Each rule pattern goes into one
 * block-mode database, compiled with HS_FLAG_PREFILTER: Vectorscan then
 * reports a superset of the pattern's matches (lookarounds are dropped,
 * atomic groups and possessive repeats become plain ones, \b under UCP
 * accepts every non-ASCII byte on either side), and PCRE2 confirms. A
 * pattern with no prefilter match in a field cannot match there, so
 * PCRE2 skips it (prefilter.c intersects this with the Aho-Corasick
 * candidates). Patterns that Vectorscan refuses even in prefilter mode
 * are reported to the caller, which then goes by the automaton alone for
 * them.
 *
 * A filter belongs to one pack, and a pack to one engine; its scratch
 * space is allocated once, so one filter must not scan from two threads
 * at once (engines are one per thread).
 */
#ifndef LW_HSFILTER_H
#define LW_HSFILTER_H

#include "pack.h"

#include <hs/hs.h>
#include <stddef.h>
#include <stdint.h>

/** The flags of every pattern (hsfilter.c says why they give a superset).
 *  Patterns that can match the empty string are accepted: they are
 *  candidates for every field. */
#define LW_HS_FLAGS                                                            \
	(HS_FLAG_PREFILTER | HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_CASELESS |   \
	 HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY)

typedef struct lw_hsfilter lw_hsfilter;

/**
 * Compile every rule pattern of the pack (numbered by lw_prefilter_add_rule)
 * into one Vectorscan database.
 *
 * @param out     receives the filter; NULL when this machine's CPU cannot
 *                run Vectorscan (the caller keeps its own prefilter)
 * @param refused a candidate bit set (64 patterns a word, at least
 *                (npatterns + 63) / 64 words): the bits of the patterns
 *                Vectorscan refuses are set, the others left as they are
 * @return 0, LW_ENOMEM or LW_EINTERNAL (lw_error_last says why)
 */
int lw_hsfilter_build(lw_hsfilter **out, uint64_t *refused,
		      const lw_pack *pack);

/** Free a filter. Accepts NULL. */
void lw_hsfilter_free(lw_hsfilter *hf);

/**
 * Set the bit of every pattern that has a prefilter match in
 * view[0..len). Bits already set stay set.
 *
 * @return 0, or LW_EINTERNAL when Vectorscan could not scan (then the
 *         bits say nothing and every pattern must run)
 */
int lw_hsfilter_scan(lw_hsfilter *hf, uint64_t *bits, const char *view,
		     size_t len);

/** Longest pattern source that lw_hsfilter_widen rewrites (longer ones
 *  are given to Vectorscan as they are). */
#define LW_HS_WIDEN_MAX 65536

/**
 * The pattern Vectorscan compiles in place of a rule pattern: the same
 * pattern with its single-character constructs widened to sets that
 * contain every character PCRE2 could match there, whatever Unicode
 * tables either library has. \w, \d, \s, \W, \D and \S become their
 * ASCII members plus every non-ASCII character (in a negated class: their
 * ASCII members only, so that the class admits every non-ASCII
 * character); \b and \B are dropped; {m,n} becomes {m,}. Every match of
 * the original is a match of the result, and the result compiles in a
 * fraction of the time (a UCP \w repeated four times is a large UTF-8
 * automaton; the widened class is not). Patterns with \Q, (?x or POSIX
 * classes are returned unchanged.
 *
 * @return a new string (free()), or NULL when out of memory
 */
char *lw_hsfilter_widen(const char *source);

/** What lw_prefilter_name says in a Vectorscan build: "Vectorscan 5.4.9
 *  and Aho-Corasick" (the version built against), or that this CPU
 *  cannot run it. */
const char *lw_hsfilter_name(void);

#endif /* LW_HSFILTER_H */
