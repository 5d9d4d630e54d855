/*
 * mm/stage2: descriptor encodings with and without FEAT_S2FWB, permission
 * and request checks, VTCR_EL2/VTTBR_EL2, and the tables map, unmap and
 * change produce, walked by the recording pt_ops mock (helpers/pt_mock.h),
 * which fails on any break-before-make violation.
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
#include "mm/stage2.h"

#define RW S2_PERM_RW
#define RWX S2_PERM_RWX

static struct stage2 S;

static void s2_setup(unsigned ipa_bits, bool fwb)
{
	uint64_t vtcr;
	unsigned level, tables;
	void *root;

	assert_int_equal(stage2_geometry(ipa_bits, 5, 16, &vtcr, &level, &tables), 0);
	root = aligned_alloc(tables * 4096UL, tables * 4096UL);
	assert_non_null(root);
	memset(root, 0, tables * 4096UL);
	pt_mock_reset(&S.pt);
	assert_int_equal(
		stage2_init(&S, root, ipa_bits, level, 1, fwb, &pt_mock_ops, &pt_mock),
		0);
	S.vtcr = vtcr;
}

/* Unmapping everything must leave no valid entry and give back every table. */
static void s2_teardown(void)
{
	pt_mock_settle();
	assert_int_equal(stage2_unmap(&S, 0, 1UL << S.ipa_bits), 0);
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 0);
	assert_int_equal(pt_mock.nlive, 0);
	assert_int_equal(pt_mock.allocs, pt_mock.frees);
	for (uint64_t i = 0; i < pt_mock_root_n(&S.pt); i++)
		assert_int_equal(S.pt.root[i], 0);
	free(S.pt.root);
	pt_mock_done();
}

static const struct pt_mock_leaf *leaf_at(uint64_t ia)
{
	return pt_mock_covering(&pt_mock.prev, ia);
}

static size_t leaves_in(uint64_t lo, uint64_t hi)
{
	size_t n = 0;

	for (size_t i = 0; i < pt_mock.prev.n; i++)
		n += pt_mock.prev.v[i].ia < hi &&
		     pt_mock.prev.v[i].ia + pt_mock_lsize(pt_mock.prev.v[i].level) > lo;
	return n;
}

static void test_names_and_requests(void **state)
{
	(void)state;
	assert_string_equal(s2_memtype_name(S2_NORMAL_WB), "normal-WB");
	assert_string_equal(s2_memtype_name(S2_DEVICE_nGnRE), "device-nGnRE");
	assert_string_equal(s2_memtype_name(S2_NORMAL_NC), "normal-NC");
	assert_string_equal(s2_memtype_name(S2_DEVICE_nGnRnE), "device-nGnRnE");
	for (int t = 0; t < 4; t++) {
		for (unsigned p = 0; p < 8; p++) {
			bool ok = p != 0 && (t == S2_NORMAL_WB || !(p & S2_PERM_X));

			assert_int_equal(stage2_check_request(t, p), ok ? 0 : -EINVAL);
		}
		assert_int_equal(stage2_check_request(t, 8 | S2_PERM_R), -EINVAL);
	}
	assert_int_equal(stage2_check_request((enum s2_memtype)4, S2_PERM_R), -EINVAL);
}

/* Every memtype x FWB: the whole attribute word for RW, then as mapped. */
static void test_attr_encodings(void **state)
{
	static const struct {
		enum s2_memtype t;
		bool fwb;
		uint64_t attrs, memattr, sh;
	} rows[] = {
		{S2_NORMAL_WB, false, 0x00400000000007fcUL, 0xf, 3},
		{S2_DEVICE_nGnRE, false, 0x00400000000006c4UL, 0x1, 2},
		{S2_NORMAL_NC, false, 0x00400000000006d4UL, 0x5, 2},
		{S2_NORMAL_WB, true, 0x00400000000007d8UL, 0x6, 3},
		{S2_DEVICE_nGnRE, true, 0x00400000000006c4UL, 0x1, 2},
		{S2_NORMAL_NC, true, 0x00400000000006d4UL, 0x5, 2},
		{S2_DEVICE_nGnRnE, false, 0x00400000000006c0UL, 0x0, 2},
		{S2_DEVICE_nGnRnE, true, 0x00400000000006c0UL, 0x0, 2},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint64_t a = stage2_leaf_attrs(rows[i].t, RW, rows[i].fwb);
		struct stage2_mapping m;

		assert_int_equal(a, rows[i].attrs);
		assert_int_equal((a >> 2) & 0xf, rows[i].memattr);
		assert_int_equal((a >> 8) & 3, rows[i].sh); /* NC, Device: outer */
		assert_true(a & (1UL << 10));               /* AF */
		assert_true(a & (1UL << 54));               /* XN: no X asked */
		s2_setup(40, rows[i].fwb);
		assert_int_equal(
			stage2_map(&S, 0x9000, 0x40009000, 0x1000, rows[i].t, RW), 0);
		pt_mock_settle();
		assert_int_equal(pt_mock.prev.n, 1);
		assert_int_equal(pt_mock.prev.v[0].desc, 0x40009000 | rows[i].attrs | 3);
		assert_int_equal(stage2_lookup(&S, 0x9abc, &m), 0);
		assert_int_equal(m.type, rows[i].t);
		assert_int_equal(m.perms, RW);
		assert_int_equal(m.pa, 0x40009abc);
		assert_int_equal(m.level, 3);
		s2_teardown();
	}
	/* The other mode's encoding of WB is not one of ours. */
	enum s2_memtype t;
	unsigned p;
	assert_int_equal(stage2_decode(0x6UL << 2, false, &t, &p), -EINVAL);
	assert_int_equal(stage2_decode(0xfUL << 2, true, &t, &p), -EINVAL);
	assert_int_equal(stage2_decode(0x2UL << 2, false, &t, &p), -EINVAL); /* nGRE */
	assert_int_equal(stage2_decode(0x7UL << 2, true, &t, &p), -EINVAL);  /* as S1 */
	assert_int_equal(stage2_decode(0x0UL << 2, true, &t, &p), 0);
	assert_int_equal(t, S2_DEVICE_nGnRnE);
}

static void test_perm_bits(void **state)
{
	(void)state;
	for (int t = 0; t < 4; t++) {
		for (unsigned p = 1; p < 8; p++) {
			enum s2_memtype dt;
			unsigned dp;

			if (stage2_check_request(t, p))
				continue;
			for (int fwb = 0; fwb < 2; fwb++) {
				uint64_t a = stage2_leaf_attrs(t, p, fwb);

				assert_int_equal(!!(a & (1UL << 6)), !!(p & S2_PERM_R));
				assert_int_equal(!!(a & (1UL << 7)), !!(p & S2_PERM_W));
				assert_int_equal(!!(a & (1UL << 54)), !(p & S2_PERM_X));
				assert_int_equal(a & (1UL << 53), 0);
				assert_int_equal(stage2_decode(a, fwb, &dt, &dp), 0);
				assert_int_equal(dt, t);
				assert_int_equal(dp, p);
			}
		}
	}
}

static void test_exec_refused_for_device_and_nc(void **state)
{
	struct stage2_mapping m;

	(void)state;
	s2_setup(40, true);
	assert_int_equal(stage2_map(&S, 0, 0x9000000, 0x1000, S2_DEVICE_nGnRE, RWX),
			 -EINVAL);
	assert_int_equal(
		stage2_map(&S, 0, 0x9000000, 0x1000, S2_NORMAL_NC, S2_PERM_R | S2_PERM_X),
		-EINVAL);
	assert_int_equal(pt_mock.allocs, 0);
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 0);
	assert_int_equal(stage2_map(&S, 0, 0x9000000, 0x1000, S2_NORMAL_WB, RWX), 0);
	pt_mock_settle();
	assert_int_equal(stage2_change(&S, 0, 0x1000, S2_DEVICE_nGnRE, RWX), -EINVAL);
	assert_int_equal(pt_mock.ninv, 0);
	assert_int_equal(stage2_lookup(&S, 0, &m), 0);
	assert_int_equal(m.type, S2_NORMAL_WB);
	assert_int_equal(m.perms, RWX);
	assert_int_equal(stage2_change(&S, 0, 0x1000, S2_DEVICE_nGnRE, RW), 0);
	assert_int_equal(stage2_lookup(&S, 0, &m), 0);
	assert_int_equal(m.type, S2_DEVICE_nGnRE);
	assert_int_equal(m.perms, RW);
	s2_teardown();
}

static void test_geometry(void **state)
{
	static const struct {
		unsigned ipa, parange, vmid_bits, level, tables;
		uint64_t vtcr;
	} rows[] = {
		{40, 5, 16, 1, 2, 0x800d3558}, /* 40-bit: L1, 2 tables, VS */
		{41, 4, 8, 1, 4, 0x80043557},  /* 4 concatenated L1 tables */
		{42, 3, 8, 1, 8, 0x80033556},  /* IPA == PA size */
		{43, 4, 8, 1, 16, 0x80043555}, /* the most: 16 tables */
		{44, 4, 8, 0, 1, 0x80043594},  /* 32 would be needed: L0 */
		{48, 6, 16, 0, 1, 0x800d3590}, /* 52-bit PA: PS capped at 48 */
		{39, 2, 8, 1, 1, 0x80023559},  {35, 1, 8, 1, 1, 0x8001355d},
		{34, 1, 8, 2, 16, 0x8001351e}, /* 16 L2 tables beat 3 levels */
		{32, 0, 8, 2, 4, 0x80003520},  /* 4 concatenated L2 tables */
		{25, 0, 8, 2, 1, 0x80003527},  /* T0SZ 39, the largest */
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint64_t vtcr = 0;
		unsigned level = 9, tables = 0;

		assert_int_equal(stage2_geometry(rows[i].ipa, rows[i].parange,
						 rows[i].vmid_bits, &vtcr, &level,
						 &tables),
				 0);
		assert_int_equal(vtcr, rows[i].vtcr);
		assert_int_equal(level, rows[i].level);
		assert_int_equal(tables, rows[i].tables);
		/* the fields, read back one by one */
		assert_int_equal(vtcr & 0x3f, 64 - rows[i].ipa);      /* T0SZ */
		assert_int_equal((vtcr >> 6) & 3, 2 - rows[i].level); /* SL0 */
		assert_int_equal((vtcr >> 8) & 0xf, 0x5); /* IRGN0, ORGN0 WBWA */
		assert_int_equal((vtcr >> 12) & 3, 3);    /* SH0 inner */
		assert_int_equal((vtcr >> 14) & 3, 0);    /* TG0 4K */
		assert_int_equal((vtcr >> 16) & 7,
				 rows[i].parange > 5 ? 5 : rows[i].parange);
		assert_int_equal((vtcr >> 19) & 1, rows[i].vmid_bits == 16);
		assert_int_equal((vtcr >> 31) & 1, 1); /* RES1 */
	}
}

static void test_geometry_rejects(void **state)
{
	uint64_t v;
	unsigned l, n;

	(void)state;
	assert_int_equal(stage2_geometry(44, 2, 8, &v, &l, &n), -EINVAL); /* IPA > PA */
	assert_int_equal(stage2_geometry(33, 0, 8, &v, &l, &n),
			 -EINVAL); /* IPA > 32-bit PA */
	assert_int_equal(stage2_geometry(49, 6, 8, &v, &l, &n), -EINVAL);
	assert_int_equal(stage2_geometry(24, 5, 8, &v, &l, &n), -EINVAL);
	assert_int_equal(stage2_geometry(40, 5, 12, &v, &l, &n), -EINVAL);
}

static void test_init_rejects(void **state)
{
	struct stage2 s = {0};
	uint8_t *root = aligned_alloc(65536, 65536);

	(void)state;
	memset(root, 0, 65536);
	pt_mock_reset(&s.pt);
	/* 40-bit, L1: 2 tables, so the root must be 8 KiB aligned */
	assert_int_equal(
		stage2_init(&s, root + 4096, 40, 1, 1, false, &pt_mock_ops, &pt_mock),
		-EINVAL);
	assert_int_equal(stage2_init(&s, root, 40, 1, 0, false, &pt_mock_ops, &pt_mock),
			 -EINVAL);
	assert_int_equal(stage2_init(&s, NULL, 40, 1, 1, false, &pt_mock_ops, &pt_mock),
			 -EINVAL);
	assert_int_equal(stage2_init(&s, root, 32, 0, 1, false, &pt_mock_ops, &pt_mock),
			 -EINVAL);
	assert_int_equal(stage2_init(&s, root, 40, 2, 1, false, &pt_mock_ops, &pt_mock),
			 -EINVAL);
	assert_int_equal(stage2_init(&s, root, 44, 1, 1, false, &pt_mock_ops, &pt_mock),
			 -EINVAL);
	assert_int_equal(stage2_init(&s, root, 40, 3, 1, false, &pt_mock_ops, &pt_mock),
			 -EINVAL);
	assert_int_equal(stage2_init(&s, root, 40, 0, 1, false, &pt_mock_ops, &pt_mock),
			 0);
	assert_int_equal(stage2_root_tables(&s), 1);
	assert_int_equal(stage2_init(&s, root, 43, 1, 1, false, &pt_mock_ops, &pt_mock),
			 0);
	assert_int_equal(stage2_root_tables(&s), 16);
	free(root);
	pt_mock_done();
}

static void test_vttbr_layout(void **state)
{
	uint64_t root, v;

	(void)state;
	s2_setup(41, false); /* 4 tables: the root is 16 KiB aligned */
	root = (uint64_t)(uintptr_t)S.pt.root;
	assert_int_equal(root & 0x3fff, 0);
	S.vmid = 0xabcd;
	v = stage2_vttbr(&S);
	assert_int_equal(v >> 48, 0xabcd);             /* VMID[63:48] */
	assert_int_equal(v & ((1UL << 48) - 1), root); /* BADDR, CnP 0 */
	S.vmid = 0x5a;
	v = stage2_vttbr(&S);
	assert_int_equal(v >> 48, 0x5a); /* 8-bit: [55:48], [63:56] zero */
	S.vmid = 1;
	s2_teardown();
}

/* Checks the leaf at ia: level, output address, attributes. */
static void expect_leaf(uint64_t ia, unsigned level, uint64_t pa, uint64_t attrs)
{
	const struct pt_mock_leaf *l = leaf_at(ia);

	assert_non_null(l);
	assert_int_equal(l->ia, ia);
	assert_int_equal(l->level, level);
	assert_int_equal(l->desc, pa | attrs | (level == 3 ? 3 : 1));
}

static void test_block_1g(void **state)
{
	struct stage2_mapping m;
	uint64_t a = stage2_leaf_attrs(S2_NORMAL_WB, RWX, false);

	(void)state;
	s2_setup(40, false); /* root at level 1 */
	assert_int_equal(stage2_map(&S, SZ_1G, 2 * SZ_1G, SZ_1G, S2_NORMAL_WB, RWX), 0);
	assert_int_equal(pt_mock.allocs, 0); /* the block sits in the root */
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 1);
	expect_leaf(SZ_1G, 1, 2 * SZ_1G, a);
	assert_int_equal(stage2_lookup(&S, SZ_1G + 0x1234567, &m), 0);
	assert_int_equal(m.level, 1);
	assert_int_equal(m.pa, 2 * SZ_1G + 0x1234567);
	s2_teardown();
}

static void test_block_2m_and_pages(void **state)
{
	uint64_t a = stage2_leaf_attrs(S2_NORMAL_WB, RW, true);

	(void)state;
	s2_setup(40, true);
	assert_int_equal(
		stage2_map(&S, SZ_2M, SZ_1G + SZ_2M, 3 * SZ_2M, S2_NORMAL_WB, RW), 0);
	assert_int_equal(pt_mock.allocs, 1);
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 3);
	for (unsigned i = 0; i < 3; i++)
		expect_leaf(SZ_2M * (1 + i), 2, SZ_1G + SZ_2M * (1 + i), a);
	/* IPA 2 MiB aligned but PA not: pages only */
	assert_int_equal(stage2_map(&S, 8 * SZ_2M, 0x10201000, SZ_2M, S2_NORMAL_WB, RW),
			 0);
	pt_mock_settle();
	assert_int_equal(leaves_in(8 * SZ_2M, 9 * SZ_2M), 512);
	expect_leaf(8 * SZ_2M + 0x5000, 3, 0x10206000, a);
	/* unaligned IPA: pages */
	assert_int_equal(
		stage2_map(&S, SZ_1G + SZ_4K, 0x20001000, 3 * SZ_4K, S2_NORMAL_WB, RW),
		0);
	pt_mock_settle();
	assert_int_equal(leaves_in(SZ_1G, SZ_1G + SZ_2M), 3);
	expect_leaf(SZ_1G + 3 * SZ_4K, 3, 0x20003000, a);
	s2_teardown();
}

/* Page, 2M, 1G, 2M, page: each as large as alignment allows. */
static void test_mixed_blocks(void **state)
{
	uint64_t ipa = SZ_1G - SZ_2M - SZ_4K, delta = 4 * SZ_1G;
	uint64_t a = stage2_leaf_attrs(S2_NORMAL_NC, RW, false);

	(void)state;
	s2_setup(40, false);
	assert_int_equal(stage2_map(&S, ipa, ipa + delta, 2 * SZ_4K + 2 * SZ_2M + SZ_1G,
				    S2_NORMAL_NC, RW),
			 0);
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 5);
	expect_leaf(ipa, 3, ipa + delta, a);
	expect_leaf(SZ_1G - SZ_2M, 2, SZ_1G - SZ_2M + delta, a);
	expect_leaf(SZ_1G, 1, SZ_1G + delta, a);
	expect_leaf(2 * SZ_1G, 2, 2 * SZ_1G + delta, a);
	expect_leaf(2 * SZ_1G + SZ_2M, 3, 2 * SZ_1G + SZ_2M + delta, a);
	s2_teardown();
}

static void test_split_on_partial_unmap(void **state)
{
	uint64_t hole = SZ_1G + 0x12345000, pa0 = 3 * SZ_1G;
	uint64_t a = stage2_leaf_attrs(S2_NORMAL_WB, RWX, true);
	struct stage2_mapping m;

	(void)state;
	s2_setup(40, true);
	assert_int_equal(stage2_map(&S, SZ_1G, pa0, SZ_1G, S2_NORMAL_WB, RWX), 0);
	pt_mock_settle();
	assert_int_equal(stage2_unmap(&S, hole, SZ_4K), 0);
	/* BBM on the 1G block, then on the 2M block, then the page */
	assert_int_equal(pt_mock.ninv, 3);
	assert_int_equal(pt_mock.inv[0].ia, SZ_1G);
	assert_int_equal(pt_mock.inv[0].level, 1);
	assert_int_equal(pt_mock.inv[1].ia, hole & ~(SZ_2M - 1));
	assert_int_equal(pt_mock.inv[1].level, 2);
	assert_int_equal(pt_mock.inv[2].ia, hole);
	assert_int_equal(pt_mock.inv[2].level, 3);
	pt_mock_settle();
	assert_int_equal(stage2_lookup(&S, hole, &m), -ENOENT);
	/* everything else: same output address and attributes */
	assert_int_equal(pt_mock.prev.n, 511 + 511);
	uint64_t covered = 0;
	for (size_t i = 0; i < pt_mock.prev.n; i++) {
		const struct pt_mock_leaf *l = &pt_mock.prev.v[i];

		assert_int_equal(l->desc & ADDR_MASK, l->ia - SZ_1G + pa0);
		assert_int_equal(l->desc & ~ADDR_MASK & ~3UL, a);
		covered += pt_mock_lsize(l->level);
	}
	assert_int_equal(covered, SZ_1G - SZ_4K);
	s2_teardown();
}

static void test_overlap_rejected(void **state)
{
	static const uint64_t tries[][2] = {
		{2 * SZ_2M, 2 * SZ_2M}, /* the same range */
		{SZ_2M, 2 * SZ_2M},     /* overlaps the start */
		{3 * SZ_2M, 2 * SZ_2M}, /* overlaps the end */
		{5 * SZ_2M / 2, SZ_4K}, /* inside */
		{0, SZ_1G},             /* around */
		{SZ_1G + SZ_2M, SZ_4K}, /* inside a 1G block */
	};
	struct pt_mock_leaves before = {0};

	(void)state;
	s2_setup(40, false);
	assert_int_equal(
		stage2_map(&S, 2 * SZ_2M, 2 * SZ_2M, 2 * SZ_2M, S2_NORMAL_WB, RW), 0);
	assert_int_equal(stage2_map(&S, SZ_1G, SZ_1G, SZ_1G, S2_DEVICE_nGnRE, RW), 0);
	pt_mock_settle();
	pt_mock_snapshot(&before);
	unsigned allocs = pt_mock.allocs;
	for (unsigned i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		assert_int_equal(stage2_map(&S, tries[i][0], 0x80000000, tries[i][1],
					    S2_NORMAL_NC, RW),
				 -EEXIST);
		assert_int_equal(pt_mock.allocs, allocs);
		assert_int_equal(pt_mock.ninv, 0);
		pt_mock_settle();
		assert_int_equal(pt_mock.prev.n, before.n);
		for (size_t k = 0; k < before.n; k++)
			assert_true(pt_mock_same(&pt_mock.prev.v[k], &before.v[k]));
	}
	free(before.v);
	s2_teardown();
}

static void test_misaligned_and_out_of_range(void **state)
{
	(void)state;
	s2_setup(40, false);
	assert_int_equal(stage2_map(&S, 0x800, 0, SZ_4K, S2_NORMAL_WB, RW), -EINVAL);
	assert_int_equal(stage2_map(&S, 0, 0x800, SZ_4K, S2_NORMAL_WB, RW), -EINVAL);
	assert_int_equal(stage2_map(&S, 0, 0, 0x1800, S2_NORMAL_WB, RW), -EINVAL);
	assert_int_equal(stage2_map(&S, 0, 0, 0, S2_NORMAL_WB, RW), -EINVAL);
	assert_int_equal(stage2_map(&S, 1UL << 40, 0, SZ_4K, S2_NORMAL_WB, RW), -ERANGE);
	assert_int_equal(
		stage2_map(&S, (1UL << 40) - SZ_4K, 0, 2 * SZ_4K, S2_NORMAL_WB, RW),
		-ERANGE);
	assert_int_equal(stage2_unmap(&S, 0x800, SZ_4K), -EINVAL);
	assert_int_equal(stage2_change(&S, 0, 0x1800, S2_NORMAL_WB, RW), -EINVAL);
	assert_int_equal(pt_mock.allocs, 0);
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 0);
	/* the last page of the IPA space is fine */
	assert_int_equal(stage2_map(&S, (1UL << 40) - SZ_4K, 0, SZ_4K, S2_NORMAL_WB, RW),
			 0);
	s2_teardown();
}

static void test_unmap_leaves_nothing_in_range(void **state)
{
	uint64_t lo = SZ_1G - SZ_2M - 3 * SZ_4K, hi = 2 * SZ_1G + 5 * SZ_4K;

	(void)state;
	s2_setup(40, true);
	/* pages, 2M blocks and a 1G block, of three types */
	assert_int_equal(stage2_map(&S, SZ_1G - 4 * SZ_2M, SZ_1G - 4 * SZ_2M, 4 * SZ_2M,
				    S2_NORMAL_WB, RWX),
			 0);
	assert_int_equal(stage2_map(&S, SZ_1G, 5 * SZ_1G, SZ_1G, S2_NORMAL_NC, RW), 0);
	assert_int_equal(
		stage2_map(&S, 2 * SZ_1G, 0x9000000, 16 * SZ_4K, S2_DEVICE_nGnRE, RW), 0);
	assert_int_equal(stage2_unmap(&S, lo, hi - lo), 0);
	pt_mock_settle();
	assert_int_equal(leaves_in(lo, hi), 0);
	for (uint64_t ia = lo; ia < hi; ia += SZ_2M)
		assert_null(leaf_at(ia));
	/* outside: unchanged translations */
	expect_leaf(SZ_1G - 4 * SZ_2M, 2, SZ_1G - 4 * SZ_2M,
		    stage2_leaf_attrs(S2_NORMAL_WB, RWX, true));
	expect_leaf(lo - SZ_4K, 3, lo - SZ_4K,
		    stage2_leaf_attrs(S2_NORMAL_WB, RWX, true));
	expect_leaf(hi, 3, 0x9005000, stage2_leaf_attrs(S2_DEVICE_nGnRE, RW, true));
	assert_int_equal(leaves_in(hi, 2 * SZ_1G + 16 * SZ_4K), 11);
	s2_teardown(); /* unmaps the rest: no leaf, no table left */
}

static void test_empty_tables_freed(void **state)
{
	uint64_t ipa = 0xab00000000UL; /* 684 GiB: root entry 684 */

	(void)state;
	s2_setup(40, false);
	assert_int_equal(stage2_map(&S, ipa, 0x1000, SZ_4K, S2_NORMAL_WB, RW), 0);
	assert_int_equal(stage2_map(&S, ipa + SZ_4K, 0x2000, SZ_4K, S2_NORMAL_WB, RW), 0);
	assert_int_equal(pt_mock.allocs, 2); /* L2 and L3 tables */
	assert_int_equal(stage2_unmap(&S, ipa, SZ_4K), 0);
	assert_int_equal(pt_mock.frees, 0); /* the L3 table still maps a page */
	assert_int_equal(stage2_unmap(&S, ipa + SZ_4K, SZ_4K), 0);
	assert_int_equal(pt_mock.frees, 2);
	assert_int_equal(pt_mock.nlive, 0);
	assert_int_equal(S.pt.root[684], 0);
	/* freeing a table is itself break-before-make */
	assert_int_equal(pt_mock.ninv, 4);
	assert_true(pt_mock.inv[2].was_table && pt_mock.inv[2].level == 2);
	assert_true(pt_mock.inv[3].was_table && pt_mock.inv[3].level == 1);
	s2_teardown();
}

static void test_change_is_bbm(void **state)
{
	uint64_t a = stage2_leaf_attrs(S2_NORMAL_NC, RW, false);
	struct stage2_mapping m;

	(void)state;
	s2_setup(40, false);
	assert_int_equal(
		stage2_map(&S, SZ_2M, SZ_2M, SZ_2M + 16 * SZ_4K, S2_NORMAL_WB, RWX), 0);
	pt_mock_settle();
	/* the mock checks, at each TLBI, that the entry is invalid */
	assert_int_equal(stage2_change(&S, SZ_2M, SZ_2M + 16 * SZ_4K, S2_NORMAL_NC, RW),
			 0);
	assert_int_equal(pt_mock.ninv, 17);
	for (unsigned i = 0; i < 17; i++)
		assert_false(pt_mock.inv[i].was_table);
	pt_mock_settle();
	expect_leaf(SZ_2M, 2, SZ_2M, a);
	expect_leaf(2 * SZ_2M + 15 * SZ_4K, 3, 2 * SZ_2M + 15 * SZ_4K, a);
	assert_int_equal(stage2_lookup(&S, 2 * SZ_2M, &m), 0);
	assert_int_equal(m.type, S2_NORMAL_NC);
	assert_int_equal(m.perms, RW);
	/* part unmapped: -ENOENT, nothing touched */
	assert_int_equal(stage2_change(&S, SZ_2M, SZ_2M + 17 * SZ_4K, S2_NORMAL_WB, RW),
			 -ENOENT);
	assert_int_equal(pt_mock.ninv, 0);
	pt_mock_settle();
	expect_leaf(SZ_2M, 2, SZ_2M, a);
	s2_teardown();
}

static void test_change_splits_block(void **state)
{
	uint64_t old = stage2_leaf_attrs(S2_NORMAL_WB, RWX, true);
	uint64_t ro = stage2_leaf_attrs(S2_NORMAL_WB, S2_PERM_R, true);

	(void)state;
	s2_setup(40, true);
	assert_int_equal(stage2_map(&S, SZ_1G, SZ_1G, SZ_1G, S2_NORMAL_WB, RWX), 0);
	pt_mock_settle();
	assert_int_equal(
		stage2_change(&S, SZ_1G + 6 * SZ_2M, SZ_2M, S2_NORMAL_WB, S2_PERM_R), 0);
	assert_int_equal(pt_mock.ninv,
			 2); /* split the 1G block, then change the 2M one */
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 512);
	expect_leaf(SZ_1G + 6 * SZ_2M, 2, SZ_1G + 6 * SZ_2M, ro);
	expect_leaf(SZ_1G + 5 * SZ_2M, 2, SZ_1G + 5 * SZ_2M, old);
	expect_leaf(SZ_1G + 7 * SZ_2M, 2, SZ_1G + 7 * SZ_2M, old);
	s2_teardown();
}

static void test_enomem_changes_nothing(void **state)
{
	(void)state;
	s2_setup(40, false);
	pt_mock.budget = 1; /* a page needs two tables under the L1 root */
	assert_int_equal(stage2_map(&S, SZ_4K, SZ_4K, SZ_4K, S2_NORMAL_WB, RW), -ENOMEM);
	assert_int_equal(pt_mock.nlive, 0);
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 0);
	pt_mock.budget = -1;
	assert_int_equal(stage2_map(&S, SZ_1G, SZ_1G, SZ_1G, S2_NORMAL_WB, RW), 0);
	pt_mock_settle();
	pt_mock.budget = 1; /* unmapping a page of the block needs two */
	assert_int_equal(stage2_unmap(&S, SZ_1G + SZ_4K, SZ_4K), -ENOMEM);
	assert_int_equal(pt_mock.ninv, 0);
	pt_mock_settle();
	expect_leaf(SZ_1G, 1, SZ_1G, stage2_leaf_attrs(S2_NORMAL_WB, RW, false));
	pt_mock.budget = -1;
	s2_teardown();
}

/* 32-bit IPA: level 2 start, 4 concatenated tables, so no 1G blocks. */
static void test_level2_start(void **state)
{
	(void)state;
	s2_setup(32, false);
	assert_int_equal(S.pt.start_level, 2);
	assert_int_equal(stage2_map(&S, 3 * SZ_1G, SZ_1G, SZ_1G, S2_NORMAL_WB, RW), 0);
	assert_int_equal(pt_mock.allocs, 0);
	pt_mock_settle();
	assert_int_equal(pt_mock.prev.n, 512);
	assert_int_equal(S.pt.root[1536],
			 SZ_1G | stage2_leaf_attrs(S2_NORMAL_WB, RW, false) | 1);
	assert_int_equal(stage2_map(&S, 1UL << 32, 0, SZ_4K, S2_NORMAL_WB, RW), -ERANGE);
	s2_teardown();
}

/* 41-bit IPA: 4 concatenated level-1 tables; 1.5 TiB is in the fourth. */
static void test_concatenated_root(void **state)
{
	uint64_t ipa = 1536 * SZ_1G;
	struct stage2_mapping m;

	(void)state;
	s2_setup(41, false);
	assert_int_equal(stage2_root_tables(&S), 4);
	assert_int_equal(stage2_map(&S, ipa, SZ_1G, SZ_1G, S2_DEVICE_nGnRE, RW), 0);
	assert_int_equal(
		stage2_map(&S, (1UL << 41) - SZ_4K, 0x5000, SZ_4K, S2_NORMAL_WB, RW), 0);
	pt_mock_settle();
	assert_int_equal(S.pt.root[3 * 512],
			 SZ_1G | stage2_leaf_attrs(S2_DEVICE_nGnRE, RW, false) | 1);
	assert_int_equal(stage2_lookup(&S, (1UL << 41) - 1, &m), 0);
	assert_int_equal(m.pa, 0x5fff);
	assert_int_equal(stage2_lookup(&S, 1UL << 41, &m), -ERANGE);
	assert_int_equal(stage2_lookup(&S, ipa - SZ_4K, &m), -ENOENT);
	s2_teardown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_requests),
		cmocka_unit_test(test_attr_encodings),
		cmocka_unit_test(test_perm_bits),
		cmocka_unit_test(test_exec_refused_for_device_and_nc),
		cmocka_unit_test(test_geometry),
		cmocka_unit_test(test_geometry_rejects),
		cmocka_unit_test(test_init_rejects),
		cmocka_unit_test(test_vttbr_layout),
		cmocka_unit_test(test_block_1g),
		cmocka_unit_test(test_block_2m_and_pages),
		cmocka_unit_test(test_mixed_blocks),
		cmocka_unit_test(test_split_on_partial_unmap),
		cmocka_unit_test(test_overlap_rejected),
		cmocka_unit_test(test_misaligned_and_out_of_range),
		cmocka_unit_test(test_unmap_leaves_nothing_in_range),
		cmocka_unit_test(test_empty_tables_freed),
		cmocka_unit_test(test_change_is_bbm),
		cmocka_unit_test(test_change_splits_block),
		cmocka_unit_test(test_enomem_changes_nothing),
		cmocka_unit_test(test_level2_start),
		cmocka_unit_test(test_concatenated_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
