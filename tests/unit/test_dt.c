/* libfdt helpers (src/dt/dt.c), on QEMU's DTB and on bus.dtb (bus.dtsi). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "dt/dt.h"
#include "helpers/dtb.h"
#include "lib/errno.h"

static void *virt;
static void *bus;

static int setup(void **state)
{
	(void)state;
	virt = dtb_load("virt");
	bus = dtb_load("bus");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(virt);
	free(bus);
	return 0;
}

/* dt_reg() of path's entry index must give addr and size. */
static void expect_reg(const void *fdt, const char *path, int index, uint64_t addr,
		       uint64_t size)
{
	uint64_t a = 0, s = 0;
	int r = dt_reg(fdt, dtb_node(fdt, path), index, &a, &s);

	if (r)
		fail_msg("dt_reg(%s, %d) = %d, expected 0", path, index, r);
	if (a != addr || s != size)
		fail_msg("dt_reg(%s, %d) = [%#lx +%#lx], expected [%#lx +%#lx]", path,
			 index, (unsigned long)a, (unsigned long)s, (unsigned long)addr,
			 (unsigned long)size);
}

static int reg_err(const void *fdt, const char *path, int index)
{
	uint64_t a, s;

	return dt_reg(fdt, dtb_node(fdt, path), index, &a, &s);
}

static void test_read_cells(void **state)
{
	const fdt32_t c[3] = {cpu_to_fdt32(0x1), cpu_to_fdt32(0x23456789),
			      cpu_to_fdt32(0xabcdef01)};

	(void)state;
	assert_int_equal(dt_read_cells(c, 0), 0);
	assert_int_equal(dt_read_cells(c, 1), 0x1);
	assert_int_equal(dt_read_cells(c, 2), 0x123456789ULL);
	assert_int_equal(dt_read_cells(c + 1, 2), 0x23456789abcdef01ULL);
}

static void test_reg_on_qemu_virt(void **state)
{
	(void)state;
	expect_reg(virt, "/pl011@9000000", 0, 0x9000000, 0x1000);
	expect_reg(virt, "/memory@40000000", 0, 0x40000000, 0x40000000);
	expect_reg(virt, "/intc@8000000", 0, 0x8000000, 0x10000);
	expect_reg(virt, "/intc@8000000", 1, 0x80a0000, 0xf60000);
	assert_int_equal(dt_reg_count(virt, dtb_node(virt, "/intc@8000000")), 2);
	/* a child of the GIC, through its empty (identity) ranges */
	expect_reg(virt, "/intc@8000000/its@8080000", 0, 0x8080000, 0x20000);
	/* the PCIe ECAM sits above 256 GiB */
	expect_reg(virt, "/pcie@10000000", 0, 0x4010000000ULL, 0x10000000);
	assert_int_equal(reg_err(virt, "/intc@8000000", 2), -ENOENT);
}

static void test_reg_through_ranges(void **state)
{
	(void)state;
	/* soc: bus 0x0-0xfffff -> 0x20000000, bus 0x100000-0x100fff -> 0x130000000 */
	expect_reg(bus, "/soc@20000000/uart@1000", 0, 0x20001000, 0x100);
	expect_reg(bus, "/soc@20000000/last@fffff", 0, 0x200fffff, 0x1);
	expect_reg(bus, "/soc@20000000/regs@100000", 0, 0x130000000ULL, 0x10);
	expect_reg(bus, "/soc@20000000/regs@100000", 1, 0x130000ff0ULL, 0x10);
	assert_int_equal(dt_reg_count(bus, dtb_node(bus, "/soc@20000000/regs@100000")),
			 2);
	/* two levels: <5 0x100> -> 0x8100 on soc -> 0x20008100 */
	expect_reg(bus, "/soc@20000000/inner-bus@8000/dev@5,100", 0, 0x20008100, 0x40);
	expect_reg(bus, "/soc@20000000/identity-bus/dev@2000", 0, 0x20002000, 0x10);
	/* no #address-cells/#size-cells: the defaults 2 and 1 */
	expect_reg(bus, "/default-cells/dev@100000002", 0, 0x100000002ULL, 3);
}

static void test_reg_untranslatable(void **state)
{
	(void)state;
	/* outside every ranges entry, and behind a bus without ranges */
	assert_int_equal(reg_err(bus, "/soc@20000000/outside@200000", 0), -EINVAL);
	assert_int_equal(reg_err(bus, "/soc@20000000/closed-bus/dev@0", 0), -EINVAL);
}

static void test_reg_absent_or_out_of_range(void **state)
{
	uint64_t a, s;

	(void)state;
	assert_int_equal(reg_err(bus, "/soc@20000000/inner-bus@8000", 0), -ENOENT);
	assert_int_equal(dt_reg_count(bus, dtb_node(bus, "/soc@20000000/inner-bus@8000")),
			 0);
	assert_int_equal(reg_err(bus, "/soc@20000000/uart@1000", 1), -ENOENT);
	assert_int_equal(reg_err(bus, "/soc@20000000/uart@1000", -1), -ENOENT);
	assert_int_equal(reg_err(bus, "/soc@20000000/uart@1000", 0x7fffffff), -ENOENT);
	/* the root has no parent whose cells would say how to read it */
	assert_int_equal(dt_reg(bus, 0, 0, &a, &s), -EINVAL);
	assert_int_equal(dt_reg_count(bus, 0), 0);
}

static void test_reg_broken_cells(void **state)
{
	(void)state;
	/* zero cells: no entry can be read, at any index (this used to loop) */
	assert_int_not_equal(reg_err(bus, "/zero-cells/dev", 0), 0);
	assert_int_not_equal(reg_err(bus, "/zero-cells/dev", 5), 0);
	assert_int_equal(dt_reg_count(bus, dtb_node(bus, "/zero-cells/dev")), 0);
	/* absurd cell counts are refused without overflowing (UBSan watches) */
	assert_int_equal(reg_err(bus, "/huge-cells/dev", 0), -EINVAL);
	assert_int_equal(dt_reg_count(bus, dtb_node(bus, "/huge-cells/dev")), 0);
}

static void test_is_enabled(void **state)
{
	(void)state;
	assert_true(dt_is_enabled(bus, dtb_node(bus, "/status-okay")));
	assert_true(dt_is_enabled(bus, dtb_node(bus, "/status-ok")));
	assert_true(dt_is_enabled(bus, dtb_node(bus, "/numbers"))); /* no status */
	assert_false(dt_is_enabled(bus, dtb_node(bus, "/status-disabled")));
	assert_false(dt_is_enabled(bus, dtb_node(bus, "/status-fail")));
}

static void test_read_u64(void **state)
{
	int n = dtb_node(bus, "/numbers");
	uint64_t v = 0xdead;

	(void)state;
	assert_int_equal(dt_read_u64(bus, n, "u32", &v), 0);
	assert_int_equal(v, 0x12345678);
	assert_int_equal(dt_read_u64(bus, n, "u64", &v), 0);
	assert_int_equal(v, 0x123456789abcdef0ULL);
	v = 0xdead;
	assert_int_equal(dt_read_u64(bus, n, "three-bytes", &v), -EINVAL);
	assert_int_equal(dt_read_u64(bus, n, "cells", &v), -EINVAL);
	assert_int_equal(dt_read_u64(bus, n, "missing", &v), -ENOENT);
	assert_int_equal(v, 0xdead); /* untouched on error */
}

static void test_path(void **state)
{
	int n = dtb_node(bus, "/soc@20000000/uart@1000");
	char buf[64];
	char small[8];

	(void)state;
	assert_string_equal(dt_path(bus, n, buf, sizeof(buf)), "/soc@20000000/uart@1000");
	assert_string_equal(dt_path(bus, n, small, sizeof(small)), "?");
	assert_string_equal(dt_path(bus, 0, buf, sizeof(buf)), "/");
}

/* Sets the length field of the property at struct offset prop (in place). */
static void set_prop_len(void *fdt, int prop, uint32_t len)
{
	uint8_t *p = (uint8_t *)fdt + fdt_off_dt_struct(fdt) + prop + 4;

	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(len >> (24 - 8 * i));
}

/*
 * What libfdt 1.6.1 is not safe against, found by the fuzzers: a property of
 * length -12 makes its structure walk (fdt_check_full(), fdt_next_node())
 * loop forever, a version-10 blob makes fdt_check_full() dereference NULL.
 */
static void test_check_header(void **state)
{
	uint32_t total = fdt_totalsize(virt);
	void *b = malloc(total);
	int prop = fdt_first_property_offset(virt, 0); /* the root's first */
	uint8_t *s = b;

	(void)state;
	assert_non_null(b);
	assert_true(prop >= 0);
	s += fdt_off_dt_struct(virt);
	assert_int_equal(dt_check_header(virt, total), 0);
	assert_int_equal(dt_check_header(virt, total - 1), -FDT_ERR_TRUNCATED);
	assert_int_equal(dt_check_header(virt, 39), -FDT_ERR_TRUNCATED);

	memcpy(b, virt, total);
	fdt_set_version(b, 16);
	assert_int_equal(dt_check_header(b, total), -FDT_ERR_BADVERSION);

	memcpy(b, virt, total);
	set_prop_len(b, prop, 0xfffffff4); /* -12: the same tag again */
	assert_int_equal(dt_check_header(b, total), -FDT_ERR_BADSTRUCTURE);
	set_prop_len(b, prop, fdt_size_dt_struct(b)); /* past the block */
	assert_int_equal(dt_check_header(b, total), -FDT_ERR_BADSTRUCTURE);
	memcpy(b, virt, total);
	s[prop + 3] = 10; /* no such tag */
	assert_int_equal(dt_check_header(b, total), -FDT_ERR_BADSTRUCTURE);

	/* no FDT_END: the last tag becomes a NOP */
	memcpy(b, virt, total);
	s[fdt_size_dt_struct(b) - 1] = FDT_NOP;
	assert_int_equal(dt_check_header(b, total), -FDT_ERR_TRUNCATED);
	/* FDT_END inside the root node */
	memcpy(b, virt, total);
	s[prop + 3] = FDT_END;
	assert_int_equal(dt_check_header(b, total), -FDT_ERR_BADSTRUCTURE);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_cells),
		cmocka_unit_test(test_reg_on_qemu_virt),
		cmocka_unit_test(test_reg_through_ranges),
		cmocka_unit_test(test_reg_untranslatable),
		cmocka_unit_test(test_reg_absent_or_out_of_range),
		cmocka_unit_test(test_reg_broken_cells),
		cmocka_unit_test(test_is_enabled),
		cmocka_unit_test(test_read_u64),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_check_header),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
