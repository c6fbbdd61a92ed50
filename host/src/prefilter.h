/*
 * prefilter.h - which patterns of the pack could match a field at all.
 *
 * At load time every rule pattern gets its atoms (atoms.c); all atoms of
 * the pack go into one Aho-Corasick automaton (ac.c). For each field, one
 * pass over the matching view finds the atoms that occur, and only the
 * patterns with an atom there, plus the patterns without a usable literal,
 * are run by PCRE2. Guard patterns are not prefiltered: they run only next
 * to a match.
 */
#ifndef LW_PREFILTER_H
#define LW_PREFILTER_H

#include "pack.h"

#include <stdint.h>

typedef struct lw_prefilter lw_prefilter;

/**
 * Number the pack's rule patterns (lw_pattern.id), derive their atoms
 * (setting lw_pattern.no_literal) and build the automaton.
 *
 * @return 0, LW_ENOMEM or LW_ETOOLARGE (lw_error_last says why)
 */
int lw_prefilter_build(lw_prefilter **out, lw_pack *pack);

/** Free a prefilter. Accepts NULL. */
void lw_prefilter_free(lw_prefilter *pf);

/**
 * The candidate patterns for one matching view: a new bit set (bit
 * lw_pattern.id set when the pattern must run), freed with free(). NULL
 * when out of memory or when pf is NULL, which means "run every pattern".
 */
uint64_t *lw_prefilter_scan(const lw_prefilter *pf, const char *view,
			    size_t len);

/** Whether a pattern must run, given a candidate set (NULL: all run). */
static inline int lw_prefilter_wants(const uint64_t *candidates,
				     const lw_pattern *p)
{
	return !candidates ||
	       (candidates[p->id / 64] >> (p->id % 64) & 1u) != 0;
}

#endif /* LW_PREFILTER_H */
