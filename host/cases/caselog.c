/*
 * caselog.c - the case log database (lw_caselog.h).
 *
 * One SQLite file in WAL mode. Table cases keeps each case's item and
 * result as JSON plus the columns people sort and read by; table cases_fts
 * (FTS5) indexes the words of the title, text, fields, note, url and
 * indicators under the same rowid. Every write is one transaction, so a
 * process killed at any instant leaves the cases committed before it
 * intact (WAL replays or discards the unfinished one). The schema version
 * is PRAGMA user_version.
 */
#include "lw_caselog.h"

#include "err.h"
#include "jsonout.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#ifdef _WIN32
#include <direct.h>
#define make_dir(path) _mkdir(path)
#else
#include <fcntl.h>
#include <unistd.h>
#define make_dir(path) mkdir(path, 0700)
#endif

#define PATH_MAX_BYTES 4096
/* Bytes of the title and text kept in the searchable columns. */
#define SEARCH_TEXT_MAX (256 * 1024)

struct lw_caselog {
	sqlite3 *db;
	char path[PATH_MAX_BYTES];
};

static const char schema_v1[] =
	"CREATE TABLE cases("
	" id INTEGER PRIMARY KEY,"
	" saved_at TEXT NOT NULL,"
	" seen_at TEXT NOT NULL,"
	" url TEXT NOT NULL,"
	" note TEXT NOT NULL,"
	" level TEXT NOT NULL,"
	" score INTEGER NOT NULL,"
	" item TEXT NOT NULL,"
	" result TEXT NOT NULL);"
	"CREATE VIRTUAL TABLE cases_fts USING fts5("
	" title, body, note, url, indicators,"
	" tokenize = 'unicode61 remove_diacritics 2');"
	"PRAGMA user_version = 1;";

/* Append a file name to a directory in out. Returns 0, or LW_EIO when it
 * does not fit. */
static int join_path(char *out, size_t outlen, const char *dir,
		     const char *rest)
{
	int n = snprintf(out, outlen, "%s%s", dir, rest);
	if (n < 0 || (size_t)n >= outlen) {
		lw_error_set("the case log path is too long");
		return LW_EIO;
	}
	return 0;
}

int lw_caselog_default_path(char *out, size_t outlen)
{
#if defined(_WIN32)
	const char *appdata = getenv("APPDATA");
	if (appdata && *appdata)
		return join_path(out, outlen, appdata,
				 "\\lurewatch\\cases.db");
	lw_error_set("%%APPDATA%% is not set: use --db PATH");
	return LW_EIO;
#else
	const char *home = getenv("HOME");
#if defined(__APPLE__)
	if (home && *home)
		return join_path(out, outlen, home,
				 "/Library/Application Support/lurewatch/"
				 "cases.db");
#else
	const char *xdg = getenv("XDG_DATA_HOME");
	/* The XDG spec says a relative XDG_DATA_HOME is to be ignored. */
	if (xdg && xdg[0] == '/')
		return join_path(out, outlen, xdg, "/lurewatch/cases.db");
	if (home && *home)
		return join_path(out, outlen, home,
				 "/.local/share/lurewatch/cases.db");
#endif
	lw_error_set("$HOME is not set: use --db PATH");
	return LW_EIO;
#endif
}

/* Create every missing directory above the file at path, private to the
 * user (0700), like mkdir -p on its dirname. Returns 0 or LW_EIO. */
static int make_parent_dirs(const char *path)
{
	char dir[PATH_MAX_BYTES];
	size_t i, len = strlen(path);
	if (len >= sizeof(dir)) {
		lw_error_set("the case log path is too long");
		return LW_EIO;
	}
	memcpy(dir, path, len + 1);
	for (i = 1; i < len; i++) {
		if (dir[i] != '/' && dir[i] != '\\')
			continue;
		if (strchr(dir + i + 1, '/') == NULL &&
		    strchr(dir + i + 1, '\\') == NULL) {
			dir[i] = '\0';
			if (make_dir(dir) != 0 && errno != EEXIST) {
				lw_error_set("cannot create %s: %s", dir,
					     strerror(errno));
				return LW_EIO;
			}
			return 0;
		}
		dir[i] = '\0';
		if (make_dir(dir) != 0 && errno != EEXIST) {
			lw_error_set("cannot create %s: %s", dir,
				     strerror(errno));
			return LW_EIO;
		}
		dir[i] = path[i];
	}
	return 0;
}

/* Turn an SQLite failure into an LW_E* code with a sentence for people.
 * A damaged or foreign file gets LW_ECORRUPT and advice, since that is
 * what a person can act on. */
static int db_fail(const lw_caselog *log, int sqlite_rc, const char *doing)
{
	int primary = sqlite_rc & 0xff;
	if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
		lw_error_set("%s is not a lurewatch case log or is damaged "
			     "(%s). Nothing was changed: move the file "
			     "aside to start a new case log, and keep it "
			     "if it may hold cases you need.",
			     log->path, sqlite3_errstr(sqlite_rc));
		return LW_ECORRUPT;
	}
	if (primary == SQLITE_NOMEM) {
		lw_error_set("out of memory while %s", doing);
		return LW_ENOMEM;
	}
	lw_error_set("case log %s: %s while %s", log->path,
		     log->db ? sqlite3_errmsg(log->db)
			     : sqlite3_errstr(sqlite_rc),
		     doing);
	return LW_EIO;
}

/* Run SQL without results. */
static int exec_sql(lw_caselog *log, const char *sql, const char *doing)
{
	int rc = sqlite3_exec(log->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : db_fail(log, rc, doing);
}

/* The single integer a query returns, in *out. */
static int query_int(long long *out, lw_caselog *log, const char *sql,
		     const char *doing)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(log->db, sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : db_fail(log, rc, doing);
}

/* Check the file is intact before anything writes to it: quick_check
 * reads every page, so a damaged file is reported at open time with a
 * clear message instead of failing some later write. */
static int check_intact(lw_caselog *log)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(log->db, "PRAGMA quick_check(1)", -1,
				    &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const char *verdict =
			(const char *)sqlite3_column_text(stmt, 0);
		rc = verdict && strcmp(verdict, "ok") == 0 ? SQLITE_OK
							   : SQLITE_CORRUPT;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : db_fail(log, rc, "checking the file");
}

/* Create the schema in a new file, accept the current one, refuse a file
 * of another program or of a newer lurewatch. In one transaction, so two
 * processes opening a new log at once cannot both create it. */
static int ensure_schema(lw_caselog *log)
{
	long long version = 0, objects = 0;
	int rc = exec_sql(log, "BEGIN IMMEDIATE", "opening");
	if (rc)
		return rc;
	rc = query_int(&version, log, "PRAGMA user_version", "opening");
	if (rc == 0)
		rc = query_int(&objects, log,
			       "SELECT count(*) FROM sqlite_master",
			       "opening");
	if (rc == 0 && version == 0 && objects > 0) {
		lw_error_set("%s is an SQLite database of another program, "
			     "not a lurewatch case log: nothing was changed",
			     log->path);
		rc = LW_ECORRUPT;
	} else if (rc == 0 && version > LW_CASELOG_SCHEMA) {
		lw_error_set("%s was written by a newer lurewatch (case log "
			     "schema %lld; this one knows %d): nothing was "
			     "changed",
			     log->path, version, LW_CASELOG_SCHEMA);
		rc = LW_ECORRUPT;
	} else if (rc == 0 && version == 0) {
		rc = exec_sql(log, schema_v1, "creating the case log");
	}
	if (rc) {
		sqlite3_exec(log->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return exec_sql(log, "COMMIT", "creating the case log");
}

int lw_caselog_open(lw_caselog **out, const char *path)
{
	*out = NULL;
	lw_caselog *log = calloc(1, sizeof(*log));
	if (log == NULL) {
		lw_error_set("out of memory");
		return LW_ENOMEM;
	}
	int rc = join_path(log->path, sizeof(log->path), path, "");
	if (rc == 0)
		rc = make_parent_dirs(path);
#ifndef _WIN32
	/* Cases are private: create the file for its owner only (SQLite
	 * gives its -wal and -shm files the same permissions). */
	if (rc == 0) {
		int fd = open(path, O_RDWR | O_CREAT, 0600);
		if (fd >= 0)
			close(fd);
	}
#endif
	if (rc == 0) {
		int src = sqlite3_open_v2(path, &log->db,
					  SQLITE_OPEN_READWRITE |
						  SQLITE_OPEN_CREATE,
					  NULL);
		if (src != SQLITE_OK)
			rc = db_fail(log, src, "opening");
	}
	if (rc == 0) {
		sqlite3_busy_timeout(log->db, 5000);
		sqlite3_extended_result_codes(log->db, 1);
		rc = check_intact(log);
	}
	/* synchronous=FULL: a saved case survives a power cut too, not only
	 * a killed process. Cases are saved one at a time by people, so the
	 * fsync per save costs nothing they would notice. temp_store=MEMORY:
	 * no temporary files outside the data directory, which is all the
	 * host's sandbox lets it write. */
	if (rc == 0)
		rc = exec_sql(log,
			      "PRAGMA journal_mode=WAL; PRAGMA "
			      "synchronous=FULL; PRAGMA temp_store=MEMORY",
			      "opening");
	if (rc == 0)
		rc = ensure_schema(log);
	if (rc) {
		lw_caselog_close(log);
		return rc;
	}
	*out = log;
	return 0;
}

void lw_caselog_close(lw_caselog *log)
{
	if (log == NULL)
		return;
	sqlite3_close(log->db);
	free(log);
}

const char *lw_caselog_path(const lw_caselog *log)
{
	return log->path;
}

/* The current time as an RFC 3339 UTC timestamp. */
static void now_utc(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;
#ifdef _WIN32
	gmtime_s(&tm, &now);
#else
	gmtime_r(&now, &tm);
#endif
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A string member of an object, or "" when absent or not a string. */
static const char *string_of(const json_t *object, const char *key)
{
	const char *value = json_string_value(json_object_get(object, key));
	return value ? value : "";
}

/* A growable text used to build the searchable columns, capped at
 * SEARCH_TEXT_MAX bytes (the rest of a huge item is not indexed). */
struct words {
	char *text;
	size_t len;
};

/* Append a piece and a space to the searchable text. Returns -1 when out
 * of memory. */
static int words_add(struct words *w, const char *piece)
{
	size_t n = strlen(piece);
	if (n == 0 || w->len >= SEARCH_TEXT_MAX)
		return 0;
	if (n > SEARCH_TEXT_MAX - w->len)
		n = SEARCH_TEXT_MAX - w->len;
	char *grown = realloc(w->text, w->len + n + 2);
	if (grown == NULL)
		return -1;
	w->text = grown;
	memcpy(w->text + w->len, piece, n);
	w->len += n;
	w->text[w->len++] = ' ';
	w->text[w->len] = '\0';
	return 0;
}

/* The body words (text and string fields) and the indicator words (ids
 * and titles) of a case, for the index. Returns -1 when out of memory. */
static int case_words(struct words *body, struct words *indicators,
		      const json_t *item, const json_t *result)
{
	const char *key;
	const json_t *value;
	size_t i;
	const json_t *list = json_object_get(result, "indicators");

	if (words_add(body, string_of(item, "text")) < 0)
		return -1;
	json_object_foreach((json_t *)json_object_get(item, "fields"), key,
			    value)
	{
		if (json_is_string(value) &&
		    words_add(body, json_string_value(value)) < 0)
			return -1;
	}
	for (i = 0; i < json_array_size(list); i++) {
		const json_t *ind = json_array_get(list, i);
		if (words_add(indicators, string_of(ind, "id")) < 0 ||
		    words_add(indicators, string_of(ind, "title")) < 0)
			return -1;
	}
	return 0;
}

/* Check what a save was given; fills lw_error_last. */
static int check_input(const lw_case_input *in, size_t json_bytes)
{
	if (!json_is_object(in->item) || !json_is_object(in->result)) {
		lw_error_set("a case needs an item and its result, both "
			     "objects");
		return LW_EINVAL;
	}
	if (json_bytes > LW_CASELOG_CASE_MAX) {
		lw_error_set("the item and its result take %zu bytes; at most "
			     "%d are kept per case",
			     json_bytes, LW_CASELOG_CASE_MAX);
		return LW_ETOOLARGE;
	}
	if (in->note && strlen(in->note) > LW_CASELOG_NOTE_MAX) {
		lw_error_set("the note is longer than %d bytes",
			     LW_CASELOG_NOTE_MAX);
		return LW_ETOOLARGE;
	}
	if ((in->url && strlen(in->url) > LW_CASELOG_URL_MAX) ||
	    (in->seen_at && strlen(in->seen_at) > LW_CASELOG_URL_MAX)) {
		lw_error_set("url or seen_at is longer than %d bytes",
			     LW_CASELOG_URL_MAX);
		return LW_ETOOLARGE;
	}
	return 0;
}

/* Bind text parameters 1..n of a statement from an array. */
static int bind_texts(sqlite3_stmt *stmt, const char *const *texts, int n)
{
	int i, rc = SQLITE_OK;
	for (i = 0; i < n && rc == SQLITE_OK; i++)
		rc = sqlite3_bind_text(stmt, i + 1, texts[i], -1,
				       SQLITE_STATIC);
	return rc;
}

/* Insert the case row and its index row, inside the caller's
 * transaction. */
static int insert_case(long long *out_id, lw_caselog *log,
		       const lw_case_input *in, const char *item_json,
		       const char *result_json, const struct words *body,
		       const struct words *indicators)
{
	char saved_at[32];
	sqlite3_stmt *stmt = NULL;
	const char *url = in->url ? in->url : string_of(in->item, "url");
	now_utc(saved_at);
	const char *row[] = {saved_at,
			     in->seen_at && *in->seen_at ? in->seen_at
							 : saved_at,
			     url,
			     in->note ? in->note : "",
			     string_of(in->result, "level"),
			     item_json,
			     result_json};
	int rc = sqlite3_prepare_v2(
		log->db,
		"INSERT INTO cases(saved_at, seen_at, url, note, level, item, "
		"result, score) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		-1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = bind_texts(stmt, row, 7);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(
			stmt, 8,
			json_integer_value(
				json_object_get(in->result, "score")));
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return db_fail(log, rc, "saving a case");
	*out_id = sqlite3_last_insert_rowid(log->db);

	const char *index_row[] = {string_of(in->item, "title"),
				   body->text ? body->text : "", row[3], url,
				   indicators->text ? indicators->text : ""};
	rc = sqlite3_prepare_v2(log->db,
				"INSERT INTO cases_fts(rowid, title, body, "
				"note, url, indicators) "
				"VALUES(?6, ?1, ?2, ?3, ?4, ?5)",
				-1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = bind_texts(stmt, index_row, 5);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, 6, *out_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : db_fail(log, rc, "indexing a case");
}

int lw_caselog_save(long long *out_id, lw_caselog *log,
		    const lw_case_input *input)
{
	struct words body = {0}, indicators = {0};
	char *item_json = NULL, *result_json = NULL;
	size_t item_len = 0, result_len = 0;
	int rc = 0;

	if (input->item)
		rc = lw_json_dumps(&item_json, &item_len, input->item);
	if (rc == 0 && input->result)
		rc = lw_json_dumps(&result_json, &result_len, input->result);
	if (rc == 0)
		rc = check_input(input, item_len + result_len);
	if (rc == 0 &&
	    case_words(&body, &indicators, input->item, input->result) < 0) {
		lw_error_set("out of memory");
		rc = LW_ENOMEM;
	}
	if (rc == 0)
		rc = exec_sql(log, "BEGIN IMMEDIATE", "saving a case");
	if (rc == 0) {
		rc = insert_case(out_id, log, input, item_json, result_json,
				 &body, &indicators);
		if (rc == 0)
			rc = exec_sql(log, "COMMIT", "saving a case");
		if (rc)
			sqlite3_exec(log->db, "ROLLBACK", NULL, NULL, NULL);
	}
	free(body.text);
	free(indicators.text);
	free(item_json);
	free(result_json);
	return rc;
}

/* Turn what a person typed into an FTS5 query that cannot be a syntax
 * error: each word quoted (quotes inside doubled) and matched as a
 * prefix, all words required. Returns a new string, NULL when out of
 * memory; "" when the query has no words. */
static char *fts_query(const char *typed)
{
	size_t i, len = strlen(typed), o = 0;
	/* At worst every byte is a one-letter word: quote, letter, "* . */
	char *query = malloc(len * 5 + 4);
	int in_word = 0;
	if (query == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		char c = typed[i];
		int space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
		if (space && in_word) {
			memcpy(query + o, "\"* ", 3);
			o += 3;
			in_word = 0;
		} else if (!space) {
			if (!in_word)
				query[o++] = '"';
			in_word = 1;
			if (c == '"')
				query[o++] = '"';
			query[o++] = c;
		}
	}
	if (in_word) {
		memcpy(query + o, "\"*", 2);
		o += 2;
	}
	query[o] = '\0';
	return query;
}

/* Build one case object from a row of (id, saved_at, seen_at, url, note,
 * level, score, item, result). Returns NULL when out of memory. */
static json_t *case_from_row(sqlite3_stmt *stmt)
{
	json_t *item = json_loads((const char *)sqlite3_column_text(stmt, 7),
				  0, NULL);
	json_t *result = json_loads(
		(const char *)sqlite3_column_text(stmt, 8), 0, NULL);
	return json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "id",
		(json_int_t)sqlite3_column_int64(stmt, 0), "saved_at",
		(const char *)sqlite3_column_text(stmt, 1), "seen_at",
		(const char *)sqlite3_column_text(stmt, 2), "url",
		(const char *)sqlite3_column_text(stmt, 3), "note",
		(const char *)sqlite3_column_text(stmt, 4), "level",
		(const char *)sqlite3_column_text(stmt, 5), "score",
		(json_int_t)sqlite3_column_int64(stmt, 6), "item",
		item ? item : json_object(), "result",
		result ? result : json_object());
}

/* Count the cases a query matches ("" for all). */
static int count_cases(long long *out, lw_caselog *log, const char *match)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(
		log->db,
		*match ? "SELECT count(*) FROM cases_fts WHERE cases_fts "
			 "MATCH ?1"
		       : "SELECT count(*) FROM cases",
		-1, &stmt, NULL);
	if (rc == SQLITE_OK && *match)
		rc = sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : db_fail(log, rc, "counting cases");
}

/* Append every row a prepared list statement yields to cases. */
static int collect_rows(json_t *cases, lw_caselog *log, sqlite3_stmt *stmt)
{
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (json_array_append_new(cases, case_from_row(stmt)) < 0) {
			lw_error_set("out of memory");
			return LW_ENOMEM;
		}
	}
	return rc == SQLITE_DONE ? 0 : db_fail(log, rc, "reading cases");
}

int lw_caselog_list(json_t **out, long long *out_total, lw_caselog *log,
		    const char *query, long long limit, long long offset)
{
	static const char columns[] =
		"SELECT c.id, c.saved_at, c.seen_at, c.url, c.note, c.level, "
		"c.score, c.item, c.result FROM cases c ";
	char sql[512];
	sqlite3_stmt *stmt = NULL;
	long long total = 0;
	char *match = fts_query(query ? query : "");
	json_t *cases = json_array();
	int rc = 0;

	*out = NULL;
	if (match == NULL || cases == NULL) {
		lw_error_set("out of memory");
		rc = LW_ENOMEM;
	}
	if (limit < 0 || limit > LW_CASELOG_LIST_MAX)
		limit = LW_CASELOG_LIST_MAX;
	if (offset < 0)
		offset = 0;
	snprintf(sql, sizeof(sql), "%s%s ORDER BY c.id DESC LIMIT ?2 OFFSET ?3",
		 columns,
		 match && *match ? "WHERE c.id IN (SELECT rowid FROM "
				   "cases_fts WHERE cases_fts MATCH ?1)"
				 : "");
	if (rc == 0)
		rc = count_cases(&total, log, match);
	if (rc == 0) {
		int src = sqlite3_prepare_v2(log->db, sql, -1, &stmt, NULL);
		if (src == SQLITE_OK && *match)
			src = sqlite3_bind_text(stmt, 1, match, -1,
						SQLITE_STATIC);
		if (src == SQLITE_OK)
			src = sqlite3_bind_int64(stmt, 2, limit);
		if (src == SQLITE_OK)
			src = sqlite3_bind_int64(stmt, 3, offset);
		rc = src == SQLITE_OK ? collect_rows(cases, log, stmt)
				      : db_fail(log, src, "listing cases");
	}
	sqlite3_finalize(stmt);
	free(match);
	if (rc) {
		json_decref(cases);
		return rc;
	}
	if (out_total)
		*out_total = total;
	*out = cases;
	return 0;
}

int lw_caselog_delete(long long *out_deleted, lw_caselog *log, long long id)
{
	sqlite3_stmt *stmt = NULL;
	int rc = exec_sql(log, "BEGIN IMMEDIATE", "deleting cases");
	if (rc)
		return rc;
	int src = sqlite3_prepare_v2(
		log->db,
		id < 0 ? "DELETE FROM cases" : "DELETE FROM cases WHERE id = ?1",
		-1, &stmt, NULL);
	if (src == SQLITE_OK && id >= 0)
		src = sqlite3_bind_int64(stmt, 1, id);
	if (src == SQLITE_OK)
		src = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	*out_deleted = sqlite3_changes(log->db);
	if (src == SQLITE_DONE) {
		src = sqlite3_prepare_v2(
			log->db,
			id < 0 ? "DELETE FROM cases_fts"
			       : "DELETE FROM cases_fts WHERE rowid = ?1",
			-1, &stmt, NULL);
		if (src == SQLITE_OK && id >= 0)
			src = sqlite3_bind_int64(stmt, 1, id);
		if (src == SQLITE_OK)
			src = sqlite3_step(stmt);
		sqlite3_finalize(stmt);
	}
	rc = src == SQLITE_DONE ? exec_sql(log, "COMMIT", "deleting cases")
				: db_fail(log, src, "deleting cases");
	if (rc)
		sqlite3_exec(log->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
