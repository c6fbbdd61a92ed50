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
#include "sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <windows.h>
#define getpid _getpid
#else
#include <fcntl.h>
#include <unistd.h>
#endif

/* What one remembered comment or contact keeps. */
struct entry {
	uint32_t seq; /* 0: empty slot */
	int64_t seen; /* when it was added (Unix seconds) */
	uint64_t author, post;
	uint64_t key; /* contacts only: the contact's salted hash */
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
	int64_t fixed_now; /* lw_memory_set_clock; 0: the clock */
	uint64_t changes;  /* grows with every change (lw_memory_changes) */
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

void lw_memory_set_clock(lw_memory *memory, long long fixed_now)
{
	memory->fixed_now = fixed_now;
}

long long lw_memory_now(const lw_memory *memory)
{
	return memory->fixed_now ? memory->fixed_now : (long long)time(NULL);
}

unsigned long long lw_memory_changes(const lw_memory *memory)
{
	return memory->changes;
}

size_t lw_memory_count(const lw_memory *memory)
{
	size_t n = 0;
	for (size_t i = 0; i < memory->nslots; i++)
		n += memory->ring[i].seq != 0;
	return n;
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
	e->seen = lw_memory_now(m);
	m->changes++;
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
		if (best > again->elsewhere) {
			again->elsewhere = best;
			memory->changes++;
		}
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
	e->key = key;
	e->author = author;
	e->post = post;
	e->elsewhere = seen;
	index_key(memory, key, slot);
	return seen;
}

/* ---- the memory file (lw_memory_save, lw_memory_load) ----
 *
 * Layout, every number little-endian:
 *   header  "LWMEMORY", u32 format (1), u32 bytes per record (300),
 *           u32 hashes per signature (63), u32 entries, u64 salt
 *   records oldest first: i64 seen, u64 author, u64 post, u64 contact key,
 *           u64 similarity (IEEE double bits), u32 flags (1: contact),
 *           u32 shingles, 63 x u32 signature
 *   trailer the SHA-256 of everything before it, as 64 hex digits.
 * Only what the memory holds: salted hashes, signatures and times. */

#define FILE_MAGIC	"LWMEMORY"
#define FILE_FORMAT	1u
#define FILE_HEADER	32
#define FILE_RECORD	(5 * 8 + 2 * 4 + LW_MH_K * 4)
#define FILE_TRAILER	64
#define FLAG_CONTACT	1u
#define FILE_CHUNK_RECS 256

/* Little-endian stores and loads, so that a file moves between machines. */
static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v = 0;
	for (int i = 3; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Whether an entry is still within the retention period at time now. */
static int retained(const struct entry *e, int64_t now, long long retention)
{
	return e->seq != 0 && e->seen >= now - retention;
}

/* Write one entry as a record. */
static void encode_record(unsigned char *p, const struct entry *e)
{
	uint64_t similarity;
	memcpy(&similarity, &e->elsewhere, sizeof(similarity));
	put64(p, (uint64_t)e->seen);
	put64(p + 8, e->author);
	put64(p + 16, e->post);
	put64(p + 24, e->key);
	put64(p + 32, similarity);
	put32(p + 40, e->is_contact ? FLAG_CONTACT : 0);
	put32(p + 44, e->sig.shingles);
	for (int i = 0; i < LW_MH_K; i++)
		put32(p + 48 + 4 * i, e->sig.h[i]);
}

/* Read one record into an entry. Returns 0, or -1 when it holds what no
 * memory writes (unknown flags, a similarity outside 0..1). */
static int decode_record(struct entry *e, const unsigned char *p)
{
	uint64_t similarity = get64(p + 32);
	uint32_t flags = get32(p + 40);
	memset(e, 0, sizeof(*e));
	e->seen = (int64_t)get64(p);
	e->author = get64(p + 8);
	e->post = get64(p + 16);
	e->key = get64(p + 24);
	memcpy(&e->elsewhere, &similarity, sizeof(similarity));
	e->is_contact = flags == FLAG_CONTACT;
	e->sig.shingles = get32(p + 44);
	for (int i = 0; i < LW_MH_K; i++)
		e->sig.h[i] = get32(p + 48 + 4 * i);
	if (flags & ~FLAG_CONTACT || !(e->elsewhere >= 0 && e->elsewhere <= 1))
		return -1;
	return e->is_contact || e->sig.shingles ? 0 : -1;
}

/* Write n bytes, or fail. */
static int write_all(FILE *f, const void *p, size_t n, lw_sha256 *digest)
{
	lw_sha256_update(digest, p, n);
	return fwrite(p, 1, n, f) == n ? 0 : -1;
}

/* Write the header and the retained entries, oldest first, to f. */
static int write_memory(FILE *f, const lw_memory *m, int64_t now,
			long long retention)
{
	unsigned char head[FILE_HEADER], chunk[FILE_CHUNK_RECS * FILE_RECORD];
	size_t count = 0, used = 0;
	lw_sha256 digest;
	char hex[65];
	for (size_t i = 0; i < m->nslots; i++)
		count += retained(&m->ring[i], now, retention);
	memcpy(head, FILE_MAGIC, 8);
	put32(head + 8, FILE_FORMAT);
	put32(head + 12, FILE_RECORD);
	put32(head + 16, LW_MH_K);
	put32(head + 20, (uint32_t)count);
	put64(head + 24, m->salt);
	lw_sha256_init(&digest);
	if (write_all(f, head, sizeof(head), &digest))
		return -1;
	for (size_t k = 0; k < m->nslots; k++) {
		const struct entry *e = &m->ring[(m->next + k) % m->nslots];
		if (!retained(e, now, retention))
			continue;
		encode_record(chunk + used, e);
		used += FILE_RECORD;
		if (used == sizeof(chunk)) {
			if (write_all(f, chunk, used, &digest))
				return -1;
			used = 0;
		}
	}
	if (used && write_all(f, chunk, used, &digest))
		return -1;
	lw_sha256_hex(&digest, hex);
	return fwrite(hex, 1, FILE_TRAILER, f) == FILE_TRAILER ? 0 : -1;
}

/* Flush a file to the disk (fsync), so that the rename below never
 * publishes a file whose blocks are not written yet. */
static int sync_file(FILE *f)
{
	if (fflush(f) != 0)
		return -1;
#ifdef _WIN32
	return _commit(_fileno(f));
#else
	return fsync(fileno(f));
#endif
}

/* Replace path by tmp in one step. */
static int replace_file(const char *tmp, const char *path)
{
#ifdef _WIN32
	return MoveFileExA(tmp, path,
			   MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)
		       ? 0
		       : -1;
#else
	return rename(tmp, path);
#endif
}

/* Make the rename itself durable: fsync the directory that holds path
 * (POSIX only; Windows has no directory handle to flush). */
static void sync_parent(const char *path)
{
#ifndef _WIN32
	char dir[4096];
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	if (n == 0 || n >= sizeof(dir))
		return;
	memcpy(dir, path, n);
	dir[n] = '\0';
	int fd = open(dir, O_RDONLY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
#else
	(void)path;
#endif
}

/* Create tmp for writing only by its owner (0600), failing when it exists. */
static FILE *create_private(const char *tmp)
{
#ifdef _WIN32
	int fd = _open(tmp, _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY,
		       _S_IREAD | _S_IWRITE);
	return fd < 0 ? NULL : _fdopen(fd, "wb");
#else
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
	if (fd >= 0 && !f)
		close(fd);
	return f;
#endif
}

int lw_memory_save(const lw_memory *memory, const char *path,
		   long long retention_seconds)
{
	char tmp[4200];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp)) {
		lw_error_set("%s: path too long", path);
		return LW_EINVAL;
	}
	remove(tmp); /* left by a killed host of the same pid */
	FILE *f = create_private(tmp);
	if (!f) {
		lw_error_set("%s: %s", tmp, strerror(errno));
		return LW_EIO;
	}
	int bad = write_memory(f, memory, lw_memory_now(memory),
			       retention_seconds) ||
		  sync_file(f);
	int err = errno;
	if (fclose(f) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (!bad && replace_file(tmp, path) != 0) {
		bad = 1;
		err = errno;
	}
	if (bad) {
		remove(tmp);
		lw_error_set("cannot write %s: %s", path, strerror(err));
		return LW_EIO;
	}
	sync_parent(path);
	return 0;
}

/* Read exactly n bytes into p, feeding the digest. */
static int read_all(FILE *f, void *p, size_t n, lw_sha256 *digest)
{
	if (fread(p, 1, n, f) != n)
		return -1;
	lw_sha256_update(digest, p, n);
	return 0;
}

/* Check a file's header against this build and its size; on success
 * *count and *salt hold its entries and salt. Sets the error and returns
 * LW_EDAMAGED when it is not a memory file of this format. */
static int check_header(const unsigned char *head, long long size,
			const char *path, size_t *count, uint64_t *salt)
{
	if (memcmp(head, FILE_MAGIC, 8) != 0) {
		lw_error_set("%s is not a lurewatch memory file", path);
		return LW_EDAMAGED;
	}
	uint32_t format = get32(head + 8);
	if (format != FILE_FORMAT) {
		lw_error_set("%s is in memory file format %u; this lurewatch "
			     "reads format %u",
			     path, format, FILE_FORMAT);
		return LW_EDAMAGED;
	}
	*count = get32(head + 20);
	*salt = get64(head + 24);
	if (get32(head + 12) != FILE_RECORD || get32(head + 16) != LW_MH_K ||
	    *count > LW_MEMORY_ENTRIES_MAX) {
		lw_error_set("%s: header does not describe a memory file of "
			     "format %u",
			     path, FILE_FORMAT);
		return LW_EDAMAGED;
	}
	long long want =
		FILE_HEADER + (long long)*count * FILE_RECORD + FILE_TRAILER;
	if (size != want) {
		lw_error_set("%s is %lld bytes, but its header announces %lu "
			     "entries (%lld bytes): truncated or damaged",
			     path, size, (unsigned long)*count, want);
		return LW_EDAMAGED;
	}
	return 0;
}

/* Read the records of an open file whose header was checked into a new
 * ring of the memory's size, keeping the newest retained ones. Returns
 * 0, LW_EDAMAGED, LW_EIO or LW_ENOMEM; *out_ring and *out_n hold them in
 * order, oldest first. */
static int read_records(struct entry **out_ring, size_t *out_n, FILE *f,
			const lw_memory *m, size_t count, const char *path,
			long long retention, lw_sha256 *digest)
{
	unsigned char chunk[FILE_CHUNK_RECS * FILE_RECORD];
	char want[65], got[FILE_TRAILER];
	int64_t now = lw_memory_now(m);
	size_t kept = 0;
	struct entry *ring = calloc(m->nslots, sizeof(*ring));
	*out_ring = NULL;
	*out_n = 0;
	if (!ring) {
		lw_error_set("out of memory");
		return LW_ENOMEM;
	}
	for (size_t done = 0; done < count;) {
		size_t n = count - done < FILE_CHUNK_RECS ? count - done
							  : FILE_CHUNK_RECS;
		if (read_all(f, chunk, n * FILE_RECORD, digest))
			goto truncated;
		for (size_t i = 0; i < n; i++) {
			struct entry e;
			if (decode_record(&e, chunk + i * FILE_RECORD)) {
				free(ring);
				lw_error_set("%s: entry %lu is not a valid "
					     "entry",
					     path, (unsigned long)(done + i));
				return LW_EDAMAGED;
			}
			e.seq = 1;
			if (retained(&e, now, retention))
				ring[kept++ % m->nslots] = e;
		}
		done += n;
	}
	lw_sha256_hex(digest, want);
	if (fread(got, 1, sizeof(got), f) != sizeof(got))
		goto truncated;
	if (memcmp(want, got, sizeof(got)) != 0) {
		free(ring);
		lw_error_set("%s: checksum mismatch (damaged)", path);
		return LW_EDAMAGED;
	}
	/* Rotate so that the oldest kept entry comes first. */
	size_t n = kept < m->nslots ? kept : m->nslots;
	if (kept > m->nslots) {
		struct entry *ordered = calloc(m->nslots, sizeof(*ordered));
		if (!ordered) {
			free(ring);
			lw_error_set("out of memory");
			return LW_ENOMEM;
		}
		for (size_t i = 0; i < n; i++)
			ordered[i] = ring[(kept + i) % m->nslots];
		free(ring);
		ring = ordered;
	}
	*out_ring = ring;
	*out_n = n;
	return 0;
truncated:
	free(ring);
	lw_error_set("%s: %s", path,
		     ferror(f) ? strerror(errno) : "truncated (damaged)");
	return ferror(f) ? LW_EIO : LW_EDAMAGED;
}

/* Replace the memory's entries by ring[0..n) (oldest first) and its salt
 * by the file's, and index them again. */
static void install(lw_memory *m, struct entry *ring, size_t n, uint64_t salt)
{
	free(m->ring);
	m->ring = ring;
	memset(m->index, 0, (m->index_mask + 1) * sizeof(*m->index));
	m->salt = salt;
	m->next = n % m->nslots;
	m->seq = 0;
	for (size_t i = 0; i < n; i++) {
		struct entry *e = &ring[i];
		e->seq = ++m->seq;
		if (e->is_contact) {
			index_key(m, e->key, (uint32_t)i);
			continue;
		}
		for (int b = 0; b < LW_MH_BANDS; b++)
			index_key(m, band_key(&e->sig, b), (uint32_t)i);
	}
	m->changes++;
}

int lw_memory_load(size_t *out_loaded, lw_memory *memory, const char *path,
		   long long retention_seconds)
{
	unsigned char head[FILE_HEADER];
	struct stat st;
	lw_sha256 digest;
	*out_loaded = 0;
	FILE *f = fopen(path, "rb");
	if (!f && errno == ENOENT)
		return 0;
	if (!f || fstat(fileno(f), &st) != 0) {
		lw_error_set("cannot read %s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return LW_EIO;
	}
	size_t count = 0;
	uint64_t salt = 0;
	struct entry *ring = NULL;
	lw_sha256_init(&digest);
	int rc;
	if (read_all(f, head, sizeof(head), &digest) != 0) {
		lw_error_set("%s is %lld bytes: not a lurewatch memory file",
			     path, (long long)st.st_size);
		rc = LW_EDAMAGED;
	} else {
		rc = check_header(head, (long long)st.st_size, path, &count,
				  &salt);
	}
	if (rc == 0)
		rc = read_records(&ring, out_loaded, f, memory, count, path,
				  retention_seconds, &digest);
	fclose(f);
	if (rc == 0)
		install(memory, ring, *out_loaded, salt);
	return rc;
}
