/*
 * SHA-256 known-answer test of a block function (see include/lib/sha256.h):
 * the same vectors on the host (tests/unit/test_sha256.c) and at every boot
 * (core/hash_select.c), for the portable code and the CE code alike.
 */
#include <stdbool.h>
#include <string.h>

#include "lib/fmt.h"
#include "lib/sha256.h"

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf" and "SHA2_Additional"). */
static const struct {
	const char *msg;
	const char *digest;
} sha256_kat_fips[] = {
	{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
	{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	 "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
};

/*
 * A longer message, 16 blocks and 7 bytes of m[i] = (7i + 3) mod 251, so
 * that many blocks go through one call; the digests are Python hashlib's
 * (an implementation independent of Tessera's), of all of it and of its
 * first 8 blocks.
 */
#define KAT_LONG_LEN 1031
#define KAT_LONG_DIGEST "0644eb2a9d8f0db1807431861d80d5b3d2f5ff6fc9094f74678ebeefdec70995"
#define KAT_8BLK_DIGEST "c1f09e258a6ef2531325a1aae79b0d424904f0357068a53862b63d2b90f3d1e3"
/* room for the message at every offset 0..7 */
static _Alignas(16) uint8_t kat_buf[KAT_LONG_LEN + 8];

static bool kat_equal(const uint8_t d[SHA256_DIGEST_LEN], const char *hex)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < SHA256_DIGEST_LEN; i++)
		if (hex[2 * i] != digits[d[i] >> 4] ||
		    hex[2 * i + 1] != digits[d[i] & 15])
			return false;
	return true;
}

/* Hashes msg in pieces of the given sizes (0 ends the list: the rest). */
static void kat_hash(sha256_blocks_fn fn, const uint8_t *msg, size_t len,
		     const size_t *pieces, uint8_t out[SHA256_DIGEST_LEN])
{
	struct sha256_ctx c;

	sha256_init_with(&c, fn);
	for (; pieces && *pieces && len; pieces++) {
		size_t n = *pieces < len ? *pieces : len;

		sha256_update(&c, msg, n);
		msg += n;
		len -= n;
	}
	sha256_update(&c, msg, len);
	sha256_final(&c, out);
}

int sha256_kat(sha256_blocks_fn fn, char *why, size_t whylen)
{
	/* pieces that leave the buffer half full, fill it, and skip it */
	static const size_t pieces[] = {1, 63, 64, 65, 200, 0};
	uint8_t d[SHA256_DIGEST_LEN];

	for (size_t i = 0; i < sizeof(sha256_kat_fips) / sizeof(sha256_kat_fips[0]);
	     i++) {
		const char *m = sha256_kat_fips[i].msg;

		kat_hash(fn, (const uint8_t *)m, strlen(m), NULL, d);
		if (!kat_equal(d, sha256_kat_fips[i].digest)) {
			fmt_snprintf(why, whylen,
				     "FIPS 180-4 example %zu (%zu bytes) wrong", i + 1,
				     strlen(m));
			return -1;
		}
	}
	/* every alignment of the input: LD1 and the C byte loads alike */
	for (size_t off = 0; off < 8; off++) {
		uint8_t *m = kat_buf + off;

		for (size_t i = 0; i < KAT_LONG_LEN; i++)
			m[i] = (uint8_t)((7 * i + 3) % 251);
		kat_hash(fn, m, KAT_LONG_LEN, off & 1 ? pieces : NULL, d);
		if (!kat_equal(d, KAT_LONG_DIGEST)) {
			fmt_snprintf(why, whylen, "%d-byte message at offset %zu%s wrong",
				     KAT_LONG_LEN, off, off & 1 ? " in pieces" : "");
			return -1;
		}
	}
	/* exactly 8 blocks, from the odd offset the loop left it at: the
	 * padding takes a block of its own */
	kat_hash(fn, kat_buf + 7, 8 * SHA256_BLOCK_LEN, NULL, d);
	if (!kat_equal(d, KAT_8BLK_DIGEST)) {
		fmt_snprintf(why, whylen, "8-block message wrong");
		return -1;
	}
	return 0;
}
