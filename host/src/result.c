/*
 * result.c - write the result of a finished analysis as JSON text.
 *
 * The result goes straight from the analysis (the spans each rule matched,
 * the verdict, the notes) into compact JSON text, with no jansson tree in
 * between: building and freeing a tree of some sixty objects for every
 * advert, only to write it out and throw it away, was a fifth of a batch's
 * work. The text is exactly what json_dumps(JSON_COMPACT) wrote for the
 * tree the engine used to build: the same members in the same order, the
 * same escapes. lw_analyze, for callers that want a tree, reads this text
 * back, so there is one way of making a result.
 */
#include "result.h"

#include "score.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

/* Append a weight: an integer when it is whole, as weights usually are,
 * else a real, which jansson formats (jsonout.c). */
static void weight(lw_json_writer *w, double x)
{
	if (x == (double)(json_int_t)x) {
		lw_json_write_integer(w, (json_int_t)x);
		return;
	}
	json_t *real = json_real(x);
	lw_json_write_value(w, real);
	json_decref(real);
}

/* The text in the reader's language: exact tag, then its primary
 * language ("pt-BR" -> "pt"), then English. */
static const json_t *pick_text(const json_t *texts, const char *lang)
{
	json_t *s = NULL;
	if (lang && *lang) {
		s = json_object_get(texts, lang);
		char primary[16];
		if (!s && lw_lang_primary(primary, lang))
			s = json_object_get(texts, primary);
	}
	return s ? s : json_object_get(texts, "en");
}

/* Append a text of the pack in the reader's language. The pack's check
 * makes sure every text has English; a pack without would be a bug. */
static void text(lw_json_writer *w, const json_t *texts, const char *lang)
{
	const json_t *s = pick_text(texts, lang);
	if (!s && !w->rc)
		w->rc = LW_EINTERNAL;
	if (s)
		lw_json_write_string(w, json_string_value(s),
				     json_string_length(s));
}

/* Append orig[0..len) as a string of valid UTF-8, invalid sequences as
 * U+FFFD, cut to LW_EXCERPT_MAX bytes with an ellipsis. */
static void excerpt(lw_json_writer *w, const char *orig, size_t len)
{
	static const char replacement[] = "\xEF\xBF\xBD",
			  ellipsis[] = "\xE2\x80\xA6";
	char buf[LW_EXCERPT_MAX + 8];
	size_t n = 0, at = 0;
	while (at < len) {
		/* ASCII, most of most excerpts, needs no decoding. */
		ucs4_t uc;
		int step = (unsigned char)orig[at] < 0x80
				   ? 1
				   : u8_mbtoucr(&uc, (const uint8_t *)orig + at,
						len - at);
		const char *src = orig + at;
		size_t srclen = (size_t)step;
		if (step < 0) {
			src = replacement;
			srclen = 3;
			step = 1;
		}
		if (n + srclen > LW_EXCERPT_MAX) {
			memcpy(buf + n, ellipsis, 3);
			n += 3;
			break;
		}
		if (srclen == 1)
			buf[n] = *src;
		else
			memcpy(buf + n, src, srclen);
		n += srclen;
		at += (size_t)step;
	}
	lw_json_write_string(w, buf, n);
}

/* Order spans by field, then by position, for readable evidence. */
static int span_order(const void *pa, const void *pb)
{
	const lw_span *a = pa, *b = pb;
	if (a->field != b->field)
		return a->field < b->field ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->end > b->end) - (a->end < b->end);
}

/* The evidence objects a result holds so far, by span, with where their
 * text is in the buffer: a combination's evidence is its parts' spans
 * again (two in five of a result's evidence objects on the benchmark's
 * adverts), and copying that text costs less than mapping the span to
 * UTF-16 offsets and quoting its excerpt a second time. An open-addressing
 * table with room for twice the spans of the rules that fired; when it
 * could not be allocated, every span is worked out, as it would be. */
struct written {
	struct written_span {
		lw_span span;
		size_t at, len; /* len 0: an empty slot */
	} * v;
	size_t mask; /* slots - 1, slots a power of two */
};

/* An empty table for the spans of the rules that fired. */
static struct written written_new(const struct analysis *a)
{
	size_t spans = 0, slots = 16;
	for (size_t r = 0; r < a->engine->pack->nrules; r++)
		spans += a->fired[r] ? a->spans[r].n : 0;
	while (slots < 2 * spans)
		slots *= 2;
	struct written memo = {calloc(slots, sizeof(*memo.v)), slots - 1};
	return memo;
}

/* The slot of a span: where its text was recorded, or the empty slot
 * where it would go. NULL when there is no table. */
static struct written_span *written_slot(const struct written *memo,
					 const lw_span *span)
{
	if (!memo->v)
		return NULL;
	size_t h = (span->field * 0x9E3779B1u) ^ (span->start * 0x85EBCA77u) ^
		   (span->end * 0xC2B2AE3Du);
	for (size_t i = h & memo->mask;; i = (i + 1) & memo->mask) {
		struct written_span *slot = &memo->v[i];
		if (!slot->len || (slot->span.field == span->field &&
				   slot->span.start == span->start &&
				   slot->span.end == span->end))
			return slot;
	}
}

/* Append one evidence object: a field's span with UTF-16 offsets of the
 * original text (at: a cursor on that text, moved forward) and its
 * excerpt. */
static void evidence_object(lw_json_writer *w, const struct field *f,
			    const lw_span *span, lw_utf16_cursor *at)
{
	size_t os, oe;
	lw_norm_span(&os, &oe, &f->view, span->start, span->end);
	if (at->orig != f->orig)
		*at = (lw_utf16_cursor){f->orig, 0, 0};
	size_t start = lw_norm_utf16_advance(at, &f->view, os);
	lw_utf16_cursor to_end = *at;
	size_t end = lw_norm_utf16_advance(&to_end, &f->view, oe);
	lw_json_write_raw(w, "{\"field\":");
	lw_json_write_cstring(w, f->name);
	lw_json_write_raw(w, ",\"start\":");
	lw_json_write_integer(w, (json_int_t)start);
	lw_json_write_raw(w, ",\"end\":");
	lw_json_write_integer(w, (json_int_t)end);
	lw_json_write_raw(w, ",\"excerpt\":");
	excerpt(w, f->orig + os, oe - os);
	lw_json_write_raw(w, "}");
}

/* Append spans as evidence objects, sorted (in place); the list's
 * brackets are the caller's. A span written before in this result is
 * copied from there. */
static void evidence(lw_json_writer *w, const struct analysis *a,
		     lw_spans *spans, struct written *memo)
{
	lw_utf16_cursor at = {NULL, 0, 0};
	qsort(spans->v, spans->n, sizeof(lw_span), span_order);
	for (size_t i = 0; i < spans->n && !w->rc; i++) {
		lw_json_write_raw(w, i ? "," : "");
		struct written_span *slot = written_slot(memo, &spans->v[i]);
		if (slot && slot->len) {
			w->rc = lw_json_repeat(w->buf, slot->at, slot->len);
			continue;
		}
		size_t begin = w->buf->len;
		evidence_object(w, &a->fields[spans->v[i].field], &spans->v[i],
				&at);
		if (slot && !w->rc)
			*slot = (struct written_span){spans->v[i], begin,
						      w->buf->len - begin};
	}
}

/* Append the members an indicator begins with: id, category, severity,
 * weight, and title, why and advice in the reader's language. Indicator
 * `index` is pack rule `index`, or combination `index - nrules`. */
static void write_head(lw_json_writer *w, const lw_pack *pack, size_t index,
		       const char *lang)
{
	const lw_rule *rule = index < pack->nrules ? &pack->rules[index] : NULL;
	const lw_combo *combo =
		rule ? NULL : &pack->combos[index - pack->nrules];
	lw_json_write_raw(w, "{\"id\":");
	lw_json_write_cstring(w, rule ? rule->id : combo->id);
	lw_json_write_raw(w, ",\"category\":");
	lw_json_write_cstring(w, rule ? rule->category : "combination");
	lw_json_write_raw(w, ",\"severity\":");
	lw_json_write_cstring(
		w, lw_severity_name(rule ? rule->severity : LW_SEV_STRONG));
	lw_json_write_raw(w, ",\"weight\":");
	weight(w, rule ? lw_rule_weight(pack, rule) : combo->weight);
	lw_json_write_raw(w, ",\"title\":");
	text(w, rule ? rule->title : combo->title, lang);
	lw_json_write_raw(w, ",\"why\":");
	text(w, rule ? rule->why : combo->why, lang);
	lw_json_write_raw(w, ",\"advice\":");
	text(w, rule ? rule->advice : combo->advice, lang);
}

/* The first members of every indicator of the pack, written once for a
 * reader's language and copied into each result: they never change, and
 * quoting the texts again for every indicator was a fifth of writing a
 * result. An engine keeps them for LW_HEADS_LANGS languages at most;
 * for more, the heads are written each time. */
struct lw_heads {
	struct lw_heads *next;
	char lang[16]; /* ui_lang as given; "" for none */
	lw_json_buf text;
	size_t *end; /* per indicator index: where its head ends */
};

enum { LW_HEADS_LANGS = 8 };

void lw_heads_free(struct lw_heads *heads)
{
	while (heads) {
		struct lw_heads *next = heads->next;
		lw_json_buf_free(&heads->text);
		free(heads->end);
		free(heads);
		heads = next;
	}
}

/* The heads for a reader's language: kept ones, or new ones kept now
 * (the engine is changed, as when a language's translations are first
 * parsed: one engine per thread, as lurewatch.h says). NULL when there
 * is no room for them; the caller then writes the heads itself. */
static const struct lw_heads *heads_for(const lw_engine *engine,
					const char *lang)
{
	lw_engine *e = (lw_engine *)engine;
	const lw_pack *pack = e->pack;
	size_t kept = 0;
	lang = lang ? lang : "";
	for (struct lw_heads *h = e->heads; h; h = h->next, kept++)
		if (strcmp(h->lang, lang) == 0)
			return h;
	struct lw_heads *h = calloc(1, sizeof(*h));
	if (kept == LW_HEADS_LANGS || strlen(lang) >= sizeof(h->lang) || !h) {
		free(h);
		return NULL;
	}
	size_t n = pack->nrules + pack->ncombos;
	h->end = malloc((n + 1) * sizeof(*h->end));
	lw_json_writer w = {&h->text, h->end ? 0 : LW_ENOMEM};
	for (size_t i = 0; i < n && !w.rc; i++) {
		write_head(&w, pack, i, lang);
		h->end[i] = h->text.len;
	}
	if (w.rc) {
		lw_heads_free(h);
		return NULL;
	}
	snprintf(h->lang, sizeof(h->lang), "%s", lang);
	h->next = e->heads;
	e->heads = h;
	return h;
}

/* Append the head of indicator `index` (write_head), copied from the
 * kept heads when there are some. */
static void indicator_head(lw_json_writer *w, const struct analysis *a,
			   const struct lw_heads *heads, size_t index)
{
	if (!heads) {
		write_head(w, a->engine->pack, index, a->ui_lang);
		return;
	}
	size_t start = index ? heads->end[index - 1] : 0;
	if (!w->rc)
		w->rc = lw_json_put(w->buf, heads->text.data + start,
				    heads->end[index] - start);
}

/* Append the indicator of a rule that fired, with what the thread adds
 * to it; *dropped grows by the evidence that did not fit. */
static void rule_indicator(lw_json_writer *w, struct analysis *a,
			   const lw_thread *thread, size_t r,
			   const struct lw_heads *heads, struct written *memo,
			   size_t *dropped)
{
	const lw_pack *pack = a->engine->pack;
	indicator_head(w, a, heads, r);
	lw_json_write_raw(w, ",\"evidence\":[");
	evidence(w, a, &a->spans[r], memo);
	lw_thread_write_evidence(w, dropped, thread, pack, r, a->spans[r].n);
	lw_json_write_raw(w, "]");
	lw_thread_write_clusters(w, thread, pack, r);
	lw_json_write_raw(w, "}");
}

/* Append the indicator of a combination that fired: its parts and their
 * evidence together. */
static void combo_indicator(lw_json_writer *w, struct analysis *a, size_t ci,
			    const struct lw_heads *heads, struct written *memo)
{
	const lw_pack *pack = a->engine->pack;
	const lw_combo *c = &pack->combos[ci];
	lw_spans joined = {0};
	indicator_head(w, a, heads, pack->nrules + ci);
	lw_json_write_raw(w, ",\"parts\":[");
	size_t nparts = 0;
	for (size_t r = 0; r < pack->nrules; r++) {
		int part = 0;
		for (size_t i = 0; i < c->nall; i++)
			part |= c->all[i] == r;
		for (size_t i = 0; i < c->nany; i++)
			part |= c->any[i] == r;
		if (!part || !a->fired[r])
			continue;
		lw_json_write_raw(w, nparts++ ? "," : "");
		lw_json_write_cstring(w, pack->rules[r].id);
		for (size_t i = 0; i < a->spans[r].n; i++)
			lw_spans_add(&joined, a->spans[r].v[i].field,
				     a->spans[r].v[i].start,
				     a->spans[r].v[i].end);
	}
	lw_json_write_raw(w, "],\"evidence\":[");
	evidence(w, a, &joined, memo);
	lw_json_write_raw(w, "]}");
}

/* Append notes.cut_fields: the fields longer than the analysis cap. */
static void cut_fields(lw_json_writer *w, const struct analysis *a)
{
	size_t n = 0;
	lw_json_write_raw(w, "[");
	for (size_t f = 0; f < a->nfields; f++) {
		const struct field *fd = &a->fields[f];
		if (fd->len == fd->full_len)
			continue;
		lw_json_write_raw(w, n++ ? ",{\"field\":" : "{\"field\":");
		lw_json_write_cstring(w, fd->name);
		lw_json_write_raw(w, ",\"length\":");
		lw_json_write_integer(w, fd->full_len);
		lw_json_write_raw(w, ",\"analysed\":");
		lw_json_write_integer(w, fd->len);
		lw_json_write_raw(w, "}");
	}
	lw_json_write_raw(w, "]");
}

/* Append notes.limits: the rules that hit a match limit, and where. */
static void limits(lw_json_writer *w, const struct analysis *a)
{
	const lw_pack *pack = a->engine->pack;
	size_t n = 0;
	lw_json_write_raw(w, "[");
	for (size_t r = 0; r < pack->nrules; r++) {
		for (size_t f = 0; f < a->nfields; f++) {
			if (!a->limited[f * pack->nrules + r])
				continue;
			lw_json_write_raw(w,
					  n++ ? ",{\"rule\":" : "{\"rule\":");
			lw_json_write_cstring(w, pack->rules[r].id);
			lw_json_write_raw(w, ",\"field\":");
			lw_json_write_cstring(w, a->fields[f].name);
			lw_json_write_raw(w, "}");
		}
	}
	lw_json_write_raw(w, "]");
}

/* How many rules the budget left out on some field they read. */
static size_t skipped_rules(const struct analysis *a)
{
	size_t rules = 0;
	for (size_t r = 0; r < a->engine->pack->nrules; r++)
		rules += a->skipped[r];
	return rules;
}

/* Append notes.partial: the budget, the rules not run on every field
 * they read, and the comments not analysed. */
static void partial_note(lw_json_writer *w, const struct analysis *a,
			 size_t rules)
{
	lw_json_write_raw(
		w, ",\"partial\":{\"reason\":\"item_budget\",\"budget_ms\":");
	lw_json_write_integer(w, a->deadline.budget_ms);
	lw_json_write_raw(w, ",\"skipped_rules\":");
	lw_json_write_integer(w, rules);
	lw_json_write_raw(w, ",\"skipped_comments\":");
	lw_json_write_integer(w, a->skipped_comments);
	lw_json_write_raw(w, "}");
}

int lw_result_write(lw_json_buf *buf, struct analysis *a, const json_t *item,
		    const lw_thread *thread)
{
	const lw_pack *pack = a->engine->pack;
	lw_json_writer w = {buf, 0};
	lw_verdict verdict;
	if (lw_score(&verdict, pack, a->fired))
		return LW_ENOMEM;
	struct written memo = written_new(a);
	const struct lw_heads *heads = heads_for(a->engine, a->ui_lang);
	size_t rules_left_out = skipped_rules(a);
	int partial = rules_left_out || a->skipped_comments;
	json_t *ref = json_object_get(item, "ref");
	lw_json_write_raw(&w, "{");
	if (ref) {
		lw_json_write_raw(&w, "\"ref\":");
		lw_json_write_value(&w, ref);
		lw_json_write_raw(&w, ",");
	}
	lw_json_write_raw(&w,
			  partial ? "\"ok\":true,\"partial\":true,\"score\":"
				  : "\"ok\":true,\"score\":");
	lw_json_write_integer(&w, verdict.score);
	lw_json_write_raw(&w, ",\"level\":");
	lw_json_write_cstring(&w, lw_level_name(verdict.level));
	lw_json_write_raw(&w, ",\"indicators\":[");
	size_t n = 0, dropped = 0, repaired = 0;
	for (size_t r = 0; r < pack->nrules; r++) {
		if (!a->fired[r])
			continue;
		lw_json_write_raw(&w, n++ ? "," : "");
		rule_indicator(&w, a, thread, r, heads, &memo, &dropped);
		dropped += a->spans[r].dropped;
	}
	for (size_t c = 0; c < pack->ncombos; c++) {
		if (!verdict.combo_fired[c])
			continue;
		lw_json_write_raw(&w, n++ ? "," : "");
		combo_indicator(&w, a, c, heads, &memo);
	}
	for (size_t f = 0; f < a->nfields; f++)
		repaired += a->fields[f].view.repaired;
	lw_json_write_raw(&w, "],\"notes\":{\"repaired_utf8\":");
	lw_json_write_integer(&w, repaired);
	lw_json_write_raw(&w, ",\"cut_fields\":");
	cut_fields(&w, a);
	lw_json_write_raw(&w, ",\"limits\":");
	limits(&w, a);
	lw_json_write_raw(&w, ",\"evidence_dropped\":");
	lw_json_write_integer(&w, dropped);
	if (partial)
		partial_note(&w, a, rules_left_out);
	lw_thread_write_note(&w, thread);
	lw_json_write_raw(&w, "}}");
	lw_verdict_clear(&verdict);
	free(memo.v);
	return w.rc;
}
