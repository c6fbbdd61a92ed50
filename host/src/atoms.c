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
 * Each piece also gets a bound on the bytes it matches (lw_reach: a
 * literal letter is its folding in the view, any other character at most
 * 4 bytes, \s+ or \s* one run of white space, which the prefilter
 * measures in each field, any other repetition without a maximum
 * unbounded), so a sequence knows
 * how far into a match each of its pieces begins at most, and the
 * requirement kept carries that "reach": the inside atoms of atoms.h,
 * which let the prefilter skip the places with no such atom close enough
 * after them.
 *
 * Letters are case-folded as the matching view is (norm.c: full Unicode
 * case folding): the view only holds characters that fold to themselves,
 * and a caseless PCRE2 literal c matches such a character only when it is
 * c's own folding. A letter whose folding is several characters (ß -> ss)
 * is treated as an unknown character.
 *
 * Memory: the pack's patterns are read one after another at start-up, so
 * one derivation allocates from an arena (the first block on the stack,
 * more blocks from malloc up to ARENA_MAX_BYTES) that is dropped as a
 * whole at its end. The sets of a derivation hold (pointer, length) pairs
 * into the arena and never free anything; only the result (lw_atoms) is
 * made of malloc'd strings, as its users free them one by one.
 */
#include "atoms.h"

#include "lurewatch.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unistr.h>

/* Most requirements a sequence lists (struct info.all). */
#define NEEDS_KEPT_MAX 32
/* Most strings an exact set may hold before it becomes a requirement. */
#define EXACT_MAX 64
/* Longest string an exact set may hold. */
#define EXACT_BYTES_MAX 128
/* Bytes of the arena's first block, on the stack. */
#define ARENA_FIRST_BYTES 8192
/* Most bytes the arena may take from malloc for one pattern. */
#define ARENA_MAX_BYTES (1024 * 1024)
/* Entries of the fold memo (fold_memo) are 1 << FOLD_MEMO_BITS. */
#define FOLD_MEMO_BITS 9

/* One string of a set: len bytes at s, in the arena or a constant. */
struct str {
	const char *s;
	size_t len;
};

/* Strings in the order they were added, each once; the array v is in the
 * arena. */
struct set {
	struct str *v;
	size_t n;
	size_t cap; /* room in v */
};

/* A requirement of a sequence (one of set occurs in every match) and how
 * far into a match it begins at most. */
struct need {
	struct set set;
	lw_reach reach;
};

/* The requirements of a sequence, in the arena. */
struct needs {
	struct need *v;
	size_t n;
	size_t cap; /* room in v */
};

/* What is known about the strings one piece of a pattern matches. */
struct info {
	int exact_ok; /* exact holds every string the piece can match */
	struct set exact;
	int req_ok; /* every match contains one of req (no empty string) */
	struct set req;
	int lead_ok; /* every match begins with one of lead (when not exact) */
	struct set lead;
	int space;	  /* the piece is one white space character (\s) */
	lw_reach maxlen;  /* most bytes a match takes (when not exact) */
	lw_reach reach;	  /* an occurrence of req begins at most this far
			     after the match's start */
	struct needs all; /* every requirement of a sequence's pieces, req
			     among them (read_sequence): each must be met */
};

/* Bounds past this (in bytes, or in runs of white space) are taken as no
 * bound. */
#define BOUND_MAX (1L << 20)

/* No bound, and the bounds of nothing and of one character. */
static const lw_reach unbounded = {-1, 0}, nothing = {0, 0}, one_char = {4, 0};

/* A block of the arena taken from malloc; its bytes follow it. */
struct block {
	struct block *prev;
};

/* Where one derivation's strings and arrays are allocated. */
struct arena {
	char *top;	      /* the first free byte of the current block */
	char *end;	      /* the end of the current block */
	struct block *blocks; /* the malloc'd blocks, newest first */
	size_t taken;	      /* bytes of the malloc'd blocks */
	size_t next_size;     /* bytes of the next block */
};

/* The reader's position and verdict. */
struct reader {
	const char *p;
	int unusable; /* a construct the reader does not understand */
	int nomem;
	struct arena arena;
};

/* A non-ASCII character and its case folding, as u32_casefold gave it. */
struct fold_memo {
	ucs4_t c;     /* 0: an empty slot (ASCII never comes here) */
	uint8_t len;  /* 0: its folding is several characters */
	char utf8[4]; /* the folding */
};

/*
 * The foldings already asked of libunistring, so that it is asked once per
 * character rather than at every occurrence: the pack's patterns are
 * written in a few scripts, whose few hundred letters keep coming back.
 * The answers never change, so the memo is kept across patterns, one per
 * thread (no locking; as in norm.c), a fixed-size table in which a
 * newcomer replaces the entry in its slot (the code point's low bits keep
 * the letters of one script apart).
 */
static _Thread_local struct fold_memo fold_memo[1u << FOLD_MEMO_BITS];

void lw_atoms_clear(lw_atoms *atoms)
{
	for (size_t i = 0; i < atoms->n; i++)
		free(atoms->v[i]);
	free(atoms->v);
	atoms->v = NULL;
	atoms->n = atoms->cap = 0;
}

/* Start an arena whose first block is the caller's buffer. */
static void arena_init(struct arena *a, char *first, size_t size)
{
	a->top = first;
	a->end = first + size;
	a->blocks = NULL;
	a->taken = 0;
	a->next_size = 2 * size;
}

/* Free the arena's malloc'd blocks. */
static void arena_free(struct arena *a)
{
	while (a->blocks) {
		struct block *prev = a->blocks->prev;
		free(a->blocks);
		a->blocks = prev;
	}
}

/*
 * size bytes aligned to align (a power of two) from the arena, or NULL.
 * Past ARENA_MAX_BYTES the pattern is unusable ("no usable literal", the
 * answer that is always correct): only a pathological pattern, with long
 * alternations of exact sets repeated many times, needs that much, and a
 * pattern left out of the prefilter merely runs on every field.
 */
static void *arena_alloc(struct reader *rd, size_t size, size_t align)
{
	struct arena *a = &rd->arena;
	size_t pad = -(uintptr_t)a->top & (align - 1);
	if (pad + size > (size_t)(a->end - a->top)) {
		size_t want = a->next_size;
		if (want < size + align)
			want = size + align;
		if (a->taken + want > ARENA_MAX_BYTES) {
			rd->unusable = 1;
			return NULL;
		}
		struct block *b = malloc(sizeof(*b) + want);
		if (!b) {
			rd->nomem = 1;
			return NULL;
		}
		b->prev = a->blocks;
		a->blocks = b;
		a->taken += want;
		a->next_size = 2 * want;
		a->top = (char *)(b + 1);
		a->end = a->top + want;
		pad = -(uintptr_t)a->top & (align - 1);
	}
	char *at = a->top + pad;
	a->top = at + size;
	return at;
}

/* Make the allocation old (old_size bytes) size bytes long: where it is,
 * when it is the arena's last and there is room, else as a copy. */
static void *arena_grow(struct reader *rd, void *old, size_t old_size,
			size_t size, size_t align)
{
	struct arena *a = &rd->arena;
	if (old && (char *)old + old_size == a->top &&
	    size - old_size <= (size_t)(a->end - a->top)) {
		a->top = (char *)old + size;
		return old;
	}
	void *copy = arena_alloc(rd, size, align);
	if (copy && old_size)
		memcpy(copy, old, old_size);
	return copy;
}

/* Whether a set holds s[0..len). */
static int set_has(const struct set *set, const char *s, size_t len)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].len == len && memcmp(set->v[i].s, s, len) == 0)
			return 1;
	return 0;
}

/* Append a string to a set, its bytes staying where they are. */
static void set_push(struct reader *rd, struct set *set, struct str str)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 4;
		struct str *v =
			arena_grow(rd, set->v, set->cap * sizeof(*v),
				   cap * sizeof(*v), alignof(struct str));
		if (!v)
			return;
		set->v = v;
		set->cap = cap;
	}
	set->v[set->n++] = str;
}

/* Add a string of the arena (or a constant) to a set unless it is there
 * already. */
static void set_add(struct reader *rd, struct set *set, struct str str)
{
	if (!set_has(set, str.s, str.len))
		set_push(rd, set, str);
}

/*
 * Add a copy of s[0..len) to a set unless it is there already. Atoms are C
 * strings, so the copy ends at a NUL byte (a literal \x00 reads as the
 * empty string); the comparison with the strings already there is on all
 * len bytes, so that sets come out exactly as they always have.
 */
static void set_add_copy(struct reader *rd, struct set *set, const char *s,
			 size_t len)
{
	if (set_has(set, s, len))
		return;
	struct str copy = {"", strnlen(s, len)};
	if (copy.len) {
		char *bytes = arena_alloc(rd, copy.len, 1);
		if (!bytes)
			return;
		memcpy(bytes, s, copy.len);
		copy.s = bytes;
	}
	set_push(rd, set, copy);
}

/* Mark an info as knowing nothing (its sets stay in the arena). */
static void info_clear(struct info *in)
{
	*in = (struct info){.maxlen = unbounded, .reach = unbounded};
}

/* A bound, or no bound when it is past BOUND_MAX. */
static lw_reach bound_checked(long bytes, long runs)
{
	if (bytes < 0 || bytes > BOUND_MAX || runs > BOUND_MAX)
		return unbounded;
	return (lw_reach){bytes, runs};
}

/* The sum of two bounds. */
static lw_reach bound_add(lw_reach a, lw_reach b)
{
	if (a.bytes < 0 || b.bytes < 0)
		return unbounded;
	return bound_checked(a.bytes + b.bytes, a.runs + b.runs);
}

/* A bound of both (the larger of each part). */
static lw_reach bound_max(lw_reach a, lw_reach b)
{
	if (a.bytes < 0 || b.bytes < 0)
		return unbounded;
	return (lw_reach){a.bytes > b.bytes ? a.bytes : b.bytes,
			  a.runs > b.runs ? a.runs : b.runs};
}

/* times (-1: unbounded) repetitions of a piece bounded by a. */
static lw_reach bound_times(long times, lw_reach a)
{
	if (a.bytes == 0 && a.runs == 0)
		return nothing;
	long most = a.bytes > a.runs ? a.bytes : a.runs;
	if (times < 0 || a.bytes < 0 || times > BOUND_MAX / most)
		return unbounded;
	return (lw_reach){times * a.bytes, times * a.runs};
}

/* Whether a set holds the empty string. */
static int has_empty(const struct set *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (!set->v[i].len)
			return 1;
	return 0;
}

/* The set that a piece's matches are known to contain one of, or NULL. */
static struct set *requirement(struct info *in)
{
	if (in->exact_ok && in->exact.n > 0 && !has_empty(&in->exact))
		return &in->exact;
	return in->req_ok ? &in->req : NULL;
}

/* The strings that every match of a piece begins with, or NULL. An empty
 * string among them means "may begin with anything". */
static struct set *leading(struct info *in)
{
	if (in->exact_ok)
		return &in->exact;
	return in->lead_ok ? &in->lead : NULL;
}

static size_t longest(const struct set *set);

/* Most bytes a match of a piece takes (-1: no bound). */
static lw_reach max_bytes(struct info *in)
{
	return in->exact_ok ? bound_checked((long)longest(&in->exact), 0)
			    : in->maxlen;
}

/* How far after the start of a piece's match an occurrence of its
 * requirement begins at most: exact strings begin with the match. */
static lw_reach reach_of(struct info *in)
{
	return requirement(in) == &in->exact ? nothing : in->reach;
}

/* How selective a requirement is: its shortest atom (longer atoms are
 * rarer), then fewer atoms. Higher is better. */
static long selectivity(const struct set *set)
{
	if (!set)
		return -1;
	size_t shortest = 6;
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].len < shortest)
			shortest = set->v[i].len;
	return (long)shortest * 100000 - (long)set->n;
}

/* Add the strings of one set to another (sharing their bytes). */
static void set_copy(struct reader *rd, struct set *to, const struct set *from)
{
	for (size_t i = 0; i < from->n; i++)
		set_add(rd, to, from->v[i]);
}

/* A set's strings, each once, in their order (as set_copy into an empty
 * set would give them), in the set's own array; the set is left empty. */
static struct set take_unique(struct set *set)
{
	struct set unique = *set;
	unique.n = 0;
	for (size_t i = 0; i < set->n; i++)
		if (!set_has(&unique, set->v[i].s, set->v[i].len))
			unique.v[unique.n++] = set->v[i];
	*set = (struct set){0};
	return unique;
}

/* Forget the exact strings of a piece (repeated, they are too many) but
 * keep what every match contains and how every match begins. */
static void demote_exact(struct reader *rd, struct info *in)
{
	const struct set *req = requirement(in), *lead = leading(in);
	lw_reach reach = reach_of(in);
	struct needs all = in->all; /* the first time meets them all */
	struct set keep = {0}, begin = {0};
	if (req)
		set_copy(rd, &keep, req);
	if (lead)
		set_copy(rd, &begin, lead);
	info_clear(in);
	in->req = keep;
	in->req_ok = req != NULL;
	in->lead = begin;
	in->lead_ok = lead != NULL;
	in->reach = reach;
	in->all = all;
}

/* Keep in a whichever of a's and b's requirements is more selective; b's
 * match begins at most b_offset bytes after a's, which a's reach then
 * counts from. */
static void keep_better(struct info *a, struct info *b, lw_reach b_offset)
{
	struct set *ra = requirement(a), *rb = requirement(b);
	struct set best = {0};
	lw_reach reach = unbounded;
	if (ra || rb) {
		int take_b = selectivity(rb) > selectivity(ra);
		best = take_b ? *rb : *ra;
		reach = take_b ? bound_add(b_offset, reach_of(b)) : reach_of(a);
	}
	info_clear(a);
	info_clear(b);
	a->req = best;
	a->req_ok = best.n > 0;
	a->reach = reach;
}

/* The length of a set's longest string. */
static size_t longest(const struct set *set)
{
	size_t most = 0;
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].len > most)
			most = set->v[i].len;
	return most;
}

/* Extend the exact run of a sequence by a piece's exact strings; returns 0
 * (and leaves both alone) when the result would be too big. */
static int extend_run(struct reader *rd, struct set *run,
		      const struct set *piece)
{
	if (run->n * piece->n > EXACT_MAX)
		return 0;
	if (run->n && piece->n &&
	    longest(run) + longest(piece) > EXACT_BYTES_MAX)
		return 0;
	if (piece->n == 1) {
		/* The common case, one more literal character: the strings
		 * stay distinct, so each is extended where it is (in place
		 * when it is the arena's last allocation). */
		const struct str add = piece->v[0];
		for (size_t i = 0; i < run->n && add.len; i++) {
			struct str *to = &run->v[i];
			char *longer = arena_grow(rd, (char *)to->s, to->len,
						  to->len + add.len, 1);
			if (!longer)
				return 1;
			memcpy(longer + to->len, add.s, add.len);
			to->s = longer;
			to->len += add.len;
		}
		return 1;
	}
	struct set both = {0};
	for (size_t i = 0; i < run->n; i++)
		for (size_t j = 0; j < piece->n; j++) {
			size_t la = run->v[i].len, lb = piece->v[j].len;
			char buf[EXACT_BYTES_MAX];
			memcpy(buf, run->v[i].s, la);
			memcpy(buf + la, piece->v[j].s, lb);
			set_add_copy(rd, &both, buf, la + lb);
		}
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
	lw_reach maxlen = bound_max(max_bytes(a), max_bytes(b));
	lw_reach reach = bound_max(reach_of(a), reach_of(b));
	struct set *ra = requirement(a), *rb = requirement(b);
	struct set *la = leading(a), *lb = leading(b);
	struct set both = {0}, begin = {0};
	int ok = ra && rb && ra->n + rb->n <= LW_ATOMS_MAX;
	int lead_ok = la && lb && la->n + lb->n <= LW_ATOMS_MAX;
	/* a's sets grow into the united ones where they are, so that a long
	 * alternation does not leave a copy per alternative in the arena;
	 * one set that is both a's requirement and its leading strings is
	 * copied once. */
	if (lead_ok) {
		if (la == ra && ok)
			set_copy(rd, &begin, la);
		else
			begin = take_unique(la);
		set_copy(rd, &begin, lb);
	}
	if (ok) {
		both = take_unique(ra);
		set_copy(rd, &both, rb);
	}
	info_clear(a);
	info_clear(b);
	a->req = both;
	a->req_ok = ok;
	a->lead = begin;
	a->lead_ok = lead_ok;
	a->maxlen = maxlen;
	a->reach = reach;
}

/* A piece that matches exactly one string. */
static void exactly(struct reader *rd, struct info *in, const char *s,
		    size_t len)
{
	info_clear(in);
	set_add_copy(rd, &in->exact, s, len);
	in->exact_ok = 1;
}

/* The matching view's form of one literal character, as UTF-8 in buf;
 * returns its length, or 0 when its case folding is several characters. */
static size_t folded_char(char buf[4], ucs4_t c)
{
	if (c < 0x80) {
		buf[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		return 1;
	}
	struct fold_memo *memo = &fold_memo[c & ((1u << FOLD_MEMO_BITS) - 1)];
	if (memo->c != c) {
		ucs4_t folded[4];
		size_t n = 4;
		if (!u32_casefold(&c, 1, NULL, NULL, folded, &n))
			return 0;
		int len = n == 1 ? u8_uctomb((uint8_t *)memo->utf8, folded[0],
					     sizeof(memo->utf8))
				 : 0;
		memo->c = c;
		memo->len = len > 0 ? (uint8_t)len : 0;
	}
	memcpy(buf, memo->utf8, sizeof(memo->utf8));
	return memo->len;
}

/* A literal character: an exact one-string piece, or an unknown character
 * when its folding is not one character. */
static void literal(struct reader *rd, struct info *in, ucs4_t c)
{
	char buf[4];
	size_t len = folded_char(buf, c);
	info_clear(in);
	in->maxlen = one_char;
	if (len)
		exactly(rd, in, buf, len);
}

/* Decode the UTF-8 character at p into *c; returns its length, or 0 at
 * the end of the pattern or at a malformed character (U+FFFD is refused
 * too). */
static int decode_char(const char *p, ucs4_t *c)
{
	*c = (unsigned char)*p;
	if (*c - 1 < 0x7F)
		return 1;
	if (!*c)
		return 0;
	/* A UTF-8 character is at most 4 bytes: looking no further keeps
	 * reading a long pattern linear. */
	size_t room = !p[1] ? 1 : !p[2] ? 2 : !p[3] ? 3 : 4;
	int step = u8_mbtouc(c, (const uint8_t *)p, room);
	return step <= 0 || *c == 0xFFFD ? 0 : step;
}

/* Read one UTF-8 character of the pattern; at its end (a class left open
 * after a range's "-") or at a malformed one, the pattern is unusable. */
static ucs4_t next_char(struct reader *rd)
{
	ucs4_t c;
	int step = decode_char(rd->p, &c);
	if (!step) {
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
	struct set chars = {0};
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
		char buf[4];
		size_t len = folded_char(buf, c);
		known &= len > 0;
		if (len)
			set_add_copy(rd, &chars, buf, len);
	}
	info_clear(in);
	in->maxlen = one_char;
	if (known && chars.n > 0 && chars.n <= 8) {
		in->exact = chars;
		in->exact_ok = 1;
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
	/* Any number of white space characters make one run. */
	lw_reach maxlen = in->space && max < 0
				  ? (lw_reach){0, 1}
				  : bound_times(max, max_bytes(in));
	if (min >= 1 && max == 1)
		return;
	if (min == 0 && max == 1 && in->exact_ok && in->exact.n < EXACT_MAX) {
		set_add_copy(rd, &in->exact, "", 0);
		return;
	}
	if (min >= 1)
		demote_exact(rd, in); /* the first time holds the requirement */
	else
		info_clear(in); /* may match nothing at all */
	in->maxlen = maxlen;
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
		/* \X, an extended grapheme cluster, has no bound; any other
		 * unknown escape is one character. */
		in->maxlen = *rd->p == 'X' ? unbounded : one_char;
		in->space = *rd->p == 's';
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
		in->maxlen = one_char;
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

/* Whether a quantifier begins with the character c. */
static int is_quantifier(char c)
{
	return c == '*' || c == '+' || c == '?' || c == '{';
}

/* Whether c means more than itself outside a class: a quantifier, a
 * group, a class, an escape, an anchor, any character or an alternative. */
static int is_special(char c)
{
	return is_quantifier(c) || c == '(' || c == ')' || c == '[' ||
	       c == ']' || c == '\\' || c == '^' || c == '$' || c == '.' ||
	       c == '|';
}

/*
 * The length of the plain literal character at p (no quantifier after it,
 * not a special character), with its folded form in buf; 0 when the next
 * piece is anything else.
 */
static int plain_char(const char *p, char buf[4], size_t *len)
{
	ucs4_t c;
	int step = is_special(*p) ? 0 : decode_char(p, &c);
	if (!step || is_quantifier(p[step]))
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
static int append_plain_chars(struct reader *rd, struct set *run)
{
	/* Room for one more folded character, kept only if it fits. */
	char chunk[EXACT_BYTES_MAX + 4];
	size_t used = 0, len, first_len = 0;
	int step, first_step = 0, read = 0;
	while ((step = plain_char(rd->p + read, chunk + used, &len)) > 0 &&
	       used + len <= EXACT_BYTES_MAX) {
		used += len;
		read += step;
		if (!first_step) {
			first_step = step;
			first_len = used;
		}
	}
	if (!read)
		return 0;
	struct str all = {chunk, used};
	struct set piece = {&all, 1, 1};
	if (read > first_step && !extend_run(rd, run, &piece)) {
		all.len = first_len;
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
static int sequence_begins(struct reader *rd, struct set *lead,
			   const struct set *prefix, struct info *piece)
{
	if (prefix->n > 0 && !has_empty(prefix)) {
		set_copy(rd, lead, prefix);
		return 1;
	}
	const struct set *begin = leading(piece);
	if (prefix->n == 1 && begin) {
		set_copy(rd, lead, begin);
		return 1;
	}
	return 0;
}

/* Add a requirement, met reach bytes at most into a match, to a
 * sequence's list (nothing when set is NULL, or when the list is full:
 * leaving one out only loses a check). Its strings are copied into an
 * array of its own: the sets of a piece may grow in place later. */
static void need_add(struct reader *rd, struct needs *all,
		     const struct set *set, lw_reach reach)
{
	if (!set || !set->n || all->n == NEEDS_KEPT_MAX)
		return;
	struct str *v =
		arena_alloc(rd, set->n * sizeof(*v), alignof(struct str));
	if (!all->v)
		all->v = arena_alloc(rd, NEEDS_KEPT_MAX * sizeof(*all->v),
				     alignof(struct need));
	if (!v || !all->v)
		return;
	memcpy(v, set->v, set->n * sizeof(*v));
	all->v[all->n++] = (struct need){{v, set->n, set->n}, reach};
}

/* Add a piece's requirements to a sequence's list: the piece begins at
 * most `at` bytes into the match. */
static void needs_add_piece(struct reader *rd, struct needs *all,
			    struct info *piece, lw_reach at)
{
	struct needs inner = piece->all;
	need_add(rd, all, requirement(piece), bound_add(at, reach_of(piece)));
	for (size_t i = 0; i < inner.n; i++)
		need_add(rd, all, &inner.v[i].set,
			 bound_add(at, inner.v[i].reach));
}

/* A sequence of pieces up to "|", ")" or the end. The exact strings of
 * consecutive exact pieces are joined into one run ("fee" "s?" ->
 * {"fee", "fees"}); whenever the run breaks, the better of its strings and
 * the requirement so far is kept. Where the run first breaks also tells
 * how every match begins. Adding up the pieces' longest matches tells
 * how far into a match each piece begins at most, and so the reach of the
 * requirement kept. Every requirement met on the way is listed too
 * (struct info.all): a match meets each of them. */
static void read_sequence(struct reader *rd, struct info *out)
{
	struct info run = {0};
	int broken = 0, lead_ok = 0;
	struct set lead = {0};
	struct needs all = {0};
	lw_reach run_start = nothing; /* where the run begins, at most */
	exactly(rd, &run, "", 0);
	info_clear(out);
	while (*rd->p && *rd->p != '|' && *rd->p != ')' && !rd->unusable &&
	       !rd->nomem) {
		if (append_plain_chars(rd, &run.exact))
			continue;
		struct info piece = {0};
		read_piece(rd, &piece);
		if (piece.exact_ok && extend_run(rd, &run.exact, &piece.exact))
			continue;
		if (!broken)
			lead_ok =
				sequence_begins(rd, &lead, &run.exact, &piece);
		broken = 1;
		lw_reach at = bound_add(run_start, max_bytes(&run));
		needs_add_piece(rd, &all, &run, run_start);
		keep_better(out, &run, run_start);
		if (piece.exact_ok) {
			run = piece; /* a new run starts with this piece */
			run_start = at;
			continue;
		}
		run_start = bound_add(at, max_bytes(&piece));
		needs_add_piece(rd, &all, &piece, at);
		keep_better(out, &piece, at);
		exactly(rd, &run, "", 0);
	}
	if (!broken) {
		*out = run;
		return;
	}
	lw_reach end = bound_add(run_start, max_bytes(&run));
	needs_add_piece(rd, &all, &run, run_start);
	keep_better(out, &run, run_start);
	out->lead = lead;
	out->lead_ok = lead_ok;
	out->maxlen = end;
	out->all = all;
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
static int long_enough(const struct set *set, size_t min)
{
	if (!set || set->n == 0)
		return 0;
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].len < min)
			return 0;
	return 1;
}

/* Copy a set into another, each string cut to LW_ATOM_MAX_BYTES on a
 * character boundary (a prefix of a required or leading string is still
 * required or leading). */
static void copy_cut(struct reader *rd, struct set *to, const struct set *from)
{
	for (size_t i = 0; i < from->n; i++) {
		struct str cut = from->v[i];
		if (cut.len > LW_ATOM_MAX_BYTES) {
			cut.len = LW_ATOM_MAX_BYTES;
			while (cut.len > 0 &&
			       ((unsigned char)cut.s[cut.len] & 0xC0) == 0x80)
				cut.len--;
		}
		set_add(rd, to, cut);
	}
}

/* The result: a set's strings as NUL-terminated copies from malloc, which
 * the result's users free one by one. */
static void export_set(struct reader *rd, lw_atoms *out, const struct set *set)
{
	if (!set->n)
		return;
	out->v = malloc(set->n * sizeof(*out->v));
	if (!out->v) {
		rd->nomem = 1;
		return;
	}
	out->cap = set->n;
	for (size_t i = 0; i < set->n; i++) {
		char *copy = malloc(set->v[i].len + 1);
		if (!copy) {
			rd->nomem = 1;
			return;
		}
		memcpy(copy, set->v[i].s, set->v[i].len);
		copy[set->v[i].len] = '\0';
		out->v[out->n++] = copy;
	}
}

/* Whether two sets hold the same strings, in any order. */
static int same_set(const struct set *a, const struct set *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (!set_has(b, a->v[i].s, a->v[i].len))
			return 0;
	return 1;
}

/*
 * The further requirements of a pattern (lw_derived.needs): of every
 * requirement its top sequence lists, those whose atoms are all long
 * enough and that are not already among the sets kept (the first `nkept`
 * of `kept`), each once, the most selective first, as cut copies in
 * needs[] (at most LW_NEEDS_MAX). A selection sort: the lists are short.
 */
static size_t choose_needs(struct reader *rd, struct set needs[LW_NEEDS_MAX],
			   lw_reach reach[LW_NEEDS_MAX],
			   const struct needs *all, const struct set *kept,
			   size_t nkept)
{
	struct set cut[NEEDS_KEPT_MAX];
	int usable[NEEDS_KEPT_MAX];
	for (size_t i = 0; i < all->n; i++) {
		cut[i] = (struct set){0};
		usable[i] = long_enough(&all->v[i].set, LW_ATOM_MIN_BYTES);
		if (usable[i])
			copy_cut(rd, &cut[i], &all->v[i].set);
		for (size_t k = 0; usable[i] && k < nkept; k++)
			usable[i] = !same_set(&cut[i], &kept[k]);
		for (size_t k = 0; usable[i] && k < i; k++)
			usable[i] = !(usable[k] && same_set(&cut[i], &cut[k]));
	}
	size_t n = 0;
	while (n < LW_NEEDS_MAX) {
		size_t best = all->n;
		for (size_t i = 0; i < all->n; i++)
			if (usable[i] &&
			    (best == all->n ||
			     selectivity(&cut[i]) > selectivity(&cut[best])))
				best = i;
		if (best == all->n)
			break;
		usable[best] = 0;
		needs[n] = cut[best];
		reach[n++] = all->v[best].reach;
	}
	return n;
}

int lw_atoms_derive_full(lw_derived *out, const char *source)
{
	alignas(struct str) char first_block[ARENA_FIRST_BYTES];
	struct reader rd = {source, 0, 0, {0}};
	struct info top = {0};
	struct set cut[3 + LW_NEEDS_MAX] = {{0}};
	struct set *required_cut = &cut[0], *leading_cut = &cut[1],
		   *inside_cut = &cut[2], *needs_cut = &cut[3];
	lw_reach needs_reach[LW_NEEDS_MAX];
	size_t nneeds = 0;
	*out = (lw_derived){.inside_reach = unbounded};
	arena_init(&rd.arena, first_block, sizeof(first_block));
	read_alternation(&rd, &top);
	if (*rd.p)
		rd.unusable = 1; /* an unbalanced ")" */
	if (!rd.unusable) {
		const struct set *lead = leading(&top),
				 *req = requirement(&top);
		/* Leading atoms are preferred even when less rare: PCRE2 then
		 * only tries the places where they occur. */
		if (long_enough(lead, LW_ATOM_MIN_BYTES))
			copy_cut(&rd, required_cut, lead);
		else if (long_enough(req, LW_ATOM_MIN_BYTES))
			copy_cut(&rd, required_cut, req);
		if (long_enough(lead, LW_LEAD_MIN_BYTES))
			copy_cut(&rd, leading_cut, lead);
		if (long_enough(req, LW_ATOM_MIN_BYTES)) {
			copy_cut(&rd, inside_cut, req);
			out->inside_reach = reach_of(&top);
		}
		if (required_cut->n)
			nneeds = choose_needs(&rd, needs_cut, needs_reach,
					      &top.all, cut, 3);
	}
	if (!rd.unusable && !rd.nomem) {
		export_set(&rd, &out->required, required_cut);
		export_set(&rd, &out->leading, leading_cut);
		export_set(&rd, &out->inside, inside_cut);
		for (size_t i = 0; i < nneeds; i++) {
			export_set(&rd, &out->needs[i].atoms, &needs_cut[i]);
			out->needs[i].reach = needs_reach[i];
		}
		out->nneeds = nneeds;
	}
	arena_free(&rd.arena);
	if (rd.nomem) {
		lw_derived_clear(out);
		return LW_ENOMEM;
	}
	return 0;
}

void lw_derived_clear(lw_derived *d)
{
	lw_atoms_clear(&d->required);
	lw_atoms_clear(&d->leading);
	lw_atoms_clear(&d->inside);
	for (size_t i = 0; i < LW_NEEDS_MAX; i++)
		lw_atoms_clear(&d->needs[i].atoms);
	d->nneeds = 0;
}

int lw_atoms_derive(lw_atoms *required, lw_atoms *leading, const char *source)
{
	lw_derived d;
	int rc = lw_atoms_derive_full(&d, source);
	*required = d.required;
	*leading = d.leading;
	d.required = d.leading = (lw_atoms){0};
	lw_derived_clear(&d);
	return rc;
}
