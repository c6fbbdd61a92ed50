/*
 * sandbox.c - seccomp and Landlock for lurewatch-host (see sandbox.h).
 *
 * Why both: seccomp filters system calls by number and arguments, which
 * is right for "no sockets, no exec, no fork", but cannot see paths.
 * Landlock restricts file access by path, which is right for "write only
 * beneath the data directory". Each is applied with no_new_privs, so no
 * privilege is needed. The filter is raw BPF, to need no library.
 */
#define _GNU_SOURCE /* syscall(), O_PATH, CLONE_THREAD */
#include "sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#if defined(__linux__)
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

int lw_sandbox_data_dir(char *out, size_t outlen)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(out, outlen, "%s/lurewatch", xdg);
	else if (home && home[0] == '/')
		n = snprintf(out, outlen, "%s/.local/share/lurewatch", home);
	else
		return -1;
	return n > 0 && (size_t)n < outlen ? 0 : -1;
}

#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))

#if defined(__x86_64__)
#define LW_AUDIT_ARCH AUDIT_ARCH_X86_64
#else
#define LW_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

/* Landlock rights newer than Debian bookworm's kernel headers. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

/* Whether the build has AddressSanitizer, whose leak check at exit stops
 * the process's threads from a helper task with clone() and ptrace(). */
#if defined(__SANITIZE_ADDRESS__)
#define LW_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LW_ASAN 1
#endif
#endif

/* The system calls the host may make once serving. Everything a single-
 * threaded program needs to read, compute, allocate, write frames and
 * keep files (SQLite included) under its data directory; Landlock decides
 * which paths. Not here, so refused with EPERM: socket and every network
 * call, execve, fork and clone of processes, ptrace, mount, kill of
 * others, bpf, keyctl, ... */
static const int allowed_syscalls[] = {
	SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_pread64, SYS_pwrite64,
	SYS_lseek, SYS_close, SYS_fstat, SYS_newfstatat, SYS_statx,
	SYS_openat, SYS_fcntl, SYS_dup, SYS_dup3, SYS_ioctl, SYS_flock,
	SYS_fsync, SYS_fdatasync, SYS_ftruncate, SYS_fallocate,
	SYS_unlinkat, SYS_renameat, SYS_mkdirat, SYS_getdents64, SYS_getcwd,
	SYS_readlinkat, SYS_faccessat, SYS_fchmod, SYS_fchown, SYS_utimensat,
	SYS_mmap, SYS_munmap, SYS_mremap, SYS_mprotect, SYS_brk, SYS_madvise,
	SYS_futex, SYS_exit, SYS_exit_group, SYS_rt_sigaction,
	SYS_rt_sigprocmask, SYS_rt_sigreturn, SYS_sigaltstack, SYS_getpid,
	SYS_gettid, SYS_tgkill, SYS_getuid, SYS_geteuid, SYS_getgid,
	SYS_getegid, SYS_clock_gettime, SYS_gettimeofday, SYS_clock_nanosleep,
	SYS_nanosleep, SYS_getrandom, SYS_sched_yield, SYS_sched_getaffinity,
	SYS_prlimit64, SYS_uname, SYS_set_robust_list, SYS_rseq, SYS_membarrier,
	SYS_ppoll, SYS_pselect6,
#ifdef SYS_faccessat2
	SYS_faccessat2,
#endif
#ifdef SYS_open
	SYS_open, SYS_stat, SYS_lstat, SYS_access, SYS_unlink, SYS_rename,
	SYS_mkdir, SYS_readlink, SYS_dup2, SYS_poll, SYS_select, SYS_getrlimit,
	SYS_time, SYS_rmdir,
#endif
#ifdef LW_ASAN
	SYS_ptrace, SYS_wait4, SYS_prctl, SYS_clone, SYS_getppid, SYS_kill,
#ifdef SYS_getdents
	SYS_getdents,
#endif
#endif
};

#define NALLOWED (sizeof(allowed_syscalls) / sizeof(allowed_syscalls[0]))

/* Install the seccomp filter: wrong architecture (or the x32 ABI) kills;
 * a listed call is allowed; clone() only for threads; clone3(), whose
 * flags a filter cannot read, answers ENOSYS so that libc falls back to
 * clone(); anything else answers EPERM. Returns 0 or -1. */
static int enter_seccomp(void)
{
	struct sock_filter prog[16 + 2 * NALLOWED];
	size_t n = 0;
#define LW_BPF(code, k, jt, jf) prog[n++] = (struct sock_filter){code, jt, jf, k}
	LW_BPF(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch),
	       0, 0);
	LW_BPF(BPF_JMP | BPF_JEQ | BPF_K, LW_AUDIT_ARCH, 1, 0);
	LW_BPF(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS, 0, 0);
	LW_BPF(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0,
	       0);
#if defined(__x86_64__)
	LW_BPF(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1); /* x32 */
	LW_BPF(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS, 0, 0);
#endif
	for (size_t i = 0; i < NALLOWED; i++) {
		LW_BPF(BPF_JMP | BPF_JEQ | BPF_K,
		       (unsigned)allowed_syscalls[i], 0, 1);
		LW_BPF(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	}
	LW_BPF(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1);
	LW_BPF(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS, 0, 0);
	LW_BPF(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 3);
	LW_BPF(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]),
	       0, 0);
	LW_BPF(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1);
	LW_BPF(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	LW_BPF(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM, 0, 0);
#undef LW_BPF
	struct sock_fprog fprog = {(unsigned short)n, prog};
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) == 0 ? 0
								       : -1;
}

/* Every file right Landlock knows at this ABI that creates, changes or
 * removes something, plus exec. */
static __u64 write_rights(int abi)
{
	__u64 rights = LANDLOCK_ACCESS_FS_EXECUTE |
		       LANDLOCK_ACCESS_FS_WRITE_FILE |
		       LANDLOCK_ACCESS_FS_REMOVE_DIR |
		       LANDLOCK_ACCESS_FS_REMOVE_FILE |
		       LANDLOCK_ACCESS_FS_MAKE_CHAR |
		       LANDLOCK_ACCESS_FS_MAKE_DIR |
		       LANDLOCK_ACCESS_FS_MAKE_REG |
		       LANDLOCK_ACCESS_FS_MAKE_SOCK |
		       LANDLOCK_ACCESS_FS_MAKE_FIFO |
		       LANDLOCK_ACCESS_FS_MAKE_BLOCK |
		       LANDLOCK_ACCESS_FS_MAKE_SYM;
	if (abi >= 2)
		rights |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
	return rights;
}

/* Apply Landlock: nothing may be written, created or removed except
 * beneath data_dir (when given). Returns the ABI version used, 0 when the
 * kernel has no Landlock, or -1 on failure. */
static int enter_landlock(const char *data_dir)
{
	int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0,
			       LANDLOCK_CREATE_RULESET_VERSION);
	if (abi <= 0)
		return 0;
	struct landlock_ruleset_attr attr = {.handled_access_fs =
						     write_rights(abi)};
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr,
				   sizeof(attr), 0);
	if (ruleset < 0)
		return -1;
	int rc = 0;
	if (data_dir) {
		struct landlock_path_beneath_attr beneath = {
			.allowed_access = write_rights(abi) &
					  ~(__u64)LANDLOCK_ACCESS_FS_EXECUTE};
		beneath.parent_fd = open(data_dir, O_PATH | O_CLOEXEC);
		if (beneath.parent_fd < 0 ||
		    syscall(SYS_landlock_add_rule, ruleset,
			    LANDLOCK_RULE_PATH_BENEATH, &beneath, 0) != 0)
			rc = -1;
		if (beneath.parent_fd >= 0)
			close(beneath.parent_fd);
	}
	if (rc == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0)
		rc = -1;
	close(ruleset);
	return rc < 0 ? -1 : abi;
}

/* Create dir and its missing parents, mode 0700. Returns 0 or -1. */
static int make_dirs(const char *dir)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return -1;
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

int lw_sandbox_enter(const char *data_dir, char *what, size_t whatlen)
{
	char missing[160] = "";
	if (data_dir && make_dirs(data_dir) != 0) {
		/* Still shut in, with nowhere to write. */
		snprintf(missing, sizeof(missing), " (cannot create it: %s)",
			 strerror(errno));
	}
	const char *writable = missing[0] ? NULL : data_dir;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(what, whatlen, "no_new_privs: %s", strerror(errno));
		return -1;
	}
	int abi = enter_landlock(writable);
	if (abi < 0) {
		snprintf(what, whatlen, "Landlock: %s", strerror(errno));
		return -1;
	}
	if (enter_seccomp() != 0) {
		snprintf(what, whatlen, "seccomp: %s", strerror(errno));
		return -1;
	}
	if (abi == 0) {
		snprintf(what, whatlen,
			 "seccomp on; no Landlock in this kernel, so file "
			 "writes are not limited by path");
		return LW_SANDBOX_SYSCALLS;
	}
	snprintf(what, whatlen,
		 "seccomp and Landlock ABI %d on; writes only under %s%s",
		 abi, data_dir ? data_dir : "(nowhere)", missing);
	return LW_SANDBOX_FULL;
}

#else

int lw_sandbox_enter(const char *data_dir, char *what, size_t whatlen)
{
	(void)data_dir;
	snprintf(what, whatlen,
		 "no sandbox on this system (docs/security.md says what "
		 "stands in)");
	return LW_SANDBOX_NONE;
}

#endif
