/*
 * minhash.h - MinHash signatures: a short fingerprint of a set of shingles
 * whose agreement estimates the Jaccard similarity of two sets.
 *
 * thread.c groups near-identical comments with them and memory.c keeps
 * them, instead of text, to recognise a comment seen under another post.
 * Signatures are split into bands (locality-sensitive hashing): two sets
 * that share a band are candidates, and candidates are then compared on
 * the whole signature. With 21 bands of 3 rows, pairs at similarity 0.6
 * share a band with probability 0.99, pairs at 0.2 with probability 0.15.
 */
#ifndef LW_MINHASH_H
#define LW_MINHASH_H

#include <stddef.h>
#include <stdint.h>

enum {
	LW_MH_ROWS = 3,			   /**< hashes per band */
	LW_MH_BANDS = 21,		   /**< bands per signature */
	LW_MH_K = LW_MH_ROWS * LW_MH_BANDS /**< hashes per signature */
};

/** The signature of one set of shingles. */
typedef struct lw_minhash {
	uint32_t h[LW_MH_K];
	uint32_t shingles; /**< shingles added (0: empty set) */
} lw_minhash;

/** A 64-bit hash of n bytes (for shingles, authors and contacts). */
uint64_t lw_hash64(const void *data, size_t n, uint64_t seed);

/** Start an empty signature. */
void lw_minhash_init(lw_minhash *sig);

/** Add one shingle, given as its 64-bit hash. */
void lw_minhash_add(lw_minhash *sig, uint64_t shingle);

/** Estimated Jaccard similarity of two signatures (0 when either is
 *  empty). */
double lw_minhash_similarity(const lw_minhash *a, const lw_minhash *b);

/** The hash of band b (0 <= b < LW_MH_BANDS) of a signature. */
uint64_t lw_minhash_band(const lw_minhash *sig, int band);

#endif /* LW_MINHASH_H */
