/*
 * memory.c - the bounded cross-page memory (see memory.h).
 *
 * Entries live in a ring of max_entries slots: a new entry takes the slot
 * of the oldest. An index maps keys (a signature's band hashes, a contact's
 * hash) to the slot that last held them; it is a cache, so a key whose
 * bucket was taken by another key is simply forgotten early. Each index
 * bucket remembers the entry's sequence number, so a slot reused since is
 * never mistaken for the entry that was there. The same comment or contact
 * met again under the same post (the page is scanned again as the person
 * scrolls) is not added twice: its entry answers with what it found when it
 * was added.
 */
#include "memory.h"

#include "err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What one remembered comment or contact keeps. */
struct entry {
	uint32_t seq; /* 0: empty slot */
	uint64_t author, post;
	int is_contact;
	double elsewhere; /* similarity to an entry of another author and post
			     when this one was added (1 for contacts) */
	lw_minhash sig;	  /* comments only */
};

/* One index bucket: a key and the entry that last had it. */
struct bucket {
	uint64_t key;
	uint32_t seq, slot;
};

struct lw_memory {
	struct entry *ring;
	size_t nslots, next;
	uint32_t seq;
	struct bucket *index;
	size_t index_mask;
	uint64_t salt;
};

/* A salt that differs from run to run: the clock, the address of the
 * memory itself and the process's stack, mixed. */
static uint64_t draw_salt(const void *self)
{
	uint64_t local = 0;
	uint64_t s = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)self ^
		     ((uint64_t)(uintptr_t)&local << 17) ^ (uint64_t)clock();
	return lw_hash64(&s, sizeof(s), 0x6c77);
}

int lw_memory_new(lw_memory **out, size_t max_entries)
{
	*out = NULL;
	if (max_entries == 0 || max_entries > LW_MEMORY_ENTRIES_MAX) {
		lw_error_set("memory entries must be 1 to %d",
			     LW_MEMORY_ENTRIES_MAX);
		return LW_EINVAL;
	}
	lw_memory *m = calloc(1, sizeof(*m));
	size_t buckets = 1;
	while (buckets < max_entries * LW_MH_BANDS)
		buckets <<= 1;
	if (m) {
		m->ring = calloc(max_entries, sizeof(struct entry));
		m->index = calloc(buckets, sizeof(struct bucket));
	}
	if (!m || !m->ring || !m->index) {
		lw_memory_free(m);
		lw_error_set("out of memory");
		return LW_ENOMEM;
	}
	m->nslots = max_entries;
	m->index_mask = buckets - 1;
	m->salt = draw_salt(m);
	*out = m;
	return 0;
}

void lw_memory_free(lw_memory *memory)
{
	if (!memory)
		return;
	free(memory->ring);
	free(memory->index);
	free(memory);
}

uint64_t lw_memory_key(const lw_memory *memory, const char *s, size_t n)
{
	return lw_hash64(s, n, memory->salt);
}

/* The entry a key leads to, when its bucket still points at it. */
static struct entry *lookup(lw_memory *m, uint64_t key)
{
	struct bucket *b = &m->index[key & m->index_mask];
	if (b->key != key || !b->seq)
		return NULL;
	struct entry *e = &m->ring[b->slot];
	return e->seq == b->seq ? e : NULL;
}

/* Take the oldest slot for a new entry. */
static struct entry *add_entry(lw_memory *m, uint32_t *slot)
{
	*slot = (uint32_t)m->next;
	m->next = (m->next + 1) % m->nslots;
	struct entry *e = &m->ring[*slot];
	memset(e, 0, sizeof(*e));
	if (++m->seq == 0) /* wrapped: 0 means empty */
		m->seq = 1;
	e->seq = m->seq;
	return e;
}

/* Point a key's bucket at an entry. */
static void index_key(lw_memory *m, uint64_t key, uint32_t slot)
{
	struct bucket *b = &m->index[key & m->index_mask];
	b->key = key;
	b->seq = m->ring[slot].seq;
	b->slot = slot;
}

/* A band's key: the band hash kept apart from contact keys. */
static uint64_t band_key(const lw_minhash *sig, int band)
{
	return lw_minhash_band(sig, band) | 1u;
}

/* Similarity above which a comment by the same author under the same post
 * is the same comment scanned again. */
#define SAME_COMMENT 0.9

double lw_memory_text(lw_memory *memory, const lw_minhash *sig, uint64_t author,
		      uint64_t post, double min_similarity)
{
	double best = 0;
	struct entry *again = NULL;
	for (int b = 0; b < LW_MH_BANDS; b++) {
		struct entry *e = lookup(memory, band_key(sig, b));
		if (!e || e->is_contact)
			continue;
		double s = lw_minhash_similarity(sig, &e->sig);
		if (e->author == author && e->post == post) {
			if (s >= SAME_COMMENT)
				again = e;
			continue;
		}
		if (e->author != author && e->post != post &&
		    s >= min_similarity && s > best)
			best = s;
	}
	if (again) {
		if (best > again->elsewhere)
			again->elsewhere = best;
		return again->elsewhere;
	}
	uint32_t slot;
	struct entry *e = add_entry(memory, &slot);
	e->author = author;
	e->post = post;
	e->elsewhere = best;
	e->sig = *sig;
	for (int b = 0; b < LW_MH_BANDS; b++)
		index_key(memory, band_key(sig, b), slot);
	return best;
}

int lw_memory_contact(lw_memory *memory, uint64_t contact, uint64_t author,
		      uint64_t post)
{
	uint64_t key = contact & ~(uint64_t)1;
	struct entry *e = lookup(memory, key);
	if (e && e->is_contact && e->author == author && e->post == post)
		return e->elsewhere > 0;
	int seen = e && e->is_contact && e->author != author && e->post != post;
	if (e && e->is_contact && !seen && e->elsewhere > 0)
		seen = 1; /* a third account repeats a contact already shared */
	uint32_t slot;
	e = add_entry(memory, &slot);
	e->is_contact = 1;
	e->author = author;
	e->post = post;
	e->elsewhere = seen;
	index_key(memory, key, slot);
	return seen;
}
