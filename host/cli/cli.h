/*
 * cli.h - what the lurewatch commands share: exit codes, option parsing,
 * input reading, the engine, the readable report and the progress bar.
 */
#ifndef LW_CLI_H
#define LW_CLI_H

#include "lurewatch.h"

#include <stdio.h>

/** Exit codes of every command (documented in `lurewatch --help`). */
enum cli_exit {
	CLI_OK = 0,	 /**< done */
	CLI_FAILED = 1,	 /**< the check ran and found failures */
	CLI_USAGE = 2,	 /**< bad command line */
	CLI_INPUT = 3,	 /**< input could not be read */
	CLI_RULES = 4,	 /**< the rule pack could not be loaded */
	CLI_INTERNAL = 5 /**< out of memory or a bug */
};

/** Options every command accepts. */
struct cli_common {
	const char *rules_dir; /**< --rules DIR, or NULL for the default */
};

/** One long option of a command: a flag (flag set), a value (value set),
 *  or a repeatable value handed to take(ctx, value), which returns 0 when
 *  the value is malformed. */
struct cli_opt {
	const char *name;
	const char **value;
	int *flag;
	int (*take)(void *ctx, const char *value);
	void *ctx;
};

/**
 * Parse a command's arguments: long options from opts (a table ending
 * with a NULL name), given as "--name VALUE" or "--name=VALUE"; the other
 * arguments are positional, at most max of them, stored in order into
 * positional (which the caller zero-initialises). "-" is positional.
 * Problems are reported on stderr.
 *
 * @return CLI_OK or CLI_USAGE
 */
int cli_parse(int argc, char **argv, const char *cmd,
	      const struct cli_opt *opts, const char **positional, int max);

/** Report a usage error ("lurewatch CMD: message") and return CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Help lines of --item-budget-ms, the same in every command. */
#define CLI_ITEM_BUDGET_HELP                                                   \
	"  --item-budget-ms N   time one item may take, in ms (default\n"      \
	"                       $LUREWATCH_ITEM_BUDGET_MS, else 250); past\n"  \
	"                       it the rest is skipped and the result says\n"  \
	"                       \"partial\": true. 0: nothing is analysed\n"   \
	"                       (for tests); none: no limit\n"

/**
 * The item budget before --item-budget-ms: $LUREWATCH_ITEM_BUDGET_MS when
 * set (a number of ms or "none"), else 0 (the engine's default), into
 * *out. A malformed value is reported for cmd.
 *
 * @return CLI_OK or CLI_USAGE
 */
int cli_item_budget_env(long *out, const char *cmd);

/**
 * Take the value of --item-budget-ms: a number of milliseconds from 0 to
 * LW_ITEM_BUDGET_MS_MAX, or "none", into the long at ctx (an
 * lw_analyze_opts item_budget_ms). Returns 0 when malformed.
 */
int cli_take_item_budget(void *ctx, const char *value);

/**
 * Open the engine on --rules DIR or the default pack, printing any error
 * (with every FILE:LINE problem) to stderr.
 *
 * @return CLI_OK, CLI_RULES or CLI_INTERNAL
 */
int cli_open_engine(lw_engine **out, const struct cli_common *common);

/**
 * Read a whole file ("-" for standard input) of at most max bytes into a
 * new NUL-terminated buffer. Prints the reason on failure.
 *
 * @return the buffer, or NULL
 */
char *cli_read_all(const char *path, size_t max, size_t *out_len);

/**
 * Read one line of at most max bytes from f into *buf (grown as needed).
 * Longer lines are consumed to their end and flagged with *too_long.
 *
 * @return the line's length without the newline, or -1 at end of input
 */
long cli_read_line(FILE *f, char **buf, size_t *cap, size_t max, int *too_long);

/** Print a result for people: level, each indicator with why, advice and
 *  evidence, and the text with its flagged spans highlighted (colour when
 *  color is set, [[brackets]] otherwise). */
void cli_print_report(FILE *out, const json_t *item, const json_t *result,
		      int color);

/** A progress bar on stderr, shown only when stderr is a terminal. */
struct cli_progress {
	int enabled;
	long long total, done;
	long long items;
	double last_draw;
};

/** Start a progress bar over total bytes (0 when unknown). */
void cli_progress_start(struct cli_progress *p, long long total);

/** Record progress; redraws at most ten times a second. */
void cli_progress_step(struct cli_progress *p, long long bytes);

/** Erase the bar. */
void cli_progress_end(struct cli_progress *p);

/** The commands. argv[0] is the command's name. */
int cmd_scan(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_cases(int argc, char **argv);

#endif /* LW_CLI_H */
