/*
 * jsonout_same.h - does our JSON writer (host/src/jsonout.h) write a value
 * exactly as jansson does? Shared by test_jsonout and fuzz_jsonout.
 */
#ifndef LW_TEST_JSONOUT_SAME_H
#define LW_TEST_JSONOUT_SAME_H

#include "jsonout.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* For a string or an integer, the text lw_json_put_string or
 * lw_json_put_integer appends after "true" (the pieces results are written
 * with, result.c); for other values, lw_json_append's. */
static inline int jsonout_put_piece(lw_json_buf *buf, const json_t *value)
{
	int rc = lw_json_put(buf, "true", 4);
	if (rc == 0 && json_is_string(value))
		return lw_json_put_string(buf, json_string_value(value),
					  json_string_length(value));
	if (rc == 0 && json_is_integer(value))
		return lw_json_put_integer(buf, json_integer_value(value));
	return rc ? rc : lw_json_append(buf, value);
}

/* 1 when lw_json_dumps, lw_json_size, lw_json_append (after "true"
 * already in the buffer) and the piece writers (jsonout_put_piece) all
 * give jansson's json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY) byte
 * for byte, or all refuse the value where jansson does (leaving the
 * buffer as it was); 0 otherwise. */
static inline int jsonout_same_as_jansson(const json_t *value)
{
	char *want = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
	char *got = NULL;
	size_t got_len = 0, size = 0;
	lw_json_buf buf = {0}, pieces = {0};
	int dumped = lw_json_dumps(&got, &got_len, value);
	int sized = lw_json_size(&size, value);
	int appended = lw_json_append(&buf, json_true());
	int put = jsonout_put_piece(&pieces, value);
	int same;

	if (appended == 0)
		appended = lw_json_append(&buf, value);
	if (want == NULL) {
		same = dumped != 0 && got == NULL && sized != 0 &&
		       appended != 0 && buf.len == 4 &&
		       memcmp(buf.data, "true", 4) == 0 && put != 0 &&
		       pieces.len == 4 && memcmp(pieces.data, "true", 4) == 0;
	} else {
		size_t want_len = strlen(want);
		same = dumped == 0 && got_len == want_len &&
		       memcmp(got, want, want_len + 1) == 0 && sized == 0 &&
		       size == want_len && appended == 0 &&
		       buf.len == 4 + want_len &&
		       memcmp(buf.data, "true", 4) == 0 &&
		       memcmp(buf.data + 4, want, want_len) == 0 && put == 0 &&
		       pieces.len == 4 + want_len &&
		       memcmp(pieces.data + 4, want, want_len) == 0;
	}
	free(want);
	free(got);
	lw_json_buf_free(&buf);
	lw_json_buf_free(&pieces);
	return same;
}

#endif /* LW_TEST_JSONOUT_SAME_H */
