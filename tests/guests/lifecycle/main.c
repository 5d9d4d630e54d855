/*
 * lifecycle: a guest that is restarted, and knows it. Nothing of a guest
 * survives into its next life but the carve-outs its config marks
 * persistent: Tessera clears its RAM and its other carve-outs, and reloads
 * its image. So on its first boot the guest leaves a mark in its persistent
 * carve-out (KEEP_IPA) and a pattern in its RAM and in a carve-out that is
 * not persistent (CLEAR_IPA), then asks for a restart: PSCI SYSTEM_RESET
 * (the default build), or an access to an unmapped IPA (-DLIFECYCLE_FAULT=1)
 * that the config's on-fault policy answers ("reset" restarts it, "stop"
 * turns it off for good). On the next boot it finds the mark, checks that
 * the pattern is gone from both and that the image was reloaded, and powers
 * off. Its configs: tests/payloads/lifecycle-*.dts.
 *
 * -DLIFECYCLE_SERROR=1 (lifecycle-serror, on a FEAT_RAS CPU, Tessera booted
 * with tessera.selftest=guest-serror): before its reset the guest has
 * Tessera handle test SErrors under on-fault "inject" and checks the virtual
 * SError each one leaves (pending, deferred by ESB into DISR_EL1, taken);
 * it resets with one pending and one deferred, and the next life must see
 * neither.
 */
#include "guest/check.h"
#include "guest/console.h"
#include "guest/mmu.h"
#include "guest/rt.h"
#include "guest/smccc.h"
#include "guest/sysreg.h"

#ifndef LIFECYCLE_FAULT
#define LIFECYCLE_FAULT 0
#endif
#ifndef LIFECYCLE_SERROR
#define LIFECYCLE_SERROR 0
#endif

#define KEEP_IPA 0x70000000UL  /* carve-out, persistent (normal-NC) */
#define CLEAR_IPA 0x70001000UL /* carve-out, not persistent (normal-NC) */
#define PAGE 4096UL
/* In RAM, far above the image, well below the DT (2 MiB under RAM's end). */
#define PATTERN_OFFSET (8UL << 20)
#define PATTERN 0x5a5a5a5aa5a5a5a5UL
#define MARK_MAGIC 0x6c69666563796c65UL /* "lifecycl" */
#define FAULT_IPA 0x20000000UL          /* nothing there (docs/guest-abi.md) */
#define DATA_AS_LINKED 0x11aa22bb33cc44ddUL
#define DATA_CHANGED 0xdeadUL

#if LIFECYCLE_SERROR
#include "guest/fault.h"

#define HC_TEST_SERROR 0xc6000002UL /* TESSERA_HC_TEST_SERROR */
#define ISR_A (1UL << 8)
#define DISR_A (1UL << 31)
#define DISR_EL1 S3_0_C12_C1_1
#define ISS_UER ((3UL << 10) | 0x11) /* recoverable, asynchronous SError */
#define ESR_SERROR(iss) ((0x2fUL << 26) | ESR_IL | (iss))
#define VEC_CUR_SPX_SERROR 7
#define ESB() __asm__ volatile("hint #16" ::: "memory")

static bool test_serror(void)
{
	uint64_t r = smccc_hvc(HC_TEST_SERROR, ISS_UER, 0, 0, 0);

	/* with FEAT_RAS Tessera finds it at the next exit, in DISR_EL1 */
	smccc_hvc(TESSERA_HC_NULL, 0, 0, 0, 0);
	__asm__ volatile("isb" ::: "memory");
	return check(r == 0, "Tessera handles a test SError (selftest=guest-serror)",
		     "the hypercall returned 0x%lx", r);
}

/* PSTATE.A is masked throughout (as at boot) but where it is unmasked to
 * take one. */
static void serror_first_life(void)
{
	struct fault_rec rec;
	uint64_t disr;

	if (!test_serror())
		return;
	check(read_sysreg(isr_el1) & ISR_A,
	      "on-fault inject: a virtual SError is pending", "ISR_EL1 0x%lx",
	      read_sysreg(isr_el1));
	ESB();
	disr = read_sysreg(DISR_EL1);
	check(disr == (DISR_A | ISS_UER),
	      "ESB deferred it into DISR_EL1 with the error's class (recoverable)",
	      "DISR_EL1 0x%lx", disr);
	check(!(read_sysreg(isr_el1) & ISR_A), "no longer pending once deferred",
	      "ISR_EL1 0x%lx", read_sysreg(isr_el1));
	write_sysreg(DISR_EL1, 0);

	if (!test_serror())
		return;
	fault_arm();
	__asm__ volatile("msr daifclr, #4\n\tisb\n\tmsr daifset, #4" ::: "memory");
	fault_disarm(&rec);
	check(rec.taken && rec.vector == VEC_CUR_SPX_SERROR &&
		      rec.esr == ESR_SERROR(ISS_UER),
	      "taken at VBAR_EL1 + 0x380 with ESR_EL1 EC 0x2f and the class once unmasked",
	      "taken %d, vector %u, ESR 0x%lx", rec.taken, rec.vector, rec.esr);

	/* into the reset: one deferred, one pending */
	if (!test_serror())
		return;
	ESB();
	if (!test_serror())
		return;
	console_printf("first boot: a virtual SError deferred (DISR_EL1 0x%lx) and one "
		       "pending (ISR_EL1 0x%lx)\n",
		       read_sysreg(DISR_EL1), read_sysreg(isr_el1));
}

static void serror_next_life(void)
{
	check(!(read_sysreg(isr_el1) & ISR_A),
	      "no virtual SError pending from its last life", "ISR_EL1 0x%lx",
	      read_sysreg(isr_el1));
	check(read_sysreg(DISR_EL1) == 0,
	      "no virtual SError deferred from its last life (DISR_EL1 0)",
	      "DISR_EL1 0x%lx", read_sysreg(DISR_EL1));
}
#endif

struct lc_mark {
	uint64_t magic;
	uint64_t boots;
};

/* In .data: a restart that reloads the image brings its linked value back. */
static volatile uint64_t lc_data = DATA_AS_LINKED;

static void clean_to_poc(volatile void *p)
{
	/* the next boot starts with the MMU off: memory must hold the mark */
	__asm__ volatile("dc civac, %0\n\tdsb sy" ::"r"(p) : "memory");
}

static void first_boot(volatile struct lc_mark *m, volatile uint64_t *ram,
		       volatile uint64_t *scratch)
{
	check(lc_data == DATA_AS_LINKED, "first boot: .data holds its linked value",
	      "0x%lx", lc_data);
	/* the scenarios fill both with a pattern before Tessera starts */
	check(*scratch == 0, "first boot: the carve-out without persistent is zeroed",
	      "0x%lx", *scratch);
	check(*ram == 0, "first boot: its RAM is zeroed", "0x%lx at 0x%lx", *ram,
	      (uint64_t)ram);
	m->magic = MARK_MAGIC;
	m->boots = 1;
	*ram = PATTERN;
	*scratch = PATTERN;
	lc_data = DATA_CHANGED;
	clean_to_poc(ram);
	clean_to_poc(&lc_data);
	console_printf("first boot: no mark at 0x%lx, mark written; pattern at 0x%lx "
		       "(RAM) and 0x%lx (carve-out)\n",
		       (uint64_t)m, (uint64_t)ram, (uint64_t)scratch);
#if LIFECYCLE_FAULT
	if (!mmu_map(FAULT_IPA, 4096, MMU_DEVICE)) {
		check(false, "stage-1 map of the fault page", "cannot map 0x%lx",
		      FAULT_IPA);
		return;
	}
	console_printf("first boot: loading from unmapped IPA 0x%lx\n", FAULT_IPA);
	(void)*(volatile uint64_t *)FAULT_IPA;
	/* with on-fault "inject" the abort is an unexpected exception instead */
	check(false, "the on-fault policy took the guest away",
	      "the load from 0x%lx returned", FAULT_IPA);
#else
#if LIFECYCLE_SERROR
	serror_first_life();
#endif
	console_printf("first boot: calling PSCI SYSTEM_RESET\n");
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	check(false, "PSCI SYSTEM_RESET does not return", "it returned");
#endif
}

void guest_main(uint64_t dtb)
{
	volatile struct lc_mark *m = (volatile struct lc_mark *)KEEP_IPA;
	volatile uint64_t *scratch = (volatile uint64_t *)CLEAR_IPA;
	volatile uint64_t *ram;
	uint64_t at;

	rt_setup(dtb);
	at = rt_ram.base + PATTERN_OFFSET;
	if (!check(at >= (uint64_t)__image_end && at + 8 <= dtb,
		   "pattern offset lies between the image and the DT",
		   "pattern at 0x%lx, image ends 0x%lx, DT at 0x%lx", at,
		   (uint64_t)__image_end, dtb) ||
	    !check(mmu_map(KEEP_IPA, 2 * PAGE, MMU_NORMAL_NC),
		   "stage-1 map of the two carve-outs", "no tables left"))
		return;
	ram = (volatile uint64_t *)at;
	if (m->magic != MARK_MAGIC) {
		first_boot(m, ram, scratch);
		return;
	}
	m->boots++;
#if LIFECYCLE_SERROR
	serror_next_life();
#endif
	check(m->boots == 2,
	      LIFECYCLE_FAULT
		      ? "restarted after its fault (on-fault reset), the mark "
			"kept in the persistent carve-out"
		      : "restarted by SYSTEM_RESET, the mark kept in the persistent "
			"carve-out",
	      "this is boot %lu", m->boots);
	check(*ram == 0, "its RAM was cleared for the new life", "0x%lx at 0x%lx", *ram,
	      (uint64_t)ram);
	check(*scratch == 0, "the carve-out without persistent was cleared",
	      "0x%lx at 0x%lx", *scratch, (uint64_t)scratch);
	check(lc_data == DATA_AS_LINKED,
	      "the image was reloaded: .data holds its linked value again", "0x%lx",
	      lc_data);
}
