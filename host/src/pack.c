/*
 * pack.c - load, validate and compile a rule pack (docs/rules.md).
 *
 * Everything a rule author can get wrong is checked here, and every problem
 * is reported as "FILE:LINE: message" before the pack is refused: a pack
 * that loads is a pack whose every rule is complete, compiles, and has its
 * examples. Nothing is skipped silently, because a rule that quietly fails
 * to load is a warning that a jobseeker never sees.
 */
#include "pack.h"
#include "err.h"
#include "jsonin.h"
#include "jsonpos.h"
#include "lurewatch.h"
#include "prefilter.h"
#include "sha256.h"
#include "thread.h"

#include <errno.h>
#ifndef _WIN32
#include <pthread.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The JSON text of a file being read and, once a line in it is asked
 * for, its line map. Most files load without a problem and never need
 * the map; building it only when asked keeps start-up quick. */
struct source {
	char *text;
	size_t len;
	lw_jsonpos *pos;
};

/* State of one load: the file being read, its text, the running count of
 * problems and the digest of every file read. */
struct loader {
	const char *dir;
	char file[1024];
	struct source src;
	int problems;
	lw_sha256 digest;
};

/* Forget a file's text and line map. */
static void source_free(struct source *src)
{
	free(src->text);
	lw_jsonpos_free(src->pos);
	*src = (struct source){0};
}

/* The line of the value at a JSON Pointer (printf-style) in a file's text,
 * building the line map on first use; 1 when it cannot be built (out of
 * memory: the message then points at the file's first line). */
LW_PRINTF(2, 3)
static int source_line(struct source *src, const char *fmt, ...)
{
	if (!src->pos && src->text)
		src->pos = lw_jsonpos_scan(src->text, src->len);
	va_list ap;
	va_start(ap, fmt);
	int line = lw_jsonpos_vline(src->pos, fmt, ap);
	va_end(ap);
	return line;
}

static const char *const severity_names[LW_SEV_COUNT] = {"weak", "medium",
							 "strong"};
static const char *const level_names[LW_LEVEL_COUNT] = {"none", "low", "medium",
							"high"};
static const char *const category_names[] = {"job_lure", "astroturf", NULL};

const char *lw_severity_name(lw_severity s)
{
	return s < LW_SEV_COUNT ? severity_names[s] : "?";
}

const char *lw_level_name(lw_level l)
{
	return l < LW_LEVEL_COUNT ? level_names[l] : "?";
}

/* Report one problem found at a line of the current file. Callers find
 * the line of the offending value with AT(pointer) below. */
LW_PRINTF(3, 4)
static void problem(struct loader *ld, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ld->problems++ == 0)
		lw_error_set("%s:%d: %s", ld->file, line, msg);
	else
		lw_error_append("%s:%d: %s", ld->file, line, msg);
}

/* Look up the index of a name in a NULL-terminated or counted list; -1
 * when absent. */
static int name_index(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n && names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

/* A file's bytes as read_bytes found them: a new buffer of its size (NUL
 * after the end), or why it could not be read. */
struct file_bytes {
	int rc; /* 0, LW_EIO or LW_ENOMEM */
	char *buf;
	size_t len;
	char why[160]; /* the problem, when rc is LW_EIO */
};

/* Read a whole file of at most LW_RULE_FILE_MAX bytes. It reports
 * nothing and touches no loader state, so that another thread can read
 * the translations ahead of the loading thread (read_ahead). */
static void read_bytes(struct file_bytes *out, const char *path)
{
	*out = (struct file_bytes){0};
	out->rc = LW_EIO;
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(out->why, sizeof(out->why), "cannot open: %s",
			 strerror(errno));
		return;
	}
	long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
	rewind(f);
	if (size < 0 || size > LW_RULE_FILE_MAX) {
		fclose(f);
		if (size < 0)
			snprintf(out->why, sizeof(out->why),
				 "cannot tell its size");
		else
			snprintf(out->why, sizeof(out->why),
				 "larger than %d bytes", LW_RULE_FILE_MAX);
		return;
	}
	char *buf = malloc((size_t)size + 2);
	if (!buf) {
		fclose(f);
		out->rc = LW_ENOMEM;
		return;
	}
	/* One byte more than its size: a file that grows while it is read
	 * is refused rather than read in part. */
	size_t len = fread(buf, 1, (size_t)size + 1, f);
	int failed = ferror(f);
	fclose(f);
	if (failed || len != (size_t)size) {
		snprintf(out->why, sizeof(out->why), "%s",
			 failed ? "read error"
				: "it changed while it was read");
		free(buf);
		return;
	}
	buf[len] = '\0';
	*out = (struct file_bytes){.buf = buf, .len = len};
}

/* Take a file's bytes into the loader: report why they could not be read,
 * or add them to the pack's digest and hand the buffer over. */
static int take_bytes(struct loader *ld, struct file_bytes *bytes,
		      const char *rel, char **out, size_t *out_len)
{
	if (bytes->rc == LW_EIO)
		problem(ld, 1, "%s", bytes->why);
	if (bytes->rc)
		return bytes->rc;
	lw_sha256_update(&ld->digest, rel, strlen(rel) + 1);
	lw_sha256_update(&ld->digest, bytes->buf, bytes->len);
	*out = bytes->buf;
	*out_len = bytes->len;
	bytes->buf = NULL;
	return 0;
}

/* Read a whole file of at most LW_RULE_FILE_MAX bytes into a new buffer
 * of its size and add it to the pack's digest. */
static int read_file(struct loader *ld, const char *path, const char *rel,
		     char **out, size_t *out_len)
{
	struct file_bytes bytes;
	read_bytes(&bytes, path);
	return take_bytes(ld, &bytes, rel, out, out_len);
}

/* Parse the JSON text of the loader's current file, taking the text over:
 * on success it becomes the loader's current text (for AT; the loader must
 * hold none), on a syntax error the problem is reported at jansson's line
 * and the text freed. */
static int parse_json(struct loader *ld, char *text, size_t len, json_t **out)
{
	json_error_t jerr;
	*out = lw_jsonin_load(NULL, text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!*out) {
		problem(ld, jerr.line > 0 ? jerr.line : 1, "%s", jerr.text);
		free(text);
		return LW_ERULES;
	}
	ld->src = (struct source){text, len, NULL};
	return 0;
}

/* Read and parse the JSON file dir/rel; on success the loader's current
 * file and text are this file's. */
static int load_json(struct loader *ld, const char *rel, json_t **out)
{
	char path[1024];
	char *text;
	size_t len;
	snprintf(path, sizeof(path), "%s/%s", ld->dir, rel);
	snprintf(ld->file, sizeof(ld->file), "%s", path);
	source_free(&ld->src);
	int rc = read_file(ld, path, rel, &text, &len);
	return rc ? rc : parse_json(ld, text, len, out);
}

/* Line of the value at a pointer in the current file. */
#define AT(...) source_line(&ld->src, __VA_ARGS__)

/* Refuse keys that the format does not know: a misspelt "examples" must
 * not turn into a rule without examples. */
static void check_keys(struct loader *ld, const json_t *obj,
		       const char *const *allowed, const char *where)
{
	const char *key;
	json_t *value;
	json_object_foreach((json_t *)obj, key, value)
	{
		if (name_index(allowed, (size_t)-1, key) < 0)
			problem(ld, AT("%s/%s", where, key),
				"unknown key \"%s\"", key);
	}
}

/* Fetch a required or optional string member; reports the problem. */
static const char *get_string(struct loader *ld, const json_t *obj,
			      const char *key, int required, const char *where)
{
	json_t *v = json_object_get(obj, key);
	if (!v) {
		if (required)
			problem(ld, AT("%s", where), "missing \"%s\"", key);
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) == 0) {
		problem(ld, AT("%s/%s", where, key),
			"\"%s\" must be a non-empty string", key);
		return NULL;
	}
	return json_string_value(v);
}

/* Fetch a number member within [min, max]; returns fallback when absent
 * and not required. */
static double get_number(struct loader *ld, const json_t *obj, const char *key,
			 int required, double min, double max, double fallback,
			 const char *where)
{
	json_t *v = json_object_get(obj, key);
	if (!v) {
		if (required)
			problem(ld, AT("%s", where), "missing \"%s\"", key);
		return fallback;
	}
	if (!json_is_number(v) || json_number_value(v) < min ||
	    json_number_value(v) > max) {
		problem(ld, AT("%s/%s", where, key),
			"\"%s\" must be a number from %g to %g", key, min, max);
		return fallback;
	}
	return json_number_value(v);
}

/* Check a user-facing text: an object from language code to a non-empty
 * string, with English present. Returns a new reference or NULL. */
static json_t *get_texts(struct loader *ld, const json_t *obj, const char *key,
			 const char *where)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_object(v)) {
		problem(ld, AT("%s/%s", where, key),
			"\"%s\" must be an object of language -> text", key);
		return NULL;
	}
	const char *lang;
	json_t *text;
	json_object_foreach(v, lang, text)
	{
		if (!json_is_string(text) || json_string_length(text) == 0)
			problem(ld, AT("%s/%s/%s", where, key, lang),
				"\"%s\" in \"%s\" must be a non-empty string",
				lang, key);
	}
	if (!json_object_get(v, "en"))
		problem(ld, AT("%s/%s", where, key),
			"\"%s\" needs an English (\"en\") text", key);
	return json_incref(v);
}

/* Check a list of sources: at least one {ref, cite, url?}. */
static json_t *get_sources(struct loader *ld, const json_t *obj,
			   const char *where)
{
	static const char *const keys[] = {"ref", "cite", "url", NULL};
	json_t *v = json_object_get(obj, "sources");
	if (!json_is_array(v) || json_array_size(v) == 0) {
		problem(ld, AT("%s/sources", where),
			"\"sources\" must list at least one source");
		return NULL;
	}
	size_t i;
	json_t *src;
	json_array_foreach(v, i, src)
	{
		char at[64];
		snprintf(at, sizeof(at), "%s/sources/%zu", where, i);
		if (!json_is_object(src)) {
			problem(ld, AT("%s", at), "a source must be an object");
			continue;
		}
		check_keys(ld, src, keys, at);
		get_string(ld, src, "cite", 1, at);
		get_string(ld, src, "ref", 0, at);
		get_string(ld, src, "url", 0, at);
	}
	return json_incref(v);
}

/* Compile one pattern's source under the engine's fixed flags. */
static pcre2_code *compile_source(const char *source, int *code,
				  PCRE2_SIZE *offset)
{
	return pcre2_compile((PCRE2_SPTR)source, PCRE2_ZERO_TERMINATED,
			     PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS |
				     PCRE2_MATCH_INVALID_UTF |
				     PCRE2_USE_OFFSET_LIMIT,
			     code, offset, NULL);
}

/* Compile a pattern; its problems are reported by check_pattern. JIT
 * compilation waits until the pattern first runs (match.c): with the
 * prefilter most patterns never run on a given page, and compiling all of
 * them made start-up several times slower. */
static void compile_pattern(struct loader *ld, lw_pattern *p, size_t index)
{
	int code;
	PCRE2_SIZE offset;
	(void)ld;
	(void)index;
	p->code = compile_source(p->source, &code, &offset);
}

/* Refuse a pattern that did not compile or that can match an empty string
 * (it would fire on every item). A pattern that did not compile is
 * compiled again for PCRE2's message: that happens only to broken packs.
 * The loader's current file must be the pattern's. */
static void check_pattern(struct loader *ld, lw_pattern *p, size_t index)
{
	if (!p->code) {
		int code;
		PCRE2_SIZE offset;
		PCRE2_UCHAR msg[256];
		pcre2_code_free(compile_source(p->source, &code, &offset));
		pcre2_get_error_message(code, msg, sizeof(msg));
		problem(ld, p->line, "pattern %zu: PCRE2: %s at offset %zu",
			index + 1, (char *)msg, (size_t)offset);
		return;
	}
	uint32_t minlength = 0;
	pcre2_pattern_info(p->code, PCRE2_INFO_MINLENGTH, &minlength);
	if (minlength == 0)
		problem(ld, p->line, "pattern %zu can match an empty string",
			index + 1);
}

/* Visit the patterns of every guard and rule in the pack's order, the
 * loader's current file set to theirs. */
static void each_pattern(struct loader *ld, lw_pack *pack,
			 void (*visit)(struct loader *ld, lw_pattern *p,
				       size_t index))
{
	snprintf(ld->file, sizeof(ld->file), "%s/pack.json", ld->dir);
	for (size_t g = 0; g < pack->nguards; g++)
		for (size_t i = 0; i < pack->guards[g].npatterns; i++)
			visit(ld, &pack->guards[g].patterns[i], i);
	for (size_t r = 0; r < pack->nrules; r++) {
		snprintf(ld->file, sizeof(ld->file), "%s",
			 pack->rules[r].file ? pack->rules[r].file : "");
		for (size_t i = 0; i < pack->rules[r].npatterns; i++)
			visit(ld, &pack->rules[r].patterns[i], i);
	}
}

/* Read a list of {lang, re} patterns at a JSON pointer into compiled
 * form; when languages is not NULL, add each pattern's language to it. */
static int load_patterns(struct loader *ld, const json_t *list,
			 const char *where, lw_pattern **out, size_t *n,
			 json_t *languages)
{
	static const char *const keys[] = {"lang", "re", NULL};
	if (!json_is_array(list)) {
		problem(ld, AT("%s", where), "patterns must be an array");
		return 0;
	}
	*out = calloc(json_array_size(list) + 1, sizeof(lw_pattern));
	if (!*out)
		return LW_ENOMEM;
	size_t i;
	json_t *p;
	json_array_foreach(list, i, p)
	{
		char at[128];
		snprintf(at, sizeof(at), "%s/%zu", where, i);
		if (!json_is_object(p)) {
			problem(ld, AT("%s", at),
				"pattern %zu must be {\"lang\", \"re\"}",
				i + 1);
			continue;
		}
		check_keys(ld, p, keys, at);
		const char *lang = get_string(ld, p, "lang", 1, at);
		const char *re = get_string(ld, p, "re", 1, at);
		if (!lang || !re)
			continue;
		lw_pattern *pat = &(*out)[(*n)++];
		snprintf(pat->lang, sizeof(pat->lang), "%s", lang);
		pat->source = strdup(re);
		if (!pat->source)
			return LW_ENOMEM;
		pat->line = AT("%s/re", at); /* compiled in compile_all */
		if (!languages || strcmp(lang, "*") == 0)
			continue;
		size_t j;
		json_t *known;
		int seen = 0;
		json_array_foreach(languages, j, known) seen |=
			strcmp(json_string_value(known), lang) == 0;
		if (!seen)
			json_array_append_new(languages, json_string(lang));
	}
	return 0;
}

/* Attach the guard a rule names ("guard": "NAME" from pack.json). */
static void load_guard(struct loader *ld, const lw_pack *pack, lw_rule *rule,
		       const json_t *obj)
{
	json_t *name = json_object_get(obj, "guard");
	if (!name)
		return;
	for (size_t i = 0; json_is_string(name) && i < pack->nguards; i++)
		if (strcmp(pack->guards[i].name, json_string_value(name)) ==
		    0) {
			rule->guard = &pack->guards[i];
			return;
		}
	problem(ld, AT("/guard"), "\"guard\" must name a guard of pack.json");
}

/* Read pack.json's guards: named pattern lists that cancel a rule's match
 * when one of them occurs just before it in the same sentence. */
static int load_guards(struct loader *ld, lw_pack *pack, const json_t *meta)
{
	static const char *const keys[] = {"window", "patterns", "notes", NULL};
	json_t *guards = json_object_get(meta, "guards");
	if (!guards)
		return 0;
	if (!json_is_object(guards)) {
		problem(ld, AT("/guards"), "\"guards\" must be an object");
		return 0;
	}
	pack->guards = calloc(json_object_size(guards) + 1, sizeof(lw_guard));
	if (!pack->guards)
		return LW_ENOMEM;
	const char *name;
	json_t *g;
	json_object_foreach(guards, name, g)
	{
		char at[128];
		snprintf(at, sizeof(at), "/guards/%s", name);
		if (!json_is_object(g)) {
			problem(ld, AT("%s", at), "a guard must be an object");
			continue;
		}
		check_keys(ld, g, keys, at);
		lw_guard *guard = &pack->guards[pack->nguards++];
		guard->name = strdup(name);
		if (!guard->name)
			return LW_ENOMEM;
		guard->window = (int)get_number(ld, g, "window", 1, 1,
						LW_GUARD_WINDOW_MAX, 1, at);
		char list_at[160];
		snprintf(list_at, sizeof(list_at), "%s/patterns", at);
		int rc = load_patterns(ld, json_object_get(g, "patterns"),
				       list_at, &guard->patterns,
				       &guard->npatterns, NULL);
		if (rc)
			return rc;
	}
	return 0;
}

/* Read a rule's extractor and its conditions. */
static void load_extractor(struct loader *ld, lw_rule *rule, const json_t *obj)
{
	static const char *const keys[] = {
		"name",		  "channels",	     "free_mail", "kinds",
		"min_wage_ratio", "min_monthly_usd", NULL};
	static const char *const kinds[] = {"money", "contact", "url", "place",
					    NULL};
	json_t *x = json_object_get(obj, "extractor");
	if (!x)
		return;
	if (!json_is_object(x)) {
		problem(ld, AT("/extractor"),
			"\"extractor\" must be an object");
		return;
	}
	check_keys(ld, x, keys, "/extractor");
	const char *name = get_string(ld, x, "name", 1, "/extractor");
	int kind = name ? name_index(kinds, (size_t)-1, name) : -1;
	if (name && kind < 0) {
		problem(ld, AT("/extractor/name"),
			"unknown extractor \"%s\" (money, contact, url, place)",
			name);
		return;
	}
	if (kind < 0)
		return;
	lw_xcond *c = &rule->extractor;
	c->present = 1;
	c->kind = (lw_xkind)kind;
	const char *list_key = c->kind == LW_X_CONTACT ? "channels" : "kinds";
	json_t *subtypes = json_object_get(x, list_key);
	if (subtypes) {
		size_t i;
		json_t *s;
		int ok = json_is_array(subtypes);
		json_array_foreach(subtypes, i, s) ok &= json_is_string(s);
		if (!ok)
			problem(ld, AT("/extractor/%s", list_key),
				"\"%s\" must be an array of strings", list_key);
		else
			c->subtypes = json_incref(subtypes);
	}
	json_t *fm = json_object_get(x, "free_mail");
	if (fm && !json_is_boolean(fm))
		problem(ld, AT("/extractor/free_mail"),
			"\"free_mail\" must be true or false");
	c->free_mail_only = json_is_true(fm);
	c->min_wage_ratio = get_number(ld, x, "min_wage_ratio", 0, 0, 1000, 0,
				       "/extractor");
	c->min_monthly_usd = get_number(ld, x, "min_monthly_usd", 0, 0, 1e9, 0,
					"/extractor");
}

/* Check that "fields" names fields the engine knows how to select. */
static void load_fields(struct loader *ld, lw_rule *rule, const json_t *obj)
{
	json_t *f = json_object_get(obj, "fields");
	if (!f)
		return;
	size_t i;
	json_t *s;
	int ok = json_is_array(f) && json_array_size(f) > 0;
	json_array_foreach(f, i, s)
	{
		const char *name = json_string_value(s);
		if (!name ||
		    (strcmp(name, "title") != 0 && strcmp(name, "text") != 0 &&
		     strncmp(name, "fields.", 7) != 0)) {
			problem(ld, AT("/fields/%zu", i),
				"a field is \"title\", \"text\", "
				"\"fields.NAME\" or \"fields.*\"");
			ok = 0;
		}
	}
	if (!json_is_array(f) || json_array_size(f) == 0)
		problem(ld, AT("/fields"),
			"\"fields\" must be a non-empty array");
	if (ok)
		rule->fields = json_incref(f);
}

/* Check the examples: at least two of each kind, each an item object. */
static int load_examples(struct loader *ld, lw_rule *rule, const json_t *obj)
{
	static const char *const kinds[2] = {"match", "no_match"};
	json_t *ex = json_object_get(obj, "examples");
	if (!json_is_object(ex)) {
		problem(ld, AT("/examples"),
			"\"examples\" must be an object with \"match\" and "
			"\"no_match\"");
		return 0;
	}
	static const char *const keys[] = {"match", "no_match", NULL};
	check_keys(ld, ex, keys, "/examples");
	for (int k = 0; k < 2; k++) {
		json_t *list = json_object_get(ex, kinds[k]);
		size_t n = json_is_array(list) ? json_array_size(list) : 0;
		if (n < 2) {
			problem(ld, AT("/examples/%s", kinds[k]),
				"examples.%s needs at least 2 examples, found "
				"%zu",
				kinds[k], n);
			continue;
		}
		rule->example_lines[k] = calloc(n, sizeof(int));
		if (!rule->example_lines[k])
			return LW_ENOMEM;
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_array_get(list, i);
			int line = AT("/examples/%s/%zu", kinds[k], i);
			rule->example_lines[k][i] = line;
			if (!json_is_object(e) ||
			    !(json_is_string(json_object_get(e, "text")) ||
			      json_is_string(json_object_get(e, "title")))) {
				problem(ld, line,
					"example must be an item with a "
					"\"text\" or \"title\" string");
			}
		}
		rule->examples[k] = json_incref(list);
	}
	return 0;
}

/* Read and check one rule file into rule. */
static int load_rule(struct loader *ld, const lw_pack *pack, lw_rule *rule,
		     const char *rel)
{
	static const char *const keys[] = {
		"id",	    "category", "severity",  "weight",
		"patterns", "guard",	"extractor", "fields",
		"title",    "why",	"advice",    "sources",
		"examples", "notes",	"signal",    NULL};
	json_t *obj = NULL;
	int rc = load_json(ld, rel, &obj);
	if (rc) {
		/* Already reported; keep a unique placeholder id so that the
		 * checks that follow stay meaningful. */
		rule->id = strdup(rel);
		return rc == LW_ENOMEM || !rule->id ? LW_ENOMEM : 0;
	}
	rule->file = strdup(ld->file);
	rule->languages = json_array();
	if (!rule->file || !rule->languages) {
		json_decref(obj);
		return LW_ENOMEM;
	}
	rule->line = 1;
	if (!json_is_object(obj)) {
		problem(ld, 1, "a rule file holds one JSON object");
		json_decref(obj);
		return 0;
	}
	check_keys(ld, obj, keys, "");
	const char *id = get_string(ld, obj, "id", 1, "");
	if (id) {
		int ok = id[0] >= 'A' && id[0] <= 'Z';
		for (const char *c = id; *c; c++)
			ok &= (*c >= 'A' && *c <= 'Z') ||
			      (*c >= '0' && *c <= '9') || *c == '_';
		if (!ok)
			problem(ld, AT("/id"),
				"id \"%s\" must be UPPER_SNAKE_CASE", id);
	}
	rule->id = strdup(id ? id : "?");
	const char *cat = get_string(ld, obj, "category", 1, "");
	if (cat && name_index(category_names, (size_t)-1, cat) < 0)
		problem(ld, AT("/category"),
			"category \"%s\" is not job_lure or astroturf", cat);
	rule->category = strdup(cat ? cat : "?");
	const char *sev = get_string(ld, obj, "severity", 1, "");
	int s = sev ? name_index(severity_names, LW_SEV_COUNT, sev) : 0;
	if (s < 0) {
		problem(ld, AT("/severity"),
			"severity \"%s\" is not weak, medium or strong", sev);
		s = 0;
	}
	rule->severity = (lw_severity)s;
	rule->weight = get_number(ld, obj, "weight", 0, 0, 100, -1, "");
	if (!rule->id || !rule->category)
		rc = LW_ENOMEM;
	if (!rc)
		rc = json_object_get(obj, "patterns")
			     ? load_patterns(ld,
					     json_object_get(obj, "patterns"),
					     "/patterns", &rule->patterns,
					     &rule->npatterns, rule->languages)
			     : 0;
	load_guard(ld, pack, rule, obj);
	load_extractor(ld, rule, obj);
	const char *signal = get_string(ld, obj, "signal", 0, "");
	if (signal) {
		rule->signal = (int)lw_signal_from_name(signal);
		if (!rule->signal)
			problem(ld, AT("/signal"),
				"unknown signal \"%s\" (near_duplicate, "
				"contact_reuse, burst, new_accounts, "
				"digit_handles, seen_elsewhere)",
				signal);
	}
	if (!rc && rule->npatterns == 0 && !rule->extractor.present && !signal)
		problem(ld, 1,
			"rule %s has neither patterns, an extractor nor a "
			"signal",
			rule->id);
	load_fields(ld, rule, obj);
	rule->title = get_texts(ld, obj, "title", "");
	rule->why = get_texts(ld, obj, "why", "");
	rule->advice = get_texts(ld, obj, "advice", "");
	rule->sources = get_sources(ld, obj, "");
	if (!rc)
		rc = load_examples(ld, rule, obj);
	json_decref(obj);
	return rc;
}

/* Index of a rule id in the pack; -1 when absent. */
static int rule_index(const lw_pack *pack, const char *id)
{
	for (size_t i = 0; i < pack->nrules; i++)
		if (strcmp(pack->rules[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* Resolve a combination's list of rule ids into indexes. */
static int combo_ids(struct loader *ld, const lw_pack *pack, const json_t *c,
		     const char *key, size_t **out, size_t *n, int required,
		     size_t ci)
{
	json_t *list = json_object_get(c, key);
	if (!list && !required)
		return 0;
	if (!json_is_array(list) || json_array_size(list) == 0) {
		problem(ld, AT("/combinations/%zu/%s", ci, key),
			"\"%s\" must be a non-empty array of rule ids", key);
		return 0;
	}
	*out = calloc(json_array_size(list), sizeof(size_t));
	if (!*out)
		return LW_ENOMEM;
	size_t i;
	json_t *id;
	json_array_foreach(list, i, id)
	{
		int r = json_is_string(id)
				? rule_index(pack, json_string_value(id))
				: -1;
		if (r < 0)
			problem(ld, AT("/combinations/%zu/%s/%zu", ci, key, i),
				"combination refers to unknown rule %s",
				json_is_string(id) ? json_string_value(id)
						   : "(not a string)");
		else
			(*out)[(*n)++] = (size_t)r;
	}
	return 0;
}

/* Read pack.json's combinations. */
static int load_combos(struct loader *ld, lw_pack *pack, const json_t *meta)
{
	static const char *const keys[] = {
		"id",  "all",	 "any",	    "weight", "min_level", "title",
		"why", "advice", "sources", "notes",  NULL};
	json_t *list = json_object_get(meta, "combinations");
	if (!list)
		return 0;
	if (!json_is_array(list)) {
		problem(ld, AT("/combinations"),
			"\"combinations\" must be an array");
		return 0;
	}
	pack->combos = calloc(json_array_size(list) + 1, sizeof(lw_combo));
	if (!pack->combos)
		return LW_ENOMEM;
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c)
	{
		char at[64];
		snprintf(at, sizeof(at), "/combinations/%zu", i);
		if (!json_is_object(c)) {
			problem(ld, AT("%s", at),
				"a combination must be an object");
			continue;
		}
		lw_combo *combo = &pack->combos[pack->ncombos++];
		check_keys(ld, c, keys, at);
		const char *id = get_string(ld, c, "id", 1, at);
		combo->id = strdup(id ? id : "?");
		if (!combo->id)
			return LW_ENOMEM;
		if (id && rule_index(pack, id) >= 0)
			problem(ld, AT("%s/id", at),
				"combination id %s is already a rule id", id);
		int rc = combo_ids(ld, pack, c, "all", &combo->all,
				   &combo->nall, 1, i);
		if (!rc)
			rc = combo_ids(ld, pack, c, "any", &combo->any,
				       &combo->nany, 0, i);
		if (rc)
			return rc;
		combo->weight = get_number(ld, c, "weight", 1, 0, 100, 0, at);
		const char *lvl = get_string(ld, c, "min_level", 0, at);
		int l = lvl ? name_index(level_names, LW_LEVEL_COUNT, lvl) : 0;
		if (l < 0)
			problem(ld, AT("%s/min_level", at),
				"min_level \"%s\" is not a level", lvl);
		combo->min_level = l < 0 ? LW_LEVEL_NONE : (lw_level)l;
		combo->title = get_texts(ld, c, "title", at);
		combo->why = get_texts(ld, c, "why", at);
		combo->advice = get_texts(ld, c, "advice", at);
		combo->sources = get_sources(ld, c, at);
	}
	return 0;
}

/* The texts (title, why, advice) of the rule or combination with this id,
 * or 0 when there is none. */
static int find_texts(lw_pack *pack, const char *id, json_t *texts[3])
{
	for (size_t i = 0; i < pack->nrules; i++)
		if (strcmp(pack->rules[i].id, id) == 0) {
			texts[0] = pack->rules[i].title;
			texts[1] = pack->rules[i].why;
			texts[2] = pack->rules[i].advice;
			return 1;
		}
	for (size_t i = 0; i < pack->ncombos; i++)
		if (strcmp(pack->combos[i].id, id) == 0) {
			texts[0] = pack->combos[i].title;
			texts[1] = pack->combos[i].why;
			texts[2] = pack->combos[i].advice;
			return 1;
		}
	return 0;
}

/* Add one translation file's texts to the rules and combinations. The
 * language is the file's name ("texts/vi.json" is Vietnamese). */
static void merge_texts(struct loader *ld, lw_pack *pack, const json_t *obj,
			const char *lang)
{
	static const char *const keys[] = {"title", "why", "advice", NULL};
	const char *id;
	json_t *entry;
	if (!json_is_object(obj)) {
		problem(ld, 1, "a text file holds one object: id -> texts");
		return;
	}
	json_object_foreach((json_t *)obj, id, entry)
	{
		char at[160];
		json_t *texts[3] = {NULL, NULL, NULL};
		snprintf(at, sizeof(at), "/%s", id);
		if (!find_texts(pack, id, texts)) {
			problem(ld, AT("%s", at), "no rule or combination %s",
				id);
			continue;
		}
		if (!json_is_object(entry)) {
			problem(ld, AT("%s", at),
				"texts of %s must be {title, why, advice}", id);
			continue;
		}
		check_keys(ld, entry, keys, at);
		for (int k = 0; k < 3; k++) {
			json_t *text = json_object_get(entry, keys[k]);
			if (!text || !texts[k])
				continue;
			if (!json_is_string(text) ||
			    json_string_length(text) == 0)
				problem(ld, AT("%s/%s", at, keys[k]),
					"\"%s\" must be a non-empty string",
					keys[k]);
			else if (json_object_get(texts[k], lang))
				problem(ld, AT("%s/%s", at, keys[k]),
					"%s already has a \"%s\" %s in its "
					"own file",
					id, lang, keys[k]);
			else
				json_object_set(texts[k], lang, text);
		}
	}
}

/* Read and hash a translation file; it is parsed when its language is
 * first asked for (lw_pack_use_texts). */
static int keep_texts_file(struct loader *ld, lw_pack *pack, const char *rel,
			   const char *lang, struct file_bytes *ahead)
{
	lw_texts_file *tf = &pack->texts_files[pack->ntexts_files];
	snprintf(ld->file, sizeof(ld->file), "%s/%s", ld->dir, rel);
	int rc = ahead && (ahead->rc || ahead->buf)
			 ? take_bytes(ld, ahead, rel, &tf->text, &tf->len)
			 : read_file(ld, ld->file, rel, &tf->text, &tf->len);
	if (rc)
		return rc;
	tf->path = strdup(ld->file);
	if (!tf->path) {
		free(tf->text);
		return LW_ENOMEM;
	}
	snprintf(tf->lang, sizeof(tf->lang), "%s", lang);
	pack->ntexts_files++;
	return 0;
}

/* Parse one kept translation file into the rules' texts and let go of
 * its bytes. */
static void parse_texts_file(struct loader *ld, lw_pack *pack,
			     lw_texts_file *tf)
{
	json_t *obj;
	snprintf(ld->file, sizeof(ld->file), "%s", tf->path);
	if (parse_json(ld, tf->text, tf->len, &obj) == 0) {
		merge_texts(ld, pack, obj, tf->lang);
		json_decref(obj);
	}
	tf->text = NULL; /* the loader's now, or freed */
	source_free(&ld->src);
}

int lw_lang_primary(char out[16], const char *lang)
{
	size_t n = strcspn(lang, "-_");
	if (n >= 16)
		return 0;
	memcpy(out, lang, n);
	out[n] = '\0';
	return 1;
}

/* Parse the kept translation files of lang and of its primary subtag, or
 * all of them when lang is NULL. The loader's current file is kept. */
static void use_texts(struct loader *ld, lw_pack *pack, const char *lang)
{
	struct source current = ld->src;
	char current_file[sizeof(ld->file)];
	snprintf(current_file, sizeof(current_file), "%s", ld->file);
	ld->src = (struct source){0};
	char primary[16];
	int has_primary = lang && lw_lang_primary(primary, lang);
	for (size_t i = 0; i < pack->ntexts_files; i++) {
		lw_texts_file *tf = &pack->texts_files[i];
		if (tf->text &&
		    (!lang || strcmp(tf->lang, lang) == 0 ||
		     (has_primary && strcmp(tf->lang, primary) == 0)))
			parse_texts_file(ld, pack, tf);
	}
	ld->src = current;
	snprintf(ld->file, sizeof(ld->file), "%s", current_file);
}

int lw_pack_use_texts(lw_pack *pack, const char *lang)
{
	struct loader ld = {0};
	use_texts(&ld, pack, lang);
	return ld.problems ? LW_ERULES : 0;
}

/* Read pack.json's "text_files": translations of the rules' titles, "why"
 * and advice, one file per language, so that translators work on one file
 * of their language instead of on every rule. English stays in the rules. */
static int load_text_files(struct loader *ld, lw_pack *pack, const json_t *meta,
			   struct file_bytes *ahead)
{
	json_t *files = json_object_get(meta, "text_files");
	if (!files)
		return 0;
	if (!json_is_array(files)) {
		problem(ld, AT("/text_files"),
			"\"text_files\" must be an array of file names");
		return 0;
	}
	pack->texts_files =
		calloc(json_array_size(files) + 1, sizeof(lw_texts_file));
	if (!pack->texts_files)
		return LW_ENOMEM;
	struct source meta_src = ld->src;
	char meta_file[1024];
	snprintf(meta_file, sizeof(meta_file), "%s", ld->file);
	ld->src = (struct source){0};
	int rc = 0;
	for (size_t i = 0; i < json_array_size(files) && rc != LW_ENOMEM; i++) {
		const char *rel = json_string_value(json_array_get(files, i));
		const char *base = rel ? strrchr(rel, '/') : NULL;
		char lang[16] = "";
		base = base ? base + 1 : rel;
		if (base && strlen(base) > 5 &&
		    strlen(base) - 5 < sizeof(lang) &&
		    strcmp(base + strlen(base) - 5, ".json") == 0)
			snprintf(lang, sizeof(lang), "%.*s",
				 (int)(strlen(base) - 5), base);
		if (!lang[0] || strcmp(lang, "en") == 0 || strstr(rel, "..")) {
			snprintf(ld->file, sizeof(ld->file), "%s", meta_file);
			problem(ld,
				source_line(&meta_src, "/text_files/%zu", i),
				"a text file is LANG.json inside the pack (not "
				"en: English stays in the rules)");
			continue;
		}
		rc = keep_texts_file(ld, pack, rel, lang,
				     ahead ? &ahead[i] : NULL);
	}
	ld->src = meta_src;
	snprintf(ld->file, sizeof(ld->file), "%s", meta_file);
	return rc == LW_ENOMEM ? rc : 0;
}

/* Read pack.json's weights, caps, levels and floors. */
static void load_scoring(struct loader *ld, lw_pack *pack, const json_t *meta)
{
	json_t *w = json_object_get(meta, "severity_weights");
	for (int s = 0; s < LW_SEV_COUNT; s++)
		pack->severity_weight[s] =
			json_is_object(w)
				? get_number(ld, w, severity_names[s], 1, 0,
					     100, 0, "/severity_weights")
				: 0;
	if (!json_is_object(w))
		problem(ld, AT("/severity_weights"),
			"\"severity_weights\" must give weak, medium, strong");
	json_t *lv = json_object_get(meta, "levels");
	if (!json_is_object(lv))
		problem(ld, AT("/levels"),
			"\"levels\" must give low, medium and high");
	for (int l = LW_LEVEL_LOW; l < LW_LEVEL_COUNT && json_is_object(lv);
	     l++) {
		pack->level_min[l] = get_number(ld, lv, level_names[l], 1, 0,
						100, 0, "/levels");
		if (pack->level_min[l] <= pack->level_min[l - 1])
			problem(ld, AT("/levels/%s", level_names[l]),
				"level %s must need a higher score than %s",
				level_names[l], level_names[l - 1]);
	}
	json_t *caps = json_object_get(meta, "category_caps");
	const char *cat;
	json_t *cap;
	if (!json_is_object(caps))
		problem(ld, AT("/category_caps"),
			"\"category_caps\" must be an object");
	json_object_foreach(caps, cat, cap)
	{
		if (!json_is_number(cap))
			problem(ld, AT("/category_caps/%s", cat),
				"cap of %s must be a number", cat);
	}
	pack->category_caps = json_incref(caps);
	json_t *floors = json_object_get(meta, "level_floors");
	if (!floors)
		return;
	pack->floors = calloc(json_array_size(floors) + 1, sizeof(lw_floor));
	size_t i;
	json_t *f;
	json_array_foreach(floors, i, f)
	{
		const char *sev =
			json_string_value(json_object_get(f, "severity"));
		const char *lvl =
			json_string_value(json_object_get(f, "level"));
		json_t *count = json_object_get(f, "count");
		int s = sev ? name_index(severity_names, LW_SEV_COUNT, sev)
			    : -1;
		int l = lvl ? name_index(level_names, LW_LEVEL_COUNT, lvl) : -1;
		if (!pack->floors || s < 0 || l < 0 ||
		    !json_is_integer(count) || json_integer_value(count) < 1) {
			problem(ld, AT("/level_floors/%zu", i),
				"a floor is {\"severity\", \"count\" >= 1, "
				"\"level\"}");
			continue;
		}
		pack->floors[pack->nfloors++] =
			(lw_floor){(lw_severity)s,
				   (int)json_integer_value(count), (lw_level)l};
	}
}

/* Gather the pack's detection and interface languages for "hello". */
static json_t *pack_languages(const lw_pack *pack, int ui)
{
	json_t *set = json_object();
	for (size_t i = 0; i < pack->nrules; i++) {
		const lw_rule *r = &pack->rules[i];
		if (ui) {
			const char *lang;
			json_t *v;
			json_object_foreach(r->title, lang, v)
				json_object_set(set, lang, json_true());
		} else {
			size_t j;
			json_t *v;
			json_array_foreach(r->languages, j, v) json_object_set(
				set, json_string_value(v), json_true());
		}
	}
	for (size_t i = 0; ui && i < pack->ntexts_files; i++)
		json_object_set(set, pack->texts_files[i].lang, json_true());
	json_t *list = json_array();
	const char *key;
	json_t *v;
	json_object_foreach(set, key, v)
		json_array_append_new(list, json_string(key));
	json_decref(set);
	return list;
}

/* Count a data table's load failure (already "FILE:LINE: message") among
 * the pack's problems; running out of memory is the caller's to handle. */
static void table_problem(struct loader *ld, int err, const char *msg)
{
	if (!err || err == LW_ENOMEM)
		return;
	if (ld->problems++ == 0)
		lw_error_set("%s", msg);
	else
		lw_error_append("%s", msg);
}

/* Work that loading hands to another thread while the loading thread goes
 * on: the prefilter (prefilter_job) and the files read ahead (read_ahead).
 * Starting the work is not waiting for it: side_finish does that. Where
 * threads are not at hand (Windows) the work is done in side_finish
 * instead. */
struct side_work {
	void *(*run)(void *arg);
	void *arg;
	int started;  /* side_start was called and side_finish not yet */
	int threaded; /* running on worker */
#ifndef _WIN32
	pthread_t worker;
#endif
};

/* Start a piece of side work. */
static void side_start(struct side_work *work)
{
	work->started = 1;
#ifndef _WIN32
	work->threaded =
		pthread_create(&work->worker, NULL, work->run, work->arg) == 0;
#endif
}

/* Wait for a piece of side work, or do it now; nothing when it was not
 * started or is finished already. */
static void side_finish(struct side_work *work)
{
	if (!work->started)
		return;
	work->started = 0;
#ifndef _WIN32
	if (work->threaded) {
		pthread_join(work->worker, NULL);
		return;
	}
#endif
	work->run(work->arg);
}

/* The prefilter, built on a second thread while the rule files are still
 * being read: each rule is handed over as soon as its file is read, so
 * that deriving its patterns' atoms (the longest part of start-up after
 * parsing) overlaps the parsing of the next files, and the automaton is
 * built while the patterns compile. The error message is copied out,
 * since each thread has its own (err.c). */
struct prefilter_job {
	lw_pack *pack;
	size_t ready; /* rules read and handed over */
	int closed;   /* no more rules will come */
	int wanted;   /* build it: the rule files had no problem */
	int rc;
	char error[512];
#ifndef _WIN32
	pthread_mutex_t lock;
	pthread_cond_t changed;
#endif
	struct side_work work;
};

/* Hand the job the rules read so far, or close it: no more will come,
 * and whether the prefilter is wanted. Closing twice keeps the first. */
static void prefilter_hand_over(struct prefilter_job *job, size_t ready,
				int close, int wanted)
{
#ifndef _WIN32
	pthread_mutex_lock(&job->lock);
#endif
	if (!job->closed) {
		job->ready = ready;
		job->closed = close;
		job->wanted = wanted;
	}
#ifndef _WIN32
	pthread_cond_signal(&job->changed);
	pthread_mutex_unlock(&job->lock);
#endif
}

/* Wait until the job has rules beyond the first `added`, or is closed;
 * what it has then goes to *ready, *closed and *wanted. */
static void prefilter_wait(struct prefilter_job *job, size_t added,
			   size_t *ready, int *closed, int *wanted)
{
#ifndef _WIN32
	pthread_mutex_lock(&job->lock);
	while (job->ready == added && !job->closed)
		pthread_cond_wait(&job->changed, &job->lock);
#endif
	*ready = job->ready;
	*closed = job->closed;
	*wanted = job->wanted;
#ifndef _WIN32
	pthread_mutex_unlock(&job->lock);
#endif
}

/* Derive the atoms of each rule as it is handed over, then build the
 * automaton if it is wanted; a thread's start routine. */
static void *build_prefilter(void *arg)
{
	struct prefilter_job *job = arg;
	lw_prefilter_builder *builder = NULL;
	size_t added = 0, ready = 0;
	int closed = 0, wanted = 0;
	int rc = lw_prefilter_builder_new(&builder);
	while (!rc && !(closed && added == ready)) {
		prefilter_wait(job, added, &ready, &closed, &wanted);
		while (!rc && added < ready)
			rc = lw_prefilter_add_rule(builder,
						   &job->pack->rules[added++]);
	}
	if (!rc && wanted)
		rc = lw_prefilter_finish(&job->pack->prefilter, builder,
					 job->pack);
	else
		lw_prefilter_builder_free(builder);
	job->rc = wanted ? rc : 0;
	if (job->rc)
		snprintf(job->error, sizeof(job->error), "%s", lw_error_last());
	return NULL;
}

/* Wait for the prefilter and return its result; a pack with problems gets
 * none. */
static int prefilter_finish(struct prefilter_job *job, const struct loader *ld)
{
	prefilter_hand_over(job, job->ready, 1, 0);
	side_finish(&job->work);
#ifndef _WIN32
	pthread_mutex_destroy(&job->lock);
	pthread_cond_destroy(&job->changed);
#endif
	if (job->rc && ld->problems == 0)
		lw_error_set("%s", job->error);
	return job->rc;
}

/* The files that do not depend on the rule files, read on the side while
 * the rule files are parsed: the translations (bytes only: the loading
 * thread reports, hashes and keeps them in pack.json's order) and the data
 * tables of rules/data. Their problems are reported by the loading
 * thread, at the same places as ever. */
struct read_ahead {
	lw_pack *pack;
	const char *dir;
	const json_t *text_files; /* pack.json's list, or NULL */
	struct file_bytes *texts; /* one per entry of text_files */
	char tables_path[1024];	  /* "": no data tables */
	int extract_rc, thread_rc;
	char extract_msg[1024], thread_msg[1024];
	struct side_work work;
};

/* Read the translations and load the tables; a thread's start routine.
 * Entries that the loading thread will refuse are not read (no path with
 * ".." is ever opened). */
static void *read_ahead(void *arg)
{
	struct read_ahead *job = arg;
	for (size_t i = 0; job->texts && i < json_array_size(job->text_files);
	     i++) {
		const char *rel =
			json_string_value(json_array_get(job->text_files, i));
		char path[1024];
		if (!rel || strstr(rel, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", job->dir, rel);
		read_bytes(&job->texts[i], path);
	}
	if (!job->tables_path[0])
		return NULL;
	job->extract_rc =
		lw_xdata_load(&job->pack->xdata, job->tables_path,
			      job->extract_msg, sizeof(job->extract_msg));
	if (job->extract_rc != LW_ENOMEM)
		job->thread_rc =
			lw_tdata_load(&job->pack->tdata, job->tables_path,
				      job->thread_msg, sizeof(job->thread_msg));
	return NULL;
}

/* Start reading ahead what pack.json names. Without memory for the
 * translations' slots, they are read by the loading thread as before. */
static void read_ahead_start(struct read_ahead *job, const json_t *meta,
			     const char *data_dir)
{
	json_t *files = json_object_get(meta, "text_files");
	if (json_is_array(files) && json_array_size(files) > 0) {
		job->texts =
			calloc(json_array_size(files), sizeof(*job->texts));
		job->text_files = job->texts ? files : NULL;
	}
	if (data_dir)
		snprintf(job->tables_path, sizeof(job->tables_path), "%s/%s",
			 job->dir, data_dir);
	side_start(&job->work);
}

/* Report the tables' problems (the reading is finished); LW_ENOMEM or 0. */
static int tables_report(struct read_ahead *job, struct loader *ld)
{
	table_problem(ld, job->extract_rc, job->extract_msg);
	if (job->extract_rc == LW_ENOMEM)
		return LW_ENOMEM;
	table_problem(ld, job->thread_rc, job->thread_msg);
	return job->thread_rc == LW_ENOMEM ? LW_ENOMEM : 0;
}

/* Wait for the reading ahead, if it still runs, and free what was read
 * and not taken. */
static void read_ahead_end(struct read_ahead *job)
{
	side_finish(&job->work);
	for (size_t i = 0; job->texts && i < json_array_size(job->text_files);
	     i++)
		free(job->texts[i].buf);
	free(job->texts);
	job->texts = NULL;
}

/* Read pack.json and every rule file it names, then the data tables. */
static int load_all(struct loader *ld, lw_pack *pack, struct prefilter_job *job)
{
	static const char *const keys[] = {
		"name",		 "version",  "description",
		"rule_files",	 "data_dir", "severity_weights",
		"category_caps", "levels",   "level_floors",
		"combinations",	 "guards",   "text_files",
		"notes",	 NULL};
	json_t *meta = NULL;
	struct read_ahead ahead = {
		.pack = pack, .dir = ld->dir, .work = {.run = read_ahead}};
	ahead.work.arg = &ahead;
	int rc = load_json(ld, "pack.json", &meta);
	if (rc)
		return rc;
	rc = LW_ERULES;
	if (!json_is_object(meta)) {
		problem(ld, 1, "pack.json must hold one JSON object");
		goto done;
	}
	check_keys(ld, meta, keys, "");
	const char *name = get_string(ld, meta, "name", 1, "");
	const char *version = get_string(ld, meta, "version", 1, "");
	const char *data_dir = get_string(ld, meta, "data_dir", 1, "");
	read_ahead_start(&ahead, meta, data_dir);
	load_scoring(ld, pack, meta);
	int guard_rc = load_guards(ld, pack, meta);
	if (guard_rc) {
		rc = guard_rc;
		goto done;
	}
	struct source meta_src = ld->src;
	char meta_file[1024];
	snprintf(meta_file, sizeof(meta_file), "%s", ld->file);
	ld->src = (struct source){0};

	json_t *files = json_object_get(meta, "rule_files");
	size_t nfiles = json_is_array(files) ? json_array_size(files) : 0;
	pack->rules = calloc(nfiles + 1, sizeof(lw_rule));
	if (!pack->rules) {
		source_free(&meta_src);
		rc = LW_ENOMEM;
		goto done;
	}
	side_start(&job->work);
	for (size_t i = 0; i < nfiles; i++) {
		const char *rel = json_string_value(json_array_get(files, i));
		if (!rel || strstr(rel, "..")) {
			snprintf(ld->file, sizeof(ld->file), "%s", meta_file);
			problem(ld,
				source_line(&meta_src, "/rule_files/%zu", i),
				"rule file names are relative paths inside "
				"the pack");
			continue;
		}
		lw_rule *rule = &pack->rules[pack->nrules++];
		int err = load_rule(ld, pack, rule, rel);
		if (err) {
			source_free(&meta_src);
			rc = err;
			goto done;
		}
		prefilter_hand_over(job, pack->nrules, 0, 0);
		for (size_t j = 0; j + 1 < pack->nrules; j++)
			if (strcmp(pack->rules[j].id, rule->id) == 0)
				problem(ld, AT("/id"),
					"id %s is already used by %s", rule->id,
					pack->rules[j].file);
	}
	source_free(&ld->src);
	ld->src = meta_src;
	snprintf(ld->file, sizeof(ld->file), "%s", meta_file);
	if (nfiles == 0)
		problem(ld, AT("/rule_files"),
			"\"rule_files\" must list the pack's rule files");
	prefilter_hand_over(job, pack->nrules, 1, ld->problems == 0);
	/* The patterns compile now, while the prefilter is built and the
	 * rest of the pack is still being read ahead; their problems are
	 * reported after the pack's other problems (lw_pack_load). */
	each_pattern(ld, pack, compile_pattern);
	snprintf(ld->file, sizeof(ld->file), "%s", meta_file);
	int err = load_combos(ld, pack, meta);
	side_finish(&ahead.work);
	if (!err)
		err = load_text_files(ld, pack, meta, ahead.texts);
	if (err) {
		rc = err;
		goto done;
	}

	if (tables_report(&ahead, ld) == LW_ENOMEM) {
		rc = LW_ENOMEM;
		goto done;
	}
	if (ld->problems) {
		/* A refused pack's translations are checked too, so that one
		 * run names every problem. */
		use_texts(ld, pack, NULL);
		goto done;
	}

	char hash[65];
	lw_sha256_hex(&ld->digest, hash);
	pack->info = json_pack("{s:s, s:s, s:s, s:o, s:o, s:I, s:I}", "name",
			       name, "version", version, "hash", hash,
			       "languages", pack_languages(pack, 0),
			       "ui_languages", pack_languages(pack, 1), "rules",
			       (json_int_t)pack->nrules, "combinations",
			       (json_int_t)pack->ncombos);
	rc = pack->info ? 0 : LW_ENOMEM;
done:
	read_ahead_end(&ahead);
	json_decref(meta);
	return rc;
}

int lw_pack_load(lw_pack **out, const char *dir)
{
	struct loader ld = {.dir = dir};
	*out = NULL;
	lw_error_clear();
	lw_sha256_init(&ld.digest);
	lw_pack *pack = calloc(1, sizeof(*pack));
	if (!pack)
		return LW_ENOMEM;
	struct prefilter_job job = {.pack = pack,
				    .work = {.run = build_prefilter}};
	job.work.arg = &job;
#ifndef _WIN32
	pthread_mutex_init(&job.lock, NULL);
	pthread_cond_init(&job.changed, NULL);
#endif
	int rc = load_all(&ld, pack, &job);
	source_free(&ld.src);
	if (rc == 0)
		each_pattern(&ld, pack, check_pattern);
	int prefilter_rc = prefilter_finish(&job, &ld);
	if (rc == 0 && ld.problems)
		rc = LW_ERULES;
	if (rc == 0)
		rc = prefilter_rc;
	if (rc) {
		if (rc == LW_ENOMEM)
			lw_error_set("out of memory while loading %s", dir);
		lw_pack_free(pack);
		return rc;
	}
	*out = pack;
	return 0;
}

/* Free a list of compiled patterns. */
static void patterns_free(lw_pattern *patterns, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		pcre2_code_free(patterns[i].code);
		free(patterns[i].source);
	}
	free(patterns);
}

/* Free one rule's allocations. */
static void rule_free(lw_rule *r)
{
	patterns_free(r->patterns, r->npatterns);
	json_decref(r->extractor.subtypes);
	json_decref(r->fields);
	json_decref(r->title);
	json_decref(r->why);
	json_decref(r->advice);
	json_decref(r->sources);
	for (int k = 0; k < 2; k++) {
		json_decref(r->examples[k]);
		free(r->example_lines[k]);
	}
	json_decref(r->languages);
	free(r->file);
	free(r->id);
	free(r->category);
}

void lw_pack_free(lw_pack *pack)
{
	if (!pack)
		return;
	for (size_t i = 0; i < pack->nrules; i++)
		rule_free(&pack->rules[i]);
	free(pack->rules);
	for (size_t i = 0; i < pack->ncombos; i++) {
		lw_combo *c = &pack->combos[i];
		free(c->id);
		free(c->all);
		free(c->any);
		json_decref(c->title);
		json_decref(c->why);
		json_decref(c->advice);
		json_decref(c->sources);
	}
	free(pack->combos);
	for (size_t i = 0; i < pack->nguards; i++) {
		patterns_free(pack->guards[i].patterns,
			      pack->guards[i].npatterns);
		free(pack->guards[i].name);
	}
	free(pack->guards);
	for (size_t i = 0; i < pack->ntexts_files; i++) {
		free(pack->texts_files[i].path);
		free(pack->texts_files[i].text);
	}
	free(pack->texts_files);
	free(pack->floors);
	json_decref(pack->category_caps);
	json_decref(pack->info);
	lw_xdata_free(pack->xdata);
	lw_tdata_free(pack->tdata);
	lw_prefilter_free(pack->prefilter);
	free(pack);
}
