/*
 * host_bench.c - how fast lurewatch-host starts and answers, and how much
 * memory it takes.
 *
 * usage: host_bench [--runs N] [--requests N] [--advert FILE] -- HOST [ARG...]
 *
 * Each run starts the host, times spawn to the first hello reply (cold
 * start: includes loading and compiling the rule pack), then sends N
 * analyze requests of one item, the advert, one at a time over the same
 * port, as the extension does, and times each round trip. Before closing
 * the port it reads the host's peak resident set (VmHWM in
 * /proc/PID/status, Linux only). Prints each run, then the medians over the
 * runs. It is a benchmark, not a test: it asserts nothing about time.
 */
#include "framing.h"

#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define WARMUP_REQUESTS 20
#define RUNS_MAX	100
#define ADVERT_MAX	(1024 * 1024)

/* The figures of one run. */
struct run_figures {
	double cold_ms;
	double p50_us;
	double p99_us;
	long peak_rss_kb;
};

/* Seconds on a monotonic clock, as a double. */
static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Stop with a message: the benchmark cannot go on meaningfully. */
static void die(const char *what)
{
	fprintf(stderr, "host_bench: %s\n", what);
	exit(1);
}

/* Send one message and wait for its reply; the reply must be ok:true. */
static void round_trip(int to_host, int from_host, const char *msg, size_t len)
{
	char *body;
	uint32_t body_len;
	if (lw_frame_write(to_host, msg, len, LW_FRAME_IN_MAX) < 0)
		die("cannot write to the host");
	if (lw_frame_read(&body, &body_len, from_host, LW_FRAME_OUT_MAX) !=
	    LW_FRAME_OK)
		die("no reply from the host");
	if (strstr(body, "\"ok\":true") == NULL) {
		fprintf(stderr, "host_bench: reply: %.300s\n", body);
		die("the host answered with an error");
	}
	free(body);
}

/* The host's peak resident set in KiB, or -1 where /proc is missing. */
static long peak_rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Order doubles ascending, for percentiles and medians. */
static int ascending(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The p-th percentile (0..100) of n values, sorting them in place
 * (nearest rank). */
static double percentile(double *values, size_t n, double p)
{
	qsort(values, n, sizeof(*values), ascending);
	size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
	return values[rank == 0 ? 0 : rank - 1];
}

/* One run: start the host, time hello, time the analyze requests, read the
 * peak RSS, close the port and wait for a clean exit. */
static struct run_figures bench_run(char **host_argv, const char *request,
				    size_t request_len, int requests)
{
	static const char hello[] =
		"{\"v\":1,\"id\":\"hello\",\"op\":\"hello\"}";
	struct run_figures fig;
	int in[2], out[2], i, status;
	pid_t pid;
	posix_spawn_file_actions_t fa;
	double *lat = calloc((size_t)requests, sizeof(*lat));

	if (lat == NULL || pipe(in) < 0 || pipe(out) < 0)
		die("out of resources");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);

	double start = now_s();
	if (posix_spawnp(&pid, host_argv[0], &fa, NULL, host_argv, environ))
		die("cannot start the host");
	close(in[0]);
	close(out[1]);
	round_trip(in[1], out[0], hello, sizeof(hello) - 1);
	fig.cold_ms = (now_s() - start) * 1e3;

	for (i = 0; i < WARMUP_REQUESTS; i++)
		round_trip(in[1], out[0], request, request_len);
	for (i = 0; i < requests; i++) {
		double t = now_s();
		round_trip(in[1], out[0], request, request_len);
		lat[i] = (now_s() - t) * 1e6;
	}
	fig.peak_rss_kb = peak_rss_kb(pid);
	close(in[1]);
	close(out[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		die("the host did not exit cleanly");
	posix_spawn_file_actions_destroy(&fa);
	fig.p50_us = percentile(lat, (size_t)requests, 50);
	fig.p99_us = percentile(lat, (size_t)requests, 99);
	free(lat);
	return fig;
}

/* Build the analyze request for the advert file: one item, text only. */
static char *make_request(size_t *len, const char *advert_path)
{
	char *text = malloc(ADVERT_MAX);
	FILE *f = fopen(advert_path, "rb");
	if (text == NULL || f == NULL)
		die("cannot read the advert");
	size_t n = fread(text, 1, ADVERT_MAX, f);
	fclose(f);
	json_t *request = json_pack("{s:i, s:s, s:s, s:[{s:s, s:s%}]}", "v", 1,
				    "id", "bench", "op", "analyze", "items",
				    "ref", "advert", "text", text, n);
	char *encoded = json_dumps(request, JSON_COMPACT);
	if (encoded == NULL)
		die("the advert is not UTF-8 text");
	*len = strlen(encoded);
	json_decref(request);
	free(text);
	fprintf(stderr, "advert: %zu bytes of text, request %zu bytes\n", n,
		*len);
	return encoded;
}

int main(int argc, char **argv)
{
	int runs = 5, requests = 2000, i, sep = 0;
	const char *advert = "tests/bench/advert_4k.txt";
	struct run_figures figs[RUNS_MAX];
	double cold[RUNS_MAX], p50[RUNS_MAX], p99[RUNS_MAX], rss[RUNS_MAX];

	for (i = 1; i < argc && sep == 0; i++) {
		if (strcmp(argv[i], "--") == 0)
			sep = i;
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--requests") == 0 && i + 1 < argc)
			requests = atoi(argv[++i]);
		else if (strcmp(argv[i], "--advert") == 0 && i + 1 < argc)
			advert = argv[++i];
		else
			die("usage: host_bench [--runs N] [--requests N] "
			    "[--advert FILE] -- HOST [ARG...]");
	}
	if (sep == 0 || sep + 1 >= argc || runs < 1 || runs > RUNS_MAX ||
	    requests < 100)
		die("usage: host_bench [--runs 1..100] [--requests >=100] "
		    "[--advert FILE] -- HOST [ARG...]");
	size_t len;
	char *request = make_request(&len, advert);
	printf("run  cold_start_ms  p50_us  p99_us  peak_rss_kb\n");
	for (i = 0; i < runs; i++) {
		figs[i] = bench_run(argv + sep + 1, request, len, requests);
		printf("%3d  %13.2f  %6.0f  %6.0f  %11ld\n", i + 1,
		       figs[i].cold_ms, figs[i].p50_us, figs[i].p99_us,
		       figs[i].peak_rss_kb);
		cold[i] = figs[i].cold_ms;
		p50[i] = figs[i].p50_us;
		p99[i] = figs[i].p99_us;
		rss[i] = (double)figs[i].peak_rss_kb;
	}
	printf("median over %d runs of %d requests: cold start %.2f ms, "
	       "p50 %.0f us, p99 %.0f us, peak RSS %.0f kB (%.1f MiB)\n",
	       runs, requests, percentile(cold, (size_t)runs, 50),
	       percentile(p50, (size_t)runs, 50),
	       percentile(p99, (size_t)runs, 50),
	       percentile(rss, (size_t)runs, 50),
	       percentile(rss, (size_t)runs, 50) / 1024);
	free(request);
	return 0;
}
