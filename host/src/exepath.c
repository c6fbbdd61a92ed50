/*
 * exepath.c - the running executable's directory on Linux, macOS and
 * Windows.
 */
#include "exepath.h"

#include <stdio.h>
#include <string.h>

#if defined(_WIN32)
#include <windows.h>
#elif defined(__APPLE__)
#include <mach-o/dyld.h>
#include <stdlib.h>
#else
#include <unistd.h>
#endif

/* Fill out with the full path of the running executable. Returns 0 or -1. */
static int exe_path(char *out, size_t size)
{
#if defined(_WIN32)
	DWORD n = GetModuleFileNameA(NULL, out, (DWORD)size);
	return n == 0 || n >= size ? -1 : 0;
#elif defined(__APPLE__)
	char raw[4096];
	uint32_t raw_size = sizeof(raw);
	if (_NSGetExecutablePath(raw, &raw_size) != 0)
		return -1;
	char *real = realpath(raw, NULL);
	if (real == NULL)
		return -1;
	int rc = snprintf(out, size, "%s", real) < (int)size ? 0 : -1;
	free(real);
	return rc;
#else
	ssize_t n = readlink("/proc/self/exe", out, size);
	if (n <= 0 || (size_t)n >= size)
		return -1;
	out[n] = '\0';
	return 0;
#endif
}

int lw_exe_dir(char *out, size_t size)
{
	if (exe_path(out, size) < 0)
		return -1;
	char *slash = strrchr(out, '/');
#ifdef _WIN32
	char *backslash = strrchr(out, '\\');
	if (backslash != NULL && (slash == NULL || backslash > slash))
		slash = backslash;
#endif
	if (slash == NULL)
		return -1;
	*slash = '\0';
	return 0;
}

int lw_path_join(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s/%s", dir, name);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
