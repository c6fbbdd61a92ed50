/*
 * fuzz_framing.c - libFuzzer target: the host's input side, byte for byte.
 *
 * The input is what a browser (or anything else able to start the host)
 * could write to the host's stdin: any number of frames, good or broken.
 * It is read back through lw_frame_read and lw_frame_skip exactly as
 * serve.c does, each body is decoded with lw_request_decode, and every
 * reply the host would send is encoded with lw_reply_encode. A small
 * frame limit makes the "too large, skip it" path reachable.
 */
#include "framing.h"
#include "protocol.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Frames over this are refused and skipped, as 64 MiB ones are in the
 * host; small so that the fuzzer reaches that path. */
#define FUZZ_FRAME_MAX 4096

/* Answer one body as the host would, without an engine: decode, then
 * encode the error or an empty success reply. */
static void answer_body(char *body, uint32_t len)
{
	struct lw_request req;
	struct lw_proto_error err;
	json_t *root = NULL;
	json_t *reply;
	if (lw_request_decode(&req, &root, &err, body, len) < 0)
		reply = lw_reply_error(req.id, err.code, err.message);
	else
		reply = lw_reply_ok(req.id);
	size_t out_len = 0;
	char *text = lw_reply_encode(&out_len, reply, LW_FRAME_OUT_MAX);
	assert(text == NULL || out_len <= LW_FRAME_OUT_MAX);
	free(text);
	json_decref(reply);
	json_decref(root);
}

/* Write the input to a pipe's far end from a temporary file, so that the
 * reader sees a real descriptor with a real end of input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = tmpfile();
	if (f == NULL)
		return 0;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return 0;
	}
	fflush(f);
	rewind(f);
	int fd = fileno(f);
	for (;;) {
		char *body = NULL;
		uint32_t len = 0;
		enum lw_frame_status st =
			lw_frame_read(&body, &len, fd, FUZZ_FRAME_MAX);
		if (st == LW_FRAME_TOO_LARGE) {
			assert(body == NULL && len > FUZZ_FRAME_MAX);
			if (lw_frame_skip(fd, len) != LW_FRAME_OK)
				break;
			continue;
		}
		if (st != LW_FRAME_OK) {
			assert(body == NULL);
			break;
		}
		assert(body[len] == '\0');
		answer_body(body, len);
		free(body);
	}
	fclose(f);
	return 0;
}
