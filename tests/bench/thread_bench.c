/*
 * thread_bench.c - how long the thread analysis takes for a large thread,
 * and how much memory it takes.
 *
 * usage: thread_bench [--runs N] [--comments N] [--rules DIR]
 *
 * Builds one synthetic thread of N comments (default 10,000): varied
 * comments from a fixed vocabulary, and every 50th a templated testimonial
 * with the name and place swapped, each from its own account, a minute
 * apart. Each run analyses it with lw_analyze() and times the call (the
 * item is already parsed: JSON parsing is not counted), in wall time and
 * in this process's CPU time. It also times the
 * same thread with every comment's text empty, which leaves the per-
 * comment overhead without the text work, and prints each run and the
 * medians. Peak RSS is VmHWM of this process (Linux only). A benchmark,
 * not a test: it asserts nothing about time.
 */
#include "lurewatch.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS_MAX 100

/* Seconds of a clock: CLOCK_MONOTONIC (wall) or CLOCK_PROCESS_CPUTIME_ID
 * (this process's CPU time, which other work on the machine disturbs
 * less). */
static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A small deterministic generator, so that every run sees the same
 * thread. */
static unsigned next_random(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

/* The synthetic thread (see the top of the file). */
static json_t *make_thread(size_t n, int empty)
{
	static const char *const words[] = {
		"the",	   "job",    "was",	 "good",   "and",     "salary",
		"paid",	   "on",     "time",	 "but",	   "hours",   "were",
		"long",	   "visa",   "agency",	 "office", "city",    "work",
		"family",  "happy",  "contract", "month",  "week",    "help",
		"friend",  "manila", "dubai",	 "nurse",  "driver",  "cook",
		"english", "test",   "medical",	 "flight", "housing", "boss"};
	static const char *const names[] = {"Maria", "Linh", "Ana", "Rosa"};
	static const char *const places[] = {"Dubai", "Doha", "Riyadh"};
	unsigned seed = 7;
	json_t *comments = json_array();
	for (size_t i = 0; i < n; i++) {
		char text[512] = "", handle[32];
		if (!empty && i % 50 == 0) {
			snprintf(text, sizeof(text),
				 "Got my visa in %u weeks thanks to agent %s, "
				 "now working in %s!",
				 2 + next_random(&seed) % 2,
				 names[next_random(&seed) % 4],
				 places[next_random(&seed) % 3]);
		} else if (!empty) {
			unsigned len = 5 + next_random(&seed) % 20;
			for (unsigned w = 0; w < len; w++) {
				strcat(text, words[next_random(&seed) %
						   (sizeof(words) /
						    sizeof(words[0]))]);
				strcat(text, " ");
			}
		}
		snprintf(handle, sizeof(handle), "@user_%zu", i);
		json_array_append_new(
			comments, json_pack("{s:s, s:s, s:I, s:s}", "author",
					    handle, "handle", handle, "time",
					    (json_int_t)(1700000000 + 60 * i),
					    "text", text));
	}
	return json_pack("{s:s, s:s, s:o}", "kind", "thread", "text",
			 "Hiring drivers and nurses for Dubai.", "comments",
			 comments);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Peak resident set of this process in KiB, from /proc (0 if unknown). */
static long peak_rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = 0;
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kib = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kib;
}

/* Time one analysis of item: wall and CPU milliseconds (-1 on failure). */
static void time_analysis(double *wall_ms, double *cpu_ms,
			  const lw_engine *engine, const json_t *item)
{
	json_t *result = NULL;
	double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	/* The whole analysis, however long: no item time budget. */
	lw_analyze_opts opts = {.item_budget_ms = LW_ITEM_BUDGET_NONE};
	int rc = lw_analyze(&result, engine, item, &opts);
	*cpu_ms = (now(CLOCK_PROCESS_CPUTIME_ID) - c0) * 1000;
	*wall_ms = (now(CLOCK_MONOTONIC) - w0) * 1000;
	json_decref(result);
	if (rc)
		*wall_ms = *cpu_ms = -1;
}

int main(int argc, char **argv)
{
	int runs = 5;
	size_t comments = 10000;
	char rules[1024] = "";
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--comments") == 0)
			comments = (size_t)strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--rules") == 0)
			snprintf(rules, sizeof(rules), "%s", argv[i + 1]);
	}
	if (runs < 1 || runs > RUNS_MAX || comments == 0) {
		fprintf(stderr,
			"usage: thread_bench [--runs 1..%d] "
			"[--comments N] [--rules DIR]\n",
			RUNS_MAX);
		return 1;
	}
	if (!rules[0] && lw_rules_default_dir(rules, sizeof(rules))) {
		fprintf(stderr, "thread_bench: %s\n", lw_error_last());
		return 1;
	}
	lw_engine *engine;
	if (lw_engine_open(&engine, rules)) {
		fprintf(stderr, "thread_bench: %s\n", lw_error_last());
		return 1;
	}
	json_t *thread = make_thread(comments, 0);
	json_t *blank = make_thread(comments, 1);
	long rss_before = peak_rss_kib();
	double full[RUNS_MAX], full_cpu[RUNS_MAX], empty[RUNS_MAX],
		empty_cpu[RUNS_MAX];
	for (int r = 0; r < runs; r++) {
		time_analysis(&full[r], &full_cpu[r], engine, thread);
		time_analysis(&empty[r], &empty_cpu[r], engine, blank);
		printf("run %d: %zu comments %.1f ms (CPU %.1f), empty texts "
		       "%.1f ms (CPU %.1f)\n",
		       r + 1, comments, full[r], full_cpu[r], empty[r],
		       empty_cpu[r]);
	}
	double *lists[4] = {full, full_cpu, empty, empty_cpu};
	for (int k = 0; k < 4; k++)
		qsort(lists[k], (size_t)runs, sizeof(double), by_value);
	printf("median of %d runs: %zu comments %.1f ms (CPU %.1f), empty "
	       "texts %.1f ms (CPU %.1f); peak RSS %ld KiB (%ld KiB before "
	       "analysing)\n",
	       runs, comments, full[runs / 2], full_cpu[runs / 2],
	       empty[runs / 2], empty_cpu[runs / 2], peak_rss_kib(),
	       rss_before);
	json_decref(thread);
	json_decref(blank);
	lw_engine_free(engine);
	return 0;
}
