/*
 * protocol.h - host protocol version 1: decoding requests, building replies
 * and fitting replies into the browser's 1 MiB limit.
 *
 * Nothing here touches the engine or a descriptor: serve.c runs the engine
 * and moves the frames. That keeps every rule of the protocol testable with
 * plain JSON (tests/unit/test_framing.c). docs/protocol.md specifies it.
 */
#ifndef LW_PROTOCOL_H
#define LW_PROTOCOL_H

#include <jansson.h>
#include <stddef.h>

/** The protocol version this host speaks. */
#define LW_PROTOCOL_VERSION 1
/** Items in one analyze request; more is refused with too_large. */
#define LW_HOST_ITEMS_MAX 1000
/** Bytes of a string "id"; a longer one is refused with bad_request. */
#define LW_HOST_ID_MAX 256
/** Bytes of "ui_lang" (a BCP 47 tag); a longer one is bad_request. */
#define LW_HOST_LANG_MAX 35
/** Bytes an excerpt is cut to when a reply has to be trimmed. */
#define LW_TRIM_EXCERPT_MAX 48

/** The operations of version 1. */
enum lw_op {
	LW_OP_HELLO,
	LW_OP_ANALYZE,
	/* The case log (cases_ops.c); every op from here on is one. */
	LW_OP_CASE_SAVE,
	LW_OP_CASE_LIST,
	LW_OP_CASE_SEARCH,
	LW_OP_CASE_DELETE,
	LW_OP_CASE_EXPORT,
	/* Whether the cross-page memory is kept in a file (memory_ops.c). */
	LW_OP_MEMORY
};

/** Error codes of replies, as they appear on the wire. */
#define LW_CODE_BAD_JSON	    "bad_json"
#define LW_CODE_BAD_REQUEST	    "bad_request"
#define LW_CODE_TOO_LARGE	    "too_large"
#define LW_CODE_UNSUPPORTED_VERSION "unsupported_version"
#define LW_CODE_UNKNOWN_OP	    "unknown_op"
#define LW_CODE_INTERNAL	    "internal"
/* The case log's file is damaged or not a case log (case_* ops). */
#define LW_CODE_CASE_LOG_DAMAGED "case_log_damaged"
/* The case log cannot be opened or written (case_* ops). */
#define LW_CODE_CASE_LOG_UNAVAILABLE "case_log_unavailable"

/** Why a request was refused: a code above and a readable message. */
struct lw_proto_error {
	const char *code;
	char message[256];
};

/** A decoded, valid request. Pointers borrow from the decoded root. */
struct lw_request {
	const json_t *id; /**< the caller's id; JSON null when absent */
	enum lw_op op;
	const json_t *items; /**< analyze: the array of items */
	const char *ui_lang; /**< analyze: interface language, or NULL */
	const json_t *message; /**< case_* and memory ops: the whole request */
};

/**
 * Decode and validate one message body.
 *
 * Escapes of lone UTF-16 surrogates (\ud800 alone) are first replaced in
 * body by \ufffd, so that text cut inside an emoji does not cost a whole
 * request; any other invalid Unicode is bad_json.
 *
 * On success returns 0, *out_root holds the parsed message (caller frees
 * with json_decref) and *req borrows from it. On failure returns -1, fills
 * err, and still sets *out_root and req->id when the message was an object
 * with a usable id, so that the error reply can carry the caller's id.
 * Nesting deeper than jansson's parser limit is a bad_json error, never a
 * deep recursion.
 */
int lw_request_decode(struct lw_request *req, json_t **out_root,
		      struct lw_proto_error *err, char *body, size_t len);

/** A new error reply {"v":1, "id", "ok":false, "error":{code, message}};
 *  id may be NULL (sent as null). NULL when out of memory. */
json_t *lw_reply_error(const json_t *id, const char *code, const char *message);

/** A new success reply {"v":1, "id", "ok":true} for the caller to fill. */
json_t *lw_reply_ok(const json_t *id);

/** The hello reply: host version, the pack's metadata and the limits.
 *  pack_info is copied. */
json_t *lw_reply_hello(const json_t *id, const json_t *pack_info);

/**
 * Serialise a reply into at most max bytes of compact JSON.
 *
 * When the reply would be longer, the "results" of the largest results are
 * trimmed step by step (evidence lists, then excerpts, then all evidence),
 * each trimmed result marked "truncated": true. When even that is not
 * enough, the reply is replaced by a too_large error reply. Returns a new
 * string (free()) and its length, or NULL when out of memory or when the
 * reply cannot be encoded (for instance a string that is not UTF-8).
 */
char *lw_reply_encode(size_t *out_len, json_t *reply, size_t max);

#endif /* LW_PROTOCOL_H */
