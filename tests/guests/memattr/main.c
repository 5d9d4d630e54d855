/*
 * memattr: a guest whose config (tests/payloads/memattr-*.dts) assigns one
 * page of host RAM per stage-2 memory type at MEMATTR_REGION_BASE + i * 4 KiB,
 * page 0 as Device-nGnRE. It checks HCR_EL2.PTW: a stage-1 table placed in
 * that stage-2 Device page must not be walked (Arm ARM: with PTW set, a
 * stage-1 walk that reads stage-2 Device memory takes a stage-2 permission
 * fault): a load through it takes an abort, which Tessera injects (its
 * on-fault policy is "inject"), and the guest goes on.
 */
#include "guest/check.h"
#include "guest/console.h"
#include "guest/fault.h"
#include "guest/mmu.h"
#include "guest/rt.h"
#include "guest/sysreg.h"

#define MEMATTR_REGION_BASE 0x70000000UL /* page 0: stage-2 Device-nGnRE */
#define PAGE 4096UL

/* TTBR1 walks only: a level-1 table in the Device page maps the top of a
 * 39-bit TTBR1 space. TTBR0 (the guest's own map) is left alone. */
#define PTW_VA 0xffffff8000000000UL
#define TCR_T1SZ(n) ((uint64_t)(n) << 16)
#define TCR_T1SZ_MASK (0x3fUL << 16)
#define TCR_EPD1 (1UL << 23)
#define TCR_TG1_MASK (3UL << 30)
#define TCR_TG1_4K (2UL << 30)

static void ptw(void)
{
	volatile uint64_t *table = (volatile uint64_t *)MEMATTR_REGION_BASE;
	uint64_t tcr = read_sysreg(tcr_el1);
	struct fault_rec rec;
	bool aborted;

	if (!check(mmu_map(MEMATTR_REGION_BASE, PAGE, MMU_DEVICE),
		   "stage-1 map of the assigned Device page", "no tables left"))
		return;
	/* one level-1 entry: a 1 GiB block of the guest's RAM */
	for (unsigned i = 0; i < 512; i++)
		table[i] = 0;
	table[0] = (rt_ram.base & ~((1UL << 30) - 1)) | (1UL << 10) | 1;
	write_sysreg(ttbr1_el1, MEMATTR_REGION_BASE);
	write_sysreg(tcr_el1, (tcr & ~(TCR_EPD1 | TCR_T1SZ_MASK | TCR_TG1_MASK)) |
				      TCR_T1SZ(25) | TCR_TG1_4K);
	__asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");

	fault_arm();
	(void)*(volatile uint64_t *)PTW_VA;
	aborted = fault_disarm(&rec);
	console_printf("PTW: a load whose stage-1 walk reads stage-2 Device memory: %s, "
		       "ESR_EL1 %#lx, FAR_EL1 %#lx\n",
		       aborted ? "abort taken" : "no abort", rec.esr, rec.far);
	check(aborted && ESR_EC(rec.esr) == 0x25 && rec.far == PTW_VA,
	      "HCR_EL2.PTW: a stage-1 walk into stage-2 Device memory ends in a data abort "
	      "at the address loaded",
	      "taken %d ESR %#lx FAR %#lx", aborted, rec.esr, rec.far);

	write_sysreg(tcr_el1, tcr);
	__asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
}

void guest_main(uint64_t dtb)
{
	(void)dtb;
	ptw();
	check_finish();
}

void guest_secondary_main(unsigned cpu, uint64_t ctx)
{
	(void)cpu;
	(void)ctx;
}
