/*
 * SHA-256 (FIPS 180-4), pure logic. Used to verify payload images before they
 * run. The portable block function is integer-only (EL2 C is built
 * -mgeneral-regs-only) and never makes unaligned accesses; a faster one (the
 * Armv8 SHA-256 instructions, include/arch/sha256_ce.h) can be put in its
 * place at boot with sha256_use() once it has passed sha256_kat().
 */
#ifndef LIB_SHA256_H
#define LIB_SHA256_H
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_BLOCK_LEN 64

/* Hashes nblocks 64-byte blocks at p into the state st (a..h). */
typedef void (*sha256_blocks_fn)(uint32_t st[8], const uint8_t *p, size_t nblocks);

struct sha256_ctx {
	sha256_blocks_fn blocks;
	uint32_t h[8];
	uint64_t total;                            /* bytes hashed so far */
	_Alignas(8) uint8_t buf[SHA256_BLOCK_LEN]; /* a partial block */
	unsigned used;
};

/* FIPS 180-4 4.2.2, the round constants (the CE code loads them too). */
extern const uint32_t sha256_k[64];

/* The portable block function. */
void sha256_blocks_c(uint32_t st[8], const uint8_t *p, size_t nblocks);
/* Block function of every later sha256_init() (NULL: the portable one).
 * Boot-time setting: not synchronised with digests running elsewhere. */
void sha256_use(sha256_blocks_fn fn);
/* The block function sha256_init() uses now. */
sha256_blocks_fn sha256_in_use(void);

void sha256_init(struct sha256_ctx *c);
/* sha256_init() with a given block function (the self test's). */
void sha256_init_with(struct sha256_ctx *c, sha256_blocks_fn fn);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Writes the digest; c must be initialised again before reuse. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_LEN]);
/* One-shot digest of data. */
void sha256_digest(const void *data, size_t len, uint8_t out[SHA256_DIGEST_LEN]);

/*
 * Known-answer test of fn (src/lib/sha256_kat.c): the FIPS 180-4 examples and
 * a 16-block message at every alignment, whole and in pieces. 0 if every
 * digest is right, else -1 and why names the first wrong one. Uses a static
 * buffer: one caller at a time.
 */
int sha256_kat(sha256_blocks_fn fn, char *why, size_t whylen);

#endif
