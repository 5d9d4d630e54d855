/* Tessera's own EL2 stage-1 map: identity mapped, W^X (SCTLR_EL2.WXN set too). */
#ifndef MM_EL2MAP_H
#define MM_EL2MAP_H
#include <stdint.h>

enum el2_prot {
	EL2_TEXT,   /* read-only, executable */
	EL2_RO,     /* read-only data */
	EL2_RW,     /* read-write data, never executable */
	EL2_DEVICE, /* Device-nGnRE, read-write, never executable */
	EL2_DEVICE_nGnRnE,
	EL2_NORMAL_NC, /* read-write, never executable, not cacheable */
};

struct el2_mmu_regs {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr;
};
extern struct el2_mmu_regs el2_mmu_regs;

/* Builds the empty table geometry for this CPU's PA size (MMU still off). */
void el2map_init(unsigned pa_bits, unsigned parange);
int el2map_map(uint64_t pa, uint64_t size, enum el2_prot prot);
int el2map_unmap(uint64_t pa, uint64_t size);
/* Once the page allocator runs, new tables come from it when the boot pool is empty. */
void el2map_set_table_source(void *(*alloc_page)(void));

#endif
