/*
 * deadline.c - the wall-clock budget of one analysis (deadline.h).
 *
 * POSIX systems read CLOCK_MONOTONIC, Windows the performance counter:
 * both only go forward, so a budget is not fooled by the wall clock being
 * set back, and "passed" never turns false again.
 */
#include "deadline.h"

#include "lurewatch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <time.h>
#endif

/* Nanoseconds on a clock that only goes forward. */
static int64_t monotonic_ns(void)
{
#ifdef _WIN32
	LARGE_INTEGER count, frequency;
	QueryPerformanceCounter(&count);
	QueryPerformanceFrequency(&frequency);
	return (int64_t)((double)count.QuadPart * 1e9 /
			 (double)frequency.QuadPart);
#else
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
#endif
}

int lw_item_budget_parse(long *out, const char *text)
{
	if (strcmp(text, "none") == 0) {
		*out = LW_ITEM_BUDGET_NONE;
		return 0;
	}
	char *end = NULL;
	errno = 0;
	long ms = strtol(text, &end, 10);
	if (errno || end == text || *end || ms < 0 ||
	    ms > LW_ITEM_BUDGET_MS_MAX)
		return LW_EINVAL;
	*out = ms == 0 ? LW_ITEM_BUDGET_ZERO : ms;
	return 0;
}

void lw_deadline_start(lw_deadline *d, long budget_ms)
{
	if (budget_ms == 0)
		budget_ms = LW_ITEM_BUDGET_MS_DEFAULT;
	else if (budget_ms == LW_ITEM_BUDGET_ZERO)
		budget_ms = 0;
	d->budget_ms = budget_ms;
	d->budget_ns = budget_ms < 0 ? -1 : (int64_t)budget_ms * 1000000;
	d->start_ns = budget_ms < 0 ? 0 : monotonic_ns();
}

int lw_deadline_passed(const lw_deadline *d, int percent)
{
	if (!d || d->budget_ns < 0)
		return 0;
	return monotonic_ns() - d->start_ns >= d->budget_ns / 100 * percent;
}
