/*
 * run_cases.c - run the catalogue of native-messaging host cases.
 *
 * usage: run_cases CASE_FILE... -- HOST_COMMAND [ARG...]
 *
 * Each case file (tests/host/README.md) says what bytes to feed the host,
 * how (all at once, or in small pieces with pauses), which replies to
 * expect and with which status the host must exit. Every case also checks
 * what holds for any input: the host exits by itself within the time
 * limit, is not killed by a signal, and its stdout is a sequence of whole
 * frames of at most 1 MiB, each a JSON object, with not one byte more.
 */
#include "framing.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define LINE_MAX_BYTES (64 * 1024)
#define OUTPUT_MAX     ((size_t)256 * 1024 * 1024)
#define LOG_TAIL       4096
#define CHUNKS_MAX     256
#define EXPECTS_MAX    64
#define ARGS_MAX       8
#define HOST_ARGV_MAX  64

/* One write plan: bytes, written in pieces of piece bytes (0: as one write)
 * with pause_ms between the pieces. */
struct chunk {
	char *bytes;
	size_t len;
	size_t piece;
	int pause_ms;
};

/* A parsed case file. */
struct test_case {
	const char *path;
	struct chunk chunks[CHUNKS_MAX];
	int chunk_count;
	json_t *expects[EXPECTS_MAX];
	int expect_count;
	int exit_status;
	int timeout_s;
	char args_line[256]; /* extra host arguments, split in place */
	char *args[ARGS_MAX];
	int arg_count;
};

/* A growing byte buffer with a hard cap. */
struct buf {
	char *data;
	size_t len, cap;
};

static int failures;

/* Report a failed expectation of a case. */
__attribute__((format(printf, 2, 3))) static void
fail(const struct test_case *tc, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "FAIL %s: ", tc->path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	failures++;
}

/* Append n bytes; exits on running out of memory or past the cap, since a
 * test that cannot hold its own data has nothing useful to report. */
static void buf_add(struct buf *b, const void *data, size_t n)
{
	if (b->len + n > OUTPUT_MAX) {
		fputs("run_cases: buffer over its cap\n", stderr);
		exit(2);
	}
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n)
			cap *= 2;
		b->data = realloc(b->data, cap);
		if (b->data == NULL) {
			fputs("run_cases: out of memory\n", stderr);
			exit(2);
		}
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, n);
	b->len += n;
}

/* Append a frame: native-order length, then the body. */
static void buf_add_frame(struct buf *b, const char *body, size_t n)
{
	unsigned char header[4];
	lw_frame_encode_length(header, (uint32_t)n);
	buf_add(b, header, 4);
	buf_add(b, body, n);
}

/* Append text with \xHH escapes turned into bytes; other characters,
 * backslashes included, are kept as they are. */
static void buf_add_unescaped(struct buf *b, const char *text)
{
	while (*text) {
		unsigned int byte;
		if (text[0] == '\\' && text[1] == 'x' &&
		    sscanf(text + 2, "%2x", &byte) == 1) {
			unsigned char c = (unsigned char)byte;
			buf_add(b, &c, 1);
			text += 4;
		} else {
			buf_add(b, text++, 1);
		}
	}
}

/* An analyze request whose "items" nests depth arrays deep. */
static void gen_nested(struct buf *b, const char *id, long depth)
{
	long i;
	struct buf body = {0};
	char head[128];
	snprintf(head, sizeof(head),
		 "{\"v\":1,\"id\":\"%s\",\"op\":\"analyze\",\"items\":", id);
	buf_add(&body, head, strlen(head));
	for (i = 0; i < depth; i++)
		buf_add(&body, "[", 1);
	for (i = 0; i < depth; i++)
		buf_add(&body, "]", 1);
	buf_add(&body, "}", 1);
	buf_add_frame(b, body.data, body.len);
	free(body.data);
}

/* An analyze request of count items, each with a "ref" and a "text" made
 * of text repeated repeat times. */
static void gen_items(struct buf *b, const char *id, long count, long repeat,
		      const char *text)
{
	struct buf body = {0};
	long i;
	for (i = 0; i < repeat; i++)
		buf_add(&body, text, strlen(text));
	json_t *item_text = json_stringn(body.data ? body.data : "", body.len);
	json_t *items = json_array();
	for (i = 0; i < count; i++)
		json_array_append_new(items, json_pack("{s:I, s:O}", "ref",
						       (json_int_t)i, "text",
						       item_text));
	json_t *request = json_pack("{s:i, s:s, s:s, s:o}", "v", 1, "id", id,
				    "op", "analyze", "items", items);
	char *encoded = json_dumps(request, JSON_COMPACT);
	if (item_text == NULL || request == NULL || encoded == NULL) {
		fputs("run_cases: cannot build an items request\n", stderr);
		exit(2);
	}
	buf_add_frame(b, encoded, strlen(encoded));
	free(encoded);
	json_decref(request);
	json_decref(item_text);
	free(body.data);
}

/* Turn one directive into input bytes in *pending. Returns 0, or -1 when it
 * is not an input directive. */
static int parse_input(struct buf *pending, const char *word, const char *rest)
{
	char id[64], text[1024];
	long a, b;
	unsigned long len;

	if (strcmp(word, "send") == 0) {
		buf_add_frame(pending, rest, strlen(rest));
	} else if (strcmp(word, "send-esc") == 0) {
		struct buf body = {0};
		buf_add_unescaped(&body, rest);
		buf_add_frame(pending, body.data, body.len);
		free(body.data);
	} else if (strcmp(word, "send-length") == 0 &&
		   sscanf(rest, "%lu", &len) == 1) {
		unsigned char header[4];
		lw_frame_encode_length(header, (uint32_t)len);
		buf_add(pending, header, 4);
	} else if (strcmp(word, "send-raw") == 0) {
		buf_add_unescaped(pending, rest);
	} else if (strcmp(word, "send-fill") == 0 &&
		   sscanf(rest, "%lu", &len) == 1) {
		char block[4096];
		memset(block, 'x', sizeof(block));
		for (; len > 0; len -= len < 4096 ? len : 4096)
			buf_add(pending, block, len < 4096 ? len : 4096);
	} else if (strcmp(word, "send-nested") == 0 &&
		   sscanf(rest, "%63s %ld", id, &a) == 2) {
		gen_nested(pending, id, a);
	} else if (strcmp(word, "send-items") == 0 &&
		   sscanf(rest, "%63s %ld %ld %1023[^\n]", id, &a, &b, text) ==
			   4) {
		gen_items(pending, id, a, b, text);
	} else {
		return -1;
	}
	return 0;
}

/* Move the pending bytes into a chunk written with the current piece
 * size and pause. */
static int flush_pending(struct test_case *tc, struct buf *pending,
			 size_t piece, int pause_ms)
{
	if (pending->len == 0)
		return 0;
	if (tc->chunk_count == CHUNKS_MAX)
		return -1;
	struct chunk *c = &tc->chunks[tc->chunk_count++];
	c->bytes = pending->data;
	c->len = pending->len;
	c->piece = piece;
	c->pause_ms = pause_ms;
	memset(pending, 0, sizeof(*pending));
	return 0;
}

/* Keep the extra host arguments of an "args" line, split at spaces. */
static int split_args(struct test_case *tc, const char *rest)
{
	char *word, *save = NULL;
	snprintf(tc->args_line, sizeof(tc->args_line), "%s", rest);
	for (word = strtok_r(tc->args_line, " ", &save); word != NULL;
	     word = strtok_r(NULL, " ", &save)) {
		if (tc->arg_count == ARGS_MAX)
			return -1;
		tc->args[tc->arg_count++] = word;
	}
	return 0;
}

/* Read a case file. Returns 0, or -1 after reporting a bad line. */
static int parse_case(struct test_case *tc, const char *path)
{
	char line[LINE_MAX_BYTES];
	struct buf pending = {0};
	size_t piece = 0;
	int pause_ms = 0, lineno = 0, rc = 0;
	FILE *f = fopen(path, "r");

	memset(tc, 0, sizeof(*tc));
	tc->path = path;
	tc->timeout_s = 20;
	if (f == NULL) {
		fail(tc, "cannot open: %s", strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		char word[32] = "";
		int skip = 0;
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		sscanf(line, "%31s%n", word, &skip);
		const char *rest = line + skip + (line[skip] == ' ');
		if (parse_input(&pending, word, rest) == 0)
			continue;
		if (strcmp(word, "flush") == 0) {
			rc = flush_pending(tc, &pending, piece, pause_ms);
		} else if (strcmp(word, "pieces") == 0 &&
			   sscanf(rest, "%zu %d", &piece, &pause_ms) == 2) {
			rc = flush_pending(tc, &pending, 0, 0);
		} else if (strcmp(word, "expect") == 0 &&
			   tc->expect_count < EXPECTS_MAX) {
			json_error_t jerr;
			json_t *want = json_loads(rest, 0, &jerr);
			if (want == NULL)
				rc = -1;
			tc->expects[tc->expect_count++] = want;
		} else if (strcmp(word, "args") == 0) {
			rc = split_args(tc, rest);
		} else if (strcmp(word, "exit") == 0 &&
			   sscanf(rest, "%d", &tc->exit_status) == 1) {
		} else if (strcmp(word, "timeout") == 0 &&
			   sscanf(rest, "%d", &tc->timeout_s) == 1) {
		} else {
			rc = -1;
		}
		if (rc < 0)
			fail(tc, "line %d: cannot read \"%.60s\"", lineno,
			     line);
	}
	fclose(f);
	if (rc == 0 && flush_pending(tc, &pending, piece, pause_ms) < 0) {
		fail(tc, "more than %d writes", CHUNKS_MAX);
		rc = -1;
	}
	free(pending.data);
	return rc;
}

/* Free what a case holds. */
static void free_case(struct test_case *tc)
{
	int i;
	for (i = 0; i < tc->chunk_count; i++)
		free(tc->chunks[i].bytes);
	for (i = 0; i < tc->expect_count; i++)
		json_decref(tc->expects[i]);
}

/* Milliseconds on a monotonic clock. */
static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Tell whether actual has everything expected has. Objects: every expected
 * key matches. Arrays: element by element, actual may be longer; but an
 * expected array starting with the string "any:" matches when each further
 * element matches some element of actual. Other values: equal. */
static int json_has(const json_t *actual, const json_t *expected)
{
	size_t i, j;
	const json_t *want;
	void *it;

	if (json_is_object(expected)) {
		if (!json_is_object(actual))
			return 0;
		for (it = json_object_iter((json_t *)expected); it != NULL;
		     it = json_object_iter_next((json_t *)expected, it))
			if (!json_has(json_object_get(actual,
						      json_object_iter_key(it)),
				      json_object_iter_value(it)))
				return 0;
		return 1;
	}
	if (json_is_array(expected)) {
		int any = json_is_string(json_array_get(expected, 0)) &&
			  strcmp(json_string_value(json_array_get(expected, 0)),
				 "any:") == 0;
		if (!json_is_array(actual))
			return 0;
		for (i = any; i < json_array_size(expected); i++) {
			want = json_array_get(expected, i);
			int found = 0;
			for (j = any ? 0 : i;
			     !found && j < json_array_size(actual) &&
			     (any || j == i);
			     j++)
				found = json_has(json_array_get(actual, j),
						 want);
			if (!found)
				return 0;
		}
		return 1;
	}
	return actual != NULL && json_equal((json_t *)actual, expected);
}

/* What the host did with a case's input. */
struct run {
	struct buf out;
	char log[LOG_TAIL + 1];
	int status;
	int timed_out;
};

/* Keep the tail of the host's stderr for reports. */
static void keep_log(struct run *run, const char *data, size_t n)
{
	size_t have = strlen(run->log);
	if (n > LOG_TAIL) {
		data += n - LOG_TAIL;
		n = LOG_TAIL;
	}
	if (have + n > LOG_TAIL) {
		memmove(run->log, run->log + (have + n - LOG_TAIL),
			LOG_TAIL - n);
		have = LOG_TAIL - n;
	}
	memcpy(run->log + have, data, n);
	run->log[have + n] = '\0';
}

/* Close a descriptor and return -1, the value that marks it closed. */
static int close_fd(int fd)
{
	close(fd);
	return -1;
}

/* Start the host with pipes on stdin, stdout and stderr. */
static pid_t spawn_host(char **host_argv, int *to_host, int *from_host,
			int *host_log)
{
	int in[2], out[2], err[2];
	pid_t pid;
	posix_spawn_file_actions_t fa;

	if (pipe(in) < 0 || pipe(out) < 0 || pipe(err) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	posix_spawn_file_actions_addclose(&fa, err[0]);
	int rc =
		posix_spawnp(&pid, host_argv[0], &fa, NULL, host_argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (rc != 0)
		return -1;
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	*to_host = in[1];
	*from_host = out[0];
	*host_log = err[0];
	return pid;
}

/* Feed the case's chunks to the host while collecting its stdout and
 * stderr, until it exits or the time limit passes (then it is killed). */
static void run_host(struct run *run, const struct test_case *tc,
		     char **host_argv, int timeout_scale)
{
	int to_host, from_host, host_log;
	int chunk = 0;
	size_t offset = 0;
	long long next_write = 0, deadline;
	char data[65536];

	memset(run, 0, sizeof(*run));
	pid_t pid = spawn_host(host_argv, &to_host, &from_host, &host_log);
	if (pid < 0) {
		fail(tc, "cannot start the host: %s", strerror(errno));
		run->status = -1;
		return;
	}
	deadline = now_ms() + (long long)tc->timeout_s * 1000 * timeout_scale;
	while (from_host >= 0 || host_log >= 0) {
		struct pollfd fds[3] = {{.fd = from_host, .events = POLLIN},
					{.fd = host_log, .events = POLLIN},
					{.fd = -1, .events = POLLOUT}};
		long long now = now_ms();
		int wait = (int)(deadline - now);
		if (wait <= 0) {
			run->timed_out = 1;
			kill(pid, SIGKILL);
			break;
		}
		if (to_host >= 0 && chunk == tc->chunk_count) {
			close(to_host);
			to_host = -1;
		} else if (to_host >= 0 && now >= next_write) {
			fds[2].fd = to_host;
		} else if (to_host >= 0 && next_write - now < wait) {
			wait = (int)(next_write - now);
		}
		if (poll(fds, 3, wait) < 0 && errno != EINTR)
			break;
		if (fds[2].revents & (POLLOUT | POLLERR)) {
			const struct chunk *c = &tc->chunks[chunk];
			size_t want = c->len - offset;
			if (c->piece > 0 && want > c->piece)
				want = c->piece;
			ssize_t n = write(to_host, c->bytes + offset, want);
			if (n < 0 && errno != EAGAIN && errno != EINTR) {
				close(to_host); /* the host stopped reading */
				to_host = -1;
			} else if (n > 0) {
				offset += (size_t)n;
				if (c->piece > 0)
					next_write = now_ms() + c->pause_ms;
				if (offset == c->len) {
					chunk++;
					offset = 0;
				}
			}
		}
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(from_host, data, sizeof(data));
			if (n > 0)
				buf_add(&run->out, data, (size_t)n);
			else if (n == 0 || errno != EINTR)
				from_host = close_fd(from_host);
		}
		if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(host_log, data, sizeof(data));
			if (n > 0)
				keep_log(run, data, (size_t)n);
			else if (n == 0 || errno != EINTR)
				host_log = close_fd(host_log);
		}
	}
	if (to_host >= 0)
		close(to_host);
	if (from_host >= 0)
		close(from_host);
	if (host_log >= 0)
		close(host_log);
	if (run->timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &run->status, 0) < 0 && errno == EINTR)
		;
}

/* Check the host's stdout: whole frames of JSON objects, each at most
 * 1 MiB, nothing else, and each reply matching its expectation. */
static void check_output(const struct test_case *tc, const struct run *run)
{
	size_t pos = 0;
	int replies = 0;

	while (pos < run->out.len) {
		if (run->out.len - pos < 4) {
			fail(tc, "%zu stray bytes after reply %d",
			     run->out.len - pos, replies);
			return;
		}
		uint32_t len = lw_frame_decode_length(
			(const unsigned char *)run->out.data + pos);
		if (len > LW_FRAME_OUT_MAX || len > run->out.len - pos - 4) {
			fail(tc, "reply %d: bad length %lu", replies + 1,
			     (unsigned long)len);
			return;
		}
		json_t *reply =
			json_loadb(run->out.data + pos + 4, len, 0, NULL);
		pos += 4 + (size_t)len;
		replies++;
		if (!json_is_object(reply)) {
			fail(tc, "reply %d is not a JSON object", replies);
		} else if (replies > tc->expect_count) {
			fail(tc, "unexpected reply %d", replies);
		} else if (!json_has(reply, tc->expects[replies - 1])) {
			char *got = json_dumps(reply, JSON_COMPACT);
			fail(tc, "reply %d is %.300s", replies, got);
			free(got);
		}
		json_decref(reply);
	}
	if (replies < tc->expect_count)
		fail(tc, "%d replies, %d expected", replies, tc->expect_count);
}

/* Check how the host ended: by itself, in time, with the expected status. */
static void check_exit(const struct test_case *tc, const struct run *run)
{
	if (run->timed_out)
		fail(tc, "no exit within %d s", tc->timeout_s);
	else if (WIFSIGNALED(run->status))
		fail(tc, "killed by signal %d", WTERMSIG(run->status));
	else if (WEXITSTATUS(run->status) != tc->exit_status)
		fail(tc, "exit status %d, expected %d",
		     WEXITSTATUS(run->status), tc->exit_status);
}

/* Run one case file with the host command plus the case's own arguments,
 * and report it. */
static void run_case(const char *path, char **host_argv, int timeout_scale)
{
	struct test_case tc;
	struct run run;
	char *argv[HOST_ARGV_MAX + ARGS_MAX + 1];
	int before = failures, n = 0, i;

	if (parse_case(&tc, path) == 0) {
		for (; host_argv[n] != NULL && n < HOST_ARGV_MAX; n++)
			argv[n] = host_argv[n];
		for (i = 0; i < tc.arg_count; i++)
			argv[n++] = tc.args[i];
		argv[n] = NULL;
		run_host(&run, &tc, argv, timeout_scale);
		if (run.status != -1) { /* else already reported */
			check_exit(&tc, &run);
			check_output(&tc, &run);
		}
		if (failures > before)
			fprintf(stderr, "--- host log (tail):\n%s---\n",
				run.log);
		free(run.out.data);
	}
	free_case(&tc);
	printf("%s %s\n", failures > before ? "FAIL" : "ok  ", path);
}

int main(int argc, char **argv)
{
	int i, sep = 0;
	const char *scale = getenv("LW_TIMEOUT_SCALE");

	signal(SIGPIPE, SIG_IGN);
	for (i = 1; i < argc && sep == 0; i++)
		if (strcmp(argv[i], "--") == 0)
			sep = i;
	if (sep == 0 || sep + 1 >= argc) {
		fputs("usage: run_cases CASE_FILE... -- HOST_COMMAND "
		      "[ARG...]\n",
		      stderr);
		return 2;
	}
	for (i = 1; i < sep; i++)
		run_case(argv[i], argv + sep + 1, scale ? atoi(scale) : 1);
	printf("%d case(s), %d failure(s)\n", sep - 1, failures);
	return failures ? 1 : 0;
}
