/*
 * extract_place.c - names from the gazetteer.
 *
 * The gazetteer (rules/data/places.json) names scam-compound hotspots,
 * transit points and countries in several scripts; its names are folded to
 * the matching view's form when loaded. The scan takes, from the words
 * lw_extract_all found in one pass with other lexicons' (see
 * lw_lex_set_scan), the longest name starting at each position: names in
 * scripts written with spaces (Latin, Cyrillic, Devanagari...) must stand
 * as whole words ("bavet", not inside "abavetx"); Thai, Khmer, Burmese and
 * Chinese names need no boundary. After a match the scan resumes past it,
 * so names never overlap. Work is linear in the text: the lexicon's trie
 * reads on from a position only while some name still matches.
 */
#include "extract_int.h"
#include "lurewatch.h"

#include <string.h>

int lw_extract_place(lw_xhits *out, const struct lw_xdata *d,
		     struct lw_lex_finds *words)
{
	size_t pos = 0, start;
	const struct lw_lex_word *w;
	while ((w = lw_lex_next(words, LW_SCAN_PLACES, pos, &start))) {
		const struct lw_place *p = &d->places[w->id];
		lw_xhit *h =
			lw_xhits_push(out, LW_X_PLACE, start, start + w->len);
		if (!h)
			return LW_ENOMEM;
		lw_copy_string(h->subtype, sizeof(h->subtype), p->kind);
		lw_copy_string(h->value, sizeof(h->value), p->name);
		memcpy(h->country, p->country, sizeof(h->country));
		pos = start + w->len;
	}
	return LW_OK;
}
