/*
 * jsonout.c - write a json_t as compact JSON text, fast (jsonout.h).
 */
#include "jsonout.h"

#include "err.h"
#include "lurewatch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What a byte of a string needs: nothing (copied as it is), an escape, or
 * a check that it starts a valid UTF-8 sequence (then copied as it is). */
enum byte_need { PLAIN = 0, ESCAPE = 1, UTF8 = 2 };

/* The need of every byte value: control characters, '"' and '\\' are
 * escaped; 0x80 and above start (or wrongly continue) a multi-byte
 * character. Everything else, 0x7F and '/' included, is plain. */
static const unsigned char byte_needs[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 '"' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* 0x50 '\\' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x70 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0x80 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0x90 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xA0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xB0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xC0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xD0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xE0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xF0 */
};

/* Whether any of 8 bytes may need more than copying: a byte below 0x20,
 * '"', '\\' or 0x80 and above gives a non-zero answer (the usual "has a
 * byte less than n" test on the word, and "has a zero byte" on the word
 * XORed with '"' and with '\\'). A borrow can also flag a plain byte next
 * to one of those, never a word of plain bytes only, so zero means all 8
 * are plain. */
static inline uint64_t word_may_need(const unsigned char *s)
{
	const uint64_t ones = 0x0101010101010101u;
	const uint64_t highs = 0x8080808080808080u;
	uint64_t word, quote, backslash;
	memcpy(&word, s, sizeof(word));
	quote = word ^ (ones * '"');
	backslash = word ^ (ones * '\\');
	return (word | ((word - ones * 0x20) & ~word) |
		((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) &
	       highs;
}

/* Where the run of plain bytes starting at i ends: at the first byte that
 * needs an escape or a UTF-8 check, or at len. Plain words of 8 bytes are
 * skipped at once; the byte table decides within a flagged word. */
static size_t plain_run_end(const unsigned char *s, size_t i, size_t len)
{
	for (;;) {
		while (len - i >= 8 && !word_may_need(s + i))
			i += 8;
		size_t stop = len - i >= 8 ? i + 8 : len;
		while (i < stop && byte_needs[s[i]] == PLAIN)
			i++;
		if (i < stop || i == len)
			return i;
	}
}

/* The longest escape: \u00XX. */
enum { ESCAPE_MAX = 6 };

/* Make room for more bytes, growing the buffer to twice its size (or
 * more) so that appending stays linear. Returns 0 or LW_ENOMEM. */
static int grow(lw_json_buf *buf, size_t more)
{
	size_t cap = buf->cap ? buf->cap : 256;
	if (more > SIZE_MAX - buf->len)
		goto no_memory;
	while (cap - buf->len < more) {
		if (cap > SIZE_MAX / 2)
			goto no_memory;
		cap *= 2;
	}
	char *data = realloc(buf->data, cap);
	if (!data)
		goto no_memory;
	buf->data = data;
	buf->cap = cap;
	return 0;
no_memory:
	lw_error_set("out of memory writing JSON");
	return LW_ENOMEM;
}

/* Make sure there is room for more bytes; the common case costs one
 * comparison. Returns 0 or LW_ENOMEM. */
static inline int reserve(lw_json_buf *buf, size_t more)
{
	return buf->cap - buf->len >= more ? 0 : grow(buf, more);
}

/* Append bytes. Returns 0 or LW_ENOMEM. */
static int put(lw_json_buf *buf, const char *bytes, size_t size)
{
	int rc = reserve(buf, size);
	if (rc == 0) {
		memcpy(buf->data + buf->len, bytes, size);
		buf->len += size;
	}
	return rc;
}

/* Append one byte. Returns 0 or LW_ENOMEM. */
static int put_byte(lw_json_buf *buf, char byte)
{
	int rc = reserve(buf, 1);
	if (rc == 0)
		buf->data[buf->len++] = byte;
	return rc;
}

/* The length of the valid UTF-8 character at the start of s (at most left
 * bytes), or 0 when it is not one: a stray continuation byte, an overlong
 * form, a surrogate, a code point over U+10FFFF or a cut sequence. These
 * are the characters jansson refuses to write. */
static size_t utf8_length(const unsigned char *s, size_t left)
{
	unsigned char first = s[0];
	size_t size;
	uint32_t code;

	if (first >= 0xC2 && first <= 0xDF) {
		size = 2;
		code = first & 0x1Fu;
	} else if (first >= 0xE0 && first <= 0xEF) {
		size = 3;
		code = first & 0x0Fu;
	} else if (first >= 0xF0 && first <= 0xF4) {
		size = 4;
		code = first & 0x07u;
	} else {
		return 0;
	}
	if (size > left)
		return 0;
	for (size_t i = 1; i < size; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		code = (code << 6) | (s[i] & 0x3Fu);
	}
	if ((size == 3 && code < 0x800) || (size == 4 && code < 0x10000) ||
	    (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF)
		return 0;
	return size;
}

/* Write the escape of a byte that needs one, as jansson does, into out;
 * returns its length. */
static size_t escape_byte(char *out, unsigned char byte)
{
	static const char hex[] = "0123456789ABCDEF";
	char letter = 0;
	switch (byte) {
	case '"':
		letter = '"';
		break;
	case '\\':
		letter = '\\';
		break;
	case '\b':
		letter = 'b';
		break;
	case '\f':
		letter = 'f';
		break;
	case '\n':
		letter = 'n';
		break;
	case '\r':
		letter = 'r';
		break;
	case '\t':
		letter = 't';
		break;
	}
	out[0] = '\\';
	if (letter) {
		out[1] = letter;
		return 2;
	}
	memcpy(out + 1, "u00", 3);
	out[4] = hex[byte >> 4];
	out[5] = hex[byte & 0x0F];
	return ESCAPE_MAX;
}

/* Write a string of len bytes (it may hold NUL bytes) in quotes. Room for
 * the whole string and its quotes is made at once, and again at each
 * escape for what is left, so runs of plain bytes are copied without
 * further checks. Returns 0, LW_ENOMEM, or LW_EINVAL when it is not
 * UTF-8. */
static int write_string(lw_json_buf *buf, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, run = 0;
	int rc = reserve(buf, len + 2);
	if (rc)
		return rc;
	buf->data[buf->len++] = '"';
	for (;;) {
		i = plain_run_end(s, i, len);
		if (i == len)
			break;
		if (byte_needs[s[i]] == UTF8) {
			size_t size = utf8_length(s + i, len - i);
			if (size == 0) {
				lw_error_set("a string to write as JSON is not "
					     "UTF-8");
				return LW_EINVAL;
			}
			i += size;
			continue;
		}
		/* The run, this escape, the rest and the closing quote. */
		if ((rc = reserve(buf, len - run + ESCAPE_MAX)))
			return rc;
		memcpy(buf->data + buf->len, s + run, i - run);
		buf->len += i - run;
		buf->len += escape_byte(buf->data + buf->len, s[i]);
		run = ++i;
	}
	memcpy(buf->data + buf->len, s + run, len - run);
	buf->len += len - run;
	buf->data[buf->len++] = '"';
	return 0;
}

/* Write an integer in decimal, as printf's %lld would. */
static int write_integer(lw_json_buf *buf, json_int_t value)
{
	char digits[24];
	size_t at = sizeof(digits);
	unsigned long long magnitude =
		value < 0 ? 0ULL - (unsigned long long)value
			  : (unsigned long long)value;
	do {
		digits[--at] = (char)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude);
	if (value < 0)
		digits[--at] = '-';
	return put(buf, digits + at, sizeof(digits) - at);
}

/* Write a real. Results hold none today (weights are written as integers
 * when whole), so jansson itself formats the rare one: its "%.17g" with
 * the locale's decimal point turned into '.', ".0" added to whole numbers
 * and the exponent's '+' and leading zeros removed, exactly, without a
 * second copy of those rules here. */
static int write_real(lw_json_buf *buf, const json_t *real)
{
	char text[64];
	size_t size = json_dumpb(real, text, sizeof(text),
				 JSON_COMPACT | JSON_ENCODE_ANY);
	if (size == 0 || size > sizeof(text)) {
		lw_error_set("a number could not be written as JSON");
		return LW_EINVAL;
	}
	return put(buf, text, size);
}

static int write_value(lw_json_buf *buf, const json_t *value, int depth);

/* Write an object's members in its iteration order (the order they were
 * first added in jansson 2.14, the order json_dumps uses). */
static int write_object(lw_json_buf *buf, const json_t *object, int depth)
{
	void *member = json_object_iter((json_t *)object);
	int rc = put_byte(buf, '{');
	while (rc == 0 && member) {
		rc = write_string(buf, json_object_iter_key(member),
				  json_object_iter_key_len(member));
		if (rc == 0)
			rc = put_byte(buf, ':');
		if (rc == 0)
			rc = write_value(buf, json_object_iter_value(member),
					 depth);
		member = json_object_iter_next((json_t *)object, member);
		if (rc == 0 && member)
			rc = put_byte(buf, ',');
	}
	return rc ? rc : put_byte(buf, '}');
}

/* Write an array's elements in order. */
static int write_array(lw_json_buf *buf, const json_t *array, int depth)
{
	size_t count = json_array_size(array);
	int rc = put_byte(buf, '[');
	for (size_t i = 0; rc == 0 && i < count; i++) {
		if (i > 0)
			rc = put_byte(buf, ',');
		if (rc == 0)
			rc = write_value(buf, json_array_get(array, i), depth);
	}
	return rc ? rc : put_byte(buf, ']');
}

/* Write any value; depth counts the arrays and objects around it, so the
 * recursion ends at LW_JSON_DEPTH_MAX even for a value that contains
 * itself. */
static int write_value(lw_json_buf *buf, const json_t *value, int depth)
{
	switch (json_typeof(value)) {
	case JSON_OBJECT:
	case JSON_ARRAY:
		if (depth >= LW_JSON_DEPTH_MAX) {
			lw_error_set("JSON nested deeper than %d levels",
				     LW_JSON_DEPTH_MAX);
			return LW_ETOOLARGE;
		}
		return json_is_object(value)
			       ? write_object(buf, value, depth + 1)
			       : write_array(buf, value, depth + 1);
	case JSON_STRING:
		return write_string(buf, json_string_value(value),
				    json_string_length(value));
	case JSON_INTEGER:
		return write_integer(buf, json_integer_value(value));
	case JSON_REAL:
		return write_real(buf, value);
	case JSON_TRUE:
		return put(buf, "true", 4);
	case JSON_FALSE:
		return put(buf, "false", 5);
	case JSON_NULL:
		return put(buf, "null", 4);
	}
	lw_error_set("not a JSON value");
	return LW_EINVAL;
}

/* Append a value's text; on failure, take back what was written of it. */
int lw_json_append(lw_json_buf *buf, const json_t *value)
{
	size_t len = buf->len;
	int rc;
	if (!value) {
		lw_error_set("no JSON value to write");
		return LW_EINVAL;
	}
	rc = write_value(buf, value, 0);
	if (rc)
		buf->len = len;
	return rc;
}

/* Count a value's text by writing it into a buffer of its own: only the
 * host's trimming of oversized replies asks, rarely, and one way of writing
 * is simpler than a second one that only counts. */
int lw_json_size(size_t *out_size, const json_t *value)
{
	lw_json_buf buf = {0};
	int rc = lw_json_append(&buf, value);
	*out_size = rc ? 0 : buf.len;
	lw_json_buf_free(&buf);
	return rc;
}

/* A value's text, NUL-terminated, in memory of its own. */
int lw_json_dumps(char **out_text, size_t *out_len, const json_t *value)
{
	lw_json_buf buf = {0};
	int rc = lw_json_append(&buf, value);
	if (rc == 0)
		rc = put_byte(&buf, '\0');
	if (rc) {
		lw_json_buf_free(&buf);
		*out_text = NULL;
		return rc;
	}
	*out_text = buf.data;
	if (out_len)
		*out_len = buf.len - 1;
	return 0;
}

int lw_json_put(lw_json_buf *buf, const char *text, size_t len)
{
	return put(buf, text, len);
}

/* The room is made first: growing may move the text being copied. */
int lw_json_repeat(lw_json_buf *buf, size_t at, size_t len)
{
	int rc = reserve(buf, len);
	if (rc == 0) {
		memcpy(buf->data + buf->len, buf->data + at, len);
		buf->len += len;
	}
	return rc;
}

int lw_json_put_string(lw_json_buf *buf, const char *text, size_t len)
{
	size_t before = buf->len;
	int rc = write_string(buf, text, len);
	if (rc)
		buf->len = before;
	return rc;
}

int lw_json_put_integer(lw_json_buf *buf, json_int_t value)
{
	return write_integer(buf, value);
}

/* Free a buffer's text; the buffer can be used again. */
void lw_json_buf_free(lw_json_buf *buf)
{
	free(buf->data);
	*buf = (lw_json_buf){0};
}
