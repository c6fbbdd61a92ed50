/*
 * fuzz_analyze.c - libFuzzer target: the whole analysis of one item.
 *
 * The input is parsed as the host would parse an item (any JSON value,
 * lone-surrogate escapes included) and analysed with the real rule pack.
 * Every result must be an object with "ok"; a good one must have a score
 * from 0 to 100 and evidence whose UTF-16 offsets lie inside the field
 * they name. Adverts and threads alike come through here: the item's kind
 * selects the path.
 */
#include "../unit/utf16_units.h"
#include "lurewatch.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static lw_engine *engine;

/* Load the real rule pack once (LUREWATCH_RULES overrides it). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = getenv("LUREWATCH_RULES");
	if (lw_engine_open(&engine, dir ? dir : LW_FUZZ_RULES_DIR) != 0)
		abort();
	return 0;
}

/* The text of the field an evidence object names, or NULL. */
static const json_t *field_text(const json_t *item, const char *name)
{
	if (strncmp(name, "fields.", 7) == 0)
		return json_object_get(json_object_get(item, "fields"),
				       name + 7);
	return json_object_get(item, name);
}

/* Check a successful result against the item. */
static void check_result(const json_t *item, const json_t *result)
{
	json_int_t score = json_integer_value(json_object_get(result, "score"));
	assert(score >= 0 && score <= 100);
	size_t i, j;
	json_t *ind, *ev;
	json_array_foreach(json_object_get(result, "indicators"), i, ind)
	{
		json_array_foreach(json_object_get(ind, "evidence"), j, ev)
		{
			const char *name =
				json_string_value(json_object_get(ev, "field"));
			const json_t *text = field_text(item, name);
			json_int_t s = json_integer_value(
				json_object_get(ev, "start"));
			json_int_t e =
				json_integer_value(json_object_get(ev, "end"));
			assert(json_is_string(text));
			assert(0 <= s && s < e);
			assert((size_t)e <=
			       utf16_units(json_string_value(text),
					   json_string_length(text)));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *item = json_loadb((const char *)data, size, JSON_DECODE_ANY |
					      JSON_ALLOW_NUL, &jerr);
	if (item == NULL)
		return 0;
	json_t *result = NULL;
	int rc = lw_analyze(&result, engine, item, NULL);
	assert(rc == 0 || rc == LW_EINVAL);
	assert(json_is_object(result));
	if (rc == 0)
		check_result(item, result);
	else
		assert(json_is_false(json_object_get(result, "ok")));
	json_decref(result);
	json_decref(item);
	return 0;
}
