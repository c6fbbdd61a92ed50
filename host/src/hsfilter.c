/*
 * hsfilter.c - the rule patterns in one Vectorscan prefilter database.
 *
 * Why this is a sound filter: the engine runs PCRE2 (UTF, UCP, caseless)
 * over the matching view, and skips a pattern only when Vectorscan finds
 * no match of it in the same view. What Vectorscan compiles is a superset
 * of the pattern, in two steps:
 *
 *  - lw_hsfilter_widen rewrites the pattern: \w, \d, \s and their
 *    negations admit every non-ASCII character, \b and \B go, and {m,n}
 *    becomes {m,}. So Vectorscan's Unicode tables (not PCRE2's)
 *    never decide whether a class matches, and the database compiles in
 *    seconds rather than minutes (measured: about 7 s instead of 280 s of CPU
 *    for the 930 patterns of the pack).
 *  - HS_FLAG_PREFILTER: Vectorscan guarantees a superset of the matches;
 *    lookarounds become empty, atomic groups and possessive repeats plain
 *    ones, back references ".*" (or a copy of a one-character group).
 *
 * Both libraries must still agree on literal letters under caseless
 * matching; tests/unit/test_hsfilter.c checks that for every character of
 * the pack's patterns on the installed libraries. The view is valid UTF-8
 * (norm.c repairs invalid input to U+FFFD before writing it), as
 * HS_FLAG_UTF8 requires; hs_scan failing for any other reason makes every
 * pattern run on that field.
 */
#include "hsfilter.h"

#include "err.h"
#include "lurewatch.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct lw_hsfilter {
	hs_database_t *db;
	hs_scratch_t *scratch;
};

/* The patterns given to Vectorscan, as parallel arrays. */
struct hs_patterns {
	char **sources; /* widened (lw_hsfilter_widen) */
	unsigned *ids;
	unsigned *flags;
	size_t n;
};

/* Set a pattern's bit in a candidate set. */
static void set_bit(uint64_t *bits, unsigned id)
{
	bits[id / 64] |= UINT64_C(1) << (id % 64);
}

/* The ASCII members of PCRE2's class escapes, written for a class. */
static const char *ascii_members(char escape)
{
	switch (escape) {
	case 'w':
		return "0-9A-Za-z_";
	case 'd':
		return "0-9";
	case 's':
		return "\\t\\n\\x0b\\f\\r ";
	case 'W':
		return "\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f";
	case 'D':
		return "\\x00-\\x2f\\x3a-\\x7f";
	case 'S':
		return "\\x00-\\x08\\x0e-\\x1f\\x21-\\x7f";
	default:
		return NULL;
	}
}

/** Every non-ASCII code point, as a class range. */
#define LW_NON_ASCII "\\x{80}-\\x{10ffff}"

/* Append a string to the output. */
static char *put(char *o, const char *s)
{
	size_t n = strlen(s);
	memcpy(o, s, n);
	return o + n;
}

/* The length of a {m,n} quantifier at s, or 0; *digits is the length of
 * m. */
static size_t range_quantifier(const char *s, size_t *digits)
{
	size_t i = 1;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	*digits = i - 1;
	if (*digits == 0 || s[i] != ',' ||
	    !(s[i + 1] >= '0' && s[i + 1] <= '9'))
		return 0;
	for (i++; s[i] >= '0' && s[i] <= '9';)
		i++;
	return s[i] == '}' ? i + 1 : 0;
}

/* The length of the escape at s (a backslash and what it takes): two
 * bytes, or up to the closing brace of \x{...}, \p{...} and the like. */
static size_t escape_length(const char *s)
{
	const char *close = strchr(s, '}');
	if (s[1] && strchr("xpPNgko", s[1]) && s[2] == '{' && close)
		return (size_t)(close - s) + 1;
	return s[1] ? 2 : 1;
}

/* State of the widening pass: inside a [...] class or not. */
struct widen_state {
	int in_class, negated, has_escapes;
	size_t class_body; /* where a leading ']' is a literal */
};

char *lw_hsfilter_widen(const char *source)
{
	size_t len = strlen(source);
	if (len > LW_HS_WIDEN_MAX || strstr(source, "\\Q") ||
	    strstr(source, "(?x") || strstr(source, "[:"))
		return strdup(source);
	/* The most an input byte can grow: "\W" (2 bytes) becomes a class
	 * of 65 bytes outside a class. */
	char *out = malloc(len * 33 + 1), *o = out;
	struct widen_state st = {0};
	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		char c = source[i];
		size_t n = 1, digits;
		const char *members = NULL;
		if (c == '\\') {
			n = escape_length(source + i);
			members = ascii_members(source[i + 1]);
			if (members && st.in_class) {
				o = put(o, members);
				st.has_escapes = 1;
			} else if (members) {
				o = put(put(put(o, "["), members),
					LW_NON_ASCII "]");
			} else if (!st.in_class && (source[i + 1] == 'b' ||
						    source[i + 1] == 'B')) {
				/* a word boundary: dropped */
			} else {
				memcpy(o, source + i, n);
				o += n;
			}
		} else if (st.in_class && c == ']' && i != st.class_body) {
			if (!st.negated && st.has_escapes)
				o = put(o, LW_NON_ASCII);
			*o++ = ']';
			st.in_class = 0;
		} else if (!st.in_class && c == '[') {
			st.in_class = 1;
			st.negated = source[i + 1] == '^';
			st.has_escapes = 0;
			n += (size_t)st.negated;
			st.class_body = i + n;
			memcpy(o, source + i, n);
			o += n;
		} else if (!st.in_class && c == '{' &&
			   (n = range_quantifier(source + i, &digits)) > 0) {
			memcpy(o, source + i, digits + 2); /* "{m," */
			o += digits + 2;
			*o++ = '}';
		} else {
			n = 1;
			*o++ = c;
		}
		i += n;
	}
	*o = '\0';
	return out;
}

/* Gather every rule pattern of the pack, widened, with its id. */
static int collect_patterns(struct hs_patterns *list, const lw_pack *pack)
{
	size_t total = 0;
	for (size_t r = 0; r < pack->nrules; r++)
		total += pack->rules[r].npatterns;
	list->sources = calloc(total + 1, sizeof(*list->sources));
	list->ids = calloc(total + 1, sizeof(*list->ids));
	list->flags = calloc(total + 1, sizeof(*list->flags));
	if (!list->sources || !list->ids || !list->flags)
		return LW_ENOMEM;
	for (size_t r = 0; r < pack->nrules; r++)
		for (size_t i = 0; i < pack->rules[r].npatterns; i++) {
			const lw_pattern *p = &pack->rules[r].patterns[i];
			char *widened = lw_hsfilter_widen(p->source);
			if (!widened)
				return LW_ENOMEM;
			list->sources[list->n] = widened;
			list->ids[list->n] = p->id;
			list->flags[list->n++] = LW_HS_FLAGS;
		}
	return 0;
}

/* Free a pattern list. */
static void free_patterns(struct hs_patterns *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->sources[i]);
	free(list->sources);
	free(list->ids);
	free(list->flags);
}

/* Try each pattern on its own and move those Vectorscan refuses out of
 * the list, setting their bits in refused. Compiling one by one is slow,
 * so it only happens when the pack as a whole was refused. */
static void drop_refused(struct hs_patterns *list, uint64_t *refused)
{
	size_t kept = 0;
	for (size_t i = 0; i < list->n; i++) {
		hs_database_t *db = NULL;
		hs_compile_error_t *err = NULL;
		if (hs_compile(list->sources[i], list->flags[i], HS_MODE_BLOCK,
			       NULL, &db, &err) != HS_SUCCESS) {
			set_bit(refused, list->ids[i]);
			hs_free_compile_error(err);
			free(list->sources[i]);
			continue;
		}
		hs_free_database(db);
		list->sources[kept] = list->sources[i];
		list->ids[kept] = list->ids[i];
		list->flags[kept++] = list->flags[i];
	}
	list->n = kept;
}

/* Compile the list into one block-mode database. */
static int compile_database(hs_database_t **db, const struct hs_patterns *list)
{
	hs_compile_error_t *err = NULL;
	*db = NULL;
	if (list->n == 0)
		return 0;
	if (hs_compile_multi((const char *const *)list->sources, list->flags,
			     list->ids, (unsigned)list->n, HS_MODE_BLOCK, NULL,
			     db, &err) == HS_SUCCESS)
		return 0;
	lw_error_set("Vectorscan could not compile the rule patterns: %s",
		     err ? err->message : "unknown error");
	int expression = err ? err->expression : -1;
	hs_free_compile_error(err);
	return expression >= 0 ? 1 : LW_EINTERNAL;
}

int lw_hsfilter_build(lw_hsfilter **out, uint64_t *refused, const lw_pack *pack)
{
	*out = NULL;
	if (hs_valid_platform() != HS_SUCCESS)
		return 0;
	struct hs_patterns list = {0};
	lw_hsfilter *hf = calloc(1, sizeof(*hf));
	int rc = hf ? collect_patterns(&list, pack) : LW_ENOMEM;
	if (rc == LW_ENOMEM)
		lw_error_set("out of memory");
	if (!rc)
		rc = compile_database(&hf->db, &list);
	if (rc == 1) { /* one pattern refused: find every such pattern */
		drop_refused(&list, refused);
		rc = compile_database(&hf->db, &list);
		if (rc == 1)
			rc = LW_EINTERNAL;
	}
	if (!rc && hf->db &&
	    hs_alloc_scratch(hf->db, &hf->scratch) != HS_SUCCESS) {
		lw_error_set("out of memory for Vectorscan's scratch space");
		rc = LW_ENOMEM;
	}
	free_patterns(&list);
	if (rc) {
		lw_hsfilter_free(hf);
		return rc;
	}
	*out = hf;
	return 0;
}

void lw_hsfilter_free(lw_hsfilter *hf)
{
	if (!hf)
		return;
	hs_free_scratch(hf->scratch);
	hs_free_database(hf->db);
	free(hf);
}

/* Vectorscan's match callback: mark the pattern as a candidate and go
 * on (each pattern reports once: HS_FLAG_SINGLEMATCH). */
static int on_match(unsigned id, unsigned long long from, unsigned long long to,
		    unsigned flags, void *bits)
{
	(void)from;
	(void)to;
	(void)flags;
	set_bit(bits, id);
	return 0;
}

int lw_hsfilter_scan(lw_hsfilter *hf, uint64_t *bits, const char *view,
		     size_t len)
{
	if (!hf->db)
		return 0; /* every pattern was refused: all are in `refused` */
	if (len > UINT_MAX ||
	    hs_scan(hf->db, view, (unsigned)len, 0, hf->scratch, on_match,
		    bits) != HS_SUCCESS)
		return LW_EINTERNAL;
	return 0;
}

const char *lw_hsfilter_name(void)
{
	if (hs_valid_platform() != HS_SUCCESS)
		return "Aho-Corasick (Vectorscan " LW_HS_VERSION
		       " cannot run on this CPU)";
	return "Vectorscan " LW_HS_VERSION " and Aho-Corasick";
}
