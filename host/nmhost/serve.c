/*
 * serve.c - the host's request loop.
 *
 * Every frame gets exactly one reply, in order: a result, or an error reply
 * with a code from protocol.h. Only an input that ends inside a frame, or a
 * reply that cannot be written, ends the loop early; everything else is
 * answered and the next frame is read.
 */
#include "serve.h"

#include "cases_ops.h"
#include "framing.h"
#include "jsonin.h"
#include "jsonout.h"
#include "memory_ops.h"
#include "protocol.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lw_host_log(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "lurewatch-host: %s\n", line);
}

/* Encode a reply within the 1 MiB limit (protocol.c trims the evidence of
 * one that is over it). The reply is consumed. NULL: out of memory. */
static char *encode(size_t *out_len, json_t *reply)
{
	char *text = reply ? lw_reply_encode(out_len, reply, LW_FRAME_OUT_MAX)
			   : NULL;
	json_decref(reply);
	return text;
}

/* Run the engine on every item of an analyze request. A malformed item gets
 * the engine's error result in its place, so one bad item does not cost the
 * others their results; only running out of memory fails the request (NULL).
 * The results' texts (lw_analyze_text) go into the reply's text as they
 * are; only a reply over the limit is read back into a tree, to be
 * trimmed. The text is what encoding the reply's tree would give. */
static char *answer_analyze(size_t *out_len, const struct lw_host *host,
			    const struct lw_request *req)
{
	lw_analyze_opts opts = {.ui_lang = req->ui_lang,
				.memory = host->memory,
				.item_budget_ms = host->item_budget_ms};
	lw_json_buf buf = {0};
	lw_json_writer w = {&buf, 0};
	/* The reply's own members are protocol.c's (lw_reply_ok); the
	 * results go in after them, before the object's closing brace. */
	json_t *head = lw_reply_ok(req->id);
	lw_json_write_value(&w, head);
	json_decref(head);
	if (!w.rc)
		buf.len--;
	lw_json_write_raw(&w, ",\"results\":[");
	for (size_t i = 0; i < json_array_size(req->items) && !w.rc; i++) {
		char *result = NULL;
		size_t len = 0;
		lw_analyze_text(&result, &len, host->engine,
				json_array_get(req->items, i), &opts);
		lw_json_write_raw(&w, i ? "," : "");
		if (!result && !w.rc)
			w.rc = LW_ENOMEM;
		if (!w.rc)
			w.rc = lw_json_put(&buf, result, len);
		free(result);
	}
	lw_json_write_raw(&w, "]}");
	if (!w.rc && buf.len <= LW_FRAME_OUT_MAX) {
		*out_len = buf.len;
		return buf.data;
	}
	json_t *reply = NULL;
	if (!w.rc) {
		json_error_t error;
		reply = lw_jsonin_load(NULL, buf.data, buf.len, JSON_ALLOW_NUL,
				       &error);
	}
	lw_json_buf_free(&buf);
	return encode(out_len, reply);
}

/* Answer one message body with the text of its reply. Never NULL for a
 * caller's mistake: those get error replies. NULL means out of memory. */
static char *answer(size_t *out_len, const struct lw_host *host, char *body,
		    size_t len)
{
	struct lw_request req;
	struct lw_proto_error err;
	json_t *root, *reply;
	char *text = NULL;

	if (lw_request_decode(&req, &root, &err, body, len) < 0) {
		lw_host_log("refused a message (%s): %s", err.code,
			    err.message);
		reply = lw_reply_error(req.id, err.code, err.message);
	} else if (req.op == LW_OP_MEMORY) {
		reply = lw_host_answer_memory(host, &req);
		if (reply == NULL)
			reply = lw_reply_error(req.id, LW_CODE_INTERNAL,
					       "out of memory");
	} else if (req.op >= LW_OP_CASE_SAVE) {
		reply = lw_host_answer_case(host, &req);
	} else if (host->engine == NULL) {
		reply = lw_reply_error(req.id, LW_CODE_INTERNAL,
				       host->pack_error);
	} else if (req.op == LW_OP_HELLO) {
		reply = lw_reply_hello(req.id,
				       lw_engine_pack_info(host->engine));
	} else {
		text = answer_analyze(out_len, host, &req);
		reply = text ? NULL
			     : lw_reply_error(req.id, LW_CODE_INTERNAL,
					      "out of memory");
	}
	if (!text)
		text = encode(out_len, reply);
	json_decref(root);
	return text;
}

/* Write a reply's text as one frame, and free it. NULL (out of memory)
 * sends a fixed reply, which needs no allocation. Returns 0, or -1 when
 * it could not be written. */
static int send_reply(const struct lw_host *host, char *text, size_t len)
{
	if (text == NULL) {
		static const char fallback[] =
			"{\"v\":1,\"id\":null,\"ok\":false,\"error\":{\"code\":"
			"\"internal\",\"message\":\"out of memory\"}}";
		return lw_frame_write(host->out_fd, fallback,
				      sizeof(fallback) - 1, LW_FRAME_OUT_MAX);
	}
	int rc = lw_frame_write(host->out_fd, text, len, LW_FRAME_OUT_MAX);
	free(text);
	return rc;
}

/* Answer a frame whose body was not read: too long for the limit, or too
 * long for the memory at hand. Then read past its body, in bounded chunks,
 * so that the next frame can be served. Returns an lw_host_exit status, or
 * -1 to go on serving. */
static int refuse_unread_frame(const struct lw_host *host,
			       enum lw_frame_status status, uint32_t len)
{
	char message[160];
	const char *code = status == LW_FRAME_TOO_LARGE ? LW_CODE_TOO_LARGE
							: LW_CODE_INTERNAL;
	snprintf(message, sizeof(message),
		 "message of %lu bytes refused (%s); at most %lu bytes are "
		 "accepted",
		 (unsigned long)len, lw_frame_status_name(status),
		 (unsigned long)LW_FRAME_IN_MAX);
	lw_host_log("%s", message);
	size_t reply_len = 0;
	char *reply = encode(&reply_len, lw_reply_error(NULL, code, message));
	if (send_reply(host, reply, reply_len) < 0) {
		lw_host_log("cannot write a reply: %s", strerror(errno));
		return LW_HOST_EXIT_OUTPUT;
	}
	enum lw_frame_status skipped = lw_frame_skip(host->in_fd, len);
	if (skipped != LW_FRAME_OK) {
		lw_host_log("while skipping a refused message: %s",
			    lw_frame_status_name(skipped));
		return LW_HOST_EXIT_INPUT;
	}
	return -1;
}

int lw_host_serve(const struct lw_host *host)
{
	for (;;) {
		char *body;
		uint32_t len;
		lw_host_memory_idle(host);
		enum lw_frame_status status = lw_frame_read(
			&body, &len, host->in_fd, LW_FRAME_IN_MAX);

		if (status == LW_FRAME_EOF)
			return LW_HOST_EXIT_OK;
		if (status == LW_FRAME_TOO_LARGE ||
		    status == LW_FRAME_NO_MEMORY) {
			int rc = refuse_unread_frame(host, status, len);
			if (rc >= 0)
				return rc;
			continue;
		}
		if (status != LW_FRAME_OK) {
			lw_host_log("stopping: %s%s%s",
				    lw_frame_status_name(status),
				    status == LW_FRAME_IO_ERROR ? ": " : "",
				    status == LW_FRAME_IO_ERROR
					    ? strerror(errno)
					    : "");
			return LW_HOST_EXIT_INPUT;
		}
		size_t reply_len = 0;
		char *reply = answer(&reply_len, host, body, len);
		free(body);
		lw_host_memory_after(host);
		if (send_reply(host, reply, reply_len) < 0) {
			lw_host_log("cannot write a reply: %s",
				    strerror(errno));
			return LW_HOST_EXIT_OUTPUT;
		}
	}
}
