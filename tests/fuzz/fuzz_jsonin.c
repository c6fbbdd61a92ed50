/*
 * fuzz_jsonin.c - libFuzzer target: the fast item-line reader against
 * jansson (host/src/jsonin.h).
 *
 * Any bytes are read by lw_jsonin_load and by json_loadb, with the item
 * lines' flags (JSON_ALLOW_NUL) and with the rule files'
 * (JSON_REJECT_DUPLICATES).
 * Whenever the fast reader takes an input, jansson must accept it too,
 * with the same compact dump (key order included) and the same error
 * fields; so the fast reader never accepts what jansson refuses. When it
 * gives up, the value is jansson's own and must dump the same.
 */
#include "jsonin.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The compact dump of any value, or NULL. */
static char *dump(const json_t *value)
{
	return value ? json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
}

/* abort() unless the two dumps are both absent or equal. */
static void require_same(const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		abort();
}

/* Read text both ways with the given flags; abort() if they disagree. */
static void compare(const char *text, size_t size, size_t flags)
{
	json_error_t want_error, got_error;
	json_t *want = json_loadb(text, size, flags, &want_error);
	int fast = 0;
	json_t *got = lw_jsonin_load(&fast, text, size, flags, &got_error);
	if (fast && !want)
		abort();
	if (fast && (got_error.position != want_error.position ||
		     got_error.line != want_error.line ||
		     got_error.column != want_error.column ||
		     strcmp(got_error.text, want_error.text) != 0 ||
		     strcmp(got_error.source, want_error.source) != 0))
		abort();
	char *want_dump = dump(want), *got_dump = dump(got);
	require_same(got_dump, want_dump);
	free(want_dump);
	free(got_dump);
	json_decref(want);
	json_decref(got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so that ASan sees any read past it. */
	char *text = malloc(size ? size : 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	compare(text, size, JSON_ALLOW_NUL);
	compare(text, size, JSON_REJECT_DUPLICATES);
	free(text);
	return 0;
}
