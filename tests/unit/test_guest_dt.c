/* guest_dt_build: the DT a guest boots with, read back with libfdt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libfdt.h>
#include <string.h>

#include "guest/guest_dt.h"

static char buf[65536];

static const struct guest_dt_params base = {
	.ram_ipa = 0x40000000,
	.ram_size = 0x8000000,
	.nr_vcpus = 2,
	.bootargs = "console=ttyAMA0 quiet",
	.uart_ipa = 0x9000000,
	.uart_spi = 1,
};

/* DT properties are only 4-byte aligned. */
static uint64_t u64_at(const void *p, int i)
{
	fdt64_t v;

	memcpy(&v, (const char *)p + 8 * i, sizeof(v));
	return fdt64_to_cpu(v);
}

static void test_minimal(void **state)
{
	const void *p;
	int len, node;

	(void)state;
	assert_int_equal(guest_dt_build(buf, sizeof(buf), &base), 0);
	assert_int_equal(fdt_check_header(buf), 0);
	node = fdt_path_offset(buf, "/memory@40000000");
	assert_true(node >= 0);
	p = fdt_getprop(buf, node, "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(u64_at(p, 0), 0x40000000);
	assert_int_equal(u64_at(p, 1), 0x8000000);
	assert_true(fdt_path_offset(buf, "/cpus/cpu@0") >= 0);
	assert_true(fdt_path_offset(buf, "/cpus/cpu@1") >= 0);
	assert_true(fdt_path_offset(buf, "/cpus/cpu@2") < 0);
	assert_string_equal(fdt_getprop(buf, fdt_path_offset(buf, "/cpus/cpu@1"),
					"enable-method", NULL),
			    "psci");
	assert_string_equal(
		fdt_getprop(buf, fdt_path_offset(buf, "/psci"), "method", NULL), "hvc");
	node = fdt_path_offset(buf, "/chosen");
	assert_string_equal(fdt_getprop(buf, node, "bootargs", NULL),
			    "console=ttyAMA0 quiet");
	assert_string_equal(fdt_getprop(buf, node, "stdout-path", NULL),
			    "/pl011@9000000");
	assert_null(fdt_getprop(buf, node, "linux,initrd-start", NULL));
	/* the stdout-path names a real PL011 */
	node = fdt_path_offset(buf, "/pl011@9000000");
	assert_int_equal(fdt_node_check_compatible(buf, node, "arm,pl011"), 0);
	/* its clock is not named like QEMU's, which a guest may be given too */
	assert_true(fdt_path_offset(buf, "/vuart-clk") >= 0);
	assert_true(fdt_path_offset(buf, "/apb-pclk") < 0);
	/* no GIC asked for: no interrupt controller, no timer */
	assert_int_equal(fdt_node_offset_by_compatible(buf, -1, "arm,gic-v3"),
			 -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_node_offset_by_compatible(buf, -1, "arm,armv8-timer"),
			 -FDT_ERR_NOTFOUND);
}

static void test_gic_timer_initrd(void **state)
{
	struct guest_dt_params p = base;
	const void *v;
	int len, node;

	(void)state;
	p.with_gic = true;
	p.gicd_ipa = 0x8000000;
	p.gicr_ipa = 0x80a0000;
	p.gicr_size = 2 * 0x20000;
	p.maint_ppi = 9;
	p.timer_ppi[0] = 13;
	p.timer_ppi[1] = 14;
	p.timer_ppi[2] = 11;
	p.timer_ppi[3] = 10;
	p.initrd_ipa = 0x47000000;
	p.initrd_size = 0x123456;
	assert_int_equal(guest_dt_build(buf, sizeof(buf), &p), 0);
	node = fdt_node_offset_by_compatible(buf, -1, "arm,gic-v3");
	assert_true(node >= 0);
	v = fdt_getprop(buf, node, "reg", &len);
	assert_int_equal(len, 32);
	assert_int_equal(u64_at(v, 2), 0x80a0000);
	assert_int_equal(u64_at(v, 3), 0x40000);
	assert_int_equal(fdt_get_phandle(buf, node),
			 fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(
				 buf, 0, "interrupt-parent", NULL)));
	node = fdt_node_offset_by_compatible(buf, -1, "arm,armv8-timer");
	v = fdt_getprop(buf, node, "interrupts", &len);
	assert_int_equal(len, 48);
	assert_int_equal(fdt32_to_cpu(((const fdt32_t *)v)[7]),
			 11); /* virtual timer PPI */
	node = fdt_path_offset(buf, "/chosen");
	v = fdt_getprop(buf, node, "linux,initrd-start", &len);
	assert_int_equal(len, 8);
	assert_int_equal(u64_at(v, 0), 0x47000000);
	v = fdt_getprop(buf, node, "linux,initrd-end", &len);
	assert_int_equal(u64_at(v, 0), 0x47123456);
	v = fdt_getprop(buf, fdt_path_offset(buf, "/pl011@9000000"), "interrupts", &len);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_to_cpu(((const fdt32_t *)v)[1]), 1);
}

static void test_no_vuart(void **state)
{
	struct guest_dt_params p = base;
	int chosen;

	(void)state;
	p.no_vuart = true;
	assert_int_equal(guest_dt_build(buf, sizeof(buf), &p), 0);
	chosen = fdt_path_offset(buf, "/chosen");
	assert_null(fdt_getprop(buf, chosen, "stdout-path", NULL));
	assert_int_equal(fdt_node_offset_by_compatible(buf, -1, "arm,pl011"),
			 -FDT_ERR_NOTFOUND);
	assert_true(fdt_path_offset(buf, "/vuart-clk") < 0);
	p.stdout_path = "/serial@1c090000";
	assert_int_equal(guest_dt_build(buf, sizeof(buf), &p), 0);
	chosen = fdt_path_offset(buf, "/chosen");
	assert_string_equal(fdt_getprop(buf, chosen, "stdout-path", NULL),
			    "/serial@1c090000");
}

static void test_too_small(void **state)
{
	struct guest_dt_params p = base;
	char err[80];

	(void)state;
	assert_true(guest_dt_build(buf, 256, &base) < 0);
	p.err = err;
	p.errlen = sizeof(err);
	assert_true(guest_dt_build(buf, 256, &p) < 0);
	assert_string_equal(err, "guest DT: libfdt: FDT_ERR_NOSPACE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_gic_timer_initrd),
		cmocka_unit_test(test_no_vuart),
		cmocka_unit_test(test_too_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
