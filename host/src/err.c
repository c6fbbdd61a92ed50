/*
 * err.c - the per-thread "last error" message.
 *
 * Errors are returned as negative codes; the message explaining them lives
 * here so that callers can show it without every function taking an error
 * buffer. The buffer is per thread and bounded: a pack with hundreds of bad
 * rules still yields a message, cut with a note at the end.
 */
#include "err.h"
#include "lurewatch.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LW_ERROR_MAX 8192

static _Thread_local char last_error[LW_ERROR_MAX];
static _Thread_local size_t last_len;

static void error_vappend(const char *fmt, va_list ap)
{
	static const char cut[] = "\n(more errors not shown)";
	size_t room = sizeof(last_error) - sizeof(cut) - last_len;
	if (last_len >= sizeof(last_error) - sizeof(cut))
		return;
	int n = vsnprintf(last_error + last_len, room, fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		last_len = sizeof(last_error) - sizeof(cut);
		memcpy(last_error + last_len, cut, sizeof(cut));
		last_len = sizeof(last_error);
		return;
	}
	last_len += (size_t)n;
}

void lw_error_set(const char *fmt, ...)
{
	va_list ap;
	lw_error_clear();
	va_start(ap, fmt);
	error_vappend(fmt, ap);
	va_end(ap);
}

void lw_error_append(const char *fmt, ...)
{
	va_list ap;
	if (last_len > 0 && last_len < sizeof(last_error) - 1) {
		last_error[last_len++] = '\n';
		last_error[last_len] = '\0';
	}
	va_start(ap, fmt);
	error_vappend(fmt, ap);
	va_end(ap);
}

void lw_error_clear(void)
{
	last_len = 0;
	last_error[0] = '\0';
}

const char *lw_error_last(void)
{
	return last_error;
}
