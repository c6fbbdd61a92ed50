/*
 * sandbox.h - the host shuts itself in after start-up (docs/security.md).
 *
 * Once the rule pack is loaded, lurewatch-host needs nothing but reading
 * frames, computing, writing frames and, for features that keep data,
 * files under its own data directory. On Linux it then forbids the rest:
 * a seccomp allow-list of system calls (no sockets, no exec, no new
 * processes) and a Landlock rule set under which files can be created,
 * written, truncated or removed only beneath the data directory.
 */
#ifndef LW_SANDBOX_H
#define LW_SANDBOX_H

#include <stddef.h>

/** How far lw_sandbox_enter got. */
enum lw_sandbox_level {
	LW_SANDBOX_NONE = 0,	  /**< not available on this system */
	LW_SANDBOX_SYSCALLS = 1,  /**< seccomp only (no Landlock in kernel) */
	LW_SANDBOX_FULL = 2	  /**< seccomp and Landlock */
};

/**
 * The host's data directory: $XDG_DATA_HOME/lurewatch, else
 * $HOME/.local/share/lurewatch. Returns 0, or -1 when neither variable is
 * set or the path does not fit.
 */
int lw_sandbox_data_dir(char *out, size_t outlen);

/**
 * Enter the sandbox for the rest of the process's life. data_dir, when not
 * NULL, is created (mode 0700) if missing and stays writable; every other
 * path becomes read-only. The result and reason are written to what
 * (e.g. "seccomp and Landlock ABI 6; writes only under /home/u/...").
 *
 * @return an lw_sandbox_level, or -1 when a step that the system supports
 *         failed (what says which)
 */
int lw_sandbox_enter(const char *data_dir, char *what, size_t whatlen);

#endif /* LW_SANDBOX_H */
