/*
 * The memory-type policy and the stage 1 + stage 2 combining rules
 * (src/memattr/memattr.c). The expected effective types are written out
 * here from the Arm ARM's combining rules (Device wins, the stricter of each
 * of G, R and E; Normal halves combine NC > WT > WB; with FWB, MemAttr 0b110
 * forces Write-Back), not computed by the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "memattr/memattr.h"

#define D_nGnRnE 0x00
#define D_nGnRE 0x04
#define D_GRE 0x0c
#define N_NC 0x44
#define N_WT 0xbb
#define N_WB 0xff
#define N_WB_NA 0xee /* write-back, no read-allocate hint difference kept */

static void test_combining(void **state)
{
	static const struct {
		uint8_t s1;
		enum s2_memtype s2;
		bool fwb;
		uint8_t want;
	} rows[] = {
		/* stage 2 Device-nGnRE: a guest gets Device whatever it maps */
		{N_WB, S2_DEVICE_nGnRE, false, D_nGnRE},
		{N_NC, S2_DEVICE_nGnRE, false, D_nGnRE},
		{D_GRE, S2_DEVICE_nGnRE, false, D_nGnRE},
		{D_nGnRnE, S2_DEVICE_nGnRE, false, D_nGnRnE},
		{N_WB, S2_DEVICE_nGnRE, true, D_nGnRE},
		{D_nGnRnE, S2_DEVICE_nGnRE, true, D_nGnRnE},
		/* stage 2 Device-nGnRnE: the strictest, always */
		{N_WB, S2_DEVICE_nGnRnE, false, D_nGnRnE},
		{D_nGnRE, S2_DEVICE_nGnRnE, true, D_nGnRnE},
		{N_NC, S2_DEVICE_nGnRnE, true, D_nGnRnE},
		/* stage 2 Normal-NC: the guest picks Device or NC, never cacheable */
		{N_WB, S2_NORMAL_NC, false, N_NC},
		{N_WT, S2_NORMAL_NC, false, N_NC},
		{N_NC, S2_NORMAL_NC, false, N_NC},
		{D_nGnRE, S2_NORMAL_NC, false, D_nGnRE},
		{D_nGnRnE, S2_NORMAL_NC, true, D_nGnRnE},
		{N_WB, S2_NORMAL_NC, true, N_NC},
		/* stage 2 Normal-WB without FWB: stage 1 decides */
		{N_WB, S2_NORMAL_WB, false, N_WB},
		{N_WB_NA, S2_NORMAL_WB, false, N_WB_NA},
		{N_NC, S2_NORMAL_WB, false, N_NC},
		{D_nGnRE, S2_NORMAL_WB, false, D_nGnRE},
		/* FWB MemAttr 0b110: forced Write-Back even for stage-1 Device */
		{N_NC, S2_NORMAL_WB, true, N_WB},
		{D_nGnRE, S2_NORMAL_WB, true, N_WB},
		/* mixed halves: inner WB outer NC against stage-2 NC */
		{0x4f, S2_NORMAL_NC, false, N_NC},
		/* inner NC outer WB against stage-2 WB: unchanged */
		{0xf4, S2_NORMAL_WB, false, 0xf4},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint8_t got = memattr_effective(rows[i].s1, rows[i].s2, rows[i].fwb);

		if (got != rows[i].want)
			fail_msg(
				"row %u: S1 0x%02x + S2 %s (FWB %d) = 0x%02x, want 0x%02x",
				i, rows[i].s1, s2_memtype_name(rows[i].s2), rows[i].fwb,
				got, rows[i].want);
	}
}

static void test_names(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(memattr_attr_name(0x00, b, sizeof(b)), "Device-nGnRnE");
	assert_string_equal(memattr_attr_name(0x04, b, sizeof(b)), "Device-nGnRE");
	assert_string_equal(memattr_attr_name(0x0c, b, sizeof(b)), "Device-GRE");
	assert_string_equal(memattr_attr_name(0x44, b, sizeof(b)), "Normal-NC");
	assert_string_equal(memattr_attr_name(0xff, b, sizeof(b)), "Normal-WB");
	assert_string_equal(memattr_attr_name(0xbb, b, sizeof(b)), "Normal-WT");
	assert_string_equal(memattr_attr_name(0xf4, b, sizeof(b)), "Normal iNC oWB");
}

static enum memattr_verdict check(enum s2_memtype t, bool in_ram, bool plat, bool vouched,
				  bool coherent, bool fwb, char *why)
{
	struct memattr_req q = {t,   in_ram,           plat, vouched, coherent,
				fwb, MEMATTR_PCI_NONE, false};

	why[0] = '\0';
	return memattr_check(&q, why, 400);
}

static void test_policy(void **state)
{
	char why[400];

	(void)state;
	/* Device types: always */
	assert_int_equal(check(S2_DEVICE_nGnRE, false, false, false, false, false, why),
			 MEMATTR_OK);
	assert_int_equal(check(S2_DEVICE_nGnRnE, false, false, false, false, true, why),
			 MEMATTR_OK);
	/* Normal-NC: RAM-like only; a vouched one with a warning */
	assert_int_equal(check(S2_NORMAL_NC, false, false, false, false, true, why),
			 MEMATTR_REFUSED);
	assert_non_null(strstr(why, "read speculatively"));
	assert_non_null(strstr(why, "add ram-like;"));
	assert_int_equal(check(S2_NORMAL_NC, true, false, false, false, false, why),
			 MEMATTR_OK);
	assert_int_equal(check(S2_NORMAL_NC, false, true, false, false, false, why),
			 MEMATTR_OK);
	assert_int_equal(check(S2_NORMAL_NC, false, false, true, false, false, why),
			 MEMATTR_WARN);
	assert_non_null(strstr(why, "you vouch"));
	/* Normal-WB: coherent (or RAM) and FWB */
	assert_int_equal(check(S2_NORMAL_WB, false, false, false, false, true, why),
			 MEMATTR_REFUSED);
	assert_non_null(strstr(why, "add coherent;"));
	assert_int_equal(check(S2_NORMAL_WB, false, false, false, true, false, why),
			 MEMATTR_REFUSED);
	assert_non_null(strstr(why, "FEAT_S2FWB"));
	assert_int_equal(check(S2_NORMAL_WB, false, false, false, true, true, why),
			 MEMATTR_OK);
	assert_int_equal(check(S2_NORMAL_WB, true, false, false, false, true, why),
			 MEMATTR_OK);
	assert_int_equal(check(S2_NORMAL_WB, true, false, false, false, false, why),
			 MEMATTR_REFUSED);
}

/* TESSERA_HC_MEMATTR's answer: never the host PA, never IMPDEF bits. */
static void test_par_for_guest(void **state)
{
	/* S1: IPA 0x70002000 (ATTR of stage 1 only); S12: host PA 0x4a002000,
	 * Normal-NC, SH 0b10, NS, IMPDEF bit 10 set */
	uint64_t s1 = 0xff00000070002b80UL, s12 = 0x440000004a002f00UL;
	uint64_t r;

	(void)state;
	r = memattr_par_for_guest(s1, s12);
	assert_int_equal(r >> 56, 0x44);                        /* effective type */
	assert_int_equal(r & 0x000ffffffffff000UL, 0x70002000); /* the IPA */
	assert_int_equal(r & 0x380, 0x100); /* SH 0b10; NS (UNKNOWN) dropped */
	assert_int_equal(r & 0x401, 0);     /* F = 0, no IMPDEF */
	assert_int_equal(r & 0x800, 0x800); /* RES1 */
	/* stage-1 fault: stage 1's PAR, IMPDEF high byte gone */
	r = memattr_par_for_guest(0xab00000000000809UL, s12);
	assert_int_equal(r, 0x809);
	/* stage-2 fault (S, PTW): only F, FST, PTW, S */
	r = memattr_par_for_guest(s1, 0xcd0000004a002b1bUL);
	assert_int_equal(r, 0xb19); /* permission level 1 (0x0d) reads level 0 */
	/* a stage-1 fault keeps its level: the guest's own tables */
	r = memattr_par_for_guest(0x80b, s12);
	assert_int_equal(r, 0x80b);
	/* the stage-1 walk's stage-2 fault (S=1 in the S1E1R result) too */
	r = memattr_par_for_guest(0xb0f, s12);
	assert_int_equal(r, 0xb09); /* translation level 3 reads level 0 */
}

static enum memattr_verdict check_pci(enum s2_memtype t, enum memattr_pci pci, bool pref,
				      bool vouched, char *why)
{
	/* a bridge's compatible is never platform RAM-like on QEMU virt, but
	 * even one that were would not make its windows so */
	struct memattr_req q = {t, false, true, vouched, true, true, pci, pref};

	why[0] = '\0';
	return memattr_check(&q, why, 400);
}

/* PCI host bridges: configuration and I/O space stay Device whatever the
 * config vouches; a memory window is Normal-NC only with ram-like, since the
 * prefetchable bit does not prove it RAM-like. */
static void test_policy_pci(void **state)
{
	char why[400];

	(void)state;
	assert_int_equal(
		check_pci(S2_DEVICE_nGnRnE, MEMATTR_PCI_CONFIG, false, false, why),
		MEMATTR_OK);
	assert_int_equal(check_pci(S2_DEVICE_nGnRE, MEMATTR_PCI_MEM, true, false, why),
			 MEMATTR_OK);
	assert_int_equal(check_pci(S2_NORMAL_NC, MEMATTR_PCI_CONFIG, false, true, why),
			 MEMATTR_REFUSED);
	assert_non_null(strstr(why, "PCIe configuration space is never RAM-like"));
	assert_non_null(strstr(why, "use device-nGnRnE"));
	assert_int_equal(check_pci(S2_NORMAL_WB, MEMATTR_PCI_IO, false, true, why),
			 MEMATTR_REFUSED);
	assert_non_null(strstr(why, "a PCI I/O window is never RAM-like"));
	/* prefetchable alone: refused, and the reason names the bit */
	assert_int_equal(check_pci(S2_NORMAL_NC, MEMATTR_PCI_MEM, true, false, why),
			 MEMATTR_REFUSED);
	assert_non_null(strstr(why, "prefetchable does not"));
	assert_non_null(strstr(why, "add ram-like;"));
	assert_null(strstr(why, "does not even mark"));
	assert_int_equal(check_pci(S2_NORMAL_NC, MEMATTR_PCI_MEM, false, false, why),
			 MEMATTR_REFUSED);
	assert_non_null(strstr(why, "does not even mark it prefetchable"));
	assert_int_equal(check_pci(S2_NORMAL_NC, MEMATTR_PCI_MEM, false, true, why),
			 MEMATTR_WARN);
	assert_non_null(strstr(why, "every BAR the guest places"));
	/* normal-WB on a memory window: the general rule (coherent and FWB) */
	assert_int_equal(check_pci(S2_NORMAL_WB, MEMATTR_PCI_MEM, true, false, why),
			 MEMATTR_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_combining),     cmocka_unit_test(test_names),
		cmocka_unit_test(test_policy),        cmocka_unit_test(test_policy_pci),
		cmocka_unit_test(test_par_for_guest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
