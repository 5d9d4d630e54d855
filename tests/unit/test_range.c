/* Range lists: normalize, subtract, align inwards (src/lib/range.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/errno.h"
#include "lib/range.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Compares a list with the expected entries, naming the first difference. */
static void expect_list(const struct range *got, unsigned n, const struct range *want,
			unsigned wn)
{
	if (n != wn)
		fail_msg("list has %u entries, expected %u", n, wn);
	for (unsigned i = 0; i < n; i++)
		if (got[i].base != want[i].base || got[i].size != want[i].size)
			fail_msg("entry %u is [%#lx +%#lx], expected [%#lx +%#lx]", i,
				 (unsigned long)got[i].base, (unsigned long)got[i].size,
				 (unsigned long)want[i].base,
				 (unsigned long)want[i].size);
}

/* EXPECT_LIST(list, n, {base, size}, ...) */
#define EXPECT_LIST(l, n, ...)                                                           \
	do {                                                                             \
		const struct range w_[] = {__VA_ARGS__};                                 \
		expect_list(l, n, w_, N(w_));                                            \
	} while (0)

static void test_helpers(void **state)
{
	struct range r = {0x1000, 0x2000};

	(void)state;
	assert_int_equal(range_end(&r), 0x3000);
	assert_true(range_overlaps(0x1000, 0x1000, 0x1fff, 1));
	assert_false(range_overlaps(0x1000, 0x1000, 0x2000, 1)); /* touching */
	assert_false(range_overlaps(0x2000, 1, 0x1000, 0x1000));
	assert_true(range_overlaps(0x1000, 0x10000, 0x2000, 0x10)); /* inside */
	assert_true(range_overlaps(0x2000, 0x10, 0x1000, 0x10000)); /* around */
	assert_false(range_overlaps(0x1000, 0, 0x1000, 0x10));      /* empty */
}

static void test_normalize_sorts_and_merges(void **state)
{
	struct range l[] = {
		{0x9000, 0x1000}, /* touches the next */
		{0xa000, 0x1000}, /* merges with the one above */
		{0x1000, 0x1000}, /* out of order */
		{0x0, 0},         /* empty: dropped */
		{0x1800, 0x4000}, /* overlaps 0x1000 */
		{0x2000, 0x100},  /* inside the one above */
		{0x20000, 0x10},  /* alone */
	};
	unsigned n = N(l);
	const struct range want[] = {{0x1000, 0x4800}, {0x9000, 0x2000}, {0x20000, 0x10}};

	(void)state;
	range_list_normalize(l, &n);
	expect_list(l, n, want, N(want));
}

static void test_normalize_empty_and_single(void **state)
{
	struct range l[2] = {{0x5000, 0}, {0x1000, 0}};
	unsigned n = 2;
	struct range one[1] = {{0x42000, 0x1000}};
	unsigned n1 = 1;

	(void)state;
	range_list_normalize(l, &n);
	assert_int_equal(n, 0);
	n = 0;
	range_list_normalize(l, &n);
	assert_int_equal(n, 0);
	range_list_normalize(one, &n1);
	EXPECT_LIST(one, n1, {0x42000, 0x1000});
}

static void test_subtract_cases(void **state)
{
	struct range l[8] = {{0x1000, 0x3000}, {0x10000, 0x1000}, {0x20000, 0x2000}};
	unsigned n = 3;

	(void)state;
	/* front of the first, the whole second, tail of the third */
	assert_int_equal(range_list_subtract(l, &n, 8, 0x0, 0x2000), 0);
	assert_int_equal(range_list_subtract(l, &n, 8, 0x10000, 0x1000), 0);
	assert_int_equal(range_list_subtract(l, &n, 8, 0x21000, 0x5000), 0);
	EXPECT_LIST(l, n, {0x2000, 0x2000}, {0x20000, 0x1000});
	/* the middle splits an entry; the rest keeps its order */
	assert_int_equal(range_list_subtract(l, &n, 8, 0x2800, 0x800), 0);
	EXPECT_LIST(l, n, {0x2000, 0x800}, {0x3000, 0x1000}, {0x20000, 0x1000});
	/* nothing there: unchanged */
	assert_int_equal(range_list_subtract(l, &n, 8, 0x8000, 0x1000), 0);
	assert_int_equal(range_list_subtract(l, &n, 8, 0x2000, 0), 0);
	assert_int_equal(n, 3);
	/* one cut across several entries */
	assert_int_equal(range_list_subtract(l, &n, 8, 0x2400, 0x1e000), 0);
	EXPECT_LIST(l, n, {0x2000, 0x400}, {0x20400, 0xc00});
}

static void test_subtract_split_needs_room(void **state)
{
	struct range l[2] = {{0x1000, 0x1000}, {0x10000, 0x10000}};
	unsigned n = 2;

	(void)state;
	assert_int_equal(range_list_subtract(l, &n, 2, 0x18000, 0x1000), -ENOSPC);
	/* a failed split leaves the list as it was */
	EXPECT_LIST(l, n, {0x1000, 0x1000}, {0x10000, 0x10000});
	/* trimming needs no room */
	assert_int_equal(range_list_subtract(l, &n, 2, 0x1f000, 0x2000), 0);
	EXPECT_LIST(l, n, {0x1000, 0x1000}, {0x10000, 0xf000});
}

static void test_subtract_high_addresses(void **state)
{
	struct range l[4] = {{0x80000000000ULL, 0x100000000ULL}};
	unsigned n = 1;

	(void)state;
	assert_int_equal(range_list_subtract(l, &n, 4, 0x80040000000ULL, 0x1000), 0);
	EXPECT_LIST(l, n, {0x80000000000ULL, 0x40000000}, {0x80040001000ULL, 0xbffff000});
}

static void test_align_inwards(void **state)
{
	struct range l[] = {
		{0x1001, 0x2fff},   /* [0x1001, 0x4000) -> [0x2000, 0x4000) */
		{0x5000, 0xfff},    /* less than a page: dropped */
		{0x7800, 0x1000},   /* [0x7800, 0x8800) holds no whole page */
		{0x10000, 0x20000}, /* already aligned */
		{0x40000, 0x1fff},  /* [0x40000, 0x41fff) -> one page */
	};
	unsigned n = N(l);
	const struct range want[] = {
		{0x2000, 0x2000}, {0x10000, 0x20000}, {0x40000, 0x1000}};

	(void)state;
	range_list_align_inwards(l, &n, 0x1000);
	expect_list(l, n, want, N(want));
}

static void test_align_inwards_2m(void **state)
{
	struct range l[] = {{0x40000000, 0x40000000}, {0x80100000, 0x300000}};
	unsigned n = N(l);

	(void)state;
	range_list_align_inwards(l, &n, 0x200000);
	EXPECT_LIST(l, n, {0x40000000, 0x40000000}, {0x80200000, 0x200000});
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_normalize_sorts_and_merges),
		cmocka_unit_test(test_normalize_empty_and_single),
		cmocka_unit_test(test_subtract_cases),
		cmocka_unit_test(test_subtract_split_needs_room),
		cmocka_unit_test(test_subtract_high_addresses),
		cmocka_unit_test(test_align_inwards),
		cmocka_unit_test(test_align_inwards_2m),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
