/*
 * ac.c - Aho-Corasick over bytes: a table for the shallow states, sparse
 * edges for the deep ones.
 *
 * The trie is built with linked child lists and failure links are added
 * breadth first. It is then packed for scanning, the shallow states
 * numbered first, breadth first:
 *
 * - Bytes are mapped to classes: one class per byte that occurs in the
 *   literals, class 0 for every other byte, and ASCII capitals to the class
 *   of their small letter (so the scan's case folding costs nothing).
 * - The states at most DENSE_DEPTH bytes deep have a full row of next
 *   states, one per class, with the failure links already followed. A text
 *   keeps the automaton among these states most of the time, and a step
 *   there is one load from a table small enough to stay in the cache.
 * - A deeper state has its own edges only (most have one); when none fits,
 *   its failure link leads towards a shallow state, whose row answers.
 *
 * A scan's time goes on waiting for the next state and on branches the
 * processor cannot predict; the packed form keeps both few. So the number
 * of a state with a row is where its row begins (no multiplication on the
 * way to the next state), deep states are numbered after all the rows,
 * depth first so that a literal's states lie side by side, and
 * a next-state number carries REPORTS when the state, or a state down its
 * failure chain, ends a literal: only then does the scan look for literals
 * to report. Each such state knows its own pattern ids and the nearest
 * state down its failure chain that has any ("dictionary link"), so
 * reporting never walks the whole chain.
 *
 * Measured on the views of the benchmark's 10,000 generated adverts, with
 * 2 MiB of other memory touched between views as a batch does
 * (docs/benchmarks.md): sorted edges for every state took 0.53-0.57 s;
 * rows for the states up to 2 bytes deep (414 of 23,455, 207 KiB) take
 * 0.38-0.41 s. Rows 3 or 4 bytes deep (1,411 or 2,795 states) were no
 * faster: the bigger table leaves the cache as soon. Scanning two halves of
 * a text at once, to overlap the waits, was slower.
 */
#include "ac.h"

#include "lurewatch.h"
#include "pages.h"

#include <stdlib.h>
#include <string.h>

/* The depth up to which states have a full row of next states (see
 * above for why 2), and the most such rows: 4 MiB at worst. */
#define DENSE_DEPTH    2
#define DENSE_ROWS_MAX 4096
/* A next-state number with this bit reports literals (see above). */
#define REPORTS (UINT32_C(1) << 31)

/* What a state reports: its own pattern ids and its dictionary link. */
struct report {
	uint32_t out_start, out_n; /* into lw_ac.outs */
	uint32_t dict;		   /* next state down the chain with ids */
	uint32_t depth;		   /* bytes from the root: literal length */
};

/* A state deeper than DENSE_DEPTH. With one edge, its class and next
 * state are kept here; with more, `to` is where they begin in lw_ac.edge_cls
 * and lw_ac.edge_next. */
struct deep {
	uint32_t fail;
	uint32_t to;
	uint16_t edge_n;
	uint8_t cls;
};

struct lw_ac {
	uint8_t class_of[256];
	uint32_t nclasses;
	uint32_t shift;	    /* a row is 1 << shift next states */
	uint32_t ndense;    /* states 0 .. ndense-1 have rows */
	uint32_t deep_base; /* ndense << shift: deep states' numbers
			       begin there */
	uint32_t *rows;	    /* ndense rows of 1 << shift next states */
	struct deep *deep;  /* the states numbered from deep_base */
	uint8_t *edge_cls;  /* the deep states' edges of more than one */
	uint32_t *edge_next;
	struct report *report; /* per state */
	uint32_t *outs;
	size_t tables_size; /* rows, deep and report: one lw_pages_alloc */
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

/* Growing arrays of the builder; index 0 of outs is "none". */
struct builder {
	uint32_t root_child[256]; /* the root has the most children */
	struct bstate *s;
	size_t n, cap;
	struct bout *outs;
	size_t nouts, outcap;
	uint32_t *order;  /* the states in their packed order (order[0] is the
			     root): breadth first, then number_deep_states */
	uint32_t *number; /* a state's place in that order */
	uint8_t class_of[256]; /* the literals' bytes' classes (make_classes) */
};

/* The child of a building state for a byte, or 0. */
static uint32_t bchild(const struct builder *b, uint32_t s, uint8_t byte)
{
	if (s == 0)
		return b->root_child[byte];
	for (uint32_t c = b->s[s].first_child; c; c = b->s[c].next_sibling)
		if (b->s[c].byte == byte)
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
	memset(&b->s[id], 0, sizeof(b->s[id]));
	b->s[id].byte = byte;
	if (id) {
		if (parent == 0)
			b->root_child[byte] = id;
		b->s[id].depth = b->s[parent].depth + 1;
		b->s[id].next_sibling = b->s[parent].first_child;
		b->s[parent].first_child = id;
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
	b->outs[b->nouts] = (struct bout){id, b->s[s].out_head};
	b->s[s].out_head = (uint32_t)b->nouts++;
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
	b->s = lw_pages_alloc(b->cap * sizeof(*b->s));
	if (!b->s)
		return LW_ENOMEM;
	/* The root is state 0, and outs entry 0 ends every list. */
	bnew(b, 0, 0);
	if (b->n != 1 || badd_out(b, 0, 0))
		return LW_ENOMEM;
	b->s[0].out_head = 0;
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

/* Failure and dictionary links, breadth first from the root; that order
 * is kept, as the start of the packed numbering. */
static int link_states(struct builder *b)
{
	uint32_t *queue = malloc(b->n * sizeof(*queue));
	uint32_t *number = malloc(b->n * sizeof(*number));
	if (!queue || !number) {
		free(queue);
		free(number);
		return LW_ENOMEM;
	}
	size_t head = 1, tail = 0;
	queue[tail++] = 0;
	for (uint32_t c = b->s[0].first_child; c; c = b->s[c].next_sibling)
		queue[tail++] = c; /* depth 1 fails to the root */
	while (head < tail) {
		uint32_t s = queue[head++];
		for (uint32_t c = b->s[s].first_child; c;
		     c = b->s[c].next_sibling) {
			uint32_t f = b->s[s].fail, to;
			while (!(to = bchild(b, f, b->s[c].byte)) && f)
				f = b->s[f].fail;
			b->s[c].fail = to;
			b->s[c].dict = b->s[to].out_head ? to : b->s[to].dict;
			queue[tail++] = c;
		}
	}
	for (size_t i = 0; i < tail; i++)
		number[queue[i]] = (uint32_t)i;
	b->order = queue;
	b->number = number;
	return 0;
}

/* The packed number of a building state (where its row begins, or past
 * the rows for a deep state), with REPORTS when it or a state down its
 * failure chain ends a literal. */
static uint32_t code(const lw_ac *ac, const struct builder *b, uint32_t s)
{
	int reports = b->s[s].out_head || b->s[s].dict;
	uint32_t j = b->number[s];
	uint32_t c = j < ac->ndense ? j << ac->shift
				    : ac->deep_base + (j - ac->ndense);
	return c | (reports ? REPORTS : 0);
}

/* Map bytes to classes: one per byte of the literals, 0 for the rest. */
static void make_classes(lw_ac *ac, struct builder *b)
{
	uint8_t seen[256] = {0};
	for (size_t s = 1; s < b->n; s++)
		seen[b->s[s].byte] = 1;
	ac->nclasses = 1;
	for (int byte = 0; byte < 256; byte++)
		if (seen[byte])
			b->class_of[byte] = (uint8_t)ac->nclasses++;
	memcpy(ac->class_of, b->class_of, sizeof(ac->class_of));
	/* The text's capitals match the literals' small letters; a capital
	 * in a literal keeps a class that no text byte maps to. */
	for (int byte = 'A'; byte <= 'Z'; byte++)
		ac->class_of[byte] = ac->class_of[byte + 32];
}

/* Number the deep states depth first, after the shallow ones: the states
 * of a literal then lie side by side, and following it touches few cache
 * lines (numbered breadth first, each step lands in another part of the
 * table; measured, the pass took 6 % longer once other work had taken the
 * cache). The shallow states keep their breadth-first numbers. */
static int number_deep_states(struct builder *b, uint32_t ndense)
{
	uint32_t *stack = malloc(b->n * sizeof(*stack));
	if (!stack)
		return LW_ENOMEM;
	size_t next = ndense, top = 0;
	for (uint32_t i = 0; i < ndense; i++)
		for (uint32_t c = b->s[b->order[i]].first_child; c;
		     c = b->s[c].next_sibling)
			if (b->number[c] >= ndense)
				stack[top++] = c;
	while (top) {
		uint32_t s = stack[--top];
		b->number[s] = (uint32_t)next;
		b->order[next++] = s;
		for (uint32_t c = b->s[s].first_child; c;
		     c = b->s[c].next_sibling)
			stack[top++] = c;
	}
	free(stack);
	return 0;
}

/* Pack the built trie into the scanning form (see the top of the file). */
static int pack_states(lw_ac *ac, struct builder *b)
{
	make_classes(ac, b);
	size_t n = b->n;
	uint32_t ndense = 0;
	/* Breadth first, a state's failure link is numbered before it: a
	 * state with a row fails to a state with a row. */
	while (ndense < n && ndense < DENSE_ROWS_MAX &&
	       b->s[b->order[ndense]].depth <= DENSE_DEPTH)
		ndense++;
	ac->ndense = ndense;
	if (number_deep_states(b, ndense))
		return LW_ENOMEM;
	while ((1u << ac->shift) < ac->nclasses)
		ac->shift++;
	ac->deep_base = ndense << ac->shift;
	/* The tables written whole take their pages at once (pages.h). */
	size_t rows_size = ((size_t)ndense << ac->shift) * sizeof(*ac->rows);
	size_t deep_size = (n - ndense + 1) * sizeof(*ac->deep);
	ac->tables_size = rows_size + deep_size + n * sizeof(*ac->report);
	char *tables = lw_pages_alloc(ac->tables_size);
	if (!tables)
		return LW_ENOMEM;
	ac->rows = (uint32_t *)tables;
	ac->deep = (struct deep *)(tables + rows_size);
	ac->report = (struct report *)(tables + rows_size + deep_size);
	ac->edge_cls = malloc(n);
	ac->edge_next = malloc(n * sizeof(*ac->edge_next));
	ac->outs = malloc(b->nouts * sizeof(*ac->outs));
	if (!ac->edge_cls || !ac->edge_next || !ac->outs)
		return LW_ENOMEM;
	uint32_t nouts = 0, nedges = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct bstate *st = &b->s[b->order[i]];
		struct report *r = &ac->report[i];
		r->out_start = nouts;
		for (uint32_t o = st->out_head; o; o = b->outs[o].next)
			ac->outs[nouts++] = b->outs[o].id;
		r->out_n = nouts - r->out_start;
		r->dict = st->dict ? b->number[st->dict] : 0;
		r->depth = st->depth;
		if (i < ndense) {
			/* A failure link leads to a shallower state, whose
			 * row is made already: start from its row. */
			uint32_t *row = ac->rows + ((size_t)i << ac->shift);
			if (i)
				memcpy(row,
				       ac->rows + ((size_t)b->number[st->fail]
						   << ac->shift),
				       sizeof(*row) << ac->shift);
			else
				memset(row, 0, sizeof(*row) << ac->shift);
			for (uint32_t c = st->first_child; c;
			     c = b->s[c].next_sibling)
				row[b->class_of[b->s[c].byte]] = code(ac, b, c);
			continue;
		}
		struct deep *d = &ac->deep[i - ndense];
		d->fail = code(ac, b, st->fail) & ~REPORTS;
		d->edge_n = 0;
		d->to = nedges;
		for (uint32_t c = st->first_child; c;
		     c = b->s[c].next_sibling) {
			ac->edge_cls[nedges] = b->class_of[b->s[c].byte];
			ac->edge_next[nedges++] = code(ac, b, c);
			d->edge_n++;
		}
		d->cls = 0;
		if (d->edge_n == 1) {
			d->cls = ac->edge_cls[--nedges];
			d->to = ac->edge_next[nedges];
		}
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
	lw_pages_free(b.s, b.cap * sizeof(*b.s));
	free(b.outs);
	free(b.order);
	free(b.number);
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
	lw_pages_free(ac->rows, ac->tables_size);
	free(ac->edge_cls);
	free(ac->edge_next);
	free(ac->outs);
	free(ac);
}

/* The next state's number (with REPORTS) from state number s (without)
 * on a byte of class cls. */
static inline uint32_t step(const lw_ac *ac, uint32_t s, uint32_t cls)
{
	while (s >= ac->deep_base) {
		const struct deep *d = &ac->deep[s - ac->deep_base];
		if (d->edge_n == 1) {
			if (d->cls == cls)
				return d->to;
		} else {
			for (uint32_t k = 0; k < d->edge_n; k++)
				if (ac->edge_cls[d->to + k] == cls)
					return ac->edge_next[d->to + k];
		}
		s = d->fail;
	}
	return ac->rows[s + cls];
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

/* Report every literal that ends at text[end - 1], where the scan is in
 * the state numbered s. */
static void report(const lw_ac *ac, uint32_t s, size_t end, uint64_t *bits,
		   lw_ac_hits *hits)
{
	s = s < ac->deep_base ? s >> ac->shift : s - ac->deep_base + ac->ndense;
	for (uint32_t t = ac->report[s].out_n ? s : ac->report[s].dict; t;
	     t = ac->report[t].dict) {
		const struct report *r = &ac->report[t];
		for (uint32_t o = 0; o < r->out_n; o++) {
			uint32_t out = ac->outs[r->out_start + o];
			uint32_t id = out & LW_AC_ID_MASK;
			if (out & LW_AC_MARK)
				bits[id / 64] |= UINT64_C(1) << (id % 64);
			if ((out & LW_AC_NOTE) && hits)
				note_hit(hits, id, 0, end - r->depth);
			if ((out & LW_AC_INSIDE) && hits)
				note_hit(hits, id, 1, end - r->depth);
		}
	}
}

void lw_ac_scan(const lw_ac *ac, const char *text, size_t len, uint64_t *bits,
		lw_ac_hits *hits)
{
	uint32_t s = 0;
	for (size_t i = 0; i < len; i++) {
		s = step(ac, s & ~REPORTS, ac->class_of[(uint8_t)text[i]]);
		if (s & REPORTS)
			report(ac, s & ~REPORTS, i + 1, bits, hits);
	}
}
