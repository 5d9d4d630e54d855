/* image_parse/image_layout: where a guest's kernel, initrd and DT land. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "guest/image.h"

#define MiB (1UL << 20)

static void make_header(uint8_t *h, uint64_t text_offset, uint64_t image_size)
{
	memset(h, 0, 64);
	for (int i = 0; i < 8; i++) {
		h[8 + i] = (uint8_t)(text_offset >> (8 * i));
		h[16 + i] = (uint8_t)(image_size >> (8 * i));
	}
	memcpy(h + 0x38, "ARM\x64", 4);
}

static void test_parse(void **state)
{
	uint8_t h[4096];
	struct image_info info;
	char err[128];

	(void)state;
	make_header(h, 0x80000, 3 * MiB);
	assert_int_equal(image_parse(h, sizeof(h), &info, err, sizeof(err)), 0);
	assert_int_equal(info.text_offset, 0x80000);
	assert_int_equal(info.mem_size, 3 * MiB);
	/* image_size 0: legacy, text_offset is 0x80000 whatever the field says */
	make_header(h, 0x1234, 0);
	assert_int_equal(image_parse(h, sizeof(h), &info, err, sizeof(err)), 0);
	assert_int_equal(info.text_offset, 0x80000);
	assert_int_equal(info.mem_size, sizeof(h));
	h[0x38] = 'X';
	assert_int_equal(image_parse(h, sizeof(h), &info, err, sizeof(err)), -22);
	assert_non_null(strstr(err, "not an arm64 Image"));
	assert_int_equal(image_parse(h, 16, &info, err, sizeof(err)), -22);
}

static void test_layout(void **state)
{
	struct image_info img = {0x200000, 20 * MiB};
	struct image_layout l;
	char err[160];

	(void)state;
	assert_int_equal(image_layout(0x40000000, 256 * MiB, &img, 8 * MiB, &l, err, 160),
			 0);
	assert_int_equal(l.kernel_ipa, 0x40200000);
	assert_int_equal(l.dtb_ipa, 0x40000000 + 254 * MiB);
	assert_int_equal(l.initrd_ipa, 0x40000000 + 246 * MiB);
	assert_int_equal(l.initrd_ipa & 0xfff, 0);

	assert_int_equal(image_layout(0x40000000, 256 * MiB, &img, 0, &l, err, 160), 0);
	assert_int_equal(l.initrd_ipa, 0);

	/* kernel + DT fit, initrd does not */
	assert_int_equal(image_layout(0x40000000, 32 * MiB, &img, 12 * MiB, &l, err, 160),
			 -28);
	assert_non_null(strstr(err, "initrd"));
	/* the kernel alone overlaps the DT area */
	assert_int_equal(image_layout(0x40000000, 16 * MiB, &img, 0, &l, err, 160), -28);
	assert_non_null(strstr(err, "too small"));
}

/* Sizes from the header and the payload are outside input: no sum of them
 * may wrap and let a kernel, an initrd or the DT land outside RAM. */
static void test_layout_overflow(void **state)
{
	struct image_info img = {0x200000, 0};
	struct image_layout l;
	uint8_t h[4096];
	char err[160];

	(void)state;
	/* image_size near 2^64 wrapped the end-of-kernel check */
	img.mem_size = ~0ULL - 0x40000000;
	assert_int_equal(image_layout(0x40000000, 256 * MiB, &img, 0, &l, err, 160), -28);
	assert_non_null(strstr(err, "too small"));
	img.mem_size = ~0ULL - 0x40200000 + 1 + 0x1000; /* kernel end wraps to 0x1000 */
	assert_int_equal(image_layout(0x40000000, 256 * MiB, &img, 0, &l, err, 160), -28);
	/* text_offset alone past the DT */
	img = (struct image_info){255 * MiB, 0x1000};
	assert_int_equal(image_layout(0x40000000, 256 * MiB, &img, 0, &l, err, 160), -28);
	/* an initrd near 2^64 */
	img = (struct image_info){0x200000, 20 * MiB};
	assert_int_equal(
		image_layout(0x40000000, 256 * MiB, &img, ~0ULL - 0x1000, &l, err, 160),
		-28);
	assert_non_null(strstr(err, "initrd"));
	/* RAM that runs past 2^64 */
	assert_int_equal(image_layout(~0ULL - 0xfffff, 256 * MiB, &img, 0, &l, err, 160),
			 -22);
	assert_non_null(strstr(err, "runs past the end"));
	/* the header's image_size itself: more than any RAM is refused by name */
	make_header(h, 0x80000, ~0ULL - 0x3fffffff);
	assert_int_equal(image_parse(h, sizeof(h), &(struct image_info){0}, err, 160),
			 -22);
	assert_non_null(strstr(err, "image_size 0xffffffffc0000000"));
	make_header(h, 0x80000, IMAGE_MAX_SIZE);
	assert_int_equal(image_parse(h, sizeof(h), &img, err, 160), 0);
	assert_int_equal(img.mem_size, IMAGE_MAX_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_layout_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
