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
#include "analysis.h"
#include "err.h"
#include "jsonin.h"
#include "result.h"
#include "thread.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int lw_engine_open(lw_engine **out, const char *rules_dir)
{
	*out = NULL;
	lw_engine *e = calloc(1, sizeof(*e));
	if (!e) {
		lw_error_set("out of memory");
		return LW_ENOMEM;
	}
	int rc = lw_pack_load(&e->pack, rules_dir);
	if (!rc && lw_matcher_init(&e->matcher)) {
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
	lw_matcher_clear(&engine->matcher);
	lw_heads_free(engine->heads);
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
	 * UTF-8: cut inside a character, it could not be written, and no
	 * evidence, cut or limit entry named the field. */
	size_t name_len = strlen(name);
	if (name_len >= sizeof(f->name))
		name_len = char_boundary(name, sizeof(f->name) - 1);
	memcpy(f->name, name, name_len);
	f->name[name_len] = '\0';
	f->orig = json_string_value(v);
	f->full_len = json_string_length(v);
	f->len = f->full_len;
	if (f->len > LW_FIELD_ANALYSE_MAX)
		f->len = char_boundary(f->orig, LW_FIELD_ANALYSE_MAX);
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
 * rule. Rules left out are marked skipped, and the match limits hit are
 * marked per field and rule for the result's notes. */
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
	for (size_t r = 0; r < pack->nrules; r++)
		a->fired[r] = a->spans[r].n > 0;
	return rc;
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
		lw_norm_clear(&a->fields[f].view);
		lw_candidates_clear(&a->fields[f].candidates);
		lw_xhits_clear(&a->fields[f].hits);
	}
	free(a->spans);
	free(a->fired);
	free(a->skipped);
	free(a->limited);
}

/* Write the error result of an item that is not valid, with msg as its
 * message and lw_error_last(). Returns LW_EINVAL, or LW_ENOMEM when
 * there is no result. */
static int write_invalid(lw_json_buf *buf, const json_t *item, const char *msg)
{
	json_t *error = NULL;
	lw_error_result(&error, item, "bad_request", msg);
	int rc = error ? lw_json_append(buf, error) : LW_ENOMEM;
	json_decref(error);
	lw_error_set("%s", msg);
	return rc ? LW_ENOMEM : LW_EINVAL;
}

/* Analyse an item and append its result's text to buf (lw_analyze_text
 * says what comes back). */
static int analyze_into(lw_json_buf *buf, const lw_engine *engine,
			const json_t *item, const lw_analyze_opts *opts)
{
	char msg[160];
	if (!item_is_valid(item, msg, sizeof(msg)))
		return write_invalid(buf, item, msg);
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
	int rc = LW_ENOMEM;
	if (a->spans && a->fired && a->skipped) {
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
			rc = lw_result_write(buf, a, item, thread);
		lw_thread_free(thread);
	}
	analysis_clear(a);
	free(a);
	if (rc == LW_ENOMEM) {
		lw_error_set("out of memory while analysing an item");
	} else if (rc) {
		lw_error_set("the result of an item could not be written "
			     "(a bug: please report it)");
		rc = LW_EINTERNAL;
	}
	return rc;
}

int lw_analyze_text(char **out_text, size_t *out_len, const lw_engine *engine,
		    const json_t *item, const lw_analyze_opts *opts)
{
	lw_json_buf buf = {0};
	int rc = analyze_into(&buf, engine, item, opts);
	if ((rc == 0 || rc == LW_EINVAL) && lw_json_put(&buf, "", 1)) {
		lw_error_set("out of memory while analysing an item");
		rc = LW_ENOMEM;
	}
	if (rc && rc != LW_EINVAL) {
		lw_json_buf_free(&buf);
		*out_text = NULL;
		*out_len = 0;
		return rc;
	}
	*out_text = buf.data;
	*out_len = buf.len - 1;
	return rc;
}

/* The tree is read back from the text, so that a result is made one way
 * only; the text is what jsonin.c reads fastest. */
int lw_analyze(json_t **out, const lw_engine *engine, const json_t *item,
	       const lw_analyze_opts *opts)
{
	char *text;
	size_t len;
	json_error_t error;
	*out = NULL;
	int rc = lw_analyze_text(&text, &len, engine, item, opts);
	if (!text)
		return rc;
	*out = lw_jsonin_load(NULL, text, len, JSON_ALLOW_NUL, &error);
	free(text);
	if (!*out) {
		lw_error_set("out of memory while analysing an item");
		return LW_ENOMEM;
	}
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
