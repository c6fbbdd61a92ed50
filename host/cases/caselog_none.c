/*
 * caselog_none.c - the case log API for a build without SQLite (the
 * mingw-w64 cross-build has none): every call that needs the database
 * says so, so the host and the CLI still build and everything else works.
 * Exports (caselog_export.c) need no database and stay available.
 */
#include "lw_caselog.h"

#include "err.h"

#include <stdio.h>

/* The one answer of this build. */
static int unavailable(void)
{
	lw_error_set("this lurewatch was built without SQLite, so it has no "
		     "case log");
	return LW_EIO;
}

int lw_caselog_default_path(char *out, size_t outlen)
{
	snprintf(out, outlen, "%s", "");
	return unavailable();
}

int lw_caselog_open(lw_caselog **out, const char *path)
{
	(void)path;
	*out = NULL;
	return unavailable();
}

void lw_caselog_close(lw_caselog *log)
{
	(void)log;
}

const char *lw_caselog_path(const lw_caselog *log)
{
	(void)log;
	return "";
}

int lw_caselog_save(long long *out_id, lw_caselog *log,
		    const lw_case_input *input)
{
	(void)out_id, (void)log, (void)input;
	return unavailable();
}

int lw_caselog_list(json_t **out, long long *out_total, lw_caselog *log,
		    const char *query, long long limit, long long offset)
{
	(void)out_total, (void)log, (void)query, (void)limit, (void)offset;
	*out = NULL;
	return unavailable();
}

int lw_caselog_delete(long long *out_deleted, lw_caselog *log, long long id)
{
	(void)log, (void)id;
	*out_deleted = 0;
	return unavailable();
}
