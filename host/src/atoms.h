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
 * prefilter hands those places to PCRE2 (match.c).
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

/**
 * Derive the atoms of a pattern compiled with PCRE2_UTF | PCRE2_UCP |
 * PCRE2_CASELESS and run over a case-folded view.
 *
 * @param out     receives the atoms; out->n == 0 means "no usable
 *                literal": the pattern must run on every field
 * @param leading set to 1 when every match of the pattern begins with one
 *                of the atoms, so that a match can only start where an
 *                atom occurs; 0 when the atoms may be anywhere in a match
 * @param source  the pattern as written
 * @return 0, or LW_ENOMEM
 */
int lw_atoms_derive(lw_atoms *out, int *leading, const char *source);

/** Free a set of atoms and zero it. */
void lw_atoms_clear(lw_atoms *atoms);

#endif /* LW_ATOMS_H */
