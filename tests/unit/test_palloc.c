/* Physical page allocator (src/mm/palloc.c): the bookkeeping, not the memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/config.h"
#include "lib/errno.h"
#include "mm/palloc.h"

#define MIB (1024UL * 1024)
#define GIB (1024 * MIB)

static struct palloc pa;

/* The free list stays sorted, disjoint, non-touching and page aligned. */
static void check_invariants(const struct palloc *p)
{
	for (unsigned i = 0; i < p->n; i++) {
		assert_true(p->free[i].size > 0);
		assert_int_equal(p->free[i].base % PAGE_SIZE, 0);
		assert_int_equal(p->free[i].size % PAGE_SIZE, 0);
		if (i)
			assert_true(range_end(&p->free[i - 1]) < p->free[i].base);
	}
}

static void test_init_aligns_and_merges(void **state)
{
	const struct range ram[] = {
		{0x40000800, 0x1000}, /* no whole page: gone */
		{0x50000000, 0x100000},
		{0x48000123, 0x2000},   /* -> one page at 0x48001000 */
		{0x50100000, 0x100000}, /* touches the second: merged */
	};

	(void)state;
	palloc_init(&pa, ram, 4);
	check_invariants(&pa);
	assert_int_equal(pa.n, 2);
	assert_int_equal(pa.free[0].base, 0x48001000);
	assert_int_equal(pa.free[0].size, PAGE_SIZE);
	assert_int_equal(pa.free[1].base, 0x50000000);
	assert_int_equal(pa.free[1].size, 2 * MIB);
	assert_int_equal(palloc_free_bytes(&pa), 2 * MIB + PAGE_SIZE);
}

static void test_first_fit_and_rounding(void **state)
{
	const struct range ram[] = {{0x40000000, 16 * PAGE_SIZE}, {0x80000000, GIB}};

	(void)state;
	palloc_init(&pa, ram, 2);
	/* sizes round up to whole pages; lowest address first */
	assert_int_equal(palloc_alloc(&pa, 1, 0), 0x40000000);
	assert_int_equal(palloc_alloc(&pa, PAGE_SIZE + 1, 0), 0x40001000);
	assert_int_equal(palloc_alloc(&pa, PAGE_SIZE, PAGE_SIZE), 0x40003000);
	assert_int_equal(palloc_free_bytes(&pa), GIB + 12 * PAGE_SIZE);
	/* too big for the first extent: taken from the second */
	assert_int_equal(palloc_alloc(&pa, 13 * PAGE_SIZE, 0), 0x80000000);
	/* still fits in what is left of the first */
	assert_int_equal(palloc_alloc(&pa, 12 * PAGE_SIZE, 0), 0x40004000);
	check_invariants(&pa);
	assert_int_equal(pa.n, 1);
	assert_int_equal(palloc_alloc(&pa, 0, 0), 0); /* nothing to allocate */
}

static void test_alignment(void **state)
{
	const struct range ram[] = {{0x40001000, 64 * MIB}};
	uint64_t a, b, c;

	(void)state;
	palloc_init(&pa, ram, 1);
	a = palloc_alloc(&pa, PAGE_SIZE, 2 * MIB);
	assert_int_equal(a, 0x40200000);
	b = palloc_alloc(&pa, 64 * 1024, 64 * 1024);
	assert_int_equal(b % (64 * 1024), 0);
	assert_int_equal(b, 0x40010000); /* from the low part left before a */
	/* the 2 MiB alignment split the extent; pieces stay usable */
	check_invariants(&pa);
	c = palloc_alloc(&pa, PAGE_SIZE, 0);
	assert_int_equal(c, 0x40001000);
	/* below a page means page alignment; not a power of two is refused */
	assert_int_equal(palloc_alloc(&pa, PAGE_SIZE, 16), 0x40002000);
	assert_int_equal(palloc_alloc(&pa, PAGE_SIZE, 3 * PAGE_SIZE), 0);
	/* alignments no address in the pool satisfies */
	assert_int_equal(palloc_alloc(&pa, PAGE_SIZE, 1ULL << 40), 0);
	assert_int_equal(palloc_alloc(&pa, PAGE_SIZE, 1ULL << 63), 0);
}

static void test_exhaustion(void **state)
{
	const struct range ram[] = {{0x40000000, 8 * PAGE_SIZE}};
	uint64_t before;

	(void)state;
	palloc_init(&pa, ram, 1);
	assert_int_equal(palloc_alloc(&pa, 9 * PAGE_SIZE, 0), 0);
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(palloc_alloc(&pa, PAGE_SIZE, 0),
				 0x40000000 + i * PAGE_SIZE);
	assert_int_equal(palloc_alloc(&pa, PAGE_SIZE, 0), 0);
	assert_int_equal(palloc_free_bytes(&pa), 0);
	assert_int_equal(pa.n, 0);

	/* sizes that overflow when rounded up to pages never succeed */
	palloc_init(&pa, ram, 1);
	before = palloc_free_bytes(&pa);
	assert_int_equal(palloc_alloc(&pa, UINT64_MAX, 0), 0);
	assert_int_equal(palloc_alloc(&pa, UINT64_MAX - PAGE_SIZE + 2, 0), 0);
	assert_int_equal(palloc_free_bytes(&pa), before);

	/* an empty pool */
	palloc_init(&pa, NULL, 0);
	assert_int_equal(palloc_alloc(&pa, PAGE_SIZE, 0), 0);
}

static void test_free_merges(void **state)
{
	const struct range ram[] = {{0x40000000, 4 * PAGE_SIZE}};
	uint64_t p[4];

	(void)state;
	palloc_init(&pa, ram, 1);
	for (int i = 0; i < 4; i++)
		p[i] = palloc_alloc(&pa, PAGE_SIZE, 0);
	assert_int_equal(pa.n, 0);
	/* free out of order; neighbours merge back into one extent */
	assert_int_equal(palloc_free(&pa, p[1], PAGE_SIZE), 0);
	assert_int_equal(palloc_free(&pa, p[3], PAGE_SIZE), 0);
	assert_int_equal(pa.n, 2);
	assert_int_equal(palloc_free(&pa, p[2], PAGE_SIZE), 0); /* bridges both */
	assert_int_equal(pa.n, 1);
	assert_int_equal(palloc_free(&pa, p[0], PAGE_SIZE), 0); /* merges in front */
	check_invariants(&pa);
	assert_int_equal(pa.n, 1);
	assert_int_equal(pa.free[0].base, 0x40000000);
	assert_int_equal(pa.free[0].size, 4 * PAGE_SIZE);
	/* the whole pool is usable again in one piece */
	assert_int_equal(palloc_alloc(&pa, 4 * PAGE_SIZE, 0), 0x40000000);
}

static void test_free_rejects(void **state)
{
	const struct range ram[] = {{0x40000000, 8 * PAGE_SIZE}};
	uint64_t a;

	(void)state;
	palloc_init(&pa, ram, 1);
	a = palloc_alloc(&pa, 2 * PAGE_SIZE, 0);
	assert_int_equal(palloc_free(&pa, a, 2 * PAGE_SIZE), 0);
	/* double free, whole or partial */
	assert_int_equal(palloc_free(&pa, a, 2 * PAGE_SIZE), -EINVAL);
	assert_int_equal(palloc_free(&pa, a + PAGE_SIZE, PAGE_SIZE), -EINVAL);
	a = palloc_alloc(&pa, 2 * PAGE_SIZE, 0);
	/* overlapping a free extent */
	assert_int_equal(palloc_free(&pa, a + PAGE_SIZE, 2 * PAGE_SIZE), -EINVAL);
	/* unaligned, empty, wrapping */
	assert_int_equal(palloc_free(&pa, a + 1, PAGE_SIZE), -EINVAL);
	assert_int_equal(palloc_free(&pa, a, PAGE_SIZE - 1), -EINVAL);
	assert_int_equal(palloc_free(&pa, a, 0), -EINVAL);
	assert_int_equal(palloc_free(&pa, 0xfffffffffffff000ULL, 2 * PAGE_SIZE), -EINVAL);
	/* nothing above changed the pool */
	assert_int_equal(palloc_free_bytes(&pa), 6 * PAGE_SIZE);
	assert_int_equal(palloc_free(&pa, a, 2 * PAGE_SIZE), 0);
	assert_int_equal(palloc_free_bytes(&pa), 8 * PAGE_SIZE);
}

static void test_extent_limit(void **state)
{
	const struct range ram[] = {{0x40000000, 256 * PAGE_SIZE}};
	unsigned i, freed = 0;
	int r = 0;

	(void)state;
	palloc_init(&pa, ram, 1);
	for (i = 0; i < 256; i++)
		assert_int_equal(palloc_alloc(&pa, PAGE_SIZE, 0),
				 0x40000000 + i * PAGE_SIZE);
	/* every other page: no two freed pages touch, so each needs an extent */
	for (i = 0; i < 256; i += 2) {
		r = palloc_free(&pa, 0x40000000 + i * PAGE_SIZE, PAGE_SIZE);
		if (r)
			break;
		freed++;
	}
	assert_int_equal(r, -ENOSPC);
	assert_int_equal(freed, PALLOC_MAX_EXTENTS);
	assert_int_equal(pa.n, PALLOC_MAX_EXTENTS);
	check_invariants(&pa);
	/* a free that merges needs no new extent and still works */
	assert_int_equal(palloc_free(&pa, 0x40001000, PAGE_SIZE), 0);
	assert_int_equal(pa.n, PALLOC_MAX_EXTENTS - 1);
	/* a split while the list is full fails instead of losing memory */
	palloc_init(&pa, ram, 1);
	for (i = 0; i < PALLOC_MAX_EXTENTS; i++)
		assert_int_equal(palloc_alloc(&pa, PAGE_SIZE, 2 * PAGE_SIZE),
				 0x40000000 + 2 * i * PAGE_SIZE);
	assert_int_equal(pa.n, PALLOC_MAX_EXTENTS);
	assert_int_equal(palloc_alloc(&pa, PAGE_SIZE, 4 * PAGE_SIZE), 0);
	assert_int_equal(palloc_free_bytes(&pa), (256 - PALLOC_MAX_EXTENTS) * PAGE_SIZE);
	check_invariants(&pa);
}

static void test_init_extent_limit(void **state)
{
	struct range ram[PALLOC_MAX_EXTENTS + 8];

	(void)state;
	for (unsigned i = 0; i < PALLOC_MAX_EXTENTS + 8; i++) {
		ram[i].base = 0x40000000 + i * 2 * PAGE_SIZE;
		ram[i].size = PAGE_SIZE;
	}
	palloc_init(&pa, ram, PALLOC_MAX_EXTENTS + 8);
	/* the pool holds at most the limit; what it holds is consistent */
	assert_int_equal(pa.n, PALLOC_MAX_EXTENTS);
	assert_int_equal(palloc_free_bytes(&pa), PALLOC_MAX_EXTENTS * PAGE_SIZE);
	check_invariants(&pa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_aligns_and_merges),
		cmocka_unit_test(test_first_fit_and_rounding),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_free_merges),
		cmocka_unit_test(test_free_rejects),
		cmocka_unit_test(test_extent_limit),
		cmocka_unit_test(test_init_extent_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
