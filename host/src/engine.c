/*
 * engine.c - analyse one item: fields, matching views, rules, evidence.
 *
 * The flow for one item is: check its shape; cut each field to the
 * analysis cap; build each field's matching view (norm.c); run the
 * extractors and every rule's patterns on the views; score the rules that
 * fired (score.c); and write the result, mapping every span back to
 * UTF-16 offsets of the original text so that the browser can highlight
 * exactly the characters that triggered a warning.
 */
#include "deadline.h"
#include "err.h"
#include "extract.h"
#include "lurewatch.h"
#include "match.h"
#include "norm.h"
#include "pack.h"
#include "prefilter.h"
#include "score.h"
#include "thread.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

/* Results share values with the engine and with each other (see
 * struct indicator_values), and a result may be freed on another thread
 * than the engine's: jansson must count references atomically. */
#if !JSON_HAVE_ATOMIC_BUILTINS && !JSON_HAVE_SYNC_BUILTINS
#error "jansson without atomic reference counts: results share values"
#endif

/* The values of a rule or combination that every indicator it raises
 * repeats, built once when the engine opens and shared by the results
 * (json_incref) instead of copied and checked into new strings for every
 * item. The texts (title, why, advice) are shared too: they are the
 * pack's own strings, one per language. */
struct indicator_values {
	json_t *id, *category, *severity, *weight;
};

struct lw_engine {
	lw_pack *pack;
	lw_matcher matcher;
	struct indicator_values *rule_values;  /* per rule */
	struct indicator_values *combo_values; /* per combination */
	json_t *level[LW_LEVEL_COUNT];	       /* the level names */
};

/* One field of the item under analysis. */
struct field {
	char name[96];
	json_t *name_json; /* name as a JSON string, shared by the field's
			      evidence; NULL when name is not valid UTF-8 */
	const char *orig;
	size_t len;	 /* bytes analysed */
	size_t full_len; /* bytes in the item */
	lw_norm view;
	lw_xhits hits;
	lw_candidates candidates; /* what the prefilter found */
	int ready;		  /* view and hits built */
};

/* Everything one analysis needs, freed together. */
struct analysis {
	const lw_engine *engine;
	size_t nfields;
	lw_spans *spans;	/* per rule */
	unsigned char *fired;	/* per rule */
	unsigned char *skipped; /* per rule: not run on a field it reads */
	unsigned char *limited; /* per field and rule: hit a match limit */
	json_t *limits;
	json_t *cut;
	const char *ui_lang;
	int no_prefilter;
	lw_deadline deadline;
	size_t skipped_comments;
	/* Last, so that a new analysis zeroes what comes before and
	 * add_field each field it takes: not all LW_FIELDS_MAX (17 KB). */
	struct field fields[LW_FIELDS_MAX];
};

/* A weight as JSON: an integer when it is whole, as weights usually are. */
static json_t *weight_json(double w)
{
	return w == (double)(json_int_t)w ? json_integer((json_int_t)w)
					  : json_real(w);
}

/* Fill one rule's or combination's shared values, taking the references
 * given; 0 when one of them could not be made. */
static int set_indicator_values(struct indicator_values *v, json_t *id,
				json_t *category, json_t *severity,
				json_t *weight)
{
	*v = (struct indicator_values){id, category, severity, weight};
	return id && category && severity && weight;
}

/* Build the values every indicator and result repeat (struct
 * indicator_values, the level names): a few hundred small values, a
 * fraction of a per cent of opening the pack. */
static int build_shared_values(lw_engine *e)
{
	const lw_pack *pack = e->pack;
	json_t *severity[LW_SEV_COUNT];
	json_t *combination = json_string("combination");
	int ok = combination != NULL;
	for (int s = 0; s < LW_SEV_COUNT; s++)
		ok &= (severity[s] = json_string(lw_severity_name(s))) != NULL;
	for (int l = 0; l < LW_LEVEL_COUNT; l++)
		ok &= (e->level[l] = json_string(lw_level_name(l))) != NULL;
	e->rule_values = calloc(pack->nrules + 1, sizeof(*e->rule_values));
	e->combo_values = calloc(pack->ncombos + 1, sizeof(*e->combo_values));
	ok &= e->rule_values && e->combo_values;
	for (size_t r = 0; ok && r < pack->nrules; r++) {
		const lw_rule *rule = &pack->rules[r];
		ok = set_indicator_values(
			&e->rule_values[r], json_string(rule->id),
			json_string(rule->category),
			json_incref(severity[rule->severity]),
			weight_json(lw_rule_weight(pack, rule)));
	}
	for (size_t c = 0; ok && c < pack->ncombos; c++)
		ok = set_indicator_values(&e->combo_values[c],
					  json_string(pack->combos[c].id),
					  json_incref(combination),
					  json_incref(severity[LW_SEV_STRONG]),
					  weight_json(pack->combos[c].weight));
	json_decref(combination);
	for (int s = 0; s < LW_SEV_COUNT; s++)
		json_decref(severity[s]);
	return ok ? 0 : LW_ENOMEM;
}

/* Let go of one rule's or combination's shared values. */
static void clear_indicator_values(struct indicator_values *v)
{
	json_decref(v->id);
	json_decref(v->category);
	json_decref(v->severity);
	json_decref(v->weight);
}

int lw_engine_open(lw_engine **out, const char *rules_dir)
{
	*out = NULL;
	lw_engine *e = calloc(1, sizeof(*e));
	if (!e) {
		lw_error_set("out of memory");
		return LW_ENOMEM;
	}
	int rc = lw_pack_load(&e->pack, rules_dir);
	if (!rc && (lw_matcher_init(&e->matcher) || build_shared_values(e))) {
		lw_error_set("out of memory");
		rc = LW_ENOMEM;
	}
	if (rc) {
		lw_engine_free(e);
		return rc;
	}
	*out = e;
	return 0;
}

void lw_engine_free(lw_engine *engine)
{
	if (!engine)
		return;
	for (size_t r = 0; engine->rule_values && r < engine->pack->nrules; r++)
		clear_indicator_values(&engine->rule_values[r]);
	for (size_t c = 0; engine->combo_values && c < engine->pack->ncombos;
	     c++)
		clear_indicator_values(&engine->combo_values[c]);
	free(engine->rule_values);
	free(engine->combo_values);
	for (int l = 0; l < LW_LEVEL_COUNT; l++)
		json_decref(engine->level[l]);
	lw_matcher_clear(&engine->matcher);
	lw_pack_free(engine->pack);
	free(engine);
}

const json_t *lw_engine_pack_info(const lw_engine *engine)
{
	return engine->pack->info;
}

int lw_engine_load_texts(lw_engine *engine, const char *lang)
{
	return lw_pack_use_texts(engine->pack, lang);
}

void lw_error_result(json_t **out, const json_t *item, const char *code,
		     const char *message)
{
	json_t *ref = json_object_get(item, "ref");
	*out = json_object();
	if (!*out)
		return;
	if (json_is_string(ref) || json_is_number(ref))
		json_object_set(*out, "ref", ref);
	json_object_set_new(*out, "ok", json_false());
	json_object_set_new(
		*out, "error",
		json_pack("{s:s, s:s}", "code", code, "message", message));
}

/* A new object with these keys and values, in this order, taking each
 * value's reference; NULL when a value is NULL or memory runs out. It
 * replaces json_pack where a value is built for every indicator or span:
 * json_pack parsed its format and copied and checked every string each
 * time, where these values are mostly shared ones. */
static json_t *object_of(size_t n, const char *const keys[], json_t *values[])
{
	json_t *obj = json_object();
	for (size_t i = 0; i < n; i++) {
		if (!obj)
			json_decref(values[i]);
		else if (!values[i] ||
			 json_object_set_new_nocheck(obj, keys[i], values[i])) {
			json_decref(obj);
			obj = NULL;
		}
	}
	return obj;
}

/* The text in the reader's language: exact tag, then its primary
 * language ("pt-BR" -> "pt"), then English. It is the pack's own string,
 * which results share (json_incref). */
static json_t *pick_text(const json_t *texts, const char *lang)
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

/* Check the item's shape; on a problem, write the message and return 0. */
static int item_is_valid(const json_t *item, char *msg, size_t msglen)
{
	static const char *const kinds[] = {"job", "post", "message", "thread",
					    NULL};
	static const char *const strings[] = {"title", "text", "url",
					      "lang",  "kind", NULL};
	if (!json_is_object(item)) {
		snprintf(msg, msglen, "an item must be a JSON object");
		return 0;
	}
	json_t *ref = json_object_get(item, "ref");
	if (ref && !json_is_string(ref) && !json_is_number(ref)) {
		snprintf(msg, msglen, "\"ref\" must be a string or a number");
		return 0;
	}
	for (int i = 0; strings[i]; i++) {
		json_t *v = json_object_get(item, strings[i]);
		if (v && !json_is_string(v)) {
			snprintf(msg, msglen, "\"%s\" must be a string",
				 strings[i]);
			return 0;
		}
	}
	const char *kind = json_string_value(json_object_get(item, "kind"));
	int known = !kind;
	for (int i = 0; kind && kinds[i]; i++)
		known |= strcmp(kind, kinds[i]) == 0;
	if (!known) {
		snprintf(msg, msglen,
			 "\"kind\" must be job, post, message or thread");
		return 0;
	}
	json_t *fields = json_object_get(item, "fields");
	if (fields && !json_is_object(fields)) {
		snprintf(msg, msglen, "\"fields\" must be an object");
		return 0;
	}
	return lw_thread_item_valid(item, msg, msglen);
}

/* Where to cut s, which goes on past len, so that the part kept ends on a
 * character boundary: len, or a little less. */
static size_t char_boundary(const char *s, size_t len)
{
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	return len;
}

/* Add a field to the analysis, cut to the analysis cap on a character
 * boundary; the cut is reported in the result's notes. */
static void add_field(struct analysis *a, const char *name, const json_t *v)
{
	if (!json_is_string(v) || a->nfields == LW_FIELDS_MAX)
		return;
	struct field *f = &a->fields[a->nfields++];
	*f = (struct field){0};
	/* A long name is cut on a character boundary too, so that it stays
	 * UTF-8: cut inside a character, it made no name_json, and then no
	 * evidence, cut or limit entry named the field. */
	size_t name_len = strlen(name);
	if (name_len >= sizeof(f->name))
		name_len = char_boundary(name, sizeof(f->name) - 1);
	memcpy(f->name, name, name_len);
	f->name[name_len] = '\0';
	f->name_json = json_string(f->name);
	f->orig = json_string_value(v);
	f->full_len = json_string_length(v);
	f->len = f->full_len;
	if (f->len > LW_FIELD_ANALYSE_MAX) {
		f->len = char_boundary(f->orig, LW_FIELD_ANALYSE_MAX);
		static const char *const keys[] = {"field", "length",
						   "analysed"};
		json_t *values[] = {json_incref(f->name_json),
				    json_integer((json_int_t)f->full_len),
				    json_integer((json_int_t)f->len)};
		json_array_append_new(a->cut, object_of(3, keys, values));
	}
}

/* Collect title, text and the strings of "fields", in that order. */
static void collect_fields(struct analysis *a, const json_t *item)
{
	add_field(a, "title", json_object_get(item, "title"));
	add_field(a, "text", json_object_get(item, "text"));
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)json_object_get(item, "fields"), key, v)
	{
		/* Longer than a field's name, so that add_field sees past
		 * where it cuts the name, and cuts it between characters. */
		char name[2 * sizeof(a->fields[0].name)];
		snprintf(name, sizeof(name), "fields.%s", key);
		add_field(a, name, v);
	}
}

/* Whether a rule looks at a field (its "fields" list, or every field). */
static int rule_reads_field(const lw_rule *rule, const char *field)
{
	if (!rule->fields)
		return 1;
	size_t i;
	json_t *sel;
	json_array_foreach(rule->fields, i, sel)
	{
		const char *s = json_string_value(sel);
		if (strcmp(s, field) == 0 ||
		    (strcmp(s, "fields.*") == 0 &&
		     strncmp(field, "fields.", 7) == 0))
			return 1;
	}
	return 0;
}

/* Whether a hit's subtype is one a rule asked for. */
static int subtype_wanted(const lw_xcond *c, const lw_xhit *hit)
{
	if (!c->subtypes)
		return 1;
	size_t i;
	json_t *s;
	json_array_foreach(c->subtypes, i, s)
	{
		if (strcmp(json_string_value(s), hit->subtype) == 0)
			return 1;
	}
	return 0;
}

/* Whether a field says where the job is: the item's location field when
 * it has one, otherwise any field. An advert that mentions other countries
 * in passing ("offices in India and Vietnam") must not have its salary
 * compared with their wages. */
static int names_destination(const struct analysis *a, const char *field)
{
	for (size_t f = 0; f < a->nfields; f++)
		if (strcmp(a->fields[f].name, "fields.location") == 0)
			return strcmp(field, "fields.location") == 0 ||
			       strcmp(field, "title") == 0;
	return 1;
}

/* Whether an amount is out of proportion to the job's destination: a place
 * named where the item says the job is has a known wage, and the offer is
 * at least min_wage_ratio times it. */
static int pay_is_unrealistic(const struct analysis *a, const lw_xcond *c,
			      const lw_xhit *money)
{
	if (money->monthly_usd < 0 || money->monthly_usd < c->min_monthly_usd)
		return 0;
	if (c->min_wage_ratio <= 0)
		return 1;
	for (size_t f = 0; f < a->nfields; f++) {
		const lw_xhits *h = &a->fields[f].hits;
		if (!names_destination(a, a->fields[f].name))
			continue;
		for (size_t i = 0; i < h->n; i++) {
			if (h->v[i].kind != LW_X_PLACE || !h->v[i].country[0])
				continue;
			double wage = lw_xdata_wage(a->engine->pack->xdata,
						    h->v[i].country);
			if (wage > 0 &&
			    money->monthly_usd >= c->min_wage_ratio * wage)
				return 1;
		}
	}
	return 0;
}

/* Add the spans of extractor hits that satisfy a rule's conditions. */
static void match_extractor(struct analysis *a, const lw_rule *rule, size_t r,
			    size_t f)
{
	const lw_xcond *c = &rule->extractor;
	const lw_xhits *h = &a->fields[f].hits;
	for (size_t i = 0; i < h->n; i++) {
		const lw_xhit *hit = &h->v[i];
		if (hit->kind != c->kind || !subtype_wanted(c, hit))
			continue;
		if (c->free_mail_only && !hit->free_mail)
			continue;
		if (c->kind == LW_X_MONEY && !pay_is_unrealistic(a, c, hit))
			continue;
		lw_spans_add(&a->spans[r], f, hit->start, hit->end);
	}
}

/* Build the views, extractor hits and prefilter candidates of the fields,
 * in order, while the first half of the item's budget lasts, so that the
 * rules always get the other half for the first fields. */
static int build_views(struct analysis *a)
{
	const lw_pack *pack = a->engine->pack;
	for (size_t f = 0; f < a->nfields; f++) {
		struct field *fd = &a->fields[f];
		if (lw_deadline_passed(&a->deadline, 50))
			return 0;
		if (lw_norm_build(&fd->view, fd->orig, fd->len) ||
		    lw_extract_all(&fd->hits, pack->xdata, fd->view.text,
				   fd->view.len))
			return LW_ENOMEM;
		if (!a->no_prefilter)
			lw_prefilter_scan(&fd->candidates, pack->prefilter,
					  fd->view.text, fd->view.len);
		fd->ready = 1;
	}
	return 0;
}

/* Run every rule over the fields it reads, field by field so that a spent
 * budget leaves the first fields (title, text) fully analysed; each rule
 * still meets the fields in order, so its evidence is the same as rule by
 * rule. Rules left out are marked skipped; the match limits hit are listed
 * rule by rule. */
static int run_rules(struct analysis *a)
{
	const lw_pack *pack = a->engine->pack;
	lw_matcher *m = (lw_matcher *)&a->engine->matcher;
	int rc = build_views(a);
	for (size_t f = 0; f < a->nfields && !rc; f++) {
		struct field *fd = &a->fields[f];
		for (size_t r = 0; r < pack->nrules; r++) {
			const lw_rule *rule = &pack->rules[r];
			if (!rule_reads_field(rule, fd->name) ||
			    (!rule->npatterns && !rule->extractor.present))
				continue; /* signal rules: thread.c */
			if (!fd->ready ||
			    lw_deadline_passed(&a->deadline, 100)) {
				a->skipped[r] = 1;
				continue;
			}
			a->limited[f * pack->nrules + r] =
				lw_match_rule(&a->spans[r], m, rule,
					      &fd->candidates, f, fd->view.text,
					      fd->view.len) != 0;
			if (rule->extractor.present)
				match_extractor(a, rule, r, f);
		}
	}
	static const char *const keys[] = {"rule", "field"};
	for (size_t r = 0; r < pack->nrules; r++) {
		for (size_t f = 0; f < a->nfields; f++) {
			if (!a->limited[f * pack->nrules + r])
				continue;
			json_t *values[] = {
				json_incref(a->engine->rule_values[r].id),
				json_incref(a->fields[f].name_json)};
			json_array_append_new(a->limits,
					      object_of(2, keys, values));
		}
		a->fired[r] = a->spans[r].n > 0;
	}
	return rc;
}

/* Copy orig[0..len) as valid UTF-8, invalid sequences as U+FFFD, into a
 * new JSON string; cut to LW_EXCERPT_MAX bytes with an ellipsis. The copy
 * is valid by construction (u8_mbtoucr accepts only well-formed, shortest
 * sequences of scalar values), so jansson need not check it again. */
static json_t *excerpt(const char *orig, size_t len)
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
	return json_stringn_nocheck(buf, n);
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

/* Turn a rule's spans into evidence objects with UTF-16 offsets of the
 * original field text. */
static json_t *evidence(const struct analysis *a, lw_spans *spans)
{
	json_t *list = json_array();
	lw_utf16_cursor at = {NULL, 0, 0};
	qsort(spans->v, spans->n, sizeof(lw_span), span_order);
	for (size_t i = 0; i < spans->n; i++) {
		const struct field *f = &a->fields[spans->v[i].field];
		size_t os, oe;
		lw_norm_span(&os, &oe, &f->view, spans->v[i].start,
			     spans->v[i].end);
		if (at.orig != f->orig)
			at = (lw_utf16_cursor){f->orig, 0, 0};
		size_t start = lw_norm_utf16_advance(&at, &f->view, os);
		lw_utf16_cursor to_end = at;
		size_t end = lw_norm_utf16_advance(&to_end, &f->view, oe);
		static const char *const keys[] = {"field", "start", "end",
						   "excerpt"};
		json_t *values[] = {json_incref(f->name_json),
				    json_integer((json_int_t)start),
				    json_integer((json_int_t)end),
				    excerpt(f->orig + os, oe - os)};
		json_array_append_new(list, object_of(4, keys, values));
	}
	return list;
}

/* The values every indicator object begins with: id, category, severity,
 * weight, title, why, advice. */
enum { INDICATOR_HEAD = 7 };

/* The first INDICATOR_HEAD values of an indicator, new references: the
 * shared values, then title, why and advice in the reader's language. */
static void indicator_head(json_t *out[INDICATOR_HEAD],
			   const struct indicator_values *v,
			   const json_t *title, const json_t *why,
			   const json_t *advice, const char *lang)
{
	out[0] = json_incref(v->id);
	out[1] = json_incref(v->category);
	out[2] = json_incref(v->severity);
	out[3] = json_incref(v->weight);
	out[4] = json_incref(pick_text(title, lang));
	out[5] = json_incref(pick_text(why, lang));
	out[6] = json_incref(pick_text(advice, lang));
}

/* One indicator object of the result, for a rule that fired. */
static json_t *rule_indicator(const struct analysis *a, size_t r)
{
	static const char *const keys[] = {"id",     "category", "severity",
					   "weight", "title",	 "why",
					   "advice", "evidence"};
	const lw_rule *rule = &a->engine->pack->rules[r];
	json_t *values[INDICATOR_HEAD + 1];
	indicator_head(values, &a->engine->rule_values[r], rule->title,
		       rule->why, rule->advice, a->ui_lang);
	values[INDICATOR_HEAD] = evidence(a, &a->spans[r]);
	return object_of(INDICATOR_HEAD + 1, keys, values);
}

/* One indicator object for a combination that fired: its parts and their
 * evidence together. */
static json_t *combo_indicator(const struct analysis *a, size_t ci)
{
	static const char *const keys[] = {"id",     "category", "severity",
					   "weight", "title",	 "why",
					   "advice", "parts",	 "evidence"};
	const lw_pack *pack = a->engine->pack;
	const lw_combo *c = &pack->combos[ci];
	lw_spans joined = {0};
	json_t *parts = json_array();
	for (size_t r = 0; r < pack->nrules; r++) {
		int part = 0;
		for (size_t i = 0; i < c->nall; i++)
			part |= c->all[i] == r;
		for (size_t i = 0; i < c->nany; i++)
			part |= c->any[i] == r;
		if (!part || !a->fired[r])
			continue;
		json_array_append_new(
			parts, json_incref(a->engine->rule_values[r].id));
		for (size_t i = 0; i < a->spans[r].n; i++)
			lw_spans_add(&joined, a->spans[r].v[i].field,
				     a->spans[r].v[i].start,
				     a->spans[r].v[i].end);
	}
	json_t *values[INDICATOR_HEAD + 2];
	indicator_head(values, &a->engine->combo_values[ci], c->title, c->why,
		       c->advice, a->ui_lang);
	values[INDICATOR_HEAD] = parts;
	values[INDICATOR_HEAD + 1] = evidence(a, &joined);
	return object_of(INDICATOR_HEAD + 2, keys, values);
}

/* notes.partial when the budget left something out, else NULL: the
 * budget, the rules not run on every field they read, and the comments
 * not analysed. */
static json_t *partial_note(const struct analysis *a)
{
	size_t rules = 0;
	for (size_t r = 0; r < a->engine->pack->nrules; r++)
		rules += a->skipped[r];
	if (!rules && !a->skipped_comments)
		return NULL;
	return json_pack("{s:s, s:I, s:I, s:I}", "reason", "item_budget",
			 "budget_ms", (json_int_t)a->deadline.budget_ms,
			 "skipped_rules", (json_int_t)rules, "skipped_comments",
			 (json_int_t)a->skipped_comments);
}

/* Write the result object of a finished analysis. */
static int build_result(json_t **out, struct analysis *a, const json_t *item)
{
	const lw_pack *pack = a->engine->pack;
	lw_verdict verdict;
	if (lw_score(&verdict, pack, a->fired))
		return LW_ENOMEM;
	json_t *indicators = json_array();
	size_t repaired = 0, dropped = 0;
	for (size_t r = 0; r < pack->nrules; r++) {
		if (!a->fired[r])
			continue;
		json_array_append_new(indicators, rule_indicator(a, r));
		dropped += a->spans[r].dropped;
	}
	for (size_t c = 0; c < pack->ncombos; c++)
		if (verdict.combo_fired[c])
			json_array_append_new(indicators,
					      combo_indicator(a, c));
	for (size_t f = 0; f < a->nfields; f++)
		repaired += a->fields[f].view.repaired;
	json_t *result = json_object();
	json_t *ref = json_object_get(item, "ref");
	if (ref)
		json_object_set(result, "ref", ref);
	json_object_set_new(result, "ok", json_true());
	json_t *partial = partial_note(a);
	if (partial)
		json_object_set_new(result, "partial", json_true());
	json_object_set_new(result, "score", json_integer(verdict.score));
	json_object_set_new(result, "level",
			    json_incref(a->engine->level[verdict.level]));
	json_object_set_new(result, "indicators", indicators);
	static const char *const note_keys[] = {"repaired_utf8", "cut_fields",
						"limits", "evidence_dropped"};
	json_t *notes[] = {json_integer((json_int_t)repaired),
			   json_incref(a->cut), json_incref(a->limits),
			   json_integer((json_int_t)dropped)};
	json_object_set_new(result, "notes", object_of(4, note_keys, notes));
	if (partial)
		json_object_set_new(json_object_get(result, "notes"), "partial",
				    partial);
	lw_verdict_clear(&verdict);
	*out = result;
	return result ? 0 : LW_ENOMEM;
}

/* The per-rule spans of an analysis, empty: only the counts are set, as
 * zeroing every rule's room for LW_EVIDENCE_MAX spans (about 90 KB for the
 * pack, for each item) cost more than all the other per-item allocations
 * of the analysis together. */
static lw_spans *spans_new(size_t nrules)
{
	lw_spans *spans = malloc((nrules + 1) * sizeof(*spans));
	for (size_t r = 0; spans && r < nrules; r++)
		spans[r].n = spans[r].dropped = 0;
	return spans;
}

/* Free what an analysis allocated. */
static void analysis_clear(struct analysis *a)
{
	for (size_t f = 0; f < a->nfields; f++) {
		json_decref(a->fields[f].name_json);
		lw_norm_clear(&a->fields[f].view);
		lw_candidates_clear(&a->fields[f].candidates);
		lw_xhits_clear(&a->fields[f].hits);
	}
	free(a->spans);
	free(a->fired);
	free(a->skipped);
	free(a->limited);
	json_decref(a->limits);
	json_decref(a->cut);
}

int lw_analyze(json_t **out, const lw_engine *engine, const json_t *item,
	       const lw_analyze_opts *opts)
{
	char msg[160];
	*out = NULL;
	if (!item_is_valid(item, msg, sizeof(msg))) {
		lw_error_set("%s", msg);
		lw_error_result(out, item, "bad_request", msg);
		return *out ? LW_EINVAL : LW_ENOMEM;
	}
	/* The reader's translations are parsed on first use; a broken file
	 * (which `lurewatch rules check` refuses) leaves English texts, not
	 * the reader without a warning. */
	if (opts && opts->ui_lang && *opts->ui_lang &&
	    lw_pack_use_texts(engine->pack, opts->ui_lang) == LW_ENOMEM)
		return LW_ENOMEM;
	struct analysis *a = malloc(sizeof(*a));
	if (!a)
		return LW_ENOMEM;
	memset(a, 0, offsetof(struct analysis, fields));
	const lw_pack *pack = engine->pack;
	a->engine = engine;
	a->ui_lang = opts ? opts->ui_lang : NULL;
	a->no_prefilter = opts && opts->no_prefilter;
	lw_deadline_start(&a->deadline, opts ? opts->item_budget_ms : 0);
	a->spans = spans_new(pack->nrules);
	a->fired = calloc(pack->nrules + 1, 1);
	a->skipped = calloc(pack->nrules + 1, 1);
	a->limits = json_array();
	a->cut = json_array();
	int rc = LW_ENOMEM;
	if (a->spans && a->fired && a->skipped && a->limits && a->cut) {
		collect_fields(a, item);
		/* For the fields this item has, not LW_FIELDS_MAX. */
		a->limited = calloc(a->nfields * pack->nrules + 1, 1);
		rc = a->limited ? run_rules(a) : LW_ENOMEM;
		/* Threads: the comments' astroturf signals (thread.c). */
		lw_thread *thread = NULL;
		if (!rc)
			rc = lw_thread_run(&thread, pack,
					   (lw_matcher *)&engine->matcher, item,
					   opts ? opts->memory : NULL,
					   &a->deadline, a->fired);
		a->skipped_comments = lw_thread_skipped(thread);
		if (!rc)
			rc = build_result(out, a, item);
		if (!rc)
			lw_thread_finish(thread, pack, *out);
		lw_thread_free(thread);
	}
	analysis_clear(a);
	free(a);
	if (rc)
		lw_error_set("out of memory while analysing an item");
	return rc;
}

int lw_engine_pattern(lw_pattern_desc *out, const lw_engine *engine,
		      size_t index)
{
	const lw_pack *pack = engine->pack;
	for (size_t r = 0; r < pack->nrules; r++) {
		const lw_rule *rule = &pack->rules[r];
		if (index >= rule->npatterns) {
			index -= rule->npatterns;
			continue;
		}
		const lw_pattern *p = &rule->patterns[index];
		*out = (lw_pattern_desc){rule->id, p->source, rule->file,
					 p->line, !p->no_literal};
		return 0;
	}
	return LW_EINVAL;
}

/* Whether a result lists an indicator with this id. */
static int result_has(const json_t *result, const char *id)
{
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(result, "indicators"), i, ind)
	{
		if (strcmp(json_string_value(json_object_get(ind, "id")), id) ==
		    0)
			return 1;
	}
	return 0;
}

/* Analyse a rule's example. An example may list "earlier" items, analysed
 * first with a fresh cross-page memory, for rules that need one. */
static int analyze_example(json_t **out, const lw_engine *engine,
			   const json_t *example)
{
	json_t *earlier = json_object_get(example, "earlier");
	/* No time budget: a pack's check must not depend on the machine. */
	lw_analyze_opts opts = {.item_budget_ms = LW_ITEM_BUDGET_NONE};
	if (json_array_size(earlier) &&
	    lw_memory_new(&opts.memory, 1000) == LW_ENOMEM)
		return LW_ENOMEM;
	size_t i;
	json_t *item;
	json_array_foreach(earlier, i, item)
	{
		json_t *result;
		int rc = lw_analyze(&result, engine, item, &opts);
		json_decref(result);
		if (rc == LW_ENOMEM) {
			lw_memory_free(opts.memory);
			return rc;
		}
	}
	int rc = lw_analyze(out, engine, example, &opts);
	lw_memory_free(opts.memory);
	return rc;
}

int lw_engine_check_examples(int *out_failures, int *out_total,
			     const lw_engine *engine, FILE *report)
{
	static const char *const kinds[2] = {"match", "no_match"};
	const lw_pack *pack = engine->pack;
	*out_failures = 0;
	*out_total = 0;
	for (size_t r = 0; r < pack->nrules; r++) {
		const lw_rule *rule = &pack->rules[r];
		for (int k = 0; k < 2; k++) {
			size_t i;
			json_t *ex;
			json_array_foreach(rule->examples[k], i, ex)
			{
				json_t *result;
				if (analyze_example(&result, engine, ex) ==
				    LW_ENOMEM)
					return LW_ENOMEM;
				int hit = result_has(result, rule->id);
				(*out_total)++;
				if (hit != (k == 0)) {
					(*out_failures)++;
					if (report)
						fprintf(report,
							"%s:%d: %s example %zu "
							"%s %s\n",
							rule->file,
							rule->example_lines[k]
									   [i],
							kinds[k], i + 1,
							k == 0 ? "does not "
								 "raise"
							       : "raises",
							rule->id);
				}
				json_decref(result);
			}
		}
	}
	return 0;
}
