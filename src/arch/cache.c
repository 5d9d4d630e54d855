/* Cache maintenance for memory a guest will read with its MMU off. */
#include "arch/cache.h"
#include "arch/sysreg.h"

static uint64_t dcache_line(void)
{
	/* CTR_EL0.DminLine: log2 of the smallest line, in words */
	return 4UL << ((sysreg_read(ctr_el0) >> 16) & 0xf);
}

void dcache_clean_inval_range(uint64_t start, uint64_t size)
{
	uint64_t line = dcache_line();

	for (uint64_t a = start & ~(line - 1); a < start + size; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(sy);
}

void icache_inval_all(void)
{
	__asm__ volatile("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}
