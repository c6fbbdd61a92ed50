/*
 * test_hsfilter.c - the Vectorscan prefilter (hsfilter.c), built only with
 * -DLW_WITH_VECTORSCAN=ON.
 *
 * Three parts:
 *  - lw_hsfilter_widen as data: each pattern with what Vectorscan gets.
 *  - a small hand-made pack: the candidate bits a scan sets, including
 *    the superset cases (a lookbehind, an atomic group) and a pattern
 *    Vectorscan refuses even in prefilter mode.
 *  - the two libraries agree on single characters: for every literal
 *    character and every bracket class of the real pack's patterns
 *    (widened), every character a matching view can hold that PCRE2
 *    matches with the engine's flags is matched by Vectorscan too. This is
 *    what the prefilter's soundness rests on beyond Vectorscan's own
 *    prefilter guarantee (hsfilter.c), checked on the installed libraries.
 */
#include "check.h"
#include "hsfilter.h"
#include "norm.h"
#include "pack.h"

#include <hs/hs.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *source, *widened;
} widen_cases[] = {
	{"fee", "fee"},
	{"\\bfees?\\b", "fees?"},
	{"\\w+", "[0-9A-Za-z_\\x{80}-\\x{10ffff}]+"},
	{"\\d\\s\\S",
	 "[0-9\\x{80}-\\x{10ffff}][\\t\\n\\x0b\\f\\r \\x{80}-\\x{10ffff}]"
	 "[\\x00-\\x08\\x0e-\\x1f\\x21-\\x7f\\x{80}-\\x{10ffff}]"},
	/* In a class: the ASCII members, and every non-ASCII character
	 * unless the class is negated. */
	{"[\\s,]+", "[\\t\\n\\x0b\\f\\r ,\\x{80}-\\x{10ffff}]+"},
	{"[^\\s,]", "[^\\t\\n\\x0b\\f\\r ,]"},
	{"[её]", "[её]"},
	{"[]\\w]", "[]0-9A-Za-z_\\x{80}-\\x{10ffff}]"},
	{"[^]a]", "[^]a]"},
	/* Bounded repeats lose their bound; exact counts stay. */
	{".{0,40}?x", ".{0,}?x"},
	{"\\w{2,3}", "[0-9A-Za-z_\\x{80}-\\x{10ffff}]{2,}"},
	{"a{3}", "a{3}"},
	{"a{,3}", "a{,3}"},
	/* Escapes with braces, escaped brackets, \b in a class (backspace). */
	{"\\x{6CB9}{1,2}", "\\x{6CB9}{1,}"},
	{"\\[\\w\\]", "\\[[0-9A-Za-z_\\x{80}-\\x{10ffff}]\\]"},
	{"[\\b]", "[\\b]"},
	{"(?<!\\bno\\s)x", "(?<!no[\\t\\n\\x0b\\f\\r \\x{80}-\\x{10ffff}])x"},
	/* Left alone. */
	{"\\Q\\w\\E", "\\Q\\w\\E"},
	{"[[:alpha:]]", "[[:alpha:]]"},
};

/* Check every widening case. */
static void check_widen(void)
{
	for (size_t i = 0; i < sizeof(widen_cases) / sizeof(widen_cases[0]);
	     i++) {
		char *got = lw_hsfilter_widen(widen_cases[i].source);
		if (!got || strcmp(got, widen_cases[i].widened) != 0)
			fprintf(stderr, "pattern %s\n", widen_cases[i].source);
		CHECK_STR(got, widen_cases[i].widened);
		free(got);
	}
}

/* The candidate bits of text under a filter. */
static uint64_t scan_bits(lw_hsfilter *hf, const char *text)
{
	uint64_t bits = 0;
	CHECK_INT(lw_hsfilter_scan(hf, &bits, text, strlen(text)), 0);
	return bits;
}

/* A hand-made pack: only what hsfilter reads (sources and ids). */
static void check_scan(void)
{
	static const char *sources[] = {
		"(?<!\\bno\\s)\\bregistration\\s+fees?\\b",
		"плата\\s+за\\s+визу",
		"(?>abc|ab)c",
		"(a)(?1)", /* refused: subroutine calls */
		"\\b\\w{2,3}\\s*\\d+\\s*usd\\b",
	};
	enum { N = sizeof(sources) / sizeof(sources[0]) };
	lw_pattern patterns[N];
	memset(patterns, 0, sizeof(patterns));
	for (size_t i = 0; i < N; i++) {
		patterns[i].source = (char *)sources[i];
		patterns[i].id = (uint32_t)i;
	}
	lw_rule rule = {.patterns = patterns, .npatterns = N};
	lw_pack pack = {.rules = &rule, .nrules = 1};
	uint64_t refused = 0;
	lw_hsfilter *hf = NULL;
	CHECK_INT(lw_hsfilter_build(&hf, &refused, &pack), 0);
	CHECK(hf != NULL);
	if (!hf)
		return;
	CHECK(refused == 1u << 3);
	CHECK(scan_bits(hf, "pay the registration fee today") == 1u << 0);
	/* A superset: the lookbehind is not Vectorscan's to decide. */
	CHECK(scan_bits(hf, "no registration fees") == 1u << 0);
	CHECK(scan_bits(hf, "Плата за визу: 100") == 1u << 1);
	/* Atomic: PCRE2 finds no match in "abc", the prefilter does. */
	CHECK(scan_bits(hf, "abc") == 1u << 2);
	/* \w and \s of any script, digits after them. */
	CHECK(scan_bits(hf, "中文 100 usd") == 1u << 4);
	CHECK(scan_bits(hf, "nothing here") == 0);
	CHECK(scan_bits(hf, "") == 0);
	lw_hsfilter_free(hf);
}

/* Append a code point to buf as UTF-8; returns the bytes written. */
static size_t utf8_put(char *buf, uint32_t cp)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xC0 | cp >> 6);
		buf[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | cp >> 12);
		buf[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | cp >> 18);
	buf[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	buf[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	buf[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Every character a matching view can hold, one after another: the
 * code points whose own view is themselves. Each ends at a distinct
 * offset, so a one-character match is known by its end. */
struct domain {
	char *text;
	size_t len;
	unsigned char *is_end; /* per offset + 1: a character ends here */
	size_t chars;
};

/* Build the domain (about a million code points). */
static int build_domain(struct domain *d)
{
	d->text = malloc(0x110000 * 4);
	d->is_end = calloc(0x110000 * 4 + 1, 1);
	if (!d->text || !d->is_end)
		return -1;
	for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
		char one[4];
		size_t n;
		lw_norm view;
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = utf8_put(one, cp);
		if (lw_norm_build(&view, one, n))
			return -1;
		if (view.len == n && memcmp(view.text, one, n) == 0) {
			memcpy(d->text + d->len, one, n);
			d->len += n;
			d->is_end[d->len] = 1;
			d->chars++;
		}
		lw_norm_clear(&view);
	}
	return 0;
}

/* The code point that ends at offset end of the domain, for messages. */
static uint32_t char_ending_at(const struct domain *d, size_t end)
{
	size_t start = end - 1;
	while (start > 0 && !d->is_end[start])
		start--;
	const unsigned char *s = (const unsigned char *)d->text + start;
	size_t n = end - start;
	uint32_t cp = n == 1 ? s[0] : s[0] & (0xFF >> (n + 1));
	for (size_t i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	return cp;
}

/* Vectorscan's match callback: mark the end offset in a bitmap. */
static int mark_end(unsigned id, unsigned long long from, unsigned long long to,
		    unsigned flags, void *ends)
{
	(void)id;
	(void)from;
	(void)flags;
	((unsigned char *)ends)[to] = 1;
	return 0;
}

/* Compile a probe (or several: ids 0..n-1) as the prefilter does, minus
 * HS_FLAG_SINGLEMATCH, and scan the domain with it. */
static int hs_probe_scan(const struct domain *d, const char *const *probes,
			 unsigned n, match_event_handler on_match, void *ctx)
{
	hs_database_t *db = NULL;
	hs_compile_error_t *err = NULL;
	hs_scratch_t *scratch = NULL;
	unsigned *flags = calloc(n, sizeof(unsigned));
	unsigned *ids = calloc(n, sizeof(unsigned));
	int rc = -1;
	for (unsigned i = 0; flags && ids && i < n; i++) {
		flags[i] = LW_HS_FLAGS & ~(unsigned)HS_FLAG_SINGLEMATCH;
		ids[i] = i;
	}
	if (flags && ids &&
	    hs_compile_multi(probes, flags, ids, n, HS_MODE_BLOCK, NULL, &db,
			     &err) != HS_SUCCESS)
		fprintf(stderr, "Vectorscan refuses a probe: %s\n",
			err ? err->message : "?");
	else if (db && hs_alloc_scratch(db, &scratch) == HS_SUCCESS)
		rc = hs_scan(db, d->text, (unsigned)d->len, 0, scratch,
			     on_match, ctx) == HS_SUCCESS
			     ? 0
			     : -1;
	hs_free_compile_error(err);
	hs_free_scratch(scratch);
	hs_free_database(db);
	free(flags);
	free(ids);
	return rc;
}

/* PCRE2 with the engine's flags (pack.c), JIT-compiled. */
static pcre2_code *pcre2_probe(const char *probe)
{
	int rc;
	PCRE2_SIZE erroff;
	pcre2_code *code = pcre2_compile(
		(PCRE2_SPTR)probe, PCRE2_ZERO_TERMINATED,
		PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &rc, &erroff, NULL);
	if (code)
		pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	return code;
}

/* Whether PCRE2 matches the domain character ending at end, exactly. */
static int pcre2_matches_at(pcre2_code *code, pcre2_match_data *md,
			    const struct domain *d, size_t end)
{
	size_t start = end - 1;
	while (start > 0 && !d->is_end[start])
		start--;
	return pcre2_match(code, (PCRE2_SPTR)d->text, end, start,
			   PCRE2_ANCHORED, md, NULL) > 0 &&
	       pcre2_get_ovector_pointer(md)[1] == end;
}

/* Report a character PCRE2 matches and Vectorscan does not. */
static void report_miss(const struct domain *d, const char *probe, size_t end,
			size_t *missed)
{
	if ((*missed)++ < 5)
		fprintf(stderr,
			"%s: PCRE2 matches U+%04X, Vectorscan does not\n",
			probe, (unsigned)char_ending_at(d, end));
}

/* Check a class probe: every domain character that Vectorscan does not
 * match, PCRE2 does not match either. Where Vectorscan matches most of
 * the domain, only the rest is tried; otherwise PCRE2 searches it all.
 * Returns the characters where they disagree that way. */
static size_t check_class(const struct domain *d, const char *probe,
			  unsigned char *hs_ends, pcre2_match_data *md)
{
	memset(hs_ends, 0, d->len + 1);
	pcre2_code *code = pcre2_probe(probe);
	if (!code || hs_probe_scan(d, &probe, 1, mark_end, hs_ends)) {
		pcre2_code_free(code);
		return 1;
	}
	size_t hs_count = 0, missed = 0;
	for (size_t end = 1; end <= d->len; end++)
		hs_count += hs_ends[end];
	if (hs_count > d->chars / 2) {
		for (size_t end = 1; end <= d->len; end++)
			if (d->is_end[end] && !hs_ends[end] &&
			    pcre2_matches_at(code, md, d, end))
				report_miss(d, probe, end, &missed);
	} else {
		for (PCRE2_SIZE at = 0;
		     pcre2_match(code, (PCRE2_SPTR)d->text, d->len, at, 0, md,
				 NULL) > 0;) {
			at = pcre2_get_ovector_pointer(md)[1];
			if (!hs_ends[at])
				report_miss(d, probe, at, &missed);
		}
	}
	pcre2_code_free(code);
	return missed;
}

/* The (letter, end offset) pairs that Vectorscan matched. */
struct pairs {
	uint64_t *v; /* letter << 32 | end */
	size_t n, cap;
};

/* Vectorscan's match callback for the letters: record the pair. */
static int add_pair(unsigned id, unsigned long long from, unsigned long long to,
		    unsigned flags, void *ctx)
{
	struct pairs *p = ctx;
	(void)from;
	(void)flags;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 4096;
		p->v = realloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->n++] = (uint64_t)id << 32 | to;
	return 0;
}

/* Order pairs for bsearch. */
static int pair_order(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Check the letter probes together: PCRE2 finds the domain characters
 * that any letter matches (one class of them all), then each letter is
 * tried on those; Vectorscan scans once with every letter. */
static size_t check_letters(const struct domain *d, const char *const *letters,
			    unsigned n, pcre2_match_data *md)
{
	struct pairs hs = {0};
	size_t len = 3, missed = 0;
	for (unsigned i = 0; i < n; i++)
		len += strlen(letters[i]);
	char *all = malloc(len);
	strcpy(all, "[");
	for (unsigned i = 0; i < n; i++)
		strcat(all, letters[i]);
	strcat(all, "]");
	pcre2_code *any = pcre2_probe(all);
	pcre2_code **each = calloc(n, sizeof(*each));
	if (!any || !each || hs_probe_scan(d, letters, n, add_pair, &hs)) {
		missed = 1;
		n = 0;
	}
	qsort(hs.v, hs.n, sizeof(*hs.v), pair_order);
	for (unsigned i = 0; i < n; i++)
		each[i] = pcre2_probe(letters[i]);
	for (PCRE2_SIZE at = 0;
	     n && pcre2_match(any, (PCRE2_SPTR)d->text, d->len, at, 0, md,
			      NULL) > 0;) {
		at = pcre2_get_ovector_pointer(md)[1];
		for (unsigned i = 0; i < n; i++) {
			uint64_t key = (uint64_t)i << 32 | at;
			if (pcre2_matches_at(each[i], md, d, at) &&
			    !bsearch(&key, hs.v, hs.n, sizeof(key), pair_order))
				report_miss(d, letters[i], at, &missed);
		}
	}
	for (unsigned i = 0; each && i < n; i++)
		pcre2_code_free(each[i]);
	free(each);
	pcre2_code_free(any);
	free(all);
	free(hs.v);
	return missed;
}

/* Add a probe to a list if it is not there yet. */
static void add_probe(char ***probes, size_t *n, const char *s, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*probes)[i]) == len &&
		    memcmp((*probes)[i], s, len) == 0)
			return;
	*probes = realloc(*probes, (*n + 1) * sizeof(**probes));
	(*probes)[*n] = strndup(s, len);
	(*n)++;
}

/* The probes of one widened pattern: each bracket class, and each
 * letter outside classes and escapes as a one-character literal. */
static void collect_probes(char ***probes, size_t *n, const char *re)
{
	for (size_t i = 0; re[i];) {
		if (re[i] == '\\') {
			i += re[i + 1] ? 2 : 1;
			continue;
		}
		if (re[i] == '[') {
			size_t j = i + 1;
			j += re[j] == '^';
			j += re[j] == ']';
			while (re[j] && re[j] != ']')
				j += re[j] == '\\' && re[j + 1] ? 2 : 1;
			if (!re[j])
				return;
			add_probe(probes, n, re + i, j + 1 - i);
			i = j + 1;
			continue;
		}
		size_t len = 1;
		while ((re[i + len] & 0xC0) == 0x80)
			len++;
		if ((unsigned char)re[i] >= 0x80 ||
		    (re[i] >= 'a' && re[i] <= 'z') ||
		    (re[i] >= 'A' && re[i] <= 'Z'))
			add_probe(probes, n, re + i, len);
		i += len;
	}
}

/* Every probe of the real pack agrees (see the top of the file). */
static void check_agreement(void)
{
	lw_pack *pack = NULL;
	struct domain d = {0};
	char **probes = NULL;
	size_t nprobes = 0, disagreements = 0, nletters = 0;
	CHECK_INT(lw_pack_load(&pack, LW_TEST_RULES_DIR), 0);
	CHECK_INT(build_domain(&d), 0);
	if (!pack || !d.text)
		return;
	for (size_t r = 0; r < pack->nrules; r++)
		for (size_t i = 0; i < pack->rules[r].npatterns; i++) {
			char *w = lw_hsfilter_widen(
				pack->rules[r].patterns[i].source);
			collect_probes(&probes, &nprobes, w);
			free(w);
		}
	unsigned char *hs_ends = malloc(d.len + 1);
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	const char **letters = calloc(nprobes, sizeof(*letters));
	for (size_t i = 0; i < nprobes; i++)
		if (probes[i][0] == '[')
			disagreements +=
				check_class(&d, probes[i], hs_ends, md);
		else
			letters[nletters++] = probes[i];
	disagreements += check_letters(&d, letters, (unsigned)nletters, md);
	printf("%zu letters and %zu classes of the pack over %zu view "
	       "characters: %zu disagreements\n",
	       nletters, nprobes - nletters, d.chars, disagreements);
	CHECK(nletters > 100);
	CHECK(d.chars > 100000);
	CHECK_INT(disagreements, 0);
	for (size_t i = 0; i < nprobes; i++)
		free(probes[i]);
	free(letters);
	pcre2_match_data_free(md);
	free(hs_ends);
	free(probes);
	free(d.text);
	free(d.is_end);
	lw_pack_free(pack);
}

int main(void)
{
	check_widen();
	check_scan();
	check_agreement();
	return CHECK_DONE();
}
