/* Physical page allocator; see include/mm/palloc.h. */
#include "mm/palloc.h"
#include "core/config.h"
#include "lib/errno.h"

void palloc_init(struct palloc *pa, const struct range *ranges, unsigned n)
{
	pa->n = 0;
	for (unsigned i = 0; i < n && pa->n < PALLOC_MAX_EXTENTS; i++)
		pa->free[pa->n++] = ranges[i];
	range_list_normalize(pa->free, &pa->n);
	range_list_align_inwards(pa->free, &pa->n, PAGE_SIZE);
}

uint64_t palloc_alloc(struct palloc *pa, uint64_t size, uint64_t align)
{
	/* sizes within a page of 2^64 would round up to 0 */
	if (size == 0 || size > UINT64_MAX - (PAGE_SIZE - 1))
		return 0;
	size = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (align < PAGE_SIZE)
		align = PAGE_SIZE;
	if (align & (align - 1))
		return 0;
	for (unsigned i = 0; i < pa->n; i++) {
		struct range *r = &pa->free[i];
		uint64_t base = (r->base + align - 1) & ~(align - 1);

		if (base < r->base || base + size < base || base + size > range_end(r))
			continue;
		/* carving from the middle may split the extent */
		if (range_list_subtract(pa->free, &pa->n, PALLOC_MAX_EXTENTS, base, size))
			return 0;
		return base;
	}
	return 0;
}

int palloc_free(struct palloc *pa, uint64_t base, uint64_t size)
{
	if (size == 0 || ((base | size) & (PAGE_SIZE - 1)) || base + size < base)
		return -EINVAL;
	for (unsigned i = 0; i < pa->n; i++)
		if (range_overlaps(pa->free[i].base, pa->free[i].size, base, size))
			return -EINVAL;
	for (unsigned i = 0; i < pa->n; i++) {
		if (range_end(&pa->free[i]) == base) {
			pa->free[i].size += size;
			goto merged;
		}
		if (pa->free[i].base == base + size) {
			pa->free[i].base = base;
			pa->free[i].size += size;
			goto merged;
		}
	}
	if (pa->n >= PALLOC_MAX_EXTENTS)
		return -ENOSPC;
	pa->free[pa->n].base = base;
	pa->free[pa->n].size = size;
	pa->n++;
merged:
	range_list_normalize(pa->free, &pa->n);
	return 0;
}

uint64_t palloc_free_bytes(const struct palloc *pa)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < pa->n; i++)
		total += pa->free[i].size;
	return total;
}

int palloc_take(struct palloc *pa, uint64_t base, uint64_t size)
{
	if (size == 0 || ((base | size) & (PAGE_SIZE - 1)) || base + size < base)
		return -EINVAL;
	/* the whole range must lie in one free extent (extents are merged) */
	for (unsigned i = 0; i < pa->n; i++)
		if (base >= pa->free[i].base && base + size <= range_end(&pa->free[i]))
			return range_list_subtract(pa->free, &pa->n, PALLOC_MAX_EXTENTS,
						   base, size);
	return -EBUSY;
}
