/*
 * prefilter.c - one automaton for the atoms of every rule and guard
 * pattern.
 */
#include "prefilter.h"

#include "ac.h"
#include "atoms.h"
#include "err.h"
#include "lurewatch.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef LW_WITH_VECTORSCAN
#include "hsfilter.h"
#endif

struct lw_prefilter {
	lw_ac *ac;
	uint32_t npatterns;
	size_t words;	  /* 64-bit words of a candidate set */
	uint64_t *always; /* patterns without a usable literal */
	uint64_t *runs;	  /* patterns whose inside reach counts runs of
			     white space: a field where one runs has its
			     longest run measured */
	uint64_t *needy;  /* rule patterns with further requirements */
	uint64_t *needs;  /* the numbers of further requirements */
	uint32_t *owner;  /* by number: a further requirement's pattern,
			     a needy pattern's first further requirement */
	uint8_t *nneeds;  /* by number: a needy pattern's further
			     requirements */
#ifdef LW_WITH_VECTORSCAN
	lw_hsfilter *hs;      /* NULL: this CPU cannot run Vectorscan */
	uint64_t *hs_refused; /* patterns Vectorscan refused */
#endif
};

/* The atoms of every pattern as parallel arrays of literal and pattern id. */
struct atom_list {
	char **literals;
	uint32_t *ids;
	size_t n, cap;
};

/* Append a pattern's atoms to the list (taking their strings), each with
 * the pattern's id and LW_AC_MARK / LW_AC_NOTE flags. */
static int list_take(struct atom_list *l, lw_atoms *atoms, uint32_t id)
{
	if (l->n + atoms->n > l->cap) {
		size_t cap = (l->n + atoms->n) * 2;
		char **lit = realloc(l->literals, cap * sizeof(*lit));
		if (lit)
			l->literals = lit;
		uint32_t *ids = realloc(l->ids, cap * sizeof(*ids));
		if (ids)
			l->ids = ids;
		if (!lit || !ids)
			return LW_ENOMEM;
		l->cap = cap;
	}
	for (size_t i = 0; i < atoms->n; i++) {
		l->literals[l->n] = atoms->v[i];
		l->ids[l->n++] = id;
	}
	free(atoms->v);
	atoms->v = NULL;
	atoms->n = atoms->cap = 0;
	return 0;
}

/* Whether two sets hold the same strings in the same order. */
static int same_atoms(const lw_atoms *a, const lw_atoms *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	return 1;
}

/* What a prefilter is built from, gathered rule by rule: the atoms of
 * every pattern so far, and which patterns have none. */
struct lw_prefilter_builder {
	struct atom_list list;
	uint32_t npatterns; /* numbers given so far: patterns' and their
			       further requirements' */
	uint64_t *always;   /* grows with the patterns; the prefilter's */
	size_t always_words;
};

/* Put one pattern's atoms in the builder's list: its required atoms
 * decide whether it runs (LW_AC_MARK), its leading strings locate where
 * its matches can begin (LW_AC_NOTE), and its inside atoms where they can
 * contain what they need (LW_AC_INSIDE): noted when they say more than
 * the leading strings, or when there are none. The same strings are
 * listed once with all their flags. Each further requirement gets the
 * next free number, which its atoms mark, and notes its places as inside
 * atoms: a place without one close enough after it is not tried, and a
 * field without one at all does not run the pattern. A guard pattern
 * (locate 0) has neither leading places nor further requirements: it
 * searches a window, it is not tried at places; its inside atoms tell
 * whether a window can hold a match at all. */
static int add_pattern(lw_prefilter_builder *b, lw_pattern *p, int locate)
{
	lw_derived d;
	if (lw_atoms_derive_full(&d, p->source))
		return LW_ENOMEM;
	p->inside_reach = d.inside_reach;
	if (!locate) {
		lw_atoms_clear(&d.leading);
		for (size_t i = 0; i < d.nneeds; i++)
			lw_atoms_clear(&d.needs[i].atoms);
		d.nneeds = 0;
	}
	if (same_atoms(&d.inside, &d.leading))
		lw_atoms_clear(&d.inside);
	p->no_literal = d.required.n == 0;
	p->leading = d.leading.n > 0;
	p->inside = d.inside.n > 0;
	if (p->no_literal)
		b->always[p->id / 64] |= UINT64_C(1) << (p->id % 64);
	uint32_t flags = LW_AC_MARK;
	if (same_atoms(&d.required, &d.leading)) {
		flags |= LW_AC_NOTE;
		lw_atoms_clear(&d.leading);
	}
	if (same_atoms(&d.required, &d.inside)) {
		flags |= LW_AC_INSIDE;
		lw_atoms_clear(&d.inside);
	}
	int rc = list_take(&b->list, &d.required, p->id | flags);
	if (!rc)
		rc = list_take(&b->list, &d.leading, p->id | LW_AC_NOTE);
	if (!rc)
		rc = list_take(&b->list, &d.inside, p->id | LW_AC_INSIDE);
	p->need_first = b->npatterns;
	p->nneeds = 0;
	for (size_t i = 0; i < d.nneeds && !rc; i++) {
		rc = list_take(&b->list, &d.needs[i].atoms,
			       b->npatterns++ | LW_AC_MARK | LW_AC_INSIDE);
		p->need_reach[p->nneeds++] = d.needs[i].reach;
	}
	lw_derived_clear(&d);
	return rc;
}

#ifdef LW_WITH_VECTORSCAN
/* Compile every rule pattern into the Vectorscan database as well. The
 * other numbers (the rule patterns' further requirements, the guard
 * patterns) are not in it: they count as refused, so that the automaton
 * alone decides them. */
static int vectorscan_build(lw_prefilter *pf, const lw_pack *pack)
{
	pf->hs_refused = calloc(pf->words, sizeof(uint64_t));
	if (!pf->hs_refused) {
		lw_error_set("out of memory");
		return LW_ENOMEM;
	}
	for (uint32_t id = 0; id < pf->npatterns; id++)
		pf->hs_refused[id / 64] |= UINT64_C(1) << (id % 64);
	for (size_t r = 0; r < pack->nrules; r++)
		for (size_t i = 0; i < pack->rules[r].npatterns; i++) {
			uint32_t id = pack->rules[r].patterns[i].id;
			pf->hs_refused[id / 64] &= ~(UINT64_C(1) << (id % 64));
		}
	return lw_hsfilter_build(&pf->hs, pf->hs_refused, pack);
}

/*
 * Narrow the automaton's candidates to the patterns that Vectorscan, in
 * prefilter mode, also finds in the view (or refused to compile). Both
 * are supersets of the patterns that match, so their intersection is one
 * too and the results stay identical; the automaton's noted places for
 * the patterns with leading atoms are kept as they are, since match.c
 * anchors PCRE2 there. When Vectorscan cannot scan (or memory runs out),
 * the automaton's answer stands alone.
 */
static void vectorscan_narrow(const lw_prefilter *pf, uint64_t *bits,
			      const char *view, size_t len)
{
	uint64_t *found = pf->hs ? calloc(pf->words, sizeof(uint64_t)) : NULL;
	if (found && lw_hsfilter_scan(pf->hs, found, view, len) == 0)
		for (size_t i = 0; i < pf->words; i++)
			bits[i] &= found[i] | pf->hs_refused[i];
	free(found);
}
#endif

/* Room in the builder's "no usable literal" bits for n patterns. */
static int reserve_always(lw_prefilter_builder *b, size_t n)
{
	size_t words = (n + 63) / 64 + 1;
	if (words <= b->always_words)
		return 0;
	words *= 2;
	uint64_t *always = realloc(b->always, words * sizeof(*always));
	if (!always)
		return LW_ENOMEM;
	memset(always + b->always_words, 0,
	       (words - b->always_words) * sizeof(*always));
	b->always = always;
	b->always_words = words;
	return 0;
}

int lw_prefilter_builder_new(lw_prefilter_builder **out)
{
	*out = calloc(1, sizeof(**out));
	if (!*out || reserve_always(*out, 0)) {
		lw_prefilter_builder_free(*out);
		*out = NULL;
		lw_error_set("out of memory");
		return LW_ENOMEM;
	}
	return 0;
}

void lw_prefilter_builder_free(lw_prefilter_builder *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->list.n; i++)
		free(b->list.literals[i]);
	free(b->list.literals);
	free(b->list.ids);
	free(b->always);
	free(b);
}

/* Number n patterns one after another, continuing from the numbers given
 * before, and add their atoms (locate: as add_pattern); their further
 * requirements are numbered after them. */
static int add_patterns(lw_prefilter_builder *b, lw_pattern *patterns, size_t n,
			int locate)
{
	if (b->npatterns + (LW_NEEDS_MAX + 1) * n > LW_AC_ID_MASK) {
		lw_error_set("the rule pack has too many patterns");
		return LW_ETOOLARGE;
	}
	int rc = reserve_always(b, b->npatterns + (LW_NEEDS_MAX + 1) * n);
	for (size_t i = 0; i < n; i++)
		patterns[i].id = b->npatterns++;
	for (size_t i = 0; i < n && !rc; i++)
		rc = add_pattern(b, &patterns[i], locate);
	if (rc)
		lw_error_set("out of memory");
	return rc;
}

int lw_prefilter_add_rule(lw_prefilter_builder *b, lw_rule *rule)
{
	return add_patterns(b, rule->patterns, rule->npatterns, 1);
}

/* Number the pack's guard patterns after its rule patterns and add their
 * required atoms: a guard pattern none of whose atoms occurs in a field
 * cannot cancel a match there, and match.c skips it. The guards were read
 * (pack.json) before the first rule was added. */
static int add_guards(lw_prefilter_builder *b, const lw_pack *pack)
{
	int rc = 0;
	for (size_t g = 0; g < pack->nguards && !rc; g++)
		rc = add_patterns(b, pack->guards[g].patterns,
				  pack->guards[g].npatterns, 0);
	return rc;
}

/* Whether a reach counts runs of white space. */
static int counts_runs(lw_reach reach)
{
	return reach.bytes >= 0 && reach.runs > 0;
}

/* The bits (words of them) of the rule patterns whose inside reach, or
 * a further requirement's, counts runs of white space, or NULL when
 * memory runs out. */
static uint64_t *runs_of(const lw_pack *pack, size_t words)
{
	uint64_t *runs = calloc(words, sizeof(*runs));
	for (size_t r = 0; runs && r < pack->nrules; r++)
		for (size_t i = 0; i < pack->rules[r].npatterns; i++) {
			const lw_pattern *p = &pack->rules[r].patterns[i];
			int counts = p->inside && counts_runs(p->inside_reach);
			for (uint32_t k = 0; k < p->nneeds; k++)
				counts |= counts_runs(p->need_reach[k]);
			if (counts)
				runs[p->id / 64] |= UINT64_C(1) << (p->id % 64);
		}
	return runs;
}

/* Note which numbers are needy patterns and which their further
 * requirements, and how they refer to each other (lw_prefilter). Returns
 * 0 or LW_ENOMEM. */
static int note_needs(lw_prefilter *pf, const lw_pack *pack)
{
	pf->needy = calloc(pf->words, sizeof(uint64_t));
	pf->needs = calloc(pf->words, sizeof(uint64_t));
	pf->owner = calloc(pf->npatterns, sizeof(uint32_t));
	pf->nneeds = calloc(pf->npatterns, 1);
	if (!pf->needy || !pf->needs || !pf->owner || !pf->nneeds)
		return LW_ENOMEM;
	for (size_t r = 0; r < pack->nrules; r++)
		for (size_t i = 0; i < pack->rules[r].npatterns; i++) {
			const lw_pattern *p = &pack->rules[r].patterns[i];
			if (!p->nneeds)
				continue;
			pf->needy[p->id / 64] |= UINT64_C(1) << (p->id % 64);
			pf->owner[p->id] = p->need_first;
			pf->nneeds[p->id] = (uint8_t)p->nneeds;
			for (uint32_t k = 0; k < p->nneeds; k++) {
				uint32_t id = p->need_first + k;
				pf->needs[id / 64] |= UINT64_C(1) << (id % 64);
				pf->owner[id] = p->id;
			}
		}
	return 0;
}

int lw_prefilter_finish(lw_prefilter **out, lw_prefilter_builder *b,
			const lw_pack *pack)
{
	*out = NULL;
	int rc = add_guards(b, pack);
	if (rc) {
		lw_prefilter_builder_free(b);
		return rc;
	}
	lw_prefilter *pf = calloc(1, sizeof(*pf));
	rc = LW_ENOMEM;
	if (pf) {
		/* The builder's bits have room for every pattern (at least
		 * pf->words words): the prefilter takes them over. */
		pf->npatterns = b->npatterns;
		pf->words = (b->npatterns + 63) / 64 + 1;
		pf->always = b->always;
		b->always = NULL;
		pf->runs = runs_of(pack, pf->words);
		rc = pf->runs && !note_needs(pf, pack)
			     ? lw_ac_build(
				       &pf->ac,
				       (const char *const *)b->list.literals,
				       b->list.ids, b->list.n)
			     : LW_ENOMEM;
	}
	lw_prefilter_builder_free(b);
	if (rc) {
		lw_error_set(rc == LW_ETOOLARGE
				     ? "the rule pack's literals need too "
				       "much memory for the prefilter"
				     : "out of memory");
		lw_prefilter_free(pf);
		return rc;
	}
#ifdef LW_WITH_VECTORSCAN
	rc = vectorscan_build(pf, pack);
	if (rc) {
		lw_prefilter_free(pf);
		return rc;
	}
#endif
	*out = pf;
	return 0;
}

void lw_prefilter_free(lw_prefilter *pf)
{
	if (!pf)
		return;
	lw_ac_free(pf->ac);
	free(pf->always);
	free(pf->runs);
	free(pf->needy);
	free(pf->needs);
	free(pf->owner);
	free(pf->nneeds);
#ifdef LW_WITH_VECTORSCAN
	lw_hsfilter_free(pf->hs);
	free(pf->hs_refused);
#endif
	free(pf);
}

/* Where hits sort: by pattern, a pattern's leading strings' hits before
 * its inside atoms'. */
static size_t hit_key(uint32_t id, uint32_t inside)
{
	return (size_t)id * 2 + inside;
}

/* The first pattern from id on whose bit is set, or npatterns. */
static uint32_t next_running(const uint64_t *bits, uint32_t id,
			     uint32_t npatterns)
{
	while (id < npatterns) {
		uint64_t word = bits[id / 64] >> (id % 64);
		if (!word) {
			id = (id / 64 + 1) * 64;
			continue;
		}
		for (; !(word & 0xFF); word >>= 8)
			id += 8;
		for (; !(word & 1); word >>= 1)
			id++;
		return id < npatterns ? id : npatterns;
	}
	return npatterns;
}

/*
 * Keep the hits of the patterns that run, in order of hit_key, then place.
 * A counting sort by key keeps each key's hits in the order their
 * literals end, which is nearly the order they begin, so an insertion sort
 * finishes each key's few hits. Only the counters of the patterns that run
 * are set and added up (a few out of the whole pack's), visiting their
 * bits in order; they are kept (c->first) as where each key's hits begin,
 * so that finding a pattern's places takes no search. Out of memory, the
 * hits are marked incomplete, and the patterns search whole fields.
 */
static void sort_hits(lw_candidates *c, uint32_t npatterns)
{
	lw_ac_hits *h = &c->hits;
	uint32_t *first = malloc(hit_key(npatterns, 0) * sizeof(*first));
	lw_ac_hit *sorted = malloc((h->n + 1) * sizeof(*sorted));
	if (!first || !sorted) {
		free(first);
		free(sorted);
		h->incomplete = 1;
		return;
	}
	for (uint32_t id = next_running(c->bits, 0, npatterns); id < npatterns;
	     id = next_running(c->bits, id + 1, npatterns))
		first[hit_key(id, 0)] = first[hit_key(id, 1)] = 0;
	size_t kept = 0;
	for (size_t i = 0; i < h->n; i++) {
		uint32_t id = h->v[i].id;
		if (c->bits[id / 64] >> (id % 64) & 1u) {
			first[hit_key(id, h->v[i].inside)]++;
			h->v[kept++] = h->v[i];
		}
	}
	uint32_t sum = 0;
	for (uint32_t id = next_running(c->bits, 0, npatterns); id < npatterns;
	     id = next_running(c->bits, id + 1, npatterns))
		for (uint32_t inside = 0; inside < 2; inside++) {
			sum += first[hit_key(id, inside)];
			first[hit_key(id, inside)] = sum; /* where it ends */
		}
	/* Backwards, each key's hits keep their order, and its counter ends
	 * where they begin. */
	for (size_t i = kept; i-- > 0;)
		sorted[--first[hit_key(h->v[i].id, h->v[i].inside)]] = h->v[i];
	for (size_t i = 1; i < kept; i++) {
		lw_ac_hit hit = sorted[i];
		size_t j = i;
		while (j > 0 && sorted[j - 1].id == hit.id &&
		       sorted[j - 1].inside == hit.inside &&
		       sorted[j - 1].start > hit.start) {
			sorted[j] = sorted[j - 1];
			j--;
		}
		sorted[j] = hit;
	}
	c->first = first;
	free(h->v);
	h->v = sorted;
	h->cap = h->n + 1;
	h->n = kept;
}

/*
 * The bytes of the white space character at t[0..left), or 0: what \s
 * matches under PCRE2_UCP (tab to carriage return, and the separators of
 * Unicode: space, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
 * U+205F, U+3000), and, so that the count can only be too high, U+001C to
 * U+001F, U+0085 and U+180E.
 */
static size_t space_at(const unsigned char *t, size_t left)
{
	unsigned char b = t[0];
	if (b == ' ' || (b >= '\t' && b <= '\r') || (b >= 0x1C && b <= 0x1F))
		return 1;
	if (b == 0xC2)
		return left >= 2 && (t[1] == 0x85 || t[1] == 0xA0) ? 2 : 0;
	if (b < 0xE1 || b > 0xE3 || left < 3)
		return 0;
	int space = b == 0xE1 ? (t[1] == 0x9A && t[2] == 0x80) ||
					(t[1] == 0xA0 && t[2] == 0x8E)
		    : b == 0xE2 ? (t[1] == 0x80 &&
				   (t[2] <= 0x8A || t[2] == 0xA8 ||
				    t[2] == 0xA9 || t[2] == 0xAF)) ||
					  (t[1] == 0x81 && t[2] == 0x9F)
				: t[1] == 0x80 && t[2] == 0x80;
	return space ? 3 : 0;
}

/* How a byte can begin white space (space_at): 0 not at all, 1 it is
 * white space, 2 it may begin a longer white space character. */
static const unsigned char space_kind[256] = {
	['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
	[0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [' '] = 1,
	[0xC2] = 2, [0xE1] = 2, [0xE2] = 2, [0xE3] = 2};

/* The longest run of white space characters in text[0..len), in bytes:
 * the most that \s+ or \s* can match there. Whether a byte is a space or
 * not is as likely as not in a text, so for ASCII the run is counted
 * without a branch; only the lead bytes of longer spaces ask space_at. */
static size_t longest_space_run(const char *text, size_t len)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t longest = 0, run = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned kind = space_kind[t[i]];
		if (kind == 2) {
			size_t n = space_at(t + i, len - i);
			run = n ? run + n : 0;
			i += n ? n - 1 : 0;
		} else {
			run = (run + 1) & (0 - (size_t)kind);
		}
		longest = run > longest ? run : longest;
	}
	return longest;
}

/* Whether a pattern of runs is among the candidates. */
static int runs_wanted(const lw_prefilter *pf, const uint64_t *bits)
{
	for (size_t i = 0; i < pf->words; i++)
		if (bits[i] & pf->runs[i])
			return 1;
	return 0;
}

/* Whether number id's bit is set. */
static int bit_set(const uint64_t *bits, uint32_t id)
{
	return (bits[id / 64] >> (id % 64) & 1u) != 0;
}

/*
 * Take out of the candidates the patterns one of whose further
 * requirements does not occur in the view (none of its matches can be
 * there), then the further requirements whose pattern does not run, so
 * that their places are not sorted. Only the set bits are visited.
 */
static void narrow_to_needs(const lw_prefilter *pf, uint64_t *bits)
{
	for (size_t w = 0; w < pf->words; w++)
		for (uint64_t x = bits[w] & pf->needy[w]; x; x &= x - 1) {
			uint32_t id = (uint32_t)(w * 64) +
				      (uint32_t)__builtin_ctzll(x);
			for (uint32_t k = 0; k < pf->nneeds[id]; k++)
				if (!bit_set(bits, pf->owner[id] + k)) {
					bits[w] &= ~(UINT64_C(1) << (id % 64));
					break;
				}
		}
	for (size_t w = 0; w < pf->words; w++)
		for (uint64_t x = bits[w] & pf->needs[w]; x; x &= x - 1) {
			uint32_t id = (uint32_t)(w * 64) +
				      (uint32_t)__builtin_ctzll(x);
			if (!bit_set(bits, pf->owner[id]))
				bits[w] &= ~(UINT64_C(1) << (id % 64));
		}
}

void lw_prefilter_scan(lw_candidates *out, const lw_prefilter *pf,
		       const char *view, size_t len)
{
	memset(out, 0, sizeof(*out));
	out->space_run = SIZE_MAX;
	if (!pf)
		return;
	out->bits = malloc(pf->words * sizeof(uint64_t));
	if (!out->bits)
		return;
	memcpy(out->bits, pf->always, pf->words * sizeof(uint64_t));
	lw_ac_scan(pf->ac, view, len, out->bits, &out->hits);
#ifdef LW_WITH_VECTORSCAN
	vectorscan_narrow(pf, out->bits, view, len);
#endif
	narrow_to_needs(pf, out->bits);
	if (out->hits.n > 0 && !out->hits.incomplete)
		sort_hits(out, pf->npatterns);
	if (runs_wanted(pf, out->bits))
		out->space_run = longest_space_run(view, len);
}

void lw_candidates_clear(lw_candidates *c)
{
	free(c->bits);
	free(c->first);
	free(c->hits.v);
	memset(c, 0, sizeof(*c));
}

/* The places noted under a number, leading (inside 0) or inside, or not
 * known (noted: it has them; they are never noted without a scan, nor
 * when the scan could not note every occurrence). A number whose bit is
 * not set has none kept. */
static lw_places places(const lw_candidates *c, uint32_t id, uint32_t inside,
			int noted)
{
	lw_places none = {0, NULL, 0}, nowhere = {1, NULL, 0};
	if (!c || !c->bits || !noted || c->hits.incomplete)
		return none;
	if (!c->first || !bit_set(c->bits, id))
		return nowhere;
	size_t key = hit_key(id, inside), lo = c->first[key];
	size_t end = lo;
	while (end < c->hits.n &&
	       hit_key(c->hits.v[end].id, c->hits.v[end].inside) == key)
		end++;
	return (lw_places){1, c->hits.v + lo, end - lo};
}

size_t lw_candidates_next(const lw_candidates *c, const lw_rule *rule, size_t i)
{
	if (!c || !c->bits || i >= rule->npatterns)
		return i;
	uint32_t first = rule->patterns[0].id;
	return next_running(c->bits, first + (uint32_t)i,
			    first + (uint32_t)rule->npatterns) -
	       first;
}

lw_places lw_candidates_starts(const lw_candidates *c, const lw_pattern *p)
{
	return places(c, p->id, 0, p->leading);
}

lw_places lw_candidates_inside(const lw_candidates *c, const lw_pattern *p)
{
	return places(c, p->id, 1, p->inside);
}

lw_places lw_candidates_need(const lw_candidates *c, const lw_pattern *p,
			     uint32_t k)
{
	return places(c, p->need_first + k, 1, 1);
}

/* A reach in bytes in the field scanned, or -1: no bound. */
static long reach_in_field(const lw_candidates *c, lw_reach r)
{
	if (r.bytes < 0 || r.runs == 0)
		return r.bytes;
	if (!c || c->space_run > (size_t)(LONG_MAX - r.bytes) / (size_t)r.runs)
		return -1; /* not measured, or too long to count */
	return r.bytes + r.runs * (long)c->space_run;
}

long lw_candidates_reach(const lw_candidates *c, const lw_pattern *p)
{
	return reach_in_field(c, p->inside_reach);
}

long lw_candidates_need_reach(const lw_candidates *c, const lw_pattern *p,
			      uint32_t k)
{
	return reach_in_field(c, p->need_reach[k]);
}

const char *lw_prefilter_name(void)
{
#ifdef LW_WITH_VECTORSCAN
	return lw_hsfilter_name();
#else
	return "Aho-Corasick";
#endif
}
