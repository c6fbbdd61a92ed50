/*
 * thread.h - astroturfing analysis of a post's comments.
 *
 * An item of kind "thread" carries "comments": [{id, author, handle,
 * account_created, time, text}] (docs/protocol.md, "Threads"). Coordinated
 * personas only show when comments are compared with one another: thread.c
 * fingerprints every informative comment (MinHash over shingles of its
 * matching view, with numbers, amounts, places, contacts and handles masked
 * so that templated comments still look alike), groups near-duplicates
 * written by distinct accounts, finds contacts repeated by several accounts,
 * measures each group's timing against the thread's own rhythm, and runs
 * the pack's astroturf pattern rules on each comment. Short replies real
 * people post by the dozen ("Interested", "DM sent"), questions and
 * varied viral comments are never grouped.
 *
 * Which signal raises which indicator is written in the pack: a rule with
 * "signal": NAME (docs/rules.md) fires when thread.c finds that signal.
 */
#ifndef LW_THREAD_H
#define LW_THREAD_H

#include "deadline.h"
#include "jsonout.h"
#include "lurewatch.h"
#include "match.h"
#include "pack.h"

#include <jansson.h>
#include <stddef.h>

/** The signals thread.c can raise, as named by rules' "signal" key. */
typedef enum lw_signal {
	LW_SIG_NONE = 0,
	LW_SIG_NEAR_DUPLICATE, /**< near-identical comments, distinct authors */
	LW_SIG_CONTACT_REUSE,  /**< one contact posted by several accounts */
	LW_SIG_BURST,	       /**< a group far faster than the thread */
	LW_SIG_NEW_ACCOUNTS,   /**< a group mostly of new accounts (weak) */
	LW_SIG_DIGIT_HANDLES,  /**< a group mostly of digit handles (weak) */
	LW_SIG_SEEN_ELSEWHERE, /**< reappears under other posts (memory) */
	LW_SIG_COUNT
} lw_signal;

/** The signal named NAME, or LW_SIG_NONE when there is none. */
lw_signal lw_signal_from_name(const char *name);

/** The thread-analysis tables of rules/data/astroturf.json (opaque). */
typedef struct lw_tdata lw_tdata;

/**
 * Load rules/data/astroturf.json: filler words of short replies, question
 * words, and the minimum informative length. A data directory without
 * the file gives *out == NULL and 0: comments are then not analysed.
 *
 * @param err receives "FILE: message" on failure
 * @return 0, LW_EIO, LW_ERULES or LW_ENOMEM
 */
int lw_tdata_load(lw_tdata **out, const char *data_dir, char *err,
		  size_t errlen);

/** Free tables loaded by lw_tdata_load. Accepts NULL. */
void lw_tdata_free(lw_tdata *data);

/** The analysis of one thread, kept until its result is written. */
typedef struct lw_thread lw_thread;

/**
 * Check the "comments" of an item: an array of objects whose "text",
 * "author", "handle" and "id" are strings when present, "time" and
 * "account_created" strings (ISO 8601) or numbers (Unix seconds).
 * Writes the problem to msg and returns 0 when the shape is wrong.
 */
int lw_thread_item_valid(const json_t *item, char *msg, size_t msglen);

/**
 * Analyse the comments of a "thread" item (other items: nothing to do,
 * *out stays NULL). Sets fired[r] for every pack rule the comments raise.
 * memory, when not NULL, is consulted and updated (cross-page memory).
 * Comments are read in order until the deadline has passed; the rest are
 * skipped (lw_thread_skipped) and the signals come from those analysed.
 *
 * @return 0 or LW_ENOMEM
 */
int lw_thread_run(lw_thread **out, const lw_pack *pack, lw_matcher *m,
		  const json_t *item, lw_memory *memory, lw_deadline *deadline,
		  unsigned char *fired);

/** Comments of a thread skipped because the deadline had passed (0 for
 *  NULL). */
size_t lw_thread_skipped(const lw_thread *thread);

/**
 * Write the thread's evidence for pack rule r into the evidence list of
 * its indicator, which is being written and already holds `written`
 * entries: spans on "comments.N.text" that the rule matched and, for a
 * signal rule, the comments of its clusters, each once, up to
 * LW_EVIDENCE_MAX entries in all. *dropped grows by those that did not
 * fit. A NULL thread writes nothing.
 */
void lw_thread_write_evidence(lw_json_writer *w, size_t *dropped,
			      const lw_thread *thread, const lw_pack *pack,
			      size_t r, size_t written);

/**
 * Write the "clusters" member (with its leading comma) of the indicator
 * of pack rule r when the rule is a signal rule: the groups of comments
 * behind the signal. A NULL thread or another rule writes nothing.
 */
void lw_thread_write_clusters(lw_json_writer *w, const lw_thread *thread,
			      const lw_pack *pack, size_t r);

/**
 * Write the "thread" member (with its leading comma) of a result's notes:
 * comments seen, analysed and cut. A NULL thread writes nothing.
 */
void lw_thread_write_note(lw_json_writer *w, const lw_thread *thread);

/** Free a thread analysis. Accepts NULL. */
void lw_thread_free(lw_thread *thread);

#endif /* LW_THREAD_H */
