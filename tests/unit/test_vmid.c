/* mm/vmid: the VMID bitmap allocator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "lib/errno.h"
#include "mm/vmid.h"

static struct vmid_pool pool; /* 8 KiB: not on the stack */

static void test_init(void **state)
{
	(void)state;
	assert_int_equal(vmid_pool_init(&pool, 12), -EINVAL);
	assert_int_equal(vmid_pool_init(&pool, 0), -EINVAL);
	assert_int_equal(vmid_pool_init(&pool, 8), 0);
	assert_int_equal(vmid_available(&pool), 255);
	assert_int_equal(vmid_pool_init(&pool, 16), 0);
	assert_int_equal(vmid_available(&pool), 65535);
	assert_false(vmid_is_allocated(&pool, 0)); /* reserved, never a guest's */
}

static void test_alloc_lowest_first_never_zero(void **state)
{
	(void)state;
	assert_int_equal(vmid_pool_init(&pool, 8), 0);
	for (int want = 1; want <= 70; want++) { /* crosses a bitmap word */
		assert_int_equal(vmid_alloc(&pool), want);
		assert_true(vmid_is_allocated(&pool, (unsigned)want));
	}
	assert_false(vmid_is_allocated(&pool, 71));
	assert_int_equal(vmid_available(&pool), 255 - 70);
}

static void test_free_and_reuse(void **state)
{
	(void)state;
	assert_int_equal(vmid_pool_init(&pool, 8), 0);
	for (int i = 1; i <= 10; i++)
		assert_int_equal(vmid_alloc(&pool), i);
	assert_int_equal(vmid_free(&pool, 4), 0);
	assert_int_equal(vmid_free(&pool, 7), 0);
	assert_false(vmid_is_allocated(&pool, 4));
	assert_int_equal(vmid_available(&pool), 255 - 8);
	assert_int_equal(vmid_alloc(&pool), 4);
	assert_int_equal(vmid_alloc(&pool), 7);
	assert_int_equal(vmid_alloc(&pool), 11);
}

static void test_free_rejects(void **state)
{
	(void)state;
	assert_int_equal(vmid_pool_init(&pool, 8), 0);
	assert_int_equal(vmid_alloc(&pool), 1);
	assert_int_equal(vmid_free(&pool, 0), -EINVAL);   /* reserved */
	assert_int_equal(vmid_free(&pool, 2), -EINVAL);   /* not allocated */
	assert_int_equal(vmid_free(&pool, 256), -EINVAL); /* beyond 8 bits */
	assert_int_equal(vmid_free(&pool, 1), 0);
	assert_int_equal(vmid_free(&pool, 1), -EINVAL); /* double free */
	assert_int_equal(vmid_available(&pool), 255);
}

static void test_exhaustion_8bit(void **state)
{
	(void)state;
	assert_int_equal(vmid_pool_init(&pool, 8), 0);
	for (int i = 1; i <= 255; i++)
		assert_int_equal(vmid_alloc(&pool), i);
	assert_int_equal(vmid_available(&pool), 0);
	assert_int_equal(vmid_alloc(&pool), -ENOSPC);
	assert_int_equal(vmid_free(&pool, 200), 0);
	assert_int_equal(vmid_alloc(&pool), 200);
	assert_int_equal(vmid_alloc(&pool), -ENOSPC);
}

static void test_exhaustion_16bit(void **state)
{
	(void)state;
	assert_int_equal(vmid_pool_init(&pool, 16), 0);
	for (int i = 1; i <= 65535; i++)
		if (vmid_alloc(&pool) != i)
			fail_msg("allocation %d did not return %d", i, i);
	assert_int_equal(vmid_alloc(&pool), -ENOSPC);
	assert_true(vmid_is_allocated(&pool, 65535));
	assert_int_equal(vmid_free(&pool, 65535), 0);
	assert_int_equal(vmid_alloc(&pool), 65535);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_alloc_lowest_first_never_zero),
		cmocka_unit_test(test_free_and_reuse),
		cmocka_unit_test(test_free_rejects),
		cmocka_unit_test(test_exhaustion_8bit),
		cmocka_unit_test(test_exhaustion_16bit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
