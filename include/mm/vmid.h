/*
 * VMID allocator: a bitmap over the 8- or 16-bit VMID space
 * (ID_AA64MMFR1_EL1.VMIDBits). VMID 0 is reserved for "no guest" (the value
 * VTTBR_EL2 holds when no guest is loaded) and never handed out. Pure logic
 * and not locked: the caller serialises (guests are created at boot).
 * A freed VMID may still tag TLB entries: invalidate them (stage2_hw_destroy
 * does) before the VMID is freed and reused.
 */
#ifndef MM_VMID_H
#define MM_VMID_H
#include <stdbool.h>
#include <stdint.h>

#define VMID_MAX_BITS 16

struct vmid_pool {
	uint64_t map[(1u << VMID_MAX_BITS) / 64]; /* bit set: in use */
	unsigned count; /* 256 or 65536 VMIDs, including the reserved 0 */
	unsigned used;  /* allocated, not counting VMID 0 */
};

/* -EINVAL unless vmid_bits is 8 or 16. */
int vmid_pool_init(struct vmid_pool *p, unsigned vmid_bits);
/* The lowest free VMID (>= 1), or -ENOSPC. */
int vmid_alloc(struct vmid_pool *p);
/* -EINVAL for VMID 0, one out of range, or one not allocated. */
int vmid_free(struct vmid_pool *p, unsigned vmid);
bool vmid_is_allocated(const struct vmid_pool *p, unsigned vmid);
/* VMIDs still available. */
unsigned vmid_available(const struct vmid_pool *p);

#endif
