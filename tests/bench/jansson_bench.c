/*
 * jansson_bench.c - how long jansson alone takes for batch's JSON: parsing
 * each item line and writing each result line.
 *
 * usage: jansson_bench ITEMS.jsonl RESULTS.jsonl
 *
 * Parses every line of ITEMS (timed) and, for every line of RESULTS (the
 * output of `lurewatch batch` on ITEMS), writes the parsed result again
 * with json_dump_callback into a byte counter (timed; parsing it is not).
 * Prints the CPU time per item of each. It bounds batch's throughput: the
 * engine cannot be faster than its own input and output. A benchmark, not
 * a test: it asserts nothing about time.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <time.h>

/* Seconds of CPU this process has used. */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Count the bytes of a dump; json_dump_callback calls it. */
static int count_bytes(const char *piece, size_t size, void *data)
{
	(void)piece;
	*(size_t *)data += size;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr,
			"usage: jansson_bench ITEMS.jsonl RESULTS.jsonl\n");
		return 2;
	}
	FILE *items = fopen(argv[1], "rb"), *results = fopen(argv[2], "rb");
	if (!items || !results) {
		fprintf(stderr, "jansson_bench: cannot open the input files\n");
		return 1;
	}
	char *line = NULL;
	size_t cap = 0, nitems = 0, nresults = 0, out_bytes = 0;
	ssize_t len;
	double parse_s = 0, write_s = 0;
	json_error_t err;
	while ((len = getline(&line, &cap, items)) > 0) {
		double start = cpu_s();
		json_t *item =
			json_loadb(line, (size_t)len, JSON_ALLOW_NUL, &err);
		parse_s += cpu_s() - start;
		json_decref(item);
		nitems++;
	}
	while ((len = getline(&line, &cap, results)) > 0) {
		json_t *result = json_loadb(line, (size_t)len, 0, &err);
		double start = cpu_s();
		json_dump_callback(result, count_bytes, &out_bytes,
				   JSON_COMPACT);
		write_s += cpu_s() - start;
		json_decref(result);
		nresults++;
	}
	free(line);
	fclose(items);
	fclose(results);
	if (nitems == 0 || nresults == 0) {
		fprintf(stderr, "jansson_bench: an input file is empty\n");
		return 1;
	}
	printf("%zu items: parsing %.1f us an item; %zu results: writing %.1f "
	       "us a result (%.1f KB each)\n",
	       nitems, parse_s / (double)nitems * 1e6, nresults,
	       write_s / (double)nresults * 1e6,
	       (double)out_bytes / 1024.0 / (double)nresults);
	return 0;
}
