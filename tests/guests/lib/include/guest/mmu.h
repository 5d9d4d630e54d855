/*
 * Stage-1 identity map for the guests: 4 KiB granule, 39-bit VA, blocks where
 * alignment allows. Mappings may be added after the MMU is on, but only where
 * nothing is mapped yet (or the same type already is).
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H
#include <stdbool.h>
#include <stdint.h>

/* Also the MAIR index of each type (guest/mmu.c). */
enum mmu_type { MMU_NORMAL, MMU_DEVICE, MMU_NORMAL_NC, MMU_DEVICE_nGnRnE };

/* Returns false if out of tables, or if part of the range has another type. */
bool mmu_map(uint64_t base, uint64_t size, enum mmu_type type);
/* The same at va for the physical (intermediate) address pa: an alias. */
bool mmu_map_at(uint64_t va, uint64_t pa, uint64_t size, enum mmu_type type);
void mmu_enable(void);
bool mmu_is_on(void);

#endif
