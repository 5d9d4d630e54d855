/* ESR_ELx decoding for exception reports (src/arch/esr.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "arch/esr.h"

/* Builds an ESR from its fields (Arm ARM D24.2.45). */
static uint64_t esr(unsigned ec, int il, uint32_t iss)
{
	return ((uint64_t)ec << 26) | (il ? ESR_IL : 0) | (iss & 0x1ffffff);
}

static void test_field_macros(void **state)
{
	/* a real one: QEMU's report of selftest write-text (a store to EL2 text) */
	uint64_t e = 0x971f004f;

	(void)state;
	assert_int_equal(ESR_EC(e), EC_DABT_CUR);
	assert_true(e & ESR_IL);
	assert_int_equal(ESR_ISS(e), 0x11f004f);
	assert_true(e & ESR_DABT_ISV);
	assert_int_equal(ESR_DABT_SAS(e), 0);
	assert_false(e & ESR_DABT_SSE);
	assert_int_equal(ESR_DABT_SRT(e), 31);
	assert_false(e & ESR_DABT_SF);
	assert_true(e & ESR_DABT_WNR);
	assert_false(e & ESR_DABT_S1PTW);
	assert_int_equal(ESR_xABT_FSC(e), 0x0f);
	/* the upper 32 bits (ISS2) never leak into EC or ISS */
	e = 0xffffffff00000000ULL | esr(EC_HVC64, 1, 0x1234);
	assert_int_equal(ESR_EC(e), EC_HVC64);
	assert_int_equal(ESR_ISS(e), 0x1234);
	e = esr(EC_DABT_LOW, 1,
		ESR_DABT_ISV | (3UL << 22) | ESR_DABT_SSE | (5UL << 16) | ESR_DABT_SF |
			ESR_DABT_FNV | ESR_DABT_S1PTW | 0x07);
	assert_int_equal(ESR_EC(e), 0x24);
	assert_int_equal(ESR_DABT_SAS(e), 3);
	assert_true(e & ESR_DABT_SSE);
	assert_int_equal(ESR_DABT_SRT(e), 5);
	assert_true(e & ESR_DABT_SF);
	assert_true(e & ESR_DABT_FNV);
	assert_true(e & ESR_DABT_S1PTW);
	assert_false(e & ESR_DABT_WNR);
	assert_int_equal(ESR_xABT_FSC(e), 0x07);
}

static void test_class_names(void **state)
{
	static const struct {
		unsigned ec;
		const char *name;
	} t[] = {
		{0x00, "unknown reason (undefined instruction)"},
		{0x01, "WFI/WFE"},
		{0x07, "SIMD/FP access trap"},
		{0x0e, "illegal execution state"},
		{0x15, "SVC"},
		{0x16, "HVC"},
		{0x17, "SMC"},
		{0x18, "system register access"},
		{0x19, "SVE access trap"},
		{0x20, "instruction abort from a lower EL"},
		{0x21, "instruction abort (same EL)"},
		{0x22, "PC alignment fault"},
		{0x24, "data abort from a lower EL"},
		{0x25, "data abort (same EL)"},
		{0x26, "SP alignment fault"},
		{0x2f, "SError"},
		{0x30, "breakpoint"},
		{0x31, "breakpoint"},
		{0x32, "software step"},
		{0x33, "software step"},
		{0x34, "watchpoint"},
		{0x35, "watchpoint"},
		{0x3c, "BRK instruction"},
		{0x02, "reserved or unhandled class"},
		{0x3f, "reserved or unhandled class"},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_string_equal(esr_ec_name(t[i].ec), t[i].name);
}

static void test_fault_status_names(void **state)
{
	(void)state;
	for (unsigned lvl = 0; lvl < 4; lvl++) {
		assert_string_equal(esr_fsc_name(lvl), "address size fault");
		assert_string_equal(esr_fsc_name(0x04 | lvl), "translation fault");
		assert_string_equal(esr_fsc_name(0x08 | lvl), "access flag fault");
		assert_string_equal(esr_fsc_name(0x0c | lvl), "permission fault");
	}
	assert_string_equal(esr_fsc_name(0x10), "synchronous external abort");
	assert_string_equal(esr_fsc_name(0x21), "alignment fault");
	assert_string_equal(esr_fsc_name(0x30), "TLB conflict abort");
	assert_string_equal(esr_fsc_name(0x22), "other fault");
	assert_string_equal(esr_fsc_name(0x3f), "other fault");
}

#define DESCRIBE(e, want)                                                                \
	do {                                                                             \
		char b_[160];                                                            \
		int n_ = esr_describe((e), b_, sizeof(b_));                              \
		assert_string_equal(b_, want);                                           \
		assert_int_equal(n_, (int)strlen(want));                                 \
	} while (0)

static void test_describe_real_syndromes(void **state)
{
	(void)state;
	/* what QEMU reports for the three boot self tests */
	DESCRIBE(0x971f004f, "EC 0x25 data abort (same EL), IL=1, ISS 0x11f004f: "
			     "permission fault at level 3, write");
	DESCRIBE(0x8600000f, "EC 0x21 instruction abort (same EL), IL=1, ISS 0x000000f: "
			     "permission fault at level 3");
	DESCRIBE(0x02000000, "EC 0x00 unknown reason (undefined instruction), IL=1, "
			     "ISS 0x0000000");
}

static void test_describe_aborts(void **state)
{
	(void)state;
	/* a guest read that missed stage 2 at level 1 */
	DESCRIBE(esr(EC_DABT_LOW, 1, 0x05),
		 "EC 0x24 data abort from a lower EL, IL=1, ISS 0x0000005: "
		 "translation fault at level 1, read");
	/* no level for external aborts; FnV is reported */
	DESCRIBE(esr(EC_DABT_CUR, 1, ESR_DABT_FNV | ESR_DABT_WNR | 0x10),
		 "EC 0x25 data abort (same EL), IL=1, ISS 0x0000450: "
		 "synchronous external abort, write, FAR not valid");
	DESCRIBE(esr(EC_IABT_LOW, 0, 0x0b),
		 "EC 0x20 instruction abort from a lower EL, IL=0, ISS 0x000000b: "
		 "access flag fault at level 3");
	DESCRIBE(
		esr(EC_DABT_CUR, 1, 0x21),
		"EC 0x25 data abort (same EL), IL=1, ISS 0x0000021: alignment fault, read");
}

static void test_describe_other_classes(void **state)
{
	(void)state;
	/* no abort details for classes that are not aborts */
	DESCRIBE(esr(EC_HVC64, 1, 0xffff), "EC 0x16 HVC, IL=1, ISS 0x000ffff");
	DESCRIBE(esr(EC_SYSREG, 1, 0x1ffffff),
		 "EC 0x18 system register access, IL=1, ISS 0x1ffffff");
	DESCRIBE(esr(EC_SERROR, 1, 0), "EC 0x2f SError, IL=1, ISS 0x0000000");
}

static void test_describe_truncates(void **state)
{
	const char *full = "EC 0x25 data abort (same EL), IL=1, ISS 0x11f004f: "
			   "permission fault at level 3, write";
	int want = (int)strlen(full);

	(void)state;
	/* every buffer size: never overruns (ASan watches), always terminated,
	 * a prefix of the full text */
	for (int len = 1; len <= want + 1; len++) {
		char *b = malloc((size_t)len);
		int n;

		assert_non_null(b);
		n = esr_describe(0x971f004f, b, len);
		if (len > want)
			assert_int_equal(n, want);
		assert_int_equal(strlen(b), (size_t)len - 1 < (size_t)want
						    ? (size_t)len - 1
						    : (size_t)want);
		assert_memory_equal(b, full, strlen(b));
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_macros),
		cmocka_unit_test(test_class_names),
		cmocka_unit_test(test_fault_status_names),
		cmocka_unit_test(test_describe_real_syndromes),
		cmocka_unit_test(test_describe_aborts),
		cmocka_unit_test(test_describe_other_classes),
		cmocka_unit_test(test_describe_truncates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
