/*
 * jsonin.c - read one item line quickly, else with jansson (jsonin.h).
 *
 * The fast reader is a plain recursive descent over the bytes. It builds
 * the value with the same jansson calls as jansson's own parser
 * (json_object_setn_new_nocheck, json_array_append_new, json_integer...),
 * so objects keep the same key order, and a key given twice keeps its
 * first place with its last value, exactly as in jansson without
 * JSON_REJECT_DUPLICATES (with it, a key given twice makes the reader give
 * up, and jansson reports it). Every function returns NULL or -1 to give up;
 * lw_jsonin_load then hands the bytes to json_loadb.
 */
#include "jsonin.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Where the reader is, and where strings with escapes are unescaped. */
struct reader {
	const unsigned char *p, *end;
	size_t flags; /* JSON_ALLOW_NUL, JSON_REJECT_DUPLICATES */
	/* Unescaped strings, one after another; NULL until the first
	 * escape. An unescaped string is never longer than its escaped
	 * source, so the text's length is always enough. */
	char *scratch;
	size_t scratch_size, scratch_used;
};

static json_t *read_value(struct reader *r, int depth);

/* Skip JSON's whitespace (space, tab, newline, carriage return), the only
 * characters jansson skips between tokens. */
static void skip_space(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' ||
				 *r->p == '\r' || *r->p == '\t'))
		r->p++;
}

/* Whether one of eight string bytes needs a closer look: a quote, a
 * backslash, a control character or a byte of a multi-byte sequence. The
 * quote and backslash tests are the usual "has a zero byte" trick, exact
 * about whether some byte matches; a byte below 0x20 sets its high bit
 * when 0x20 is taken from it, and any borrow comes from such a byte. */
static int word_needs_care(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u;
	const uint64_t highs = 0x8080808080808080u;
	uint64_t quote = w ^ (ones * '"');
	uint64_t backslash = w ^ (ones * '\\');
	uint64_t found = ((quote - ones) & ~quote) |
			 ((backslash - ones) & ~backslash) | (w - ones * 0x20) |
			 w;
	return (found & highs) != 0;
}

/* The length of the UTF-8 sequence starting with the byte p[0] >= 0x80,
 * or 0 when jansson would refuse it: a stray continuation byte, a lead
 * byte above 0xF4, a cut sequence, an overlong form, a surrogate
 * (U+D800-DFFF) or a code point above U+10FFFF. The last three are ruled
 * out by the range of the second byte, which depends on the lead byte
 * (table 3-7 of the Unicode standard). */
static size_t utf8_sequence(const unsigned char *p, const unsigned char *end)
{
	unsigned lead = p[0];
	size_t avail = (size_t)(end - p);
	if (lead < 0xC2 || lead > 0xF4)
		return 0;
	if (lead < 0xE0)
		return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	unsigned low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
	unsigned high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
	size_t n = lead < 0xF0 ? 3 : 4;
	if (avail < n || p[1] < low || p[1] > high || (p[2] & 0xC0) != 0x80)
		return 0;
	return n == 3 || (p[3] & 0xC0) == 0x80 ? n : 0;
}

/* The value of the four hexadecimal digits at p (either case), or -1. */
static int32_t hex4(const unsigned char *p)
{
	int32_t value = 0;
	for (int i = 0; i < 4; i++) {
		unsigned c = p[i];
		int digit;
		if (c >= '0' && c <= '9')
			digit = (int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			digit = (int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			digit = (int)(c - 'A' + 10);
		else
			return -1;
		value = value * 16 + digit;
	}
	return value;
}

/* Write code point cp (not a surrogate, at most U+10FFFF) as UTF-8 at out;
 * return the number of bytes written. */
static size_t utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decode the escape at *p (its backslash) to *out and move both past it.
 * \uXXXX is taken as jansson takes it: a high surrogate must be followed by
 * an escaped low one, and the pair is one code point; \u0000 is a NUL
 * byte (JSON_ALLOW_NUL). -1 for anything jansson refuses (an unknown
 * escape, a bad hex digit, a lone surrogate) or a cut escape. */
static int unescape(char **out, const unsigned char **p,
		    const unsigned char *end)
{
	const unsigned char *s = *p;
	if (end - s < 2)
		return -1;
	static const char simple_from[] = "\"\\/bfnrt";
	static const char simple_to[] = "\"\\/\b\f\n\r\t";
	const char *simple = s[1] ? strchr(simple_from, s[1]) : NULL;
	if (simple) {
		*(*out)++ = simple_to[simple - simple_from];
		*p = s + 2;
		return 0;
	}
	if (s[1] != 'u' || end - s < 6)
		return -1;
	int32_t cp = hex4(s + 2);
	s += 6;
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (end - s < 6 || s[0] != '\\' || s[1] != 'u')
			return -1;
		int32_t low = hex4(s + 2);
		if (low < 0xDC00 || low > 0xDFFF)
			return -1;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
		s += 6;
	} else if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
		return -1;
	}
	*out += utf8_put(*out, (uint32_t)cp);
	*p = s;
	return 0;
}

/* Read a string whose opening quote is just behind r->p, and move past its
 * closing quote. *out_text and *out_len receive its bytes: in the input
 * itself when it has no escape, else unescaped in the scratch buffer,
 * where they stay until the reader is done. -1 to give up (invalid UTF-8,
 * a raw control character, a bad escape, no closing quote, no memory).
 *
 * Runs of plain ASCII are skipped eight bytes at a time. Eight bytes that
 * need care are taken one character at a time, and so is everything up to
 * the next plain ASCII byte after them, so that text in another script
 * does not go back and forth between the two loops at every character. */
static int read_string(struct reader *r, const char **out_text, size_t *out_len)
{
	const unsigned char *p = r->p, *end = r->end;
	const unsigned char *run = p; /* not yet copied to out */
	char *copy = NULL, *out = NULL;
	for (;;) {
		while (end - p >= 8) {
			uint64_t word;
			memcpy(&word, p, sizeof(word));
			if (word_needs_care(word))
				break;
			p += 8;
		}
		const unsigned char *care_end = p + 8;
		for (;;) {
			if (p == end)
				return -1;
			unsigned c = *p;
			if (c >= 0x80) {
				size_t n = utf8_sequence(p, end);
				if (n == 0)
					return -1;
				p += n;
			} else if (c == '"') {
				goto closed;
			} else if (c == '\\') {
				if (!copy) {
					if (!r->scratch &&
					    !(r->scratch =
						      malloc(r->scratch_size)))
						return -1;
					copy = out =
						r->scratch + r->scratch_used;
				}
				memcpy(out, run, (size_t)(p - run));
				out += p - run;
				if (unescape(&out, &p, end))
					return -1;
				run = p;
			} else if (c < 0x20) {
				return -1;
			} else if (++p >= care_end) {
				break;
			}
		}
	}
closed:
	if (copy) {
		memcpy(out, run, (size_t)(p - run));
		out += p - run;
		*out_text = copy;
		*out_len = (size_t)(out - copy);
		r->scratch_used += *out_len;
	} else {
		*out_text = (const char *)r->p;
		*out_len = (size_t)(p - r->p);
	}
	r->p = p + 1;
	return 0;
}

/* Read an integer that fits json_int_t for sure (at most 18 digits, no
 * leading zero); NULL to give up, also for a real number, which jansson
 * converts with its own strtod. */
static json_t *read_integer(struct reader *r)
{
	const unsigned char *p = r->p, *end = r->end;
	int negative = *p == '-';
	p += negative;
	const unsigned char *digits = p;
	uint64_t magnitude = 0;
	while (p < end && *p >= '0' && *p <= '9')
		magnitude = magnitude * 10 + (uint64_t)(*p++ - '0');
	size_t count = (size_t)(p - digits);
	if (count == 0 || count > 18 || (digits[0] == '0' && count > 1))
		return NULL;
	if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
		return NULL;
	r->p = p;
	json_int_t value = (json_int_t)magnitude;
	return json_integer(negative ? -value : value);
}

/* Whether the literal word (true, false or null) is next; if so, move past
 * it. What follows is checked by the caller's grammar, which takes only
 * whitespace, a comma, a closing bracket or the end. */
static int read_literal(struct reader *r, const char *word, size_t len)
{
	if ((size_t)(r->end - r->p) < len || memcmp(r->p, word, len) != 0)
		return 0;
	r->p += len;
	return 1;
}

/* Read an object whose '{' is just behind r->p; NULL to give up (a key
 * with a NUL byte goes to jansson, which refuses it). */
static json_t *read_object(struct reader *r, int depth)
{
	json_t *object = json_object();
	if (!object)
		return NULL;
	skip_space(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return object;
	}
	for (;;) {
		const char *key;
		size_t key_len;
		if (r->p == r->end || *r->p != '"')
			break;
		r->p++;
		if (read_string(r, &key, &key_len) ||
		    memchr(key, '\0', key_len))
			break;
		skip_space(r);
		if (r->p == r->end || *r->p != ':')
			break;
		r->p++;
		skip_space(r);
		json_t *value = read_value(r, depth);
		if (value && (r->flags & JSON_REJECT_DUPLICATES) &&
		    json_object_getn(object, key, key_len)) {
			json_decref(value); /* jansson names the key */
			break;
		}
		if (!value ||
		    json_object_setn_new_nocheck(object, key, key_len, value))
			break;
		skip_space(r);
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			return object;
		}
		if (r->p == r->end || *r->p != ',')
			break;
		r->p++;
		skip_space(r);
	}
	json_decref(object);
	return NULL;
}

/* Read an array whose '[' is just behind r->p; NULL to give up. */
static json_t *read_array(struct reader *r, int depth)
{
	json_t *array = json_array();
	if (!array)
		return NULL;
	skip_space(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return array;
	}
	for (;;) {
		json_t *value = read_value(r, depth);
		if (!value || json_array_append_new(array, value))
			break;
		skip_space(r);
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			return array;
		}
		if (r->p == r->end || *r->p != ',')
			break;
		r->p++;
		skip_space(r);
	}
	json_decref(array);
	return NULL;
}

/* Read the value that starts at r->p (whitespace already skipped), inside
 * depth containers; NULL to give up. */
static json_t *read_value(struct reader *r, int depth)
{
	if (r->p == r->end)
		return NULL;
	switch (*r->p) {
	case '{':
	case '[':
		if (depth == LW_JSONIN_DEPTH_MAX)
			return NULL;
		return *r->p++ == '{' ? read_object(r, depth + 1)
				      : read_array(r, depth + 1);
	case '"': {
		const char *text;
		size_t len;
		r->p++;
		if (read_string(r, &text, &len) ||
		    (!(r->flags & JSON_ALLOW_NUL) && memchr(text, '\0', len)))
			return NULL;
		return json_stringn_nocheck(text, len);
	}
	case 't':
		return read_literal(r, "true", 4) ? json_true() : NULL;
	case 'f':
		return read_literal(r, "false", 5) ? json_false() : NULL;
	case 'n':
		return read_literal(r, "null", 4) ? json_null() : NULL;
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return read_integer(r);
		return NULL;
	}
}

/* The fast reader over a whole text: an object or an array (as jansson
 * wants without JSON_DECODE_ANY) with nothing but whitespace around it;
 * NULL to give up. */
static json_t *read_text(const char *text, size_t len, size_t flags)
{
	struct reader r = {
		.p = (const unsigned char *)text,
		.end = (const unsigned char *)text + len,
		.flags = flags,
		.scratch_size = len,
	};
	skip_space(&r);
	json_t *value = NULL;
	if (r.p < r.end && (*r.p == '{' || *r.p == '['))
		value = read_value(&r, 0);
	if (value) {
		skip_space(&r);
		if (r.p != r.end) {
			json_decref(value);
			value = NULL;
		}
	}
	free(r.scratch);
	return value;
}

/* Try the fast reader (for the flags it knows), else jansson; on success
 * fill *error as json_loadb does (an empty text, source "<buffer>", no line
 * or column, the position after the last byte), in case a caller looks at
 * it. */
json_t *lw_jsonin_load(int *out_fast, const char *text, size_t len,
		       size_t flags, json_error_t *error)
{
	int known = (flags &
		     ~(size_t)(JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES)) == 0;
	json_t *value = text && known ? read_text(text, len, flags) : NULL;
	if (out_fast)
		*out_fast = value != NULL;
	if (!value)
		return json_loadb(text, len, flags, error);
	if (error) {
		error->text[0] = '\0';
		memcpy(error->source, "<buffer>", sizeof("<buffer>"));
		error->line = -1;
		error->column = -1;
		error->position = (int)len;
	}
	return value;
}
