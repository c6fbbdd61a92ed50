/*
 * cases_ops.c - the case_* operations of host protocol version 1: the
 * browser saves, lists, searches, deletes and exports cases through the
 * host, which keeps them in the case log (host/cases/lw_caselog.h) under
 * the user's data directory. Nothing is written anywhere else.
 */
#include "cases_ops.h"

#include "lw_caselog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cases one case_list or case_search reply holds at most, and the default:
 * summaries of 100 cases stay far below the 1 MiB reply limit. */
#define LIST_MAX     100
#define LIST_DEFAULT 50
/* Bytes of text excerpt and title in a summary. */
#define SUMMARY_TEXT_MAX 300
/* Bytes of an export sent through the port; the encoded reply must stay
 * under 1 MiB, and escaping can grow the text. Larger exports: use
 * `lurewatch cases export`. */
#define EXPORT_MAX (768 * 1024)
/* Bytes of a search query. */
#define QUERY_MAX 1024

/* An error reply under the request's id. */
static json_t *refuse(const struct lw_request *req, const char *code,
		      const char *message)
{
	return lw_reply_error(req->id, code, message);
}

/* The error reply for a failed case log call, by its LW_E* code. */
static json_t *refuse_caselog(const struct lw_request *req, int rc)
{
	const char *code = rc == LW_ECORRUPT ? LW_CODE_CASE_LOG_DAMAGED
			   : rc == LW_EINVAL ? LW_CODE_BAD_REQUEST
			   : rc == LW_ETOOLARGE ? LW_CODE_TOO_LARGE
			   : rc == LW_ENOMEM	? LW_CODE_INTERNAL
						: LW_CODE_CASE_LOG_UNAVAILABLE;
	lw_host_log("case log: %s", lw_error_last());
	return refuse(req, code, lw_error_last());
}

/* Open the case log at its first use. Not kept when opening fails, so a
 * person who moves a damaged file aside can go on without a restart. */
static int open_log(struct lw_host_cases *cases)
{
	if (cases->log != NULL)
		return 0;
	if (cases->db_path[0] == '\0') {
		int rc = lw_caselog_default_path(cases->db_path,
						 sizeof(cases->db_path));
		if (rc)
			return rc;
	}
	int rc = lw_caselog_open(&cases->log, cases->db_path);
	if (rc == 0)
		lw_host_log("case log: %s", cases->db_path);
	return rc;
}

/* A string member that must be a string of at most max bytes when
 * present. Returns 0 and sets *out (NULL when absent or null), or -1. */
static int optional_string(const char **out, const json_t *message,
			   const char *key, size_t max)
{
	const json_t *value = json_object_get(message, key);
	*out = NULL;
	if (value == NULL || json_is_null(value))
		return 0;
	if (!json_is_string(value) || json_string_length(value) > max)
		return -1;
	*out = json_string_value(value);
	return 0;
}

/* A non-negative integer member, or fallback when absent. -1 when it is
 * not a non-negative integer. */
static long long optional_count(const json_t *message, const char *key,
				long long fallback)
{
	const json_t *value = json_object_get(message, key);
	if (value == NULL || json_is_null(value))
		return fallback;
	if (!json_is_integer(value) || json_integer_value(value) < 0)
		return -1;
	return json_integer_value(value);
}

/* case_save: keep {item, result, url, seen_at, note}. Without a result
 * the host analyses the item itself (ui_lang as for analyze). */
static json_t *case_save(const struct lw_host *host,
			 const struct lw_request *req)
{
	const json_t *msg = req->message;
	lw_case_input in = {.item = json_object_get(msg, "item"),
			    .result = json_object_get(msg, "result")};
	const char *ui_lang = NULL;
	json_t *analysed = NULL;
	long long id = 0;

	if (!json_is_object(in.item))
		return refuse(req, LW_CODE_BAD_REQUEST,
			      "\"item\" must be an item object");
	if (optional_string(&in.url, msg, "url", LW_CASELOG_URL_MAX) < 0 ||
	    optional_string(&in.seen_at, msg, "seen_at", 64) < 0 ||
	    optional_string(&in.note, msg, "note", LW_CASELOG_NOTE_MAX) < 0 ||
	    optional_string(&ui_lang, msg, "ui_lang", LW_HOST_LANG_MAX) < 0)
		return refuse(req, LW_CODE_BAD_REQUEST,
			      "\"url\", \"seen_at\", \"note\" and \"ui_lang\" "
			      "must be strings (url up to 8192 bytes, seen_at "
			      "64, note 4096, ui_lang 35)");
	if (in.result != NULL && !json_is_object(in.result))
		return refuse(req, LW_CODE_BAD_REQUEST,
			      "\"result\" must be a result object");
	if (in.result == NULL) {
		lw_analyze_opts opts = {.ui_lang = ui_lang,
					.item_budget_ms = host->item_budget_ms};
		if (host->engine == NULL)
			return refuse(req, LW_CODE_INTERNAL, host->pack_error);
		if (lw_analyze(&analysed, host->engine, in.item, &opts) ==
		    LW_ENOMEM)
			return NULL;
		in.result = analysed;
	}
	int rc = open_log(host->cases);
	if (rc == 0)
		rc = lw_caselog_save(&id, host->cases->log, &in);
	json_decref(analysed);
	if (rc)
		return refuse_caselog(req, rc);
	json_t *reply = lw_reply_ok(req->id);
	if (reply && json_object_set_new(reply, "case_id", json_integer(id))) {
		json_decref(reply);
		return NULL;
	}
	return reply;
}

/* A copy of at most max bytes of text, cut at a character boundary. */
static json_t *cut_string(const char *text, size_t max)
{
	size_t len = strlen(text);
	if (len <= max)
		return json_string(text);
	while (max > 0 && ((unsigned char)text[max] & 0xC0) == 0x80)
		max--;
	return json_stringn(text, max);
}

/* A case's summary for the extension's list: its columns, title, ref, the
 * start of its text and its indicator ids, without the full item. */
static json_t *summary(const json_t *c)
{
	const json_t *item = json_object_get(c, "item");
	const json_t *indicators =
		json_object_get(json_object_get(c, "result"), "indicators");
	const char *title = json_string_value(json_object_get(item, "title"));
	const char *text = json_string_value(json_object_get(item, "text"));
	json_t *ids = json_array();
	for (size_t i = 0; ids && i < json_array_size(indicators); i++)
		json_array_append(ids, json_object_get(json_array_get(
						       indicators, i),
					       "id"));
	json_t *s = json_pack(
		"{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:o, s:o, s:o}", "id",
		json_object_get(c, "id"), "saved_at",
		json_object_get(c, "saved_at"), "seen_at",
		json_object_get(c, "seen_at"), "url", json_object_get(c, "url"),
		"note", json_object_get(c, "note"), "level",
		json_object_get(c, "level"), "score",
		json_object_get(c, "score"), "title",
		cut_string(title ? title : "", SUMMARY_TEXT_MAX), "excerpt",
		cut_string(text ? text : "", SUMMARY_TEXT_MAX), "indicators",
		ids);
	const json_t *ref = json_object_get(item, "ref");
	if (s && ref)
		json_object_set(s, "ref", (json_t *)ref);
	return s;
}

/* case_list and case_search: summaries, newest first, and the total. */
static json_t *case_list(const struct lw_host *host,
			 const struct lw_request *req)
{
	const char *query = NULL;
	long long limit = optional_count(req->message, "limit", LIST_DEFAULT);
	long long offset = optional_count(req->message, "offset", 0);
	long long total = 0;
	json_t *cases = NULL;

	if (req->op == LW_OP_CASE_SEARCH &&
	    (optional_string(&query, req->message, "query", QUERY_MAX) < 0 ||
	     query == NULL))
		return refuse(req, LW_CODE_BAD_REQUEST,
			      "\"query\" must be a string of at most 1024 "
			      "bytes");
	if (limit < 0 || limit > LIST_MAX || offset < 0)
		return refuse(req, LW_CODE_BAD_REQUEST,
			      "\"limit\" must be an integer from 0 to 100 and "
			      "\"offset\" a non-negative integer");
	int rc = open_log(host->cases);
	if (rc == 0)
		rc = lw_caselog_list(&cases, &total, host->cases->log, query,
				     limit, offset);
	if (rc)
		return refuse_caselog(req, rc);
	json_t *list = json_array();
	for (size_t i = 0; list && i < json_array_size(cases); i++)
		if (json_array_append_new(list,
					  summary(json_array_get(cases, i))))
			break;
	json_decref(cases);
	json_t *reply = lw_reply_ok(req->id);
	if (reply == NULL || list == NULL ||
	    json_object_set_new(reply, "total", json_integer(total)) ||
	    json_object_set_new(reply, "cases", list)) {
		json_decref(reply);
		return NULL;
	}
	return reply;
}

/* case_delete: {"case_id": N} or {"all": true}. */
static json_t *case_delete(const struct lw_host *host,
			   const struct lw_request *req)
{
	const json_t *all = json_object_get(req->message, "all");
	const json_t *id = json_object_get(req->message, "case_id");
	long long deleted = 0;

	if (json_is_true(all) == (id != NULL) ||
	    (id != NULL &&
	     (!json_is_integer(id) || json_integer_value(id) < 0)))
		return refuse(req, LW_CODE_BAD_REQUEST,
			      "give either \"case_id\" (an integer) or "
			      "\"all\": true");
	int rc = open_log(host->cases);
	if (rc == 0)
		rc = lw_caselog_delete(&deleted, host->cases->log,
				       id ? json_integer_value(id) : -1);
	if (rc)
		return refuse_caselog(req, rc);
	json_t *reply = lw_reply_ok(req->id);
	if (reply &&
	    json_object_set_new(reply, "deleted", json_integer(deleted))) {
		json_decref(reply);
		return NULL;
	}
	return reply;
}

/* case_export: the cases (all, or those matching "query"; at most
 * LW_CASELOG_LIST_MAX) as "content" in the format asked for. */
static json_t *case_export(const struct lw_host *host,
			   const struct lw_request *req)
{
	const char *format_name = NULL, *query = NULL;
	lw_case_format format;
	json_t *cases = NULL;
	char *content = NULL;
	size_t len = 0;

	if (optional_string(&format_name, req->message, "format", 8) < 0 ||
	    lw_case_format_parse(&format, format_name) < 0 ||
	    optional_string(&query, req->message, "query", QUERY_MAX) < 0)
		return refuse(req, LW_CODE_BAD_REQUEST,
			      "\"format\" must be \"csv\", \"json\" or "
			      "\"html\", and \"query\" a string");
	int rc = open_log(host->cases);
	if (rc == 0)
		rc = lw_caselog_list(&cases, NULL, host->cases->log, query,
				     LW_CASELOG_LIST_MAX, 0);
	if (rc == 0)
		rc = lw_case_export(&content, &len, cases, format, EXPORT_MAX);
	json_decref(cases);
	if (rc == LW_ETOOLARGE)
		return refuse(req, LW_CODE_TOO_LARGE,
			      "the export is over 768 KiB: use `lurewatch "
			      "cases export` on this computer instead");
	if (rc)
		return refuse_caselog(req, rc);
	json_t *reply = lw_reply_ok(req->id);
	json_t *text = json_stringn(content, len);
	free(content);
	if (reply == NULL || text == NULL ||
	    json_object_set_new(reply, "format", json_string(format_name)) ||
	    json_object_set_new(reply, "content", text)) {
		json_decref(reply);
		return NULL;
	}
	return reply;
}

json_t *lw_host_answer_case(const struct lw_host *host,
			    const struct lw_request *req)
{
	switch (req->op) {
	case LW_OP_CASE_SAVE:
		return case_save(host, req);
	case LW_OP_CASE_LIST:
	case LW_OP_CASE_SEARCH:
		return case_list(host, req);
	case LW_OP_CASE_DELETE:
		return case_delete(host, req);
	default:
		return case_export(host, req);
	}
}

void lw_host_cases_close(struct lw_host_cases *cases)
{
	lw_caselog_close(cases->log);
	cases->log = NULL;
}
