/*
 * A recording pt_ops mock for the mm/pt table builder, shared by test_pt.c
 * and test_stage2.c. It walks the tables on its own (no pt.c code) at every
 * TLB invalidation and after every operation, and fails on a
 * break-before-make violation: a live leaf that changed without being
 * invalidated first, a leaf that went away without a TLBI for it, or a TLBI
 * issued while the entry is still valid. Linked into every unit test, so
 * every global name here starts with pt_mock.
 */
#ifndef UNIT_HELPERS_PT_MOCK_H
#define UNIT_HELPERS_PT_MOCK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/pt.h"

#define ADDR_MASK 0x0000fffffffff000UL
#define PT_MOCK_MAX_LIVE 4096
#define PT_MOCK_MAX_INV 4096
#define SZ_4K 0x1000UL
#define SZ_2M 0x200000UL
#define SZ_1G 0x40000000UL

struct pt_mock_leaf {
	uint64_t ia;
	unsigned level;
	uint64_t desc;
};
struct pt_mock_leaves {
	struct pt_mock_leaf *v;
	size_t n, cap;
};
struct pt_mock_inval {
	uint64_t ia;
	unsigned level;
	bool was_table;
};
struct pt_mock_state {
	const struct pt *pt;
	void *live[PT_MOCK_MAX_LIVE];
	unsigned nlive, allocs, frees, publishes, ninv;
	long budget; /* allocations still allowed, < 0: unlimited */
	struct pt_mock_inval inv[PT_MOCK_MAX_INV];
	struct pt_mock_leaves prev; /* valid leaves at the last event */
	char why[200];
};

/* The mock's state; pt_mock_reset() points it at the tables it checks. */
extern struct pt_mock_state pt_mock;
/* Pass with ctx = &pt_mock. */
extern const struct pt_ops pt_mock_ops;

/* Bytes mapped by one entry at level. */
uint64_t pt_mock_lsize(unsigned level);
/* Entries in pt's root table (concatenated tables counted together). */
uint64_t pt_mock_root_n(const struct pt *pt);
/* The entry for ia at level, or NULL if no valid table leads there. */
uint64_t *pt_mock_entry_at(const struct pt *pt, uint64_t ia, unsigned level);
/* Every valid leaf, in IA order (out->v is realloc'ed; free it). */
void pt_mock_snapshot(struct pt_mock_leaves *out);
/* The leaf of s that covers ia, or NULL. */
const struct pt_mock_leaf *pt_mock_covering(const struct pt_mock_leaves *s, uint64_t ia);
bool pt_mock_same(const struct pt_mock_leaf *a, const struct pt_mock_leaf *b);
/* Compares the tables with the last event; now is the TLBI being made (NULL
 * at a checkpoint). Returns what is wrong, or NULL. */
const char *pt_mock_bbm_check(const struct pt_mock_inval *now);

/* Starts over for tables pt: no tables live, counters 0, no budget. */
void pt_mock_reset(const struct pt *pt);
/* After each operation: the tables must not have changed live entries. */
void pt_mock_settle(void);
/* Frees what the mock kept; after pt's tables are gone. */
void pt_mock_done(void);

#endif
