/*
 * main.c - lurewatch-host, the native-messaging host.
 *
 * A browser starts this program for the lurewatch extension and talks to it
 * over stdin and stdout in native messaging frames (docs/protocol.md). It
 * loads the rule pack once, answers requests until the browser closes the
 * port, and writes nothing but frames to stdout.
 */
#include "cases_ops.h"
#include "framing.h"
#include "lurewatch.h"
#include "memory_ops.h"
#include "protocol.h"
#include "sandbox.h"
#include "serve.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <io.h>
#define dup    _dup
#define dup2   _dup2
#define fileno _fileno
#else
#include <unistd.h>
#endif

#define PATH_BUF 4096

static const char usage_text[] =
	"usage: lurewatch-host [--rules DIR] [--log FILE] [--memory-entries N]\n"
	"                      [--item-budget-ms N] [CALLER [EXT_ID]]\n"
	"       lurewatch-host --help | --version\n"
	"\n"
	"The native-messaging host of the lurewatch browser extension. A\n"
	"browser starts it and exchanges length-prefixed JSON messages with\n"
	"it over stdin and stdout (docs/protocol.md). To talk to it from a\n"
	"shell, use `lurewatch host-send`.\n"
	"\n"
	"  --rules DIR   rule pack directory (default: $LUREWATCH_RULES,\n"
	"                the installed pack, the source tree's rules/)\n"
	"  --log FILE    append log lines to FILE instead of stderr\n"
	"  --memory-entries N  fingerprints of comments kept in memory for\n"
	"                the session's cross-page checks (default 5000, 0:\n"
	"                none). Kept in a file only when the extension asks\n"
	"                (the \"memory\" op; docs/privacy.md)\n"
	"  --item-budget-ms N  time one item may take, in ms (default\n"
	"                $LUREWATCH_ITEM_BUDGET_MS, else 250; none: no\n"
	"                limit); past it the rest of the item is skipped\n"
	"                and its result says \"partial\": true\n"
	"  CALLER        set by the browser: chrome-extension://ID/ from\n"
	"                Chromium browsers, the manifest path from Firefox\n"
	"  EXT_ID        set by Firefox: the extension's id\n"
	"\n"
	"Exit status: 0 at end of input, 1 bad usage, 2 input ended inside a\n"
	"message, 3 replies could not be written.\n";

/* What the command line asked for. */
struct host_args {
	const char *rules_dir;
	const char *log_file;
	const char *caller;	  /* origin (Chromium) or manifest (Firefox) */
	const char *extension_id; /* Firefox only */
	int help, version;
	long memory_entries; /* cross-page memory; 0: off */
	long item_budget_ms; /* lw_analyze_opts item_budget_ms */
};

/* Read the command line. Browsers add arguments of their own (Chrome on
 * Windows adds --parent-window=N, later versions may add more), so unknown
 * options are logged and ignored instead of stopping the host: a host that
 * exits at once only shows the user "Native host has exited". Returns 0, or
 * -1 for an option missing its value. */
static int parse_args(struct host_args *args, int argc, char **argv)
{
	int i, positional = 0;
	memset(args, 0, sizeof(*args));
	args->memory_entries = 5000;
	const char *budget = getenv("LUREWATCH_ITEM_BUDGET_MS");
	if (budget && lw_item_budget_parse(&args->item_budget_ms, budget))
		fprintf(stderr,
			"lurewatch-host: ignoring LUREWATCH_ITEM_BUDGET_MS=%s "
			"(neither a number of ms nor none)\n",
			budget);
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			args->help = 1;
		} else if (strcmp(arg, "--version") == 0) {
			args->version = 1;
		} else if (strcmp(arg, "--rules") == 0 ||
			   strcmp(arg, "--log") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr,
					"lurewatch-host: %s needs a "
					"value\n",
					arg);
				return -1;
			}
			if (arg[2] == 'r')
				args->rules_dir = argv[++i];
			else
				args->log_file = argv[++i];
		} else if (strcmp(arg, "--memory-entries") == 0) {
			char *end = NULL;
			long n = i + 1 < argc ? strtol(argv[i + 1], &end, 10)
					      : -1;
			if (!end || *end || n < 0 ||
			    n > LW_MEMORY_ENTRIES_MAX) {
				fprintf(stderr,
					"lurewatch-host: --memory-entries "
					"needs a number from 0 to %d\n",
					LW_MEMORY_ENTRIES_MAX);
				return -1;
			}
			args->memory_entries = n;
			i++;
		} else if (strcmp(arg, "--item-budget-ms") == 0) {
			const char *value = i + 1 < argc ? argv[i + 1] : "";
			if (lw_item_budget_parse(&args->item_budget_ms,
						 value)) {
				fprintf(stderr,
					"lurewatch-host: --item-budget-ms "
					"needs a number from 0 to %d, or "
					"none\n",
					LW_ITEM_BUDGET_MS_MAX);
				return -1;
			}
			i++;
		} else if (strncmp(arg, "--", 2) == 0) {
			fprintf(stderr, "lurewatch-host: ignoring option %s\n",
				arg);
		} else if (positional == 0) {
			args->caller = arg;
			positional++;
		} else if (positional == 1) {
			args->extension_id = arg;
			positional++;
		} else {
			fprintf(stderr,
				"lurewatch-host: ignoring argument %s\n", arg);
		}
	}
	return 0;
}

/* Log who started the host: which browser and extension, as far as the
 * arguments tell. */
static void log_caller(const struct host_args *args)
{
	if (args->caller == NULL)
		lw_host_log("started without a caller argument (a shell?)");
	else if (strncmp(args->caller, "chrome-extension://", 19) == 0)
		lw_host_log("started by a Chromium-family browser for %s",
			    args->caller);
	else if (args->extension_id != NULL)
		lw_host_log("started by Firefox for extension %s (manifest %s)",
			    args->extension_id, args->caller);
	else
		lw_host_log("started with an unknown caller argument %s",
			    args->caller);
}

/* Make stdout carry frames only: frames go to a private duplicate of the
 * real stdout, and descriptor 1 becomes a copy of stderr, so a stray
 * printf() anywhere in the process lands in the log instead of corrupting
 * the stream (Chrome would read it as a length). Returns the descriptor
 * for frames, or -1. */
static int take_stdout_for_frames(void)
{
	int frames = dup(1);
	if (frames < 0 || dup2(2, 1) < 0)
		return -1;
	lw_frame_binary_mode(frames);
	return frames;
}

/* Send descriptor 2 (and so every log line) to the end of a file. The file
 * is opened before stderr is touched, so a bad path is still reported on the
 * original stderr. Returns 0 or -1. */
static int redirect_log(const char *path)
{
	FILE *log = fopen(path, "a");
	if (log == NULL) {
		perror(path);
		return -1;
	}
	fflush(stderr);
	int rc = dup2(fileno(log), 2);
	if (rc < 0)
		perror(path);
	fclose(log);
	return rc < 0 ? -1 : 0;
}

/* Load the pack into host, or record why it failed: the host then answers
 * every request with an "internal" error naming the problem, which the
 * extension can show, rather than exiting with nothing to show. The pack
 * is --rules DIR, else the engine's default (lw_rules_default_dir():
 * $LUREWATCH_RULES, the pack installed relative to this executable, the
 * source tree's rules/), the same lookup as the CLI's. */
static void load_pack(const struct host_args *args, struct lw_host *host,
		      lw_engine **engine)
{
	char found[PATH_BUF];
	const char *dir = args->rules_dir;
	if (dir == NULL && lw_rules_default_dir(found, sizeof(found)) == 0)
		dir = found;
	if (dir != NULL && lw_engine_open(engine, dir) == 0) {
		host->engine = *engine;
		return;
	}
	lw_host_log("cannot load the rule pack %s:\n%s", dir ? dir : "",
		    lw_error_last());
	snprintf(host->pack_error, sizeof(host->pack_error),
		 "cannot load the rule pack %.200s: %.280s", dir ? dir : "",
		 lw_error_last());
}

/* Shut the host in once the pack is loaded (sandbox.c): from here on it
 * reads frames, writes frames and keeps files under its data directory,
 * nothing else. A sandbox the system refuses is logged and the host goes
 * on serving: a host that exits only shows "Native host has exited". */
static void enter_sandbox(void)
{
	char data_dir[PATH_BUF], what[PATH_BUF + 200];
	int have_dir = lw_sandbox_data_dir(data_dir, sizeof(data_dir)) == 0;
	int level = lw_sandbox_enter(have_dir ? data_dir : NULL, what,
				     sizeof(what));
	lw_host_log("sandbox%s: %s", level < 0 ? " failed" : "", what);
}

int main(int argc, char **argv)
{
	struct host_args args;
	struct lw_host host = {0};
	struct lw_host_cases cases = {0};
	struct lw_host_memory memory_file;
	lw_engine *engine = NULL;

	if (parse_args(&args, argc, argv) < 0) {
		fputs(usage_text, stderr);
		return LW_HOST_EXIT_USAGE;
	}
	if (args.help || args.version) {
		if (args.help)
			fputs(usage_text, stdout);
		else
			printf("lurewatch-host %s (protocol %d)\n", LW_VERSION,
			       LW_PROTOCOL_VERSION);
		return LW_HOST_EXIT_OK;
	}
	if (args.log_file != NULL && redirect_log(args.log_file) < 0)
		return LW_HOST_EXIT_USAGE;
#ifdef SIGPIPE
	/* A closed port must show up as a failed write, not kill us. */
	signal(SIGPIPE, SIG_IGN);
#endif
	host.in_fd = 0;
	lw_frame_binary_mode(host.in_fd);
	host.out_fd = take_stdout_for_frames();
	if (host.out_fd < 0) {
		lw_host_log("cannot set up stdout for frames");
		return LW_HOST_EXIT_OUTPUT;
	}
	log_caller(&args);
	load_pack(&args, &host, &engine);
	enter_sandbox();
	host.cases = &cases;
	host.item_budget_ms = args.item_budget_ms;
	if (args.memory_entries > 0 &&
	    lw_memory_new(&host.memory, (size_t)args.memory_entries))
		lw_host_log("no cross-page memory: %s", lw_error_last());
	lw_host_memory_init(&memory_file, host.memory);
	host.memory_file = &memory_file;
	int status = lw_host_serve(&host);
	lw_host_memory_flush(&host);
	lw_memory_free(host.memory);
	lw_host_cases_close(&cases);
	lw_engine_free(engine);
	return status;
}
