/*
 * The properties of a PCI host bridge that refer to interrupt controllers
 * (see dt_copy_internal.h). Bindings: DT spec 2.4.3 (interrupt-map: child
 * unit address, child interrupt specifier, parent phandle, parent unit
 * address with the parent's #address-cells, parent interrupt specifier),
 * pci/pci-msi.txt (msi-map: <rid-base msi-controller msi-base length>),
 * interrupt-controller/msi.txt (msi-parent: <phandle msi-specifier...>).
 */
#include <string.h>

#include "dt_copy_internal.h"
#include "lib/errno.h"
#include "lib/fmt.h"

/* The guest's vGIC node (guest_dt.c) has no #address-cells: its entries'
 * parent unit address is 0 cells, as Linux reads an absent one
 * (of_irq_parse_raw). */
#define GUEST_GIC_ADDR_CELLS 0

int dt_copy_imap(struct dt_copy_ctx *c, int node, const fdt32_t *v, int len)
{
	static const char prop[] = "interrupt-map";
	int child = dt_copy_cells(c->h, node, "#address-cells", 0) +
		    dt_copy_cells(c->h, node, "#interrupt-cells", 1);
	int n = len / 4, out_n = 0, r;
	char *p = NULL;

	if (len % 4 || child < 1 || child > MAX_SPEC_CELLS)
		return dt_copy_fail(c, node, prop,
				    "cannot be read (%d bytes, %d child cells)" FIX_DT,
				    len, child);
	/* the guest entries are shorter: the parent address goes */
	for (int i = 0, e = 0; i < n; e++) {
		int t = i + child < n ? fdt_node_offset_by_phandle(
						c->h, fdt32_ld(&v[i + child]))
				      : -1;
		int pa = t >= 0 ? dt_copy_cells(c->h, t, "#address-cells", 0) : 0;
		char what[32];

		fmt_snprintf(what, sizeof(what), "entry %d points at", e);
		if (t != c->in->gic_node)
			return dt_copy_not_gic(c, node, prop, what, t);
		if ((r = dt_copy_gic_cells_ok(c, node, prop)))
			return r;
		if (pa < 0 || i + child + 1 + pa + GIC_CELLS > n)
			return dt_copy_fail(c, node, prop, "entry %d is cut short" FIX_DT,
					    e);
		out_n += child + 1 + GUEST_GIC_ADDR_CELLS + GIC_CELLS;
		i += child + 1 + pa + GIC_CELLS;
	}
	if (!c->out)
		return 0;
	if ((r = fdt_property_placeholder(c->out, prop, out_n * 4, (void **)&p)))
		return r;
	for (int i = 0; i < n;) {
		int t = fdt_node_offset_by_phandle(c->h, fdt32_ld(&v[i + child]));
		int pa = dt_copy_cells(c->h, t, "#address-cells", 0);

		memcpy(p, &v[i], (size_t)child * 4);
		fdt32_st(p + child * 4, c->in->gic_phandle);
		memcpy(p + (child + 1 + GUEST_GIC_ADDR_CELLS) * 4, &v[i + child + 1 + pa],
		       GIC_CELLS * 4);
		p += (child + 1 + GUEST_GIC_ADDR_CELLS + GIC_CELLS) * 4;
		i += child + 1 + pa + GIC_CELLS;
	}
	return 0;
}

/* Whether t is the host GIC or inside it (an ITS, GICv2m frames). */
static bool in_gic(const struct dt_copy_ctx *c, int t)
{
	int d = fdt_node_depth(c->h, c->in->gic_node);

	return t >= 0 && d >= 0 &&
	       fdt_supernode_atdepth_offset(c->h, t, d, NULL) == c->in->gic_node;
}

/*
 * MSIs go to the host GIC's ITS, which Tessera keeps: the guest's vGIC has
 * no ITS, so the property is left out and the guest's drivers fall back to
 * wired interrupts (INTx through interrupt-map). An MSI controller outside
 * the GIC is a device of its own: refused, as any reference.
 */
int dt_copy_msi(struct dt_copy_ctx *c, int node, const char *name, const fdt32_t *v,
		int len)
{
	bool map = !strcmp(name, "msi-map");
	int n = len / 4;
	char tp[PATH_LEN];

	if (len % 4 || (map && n % 4) || !n)
		return dt_copy_fail(c, node, name, "cannot be read (%d bytes)" FIX_DT,
				    len);
	for (int i = 0; i < n;) {
		int t = fdt_node_offset_by_phandle(c->h, fdt32_ld(&v[i + (map ? 1 : 0)]));

		if (!in_gic(c, t))
			return dt_copy_fail(
				c, node, name,
				"refers to %s, an MSI controller that is not "
				"part of the host GIC; remove it from the host "
				"DT or do not assign this node",
				t < 0 ? "no node" : dt_copy_path(c, t, tp));
		i += map ? 4 : 1 + dt_copy_cells(c->h, t, "#msi-cells", 0);
	}
	return 0; /* dropped */
}
