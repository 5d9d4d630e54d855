/* Bulk copy for Normal memory; see include/lib/copy.h. */
#include <stdint.h>

#include "lib/copy.h"

/*
 * no-strict-align for this function only: unaligned loads are allowed on
 * Normal memory at EL2 with SCTLR_EL2.A clear (Arm ARM, "Alignment
 * support"), which is how Tessera runs once its MMU is on. The stores are
 * aligned, so each 64 bytes cost four LDPs and four STPs.
 */
__attribute__((target("no-strict-align"))) void *copy_normal(void *dst, const void *src,
							     size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n && ((uintptr_t)d & 15)) {
		*d++ = *s++;
		n--;
	}
	/* 64 bytes per iteration, in scalars, not an array, which would be
	 * spilled to the stack (the stack protector guards it) */
	for (; n >= 64; n -= 64, d += 64, s += 64) {
		uint64_t w0, w1, w2, w3, w4, w5, w6, w7;

		__builtin_memcpy(&w0, s, 8);
		__builtin_memcpy(&w1, s + 8, 8);
		__builtin_memcpy(&w2, s + 16, 8);
		__builtin_memcpy(&w3, s + 24, 8);
		__builtin_memcpy(&w4, s + 32, 8);
		__builtin_memcpy(&w5, s + 40, 8);
		__builtin_memcpy(&w6, s + 48, 8);
		__builtin_memcpy(&w7, s + 56, 8);
		((uint64_t *)d)[0] = w0;
		((uint64_t *)d)[1] = w1;
		((uint64_t *)d)[2] = w2;
		((uint64_t *)d)[3] = w3;
		((uint64_t *)d)[4] = w4;
		((uint64_t *)d)[5] = w5;
		((uint64_t *)d)[6] = w6;
		((uint64_t *)d)[7] = w7;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}
