/*
 * jsonin.h - read a JSON text (item lines, rule pack files) fast, else by
 * jansson.
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
 * always what json_loadb(text, len, flags, error) gives, and every error,
 * its message and its position are jansson's own. Without JSON_ALLOW_NUL a
 * \u0000 in a value, and with JSON_REJECT_DUPLICATES a key given twice, are
 * left to jansson (which refuses them).
 */
#ifndef LW_JSONIN_H
#define LW_JSONIN_H

#include <jansson.h>
#include <stddef.h>

/** Containers nested deeper than this go to jansson. */
#define LW_JSONIN_DEPTH_MAX 32

/**
 * Parse one JSON text as json_loadb(text, len, flags, error) does, with the
 * fast reader when it can.
 *
 * @param out_fast receives 1 when the fast reader gave the value, 0 when
 *                 jansson parsed the text (may be NULL)
 * @param text     the JSON text (no terminating NUL needed)
 * @param len      its length in bytes
 * @param flags    json_loadb's flags: JSON_ALLOW_NUL (item lines) and
 *                 JSON_REJECT_DUPLICATES (the rule pack's files) are the
 *                 fast reader's; with any other flag jansson parses alone
 * @param error    receives what json_loadb would put there (may be NULL)
 * @return the value (an object or an array), or NULL with error filled in
 *         by jansson
 */
json_t *lw_jsonin_load(int *out_fast, const char *text, size_t len,
		       size_t flags, json_error_t *error);

#endif /* LW_JSONIN_H */
