/*
 * memory_ops.c - the "memory" op and the memory file (see memory_ops.h).
 *
 * When to save: the browser may end the host without closing its input
 * (Firefox kills it after a grace period, a crash kills it at once), so
 * the end of input is not the only moment. Changes are saved once the host
 * has had no request for two seconds, at the latest thirty seconds after
 * the first unsaved change, at the end of input, and at every "memory" op
 * that keeps the memory. A kill loses at most the changes of those last
 * seconds. Saving rewrites the file whole (temporary file, fsync, rename),
 * so a kill during a save leaves the previous file.
 */
#include "memory_ops.h"

#include "lw_caselog.h"
#include "sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef _WIN32
#include <direct.h>
#define mkdir(path, mode) _mkdir(path)
#else
#include <poll.h>
#endif

#define FILE_NAME "memory.lwm"
/* Where a file that cannot be read is moved, so that nothing is lost. */
#define ASIDE_SUFFIX ".damaged"
/* Milliseconds without a request before changes are saved. */
#define IDLE_SAVE_MS 2000
/* Seconds a change may wait for a save while requests keep coming. */
#define MAX_UNSAVED_SECONDS 30

/* Put the file beside the case log, in the host's data directory (the
 * one the sandbox lets it write to). */
void lw_host_memory_init(struct lw_host_memory *state, lw_memory *memory)
{
	char cases[4000];
	memset(state, 0, sizeof(*state));
	if (lw_caselog_default_path(cases, sizeof(cases)) == 0) {
		/* Replace the file name cases.db, after the last separator. */
		char *name = strrchr(cases, '/');
#ifdef _WIN32
		char *back = strrchr(cases, '\\');
		if (!name || (back && back > name))
			name = back;
#endif
		if (name) {
			name[1] = '\0';
			snprintf(state->path, sizeof(state->path), "%s%s",
				 cases, FILE_NAME);
		}
	} else if (lw_sandbox_data_dir(cases, sizeof(cases)) == 0) {
		snprintf(state->path, sizeof(state->path), "%s/%s", cases,
			 FILE_NAME);
	}
	const char *now = getenv("LUREWATCH_TEST_NOW");
	if (now && *now && memory) {
		lw_memory_set_clock(memory, strtoll(now, NULL, 10));
		lw_host_log("memory: test clock LUREWATCH_TEST_NOW=%s", now);
	}
}

/* Whether the memory changed since it was last saved or loaded. */
static int dirty(const struct lw_host *host)
{
	return host->memory &&
	       lw_memory_changes(host->memory) != host->memory_file->saved;
}

/* Create the data directory when it is missing (the sandbox creates it on
 * Linux; elsewhere nobody may have yet). */
static void make_data_dir(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *name = strrchr(dir, '/');
#ifdef _WIN32
	char *back = strrchr(dir, '\\');
	if (!name || (back && back > name))
		name = back;
#endif
	if (name && name != dir) {
		*name = '\0';
		mkdir(dir, 0700);
	}
}

/* Write the memory to its file when it is kept and the file may be
 * written. Returns 0, or -1 (logged). */
static int save(const struct lw_host *host)
{
	struct lw_host_memory *state = host->memory_file;
	if (!host->memory || !state->persist || !state->loaded ||
	    state->refused)
		return 0;
	make_data_dir(state->path);
	state->dirty_since = 0;
	state->saved = lw_memory_changes(host->memory);
	if (lw_memory_save(host->memory, state->path, state->retention) != 0) {
		lw_host_log("memory: %s", lw_error_last());
		return -1;
	}
	return 0;
}

void lw_host_memory_flush(const struct lw_host *host)
{
	if (dirty(host))
		save(host);
}

void lw_host_memory_after(const struct lw_host *host)
{
	struct lw_host_memory *state = host->memory_file;
	if (!state->persist || !dirty(host))
		return;
	time_t now = time(NULL);
	if (state->dirty_since == 0)
		state->dirty_since = now;
#ifdef _WIN32
	/* No poll() on a pipe: save after each change. */
	save(host);
#else
	if (now - state->dirty_since >= MAX_UNSAVED_SECONDS)
		save(host);
#endif
}

void lw_host_memory_idle(const struct lw_host *host)
{
#ifndef _WIN32
	if (!host->memory_file->persist || !dirty(host))
		return;
	struct pollfd input = {.fd = host->in_fd, .events = POLLIN};
	int ready = poll(&input, 1, IDLE_SAVE_MS);
	if (ready == 0)
		save(host);
#else
	(void)host;
#endif
}

/* Remove a file if it is there. Returns 1 when one was removed, 0 when
 * there was none, -1 (logged) when it could not be removed. */
static int remove_file(const char *path)
{
	if (remove(path) == 0) {
		lw_host_log("memory: deleted %s", path);
		return 1;
	}
	if (errno == ENOENT)
		return 0;
	lw_host_log("memory: cannot delete %s: %s", path, strerror(errno));
	return -1;
}

/* Turn keeping off: delete the file and a file moved aside, keep what the
 * memory holds for the rest of the session. The status for the reply. */
static const char *stop_keeping(struct lw_host_memory *state)
{
	char aside[4200];
	state->persist = 0;
	state->loaded = 0;
	state->refused = 0;
	if (!state->path[0])
		return "none";
	snprintf(aside, sizeof(aside), "%s%s", state->path, ASIDE_SUFFIX);
	int a = remove_file(state->path), b = remove_file(aside);
	if (a < 0 || b < 0)
		return "unavailable";
	return a > 0 || b > 0 ? "deleted" : "none";
}

/* A file that cannot be read: move it aside (path.damaged) so that a new
 * one can be written and the old one is still there to look at; when an
 * earlier one already sits there, leave both and write nothing. */
static const char *set_aside(struct lw_host_memory *state)
{
	char aside[4200];
	struct stat st;
	snprintf(aside, sizeof(aside), "%s%s", state->path, ASIDE_SUFFIX);
	if (stat(aside, &st) == 0 || rename(state->path, aside) != 0) {
		state->refused = 1;
		lw_host_log("memory: %s is left as it is and nothing will be "
			    "written (move it away, or turn keeping off to "
			    "delete it)",
			    state->path);
		return "damaged";
	}
	lw_host_log("memory: moved it to %s; starting a new file", aside);
	state->loaded = 1;
	return "moved_aside";
}

/* Turn keeping on: read the file the first time (it replaces what the
 * memory held), then save at once, which prunes it to the retention
 * period and shows whether it can be written. The status for the reply;
 * *loaded receives the entries read. */
static const char *start_keeping(const struct lw_host *host, size_t *loaded)
{
	struct lw_host_memory *state = host->memory_file;
	const char *status = "kept";
	struct stat st;
	state->persist = 1;
	*loaded = 0;
	if (!state->path[0]) {
		lw_host_log("memory: no data directory ($HOME is not set)");
		return "unavailable";
	}
	if (!state->loaded) {
		int existed = stat(state->path, &st) == 0;
		size_t before = lw_memory_count(host->memory);
		int rc = lw_memory_load(loaded, host->memory, state->path,
					state->retention);
		if (rc == 0) {
			state->loaded = 1;
			state->refused = 0;
			status = existed ? "loaded" : "new";
			if (existed)
				lw_host_log("memory: loaded %lu entries from "
					    "%s (%lu of this session "
					    "replaced)",
					    (unsigned long)*loaded, state->path,
					    (unsigned long)before);
		} else {
			lw_host_log("memory: %s", lw_error_last());
			if (rc != LW_EDAMAGED) {
				state->refused = 1;
				return "unavailable";
			}
			status = set_aside(state);
			if (state->refused)
				return status;
		}
	}
	return save(host) == 0 ? status : "unavailable";
}

json_t *lw_host_answer_memory(const struct lw_host *host,
			      const struct lw_request *req)
{
	struct lw_host_memory *state = host->memory_file;
	const json_t *persist = json_object_get(req->message, "persist");
	const json_t *days = json_object_get(req->message, "retention_days");
	if (!json_is_boolean(persist) ||
	    (days && !json_is_null(days) &&
	     (!json_is_integer(days) || json_integer_value(days) < 1 ||
	      json_integer_value(days) > LW_MEMORY_RETENTION_DAYS_MAX))) {
		char message[160];
		snprintf(message, sizeof(message),
			 "\"persist\" must be true or false, and "
			 "\"retention_days\" an integer from 1 to %d",
			 LW_MEMORY_RETENTION_DAYS_MAX);
		return lw_reply_error(req->id, LW_CODE_BAD_REQUEST, message);
	}
	long long retention_days = json_is_integer(days)
					   ? json_integer_value(days)
					   : LW_MEMORY_RETENTION_DAYS_DEFAULT;
	size_t loaded = 0;
	const char *status;
	if (!json_is_true(persist)) {
		status = stop_keeping(state);
	} else if (!host->memory) {
		state->persist = 0;
		status = "off"; /* --memory-entries 0: nothing to keep */
	} else {
		state->retention = retention_days * 86400;
		status = start_keeping(host, &loaded);
	}
	json_t *memory = json_pack(
		"{s:b, s:I, s:I, s:s, s:I}", "persist", state->persist,
		"retention_days", (json_int_t)retention_days, "entries",
		(json_int_t)(host->memory ? lw_memory_count(host->memory) : 0),
		"file", status, "loaded", (json_int_t)loaded);
	json_t *reply = memory ? lw_reply_ok(req->id) : NULL;
	if (!reply || json_object_set_new(reply, "memory", memory)) {
		json_decref(reply);
		return NULL;
	}
	return reply;
}
