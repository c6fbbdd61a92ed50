/*
 * caselog_kill.c - the case log survives lurewatch-host being killed with
 * SIGKILL in the middle of writing.
 *
 * Each round starts the host on a scratch data directory, sends it many
 * case_save requests at once (a writer process keeps its stdin full, so
 * the host is always inside a save), reads replies up to a random count,
 * waits a random fraction of a save and kills it. Then the case log must
 * open (it checks itself), and every case the host confirmed in this round
 * and in all rounds before must be there with its text. The seed is
 * printed; LW_SEED=N repeats a run.
 *
 * usage: caselog_kill HOST RULES_DIR
 */
#include "framing.h"
#include "lw_caselog.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS		  8
#define SAVES_PER_ROUND	  80
#define CONFIRMED_MAX	  (ROUNDS * SAVES_PER_ROUND)
#define TEXT_BYTES	  160

static char confirmed_refs[CONFIRMED_MAX][32];
static int confirmed;
static int failures;

/* Report a failed expectation and count it. */
static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "caselog_kill: FAIL: %s %s\n", what, detail);
	failures++;
}

/* The text saved for a ref: derived from it, so it can be checked. */
static void text_for(char *out, size_t outlen, const char *ref)
{
	snprintf(out, outlen,
		 "Case %.31s: free air ticket and visa, WhatsApp only, pay the "
		 "registration fee before you fly. %.31s",
		 ref, ref);
}

/* Start the host with its stdin and stdout on pipes; its data directory
 * is XDG_DATA_HOME=data. */
static pid_t start_host(int *to_host, int *from_host, const char *host,
			const char *rules, const char *data)
{
	int in[2], out[2];
	if (pipe(in) < 0 || pipe(out) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		setenv("XDG_DATA_HOME", data, 1);
		execl(host, host, "--rules", rules, "--log", "/dev/null",
		      (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	*to_host = in[1];
	*from_host = out[0];
	return pid;
}

/* A writer process that sends every save of a round and then waits to be
 * killed; the host is kept busy saving until the moment it dies. */
static pid_t start_writer(int to_host, int round)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < SAVES_PER_ROUND; i++) {
		char ref[32], text[TEXT_BYTES], *body;
		snprintf(ref, sizeof(ref), "r%d-%d", round, i);
		text_for(text, sizeof(text), ref);
		json_t *msg = json_pack(
			"{s:i, s:s, s:s, s:{s:s, s:s}, s:s}", "v", 1, "id", ref,
			"op", "case_save", "item", "ref", ref, "text", text,
			"note", "kill test");
		body = json_dumps(msg, JSON_COMPACT);
		json_decref(msg);
		if (lw_frame_write(to_host, body, strlen(body),
				   LW_FRAME_IN_MAX) < 0) {
			free(body);
			_exit(0);
		}
		free(body);
	}
	_exit(0);
}

/* Read up to stop_after replies; record the refs confirmed saved. */
static void read_replies(int from_host, int stop_after)
{
	for (int i = 0; i < stop_after; i++) {
		char *body = NULL;
		uint32_t len = 0;
		if (lw_frame_read(&body, &len, from_host, LW_FRAME_OUT_MAX) !=
		    LW_FRAME_OK) {
			fail("reading a reply", "");
			return;
		}
		json_t *reply = json_loadb(body, len, 0, NULL);
		free(body);
		if (!json_is_true(json_object_get(reply, "ok")) ||
		    !json_is_integer(json_object_get(reply, "case_id")))
			fail("a save was refused:", "");
		else
			snprintf(confirmed_refs[confirmed++], 32, "%s",
				 json_string_value(json_object_get(reply, "id")));
		json_decref(reply);
	}
}

/* The case log opens and holds every confirmed case with its text. */
static void check_log(const char *data)
{
	char path[512], text[TEXT_BYTES];
	lw_caselog *log = NULL;
	json_t *cases = NULL;
	snprintf(path, sizeof(path), "%s/lurewatch/cases.db", data);
	if (lw_caselog_open(&log, path) != 0) {
		fail("the case log does not open:", lw_error_last());
		return;
	}
	for (int i = 0; i < confirmed; i++) {
		long long total = 0;
		char query[64];
		snprintf(query, sizeof(query), "%.31s", confirmed_refs[i]);
		/* The ref is in the text: "r3-17" is found as "r3 17". */
		for (char *p = query; *p; p++)
			if (*p == '-')
				*p = ' ';
		if (lw_caselog_list(&cases, &total, log, query, 1000, 0) != 0) {
			fail("search failed:", lw_error_last());
			break;
		}
		int found = 0;
		text_for(text, sizeof(text), confirmed_refs[i]);
		for (size_t j = 0; j < json_array_size(cases); j++) {
			const json_t *item =
				json_object_get(json_array_get(cases, j), "item");
			found |= strcmp(json_string_value(
						json_object_get(item, "text")),
					text) == 0;
		}
		if (!found)
			fail("a confirmed case is missing:", confirmed_refs[i]);
		json_decref(cases);
	}
	lw_caselog_close(log);
}

int main(int argc, char **argv)
{
	char data[] = "/tmp/lw-kill-XXXXXX";
	if (argc != 3) {
		fprintf(stderr, "usage: caselog_kill HOST RULES_DIR\n");
		return 2;
	}
	const char *seed_text = getenv("LW_SEED");
	unsigned seed = seed_text ? (unsigned)strtoul(seed_text, NULL, 10)
				  : (unsigned)time(NULL);
	srand(seed);
	printf("caselog_kill: seed %u (LW_SEED=%u repeats this run)\n", seed,
	       seed);
	if (mkdtemp(data) == NULL)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	for (int round = 0; round < ROUNDS; round++) {
		int to_host = -1, from_host = -1, status = 0;
		pid_t host = start_host(&to_host, &from_host, argv[1], argv[2],
					data);
		pid_t writer = start_writer(to_host, round);
		int stop_after = 1 + rand() % (SAVES_PER_ROUND - 1);
		read_replies(from_host, stop_after);
		struct timespec pause = {0, (long)(rand() % 3000) * 1000};
		nanosleep(&pause, NULL);
		kill(host, SIGKILL);
		waitpid(host, &status, 0);
		kill(writer, SIGKILL);
		waitpid(writer, NULL, 0);
		close(to_host);
		close(from_host);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
			fail("the host was not killed mid-run", "");
		check_log(data);
		printf("caselog_kill: round %d: killed after %d replies, %d "
		       "confirmed cases intact so far\n",
		       round + 1, stop_after, confirmed);
	}
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", data);
	if (system(cmd) != 0)
		fail("cannot remove", data);
	printf("%d passed, %d failed\n", failures ? 0 : 1, failures ? 1 : 0);
	return failures ? 1 : 0;
}
