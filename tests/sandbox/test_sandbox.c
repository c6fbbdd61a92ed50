/*
 * test_sandbox.c - proof that the host's sandbox refuses what it must.
 *
 * Enters the sandbox exactly as lurewatch-host does (lw_sandbox_enter with
 * a data directory), then tries each forbidden thing and checks that it is
 * refused, and each needed thing and checks that it still works: reading
 * files, writing under the data directory. On a system without the
 * sandbox the test says so and fails, so that CI cannot pass unprotected.
 */
#define _GNU_SOURCE
#include "../unit/check.h"
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	char scratch[] = "/tmp/lw-sandbox-XXXXXX";
	char data_dir[128], outside[128], inside[256], what[512];
	CHECK(mkdtemp(scratch) != NULL);
	snprintf(data_dir, sizeof(data_dir), "%s/data/lurewatch", scratch);
	snprintf(outside, sizeof(outside), "%s/outside.txt", scratch);
	snprintf(inside, sizeof(inside), "%s/cases.db", data_dir);

	int level = lw_sandbox_enter(data_dir, what, sizeof(what));
	printf("sandbox: %s\n", what);
	CHECK(level == LW_SANDBOX_FULL);

	/* No network: socket() is refused whatever the family. */
	errno = 0;
	CHECK(socket(AF_INET, SOCK_STREAM, 0) < 0 && errno == EPERM);
	CHECK(socket(AF_UNIX, SOCK_STREAM, 0) < 0 && errno == EPERM);
	int pair[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) < 0);

	/* No programs: execve() is refused. */
	char *argv[] = {"/bin/true", NULL};
	errno = 0;
	CHECK(execve("/bin/true", argv, environ) < 0 && errno == EPERM);

	/* No writing outside the data directory, not even in /tmp. */
	errno = 0;
	CHECK(open(outside, O_WRONLY | O_CREAT, 0600) < 0 && errno == EACCES);
	CHECK(mkdir("/tmp/lw-sandbox-escape", 0700) < 0);

	/* Still possible: writing under the data directory, reading. */
	int fd = open(inside, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK(fd >= 0 && write(fd, "ok", 2) == 2);
	if (fd >= 0)
		close(fd);
	CHECK(unlink(inside) == 0);
	fd = open("/etc/passwd", O_RDONLY);
	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
	return CHECK_DONE();
}
