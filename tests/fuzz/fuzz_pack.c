/*
 * fuzz_pack.c - libFuzzer target: the rule pack loader.
 *
 * A rule pack is files, so the input is cut into files at each line
 * "--8<--": the first part is pack.json, the second rules/a.json, the
 * third texts/es.json. They are written to a private temporary directory
 * (whose "data" links to the repository's data tables) and loaded with
 * lw_engine_open, which must answer 0 or an error code with a message,
 * never crash, leak or hang. A pack that loads also runs its examples.
 */
#include "lurewatch.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char pack_dir[4096];

static const char *const part_names[] = {"pack.json", "rules/a.json",
					 "texts/es.json"};
#define NPARTS (sizeof(part_names) / sizeof(part_names[0]))
#define SEPARATOR "\n--8<--\n"

/* Make the temporary pack directory once: rules/, texts/ and the link to
 * the data tables that real packs name with "data_dir": "data". */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char tmpl[] = "/tmp/lw-fuzz-pack-XXXXXX";
	char sub[4200];
	if (mkdtemp(tmpl) == NULL)
		abort();
	snprintf(pack_dir, sizeof(pack_dir), "%s", tmpl);
	snprintf(sub, sizeof(sub), "%s/rules", pack_dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof(sub), "%s/texts", pack_dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof(sub), "%s/data", pack_dir);
	if (symlink(LW_FUZZ_DATA_DIR, sub) != 0)
		abort();
	return 0;
}

/* Write data[0..len) as the file rel of the pack. */
static void write_part(const char *rel, const uint8_t *data, size_t len)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", pack_dir, rel);
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		abort();
	if (len)
		fwrite(data, 1, len, f);
	fclose(f);
}

/* Where the separator first occurs in data[0..size), or size. */
static size_t find_separator(const uint8_t *data, size_t size)
{
	size_t n = strlen(SEPARATOR);
	for (size_t i = 0; i + n <= size; i++)
		if (memcmp(data + i, SEPARATOR, n) == 0)
			return i;
	return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t at = 0;
	for (size_t p = 0; p < NPARTS; p++) {
		size_t end = at + find_separator(data + at, size - at);
		write_part(part_names[p], data + at, end - at);
		at = end < size ? end + strlen(SEPARATOR) : size;
	}
	lw_engine *engine = NULL;
	int rc = lw_engine_open(&engine, pack_dir);
	if (rc == 0) {
		int failures, total;
		assert(engine != NULL);
		/* Translations are parsed on first use: parse them all here. */
		rc = lw_engine_load_texts(engine, NULL);
		assert(rc == 0 || (rc < 0 && lw_error_last()[0]));
		lw_engine_check_examples(&failures, &total, engine, NULL);
		lw_engine_free(engine);
	} else {
		assert(engine == NULL && rc < 0 && lw_error_last()[0]);
	}
	return 0;
}
