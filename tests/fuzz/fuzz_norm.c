/*
 * fuzz_norm.c - libFuzzer target: the matching view and its offset map.
 *
 * Any bytes (invalid UTF-8, NULs, look-alikes, spaced letters) are
 * normalised, and the map must keep its promises: the view is valid UTF-8
 * without NUL bytes; every entry points inside the original; each byte's
 * source span is non-empty (or empty only at the end); the start map
 * never goes backwards; every span of the view maps to a non-empty span
 * of the original, whose UTF-16 offsets are ordered too; and those offsets
 * counted from the view's marks (made while the view is built) equal the
 * ones counted from the start.
 */
#include "norm.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

/* Check the map of one view against the original length. */
static void check_map(const lw_norm *v, size_t len)
{
	assert(v->orig_len == len);
	assert(v->text[v->len] == '\0');
	assert(memchr(v->text, '\0', v->len) == NULL);
	assert(u8_check((const uint8_t *)v->text, v->len) == NULL);
	assert(v->src_start[v->len] == len && v->src_end[v->len] == len);
	for (size_t i = 0; i < v->len; i++) {
		assert(v->src_start[i] < v->src_end[i]);
		assert(v->src_end[i] <= len);
		if (i > 0)
			assert(v->src_start[i - 1] <= v->src_start[i]);
	}
}

/* Map a few spans of the view back and check them. */
static void check_spans(const lw_norm *v, const char *orig, size_t len,
			const uint8_t *data, size_t size)
{
	for (size_t k = 0; k < 8 && v->len > 0; k++) {
		size_t a = size ? data[k % size] * 131u + k * 7 : k;
		size_t b = size ? data[(k * 5 + 1) % size] * 257u + k : k + 1;
		size_t start = a % v->len;
		size_t end = start + 1 + b % (v->len - start);
		size_t os, oe;
		lw_norm_span(&os, &oe, v, start, end);
		assert(os < oe && oe <= len);
		size_t units_s = lw_utf16_offset(orig, os);
		size_t units_e = lw_utf16_offset(orig, oe);
		assert(units_s < units_e);
		lw_utf16_cursor at = {orig, 0, 0};
		assert(lw_norm_utf16_advance(&at, v, os) == units_s);
		assert(lw_norm_utf16_advance(&at, v, oe) == units_e);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so that ASan sees any read past it. */
	char *orig = malloc(size ? size : 1);
	if (orig == NULL)
		return 0;
	memcpy(orig, data, size);
	lw_norm view;
	if (lw_norm_build(&view, orig, size) == 0) {
		check_map(&view, size);
		check_spans(&view, orig, size, data, size);
		lw_norm_clear(&view);
	}
	free(orig);
	return 0;
}
