/*
 * pages.c - memory with its pages in place (see pages.h).
 */
#if defined(__linux__)
/* MAP_ANONYMOUS and MAP_POPULATE are not POSIX (CMakeLists.txt asks for
 * POSIX only); this must come before any system header. */
#define _DEFAULT_SOURCE
#endif

#include "pages.h"

#include <stdlib.h>

#if defined(__linux__)
#include <sys/mman.h>

void *lw_pages_alloc(size_t size)
{
	if (size == 0)
		return NULL;
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void lw_pages_free(void *p, size_t size)
{
	if (p)
		munmap(p, size);
}

#else

void *lw_pages_alloc(size_t size)
{
	return size ? malloc(size) : NULL;
}

void lw_pages_free(void *p, size_t size)
{
	(void)size;
	free(p);
}

#endif
