/*
 * jsonout.h - write a json_t as compact JSON text, fast.
 *
 * The text is byte for byte what jansson 2.14 writes with
 * json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY): members in the
 * object's iteration order, strings with jansson's escapes (\" \\ \b \f \n
 * \r \t, other control characters as \u00XX in upper case, everything else
 * raw, '/' and 0x7F included), and it fails where jansson fails (a string
 * that is not UTF-8). jansson's writer decodes every character and hands
 * every piece to a callback; this one copies runs of plain bytes at once.
 * Used for batch's result lines, the host's replies and the case log;
 * indented output stays with jansson.
 */
#ifndef LW_JSONOUT_H
#define LW_JSONOUT_H

#include <jansson.h>
#include <stddef.h>

/** Deepest nesting of arrays and objects written: what jansson's parser
 *  accepts, so every value read with jansson can be written. Results are
 *  a few levels deep; deeper values (or a value that contains itself) are
 *  refused rather than recursed into without end. */
enum { LW_JSON_DEPTH_MAX = JSON_PARSER_MAX_DEPTH };

/** A growable buffer of text. Zero-initialise it; free data with
 *  lw_json_buf_free. The text is not NUL-terminated. */
typedef struct lw_json_buf {
	char *data;
	size_t len;
	size_t cap;
} lw_json_buf;

/**
 * Append the compact JSON text of a value to a buffer.
 *
 * @param buf   the buffer; on failure its length is what it was before
 * @param value any JSON value
 * @return 0, LW_ENOMEM, LW_EINVAL (a string is not UTF-8, or value is
 *         NULL) or LW_ETOOLARGE (nested deeper than LW_JSON_DEPTH_MAX)
 */
int lw_json_append(lw_json_buf *buf, const json_t *value);

/**
 * The size in bytes of a value's compact JSON text.
 *
 * @param out_size receives the size
 * @param value    any JSON value
 * @return 0 or a code of lw_json_append
 */
int lw_json_size(size_t *out_size, const json_t *value);

/**
 * A value's compact JSON text as a NUL-terminated string, like
 * json_dumps(value, JSON_COMPACT).
 *
 * @param out_text receives the text (free it with free()), or NULL
 * @param out_len  receives its length without the NUL; may be NULL
 * @param value    any JSON value
 * @return 0 or a code of lw_json_append
 */
int lw_json_dumps(char **out_text, size_t *out_len, const json_t *value);

/** Free a buffer's text and make it empty again. */
void lw_json_buf_free(lw_json_buf *buf);

#endif /* LW_JSONOUT_H */
