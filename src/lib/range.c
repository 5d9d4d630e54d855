/* Sorted range lists: RAM minus reservations, free extents. */
#include "lib/range.h"
#include "lib/errno.h"

static void remove_at(struct range *list, unsigned *n, unsigned i)
{
	for (; i + 1 < *n; i++)
		list[i] = list[i + 1];
	(*n)--;
}

void range_list_normalize(struct range *list, unsigned *n)
{
	/* insertion sort: the lists are a handful of entries */
	for (unsigned i = 1; i < *n; i++) {
		struct range r = list[i];
		unsigned j = i;

		for (; j > 0 && list[j - 1].base > r.base; j--)
			list[j] = list[j - 1];
		list[j] = r;
	}
	for (unsigned i = 0; i < *n;) {
		if (list[i].size == 0) {
			remove_at(list, n, i);
			continue;
		}
		if (i > 0 && list[i].base <= range_end(&list[i - 1])) {
			uint64_t end = range_end(&list[i]);

			if (end > range_end(&list[i - 1]))
				list[i - 1].size = end - list[i - 1].base;
			remove_at(list, n, i);
			continue;
		}
		i++;
	}
}

int range_list_subtract(struct range *list, unsigned *n, unsigned max, uint64_t base,
			uint64_t size)
{
	uint64_t end = base + size;

	for (unsigned i = 0; i < *n && size;) {
		struct range *r = &list[i];
		uint64_t rend = range_end(r);

		if (!range_overlaps(r->base, r->size, base, size)) {
			i++;
			continue;
		}
		if (base <= r->base && end >= rend) {
			remove_at(list, n, i);
			continue;
		}
		if (base > r->base && end < rend) {
			if (*n >= max)
				return -ENOSPC;
			for (unsigned j = *n; j > i + 1; j--)
				list[j] = list[j - 1];
			(*n)++;
			list[i + 1].base = end;
			list[i + 1].size = rend - end;
			r->size = base - r->base;
			i += 2;
			continue;
		}
		if (base <= r->base) {
			r->size = rend - end;
			r->base = end;
		} else {
			r->size = base - r->base;
		}
		i++;
	}
	return 0;
}

void range_list_align_inwards(struct range *list, unsigned *n, uint64_t align)
{
	for (unsigned i = 0; i < *n;) {
		uint64_t b = (list[i].base + align - 1) & ~(align - 1);
		uint64_t e = range_end(&list[i]) & ~(align - 1);

		if (e <= b) {
			remove_at(list, n, i);
			continue;
		}
		list[i].base = b;
		list[i].size = e - b;
		i++;
	}
}
