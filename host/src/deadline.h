/*
 * deadline.h - the time budget of one analysis (lw_analyze_opts
 * item_budget_ms), counted in the analysing thread's CPU time.
 *
 * The engine asks between units of work (a field's matching view, one rule
 * on one field, one comment) whether a share of the budget has passed, and
 * skips the rest when it has. A unit that has started always finishes, so
 * a check never changes a result by itself. A check is cheap: reading the
 * thread's CPU clock is a system call (about 3 µs on the virtual machines
 * we measure on, and the engine checks about 85 times per advert), so a
 * check reads a coarse monotonic clock (8 ns, no system call) and asks the
 * CPU clock only once the time passed since its last reading could have
 * used up the share: a thread cannot use more CPU time than passes.
 */
#ifndef LW_DEADLINE_H
#define LW_DEADLINE_H

#include <stdint.h>

/** When an analysis started and how long it may take. */
typedef struct lw_deadline {
	int64_t start_ns;  /**< thread CPU time at the start */
	int64_t budget_ns; /**< < 0: no budget */
	long budget_ms;	   /**< as given, for the result's note */
	int64_t cpu_ns;	   /**< thread CPU time at the last reading */
	int64_t wall_ns;   /**< monotonic time just before that reading */
	int64_t tick_ns;   /**< the monotonic clock's resolution */
} lw_deadline;

/**
 * Start the clock of an analysis with a budget of budget_ms milliseconds
 * (0 and the LW_ITEM_BUDGET_* values of lurewatch.h as in
 * lw_analyze_opts).
 */
void lw_deadline_start(lw_deadline *d, long budget_ms);

/**
 * Whether percent per cent of the budget has passed: always true for a
 * budget of 0 ms, never when there is no budget. CPU time only goes
 * forward, so once true it stays true. Accepts NULL (no budget).
 */
int lw_deadline_passed(lw_deadline *d, int percent);

#endif /* LW_DEADLINE_H */
