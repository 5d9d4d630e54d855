/* Translation table building; see include/mm/pt.h. */
#include <stddef.h>

#include "lib/errno.h"
#include "mm/pt.h"

#define GRANULE 4096UL

static inline void write_desc(uint64_t *slot, uint64_t v)
{
	*(volatile uint64_t *)slot = v; /* single-copy atomic for the walker */
}

static inline bool desc_is_table(uint64_t d, unsigned level)
{
	return level < 3 && (d & PT_DESC_TYPE_MASK) == PT_DESC_TABLE;
}

static inline uint64_t leaf_type(unsigned level)
{
	return level == 3 ? PT_DESC_PAGE : PT_DESC_BLOCK;
}

static inline uint64_t *next_table(const struct pt *pt, uint64_t d)
{
	return pt->ops->phys_to_virt(pt->ctx, d & PT_ADDR_MASK);
}

uint64_t pt_identity_v2p(void *ctx, const void *p)
{
	(void)ctx;
	return (uint64_t)p;
}

void *pt_identity_p2v(void *ctx, uint64_t pa)
{
	(void)ctx;
	return (void *)pa;
}

uint64_t pt_root_entries(unsigned ia_bits, unsigned start_level)
{
	unsigned shift = pt_level_shift(start_level);

	return ia_bits <= shift ? 1 : 1UL << (ia_bits - shift);
}

/*
 * Deepest start level whose root fits: fewest lookups. For stage 1 with one
 * table this is the level TxSZ implies (Arm ARM D8.2, 4K granule: level 0
 * for 40-48 bits, 1 for 31-39, 2 for 22-30); stage 2 may concatenate up to
 * 16 tables at the start level to skip a level (Arm ARM D8.2, "Concatenated
 * translation tables for the initial stage 2 lookup").
 */
unsigned pt_pick_start_level(unsigned ia_bits, unsigned max_root_tables)
{
	uint64_t max = PT_ENTRIES * (uint64_t)(max_root_tables ? max_root_tables : 1);

	for (unsigned level = 2; level > 0; level--)
		if (pt_root_entries(ia_bits, level) <= max)
			return level;
	return 0;
}

static inline uint64_t entry_index(const struct pt *pt, unsigned level, uint64_t ia)
{
	uint64_t n = (level == pt->start_level) ? pt_root_entries(pt->ia_bits, level)
						: PT_ENTRIES;

	return (ia >> pt_level_shift(level)) & (n - 1);
}

/* Span [*base, *end) of the entry covering ia, clipped to limit. */
static inline uint64_t span_end(uint64_t ia, unsigned level, uint64_t limit)
{
	uint64_t blk = 1UL << pt_level_shift(level);
	uint64_t e = (ia & ~(blk - 1)) + blk;

	return (e < limit && e != 0) ? e : limit;
}

static bool range_has_valid(const struct pt *pt, const uint64_t *table, unsigned level,
			    uint64_t ia, uint64_t end)
{
	while (ia < end) {
		uint64_t next = span_end(ia, level, end);
		uint64_t d = table[entry_index(pt, level, ia)];

		if (d & PT_DESC_VALID) {
			if (!desc_is_table(d, level))
				return true;
			if (range_has_valid(pt, next_table(pt, d), level + 1, ia, next))
				return true;
		}
		ia = next;
	}
	return false;
}

static bool range_fully_mapped(const struct pt *pt, const uint64_t *table, unsigned level,
			       uint64_t ia, uint64_t end)
{
	while (ia < end) {
		uint64_t next = span_end(ia, level, end);
		uint64_t d = table[entry_index(pt, level, ia)];

		if (!(d & PT_DESC_VALID))
			return false;
		if (desc_is_table(d, level) &&
		    !range_fully_mapped(pt, next_table(pt, d), level + 1, ia, next))
			return false;
		ia = next;
	}
	return true;
}

static uint64_t *alloc_table(struct pt *pt)
{
	return pt->ops->table_alloc(pt->ctx);
}

static void link_table(struct pt *pt, uint64_t *slot, uint64_t *child)
{
	pt->ops->publish(pt->ctx); /* child contents before the link */
	write_desc(slot, pt->ops->virt_to_phys(pt->ctx, child) | PT_DESC_TABLE);
}

static int map_level(struct pt *pt, uint64_t *table, unsigned level, uint64_t ia,
		     uint64_t end, uint64_t pa, uint64_t attrs)
{
	uint64_t blk = 1UL << pt_level_shift(level);

	while (ia < end) {
		uint64_t next = span_end(ia, level, end);
		uint64_t *slot = &table[entry_index(pt, level, ia)];
		bool leaf_ok = level >= 1 && (ia & (blk - 1)) == 0 &&
			       (pa & (blk - 1)) == 0 && next - ia == blk &&
			       !(*slot & PT_DESC_VALID);

		if (leaf_ok) {
			write_desc(slot, pa | attrs | leaf_type(level));
		} else {
			uint64_t *child;

			if (*slot & PT_DESC_VALID) {
				child = next_table(pt, *slot);
			} else {
				child = alloc_table(pt);
				if (!child)
					return -ENOMEM;
				link_table(pt, slot, child);
			}
			int r = map_level(pt, child, level + 1, ia, next, pa, attrs);
			if (r)
				return r;
		}
		pa += next - ia;
		ia = next;
	}
	return 0;
}

static int check_range(const struct pt *pt, uint64_t ia, uint64_t size)
{
	if (size == 0 || ((ia | size) & (GRANULE - 1)))
		return -EINVAL;
	if (pt->ia_bits < 64 &&
	    (ia >= (1UL << pt->ia_bits) || size > (1UL << pt->ia_bits) - ia))
		return -ERANGE;
	return 0;
}

int pt_map(struct pt *pt, uint64_t ia, uint64_t pa, uint64_t size, uint64_t attrs)
{
	int r = check_range(pt, ia, size);

	if (r)
		return r;
	if ((pa & ~PT_ADDR_MASK) || ((pa + size - 1) >> 48) ||
	    (attrs & (PT_ADDR_MASK | PT_DESC_TYPE_MASK)))
		return -EINVAL;
	if (range_has_valid(pt, pt->root, pt->start_level, ia, ia + size))
		return -EEXIST;
	r = map_level(pt, pt->root, pt->start_level, ia, ia + size, pa, attrs);
	if (r) {
		pt_unmap(pt, ia, size);
		return r;
	}
	pt->ops->publish(pt->ctx);
	return 0;
}

/*
 * Tables for the block splits one unmap or set_attrs needs, taken before
 * anything is touched so that -ENOMEM leaves the tables unchanged. Only the
 * blocks that straddle the two ends of the range are split: per end, at most
 * a 1 GiB block and then the 2 MiB block inside it.
 */
#define SPLIT_MAX 4

struct split_reserve {
	uint64_t *t[SPLIT_MAX];
	unsigned n;
};

static unsigned count_splits(const struct pt *pt, uint64_t ia, uint64_t end)
{
	uint64_t cuts[2] = {ia, end};
	uint64_t seen[SPLIT_MAX];
	unsigned n = 0;

	for (unsigned i = 0; i < 2; i++) {
		uint64_t d;
		unsigned level;

		/* A cut needs splits only inside a block (which then also
		 * covers the address just outside the range). */
		if (pt_lookup(pt, cuts[i], &d, &level))
			continue;
		for (unsigned l = level; l < 3; l++) {
			uint64_t blk = 1UL << pt_level_shift(l);
			uint64_t key = (cuts[i] & ~(blk - 1)) | l;
			bool dup = false;

			if (!(cuts[i] & (blk - 1)))
				break;
			for (unsigned k = 0; k < n; k++)
				dup |= seen[k] == key;
			if (!dup && n < SPLIT_MAX)
				seen[n++] = key;
		}
	}
	return n;
}

static void reserve_release(struct pt *pt, struct split_reserve *rs)
{
	while (rs->n)
		pt->ops->table_free(pt->ctx, rs->t[--rs->n]);
}

static int reserve_take(struct pt *pt, struct split_reserve *rs, uint64_t ia,
			uint64_t end)
{
	unsigned need = count_splits(pt, ia, end);

	rs->n = 0;
	while (rs->n < need) {
		uint64_t *t = alloc_table(pt);

		if (!t) {
			reserve_release(pt, rs);
			return -ENOMEM;
		}
		rs->t[rs->n++] = t;
	}
	return 0;
}

/* Replaces the block at *slot by a table of equivalent next-level entries,
 * with break-before-make (Arm ARM D8.16.1: changing a block into a table is
 * a change of block size, which needs BBM without FEAT_BBM). */
static int split_block(struct pt *pt, struct split_reserve *rs, uint64_t *slot,
		       unsigned level, uint64_t base)
{
	uint64_t d = *slot;
	uint64_t attrs = d & ~(PT_ADDR_MASK | PT_DESC_TYPE_MASK);
	uint64_t pa = d & PT_ADDR_MASK;
	uint64_t step = 1UL << pt_level_shift(level + 1);
	uint64_t *child = rs->n ? rs->t[--rs->n] : NULL;

	if (!child) /* count_splits() reserved every table this call needs */
		return -ENOMEM;
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		child[i] = (pa + i * step) | attrs | leaf_type(level + 1);
	write_desc(slot, 0);
	pt->ops->tlb_inval(pt->ctx, base, level, false);
	link_table(pt, slot, child);
	return 0;
}

static bool table_is_empty(const uint64_t *t)
{
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		if (t[i] & PT_DESC_VALID)
			return false;
	return true;
}

static int unmap_level(struct pt *pt, struct split_reserve *rs, uint64_t *table,
		       unsigned level, uint64_t ia, uint64_t end)
{
	uint64_t blk = 1UL << pt_level_shift(level);

	while (ia < end) {
		uint64_t next = span_end(ia, level, end);
		uint64_t base = ia & ~(blk - 1);
		uint64_t *slot = &table[entry_index(pt, level, ia)];
		uint64_t d = *slot;

		if (!(d & PT_DESC_VALID)) {
			ia = next;
			continue;
		}
		if (!desc_is_table(d, level)) {
			if (ia == base && next - ia == blk) {
				write_desc(slot, 0);
				pt->ops->tlb_inval(pt->ctx, base, level, false);
				ia = next;
				continue;
			}
			int r = split_block(pt, rs, slot, level, base);
			if (r)
				return r;
			d = *slot;
		}
		uint64_t *child = next_table(pt, d);
		int r = unmap_level(pt, rs, child, level + 1, ia, next);
		if (r)
			return r;
		if (table_is_empty(child)) {
			/* Free only after the walkers can no longer reach it. */
			write_desc(slot, 0);
			pt->ops->tlb_inval(pt->ctx, base, level, true);
			pt->ops->table_free(pt->ctx, child);
		}
		ia = next;
	}
	return 0;
}

int pt_unmap(struct pt *pt, uint64_t ia, uint64_t size)
{
	struct split_reserve rs;
	int r = check_range(pt, ia, size);

	if (r)
		return r;
	r = reserve_take(pt, &rs, ia, ia + size);
	if (r)
		return r;
	r = unmap_level(pt, &rs, pt->root, pt->start_level, ia, ia + size);
	reserve_release(pt, &rs);
	pt->ops->publish(pt->ctx);
	return r;
}

static int set_attrs_level(struct pt *pt, struct split_reserve *rs, uint64_t *table,
			   unsigned level, uint64_t ia, uint64_t end, uint64_t attrs)
{
	uint64_t blk = 1UL << pt_level_shift(level);

	while (ia < end) {
		uint64_t next = span_end(ia, level, end);
		uint64_t base = ia & ~(blk - 1);
		uint64_t *slot = &table[entry_index(pt, level, ia)];
		uint64_t d = *slot;

		if (!desc_is_table(d, level)) {
			if (ia == base && next - ia == blk) {
				/* Arm ARM D8.16.1: a change of memory type or
				 * permissions on a live entry needs BBM. */
				write_desc(slot, 0);
				pt->ops->tlb_inval(pt->ctx, base, level, false);
				write_desc(slot,
					   (d & PT_ADDR_MASK) | attrs | leaf_type(level));
				ia = next;
				continue;
			}
			int r = split_block(pt, rs, slot, level, base);
			if (r)
				return r;
			d = *slot;
		}
		int r = set_attrs_level(pt, rs, next_table(pt, d), level + 1, ia, next,
					attrs);
		if (r)
			return r;
		ia = next;
	}
	return 0;
}

int pt_set_attrs(struct pt *pt, uint64_t ia, uint64_t size, uint64_t attrs)
{
	struct split_reserve rs;
	int r = check_range(pt, ia, size);

	if (r)
		return r;
	if (attrs & (PT_ADDR_MASK | PT_DESC_TYPE_MASK))
		return -EINVAL;
	if (!range_fully_mapped(pt, pt->root, pt->start_level, ia, ia + size))
		return -ENOENT;
	r = reserve_take(pt, &rs, ia, ia + size);
	if (r)
		return r;
	r = set_attrs_level(pt, &rs, pt->root, pt->start_level, ia, ia + size, attrs);
	reserve_release(pt, &rs);
	pt->ops->publish(pt->ctx);
	return r;
}

int pt_lookup(const struct pt *pt, uint64_t ia, uint64_t *desc, unsigned *level)
{
	const uint64_t *table = pt->root;

	if (pt->ia_bits < 64 && ia >= (1UL << pt->ia_bits))
		return -ERANGE;
	for (unsigned l = pt->start_level; l <= 3; l++) {
		uint64_t d = table[entry_index(pt, l, ia)];

		if (!(d & PT_DESC_VALID))
			return -ENOENT;
		if (!desc_is_table(d, l)) {
			if (desc)
				*desc = d;
			if (level)
				*level = l;
			return 0;
		}
		table = next_table(pt, d);
	}
	return -ENOENT;
}

static void free_level(struct pt *pt, uint64_t *table, unsigned level, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		if (!desc_is_table(table[i], level) || !(table[i] & PT_DESC_VALID))
			continue;
		uint64_t *child = next_table(pt, table[i]);
		free_level(pt, child, level + 1, PT_ENTRIES);
		table[i] = 0;
		pt->ops->table_free(pt->ctx, child);
	}
}

void pt_free_tables(struct pt *pt)
{
	free_level(pt, pt->root, pt->start_level,
		   pt_root_entries(pt->ia_bits, pt->start_level));
}
