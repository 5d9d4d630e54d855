/*
 * Physical page allocator over the free RAM ranges (pure logic: it tracks
 * addresses and never touches the memory). First fit, lowest address first;
 * freed extents merge with their neighbours.
 */
#ifndef MM_PALLOC_H
#define MM_PALLOC_H
#include <stdint.h>

#include "lib/range.h"

#define PALLOC_MAX_EXTENTS 64

struct palloc {
	struct range free[PALLOC_MAX_EXTENTS];
	unsigned n;
};

/* Takes the ranges, shrunk inwards to whole pages. */
void palloc_init(struct palloc *pa, const struct range *ranges, unsigned n);
/* size is rounded up to pages; align is a power of two >= 4 KiB (or 0).
 * Returns the physical address, or 0 when nothing fits. */
uint64_t palloc_alloc(struct palloc *pa, uint64_t size, uint64_t align);
/* -EINVAL if unaligned or if any part is already free; -ENOSPC if the extent
 * list is full. */
int palloc_free(struct palloc *pa, uint64_t base, uint64_t size);
uint64_t palloc_free_bytes(const struct palloc *pa);
/* Takes exactly [base, base+size) out of the free RAM (a carve-out, or RAM
 * at a given address): -EINVAL if unaligned, -EBUSY if any of it is not free,
 * -ENOSPC if the extent list is full. */
int palloc_take(struct palloc *pa, uint64_t base, uint64_t size);

#endif
