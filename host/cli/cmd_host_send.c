/*
 * cmd_host_send.c - `lurewatch host-send`: start a native-messaging host,
 * send it JSON messages framed the way a browser frames them, and print
 * each reply as one line of JSON.
 *
 * Messages are sent one at a time and each reply is read before the next
 * message goes out, the way the extension uses the port. That also rules
 * out the deadlock of two processes both blocked writing into full pipes.
 * Messages are sent as given, not checked, so malformed input can be tried
 * on the host; replies are checked, since a host must only send frames of
 * valid JSON.
 */
#include "cmd_host_send.h"

#include "exepath.h"
#include "framing.h"
#include "jsonout.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: lurewatch host-send [--host PATH] [--rules DIR] "
	"[--timeout SECONDS] [MESSAGE...]\n"
	"\n"
	"Start the native-messaging host, send it each MESSAGE (or, when\n"
	"none is given, each non-empty line of stdin) as one framed message,\n"
	"and print each reply as one line of JSON. Messages are sent as\n"
	"given, even when they are not valid JSON.\n"
	"\n"
	"  --host PATH      the host to start (default: lurewatch-host next\n"
	"                   to this lurewatch)\n"
	"  --rules DIR      passed to the host as --rules DIR\n"
	"  --timeout SECS   longest wait for one reply (default 30)\n"
	"\n"
	"Example:\n"
	"  lurewatch host-send '{\"v\":1,\"id\":\"1\",\"op\":\"hello\"}'\n"
	"\n"
	"Exit status: 0 when every message got a valid reply and the host\n"
	"exited with 0, 1 for bad usage, 2 otherwise.\n";

#ifdef _WIN32

int cmd_host_send(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("lurewatch host-send: not available on Windows yet\n", stderr);
	return 1;
}

#else

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define PATH_BUF 4096

/* What the command line asked for. */
struct send_args {
	const char *host;
	const char *rules_dir;
	int timeout_ms;
	char **messages; /* the MESSAGE arguments, or NULL: read stdin */
	int message_count;
};

/* A running host and our ends of its stdin and stdout. */
struct host_proc {
	pid_t pid;
	int to_host;
	int from_host;
};

/* Read the command line. Returns 0, 1 after --help, or -1 on bad usage. */
static int parse_args(struct send_args *args, int argc, char **argv)
{
	int i;
	memset(args, 0, sizeof(*args));
	args->timeout_ms = 30000;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(usage_text, stdout);
			return 1;
		}
		if (strcmp(arg, "--host") != 0 && strcmp(arg, "--rules") != 0 &&
		    strcmp(arg, "--timeout") != 0)
			break;
		if (i + 1 >= argc) {
			fprintf(stderr, "host-send: %s needs a value\n", arg);
			return -1;
		}
		const char *value = argv[++i];
		if (strcmp(arg, "--host") == 0) {
			args->host = value;
		} else if (strcmp(arg, "--rules") == 0) {
			args->rules_dir = value;
		} else {
			char *end;
			long secs = strtol(value, &end, 10);
			if (*end != '\0' || secs <= 0 || secs > 3600) {
				fprintf(stderr,
					"host-send: --timeout wants 1 to 3600 "
					"seconds\n");
				return -1;
			}
			args->timeout_ms = (int)secs * 1000;
		}
	}
	if (i < argc && strncmp(argv[i], "--", 2) == 0 &&
	    strcmp(argv[i], "--") != 0) {
		fprintf(stderr, "host-send: unknown option %s\n", argv[i]);
		return -1;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i < argc) {
		args->messages = argv + i;
		args->message_count = argc - i;
	}
	return 0;
}

/* Start the host with pipes on its stdin and stdout; its stderr stays ours
 * so its log lines show. Returns 0 or -1. */
static int host_start(struct host_proc *proc, const struct send_args *args)
{
	char default_host[PATH_BUF], exe_dir[PATH_BUF];
	const char *host = args->host;
	int in[2], out[2];

	if (host == NULL) {
		if (lw_exe_dir(exe_dir, sizeof(exe_dir)) < 0 ||
		    lw_path_join(default_host, sizeof(default_host), exe_dir,
				 "lurewatch-host") < 0) {
			fputs("host-send: cannot find lurewatch-host; use "
			      "--host PATH\n",
			      stderr);
			return -1;
		}
		host = default_host;
	}
	char *host_argv[] = {(char *)host, NULL, NULL, NULL};
	if (args->rules_dir != NULL) {
		host_argv[1] = "--rules";
		host_argv[2] = (char *)args->rules_dir;
	}
	if (pipe(in) < 0)
		return -1;
	if (pipe(out) < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	posix_spawn_file_actions_t actions;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, in[0], 0);
	posix_spawn_file_actions_adddup2(&actions, out[1], 1);
	posix_spawn_file_actions_addclose(&actions, in[1]);
	posix_spawn_file_actions_addclose(&actions, out[0]);
	int rc = posix_spawn(&proc->pid, host, &actions, NULL, host_argv,
			     environ);
	posix_spawn_file_actions_destroy(&actions);
	close(in[0]);
	close(out[1]);
	if (rc != 0) {
		fprintf(stderr, "host-send: cannot start %s: %s\n", host,
			strerror(rc));
		close(in[1]);
		close(out[0]);
		return -1;
	}
	proc->to_host = in[1];
	proc->from_host = out[0];
	return 0;
}

/* Close the host's stdin, check that nothing but end of output follows the
 * last reply, and wait for it to exit. Returns 0 when all was clean. */
static int host_finish(struct host_proc *proc)
{
	char *extra;
	uint32_t len;
	int status, clean = 1;

	close(proc->to_host);
	enum lw_frame_status after =
		lw_frame_read(&extra, &len, proc->from_host, LW_FRAME_OUT_MAX);
	if (after != LW_FRAME_EOF) {
		fprintf(stderr,
			"host-send: the host wrote more than its replies "
			"(%s)\n",
			lw_frame_status_name(after));
		free(extra);
		clean = 0;
	}
	close(proc->from_host);
	while (waitpid(proc->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "host-send: the host died of signal %d\n",
			WTERMSIG(status));
		clean = 0;
	} else if (WEXITSTATUS(status) != 0) {
		fprintf(stderr, "host-send: the host exited with status %d\n",
			WEXITSTATUS(status));
		clean = 0;
	}
	return clean ? 0 : -1;
}

/* Stop a host that failed to answer: it may be stuck, so it is not waited
 * for politely. */
static void host_abort(struct host_proc *proc)
{
	close(proc->to_host);
	close(proc->from_host);
	kill(proc->pid, SIGKILL);
	while (waitpid(proc->pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* Send one message and print its reply as one line. Returns 0, or -1 when
 * the host did not answer with one valid frame of JSON in time. */
static int exchange(struct host_proc *proc, const char *message, size_t len,
		    int timeout_ms)
{
	struct pollfd ready = {.fd = proc->from_host, .events = POLLIN};
	json_error_t jerr;
	char *body;
	uint32_t body_len;

	if (lw_frame_write(proc->to_host, message, len, LW_FRAME_IN_MAX) < 0) {
		fprintf(stderr, "host-send: cannot send: %s\n",
			strerror(errno));
		return -1;
	}
	int n;
	while ((n = poll(&ready, 1, timeout_ms)) < 0 && errno == EINTR)
		;
	if (n == 0) {
		fprintf(stderr, "host-send: no reply within %d ms\n",
			timeout_ms);
		return -1;
	}
	enum lw_frame_status status = lw_frame_read(
		&body, &body_len, proc->from_host, LW_FRAME_OUT_MAX);
	if (status != LW_FRAME_OK) {
		fprintf(stderr, "host-send: no valid reply: %s%s\n",
			lw_frame_status_name(status),
			status == LW_FRAME_TOO_LARGE ? " (over 1 MiB)" : "");
		return -1;
	}
	json_t *reply = json_loadb(body, body_len, 0, &jerr);
	free(body);
	if (reply == NULL) {
		fprintf(stderr, "host-send: the reply is not JSON: %s\n",
			jerr.text);
		return -1;
	}
	char *line;
	int rc = lw_json_dumps(&line, NULL, reply);
	json_decref(reply);
	if (rc)
		return -1;
	puts(line);
	fflush(stdout);
	free(line);
	return 0;
}

/* Read one line of stdin into a growing buffer, without its line ending,
 * refusing lines longer than the host accepts. Returns the length, -1 at
 * end of input, or -2 for an overlong line. */
static long read_line(char **buf, size_t *cap)
{
	size_t len = 0;
	int c;
	while ((c = getchar()) != EOF && c != '\n') {
		if (len + 1 >= *cap) {
			if (*cap >= LW_FRAME_IN_MAX)
				return -2;
			size_t grown = *cap ? *cap * 2 : 4096;
			char *bigger = realloc(*buf, grown);
			if (bigger == NULL)
				return -2;
			*buf = bigger;
			*cap = grown;
		}
		(*buf)[len++] = (char)c;
	}
	if (c == EOF && len == 0)
		return -1;
	if (len > 0 && (*buf)[len - 1] == '\r')
		len--;
	return (long)len;
}

/* Send every message from stdin, one per non-empty line. */
static int exchange_stdin(struct host_proc *proc, int timeout_ms)
{
	char *line = NULL;
	size_t cap = 0;
	long len;
	int rc = 0;
	while (rc == 0 && (len = read_line(&line, &cap)) != -1) {
		if (len == -2) {
			fputs("host-send: a line is longer than 64 MiB\n",
			      stderr);
			rc = -1;
		} else if (len > 0) {
			rc = exchange(proc, line, (size_t)len, timeout_ms);
		}
	}
	free(line);
	return rc;
}

int cmd_host_send(int argc, char **argv)
{
	struct send_args args;
	struct host_proc proc;
	int i, rc = 0;

	int parsed = parse_args(&args, argc, argv);
	if (parsed != 0)
		return parsed > 0 ? 0 : 1;
	/* A host that dies must show up as a failed write, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	if (host_start(&proc, &args) < 0)
		return 2;
	if (args.messages == NULL)
		rc = exchange_stdin(&proc, args.timeout_ms);
	for (i = 0; rc == 0 && i < args.message_count; i++)
		rc = exchange(&proc, args.messages[i], strlen(args.messages[i]),
			      args.timeout_ms);
	if (rc != 0) {
		host_abort(&proc);
		return 2;
	}
	return host_finish(&proc) == 0 ? 0 : 2;
}

#endif /* _WIN32 */
