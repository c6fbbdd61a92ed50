/*
 * prefilter.h - which patterns of the pack could match a field at all.
 *
 * At load time every rule pattern gets its atoms (atoms.c); all atoms of
 * the pack go into one Aho-Corasick automaton (ac.c). For each field, one
 * pass over the matching view finds the atoms that occur, and only the
 * patterns with an atom there, plus the patterns without a usable literal,
 * are run by PCRE2. When a pattern's atoms begin every match (atoms.h),
 * the pass also notes where they occur, and PCRE2 tries only those places
 * instead of searching the whole field. It also notes where a pattern's
 * inside atoms occur (atoms.h: a requirement that lies further into the
 * match, with a bound on how far, counting \s+ as the field's longest run
 * of white space, which the pass measures when such a pattern runs): a try
 * with none close enough after it is skipped, and a pattern without
 * leading atoms looks for matches only within that bound before each. The
 * guards' patterns are in the automaton too (numbered after the rules'
 * patterns, when the prefilter is finished): a guard pattern runs next to a
 * match only when one of its atoms occurs in the field, and one of its
 * inside atoms begins in the window it searches.
 *
 * Most patterns need more than one literal (atoms.h, lw_derived.needs):
 * each further requirement has a number of its own (right after its
 * rule's patterns), whose bit its atoms set and under which the pass
 * notes where they occur, as inside atoms. A pattern runs only on a field
 * where every one of them occurs (its bit is cleared before the places
 * are sorted), and one with leading atoms is tried only at the places with
 * each of them close enough after (lw_candidates_need): in a dense text
 * most places of a pattern's leading word have nothing else it needs
 * nearby.
 */
#ifndef LW_PREFILTER_H
#define LW_PREFILTER_H

#include "ac.h"
#include "pack.h"

#include <stdint.h>

typedef struct lw_prefilter lw_prefilter;

/** What the prefilter found in one matching view. */
typedef struct lw_candidates {
	uint64_t *bits;	  /**< bit lw_pattern.id set: the pattern must run;
			       NULL: every pattern runs */
	lw_ac_hits hits;  /**< where the leading and the inside atoms begin,
			       sorted by pattern, then kind, then place */
	uint32_t *first;  /**< where in hits each kind of each running
			       pattern's begin; NULL: none kept */
	size_t space_run; /**< the longest run of white space in the view,
			       in bytes; SIZE_MAX: not measured */
} lw_candidates;

/** A prefilter being built, rule by rule (pack.c feeds it each rule as
 *  soon as its file is read, on a second thread). */
typedef struct lw_prefilter_builder lw_prefilter_builder;

/**
 * Start building a prefilter.
 *
 * @return 0 or LW_ENOMEM (lw_error_last says why)
 */
int lw_prefilter_builder_new(lw_prefilter_builder **out);

/**
 * Number a rule's patterns (lw_pattern.id, continuing from the rules added
 * before) and derive their atoms, setting lw_pattern.no_literal and
 * lw_pattern.leading. Rules must be added in the pack's order, each once.
 *
 * @return 0, LW_ENOMEM or LW_ETOOLARGE (lw_error_last says why)
 */
int lw_prefilter_add_rule(lw_prefilter_builder *b, lw_rule *rule);

/**
 * Number the pack's guard patterns after the rules' patterns and add
 * their atoms, build the automaton of every atom, and free the builder.
 * With Vectorscan, the pack's rule patterns are compiled into its
 * database too.
 *
 * @return 0, LW_ENOMEM or LW_ETOOLARGE (lw_error_last says why)
 */
int lw_prefilter_finish(lw_prefilter **out, lw_prefilter_builder *b,
			const lw_pack *pack);

/** Free a builder that will not be finished. Accepts NULL. */
void lw_prefilter_builder_free(lw_prefilter_builder *b);

/** Free a prefilter. Accepts NULL. */
void lw_prefilter_free(lw_prefilter *pf);

/**
 * Find the candidate patterns of one matching view, and where the
 * patterns with leading atoms can begin a match. When pf is NULL or
 * memory runs out, out->bits is NULL: every pattern runs everywhere,
 * which gives the same result, only slower.
 */
void lw_prefilter_scan(lw_candidates *out, const lw_prefilter *pf,
		       const char *view, size_t len);

/** Free what a scan found and zero it. */
void lw_candidates_clear(lw_candidates *c);

/** Whether a pattern must run, given a scan's result (NULL: all run). */
static inline int lw_prefilter_wants(const lw_candidates *c,
				     const lw_pattern *p)
{
	return !c || !c->bits ||
	       (c->bits[p->id / 64] >> (p->id % 64) & 1u) != 0;
}

/**
 * The first of a rule's patterns from index i on that must run, given a
 * scan's result (NULL: all run), or rule->npatterns. A rule's patterns are
 * numbered one after another (lw_prefilter_add_rule), so the bits of
 * those that need not run are passed over a word at a time.
 */
size_t lw_candidates_next(const lw_candidates *c, const lw_rule *rule,
			  size_t i);

/** Places of one field noted for a pattern. */
typedef struct lw_places {
	int known;	    /**< 0: not noted (anywhere) */
	const lw_ac_hit *v; /**< sorted, possibly repeated; n may be 0 */
	size_t n;
} lw_places;

/**
 * Where a match of a pattern can begin: the occurrences of its leading
 * strings. Not known when the pattern has none, there was no scan, or the
 * scan could not note every occurrence.
 */
lw_places lw_candidates_starts(const lw_candidates *c, const lw_pattern *p);

/**
 * Where the pattern's inside atoms begin (lw_pattern.inside): a match
 * that begins at s contains one that begins in [s, s + reach]
 * ([s, end of the field) when the reach is -1, lw_candidates_reach), so a
 * try where none does cannot match, and a search need look for a match
 * only within the reach before one. Not known as for
 * lw_candidates_starts.
 */
lw_places lw_candidates_inside(const lw_candidates *c, const lw_pattern *p);

/**
 * The reach of a pattern's inside atoms in bytes, in the field scanned
 * (lw_pattern.inside_reach with the field's longest run of white space),
 * or -1: no bound.
 */
long lw_candidates_reach(const lw_candidates *c, const lw_pattern *p);

/**
 * Where a pattern's further requirement k (below lw_pattern.nneeds)
 * begins: as for lw_candidates_inside, a match that begins at s contains
 * one that begins in [s, s + lw_candidates_need_reach]. Not known when
 * there was no scan or it could not note every occurrence.
 */
lw_places lw_candidates_need(const lw_candidates *c, const lw_pattern *p,
			     uint32_t k);

/** The reach of a pattern's further requirement k in the field scanned,
 *  as lw_candidates_reach. */
long lw_candidates_need_reach(const lw_candidates *c, const lw_pattern *p,
			      uint32_t k);

#endif /* LW_PREFILTER_H */
