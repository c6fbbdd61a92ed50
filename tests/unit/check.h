/*
 * check.h - the smallest test harness that does the job.
 *
 * Each unit test is a program: CHECK() records a failure with its line and
 * goes on, so one run shows every broken expectation; CHECK_DONE() prints
 * "N passed, N failed" and returns the exit status CTest reads.
 */
#ifndef LW_CHECK_H
#define LW_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_STR(got, want)                                                   \
	do {                                                                   \
		const char *check_g = (got), *check_w = (want);                \
		if (check_g && check_w && strcmp(check_g, check_w) == 0) {     \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n",    \
				__FILE__, __LINE__,                            \
				check_g ? check_g : "(null)",                  \
				check_w ? check_w : "(null)");                 \
		}                                                              \
	} while (0)

#define CHECK_INT(got, want)                                                   \
	do {                                                                   \
		long long check_g = (long long)(got),                          \
			  check_w = (long long)(want);                         \
		if (check_g == check_w) {                                      \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(stderr, "%s:%d: %s is %lld, want %lld\n",      \
				__FILE__, __LINE__, #got, check_g, check_w);   \
		}                                                              \
	} while (0)

#define CHECK_DONE()                                                           \
	(printf("%d passed, %d failed\n", check_passed, check_failed),         \
	 check_failed ? 1 : 0)

#endif /* LW_CHECK_H */
