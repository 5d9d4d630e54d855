/* Address ranges and sorted lists of them (pure logic). */
#ifndef LIB_RANGE_H
#define LIB_RANGE_H
#include <stdbool.h>
#include <stdint.h>

struct range {
	uint64_t base;
	uint64_t size;
};

static inline uint64_t range_end(const struct range *r)
{
	return r->base + r->size;
}

static inline bool range_overlaps(uint64_t a, uint64_t asz, uint64_t b, uint64_t bsz)
{
	return a < b + bsz && b < a + asz;
}

/* Sorts by base and merges touching or overlapping entries. */
void range_list_normalize(struct range *list, unsigned *n);
/* Removes [base, base+size) from the list; -ENOSPC if a split needs more than max. */
int range_list_subtract(struct range *list, unsigned *n, unsigned max, uint64_t base,
			uint64_t size);
/* Shrinks every entry inwards to multiples of align and drops empty ones. */
void range_list_align_inwards(struct range *list, unsigned *n, uint64_t align);

#endif
