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

#include <stdlib.h>

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

/* Run one pattern over the whole text, every match from left to right.
 * Returns 1 when a resource limit stopped it. */
static int match_pattern(lw_spans *out, lw_matcher *m, const pcre2_code *code,
			 size_t field, const char *text, size_t len)
{
	PCRE2_SIZE at = 0;
	while (at <= len) {
		int rc = pcre2_match(code, (PCRE2_SPTR)text, len, at, 0,
				     m->data, m->context);
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc < 0)
			return 1; /* match, depth, heap or JIT stack limit */
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->data);
		if (ov[1] > ov[0])
			lw_spans_add(out, field, ov[0], ov[1]);
		/* Step past an empty match by one whole character. */
		at = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
		while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80)
			at++;
	}
	return 0;
}

int lw_match_rule(lw_spans *out, lw_matcher *m, const lw_rule *rule,
		  size_t field, const char *text, size_t len)
{
	int limited = 0;
	for (size_t i = 0; i < rule->npatterns; i++)
		limited |= match_pattern(out, m, rule->patterns[i].code, field,
					 text, len);
	return limited;
}
