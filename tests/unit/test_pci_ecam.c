/* Bus mastering off through the ECAM (src/guest/pci_ecam.c), on a fake
 * configuration space in host memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guest/pci_ecam.h"

#define NR_BUSES 2

struct fake {
	uint8_t *cfg;    /* NR_BUSES MiB of configuration space */
	unsigned writes; /* 16-bit writes seen */
};

static uint32_t rd32(void *ctx, uint64_t off)
{
	uint32_t v;

	assert_true(off % 4 == 0 && off + 4 <= NR_BUSES * PCI_ECAM_BUS_SIZE);
	memcpy(&v, ((struct fake *)ctx)->cfg + off, 4);
	return v;
}

static uint16_t rd16(void *ctx, uint64_t off)
{
	uint16_t v;

	assert_true(off % 2 == 0 && off + 2 <= NR_BUSES * PCI_ECAM_BUS_SIZE);
	memcpy(&v, ((struct fake *)ctx)->cfg + off, 2);
	return v;
}

static void wr16(void *ctx, uint64_t off, uint16_t v)
{
	struct fake *f = ctx;

	assert_true(off % 2 == 0 && off + 2 <= NR_BUSES * PCI_ECAM_BUS_SIZE);
	memcpy(f->cfg + off, &v, 2);
	f->writes++;
}

static const struct pci_ecam_ops ops = {rd32, rd16, wr16};

static uint8_t *fn_cfg(struct fake *f, unsigned bus, unsigned dev, unsigned fn)
{
	return f->cfg + ((uint64_t)bus << 20 | dev << 15 | fn << 12);
}

/* A function: IDs, command, status (all RW1C bits set), header type. */
static void put(struct fake *f, unsigned bus, unsigned dev, unsigned fn, uint16_t vendor,
		uint16_t device, uint16_t cmd, uint8_t htype)
{
	uint8_t *c = fn_cfg(f, bus, dev, fn);
	uint16_t status = 0xf900;

	memcpy(c + 0, &vendor, 2);
	memcpy(c + 2, &device, 2);
	memcpy(c + 4, &cmd, 2);
	memcpy(c + 6, &status, 2);
	c[0x0e] = htype;
}

static uint16_t cmd_of(struct fake *f, unsigned bus, unsigned dev, unsigned fn)
{
	uint16_t v;

	memcpy(&v, fn_cfg(f, bus, dev, fn) + 4, 2);
	return v;
}

static uint16_t status_of(struct fake *f, unsigned bus, unsigned dev, unsigned fn)
{
	uint16_t v;

	memcpy(&v, fn_cfg(f, bus, dev, fn) + 6, 2);
	return v;
}

static int setup(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));

	f->cfg = malloc(NR_BUSES * PCI_ECAM_BUS_SIZE);
	memset(f->cfg, 0xff, NR_BUSES * PCI_ECAM_BUS_SIZE); /* nothing there */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fake *f = *state;

	free(f->cfg);
	free(f);
	return 0;
}

/* QEMU virt's bridge with a virtio-net-pci and an e1000e the guest enabled,
 * an idle ivshmem, a multi-function device with BME on in function 3 only,
 * a single-function device whose function 1 must not be looked at, and a
 * function on the second bus. */
static void test_stops_enabled_functions(void **state)
{
	struct fake *f = *state;
	struct pci_ecam_result r;

	put(f, 0, 0, 0, 0x1b36, 0x0008, 0x0000, 0x00); /* host bridge */
	put(f, 0, 1, 0, 0x1af4, 0x1000, 0x0107, 0x00); /* virtio-net-pci */
	put(f, 0, 2, 0, 0x8086, 0x10d3, 0x0506, 0x00); /* e1000e, INTx off */
	put(f, 0, 3, 0, 0x1af4, 0x1110, 0x0002, 0x00); /* ivshmem: memory only */
	put(f, 0, 4, 0, 0x1234, 0x0001, 0x0002, 0x80); /* multi-function */
	put(f, 0, 4, 3, 0x1234, 0x0002, 0x0004, 0x00);
	put(f, 0, 5, 0, 0x1234, 0x0003, 0x0000, 0x00); /* single function ... */
	put(f, 0, 5, 1, 0x1234, 0x0004, 0x0004, 0x00); /* ... so no fn 1 */
	put(f, 1, 0, 0, 0x1234, 0x0005, 0x0006, 0x00); /* behind a bridge */

	pci_ecam_stop_masters(&ops, f, 0, NR_BUSES, &r);
	assert_int_equal(r.nr_found, 8);
	assert_int_equal(r.nr_stopped, 4);
	assert_int_equal(f->writes, 4);

	assert_int_equal(r.stopped[0].dev, 1);
	assert_int_equal(r.stopped[0].vendor, 0x1af4);
	assert_int_equal(r.stopped[0].device, 0x1000);
	assert_int_equal(r.stopped[0].cmd_before, 0x0107);
	assert_int_equal(r.stopped[0].cmd_after, 0x0103);
	assert_int_equal(r.stopped[1].dev, 2);
	assert_int_equal(r.stopped[1].cmd_after, 0x0502); /* other bits kept */
	assert_int_equal(r.stopped[2].dev, 4);
	assert_int_equal(r.stopped[2].fn, 3);
	assert_int_equal(r.stopped[3].bus, 1);
	assert_int_equal(r.stopped[3].cmd_after, 0x0002);

	assert_int_equal(cmd_of(f, 0, 1, 0), 0x0103);
	assert_int_equal(cmd_of(f, 0, 3, 0), 0x0002);    /* untouched */
	assert_int_equal(cmd_of(f, 0, 5, 1), 0x0004);    /* never looked at */
	assert_int_equal(status_of(f, 0, 1, 0), 0xf900); /* RW1C bits kept */

	/* a second walk finds nothing left to stop */
	pci_ecam_stop_masters(&ops, f, 0, NR_BUSES, &r);
	assert_int_equal(r.nr_stopped, 0);
	assert_int_equal(f->writes, 4);
}

/* Bus numbers are reported as the bridge counts them (bus-range's first). */
static void test_first_bus_and_report_limit(void **state)
{
	struct fake *f = *state;
	struct pci_ecam_result r;

	put(f, 0, 0, 0, 0x1234, 0x0100, 0x0004, 0x80);
	for (unsigned i = 1; i < 8; i++)
		put(f, 0, 0, i, 0x1234, (uint16_t)(0x0100 + i), 0x0004, 0x00);
	for (unsigned d = 1; d < 32; d++)
		put(f, 1, d, 0, 0x1234, 0x0200, 0x0004, 0x00);
	pci_ecam_stop_masters(&ops, f, 0x10, NR_BUSES, &r);
	assert_int_equal(r.nr_found, 8 + 31);
	assert_int_equal(r.nr_stopped, 8 + 31);
	assert_int_equal(r.stopped[0].bus, 0x10);
	assert_int_equal(r.stopped[7].fn, 7);
	assert_int_equal(r.stopped[8].bus, 0x11);
	assert_int_equal(r.stopped[PCI_ECAM_MAX_REPORT - 1].dev, 8);
	assert_int_equal(cmd_of(f, 1, 31, 0), 0); /* beyond the report: stopped too */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stops_enabled_functions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_first_bus_and_report_limit, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
