/*
 * batch_csv.c - RFC 4180 CSV records and the --col mapping to items (see
 * batch_csv.h).
 */
#include "batch_csv.h"

#include <stdlib.h>
#include <string.h>

/* A growable field buffer with a shared byte budget for the record. */
struct field {
	char *text;
	size_t len, cap;
};

/* Append one byte. Returns -1 when out of memory. */
static int field_add(struct field *f, char c)
{
	if (f->len + 1 >= f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		char *grown = realloc(f->text, cap);
		if (grown == NULL)
			return -1;
		f->text = grown;
		f->cap = cap;
	}
	f->text[f->len++] = c;
	return 0;
}

/* Finish a field: append it to the record as a string and empty the
 * buffer. Returns -1 when out of memory. */
static int field_end(json_t *record, struct field *f)
{
	json_t *value = json_stringn(f->text ? f->text : "", f->len);
	if (value == NULL) /* not UTF-8: keep the record's shape */
		value = json_string("\xef\xbf\xbd");
	f->len = 0;
	return json_array_append_new(record, value);
}

/* Skip a UTF-8 byte order mark at the very start of the input. */
static void skip_bom(struct csv_reader *r)
{
	int a = getc(r->in);
	if (a == 0xEF) {
		int b = getc(r->in), c = getc(r->in);
		if (b == 0xBB && c == 0xBF)
			return;
		if (c != EOF)
			ungetc(c, r->in);
		/* Two bytes cannot be pushed back portably: such input is
		 * not valid UTF-8 text anyway. */
		return;
	}
	if (a != EOF)
		ungetc(a, r->in);
}

/* Read past the rest of a record that is too long: to the next line end
 * outside quotes. */
static void skip_record(struct csv_reader *r, int quoted)
{
	int c;
	while ((c = getc(r->in)) != EOF) {
		if (c == '"')
			quoted = !quoted;
		else if (c == '\n') {
			r->next_line++;
			if (!quoted)
				return;
		}
	}
}

enum csv_status csv_read_record(json_t **out, struct csv_reader *r)
{
	struct field f = {0};
	json_t *record = json_array();
	size_t bytes = 0;
	int c, quoted = 0, was_quoted = 0, bad = 0;

	*out = NULL;
	if (!r->started) {
		r->started = 1;
		r->next_line = 1;
		skip_bom(r);
	}
	r->line = r->next_line;
	if (record == NULL)
		return CSV_NO_MEMORY;
	c = getc(r->in);
	if (c == EOF) {
		json_decref(record);
		return CSV_END;
	}
	for (; c != EOF; c = getc(r->in)) {
		if (++bytes > r->record_max) {
			skip_record(r, quoted);
			free(f.text);
			json_decref(record);
			return CSV_TOO_LONG;
		}
		if (quoted) {
			if (c == '"') {
				int next = getc(r->in);
				if (next == '"') {
					c = '"';
				} else {
					quoted = 0;
					if (next != EOF)
						ungetc(next, r->in);
					continue;
				}
			}
			if (c == '\n')
				r->next_line++;
		} else if (c == '"' && f.len == 0 && !was_quoted) {
			quoted = was_quoted = 1;
			continue;
		} else if (c == '"') {
			bad = 1;
		} else if (c == ',') {
			if (field_end(record, &f) < 0)
				goto no_memory;
			was_quoted = 0;
			continue;
		} else if (c == '\n' || c == '\r') {
			if (c == '\r') {
				int next = getc(r->in);
				if (next != '\n' && next != EOF)
					ungetc(next, r->in);
			}
			r->next_line++;
			break;
		}
		if (field_add(&f, (char)c) < 0)
			goto no_memory;
	}
	if (quoted)
		bad = 1;
	if (field_end(record, &f) < 0)
		goto no_memory;
	free(f.text);
	*out = record;
	return bad ? CSV_BAD_QUOTE : CSV_RECORD;
no_memory:
	free(f.text);
	json_decref(record);
	return CSV_NO_MEMORY;
}

/* The item keys a column may fill, besides fields.NAME. */
static const char *const item_keys[] = {"ref",	"kind", "title", "text",
					"url",	"lang", "label", NULL};

/* Whether key is an item key or fields.NAME. */
static int known_key(const char *key)
{
	for (size_t i = 0; item_keys[i]; i++)
		if (strcmp(key, item_keys[i]) == 0)
			return 1;
	return strncmp(key, "fields.", 7) == 0 && key[7] != '\0';
}

int csv_map_take(void *ctx, const char *value)
{
	struct csv_map *map = ctx;
	const char *eq = strchr(value, '=');
	if (eq == NULL || eq == value || eq[1] == '\0' ||
	    map->count >= CSV_MAPPINGS_MAX ||
	    (size_t)(eq - value) >= sizeof(map->cols[0].key) ||
	    strlen(eq + 1) >= sizeof(map->cols[0].column))
		return 0;
	struct csv_mapping *m = &map->cols[map->count];
	memcpy(m->key, value, (size_t)(eq - value));
	m->key[eq - value] = '\0';
	if (!known_key(m->key))
		return 0;
	strcpy(m->column, eq + 1);
	m->index = -1;
	map->count++;
	return 1;
}

/* The position of a header column, or -1. */
static int column_index(const json_t *header, const char *name)
{
	for (size_t i = 0; i < json_array_size(header); i++)
		if (strcmp(json_string_value(json_array_get(header, i)),
			   name) == 0)
			return (int)i;
	return -1;
}

int csv_map_header(struct csv_map *map, const json_t *header)
{
	if (map->count == 0) {
		for (size_t i = 0; item_keys[i]; i++) {
			int index = column_index(header, item_keys[i]);
			if (index < 0)
				continue;
			struct csv_mapping *m = &map->cols[map->count++];
			strcpy(m->key, item_keys[i]);
			strcpy(m->column, item_keys[i]);
			m->index = index;
		}
		if (map->count == 0) {
			fprintf(stderr,
				"lurewatch batch: the CSV header has no "
				"column named text, title, ref...: map "
				"columns with --col text=COLUMN\n");
			return -1;
		}
		return 0;
	}
	for (int i = 0; i < map->count; i++) {
		map->cols[i].index = column_index(header, map->cols[i].column);
		if (map->cols[i].index < 0) {
			fprintf(stderr,
				"lurewatch batch: --col %s=%s: the CSV header "
				"has no column \"%s\"\n",
				map->cols[i].key, map->cols[i].column,
				map->cols[i].column);
			return -1;
		}
	}
	return 0;
}

json_t *csv_map_item(const struct csv_map *map, const json_t *record)
{
	json_t *item = json_object();
	json_t *fields = json_object();
	int failed = item == NULL || fields == NULL;
	for (int i = 0; i < map->count && !failed; i++) {
		const struct csv_mapping *m = &map->cols[i];
		const char *value = json_string_value(
			json_array_get(record, (size_t)m->index));
		if (value == NULL || *value == '\0')
			continue;
		if (strcmp(m->key, "label") == 0)
			failed = json_object_set_new(
				item, "label",
				json_integer(strcmp(value, "0") != 0 &&
					     strcmp(value, "f") != 0 &&
					     strcmp(value, "false") != 0));
		else if (strncmp(m->key, "fields.", 7) == 0)
			failed = json_object_set_new(fields, m->key + 7,
						     json_string(value));
		else
			failed = json_object_set_new(item, m->key,
						     json_string(value));
	}
	if (!failed && json_object_size(fields) > 0)
		failed = json_object_set(item, "fields", fields);
	json_decref(fields);
	if (failed) {
		json_decref(item);
		return NULL;
	}
	return item;
}
