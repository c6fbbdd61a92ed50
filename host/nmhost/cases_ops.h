/*
 * cases_ops.h - the host's case log operations: case_save, case_list,
 * case_search, case_delete and case_export (docs/protocol.md, "The case
 * log").
 */
#ifndef LW_CASES_OPS_H
#define LW_CASES_OPS_H

#include "protocol.h"
#include "serve.h"

/** The case log as the host holds it: opened at the first case request
 *  (so a host that never saves a case never touches the disk), kept open
 *  afterwards. db_path empty means the default path. */
struct lw_host_cases {
	struct lw_caselog *log;
	char db_path[4096];
};

/** Answer one case_* request. Never NULL except when out of memory. */
json_t *lw_host_answer_case(const struct lw_host *host,
			    const struct lw_request *req);

/** Close the case log, if it was opened. */
void lw_host_cases_close(struct lw_host_cases *cases);

#endif /* LW_CASES_OPS_H */
