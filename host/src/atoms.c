/*
 * atoms.c - derive the required literals of a PCRE2 pattern.
 *
 * A small recursive-descent reader walks the pattern and computes, for each
 * piece, either the exact set of strings it can match (small sets only:
 * "fees?" is {"fee", "fees"}) or a set of atoms one of which every match
 * contains. Concatenation keeps the better of its parts' sets, alternation
 * unites them, optional and repeated-from-zero pieces require nothing, and
 * zero-width items (\b, anchors, lookarounds) match only the empty string.
 * Anything the reader does not know (back references, \K, verbs, the x or
 * -i flags, odd quantifiers) makes the whole pattern "no usable literal",
 * because skipping a pattern is only allowed when it certainly cannot match.
 *
 * Letters are case-folded as the matching view is (norm.c: full Unicode
 * case folding): the view only holds characters that fold to themselves,
 * and a caseless PCRE2 literal c matches such a character only when it is
 * c's own folding. A letter whose folding is several characters (ß -> ss)
 * is treated as an unknown character.
 */
#include "atoms.h"

#include "lurewatch.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unistr.h>

/* Most strings an exact set may hold before it becomes a requirement. */
#define EXACT_MAX 64
/* Longest string an exact set may hold. */
#define EXACT_BYTES_MAX 128

/* What is known about the strings one piece of a pattern matches. */
struct info {
	int exact_ok; /* exact holds every string the piece can match */
	lw_atoms exact;
	int req_ok; /* every match contains one of req (no empty string) */
	lw_atoms req;
	int lead_ok; /* every match begins with one of lead (when not exact) */
	lw_atoms lead;
};

/* The reader's position and verdict. */
struct reader {
	const char *p;
	int unusable; /* a construct the reader does not understand */
	int nomem;
};

void lw_atoms_clear(lw_atoms *atoms)
{
	for (size_t i = 0; i < atoms->n; i++)
		free(atoms->v[i]);
	free(atoms->v);
	atoms->v = NULL;
	atoms->n = atoms->cap = 0;
}

/* Free the sets of an info and mark it as knowing nothing. */
static void info_clear(struct info *in)
{
	lw_atoms_clear(&in->exact);
	lw_atoms_clear(&in->req);
	lw_atoms_clear(&in->lead);
	in->exact_ok = in->req_ok = in->lead_ok = 0;
}

/* Add s[0..len) to a set unless it is there already. */
static void set_add(struct reader *rd, lw_atoms *set, const char *s, size_t len)
{
	for (size_t i = 0; i < set->n; i++)
		if (strlen(set->v[i]) == len && memcmp(set->v[i], s, len) == 0)
			return;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 4;
		char **v = realloc(set->v, cap * sizeof(*v));
		if (!v) {
			rd->nomem = 1;
			return;
		}
		set->v = v;
		set->cap = cap;
	}
	char *copy = malloc(len + 1);
	if (!copy) {
		rd->nomem = 1;
		return;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	set->v[set->n++] = copy;
}

/* Whether a set holds the empty string. */
static int has_empty(const lw_atoms *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (!set->v[i][0])
			return 1;
	return 0;
}

/* The set that a piece's matches are known to contain one of, or NULL. */
static lw_atoms *requirement(struct info *in)
{
	if (in->exact_ok && in->exact.n > 0 && !has_empty(&in->exact))
		return &in->exact;
	return in->req_ok ? &in->req : NULL;
}

/* The strings that every match of a piece begins with, or NULL. An empty
 * string among them means "may begin with anything". */
static const lw_atoms *leading(const struct info *in)
{
	if (in->exact_ok)
		return &in->exact;
	return in->lead_ok ? &in->lead : NULL;
}

/* How selective a requirement is: its shortest atom (longer atoms are
 * rarer), then fewer atoms. Higher is better. */
static long selectivity(const lw_atoms *set)
{
	if (!set)
		return -1;
	size_t shortest = 6;
	for (size_t i = 0; i < set->n; i++)
		if (strlen(set->v[i]) < shortest)
			shortest = strlen(set->v[i]);
	return (long)shortest * 100000 - (long)set->n;
}

/* Copy a set into another (which must be empty). */
static void set_copy(struct reader *rd, lw_atoms *to, const lw_atoms *from)
{
	for (size_t i = 0; i < from->n; i++)
		set_add(rd, to, from->v[i], strlen(from->v[i]));
}

/* Forget the exact strings of a piece (repeated, they are too many) but
 * keep what every match contains and how every match begins. */
static void demote_exact(struct reader *rd, struct info *in)
{
	const lw_atoms *req = requirement(in), *lead = leading(in);
	lw_atoms keep = {0}, begin = {0};
	if (req)
		set_copy(rd, &keep, req);
	if (lead)
		set_copy(rd, &begin, lead);
	info_clear(in);
	in->req = keep;
	in->req_ok = req != NULL;
	in->lead = begin;
	in->lead_ok = lead != NULL;
}

/* Keep in a whichever of a's and b's requirements is more selective. */
static void keep_better(struct info *a, struct info *b)
{
	lw_atoms *ra = requirement(a), *rb = requirement(b);
	lw_atoms best = {0};
	if (ra || rb) {
		/* Take the set over rather than copy it: both are cleared. */
		lw_atoms *chosen = selectivity(rb) > selectivity(ra) ? rb : ra;
		best = *chosen;
		*chosen = (lw_atoms){0};
	}
	info_clear(a);
	info_clear(b);
	a->req = best;
	a->req_ok = best.n > 0;
}

/* Extend the exact run of a sequence by a piece's exact strings; returns 0
 * (and leaves both alone) when the result would be too big. */
static int extend_run(struct reader *rd, lw_atoms *run, const lw_atoms *piece)
{
	if (run->n * piece->n > EXACT_MAX)
		return 0;
	for (size_t i = 0; i < run->n; i++)
		for (size_t j = 0; j < piece->n; j++)
			if (strlen(run->v[i]) + strlen(piece->v[j]) >
			    EXACT_BYTES_MAX)
				return 0;
	if (piece->n == 1) {
		/* The common case, one more literal character: the strings
		 * stay distinct, so each is extended where it is. */
		size_t lb = strlen(piece->v[0]);
		for (size_t i = 0; i < run->n; i++) {
			size_t la = strlen(run->v[i]);
			char *longer = realloc(run->v[i], la + lb + 1);
			if (!longer) {
				rd->nomem = 1;
				return 1;
			}
			memcpy(longer + la, piece->v[0], lb + 1);
			run->v[i] = longer;
		}
		return 1;
	}
	lw_atoms both = {0};
	for (size_t i = 0; i < run->n; i++)
		for (size_t j = 0; j < piece->n; j++) {
			size_t la = strlen(run->v[i]), lb = strlen(piece->v[j]);
			char buf[EXACT_BYTES_MAX + 1];
			memcpy(buf, run->v[i], la);
			memcpy(buf + la, piece->v[j], lb);
			set_add(rd, &both, buf, la + lb);
		}
	lw_atoms_clear(run);
	*run = both;
	return 1;
}

/* The piece "a or b". */
static void alternate(struct reader *rd, struct info *a, struct info *b)
{
	if (a->exact_ok && b->exact_ok &&
	    a->exact.n + b->exact.n <= EXACT_MAX) {
		set_copy(rd, &a->exact, &b->exact);
		info_clear(b);
		return;
	}
	const lw_atoms *ra = requirement(a), *rb = requirement(b);
	const lw_atoms *la = leading(a), *lb = leading(b);
	lw_atoms both = {0}, begin = {0};
	int ok = ra && rb && ra->n + rb->n <= LW_ATOMS_MAX;
	int lead_ok = la && lb && la->n + lb->n <= LW_ATOMS_MAX;
	if (ok) {
		set_copy(rd, &both, ra);
		set_copy(rd, &both, rb);
	}
	if (lead_ok) {
		set_copy(rd, &begin, la);
		set_copy(rd, &begin, lb);
	}
	info_clear(a);
	info_clear(b);
	a->req = both;
	a->req_ok = ok;
	a->lead = begin;
	a->lead_ok = lead_ok;
}

/* A piece that matches exactly one string. */
static void exactly(struct reader *rd, struct info *in, const char *s,
		    size_t len)
{
	info_clear(in);
	set_add(rd, &in->exact, s, len);
	in->exact_ok = 1;
}

/* The matching view's form of one literal character, as UTF-8 in buf;
 * returns its length, or 0 when its case folding is several characters. */
static size_t folded_char(char buf[8], ucs4_t c)
{
	if (c < 0x80) {
		buf[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		return 1;
	}
	ucs4_t folded[4];
	size_t n = 4;
	if (!u32_casefold(&c, 1, NULL, NULL, folded, &n) || n != 1)
		return 0;
	int len = u8_uctomb((uint8_t *)buf, folded[0], 8);
	return len > 0 ? (size_t)len : 0;
}

/* A literal character: an exact one-string piece, or an unknown character
 * when its folding is not one character. */
static void literal(struct reader *rd, struct info *in, ucs4_t c)
{
	char buf[8];
	size_t len = folded_char(buf, c);
	info_clear(in);
	if (len)
		exactly(rd, in, buf, len);
}

/* Read one UTF-8 character of the pattern. */
static ucs4_t next_char(struct reader *rd)
{
	ucs4_t c;
	/* A UTF-8 character is at most 4 bytes: looking no further keeps
	 * reading a long pattern linear. */
	int step = u8_mbtouc(&c, (const uint8_t *)rd->p, strnlen(rd->p, 4));
	if (step <= 0 || c == 0xFFFD) {
		rd->unusable = 1;
		return 0;
	}
	rd->p += step;
	return c;
}

/* Read the hex digits of \xHH or \x{H...}; 0 on a malformed escape. */
static ucs4_t hex_escape(struct reader *rd)
{
	char *end;
	unsigned long v;
	if (*rd->p == '{') {
		v = strtoul(rd->p + 1, &end, 16);
		if (*end != '}' || end == rd->p + 1) {
			rd->unusable = 1;
			return 0;
		}
		rd->p = end + 1;
		return (ucs4_t)v;
	}
	char two[3] = {0};
	for (int i = 0;
	     i < 2 && strchr("0123456789abcdefABCDEF", *rd->p) && *rd->p; i++)
		two[i] = *rd->p++;
	return (ucs4_t)strtoul(two, NULL, 16);
}

/* The character an escape stands for (\. \$ \n \x{..}); sets *kind to 0
 * for a literal, 1 for zero-width (\b, \A...), 2 for an unknown character
 * (\s, \d, \p{..}...). Unknown escapes make the pattern unusable. */
static ucs4_t escape(struct reader *rd, int *kind)
{
	char e = *rd->p;
	*kind = 0;
	if (!e) {
		rd->unusable = 1;
		return 0;
	}
	rd->p++;
	if (e == 'G') {
		rd->unusable = 1; /* depends on where a search starts */
		return 0;
	}
	if (strchr("bBAzZ", e)) {
		*kind = 1;
		return 0;
	}
	if (strchr("dDsSwWhHvVNRX", e)) {
		*kind = 2;
		return 0;
	}
	if (e == 'p' || e == 'P') {
		*kind = 2;
		if (*rd->p == '{') {
			const char *close = strchr(rd->p, '}');
			if (!close)
				rd->unusable = 1;
			rd->p = close ? close + 1 : rd->p;
		} else if (*rd->p) {
			rd->p++;
		}
		return 0;
	}
	switch (e) {
	case 'x':
		return hex_escape(rd);
	case 'n':
		return '\n';
	case 't':
		return '\t';
	case 'r':
		return '\r';
	case 'f':
		return '\f';
	case 'e':
		return 0x1B;
	case 'a':
		return 0x07;
	}
	if ((e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') ||
	    (e >= 'A' && e <= 'Z') || (unsigned char)e >= 0x80) {
		rd->unusable = 1; /* back references, \K, \Q, \g, ... */
		return 0;
	}
	return (ucs4_t)(unsigned char)e;
}

/* A character class [...]: the set of its characters when it lists a few
 * plain ones ([oó], [её]); an unknown character otherwise (ranges,
 * negation, \d, POSIX names). */
static void char_class(struct reader *rd, struct info *in)
{
	int known = *rd->p != '^';
	if (*rd->p == '^')
		rd->p++;
	lw_atoms chars = {0};
	for (int first = 1; !rd->unusable; first = 0) {
		if (!*rd->p) {
			rd->unusable = 1;
			break;
		}
		if (*rd->p == ']' && !first) {
			rd->p++;
			break;
		}
		ucs4_t c;
		if (*rd->p == '[' && rd->p[1] == ':') {
			const char *close = strstr(rd->p + 2, ":]");
			if (!close) {
				rd->unusable = 1;
				break;
			}
			rd->p = close + 2;
			known = 0;
			continue;
		}
		if (*rd->p == '\\') {
			int kind;
			rd->p++;
			c = escape(rd, &kind);
			if (kind) {
				known = 0; /* \d, \s, \p{..}, \b ... */
				continue;
			}
		} else {
			c = next_char(rd);
		}
		if (*rd->p == '-' && rd->p[1] != ']') {
			known = 0; /* a range */
			rd->p++;
			if (*rd->p == '\\') {
				int kind;
				rd->p++;
				escape(rd, &kind);
			} else {
				next_char(rd);
			}
			continue;
		}
		char buf[8];
		size_t len = folded_char(buf, c);
		known &= len > 0;
		if (len)
			set_add(rd, &chars, buf, len);
	}
	info_clear(in);
	if (known && chars.n > 0 && chars.n <= 8) {
		in->exact = chars;
		in->exact_ok = 1;
	} else {
		lw_atoms_clear(&chars);
	}
}

static void read_alternation(struct reader *rd, struct info *out);

/* After "(?": flags, non-capturing, named, atomic and lookaround groups. */
static void group_kind(struct reader *rd, int *zero_width, int *flags_only)
{
	static const char *const lookarounds[] = {"<=", "<!", "=", "!", NULL};
	*zero_width = *flags_only = 0;
	for (int i = 0; lookarounds[i]; i++)
		if (strncmp(rd->p, lookarounds[i], strlen(lookarounds[i])) ==
		    0) {
			rd->p += strlen(lookarounds[i]);
			*zero_width = 1;
			return;
		}
	if (*rd->p == ':' || *rd->p == '>') {
		rd->p++;
		return;
	}
	if (*rd->p == '<' || *rd->p == '\'' ||
	    (*rd->p == 'P' && rd->p[1] == '<')) {
		const char *close = strpbrk(rd->p + 1, ">'");
		if (!close) {
			rd->unusable = 1;
			return;
		}
		rd->p = close + 1;
		return;
	}
	/* Flags: only those that leave literals alone (i, m, s, U). */
	while (*rd->p && strchr("imsU", *rd->p))
		rd->p++;
	if (*rd->p == ')')
		*flags_only = 1;
	else if (*rd->p == ':')
		rd->p++;
	else
		rd->unusable = 1;
}

/* A quantifier after a piece; min and max (-1: unbounded). Returns 0 when
 * there is none. */
static int quantifier(struct reader *rd, long *min, long *max)
{
	char q = *rd->p;
	if (q == '?' || q == '*' || q == '+') {
		rd->p++;
		*min = q == '+';
		*max = q == '?' ? 1 : -1;
	} else if (q == '{') {
		char *end;
		*min = strtol(rd->p + 1, &end, 10);
		*max = *min;
		if (end == rd->p + 1) {
			rd->unusable = 1; /* "{" as a literal: rare, refuse */
			return 0;
		}
		if (*end == ',') {
			const char *from = end + 1;
			*max = strtol(from, &end, 10);
			if (end == from)
				*max = -1;
		}
		if (*end != '}') {
			rd->unusable = 1;
			return 0;
		}
		rd->p = end + 1;
	} else {
		return 0;
	}
	if (*rd->p == '?' || *rd->p == '+')
		rd->p++; /* lazy or possessive: same strings */
	return 1;
}

/* Apply a quantifier to a piece. */
static void repeat(struct reader *rd, struct info *in, long min, long max)
{
	if (min >= 1 && max == 1)
		return;
	if (min == 0 && max == 1 && in->exact_ok && in->exact.n < EXACT_MAX) {
		set_add(rd, &in->exact, "", 0);
		return;
	}
	if (min >= 1) {
		demote_exact(rd, in);
		return;
	}
	info_clear(in); /* may match nothing at all */
}

/* One piece: a group, a class, an escape, a dot or a literal, with its
 * quantifier. */
static void read_piece(struct reader *rd, struct info *in)
{
	info_clear(in);
	char c = *rd->p;
	if (c == '(') {
		rd->p++;
		int zero_width = 0, flags_only = 0;
		if (*rd->p == '*') {
			rd->unusable = 1; /* verbs: (*SKIP), (*UTF)... */
			return;
		}
		if (*rd->p == '?') {
			rd->p++;
			group_kind(rd, &zero_width, &flags_only);
		}
		if (!flags_only)
			read_alternation(rd, in);
		if (*rd->p != ')') {
			rd->unusable = 1;
			return;
		}
		rd->p++;
		if (zero_width || flags_only)
			exactly(rd, in, "", 0);
	} else if (c == '[') {
		rd->p++;
		char_class(rd, in);
	} else if (c == '\\') {
		rd->p++;
		int kind;
		ucs4_t uc = escape(rd, &kind);
		if (kind == 1)
			exactly(rd, in, "", 0);
		else if (kind == 0)
			literal(rd, in, uc);
	} else if (c == '^' || c == '$') {
		rd->p++;
		exactly(rd, in, "", 0);
	} else if (c == '.') {
		rd->p++;
	} else if (c == '*' || c == '+' || c == '?' || c == '{') {
		rd->unusable = 1;
		return;
	} else {
		literal(rd, in, next_char(rd));
	}
	long min, max;
	if (!rd->unusable && quantifier(rd, &min, &max))
		repeat(rd, in, min, max);
}

/*
 * The length of the plain literal character at p (no quantifier after it,
 * not a special character), with its folded form in buf; 0 when the next
 * piece is anything else.
 */
static int plain_char(const char *p, char buf[8], size_t *len)
{
	if (strchr("()[]\\^$.*+?{|", *p))
		return 0;
	ucs4_t c;
	int step = u8_mbtouc(&c, (const uint8_t *)p, strnlen(p, 4));
	if (step <= 0 || c == 0xFFFD || (p[step] && strchr("*+?{", p[step])))
		return 0;
	*len = folded_char(buf, c);
	return *len ? step : 0;
}

/*
 * The fast way through the most common pieces, plain literal characters
 * with no quantifier: as many as follow each other are added to the end
 * of the sequence's exact run at once, without building a piece for each.
 * When they do not all fit, one is tried alone, as read_piece would.
 * Returns 0, having read nothing, when the next piece is anything else or
 * the run would grow too big; read_piece then reads it the ordinary way.
 */
static int append_plain_chars(struct reader *rd, lw_atoms *run)
{
	char chunk[EXACT_BYTES_MAX + 1], buf[8];
	size_t used = 0, len, first_len = 0;
	int step, first_step = 0, read = 0;
	while ((step = plain_char(rd->p + read, buf, &len)) > 0 &&
	       used + len <= EXACT_BYTES_MAX) {
		memcpy(chunk + used, buf, len);
		used += len;
		read += step;
		if (!first_step) {
			first_step = step;
			first_len = used;
		}
	}
	if (!read)
		return 0;
	char *one[1] = {chunk};
	lw_atoms piece = {one, 1, 1};
	chunk[used] = '\0';
	if (read > first_step && !extend_run(rd, run, &piece)) {
		chunk[first_len] = '\0';
		read = first_step;
	}
	if (read == first_step && !extend_run(rd, run, &piece))
		return 0;
	rd->p += read;
	return 1;
}

/* How every match of a sequence begins, from the exact strings of its
 * pieces before the first inexact piece (prefix) and that piece: with one
 * of the prefix's strings when none is empty, or the way the piece begins
 * when the prefix is zero-width only (lookarounds, \b). Returns 0 when
 * neither holds. */
static int sequence_begins(struct reader *rd, lw_atoms *lead,
			   const lw_atoms *prefix, const struct info *piece)
{
	if (prefix->n > 0 && !has_empty(prefix)) {
		set_copy(rd, lead, prefix);
		return 1;
	}
	const lw_atoms *begin = leading(piece);
	if (prefix->n == 1 && begin) {
		set_copy(rd, lead, begin);
		return 1;
	}
	return 0;
}

/* A sequence of pieces up to "|", ")" or the end. The exact strings of
 * consecutive exact pieces are joined into one run ("fee" "s?" ->
 * {"fee", "fees"}); whenever the run breaks, the better of its strings and
 * the requirement so far is kept. Where the run first breaks also tells
 * how every match begins. */
static void read_sequence(struct reader *rd, struct info *out)
{
	struct info run = {0};
	int broken = 0, lead_ok = 0;
	lw_atoms lead = {0};
	exactly(rd, &run, "", 0);
	info_clear(out);
	while (*rd->p && *rd->p != '|' && *rd->p != ')' && !rd->unusable &&
	       !rd->nomem) {
		if (append_plain_chars(rd, &run.exact))
			continue;
		struct info piece = {0};
		read_piece(rd, &piece);
		if (piece.exact_ok &&
		    extend_run(rd, &run.exact, &piece.exact)) {
			info_clear(&piece);
			continue;
		}
		if (!broken)
			lead_ok =
				sequence_begins(rd, &lead, &run.exact, &piece);
		broken = 1;
		keep_better(out, &run);
		if (piece.exact_ok) {
			run = piece; /* a new run starts with this piece */
			continue;
		}
		keep_better(out, &piece);
		exactly(rd, &run, "", 0);
	}
	if (!broken) {
		info_clear(out);
		*out = run;
		return;
	}
	keep_better(out, &run);
	out->lead = lead;
	out->lead_ok = lead_ok;
}

/* Alternatives separated by "|". */
static void read_alternation(struct reader *rd, struct info *out)
{
	read_sequence(rd, out);
	while (*rd->p == '|' && !rd->unusable && !rd->nomem) {
		rd->p++;
		struct info next = {0};
		read_sequence(rd, &next);
		alternate(rd, out, &next);
	}
}

/* Whether every string of a set is at least min bytes long (and the set
 * is not empty). */
static int long_enough(const lw_atoms *set, size_t min)
{
	if (!set || set->n == 0)
		return 0;
	for (size_t i = 0; i < set->n; i++)
		if (strlen(set->v[i]) < min)
			return 0;
	return 1;
}

/* Copy a set into another, each string cut to LW_ATOM_MAX_BYTES on a
 * character boundary (a prefix of a required or leading string is still
 * required or leading). */
static void copy_cut(struct reader *rd, lw_atoms *to, const lw_atoms *from)
{
	for (size_t i = 0; i < from->n; i++) {
		size_t len = strlen(from->v[i]);
		if (len > LW_ATOM_MAX_BYTES) {
			len = LW_ATOM_MAX_BYTES;
			while (len > 0 &&
			       ((unsigned char)from->v[i][len] & 0xC0) == 0x80)
				len--;
		}
		set_add(rd, to, from->v[i], len);
	}
}

int lw_atoms_derive(lw_atoms *required, lw_atoms *leading_out,
		    const char *source)
{
	struct reader rd = {source, 0, 0};
	struct info top = {0};
	*required = (lw_atoms){0};
	*leading_out = (lw_atoms){0};
	read_alternation(&rd, &top);
	if (*rd.p)
		rd.unusable = 1; /* an unbalanced ")" */
	if (!rd.unusable) {
		const lw_atoms *lead = leading(&top), *req = requirement(&top);
		/* Leading atoms are preferred even when less rare: PCRE2 then
		 * only tries the places where they occur. */
		if (long_enough(lead, LW_ATOM_MIN_BYTES))
			copy_cut(&rd, required, lead);
		else if (long_enough(req, LW_ATOM_MIN_BYTES))
			copy_cut(&rd, required, req);
		if (long_enough(lead, LW_LEAD_MIN_BYTES))
			copy_cut(&rd, leading_out, lead);
	}
	info_clear(&top);
	if (rd.nomem) {
		lw_atoms_clear(required);
		lw_atoms_clear(leading_out);
		return LW_ENOMEM;
	}
	return 0;
}
