/*
 * eval_comments.h - `lurewatch eval` on threads: figures per comment.
 *
 * A thread item of a labelled corpus may label its comments too
 * ("comments": [{..., "label": 1}]: 1 when the comment belongs to a
 * coordinated campaign). A comment counts as flagged when an astroturf
 * indicator of the thread's result points at it (its evidence or one of
 * its clusters).
 */
#ifndef LW_EVAL_COMMENTS_H
#define LW_EVAL_COMMENTS_H

#include <jansson.h>

/** Counts of labelled comments. Zero-initialise. */
struct comment_tally {
	long tp, fp, fn, tn;
};

/** Count the labelled comments of one item against its result. */
void eval_comments_count(struct comment_tally *t, const json_t *item,
			 const json_t *result);

/** Add "comments": {labelled, tp, fp, fn, precision, recall} to the
 *  figures when any comment was labelled. */
void eval_comments_add(const struct comment_tally *t, json_t *figures);

/** Print the per-comment figures, when there are any. */
void eval_comments_print(const json_t *figures);

#endif /* LW_EVAL_COMMENTS_H */
