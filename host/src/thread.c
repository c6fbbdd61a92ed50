/*
 * thread.c - astroturfing analysis of a post's comments (see thread.h).
 *
 * For each analysed comment (at most LW_THREAD_COMMENTS_MAX, each cut to
 * LW_COMMENT_ANALYSE_MAX bytes): build its matching view, run the
 * extractors and the pack's astroturf pattern rules on it, and fingerprint
 * it. The view is freed at once; only offsets, contacts' hashes and the
 * signature are kept, so memory grows with the number of comments, not
 * with their length.
 *
 * Fingerprints: tokens of the view, with amounts, contacts, places, links,
 * @handles and numbers replaced by placeholders (templated comments swap
 * exactly those); word unigrams and bigrams for scripts written with
 * spaces, character trigrams for Thai, Lao, Khmer, Burmese, Chinese and
 * Japanese; MinHash over those shingles (minhash.h).
 *
 * A comment is informative when, leaving out the filler words of short
 * replies ("interested", "po", "dm", "sent"...), it still has enough words
 * (or characters, in scripts without spaces); a question is one that ends
 * with a question mark or particle, or starts with a question word.
 * Only informative comments that are not questions are compared.
 */
#include "thread.h"

#include "err.h"
#include "extract.h"
#include "jsonfile.h"
#include "jsonout.h"
#include "memory.h"
#include "minhash.h"
#include "norm.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

static const char *const signal_names[LW_SIG_COUNT] = {"",
						       "near_duplicate",
						       "contact_reuse",
						       "burst",
						       "new_accounts",
						       "digit_handles",
						       "seen_elsewhere"};

lw_signal lw_signal_from_name(const char *name)
{
	for (int s = 1; s < LW_SIG_COUNT; s++)
		if (strcmp(name, signal_names[s]) == 0)
			return (lw_signal)s;
	return LW_SIG_NONE;
}

/* ---- tables (rules/data/astroturf.json) ---- */

/* A set of normalised words, as sorted hashes. */
struct wordset {
	uint64_t *v;
	size_t n;
};

struct lw_tdata {
	struct wordset filler, question_start, question_end;
	char **filler_nospace; /* filler words of scripts without spaces */
	size_t n_filler_nospace;
	int min_words, min_chars, min_authors, contact_min_authors;
	double similarity, burst_speedup, new_account_days, weak_share;
};

/* Order hashes for bsearch. */
static int hash_order(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int wordset_has(const struct wordset *set, uint64_t h)
{
	return set->n &&
	       bsearch(&h, set->v, set->n, sizeof(uint64_t), hash_order);
}

/* Whether a code point belongs to a script written without spaces between
 * words: Thai, Lao, Burmese, Khmer, CJK ideographs, kana. */
static int nospace_script(ucs4_t uc)
{
	return (uc >= 0x0E00 && uc <= 0x0EFF) ||
	       (uc >= 0x1000 && uc <= 0x109F) ||
	       (uc >= 0x1780 && uc <= 0x17FF) ||
	       (uc >= 0x3040 && uc <= 0x30FF) ||
	       (uc >= 0x3400 && uc <= 0x4DBF) || (uc >= 0x4E00 && uc <= 0x9FFF);
}

/* Whether a normalised word is written in a script without spaces. */
static int nospace_word(const char *w)
{
	ucs4_t uc;
	u8_mbtouc(&uc, (const uint8_t *)w, strlen(w));
	return nospace_script(uc);
}

/* Read a list of words into a set (and the no-space ones into a list when
 * nospace is not NULL). Returns 0, LW_ERULES (message in err) or
 * LW_ENOMEM. */
static int load_words(struct wordset *set, char ***nospace, size_t *n_nospace,
		      const json_t *obj, const char *key, char *err,
		      size_t errlen)
{
	json_t *list = json_object_get(obj, key);
	if (!json_is_array(list)) {
		snprintf(err, errlen, "\"%s\" must be an array of strings",
			 key);
		return LW_ERULES;
	}
	size_t n = json_array_size(list);
	set->v = calloc(n + 1, sizeof(uint64_t));
	if (nospace)
		*nospace = calloc(n + 1, sizeof(char *));
	if (!set->v || (nospace && !*nospace))
		return LW_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const char *w = json_string_value(json_array_get(list, i));
		if (!w || !*w) {
			snprintf(err, errlen,
				 "\"%s\" entry %zu must be a non-empty string",
				 key, i + 1);
			return LW_ERULES;
		}
		char *norm = lw_norm_string(w);
		if (!norm)
			return LW_ENOMEM;
		set->v[set->n++] = lw_hash64(norm, strlen(norm), 0);
		if (nospace && nospace_word(norm))
			(*nospace)[(*n_nospace)++] = norm;
		else
			free(norm);
	}
	qsort(set->v, set->n, sizeof(uint64_t), hash_order);
	return 0;
}

/* Read one number of the tables within [lo, hi]. */
static int load_number(double *out, const json_t *obj, const char *key,
		       double lo, double hi, char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_number(v) || json_number_value(v) < lo ||
	    json_number_value(v) > hi) {
		snprintf(err, errlen, "\"%s\" must be a number from %g to %g",
			 key, lo, hi);
		return LW_ERULES;
	}
	*out = json_number_value(v);
	return 0;
}

int lw_tdata_load(lw_tdata **out, const char *data_dir, char *err,
		  size_t errlen)
{
	static const char *const keys[] = {
		"notes",	 "sources",
		"filler_words",	 "question_starts",
		"question_ends", "min_words",
		"min_chars",	 "similarity",
		"min_authors",	 "contact_min_authors",
		"burst_speedup", "new_account_days",
		"weak_share",	 NULL};
	char path[1024], msg[256] = "";
	snprintf(path, sizeof(path), "%s/astroturf.json", data_dir);
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f && errno == ENOENT)
		return 0; /* a pack without thread analysis */
	if (!f) {
		snprintf(err, errlen, "%s:0: cannot open: %s", path,
			 strerror(errno));
		return LW_ERULES;
	}
	json_error_t jerr;
	json_t *obj = lw_json_read(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (!obj) {
		snprintf(err, errlen, "%s:%d: %s", path, jerr.line, jerr.text);
		return LW_ERULES;
	}
	lw_tdata *d = calloc(1, sizeof(*d));
	int rc = d ? 0 : LW_ENOMEM;
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		int known = 0;
		for (int i = 0; keys[i]; i++)
			known |= strcmp(key, keys[i]) == 0;
		if (!known && !rc) {
			snprintf(msg, sizeof(msg), "unknown key \"%s\"", key);
			rc = LW_ERULES;
		}
	}
	double words = 0, chars = 0, authors = 0, cauthors = 0;
	if (!rc)
		rc = load_words(&d->filler, &d->filler_nospace,
				&d->n_filler_nospace, obj, "filler_words", msg,
				sizeof(msg));
	if (!rc)
		rc = load_words(&d->question_start, NULL, NULL, obj,
				"question_starts", msg, sizeof(msg));
	if (!rc)
		rc = load_words(&d->question_end, NULL, NULL, obj,
				"question_ends", msg, sizeof(msg));
	if (!rc)
		rc = load_number(&words, obj, "min_words", 1, 50, msg,
				 sizeof(msg));
	if (!rc)
		rc = load_number(&chars, obj, "min_chars", 1, 200, msg,
				 sizeof(msg));
	if (!rc)
		rc = load_number(&d->similarity, obj, "similarity", 0.3, 1, msg,
				 sizeof(msg));
	if (!rc)
		rc = load_number(&authors, obj, "min_authors", 2, 100, msg,
				 sizeof(msg));
	if (!rc)
		rc = load_number(&cauthors, obj, "contact_min_authors", 2, 100,
				 msg, sizeof(msg));
	if (!rc)
		rc = load_number(&d->burst_speedup, obj, "burst_speedup", 1,
				 1000, msg, sizeof(msg));
	if (!rc)
		rc = load_number(&d->new_account_days, obj, "new_account_days",
				 1, 3650, msg, sizeof(msg));
	if (!rc)
		rc = load_number(&d->weak_share, obj, "weak_share", 0.1, 1, msg,
				 sizeof(msg));
	json_decref(obj);
	if (rc) {
		if (rc == LW_ERULES)
			snprintf(err, errlen, "%s:1: %s", path, msg);
		else
			snprintf(err, errlen, "%s: out of memory", path);
		lw_tdata_free(d);
		return rc;
	}
	d->min_words = (int)words;
	d->min_chars = (int)chars;
	d->min_authors = (int)authors;
	d->contact_min_authors = (int)cauthors;
	*out = d;
	return 0;
}

void lw_tdata_free(lw_tdata *data)
{
	if (!data)
		return;
	free(data->filler.v);
	free(data->question_start.v);
	free(data->question_end.v);
	for (size_t i = 0; i < data->n_filler_nospace; i++)
		free(data->filler_nospace[i]);
	free(data->filler_nospace);
	free(data);
}

/* ---- the shape of a thread item ---- */

/* Seconds since 1970 of a civil date (Howard Hinnant's days_from_civil). */
static double civil_seconds(int y, int m, int d, int hh, int mm, double ss)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	double days = (double)era * 146097 + doe - 719468;
	return days * 86400 + hh * 3600 + mm * 60 + ss;
}

/* Read a time: a number of Unix seconds, or ISO 8601 text
 * ("2025-03-01", "2025-03-01T10:20:30.5Z", "...+07:00"). Returns 1 and
 * sets *out when it can be read. */
static int read_time(double *out, const json_t *v)
{
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return isfinite(*out);
	}
	const char *s = json_string_value(v);
	int y, mo, d, hh = 0, mm = 0, n = 0;
	double ss = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || mo < 1 ||
	    mo > 12 || d < 1 || d > 31)
		return 0;
	s += n;
	if ((*s == 'T' || *s == ' ') &&
	    sscanf(s + 1, "%2d:%2d%n", &hh, &mm, &n) == 2) {
		s += 1 + n;
		if (*s == ':' && sscanf(s + 1, "%lf%n", &ss, &n) == 1)
			s += 1 + n;
	}
	double t = civil_seconds(y, mo, d, hh, mm, ss);
	int oh, om;
	if ((*s == '+' || *s == '-') && sscanf(s + 1, "%2d:%2d", &oh, &om) == 2)
		t -= (*s == '+' ? 1 : -1) * (oh * 3600.0 + om * 60.0);
	*out = t;
	return 1;
}

int lw_thread_item_valid(const json_t *item, char *msg, size_t msglen)
{
	static const char *const strings[] = {"text", "author", "handle", "id",
					      NULL};
	static const char *const times[] = {"time", "account_created", NULL};
	json_t *comments = json_object_get(item, "comments");
	if (!comments)
		return 1;
	if (!json_is_array(comments)) {
		snprintf(msg, msglen, "\"comments\" must be an array");
		return 0;
	}
	size_t i;
	json_t *c;
	json_array_foreach(comments, i, c)
	{
		if (i == LW_THREAD_COMMENTS_MAX)
			break;
		if (!json_is_object(c)) {
			snprintf(msg, msglen, "comment %zu must be an object",
				 i);
			return 0;
		}
		for (int k = 0; strings[k]; k++) {
			json_t *v = json_object_get(c, strings[k]);
			if (v && !json_is_string(v) && !json_is_null(v)) {
				snprintf(msg, msglen,
					 "comment %zu: \"%s\" must be a string",
					 i, strings[k]);
				return 0;
			}
		}
		for (int k = 0; times[k]; k++) {
			json_t *v = json_object_get(c, times[k]);
			if (v && !json_is_string(v) && !json_is_number(v) &&
			    !json_is_null(v)) {
				snprintf(msg, msglen,
					 "comment %zu: \"%s\" must be a date "
					 "string or a number",
					 i, times[k]);
				return 0;
			}
		}
	}
	return 1;
}

/* ---- per-comment analysis ---- */

/* A span of a comment: original bytes and UTF-16 units. */
struct cspan {
	size_t comment;
	size_t start, end;     /* UTF-16 units of the comment's text */
	size_t byte_s, byte_e; /* bytes of the comment's text */
};

/* What is kept of one comment. */
struct comment {
	const char *text;
	size_t len;	  /* bytes analysed */
	size_t u16_len;	  /* UTF-16 units analysed */
	const char *name; /* handle, else author name; NULL: anonymous */
	uint64_t author;
	double time, created;
	int has_time, has_created;
	int informative, question, digit_handle;
	lw_minhash sig;
};

/* A contact written in a comment. */
struct contact {
	uint64_t key;
	struct cspan span;
};

/* A group of comments behind one signal. */
struct cluster {
	lw_signal signal;
	struct cspan *members;
	size_t n;
	double similarity;   /* < 0: not applicable */
	double span_seconds; /* < 0: unknown */
};

/* Evidence of one pattern rule in the comments. */
struct rule_evidence {
	struct cspan v[LW_EVIDENCE_MAX];
	size_t n, dropped;
};

struct lw_thread {
	const lw_tdata *data;
	struct comment *comments;
	size_t ncomments, total, cut;
	size_t skipped; /* comments left out when the deadline passed */
	struct contact *contacts;
	size_t ncontacts, contacts_cap;
	struct cluster *clusters;
	size_t nclusters, clusters_cap;
	struct rule_evidence *rules; /* per pack rule */
	double rhythm;		     /* median gap between comments, s */
};

/* Bytes of a string cut to max on a character boundary. */
static size_t cut_len(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* A span of the view mapped to the comment's original text. */
static struct cspan view_span(const lw_norm *view, const char *orig,
			      size_t comment, size_t start, size_t end)
{
	struct cspan s = {.comment = comment};
	lw_norm_span(&s.byte_s, &s.byte_e, view, start, end);
	s.start = lw_utf16_offset(orig, s.byte_s);
	s.end = lw_utf16_offset(orig, s.byte_e);
	return s;
}

/* The whole analysed text of a comment as a span. */
static struct cspan whole(const struct lw_thread *t, size_t i)
{
	struct cspan s = {.comment = i,
			  .start = 0,
			  .end = t->comments[i].u16_len,
			  .byte_s = 0,
			  .byte_e = t->comments[i].len};
	return s;
}

/* Whether a handle is mostly digits (A9: common among real users too, so
 * a weak signal, and only inside a group). */
static int digit_heavy(const char *name)
{
	size_t digits = 0, n = 0;
	for (const char *p = name ? name : ""; *p; p++, n++)
		digits += *p >= '0' && *p <= '9';
	return digits >= 4 && digits * 10 >= n * 3;
}

/* Tokenizer state while fingerprinting one comment. */
struct tokens {
	const lw_tdata *data;
	lw_minhash *sig;
	uint64_t prev; /* hash of the previous word token; 0: none */
	int words, chars, first_is_question;
	uint64_t last; /* hash of the last word token */
	int ntokens;
};

/* Add a word token (or placeholder) of a spaced script. */
static void add_word(struct tokens *tk, const char *w, size_t n)
{
	uint64_t h = lw_hash64(w, n, 0);
	lw_minhash_add(tk->sig, h);
	if (tk->prev)
		lw_minhash_add(tk->sig,
			       lw_hash64(&tk->prev, sizeof(uint64_t), h));
	if (tk->ntokens++ == 0)
		tk->first_is_question =
			wordset_has(&tk->data->question_start, h);
	if (!wordset_has(&tk->data->filler, h))
		tk->words++;
	tk->prev = h;
	tk->last = h;
}

/* Add a run of a script without spaces: character trigrams, and its
 * informative characters (those outside filler words). */
static void add_nospace_run(struct tokens *tk, const char *w, size_t n)
{
	size_t starts[3] = {0}, count = 0;
	const uint8_t *p = (const uint8_t *)w;
	for (size_t at = 0; at < n;) {
		ucs4_t uc;
		int step = u8_mbtouc(&uc, p + at, n - at);
		starts[count % 3] = at;
		count++;
		at += (size_t)step;
		if (count >= 3)
			lw_minhash_add(tk->sig,
				       lw_hash64(w + starts[count % 3],
						 at - starts[count % 3], 0));
	}
	if (count < 3)
		lw_minhash_add(tk->sig, lw_hash64(w, n, 0));
	size_t filler = 0;
	for (size_t i = 0; i < tk->data->n_filler_nospace; i++) {
		const char *f = tk->data->filler_nospace[i];
		size_t fl = strlen(f);
		for (size_t at = 0; at + fl <= n;)
			if (memcmp(w + at, f, fl) == 0) {
				filler += u8_mbsnlen((const uint8_t *)f, fl);
				at += fl;
			} else {
				at++;
			}
	}
	tk->chars += (int)(count > filler ? count - filler : 0);
	tk->last = lw_hash64(w, n, 0);
	tk->ntokens++;
}

/* Whether a run of a script without spaces ends with a question particle
 * (吗, ไหม): the particle list holds them as whole words, so test each
 * suffix of up to 4 characters. */
static int ends_with_particle(const lw_tdata *d, const char *w, size_t n)
{
	size_t at = n;
	for (int k = 0; k < 4 && at > 0; k++) {
		do
			at--;
		while (at > 0 && ((unsigned char)w[at] & 0xC0) == 0x80);
		if (wordset_has(&d->question_end, lw_hash64(w + at, n - at, 0)))
			return 1;
	}
	return 0;
}

/* Which placeholder masks an extractor hit. */
static const char *placeholder(lw_xkind kind)
{
	static const char *const names[LW_X_KIND_COUNT] = {
		"<money>", "<contact>", "<url>", "<place>"};
	return names[kind];
}

static int hit_order(const void *a, const void *b)
{
	const lw_xhit *x = *(const lw_xhit *const *)a,
		      *y = *(const lw_xhit *const *)b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end < y->end) - (x->end > y->end); /* longest first */
}

/* The hits of all extractors ordered by where they start (each extractor
 * orders only its own); NULL when there are none or memory is short, and
 * then nothing is masked. */
static const lw_xhit **by_start(const lw_xhits *hits)
{
	const lw_xhit **order =
		hits->n ? malloc(hits->n * sizeof(*order)) : NULL;
	for (size_t i = 0; order && i < hits->n; i++)
		order[i] = &hits->v[i];
	if (order)
		qsort(order, hits->n, sizeof(*order), hit_order);
	return order;
}

/* Fingerprint a comment's view: tokens with extractor hits, @handles and
 * numbers masked; decide whether it is informative and a question. */
static void fingerprint(struct comment *c, const lw_tdata *data,
			const lw_norm *view, const lw_xhits *hits)
{
	struct tokens tk = {.data = data, .sig = &c->sig};
	lw_minhash_init(&c->sig);
	const char *s = view->text;
	size_t n = view->len, tok = 0, at = 0;
	int in_token = 0, nospace = 0, last_nospace = 0;
	ucs4_t last_mark = 0;
	size_t last_start = 0, last_end = 0, next_hit = 0;
	const lw_xhit **order = by_start(hits);
	while (at <= n) {
		const lw_xhit *masked = NULL;
		while (order && next_hit < hits->n &&
		       order[next_hit]->start < at)
			next_hit++;
		if (order && next_hit < hits->n && at < n &&
		    order[next_hit]->start == at && order[next_hit]->end > at)
			masked = order[next_hit];
		ucs4_t uc = 0;
		int step = 1;
		if (at < n && !masked)
			step = u8_mbtouc(&uc, (const uint8_t *)s + at, n - at);
		int letter = at < n && !masked &&
			     (uc_is_general_category(uc, UC_CATEGORY_L) ||
			      uc_is_general_category(uc, UC_CATEGORY_M) ||
			      uc_is_general_category(uc, UC_CATEGORY_N) ||
			      uc == '@' || uc == '_');
		int ns = letter && nospace_script(uc);
		if (in_token && (!letter || ns != nospace)) {
			if (nospace)
				add_nospace_run(&tk, s + tok, at - tok);
			else if (s[tok] == '@')
				add_word(&tk, "<handle>", 8);
			else {
				char buf[64];
				size_t bn = 0;
				for (size_t i = tok; i < at && bn < 63; i++)
					if (s[i] < '0' || s[i] > '9')
						buf[bn++] = s[i];
					else if (!bn || buf[bn - 1] != '#')
						buf[bn++] = '#';
				add_word(&tk, buf, bn);
			}
			last_nospace = nospace;
			last_start = tok;
			last_end = at;
			in_token = 0;
		}
		if (at == n)
			break;
		if (masked) {
			add_word(&tk, placeholder(masked->kind),
				 strlen(placeholder(masked->kind)));
			last_nospace = 0;
			at = masked->end;
			continue;
		}
		if (letter && !in_token) {
			in_token = 1;
			nospace = ns;
			tok = at;
		}
		if (!letter && !uc_is_property_white_space(uc) &&
		    !uc_is_general_category(uc, UC_CATEGORY_So))
			last_mark = uc;
		else if (letter)
			last_mark = 0;
		at += (size_t)(step > 0 ? step : 1);
	}
	free(order);
	c->informative =
		tk.words >= data->min_words || tk.chars >= data->min_chars;
	int asks = last_mark == '?' || last_mark == 0xFF1F ||
		   last_mark == 0x061F ||
		   (tk.ntokens && !last_nospace &&
		    wordset_has(&data->question_end, tk.last)) ||
		   (last_nospace && ends_with_particle(data, s + last_start,
						       last_end - last_start));
	c->question = asks || (tk.first_is_question && tk.words <= 12);
}

/* Append a cluster; the members array is taken over. */
static int add_cluster(struct lw_thread *t, lw_signal signal,
		       struct cspan *members, size_t n, double similarity,
		       double span_seconds)
{
	if (t->nclusters == t->clusters_cap) {
		size_t cap = t->clusters_cap ? t->clusters_cap * 2 : 8;
		struct cluster *grown =
			realloc(t->clusters, cap * sizeof(*grown));
		if (!grown) {
			free(members);
			return LW_ENOMEM;
		}
		t->clusters = grown;
		t->clusters_cap = cap;
	}
	t->clusters[t->nclusters++] =
		(struct cluster){signal, members, n, similarity, span_seconds};
	return 0;
}

/* Remember a contact written in a comment. */
static int add_contact(struct lw_thread *t, uint64_t key, struct cspan span)
{
	if (t->ncontacts == t->contacts_cap) {
		size_t cap = t->contacts_cap ? t->contacts_cap * 2 : 64;
		struct contact *grown =
			realloc(t->contacts, cap * sizeof(*grown));
		if (!grown)
			return LW_ENOMEM;
		t->contacts = grown;
		t->contacts_cap = cap;
	}
	t->contacts[t->ncontacts++] = (struct contact){key, span};
	return 0;
}

/* Read one comment's metadata and the bounds of its text. */
static void read_comment(struct lw_thread *t, size_t i, const json_t *obj)
{
	struct comment *c = &t->comments[i];
	json_t *text = json_object_get(obj, "text");
	c->text = json_is_string(text) ? json_string_value(text) : "";
	size_t full = json_is_string(text) ? json_string_length(text) : 0;
	c->len = cut_len(c->text, full, LW_COMMENT_ANALYSE_MAX);
	t->cut += c->len < full;
	c->u16_len = lw_utf16_offset(c->text, c->len);
	const char *handle = json_string_value(json_object_get(obj, "handle"));
	const char *author = json_string_value(json_object_get(obj, "author"));
	c->name = handle && *handle   ? handle
		  : author && *author ? author
				      : NULL;
	if (c->name) {
		char folded[256];
		size_t n = 0;
		for (const char *p = c->name; *p && n < sizeof(folded); p++)
			folded[n++] =
				(char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		c->author = lw_hash64(folded, n, 1);
	} else {
		c->author = lw_hash64(&i, sizeof(i), 2); /* its own author */
	}
	c->digit_handle = handle && digit_heavy(handle);
	c->has_time = read_time(&c->time, json_object_get(obj, "time"));
	c->has_created =
		read_time(&c->created, json_object_get(obj, "account_created"));
}

/* Build the view of one comment, run the extractors and astroturf pattern
 * rules on it, and fingerprint it. */
static int analyse_comment(struct lw_thread *t, const lw_pack *pack,
			   lw_matcher *m, size_t i, unsigned char *fired)
{
	struct comment *c = &t->comments[i];
	lw_norm view = {0};
	lw_xhits hits = {0};
	int rc = LW_ENOMEM;
	if (lw_norm_build(&view, c->text, c->len) ||
	    lw_extract_all(&hits, pack->xdata, view.text, view.len))
		goto done;
	for (size_t r = 0; r < pack->nrules; r++) {
		const lw_rule *rule = &pack->rules[r];
		if (!rule->npatterns || strcmp(rule->category, "astroturf"))
			continue;
		lw_spans spans = {0};
		lw_match_rule(&spans, m, rule, NULL, 0, view.text, view.len);
		struct rule_evidence *ev = &t->rules[r];
		for (size_t k = 0; k < spans.n; k++) {
			fired[r] = 1;
			if (ev->n < LW_EVIDENCE_MAX)
				ev->v[ev->n++] = view_span(&view, c->text, i,
							   spans.v[k].start,
							   spans.v[k].end);
			else
				ev->dropped++;
		}
		ev->dropped += spans.dropped;
	}
	fingerprint(c, t->data, &view, &hits);
	int kept = 0;
	for (size_t h = 0; h < hits.n && kept < 8; h++) {
		const lw_xhit *x = &hits.v[h];
		if (x->kind != LW_X_CONTACT || !x->value[0])
			continue;
		kept++;
		if (add_contact(t, lw_hash64(x->value, strlen(x->value), 3),
				view_span(&view, c->text, i, x->start, x->end)))
			goto done;
	}
	rc = 0;
done:
	lw_norm_clear(&view);
	lw_xhits_clear(&hits);
	return rc;
}

/* ---- grouping ---- */

static size_t uf_find(size_t *parent, size_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

/* Whether two comments may be compared: both informative statements. */
static int comparable(const struct comment *c)
{
	return c->informative && !c->question;
}

/* Number of distinct authors among the members of a group. */
static size_t distinct_authors(const struct lw_thread *t,
			       const struct cspan *members, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		int seen = 0;
		for (size_t j = 0; j < i && !seen && count < 1000; j++)
			seen = t->comments[members[j].comment].author ==
			       t->comments[members[i].comment].author;
		count += !seen;
	}
	return count;
}

/* Time from the first to the last timed member; < 0 when fewer than two
 * members have a time. */
static double time_span(const struct lw_thread *t, const struct cspan *m,
			size_t n)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t timed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct comment *c = &t->comments[m[i].comment];
		if (!c->has_time)
			continue;
		timed++;
		lo = fmin(lo, c->time);
		hi = fmax(hi, c->time);
	}
	return timed >= 2 ? hi - lo : -1;
}

/* One bucket of the band table: a band hash and the first and the latest
 * comment that had it. */
struct band_bucket {
	uint64_t hash;
	size_t first, latest;
	int used;
};

/* Link a comment with one it may resemble when the similarity of their
 * signatures reaches the threshold. */
static void link_pair(struct lw_thread *t, size_t *parent, size_t a, size_t b)
{
	size_t ra = uf_find(parent, a), rb = uf_find(parent, b);
	if (ra != rb &&
	    lw_minhash_similarity(&t->comments[a].sig, &t->comments[b].sig) >=
		    t->data->similarity)
		parent[ra] = rb;
}

/* Link comments whose signatures share a band and agree enough. Band by
 * band, a hash table finds the earlier comments with the same band hash;
 * each comment is compared with the first and the latest of them only
 * (linear, so 100,000 identical comments cost 200,000 comparisons per
 * band, not 5 billion). The table is reused for every band. */
static int link_similar(struct lw_thread *t, size_t *parent)
{
	size_t n = t->ncomments, size = 16;
	while (size < 2 * n)
		size <<= 1;
	struct band_bucket *table = malloc(size * sizeof(*table));
	if (!table)
		return LW_ENOMEM;
	for (int b = 0; b < LW_MH_BANDS; b++) {
		memset(table, 0, size * sizeof(*table));
		for (size_t i = 0; i < n; i++) {
			if (!comparable(&t->comments[i]))
				continue;
			uint64_t h = lw_minhash_band(&t->comments[i].sig, b);
			size_t at = h & (size - 1);
			while (table[at].used && table[at].hash != h)
				at = (at + 1) & (size - 1);
			struct band_bucket *k = &table[at];
			if (!k->used) {
				*k = (struct band_bucket){h, i, i, 1};
				continue;
			}
			link_pair(t, parent, i, k->first);
			if (k->latest != k->first)
				link_pair(t, parent, i, k->latest);
			k->latest = i;
		}
	}
	free(table);
	return 0;
}

/* Order comment numbers by their group, then by position. */
struct grouped {
	size_t root, comment;
};

static int grouped_order(const void *a, const void *b)
{
	const struct grouped *x = a, *y = b;
	if (x->root != y->root)
		return x->root < y->root ? -1 : 1;
	return (x->comment > y->comment) - (x->comment < y->comment);
}

/* Near-duplicate groups written by at least min_authors accounts. */
static int find_duplicates(struct lw_thread *t)
{
	size_t n = t->ncomments, ng = 0;
	size_t *parent = malloc((n + 1) * sizeof(size_t));
	struct grouped *g = malloc((n + 1) * sizeof(*g));
	int rc = LW_ENOMEM;
	if (!parent || !g)
		goto done;
	for (size_t i = 0; i < n; i++)
		parent[i] = i;
	if (link_similar(t, parent))
		goto done;
	for (size_t i = 0; i < n; i++)
		if (comparable(&t->comments[i]))
			g[ng++] = (struct grouped){uf_find(parent, i), i};
	qsort(g, ng, sizeof(*g), grouped_order);
	rc = 0;
	for (size_t i = 0; i < ng && !rc;) {
		size_t j = i;
		while (j < ng && g[j].root == g[i].root)
			j++;
		if (j - i >= (size_t)t->data->min_authors) {
			struct cspan *members =
				malloc((j - i) * sizeof(*members));
			if (!members) {
				rc = LW_ENOMEM;
				break;
			}
			double sim = 0;
			const lw_minhash *first =
				&t->comments[g[i].comment].sig;
			for (size_t k = i; k < j; k++) {
				members[k - i] = whole(t, g[k].comment);
				if (k > i)
					sim += lw_minhash_similarity(
						first,
						&t->comments[g[k].comment].sig);
			}
			if (distinct_authors(t, members, j - i) <
			    (size_t)t->data->min_authors)
				free(members);
			else
				rc = add_cluster(t, LW_SIG_NEAR_DUPLICATE,
						 members, j - i,
						 sim / (double)(j - i - 1),
						 time_span(t, members, j - i));
		}
		i = j;
	}
done:
	free(parent);
	free(g);
	return rc;
}

static int contact_order(const void *a, const void *b)
{
	const struct contact *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->span.comment > y->span.comment) -
	       (x->span.comment < y->span.comment);
}

/* Contacts written by at least contact_min_authors accounts in comments
 * that are not questions ("is +855 12 345 678 legit?" quotes, it does not
 * promote). */
static int find_contact_reuse(struct lw_thread *t)
{
	size_t keep = 0;
	for (size_t i = 0; i < t->ncontacts; i++)
		if (!t->comments[t->contacts[i].span.comment].question)
			t->contacts[keep++] = t->contacts[i];
	t->ncontacts = keep;
	if (keep)
		qsort(t->contacts, keep, sizeof(*t->contacts), contact_order);
	for (size_t i = 0; i < t->ncontacts;) {
		size_t j = i;
		while (j < t->ncontacts &&
		       t->contacts[j].key == t->contacts[i].key)
			j++;
		struct cspan *members = malloc((j - i) * sizeof(*members));
		if (!members)
			return LW_ENOMEM;
		for (size_t k = i; k < j; k++)
			members[k - i] = t->contacts[k].span;
		if (distinct_authors(t, members, j - i) >=
		    (size_t)t->data->contact_min_authors) {
			if (add_cluster(t, LW_SIG_CONTACT_REUSE, members, j - i,
					-1, time_span(t, members, j - i)))
				return LW_ENOMEM;
		} else {
			free(members);
		}
		i = j;
	}
	return 0;
}

/* The group of comments that pattern rules flagged (testimonials,
 * chatbot text), when at least min_authors accounts wrote them: burst
 * and weak signals are measured on it too. */
static int testimonial_group(struct lw_thread *t, const lw_pack *pack,
			     struct cspan **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	unsigned char *flagged = calloc(t->ncomments + 1, 1);
	if (!flagged)
		return LW_ENOMEM;
	for (size_t r = 0; r < pack->nrules; r++)
		for (size_t k = 0; k < t->rules[r].n; k++)
			flagged[t->rules[r].v[k].comment] = 1;
	size_t count = 0;
	for (size_t i = 0; i < t->ncomments; i++)
		count += flagged[i];
	if (count) {
		*out = malloc(count * sizeof(**out));
		for (size_t i = 0; *out && i < t->ncomments; i++)
			if (flagged[i])
				(*out)[(*n)++] = whole(t, i);
	}
	free(flagged);
	return count && !*out ? LW_ENOMEM : 0;
}

static int time_order(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The thread's rhythm: the median gap between consecutive timed
 * comments. Fewer than 4 gaps say nothing: then an hour is assumed. */
static int thread_rhythm(struct lw_thread *t)
{
	double *times = malloc((t->ncomments + 1) * sizeof(double));
	if (!times)
		return LW_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < t->ncomments; i++)
		if (t->comments[i].has_time)
			times[n++] = t->comments[i].time;
	qsort(times, n, sizeof(double), time_order);
	for (size_t i = 1; i < n; i++)
		times[i - 1] = times[i] - times[i - 1];
	t->rhythm = 3600;
	if (n >= 5) {
		qsort(times, n - 1, sizeof(double), time_order);
		t->rhythm = fmax(times[(n - 1) / 2], 1);
	}
	free(times);
	return 0;
}

/* Whether a cluster of a signal already holds exactly these comments (the
 * testimonial group is often the near-duplicate group again). */
static int already_found(const struct lw_thread *t, lw_signal signal,
			 const struct cspan *members, size_t n)
{
	for (size_t k = 0; k < t->nclusters; k++) {
		const struct cluster *c = &t->clusters[k];
		int same = c->signal == signal && c->n == n;
		for (size_t i = 0; same && i < n; i++)
			same = c->members[i].comment == members[i].comment;
		if (same)
			return 1;
	}
	return 0;
}

/* A copy of a group's members for a derived signal. */
static int derive(struct lw_thread *t, lw_signal signal,
		  const struct cspan *members, size_t n, double span)
{
	if (already_found(t, signal, members, n))
		return 0;
	struct cspan *copy = malloc(n * sizeof(*copy));
	if (!copy)
		return LW_ENOMEM;
	memcpy(copy, members, n * sizeof(*copy));
	return add_cluster(t, signal, copy, n, -1, span);
}

/* Timing and account signals of one group: a burst when its comments came
 * burst_speedup times faster than the thread's usual pace; new accounts
 * and digit handles when at least weak_share of its members have them. */
static int group_signals(struct lw_thread *t, const struct cspan *m, size_t n)
{
	const lw_tdata *d = t->data;
	double span = time_span(t, m, n);
	size_t authors = distinct_authors(t, m, n);
	if (authors < (size_t)d->min_authors)
		return 0;
	if (span >= 0 && span * d->burst_speedup <= t->rhythm * (double)(n - 1))
		if (derive(t, LW_SIG_BURST, m, n, span))
			return LW_ENOMEM;
	size_t fresh = 0, digits = 0;
	for (size_t i = 0; i < n; i++) {
		const struct comment *c = &t->comments[m[i].comment];
		fresh += c->has_time && c->has_created &&
			 c->time - c->created < d->new_account_days * 86400;
		digits += c->digit_handle;
	}
	if (fresh >= d->weak_share * (double)n &&
	    derive(t, LW_SIG_NEW_ACCOUNTS, m, n, span))
		return LW_ENOMEM;
	if (digits >= d->weak_share * (double)n &&
	    derive(t, LW_SIG_DIGIT_HANDLES, m, n, span))
		return LW_ENOMEM;
	return 0;
}

/* Consult and update the cross-page memory: comments and contacts seen
 * under another post from another account. */
static int remember(struct lw_thread *t, lw_memory *mem, const json_t *item)
{
	const char *post = json_string_value(json_object_get(item, "url"));
	json_t *ref = json_object_get(item, "ref");
	char refbuf[64];
	if (!post && json_is_integer(ref)) {
		snprintf(refbuf, sizeof(refbuf), "%lld",
			 (long long)json_integer_value(ref));
		post = refbuf;
	}
	if (!post)
		post = json_string_value(ref);
	if (!post)
		post = json_string_value(json_object_get(item, "text"));
	if (!post)
		return 0; /* no way to tell this post from another */
	uint64_t post_key = lw_memory_key(mem, post, strlen(post));
	struct cspan *hits =
		malloc((t->ncomments + t->ncontacts + 1) * sizeof(*hits));
	if (!hits)
		return LW_ENOMEM;
	size_t n = 0;
	double best = 0;
	for (size_t i = 0; i < t->ncomments; i++) {
		const struct comment *c = &t->comments[i];
		if (!comparable(c) || !c->name)
			continue;
		uint64_t author = lw_memory_key(mem, c->name, strlen(c->name));
		double s = lw_memory_text(mem, &c->sig, author, post_key,
					  t->data->similarity);
		if (s > 0) {
			hits[n++] = whole(t, i);
			best = fmax(best, s);
		}
	}
	for (size_t i = 0; i < t->ncontacts; i++) {
		const struct comment *c =
			&t->comments[t->contacts[i].span.comment];
		if (!c->name)
			continue;
		uint64_t author = lw_memory_key(mem, c->name, strlen(c->name));
		uint64_t key =
			lw_memory_key(mem, (const char *)&t->contacts[i].key,
				      sizeof(uint64_t));
		if (lw_memory_contact(mem, key, author, post_key))
			hits[n++] = t->contacts[i].span;
	}
	if (!n) {
		free(hits);
		return 0;
	}
	return add_cluster(t, LW_SIG_SEEN_ELSEWHERE, hits, n,
			   best > 0 ? best : -1, -1);
}

/* Whether a rule of the pack names a signal (LW_SIG_NONE: any astroturf
 * rule). Without one there is nothing to find, and the memory records
 * nothing it would not use. */
static int pack_has_signal(const lw_pack *pack, lw_signal signal)
{
	for (size_t r = 0; r < pack->nrules; r++)
		if (signal ? pack->rules[r].signal == (int)signal
			   : strcmp(pack->rules[r].category, "astroturf") == 0)
			return 1;
	return 0;
}

/* Find every signal; set fired[] for the rules that name one. */
static int find_signals(struct lw_thread *t, const lw_pack *pack,
			const json_t *item, lw_memory *mem,
			unsigned char *fired)
{
	if (find_duplicates(t) || find_contact_reuse(t) || thread_rhythm(t))
		return LW_ENOMEM;
	size_t base = t->nclusters;
	for (size_t k = 0; k < base; k++)
		if (group_signals(t, t->clusters[k].members, t->clusters[k].n))
			return LW_ENOMEM;
	struct cspan *group;
	size_t n;
	if (testimonial_group(t, pack, &group, &n))
		return LW_ENOMEM;
	int rc = group ? group_signals(t, group, n) : 0;
	free(group);
	if (!rc && mem && pack_has_signal(pack, LW_SIG_SEEN_ELSEWHERE))
		rc = remember(t, mem, item);
	for (size_t r = 0; r < pack->nrules; r++)
		for (size_t k = 0; k < t->nclusters; k++)
			if (pack->rules[r].signal == (int)t->clusters[k].signal)
				fired[r] = 1;
	return rc;
}

int lw_thread_run(lw_thread **out, const lw_pack *pack, lw_matcher *m,
		  const json_t *item, lw_memory *memory, lw_deadline *deadline,
		  unsigned char *fired)
{
	*out = NULL;
	const char *kind = json_string_value(json_object_get(item, "kind"));
	json_t *comments = json_object_get(item, "comments");
	if (!kind || strcmp(kind, "thread") != 0 || !json_is_array(comments) ||
	    !pack->tdata || !pack_has_signal(pack, LW_SIG_NONE))
		return 0;
	struct lw_thread *t = calloc(1, sizeof(*t));
	if (!t)
		return LW_ENOMEM;
	t->data = pack->tdata;
	t->total = json_array_size(comments);
	t->ncomments = t->total < LW_THREAD_COMMENTS_MAX
			       ? t->total
			       : LW_THREAD_COMMENTS_MAX;
	t->comments = calloc(t->ncomments + 1, sizeof(*t->comments));
	t->rules = calloc(pack->nrules + 1, sizeof(*t->rules));
	int rc = t->comments && t->rules ? 0 : LW_ENOMEM;
	for (size_t i = 0; i < t->ncomments && !rc; i++) {
		if (lw_deadline_passed(deadline, 100)) {
			t->skipped = t->ncomments - i;
			t->ncomments = i;
			break;
		}
		read_comment(t, i, json_array_get(comments, i));
		rc = analyse_comment(t, pack, m, i, fired);
	}
	if (!rc)
		rc = find_signals(t, pack, item, memory, fired);
	if (rc) {
		lw_thread_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

size_t lw_thread_skipped(const lw_thread *thread)
{
	return thread ? thread->skipped : 0;
}

/* ---- output ---- */

/* Write an evidence object for a span of a comment. */
static void write_span(lw_json_writer *w, const struct lw_thread *t,
		       const struct cspan *s, int first)
{
	char field[48];
	snprintf(field, sizeof(field), "comments.%zu.text", s->comment);
	const char *text = t->comments[s->comment].text + s->byte_s;
	size_t n = cut_len(text, s->byte_e - s->byte_s, LW_EXCERPT_MAX - 3);
	char excerpt[LW_EXCERPT_MAX + 1];
	memcpy(excerpt, text, n);
	if (n < s->byte_e - s->byte_s)
		memcpy(excerpt + n, "\xE2\x80\xA6", 3), n += 3;
	lw_json_write_raw(w, first ? "{\"field\":" : ",{\"field\":");
	lw_json_write_cstring(w, field);
	lw_json_write_raw(w, ",\"start\":");
	lw_json_write_integer(w, (json_int_t)s->start);
	lw_json_write_raw(w, ",\"end\":");
	lw_json_write_integer(w, (json_int_t)s->end);
	lw_json_write_raw(w, ",\"excerpt\":");
	lw_json_write_string(w, excerpt, n);
	lw_json_write_raw(w, "}");
}

/* Most comments and authors a cluster object lists (its "size" counts all). */
#define CLUSTER_LIST_MAX 1000

/* The "cluster" object of a group: its comments, accounts and why. */
static json_t *cluster_json(const struct lw_thread *t, const struct cluster *c)
{
	json_t *comments = json_array(), *authors = json_array();
	for (size_t i = 0; i < c->n && i < CLUSTER_LIST_MAX; i++) {
		size_t k = c->members[i].comment;
		if (i == 0 || c->members[i - 1].comment != k)
			json_array_append_new(comments,
					      json_integer((json_int_t)k));
		const char *name = t->comments[k].name;
		int listed = 0;
		for (size_t j = 0; j < i && name && !listed; j++)
			listed = t->comments[c->members[j].comment].name &&
				 t->comments[c->members[j].comment].author ==
					 t->comments[k].author;
		if (name && !listed)
			json_array_append_new(authors, json_string(name));
	}
	json_t *obj = json_pack(
		"{s:s, s:I, s:o, s:o, s:I}", "signal", signal_names[c->signal],
		"size", (json_int_t)c->n, "comments", comments, "authors",
		authors, "distinct_authors",
		(json_int_t)distinct_authors(t, c->members, c->n));
	if (c->similarity >= 0)
		json_object_set_new(
			obj, "similarity_percent",
			json_integer((json_int_t)round(c->similarity * 100)));
	if (c->span_seconds >= 0)
		json_object_set_new(obj, "span_seconds",
				    json_integer((json_int_t)c->span_seconds));
	return obj;
}

/* The comment spans an indicator's evidence holds so far, so that each is
 * written once; entries counts the item's spans before them too. */
struct seen_spans {
	struct cspan v[LW_EVIDENCE_MAX];
	size_t n, entries;
};

/* Write spans into an indicator's evidence, each once and at most
 * LW_EVIDENCE_MAX entries in all; *dropped grows by those that did not
 * fit. */
static void append_evidence(lw_json_writer *w, size_t *dropped,
			    struct seen_spans *seen, const struct lw_thread *t,
			    const struct cspan *spans, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct cspan *s = &spans[i];
		int again = 0;
		for (size_t k = 0; k < seen->n && !again; k++)
			again = seen->v[k].comment == s->comment &&
				seen->v[k].start == s->start &&
				seen->v[k].end == s->end;
		if (again)
			continue;
		if (seen->entries >= LW_EVIDENCE_MAX) {
			(*dropped)++;
			continue;
		}
		write_span(w, t, s, seen->entries == 0);
		seen->v[seen->n++] = *s;
		seen->entries++;
	}
}

void lw_thread_write_evidence(lw_json_writer *w, size_t *dropped,
			      const lw_thread *thread, const lw_pack *pack,
			      size_t r, size_t written)
{
	const struct lw_thread *t = thread;
	if (!t)
		return;
	struct seen_spans seen = {.entries = written};
	*dropped += t->rules[r].dropped;
	append_evidence(w, dropped, &seen, t, t->rules[r].v, t->rules[r].n);
	lw_signal signal = pack->rules[r].signal;
	for (size_t k = 0; k < t->nclusters && signal; k++)
		if (t->clusters[k].signal == signal)
			append_evidence(w, dropped, &seen, t,
					t->clusters[k].members,
					t->clusters[k].n);
}

void lw_thread_write_clusters(lw_json_writer *w, const lw_thread *thread,
			      const lw_pack *pack, size_t r)
{
	const struct lw_thread *t = thread;
	lw_signal signal = pack->rules[r].signal;
	if (!t || !signal)
		return;
	lw_json_write_raw(w, ",\"clusters\":[");
	size_t n = 0;
	for (size_t k = 0; k < t->nclusters; k++) {
		if (t->clusters[k].signal != signal)
			continue;
		json_t *cluster = cluster_json(t, &t->clusters[k]);
		lw_json_write_raw(w, n++ ? "," : "");
		lw_json_write_value(w, cluster);
		json_decref(cluster);
	}
	lw_json_write_raw(w, "]");
}

void lw_thread_write_note(lw_json_writer *w, const lw_thread *thread)
{
	if (!thread)
		return;
	lw_json_write_raw(w, ",\"thread\":{\"comments\":");
	lw_json_write_integer(w, (json_int_t)thread->total);
	lw_json_write_raw(w, ",\"analysed\":");
	lw_json_write_integer(w, (json_int_t)thread->ncomments);
	lw_json_write_raw(w, ",\"cut_comments\":");
	lw_json_write_integer(w, (json_int_t)thread->cut);
	lw_json_write_raw(w, "}");
}

void lw_thread_free(lw_thread *thread)
{
	if (!thread)
		return;
	for (size_t k = 0; k < thread->nclusters; k++)
		free(thread->clusters[k].members);
	free(thread->clusters);
	free(thread->contacts);
	free(thread->comments);
	free(thread->rules);
	free(thread);
}
