/*
 * score.c - from fired indicators to a score and a level.
 *
 * The shape follows Rspamd: weights add up per category, each category is
 * capped so that one kind of evidence cannot dominate, and combinations
 * (Rspamd's composites) add weight when indicators occur together, because
 * the research is clear that lures show in combinations, not in single
 * words. Floors encode the documented rule of thumb directly: any strong
 * indicator is at least medium, three medium ones are high.
 */
#include "score.h"
#include "lurewatch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double lw_rule_weight(const lw_pack *pack, const lw_rule *rule)
{
	return rule->weight >= 0 ? rule->weight
				 : pack->severity_weight[rule->severity];
}

/* Whether a combination's conditions hold for the fired rules. */
static int combo_holds(const lw_combo *c, const unsigned char *fired)
{
	for (size_t i = 0; i < c->nall; i++)
		if (!fired[c->all[i]])
			return 0;
	if (c->nany == 0)
		return 1;
	for (size_t i = 0; i < c->nany; i++)
		if (fired[c->any[i]])
			return 1;
	return 0;
}

/* Sum the weights of one category's fired rules, under its cap. */
static double category_total(const lw_pack *pack, const unsigned char *fired,
			     const char *category)
{
	double total = 0;
	for (size_t i = 0; i < pack->nrules; i++)
		if (fired[i] && strcmp(pack->rules[i].category, category) == 0)
			total += lw_rule_weight(pack, &pack->rules[i]);
	json_t *cap = json_object_get(pack->category_caps, category);
	if (json_is_number(cap) && total > json_number_value(cap))
		total = json_number_value(cap);
	return total;
}

int lw_score(lw_verdict *out, const lw_pack *pack, const unsigned char *fired)
{
	memset(out, 0, sizeof(*out));
	out->combo_fired = calloc(pack->ncombos + 1, 1);
	if (!out->combo_fired)
		return LW_ENOMEM;
	double score = 0;
	/* Each category once: add it when its first fired rule is seen. */
	for (size_t i = 0; i < pack->nrules; i++) {
		if (!fired[i])
			continue;
		size_t j = 0;
		while (j < i &&
		       !(fired[j] && strcmp(pack->rules[j].category,
					    pack->rules[i].category) == 0))
			j++;
		if (j == i)
			score += category_total(pack, fired,
						pack->rules[i].category);
	}
	lw_level floor = LW_LEVEL_NONE;
	for (size_t i = 0; i < pack->ncombos; i++) {
		if (!combo_holds(&pack->combos[i], fired))
			continue;
		out->combo_fired[i] = 1;
		score += pack->combos[i].weight;
		if (pack->combos[i].min_level > floor)
			floor = pack->combos[i].min_level;
	}
	for (size_t f = 0; f < pack->nfloors; f++) {
		int count = 0;
		for (size_t i = 0; i < pack->nrules; i++)
			count += fired[i] && pack->rules[i].severity >=
						     pack->floors[f].severity;
		if (count >= pack->floors[f].count &&
		    pack->floors[f].level > floor)
			floor = pack->floors[f].level;
	}
	if (score > 100)
		score = 100;
	out->score = (int)lround(score);
	out->level = LW_LEVEL_NONE;
	for (int l = LW_LEVEL_LOW; l < LW_LEVEL_COUNT; l++)
		if (out->score >= pack->level_min[l])
			out->level = (lw_level)l;
	if (floor > out->level)
		out->level = floor;
	return 0;
}

void lw_verdict_clear(lw_verdict *v)
{
	free(v->combo_fired);
	v->combo_fired = NULL;
}
