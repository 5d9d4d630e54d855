/*
 * Guest DT nodes of raw assignments (a region without a host node): the
 * config node itself, minus what only Tessera reads, or its guest-node child
 * as written. Pure logic, sequential-write libfdt.
 */
#include <libfdt.h>
#include <string.h>

#include "guest/guest_dt_raw.h"

/* Properties of an assignment that are Tessera's, not the guest's. */
static bool tessera_only(const char *name)
{
	return !strcmp(name, "host-path") || !strcmp(name, "interrupt-parent") ||
	       !strcmp(name, "memattr") || !strcmp(name, "ram-like") ||
	       !strcmp(name, "coherent");
}

/* Copies node's properties (all, or all but Tessera's) and, when deep, its
 * subnodes into the node being written. */
static int copy_node(void *fdt, const void *src, int node, bool filter, bool deep)
{
	int prop, sub, r;

	fdt_for_each_property_offset(prop, src, node) {
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(src, prop, &name, &len);

		if (!val)
			return len;
		if (filter && tessera_only(name))
			continue;
		if ((r = fdt_property(fdt, name, val, len)))
			return r;
	}
	if (!deep)
		return 0;
	fdt_for_each_subnode(sub, src, node) {
		if ((r = fdt_begin_node(fdt, fdt_get_name(src, sub, NULL))) ||
		    (r = copy_node(fdt, src, sub, false, true)) ||
		    (r = fdt_end_node(fdt)))
			return r;
	}
	return 0;
}

/* Has the assignment anything to say to the guest besides reg and
 * interrupts? Without, the region is mapped but not described. */
static bool describes_device(const void *cfg_dtb, int node)
{
	int prop;

	fdt_for_each_property_offset(prop, cfg_dtb, node) {
		const char *name;

		fdt_getprop_by_offset(cfg_dtb, prop, &name, NULL);
		if (strcmp(name, "reg") && strcmp(name, "interrupts") &&
		    !tessera_only(name))
			return true;
	}
	return false;
}

int guest_dt_raw_node(void *fdt, const void *cfg_dtb, const struct assign_config *a,
		      uint32_t gic_phandle)
{
	int r;

	if (a->host_path[0])
		return 0;
	if (a->guest_node >= 0) {
		if ((r = fdt_begin_node(fdt, a->name)) ||
		    (r = copy_node(fdt, cfg_dtb, a->guest_node, false, true)))
			return r;
		return fdt_end_node(fdt);
	}
	if (!describes_device(cfg_dtb, a->node))
		return 0;
	/* reg and interrupts are already in the guest root's cell sizes (2 + 2)
	 * and the GIC's specifier format, so they are copied as they are */
	if ((r = fdt_begin_node(fdt, a->name)) ||
	    (r = copy_node(fdt, cfg_dtb, a->node, true, false)))
		return r;
	if (a->nr_irq && (r = fdt_property_u32(fdt, "interrupt-parent", gic_phandle)))
		return r;
	return fdt_end_node(fdt);
}
