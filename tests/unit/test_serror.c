/* serror_decide: which SError, which on-fault policy -> which action. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/esr.h"
#include "trap/serror.h"

#define SERR(iss) (((uint64_t)EC_SERROR << 26) | ESR_IL | (iss))
#define RAS(aet) SERR(((uint64_t)(aet) << 10) | SERROR_DFSC_ASYNC)

static struct serror_decision decide(uint64_t esr, enum vm_on_fault p,
				     enum serror_where w)
{
	struct serror_decision d = {.action = SERROR_STOP_MACHINE, .vsesr = ~0UL};

	serror_decide(esr, p, w, &d);
	return d;
}

/* Before FEAT_RAS an SError's ISS is 0 (or IMPLEMENTATION DEFINED): the
 * policy decides, and an injected one is uncategorized. */
static void test_uncategorized_follows_policy(void **state)
{
	(void)state;
	struct serror_decision d = decide(SERR(0), VM_FAULT_INJECT, SERROR_AT_EXIT);

	assert_int_equal(d.action, SERROR_INJECT);
	assert_int_equal(d.vsesr, 0);
	assert_string_equal(d.kind, "uncategorized");
	assert_int_equal(decide(SERR(0), VM_FAULT_STOP, SERROR_AT_EXIT).action,
			 SERROR_STOP_GUEST);
	assert_int_equal(decide(SERR(0), VM_FAULT_RESET, SERROR_AT_EXIT).action,
			 SERROR_RESET_GUEST);
}

/* The host's implementation defined syndrome never reaches a guest. */
static void test_impdef_syndrome_not_injected(void **state)
{
	(void)state;
	struct serror_decision d =
		decide(SERR(SERROR_ISS_IDS | 0x123456), VM_FAULT_INJECT, SERROR_AT_EXIT);

	assert_int_equal(d.action, SERROR_INJECT);
	assert_int_equal(d.vsesr, 0);
	assert_string_equal(d.kind, "implementation defined syndrome");
	/* IDS set: bits that look like AET UC mean nothing */
	d = decide(SERR(SERROR_ISS_IDS | SERROR_DFSC_ASYNC), VM_FAULT_INJECT,
		   SERROR_AT_EXIT);
	assert_int_equal(d.action, SERROR_INJECT);
}

/* UEU, UEO, UER: the policy decides; the guest sees the class. */
static void test_ras_classes_injected_with_class(void **state)
{
	(void)state;
	static const unsigned aets[] = {SERROR_AET_UEU, SERROR_AET_UEO, SERROR_AET_UER};

	for (unsigned i = 0; i < 3; i++) {
		struct serror_decision d = decide(RAS(aets[i]) | (1UL << 13) | (1UL << 9),
						  VM_FAULT_INJECT, SERROR_AT_EXIT);

		assert_int_equal(d.action, SERROR_INJECT);
		/* IESB and EA are the host's view: not passed on */
		assert_int_equal(d.vsesr, ((uint64_t)aets[i] << 10) | 0x11);
		assert_int_equal(
			decide(RAS(aets[i]), VM_FAULT_STOP, SERROR_AT_EXIT).action,
			SERROR_STOP_GUEST);
		assert_int_equal(
			decide(RAS(aets[i]), VM_FAULT_RESET, SERROR_AT_EXIT).action,
			SERROR_RESET_GUEST);
	}
	assert_string_equal(
		decide(RAS(SERROR_AET_UER), VM_FAULT_STOP, SERROR_AT_EXIT).kind,
		"recoverable");
}

/* Uncontainable stops the machine whatever the guest's policy. */
static void test_uncontainable_stops_machine(void **state)
{
	(void)state;
	for (int p = VM_FAULT_INJECT; p <= VM_FAULT_RESET; p++) {
		assert_int_equal(decide(RAS(SERROR_AET_UC), p, SERROR_AT_EXIT).action,
				 SERROR_STOP_MACHINE);
		assert_int_equal(decide(RAS(SERROR_AET_UC), p, SERROR_AT_STOP).action,
				 SERROR_STOP_MACHINE);
	}
	assert_string_equal(
		decide(RAS(SERROR_AET_UC), VM_FAULT_INJECT, SERROR_AT_EXIT).kind,
		"uncontainable");
}

/* Corrected: the guest goes on, at exit and at stop. */
static void test_corrected_continues(void **state)
{
	(void)state;
	for (int p = VM_FAULT_INJECT; p <= VM_FAULT_RESET; p++) {
		assert_int_equal(decide(RAS(SERROR_AET_CE), p, SERROR_AT_EXIT).action,
				 SERROR_CONTINUE);
		assert_int_equal(decide(RAS(SERROR_AET_CE), p, SERROR_AT_STOP).action,
				 SERROR_CONTINUE);
	}
}

/* At a stop the life is over: nothing is injected into the next one; "stop"
 * still turns the guest off, "reset" leaves the stop as it was asked. */
static void test_at_stop(void **state)
{
	(void)state;
	assert_int_equal(decide(SERR(0), VM_FAULT_INJECT, SERROR_AT_STOP).action,
			 SERROR_DROP);
	assert_int_equal(
		decide(RAS(SERROR_AET_UER), VM_FAULT_INJECT, SERROR_AT_STOP).action,
		SERROR_DROP);
	assert_int_equal(decide(SERR(0), VM_FAULT_RESET, SERROR_AT_STOP).action,
			 SERROR_DROP);
	assert_int_equal(decide(SERR(0), VM_FAULT_STOP, SERROR_AT_STOP).action,
			 SERROR_STOP_GUEST);
}

/* One vCPU powers off while its guest runs on: "reset" and "stop" still
 * apply to the guest; a virtual SError would die with the vCPU. */
static void test_at_vcpu_off(void **state)
{
	(void)state;
	assert_int_equal(decide(SERR(0), VM_FAULT_RESET, SERROR_AT_VCPU_OFF).action,
			 SERROR_RESET_GUEST);
	assert_int_equal(decide(SERR(0), VM_FAULT_STOP, SERROR_AT_VCPU_OFF).action,
			 SERROR_STOP_GUEST);
	assert_int_equal(decide(SERR(0), VM_FAULT_INJECT, SERROR_AT_VCPU_OFF).action,
			 SERROR_DROP);
}

/* Reserved AET values are not a class: uncategorized to the guest. */
static void test_reserved_aet(void **state)
{
	(void)state;
	struct serror_decision d = decide(RAS(4), VM_FAULT_INJECT, SERROR_AT_EXIT);

	assert_int_equal(d.action, SERROR_INJECT);
	assert_int_equal(d.vsesr, 0);
}

/* DISR_EL1 (A, bit 31, and ISS[24:0]) -> the ESR of an SError (arch/esr.c). */
static void test_esr_from_disr(void **state)
{
	(void)state;
	uint64_t esr = esr_from_disr(DISR_EL1_A | (SERROR_AET_UEO << 10) | 0x11);

	assert_int_equal(ESR_EC(esr), EC_SERROR);
	assert_true(esr & ESR_IL);
	assert_int_equal(ESR_ISS(esr), (SERROR_AET_UEO << 10) | 0x11);
	assert_int_equal(decide(esr, VM_FAULT_INJECT, SERROR_AT_EXIT).vsesr,
			 (SERROR_AET_UEO << 10) | 0x11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uncategorized_follows_policy),
		cmocka_unit_test(test_impdef_syndrome_not_injected),
		cmocka_unit_test(test_ras_classes_injected_with_class),
		cmocka_unit_test(test_uncontainable_stops_machine),
		cmocka_unit_test(test_corrected_continues),
		cmocka_unit_test(test_at_stop),
		cmocka_unit_test(test_at_vcpu_off),
		cmocka_unit_test(test_reserved_aet),
		cmocka_unit_test(test_esr_from_disr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
