/*
 * VMSAv8-64 translation tables with the 4 KiB granule (Arm ARM D8.3), shared by
 * the EL2 stage-1 map and stage 2. Pure logic: memory comes from ops, and every
 * TLB maintenance point is an ops callback, so host unit tests can walk the
 * tables and check the order of break-before-make.
 */
#ifndef MM_PT_H
#define MM_PT_H
#include <stdbool.h>
#include <stdint.h>

#define PT_ENTRIES 512
#define PT_DESC_VALID 0x1UL
#define PT_DESC_TYPE_MASK 0x3UL
#define PT_DESC_TABLE 0x3UL /* levels 0-2 */
#define PT_DESC_BLOCK 0x1UL /* levels 1-2 */
#define PT_DESC_PAGE 0x3UL  /* level 3 */
#define PT_ADDR_MASK 0x0000fffffffff000UL

static inline unsigned pt_level_shift(unsigned level)
{
	return 12 + 9 * (3 - level);
}

struct pt_ops {
	/* A zeroed, 4 KiB aligned table, or NULL. */
	void *(*table_alloc)(void *ctx);
	void (*table_free)(void *ctx, void *table);
	uint64_t (*virt_to_phys)(void *ctx, const void *p);
	void *(*phys_to_virt)(void *ctx, uint64_t pa);
	/*
	 * Break-before-make (Arm ARM D8.16.1): called after the valid entry that
	 * covered ia at level was replaced by an invalid one, before anything
	 * new is written there.
	 */
	void (*tlb_inval)(void *ctx, uint64_t ia, unsigned level, bool was_table);
	/* Makes table writes visible to the walker (DSB ISHST); before a new
	 * table is linked and after new entries are written. */
	void (*publish)(void *ctx);
};

struct pt {
	uint64_t *root;
	unsigned ia_bits;     /* input address size */
	unsigned start_level; /* 0..3; the root may be several concatenated tables */
	const struct pt_ops *ops;
	void *ctx;
};

/* virt_to_phys / phys_to_virt for tables in identity-mapped memory (EL2). */
uint64_t pt_identity_v2p(void *ctx, const void *p);
void *pt_identity_p2v(void *ctx, uint64_t pa);

/* Number of 8-byte entries of the root table for this geometry. */
uint64_t pt_root_entries(unsigned ia_bits, unsigned start_level);
/*
 * Deepest start level (at most 2) whose root needs no more than
 * max_root_tables concatenated tables: 1 gives the stage-1 start level that
 * TxSZ implies; stage 2 allows up to 16.
 */
unsigned pt_pick_start_level(unsigned ia_bits, unsigned max_root_tables);

/*
 * Maps [ia, ia+size) to [pa, pa+size). attrs holds the descriptor's attribute
 * bits (everything except the output address and bits[1:0]). Uses 1 GiB and
 * 2 MiB blocks where alignment allows. -EINVAL if unaligned, out of range or
 * attrs overlap the address; -EEXIST if any page of the range is mapped
 * (nothing is changed); -ENOMEM if tables ran out (nothing stays mapped).
 */
int pt_map(struct pt *pt, uint64_t ia, uint64_t pa, uint64_t size, uint64_t attrs);
/* Unmaps every valid entry in the range, splitting blocks that straddle it,
 * and frees tables left empty. Unmapped parts are skipped. -ENOMEM (nothing
 * changed) if the tables for the splits cannot be allocated. */
int pt_unmap(struct pt *pt, uint64_t ia, uint64_t size);
/* Replaces the attributes of a fully mapped range (break-before-make on each
 * leaf, splitting blocks that straddle its ends); -ENOENT or -ENOMEM, and
 * nothing changed, if part of it is unmapped or a split table is missing. */
int pt_set_attrs(struct pt *pt, uint64_t ia, uint64_t size, uint64_t attrs);
/* Leaf descriptor and its level for ia; -ENOENT if unmapped. */
int pt_lookup(const struct pt *pt, uint64_t ia, uint64_t *desc, unsigned *level);
/* Frees every table below the root (the entries must no longer be in use). */
void pt_free_tables(struct pt *pt);

#endif
