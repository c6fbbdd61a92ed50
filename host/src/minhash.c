/*
 * minhash.c - MinHash signatures (see minhash.h).
 *
 * Each shingle hash x yields the K hash values a + i*b (the two halves of a
 * remixed x; Kirsch and Mitzenmacher's double hashing), so one signature
 * costs K multiply-adds per shingle instead of K full hashes.
 */
#include "minhash.h"

#include <string.h>

/* The splitmix64 finaliser: spreads every input bit over the output. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* FNV-1a over the bytes, finished with mix64 so that short inputs that
 * differ in one byte still differ in every bit. */
uint64_t lw_hash64(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return mix64(h);
}

/* An empty signature holds the largest value in every slot. */
void lw_minhash_init(lw_minhash *sig)
{
	memset(sig->h, 0xff, sizeof(sig->h));
	sig->shingles = 0;
}

/* Keep, per slot, the least of the slot's hash over all shingles. */
void lw_minhash_add(lw_minhash *sig, uint64_t shingle)
{
	uint64_t x = mix64(shingle);
	uint32_t a = (uint32_t)x, b = (uint32_t)(x >> 32) | 1u;
	for (uint32_t i = 0; i < LW_MH_K; i++) {
		uint32_t v = a + i * b;
		if (v < sig->h[i])
			sig->h[i] = v;
	}
	sig->shingles++;
}

/* The share of slots on which the two signatures agree. */
double lw_minhash_similarity(const lw_minhash *a, const lw_minhash *b)
{
	if (!a->shingles || !b->shingles)
		return 0;
	int same = 0;
	for (int i = 0; i < LW_MH_K; i++)
		same += a->h[i] == b->h[i];
	return (double)same / LW_MH_K;
}

/* Hash the rows of one band together, with the band number as seed so
 * that equal rows in different bands do not collide. */
uint64_t lw_minhash_band(const lw_minhash *sig, int band)
{
	return lw_hash64(&sig->h[band * LW_MH_ROWS],
			 LW_MH_ROWS * sizeof(uint32_t), (uint64_t)band + 1);
}
