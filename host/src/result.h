/*
 * result.h - write the result of a finished analysis as JSON text.
 */
#ifndef LW_RESULT_H
#define LW_RESULT_H

#include "analysis.h"
#include "jsonout.h"
#include "thread.h"

/**
 * Append the result of a finished analysis to a buffer as compact JSON
 * text, in the result shape of docs/protocol.md: the indicators of the
 * rules that fired with their evidence (sorting each rule's spans in
 * place), the combinations, the score and level, the notes, and what the
 * thread analysis adds (thread may be NULL).
 * @param buf    where the text goes
 * @param a      the analysis; its spans are sorted
 * @param item   the item analysed, for its ref
 * @param thread the item's thread analysis, or NULL
 * @return 0, LW_ENOMEM, or LW_EINVAL/LW_EINTERNAL for a bug (a string
 *         of the analysis that is not UTF-8, a pack text missing)
 */
int lw_result_write(lw_json_buf *buf, struct analysis *a, const json_t *item,
		    const lw_thread *thread);

/** Free the indicator heads an engine keeps (result.c). Accepts NULL. */
void lw_heads_free(struct lw_heads *heads);

#endif /* LW_RESULT_H */
