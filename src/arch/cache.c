/*
 * Cache maintenance for memory a guest will read with its MMU off, and
 * zeroing with DC ZVA. Guest RAM is hundreds of MiB: the loops issue sixteen
 * operations per iteration, so that the loop's own compare and branch cost
 * little next to the one DC and one add each line or block needs.
 */
#include <string.h>

#include "arch/cache.h"
#include "arch/sysreg.h"

#define CTR_EL0_IDC (1UL << 28)
#define DCZID_EL0_DZP (1UL << 4)
#define DCZID_EL0_BS_MASK 0xfUL

/* DC <op> on the sixteen lines or blocks of step bytes from a. */
#define DC_ADD_NEXT(op) "add x16, x16, %1\n\tdc " op ", x16\n\t"
#define DC_X16(op, a, step)                                                              \
	__asm__ volatile(                                                                \
		"dc " op ", %0\n\t"                                                      \
		"add x16, %0, %1\n\tdc " op ", x16\n\t" DC_ADD_NEXT(op) DC_ADD_NEXT(op)  \
			DC_ADD_NEXT(op) DC_ADD_NEXT(op) DC_ADD_NEXT(op) DC_ADD_NEXT(op)  \
				DC_ADD_NEXT(op) DC_ADD_NEXT(op) DC_ADD_NEXT(op)          \
					DC_ADD_NEXT(op) DC_ADD_NEXT(op) DC_ADD_NEXT(op)  \
						DC_ADD_NEXT(op) DC_ADD_NEXT(op)::"r"(a), \
		"r"(step)                                                                \
		: "x16", "memory")

/* DC <op> on every line of step bytes in [a, end), a aligned to step. */
#define DC_RANGE(op, a, end, step)                                                       \
	do {                                                                             \
		for (; (a) + 16 * (step) <= (end); (a) += 16 * (step))                   \
			DC_X16(op, a, step);                                             \
		for (; (a) < (end); (a) += (step))                                       \
			__asm__ volatile("dc " op ", %0" ::"r"(a) : "memory");           \
	} while (0)

static uint64_t dcache_line(void)
{
	/* CTR_EL0.DminLine: log2 of the smallest line, in words */
	return 4UL << ((sysreg_read(ctr_el0) >> 16) & 0xf);
}

void dcache_clean_inval_range(uint64_t start, uint64_t size)
{
	uint64_t line = dcache_line();
	uint64_t a = start & ~(line - 1);

	DC_RANGE("civac", a, start + size, line);
	dsb(sy);
}

void dcache_clean_pou_range(uint64_t start, uint64_t size)
{
	uint64_t line = dcache_line();
	uint64_t a = start & ~(line - 1);

	/* CTR_EL0.IDC set: no data cache clean to PoU is needed for
	 * instruction to data coherence (Arm ARM, the CTR_EL0 description). */
	if (!(sysreg_read(ctr_el0) & CTR_EL0_IDC))
		DC_RANGE("cvau", a, start + size, line);
	dsb(ish);
}

uint64_t dcache_zva_block(void)
{
	uint64_t dczid = sysreg_read(dczid_el0);

	/* DCZID_EL0.DZP: DC ZVA is prohibited at this EL; BS: log2 of the
	 * block size in words (Arm ARM, the DCZID_EL0 description). */
	return (dczid & DCZID_EL0_DZP) ? 0 : 4UL << (dczid & DCZID_EL0_BS_MASK);
}

void dcache_zero_range(uint64_t start, uint64_t size)
{
	uint64_t bs = dcache_zva_block();
	uint64_t end = start + size, a, zend;

	if (!bs || size < 2 * bs) {
		memset((void *)start, 0, size);
		return;
	}
	a = (start + bs - 1) & ~(bs - 1);
	zend = end & ~(bs - 1);
	memset((void *)start, 0, a - start);
	DC_RANGE("zva", a, zend, bs);
	memset((void *)zend, 0, end - zend);
	/* DC ZVA behaves as a store for ordering (Arm ARM, "DC ZVA"): a DSB
	 * completes it before any maintenance or hand-over that follows. */
	dsb(ish);
}

void icache_inval_all(void)
{
	__asm__ volatile("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}
