/*
 * The guest layout (src/guest/layout.c, layout_check.c) against the host DT
 * QEMU virt really has (build/host/dtbs/virt.dtb, 1 GiB, 4 CPUs) and the
 * configs tests/unit/configs/lay-*.dts: what good configs resolve to, and
 * one error per rule, each naming the file, the node, the property and the
 * reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "guest/layout.h"
#include "helpers/dtb.h"
#include "helpers/file.h"
#include "lib/errno.h"

#define DTB_PA 0x48000000ULL
static const struct range image = {0x40200000, 0x4e123};

static void *host;
static struct inventory inv;
static struct inv_console con;
static struct palloc ram;
static struct sys_config cfg;
static struct sys_layout lay;
static void *cfg_blob;
static char err[CONFIG_ERR_LEN];
static char build_dir[512]; /* build/host */
static bool no_fwb;         /* build the next layout for a CPU without FEAT_S2FWB */

static int setup(void **state)
{
	char e[INV_ERR_LEN];

	(void)state;
	host = dtb_load("virt");
	if (inventory_parse(host, DTB_PA, &image, &inv, e, sizeof(e)) ||
	    inventory_console(host, &con, e, sizeof(e)))
		fail_msg("%s", e);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(host);
	free(cfg_blob);
	return 0;
}

/* Parses configs/NAME.dtb and builds its layout on a fresh allocator. */
static int build(const char *name)
{
	char path[1100], dts[64];
	size_t size;
	struct layout_host h = {.fdt = host,
				.inv = &inv,
				.con = &con,
				.nr_intids = 256, /* QEMU virt's GIC */
				.ipa_bits = GUEST_IPA_BITS,
				.fwb = !no_fwb,
				.ram = &ram};

	snprintf(path, sizeof(path), "%s/configs/%s.dtb", build_dir, name);
	snprintf(dts, sizeof(dts), "%s.dts", name);
	free(cfg_blob);
	cfg_blob = NULL;
	cfg_blob = test_read_file(path, 8, &size);
	err[0] = '\0';
	if (config_parse(cfg_blob, dts, 4, &cfg, err, sizeof(err)))
		fail_msg("%s: the config itself is rejected: %s", name, err);
	palloc_init(&ram, inv.free, inv.nr_free);
	return layout_build(&cfg, &h, &lay, err, sizeof(err));
}

static const struct layout_region *find(const struct guest_layout *g, enum layout_kind k,
					unsigned nth)
{
	for (unsigned i = 0; i < g->nr_regions; i++)
		if (g->region[i].kind == k && nth-- == 0)
			return &g->region[i];
	return NULL;
}

static void test_good(void **state)
{
	const struct guest_layout *g0 = &lay.guest[0], *g1 = &lay.guest[1];
	const struct layout_region *r;

	(void)state;
	if (build("lay-good"))
		fail_msg("%s", err);
	assert_int_equal(lay.nr_guests, 2);
	assert_int_equal(lay.console_guest, -1);
	/* g0: RAM, vGIC, vUART, the RTC's page */
	r = find(g0, LAYOUT_DEVICE, 0);
	assert_non_null(r);
	assert_int_equal(r->ipa, 0x09010000);
	assert_int_equal(r->pa, 0x09010000);
	assert_int_equal(r->size, 0x1000);
	assert_false(r->in_ram);
	assert_null(find(g0, LAYOUT_DEVICE, 1));
	assert_non_null(find(g0, LAYOUT_VUART, 0));
	assert_int_equal(find(g0, LAYOUT_VGIC_REDIST, 0)->size, 0x20000); /* 1 vCPU */
	assert_int_equal(g0->nr_irqs, 1);
	assert_int_equal(g0->irq[0].intid, 34);
	assert_true(g0->irq[0].level);
	assert_true(g0->vuart);
	/* RAM comes from free host RAM, 2 MiB aligned, at the default IPA */
	r = find(g0, LAYOUT_RAM, 0);
	assert_int_equal(r->ipa, 0x40000000);
	assert_int_equal(r->pa, g0->ram_pa);
	assert_int_equal(g0->ram_pa % 0x200000, 0);
	assert_int_equal(palloc_take(&ram, g0->ram_pa, 0x1000), -EBUSY);
	/* g1: the pl061 with SPI 7, gpio-keys with no region of its own */
	assert_int_equal(find(g1, LAYOUT_DEVICE, 0)->pa, 0x09030000);
	assert_null(find(g1, LAYOUT_DEVICE, 1));
	assert_int_equal(g1->nr_irqs, 1);
	assert_int_equal(g1->irq[0].intid, 39);
	assert_int_equal(g1->host_node[0], fdt_path_offset(host, "/pl061@9030000"));
	assert_int_equal(g1->host_node[1], fdt_path_offset(host, "/gpio-keys"));
	assert_true(g1->ram_pa >= g0->ram_pa + 0x1000000 ||
		    g1->ram_pa + 0x1000000 <= g0->ram_pa);
	assert_int_equal(lay.nr_warn, 0);
}

/* A virtio-mmio slot is 512 bytes: its guest gets the whole page and a
 * warning naming the seven other slots' nodes it exposes, and one that the
 * device can reach all of memory. */
static void test_virtio_page_and_dma(void **state)
{
	const struct guest_layout *g = &lay.guest[0];
	const struct layout_region *r;
	bool page = false, dma = false;

	(void)state;
	if (build("lay-virtio"))
		fail_msg("%s", err);
	r = find(g, LAYOUT_DEVICE, 0);
	assert_int_equal(r->dev_base, 0x0a000000);
	assert_int_equal(r->dev_size, 0x200);
	assert_int_equal(r->size, 0x1000);
	assert_int_equal(g->irq[0].intid, 48);
	assert_false(g->irq[0].level); /* virtio-mmio is edge */
	assert_true(g->dma);
	assert_int_equal(g->ram_ipa, g->ram_pa); /* identity */
	for (unsigned i = 0; i < lay.nr_warn; i++) {
		if (strstr(lay.warn[i],
			   "lay-virtio.dts: /guest@0/blk: the page(s) "
			   "0xa000000-0xa000fff also hold /virtio_mmio@a000200") &&
		    strstr(lay.warn[i], "and more"))
			page = true;
		if (strstr(lay.warn[i], "can read and write all of physical memory"))
			dma = true;
	}
	assert_true(page);
	assert_true(dma);
}

static void test_console_handover(void **state)
{
	const struct guest_layout *g = &lay.guest[0];

	(void)state;
	if (build("lay-console"))
		fail_msg("%s", err);
	assert_int_equal(lay.console_guest, 0);
	assert_true(g->console);
	assert_false(g->vuart);
	assert_null(find(g, LAYOUT_VUART, 0));
	assert_int_equal(find(g, LAYOUT_DEVICE, 0)->pa, 0x09000000);
	assert_int_equal(g->irq[0].intid, 33);
}

static void test_carveout_and_memory_pa(void **state)
{
	const struct guest_layout *g = &lay.guest[0];
	const struct layout_region *r;

	(void)state;
	if (build("lay-carveout"))
		fail_msg("%s", err);
	assert_int_equal(g->ram_pa, 0x60000000);
	assert_int_equal(g->ram_ipa, 0x60000000);
	r = find(g, LAYOUT_DEVICE, 0);
	assert_int_equal(r->pa, 0x70000000);
	assert_int_equal(r->size, 0x400000);
	assert_true(r->in_ram);
	/* both are out of the allocator now */
	assert_int_equal(palloc_take(&ram, 0x70000000, 0x1000), -EBUSY);
	assert_int_equal(palloc_take(&ram, 0x60000000, 0x1000), -EBUSY);
	assert_int_equal(palloc_take(&ram, 0x70400000, 0x1000), 0);
}

/* The guest DT the layout describes: assigned host nodes copied with their
 * references resolved, the raw assignment's node from the config. */
static void test_guest_dt(void **state)
{
	static char buf[65536];
	struct guest_dt_params p;
	const fdt32_t *gp;
	int pl061, keys, len;

	(void)state;
	if (build("lay-good"))
		fail_msg("%s", err);
	layout_dt_params(&lay.guest[1], cfg.dtb, &p);
	if (guest_dt_build(buf, sizeof(buf), &p))
		fail_msg("guest DT of g1 not built");
	pl061 = fdt_path_offset(buf, "/pl061@9030000");
	keys = fdt_path_offset(buf, "/gpio-keys/poweroff");
	assert_true(pl061 > 0 && keys > 0);
	gp = fdt_getprop(buf, keys, "gpios", &len);
	assert_non_null(gp);
	assert_int_equal(fdt_node_offset_by_phandle(buf, fdt32_ld(gp)), pl061);
	assert_int_equal(fdt_path_offset(buf, "/pl031@9010000"), -FDT_ERR_NOTFOUND);
	assert_true(fdt_path_offset(buf, "/pl011@9000000") > 0); /* its vUART */

	/* g0: the RTC's fixed clock next to the vUART's: Linux registers
	 * clocks by clock-output-names and refuses a second one of a name */
	layout_dt_params(&lay.guest[0], cfg.dtb, &p);
	if (guest_dt_build(buf, sizeof(buf), &p))
		fail_msg("guest DT of g0 not built");
	assert_true(fdt_path_offset(buf, "/pl031@9010000") > 0);
	assert_string_not_equal(fdt_getprop(buf, fdt_path_offset(buf, "/apb-pclk"),
					    "clock-output-names", NULL),
				fdt_getprop(buf, fdt_path_offset(buf, "/vuart-clk"),
					    "clock-output-names", NULL));

	if (build("lay-carveout"))
		fail_msg("%s", err);
	layout_dt_params(&lay.guest[0], cfg.dtb, &p);
	if (guest_dt_build(buf, sizeof(buf), &p))
		fail_msg("guest DT of the carve-out guest not built");
	assert_true(fdt_node_offset_by_compatible(buf, -1, "simple-framebuffer") > 0);
	assert_string_equal(
		fdt_get_name(buf,
			     fdt_node_offset_by_compatible(buf, -1, "simple-framebuffer"),
			     NULL),
		"fb");
	gp = fdt_getprop(buf, fdt_path_offset(buf, "/fb"), "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_ld(&gp[1]), 0x70000000);

	if (build("lay-console"))
		fail_msg("%s", err);
	layout_dt_params(&lay.guest[0], cfg.dtb, &p);
	if (guest_dt_build(buf, sizeof(buf), &p))
		fail_msg("guest DT of the console guest not built");
	assert_string_equal(
		fdt_getprop(buf, fdt_path_offset(buf, "/chosen"), "stdout-path", NULL),
		"/pl011@9000000");
	/* the physical UART with its own interrupt, no vUART clock */
	assert_int_equal(fdt_path_offset(buf, "/vuart-clk"), -FDT_ERR_NOTFOUND);
	assert_true(fdt_path_offset(buf, "/apb-pclk") > 0);
}

/* Each assignment's memory type, and what the policy says of it. */
static void test_memattr(void **state)
{
	const struct guest_layout *g = &lay.guest[0];
	bool vouched = false;

	(void)state;
	if (build("lay-memattr"))
		fail_msg("%s", err);
	assert_int_equal(find(g, LAYOUT_DEVICE, 0)->type, S2_DEVICE_nGnRnE); /* rtc */
	assert_int_equal(find(g, LAYOUT_DEVICE, 1)->type, S2_NORMAL_NC);     /* fb, RAM */
	assert_true(find(g, LAYOUT_DEVICE, 1)->in_ram);
	assert_int_equal(find(g, LAYOUT_DEVICE, 2)->type, S2_NORMAL_NC); /* shm */
	assert_int_equal(find(g, LAYOUT_DEVICE, 3)->type, S2_NORMAL_WB); /* acc */
	assert_int_equal(find(g, LAYOUT_DEVICE, 4)->type, S2_DEVICE_nGnRnE);
	assert_int_equal(find(g, LAYOUT_DEVICE, 5)->type, S2_NORMAL_NC);
	assert_int_equal(find(g, LAYOUT_RAM, 0)->type, S2_NORMAL_WB);
	for (unsigned i = 0; i < lay.nr_warn; i++)
		if (strstr(lay.warn[i],
			   "lay-memattr.dts: /guest@0/shm: the region of "
			   "/guest@0/shm: normal-NC with ram-like: you vouch"))
			vouched = true;
	assert_true(vouched);

	/* normal-WB needs FEAT_S2FWB: the same coherent device, on a57 */
	if (build("lay-err-wb-fwb"))
		fail_msg("%s", err);
	no_fwb = true;
	assert_int_equal(build("lay-err-wb-fwb"), -EINVAL);
	no_fwb = false;
	assert_non_null(strstr(err, "/guest@0/acc: property \"memattr\":"));
	assert_non_null(
		strstr(err, "normal-WB needs FEAT_S2FWB, which this CPU does not have"));
}

struct bad {
	const char *name;
	const char *expect[3];
};

static const struct bad bad[] = {
	{"lay-err-nopath",
	 {"lay-err-nopath.dts: /guest@0/rtc: property \"host-path\": no node "
	  "\"/pl031@9010001\" in the host DT"}},
	{"lay-err-gic",
	 {"/guest@0/gic: property \"host-path\": /intc@8000000 is the interrupt "
	  "controller"}},
	{"lay-err-its",
	 {"/guest@0/its: property \"host-path\":", "interrupt controller"}},
	{"lay-err-root",
	 {"/guest@0/t: property \"host-path\": \"/\" is the host DT's root, not a "
	  "device"}},
	{"lay-err-cpu",
	 {"/guest@0/t: property \"host-path\": /cpus/cpu@1 is a CPU node, not a "
	  "device"}},
	{"lay-err-noreg",
	 {"/guest@0/t: property \"host-path\": /timer has no reg and refers to no "
	  "device"}},
	{"lay-err-twice",
	 {"/guest@1/rtc: property \"host-path\": /pl031@9010000 is already assigned "
	  "by /guest@0/rtc"}},
	{"lay-err-region-two",
	 {"/guest@1/x: property \"reg\": the region of /guest@1/x is also given to "
	  "guest \"g0\" (/guest@0/rtc)"}},
	{"lay-err-page-shared",
	 {"/guest@1/b: property \"host-path\": /virtio_mmio@a000200 shares the 4 KiB "
	  "page(s) 0xa000000-0xa000fff with /virtio_mmio@a000000 of guest \"g0\"",
	  "give both to one guest"}},
	{"lay-err-dma",
	 {"/guest@0/blk: property \"host-path\": /virtio_mmio@a000000 masters DMA",
	  "add memory-identity; to /guest@0"}},
	{"lay-err-ram-ipa",
	 {"/guest@0/x: property \"reg\": the region of /guest@0/x at "
	  "0xc000000-0xc000fff overlaps its RAM at 0xc000000-0xcffffff"}},
	{"lay-err-image",
	 {"/guest@0/x: property \"reg\": 0x40200000-0x40200fff is in host RAM but not "
	  "free: it overlaps Tessera's own image"}},
	{"lay-err-dtb", {"/guest@0/x: property \"reg\":", "overlaps the host DTB"}},
	{"lay-err-gicr",
	 {"/guest@0/x: property \"reg\": 0x8200000-0x8200fff overlaps the GIC "
	  "redistributors",
	  "which Tessera keeps"}},
	{"lay-err-its-raw",
	 {"/guest@0/x: property \"reg\": 0x8080000-0x809ffff overlaps "
	  "/intc@8000000/its@8080000, part of the interrupt controller"}},
	{"lay-err-dt-name",
	 {"lay-err-dt-name.dts: /guest@0: its device tree cannot be built: two nodes "
	  "named /chosen at its root"}},
	{"lay-err-dt-phandle",
	 {"/guest@0: its device tree cannot be built:", "have the same phandle 1"}},
	{"lay-err-nc-rtc",
	 {"lay-err-nc-rtc.dts: /guest@0/rtc: property \"memattr\": /pl031@9010000: "
	  "normal-NC is only for RAM-like regions",
	  "read speculatively", "use device-nGnRE, or add ram-like;"}},
	{"lay-err-nc-uart",
	 {"/guest@0/uart: property \"memattr\": /pl011@9000000: normal-NC is only for "
	  "RAM-like regions"}},
	{"lay-err-wb-coherent",
	 {"/guest@0/acc: property \"memattr\": the region of /guest@0/acc: normal-WB "
	  "(cacheable) is only for a device that snoops the CPU caches: add coherent;"}},
	{"lay-err-memattr-count",
	 {"/guest@0/rtc: property \"memattr\": lists 2 types, but /pl031@9010000 has 1 "
	  "region"}},
	{"lay-err-page-types",
	 {"/guest@0/b: property \"memattr\": /virtio_mmio@a000200 is device-nGnRnE but "
	  "shares a 4 KiB page with /virtio_mmio@a000000, which is device-nGnRE"}},
	{"lay-err-vuart",
	 {"/guest@0/x: property \"reg\":", "overlaps its virtual UART at "
					   "0x9000000-0x9000fff"}},
	{"lay-err-align",
	 {"/guest@0/x: property \"reg\": entry 0 0xc000000-0xc0017ff: its end is not "
	  "4 KiB aligned"}},
	{"lay-err-align-start", {"/guest@0/x: property \"reg\":", "its start is not"}},
	{"lay-err-spi-two",
	 {"/guest@1/y: property \"interrupts\": INTID 52 is already given to guest "
	  "\"g0\" (/guest@0/x)"}},
	{"lay-err-spi-none",
	 {"/guest@0/x: property \"interrupts\": INTID 332 does not exist: the GIC has "
	  "INTIDs up to 255"}},
	{"lay-err-spi-console",
	 {"/guest@0/x: property \"interrupts\": INTID 33 is the interrupt of Tessera's "
	  "console UART /pl011@9000000"}},
	{"lay-err-memory-pa",
	 {"/guest@0: property \"memory-pa\": RAM 0x40200000-0x411fffff is not free "
	  "host RAM: it overlaps Tessera's own image"}},
	{"lay-err-ipa-bits", {"/guest@0/x: property \"reg\":", "40-bit IPA space"}},
	{"lay-err-vspi",
	 {"/guest@0/x: property \"interrupts\": INTID 62 is also one of the guest's "
	  "virtual-spis"}},
};

static void test_errors(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct bad *b = &bad[i];
		char prefix[64];

		if (build(b->name) != -EINVAL)
			fail_msg("%s: accepted", b->name);
		snprintf(prefix, sizeof(prefix), "%s.dts: /guest@", b->name);
		if (strncmp(err, prefix, strlen(prefix)))
			fail_msg("%s: error does not start with \"%s\": %s", b->name,
				 prefix, err);
		assert_null(strchr(err, '\n'));
		for (int k = 0; k < 3 && b->expect[k]; k++)
			if (!strstr(err, b->expect[k]))
				fail_msg("%s: error lacks \"%s\": %s", b->name,
					 b->expect[k], err);
	}
}

/* The payload QEMU -initrd placed (the "initrd" host DT) is Tessera's. */
static void test_payload_kept(void **state)
{
	void *saved = host;
	char e[INV_ERR_LEN];
	int r;

	(void)state;
	host = dtb_load("initrd");
	if (inventory_parse(host, DTB_PA, &image, &inv, e, sizeof(e)))
		fail_msg("%s", e);
	assert_true(inv.has_payload);
	r = build("lay-err-payload");
	free(host);
	host = saved;
	if (inventory_parse(host, DTB_PA, &image, &inv, e, sizeof(e)))
		fail_msg("%s", e);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(err, "lay-err-payload.dts: /guest@0/x: property \"reg\": "
				 "0x48280000-0x48280fff is in host RAM but not free: it "
				 "overlaps the payload");
}

/* A host node whose reg is host RAM (here a whole second memory bank) is a
 * carve-out like a raw region: out of the allocator, so neither Tessera nor
 * another guest can be given its pages. */
static void test_hostpath_in_ram(void **state)
{
	void *saved = host;
	const struct layout_region *d;
	char e[INV_ERR_LEN];
	int r;

	(void)state;
	host = dtb_load("memory-split");
	if (inventory_parse(host, DTB_PA, &image, &inv, e, sizeof(e)))
		fail_msg("%s", e);
	r = build("lay-hostpath-ram");
	d = find(&lay.guest[0], LAYOUT_DEVICE, 0);
	free(host);
	host = saved;
	if (inventory_parse(host, DTB_PA, &image, &inv, e, sizeof(e)))
		fail_msg("%s", e);
	if (r)
		fail_msg("%s", err);
	assert_non_null(d);
	assert_int_equal(d->pa, 0x80000000);
	assert_true(d->in_ram);
	assert_int_equal(palloc_take(&ram, 0x80000000, 0x1000), -EBUSY);
	assert_int_equal(palloc_take(&ram, d->pa + d->size - 0x1000, 0x1000), -EBUSY);
}

int main(int argc, char **argv)
{
	const char *slash = strrchr(argv[0], '/');

	(void)argc;
	/* the configs sit in build/host/configs, next to build/host/tests */
	snprintf(build_dir, sizeof(build_dir), "%.*s/..",
		 slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_virtio_page_and_dma),
		cmocka_unit_test(test_console_handover),
		cmocka_unit_test(test_carveout_and_memory_pa),
		cmocka_unit_test(test_guest_dt),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_memattr),
		cmocka_unit_test(test_payload_kept),
		cmocka_unit_test(test_hostpath_in_ram),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
