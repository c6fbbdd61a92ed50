/*
 * fuzz_jsonout.c - libFuzzer target: our compact JSON writer
 * (host/src/jsonout.c) against jansson's, byte for byte.
 *
 * The input is parsed by jansson (any value, NUL bytes in strings allowed)
 * and written both ways; the raw input is also written as one string
 * without jansson's UTF-8 check, so that every byte sequence, valid or not,
 * meets both writers' escaping and refusing. Any difference aborts.
 */
#include "../unit/jsonout_same.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *parsed = json_loadb((const char *)data, size,
				    JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (parsed && !jsonout_same_as_jansson(parsed))
		abort();
	json_decref(parsed);

	json_t *raw = json_stringn_nocheck((const char *)data, size);
	if (raw && !jsonout_same_as_jansson(raw))
		abort();
	json_decref(raw);
	return 0;
}
