/*
 * extract_url.c - links, with link shorteners marked.
 *
 * A link is "http://" or "https://" and a host, or a bare host name with a
 * path ("bit.ly/3xyz"), or a bare host starting with "www.". A bare host
 * without a path ("gmail.com") is not a link: it is usually part of an
 * e-mail address or a plain mention. The scan walks runs of host characters
 * (ASCII letters, digits, dots, dashes) that hold a dot, or lead to one
 * through "://" (see lw_extract_url), once or twice each, so it is linear.
 * The hit's value is the host; its subtype is "shortener" when the host
 * (or the host without "www.") is in rules/data/shorteners.json.
 */
#include "extract_int.h"
#include "lurewatch.h"

#include <stdint.h>
#include <string.h>

/*
 * Characters of a host name: ASCII lower-case letters, digits, '.' and
 * '-' (bits 45, 46 and 48-57 of the first word, 97-122 of the second).
 * A bit set, one test per byte of the text, instead of four comparisons.
 */
static int is_host_char(char c)
{
	static const uint64_t host_chars[2] = {UINT64_C(0x03FF600000000000),
					       UINT64_C(0x07FFFFFE00000000)};
	unsigned char b = (unsigned char)c;
	return b < 128 && (host_chars[b / 64] >> (b % 64) & 1u);
}

/* Characters that end a path: spaces, quotes, brackets, angle brackets. */
static int ends_path(unsigned char c)
{
	return c <= ' ' || strchr("\"'<>()[]{}|\\^`", c) != NULL;
}

/* The end of the host-character run starting at pos. */
static size_t host_run_end(const char *text, size_t len, size_t pos)
{
	while (pos < len && is_host_char(text[pos]))
		pos++;
	return pos;
}

/*
 * Whether a host has a dot and ends in a top-level label of two or more
 * letters ("bit.ly" yes; "1.500" and "e.g" no).
 */
static int host_ok(const char *s, size_t n)
{
	size_t dot = n;
	while (dot > 0 && s[dot - 1] != '.')
		dot--;
	if (dot < 2 || n - dot < 2 || s[0] == '.' || s[0] == '-')
		return 0;
	for (size_t i = dot; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

/* Where a path starting at pos ends, without trailing punctuation. */
static size_t path_end(const char *text, size_t len, size_t pos)
{
	size_t start = pos;
	while (pos < len && !ends_path((unsigned char)text[pos]))
		pos++;
	while (pos > start && text[pos - 1] != '\0' &&
	       strchr(".,;:!?", text[pos - 1]))
		pos--;
	return pos;
}

/* Whether text[pos..] starts with the literal s. */
static int starts_with(const char *text, size_t len, size_t pos, const char *s)
{
	size_t n = strlen(s);
	return n <= len - pos && memcmp(text + pos, s, n) == 0;
}

/*
 * Read the link, if any, whose host-character run starts at start (after
 * a character that is not one, or where the scan resumed) and append it.
 * Returns where the scan goes on: past the run, or past the link; sets
 * *nomem when the hit could not be stored.
 */
static size_t link_at(lw_xhits *out, const struct lw_xdata *d, const char *text,
		      size_t len, size_t start, int *nomem)
{
	size_t host = start, run = host_run_end(text, len, start);
	size_t pos = run;
	if (start > 0 &&
	    (text[start - 1] == '@' || (unsigned char)text[start - 1] >= 0x80))
		return pos;
	int scheme = 0;
	if ((run - start == 4 || run - start == 5) &&
	    memcmp(text + start, "http", 4) == 0 &&
	    (run - start == 4 || text[start + 4] == 's') &&
	    starts_with(text, len, run, "://")) {
		scheme = 1;
		host = run + 3;
		run = host_run_end(text, len, host);
	}
	size_t host_end = run;
	while (host_end > host &&
	       (text[host_end - 1] == '.' || text[host_end - 1] == '-'))
		host_end--;
	if (!host_ok(text + host, host_end - host))
		return pos;
	size_t end = host_end;
	if (end == run && end + 1 < len && text[end] == ':' &&
	    lw_is_digit(text[end + 1])) {
		end++;
		while (end < len && lw_is_digit(text[end]))
			end++;
	}
	int has_path = end + 1 < len && text[end] == '/' &&
		       !ends_path((unsigned char)text[end + 1]);
	if (end < len && text[end] == '/')
		end = path_end(text, len, end + 1);
	if (!scheme && !has_path && !starts_with(text, host_end, host, "www."))
		return pos;
	lw_xhit *h = lw_xhits_push(out, LW_X_URL, start, end);
	if (!h) {
		*nomem = 1;
		return end;
	}
	lw_copy_value(h->value, sizeof(h->value), text + host, host_end - host);
	const char *bare =
		strncmp(h->value, "www.", 4) == 0 ? h->value + 4 : h->value;
	lw_copy_string(h->subtype, sizeof(h->subtype),
		       lw_host_in_list(bare, d->shorteners, d->n_shorteners)
			       ? "shortener"
			       : "url");
	return end > pos ? end : pos;
}

/*
 * The scan. Every link's host holds a dot (host_ok), so the scan goes from
 * dot to dot with memchr instead of reading every run of host characters:
 * the runs before a dot's run hold no dot and yield nothing, except the
 * "http" of a link with a scheme, whose host is the dot's run itself,
 * three bytes ("://") later; that run is read first. Each run is read from
 * where the left-to-right scan would have started it, so the links are
 * the same, and no byte is walked over more than a few times.
 */
int lw_extract_url(lw_xhits *out, const struct lw_xdata *d, const char *text,
		   size_t len)
{
	size_t pos = 0;
	int nomem = 0;
	while (pos < len && !nomem) {
		const char *dot = memchr(text + pos, '.', len - pos);
		if (!dot)
			break;
		size_t start = (size_t)(dot - text);
		while (start > pos && is_host_char(text[start - 1]))
			start--;
		size_t scheme = start;
		if (start >= pos + 3 && memcmp(text + start - 3, "://", 3) == 0)
			for (scheme = start - 3;
			     scheme > pos && is_host_char(text[scheme - 1]);)
				scheme--;
		pos = link_at(out, d, text, len,
			      scheme + 3 < start ? scheme : start, &nomem);
	}
	return nomem ? LW_ENOMEM : LW_OK;
}
