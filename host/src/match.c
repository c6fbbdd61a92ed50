/*
 * match.c - run a rule's patterns over a matching view, bounded.
 *
 * Every pcre2_match call runs under a match limit, so a pattern with
 * heavy backtracking gives up instead of hanging the engine; the limit is
 * reported, never swallowed. JIT code runs on its own stack, larger than
 * PCRE2's 32 KiB default so that ordinary patterns on long fields do not
 * fail for lack of stack.
 */
#include "match.h"

#include "prefilter.h"

#include <stdlib.h>
#include <string.h>

#define LW_JIT_STACK_MIN (32 * 1024)
#define LW_JIT_STACK_MAX (512 * 1024)

int lw_matcher_init(lw_matcher *m)
{
	m->data = pcre2_match_data_create(1, NULL);
	m->context = pcre2_match_context_create(NULL);
	m->jit_stack = pcre2_jit_stack_create(LW_JIT_STACK_MIN,
					      LW_JIT_STACK_MAX, NULL);
	if (!m->data || !m->context || !m->jit_stack) {
		lw_matcher_clear(m);
		return LW_ENOMEM;
	}
	pcre2_set_match_limit(m->context, LW_MATCH_LIMIT);
	pcre2_set_depth_limit(m->context, LW_MATCH_LIMIT);
	pcre2_set_heap_limit(m->context, 16 * 1024); /* KiB */
	pcre2_jit_stack_assign(m->context, NULL, m->jit_stack);
	return 0;
}

void lw_matcher_clear(lw_matcher *m)
{
	pcre2_match_data_free(m->data);
	pcre2_match_context_free(m->context);
	pcre2_jit_stack_free(m->jit_stack);
	m->data = NULL;
	m->context = NULL;
	m->jit_stack = NULL;
}

void lw_spans_add(lw_spans *spans, size_t field, size_t start, size_t end)
{
	for (size_t i = 0; i < spans->n; i++)
		if (spans->v[i].field == field && spans->v[i].start == start &&
		    spans->v[i].end == end)
			return;
	if (spans->n == LW_EVIDENCE_MAX) {
		spans->dropped++;
		return;
	}
	spans->v[spans->n++] = (lw_span){field, start, end};
}

/*
 * Run a pattern once over subject[0..len) from offset from, under the
 * matcher's limits. Its code is JIT-compiled the first time it runs
 * (pack.c leaves that until then). JIT code is called directly: the
 * sanity checks of pcre2_match cost about 130 instructions a call, more
 * than a failed try at a known start often costs in the JIT code itself,
 * and none of them can fail here (valid offsets, no options, and with
 * PCRE2_MATCH_INVALID_UTF no UTF check). pcre2_jit_match takes the same
 * match context: the match limit, the offset limit and the JIT stack
 * apply as before (the depth and heap limits never applied to JIT code).
 * When JIT is unavailable (an exotic CPU) or fails, pcre2_match runs the
 * interpreter under all the limits.
 */
static int run_pattern(lw_matcher *m, lw_pattern *p, const char *subject,
		       size_t len, size_t from)
{
	if (!p->jit_tried) {
		p->jit_ok = pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE) == 0;
		p->jit_tried = 1;
	}
	if (p->jit_ok)
		return pcre2_jit_match(p->code, (PCRE2_SPTR)subject, len, from,
				       0, m->data, m->context);
	return pcre2_match(p->code, (PCRE2_SPTR)subject, len, from, 0, m->data,
			   m->context);
}

/* Where the guard window before offset `at` starts: at most `window`
 * characters back, and never before the start of the sentence. */
static size_t guard_window_start(const char *text, size_t at, int window)
{
	size_t start = at;
	for (int chars = 0; start > 0 && chars < window; chars++) {
		size_t prev = start - 1;
		while (prev > 0 && ((unsigned char)text[prev] & 0xC0) == 0x80)
			prev--;
		char c = text[prev];
		if (c == '.' || c == '!' || c == '?' || c == '\n' ||
		    (start - prev == 3 &&
		     (memcmp(text + prev, "\xE3\x80\x82", 3) == 0 ||
		      memcmp(text + prev, "\xEF\xBC\x81", 3) == 0 ||
		      memcmp(text + prev, "\xEF\xBC\x9F", 3) == 0)))
			break; /* . ! ? newline, and 。！？ */
		start = prev;
	}
	return start;
}

/* Whether one of the places begins in [from, to): a binary search, as
 * they are sorted. */
static int placed_within(const lw_places *places, size_t from, size_t to)
{
	size_t lo = 0, hi = places->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (places->v[mid].start < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < places->n && places->v[lo].start < to;
}

/* Whether a guard pattern occurs in the window just before a match at
 * `at`, which cancels the match. The subject ends at the match, so a
 * guard cannot see the match itself; it may look behind the window. A
 * guard pattern none of whose atoms occurs in the field (candidates) is
 * not run: its match would lie inside the field, atoms and all; nor is
 * one none of whose inside atoms begins in the window, where its match
 * and so the atoms it contains would lie. */
static int guarded(lw_matcher *m, const lw_guard *guard,
		   const lw_candidates *candidates, const char *text, size_t at,
		   int *limited)
{
	size_t from = guard_window_start(text, at, guard->window);
	pcre2_set_offset_limit(m->context, PCRE2_UNSET);
	for (size_t i = 0; i < guard->npatterns; i++) {
		if (!lw_prefilter_wants(candidates, &guard->patterns[i]))
			continue;
		lw_places inside =
			lw_candidates_inside(candidates, &guard->patterns[i]);
		if (inside.known && !placed_within(&inside, from, at))
			continue;
		int rc = run_pattern(m, &guard->patterns[i], text, at, from);
		if (rc >= 0)
			return 1;
		if (rc != PCRE2_ERROR_NOMATCH)
			*limited = 1;
	}
	return 0;
}

/* Whether an inside atom of the pattern begins close enough after `at`
 * for a match that begins there (lw_candidates_inside); *next walks the
 * places, which are asked about in increasing order. */
static int inside_near(const lw_places *inside, long reach, size_t *next,
		       size_t at)
{
	while (*next < inside->n && inside->v[*next].start < at)
		(*next)++;
	return *next < inside->n &&
	       (reach < 0 || inside->v[*next].start - at <= (size_t)reach);
}

/* Where a requirement of every match of a pattern occurs (its inside
 * atoms, or a further requirement), how far into a match one begins at
 * most, and how far its places have been walked. */
struct need_walk {
	lw_places places;
	long reach;
	size_t next;
};

/* The known requirements of a pattern, inside atoms first, in walks[];
 * returns how many. */
static size_t need_walks(struct need_walk walks[1 + LW_NEEDS_MAX],
			 const lw_candidates *candidates,
			 const lw_pattern *pattern, lw_places inside)
{
	size_t n = 0;
	if (inside.known)
		walks[n++] = (struct need_walk){
			inside, lw_candidates_reach(candidates, pattern), 0};
	for (uint32_t k = 0; k < pattern->nneeds; k++) {
		lw_places places = lw_candidates_need(candidates, pattern, k);
		if (places.known)
			walks[n++] = (struct need_walk){
				places,
				lw_candidates_need_reach(candidates, pattern,
							 k),
				0};
	}
	return n;
}

/* Whether a match can begin at `at` as far as the requirements tell:
 * 1 when each of them begins close enough after it, 0 when one does not,
 * -1 when one has no place left at all (no later place can do either).
 * Places are asked about in increasing order. */
static int needs_near(struct need_walk *walks, size_t n, size_t at)
{
	for (size_t i = 0; i < n; i++) {
		if (!inside_near(&walks[i].places, -1, &walks[i].next, at))
			return -1;
		if (!inside_near(&walks[i].places, walks[i].reach,
				 &walks[i].next, at))
			return 0;
	}
	return 1;
}

/*
 * Run one pattern over the text, every match from left to right, dropping
 * matches that the rule's guard cancels. When the places where a match can
 * begin are known, PCRE2 tries only them: the offset limit stops each
 * search where it started. That finds exactly the matches a search of the
 * whole text finds, because a search takes the leftmost match and no match
 * begins anywhere else. Where the pattern's inside atoms and its further
 * requirements occur is known too (prefilter.h): a place without one of
 * each close enough after it is not tried. Without leading places,
 * instead of the whole text, the search covers the reach before each
 * inside atom in turn (from a character boundary, the offset limit at the
 * atom), or with no bound, everything up to the last one, as no match can
 * begin elsewhere either. Returns 1 when a resource limit stopped it.
 */
static int match_pattern(lw_spans *out, lw_matcher *m, lw_pattern *pattern,
			 const lw_guard *guard, const lw_candidates *candidates,
			 size_t field, const char *text, size_t len)
{
	lw_places starts = lw_candidates_starts(candidates, pattern);
	lw_places inside = lw_candidates_inside(candidates, pattern);
	long reach = lw_candidates_reach(candidates, pattern);
	struct need_walk walks[1 + LW_NEEDS_MAX];
	size_t nwalks = starts.known
				? need_walks(walks, candidates, pattern, inside)
				: 0;
	int limited = 0;
	size_t next = 0, next_inside = 0;
	PCRE2_SIZE at = 0;
	while (at <= len) {
		PCRE2_SIZE from = at, limit = PCRE2_UNSET;
		if (starts.known) {
			while (next < starts.n && starts.v[next].start < at)
				next++;
			if (next == starts.n)
				return limited;
			from = limit = starts.v[next++].start;
			int near = needs_near(walks, nwalks, from);
			if (near < 0)
				return limited; /* none after: no more tries */
			if (!near)
				continue;
		} else if (inside.known) {
			if (!inside_near(&inside, -1, &next_inside, at))
				return limited;
			size_t atom = inside.v[next_inside].start;
			if (reach >= 0 && atom - at > (size_t)reach)
				from = atom - (size_t)reach;
			while (from < len &&
			       ((unsigned char)text[from] & 0xC0) == 0x80)
				from++;
			limit = reach >= 0 ? atom
					   : inside.v[inside.n - 1].start;
		}
		pcre2_set_offset_limit(m->context, limit);
		int rc = run_pattern(m, pattern, text, len, from);
		if (rc == PCRE2_ERROR_NOMATCH && starts.known)
			continue; /* not here: try the next place */
		if (rc == PCRE2_ERROR_NOMATCH && inside.known && reach >= 0) {
			at = limit + 1; /* not before this atom: the next one */
			continue;
		}
		if (rc == PCRE2_ERROR_NOMATCH)
			return limited;
		if (rc < 0)
			return 1; /* match, depth, heap or JIT stack limit */
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->data);
		size_t start = ov[0], end = ov[1];
		if (end > start && !(guard && guarded(m, guard, candidates,
						      text, start, &limited)))
			lw_spans_add(out, field, start, end);
		/* Step past an empty match by one whole character. */
		at = end > start ? end : end + 1;
		while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80)
			at++;
	}
	return limited;
}

int lw_match_rule(lw_spans *out, lw_matcher *m, const lw_rule *rule,
		  const lw_candidates *candidates, size_t field,
		  const char *text, size_t len)
{
	int limited = 0;
	for (size_t i = lw_candidates_next(candidates, rule, 0);
	     i < rule->npatterns;
	     i = lw_candidates_next(candidates, rule, i + 1))
		limited |=
			match_pattern(out, m, &rule->patterns[i], rule->guard,
				      candidates, field, text, len);
	return limited;
}
