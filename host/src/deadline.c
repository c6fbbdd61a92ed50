/*
 * deadline.c - the time budget of one analysis (deadline.h).
 *
 * The budget counts the CPU time of the analysing thread
 * (CLOCK_THREAD_CPUTIME_ID; GetThreadTimes on Windows), not wall time: it
 * bounds the work an item can make the engine do, and time spent waiting
 * for a core is not work. With a wall clock, ordinary adverts came back
 * partial while other programs kept the machine busy. CPU time only goes
 * forward, so "passed" never turns false again.
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

/* The clock the checks read first: one that only goes forward and is read
 * without a system call. Linux's coarse clock is read in 8 ns here (the
 * precise one in 60 ns), and moves in ticks of a few milliseconds. */
#if defined(CLOCK_MONOTONIC_COARSE)
#define CHECK_CLOCK CLOCK_MONOTONIC_COARSE
#elif !defined(_WIN32)
#define CHECK_CLOCK CLOCK_MONOTONIC
#endif

#ifndef _WIN32
/* A time as nanoseconds. */
static int64_t timespec_ns(struct timespec t)
{
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}
#endif

/* Nanoseconds on the checks' clock, from some fixed point. */
static int64_t monotonic_ns(void)
{
#ifdef _WIN32
	LARGE_INTEGER count, frequency;
	QueryPerformanceCounter(&count);
	QueryPerformanceFrequency(&frequency);
	int64_t whole = count.QuadPart / frequency.QuadPart;
	int64_t part = count.QuadPart % frequency.QuadPart;
	return whole * 1000000000 + part * 1000000000 / frequency.QuadPart;
#else
	struct timespec now;
	clock_gettime(CHECK_CLOCK, &now);
	return timespec_ns(now);
#endif
}

/* How much more time may have passed than two readings of the checks'
 * clock differ by: one tick of it. */
static int64_t monotonic_tick_ns(void)
{
#ifdef _WIN32
	return 1; /* the performance counter ticks in under a microsecond */
#else
	struct timespec tick;
	if (clock_getres(CHECK_CLOCK, &tick) != 0)
		return 1000000000; /* not known: read the CPU clock each time */
	return timespec_ns(tick);
#endif
}

/* Nanoseconds of CPU time this thread has used. */
static int64_t thread_cpu_ns(void)
{
#ifdef _WIN32
	FILETIME created, exited, kernel, user;
	if (!GetThreadTimes(GetCurrentThread(), &created, &exited, &kernel,
			    &user))
		return 0;
	uint64_t k =
		(uint64_t)kernel.dwHighDateTime << 32 | kernel.dwLowDateTime;
	uint64_t u = (uint64_t)user.dwHighDateTime << 32 | user.dwLowDateTime;
	return (int64_t)(k + u) * 100; /* FILETIME counts 100 ns units */
#else
	struct timespec now;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	return timespec_ns(now);
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
	d->tick_ns = budget_ms < 0 ? 0 : monotonic_tick_ns();
	d->wall_ns = budget_ms < 0 ? 0 : monotonic_ns();
	d->start_ns = d->cpu_ns = budget_ms < 0 ? 0 : thread_cpu_ns();
}

int lw_deadline_passed(lw_deadline *d, int percent)
{
	if (!d || d->budget_ns < 0)
		return 0;
	int64_t limit = d->start_ns + d->budget_ns / 100 * percent;
	/* The CPU time now is at most what it was plus the time passed since
	 * just before it was read (deadline.h), which is at most what the
	 * checks' clock moved plus one of its ticks. */
	int64_t wall = monotonic_ns();
	if (d->cpu_ns + (wall - d->wall_ns) + d->tick_ns < limit)
		return 0;
	d->wall_ns = wall;
	d->cpu_ns = thread_cpu_ns();
	return d->cpu_ns >= limit;
}
