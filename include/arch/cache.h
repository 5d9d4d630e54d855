/* Cache maintenance by VA to the Point of Coherency (Arm ARM D7.5). */
#ifndef ARCH_CACHE_H
#define ARCH_CACHE_H
#include <stdint.h>

/* Clean and invalidate [start, start+size) to PoC, then DSB. */
void dcache_clean_inval_range(uint64_t start, uint64_t size);
/* Invalidate all instruction caches to PoU, Inner Shareable. */
void icache_inval_all(void);

#endif
