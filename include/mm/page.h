/* The EL2 page allocator instance over the host's free RAM (locked). */
#ifndef MM_PAGE_H
#define MM_PAGE_H
#include <stdint.h>

#include "lib/range.h"

void page_init(const struct range *free, unsigned n);
/* Physical address (identity mapped at EL2) of size bytes aligned to align,
 * zero filled; 0 when out of memory. */
uint64_t page_alloc_range(uint64_t size, uint64_t align);
void page_free_range(uint64_t pa, uint64_t size);
/* One zeroed page, or NULL. */
void *page_alloc_zeroed(void);
uint64_t page_free_bytes(void);
/* The allocator itself, for the boot-time layout (one CPU, before guests). */
struct palloc *page_pool(void);

#endif
