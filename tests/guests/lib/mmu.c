/*
 * Stage-1 identity map; see guest/mmu.h. T0SZ = 25 (39-bit VA) so the walk
 * starts at level 1 and one root table covers 512 GiB, enough for the
 * attacker's RAM at 0x1_0000_0000. Tables come from a static pool in bss.
 */
#include "guest/mmu.h"
#include "guest/rt.h"
#include "guest/sysreg.h"

#define MMU_POOL_TABLES 16
#define MMU_ENTRIES 512
#define MMU_PAGE 4096UL

#define PTE_VALID (1UL << 0)
#define PTE_TABLE (1UL << 1) /* table at levels 1-2, page at level 3 */
#define PTE_ATTRIDX(i) ((uint64_t)(i) << 2)
#define PTE_SH_INNER (3UL << 8)
#define PTE_AF (1UL << 10)
#define PTE_PXN (1UL << 53)
#define PTE_UXN (1UL << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000UL

/* MAIR: 0 Normal WB RW-allocate, 1 Device-nGnRE, 2 Normal-NC, 3 Device-nGnRnE
 * (the index is the enum mmu_type). */
#define MAIR_VALUE 0x004404ffUL

#define TCR_T0SZ 25UL
#define TCR_IRGN0_WB (1UL << 8)
#define TCR_ORGN0_WB (1UL << 10)
#define TCR_SH0_INNER (3UL << 12)
#define TCR_EPD1 (1UL << 23) /* no TTBR1 walks: everything is in TTBR0 */
#define TCR_IPS_SHIFT 32
#define TCR_IPS_40BIT 2UL

#define SCTLR_SA (1UL << 3)

static uint64_t mmu_tables[MMU_POOL_TABLES][MMU_ENTRIES] __attribute__((aligned(4096)));
static unsigned mmu_tables_used = 1; /* table 0 is the level-1 root */

static uint64_t mmu_leaf_attrs(enum mmu_type type)
{
	if (type == MMU_NORMAL)
		return PTE_ATTRIDX(MMU_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_UXN;
	/* Device and NC: never executable, so no speculative instruction fetch. */
	return PTE_ATTRIDX(type) | PTE_AF | PTE_PXN | PTE_UXN;
}

static bool mmu_is_leaf(uint64_t e, unsigned level)
{
	return (e & PTE_VALID) && (level == 3 || !(e & PTE_TABLE));
}

/* Maps va to va + delta (0: identity). */
static bool mmu_map_level(uint64_t *table, unsigned level, uint64_t va, uint64_t size,
			  uint64_t attrs, uint64_t delta)
{
	unsigned shift = 12 + 9 * (3 - level);
	uint64_t blk = 1UL << shift;

	while (size) {
		uint64_t *e = &table[(va >> shift) & (MMU_ENTRIES - 1)];
		uint64_t chunk = blk - (va & (blk - 1));

		if (chunk > size)
			chunk = size;
		if (mmu_is_leaf(*e, level)) {
			/* Already mapped: fine only if with the same type. */
			if ((*e & ~PTE_ADDR_MASK & ~(PTE_VALID | PTE_TABLE)) != attrs)
				return false;
		} else if (*e == 0 && chunk == blk) {
			*e = (va + delta) | attrs | PTE_VALID |
			     (level == 3 ? PTE_TABLE : 0);
		} else {
			if (*e == 0) {
				if (mmu_tables_used == MMU_POOL_TABLES)
					return false;
				*e = (uint64_t)mmu_tables[mmu_tables_used++] | PTE_VALID |
				     PTE_TABLE;
			}
			if (!mmu_map_level((uint64_t *)(*e & PTE_ADDR_MASK), level + 1,
					   va, chunk, attrs, delta))
				return false;
		}
		va += chunk;
		size -= chunk;
	}
	return true;
}

bool mmu_map(uint64_t base, uint64_t size, enum mmu_type type)
{
	return mmu_map_at(base, base, size, type);
}

bool mmu_map_at(uint64_t va, uint64_t pa, uint64_t size, enum mmu_type type)
{
	uint64_t lo = va & ~(MMU_PAGE - 1);
	uint64_t hi = (va + size + MMU_PAGE - 1) & ~(MMU_PAGE - 1);
	bool ok;

	if (hi > (1UL << (64 - TCR_T0SZ)) || hi <= lo || ((va ^ pa) & (MMU_PAGE - 1)))
		return false;
	ok = mmu_map_level(mmu_tables[0], 1, lo, hi - lo, mmu_leaf_attrs(type), pa - va);
	/* New entries only replace invalid ones, so no TLB maintenance. */
	dsb(ishst);
	isb();
	return ok;
}

bool mmu_is_on(void)
{
	return read_sysreg(sctlr_el1) & SCTLR_M;
}

void mmu_enable(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	uint64_t ips = parange < TCR_IPS_40BIT ? parange : TCR_IPS_40BIT;
	uint64_t tcr = TCR_T0SZ | TCR_IRGN0_WB | TCR_ORGN0_WB | TCR_SH0_INNER | TCR_EPD1 |
		       ips << TCR_IPS_SHIFT;
	uint64_t sctlr = RT_SCTLR_EL1_OFF | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I;

	dsb(ish);
	write_sysreg(mair_el1, MAIR_VALUE);
	write_sysreg(tcr_el1, tcr);
	write_sysreg(ttbr0_el1, (uint64_t)mmu_tables[0]);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
	write_sysreg(sctlr_el1, sctlr);
	isb();

	/* Secondaries read these with their MMU off: clean them to PoC. */
	rt_mmu_regs[0] = MAIR_VALUE;
	rt_mmu_regs[1] = tcr;
	rt_mmu_regs[2] = (uint64_t)mmu_tables[0];
	rt_mmu_regs[3] = sctlr;
	__asm__ volatile("dc civac, %0\n\tdsb sy" ::"r"(rt_mmu_regs) : "memory");
}
