/*
 * memory.h - cross-page memory: fingerprints of comments seen in this
 * browser session, so that a testimonial or contact that reappears under a
 * different post from a different account is recognised.
 *
 * Only fingerprints are kept, never text: MinHash signatures of comments
 * and 64-bit hashes of contacts, authors and posts (the hashes are salted
 * with a random value drawn when the memory is created, so they cannot be
 * compared with a list of known numbers). The memory holds at most the
 * number of entries it was created with; the oldest entry is forgotten
 * first. It lives in the process, and in a file only when the host is
 * asked to keep one (lw_memory_save; docs/privacy.md).
 */
#ifndef LW_MEMORY_H
#define LW_MEMORY_H

#include "lurewatch.h"
#include "minhash.h"

#include <stdint.h>

/**
 * The salted hash of an author, a post or a contact for this memory: the
 * same bytes give the same value for the life of the memory only.
 */
uint64_t lw_memory_key(const lw_memory *memory, const char *s, size_t n);

/**
 * Look up a comment's signature, then remember it. Returns the highest
 * similarity (at least min_similarity) to a remembered comment by another
 * author under another post, or 0 when there is none.
 */
double lw_memory_text(lw_memory *memory, const lw_minhash *sig, uint64_t author,
		      uint64_t post, double min_similarity);

/**
 * Look up a contact (a salted hash from lw_memory_key), then remember it.
 * Returns 1 when another author posted it under another post.
 */
int lw_memory_contact(lw_memory *memory, uint64_t contact, uint64_t author,
		      uint64_t post);

#endif /* LW_MEMORY_H */
