/*
 * fuzz_protocol.c - libFuzzer target: one message body through the
 * protocol decoder and the reply encoder's trimming.
 *
 * The body goes to lw_request_decode as the host would pass it. When it is
 * a valid analyze request, its items are echoed back as "results" and the
 * reply is encoded into a small limit, so that the trimming code (which
 * expects result objects) meets arbitrary JSON in their place.
 */
#include "protocol.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Small, so that most echoed replies need trimming. */
#define FUZZ_REPLY_MAX 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body = malloc(size + 1);
	if (body == NULL)
		return 0;
	memcpy(body, data, size);
	body[size] = '\0';
	struct lw_request req;
	struct lw_proto_error err;
	json_t *root = NULL;
	json_t *reply;
	if (lw_request_decode(&req, &root, &err, body, size) < 0) {
		assert(err.code != NULL);
		reply = lw_reply_error(req.id, err.code, err.message);
	} else {
		reply = lw_reply_ok(req.id);
		if (req.op == LW_OP_ANALYZE)
			json_object_set_new(reply, "results",
					    json_deep_copy(req.items));
	}
	size_t out_len = 0;
	char *text = lw_reply_encode(&out_len, reply, FUZZ_REPLY_MAX);
	assert(text == NULL || out_len <= FUZZ_REPLY_MAX);
	free(text);
	json_decref(reply);
	json_decref(root);
	free(body);
	return 0;
}
