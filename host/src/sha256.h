/*
 * sha256.h - SHA-256, to name a rule pack by its content.
 *
 * The host reports the pack's hash in its hello reply so that a case log
 * or a bug report can say exactly which rules produced a warning. No
 * crypto library is linked for this one use.
 */
#ifndef LW_SHA256_H
#define LW_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct lw_sha256 {
	uint32_t state[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t used;
} lw_sha256;

/** Start a new digest. */
void lw_sha256_init(lw_sha256 *ctx);

/** Feed len bytes. */
void lw_sha256_update(lw_sha256 *ctx, const void *data, size_t len);

/** Use the portable code even where the processor has SHA instructions
 *  (for the unit test, which checks both). */
void lw_sha256_portable_only(int on);

/** Finish and write the digest as 64 lower-case hex digits and a NUL. */
void lw_sha256_hex(lw_sha256 *ctx, char out[65]);

#endif /* LW_SHA256_H */
