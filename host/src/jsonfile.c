/*
 * jsonfile.c - parse a JSON file read in blocks (jsonfile.h).
 */
#include "jsonfile.h"

/* Give jansson the next block of the stream; 0 at its end. */
static size_t read_block(void *buffer, size_t size, void *data)
{
	FILE *f = data;
	size_t n = fread(buffer, 1, size, f);
	return n > 0 || !ferror(f) ? n : (size_t)-1;
}

json_t *lw_json_read(FILE *f, size_t flags, json_error_t *error)
{
	return json_load_callback(read_block, f, flags, error);
}
