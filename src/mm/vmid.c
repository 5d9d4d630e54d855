/* VMID allocator; see include/mm/vmid.h. */
#include <string.h>

#include "lib/errno.h"
#include "mm/vmid.h"

static bool test_bit(const struct vmid_pool *p, unsigned v)
{
	return (p->map[v / 64] >> (v % 64)) & 1;
}

int vmid_pool_init(struct vmid_pool *p, unsigned vmid_bits)
{
	if (vmid_bits != 8 && vmid_bits != 16)
		return -EINVAL;
	memset(p->map, 0, sizeof(p->map));
	p->count = 1u << vmid_bits;
	p->used = 0;
	p->map[0] = 1; /* VMID 0: no guest */
	return 0;
}

int vmid_alloc(struct vmid_pool *p)
{
	for (unsigned w = 0; w < p->count / 64; w++) {
		if (p->map[w] == ~0UL)
			continue;
		unsigned b = (unsigned)__builtin_ctzll(~p->map[w]);

		p->map[w] |= 1UL << b;
		p->used++;
		return (int)(w * 64 + b);
	}
	return -ENOSPC;
}

int vmid_free(struct vmid_pool *p, unsigned vmid)
{
	if (vmid == 0 || vmid >= p->count || !test_bit(p, vmid))
		return -EINVAL;
	p->map[vmid / 64] &= ~(1UL << (vmid % 64));
	p->used--;
	return 0;
}

bool vmid_is_allocated(const struct vmid_pool *p, unsigned vmid)
{
	return vmid != 0 && vmid < p->count && test_bit(p, vmid);
}

unsigned vmid_available(const struct vmid_pool *p)
{
	return p->count - 1 - p->used;
}
