/*
 * lw_caselog.h - the case log: items a person chose to keep, with their
 * results and a note, in an SQLite database on this device.
 *
 * One public header, in the engine's style (lurewatch.h): lw_caselog_
 * prefix, out-params first, 0 or a negative LW_E* code, and the reason in
 * lw_error_last(). Used by lurewatch-host (the case_* ops of
 * docs/protocol.md) and by `lurewatch cases`. Nothing is sent anywhere: the
 * database is a file under the user's data directory, and every write to
 * it is one transaction, so a process killed in the middle of a write
 * loses at most that write.
 *
 * A case, as list and export return it:
 *   {"id": 3, "saved_at": "2026-11-22T11:50:00Z", "seen_at": "...",
 *    "url": "...", "note": "...", "level": "high", "score": 80,
 *    "item": {item}, "result": {result}}
 */
#ifndef LW_CASELOG_H
#define LW_CASELOG_H

#include "lurewatch.h"

#include <stddef.h>

/** The database file exists but is not a case log, or is damaged. */
#define LW_ECORRUPT (-20)

/** Schema version kept in PRAGMA user_version. */
#define LW_CASELOG_SCHEMA 1
/** Bytes of a note; a longer note is refused. */
#define LW_CASELOG_NOTE_MAX 4096
/** Bytes of the url and seen_at strings. */
#define LW_CASELOG_URL_MAX 8192
/** Bytes of one case's item and result together, as compact JSON. */
#define LW_CASELOG_CASE_MAX (512 * 1024)
/** Cases one list call returns at most. */
#define LW_CASELOG_LIST_MAX 1000

typedef struct lw_caselog lw_caselog;

/**
 * The default database path: $XDG_DATA_HOME/lurewatch/cases.db, else
 * ~/.local/share/lurewatch/cases.db; on macOS
 * ~/Library/Application Support/lurewatch/cases.db; on Windows
 * %APPDATA%\lurewatch\cases.db.
 *
 * @return 0, or LW_EIO when no home directory is known
 */
int lw_caselog_default_path(char *out, size_t outlen);

/**
 * Open (and create when missing, with its directory) the case log at path.
 * Sets WAL mode, checks the file is a case log of a known schema version
 * and creates or upgrades the schema in one transaction.
 *
 * @return 0, LW_EIO (cannot create or open), LW_ECORRUPT (not a case log or
 *         damaged: the file is left untouched), LW_ENOMEM
 */
int lw_caselog_open(lw_caselog **out, const char *path);

/** Close the log (NULL is fine). */
void lw_caselog_close(lw_caselog *log);

/** The path the log was opened at. */
const char *lw_caselog_path(const lw_caselog *log);

/** What to save: item and result are required objects; the strings may be
 *  NULL (url then comes from item.url; seen_at then is the save time). */
typedef struct lw_case_input {
	const json_t *item;
	const json_t *result;
	const char *url;
	const char *seen_at;
	const char *note;
} lw_case_input;

/**
 * Save one case in one transaction.
 *
 * @return 0 with *out_id set, LW_EINVAL (a missing or oversized part:
 *         lw_error_last says which), LW_EIO, LW_ECORRUPT, LW_ENOMEM
 */
int lw_caselog_save(long long *out_id, lw_caselog *log,
		    const lw_case_input *input);

/**
 * List cases, newest first: all of them, or those matching query (words,
 * each matched as a word prefix in the title, text, note, url and the
 * indicators' ids and titles; all words must match). At most limit cases
 * (capped at LW_CASELOG_LIST_MAX) after skipping offset. *out_total is
 * the number of matching cases (may be NULL).
 *
 * @return 0 with *out a new array of cases, LW_EIO, LW_ECORRUPT, LW_ENOMEM
 */
int lw_caselog_list(json_t **out, long long *out_total, lw_caselog *log,
		    const char *query, long long limit, long long offset);

/**
 * Delete the case with this id, or every case when id is negative, in one
 * transaction. *out_deleted is the number of cases removed (0 when the id
 * did not exist).
 *
 * @return 0, LW_EIO, LW_ECORRUPT
 */
int lw_caselog_delete(long long *out_deleted, lw_caselog *log, long long id);

/** Export formats. */
typedef enum lw_case_format {
	LW_CASE_CSV,
	LW_CASE_JSON,
	LW_CASE_HTML
} lw_case_format;

/**
 * The format named "csv", "json" or "html".
 *
 * @return 0, or LW_EINVAL for another name
 */
int lw_case_format_parse(lw_case_format *out, const char *name);

/**
 * Export an array of cases (as lw_caselog_list returns them) as CSV (RFC
 * 4180, CRLF line ends, a header row), JSON (an array, two-space indent)
 * or a self-contained printable HTML report (one case a page, evidence
 * highlighted). Fails with LW_ETOOLARGE when the export would be over max
 * bytes.
 *
 * @return 0 with *out a new NUL-terminated string (free()) of *out_len
 *         bytes, LW_ETOOLARGE, LW_ENOMEM
 */
int lw_case_export(char **out, size_t *out_len, const json_t *cases,
		   lw_case_format format, size_t max);

/** The CSV columns of lw_case_export, in order, NULL-terminated. */
extern const char *const lw_case_csv_columns[];

#endif /* LW_CASELOG_H */
