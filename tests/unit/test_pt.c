/*
 * mm/pt: the generic table builder, through the recording pt_ops mock
 * (helpers/pt_mock.h), which walks the tables on its own (no pt.c code) at
 * every TLB invalidation and after every operation, and fails on a
 * break-before-make violation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/pt_mock.h"
#include "lib/errno.h"
#include "mm/pt.h"

/* Stage-2-like attributes: AF, S2AP RW, SH inner, MemAttr 0xf. */
#define ATTRS 0x7fcUL
#define ATTRS_RO 0x73cUL

static struct pt P;

static void pt_setup(unsigned ia_bits, unsigned start_level)
{
	uint64_t n = 1UL << (ia_bits - (12 + 9 * (3 - start_level)));
	size_t sz = n < 512 ? 4096 : n * 8;

	P = (struct pt){
		.ia_bits = ia_bits, .start_level = start_level, .ops = &pt_mock_ops};
	P.root = aligned_alloc(sz, sz);
	assert_non_null(P.root);
	memset(P.root, 0, sz);
	pt_mock_reset(&P);
	P.ctx = &pt_mock;
}

static void pt_teardown(void)
{
	pt_free_tables(&P);
	assert_int_equal(pt_mock.nlive, 0);
	assert_int_equal(pt_mock.allocs, pt_mock.frees);
	free(P.root);
	pt_mock_done();
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
	assert_int_equal(pt_mock.allocs, 0);
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 0);
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
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 3);
	assert_int_equal(pt_mock.prev.v[0].ia, 0x7f0000000000UL);
	assert_int_equal(pt_mock.prev.v[0].level, 1);
	assert_int_equal(pt_mock.prev.v[1].level, 2);
	assert_int_equal(pt_mock.prev.v[2].level, 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(pt_lookup(&P, pt_mock.prev.v[i].ia, &d, &level), 0);
		assert_int_equal(d, pt_mock.prev.v[i].desc);
		assert_int_equal(level, pt_mock.prev.v[i].level);
		assert_int_equal(d & ADDR_MASK,
				 pt_mock.prev.v[i].ia - 0x7f0000000000UL + 0x80000000);
		assert_int_equal(d & ~ADDR_MASK & ~3UL, ATTRS);
	}
	assert_int_equal(
		pt_lookup(&P, 0x7f0000000000UL + SZ_1G + SZ_2M + SZ_4K, &d, &level),
		-ENOENT);
	assert_int_equal(pt_lookup(&P, 1UL << 48, &d, &level), -ERANGE);
	assert_true(pt_mock.publishes > 0);
	pt_teardown();
}

static void test_unmap_nothing_is_noop(void **state)
{
	(void)state;
	pt_setup(40, 1);
	assert_int_equal(pt_unmap(&P, SZ_1G, SZ_1G), 0);
	assert_int_equal(pt_mock.ninv, 0);
	assert_int_equal(pt_mock.allocs, 0);
	pt_mock_settle();
	pt_teardown();
}

static void test_set_attrs_bbm(void **state)
{
	(void)state;
	pt_setup(40, 1);
	assert_int_equal(pt_map(&P, SZ_2M, SZ_2M, SZ_2M + 8 * SZ_4K, ATTRS), 0);
	pt_mock_settle();
	assert_int_equal(pt_set_attrs(&P, SZ_2M, SZ_2M + 8 * SZ_4K, ATTRS_RO), 0);
	/* one break per leaf, each checked invalid by the mock when made */
	assert_int_equal(pt_mock.ninv, 9);
	pt_mock_settle();
	for (size_t i = 0; i < pt_mock.prev.n; i++)
		assert_int_equal(pt_mock.prev.v[i].desc & ~ADDR_MASK & ~3UL, ATTRS_RO);
	/* -ENOENT and no change if part of the range is unmapped */
	assert_int_equal(pt_set_attrs(&P, SZ_2M, SZ_2M + 9 * SZ_4K, ATTRS), -ENOENT);
	assert_int_equal(pt_mock.ninv, 0);
	pt_mock_settle();
	pt_teardown();
}

static void test_split_across_two_blocks_needs_four_tables(void **state)
{
	struct pt_mock_leaves before = {0};

	(void)state;
	pt_setup(40, 1);
	assert_int_equal(pt_map(&P, SZ_1G, SZ_1G, 2 * SZ_1G, ATTRS), 0);
	assert_int_equal(pt_mock.allocs, 0); /* two L1 blocks in the root */
	pt_mock_settle();
	pt_mock_snapshot(&before);
	/* [2G-4K, 2G+4K): both 1 GiB blocks split to 2 MiB, then both 2 MiB
	 * blocks to pages. With 3 tables it fails with nothing changed. */
	pt_mock.budget = 3;
	assert_int_equal(pt_unmap(&P, 2 * SZ_1G - SZ_4K, 2 * SZ_4K), -ENOMEM);
	assert_int_equal(pt_mock.ninv, 0);
	assert_int_equal(pt_mock.nlive, 0);
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, before.n);
	for (size_t i = 0; i < before.n; i++)
		assert_true(pt_mock_same(&pt_mock.prev.v[i], &before.v[i]));
	pt_mock.budget = 4;
	pt_mock.allocs = pt_mock.frees = 0;
	assert_int_equal(pt_unmap(&P, 2 * SZ_1G - SZ_4K, 2 * SZ_4K), 0);
	assert_int_equal(pt_mock.allocs, 4);
	assert_int_equal(pt_mock.frees, 0);
	assert_int_equal(pt_mock.ninv, 6); /* per block: 1G split, 2M split, page */
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 2 * (511 + 511));
	free(before.v);
	pt_teardown();
}

static void test_set_attrs_enomem_changes_nothing(void **state)
{
	(void)state;
	pt_setup(40, 1);
	assert_int_equal(pt_map(&P, SZ_1G, SZ_1G, SZ_1G, ATTRS), 0);
	pt_mock_settle();
	pt_mock.budget = 1; /* needs 2: 1G -> 2M -> 4K */
	assert_int_equal(pt_set_attrs(&P, SZ_1G + SZ_4K, SZ_4K, ATTRS_RO), -ENOMEM);
	assert_int_equal(pt_mock.ninv, 0);
	assert_int_equal(pt_mock.nlive, 0);
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 1);
	assert_int_equal(pt_mock.prev.v[0].desc, SZ_1G | ATTRS | 1);
	pt_teardown();
}

static void test_map_enomem_rolls_back(void **state)
{
	(void)state;
	pt_setup(48, 0);
	assert_int_equal(pt_map(&P, 0, 0x100000000UL, SZ_4K, ATTRS), 0); /* 3 tables */
	pt_mock_settle();
	assert_int_equal(pt_mock.allocs, 3);
	/* [1G-4K, 1G+4K) needs an L3 table under the existing L2 table, then
	 * an L2 and an L3 table for 1G: with two, the third fails. */
	pt_mock.budget = 2;
	assert_int_equal(pt_map(&P, SZ_1G - SZ_4K, 0x200000000UL, 2 * SZ_4K, ATTRS),
			 -ENOMEM);
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 1); /* only the first page is left */
	assert_int_equal(pt_mock.prev.v[0].ia, 0);
	assert_int_equal(pt_mock.nlive, 3);
	pt_teardown();
}

static void test_free_tables(void **state)
{
	(void)state;
	pt_setup(48, 0);
	assert_int_equal(pt_map(&P, 0, 0, 3 * SZ_4K, ATTRS), 0);
	assert_int_equal(pt_map(&P, 1UL << 40, 0, SZ_2M, ATTRS), 0);
	pt_mock_settle();
	assert_int_equal(pt_mock.nlive, 5);
	pt_free_tables(&P);
	assert_int_equal(pt_mock.nlive, 0);
	for (unsigned i = 0; i < 512; i++)
		assert_int_equal(P.root[i], 0);
	free(P.root);
	pt_mock_done();
}

/* The mock's checker must catch what it is there for. */
static void test_checker_catches_violations(void **state)
{
	uint64_t *e;

	(void)state;
	pt_setup(40, 1);
	assert_int_equal(pt_map(&P, 0, 0, 2 * SZ_4K, ATTRS), 0);
	pt_mock_settle();
	e = pt_mock_entry_at(&P, 0, 3);
	*e ^= 0x80; /* permission change without a break */
	assert_non_null(pt_mock_bbm_check(NULL));
	*e = 0; /* break without a TLBI */
	assert_non_null(pt_mock_bbm_check(NULL));
	e[1] = 0;
	struct pt_mock_inval wrong = {0x5000, 3, false};
	assert_non_null(pt_mock_bbm_check(&wrong)); /* TLBI for the wrong page */
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
