/*
 * PCI host bridges in the layout (layout_internal.h): a bridge assigned with
 * host-path brings its configuration space (reg), every window of its
 * ranges and the SPIs its interrupt-map routes INTx to. Bindings followed:
 * IEEE Std 1275-1994 PCI Bus Binding 2.2.1 (the 3-cell PCI address:
 * phys.hi = npt000ss bbbbbbbb dddddfff rrrrrrrr), DT spec 2.4.3
 * (interrupt-map: child unit address, child interrupt specifier, parent
 * phandle, parent unit address, parent interrupt specifier) and
 * pci/host-generic-pci.yaml.
 */
#include <libfdt.h>
#include <string.h>

#include "dt/dt.h"
#include "layout_internal.h"
#include "lib/errno.h"
#include "lib/fmt.h"

#define PCI_ADDR_CELLS 3
#define PCI_SPACE(hi) (((hi) >> 24) & 3) /* ss: 0 config, 1 I/O, 2 32-bit, 3 64-bit */
#define PCI_PREFETCH (1u << 30)          /* p */
#define GIC_CELLS 3
#define IRQ_TYPE_LEVEL_MASK 0xc

bool layout_pci_is_bridge(const void *fdt, int node)
{
	const char *t = fdt_getprop(fdt, node, "device_type", NULL);

	return t && !strcmp(t, "pci");
}

const char *layout_pci_name(enum layout_pci p)
{
	static const char *const names[] = {
		[LAYOUT_PCI_NONE] = "",
		[LAYOUT_PCI_ECAM] = "ECAM",
		[LAYOUT_PCI_CFG] = "configuration space",
		[LAYOUT_PCI_IO] = "I/O window",
		[LAYOUT_PCI_MEM32] = "32-bit window",
		[LAYOUT_PCI_MEM64] = "64-bit window",
	};

	return names[p];
}

static int cells(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	return p && len == 4 ? (int)fdt32_ld(p) : dflt;
}

/* Each ranges entry <pci-address(3) parent-address size> is a window. */
static int windows(struct layout_ctx *x, struct guest_layout *g, int ai, int node)
{
	const struct assign_config *a = &g->cfg->assign[ai];
	const void *fdt = x->h->fdt;
	int parent = fdt_parent_offset(fdt, node), len = 0;
	int pa = cells(fdt, parent, "#address-cells", 2),
	    sc = cells(fdt, node, "#size-cells", 2);
	int n = PCI_ADDR_CELLS + pa + sc;
	const fdt32_t *v = fdt_getprop(fdt, node, "ranges", &len);

	if (!v)
		return 0;
	if (cells(fdt, node, "#address-cells", 0) != PCI_ADDR_CELLS || pa < 1 || pa > 2 ||
	    sc < 1 || sc > 2 || len % (n * 4))
		return layout_err(x, a->path, "host-path",
				  "%s: its ranges cannot be read as PCI windows "
				  "(#address-cells %d, parent's %d, #size-cells %d)",
				  a->host_path, cells(fdt, node, "#address-cells", 0), pa,
				  sc);
	for (int i = 0; i < len / (n * 4); i++) {
		const fdt32_t *e = v + i * n;
		uint32_t hi = fdt32_ld(e);
		uint64_t base = dt_read_cells(e + PCI_ADDR_CELLS, pa);
		uint64_t size = dt_read_cells(e + PCI_ADDR_CELLS + pa, sc);
		static const enum layout_pci kind[] = {LAYOUT_PCI_CFG, LAYOUT_PCI_IO,
						       LAYOUT_PCI_MEM32,
						       LAYOUT_PCI_MEM64};
		struct layout_region *r;

		if (dt_translate(fdt, parent, &base) || !size)
			return layout_err(x, a->path, "host-path",
					  "%s: ranges entry %d cannot be translated to a "
					  "physical address (the parent buses' ranges)",
					  a->host_path, i);
		r = layout_add_device(x, g, ai, base, size);
		if (!r)
			return -EINVAL;
		r->pci = kind[PCI_SPACE(hi)];
		r->prefetchable = hi & PCI_PREFETCH;
	}
	return 0;
}

/* The SPIs interrupt-map routes INTA-D to, each once: they are the bridge's
 * interrupts (a function's INTx pin reaches the GIC through them). */
static int intx(struct layout_ctx *x, struct guest_layout *g, int ai, int node)
{
	const struct assign_config *a = &g->cfg->assign[ai];
	const void *fdt = x->h->fdt;
	int len = 0, first = (int)g->nr_irqs, r;
	int child = cells(fdt, node, "#address-cells", 0) +
		    cells(fdt, node, "#interrupt-cells", 1);
	const fdt32_t *v = fdt_getprop(fdt, node, "interrupt-map", &len);

	for (int i = 0, e = 0; v && i < len / 4; e++) {
		int gic =
			i + child < len / 4
				? fdt_node_offset_by_phandle(fdt, fdt32_ld(&v[i + child]))
				: -1;
		int at = i + child + 1 +
			 (gic >= 0 ? cells(fdt, gic, "#address-cells", 0) : 0);
		unsigned type, num;
		bool seen = false;

		if (gic != x->gic_node ||
		    cells(fdt, gic, "#interrupt-cells", 0) != GIC_CELLS ||
		    at + GIC_CELLS > len / 4)
			return layout_err(
				x, a->path, "host-path",
				"%s: interrupt-map entry %d does not go to the "
				"GIC with a 3-cell specifier; only GIC SPIs can be "
				"assigned",
				a->host_path, e);
		type = fdt32_ld(&v[at]);
		num = fdt32_ld(&v[at + 1]);
		if (type != DT_GIC_SPI)
			return layout_err(
				x, a->path, "host-path",
				"%s: interrupt-map entry %d is not an SPI; only "
				"SPIs can be assigned",
				a->host_path, e);
		for (unsigned j = (unsigned)first; j < g->nr_irqs; j++)
			seen |= g->irq[j].intid == 32 + num;
		if (!seen &&
		    (r = layout_add_irq(x, g, ai, 32 + num,
					fdt32_ld(&v[at + 2]) & IRQ_TYPE_LEVEL_MASK)))
			return r;
		i = at + GIC_CELLS;
	}
	return 0;
}

int layout_pci_resolve(struct layout_ctx *x, struct guest_layout *g, int ai, int node)
{
	const void *fdt = x->h->fdt;
	bool ecam = !fdt_node_check_compatible(fdt, node, "pci-host-ecam-generic");
	const fdt32_t *range = fdt_getprop(fdt, node, "bus-range", NULL);
	int r;

	/* the regions so far are its reg: configuration space */
	for (unsigned i = 0; i < g->nr_regions; i++)
		if (g->region[i].assign == ai && g->region[i].kind == LAYOUT_DEVICE) {
			g->region[i].pci = ecam ? LAYOUT_PCI_ECAM : LAYOUT_PCI_CFG;
			g->region[i].first_bus = range ? (uint8_t)fdt32_ld(range) : 0;
		}
	if ((r = windows(x, g, ai, node)))
		return r;
	return intx(x, g, ai, node);
}

int layout_pci_check_ipa(struct layout_ctx *x, const struct guest_layout *g)
{
	uint64_t limit = 1ull << x->h->ipa_bits;

	for (unsigned ai = 0; ai < g->cfg->nr_assign; ai++) {
		char list[200], why[80] = "";
		unsigned need = 0, n = 0;
		int used = 0;

		for (unsigned i = 0; i < g->nr_regions; i++) {
			const struct layout_region *r = &g->region[i];
			uint64_t end = r->ipa + r->size;
			unsigned bits = 0;

			if (r->assign != (int)ai || !r->pci || end <= limit)
				continue;
			while (bits < 64 && (1ull << bits) < end)
				bits++;
			need = bits > need ? bits : need;
			if (used < (int)sizeof(list))
				used += fmt_snprintf(
					list + used, sizeof(list) - (size_t)used,
					"%s%s 0x%llx-0x%llx", n ? " and its " : "",
					layout_pci_name(r->pci),
					(unsigned long long)r->ipa,
					(unsigned long long)(end - 1));
			n++;
		}
		if (!n)
			continue;
		if (x->h->pa_bits && x->h->pa_bits < GUEST_IPA_BITS)
			fmt_snprintf(why, sizeof(why),
				     "this CPU's physical address size");
		else
			fmt_snprintf(why, sizeof(why), "Tessera's GUEST_IPA_BITS");
		return layout_err(
			x, g->cfg->assign[ai].path, "host-path",
			"%s: its %s %s beyond the guests' %u-bit IPA space (%s); "
			"a guest reaches %s only with IPAs of at least %u bits",
			g->cfg->assign[ai].host_path, list, n > 1 ? "lie" : "lies",
			x->h->ipa_bits, why, n > 1 ? "them" : "it", need);
	}
	return 0;
}

const char *layout_pci_note(const struct guest_layout *g, const struct layout_region *r,
			    char *buf, int len)
{
	char name[80];

	if (r->pci != LAYOUT_PCI_MEM32 && r->pci != LAYOUT_PCI_MEM64)
		return NULL;
	layout_region_name(g, r, name, sizeof(name));
	if (r->type == S2_NORMAL_NC)
		fmt_snprintf(buf, (size_t)len,
			     "%s is normal-NC: a BAR there that the guest maps "
			     "write-combining (ioremap_wc, sysfs resourceN_wc) is "
			     "Normal-NC, one it maps with ioremap stays Device",
			     name);
	else
		fmt_snprintf(buf, (size_t)len,
			     "%s is %s: a BAR there stays Device even where the guest "
			     "maps it write-combining (ioremap_wc, sysfs resourceN_wc), "
			     "since stage 2 is a ceiling; normal-NC with ram-like; would "
			     "make such a mapping Normal-NC",
			     name, s2_memtype_name(r->type));
	return buf;
}
