/*
 * SHA-256 per FIPS 180-4; see include/lib/sha256.h.
 *
 * Speed matters: Tessera hashes whole Linux kernels at boot, under QEMU TCG
 * too, where every guest instruction costs. So the 64 rounds are unrolled
 * (no loop-carried register shuffling, long straight-line blocks) and the
 * message schedule lives in a 16-word ring. Word loads from 4-byte aligned
 * input are single loads plus a byte swap; other input is assembled byte by
 * byte, since the EL2 build forbids unaligned accesses (-mstrict-align).
 */
#include <stdbool.h>
#include <stdint.h>

#include "lib/sha256.h"

/* FIPS 180-4 4.2.2: first 32 bits of the fractional parts of the cube roots
 * of the first 64 primes. */
const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define BSIG0(x) (ROR(x, 2) ^ ROR(x, 13) ^ ROR(x, 22))
#define BSIG1(x) (ROR(x, 6) ^ ROR(x, 11) ^ ROR(x, 25))
#define SSIG0(x) (ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
/* Ch and Maj in forms with one operation fewer than the textbook ones. */
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

/* Schedule word t >= 16, computed in place in the ring w[t % 16]. */
#define SCHED(t)                                                                         \
	(w[(t)&15] +=                                                                    \
	 SSIG1(w[((t) + 14) & 15]) + w[((t) + 9) & 15] + SSIG0(w[((t) + 1) & 15]))

/* One round; the caller rotates the roles of a..h instead of moving values. */
#define ROUND(a, b, c, d, e, f, g, h, t, wt)                                             \
	do {                                                                             \
		h += BSIG1(e) + CH(e, f, g) + sha256_k[t] + (wt);                        \
		d += h;                                                                  \
		h += BSIG0(a) + MAJ(a, b, c);                                            \
	} while (0)

#define ROUNDS8(t, W)                                                                    \
	do {                                                                             \
		ROUND(a, b, c, d, e, f, g, h, (t) + 0, W((t) + 0));                      \
		ROUND(h, a, b, c, d, e, f, g, (t) + 1, W((t) + 1));                      \
		ROUND(g, h, a, b, c, d, e, f, (t) + 2, W((t) + 2));                      \
		ROUND(f, g, h, a, b, c, d, e, (t) + 3, W((t) + 3));                      \
		ROUND(e, f, g, h, a, b, c, d, (t) + 4, W((t) + 4));                      \
		ROUND(d, e, f, g, h, a, b, c, (t) + 5, W((t) + 5));                      \
		ROUND(c, d, e, f, g, h, a, b, (t) + 6, W((t) + 6));                      \
		ROUND(b, c, d, e, f, g, h, a, (t) + 7, W((t) + 7));                      \
	} while (0)

#define WLOAD(t) w[t]

static inline uint32_t be32_bytes(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* p is 4-byte aligned: one load (the builtin is inlined even with
 * -ffreestanding) and a byte swap on little-endian CPUs. */
static inline uint32_t be32_aligned(const uint8_t *p)
{
	uint32_t v;

	__builtin_memcpy(&v, __builtin_assume_aligned(p, 4), 4);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static sha256_blocks_fn sha256_engine = sha256_blocks_c;

void sha256_blocks_c(uint32_t st[8], const uint8_t *p, size_t nblocks)
{
	bool aligned = ((uintptr_t)p & 3) == 0;

	for (; nblocks; nblocks--, p += SHA256_BLOCK_LEN) {
		uint32_t w[16];
		uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
		uint32_t e = st[4], f = st[5], g = st[6], h = st[7];

		if (aligned)
			for (int i = 0; i < 16; i++)
				w[i] = be32_aligned(p + 4 * i);
		else
			for (int i = 0; i < 16; i++)
				w[i] = be32_bytes(p + 4 * i);

		ROUNDS8(0, WLOAD);
		ROUNDS8(8, WLOAD);
		ROUNDS8(16, SCHED);
		ROUNDS8(24, SCHED);
		ROUNDS8(32, SCHED);
		ROUNDS8(40, SCHED);
		ROUNDS8(48, SCHED);
		ROUNDS8(56, SCHED);

		st[0] += a;
		st[1] += b;
		st[2] += c;
		st[3] += d;
		st[4] += e;
		st[5] += f;
		st[6] += g;
		st[7] += h;
	}
}

void sha256_use(sha256_blocks_fn fn)
{
	sha256_engine = fn ? fn : sha256_blocks_c;
}

sha256_blocks_fn sha256_in_use(void)
{
	return sha256_engine;
}

void sha256_init(struct sha256_ctx *c)
{
	sha256_init_with(c, sha256_engine);
}

void sha256_init_with(struct sha256_ctx *c, sha256_blocks_fn fn)
{
	/* FIPS 180-4 5.3.3 */
	static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

	for (int i = 0; i < 8; i++)
		c->h[i] = h0[i];
	c->total = 0;
	c->used = 0;
	c->blocks = fn ? fn : sha256_blocks_c;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	c->total += len;
	if (c->used) {
		while (len && c->used < SHA256_BLOCK_LEN) {
			c->buf[c->used++] = *p++;
			len--;
		}
		if (c->used < SHA256_BLOCK_LEN)
			return;
		c->blocks(c->h, c->buf, 1);
		c->used = 0;
	}
	if (len >= SHA256_BLOCK_LEN) {
		size_t n = len / SHA256_BLOCK_LEN;

		c->blocks(c->h, p, n);
		p += n * SHA256_BLOCK_LEN;
		len -= n * SHA256_BLOCK_LEN;
	}
	while (len--)
		c->buf[c->used++] = *p++;
}

void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_LEN])
{
	uint64_t bits = c->total * 8;

	/* FIPS 180-4 5.1.1: a 1 bit, zeros, then the length as 64 bits */
	c->buf[c->used++] = 0x80;
	if (c->used > SHA256_BLOCK_LEN - 8) {
		while (c->used < SHA256_BLOCK_LEN)
			c->buf[c->used++] = 0;
		c->blocks(c->h, c->buf, 1);
		c->used = 0;
	}
	while (c->used < SHA256_BLOCK_LEN - 8)
		c->buf[c->used++] = 0;
	for (int i = 0; i < 8; i++)
		c->buf[SHA256_BLOCK_LEN - 1 - i] = (uint8_t)(bits >> (8 * i));
	c->blocks(c->h, c->buf, 1);

	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(c->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)c->h[i];
	}
	c->used = 0;
}

void sha256_digest(const void *data, size_t len, uint8_t out[SHA256_DIGEST_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, out);
}
