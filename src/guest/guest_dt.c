/*
 * Guest DT: memory, cpus (PSCI), psci, the virtual PL011 and /chosen; with a
 * vGIC also the GICv3 and the arch timer. Bindings followed:
 * arm/cpus.yaml, arm/psci.yaml, serial/pl011.yaml, interrupt-controller/
 * arm,gic-v3.yaml, timer/arm,arch_timer.yaml, chosen.yaml. Host nodes
 * assigned to the guest are copied in by dt_copy.
 */
#include <libfdt.h>

#include "dt/dt.h"
#include "guest/guest_dt.h"
#include "guest/guest_dt_raw.h"
#include "lib/errno.h"
#include "lib/fmt.h"

#define PH_GIC 1
#define PH_CLK 2
#define PH_FIRST_FREE 3 /* from here on: copied host nodes */
/* Not "apb-pclk": a host node of that name may be copied in next to it. */
#define VUART_CLK "vuart-clk"
#define IRQ_TYPE_LEVEL_HIGH 4

#define TRY(x)                                                                           \
	do {                                                                             \
		int r_ = (x);                                                            \
		if (r_)                                                                  \
			return r_;                                                       \
	} while (0)

static int prop_u64_pair(void *fdt, const char *name, uint64_t a, uint64_t b)
{
	fdt64_t v[2] = {cpu_to_fdt64(a), cpu_to_fdt64(b)};

	return fdt_property(fdt, name, v, sizeof(v));
}

static int prop_cells(void *fdt, const char *name, const uint32_t *c, int n)
{
	fdt32_t v[16];

	for (int i = 0; i < n && i < 16; i++)
		v[i] = cpu_to_fdt32(c[i]);
	return fdt_property(fdt, name, v, n * 4);
}

static int begin_node_addr(void *fdt, const char *name, uint64_t addr)
{
	char n[48];

	fmt_snprintf(n, sizeof(n), "%s@%lx", name, (unsigned long)addr);
	return fdt_begin_node(fdt, n);
}

static int add_cpus(void *fdt, const struct guest_dt_params *p)
{
	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (unsigned i = 0; i < p->nr_vcpus; i++) {
		TRY(begin_node_addr(fdt, "cpu", i));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", "arm,armv8"));
		TRY(fdt_property_u32(fdt, "reg", i));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int add_psci(void *fdt)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";

	TRY(fdt_begin_node(fdt, "psci"));
	TRY(fdt_property(fdt, "compatible", compat, sizeof(compat)));
	TRY(fdt_property_string(fdt, "method", "hvc"));
	return fdt_end_node(fdt);
}

static int add_uart(void *fdt, const struct guest_dt_params *p)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clk_names[] = "uartclk\0apb_pclk";
	const uint32_t irq[] = {DT_GIC_SPI, p->uart_spi, IRQ_TYPE_LEVEL_HIGH};
	const uint32_t clks[] = {PH_CLK, PH_CLK};

	TRY(fdt_begin_node(fdt, VUART_CLK));
	TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(fdt, "#clock-cells", 0));
	TRY(fdt_property_u32(fdt, "clock-frequency", 24000000));
	/* not "clk24mhz": a copied host clock (QEMU's apb-pclk) has that name,
	 * and Linux refuses a second clock of one name */
	TRY(fdt_property_string(fdt, "clock-output-names", VUART_CLK));
	TRY(fdt_property_u32(fdt, "phandle", PH_CLK));
	TRY(fdt_end_node(fdt));

	TRY(begin_node_addr(fdt, "pl011", p->uart_ipa));
	TRY(fdt_property(fdt, "compatible", compat, sizeof(compat)));
	TRY(prop_u64_pair(fdt, "reg", p->uart_ipa, 0x1000));
	if (p->with_gic)
		TRY(prop_cells(fdt, "interrupts", irq, 3));
	TRY(prop_cells(fdt, "clocks", clks, 2));
	TRY(fdt_property(fdt, "clock-names", clk_names, sizeof(clk_names)));
	return fdt_end_node(fdt);
}

static int add_gic_timer(void *fdt, const struct guest_dt_params *p)
{
	const uint32_t maint[] = {DT_GIC_PPI, p->maint_ppi, IRQ_TYPE_LEVEL_HIGH};
	uint32_t timer[12];
	fdt64_t reg[4] = {cpu_to_fdt64(p->gicd_ipa), cpu_to_fdt64(0x10000),
			  cpu_to_fdt64(p->gicr_ipa), cpu_to_fdt64(p->gicr_size)};

	TRY(begin_node_addr(fdt, "intc", p->gicd_ipa));
	TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property(fdt, "reg", reg, sizeof(reg)));
	TRY(fdt_property_u32(fdt, "#redistributor-regions", 1));
	TRY(prop_cells(fdt, "interrupts", maint, 3));
	TRY(fdt_property_u32(fdt, "phandle", PH_GIC));
	TRY(fdt_end_node(fdt));

	for (int i = 0; i < 4; i++) {
		timer[i * 3] = DT_GIC_PPI;
		timer[i * 3 + 1] = p->timer_ppi[i];
		timer[i * 3 + 2] = IRQ_TYPE_LEVEL_HIGH;
	}
	TRY(fdt_begin_node(fdt, "timer"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
	TRY(prop_cells(fdt, "interrupts", timer, 12));
	TRY(fdt_property(fdt, "always-on", NULL, 0));
	return fdt_end_node(fdt);
}

static int add_chosen(void *fdt, const struct guest_dt_params *p)
{
	char path[48];

	fmt_snprintf(path, sizeof(path), "/pl011@%lx", (unsigned long)p->uart_ipa);
	TRY(fdt_begin_node(fdt, "chosen"));
	if (p->bootargs && p->bootargs[0])
		TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
	if (p->stdout_path)
		TRY(fdt_property_string(fdt, "stdout-path", p->stdout_path));
	else if (!p->no_vuart)
		TRY(fdt_property_string(fdt, "stdout-path", path));
	if (p->initrd_size) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", p->initrd_ipa));
		TRY(fdt_property_u64(fdt, "linux,initrd-end",
				     p->initrd_ipa + p->initrd_size));
	}
	return fdt_end_node(fdt);
}

/* Appends "name" or "name@addr" to a packed list (see dt_copy_in.taken_names). */
static void add_name(char *list, int size, int *pos, const char *name, bool at,
		     uint64_t addr)
{
	int room = size - *pos - 1; /* keeps the list's final NUL */
	int n = at ? fmt_snprintf(list + *pos, (size_t)room, "%s@%lx", name,
				  (unsigned long)addr)
		   : fmt_snprintf(list + *pos, (size_t)room, "%s", name);

	if (n < room)
		*pos += n + 1;
	list[*pos] = '\0';
}

/* p->assigned as dt_copy sees it: with this DT's phandles and node names. */
static int copy_in(const struct guest_dt_params *p, struct dt_copy_in *in, char *names,
		   int size, char *err, int errlen)
{
	int pos = 0;

	*in = *p->assigned;
	in->gic_phandle = PH_GIC;
	in->first_phandle = PH_FIRST_FREE;
	in->taken_names = names;
	names[0] = '\0';
	add_name(names, size, &pos, "memory", true, p->ram_ipa);
	add_name(names, size, &pos, "cpus", false, 0);
	add_name(names, size, &pos, "psci", false, 0);
	if (!p->no_vuart) {
		add_name(names, size, &pos, VUART_CLK, false, 0);
		add_name(names, size, &pos, "pl011", true, p->uart_ipa);
	}
	if (p->with_gic) {
		add_name(names, size, &pos, "intc", true, p->gicd_ipa);
		add_name(names, size, &pos, "timer", false, 0);
	}
	add_name(names, size, &pos, "chosen", false, 0);
	if (in->nr_nodes && !p->with_gic) {
		if (err && errlen > 0)
			fmt_snprintf(err, (size_t)errlen,
				     "assigned devices need the guest's virtual GIC");
		return -EINVAL;
	}
	return 0;
}

int guest_dt_check(const struct guest_dt_params *p, char *err, int errlen)
{
	struct dt_copy_in in;
	char names[256];
	int r;

	if (!p->assigned)
		return 0;
	if ((r = copy_in(p, &in, names, sizeof(names), err, errlen)))
		return r;
	return dt_copy_check(&in, err, errlen);
}

static int build(void *buf, int size, const struct guest_dt_params *p)
{
	TRY(fdt_create(buf, size));
	TRY(fdt_finish_reservemap(buf));
	TRY(fdt_begin_node(buf, ""));
	TRY(fdt_property_string(buf, "compatible", "tessera,guest"));
	TRY(fdt_property_string(buf, "model", "Tessera guest"));
	TRY(fdt_property_u32(buf, "#address-cells", 2));
	TRY(fdt_property_u32(buf, "#size-cells", 2));
	if (p->with_gic)
		TRY(fdt_property_u32(buf, "interrupt-parent", PH_GIC));

	TRY(begin_node_addr(buf, "memory", p->ram_ipa));
	TRY(fdt_property_string(buf, "device_type", "memory"));
	TRY(prop_u64_pair(buf, "reg", p->ram_ipa, p->ram_size));
	TRY(fdt_end_node(buf));

	TRY(add_cpus(buf, p));
	TRY(add_psci(buf));
	if (!p->no_vuart)
		TRY(add_uart(buf, p));
	if (p->with_gic)
		TRY(add_gic_timer(buf, p));
	if (p->assigned) {
		struct dt_copy_in in;
		char names[256];

		TRY(copy_in(p, &in, names, sizeof(names), p->err, p->errlen));
		TRY(dt_copy_write(buf, &in, p->err, p->errlen));
	}
	for (unsigned i = 0; p->cfg && i < p->cfg->nr_assign; i++)
		TRY(guest_dt_raw_node(buf, p->cfg_dtb, &p->cfg->assign[i], PH_GIC));
	TRY(add_chosen(buf, p));
	TRY(fdt_end_node(buf));
	return fdt_finish(buf);
}

int guest_dt_build(void *buf, int size, const struct guest_dt_params *p)
{
	int r;

	if (p->err && p->errlen > 0)
		p->err[0] = '\0';
	r = build(buf, size, p);
	/* dt_copy says why itself; a bare libfdt error does not */
	if (r && p->err && p->errlen > 0 && !p->err[0])
		fmt_snprintf(p->err, (size_t)p->errlen, "guest DT: libfdt: %s",
			     fdt_strerror(r));
	return r;
}
