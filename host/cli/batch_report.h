/*
 * batch_report.h - the HTML report of `lurewatch batch --report FILE`:
 * counts by level, a chart of the indicators found across the batch
 * (inline SVG), counts per language, a sortable table of the items and
 * each item's evidence. One self-contained file: inline CSS and a small
 * inline script, nothing loaded from anywhere.
 */
#ifndef LW_BATCH_REPORT_H
#define LW_BATCH_REPORT_H

#include <jansson.h>
#include <stdio.h>

/** Items listed one by one in the report; the rest are only counted. */
#define REPORT_ITEMS_MAX 50000

struct batch_report;

/** A new, empty report; NULL when out of memory. */
struct batch_report *batch_report_new(void);

/** Add one item and its result (an error result counts as an error).
 *  Returns -1 when out of memory. */
int batch_report_add(struct batch_report *report, const json_t *item,
		     const json_t *result);

/** Write the report as HTML. Returns 0, or -1 when it cannot be written. */
int batch_report_write(FILE *out, const struct batch_report *report,
		       const char *source_name);

/** Free the report (NULL is fine). */
void batch_report_free(struct batch_report *report);

#endif /* LW_BATCH_REPORT_H */
