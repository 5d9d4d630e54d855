/*
 * Building the guest layouts (include/guest/layout.h): each assignment
 * resolved against the host DT, the emulated devices added, RAM and
 * carve-outs placed. The system-wide checks are in layout_check.c.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <string.h>

#include "abi/vplatform.h"
#include "dt/dt.h"
#include "layout_internal.h"
#include "lib/errno.h"
#include "lib/fmt.h"
#include "platform/devices.h"

#define SZ_2M 0x200000ull
#define IRQ_TYPE_LEVEL_MASK 0xc /* level-high 4, level-low 8 */

static int vlayout(struct layout_ctx *x, char *buf, int len, const char *node,
		   const char *prop, const char *fmt, va_list ap)
{
	int n;

	if (len <= 0)
		return 0;
	if (prop)
		n = fmt_snprintf(buf, (size_t)len,
				 "%s: %s: property \"%s\": ", x->c->file, node, prop);
	else
		n = fmt_snprintf(buf, (size_t)len, "%s: %s: ", x->c->file, node);
	if (n >= 0 && n < len)
		fmt_vsnprintf(buf + n, (size_t)(len - n), fmt, ap);
	fmt_printable(buf);
	return 0;
}

int layout_err(struct layout_ctx *x, const char *node, const char *prop, const char *fmt,
	       ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlayout(x, x->err, x->errlen, node, prop, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void layout_warn(struct layout_ctx *x, const char *node, const char *fmt, ...)
{
	struct sys_layout *o = x->out;
	va_list ap;

	if (o->nr_warn == LAYOUT_MAX_WARN)
		return;
	va_start(ap, fmt);
	vlayout(x, o->warn[o->nr_warn++], CONFIG_ERR_LEN, node, NULL, fmt, ap);
	va_end(ap);
}

const char *layout_region_node(const struct guest_layout *g,
			       const struct layout_region *r)
{
	return r->assign >= 0 ? g->cfg->assign[r->assign].path : g->cfg->path;
}

const char *layout_region_prop(const struct guest_layout *g,
			       const struct layout_region *r)
{
	if (r->assign >= 0)
		return g->cfg->assign[r->assign].host_path[0] ? "host-path" : "reg";
	if (r->kind != LAYOUT_RAM)
		return NULL;
	if (g->cfg->mem_identity)
		return g->cfg->mem_pa ? "memory-pa" : "memory-identity";
	return "memory-ipa";
}

const char *layout_region_name(const struct guest_layout *g,
			       const struct layout_region *r, char *buf, int len)
{
	static const char *const names[] = {
		[LAYOUT_RAM] = "its RAM",
		[LAYOUT_VGIC_DIST] = "its vGIC distributor",
		[LAYOUT_VGIC_REDIST] = "its vGIC redistributors",
		[LAYOUT_VUART] = "its virtual UART",
	};

	if (r->kind != LAYOUT_DEVICE)
		fmt_snprintf(buf, (size_t)len, "%s", names[r->kind]);
	else if (r->pci)
		fmt_snprintf(buf, (size_t)len, "%s's %s",
			     g->cfg->assign[r->assign].host_path,
			     layout_pci_name(r->pci));
	else if (g->cfg->assign[r->assign].host_path[0])
		fmt_snprintf(buf, (size_t)len, "%s", g->cfg->assign[r->assign].host_path);
	else
		fmt_snprintf(buf, (size_t)len, "the region of %s",
			     g->cfg->assign[r->assign].path);
	return buf;
}

static struct layout_region *add_region(struct layout_ctx *x, struct guest_layout *g,
					const char *node, enum layout_kind kind,
					uint64_t ipa, uint64_t size, int assign)
{
	struct layout_region *r;

	if (g->nr_regions == LAYOUT_MAX_REGIONS) {
		layout_err(x, node, NULL, "more than %d regions in one guest",
			   LAYOUT_MAX_REGIONS);
		return NULL;
	}
	r = &g->region[g->nr_regions++];
	*r = (struct layout_region){.kind = kind,
				    .ipa = ipa,
				    .pa = ipa,
				    .size = size,
				    .dev_base = ipa,
				    .dev_size = size,
				    .assign = assign};
	return r;
}

struct layout_region *layout_add_device(struct layout_ctx *x, struct guest_layout *g,
					int ai, uint64_t base, uint64_t size)
{
	uint64_t lo = base & ~(PAGE_4K - 1);
	uint64_t hi = (base + size + PAGE_4K - 1) & ~(PAGE_4K - 1);
	struct layout_region *r;

	if (hi < base + size || base + size < base) {
		layout_err(x, g->cfg->assign[ai].path, NULL,
			   "region 0x%llx + 0x%llx wraps around the address space",
			   (unsigned long long)base, (unsigned long long)size);
		return NULL;
	}
	r = add_region(x, g, g->cfg->assign[ai].path, LAYOUT_DEVICE, lo, hi - lo, ai);
	if (!r)
		return NULL;
	r->dev_base = base;
	r->dev_size = size;
	r->type = S2_DEVICE_nGnRE;
	return r;
}

/* The type each region of assignment ai asked for: one memattr for all, or
 * one per region in order (a host node's regions are known only now). */
static int assign_types(struct layout_ctx *x, struct guest_layout *g, int ai)
{
	const struct assign_config *a = &g->cfg->assign[ai];
	unsigned k = 0;

	for (unsigned i = 0; i < g->nr_regions; i++) {
		struct layout_region *r = &g->region[i];

		if (r->kind != LAYOUT_DEVICE || r->assign != ai)
			continue;
		if (a->nr_memattr)
			r->type = a->memattr[a->nr_memattr == 1 ? 0 : k];
		k++;
	}
	if (a->nr_memattr > 1 && a->nr_memattr != k)
		return layout_err(
			x, a->path, "memattr",
			"lists %u types, but %s has %u region%s: give one for all, "
			"or one per region",
			a->nr_memattr, a->host_path[0] ? a->host_path : "it", k,
			k == 1 ? "" : "s");
	return 0;
}

int layout_add_irq(struct layout_ctx *x, struct guest_layout *g, int ai, unsigned intid,
		   bool level)
{
	if (g->nr_irqs == LAYOUT_MAX_IRQS)
		return layout_err(x, g->cfg->assign[ai].path, NULL,
				  "more than %d interrupts in one guest",
				  LAYOUT_MAX_IRQS);
	g->irq[g->nr_irqs++] = (struct layout_irq){(uint16_t)intid, level, ai};
	return 0;
}

/* One GIC specifier <type number flags> of a host node. */
static int host_irq(struct layout_ctx *x, struct guest_layout *g, int ai,
		    const char *prop, int i, const fdt32_t *c)
{
	const struct assign_config *a = &g->cfg->assign[ai];
	unsigned type = fdt32_ld(&c[0]), num = fdt32_ld(&c[1]);

	if (type != DT_GIC_SPI)
		return layout_err(
			x, a->path, "host-path",
			"%s: %s entry %d is a %s, which belongs to a CPU and cannot "
			"be assigned; only SPIs can",
			a->host_path, prop, i, type == DT_GIC_PPI ? "PPI" : "non-SPI");
	if (num > DT_GIC_SPI_MAX)
		return layout_err(x, a->path, "host-path",
				  "%s: %s entry %d names SPI %u, which no GIC has "
				  "(SPIs are 0-%u, INTIDs 32-1019)",
				  a->host_path, prop, i, num, DT_GIC_SPI_MAX);
	return layout_add_irq(x, g, ai, 32 + num, fdt32_ld(&c[2]) & IRQ_TYPE_LEVEL_MASK);
}

static int host_irqs(struct layout_ctx *x, struct guest_layout *g, int ai, int node)
{
	const struct assign_config *a = &g->cfg->assign[ai];
	const void *fdt = x->h->fdt;
	const fdt32_t *c;
	int len, r;

	c = fdt_getprop(fdt, node, "interrupts-extended", &len);
	if (c) {
		/* <phandle type number flags>...: every parent must be the GIC */
		for (int i = 0; i < len / 16; i++) {
			if (fdt_node_offset_by_phandle(fdt, fdt32_ld(&c[4 * i])) !=
			    x->gic_node)
				return layout_err(
					x, a->path, "host-path",
					"%s: interrupts-extended entry %d is not "
					"the GIC's; only GIC SPIs can be assigned",
					a->host_path, i);
			if ((r = host_irq(x, g, ai, "interrupts-extended", i,
					  &c[4 * i + 1])))
				return r;
		}
		return 0;
	}
	c = fdt_getprop(fdt, node, "interrupts", &len);
	if (!c)
		return 0;
	if (dt_irq_parent(fdt, node) != x->gic_node)
		return layout_err(
			x, a->path, "host-path",
			"%s: its interrupt parent is not the GIC; only GIC SPIs "
			"can be assigned",
			a->host_path);
	if (len % 12)
		return layout_err(x, a->path, "host-path",
				  "%s: interrupts is not a list of 3-cell GIC specifiers",
				  a->host_path);
	for (int i = 0; i < len / 12; i++)
		if ((r = host_irq(x, g, ai, "interrupts", i, &c[3 * i])))
			return r;
	return 0;
}

/* A node without reg is worth assigning only as a consumer of assigned
 * devices (gpio-keys of a pl061): it must refer to something. */
static bool refers_to_devices(const void *fdt, int node)
{
	int prop, sub;

	fdt_for_each_property_offset(prop, fdt, node) {
		const char *name;
		size_t n;

		fdt_getprop_by_offset(fdt, prop, &name, NULL);
		n = strlen(name);
		if (!strcmp(name, "gpios") || !strcmp(name, "clocks") ||
		    (n > 6 && !strcmp(name + n - 6, "-gpios")))
			return true;
	}
	fdt_for_each_subnode(sub, fdt, node)
		if (refers_to_devices(fdt, sub))
			return true;
	return false;
}

static int resolve_host(struct layout_ctx *x, struct guest_layout *g, int ai, unsigned gi)
{
	const struct assign_config *a = &g->cfg->assign[ai];
	const void *fdt = x->h->fdt;
	int node = fdt_path_offset(fdt, a->host_path), nr, len = 0, r, depth = 0;
	const char *compat;
	bool dma;

	if (node < 0)
		return layout_err(x, a->path, "host-path",
				  "no node \"%s\" in the host DT", a->host_path);
	if (!dt_is_enabled(fdt, node))
		return layout_err(x, a->path, "host-path",
				  "%s is disabled in the host DT (status)", a->host_path);
	if (node == 0)
		return layout_err(x, a->path, "host-path",
				  "\"/\" is the host DT's root, not a device");
	if (dt_in_subtree(fdt, node, fdt_path_offset(fdt, "/cpus")))
		return layout_err(
			x, a->path, "host-path",
			"%s is a CPU node, not a device: a guest's CPUs are its "
			"cpus property",
			a->host_path);
	if (dt_in_subtree(fdt, node, x->gic_node))
		return layout_err(x, a->path, "host-path",
				  "%s is the interrupt controller, which Tessera owns "
				  "(every guest gets a virtual GIC)",
				  a->host_path);
	for (unsigned j = 0; j <= gi; j++)
		for (int k = 0; k < (int)x->out->guest[j].cfg->nr_assign; k++) {
			const struct guest_layout *o = &x->out->guest[j];

			if ((j < gi || k < ai) && o->host_node[k] == node)
				return layout_err(x, a->path, "host-path",
						  "%s is already assigned by %s",
						  a->host_path, o->cfg->assign[k].path);
		}
	g->host_node[ai] = node;
	if (x->h->con && x->h->con->regs.size && !strcmp(x->h->con->path, a->host_path)) {
		g->console = true;
		x->out->console_guest = (int)gi;
		/* the copied node sits at the guest's root under its own name */
		fmt_snprintf(g->stdout_path, sizeof(g->stdout_path), "/%s",
			     fdt_get_name(fdt, node, NULL));
	}
	nr = dt_reg_count(fdt, node);
	if (!nr && !refers_to_devices(fdt, node))
		return layout_err(x, a->path, "host-path",
				  "%s has no reg and refers to no device: nothing to "
				  "assign",
				  a->host_path);
	for (int i = 0; i < nr; i++) {
		uint64_t base, size;

		if (dt_reg(fdt, node, i, &base, &size))
			return layout_err(x, a->path, "host-path",
					  "%s: reg entry %d cannot be translated to a "
					  "physical address (the parent buses' ranges)",
					  a->host_path, i);
		if (!size)
			return layout_err(x, a->path, "host-path",
					  "%s: reg entry %d has size 0", a->host_path, i);
		if (!layout_add_device(x, g, ai, base, size))
			return -EINVAL;
	}
	if ((r = host_irqs(x, g, ai, node)) ||
	    (layout_pci_is_bridge(fdt, node) && (r = layout_pci_resolve(x, g, ai, node))))
		return r;
	/* The guest DT gets the whole subtree: its nodes' MMIO (where it is CPU
	 * addressable) and interrupts are the guest's too. */
	compat = fdt_getprop(fdt, node, "compatible", &len);
	dma = platform_device_flags(compat, len) & PLATFORM_DMA_MASTER;
	for (int sub = fdt_next_node(fdt, node, &depth); sub >= 0 && depth > 0;
	     sub = fdt_next_node(fdt, sub, &depth)) {
		for (int i = 0; i < dt_reg_count(fdt, sub); i++) {
			uint64_t base, size;

			if (!dt_reg(fdt, sub, i, &base, &size) && size &&
			    !layout_add_device(x, g, ai, base, size))
				return -EINVAL;
		}
		if ((r = host_irqs(x, g, ai, sub)))
			return r;
		compat = fdt_getprop(fdt, sub, "compatible", &len);
		if (compat && platform_device_flags(compat, len) & PLATFORM_DMA_MASTER)
			dma = true;
	}
	if (dma) {
		if (!g->cfg->mem_identity)
			return layout_err(
				x, a->path, "host-path",
				"%s masters DMA with physical addresses and nothing "
				"translates them (no IOMMU): add memory-identity; to %s so "
				"its RAM is at IPA == PA",
				a->host_path, g->cfg->path);
		g->dma = true;
		layout_warn(x, a->path,
			    "%s masters DMA with no IOMMU in its way: it can read and "
			    "write all of physical memory, not only this guest's",
			    a->host_path);
	}
	return 0;
}

static int resolve_raw(struct layout_ctx *x, struct guest_layout *g, int ai)
{
	const struct assign_config *a = &g->cfg->assign[ai];
	int r;

	for (unsigned i = 0; i < a->nr_reg; i++) {
		uint64_t base = a->reg[i][0], size = a->reg[i][1];

		if (base % PAGE_4K || size % PAGE_4K)
			return layout_err(x, a->path, "reg",
					  "entry %u 0x%llx-0x%llx: its %s is not 4 KiB "
					  "aligned (stage 2 maps whole pages)",
					  i, (unsigned long long)base,
					  (unsigned long long)(base + size - 1),
					  base % PAGE_4K ? "start" : "end");
		if (!layout_add_device(x, g, ai, base, size))
			return -EINVAL;
	}
	for (unsigned i = 0; i < a->nr_irq; i++)
		if ((r = layout_add_irq(x, g, ai, a->irq[i], a->irq_level[i])))
			return r;
	return 0;
}

/* What keeps [base, base+size) from being free host RAM, for messages. */
static const char *ram_obstacle(const struct layout_host *h, uint64_t base, uint64_t size)
{
	const struct inventory *inv = h->inv;
	bool in_ram = false;

	if (range_overlaps(base, size, inv->image.base, inv->image.size))
		return "Tessera's own image";
	if (inv->has_payload &&
	    range_overlaps(base, size, inv->payload.base, inv->payload.size))
		return "the payload";
	if (range_overlaps(base, size, inv->dtb.base, inv->dtb.size))
		return "the host DTB";
	for (unsigned i = 0; i < inv->nr_reserved; i++)
		if (range_overlaps(base, size, inv->reserved[i].base,
				   inv->reserved[i].size))
			return "reserved memory (/reserved-memory or /memreserve/)";
	for (unsigned i = 0; i < inv->nr_ram; i++)
		if (base >= inv->ram[i].base && base + size <= range_end(&inv->ram[i]))
			in_ram = true;
	if (!in_ram)
		return "the end of a RAM bank (it is partly outside RAM)";
	return "RAM already given away (another guest's RAM or carve-out, or Tessera's)";
}

static bool overlaps_ram(const struct inventory *inv, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < inv->nr_ram; i++)
		if (range_overlaps(base, size, inv->ram[i].base, inv->ram[i].size))
			return true;
	return false;
}

/* Regions in host RAM are carve-outs: taken from the allocator first, so no
 * guest's RAM and none of Tessera's lands on them. */
static int take_carveouts(struct layout_ctx *x, struct guest_layout *g)
{
	for (unsigned i = 0; i < g->nr_regions; i++) {
		struct layout_region *r = &g->region[i];

		if (r->kind != LAYOUT_DEVICE || !overlaps_ram(x->h->inv, r->pa, r->size))
			continue;
		/* a host node in RAM (a reserved buffer, a memory node) is a
		 * carve-out like a raw region: the guest's alone */
		if (palloc_take(x->h->ram, r->pa, r->size))
			return layout_err(x, layout_region_node(g, r),
					  layout_region_prop(g, r),
					  "0x%llx-0x%llx is in host RAM but not free: it "
					  "overlaps %s",
					  (unsigned long long)r->pa,
					  (unsigned long long)(r->pa + r->size - 1),
					  ram_obstacle(x->h, r->pa, r->size));
		r->in_ram = true;
	}
	return 0;
}

static int place_ram(struct layout_ctx *x, struct guest_layout *g, bool fixed_only)
{
	const struct guest_config *gc = g->cfg;
	struct layout_region *r;

	if ((gc->mem_identity && gc->mem_pa) != fixed_only)
		return 0;
	if (fixed_only) {
		if (palloc_take(x->h->ram, gc->mem_pa, gc->mem_size))
			return layout_err(
				x, gc->path, "memory-pa",
				"RAM 0x%llx-0x%llx is not free host RAM: it "
				"overlaps %s",
				(unsigned long long)gc->mem_pa,
				(unsigned long long)(gc->mem_pa + gc->mem_size - 1),
				ram_obstacle(x->h, gc->mem_pa, gc->mem_size));
		g->ram_pa = gc->mem_pa;
	} else {
		g->ram_pa = palloc_alloc(x->h->ram, gc->mem_size, SZ_2M);
		if (!g->ram_pa)
			return layout_err(
				x, gc->path, "memory-size",
				"0x%llx bytes: not that much free RAM in one "
				"piece (%llu MiB free in all)",
				(unsigned long long)gc->mem_size,
				(unsigned long long)(palloc_free_bytes(x->h->ram) >> 20));
	}
	g->ram_ipa = gc->mem_identity ? g->ram_pa : gc->mem_ipa;
	g->ram_size = gc->mem_size;
	r = add_region(x, g, gc->path, LAYOUT_RAM, g->ram_ipa, g->ram_size, -1);
	if (!r)
		return -ENOSPC;
	r->pa = g->ram_pa;
	r->type = S2_NORMAL_WB;
	return 0;
}

void layout_dt_params(const struct guest_layout *g, const void *cfg_dtb,
		      struct guest_dt_params *p)
{
	*p = (struct guest_dt_params){.ram_ipa = g->ram_ipa,
				      .ram_size = g->ram_size,
				      .nr_vcpus = g->cfg->nr_cpus,
				      .uart_spi = VPLAT_UART_INTID - 32,
				      .with_gic = true,
				      .maint_ppi = VPLAT_MAINT_PPI,
				      .timer_ppi = {VPLAT_STIMER_PPI, VPLAT_PTIMER_PPI,
						    VPLAT_VTIMER_PPI, VPLAT_HTIMER_PPI},
				      .no_vuart = !g->vuart,
				      .assigned = g->dt_in.nr_nodes ? &g->dt_in : 0,
				      .cfg = g->cfg,
				      .cfg_dtb = cfg_dtb};
	if (g->console)
		p->stdout_path = g->stdout_path;
	for (unsigned i = 0; i < g->nr_regions; i++) {
		const struct layout_region *r = &g->region[i];

		if (r->kind == LAYOUT_VUART)
			p->uart_ipa = r->ipa;
		else if (r->kind == LAYOUT_VGIC_DIST)
			p->gicd_ipa = r->ipa;
		else if (r->kind == LAYOUT_VGIC_REDIST) {
			p->gicr_ipa = r->ipa;
			p->gicr_size = r->size;
		}
	}
}

static int build_guest(struct layout_ctx *x, unsigned gi)
{
	const struct guest_config *gc = &x->c->guest[gi];
	struct guest_layout *g = &x->out->guest[gi];
	int r;

	memset(g, 0, sizeof(*g));
	g->cfg = gc;
	for (unsigned i = 0; i < CONFIG_MAX_ASSIGN; i++)
		g->host_node[i] = -1;
	for (unsigned i = 0; i < gc->nr_assign; i++) {
		r = gc->assign[i].host_path[0] ? resolve_host(x, g, (int)i, gi)
					       : resolve_raw(x, g, (int)i);
		if (r || (r = assign_types(x, g, (int)i)))
			return r;
	}
	g->vuart = !g->console;
	for (unsigned i = 0; i < gc->nr_assign; i++)
		if (g->host_node[i] >= 0)
			g->dt_nodes[g->dt_in.nr_nodes++] = g->host_node[i];
	g->dt_in.host = x->h->fdt;
	g->dt_in.nodes = g->dt_nodes;
	g->dt_in.gic_node = x->gic_node;
	if (!add_region(x, g, gc->path, LAYOUT_VGIC_DIST, VPLAT_GICD_IPA, VPLAT_GICD_SIZE,
			-1) ||
	    !add_region(x, g, gc->path, LAYOUT_VGIC_REDIST, VPLAT_GICR_IPA,
			VPLAT_GICR_STRIDE * gc->nr_cpus, -1) ||
	    (g->vuart && !add_region(x, g, gc->path, LAYOUT_VUART, VPLAT_UART_IPA,
				     VPLAT_UART_SIZE, -1)))
		return -ENOSPC;
	return 0;
}

int layout_build(const struct sys_config *c, const struct layout_host *h,
		 struct sys_layout *out, char *err, int errlen)
{
	struct layout_ctx x = {.c = c, .h = h, .out = out, .err = err, .errlen = errlen};
	int r;

	memset(out, 0, sizeof(*out));
	out->console_guest = -1;
	out->nr_guests = c->nr_guests;
	x.gic_node = h->inv->gic.path[0] ? fdt_path_offset(h->fdt, h->inv->gic.path) : -1;
	for (unsigned i = 0; i < c->nr_guests; i++)
		if ((r = build_guest(&x, i)))
			return r;
	/* carve-outs, then RAM at fixed addresses, then the rest */
	for (unsigned i = 0; i < c->nr_guests; i++)
		if ((r = take_carveouts(&x, &out->guest[i])))
			return r;
	for (unsigned i = 0; i < c->nr_guests; i++)
		if ((r = place_ram(&x, &out->guest[i], true)))
			return r;
	for (unsigned i = 0; i < c->nr_guests; i++)
		if ((r = place_ram(&x, &out->guest[i], false)))
			return r;
	return layout_check_system(&x);
}
