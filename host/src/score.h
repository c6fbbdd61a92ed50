/*
 * score.h - from the indicators that fired to a score and a level.
 */
#ifndef LW_SCORE_H
#define LW_SCORE_H

#include "pack.h"

/** The verdict on one item. */
typedef struct lw_verdict {
	int score; /**< 0..100 */
	lw_level level;
	unsigned char *combo_fired; /**< per combination: 1 when it fired */
} lw_verdict;

/**
 * Score an item from the rules that fired (fired[i] for pack->rules[i]):
 * weights summed per category under the category's cap, combinations
 * added, cut at 100; the level is the highest of what the score reaches
 * and what the floors and combinations demand.
 *
 * @return 0 or LW_ENOMEM; free with lw_verdict_clear
 */
int lw_score(lw_verdict *out, const lw_pack *pack, const unsigned char *fired);

/** Free a verdict's allocations. */
void lw_verdict_clear(lw_verdict *v);

/** The weight a rule adds: its own, else its severity's. */
double lw_rule_weight(const lw_pack *pack, const lw_rule *rule);

#endif /* LW_SCORE_H */
