/*
 * memory_ops.h - the "memory" op and the file of the cross-page memory:
 * whether the fingerprints the host remembers outlive the host process
 * (docs/protocol.md "Keeping the memory", docs/privacy.md).
 */
#ifndef LW_MEMORY_OPS_H
#define LW_MEMORY_OPS_H

#include "protocol.h"
#include "serve.h"

#include <time.h>

/** Retention periods the extension may ask for, in days. */
#define LW_MEMORY_RETENTION_DAYS_MAX	 365
#define LW_MEMORY_RETENTION_DAYS_DEFAULT 30

/** The memory file as the host holds it. Off until a "memory" op with
 *  "persist": true; the file is read at that op, never at start-up. */
struct lw_host_memory {
	char path[4096];     /**< <data dir>/memory.lwm; "": no data dir */
	int persist;	     /**< the extension asked to keep the memory */
	long long retention; /**< seconds */
	int loaded;	     /**< the file was read, or found missing */
	int refused;	     /**< a file that cannot be read is in the way */
	unsigned long long saved; /**< lw_memory_changes() at the last save */
	time_t dirty_since;	  /**< first change not saved; 0: none */
};

/** Find the file's path and apply LUREWATCH_TEST_NOW (tests only) to the
 *  memory, which may be NULL. */
void lw_host_memory_init(struct lw_host_memory *state, lw_memory *memory);

/** Answer one "memory" request. NULL only when out of memory. */
json_t *lw_host_answer_memory(const struct lw_host *host,
			      const struct lw_request *req);

/** Before reading the next request: when changes are waiting to be saved,
 *  wait up to two seconds for input, and save if none came. */
void lw_host_memory_idle(const struct lw_host *host);

/** After a request: save when changes have waited thirty seconds. */
void lw_host_memory_after(const struct lw_host *host);

/** Save now if anything changed (at end of input). */
void lw_host_memory_flush(const struct lw_host *host);

#endif /* LW_MEMORY_OPS_H */
