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
 * indented output stays with jansson. The engine also writes results
 * piece by piece (lw_json_put*), with no tree at all (result.c).
 */
#ifndef LW_JSONOUT_H
#define LW_JSONOUT_H

#include "lurewatch.h"

#include <jansson.h>
#include <stddef.h>
#include <string.h>

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

/**
 * Append text that is already JSON (punctuation, a member's quoted name).
 * @return 0 or LW_ENOMEM; on failure the buffer is as it was
 */
int lw_json_put(lw_json_buf *buf, const char *text, size_t len);

/**
 * Append a copy of text the buffer already holds, buf->data[at..at+len).
 * @return 0 or LW_ENOMEM; on failure the buffer is as it was
 */
int lw_json_repeat(lw_json_buf *buf, size_t at, size_t len);

/**
 * Append a string of len bytes (it may hold NUL bytes) as a JSON string,
 * quoted and escaped as lw_json_append writes it.
 * @return 0, LW_ENOMEM or LW_EINVAL (not UTF-8); on failure the buffer's
 *         length is what it was before
 */
int lw_json_put_string(lw_json_buf *buf, const char *text, size_t len);

/**
 * Append an integer as JSON (printf's %lld).
 * @return 0 or LW_ENOMEM
 */
int lw_json_put_integer(lw_json_buf *buf, json_int_t value);

/**
 * A buffer written piece by piece that keeps the first error: once a
 * piece fails, the later ones do nothing, so that a writer reads as a
 * plain sequence of pieces and checks rc once, at the end.
 */
typedef struct lw_json_writer {
	lw_json_buf *buf;
	int rc; /**< 0, or the code of the first piece that failed */
} lw_json_writer;

/** Write text that is already JSON: punctuation, a quoted name. */
static inline void lw_json_write_raw(lw_json_writer *w, const char *json)
{
	if (!w->rc)
		w->rc = lw_json_put(w->buf, json, strlen(json));
}

/** Write a string of len bytes as a JSON string. */
static inline void lw_json_write_string(lw_json_writer *w, const char *text,
					size_t len)
{
	if (!w->rc)
		w->rc = lw_json_put_string(w->buf, text, len);
}

/** Write a NUL-terminated string as a JSON string. */
static inline void lw_json_write_cstring(lw_json_writer *w, const char *text)
{
	lw_json_write_string(w, text, strlen(text));
}

/** Write an integer. */
static inline void lw_json_write_integer(lw_json_writer *w, json_int_t n)
{
	if (!w->rc)
		w->rc = lw_json_put_integer(w->buf, n);
}

/** Write a JSON value (lw_json_append); NULL counts as out of memory,
 *  as it is what a failed json_* constructor gives. */
static inline void lw_json_write_value(lw_json_writer *w, const json_t *v)
{
	if (!w->rc)
		w->rc = v ? lw_json_append(w->buf, v) : LW_ENOMEM;
}

/** Free a buffer's text and make it empty again. */
void lw_json_buf_free(lw_json_buf *buf);

#endif /* LW_JSONOUT_H */
