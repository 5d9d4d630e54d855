/*
 * SHA-256 and CRC-32: the FIPS 180-4 / common check vectors, then
 * cross-checks against sha256sum and gzip's CRC over random files of awkward
 * sizes (build/host/sha256, made by tools/tools.mk), hashed in one go, in
 * odd chunks and from misaligned buffers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/crc32.h"
#include "lib/sha256.h"
#include "helpers/file.h"

static char data_dir[512];

static void hex(const uint8_t *d, char out[2 * SHA256_DIGEST_LEN + 1])
{
	for (int i = 0; i < SHA256_DIGEST_LEN; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void check_digest(const void *msg, size_t len, const char *expect)
{
	uint8_t d[SHA256_DIGEST_LEN];
	char h[2 * SHA256_DIGEST_LEN + 1];

	sha256_digest(msg, len, d);
	hex(d, h);
	assert_string_equal(h, expect);
}

static void *read_file(const char *name, size_t *size)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", data_dir, name);
	return test_read_file(path, 1, size);
}

static void test_vectors(void **state)
{
	(void)state;
	/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional") */
	check_digest("", 0,
		     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check_digest("abc", 3,
		     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
		     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	check_digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
		     "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		     112,
		     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void **state)
{
	static const char *expect =
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	char *m = malloc(1000000);
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_LEN];
	char h[2 * SHA256_DIGEST_LEN + 1];

	(void)state;
	assert_non_null(m);
	memset(m, 'a', 1000000);
	check_digest(m, 1000000, expect);
	/* and fed in pieces that never line up with a block */
	sha256_init(&c);
	for (size_t off = 0, step = 1; off < 1000000;
	     off += step, step = step * 3 % 997 + 1)
		sha256_update(&c, m + off, off + step > 1000000 ? 1000000 - off : step);
	sha256_final(&c, d);
	hex(d, h);
	assert_string_equal(h, expect);
	free(m);
}

/* Every split point of a message around the padding edge (55/56/64 bytes)
 * gives the one-shot digest, from every alignment. */
static void test_splits_and_alignment(void **state)
{
	uint8_t msg[200 + 8];
	uint8_t ref[SHA256_DIGEST_LEN], d[SHA256_DIGEST_LEN];

	(void)state;
	for (size_t len = 0; len <= 200; len += (len < 130 ? 1 : 7)) {
		for (size_t i = 0; i < len; i++)
			msg[i] = (uint8_t)(i * 131 + len);
		sha256_digest(msg, len, ref);
		for (size_t cut = 0; cut <= len; cut++) {
			struct sha256_ctx c;

			sha256_init(&c);
			sha256_update(&c, msg, cut);
			sha256_update(&c, msg + cut, len - cut);
			sha256_final(&c, d);
			assert_memory_equal(d, ref, SHA256_DIGEST_LEN);
		}
		for (size_t mis = 1; mis < 8; mis++) {
			uint8_t buf[sizeof(msg) + 8];

			memcpy(buf + mis, msg, len);
			sha256_digest(buf + mis, len, d);
			assert_memory_equal(d, ref, SHA256_DIGEST_LEN);
		}
	}
}

static void test_against_sha256sum(void **state)
{
	size_t listlen;
	char *list = read_file("sums.txt", &listlen);
	unsigned files = 0;

	(void)state;
	list[listlen] = '\0';
	for (char *line = strtok(list, "\n"); line; line = strtok(NULL, "\n")) {
		char want[65], name[256];
		char h[2 * SHA256_DIGEST_LEN + 1];
		uint8_t d[SHA256_DIGEST_LEN];
		size_t size;
		uint8_t *data, *mis;
		struct sha256_ctx c;
		static const size_t chunks[] = {1, 7, 64, 1000};

		assert_int_equal(sscanf(line, "%64s %255s", want, name), 2);
		data = read_file(name, &size);
		sha256_digest(data, size, d);
		hex(d, h);
		if (strcmp(h, want))
			fail_msg("%s: %s, sha256sum says %s", name, h, want);
		for (unsigned k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
			sha256_init(&c);
			for (size_t off = 0; off < size; off += chunks[k])
				sha256_update(&c, data + off,
					      size - off < chunks[k] ? size - off
								     : chunks[k]);
			sha256_final(&c, d);
			hex(d, h);
			assert_string_equal(h, want);
		}
		mis = malloc(size + 3);
		assert_non_null(mis);
		memcpy(mis + 3, data, size);
		sha256_digest(mis + 3, size, d);
		hex(d, h);
		assert_string_equal(h, want);
		free(mis);
		free(data);
		files++;
	}
	assert_true(files >= 10);
	free(list);
}

/* The boot's known-answer test (src/lib/sha256_kat.c) passes for the
 * portable code; the CE code gets the same test under qemu-user
 * (tests/unit/sha256-ce.sh) and at boot. */
static void test_kat_portable(void **state)
{
	char why[96] = "";

	(void)state;
	if (sha256_kat(sha256_blocks_c, why, sizeof(why)))
		fail_msg("%s", why);
}

static unsigned broken_calls;

/* The portable code, wrong from its third call on, by one bit. */
static void broken_blocks(uint32_t st[8], const uint8_t *p, size_t n)
{
	sha256_blocks_c(st, p, n);
	if (++broken_calls > 2)
		st[2] ^= 0x80000000u;
}

/* The test can fail: a block function wrong only after a few calls (so not
 * in the first vector) is caught, and the reason names a vector. */
static void test_kat_catches_broken(void **state)
{
	char why[96] = "";

	(void)state;
	broken_calls = 0;
	assert_int_not_equal(sha256_kat(broken_blocks, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "wrong"));
}

/* sha256_use() switches what sha256_init() (and so sha256_digest) uses. */
static void test_use_switches(void **state)
{
	uint8_t a[SHA256_DIGEST_LEN], b[SHA256_DIGEST_LEN];

	(void)state;
	assert_ptr_equal(sha256_in_use(), sha256_blocks_c);
	sha256_digest("abc", 3, a);
	broken_calls = 100;
	sha256_use(broken_blocks);
	assert_ptr_equal(sha256_in_use(), broken_blocks);
	sha256_digest("abc", 3, b);
	sha256_use(NULL);
	assert_ptr_equal(sha256_in_use(), sha256_blocks_c);
	assert_memory_not_equal(a, b, SHA256_DIGEST_LEN);
}

static void test_crc32_vectors(void **state)
{
	(void)state;
	assert_int_equal(crc32("", 0), 0);
	assert_int_equal(crc32("123456789", 9), 0xcbf43926); /* the CRC catalogue check */
	assert_int_equal(crc32("a", 1), 0xe8b7be43);
	assert_int_equal(crc32("abc", 3), 0x352441c2);
	assert_int_equal(crc32("The quick brown fox jumps over the lazy dog", 43),
			 0x414fa339);
	/* continuation, zlib style */
	assert_int_equal(crc32_update(crc32("12345", 5), "6789", 4), 0xcbf43926);
}

static void test_crc32_against_gzip(void **state)
{
	size_t listlen;
	char *list = read_file("crc.txt", &listlen);
	unsigned files = 0;

	(void)state;
	list[listlen] = '\0';
	for (char *line = strtok(list, "\n"); line; line = strtok(NULL, "\n")) {
		char name[256];
		unsigned want;
		size_t size;
		uint8_t *data;

		assert_int_equal(sscanf(line, "%x %255s", &want, name), 2);
		data = read_file(name, &size);
		if (crc32(data, size) != want)
			fail_msg("%s: crc32 %08x, gzip says %08x", name,
				 crc32(data, size), want);
		if (size > 1)
			assert_int_equal(crc32_update(crc32(data, size / 2),
						      data + size / 2, size - size / 2),
					 want);
		free(data);
		files++;
	}
	assert_true(files >= 10);
	free(list);
}

int main(int argc, char **argv)
{
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_splits_and_alignment),
		cmocka_unit_test(test_against_sha256sum),
		cmocka_unit_test(test_kat_portable),
		cmocka_unit_test(test_kat_catches_broken),
		cmocka_unit_test(test_use_switches),
		cmocka_unit_test(test_crc32_vectors),
		cmocka_unit_test(test_crc32_against_gzip),
	};

	/* the inputs sit in build/host/sha256, next to build/host/tests */
	snprintf(data_dir, sizeof(data_dir), "%.*s/../sha256",
		 slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
