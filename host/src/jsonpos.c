/*
 * jsonpos.c - record the line of every value of a JSON text.
 *
 * A small recursive scanner that trusts the text to be valid JSON (it was
 * parsed first, jsonin.c) and only tracks where values start. It never
 * reads past the end and stops descending past LW_JSONPOS_DEPTH levels, so
 * a hostile file cannot make it recurse without bound.
 */
#include "jsonpos.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LW_JSONPOS_DEPTH 64
#define LW_JSONPOS_PATH	 512

struct lw_jsonpos_entry {
	size_t pointer; /* offset of the NUL-terminated pointer in names */
	int line;
};

/* The entries in document order, their pointers in one buffer (a rule file
 * has thousands of values: one allocation each was most of the scan), and
 * where the last lookup ended: lookups mostly come in document order. */
struct lw_jsonpos {
	struct lw_jsonpos_entry *v;
	size_t n, cap;
	char *names;
	size_t names_len, names_cap;
	size_t hint;
};

struct scanner {
	const char *s;
	size_t len, at;
	int line;
	lw_jsonpos *pos;
	int failed;
};

/* Move past white space, counting lines. */
static void skip_space(struct scanner *sc)
{
	while (sc->at < sc->len) {
		char c = sc->s[sc->at];
		if (c == '\n')
			sc->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			return;
		sc->at++;
	}
}

/* Move past the rest of a string whose contents are not wanted, to just
 * after its closing quote: the next quote that no odd run of backslashes
 * escapes. Valid JSON has no raw line break inside a string, so there are
 * no lines to count; memchr makes the long strings of rule files (examples,
 * patterns) quick to pass. */
static void skip_string_body(struct scanner *sc)
{
	for (;;) {
		const char *quote =
			memchr(sc->s + sc->at, '"', sc->len - sc->at);
		if (!quote) {
			sc->at = sc->len;
			return;
		}
		size_t q = (size_t)(quote - sc->s), backslashes = 0;
		while (q - backslashes > sc->at &&
		       sc->s[q - backslashes - 1] == '\\')
			backslashes++;
		sc->at = q + 1;
		if (backslashes % 2 == 0)
			return;
	}
}

/* Move past a string starting at its opening quote; copy its raw contents
 * (escapes left as written, which is fine for keys in rule files) into out
 * when out is not NULL. */
static void skip_string(struct scanner *sc, char *out, size_t outlen)
{
	size_t n = 0;
	sc->at++; /* opening quote */
	if (!out) {
		skip_string_body(sc);
		return;
	}
	while (sc->at < sc->len && sc->s[sc->at] != '"') {
		char c = sc->s[sc->at];
		if (c == '\\' && sc->at + 1 < sc->len) {
			if (n + 1 < outlen)
				out[n++] = c;
			sc->at++;
			c = sc->s[sc->at];
		}
		if (n + 1 < outlen)
			out[n++] = c;
		sc->at++;
	}
	out[n] = '\0';
	if (sc->at < sc->len)
		sc->at++; /* closing quote */
}

/* Move past a value nested too deep to record, without recursing: count
 * brackets outside strings until the value closes. */
static void skip_deep(struct scanner *sc)
{
	size_t open = 0;
	while (sc->at < sc->len) {
		char c = sc->s[sc->at];
		if (c == '"') {
			skip_string(sc, NULL, 0);
			if (open == 0)
				return;
			continue;
		}
		if (c == '\n')
			sc->line++;
		if (c == '{' || c == '[')
			open++;
		else if (c == '}' || c == ']') {
			if (open == 0)
				return;
			open--;
		} else if (open == 0 && strchr(", \t\r\n", c))
			return;
		sc->at++;
		if (open == 0 && (c == '}' || c == ']'))
			return;
	}
}

/* Remember that the value at pointer starts on the current line. */
static void record(struct scanner *sc, const char *pointer)
{
	lw_jsonpos *pos = sc->pos;
	size_t size = strlen(pointer) + 1;
	if (pos->n == pos->cap) {
		size_t cap = pos->cap * 2;
		struct lw_jsonpos_entry *v = realloc(pos->v, cap * sizeof(*v));
		if (!v) {
			sc->failed = 1;
			return;
		}
		pos->v = v;
		pos->cap = cap;
	}
	if (pos->names_len + size > pos->names_cap) {
		size_t cap = pos->names_cap * 2;
		while (cap < pos->names_len + size)
			cap *= 2;
		char *names = realloc(pos->names, cap);
		if (!names) {
			sc->failed = 1;
			return;
		}
		pos->names = names;
		pos->names_cap = cap;
	}
	memcpy(pos->names + pos->names_len, pointer, size);
	pos->v[pos->n].pointer = pos->names_len;
	pos->v[pos->n].line = sc->line;
	pos->names_len += size;
	pos->n++;
}

/* Write n in decimal into buf (at least 21 bytes), NUL-terminated: the
 * index of an array element in a pointer, without snprintf's cost. */
static void decimal(char *buf, size_t n)
{
	char digits[21];
	size_t len = 0;
	do {
		digits[len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	for (size_t i = 0; i < len; i++)
		buf[i] = digits[len - 1 - i];
	buf[len] = '\0';
}

/* Scan one value whose pointer is path; containers recurse with the
 * pointer of each member or element appended. */
static void scan_value(struct scanner *sc, char *path, size_t plen, int depth)
{
	skip_space(sc);
	if (sc->at >= sc->len || sc->failed)
		return;
	char c = sc->s[sc->at];
	if (depth > LW_JSONPOS_DEPTH) {
		skip_deep(sc);
		return;
	}
	record(sc, plen ? path : "");
	if (c == '{' || c == '[') {
		char close = c == '{' ? '}' : ']';
		size_t index = 0;
		sc->at++;
		for (;;) {
			skip_space(sc);
			if (sc->at >= sc->len || sc->failed)
				return;
			if (sc->s[sc->at] == close) {
				sc->at++;
				return;
			}
			if (sc->s[sc->at] == ',') {
				sc->at++;
				continue;
			}
			char key[128];
			if (c == '{') {
				skip_string(sc, key, sizeof(key));
				skip_space(sc);
				if (sc->at < sc->len && sc->s[sc->at] == ':')
					sc->at++;
			} else {
				decimal(key, index++);
			}
			size_t klen = strlen(key), child = plen;
			if (plen + 1 + klen < LW_JSONPOS_PATH) {
				path[plen] = '/';
				memcpy(path + plen + 1, key, klen + 1);
				child = plen + 1 + klen;
			}
			scan_value(sc, path, child, depth + 1);
			path[plen] = '\0';
		}
	}
	if (c == '"') {
		skip_string(sc, NULL, 0);
		return;
	}
	while (sc->at < sc->len && !strchr(",]} \t\r\n", sc->s[sc->at]))
		sc->at++;
}

lw_jsonpos *lw_jsonpos_scan(const char *text, size_t len)
{
	char path[LW_JSONPOS_PATH] = "";
	struct scanner sc = {.s = text, .len = len, .line = 1};
	sc.pos = calloc(1, sizeof(*sc.pos));
	if (!sc.pos)
		return NULL;
	/* Room for about as many values and pointer bytes as a rule file
	 * has, so that the arrays are rarely copied as they grow. */
	sc.pos->cap = len / 8 + 64;
	sc.pos->names_cap = len + 4096;
	sc.pos->v = malloc(sc.pos->cap * sizeof(*sc.pos->v));
	sc.pos->names = malloc(sc.pos->names_cap);
	if (!sc.pos->v || !sc.pos->names) {
		lw_jsonpos_free(sc.pos);
		return NULL;
	}
	scan_value(&sc, path, 0, 0);
	if (sc.failed) {
		lw_jsonpos_free(sc.pos);
		return NULL;
	}
	return sc.pos;
}

int lw_jsonpos_line(lw_jsonpos *pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int line = lw_jsonpos_vline(pos, fmt, ap);
	va_end(ap);
	return line;
}

/* The index of the entry for pointer, searching on from the last one
 * found; pos->n when there is none. */
static size_t find_entry(lw_jsonpos *pos, const char *pointer)
{
	for (size_t k = 0; k < pos->n; k++) {
		size_t i = (pos->hint + k) % pos->n;
		if (strcmp(pos->names + pos->v[i].pointer, pointer) == 0) {
			pos->hint = i + 1;
			return i;
		}
	}
	return pos->n;
}

int lw_jsonpos_vline(lw_jsonpos *pos, const char *fmt, va_list ap)
{
	char want[LW_JSONPOS_PATH];
	vsnprintf(want, sizeof(want), fmt, ap);
	for (;;) {
		size_t i = pos ? find_entry(pos, want) : 0;
		if (pos && i < pos->n)
			return pos->v[i].line;
		char *slash = strrchr(want, '/');
		if (!slash)
			return 1;
		*slash = '\0';
	}
}

void lw_jsonpos_free(lw_jsonpos *pos)
{
	if (!pos)
		return;
	free(pos->v);
	free(pos->names);
	free(pos);
}
