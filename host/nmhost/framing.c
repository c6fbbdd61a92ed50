/*
 * framing.c - reading and writing native messaging frames on descriptors.
 */
#include "framing.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#define lw_sys_read(fd, buf, n)	 _read((fd), (buf), (unsigned)(n))
#define lw_sys_write(fd, buf, n) _write((fd), (buf), (unsigned)(n))
#else
#include <unistd.h>
#define lw_sys_read(fd, buf, n)	 read((fd), (buf), (n))
#define lw_sys_write(fd, buf, n) write((fd), (buf), (n))
#endif

/* Bytes asked of one read() or write() call, and the chunk lw_frame_skip()
 * discards at a time: small enough to keep memory bounded, large enough to
 * move 64 MiB in a few thousand calls. */
#define LW_FRAME_IO_CHUNK (64 * 1024)

const char *lw_frame_status_name(enum lw_frame_status status)
{
	switch (status) {
	case LW_FRAME_OK:
		return "ok";
	case LW_FRAME_EOF:
		return "end of input";
	case LW_FRAME_TOO_LARGE:
		return "frame too large";
	case LW_FRAME_TRUNCATED:
		return "end of input inside a frame";
	case LW_FRAME_IO_ERROR:
		return "read error";
	case LW_FRAME_NO_MEMORY:
		return "out of memory";
	}
	return "unknown";
}

void lw_frame_encode_length(unsigned char out[4], uint32_t len)
{
	memcpy(out, &len, 4);
}

uint32_t lw_frame_decode_length(const unsigned char in[4])
{
	uint32_t len;
	memcpy(&len, in, 4);
	return len;
}

/* Read exactly len bytes unless input ends first; a pipe hands data over in
 * whatever pieces the writer produced, so one read() is never enough.
 * *out_got tells how many bytes arrived, so the caller can tell a clean end
 * (nothing at all) from an end inside a frame. Returns 0, or -1 on a read
 * error. */
static int read_fully(int fd, void *buf, size_t len, size_t *out_got)
{
	size_t got = 0;
	while (got < len) {
		size_t want = len - got;
		if (want > LW_FRAME_IO_CHUNK)
			want = LW_FRAME_IO_CHUNK;
		long n = (long)lw_sys_read(fd, (char *)buf + got, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*out_got = got;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	*out_got = got;
	return 0;
}

enum lw_frame_status lw_frame_read(char **out_body, uint32_t *out_len, int fd,
				   uint32_t max)
{
	unsigned char header[4];
	size_t got;

	*out_body = NULL;
	*out_len = 0;
	if (read_fully(fd, header, sizeof(header), &got) < 0)
		return LW_FRAME_IO_ERROR;
	if (got == 0)
		return LW_FRAME_EOF;
	if (got < sizeof(header))
		return LW_FRAME_TRUNCATED;

	uint32_t len = lw_frame_decode_length(header);
	*out_len = len;
	if (len > max)
		return LW_FRAME_TOO_LARGE;

	char *body = malloc((size_t)len + 1);
	if (body == NULL)
		return LW_FRAME_NO_MEMORY;
	if (read_fully(fd, body, len, &got) < 0) {
		free(body);
		return LW_FRAME_IO_ERROR;
	}
	if (got < len) {
		free(body);
		return LW_FRAME_TRUNCATED;
	}
	body[len] = '\0';
	*out_body = body;
	return LW_FRAME_OK;
}

enum lw_frame_status lw_frame_skip(int fd, uint64_t len)
{
	char chunk[LW_FRAME_IO_CHUNK];
	while (len > 0) {
		size_t want = len < sizeof(chunk) ? (size_t)len : sizeof(chunk);
		size_t got;
		if (read_fully(fd, chunk, want, &got) < 0)
			return LW_FRAME_IO_ERROR;
		if (got < want)
			return LW_FRAME_TRUNCATED;
		len -= got;
	}
	return LW_FRAME_OK;
}

/* Write all len bytes, retrying short writes and interrupted calls: a pipe
 * to the browser may accept less than asked. */
static int write_fully(int fd, const void *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		size_t want = len - done;
		if (want > LW_FRAME_IO_CHUNK)
			want = LW_FRAME_IO_CHUNK;
		long n = (long)lw_sys_write(fd, (const char *)buf + done, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

int lw_frame_write(int fd, const char *body, size_t len, uint32_t max)
{
	unsigned char header[4];
	if (len > max) {
		errno = EMSGSIZE;
		return -1;
	}
	lw_frame_encode_length(header, (uint32_t)len);
	if (write_fully(fd, header, sizeof(header)) < 0)
		return -1;
	return write_fully(fd, body, len);
}

void lw_frame_binary_mode(int fd)
{
#ifdef _WIN32
	_setmode(fd, _O_BINARY);
#else
	(void)fd;
#endif
}
