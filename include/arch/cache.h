/* Cache maintenance by VA, and zeroing with DC ZVA (Arm ARM, "Cache
 * maintenance instructions" and "DC ZVA"). */
#ifndef ARCH_CACHE_H
#define ARCH_CACHE_H
#include <stdint.h>

/* Clean and invalidate [start, start+size) to PoC, then DSB. */
void dcache_clean_inval_range(uint64_t start, uint64_t size);
/* Clean [start, start+size) to PoU for instruction fetches (nothing where
 * CTR_EL0.IDC says it is not needed), then DSB; invalidate the I-cache after. */
void dcache_clean_pou_range(uint64_t start, uint64_t size);
/* DC ZVA's block size in bytes (DCZID_EL0.BS), 0 where DCZID_EL0.DZP
 * prohibits it. */
uint64_t dcache_zva_block(void);
/* Zeroes [start, start+size) of Normal memory (the MMU on): DC ZVA for the
 * whole blocks inside, plain stores for the rest or where DC ZVA is
 * prohibited; then DSB ISH. */
void dcache_zero_range(uint64_t start, uint64_t size);
/* Invalidate all instruction caches to PoU, Inner Shareable. */
void icache_inval_all(void);

#endif
