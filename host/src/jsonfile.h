/*
 * jsonfile.h - parse a JSON file read in blocks.
 *
 * jansson's json_load_file and json_loadf read a file one character at a
 * time, taking the stream's lock for each; the pack's data tables are read
 * at every start, and this was a noticeable part of it.
 */
#ifndef LW_JSONFILE_H
#define LW_JSONFILE_H

#include <jansson.h>
#include <stdio.h>

/**
 * Parse the JSON text of an open stream, read in blocks, as json_loadf
 * would.
 *
 * @param f     the stream, read to its end (the caller closes it)
 * @param flags jansson's decoding flags
 * @param error receives jansson's error, as json_loadf gives it
 * @return the value, or NULL with error filled in
 */
json_t *lw_json_read(FILE *f, size_t flags, json_error_t *error);

#endif /* LW_JSONFILE_H */
