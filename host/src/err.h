/*
 * err.h - the per-thread "last error" message behind lw_error_last().
 */
#ifndef LW_ERR_H
#define LW_ERR_H

#if defined(__GNUC__)
#define LW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define LW_PRINTF(a, b)
#endif

/** Set the calling thread's last error message (printf-style). */
void lw_error_set(const char *fmt, ...) LW_PRINTF(1, 2);

/** Append a line to the last error message (used to list many problems). */
void lw_error_append(const char *fmt, ...) LW_PRINTF(1, 2);

/** Forget the last error. */
void lw_error_clear(void);

#endif /* LW_ERR_H */
