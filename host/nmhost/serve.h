/*
 * serve.h - the host's request loop: read a frame, answer it, repeat until
 * the browser closes the port.
 */
#ifndef LW_SERVE_H
#define LW_SERVE_H

#include "lurewatch.h"

/** Exit statuses of lurewatch-host (docs/protocol.md lists them). */
enum lw_host_exit {
	LW_HOST_EXIT_OK = 0,	/**< end of input at a frame boundary */
	LW_HOST_EXIT_USAGE = 1, /**< bad command line or log file */
	LW_HOST_EXIT_INPUT = 2, /**< input ended inside a frame, or failed */
	LW_HOST_EXIT_OUTPUT = 3 /**< a reply could not be written */
};

/** What the loop serves with. */
struct lw_host {
	const lw_engine *engine; /**< NULL when the pack failed to load */
	char pack_error[512];	 /**< why the pack failed, when it did */
	int in_fd;		 /**< requests come from here */
	int out_fd;		 /**< replies go here, and nothing else does */
	struct lw_host_cases *cases; /**< the case log (cases_ops.h) */
	lw_memory *memory; /**< cross-page memory of this session; NULL: off */
	long item_budget_ms; /**< time per item (lw_analyze_opts) */
	struct lw_host_memory *memory_file; /**< its file (memory_ops.h) */
};

/** Serve requests until end of input; returns an lw_host_exit status. */
int lw_host_serve(const struct lw_host *host);

/** Write one line to the log (stderr, which --log may redirect). */
void lw_host_log(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

#endif /* LW_SERVE_H */
