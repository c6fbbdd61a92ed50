/*
 * jsonpos.h - line numbers for the values of a JSON text.
 *
 * jansson reports the line of a syntax error but forgets where each value
 * stood once parsing succeeds. Rule files are written by people, and an
 * error that says "fee_upfront.json:14" is worth far more than one that
 * says "pattern 2 of rule 3". This module scans the text once more and
 * records, for every value, its JSON Pointer (RFC 6901) and its line.
 */
#ifndef LW_JSONPOS_H
#define LW_JSONPOS_H

#include <stdarg.h>
#include <stddef.h>

/** Map from JSON Pointer ("/examples/match/1") to line number. */
typedef struct lw_jsonpos lw_jsonpos;

/**
 * Scan a JSON text (that jansson has already accepted) and record the line
 * of every value. Returns NULL when out of memory. Nesting deeper than 64
 * levels is not recorded (lookups then fall back to the parent).
 */
lw_jsonpos *lw_jsonpos_scan(const char *text, size_t len);

/**
 * Line of the value at pointer; when it was not recorded, the line of its
 * nearest recorded ancestor; 1 at worst. The pointer is written as
 * printf-style arguments, e.g. lw_jsonpos_line(pos, "/patterns/%zu", i).
 * The search starts where the last one ended, so lookups in document order
 * are quick.
 */
int lw_jsonpos_line(lw_jsonpos *pos, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** lw_jsonpos_line with a va_list, for callers that take a format. */
int lw_jsonpos_vline(lw_jsonpos *pos, const char *fmt, va_list ap);

/** Free the map. Accepts NULL. */
void lw_jsonpos_free(lw_jsonpos *pos);

#endif /* LW_JSONPOS_H */
