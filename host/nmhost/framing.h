/*
 * framing.h - native messaging frames: a 4-byte length in native byte order,
 * then that many bytes of UTF-8 JSON.
 *
 * The host reads requests and writes replies with these functions, and
 * `lurewatch host-send` uses the same ones the other way round, so both
 * sides of every test speak exactly one implementation of the framing.
 * Everything works on plain file descriptors so that pipes delivering a
 * frame in pieces are read correctly.
 */
#ifndef LW_FRAMING_H
#define LW_FRAMING_H

#include <stddef.h>
#include <stdint.h>

/** Largest body the host accepts (what Chrome may send: 64 MiB). */
#define LW_FRAME_IN_MAX ((uint32_t)64 * 1024 * 1024)
/** Largest body a browser accepts from a host (1 MiB). */
#define LW_FRAME_OUT_MAX ((uint32_t)1024 * 1024)

/** What reading one frame found. */
enum lw_frame_status {
	LW_FRAME_OK,	    /**< a whole frame was read */
	LW_FRAME_EOF,	    /**< end of input at a frame boundary */
	LW_FRAME_TOO_LARGE, /**< the length is over the limit; body unread */
	LW_FRAME_TRUNCATED, /**< end of input inside the length or body */
	LW_FRAME_IO_ERROR,  /**< read failed (see errno) */
	LW_FRAME_NO_MEMORY  /**< the body could not be allocated */
};

/** A readable name for a status, for log lines. */
const char *lw_frame_status_name(enum lw_frame_status status);

/**
 * Read one frame from fd.
 *
 * On LW_FRAME_OK, *out_body is a new buffer of *out_len bytes followed by a
 * NUL (so it may be logged), to be freed by the caller; a length of 0 gives
 * an empty body. On LW_FRAME_TOO_LARGE, *out_len is the declared length and
 * nothing of the body has been read: call lw_frame_skip() to go on. On every
 * other status *out_body is NULL.
 *
 * @param max the largest body accepted (LW_FRAME_IN_MAX for the host)
 */
enum lw_frame_status lw_frame_read(char **out_body, uint32_t *out_len, int fd,
				   uint32_t max);

/**
 * Read and discard len bytes from fd in bounded chunks, never holding more
 * than one chunk. Returns LW_FRAME_OK, LW_FRAME_TRUNCATED or
 * LW_FRAME_IO_ERROR.
 */
enum lw_frame_status lw_frame_skip(int fd, uint64_t len);

/**
 * Write one frame (length, then body) to fd, retrying short writes.
 * Refuses bodies over max without writing anything. Returns 0, or -1 with
 * errno set (EMSGSIZE when over max).
 */
int lw_frame_write(int fd, const char *body, size_t len, uint32_t max);

/** Encode a length in native byte order, as the frame header wants it. */
void lw_frame_encode_length(unsigned char out[4], uint32_t len);

/** Decode a frame header written in native byte order. */
uint32_t lw_frame_decode_length(const unsigned char in[4]);

/**
 * Put fd in binary mode where that means anything (Windows turns \n into
 * \r\n on text-mode descriptors, which corrupts frames). A no-op elsewhere.
 */
void lw_frame_binary_mode(int fd);

#endif /* LW_FRAMING_H */
