/* The ID registers a guest reads (src/trap/idregs.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "trap/idregs.h"

#define PFR0 IDREG_INDEX(4, 0)
#define PFR1 IDREG_INDEX(4, 1)
#define ISAR0 IDREG_INDEX(6, 0)
#define MMFR0 IDREG_INDEX(7, 0)
#define MMFR2 IDREG_INDEX(7, 2)

static uint64_t field(uint64_t v, unsigned shift)
{
	return (v >> shift) & 0xf;
}

static void test_view(void **state)
{
	uint64_t hw[IDREG_NR], view[IDREG_NR];
	struct idreg_host h = {.ipa_bits = 40};

	(void)state;
	for (unsigned i = 0; i < IDREG_NR; i++)
		hw[i] = 0x1111111111111111UL * (i % 7 + 1);
	/* QEMU max-like: EL0-3 AArch64 (1), FP/SIMD 0, GIC 1, SVE 1, AMU 1 */
	hw[PFR0] = 0x0000101101112222UL | (1UL << 44) | (1UL << 40);
	hw[PFR1] = (2UL << 8) | (1UL << 24) | 1UL | (2UL << 4); /* MTE 2, SME, BT, SSBS */
	hw[MMFR0] = 0x1000000000000005UL | (1UL << 56);         /* ECV 1, FGT 1, 48-bit */
	hw[MMFR2] = (1UL << 40) | (1UL << 24) | (1UL << 16);    /* FWB, NV, IESB */
	idregs_build(view, hw, &h);

	/* hidden: EL2, EL3, AMU, MPAM; kept: EL0, EL1, FP, GIC, SVE */
	assert_int_equal(field(view[PFR0], 8), 0);
	assert_int_equal(field(view[PFR0], 12), 0);
	assert_int_equal(field(view[PFR0], 44), 0);
	assert_int_equal(field(view[PFR0], 40), 0);
	assert_int_equal(field(view[PFR0], 0), 2);
	assert_int_equal(field(view[PFR0], 4), 2);
	assert_int_equal(field(view[PFR0], 24), 1);
	assert_int_equal(field(view[PFR0], 32), 1);
	/* MTE gone; SME, BT, SSBS kept */
	assert_int_equal(field(view[PFR1], 8), 0);
	assert_int_equal(field(view[PFR1], 24), 1);
	assert_int_equal(field(view[PFR1], 0), 1);
	assert_int_equal(field(view[PFR1], 4), 2);
	/* PARange capped at the guests' 40 bits (2); FGT gone; ECV kept at 1 */
	assert_int_equal(field(view[MMFR0], 0), 2);
	assert_int_equal(field(view[MMFR0], 56), 0);
	assert_int_equal(field(view[MMFR0], 60), 1);
	/* stage-2 and nested features gone, EL1 ones kept */
	assert_int_equal(field(view[MMFR2], 40), 0);
	assert_int_equal(field(view[MMFR2], 24), 0);
	assert_int_equal(field(view[MMFR2], 16), 1);
	/* instruction sets pass as they are */
	assert_int_equal(view[ISAR0], hw[ISAR0]);
	/* registers not passed through (ID_AA64PFR2, ID_AA64ISAR3, ...) read 0 */
	assert_int_equal(view[IDREG_INDEX(4, 2)], 0);
	assert_int_equal(view[IDREG_INDEX(6, 3)], 0);
	assert_int_equal(view[IDREG_INDEX(7, 3)], 0);
	assert_int_equal(view[IDREG_INDEX(5, 4)], 0);
	/* a smaller PARange than the guests' IPA size stays */
	hw[MMFR0] = 1; /* 36 bits */
	idregs_build(view, hw, &h);
	assert_int_equal(field(view[MMFR0], 0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_view),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
