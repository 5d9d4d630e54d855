/* inject_compute: exceptions injected into a guest look like hardware's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/esr.h"
#include "trap/inject.h"

#define VBAR 0x40081000UL
#define PSTATE_EL1H_NZCV (0x5UL | (0x9UL << 28)) /* EL1h, N and V set, DAIF clear */
#define PSTATE_EL1T 0x4UL
#define PSTATE_EL0T 0x0UL
#define PSTATE_A32_USR 0x10UL

static void test_dabt_from_el1h(void **state)
{
	struct inject_result r;

	(void)state;
	inject_compute(INJECT_DABT, 0x20000010, true, 0x40080abc, PSTATE_EL1H_NZCV, VBAR,
		       &r);
	assert_int_equal(ESR_EC(r.esr_el1), EC_DABT_CUR);
	assert_true(r.esr_el1 & ESR_IL);
	assert_int_equal(ESR_xABT_FSC(r.esr_el1), 0x10);
	assert_true(r.esr_el1 & ESR_DABT_WNR);
	assert_false(r.esr_el1 & ESR_DABT_ISV);
	assert_int_equal(r.far_el1, 0x20000010);
	assert_int_equal(r.elr_el1, 0x40080abc);
	assert_int_equal(r.spsr_el1, PSTATE_EL1H_NZCV);
	assert_int_equal(r.pc, VBAR + 0x200);
	assert_int_equal(r.pstate, 0x3c5); /* EL1h, D A I F masked */
}

static void test_dabt_read_from_el1t(void **state)
{
	struct inject_result r;

	(void)state;
	inject_compute(INJECT_DABT, 0x1000, false, 0x400, PSTATE_EL1T, VBAR, &r);
	assert_int_equal(ESR_EC(r.esr_el1), EC_DABT_CUR);
	assert_false(r.esr_el1 & ESR_DABT_WNR);
	assert_int_equal(r.pc, VBAR + 0x000);
}

static void test_from_el0(void **state)
{
	struct inject_result r;

	(void)state;
	inject_compute(INJECT_DABT, 0x1000, false, 0x400, PSTATE_EL0T, VBAR, &r);
	assert_int_equal(ESR_EC(r.esr_el1), EC_DABT_LOW);
	assert_int_equal(r.pc, VBAR + 0x400);
	inject_compute(INJECT_IABT, 0x5000, false, 0x5000, PSTATE_EL0T, VBAR, &r);
	assert_int_equal(ESR_EC(r.esr_el1), EC_IABT_LOW);
	assert_int_equal(r.far_el1, 0x5000);
	inject_compute(INJECT_UNDEF, 0, false, 0x8000, PSTATE_A32_USR, VBAR, &r);
	assert_int_equal(r.pc, VBAR + 0x600);
}

static void test_iabt_and_undef(void **state)
{
	struct inject_result r;

	(void)state;
	inject_compute(INJECT_IABT, 0x7000, false, 0x7000, PSTATE_EL1H_NZCV, VBAR, &r);
	assert_int_equal(ESR_EC(r.esr_el1), EC_IABT_CUR);
	assert_int_equal(ESR_xABT_FSC(r.esr_el1), 0x10);
	inject_compute(INJECT_UNDEF, 0xdead, true, 0x7004, PSTATE_EL1H_NZCV, VBAR, &r);
	assert_int_equal(r.esr_el1, ESR_IL); /* EC 0, IL 1, ISS 0 */
	assert_int_equal(r.far_el1, 0);
	assert_int_equal(r.elr_el1, 0x7004);
	assert_int_equal(r.pc, VBAR + 0x200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dabt_from_el1h),
		cmocka_unit_test(test_dabt_read_from_el1t),
		cmocka_unit_test(test_from_el0),
		cmocka_unit_test(test_iabt_and_undef),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
