/* inject_compute: exceptions injected into a guest look like hardware's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/esr.h"
#include "trap/inject.h"

#define VBAR 0x40081000UL

/* A CPU without PAN, SSBS, MTE or DIT: only DAIF and EL1h are set. */
static const struct inject_target plain = {.vbar_el1 = VBAR};
#define PSTATE_EL1H_NZCV (0x5UL | (0x9UL << 28)) /* EL1h, N and V set, DAIF clear */
#define PSTATE_EL1T 0x4UL
#define PSTATE_EL0T 0x0UL
#define PSTATE_A32_USR 0x10UL

static void test_dabt_from_el1h(void **state)
{
	struct inject_result r;

	(void)state;
	inject_compute(INJECT_DABT, 0x20000010, true, 0x40080abc, PSTATE_EL1H_NZCV,
		       &plain, &r);
	assert_int_equal(ESR_EC(r.esr_el1), EC_DABT_CUR);
	assert_true(r.esr_el1 & ESR_IL);
	assert_int_equal(ESR_xABT_FSC(r.esr_el1), 0x10);
	assert_true(r.esr_el1 & ESR_DABT_WNR);
	assert_false(r.esr_el1 & ESR_DABT_ISV);
	assert_int_equal(r.far_el1, 0x20000010);
	assert_int_equal(r.elr_el1, 0x40080abc);
	assert_int_equal(r.spsr_el1, PSTATE_EL1H_NZCV);
	assert_int_equal(r.pc, VBAR + 0x200);
	/* EL1h, D A I F masked, NZCV kept (AArch64.TakeException leaves them) */
	assert_int_equal(r.pstate, 0x3c5 | (0x9UL << 28));
}

static void test_dabt_read_from_el1t(void **state)
{
	struct inject_result r;

	(void)state;
	inject_compute(INJECT_DABT, 0x1000, false, 0x400, PSTATE_EL1T, &plain, &r);
	assert_int_equal(ESR_EC(r.esr_el1), EC_DABT_CUR);
	assert_false(r.esr_el1 & ESR_DABT_WNR);
	assert_int_equal(r.pc, VBAR + 0x000);
}

static void test_from_el0(void **state)
{
	struct inject_result r;

	(void)state;
	inject_compute(INJECT_DABT, 0x1000, false, 0x400, PSTATE_EL0T, &plain, &r);
	assert_int_equal(ESR_EC(r.esr_el1), EC_DABT_LOW);
	assert_int_equal(r.pc, VBAR + 0x400);
	inject_compute(INJECT_IABT, 0x5000, false, 0x5000, PSTATE_EL0T, &plain, &r);
	assert_int_equal(ESR_EC(r.esr_el1), EC_IABT_LOW);
	assert_int_equal(r.far_el1, 0x5000);
	inject_compute(INJECT_UNDEF, 0, false, 0x8000, PSTATE_A32_USR, &plain, &r);
	assert_int_equal(r.pc, VBAR + 0x600);
}

static void test_iabt_and_undef(void **state)
{
	struct inject_result r;

	(void)state;
	inject_compute(INJECT_IABT, 0x7000, false, 0x7000, PSTATE_EL1H_NZCV, &plain, &r);
	assert_int_equal(ESR_EC(r.esr_el1), EC_IABT_CUR);
	assert_int_equal(ESR_xABT_FSC(r.esr_el1), 0x10);
	inject_compute(INJECT_UNDEF, 0xdead, true, 0x7004, PSTATE_EL1H_NZCV, &plain, &r);
	assert_int_equal(r.esr_el1, ESR_IL); /* EC 0, IL 1, ISS 0 */
	assert_int_equal(r.far_el1, 0);
	assert_int_equal(r.elr_el1, 0x7004);
	assert_int_equal(r.pc, VBAR + 0x200);
}

/* PSTATE on entry follows AArch64.TakeException with the features present. */
static void test_entry_pstate(void **state)
{
	struct inject_target t = {.vbar_el1 = VBAR,
				  .sctlr_el1 = 0,
				  .pan = true,
				  .uao = true,
				  .ssbs = true,
				  .mte = true,
				  .dit = true};
	/* EL1h, NZCV 1001, DIT, UAO, SSBS 0, BTYPE 2, SS, IL */
	uint64_t from = PSTATE_EL1H_NZCV | PSTATE_DIT | PSTATE_UAO | (2UL << 10) |
			(1UL << 21) | (1UL << 20);
	struct inject_result r;

	(void)state;
	/* SPAN 0: PAN set; DSSBS 0: SSBS clear; TCO set; UAO, SS, IL, BTYPE gone */
	inject_compute(INJECT_DABT, 0x1000, false, 0x400, from, &t, &r);
	assert_int_equal(r.pstate,
			 0x3c5 | (0x9UL << 28) | PSTATE_DIT | PSTATE_PAN | PSTATE_TCO);
	assert_int_equal(r.spsr_el1, from);
	/* SPAN 1 keeps PAN as it was (0); DSSBS 1 sets SSBS */
	t.sctlr_el1 = SCTLR_EL1_SPAN | SCTLR_EL1_DSSBS;
	inject_compute(INJECT_DABT, 0x1000, false, 0x400, from, &t, &r);
	assert_int_equal(r.pstate,
			 0x3c5 | (0x9UL << 28) | PSTATE_DIT | PSTATE_SSBS | PSTATE_TCO);
	inject_compute(INJECT_DABT, 0x1000, false, 0x400, from | PSTATE_PAN, &t, &r);
	assert_true(r.pstate & PSTATE_PAN);
	/* from AArch32 EL0: DIT is bit 21 of its SPSR */
	inject_compute(INJECT_UNDEF, 0, false, 0x8000, PSTATE_A32_USR | (1UL << 21), &t,
		       &r);
	assert_true(r.pstate & PSTATE_DIT);
	/* without the features, none of it */
	inject_compute(INJECT_DABT, 0x1000, false, 0x400, from, &plain, &r);
	assert_int_equal(r.pstate, 0x3c5 | (0x9UL << 28));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dabt_from_el1h),
		cmocka_unit_test(test_entry_pstate),
		cmocka_unit_test(test_dabt_read_from_el1t),
		cmocka_unit_test(test_from_el0),
		cmocka_unit_test(test_iabt_and_undef),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
