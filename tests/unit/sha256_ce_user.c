/*
 * The Armv8 SHA-256 instruction code (src/arch/sha256_ce.S) on the host: an
 * aarch64 Linux program without libc, built by tests/unit/unit.mk and run
 * under qemu-aarch64 -cpu max by tests/unit/sha256-ce.sh, so that an x86 host
 * checks it too. It runs the known-answer test the boot runs (sha256_kat()),
 * shows that test failing for a broken block function, compares digests with
 * the portable code, and checks that every SIMD register survives a call.
 * Prints "PASS name" or "FAIL name: reason" per check; exits with the number
 * of failures.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arch/sha256_ce.h"
#include "lib/fmt.h"
#include "lib/sha256.h"

#define NR_WRITE 64 /* Linux arm64 (asm-generic/unistd.h) */
#define NR_EXIT 93

static void user_write(const char *s)
{
	/* no call between these and the SVC: it would clobber x0-x2 */
	long len = (long)strlen(s);
	register long x0 __asm__("x0") = 1;
	register long x1 __asm__("x1") = (long)s;
	register long x2 __asm__("x2") = len;
	register long x8 __asm__("x8") = NR_WRITE;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x8) : "memory");
}

static __attribute__((noreturn)) void user_exit(long code)
{
	register long x0 __asm__("x0") = code;
	register long x8 __asm__("x8") = NR_EXIT;

	__asm__ volatile("svc #0" ::"r"(x0), "r"(x8) : "memory");
	for (;;)
		;
}

static int failures;

static void report(bool ok, const char *name, const char *why)
{
	char line[200];

	fmt_snprintf(line, sizeof(line), ok ? "PASS %s\n" : "FAIL %s: %s\n", name, why);
	user_write(line);
	failures += !ok;
}

/* The CE code with one bit of the state flipped: what a wrong operand
 * order or a missing schedule step would look like to the test. */
static void broken_blocks(uint32_t st[8], const uint8_t *p, size_t n)
{
	sha256_ce_blocks(st, p, n);
	st[5] ^= 0x100;
}

static uint8_t data[70000];

/* CE and portable digests of data[off, off + len) agree. */
static bool same_digest(size_t off, size_t len)
{
	uint8_t a[SHA256_DIGEST_LEN], b[SHA256_DIGEST_LEN];
	struct sha256_ctx c;

	sha256_init_with(&c, sha256_ce_blocks);
	sha256_update(&c, data + off, len);
	sha256_final(&c, a);
	sha256_init_with(&c, sha256_blocks_c);
	sha256_update(&c, data + off, len);
	sha256_final(&c, b);
	return memcmp(a, b, sizeof(a)) == 0;
}

static void check_against_portable(void)
{
	uint32_t x = 0x12345678;
	char why[80] = "";
	bool ok = true;

	for (size_t i = 0; i < sizeof(data); i++) {
		x = x * 1664525u + 1013904223u; /* any bytes will do */
		data[i] = (uint8_t)(x >> 24);
	}
	for (size_t len = 0; len < 300 && ok; len++)
		for (size_t off = 0; off < 4 && ok; off++)
			if (!same_digest(off, len))
				fmt_snprintf(why, sizeof(why), "length %zu at offset %zu",
					     len, off),
					ok = false;
	if (ok && !same_digest(3, sizeof(data) - 3))
		fmt_snprintf(why, sizeof(why), "%zu bytes", sizeof(data) - 3), ok = false;
	report(ok, "sha256-ce: same digests as the portable code", why);
}

/* Fills v0-v31 with a pattern, calls the CE code, stores v0-v31 after it. */
static void simd_around_call(uint8_t after[32][16], const uint8_t *msg)
{
	uint32_t st[8] = {0};
	uint8_t *out = &after[0][0];

	__asm__ volatile(
		"movi v0.16b, #0x10\n\tmovi v1.16b, #0x11\n\tmovi v2.16b, #0x12\n\t"
		"movi v3.16b, #0x13\n\tmovi v4.16b, #0x14\n\tmovi v5.16b, #0x15\n\t"
		"movi v6.16b, #0x16\n\tmovi v7.16b, #0x17\n\tmovi v8.16b, #0x18\n\t"
		"movi v9.16b, #0x19\n\tmovi v10.16b, #0x1a\n\tmovi v11.16b, #0x1b\n\t"
		"movi v12.16b, #0x1c\n\tmovi v13.16b, #0x1d\n\tmovi v14.16b, #0x1e\n\t"
		"movi v15.16b, #0x1f\n\tmovi v16.16b, #0x20\n\tmovi v17.16b, #0x21\n\t"
		"movi v18.16b, #0x22\n\tmovi v19.16b, #0x23\n\tmovi v20.16b, #0x24\n\t"
		"movi v21.16b, #0x25\n\tmovi v22.16b, #0x26\n\tmovi v23.16b, #0x27\n\t"
		"movi v24.16b, #0x28\n\tmovi v25.16b, #0x29\n\tmovi v26.16b, #0x2a\n\t"
		"movi v27.16b, #0x2b\n\tmovi v28.16b, #0x2c\n\tmovi v29.16b, #0x2d\n\t"
		"movi v30.16b, #0x2e\n\tmovi v31.16b, #0x2f\n\t"
		"mov x0, %1\n\tmov x1, %2\n\tmov x2, #2\n\tbl sha256_ce_blocks\n\t"
		"st1 {v0.16b-v3.16b}, [%0], #64\n\tst1 {v4.16b-v7.16b}, [%0], #64\n\t"
		"st1 {v8.16b-v11.16b}, [%0], #64\n\tst1 {v12.16b-v15.16b}, [%0], #64\n\t"
		"st1 {v16.16b-v19.16b}, [%0], #64\n\tst1 {v20.16b-v23.16b}, [%0], #64\n\t"
		"st1 {v24.16b-v27.16b}, [%0], #64\n\tst1 {v28.16b-v31.16b}, [%0], #64"
		: "+r"(out)
		: "r"(st), "r"(msg)
		: "x0", "x1", "x2", "x3", "x30", "memory", "v0", "v1", "v2", "v3", "v4",
		  "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15",
		  "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25",
		  "v26", "v27", "v28", "v29", "v30", "v31");
}

static void check_registers_kept(void)
{
	static uint8_t after[32][16];
	char why[80] = "";
	bool ok = true;

	simd_around_call(after, data);
	for (int r = 0; r < 32 && ok; r++)
		for (int b = 0; b < 16 && ok; b++)
			if (after[r][b] != 0x10 + r)
				fmt_snprintf(why, sizeof(why),
					     "v%d byte %d is %#x after the call", r, b,
					     after[r][b]),
					ok = false;
	report(ok, "sha256-ce: v0-v31 hold the caller's values after a call", why);
}

void _start(void);
void _start(void)
{
	char why[96] = "";

	report(sha256_kat(sha256_ce_blocks, why, sizeof(why)) == 0,
	       "sha256-ce: known-answer test (the boot's)", why);
	report(sha256_kat(broken_blocks, why, sizeof(why)) != 0,
	       "sha256-ce: a broken block function fails the known-answer test",
	       "it passed");
	check_against_portable();
	check_registers_kept();
	user_exit(failures);
}
