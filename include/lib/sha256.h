/*
 * SHA-256 (FIPS 180-4), pure logic. Used to verify payload images before they
 * run. Integer-only (EL2 has no FP/SIMD) and never makes unaligned accesses.
 */
#ifndef LIB_SHA256_H
#define LIB_SHA256_H
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_BLOCK_LEN 64

struct sha256_ctx {
	uint32_t h[8];
	uint64_t total;                            /* bytes hashed so far */
	_Alignas(8) uint8_t buf[SHA256_BLOCK_LEN]; /* a partial block */
	unsigned used;
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Writes the digest; c must be initialised again before reuse. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_LEN]);
/* One-shot digest of data. */
void sha256_digest(const void *data, size_t len, uint8_t out[SHA256_DIGEST_LEN]);

#endif
