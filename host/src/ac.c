/*
 * ac.c - Aho-Corasick over bytes with sparse transitions.
 *
 * The trie is built with linked child lists, failure links are added
 * breadth first, and the result is packed into flat arrays: a full
 * 256-entry table for the root (most bytes of a text leave the automaton
 * at the root) and a sorted edge list for every other state. Each state
 * knows its own pattern ids and the nearest state down its failure chain
 * that has any ("dictionary link"), so a scan reports every literal that
 * ends at each position without walking the whole chain.
 */
#include "ac.h"

#include "lurewatch.h"

#include <stdlib.h>
#include <string.h>

/* One packed state. */
struct state {
	uint32_t edge_start, edge_n; /* into lw_ac.edge_byte/edge_to */
	uint32_t fail, dict;	     /* failure and dictionary links */
	uint32_t out_start, out_n;   /* into lw_ac.outs */
	uint32_t depth;		     /* bytes from the root: literal length */
};

struct lw_ac {
	uint32_t root_next[256];
	struct state *states;
	uint8_t *edge_byte;
	uint32_t *edge_to;
	uint32_t *outs;
	size_t nstates;
};

/* A trie state while building. */
struct bstate {
	uint32_t first_child, next_sibling;
	uint32_t fail, dict, out_head, depth;
	uint8_t byte;
};

/* One pattern id of a state while building (a linked list). */
struct bout {
	uint32_t id, next;
};

/* A state's slot: built as a bstate, then packed in place into a state
 * (pack_states), so that the automaton takes no second array of states,
 * page-faulted in afresh: a state is packed after every state it reads
 * (its children come later), so no bstate is overwritten before use. */
union slot {
	struct bstate b;
	struct state packed;
};
_Static_assert(sizeof(struct bstate) == sizeof(struct state),
	       "a state is packed in its building slot");

/* Growing arrays of the builder; index 0 of outs is "none". */
struct builder {
	uint32_t root_child[256]; /* the root has the most children */
	union slot *s;
	size_t n, cap;
	struct bout *outs;
	size_t nouts, outcap;
};

/* The child of a building state for a byte, or 0. */
static uint32_t bchild(const struct builder *b, uint32_t s, uint8_t byte)
{
	if (s == 0)
		return b->root_child[byte];
	for (uint32_t c = b->s[s].b.first_child; c; c = b->s[c].b.next_sibling)
		if (b->s[c].b.byte == byte)
			return c;
	return 0;
}

/* Add a new state under parent for a byte; 0 when out of room (the
 * builder holds a state for every byte of the literals, at most). */
static uint32_t bnew(struct builder *b, uint32_t parent, uint8_t byte)
{
	if (b->n == b->cap)
		return 0;
	uint32_t id = (uint32_t)b->n++;
	memset(&b->s[id].b, 0, sizeof(b->s[id].b));
	b->s[id].b.byte = byte;
	if (id) {
		if (parent == 0)
			b->root_child[byte] = id;
		b->s[id].b.depth = b->s[parent].b.depth + 1;
		b->s[id].b.next_sibling = b->s[parent].b.first_child;
		b->s[parent].b.first_child = id;
	}
	return id;
}

/* Add a literal's pattern id to the state where it ends. */
static int badd_out(struct builder *b, uint32_t s, uint32_t id)
{
	if (b->nouts == b->outcap) {
		size_t cap = b->outcap ? b->outcap * 2 : 256;
		struct bout *o = realloc(b->outs, cap * sizeof(*o));
		if (!o)
			return LW_ENOMEM;
		b->outs = o;
		b->outcap = cap;
	}
	b->outs[b->nouts] = (struct bout){id, b->s[s].b.out_head};
	b->s[s].b.out_head = (uint32_t)b->nouts++;
	return 0;
}

/* Insert every literal into the trie. */
static int build_trie(struct builder *b, const char *const *literals,
		      const uint32_t *ids, size_t n)
{
	/* Room for the root and one state per byte of the literals, taken
	 * at once: growing it step by step copied it each time, and only
	 * the states that are used take memory. */
	size_t bytes = 1;
	for (size_t i = 0; i < n; i++)
		bytes += strlen(literals[i]);
	b->cap = bytes < LW_AC_STATES_MAX ? bytes : LW_AC_STATES_MAX;
	b->s = malloc(b->cap * sizeof(*b->s));
	if (!b->s)
		return LW_ENOMEM;
	/* The root is state 0, and outs entry 0 ends every list. */
	bnew(b, 0, 0);
	if (b->n != 1 || badd_out(b, 0, 0))
		return LW_ENOMEM;
	b->s[0].b.out_head = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t s = 0;
		for (const char *p = literals[i]; *p; p++) {
			uint32_t next = bchild(b, s, (uint8_t)*p);
			if (!next)
				next = bnew(b, s, (uint8_t)*p);
			if (!next)
				return LW_ETOOLARGE;
			s = next;
		}
		if (s && badd_out(b, s, ids[i]))
			return LW_ENOMEM;
	}
	return 0;
}

/* Failure and dictionary links, breadth first from the root. */
static int link_states(struct builder *b)
{
	uint32_t *queue = malloc(b->n * sizeof(*queue));
	if (!queue)
		return LW_ENOMEM;
	size_t head = 0, tail = 0;
	for (uint32_t c = b->s[0].b.first_child; c; c = b->s[c].b.next_sibling)
		queue[tail++] = c; /* depth 1 fails to the root */
	while (head < tail) {
		uint32_t s = queue[head++];
		for (uint32_t c = b->s[s].b.first_child; c;
		     c = b->s[c].b.next_sibling) {
			uint32_t f = b->s[s].b.fail, to;
			while (!(to = bchild(b, f, b->s[c].b.byte)) && f)
				f = b->s[f].b.fail;
			b->s[c].b.fail = to;
			b->s[c].b.dict =
				b->s[to].b.out_head ? to : b->s[to].b.dict;
			queue[tail++] = c;
		}
	}
	free(queue);
	return 0;
}

/* An edge while packing. */
struct edge {
	uint8_t byte;
	uint32_t to;
};

/* Order edges by byte for the packed form. */
static int edge_order(const void *pa, const void *pb)
{
	return (int)((const struct edge *)pa)->byte -
	       (int)((const struct edge *)pb)->byte;
}

/* Pack the built trie into the scanning form; the states take over the
 * builder's slots. */
static int pack_states(lw_ac *ac, struct builder *b)
{
	ac->edge_byte = malloc(b->n + 1);
	ac->edge_to = malloc((b->n + 1) * sizeof(*ac->edge_to));
	ac->outs = malloc(b->nouts * sizeof(*ac->outs));
	if (!ac->edge_byte || !ac->edge_to || !ac->outs)
		return LW_ENOMEM;
	uint32_t nedges = 0, nouts = 0;
	for (uint32_t s = 0; s < b->n; s++) {
		const struct bstate built = b->s[s].b;
		struct state st = {.fail = built.fail,
				   .dict = built.dict,
				   .depth = built.depth,
				   .out_start = nouts,
				   .edge_start = nedges};
		for (uint32_t o = built.out_head; o; o = b->outs[o].next)
			ac->outs[nouts++] = b->outs[o].id;
		st.out_n = nouts - st.out_start;
		struct edge tmp[256];
		uint32_t k = 0;
		for (uint32_t c = built.first_child; c;
		     c = b->s[c].b.next_sibling)
			tmp[k++] = (struct edge){b->s[c].b.byte, c};
		if (k > 1)
			qsort(tmp, k, sizeof(tmp[0]), edge_order);
		for (uint32_t i = 0; i < k; i++) {
			ac->edge_byte[nedges] = tmp[i].byte;
			ac->edge_to[nedges++] = tmp[i].to;
		}
		st.edge_n = k;
		b->s[s].packed = st;
	}
	/* The slots were taken for every byte of the literals; give back
	 * the unused ones (when that fails, the slots are kept as they are). */
	union slot *fitted = realloc(b->s, b->n * sizeof(*b->s));
	ac->states = &(fitted ? fitted : b->s)->packed;
	ac->nstates = b->n;
	b->s = NULL;
	for (int byte = 0; byte < 256; byte++) {
		uint32_t to = 0;
		const struct state *root = &ac->states[0];
		for (uint32_t i = 0; i < root->edge_n; i++)
			if (ac->edge_byte[root->edge_start + i] == byte)
				to = ac->edge_to[root->edge_start + i];
		ac->root_next[byte] = to;
	}
	return 0;
}

int lw_ac_build(lw_ac **out, const char *const *literals, const uint32_t *ids,
		size_t n)
{
	*out = NULL;
	struct builder b = {0};
	lw_ac *ac = calloc(1, sizeof(*ac));
	int rc = ac ? build_trie(&b, literals, ids, n) : LW_ENOMEM;
	if (!rc)
		rc = link_states(&b);
	if (!rc)
		rc = pack_states(ac, &b);
	free(b.s);
	free(b.outs);
	if (rc) {
		lw_ac_free(ac);
		return rc;
	}
	*out = ac;
	return 0;
}

void lw_ac_free(lw_ac *ac)
{
	if (!ac)
		return;
	free(ac->states);
	free(ac->edge_byte);
	free(ac->edge_to);
	free(ac->outs);
	free(ac);
}

/* The state a byte leads to from s, following failure links. */
static uint32_t step(const lw_ac *ac, uint32_t s, uint8_t byte)
{
	while (s) {
		const struct state *st = &ac->states[s];
		const uint8_t *bytes = ac->edge_byte + st->edge_start;
		for (uint32_t i = 0; i < st->edge_n && bytes[i] <= byte; i++)
			if (bytes[i] == byte)
				return ac->edge_to[st->edge_start + i];
		s = st->fail;
	}
	return ac->root_next[byte];
}

/* Note that pattern id's literal begins at start (inside: as an inside
 * atom), growing the list up to LW_AC_HITS_MAX. */
static void note_hit(lw_ac_hits *hits, uint32_t id, uint32_t inside,
		     size_t start)
{
	if (hits->incomplete)
		return;
	if (hits->n == hits->cap) {
		size_t cap = hits->cap ? hits->cap * 2 : 64;
		lw_ac_hit *v = cap <= LW_AC_HITS_MAX
				       ? realloc(hits->v, cap * sizeof(*v))
				       : NULL;
		if (!v) {
			hits->incomplete = 1;
			return;
		}
		hits->v = v;
		hits->cap = cap;
	}
	hits->v[hits->n++] = (lw_ac_hit){id, inside, start};
}

void lw_ac_scan(const lw_ac *ac, const char *text, size_t len, uint64_t *bits,
		lw_ac_hits *hits)
{
	uint32_t s = 0;
	for (size_t i = 0; i < len; i++) {
		uint8_t byte = (uint8_t)text[i];
		if (byte >= 'A' && byte <= 'Z')
			byte += 32;
		s = step(ac, s, byte);
		for (uint32_t t = ac->states[s].out_n ? s : ac->states[s].dict;
		     t; t = ac->states[t].dict) {
			const struct state *st = &ac->states[t];
			for (uint32_t o = 0; o < st->out_n; o++) {
				uint32_t out = ac->outs[st->out_start + o];
				uint32_t id = out & LW_AC_ID_MASK;
				if (out & LW_AC_MARK)
					bits[id / 64] |= UINT64_C(1)
							 << (id % 64);
				if ((out & LW_AC_NOTE) && hits)
					note_hit(hits, id, 0,
						 i + 1 - st->depth);
				if ((out & LW_AC_INSIDE) && hits)
					note_hit(hits, id, 1,
						 i + 1 - st->depth);
			}
		}
	}
}
