/*
 * test_framing.c - native messaging frames and host protocol version 1,
 * without the engine: frames round-trip through a file, every request
 * error code is produced by the message that should produce it, and
 * replies are fitted into their byte limit by trimming or refused.
 */
#include "check.h"
#include "framing.h"
#include "protocol.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A scratch file that both frame writers and readers use by descriptor. */
static int scratch_fd(void)
{
	FILE *f = tmpfile();
	return f ? dup(fileno(f)) : -1;
}

/* Rewind a scratch file so that what was written can be read back. */
static void rewind_fd(int fd)
{
	lseek(fd, 0, SEEK_SET);
}

/* Frames of several sizes, one of them far larger than a pipe's buffer,
 * come back byte for byte and then end cleanly. */
static void test_round_trip(void)
{
	static const size_t sizes[] = {0, 1, 5, 70000, 1024 * 1024};
	size_t i, n = sizeof(sizes) / sizeof(sizes[0]);
	int fd = scratch_fd();
	char *data = malloc(1024 * 1024);

	for (i = 0; i < 1024 * 1024; i++)
		data[i] = (char)('a' + i % 26);
	for (i = 0; i < n; i++)
		CHECK_INT(lw_frame_write(fd, data, sizes[i], LW_FRAME_OUT_MAX),
			  0);
	rewind_fd(fd);
	for (i = 0; i < n; i++) {
		char *body;
		uint32_t len;
		CHECK_INT(lw_frame_read(&body, &len, fd, LW_FRAME_IN_MAX),
			  LW_FRAME_OK);
		CHECK_INT(len, sizes[i]);
		CHECK(body != NULL && memcmp(body, data, sizes[i]) == 0);
		CHECK(body != NULL && body[len] == '\0');
		free(body);
	}
	char *body;
	uint32_t len;
	CHECK_INT(lw_frame_read(&body, &len, fd, LW_FRAME_IN_MAX),
		  LW_FRAME_EOF);
	CHECK(body == NULL);
	free(data);
	close(fd);
}

/* The header is in native byte order, as browsers write it. */
static void test_length_encoding(void)
{
	unsigned char header[4];
	uint32_t native = 0x01020304;
	lw_frame_encode_length(header, 0x01020304);
	CHECK(memcmp(header, &native, 4) == 0);
	CHECK_INT(lw_frame_decode_length(header), 0x01020304);
	lw_frame_encode_length(header, 0xFFFFFFFFu);
	CHECK_INT(lw_frame_decode_length(header), 0xFFFFFFFFu);
}

/* Read one frame from bytes written raw, for inputs no writer would make. */
static enum lw_frame_status read_raw(const void *bytes, size_t n, uint32_t *len)
{
	char *body;
	int fd = scratch_fd();
	CHECK_INT(write(fd, bytes, n), (long)n);
	rewind_fd(fd);
	enum lw_frame_status status =
		lw_frame_read(&body, len, fd, LW_FRAME_IN_MAX);
	free(body);
	close(fd);
	return status;
}

/* End of input inside the length or inside the body is told apart from a
 * clean end; a length over the limit is reported without reading on. */
static void test_truncated_and_oversize(void)
{
	unsigned char buf[16] = {0};
	uint32_t len;

	CHECK_INT(read_raw(buf, 0, &len), LW_FRAME_EOF);
	lw_frame_encode_length(buf, 10);
	CHECK_INT(read_raw(buf, 2, &len), LW_FRAME_TRUNCATED);
	memcpy(buf + 4, "{\"a\":", 5);
	CHECK_INT(read_raw(buf, 9, &len), LW_FRAME_TRUNCATED);
	lw_frame_encode_length(buf, 0xFFFFFFFFu);
	CHECK_INT(read_raw(buf, 4, &len), LW_FRAME_TOO_LARGE);
	CHECK_INT(len, 0xFFFFFFFFu);
	lw_frame_encode_length(buf, LW_FRAME_IN_MAX + 1);
	CHECK_INT(read_raw(buf, 4, &len), LW_FRAME_TOO_LARGE);
}

/* A refused body is skipped in chunks and the next frame reads fine; a
 * skip that runs out of input says so. */
static void test_skip(void)
{
	size_t big = 300000;
	char *junk = calloc(1, big);
	int fd = scratch_fd();
	char *body;
	uint32_t len;

	CHECK_INT(lw_frame_write(fd, junk, big, LW_FRAME_IN_MAX), 0);
	CHECK_INT(lw_frame_write(fd, "{}", 2, LW_FRAME_IN_MAX), 0);
	rewind_fd(fd);
	CHECK_INT(lw_frame_read(&body, &len, fd, 1000), LW_FRAME_TOO_LARGE);
	CHECK_INT(len, big);
	CHECK_INT(lw_frame_skip(fd, len), LW_FRAME_OK);
	CHECK_INT(lw_frame_read(&body, &len, fd, 1000), LW_FRAME_OK);
	CHECK_STR(body, "{}");
	free(body);
	CHECK_INT(lw_frame_skip(fd, 10), LW_FRAME_TRUNCATED);
	close(fd);
	free(junk);
}

/* A writer refuses a body over its limit and writes nothing at all. */
static void test_write_limit(void)
{
	int fd = scratch_fd();
	errno = 0;
	CHECK_INT(lw_frame_write(fd, "12345", 5, 4), -1);
	CHECK_INT(errno, EMSGSIZE);
	CHECK_INT(lseek(fd, 0, SEEK_END), 0);
	close(fd);
}

/* Decode text as a request; return the error code, or "ok". The id that
 * an error reply would carry is written into id_out when given. */
static const char *decode(const char *text, size_t len, char *id_out)
{
	static struct lw_proto_error err;
	struct lw_request req;
	json_t *root;
	char *body = malloc(len + 1);
	memcpy(body, text, len);
	int rc = lw_request_decode(&req, &root, &err, body, len);
	if (id_out != NULL)
		snprintf(id_out, 64, "%s",
			 json_is_string(req.id) ? json_string_value(req.id)
						: "(none)");
	json_decref(root);
	free(body);
	return rc == 0 ? "ok" : err.code;
}

/* The text of the first item after decoding an analyze request whose
 * first item's text is written as the JSON string literal `literal`. */
static void check_text(const char *literal, const char *want)
{
	char body[256];
	struct lw_proto_error err;
	struct lw_request req;
	json_t *root;
	int len = snprintf(body, sizeof(body),
			   "{\"v\":1,\"op\":\"analyze\",\"items\":[{\"text\":"
			   "\"%s\"}]}",
			   literal);
	CHECK_INT(lw_request_decode(&req, &root, &err, body, (size_t)len), 0);
	CHECK_STR(json_string_value(json_object_get(
			  json_array_get(req.items, 0), "text")),
		  want);
	json_decref(root);
}

/* Lone surrogate escapes become U+FFFD; pairs and escaped backslashes that
 * only look like escapes are left alone. */
static void test_surrogate_repair(void)
{
	check_text("a\\ud800b", "a\xef\xbf\xbd"
				"b");
	check_text("cut \\ud83d", "cut \xef\xbf\xbd");
	check_text("\\udc00\\ud800", "\xef\xbf\xbd\xef\xbf\xbd");
	check_text("\\ud83d\\ude00", "\xf0\x9f\x98\x80");
	check_text("\\\\ud800", "\\ud800");
	check_text("\\u00e9\\uD800x", "\xc3\xa9\xef\xbf\xbdx");
}

#define DECODE(text) decode((text), strlen(text), NULL)

/* Every request error code comes from the message that should cause it. */
static void test_request_errors(void)
{
	char id[64];

	CHECK_STR(decode("", 0, NULL), "bad_json");
	CHECK_STR(DECODE("hello"), "bad_json");
	CHECK_STR(DECODE("{\"v\":1,"), "bad_json");
	CHECK_STR(DECODE("{\"v\":1,\"id\":\"\xff\xfe\",\"op\":\"hello\"}"),
		  "bad_json");
	CHECK_STR(DECODE("[{\"v\":1,\"op\":\"hello\"}]"), "bad_request");
	CHECK_STR(DECODE("42"), "bad_request");
	CHECK_STR(DECODE("\"hello\""), "bad_request");
	CHECK_STR(DECODE("{\"op\":\"hello\"}"), "bad_request");
	CHECK_STR(DECODE("{\"v\":\"1\",\"op\":\"hello\"}"), "bad_request");
	CHECK_STR(DECODE("{\"v\":2,\"op\":\"hello\"}"), "unsupported_version");
	CHECK_STR(DECODE("{\"v\":1}"), "bad_request");
	CHECK_STR(DECODE("{\"v\":1,\"op\":7}"), "bad_request");
	CHECK_STR(DECODE("{\"v\":1,\"op\":\"scan\"}"), "unknown_op");
	CHECK_STR(DECODE("{\"v\":1,\"op\":\"analyze\"}"), "bad_request");
	CHECK_STR(DECODE("{\"v\":1,\"op\":\"analyze\",\"items\":{}}"),
		  "bad_request");
	CHECK_STR(DECODE("{\"v\":1,\"op\":\"analyze\",\"items\":[],"
			 "\"ui_lang\":5}"),
		  "bad_request");
	CHECK_STR(DECODE("{\"v\":1,\"op\":\"analyze\",\"items\":[],"
			 "\"ui_lang\":"
			 "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}"),
		  "bad_request");
	CHECK_STR(DECODE("{\"v\":1,\"id\":{},\"op\":\"hello\"}"),
		  "bad_request");

	/* The id survives into the error reply of a later check. */
	static const char nope[] = "{\"v\":1,\"id\":\"q7\",\"op\":\"nope\"}";
	CHECK_STR(decode(nope, strlen(nope), id), "unknown_op");
	CHECK_STR(id, "q7");
	CHECK_STR(DECODE("{\"v\":1,\"id\":\"a\",\"op\":\"hello\"}"), "ok");
	CHECK_STR(DECODE("{\"v\":1,\"id\":3,\"op\":\"analyze\",\"items\":[5],"
			 "\"ui_lang\":\"vi\"}"),
		  "ok");
}

/* Deep nesting is refused by the parser's depth limit, not by a crash; a
 * request over the item cap is too_large. */
static void test_request_limits(void)
{
	size_t depth = 10000, i;
	char *deep = malloc(2 * depth + 64);
	size_t n = 0;

	n += (size_t)sprintf(deep, "{\"v\":1,\"op\":\"analyze\",\"items\":");
	for (i = 0; i < depth; i++)
		deep[n++] = '[';
	for (i = 0; i < depth; i++)
		deep[n++] = ']';
	deep[n++] = '}';
	CHECK_STR(decode(deep, n, NULL), "bad_json");
	free(deep);

	size_t items = LW_HOST_ITEMS_MAX + 1;
	char *many = malloc(3 * items + 64);
	n = (size_t)sprintf(many, "{\"v\":1,\"op\":\"analyze\",\"items\":[");
	for (i = 0; i < items; i++)
		n += (size_t)sprintf(many + n, "{}%s",
				     i + 1 < items ? "," : "]}");
	CHECK_STR(decode(many, n, NULL), "too_large");
	free(many);
}

/* A result with `indicators` indicators, each with `spans` evidence spans
 * whose excerpts are `excerpt` repeated to about 160 bytes. */
static json_t *fake_result(int indicators, int spans, const char *excerpt)
{
	char text[200] = "";
	int i, j;
	while (strlen(text) + strlen(excerpt) < 160)
		strcat(text, excerpt);
	json_t *list = json_array();
	for (i = 0; i < indicators; i++) {
		json_t *evidence = json_array();
		for (j = 0; j < spans; j++)
			json_array_append_new(
				evidence,
				json_pack("{s:s, s:i, s:i, s:s}", "field",
					  "text", "start", j, "end", j + 9,
					  "excerpt", text));
		json_array_append_new(list,
				      json_pack("{s:s, s:o}", "id", "RULE",
						"evidence", evidence));
	}
	return json_pack("{s:b, s:i, s:o, s:{s:i}}", "ok", 1, "score", 50,
			 "indicators", list, "notes", "evidence_dropped", 0);
}

/* An ok reply with the given results. */
static json_t *reply_with(json_t *results)
{
	json_t *id = json_string("r1");
	json_t *reply = lw_reply_ok(id);
	json_object_set_new(reply, "results", results);
	json_decref(id);
	return reply;
}

/* Small replies go out unchanged. */
static void test_reply_fits(void)
{
	size_t len;
	json_t *reply = reply_with(json_pack("[o]", fake_result(1, 1, "x")));
	char *text = lw_reply_encode(&len, reply, LW_FRAME_OUT_MAX);
	CHECK(text != NULL && strstr(text, "truncated") == NULL);
	CHECK(text != NULL &&
	      strncmp(text, "{\"v\":1,\"id\":\"r1\",\"ok\":true", 26) == 0);
	free(text);
	json_decref(reply);
}

/* A reply over the limit is trimmed to fit: the large results lose
 * evidence and are marked, the small one is left whole, excerpts are cut
 * on character boundaries and the dropped spans are counted. */
static void test_reply_trimmed(void)
{
	size_t len, max = 64 * 1024, i;
	json_t *results = json_array();
	json_array_append_new(results, fake_result(1, 1, "small"));
	for (i = 0; i < 3; i++)
		json_array_append_new(results,
				      fake_result(10, 16, "\xe1\xbb\x87t "));
	json_t *reply = reply_with(results);
	char *text = lw_reply_encode(&len, reply, max);
	CHECK(text != NULL && len <= max);
	CHECK_INT(text ? strlen(text) : 0, len);

	json_t *sent = text ? json_loads(text, 0, NULL) : NULL;
	CHECK(sent != NULL);
	json_t *got = json_object_get(sent, "results");
	CHECK_INT(json_array_size(got), 4);
	CHECK(json_object_get(json_array_get(got, 0), "truncated") == NULL);
	int truncated = 0;
	for (i = 1; i < json_array_size(got); i++) {
		json_t *big = json_array_get(got, i);
		if (!json_is_true(json_object_get(big, "truncated")))
			continue;
		truncated++;
		json_t *ind =
			json_array_get(json_object_get(big, "indicators"), 0);
		json_t *ev = json_object_get(ind, "evidence");
		const char *ex = json_string_value(
			json_object_get(json_array_get(ev, 0), "excerpt"));
		CHECK_INT(json_array_size(ev), 1);
		CHECK(ex && strlen(ex) <= LW_TRIM_EXCERPT_MAX + 3);
		CHECK(ex && strcmp(ex + strlen(ex) - 3, "\xe2\x80\xa6") == 0);
		CHECK_INT(json_integer_value(
				  json_object_get(json_object_get(big, "notes"),
						  "evidence_dropped")),
			  150);
	}
	CHECK(truncated >= 1);
	json_decref(sent);
	free(text);
	json_decref(reply);
}

/* A reply that trimming cannot bring under the limit (10,000 results with
 * no evidence to trim) becomes a too_large error under the same id. */
static void test_reply_too_large(void)
{
	size_t len, i;
	json_t *results = json_array();
	for (i = 0; i < 10000; i++)
		json_array_append_new(results, fake_result(0, 0, "x"));
	json_t *reply = reply_with(results);
	char *text = lw_reply_encode(&len, reply, 100000);
	CHECK(text != NULL && len <= 100000);
	CHECK(text != NULL &&
	      strstr(text, "\"id\":\"r1\",\"ok\":false,\"error\":{\"code\":"
			   "\"too_large\"") != NULL);
	free(text);
	json_decref(reply);
}

/* A reply that cannot be encoded (a string that is not UTF-8) becomes an
 * internal error rather than a broken frame. */
static void test_reply_unencodable(void)
{
	size_t len;
	json_t *reply = lw_reply_ok(NULL);
	json_object_set_new(reply, "bad", json_string_nocheck("\xff"));
	char *text = lw_reply_encode(&len, reply, LW_FRAME_OUT_MAX);
	CHECK(text != NULL && strstr(text, "\"internal\"") != NULL);
	free(text);
	json_decref(reply);
}

/* The hello reply carries the host, the pack and the limits. */
static void test_hello(void)
{
	json_t *pack = json_pack("{s:s}", "version", "9.9");
	json_t *reply = lw_reply_hello(NULL, pack);
	CHECK_STR(json_string_value(json_object_get(
			  json_object_get(reply, "pack"), "version")),
		  "9.9");
	CHECK_INT(json_integer_value(json_object_get(
			  json_object_get(reply, "limits"), "max_items")),
		  LW_HOST_ITEMS_MAX);
	CHECK(json_is_null(json_object_get(reply, "id")));
	json_decref(reply);
	json_decref(pack);
}

int main(void)
{
	test_round_trip();
	test_length_encoding();
	test_truncated_and_oversize();
	test_skip();
	test_write_limit();
	test_request_errors();
	test_request_limits();
	test_surrogate_repair();
	test_reply_fits();
	test_reply_trimmed();
	test_reply_too_large();
	test_reply_unencodable();
	test_hello();
	return CHECK_DONE();
}
