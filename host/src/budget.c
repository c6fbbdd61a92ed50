/*
 * budget.c - the worst case of every rule pattern, measured in PCRE2 work.
 *
 * A rule pack is code that runs on text written by the people it exposes.
 * A pattern that backtracks badly on some input would let a page stall the
 * engine up to the match limit on every field. So each pattern is run on
 * inputs built to make it work hard - long runs of the words and
 * characters of its own examples (what it loops on), each example
 * repeated, and each example cut short by one character (near misses) -
 * and its work is measured as the smallest PCRE2 match limit under which
 * the match call completes, with the interpreter (PCRE2_NO_JIT), so the
 * figure is exact and the same on every machine: no clock is read. A
 * pattern whose worst case is over LW_RULE_WORK_MAX is over budget.
 */
#include "err.h"
#include "lurewatch.h"
#include "norm.h"
#include "pack.h"

#include <stdlib.h>
#include <string.h>

/* Bytes of every adversarial subject: a long field's worth of a run. */
#define SUBJECT_LEN 4096
/* Match examples of a rule that inputs are built from. */
#define EXAMPLES_USED 4
/* The limit the search for a pattern's work stops at. */
#define WORK_SEARCH_MAX ((unsigned long)LW_RULE_WORK_MAX)

/* The state of one measurement: PCRE2 objects and the worst case so far. */
struct meter {
	pcre2_match_data *data;
	pcre2_match_context *context;
	char subject[SUBJECT_LEN + 8];
	unsigned long worst;
	char worst_input[48];
};

/* Whether one match call over the subject completes within limit. */
static int completes(struct meter *m, const pcre2_code *code, size_t len,
		     unsigned long limit)
{
	pcre2_set_match_limit(m->context, (uint32_t)limit);
	int rc = pcre2_match(code, (PCRE2_SPTR)m->subject, len, 0,
			     PCRE2_NO_JIT | PCRE2_NO_UTF_CHECK, m->data,
			     m->context);
	return rc != PCRE2_ERROR_MATCHLIMIT;
}

/* The smallest match limit under which the call completes (exact, by
 * doubling then bisection), or WORK_SEARCH_MAX + 1 when even the budget
 * is not enough: how far over does not matter, and searching further
 * would cost the most on the worst patterns. */
static unsigned long work_of(struct meter *m, const pcre2_code *code,
			     size_t len)
{
	unsigned long lo = 0, hi = 16;
	while (!completes(m, code, len, hi)) {
		if (hi >= WORK_SEARCH_MAX)
			return WORK_SEARCH_MAX + 1;
		lo = hi;
		hi = hi * 2 < WORK_SEARCH_MAX ? hi * 2 : WORK_SEARCH_MAX;
	}
	while (hi - lo > 1) {
		unsigned long mid = lo + (hi - lo) / 2;
		if (completes(m, code, len, mid))
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* Fill the subject with whole copies of piece (each followed by sep), then
 * a space and the tail, at most SUBJECT_LEN bytes in all; measure it.
 * The tail (the whole example) puts every character the pattern requires
 * into the subject, so that PCRE2's quick "required character absent"
 * exit cannot hide a slow near miss. */
static void try_run(struct meter *m, const pcre2_code *code, const char *piece,
		    size_t piece_len, const char *sep, const char *tail)
{
	size_t sep_len = strlen(sep), tail_len = strlen(tail), len = 0;
	if (piece_len == 0 || tail_len > SUBJECT_LEN / 2)
		return;
	size_t run_len = SUBJECT_LEN - tail_len - 1;
	while (len + piece_len + sep_len <= run_len) {
		memcpy(m->subject + len, piece, piece_len);
		memcpy(m->subject + len + piece_len, sep, sep_len);
		len += piece_len + sep_len;
	}
	if (tail_len) {
		m->subject[len++] = ' ';
		memcpy(m->subject + len, tail, tail_len);
		len += tail_len;
	}
	m->subject[len] = '\0';
	/* One call tells whether this input beats the worst so far; only
	 * then is its exact work searched for. */
	if (m->worst && completes(m, code, len, m->worst))
		return;
	unsigned long w = work_of(m, code, len);
	if (w > m->worst) {
		m->worst = w;
		snprintf(m->worst_input, sizeof(m->worst_input), "\"%.*s\"%s",
			 (int)(piece_len < 24 ? piece_len : 24), piece,
			 sep[0] ? " repeated" : " run");
	}
}

/* Bytes of text[0..len) less its last character. */
static size_t less_last_char(const char *text, size_t len)
{
	while (len > 0 && ((unsigned char)text[--len] & 0xC0) == 0x80)
		;
	return len;
}

/* The adversarial inputs built from one example text (already in the
 * matching view): the whole text repeated, the text less its last
 * character repeated, and every word of it, whole and cut, repeated. */
static void try_example(struct meter *m, const pcre2_code *code,
			const char *text)
{
	size_t len = strlen(text);
	try_run(m, code, text, len, " ", "");
	try_run(m, code, text, less_last_char(text, len), " ", "");
	for (size_t at = 0; at < len;) {
		size_t w = strcspn(text + at, " ");
		try_run(m, code, text + at, w, " ", text);
		try_run(m, code, text + at, w, "", text);
		size_t cut = less_last_char(text + at, w);
		try_run(m, code, text + at, cut, " ", text);
		try_run(m, code, text + at, cut, "", text);
		at += w + 1;
	}
}

/* Measure one pattern against every input built from its rule. */
static int measure_pattern(struct meter *m, const lw_rule *rule,
			   const pcre2_code *code)
{
	static const char *const runs[] = {"a", " ", "1", ".", "a1 ", "\n",
					   "\xC3\xA9", NULL};
	for (int i = 0; runs[i]; i++)
		try_run(m, code, runs[i], strlen(runs[i]), "", "");
	size_t i;
	json_t *ex;
	json_array_foreach(rule->examples[0], i, ex)
	{
		if (i == EXAMPLES_USED)
			break;
		const char *fields[] = {"title", "text"};
		for (int f = 0; f < 2; f++) {
			const char *s = json_string_value(
				json_object_get(ex, fields[f]));
			if (!s)
				continue;
			char *view = lw_norm_string(s);
			if (!view)
				return LW_ENOMEM;
			try_example(m, code, view);
			free(view);
		}
	}
	return 0;
}

/* Measure every pattern of a loaded pack; see lw_rules_check_budgets. */
static int check_pack(int *out_over, unsigned long *out_worst,
		      const lw_pack *pack, FILE *report)
{
	struct meter m = {0};
	m.data = pcre2_match_data_create(1, NULL);
	m.context = pcre2_match_context_create(NULL);
	if (!m.data || !m.context) {
		pcre2_match_data_free(m.data);
		pcre2_match_context_free(m.context);
		return LW_ENOMEM;
	}
	pcre2_set_depth_limit(m.context, (uint32_t)WORK_SEARCH_MAX);
	int rc = 0;
	for (size_t r = 0; r < pack->nrules && !rc; r++) {
		const lw_rule *rule = &pack->rules[r];
		for (size_t p = 0; p < rule->npatterns && !rc; p++) {
			m.worst = 0;
			m.worst_input[0] = '\0';
			rc = measure_pattern(&m, rule, rule->patterns[p].code);
			if (m.worst > *out_worst)
				*out_worst = m.worst > WORK_SEARCH_MAX
						     ? WORK_SEARCH_MAX
						     : m.worst;
			if (m.worst <= LW_RULE_WORK_MAX)
				continue;
			(*out_over)++;
			if (report)
				fprintf(report,
					"%s:%d: pattern %zu of %s is over its "
					"budget: %s%lu units of PCRE2 work on "
					"%s (budget %d)\n",
					rule->file, rule->patterns[p].line,
					p + 1, rule->id,
					m.worst > WORK_SEARCH_MAX ? "over "
								  : "",
					m.worst > WORK_SEARCH_MAX
						? WORK_SEARCH_MAX
						: m.worst,
					m.worst_input, LW_RULE_WORK_MAX);
		}
	}
	pcre2_match_data_free(m.data);
	pcre2_match_context_free(m.context);
	return rc;
}

int lw_rules_check_budgets(int *out_over, unsigned long *out_worst,
			   const char *rules_dir, FILE *report)
{
	lw_pack *pack = NULL;
	*out_over = 0;
	*out_worst = 0;
	int rc = lw_pack_load(&pack, rules_dir);
	if (rc)
		return rc;
	rc = check_pack(out_over, out_worst, pack, report);
	lw_pack_free(pack);
	return rc;
}
