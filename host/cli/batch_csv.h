/*
 * batch_csv.h - CSV input for `lurewatch batch --csv`: an RFC 4180 reader
 * (quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF)
 * and the mapping of columns to item keys given by --col KEY=COLUMN.
 */
#ifndef LW_BATCH_CSV_H
#define LW_BATCH_CSV_H

#include <jansson.h>
#include <stdio.h>

/** Columns of one CSV file that are read at most. */
#define CSV_COLUMNS_MAX 1024
/** Mappings given with --col at most. */
#define CSV_MAPPINGS_MAX 64

/** A CSV reader over a stream. */
struct csv_reader {
	FILE *in;
	size_t record_max; /**< bytes of one record; longer is an error */
	long line;	   /**< line number where the last record started */
	long next_line;	   /**< line number of the next unread line */
	int started;	   /**< whether the byte order mark was checked */
};

/** How a record was read. */
enum csv_status {
	CSV_RECORD,   /**< a record is in *out */
	CSV_END,      /**< end of input */
	CSV_TOO_LONG, /**< over record_max bytes: skipped to its end */
	CSV_BAD_QUOTE, /**< a quote in the middle of an unquoted field, or
			  input ending inside quotes (the record is in
			  *out as far as it could be read) */
	CSV_NO_MEMORY
};

/**
 * Read one record into *out, a new array of strings (json_decref). A
 * leading UTF-8 byte order mark is skipped. Blank lines are records with
 * one empty field.
 */
enum csv_status csv_read_record(json_t **out, struct csv_reader *reader);

/** One --col mapping: item key (text, title, ref, url, lang, kind, label
 *  or fields.NAME) from a header column. */
struct csv_mapping {
	char key[128];
	char column[256];
	int index; /**< the column's position, -1 until the header is read */
};

/** All mappings of one run. */
struct csv_map {
	struct csv_mapping cols[CSV_MAPPINGS_MAX];
	int count;
};

/** cli_opt take() callback for --col KEY=COLUMN; ctx is a struct csv_map.
 *  Returns 0 when the value is malformed. */
int csv_map_take(void *ctx, const char *value);

/**
 * Resolve the mappings against the header record. With no --col at all,
 * every header column named like an item key (ref, kind, title, text,
 * url, lang, label) maps to it. Prints the problem and returns -1 when a
 * mapped column is missing from the header.
 */
int csv_map_header(struct csv_map *map, const json_t *header);

/**
 * Build the item of one record: each mapped column's value under its key
 * (empty values left out; label as 0 or 1; ref as given). Returns a new
 * object, or NULL when out of memory.
 */
json_t *csv_map_item(const struct csv_map *map, const json_t *record);

#endif /* LW_BATCH_CSV_H */
