/*
 * utf16_units.h - the tests' own count of UTF-16 code units in UTF-8 text.
 *
 * Evidence offsets are UTF-16 offsets that the engine counts its own quick
 * way (norm.c: marks, words at a time). The unit tests and the fuzz target
 * check them against this count, written as plainly as it can be, so that
 * the two never share a mistake.
 */
#ifndef LW_TEST_UTF16_UNITS_H
#define LW_TEST_UTF16_UNITS_H

#include <stddef.h>

/* UTF-16 code units in the first n bytes of a valid UTF-8 string: one for
 * each character, two for those of four bytes. */
static inline size_t utf16_units(const char *s, size_t n)
{
	size_t units = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80)
			units += c >= 0xF0 ? 2 : 1;
	}
	return units;
}

#endif /* LW_TEST_UTF16_UNITS_H */
