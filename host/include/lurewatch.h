/*
 * lurewatch.h - the public interface of the lurewatch engine.
 *
 * The engine reads an item (a job advert, a post, a chat message) as a JSON
 * object and answers with a result, also a JSON object: which job-lure
 * indicators it shows, where exactly in the original text, a score from 0 to
 * 100 and a level. The item and result shapes are specified in
 * docs/protocol.md; the CLI, the native-messaging host, batch and eval all
 * use these same two shapes through this one header.
 *
 * Conventions (after libgit2):
 *  - every public name starts with lw_ (LW_ for macros and constants);
 *  - out-parameters come first;
 *  - functions return 0 on success or a negative LW_E* code, and
 *    lw_error_last() then holds a readable message for the calling thread.
 */
#ifndef LUREWATCH_H
#define LUREWATCH_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the engine, CLI and host (one version for all three). */
#define LW_VERSION "0.1.0"

/** Error codes returned by the engine. 0 means success. */
enum lw_error_code {
	LW_OK = 0,
	LW_EINVAL = -1,	   /**< bad argument or malformed item */
	LW_ENOMEM = -2,	   /**< out of memory */
	LW_EIO = -3,	   /**< a file could not be read */
	LW_ERULES = -4,	   /**< the rule pack is invalid */
	LW_ETOOLARGE = -5, /**< input over a hard limit */
	LW_EINTERNAL = -6, /**< a bug: please report it */
	LW_EDAMAGED = -7   /**< a file is damaged or not the kind expected */
};

/** Hard limits of the engine. Inputs past them are refused or cut. */
enum lw_limit {
	/** Bytes of one field that are analysed; the rest is reported as cut.
	 */
	LW_FIELD_ANALYSE_MAX = 256 * 1024,
	/** Number of fields (title, text and entries of "fields") per item. */
	LW_FIELDS_MAX = 64,
	/** Evidence spans kept per indicator; further ones are counted only. */
	LW_EVIDENCE_MAX = 16,
	/** Bytes of original text quoted in one evidence excerpt. */
	LW_EXCERPT_MAX = 160,
	/** PCRE2 match limit for one match call (bounds backtracking). */
	LW_MATCH_LIMIT = 100000,
	/** Worst-case PCRE2 work (match-limit units) a rule pattern may need
	 *  on the adversarial inputs of lw_rules_check_budgets. */
	LW_RULE_WORK_MAX = 20000,
	/** Bytes of one rule pack file. */
	LW_RULE_FILE_MAX = 4 * 1024 * 1024,
	/** Comments of a "thread" item that are analysed; the rest are
	 *  counted in notes.thread and not analysed. */
	LW_THREAD_COMMENTS_MAX = 10000,
	/** Bytes of one comment's text that are analysed. */
	LW_COMMENT_ANALYSE_MAX = 4096,
	/** Largest number of entries of a cross-page memory. */
	LW_MEMORY_ENTRIES_MAX = 1000000
};

/** Values of lw_analyze_opts.item_budget_ms besides a number of ms. */
enum lw_item_budget {
	/** The budget when item_budget_ms is 0: a page's item takes well
	 *  under 10 ms, the largest item the limits allow about 2 s. */
	LW_ITEM_BUDGET_MS_DEFAULT = 250,
	/** No budget: the result depends on the item alone. */
	LW_ITEM_BUDGET_NONE = -1,
	/** A budget of 0 ms: spent before the first unit of work, so every
	 *  item with a field to analyse gets a partial result, on any
	 *  machine (for tests). */
	LW_ITEM_BUDGET_ZERO = -2,
	/** The largest budget in ms (an hour). */
	LW_ITEM_BUDGET_MS_MAX = 3600000
};

/** A loaded, compiled rule pack ready to analyse items. One engine serves
 *  any number of items, one at a time: use one engine per thread. */
typedef struct lw_engine lw_engine;

/**
 * Load and compile the rule pack in a directory.
 *
 * Reads pack.json and every rule file it lists, validates every rule and
 * compiles its patterns. A pack with any bad rule is refused as a whole;
 * lw_error_last() then lists each problem as "FILE:LINE: message", one a
 * line.
 *
 * @param out       receives the engine; set to NULL on failure
 * @param rules_dir directory holding pack.json
 * @return 0, LW_EIO, LW_ERULES or LW_ENOMEM
 */
int lw_engine_open(lw_engine **out, const char *rules_dir);

/** Free an engine. Accepts NULL. */
void lw_engine_free(lw_engine *engine);

/**
 * Pack metadata for "hello" replies and --version: an object with name,
 * version, hash (sha256 of the pack's files), languages and rule count.
 * The object is owned by the engine; do not modify or free it.
 */
const json_t *lw_engine_pack_info(const lw_engine *engine);

/**
 * Parse the pack's translations now. An engine reads its translation files
 * (texts/LANG.json) when it opens, but parses a language's file only when
 * an analysis first asks for that language (ui_lang); a file with problems
 * then leaves that language's texts in English. `lurewatch rules check`
 * calls this with lang NULL to check every translation.
 *
 * @param engine an open engine
 * @param lang   a language tag such as "es" or "pt-BR", or NULL for all
 * @return 0; LW_ERULES with every problem in lw_error_last(), one
 *         "FILE:LINE: message" a line; or LW_ENOMEM
 */
int lw_engine_load_texts(lw_engine *engine, const char *lang);

/**
 * Which prefilter this build uses to choose the patterns that run:
 * "Aho-Corasick", or with -DLW_WITH_VECTORSCAN=ON "Vectorscan 5.4.9 and
 * Aho-Corasick" (docs/benchmarks.md). For --version.
 */
const char *lw_prefilter_name(void);

/**
 * Cross-page memory: fingerprints (no text) of the comments and contacts
 * seen in earlier analyses, so that a testimonial or contact reappearing
 * under another post from another account is flagged. One long-lived
 * process (the native-messaging host) keeps one for a browser session.
 * Not thread-safe: one memory per engine thread.
 */
typedef struct lw_memory lw_memory;

/**
 * Create an empty memory of at most max_entries entries (about 700 bytes
 * each with its index); the oldest entry is forgotten first.
 *
 * @return 0, LW_EINVAL (0 or over LW_MEMORY_ENTRIES_MAX) or LW_ENOMEM
 */
int lw_memory_new(lw_memory **out, size_t max_entries);

/** Free a memory. Accepts NULL. */
void lw_memory_free(lw_memory *memory);

/**
 * For tests: stamp new entries, and judge retention, with this time (Unix
 * seconds) instead of the clock. 0 goes back to the clock.
 */
void lw_memory_set_clock(lw_memory *memory, long long fixed_now);

/** The time the memory stamps entries with (Unix seconds). */
long long lw_memory_now(const lw_memory *memory);

/** A number that grows with every change to the memory, so that a caller
 *  can tell whether it changed since it was last saved. */
unsigned long long lw_memory_changes(const lw_memory *memory);

/** The number of entries the memory holds. */
size_t lw_memory_count(const lw_memory *memory);

/**
 * Write the memory's entries added within the last retention_seconds to
 * path, atomically: a private temporary file (mode 0600) beside it,
 * flushed to disk (fsync), then renamed over path. The file holds salted
 * hashes, MinHash signatures and times, never text (docs/privacy.md).
 *
 * @return 0, LW_EIO (lw_error_last says why; path is left as it was)
 */
int lw_memory_save(const lw_memory *memory, const char *path,
		   long long retention_seconds);

/**
 * Replace the memory's entries (and its salt) by those of a file written
 * by lw_memory_save, leaving out entries older than retention_seconds and,
 * past the memory's size, the oldest. A missing file loads nothing and
 * leaves the memory as it was.
 *
 * @param out_loaded receives the number of entries loaded
 * @return 0; LW_EDAMAGED (not a memory file, another format, truncated,
 *         checksum mismatch) or LW_EIO (cannot be read), with the memory
 *         left as it was; LW_ENOMEM
 */
int lw_memory_load(size_t *out_loaded, lw_memory *memory, const char *path,
		   long long retention_seconds);

/** Options for one analysis. Zero-initialise, then set what you need. */
typedef struct lw_analyze_opts {
	/** Language for titles, "why" and advice; NULL or unknown: English. */
	const char *ui_lang;
	/** Run every regex on every field, bypassing any prefilter. */
	int no_prefilter;
	/** Cross-page memory to consult and update; NULL: none. */
	lw_memory *memory;
	/** CPU time the analysis may take, in ms (the analysing thread's
	 *  CPU time, so that a busy machine does not cut items short),
	 *  read between units of work: a field's matching view, one rule on
	 *  one field, one comment. When it is spent the rest is skipped and
	 *  the result says "partial": true (docs/protocol.md). 0:
	 *  LW_ITEM_BUDGET_MS_DEFAULT; LW_ITEM_BUDGET_NONE: no budget;
	 *  LW_ITEM_BUDGET_ZERO: 0 ms. */
	long item_budget_ms;
} lw_analyze_opts;

/**
 * Analyse one item.
 *
 * The item is a JSON object in the item shape of docs/protocol.md. The
 * result is always a new JSON object in the result shape, including when
 * the item is malformed: then it is an error result ("ok": false with an
 * "error" object) and the function returns LW_EINVAL. Evidence offsets
 * count UTF-16 code units of the original field text. When the item's
 * time budget (opts->item_budget_ms) runs out, what was not yet analysed
 * is skipped and the result carries "partial": true and notes.partial: it
 * is a valid result of what was analysed, and may under-state the level.
 * The result is the caller's alone: it shares nothing with the engine and
 * may outlive it.
 * @param out    receives the result (caller frees with json_decref)
 * @param engine an open engine
 * @param item   the item (not modified)
 * @param opts   options, or NULL for defaults
 * @return 0, LW_EINVAL (error result produced), LW_ENOMEM or
 *         LW_EINTERNAL (no result)
 */
int lw_analyze(json_t **out, const lw_engine *engine, const json_t *item,
	       const lw_analyze_opts *opts);

/**
 * Analyse one item, like lw_analyze, and give its result as compact JSON
 * text instead of a tree: the text of lw_analyze's result as
 * json_dumps(JSON_COMPACT) writes it, byte for byte. Without a tree to
 * build and free, this is what `lurewatch batch` uses for speed.
 * @param out_text receives the text, NUL-terminated (caller frees with
 *                 free()); NULL when the function returns neither 0 nor
 *                 LW_EINVAL
 * @param out_len  receives its length without the NUL
 * @param engine   an open engine
 * @param item     the item (not modified)
 * @param opts     options, or NULL for defaults
 * @return 0, LW_EINVAL (error result produced), LW_ENOMEM or
 *         LW_EINTERNAL (no result)
 */
int lw_analyze_text(char **out_text, size_t *out_len, const lw_engine *engine,
		    const json_t *item, const lw_analyze_opts *opts);

/**
 * Read an item budget as a command line writes it: a number of
 * milliseconds from 0 to LW_ITEM_BUDGET_MS_MAX, or "none", into the value
 * of lw_analyze_opts.item_budget_ms that means it (0 ms:
 * LW_ITEM_BUDGET_ZERO; none: LW_ITEM_BUDGET_NONE).
 *
 * @return 0, or LW_EINVAL when text is neither
 */
int lw_item_budget_parse(long *out, const char *text);

/**
 * Build an error result in the result shape: {"ref", "ok": false,
 * "error": {"code", "message"}}. The ref is copied from item when it has
 * one; item may be NULL.
 *
 * @param out     receives the result (caller frees), NULL when out of memory
 * @param item    the item the error is about, or NULL
 * @param code    one of the error codes listed in docs/protocol.md
 * @param message a readable sentence
 */
void lw_error_result(json_t **out, const json_t *item, const char *code,
		     const char *message);

/**
 * Run every rule's own examples through the engine.
 *
 * Each "match" example must raise its rule and each "no_match" example
 * must not. Failures are written to report, one "FILE:LINE: message" a
 * line, when report is not NULL.
 *
 * @param out_failures receives the number of failing examples
 * @param out_total    receives the number of examples run
 * @param engine       an open engine
 * @param report       where to write failures, or NULL
 * @return 0 (even with failures), or LW_ENOMEM
 */
int lw_engine_check_examples(int *out_failures, int *out_total,
			     const lw_engine *engine, FILE *report);

/** One PCRE2 pattern of a rule, as lw_engine_pattern describes it. */
typedef struct lw_pattern_desc {
	const char *rule;   /**< id of the rule the pattern belongs to */
	const char *source; /**< the pattern as written in the rule file */
	const char *file;   /**< the rule file */
	int line;	    /**< line of the pattern in the rule file */
	int has_literal;    /**< 0: no literal the prefilter can use, so
				 the pattern runs on every field */
} lw_pattern_desc;

/**
 * Describe the index-th pattern of the pack's rules (guards excluded), in
 * pack order, for listings such as `lurewatch rules patterns`.
 *
 * @return 0, or LW_EINVAL when index is past the last pattern
 */
int lw_engine_pattern(lw_pattern_desc *out, const lw_engine *engine,
		      size_t index);

/**
 * Measure each rule pattern's worst case on adversarial inputs built from
 * its rule (long runs of its examples' words and characters, near misses;
 * docs/security.md) in PCRE2 work units: the smallest match limit under
 * which a match call over 4 KiB of such input completes, with the PCRE2
 * interpreter, so the figure is exact and machine-independent. Patterns
 * over LW_RULE_WORK_MAX are reported as "FILE:LINE: message" lines.
 *
 * @param out_over  receives the number of patterns over budget
 * @param out_worst receives the largest work measured
 * @param rules_dir the pack directory (loaded for the check)
 * @param report    where to write patterns over budget, or NULL
 * @return 0 (even with patterns over budget), or an lw_engine_open error
 */
int lw_rules_check_budgets(int *out_over, unsigned long *out_worst,
			   const char *rules_dir, FILE *report);

/**
 * Find the default rule pack: the directory in $LUREWATCH_RULES; else the
 * pack installed beside the running program (BIN/../share/lurewatch/rules);
 * else the source tree the program was built from. Each candidate must
 * hold pack.json.
 *
 * @param out    receives the directory
 * @param outlen size of out
 * @return 0, or LW_EIO when no pack was found (lw_error_last says where
 *         it looked)
 */
int lw_rules_default_dir(char *out, size_t outlen);

/** The message of the last error on this thread ("" when none). */
const char *lw_error_last(void);

#ifdef __cplusplus
}
#endif

#endif /* LUREWATCH_H */
