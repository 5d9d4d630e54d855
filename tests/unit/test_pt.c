/*
 * mm/pt: the generic table builder, through a recording pt_ops mock that
 * walks the tables on its own (no pt.c code) at every TLB invalidation and
 * after every operation, and fails on a break-before-make violation:
 * a live leaf that changed without being invalidated first, a leaf that went
 * away without a TLBI for it, or a TLBI issued while the entry is still valid.
 * test_stage2.c reuses the mock: it includes this file with
 * TEST_PT_MOCK_ONLY defined, which leaves out the tests below the mock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/errno.h"
#include "mm/pt.h"

/* ---- recording mock, shared with test_stage2.c ------------------------- */
#define ADDR_MASK 0x0000fffffffff000UL
#define MAX_LIVE 4096
#define MAX_INV 4096
#define SZ_4K 0x1000UL
#define SZ_2M 0x200000UL
#define SZ_1G 0x40000000UL

struct leaf {
	uint64_t ia;
	unsigned level;
	uint64_t desc;
};
struct leaves {
	struct leaf *v;
	size_t n, cap;
};
struct inval {
	uint64_t ia;
	unsigned level;
	bool was_table;
};
struct mock {
	const struct pt *pt;
	void *live[MAX_LIVE];
	unsigned nlive, allocs, frees, publishes, ninv;
	long budget; /* allocations still allowed, < 0: unlimited */
	struct inval inv[MAX_INV];
	struct leaves prev; /* valid leaves at the last event */
	char why[200];
};
static struct mock M;

static uint64_t lsize(unsigned level)
{
	return 1UL << (12 + 9 * (3 - level));
}

static uint64_t root_n(const struct pt *pt)
{
	unsigned s = 12 + 9 * (3 - pt->start_level);

	return pt->ia_bits <= s ? 1 : 1UL << (pt->ia_bits - s);
}

static uint64_t *entry_at(const struct pt *pt, uint64_t ia, unsigned level)
{
	uint64_t *t = pt->root;

	for (unsigned l = pt->start_level;; l++) {
		uint64_t n = l == pt->start_level ? root_n(pt) : 512;
		uint64_t *e = &t[(ia / lsize(l)) & (n - 1)];

		if (l == level)
			return e;
		if (l == 3 || (*e & 3) != 3)
			return NULL;
		t = (uint64_t *)(uintptr_t)(*e & ADDR_MASK);
	}
}

static bool is_live(const void *t)
{
	for (unsigned i = 0; i < M.nlive; i++)
		if (M.live[i] == t)
			return true;
	return false;
}

static void push(struct leaves *o, uint64_t ia, unsigned level, uint64_t d)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 64;
		o->v = realloc(o->v, o->cap * sizeof(*o->v));
		assert_non_null(o->v);
	}
	o->v[o->n++] = (struct leaf){ia, level, d};
}

/* Every valid leaf, in IA order; checks descriptor types and table links. */
static void collect(const uint64_t *t, unsigned level, uint64_t base, uint64_t n,
		    struct leaves *out, const void *find, bool *found)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t d = t[i], ia = base + i * lsize(level);

		if (!(d & 1))
			continue;
		if (level < 3 && (d & 3) == 3) {
			const uint64_t *c = (const uint64_t *)(uintptr_t)(d & ADDR_MASK);

			if (c == find)
				*found = true;
			if (!is_live(c))
				fail_msg(
					"table at %#lx L%u links to a table not allocated",
					ia, level);
			collect(c, level + 1, ia, 512, out, find, found);
			continue;
		}
		if (level == 0 || (level == 3) != ((d & 3) == 3))
			fail_msg("bad descriptor type %#lx at %#lx L%u", d, ia, level);
		if (out)
			push(out, ia, level, d);
	}
}

static void snapshot(struct leaves *out)
{
	bool f = false;

	out->n = 0;
	collect(M.pt->root, M.pt->start_level, 0, root_n(M.pt), out, NULL, &f);
}

static const struct leaf *covering(const struct leaves *s, uint64_t ia)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) { /* first leaf with v.ia > ia */
		size_t mid = (lo + hi) / 2;

		if (s->v[mid].ia <= ia)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct leaf *l = &s->v[lo - 1];
	return ia < l->ia + lsize(l->level) ? l : NULL;
}

static bool same(const struct leaf *a, const struct leaf *b)
{
	return a->ia == b->ia && a->level == b->level && a->desc == b->desc;
}

/* Compares the tables with the last event; now is the TLBI being made. */
static const char *bbm_check(const struct inval *now)
{
	struct leaves cur = {0};
	const char *err = NULL;

	snapshot(&cur);
	for (size_t i = 0; i < M.prev.n && !err; i++) {
		const struct leaf *o = &M.prev.v[i], *n = covering(&cur, o->ia);

		if (n && same(n, o))
			continue;
		snprintf(M.why, sizeof(M.why), "leaf %#lx L%u desc %#lx ", o->ia,
			 o->level, o->desc);
		if (n) {
			strcat(M.why, "changed while live (no break)");
			err = M.why;
		} else if (!now) {
			strcat(M.why, "was broken without a TLB invalidation");
			err = M.why;
		} else if (now->was_table ? o->ia - now->ia >= lsize(now->level)
					  : o->ia != now->ia || o->level != now->level) {
			strcat(M.why, "was broken, but the TLBI is for another entry");
			err = M.why;
		}
	}
	for (size_t i = 0; i < cur.n && !err; i++) {
		const struct leaf *n = &cur.v[i], *o = covering(&M.prev, n->ia);

		if (o && !same(n, o)) {
			snprintf(M.why, sizeof(M.why),
				 "leaf %#lx L%u made inside live leaf %#lx L%u", n->ia,
				 n->level, o->ia, o->level);
			err = M.why;
		}
	}
	free(M.prev.v);
	M.prev = cur;
	return err;
}

static void *m_alloc(void *ctx)
{
	void *t;

	(void)ctx;
	if (M.budget == 0)
		return NULL;
	if (M.budget > 0)
		M.budget--;
	t = aligned_alloc(4096, 4096);
	assert_non_null(t);
	assert_true(M.nlive < MAX_LIVE);
	memset(t, 0, 4096);
	M.live[M.nlive++] = t;
	M.allocs++;
	return t;
}

static void m_free(void *ctx, void *t)
{
	bool linked = false;

	(void)ctx;
	collect(M.pt->root, M.pt->start_level, 0, root_n(M.pt), NULL, t, &linked);
	if (linked)
		fail_msg("table %p freed while still linked", t);
	for (unsigned i = 0; i < M.nlive; i++) {
		if (M.live[i] == t) {
			M.live[i] = M.live[--M.nlive];
			M.frees++;
			free(t);
			return;
		}
	}
	fail_msg("free of a table not allocated: %p", t);
}

static uint64_t m_v2p(void *ctx, const void *p)
{
	(void)ctx;
	return (uint64_t)(uintptr_t)p;
}

static void *m_p2v(void *ctx, uint64_t pa)
{
	(void)ctx;
	if (!is_live((void *)(uintptr_t)pa) && (void *)(uintptr_t)pa != M.pt->root)
		fail_msg("phys_to_virt of %#lx: not a table", pa);
	return (void *)(uintptr_t)pa;
}

static void m_tlb_inval(void *ctx, uint64_t ia, unsigned level, bool was_table)
{
	struct inval now = {ia, level, was_table};
	const uint64_t *e;
	const char *err;

	(void)ctx;
	if (level < M.pt->start_level || level > 3 || (ia & (lsize(level) - 1)))
		fail_msg("TLBI %#lx L%u: bad level or alignment", ia, level);
	e = entry_at(M.pt, ia, level);
	if (!e)
		fail_msg("TLBI %#lx L%u: no valid table above the entry", ia, level);
	if (*e & 1)
		fail_msg("TLBI %#lx L%u while the entry is still valid", ia, level);
	if (M.ninv < MAX_INV)
		M.inv[M.ninv] = now;
	M.ninv++;
	err = bbm_check(&now);
	if (err)
		fail_msg("%s", err);
}

/* pt publishes only with no break pending: a checkpoint like settle(). */
static void m_publish(void *ctx)
{
	const char *err;

	(void)ctx;
	M.publishes++;
	err = bbm_check(NULL);
	if (err)
		fail_msg("at publish: %s", err);
}

static const struct pt_ops mock_ops = {m_alloc, m_free,      m_v2p,
				       m_p2v,   m_tlb_inval, m_publish};

static void mock_reset(const struct pt *pt)
{
	free(M.prev.v);
	memset(&M, 0, sizeof(M));
	M.pt = pt;
	M.budget = -1;
}

/* After each operation: the tables must not have changed live entries. */
static void settle(void)
{
	const char *err = bbm_check(NULL);

	if (err)
		fail_msg("%s", err);
	M.ninv = 0;
}

static void mock_done(void)
{
	free(M.prev.v);
	M.prev = (struct leaves){0};
}
/* ---- end of mock -------------------------------------------------------- */
#ifndef TEST_PT_MOCK_ONLY

/* Stage-2-like attributes: AF, S2AP RW, SH inner, MemAttr 0xf. */
#define ATTRS 0x7fcUL
#define ATTRS_RO 0x73cUL

static struct pt P;

static void pt_setup(unsigned ia_bits, unsigned start_level)
{
	uint64_t n = 1UL << (ia_bits - (12 + 9 * (3 - start_level)));
	size_t sz = n < 512 ? 4096 : n * 8;

	P = (struct pt){.ia_bits = ia_bits, .start_level = start_level, .ops = &mock_ops};
	P.root = aligned_alloc(sz, sz);
	assert_non_null(P.root);
	memset(P.root, 0, sz);
	mock_reset(&P);
	P.ctx = &M;
}

static void pt_teardown(void)
{
	pt_free_tables(&P);
	assert_int_equal(M.nlive, 0);
	assert_int_equal(M.allocs, M.frees);
	free(P.root);
	mock_done();
}

static void test_root_entries(void **state)
{
	(void)state;
	assert_int_equal(pt_root_entries(48, 0), 512);
	assert_int_equal(pt_root_entries(40, 0), 2);
	assert_int_equal(pt_root_entries(40, 1), 1024);
	assert_int_equal(pt_root_entries(32, 2), 2048);
	assert_int_equal(pt_root_entries(30, 2), 512);
	assert_int_equal(pt_root_entries(25, 1), 1);
}

static void test_pick_start_level(void **state)
{
	/* One table: the stage-1 rule, level from TxSZ (40-48: 0, 31-39: 1,
	 * 22-30: 2). */
	static const unsigned s1[][2] = {{48, 0}, {44, 0}, {40, 0}, {39, 1}, {36, 1},
					 {32, 1}, {31, 1}, {30, 2}, {25, 2}};
	/* Up to 16 concatenated tables: stage 2 with the fewest levels. */
	static const unsigned s2[][2] = {{48, 0}, {44, 0}, {43, 1}, {42, 1}, {40, 1},
					 {35, 1}, {34, 2}, {32, 2}, {25, 2}};

	(void)state;
	for (unsigned i = 0; i < sizeof(s1) / sizeof(s1[0]); i++)
		assert_int_equal(pt_pick_start_level(s1[i][0], 1), s1[i][1]);
	for (unsigned i = 0; i < sizeof(s2) / sizeof(s2[0]); i++)
		assert_int_equal(pt_pick_start_level(s2[i][0], 16), s2[i][1]);
}

static void test_map_rejects_bad_attrs(void **state)
{
	(void)state;
	pt_setup(48, 0);
	assert_int_equal(pt_map(&P, 0, 0, SZ_4K, ATTRS | 0x1000),
			 -EINVAL);                                     /* address bit */
	assert_int_equal(pt_map(&P, 0, 0, SZ_4K, ATTRS | 1), -EINVAL); /* type bit */
	assert_int_equal(pt_map(&P, 0, 1UL << 48, SZ_4K, ATTRS),
			 -EINVAL); /* PA > 48 bits */
	assert_int_equal(M.allocs, 0);
	settle();
	assert_int_equal(M.prev.n, 0);
	pt_teardown();
}

static void test_lookup_and_walk_agree(void **state)
{
	uint64_t d;
	unsigned level;

	(void)state;
	pt_setup(48, 0); /* the EL2 stage-1 geometry */
	assert_int_equal(
		pt_map(&P, 0x7f0000000000UL, 0x80000000, SZ_1G + SZ_2M + SZ_4K, ATTRS),
		0);
	settle();
	assert_int_equal(M.prev.n, 3);
	assert_int_equal(M.prev.v[0].ia, 0x7f0000000000UL);
	assert_int_equal(M.prev.v[0].level, 1);
	assert_int_equal(M.prev.v[1].level, 2);
	assert_int_equal(M.prev.v[2].level, 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(pt_lookup(&P, M.prev.v[i].ia, &d, &level), 0);
		assert_int_equal(d, M.prev.v[i].desc);
		assert_int_equal(level, M.prev.v[i].level);
		assert_int_equal(d & ADDR_MASK,
				 M.prev.v[i].ia - 0x7f0000000000UL + 0x80000000);
		assert_int_equal(d & ~ADDR_MASK & ~3UL, ATTRS);
	}
	assert_int_equal(
		pt_lookup(&P, 0x7f0000000000UL + SZ_1G + SZ_2M + SZ_4K, &d, &level),
		-ENOENT);
	assert_int_equal(pt_lookup(&P, 1UL << 48, &d, &level), -ERANGE);
	assert_true(M.publishes > 0);
	pt_teardown();
}

static void test_unmap_nothing_is_noop(void **state)
{
	(void)state;
	pt_setup(40, 1);
	assert_int_equal(pt_unmap(&P, SZ_1G, SZ_1G), 0);
	assert_int_equal(M.ninv, 0);
	assert_int_equal(M.allocs, 0);
	settle();
	pt_teardown();
}

static void test_set_attrs_bbm(void **state)
{
	(void)state;
	pt_setup(40, 1);
	assert_int_equal(pt_map(&P, SZ_2M, SZ_2M, SZ_2M + 8 * SZ_4K, ATTRS), 0);
	settle();
	assert_int_equal(pt_set_attrs(&P, SZ_2M, SZ_2M + 8 * SZ_4K, ATTRS_RO), 0);
	/* one break per leaf, each checked invalid by the mock when made */
	assert_int_equal(M.ninv, 9);
	settle();
	for (size_t i = 0; i < M.prev.n; i++)
		assert_int_equal(M.prev.v[i].desc & ~ADDR_MASK & ~3UL, ATTRS_RO);
	/* -ENOENT and no change if part of the range is unmapped */
	assert_int_equal(pt_set_attrs(&P, SZ_2M, SZ_2M + 9 * SZ_4K, ATTRS), -ENOENT);
	assert_int_equal(M.ninv, 0);
	settle();
	pt_teardown();
}

static void test_split_across_two_blocks_needs_four_tables(void **state)
{
	struct leaves before = {0};

	(void)state;
	pt_setup(40, 1);
	assert_int_equal(pt_map(&P, SZ_1G, SZ_1G, 2 * SZ_1G, ATTRS), 0);
	assert_int_equal(M.allocs, 0); /* two L1 blocks in the root */
	settle();
	snapshot(&before);
	/* [2G-4K, 2G+4K): both 1 GiB blocks split to 2 MiB, then both 2 MiB
	 * blocks to pages. With 3 tables it fails with nothing changed. */
	M.budget = 3;
	assert_int_equal(pt_unmap(&P, 2 * SZ_1G - SZ_4K, 2 * SZ_4K), -ENOMEM);
	assert_int_equal(M.ninv, 0);
	assert_int_equal(M.nlive, 0);
	settle();
	assert_int_equal(M.prev.n, before.n);
	for (size_t i = 0; i < before.n; i++)
		assert_true(same(&M.prev.v[i], &before.v[i]));
	M.budget = 4;
	M.allocs = M.frees = 0;
	assert_int_equal(pt_unmap(&P, 2 * SZ_1G - SZ_4K, 2 * SZ_4K), 0);
	assert_int_equal(M.allocs, 4);
	assert_int_equal(M.frees, 0);
	assert_int_equal(M.ninv, 6); /* per block: 1G split, 2M split, page */
	settle();
	assert_int_equal(M.prev.n, 2 * (511 + 511));
	free(before.v);
	pt_teardown();
}

static void test_set_attrs_enomem_changes_nothing(void **state)
{
	(void)state;
	pt_setup(40, 1);
	assert_int_equal(pt_map(&P, SZ_1G, SZ_1G, SZ_1G, ATTRS), 0);
	settle();
	M.budget = 1; /* needs 2: 1G -> 2M -> 4K */
	assert_int_equal(pt_set_attrs(&P, SZ_1G + SZ_4K, SZ_4K, ATTRS_RO), -ENOMEM);
	assert_int_equal(M.ninv, 0);
	assert_int_equal(M.nlive, 0);
	settle();
	assert_int_equal(M.prev.n, 1);
	assert_int_equal(M.prev.v[0].desc, SZ_1G | ATTRS | 1);
	pt_teardown();
}

static void test_map_enomem_rolls_back(void **state)
{
	(void)state;
	pt_setup(48, 0);
	assert_int_equal(pt_map(&P, 0, 0x100000000UL, SZ_4K, ATTRS), 0); /* 3 tables */
	settle();
	assert_int_equal(M.allocs, 3);
	/* [1G-4K, 1G+4K) needs an L3 table under the existing L2 table, then
	 * an L2 and an L3 table for 1G: with two, the third fails. */
	M.budget = 2;
	assert_int_equal(pt_map(&P, SZ_1G - SZ_4K, 0x200000000UL, 2 * SZ_4K, ATTRS),
			 -ENOMEM);
	settle();
	assert_int_equal(M.prev.n, 1); /* only the first page is left */
	assert_int_equal(M.prev.v[0].ia, 0);
	assert_int_equal(M.nlive, 3);
	pt_teardown();
}

static void test_free_tables(void **state)
{
	(void)state;
	pt_setup(48, 0);
	assert_int_equal(pt_map(&P, 0, 0, 3 * SZ_4K, ATTRS), 0);
	assert_int_equal(pt_map(&P, 1UL << 40, 0, SZ_2M, ATTRS), 0);
	settle();
	assert_int_equal(M.nlive, 5);
	pt_free_tables(&P);
	assert_int_equal(M.nlive, 0);
	for (unsigned i = 0; i < 512; i++)
		assert_int_equal(P.root[i], 0);
	free(P.root);
	mock_done();
}

/* The mock's checker must catch what it is there for. */
static void test_checker_catches_violations(void **state)
{
	uint64_t *e;

	(void)state;
	pt_setup(40, 1);
	assert_int_equal(pt_map(&P, 0, 0, 2 * SZ_4K, ATTRS), 0);
	settle();
	e = entry_at(&P, 0, 3);
	*e ^= 0x80; /* permission change without a break */
	assert_non_null(bbm_check(NULL));
	*e = 0; /* break without a TLBI */
	assert_non_null(bbm_check(NULL));
	e[1] = 0;
	struct inval wrong = {0x5000, 3, false};
	assert_non_null(bbm_check(&wrong)); /* TLBI for the wrong page */
	pt_teardown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_entries),
		cmocka_unit_test(test_pick_start_level),
		cmocka_unit_test(test_map_rejects_bad_attrs),
		cmocka_unit_test(test_lookup_and_walk_agree),
		cmocka_unit_test(test_unmap_nothing_is_noop),
		cmocka_unit_test(test_set_attrs_bbm),
		cmocka_unit_test(test_split_across_two_blocks_needs_four_tables),
		cmocka_unit_test(test_set_attrs_enomem_changes_nothing),
		cmocka_unit_test(test_map_enomem_rolls_back),
		cmocka_unit_test(test_free_tables),
		cmocka_unit_test(test_checker_catches_violations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif /* TEST_PT_MOCK_ONLY */
