/*
 * atoms.h - the literals ("atoms") that a PCRE2 pattern cannot match without.
 *
 * The prefilter (prefilter.c) runs a pattern only on fields whose matching
 * view contains at least one of its atoms. That is only correct when every
 * possible match of the pattern contains one of them, so the derivation is
 * conservative: it understands a plain subset of PCRE2 syntax and gives up
 * ("no usable literal") on anything else. When every match also BEGINS with
 * one of them ("leading" atoms, as in "\\b(?:visa|work)\\s+permit"), the
 * places where they occur are the only places a match can start, and the
 * prefilter hands those places to PCRE2 (match.c). A pattern usually
 * needs more than one literal ("fees?" AND a currency): every such
 * requirement, with how far into a match it begins at most, is derived as
 * well (lw_derived), so that a place where one of them is missing is not
 * tried at all.
 */
#ifndef LW_ATOMS_H
#define LW_ATOMS_H

#include <stddef.h>

/** Atoms shorter than this many bytes are too common to be worth it. */
#define LW_ATOM_MIN_BYTES 3
/** Atoms are cut to at most this many bytes (a prefix is still required). */
#define LW_ATOM_MAX_BYTES 24
/** Most atoms one pattern may need; more and the pattern always runs. */
#define LW_ATOMS_MAX 256

/** A set of atoms: every match of the pattern contains one of them. */
typedef struct lw_atoms {
	char **v; /**< NUL-terminated UTF-8 strings in the matching view's
		       case folding */
	size_t n;
	size_t cap; /**< room in v */
} lw_atoms;

/** Leading strings this short still locate matches, though too common to
 *  decide whether a pattern runs. */
#define LW_LEAD_MIN_BYTES 2

/**
 * Derive the atoms of a pattern compiled with PCRE2_UTF | PCRE2_UCP |
 * PCRE2_CASELESS and run over a case-folded view.
 *
 * @param required receives the atoms that decide whether the pattern runs
 *                 on a field (every match contains one of them);
 *                 required->n == 0 means "no usable literal": the pattern
 *                 runs on every field
 * @param leading  receives the strings that every match BEGINS with, each
 *                 at least LW_LEAD_MIN_BYTES long, or nothing when that is
 *                 not known; when the leading strings are long enough they
 *                 are also the required atoms
 * @param source   the pattern as written
 * @return 0, or LW_ENOMEM
 */
int lw_atoms_derive(lw_atoms *required, lw_atoms *leading, const char *source);

/**
 * How far into a text something begins at most: bytes plus runs times
 * the longest run of white space (\s) in the text, in bytes; bytes -1: no
 * bound. (\s+ and \s* match one run at most; counting them so keeps most
 * patterns' bounds finite.)
 */
typedef struct lw_reach {
	long bytes, runs;
} lw_reach;

/** Most further requirements (lw_derived.needs) kept for a pattern. */
#define LW_NEEDS_MAX 1

/** A further requirement of a pattern: one of its atoms occurs in every
 *  match, beginning at most reach after the match begins. */
typedef struct lw_need {
	lw_atoms atoms;
	lw_reach reach;
} lw_need;

/** Everything derived from one pattern (lw_atoms_derive_full). */
typedef struct lw_derived {
	lw_atoms required; /**< as lw_atoms_derive */
	lw_atoms leading;  /**< as lw_atoms_derive */
	/** The pattern's most selective requirement wherever it lies in a
	 *  match: one of these occurs in every match, beginning at most
	 *  inside_reach after the match begins; n == 0: none known. They
	 *  are the required atoms when the pattern has no leading ones. */
	lw_atoms inside;
	lw_reach inside_reach; /**< bytes -1: anywhere in the match */
	/** The pattern's other requirements, each of which every match
	 *  meets as well (a pattern such as "(?:sa|via)\\s+(?:telegram|
	 *  viber)\\s+lang" needs one of {telegram, viber} AND "lang"), the
	 *  most selective first; none is the same set as required, leading
	 *  or inside. Only for patterns with required atoms. */
	lw_need needs[LW_NEEDS_MAX];
	size_t nneeds;
} lw_derived;

/**
 * Derive the atoms of lw_atoms_derive, the inside atoms and the further
 * requirements of lw_derived. The lengths added up for the reaches are
 * those of the matching view (a literal letter is its folding there; any
 * other character at most 4 bytes).
 *
 * @return 0, or LW_ENOMEM (out is then empty)
 */
int lw_atoms_derive_full(lw_derived *out, const char *source);

/** Free what lw_atoms_derive_full gave and zero its sets. */
void lw_derived_clear(lw_derived *d);

/** Free a set of atoms and zero it. */
void lw_atoms_clear(lw_atoms *atoms);

#endif /* LW_ATOMS_H */
