/*
 * pages.h - memory for big tables built once at start-up, taken from the
 * system with its pages already in place.
 *
 * Memory that malloc hands out is given its pages one fault at a time as
 * it is first written, and on the virtual machines we measure on a fault
 * costs about 12 µs: a table of a megabyte costs 3 ms of start-up that
 * way. Asked for with its pages in place (Linux's MAP_POPULATE), it costs
 * about 1 µs a page (docs/benchmarks.md, stop 16). Elsewhere these are
 * malloc and free. Use it for tables that are written whole soon after
 * they are taken; for small or sparsely used ones, malloc is better.
 */
#ifndef LW_PAGES_H
#define LW_PAGES_H

#include <stddef.h>

/**
 * Take size bytes (not zeroed everywhere: write before reading).
 *
 * @return the memory, or NULL when there is none (size 0 gives NULL)
 */
void *lw_pages_alloc(size_t size);

/** Give back what lw_pages_alloc took, with the same size. Accepts NULL. */
void lw_pages_free(void *p, size_t size);

#endif /* LW_PAGES_H */
