/*
 * jsonin.h - read one item line (one JSON object) quickly, else with jansson.
 *
 * jansson's parser takes about 185 instructions per byte of input: it reads
 * a character at a time through a stream, decodes UTF-8 per character and
 * appends to a string buffer. An item line is mostly long strings, so a
 * reader that scans strings eight bytes at a time and copies them once is
 * many times cheaper.
 *
 * The fast reader takes only a common subset of JSON: objects and arrays
 * nested at most LW_JSONIN_DEPTH_MAX deep, strings whose UTF-8 is valid and
 * whose escapes are simple or \uXXXX (surrogate pairs included; \u0000
 * too, except in keys), integers of at most 18 digits, true, false, null
 * and JSON's four whitespace characters. At anything else (a real number,
 * a lone surrogate, an error of any kind, even running out of memory) it
 * gives up, and the same bytes are parsed by json_loadb. So the value is
 * always what json_loadb(text, len, JSON_ALLOW_NUL, error) gives, and every
 * error, its message and its position are jansson's own.
 */
#ifndef LW_JSONIN_H
#define LW_JSONIN_H

#include <jansson.h>
#include <stddef.h>

/** Containers nested deeper than this go to jansson. */
#define LW_JSONIN_DEPTH_MAX 32

/**
 * Parse one JSON text as json_loadb(text, len, JSON_ALLOW_NUL, error) does,
 * with the fast reader when it can.
 *
 * @param out_fast receives 1 when the fast reader gave the value, 0 when
 *                 jansson parsed the text (may be NULL)
 * @param text     the JSON text (no terminating NUL needed)
 * @param len      its length in bytes
 * @param error    receives what json_loadb would put there (may be NULL)
 * @return the value (an object or an array), or NULL with error filled in
 *         by jansson
 */
json_t *lw_jsonin_load(int *out_fast, const char *text, size_t len,
		       json_error_t *error);

#endif /* LW_JSONIN_H */
