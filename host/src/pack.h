/*
 * pack.h - a rule pack in memory: rules, combinations, weights, tables.
 *
 * pack.c reads the JSON files described in docs/rules.md, validates every
 * rule, compiles its patterns with PCRE2 and refuses the pack as a whole
 * when anything is wrong. The structures here are read-only after loading.
 */
#ifndef LW_PACK_H
#define LW_PACK_H

#include "atoms.h"
#include "extract.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

/** Severities, in increasing order. */
typedef enum lw_severity {
	LW_SEV_WEAK = 0,
	LW_SEV_MEDIUM,
	LW_SEV_STRONG,
	LW_SEV_COUNT
} lw_severity;

/** Levels, in increasing order. */
typedef enum lw_level {
	LW_LEVEL_NONE = 0,
	LW_LEVEL_LOW,
	LW_LEVEL_MEDIUM,
	LW_LEVEL_HIGH,
	LW_LEVEL_COUNT
} lw_level;

/** One compiled pattern of a rule. */
typedef struct lw_pattern {
	pcre2_code *code;
	char *source; /**< as written in the rule file */
	char lang[16];
	int line;	/**< line in the rule file */
	uint32_t id;	/**< number among the pack's patterns (prefilter.c) */
	int no_literal; /**< no atom found: runs on every field */
	int leading;	/**< has leading strings: its matches can only begin
			     where they occur (atoms.h) */
	int jit_tried;	/**< JIT compilation was attempted (match.c) */
	int jit_ok;	/**< ... and it succeeded: match.c calls the JIT
			     code directly (pcre2_jit_match) */

	/* Where the prefilter notes its inside atoms (prefilter.h). */
	int inside;	       /**< it notes them */
	lw_reach inside_reach; /**< one begins at most this far into
				    every match (atoms.h) */

	/* Its further requirements (atoms.h, lw_derived.needs), each
	 * noted by the prefilter under a number of its own, need_first on
	 * (prefilter.h). */
	uint32_t need_first;
	uint32_t nneeds;
	lw_reach need_reach[LW_NEEDS_MAX];
} lw_pattern;

/** Longest guard window, in characters. */
#define LW_GUARD_WINDOW_MAX 200

/**
 * A guard: patterns that cancel a rule's match when one occurs within
 * `window` characters before it in the same sentence. Advisories, and
 * honest adverts that say "we never charge fees", use the very words that
 * lures use; a guard ("never", "beware", "if anyone asks you to...") keeps
 * those sentences from raising the warning they warn about.
 */
typedef struct lw_guard {
	char *name;
	lw_pattern *patterns;
	size_t npatterns;
	int window;
} lw_guard;

/** The conditions a rule puts on an extractor's hits. */
typedef struct lw_xcond {
	int present;
	lw_xkind kind;
	json_t *subtypes; /**< array of accepted subtypes; NULL: any */
	int free_mail_only;
	double min_wage_ratio;
	double min_monthly_usd;
} lw_xcond;

/** One rule. */
typedef struct lw_rule {
	char *id;
	char *category;
	lw_severity severity;
	double weight;
	lw_pattern *patterns;
	size_t npatterns;
	const lw_guard *guard; /**< NULL: matches are never cancelled */
	lw_xcond extractor;
	int signal;	/**< thread signal (lw_signal, thread.h); 0: none */
	json_t *fields; /**< array of field selectors; NULL: every field */
	json_t *title, *why, *advice; /**< objects: language -> text */
	json_t *sources;
	json_t *examples[2]; /**< [0] match, [1] no_match (arrays) */
	int *example_lines[2];
	json_t *languages; /**< array of the patterns' languages */
	char *file;	   /**< path of the rule file, for messages */
	int line;
} lw_rule;

/** A combination of rules (docs/rules.md, "Combinations"). */
typedef struct lw_combo {
	char *id;
	size_t *all, nall; /**< indexes into the pack's rules */
	size_t *any, nany;
	double weight;
	lw_level min_level;
	json_t *title, *why, *advice, *sources;
} lw_combo;

/** A level floor: count indicators of at least severity reach level. */
typedef struct lw_floor {
	lw_severity severity;
	int count;
	lw_level level;
} lw_floor;

/** A translation file (texts/LANG.json). It is read and hashed when the
 *  pack loads, and parsed into the rules' texts the first time its
 *  language is asked for (lw_pack_use_texts): a reader needs one
 *  language, and parsing every one was a fifth of start-up. */
typedef struct lw_texts_file {
	char lang[16];
	char *path; /**< for messages: DIR/texts/LANG.json */
	char *text; /**< the file's bytes; NULL once parsed */
	size_t len;
} lw_texts_file;

/** A whole pack. */
typedef struct lw_pack {
	json_t *info; /**< name, version, hash, languages, rules, ... */
	lw_rule *rules;
	size_t nrules;
	lw_combo *combos;
	size_t ncombos;
	double severity_weight[LW_SEV_COUNT];
	double level_min[LW_LEVEL_COUNT]; /**< lowest score per level */
	json_t *category_caps;		  /**< object: category -> cap */
	lw_floor *floors;
	size_t nfloors;
	lw_guard *guards;
	size_t nguards;
	lw_xdata *xdata;
	struct lw_tdata *tdata; /**< thread-analysis tables (thread.h) */
	struct lw_prefilter *prefilter; /**< the rule patterns' atoms */
	lw_texts_file *texts_files;	/**< translations, in pack.json order */
	size_t ntexts_files;
} lw_pack;

/**
 * Load the pack in dir. On failure every problem found is in
 * lw_error_last(), one "FILE:LINE: message" a line.
 *
 * @return 0, LW_EIO, LW_ERULES or LW_ENOMEM
 */
int lw_pack_load(lw_pack **out, const char *dir);

/**
 * Parse the translations of a language into the rules' and combinations'
 * texts, unless that is done already: the files of lang and of its primary
 * subtag ("pt" for "pt-BR"), or every file when lang is NULL. Each file is
 * parsed once, even when it has problems; the texts it could not give stay
 * in English.
 *
 * @return 0; LW_ERULES with every problem in lw_error_last(), one
 *         "FILE:LINE: message" a line; or LW_ENOMEM
 */
int lw_pack_use_texts(lw_pack *pack, const char *lang);

/**
 * The primary subtag of a language tag ("pt" for "pt-BR", "zh" for
 * "zh_Hant"), which texts fall back to: written to out, or 0 when it is
 * longer than out can hold (then only the whole tag is looked up).
 */
int lw_lang_primary(char out[16], const char *lang);

/** Free a pack. Accepts NULL. */
void lw_pack_free(lw_pack *pack);

/** Names of severities and levels as written in packs and results. */
const char *lw_severity_name(lw_severity s);
const char *lw_level_name(lw_level l);

#endif /* LW_PACK_H */
