/*
 * dt_copy: host nodes assigned to a guest, copied into its DT by
 * guest_dt_build() and read back with libfdt. Host DTs: QEMU virt as dumped,
 * and dt-copy (virt plus tests/unit/helpers/dts/dt-copy.dtsi) for edge cases.
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

#include "guest/dt_copy.h"
#include "guest/guest_dt.h"
#include "helpers/dtb.h"

#define MAX_ASSIGNED 48

static char buf[65536];
static char err[512];
static void *virt, *dc; /* the host DTs */
static int nodes[MAX_ASSIGNED];
static struct dt_copy_in in;

/* A guest as guests_fill_dt_params() makes it: vGIC at the host GIC's address,
 * so the generated intc@8000000 has the same name as the host's. */
static const struct guest_dt_params base = {
	.ram_ipa = 0x40000000,
	.ram_size = 0x8000000,
	.nr_vcpus = 2,
	.uart_ipa = 0x9000000,
	.uart_spi = 1,
	.with_gic = true,
	.gicd_ipa = 0x8000000,
	.gicr_ipa = 0x80a0000,
	.gicr_size = 0x40000,
	.maint_ppi = 9,
	.timer_ppi = {13, 14, 11, 10},
	.err = err,
	.errlen = sizeof(err),
};

static int setup(void **state)
{
	(void)state;
	virt = dtb_load("virt");
	dc = dtb_load("dt-copy");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(virt);
	free(dc);
	return 0;
}

/* The helpers below take the host nodes' paths as a NULL-terminated list. */
#define PATHS(...) ((const char *const[]){__VA_ARGS__, NULL})
static const char *const none[] = {NULL};

/* in with the host nodes at paths, for the dt_copy functions themselves. */
static const struct dt_copy_in *assign_list(const void *host, const char *const *paths)
{
	unsigned n = 0;

	for (; paths[n]; n++)
		nodes[n] = dtb_node(host, paths[n]);
	in = (struct dt_copy_in){.host = host, .nodes = nodes, .nr_nodes = n};
	in.gic_node = dtb_node(host, "/intc@8000000");
	in.gic_phandle = 1;
	in.first_phandle = 0x20;
	return &in;
}
#define assign(host, ...) assign_list(host, PATHS(__VA_ARGS__))

/* guest_dt_build() of p with those nodes assigned; asserts it succeeds. */
static void build_list(const void *host, struct guest_dt_params p,
		       const char *const *paths)
{
	p.assigned = assign_list(host, paths);
	err[0] = '\0';
	assert_int_equal(guest_dt_check(&p, err, sizeof(err)), 0);
	if (guest_dt_build(buf, sizeof(buf), &p))
		fail_msg("guest_dt_build: %s", err);
	assert_int_equal(fdt_check_header(buf), 0);
}
#define build(host, p, ...) build_list(host, p, PATHS(__VA_ARGS__))

/* Both guest_dt_check() and guest_dt_build() reject it with this message. */
static void rejected_list(const char *want, const void *host, struct guest_dt_params p,
			  const char *const *paths)
{
	p.assigned = assign_list(host, paths);
	err[0] = '\0';
	assert_true(guest_dt_check(&p, err, sizeof(err)) < 0);
	assert_string_equal(err, want);
	strcpy(err, "stale");
	assert_true(guest_dt_build(buf, sizeof(buf), &p) < 0);
	assert_string_equal(err, want);
}
#define rejected(want, host, p, ...) rejected_list(want, host, p, PATHS(__VA_ARGS__))

static int node(const char *path)
{
	int n = fdt_path_offset(buf, path);

	if (n < 0)
		fail_msg("guest DT has no node %s", path);
	return n;
}

static uint32_t cell(const char *path, const char *prop, int i)
{
	int len;
	const fdt32_t *p = fdt_getprop(buf, node(path), prop, &len);

	if (!p || len < 4 * (i + 1))
		fail_msg("%s has no cell %d in %s", path, i, prop);
	return fdt32_to_cpu(p[i]);
}

static uint64_t u64_cells(const char *path, const char *prop, int i)
{
	return (uint64_t)cell(path, prop, i) << 32 | cell(path, prop, i + 1);
}

/* The guest node the phandle in cell i of prop refers to. */
static int ref(const char *path, const char *prop, int i)
{
	return fdt_node_offset_by_phandle(buf, cell(path, prop, i));
}

static int prop_len(const char *path, const char *prop)
{
	int len;

	return fdt_getprop(buf, node(path), prop, &len) ? len : -1;
}

static int count_compatible(const char *compat)
{
	int n = 0;

	for (int o = fdt_node_offset_by_compatible(buf, -1, compat); o >= 0;
	     o = fdt_node_offset_by_compatible(buf, o, compat))
		n++;
	return n;
}

/* Every phandle in the guest DT is unique, and every clocks, gpios and
 * interrupt-parent cell that starts an entry names a node. */
static void consistent(void)
{
	uint32_t seen[64];
	int nr = 0, depth = 0;

	for (int n = 0; n >= 0; n = fdt_next_node(buf, n, &depth)) {
		static const char *const props[] = {"clocks", "gpios",
						    "interrupt-parent"};
		uint32_t ph = fdt_get_phandle(buf, n);

		for (int i = 0; ph && i < nr; i++)
			assert_int_not_equal(seen[i], ph);
		if (ph && nr < 64)
			seen[nr++] = ph;
		for (int k = 0; k < 3; k++) {
			int len;
			const fdt32_t *p = fdt_getprop(buf, n, props[k], &len);

			for (int i = 0; p && i < len / 4;) {
				int t = fdt_node_offset_by_phandle(buf,
								   fdt32_to_cpu(p[i]));
				const fdt32_t *c;

				assert_true(t >= 0);
				c = fdt_getprop(buf, t,
						k ? "#gpio-cells" : "#clock-cells", NULL);
				i += 1 + (k == 2 ? 0 : (int)fdt32_to_cpu(*c));
			}
		}
	}
}

static void test_pl031_fixed_clock(void **state)
{
	int clk;

	(void)state;
	build(virt, base, "/pl031@9010000");
	assert_int_equal(u64_cells("/pl031@9010000", "reg", 0), 0x9010000);
	assert_int_equal(u64_cells("/pl031@9010000", "reg", 2), 0x1000);
	assert_int_equal(prop_len("/pl031@9010000", "reg"), 16);
	assert_int_equal(cell("/pl031@9010000", "interrupts", 1), 2);
	assert_int_equal(ref("/pl031@9010000", "interrupt-parent", 0),
			 fdt_node_offset_by_compatible(buf, -1, "arm,gic-v3"));
	assert_string_equal(fdt_getprop(buf, node("/pl031@9010000"), "clock-names", NULL),
			    "apb_pclk");
	/* the host's apb-pclk came along, next to the vUART's own clock */
	clk = node("/apb-pclk");
	assert_int_equal(ref("/pl031@9010000", "clocks", 0), clk);
	assert_int_equal(fdt_get_phandle(buf, clk), 3);
	assert_int_equal(cell("/apb-pclk", "clock-frequency", 0), 24000000);
	assert_int_equal(ref("/pl011@9000000", "clocks", 0), node("/vuart-clk"));
	assert_int_equal(count_compatible("fixed-clock"), 2);
	assert_int_equal(fdt_get_phandle(buf, node("/pl031@9010000")), 0);
	consistent();
}

static void test_pl061_gpio_keys(void **state)
{
	int gpio;

	(void)state;
	/* gpio-keys first: it refers forward to a node not yet written */
	build(virt, base, "/gpio-keys", "/pl061@9030000", "/pl031@9010000");
	gpio = node("/pl061@9030000");
	assert_int_equal(ref("/gpio-keys/poweroff", "gpios", 0), gpio);
	assert_int_equal(cell("/gpio-keys/poweroff", "gpios", 1), 3);
	assert_int_equal(cell("/gpio-keys/poweroff", "gpios", 2), 0);
	assert_int_equal(cell("/gpio-keys/poweroff", "linux,code", 0), 0x74);
	assert_true(fdt_get_phandle(buf, gpio) >= 3);
	assert_null(fdt_getprop(buf, node("/gpio-keys"), "interrupt-parent", NULL));
	assert_int_equal(cell("/pl061@9030000", "interrupt-parent", 0), 1);
	/* one apb-pclk for both users */
	assert_int_equal(ref("/pl061@9030000", "clocks", 0), node("/apb-pclk"));
	assert_int_equal(ref("/pl031@9010000", "clocks", 0), node("/apb-pclk"));
	assert_int_equal(count_compatible("fixed-clock"), 2);
	consistent();
}

static void test_gpio_keys_alone(void **state)
{
	(void)state;
	rejected("/gpio-keys/poweroff: property \"gpios\": refers to /pl061@9030000, "
		 "which is not assigned to this guest; assign /pl061@9030000 to this "
		 "guest too",
		 virt, base, "/gpio-keys");
}

static void test_virtio_mmio(void **state)
{
	(void)state;
	build(virt, base, "/virtio_mmio@a000000");
	assert_int_equal(u64_cells("/virtio_mmio@a000000", "reg", 0), 0xa000000);
	assert_int_equal(u64_cells("/virtio_mmio@a000000", "reg", 2), 0x200);
	assert_int_equal(cell("/virtio_mmio@a000000", "interrupts", 1), 0x10);
	assert_int_equal(cell("/virtio_mmio@a000000", "interrupt-parent", 0), 1);
	assert_int_equal(prop_len("/virtio_mmio@a000000", "dma-coherent"), 0);
	assert_true(fdt_path_offset(buf, "/virtio_mmio@a000200") < 0);
	consistent();
}

/* Every device QEMU virt has that a guest could be given, at once. */
static void test_virt_platform(void **state)
{
	struct guest_dt_params p = base;
	const char *paths[MAX_ASSIGNED + 1];
	char names[MAX_ASSIGNED][32];
	int n = 0, o, depth = 0;

	(void)state;
	for (o = fdt_next_node(virt, 0, &depth); o >= 0 && depth > 0;
	     o = fdt_next_node(virt, o, &depth))
		if (depth == 1 &&
		    (!fdt_node_check_compatible(virt, o, "virtio,mmio") ||
		     !fdt_node_check_compatible(virt, o, "cfi-flash") ||
		     !fdt_node_check_compatible(virt, o, "qemu,fw-cfg-mmio")))
			paths[n++] = fdt_get_name(virt, o, NULL);
	assert_true(n >= 34 && n < MAX_ASSIGNED - 4);
	paths[n++] = "pl031@9010000";
	paths[n++] = "pl061@9030000";
	paths[n++] = "gpio-keys";
	paths[n++] = "platform-bus@c000000";
	paths[n] = NULL;
	for (int i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "/%s", paths[i]);
		paths[i] = names[i];
	}
	p.assigned = &in;
	in = (struct dt_copy_in){.host = virt, .nodes = nodes, .nr_nodes = (unsigned)n};
	in.gic_node = dtb_node(virt, "/intc@8000000");
	for (int i = 0; i < n; i++)
		nodes[i] = dtb_node(virt, paths[i]);
	if (guest_dt_build(buf, sizeof(buf), &p))
		fail_msg("guest_dt_build: %s", err);
	/* flash has two reg entries; the bus keeps its ranges (at the root) */
	assert_int_equal(prop_len("/flash@0", "reg"), 32);
	assert_int_equal(u64_cells("/flash@0", "reg", 4), 0x4000000);
	assert_int_equal(u64_cells("/platform-bus@c000000", "ranges", 1), 0xc000000);
	assert_int_equal(cell("/platform-bus@c000000", "ranges", 3), 0x2000000);
	assert_int_equal(cell("/platform-bus@c000000", "interrupt-parent", 0), 1);
	assert_int_equal(u64_cells("/virtio_mmio@a003e00", "reg", 0), 0xa003e00);
	consistent();
}

static void test_bus_translated(void **state)
{
	(void)state;
	build(dc, base, "/soc@20000000/serial@1000", "/soc@20000000/mbus@8000");
	assert_int_equal(u64_cells("/serial@1000", "reg", 0), 0x20001000);
	assert_int_equal(u64_cells("/serial@1000", "reg", 2), 0x1000);
	assert_int_equal(ref("/serial@1000", "clocks", 0), node("/osc-24m"));
	assert_int_equal(ref("/serial@1000", "clocks", 1), node("/osc-24m"));
	assert_int_equal(u64_cells("/mbus@8000", "reg", 0), 0x20008000);
	assert_int_equal(u64_cells("/mbus@8000", "reg", 2), 0x100);
	/* ranges: child address (1 cell), CPU address (2), size (1) */
	assert_int_equal(prop_len("/mbus@8000", "ranges"), 16);
	assert_int_equal(cell("/mbus@8000", "ranges", 0), 0);
	assert_int_equal(u64_cells("/mbus@8000", "ranges", 1), 0x20008000);
	assert_int_equal(cell("/mbus@8000", "ranges", 3), 0x1000);
	assert_int_equal(cell("/mbus@8000", "#address-cells", 0), 1);
	/* below the copied node, reg stays in its own address space */
	assert_int_equal(prop_len("/mbus@8000/dev@100", "reg"), 8);
	assert_int_equal(cell("/mbus@8000/dev@100", "reg", 0), 0x100);
	assert_int_equal(ref("/mbus@8000/dev@100", "clocks", 0), node("/osc-24m"));
	assert_int_equal(cell("/mbus@8000", "interrupt-parent", 0), 1);
	assert_null(
		fdt_getprop(buf, node("/mbus@8000/dev@100"), "interrupt-parent", NULL));
	assert_int_equal(count_compatible("fixed-clock"), 2);
	consistent();
}

static void test_whole_bus(void **state)
{
	(void)state;
	/* 1:1 ranges below a bus that is not: the bus must be assigned instead */
	rejected("/soc@20000000/ibus: property \"ranges\": maps 1:1 into the address "
		 "space of /soc@20000000, which is not the CPU's; assign /soc@20000000 "
		 "instead",
		 dc, base, "/soc@20000000/ibus");
	build(dc, base, "/soc@20000000");
	assert_int_equal(u64_cells("/soc@20000000", "ranges", 1), 0x20000000);
	assert_int_equal(cell("/soc@20000000/serial@1000", "reg", 0), 0x1000);
	assert_int_equal(ref("/soc@20000000/gpio@4000", "clocks", 0), node("/apb-pclk"));
	assert_int_equal(ref("/soc@20000000/serial@1000", "clocks", 0), node("/osc-24m"));
	consistent();
}

static void test_interrupts_extended(void **state)
{
	(void)state;
	build(dc, base, "/ext-irq@31000000");
	assert_int_equal(cell("/ext-irq@31000000", "interrupts-extended", 0), 1);
	assert_int_equal(cell("/ext-irq@31000000", "interrupts-extended", 2), 30);
	assert_int_equal(cell("/ext-irq@31000000", "interrupts-extended", 4), 1);
	assert_int_equal(cell("/ext-irq@31000000", "interrupts-extended", 7), 1);
	assert_int_equal(u64_cells("/ext-irq@31000000", "reg", 0), 0x31000000);
	rejected("/ext-irq-bad: property \"interrupts-extended\": entry 1 points at "
		 "/soc@20000000/gpio@4000, not the host GIC /intc@8000000; only "
		 "interrupts wired to the GIC can be passed through, so do not assign "
		 "this node",
		 dc, base, "/ext-irq-bad");
}

static void test_irq_parent_not_gic(void **state)
{
	(void)state;
	rejected("/gpio-irq-user: property \"interrupt-parent\": points at "
		 "/soc@20000000/gpio@4000, not the host GIC /intc@8000000; only "
		 "interrupts wired to the GIC can be passed through, so do not assign "
		 "this node",
		 dc, base, "/gpio-irq-user");
	rejected("/gpio-irq-bus/child: property \"interrupts\": inherits its interrupt "
		 "parent /soc@20000000/gpio@4000, not the host GIC /intc@8000000; only "
		 "interrupts wired to the GIC can be passed through, so do not assign "
		 "this node",
		 dc, base, "/gpio-irq-bus/child");
	rejected("/gpio-irq-bus: property \"interrupt-parent\": points at "
		 "/soc@20000000/gpio@4000, not the host GIC /intc@8000000; only "
		 "interrupts wired to the GIC can be passed through, so do not assign "
		 "this node",
		 dc, base, "/gpio-irq-bus");
}

static void test_unsupported(void **state)
{
	(void)state;
	rejected("/resets-user: property \"resets\": not supported for assignment (it "
		 "refers to other nodes); remove it from the host DT or do not assign "
		 "this node",
		 dc, base, "/resets-user");
	rejected("/supply-user: property \"vdd-supply\": not supported for assignment "
		 "(it refers to other nodes); remove it from the host DT or do not "
		 "assign this node",
		 dc, base, "/supply-user");
	rejected("/pinctrl-user: property \"pinctrl-0\": not supported for assignment "
		 "(it refers to other nodes); remove it from the host DT or do not "
		 "assign this node",
		 dc, base, "/pinctrl-user");
	/* MSIs to anything but the GIC's ITS; INTx to anything but the GIC */
	rejected(
		"/msi-user: property \"msi-parent\": refers to /osc-24m, an MSI controller "
		"that is not part of the host GIC; remove it from the host DT or do "
		"not assign this node",
		dc, base, "/msi-user");
	rejected("/imap-user: property \"interrupt-map\": entry 1 points at "
		 "/soc@20000000/gpio@4000, not the host GIC /intc@8000000; only "
		 "interrupts wired to the GIC can be passed through, so do not assign "
		 "this node",
		 dc, base, "/imap-user");
}

/* QEMU's PCIe host bridge as Linux's pci-host-generic needs it in a guest:
 * msi-map gone (the ITS stays Tessera's), interrupt-map in 8-cell entries
 * (PCI address 3, INTx 1, the vGIC's phandle, no parent address since the
 * vGIC has no #address-cells, GIC specifier 3), reg and ranges at their PAs. */
static void test_pcie_host_bridge(void **state)
{
	static const uint32_t first[] = {0, 0, 0, 1, 1, 0, 3, 4};
	static const uint32_t last[] = {0x1800, 0, 0, 4, 1, 0, 5, 4};

	(void)state;
	build(virt, base, "/pcie@10000000");
	assert_int_equal(prop_len("/pcie@10000000", "msi-map"), -1);
	assert_int_equal(prop_len("/pcie@10000000", "interrupt-map"), 16 * 8 * 4);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(cell("/pcie@10000000", "interrupt-map", i), first[i]);
		assert_int_equal(cell("/pcie@10000000", "interrupt-map", 15 * 8 + i),
				 last[i]);
	}
	assert_int_equal(ref("/pcie@10000000", "interrupt-map", 4),
			 node("/intc@8000000"));
	assert_int_equal(prop_len("/intc@8000000", "#address-cells"), -1);
	assert_int_equal(cell("/pcie@10000000", "interrupt-map-mask", 0), 0x1800);
	assert_int_equal(u64_cells("/pcie@10000000", "reg", 0), 0x4010000000);
	/* the 64-bit window: PCI address 0x3000000 0x80 0, CPU 0x80_0000_0000 */
	assert_int_equal(prop_len("/pcie@10000000", "ranges"), 3 * 7 * 4);
	assert_int_equal(cell("/pcie@10000000", "ranges", 14), 0x3000000);
	assert_int_equal(u64_cells("/pcie@10000000", "ranges", 17), 0x8000000000);
	assert_int_equal(prop_len("/pcie@10000000", "dma-coherent"), 0);
	assert_int_equal(prop_len("/pcie@10000000", "interrupt-parent"), -1);
	consistent();
}

static void test_clock_refs(void **state)
{
	(void)state;
	rejected("/clkc-user: property \"clocks\": refers to /clock-controller@30000000, "
		 "which is neither assigned to this guest nor a fixed clock; assign "
		 "/clock-controller@30000000 to this guest too",
		 dc, base, "/clkc-user");
	build(dc, base, "/clkc-user", "/clock-controller@30000000");
	assert_int_equal(ref("/clkc-user", "clocks", 0),
			 node("/clock-controller@30000000"));
	assert_int_equal(cell("/clkc-user", "clocks", 1), 1);
	consistent();
	rejected("/cut-short: property \"clocks\": entry 0 is cut short "
		 "(/clock-controller@30000000 has #clock-cells = 1); fix the host DT",
		 dc, base, "/cut-short", "/clock-controller@30000000");
	rejected("/bad-phandle: property \"clocks\": phandle 0x7777 names no node; fix "
		 "the host DT",
		 dc, base, "/bad-phandle");
}

static void test_holes_and_self(void **state)
{
	(void)state;
	/* an empty gpios entry stays empty; a count named *-gpios is no list */
	build(dc, base, "/holes", "/pl061@9030000");
	assert_int_equal(cell("/holes", "gpios", 0), 0);
	assert_int_equal(ref("/holes", "gpios", 1), node("/pl061@9030000"));
	assert_int_equal(cell("/holes", "gpios", 2), 5);
	assert_int_equal(cell("/holes", "snps,nr-gpios", 0), 8);
	/* a reference inside the copied subtree */
	build(dc, base, "/self-ref");
	assert_int_equal(ref("/self-ref", "clocks", 0), node("/self-ref/clk"));
	assert_int_equal(fdt_get_phandle(buf, node("/self-ref")), 0);
	consistent();
}

static void test_disabled(void **state)
{
	(void)state;
	rejected("/off@32000000: property \"status\": is \"disabled\": the device is "
		 "off; set status = \"okay\" in the host DT or do not assign it",
		 dc, base, "/off@32000000");
}

static void test_name_clash(void **state)
{
	struct guest_dt_params p = base;

	(void)state;
	rejected("/pl011@9000000: node name \"pl011@9000000\" clashes with the node "
		 "/pl011@9000000 Tessera generates in the guest DT; rename it in the "
		 "host DT or do not assign it",
		 virt, base, "/pl011@9000000");
	rejected("/timer: node name \"timer\" clashes with the node /timer Tessera "
		 "generates in the guest DT; rename it in the host DT or do not assign "
		 "it",
		 virt, base, "/timer");
	rejected("/intc@8000000: is the host GIC /intc@8000000, which Tessera keeps "
		 "(the guest gets a virtual one); do not assign it",
		 virt, base, "/intc@8000000");
	rejected("/intc@8000000/its@8080000: is part of the host GIC /intc@8000000, "
		 "which Tessera keeps (the guest gets a virtual one); do not assign it",
		 virt, base, "/intc@8000000/its@8080000");
	rejected("/pl031@9010000: node name \"pl031@9010000\" clashes with "
		 "/soc@20000000/pl031@9010000, also copied to the guest root; rename it "
		 "in the host DT or do not assign it",
		 dc, base, "/pl031@9010000", "/soc@20000000/pl031@9010000");
	/* a fixed clock is copied under its own name, which must be free too */
	assign(dc, "/soc@20000000/serial@1000");
	in.taken_names = "cpus\0osc-24m\0";
	assert_true(dt_copy_check(&in, err, sizeof(err)) < 0);
	assert_string_equal(err, "/osc-24m: node name \"osc-24m\" clashes with the node "
				 "/osc-24m Tessera generates in the guest DT; rename "
				 "the clock in the host DT");
	/* the physical UART instead of the virtual one, as the console */
	p.no_vuart = true;
	p.stdout_path = "/pl011@9000000";
	build(virt, p, "/pl011@9000000");
	assert_string_equal(fdt_getprop(buf, node("/chosen"), "stdout-path", NULL),
			    "/pl011@9000000");
	assert_int_equal(count_compatible("arm,pl011"), 1);
	assert_true(fdt_path_offset(buf, "/vuart-clk") < 0);
	assert_int_equal(u64_cells("/pl011@9000000", "reg", 0), 0x9000000);
	assert_int_equal(ref("/pl011@9000000", "clocks", 1), node("/apb-pclk"));
	/* an assigned fixed clock is not copied a second time */
	build(virt, base, "/apb-pclk", "/pl031@9010000");
	assert_int_equal(ref("/pl031@9010000", "clocks", 0), node("/apb-pclk"));
	assert_int_equal(count_compatible("fixed-clock"), 2);
	consistent();
}

static void test_assignment_list(void **state)
{
	int bad = 1;

	(void)state;
	rejected("/gpio-keys: is assigned twice", virt, base, "/gpio-keys",
		 "/pl061@9030000", "/gpio-keys");
	rejected("/gpio-keys/poweroff: is inside /gpio-keys, which is assigned too; "
		 "assign only one of them",
		 virt, base, "/gpio-keys", "/gpio-keys/poweroff");
	rejected("/: the root cannot be assigned", virt, base, "/");
	assign_list(virt, none);
	in.nodes = &bad;
	in.nr_nodes = 1;
	assert_true(dt_copy_check(&in, err, sizeof(err)) < 0);
	assert_string_equal(err, "host DT: no node at offset 1");
	/* the copies need the guest's GIC as their interrupt parent */
	{
		struct guest_dt_params p = base;

		p.with_gic = false;
		rejected("assigned devices need the guest's virtual GIC", virt, p,
			 "/pl031@9010000");
	}
	/* nothing assigned: nothing to check */
	assign_list(virt, none);
	assert_int_equal(dt_copy_check(&in, NULL, 0), 0);
}

/* dt_copy_write() on its own, with the caller's phandles. */
static void test_write_direct(void **state)
{
	int gpio;

	(void)state;
	assign(virt, "/pl031@9010000", "/pl061@9030000", "/gpio-keys");
	in.gic_phandle = 0x10;
	strcpy(err, "untouched");
	assert_int_equal(dt_copy_check(&in, err, sizeof(err)), 0);
	assert_string_equal(err, "untouched"); /* a check writes nothing */
	assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(dt_copy_write(buf, &in, err, sizeof(err)), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	/* phandles in the order of first reference: apb-pclk, then the pl061 */
	gpio = node("/pl061@9030000");
	assert_int_equal(fdt_get_phandle(buf, node("/apb-pclk")), 0x20);
	assert_int_equal(fdt_get_phandle(buf, gpio), 0x21);
	assert_int_equal(ref("/gpio-keys/poweroff", "gpios", 0), gpio);
	assert_int_equal(cell("/pl031@9010000", "interrupt-parent", 0), 0x10);
	/* guest phandles must not take the GIC's */
	in.gic_phandle = 0x21;
	assert_true(dt_copy_check(&in, err, sizeof(err)) < 0);
	assert_string_equal(err, "guest phandles 32 to 33 are not free");
}

/* Every buffer too small fails with a libfdt error, never half a DT. */
static void test_no_space(void **state)
{
	struct guest_dt_params p = base;
	int size;

	(void)state;
	p.assigned = assign(virt, "/pl061@9030000", "/gpio-keys");
	for (size = 256; guest_dt_build(buf, size, &p); size += 4) {
		assert_string_equal(err, "guest DT: libfdt: FDT_ERR_NOSPACE");
		assert_true(size < (int)sizeof(buf));
	}
	assert_int_equal(fdt_check_header(buf), 0);
	assert_true(fdt_path_offset(buf, "/gpio-keys/poweroff") >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pl031_fixed_clock),
		cmocka_unit_test(test_pl061_gpio_keys),
		cmocka_unit_test(test_gpio_keys_alone),
		cmocka_unit_test(test_virtio_mmio),
		cmocka_unit_test(test_virt_platform),
		cmocka_unit_test(test_bus_translated),
		cmocka_unit_test(test_whole_bus),
		cmocka_unit_test(test_interrupts_extended),
		cmocka_unit_test(test_irq_parent_not_gic),
		cmocka_unit_test(test_unsupported),
		cmocka_unit_test(test_pcie_host_bridge),
		cmocka_unit_test(test_clock_refs),
		cmocka_unit_test(test_holes_and_self),
		cmocka_unit_test(test_disabled),
		cmocka_unit_test(test_name_clash),
		cmocka_unit_test(test_assignment_list),
		cmocka_unit_test(test_write_direct),
		cmocka_unit_test(test_no_space),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
