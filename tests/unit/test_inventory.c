/*
 * Host DT inventory (src/dt/inventory.c) on DTBs dumped from QEMU and on
 * edited copies of them (tests/unit/helpers/dts/, built by unit-data.mk).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "dt/inventory.h"
#include "helpers/dtb.h"
#include "lib/errno.h"

#define MIB (1024ULL * 1024)
#define GIB (1024 * MIB)
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Where QEMU puts the DTB and Tessera's image for -m >= 512M; the image size
 * is deliberately not page aligned. */
#define DTB_PA 0x48000000ULL
static const struct range image = {0x40200000, 0x4e123};
#define IMAGE_END_PAGE 0x4024f000ULL

static struct inventory inv;
static char err[INV_ERR_LEN];

static uint64_t page_up(uint64_t a)
{
	return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* Parses NAME.dtb; returns inventory_parse()'s result. *total gets the DTB
 * size if total is not NULL. */
static int parse(const char *name, uint32_t *total)
{
	void *fdt = dtb_load(name);
	int r;

	memset(err, 0, sizeof(err));
	r = inventory_parse(fdt, DTB_PA, &image, &inv, err, sizeof(err));
	if (total)
		*total = fdt_totalsize(fdt);
	free(fdt);
	return r;
}

static void expect_ranges(const char *what, const struct range *got, unsigned n,
			  const struct range *want, unsigned wn)
{
	if (n != wn)
		fail_msg("%s: %u ranges, expected %u", what, n, wn);
	for (unsigned i = 0; i < n; i++)
		if (got[i].base != want[i].base || got[i].size != want[i].size)
			fail_msg("%s[%u] = [%#lx +%#lx], expected [%#lx +%#lx]", what, i,
				 (unsigned long)got[i].base, (unsigned long)got[i].size,
				 (unsigned long)want[i].base,
				 (unsigned long)want[i].size);
}

static void expect_no_overlap(const struct range *f, const struct range *taken,
			      const char *what)
{
	uint64_t b = taken->base & ~(PAGE_SIZE - 1);

	if (taken->size &&
	    range_overlaps(f->base, f->size, b, page_up(range_end(taken)) - b))
		fail_msg("free [%#lx +%#lx] overlaps the %s", (unsigned long)f->base,
			 (unsigned long)f->size, what);
}

/* What every successful parse must give: free RAM is sorted, page aligned,
 * inside RAM, and shares no page with anything taken. */
static void check_free_invariants(void)
{
	assert_true(inv.nr_free > 0);
	for (unsigned i = 0; i < inv.nr_free; i++) {
		const struct range *f = &inv.free[i];
		bool in_ram = false;

		assert_int_equal(f->base % PAGE_SIZE, 0);
		assert_int_equal(f->size % PAGE_SIZE, 0);
		assert_true(f->size > 0);
		if (i)
			assert_true(range_end(&inv.free[i - 1]) < f->base);
		for (unsigned j = 0; j < inv.nr_ram; j++)
			in_ram |= f->base >= inv.ram[j].base &&
				  range_end(f) <= range_end(&inv.ram[j]);
		assert_true(in_ram);
		expect_no_overlap(f, &inv.dtb, "DTB");
		expect_no_overlap(f, &inv.image, "image");
		expect_no_overlap(f, &inv.payload, "payload");
		for (unsigned j = 0; j < inv.nr_reserved; j++)
			expect_no_overlap(f, &inv.reserved[j], "reserved range");
	}
}

/* NAME.dtb must fail with one line naming each of the given strings. */
static void expect_error(const char *name, const char *a, const char *b)
{
	int r = parse(name, NULL);

	if (r >= 0)
		fail_msg("%s.dtb parsed (%d) but should have failed", name, r);
	assert_int_equal(r, -EINVAL);
	assert_non_null(strstr(err, "host DT: "));
	assert_null(strchr(err, '\n'));
	if (!strstr(err, a) || (b && !strstr(err, b)))
		fail_msg("%s.dtb: message \"%s\" does not name \"%s\"%s%s", name, err, a,
			 b ? " and " : "", b ? b : "");
}

static void test_virt_1g_smp4(void **state)
{
	const struct range ram[] = {{0x40000000, GIB}};
	const struct range free_want[] = {
		{0x40000000, 0x200000},                    /* below the image */
		{IMAGE_END_PAGE, DTB_PA - IMAGE_END_PAGE}, /* image to DTB */
		{DTB_PA + MIB, 0x80000000 - DTB_PA - MIB}, /* QEMU's DTB is 1 MiB */
	};
	uint32_t total;

	(void)state;
	assert_int_equal(parse("virt", &total), 0);
	assert_int_equal(total, MIB);
	expect_ranges("ram", inv.ram, inv.nr_ram, ram, N(ram));
	assert_int_equal(inv.nr_reserved, 0);
	assert_int_equal(inv.dtb.base, DTB_PA);
	assert_int_equal(inv.dtb.size, MIB);
	assert_int_equal(inv.image.base, image.base);
	assert_int_equal(inv.image.size, image.size);
	expect_ranges("free", inv.free, inv.nr_free, free_want, N(free_want));
	check_free_invariants();

	assert_int_equal(inv.nr_cpus, 4);
	assert_int_equal(inv.nr_cpus_in_dt, 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(inv.cpu_mpidr[i], i);

	assert_int_equal(inv.gic.version, 3);
	assert_string_equal(inv.gic.path, "/intc@8000000");
	assert_int_equal(inv.gic.dist.base, 0x8000000);
	assert_int_equal(inv.gic.dist.size, 0x10000);
	assert_int_equal(inv.gic.nr_redist, 1);
	assert_int_equal(inv.gic.redist[0].base, 0x80a0000);
	assert_int_equal(inv.gic.redist[0].size, 0xf60000);
	assert_int_equal(inv.gic.maint_intid, 25);

	/* arch timer PPIs 14, 11, 10 */
	assert_int_equal(inv.timer.phys_intid, 30);
	assert_int_equal(inv.timer.virt_intid, 27);
	assert_int_equal(inv.timer.hyp_intid, 26);

	assert_int_equal(inv.psci, PSCI_CONDUIT_SMC);
	assert_false(inv.has_payload);
	assert_string_equal(inv.bootargs, "");
}

static void test_virt_512m_smp1(void **state)
{
	const struct range ram[] = {{0x40000000, 512 * MIB}};

	(void)state;
	assert_int_equal(parse("virt-512m-smp1", NULL), 0);
	expect_ranges("ram", inv.ram, inv.nr_ram, ram, N(ram));
	assert_int_equal(inv.nr_free, 3);
	assert_int_equal(inv.free[2].base, DTB_PA + MIB);
	assert_int_equal(range_end(&inv.free[2]), 0x60000000);
	check_free_invariants();
	assert_int_equal(inv.nr_cpus, 1);
	assert_int_equal(inv.cpu_mpidr[0], 0);
	assert_int_equal(inv.psci, PSCI_CONDUIT_SMC);
}

static void test_virt_4g(void **state)
{
	const struct range ram[] = {{0x40000000, 4 * GIB}};

	(void)state;
	assert_int_equal(parse("virt-4g", NULL), 0);
	expect_ranges("ram", inv.ram, inv.nr_ram, ram, N(ram));
	assert_int_equal(inv.nr_free, 3);
	assert_int_equal(range_end(&inv.free[2]), 0x140000000ULL);
	check_free_invariants();
}

static void test_virt_smp12(void **state)
{
	(void)state;
	assert_int_equal(parse("virt-smp12", NULL), 0);
	/* Tessera keeps the first NR_CPUS and says how many there were */
	assert_int_equal(NR_CPUS, 8);
	assert_int_equal(inv.nr_cpus, NR_CPUS);
	assert_int_equal(inv.nr_cpus_in_dt, 12);
	for (unsigned i = 0; i < NR_CPUS; i++)
		assert_int_equal(inv.cpu_mpidr[i], i);
	assert_int_equal(inv.gic.redist[0].size, 0xf60000);
}

static void test_memory_split(void **state)
{
	/* 0x80000000 +16 MiB touches the first node; the disabled node is gone */
	const struct range ram[] = {{0x40000000, GIB + 16 * MIB},
				    {0x100000000ULL, 512 * MIB}};

	(void)state;
	assert_int_equal(parse("memory-split", NULL), 0);
	expect_ranges("ram", inv.ram, inv.nr_ram, ram, N(ram));
	assert_int_equal(inv.nr_free, 4);
	assert_int_equal(inv.free[3].base, 0x100000000ULL);
	assert_int_equal(inv.free[3].size, 512 * MIB);
	check_free_invariants();
}

static void test_reserved(void **state)
{
	const struct range res[] = {
		{0x4f000000, 0x10000},  /* /memreserve/ */
		{0x50000000, 16 * MIB}, /* firmware@50000000 */
		{0x70000000, 0x800},    /* two@70000000, first entry */
		{0x71000000, 0x1000},   /* and second */
	};
	uint32_t total;
	uint64_t dtb_end;

	(void)state;
	assert_int_equal(parse("reserved", &total), 0);
	dtb_end = page_up(DTB_PA + total);
	/* the dynamic node (no reg) and the disabled node reserve nothing */
	expect_ranges("reserved", inv.reserved, inv.nr_reserved, res, N(res));
	{
		const struct range free_want[] = {
			{0x40000000, 0x200000},
			{IMAGE_END_PAGE, DTB_PA - IMAGE_END_PAGE},
			{dtb_end, 0x4f000000 - dtb_end},
			{0x4f010000, 0x50000000 - 0x4f010000},
			{0x51000000, 0x70000000 - 0x51000000},
			{0x70001000, 0x71000000 - 0x70001000}, /* half page lost */
			{0x71001000, 0x80000000 - 0x71001000},
		};

		expect_ranges("free", inv.free, inv.nr_free, free_want, N(free_want));
	}
	check_free_invariants();
}

static void test_payload(void **state)
{
	uint32_t total;

	(void)state;
	assert_int_equal(parse("initrd", &total), 0);
	assert_true(inv.has_payload);
	assert_int_equal(inv.payload.base, 0x48200000);
	assert_int_equal(inv.payload.size, 0x80123);
	assert_string_equal(inv.bootargs, "tessera.selftest=undef console=ttyAMA0");
	{
		uint64_t dtb_end = page_up(DTB_PA + total);
		const struct range free_want[] = {
			{0x40000000, 0x200000},
			{IMAGE_END_PAGE, DTB_PA - IMAGE_END_PAGE},
			{dtb_end, 0x48200000 - dtb_end},
			{0x48281000, 0x80000000 - 0x48281000}, /* payload end, page up */
		};

		expect_ranges("free", inv.free, inv.nr_free, free_want, N(free_want));
	}
	check_free_invariants();
}

static void test_payload_64bit(void **state)
{
	(void)state;
	assert_int_equal(parse("initrd64", NULL), 0);
	assert_true(inv.has_payload);
	assert_int_equal(inv.payload.base, 0x100000000ULL);
	assert_int_equal(inv.payload.size, 4 * MIB);
	assert_int_equal(inv.free[inv.nr_free - 2].base + inv.free[inv.nr_free - 2].size,
			 0x100000000ULL);
	assert_int_equal(inv.free[inv.nr_free - 1].base, 0x100400000ULL);
	check_free_invariants();
}

/* A broken payload range in /chosen is named, not taken for no payload
 * (that ended in "no guests configured"). */
static void test_payload_inverted(void **state)
{
	(void)state;
	assert_int_not_equal(parse("initrd-empty", NULL), 0);
	assert_non_null(strstr(err,
			       "/chosen: the payload ends (linux,initrd-end 0x48200000) "
			       "where or before it starts (linux,initrd-start "
			       "0x48280000)"));
	assert_int_not_equal(parse("initrd-half", NULL), 0);
	assert_non_null(
		strstr(err, "/chosen: linux,initrd-start without linux,initrd-end"));
	assert_int_not_equal(parse("initrd-3cell", NULL), 0);
	assert_non_null(
		strstr(err, "/chosen: linux,initrd-end is not a 32- or 64-bit number"));
}

static void test_no_psci_one_cpu(void **state)
{
	(void)state;
	/* one CPU needs no CPU_ON, so a missing PSCI node is fine */
	assert_int_equal(parse("no-psci-smp1", NULL), 0);
	assert_int_equal(inv.psci, PSCI_CONDUIT_NONE);
	assert_string_equal(psci_conduit_name(inv.psci), "none");
	assert_string_equal(psci_conduit_name(PSCI_CONDUIT_SMC), "smc");
	assert_string_equal(psci_conduit_name(PSCI_CONDUIT_HVC), "hvc");
}

static void test_errors_memory(void **state)
{
	(void)state;
	expect_error("no-memory", "no memory node", "device_type = \"memory\"");
	expect_error("memory-many", "more than 8 memory ranges", NULL);
	expect_error("all-reserved", "no free RAM", "/reserved-memory");
	expect_error("reserved-many", "more than 16 reserved", NULL);
	expect_error("reserved-no-ranges", "/reserved-memory/firmware@50000000",
		     "ranges");
	/* zero cells used to make this loop forever */
	expect_error("reserved-zero-cells", "/reserved-memory/firmware",
		     "#address-cells");
}

static void test_errors_cpus_gic_psci(void **state)
{
	(void)state;
	expect_error("no-cpus", "no /cpus node", NULL);
	expect_error("cpu-no-reg", "/cpus/cpu@1", "MPIDR");
	expect_error("no-gic", "no GICv3", "\"arm,gic-v3\"");
	expect_error("virt-gicv2", "/intc@8000000 is a GICv2", "\"arm,cortex-a15-gic\"");
	expect_error("gic-redist2", "/intc@8000000", "redistributor region 1 missing");
	expect_error("psci-hvc", "PSCI method is \"hvc\"", "\"smc\"");
	expect_error("no-psci", "no PSCI", "other 3 CPUs");
}

/* Two CPU nodes with one reg would put two vCPUs on one CPU (a hang). */
static void test_error_cpu_dup(void **state)
{
	(void)state;
	expect_error("cpu-dup", "/cpus/cpu@0 and /cpus/cpu@1 have the same reg 0x0",
		     "two CPU nodes for one CPU");
}

/* Values that wrap past 2^64 are refused naming the node, not merged or
 * subtracted into nonsense. */
static void test_error_wrap(void **state)
{
	(void)state;
	expect_error("memory-wrap", "/memory@ffffffffff000000: reg entry 0",
		     "runs past the end of the 64-bit address space");
	expect_error("reserved-wrap", "/reserved-memory/wrap@fffffffffffff000",
		     "runs past the end of the 64-bit address space");
	expect_error("memreserve-wrap",
		     "/memreserve/ entry 0: reserved range "
		     "0xfffffffffffff000 + 0x2000",
		     "runs past the end");
}

static void test_error_gic_frames(void **state)
{
	(void)state;
	expect_error("gic-dist-zero",
		     "/intc@8000000: distributor at 0x8000000 is 0x0 bytes",
		     "smaller than one GICv3 frame");
	expect_error("gic-redist-zero",
		     "/intc@8000000: redistributor region at 0x80a0000 is 0x0 bytes",
		     "smaller than one GICv3 frame");
}

/* RAM over device registers: the GIC (which Tessera maps as Device) and any
 * other device; RAM a device uses (a frame buffer) is fine when reserved. */
static void test_error_ram_over_mmio(void **state)
{
	(void)state;
	expect_error("memory-over-gic",
		     "/memory@8000000 (RAM) overlaps the registers of "
		     "/intc@8000000 at 0x8000000-0x800ffff",
		     "/reserved-memory");
	expect_error("memory-over-flash",
		     "/memory@4000000 (RAM) overlaps the registers of "
		     "/flash@0 at 0x4000000-0x4ffffff",
		     NULL);
	expect_error("fb-unreserved",
		     "/memory@40000000 (RAM) overlaps the registers of "
		     "/framebuffer@7e000000 at 0x7e000000-0x7e3fffff",
		     NULL);
	assert_int_equal(parse("fb-reserved", NULL), 0);
	check_free_invariants();
}

static void test_error_payload_outside_ram(void **state)
{
	(void)state;
	expect_error("initrd-outside", "/chosen: the payload at 0x90000000-0x900fffff",
		     "is not inside RAM");
	expect_error("initrd-straddle", "/chosen: the payload at 0x7ff00000-0x800fffff",
		     "is not inside RAM");
}

/* RAM and the GIC must lie in the CPU's physical address range. */
static void test_error_pa_range(void **state)
{
	void *fdt = dtb_load("memory-high");
	struct inventory hi;

	(void)state;
	assert_int_equal(inventory_parse(fdt, DTB_PA, &image, &hi, err, sizeof(err)), 0);
	assert_int_equal(inventory_check_pa(fdt, &hi, 49, err, sizeof(err)), 0);
	assert_int_equal(inventory_check_pa(fdt, &hi, 48, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "host DT: /memory@1000000000000: RAM "
				 "0x1000000000000-0x100000fffffff lies beyond the CPU's "
				 "48-bit physical address range (up to 0xffffffffffff)");
	assert_int_equal(inventory_check_pa(fdt, &hi, 44, err, sizeof(err)), -EINVAL);
	assert_non_null(
		strstr(err, "host DT: /memory@100000000000: RAM 0x100000000000-"));
	free(fdt);

	fdt = dtb_load("virt");
	assert_int_equal(inventory_parse(fdt, DTB_PA, &image, &hi, err, sizeof(err)), 0);
	assert_int_equal(inventory_check_pa(fdt, &hi, 32, err, sizeof(err)), 0);
	assert_int_equal(inventory_check_pa(fdt, &hi, 64, err, sizeof(err)), 0);
	hi.gic.redist[0].base = 1ULL << 40;
	assert_int_equal(inventory_check_pa(fdt, &hi, 40, err, sizeof(err)), -EINVAL);
	assert_non_null(
		strstr(err, "/intc@8000000: redistributor region 0x10000000000-"));
	hi.gic.dist.base = 1ULL << 40;
	assert_int_equal(inventory_check_pa(fdt, &hi, 40, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "/intc@8000000: distributor 0x10000000000-"));
	free(fdt);
}

static void test_error_bad_header(void **state)
{
	void *fdt = dtb_load("virt");
	struct inv_console con;

	(void)state;
	((uint8_t *)fdt)[0] ^= 0xff; /* break the magic */
	assert_int_equal(inventory_parse(fdt, DTB_PA, &image, &inv, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "bad header"));
	assert_int_equal(inventory_console(fdt, &con, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "bad header"));
	free(fdt);
}

/* Found by the fuzzer: host DT strings quoted in a message cannot add lines
 * to it; versions before 17 are refused (libfdt is not safe on them). */
static void test_error_hostile_strings(void **state)
{
	void *fdt = dtb_load("virt");
	int size = (int)fdt_totalsize(fdt) + 256;
	void *big = calloc(1, (size_t)size);
	struct inv_console con;

	(void)state;
	assert_non_null(big);
	assert_int_equal(fdt_open_into(fdt, big, size), 0);
	assert_int_equal(fdt_setprop_string(big, dtb_node(big, "/chosen"), "stdout-path",
					    "/uart\n[forged] line"),
			 0);
	assert_int_equal(inventory_console(big, &con, err, sizeof(err)), -EINVAL);
	assert_null(strchr(err, '\n'));
	assert_non_null(strstr(err, "\"/uart?[forged] line\" names no node"));
	/* a property of length -12 made libfdt walk one tag forever */
	{
		int prop = fdt_first_property_offset(big, 0);
		uint8_t *len = (uint8_t *)big + fdt_off_dt_struct(big) + prop + 4;
		uint8_t keep[4];

		memcpy(keep, len, 4);
		memcpy(len, "\xff\xff\xff\xf4", 4);
		assert_int_equal(inventory_console(big, &con, err, sizeof(err)), -EINVAL);
		assert_string_equal(err, "host DT: bad header (FDT_ERR_BADSTRUCTURE)");
		assert_int_equal(
			inventory_parse(big, DTB_PA, &image, &inv, err, sizeof(err)),
			-EINVAL);
		assert_string_equal(err, "host DT: bad header (FDT_ERR_BADSTRUCTURE)");
		memcpy(len, keep, 4);
	}
	fdt_set_version(big, 16);
	assert_int_equal(inventory_parse(big, DTB_PA, &image, &inv, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "host DT: bad header (FDT_ERR_BADVERSION)");
	assert_int_equal(inventory_console(big, &con, err, sizeof(err)), -EINVAL);
	free(big);
	free(fdt);
}

static void test_error_truncated(void **state)
{
	void *fdt = dtb_load("no-memory");
	char small[24];

	(void)state;
	memset(small, 'x', sizeof(small));
	assert_int_equal(inventory_parse(fdt, DTB_PA, &image, &inv, small, sizeof(small)),
			 -EINVAL);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, "host DT: no memory node", sizeof(small) - 1);
	free(fdt);
}

/* NAME.dtb's console must be the PL011 at 0x9000000. */
static void expect_console_ok(const char *name)
{
	void *fdt = dtb_load(name);
	struct inv_console con;

	memset(&con, 0, sizeof(con));
	if (inventory_console(fdt, &con, err, sizeof(err)))
		fail_msg("%s.dtb: %s", name, err);
	assert_string_equal(con.path, "/pl011@9000000");
	assert_int_equal(con.regs.base, 0x9000000);
	assert_int_equal(con.regs.size, 0x1000);
	free(fdt);
}

static void expect_console_error(const char *name, const char *a, const char *b)
{
	void *fdt = dtb_load(name);
	struct inv_console con;

	assert_int_equal(inventory_console(fdt, &con, err, sizeof(err)), -EINVAL);
	free(fdt);
	assert_null(strchr(err, '\n'));
	if (!strstr(err, a) || (b && !strstr(err, b)))
		fail_msg("%s.dtb: message \"%s\" does not name \"%s\"%s%s", name, err, a,
			 b ? " and " : "", b ? b : "");
}

static void test_console(void **state)
{
	(void)state;
	expect_console_ok("virt");
	expect_console_ok("stdout-opts");  /* "/pl011@9000000:115200n8" */
	expect_console_ok("stdout-alias"); /* "serial0:115200n8" */
	expect_console_error("no-stdout", "/chosen/stdout-path is missing", "no console");
	/* the options are not part of the name that is reported */
	expect_console_error("stdout-missing", "\"/uart@1234\" names no node", NULL);
	expect_console_error("stdout-not-pl011", "/pl061@9030000", "\"arm,pl011\"");
	expect_console_error("console-no-reg", "/pl011@9000000", "no usable reg");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virt_1g_smp4),
		cmocka_unit_test(test_virt_512m_smp1),
		cmocka_unit_test(test_virt_4g),
		cmocka_unit_test(test_virt_smp12),
		cmocka_unit_test(test_memory_split),
		cmocka_unit_test(test_reserved),
		cmocka_unit_test(test_payload),
		cmocka_unit_test(test_payload_64bit),
		cmocka_unit_test(test_payload_inverted),
		cmocka_unit_test(test_no_psci_one_cpu),
		cmocka_unit_test(test_errors_memory),
		cmocka_unit_test(test_errors_cpus_gic_psci),
		cmocka_unit_test(test_error_cpu_dup),
		cmocka_unit_test(test_error_wrap),
		cmocka_unit_test(test_error_gic_frames),
		cmocka_unit_test(test_error_ram_over_mmio),
		cmocka_unit_test(test_error_payload_outside_ram),
		cmocka_unit_test(test_error_pa_range),
		cmocka_unit_test(test_error_bad_header),
		cmocka_unit_test(test_error_truncated),
		cmocka_unit_test(test_error_hostile_strings),
		cmocka_unit_test(test_console),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
