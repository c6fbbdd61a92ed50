/*
 * match.h - run a rule's PCRE2 patterns over one matching view, bounded.
 */
#ifndef LW_MATCH_H
#define LW_MATCH_H

#include "lurewatch.h"
#include "pack.h"
#include "prefilter.h"

/** One span of a matching view that a rule matched. */
typedef struct lw_span {
	size_t field; /**< index of the field in the analysis */
	size_t start, end;
} lw_span;

/** The spans a rule matched in one item, bounded in number. */
typedef struct lw_spans {
	lw_span v[LW_EVIDENCE_MAX];
	size_t n;
	size_t dropped; /**< spans found past LW_EVIDENCE_MAX */
} lw_spans;

/** Reusable PCRE2 state: match data, match context and JIT stack. */
typedef struct lw_matcher {
	pcre2_match_data *data;
	pcre2_match_context *context;
	pcre2_jit_stack *jit_stack;
} lw_matcher;

/** Create the PCRE2 state. Returns 0 or LW_ENOMEM. */
int lw_matcher_init(lw_matcher *m);

/** Free the PCRE2 state. */
void lw_matcher_clear(lw_matcher *m);

/**
 * Run the patterns of rule that are in candidates (what the prefilter
 * found in this text; NULL: every pattern, searching the whole text) over
 * text[0..len) and add the spans they match
 * to out (as field number field). A pattern that hits the match limit
 * stops on this field and the function returns 1, so that the caller can
 * report it; its earlier matches still count.
 *
 * @return 0, 1 (a limit was hit), or LW_ENOMEM
 */
int lw_match_rule(lw_spans *out, lw_matcher *m, const lw_rule *rule,
		  const lw_candidates *candidates, size_t field,
		  const char *text, size_t len);

/** Add a span to a list, skipping exact duplicates, counting overflow. */
void lw_spans_add(lw_spans *spans, size_t field, size_t start, size_t end);

#endif /* LW_MATCH_H */
