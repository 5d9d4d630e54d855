/* mmio_decode/mmio_load_value: the data abort syndrome becomes one access. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/esr.h"
#include "trap/mmio.h"

/* ESR_EL2 for a data abort from EL1 with ISV=1 (Arm ARM D24.2.45). */
static uint64_t dabt(unsigned sas, int sse, unsigned srt, int sf, int wnr)
{
	return (0x24UL << 26) | ESR_IL | ESR_DABT_ISV | ((uint64_t)sas << 22) |
	       (sse ? ESR_DABT_SSE : 0) | ((uint64_t)srt << 16) | (sf ? ESR_DABT_SF : 0) |
	       (wnr ? ESR_DABT_WNR : 0) | 0x07 /* translation fault, level 3 */;
}

static void test_decode_fields(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(mmio_decode(dabt(2, 0, 5, 0, 1), 0x9000018, &a), 0);
	assert_int_equal(a.ipa, 0x9000018);
	assert_int_equal(a.size, 4);
	assert_true(a.write);
	assert_int_equal(a.value, 0);
	assert_int_equal(mmio_decode(dabt(3, 0, 30, 1, 0), 0x9000000, &a), 0);
	assert_int_equal(a.size, 8);
	assert_false(a.write);
	assert_int_equal(mmio_decode(dabt(0, 1, 31, 1, 0), 0, &a), 0);
	assert_int_equal(a.size, 1);
	assert_int_equal(mmio_decode(dabt(1, 0, 0, 0, 0), 0, &a), 0);
	assert_int_equal(a.size, 2);
}

static void test_no_isv_rejected(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(mmio_decode(dabt(2, 0, 5, 0, 1) & ~ESR_DABT_ISV, 0, &a), -22);
}

static void test_load_extension(void **state)
{
	(void)state;
	/* LDRSB Xt */
	assert_int_equal(mmio_load_value(dabt(0, 1, 1, 1, 0), 0x80),
			 0xffffffffffffff80UL);
	assert_int_equal(mmio_load_value(dabt(0, 1, 1, 1, 0), 0x7f), 0x7f);
	/* LDRSB Wt: sign-extended to 32 bits only */
	assert_int_equal(mmio_load_value(dabt(0, 1, 1, 0, 0), 0x80), 0xffffff80UL);
	/* LDRSH Wt */
	assert_int_equal(mmio_load_value(dabt(1, 1, 1, 0, 0), 0x8001), 0xffff8001UL);
	/* LDRSW Xt */
	assert_int_equal(mmio_load_value(dabt(2, 1, 1, 1, 0), 0x80000000UL),
			 0xffffffff80000000UL);
	/* LDRH Wt: zero extends, drops high bits */
	assert_int_equal(mmio_load_value(dabt(1, 0, 1, 0, 0), 0x123458001UL), 0x8001);
	/* LDRB Xt: zero extends */
	assert_int_equal(mmio_load_value(dabt(0, 0, 1, 1, 0), 0xfffffffffffffff0UL),
			 0xf0);
	/* LDR Wt */
	assert_int_equal(mmio_load_value(dabt(2, 0, 1, 0, 0), 0xffffffff80000000UL),
			 0x80000000UL);
	/* LDR Xt */
	assert_int_equal(mmio_load_value(dabt(3, 0, 1, 1, 0), 0x8000000000000001UL),
			 0x8000000000000001UL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_fields),
		cmocka_unit_test(test_no_isv_rejected),
		cmocka_unit_test(test_load_extension),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
