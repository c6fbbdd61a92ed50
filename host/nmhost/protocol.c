/*
 * protocol.c - host protocol version 1 (see protocol.h and docs/protocol.md).
 */
#include "protocol.h"

#include "framing.h"
#include "jsonout.h"
#include "lurewatch.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fill a protocol error. Messages are short sentences; a longer one is cut
 * by vsnprintf, never overflowed. */
#if defined(__GNUC__)
static int refuse(struct lw_proto_error *err, const char *code, const char *fmt,
		  ...) __attribute__((format(printf, 3, 4)));
#endif
static int refuse(struct lw_proto_error *err, const char *code, const char *fmt,
		  ...)
{
	va_list ap;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}

/* Check the caller's "id" before anything else, so that every later error
 * can be answered under the caller's id. A bounded length keeps the id from
 * inflating every reply that echoes it. */
static int decode_id(struct lw_request *req, struct lw_proto_error *err,
		     const json_t *root)
{
	const json_t *id = json_object_get(root, "id");
	if (id == NULL || json_is_null(id))
		return 0;
	if (json_is_string(id) && json_string_length(id) > LW_HOST_ID_MAX)
		return refuse(err, LW_CODE_BAD_REQUEST,
			      "\"id\" is longer than %d bytes", LW_HOST_ID_MAX);
	if (!json_is_string(id) && !json_is_number(id))
		return refuse(err, LW_CODE_BAD_REQUEST,
			      "\"id\" must be a string or a number");
	req->id = id;
	return 0;
}

/* Check the fields of an analyze request: "items" is an array of at most
 * LW_HOST_ITEMS_MAX entries (each entry is checked by the engine, which
 * answers a malformed item with an error result in its place), and
 * "ui_lang", when given, is a short string. */
static int decode_analyze(struct lw_request *req, struct lw_proto_error *err,
			  const json_t *root)
{
	const json_t *items = json_object_get(root, "items");
	const json_t *lang = json_object_get(root, "ui_lang");

	if (!json_is_array(items))
		return refuse(err, LW_CODE_BAD_REQUEST,
			      "\"items\" must be an array of items");
	if (json_array_size(items) > LW_HOST_ITEMS_MAX)
		return refuse(err, LW_CODE_TOO_LARGE,
			      "%zu items in one request; at most %d are "
			      "accepted: send them in several requests",
			      json_array_size(items), LW_HOST_ITEMS_MAX);
	if (lang != NULL && !json_is_null(lang)) {
		if (!json_is_string(lang))
			return refuse(err, LW_CODE_BAD_REQUEST,
				      "\"ui_lang\" must be a string");
		if (json_string_length(lang) > LW_HOST_LANG_MAX)
			return refuse(err, LW_CODE_BAD_REQUEST,
				      "\"ui_lang\" is longer than %d bytes",
				      LW_HOST_LANG_MAX);
		req->ui_lang = json_string_value(lang);
	}
	req->items = items;
	return 0;
}

/* Check the envelope (id, v, op) and then the operation's own fields, in
 * that order, so that the most basic problem is the one reported. */
static int decode_fields(struct lw_request *req, struct lw_proto_error *err,
			 const json_t *root)
{
	if (decode_id(req, err, root) < 0)
		return -1;

	const json_t *version = json_object_get(root, "v");
	if (!json_is_integer(version))
		return refuse(err, LW_CODE_BAD_REQUEST,
			      "\"v\" must be the protocol version, %d",
			      LW_PROTOCOL_VERSION);
	if (json_integer_value(version) != LW_PROTOCOL_VERSION)
		return refuse(err, LW_CODE_UNSUPPORTED_VERSION,
			      "protocol version %lld is not supported; this "
			      "host speaks version %d",
			      (long long)json_integer_value(version),
			      LW_PROTOCOL_VERSION);

	const json_t *op = json_object_get(root, "op");
	if (!json_is_string(op))
		return refuse(err, LW_CODE_BAD_REQUEST,
			      "\"op\" must be a string");
	if (strcmp(json_string_value(op), "hello") == 0) {
		req->op = LW_OP_HELLO;
		return 0;
	}
	if (strcmp(json_string_value(op), "analyze") == 0) {
		req->op = LW_OP_ANALYZE;
		return decode_analyze(req, err, root);
	}
	if (strcmp(json_string_value(op), "memory") == 0) {
		/* memory_ops.c checks the op's own fields. */
		req->op = LW_OP_MEMORY;
		req->message = root;
		return 0;
	}
	static const struct {
		const char *name;
		enum lw_op op;
	} case_ops[] = {{"case_save", LW_OP_CASE_SAVE},
			{"case_list", LW_OP_CASE_LIST},
			{"case_search", LW_OP_CASE_SEARCH},
			{"case_delete", LW_OP_CASE_DELETE},
			{"case_export", LW_OP_CASE_EXPORT}};
	for (size_t i = 0; i < sizeof(case_ops) / sizeof(case_ops[0]); i++)
		if (strcmp(json_string_value(op), case_ops[i].name) == 0) {
			/* cases_ops.c checks the op's own fields. */
			req->op = case_ops[i].op;
			req->message = root;
			return 0;
		}
	return refuse(err, LW_CODE_UNKNOWN_OP,
		      "unknown op \"%.64s\"; version 1 knows hello, analyze "
		      "and case_save, case_list, case_search, case_delete, "
		      "case_export, memory",
		      json_string_value(op));
}

/* The value of four hex digits, or -1 when they are not all hex. */
static long hex4(const char *text)
{
	long value = 0;
	int i;
	for (i = 0; i < 4; i++) {
		char c = text[i];
		int digit = c >= '0' && c <= '9'   ? c - '0'
			    : c >= 'a' && c <= 'f' ? c - 'a' + 10
			    : c >= 'A' && c <= 'F' ? c - 'A' + 10
						   : -1;
		if (digit < 0)
			return -1;
		value = value * 16 + digit;
	}
	return value;
}

/* Turn every \uXXXX escape of a lone UTF-16 surrogate into \ufffd, in
 * place (both are six bytes). Firefox serialises page text with
 * JSON.stringify, which writes a lone surrogate (an emoji cut in half by a
 * site that shortens text) as such an escape, and jansson refuses the whole
 * message for it. U+FFFD is one UTF-16 unit like the surrogate it
 * replaces, so evidence offsets still match the page's text. Escapes are
 * recognised from the start of the text: a backslash can only begin an
 * escape in valid JSON, and invalid JSON is refused by the parser anyway. */
static void repair_lone_surrogates(char *text, size_t len)
{
	size_t i = 0;
	while (i + 1 < len) {
		if (text[i] != '\\') {
			i++;
			continue;
		}
		if (text[i + 1] != 'u' || len - i < 6) {
			i += 2;
			continue;
		}
		long unit = hex4(text + i + 2);
		long next = -1;
		if (len - i >= 12 && text[i + 6] == '\\' && text[i + 7] == 'u')
			next = hex4(text + i + 8);
		if (unit >= 0xD800 && unit <= 0xDBFF && next >= 0xDC00 &&
		    next <= 0xDFFF) {
			i += 12; /* a proper pair */
			continue;
		}
		if (unit >= 0xD800 && unit <= 0xDFFF)
			memcpy(text + i + 2, "fffd", 4);
		i += 6;
	}
}

int lw_request_decode(struct lw_request *req, json_t **out_root,
		      struct lw_proto_error *err, char *body, size_t len)
{
	json_error_t jerr;

	memset(req, 0, sizeof(*req));
	*out_root = NULL;
	if (len == 0)
		return refuse(err, LW_CODE_BAD_JSON,
			      "empty message: a message must be a JSON object");
	repair_lone_surrogates(body, len);
	/* JSON_DECODE_ANY lets a bare number or string parse, so that it is
	 * refused below as "not an object" rather than as broken JSON. The
	 * parser itself stops at JSON_PARSER_MAX_DEPTH levels of nesting. */
	json_t *root = json_loadb(body, len, JSON_DECODE_ANY, &jerr);
	if (root == NULL)
		return refuse(err, LW_CODE_BAD_JSON, "not JSON: %s at byte %d",
			      jerr.text, jerr.position);
	*out_root = root;
	if (!json_is_object(root))
		return refuse(err, LW_CODE_BAD_REQUEST,
			      "a message must be a JSON object");
	return decode_fields(req, err, root);
}

/* The envelope every reply shares: version, the caller's id, ok. */
static json_t *reply_new(const json_t *id, int ok)
{
	return json_pack("{s:i, s:O, s:b}", "v", LW_PROTOCOL_VERSION, "id",
			 id ? (json_t *)id : json_null(), "ok", ok);
}

json_t *lw_reply_error(const json_t *id, const char *code, const char *message)
{
	json_t *reply = reply_new(id, 0);
	if (reply == NULL)
		return NULL;
	if (json_object_set_new(reply, "error",
				json_pack("{s:s, s:s}", "code", code, "message",
					  message)) < 0) {
		json_decref(reply);
		return NULL;
	}
	return reply;
}

json_t *lw_reply_ok(const json_t *id)
{
	return reply_new(id, 1);
}

json_t *lw_reply_hello(const json_t *id, const json_t *pack_info)
{
	json_t *reply = reply_new(id, 1);
	json_t *host = json_pack("{s:s, s:s, s:i}", "name", "lurewatch-host",
				 "version", LW_VERSION, "protocol",
				 LW_PROTOCOL_VERSION);
	json_t *limits = json_pack(
		"{s:I, s:I, s:i, s:i, s:i, s:i, s:i}", "max_message_bytes",
		(json_int_t)LW_FRAME_IN_MAX, "max_reply_bytes",
		(json_int_t)LW_FRAME_OUT_MAX, "max_items", LW_HOST_ITEMS_MAX,
		"field_analyse_max", LW_FIELD_ANALYSE_MAX, "fields_max",
		LW_FIELDS_MAX, "evidence_max", LW_EVIDENCE_MAX, "excerpt_max",
		LW_EXCERPT_MAX);
	json_t *pack = pack_info ? json_deep_copy(pack_info) : json_null();

	if (reply == NULL || host == NULL || limits == NULL || pack == NULL ||
	    json_object_set_new(reply, "host", host) < 0 ||
	    json_object_set_new(reply, "pack", pack) < 0 ||
	    json_object_set_new(reply, "limits", limits) < 0) {
		json_decref(reply);
		return NULL;
	}
	return reply;
}

/* Bytes of the compact serialisation of a value (host/src/jsonout.h, the
 * writer of every reply). 0 means the value cannot be encoded. */
static size_t encoded_size(const json_t *value)
{
	size_t size;
	return lw_json_size(&size, value) == 0 ? size : 0;
}

/* Cut a string value to at most max bytes at a UTF-8 character boundary and
 * end it with an ellipsis. Strings already short enough are left alone.
 * Returns 1 when the string was cut. */
static int cut_excerpt(json_t *excerpt, size_t max)
{
	static const char ellipsis[] = "\xe2\x80\xa6";
	char buf[LW_TRIM_EXCERPT_MAX + sizeof(ellipsis)];
	size_t len = json_string_length(excerpt);
	const char *text = json_string_value(excerpt);

	if (max > LW_TRIM_EXCERPT_MAX)
		max = LW_TRIM_EXCERPT_MAX;
	if (len <= max)
		return 0;
	while (max > 0 && ((unsigned char)text[max] & 0xC0) == 0x80)
		max--;
	memcpy(buf, text, max);
	memcpy(buf + max, ellipsis, sizeof(ellipsis));
	json_string_setn(excerpt, buf, max + sizeof(ellipsis) - 1);
	return 1;
}

/* Trim the evidence of one indicator to at most keep spans, each excerpt
 * cut to excerpt_max bytes. Returns the number of spans removed, or -1 when
 * nothing changed at all. */
static long trim_indicator(json_t *indicator, size_t keep, size_t excerpt_max)
{
	json_t *evidence = json_object_get(indicator, "evidence");
	size_t i, count = json_array_size(evidence);
	long removed = 0;
	int changed = 0;

	while (count > keep) {
		json_array_remove(evidence, --count);
		removed++;
	}
	for (i = 0; i < count; i++) {
		json_t *excerpt =
			json_object_get(json_array_get(evidence, i), "excerpt");
		if (json_is_string(excerpt))
			changed |= cut_excerpt(excerpt, excerpt_max);
	}
	return removed > 0 || changed ? removed : -1;
}

/* Trim every indicator of one result to the given step, count the removed
 * spans in notes.evidence_dropped, and mark the result "truncated". */
static void trim_result(json_t *result, size_t keep, size_t excerpt_max)
{
	json_t *indicators = json_object_get(result, "indicators");
	size_t i, count = json_array_size(indicators);
	long removed = 0;
	int changed = 0;

	for (i = 0; i < count; i++) {
		long n = trim_indicator(json_array_get(indicators, i), keep,
					excerpt_max);
		if (n >= 0) {
			removed += n;
			changed = 1;
		}
	}
	if (!changed)
		return;
	json_t *notes = json_object_get(result, "notes");
	json_t *dropped = json_object_get(notes, "evidence_dropped");
	if (json_is_integer(dropped))
		json_integer_set(dropped,
				 json_integer_value(dropped) + removed);
	json_object_set_new(result, "truncated", json_true());
}

/* One result's place in the trimming order. */
struct sized_result {
	size_t index;
	size_t size;
};

/* Order results largest first, so the fewest results lose detail. */
static int larger_first(const void *a, const void *b)
{
	const struct sized_result *x = a, *y = b;
	return (x->size < y->size) - (x->size > y->size);
}

/* The steps of trimming, gentlest first: keep one evidence span per
 * indicator with a short excerpt, then drop evidence altogether. The
 * offsets of kept spans stay exact, so the extension can still highlight
 * them in the page. */
static const struct {
	size_t keep;
	size_t excerpt_max;
} trim_steps[] = {{1, LW_TRIM_EXCERPT_MAX}, {0, 0}};

/* Trim the reply's results until its encoding fits in max bytes. Each step
 * of trim_steps is applied to the largest results first and stops as soon
 * as the reply fits. Returns 0 when it fits, -1 when it cannot be made to
 * fit by trimming evidence or when out of memory. */
static int trim_to_fit(json_t *reply, size_t size, size_t max)
{
	json_t *results = json_object_get(reply, "results");
	size_t i, step, count = json_array_size(results);
	struct sized_result *order;

	if (count == 0)
		return -1;
	order = calloc(count, sizeof(*order));
	if (order == NULL)
		return -1;
	for (step = 0; step < sizeof(trim_steps) / sizeof(trim_steps[0]);
	     step++) {
		for (i = 0; i < count; i++) {
			order[i].index = i;
			order[i].size =
				encoded_size(json_array_get(results, i));
		}
		qsort(order, count, sizeof(*order), larger_first);
		for (i = 0; i < count && size > max; i++) {
			json_t *result =
				json_array_get(results, order[i].index);
			trim_result(result, trim_steps[step].keep,
				    trim_steps[step].excerpt_max);
			size = size - order[i].size + encoded_size(result);
		}
	}
	free(order);
	return size <= max ? 0 : -1;
}

/* Serialise a reply as it is, or trimmed when it is over max bytes.
 * Returns NULL with *out_code set to LW_CODE_TOO_LARGE when trimming cannot
 * make it fit, or to LW_CODE_INTERNAL when it cannot be encoded at all (out
 * of memory, or a string that is not UTF-8). */
static char *encode_fitted(size_t *out_len, const char **out_code,
			   json_t *reply, size_t max)
{
	char *text;
	size_t size;
	*out_code = LW_CODE_INTERNAL;
	if (lw_json_dumps(&text, &size, reply))
		return NULL;
	if (size <= max) {
		*out_len = size;
		return text;
	}
	free(text);
	if (trim_to_fit(reply, size, max) < 0) {
		*out_code = LW_CODE_TOO_LARGE;
		return NULL;
	}
	lw_json_dumps(&text, out_len, reply);
	return text;
}

char *lw_reply_encode(size_t *out_len, json_t *reply, size_t max)
{
	char message[160];
	const char *code;
	char *text = encode_fitted(out_len, &code, reply, max);
	if (text != NULL)
		return text;

	/* The reply cannot be sent as it is: answer under the same id with
	 * an error small enough for any sane max. */
	if (strcmp(code, LW_CODE_TOO_LARGE) == 0)
		snprintf(message, sizeof(message),
			 "the reply would be over %zu bytes even with its "
			 "evidence trimmed: send fewer items per request",
			 max);
	else
		snprintf(message, sizeof(message),
			 "the reply could not be encoded as JSON");
	json_t *error =
		lw_reply_error(json_object_get(reply, "id"), code, message);
	text = NULL;
	if (error)
		lw_json_dumps(&text, out_len, error);
	json_decref(error);
	if (text == NULL)
		return NULL;
	if (*out_len > max) {
		free(text);
		return NULL;
	}
	return text;
}
