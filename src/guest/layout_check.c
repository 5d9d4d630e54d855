/*
 * The system-wide layout checks, once every guest's regions and interrupts
 * are known and RAM is placed: one region, one owner; nothing over Tessera,
 * the payload, the DTB, the GIC or the console; interrupts that exist and
 * belong to one guest. Stage 2 maps whole pages, so ownership is judged by
 * page, and the other devices a shared page exposes are named in a warning.
 */
#include <libfdt.h>
#include <string.h>

#include "abi/vplatform.h"
#include "dt/dt.h"
#include "guest/image.h"
#include "layout_internal.h"
#include "lib/errno.h"
#include "lib/fmt.h"
#include "memattr/memattr.h"
#include "platform/devices.h"
#include "vgic/vgic.h"

static unsigned long long last(uint64_t base, uint64_t size)
{
	return (unsigned long long)(base + size - 1);
}

/* Two regions of one guest must not share IPAs (devices of one guest may
 * share a page, but not a byte). */
static int check_ipa_space(struct layout_ctx *x, const struct guest_layout *g)
{
	char a[80], b[80];

	for (unsigned i = 0; i < g->nr_regions; i++) {
		const struct layout_region *r = &g->region[i];

		if (r->ipa + r->size > (1ull << x->h->ipa_bits))
			return layout_err(
				x, layout_region_node(g, r), layout_region_prop(g, r),
				"0x%llx-0x%llx is beyond the guests' %u-bit IPA "
				"space",
				(unsigned long long)r->ipa, last(r->ipa, r->size),
				x->h->ipa_bits);
		for (unsigned j = 0; j < i; j++) {
			const struct layout_region *o = &g->region[j];
			bool both_dev =
				r->kind == LAYOUT_DEVICE && o->kind == LAYOUT_DEVICE;
			bool clash = both_dev ? range_overlaps(r->dev_base, r->dev_size,
							       o->dev_base, o->dev_size)
					      : range_overlaps(r->ipa, r->size, o->ipa,
							       o->size);

			/* one page, one stage-2 type: a descriptor has one */
			if (both_dev && !clash && r->type != o->type &&
			    range_overlaps(r->ipa, r->size, o->ipa, o->size))
				return layout_err(
					x, layout_region_node(g, r), "memattr",
					"%s is %s but shares a 4 KiB page with %s, "
					"which is %s: one page has one memory type",
					layout_region_name(g, r, a, sizeof(a)),
					s2_memtype_name(r->type),
					layout_region_name(g, o, b, sizeof(b)),
					s2_memtype_name(o->type));
			if (!clash)
				continue;
			/* report it at the assignment if one is (the user's
			 * part), else at the later region, naming the other */
			if (o->kind == LAYOUT_DEVICE && r->kind != LAYOUT_DEVICE) {
				const struct layout_region *t = r;

				r = o;
				o = t;
			}
			return layout_err(
				x, layout_region_node(g, r), layout_region_prop(g, r),
				"%s at 0x%llx-0x%llx overlaps %s at 0x%llx-0x%llx in the "
				"guest's address space",
				layout_region_name(g, r, a, sizeof(a)),
				(unsigned long long)r->ipa, last(r->ipa, r->size),
				layout_region_name(g, o, b, sizeof(b)),
				(unsigned long long)o->ipa, last(o->ipa, o->size));
		}
	}
	return 0;
}

/* Physical ownership: a device page belongs to one guest. */
static int check_pa_owner(struct layout_ctx *x, unsigned gi,
			  const struct layout_region *r)
{
	const struct guest_layout *g = &x->out->guest[gi];
	char a[80], b[80];

	for (unsigned gj = 0; gj < x->out->nr_guests; gj++) {
		const struct guest_layout *h = &x->out->guest[gj];

		for (unsigned j = 0; j < h->nr_regions; j++) {
			const struct layout_region *o = &h->region[j];

			/* device against device once, at the later guest's node */
			if (gj == gi ||
			    (o->kind != LAYOUT_DEVICE && o->kind != LAYOUT_RAM) ||
			    (o->kind == LAYOUT_DEVICE && gj > gi) ||
			    !range_overlaps(r->pa, r->size, o->pa, o->size))
				continue;
			if (o->kind == LAYOUT_RAM)
				return layout_err(
					x, layout_region_node(g, r),
					layout_region_prop(g, r),
					"0x%llx-0x%llx overlaps the RAM of guest "
					"\"%s\"",
					(unsigned long long)r->pa, last(r->pa, r->size),
					h->cfg->name);
			if (range_overlaps(r->dev_base, r->dev_size, o->dev_base,
					   o->dev_size))
				return layout_err(
					x, layout_region_node(g, r),
					layout_region_prop(g, r),
					"%s is also given to guest \"%s\" (%s): one "
					"region, one owner",
					layout_region_name(g, r, a, sizeof(a)),
					h->cfg->name, layout_region_node(h, o));
			return layout_err(
				x, layout_region_node(g, r), layout_region_prop(g, r),
				"%s shares the 4 KiB page(s) 0x%llx-0x%llx with %s of guest "
				"\"%s\" (%s); stage 2 maps whole pages, so each guest could "
				"reach the other's device: give both to one guest",
				layout_region_name(g, r, a, sizeof(a)),
				(unsigned long long)r->pa, last(r->pa, r->size),
				layout_region_name(h, o, b, sizeof(b)), h->cfg->name,
				layout_region_node(h, o));
		}
	}
	return 0;
}

/* What Tessera keeps for itself in physical address space. */
static int check_pa_reserved(struct layout_ctx *x, const struct guest_layout *g,
			     const struct layout_region *r)
{
	const struct layout_host *h = x->h;
	const struct inventory *inv = h->inv;
	struct kept {
		const char *what;
		struct range rg;
	} keep[4 + INV_MAX_REDIST] = {
		{"Tessera's own image", inv->image},
		{"the payload", inv->has_payload ? inv->payload : (struct range){0, 0}},
		{"the host DTB", inv->dtb},
		{"the GIC distributor", inv->gic.dist},
	};
	unsigned n = 4;

	for (unsigned i = 0; i < inv->gic.nr_redist; i++)
		keep[n++] = (struct kept){"the GIC redistributors", inv->gic.redist[i]};
	for (unsigned i = 0; i < n; i++)
		if (keep[i].rg.size &&
		    range_overlaps(r->pa, r->size, keep[i].rg.base, keep[i].rg.size))
			return layout_err(
				x, layout_region_node(g, r), layout_region_prop(g, r),
				"0x%llx-0x%llx overlaps %s (0x%llx-0x%llx), which "
				"Tessera keeps",
				(unsigned long long)r->pa, last(r->pa, r->size),
				keep[i].what, (unsigned long long)keep[i].rg.base,
				last(keep[i].rg.base, keep[i].rg.size));
	/* anything else of the GIC's (an ITS, GICv2m frames) */
	if (x->gic_node >= 0) {
		int depth = 0;

		for (int n = x->gic_node; n >= 0 && (n == x->gic_node || depth > 0);
		     n = fdt_next_node(h->fdt, n, &depth))
			for (int i = 0; i < dt_reg_count(h->fdt, n); i++) {
				uint64_t b, s;
				char path[DT_PATH_LEN];

				if (!dt_reg(h->fdt, n, i, &b, &s) &&
				    range_overlaps(r->pa, r->size, b, s))
					return layout_err(
						x, layout_region_node(g, r),
						layout_region_prop(g, r),
						"0x%llx-0x%llx overlaps %s, part of the "
						"interrupt controller, which Tessera keeps",
						(unsigned long long)r->pa,
						last(r->pa, r->size),
						dt_path(h->fdt, n, path, sizeof(path)));
			}
	}
	if (h->con && h->con->regs.size && !g->console &&
	    range_overlaps(r->pa, r->size, h->con->regs.base, h->con->regs.size))
		return layout_err(x, layout_region_node(g, r), layout_region_prop(g, r),
				  "0x%llx-0x%llx overlaps Tessera's console UART %s; to "
				  "give the console to this guest, assign it with "
				  "host-path = \"%s\"",
				  (unsigned long long)r->pa, last(r->pa, r->size),
				  h->con->path, h->con->path);
	return 0;
}

static bool assigned_here(const void *fdt, const struct guest_layout *g, int node)
{
	for (unsigned a = 0; a < g->cfg->nr_assign; a++)
		for (int n = node; g->host_node[a] >= 0 && n >= 0;
		     n = fdt_parent_offset(fdt, n))
			if (n == g->host_node[a])
				return true;
	return false;
}

/* Host DT nodes with a reg in r's pages, outside r itself, that this guest
 * was not given: the shared page exposes them. Their names go into buf. */
static unsigned exposed_nodes(struct layout_ctx *x, const struct guest_layout *g,
			      const struct layout_region *r, char *buf, int len)
{
	const void *fdt = x->h->fdt;
	unsigned n = 0;
	int used = 0, depth = 0;

	buf[0] = '\0';
	for (int node = fdt_next_node(fdt, 0, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		int cnt = dt_reg_count(fdt, node);
		bool hit = false;
		char path[DT_PATH_LEN];

		for (int i = 0; i < cnt && !hit; i++) {
			uint64_t b, s;

			hit = !dt_reg(fdt, node, i, &b, &s) &&
			      range_overlaps(b, s, r->pa, r->size) &&
			      !range_overlaps(b, s, r->dev_base, r->dev_size);
		}
		if (!hit || assigned_here(fdt, g, node))
			continue;
		if (n < 3 && used < len)
			used += fmt_snprintf(buf + used, (size_t)(len - used), "%s%s",
					     n ? ", " : "",
					     dt_path(fdt, node, path, sizeof(path)));
		n++;
	}
	return n;
}

/* Only RAM is cleared at reset, so only RAM can be kept: device memory
 * holds what the device holds, and Tessera never writes it. */
static int check_persistent(struct layout_ctx *x, const struct guest_layout *g,
			    const struct layout_region *rg)
{
	char name[80];

	if (!g->cfg->assign[rg->assign].persistent || rg->in_ram)
		return 0;
	return layout_err(
		x, layout_region_node(g, rg), "persistent",
		"%s is device memory, not a carve-out of host RAM: only RAM is "
		"cleared when the guest restarts, so only RAM takes persistent; "
		"remove it",
		layout_region_name(g, rg, name, sizeof(name)));
}

/* The memory-type policy for one device region (memattr/memattr.h). */
static int check_memattr(struct layout_ctx *x, const struct guest_layout *g,
			 const struct layout_region *rg)
{
	const struct assign_config *a = &g->cfg->assign[rg->assign];
	int node = g->host_node[rg->assign], len = 0;
	const char *compat =
		node >= 0 ? fdt_getprop(x->h->fdt, node, "compatible", &len) : 0;
	struct memattr_req q = {
		.type = rg->type,
		.in_ram = rg->in_ram,
		.platform_ram_like =
			platform_device_flags(compat, len) & PLATFORM_RAM_LIKE,
		.vouched_ram_like = a->ram_like,
		.coherent = a->coherent,
		.fwb = x->h->fwb,
		.pci = rg->pci == LAYOUT_PCI_NONE ? MEMATTR_PCI_NONE
		       : rg->pci == LAYOUT_PCI_ECAM || rg->pci == LAYOUT_PCI_CFG
			       ? MEMATTR_PCI_CONFIG
		       : rg->pci == LAYOUT_PCI_IO ? MEMATTR_PCI_IO
						  : MEMATTR_PCI_MEM,
		.prefetchable = rg->prefetchable,
	};
	char why[CONFIG_ERR_LEN - 80], name[80];

	switch (memattr_check(&q, why, sizeof(why))) {
	case MEMATTR_REFUSED:
		return layout_err(x, a->path, "memattr", "%s: %s",
				  layout_region_name(g, rg, name, sizeof(name)), why);
	case MEMATTR_WARN:
		layout_warn(x, a->path, "%s: %s",
			    layout_region_name(g, rg, name, sizeof(name)), why);
		break;
	default:
		break;
	}
	return 0;
}

static int check_devices(struct layout_ctx *x, unsigned gi)
{
	const struct guest_layout *g = &x->out->guest[gi];
	int r;

	for (unsigned i = 0; i < g->nr_regions; i++) {
		const struct layout_region *rg = &g->region[i];
		char names[160];
		unsigned n;

		if (rg->kind != LAYOUT_DEVICE)
			continue;
		if ((r = check_pa_reserved(x, g, rg)) ||
		    (r = check_pa_owner(x, gi, rg)) || (r = check_memattr(x, g, rg)) ||
		    (r = check_persistent(x, g, rg)))
			return r;
		if (rg->dev_size == rg->size || rg->in_ram)
			continue;
		n = exposed_nodes(x, g, rg, names, sizeof(names));
		if (n)
			layout_warn(x, layout_region_node(g, rg),
				    "the page(s) 0x%llx-0x%llx also hold %s%s, which "
				    "this guest can reach too",
				    (unsigned long long)rg->pa, last(rg->pa, rg->size),
				    names, n > 3 ? " and more" : "");
	}
	return 0;
}

static int check_irqs(struct layout_ctx *x, unsigned gi)
{
	const struct guest_layout *g = &x->out->guest[gi];
	const struct guest_config *gc = g->cfg;
	unsigned owned = (g->vuart ? 1 : 0) + gc->vspi_count;

	for (unsigned i = 0; i < g->nr_irqs; i++) {
		const struct layout_irq *q = &g->irq[i];
		const char *node = gc->assign[q->assign].path;
		const char *prop =
			gc->assign[q->assign].host_path[0] ? "host-path" : "interrupts";
		unsigned max =
			x->h->nr_intids < VGIC_NR_IRQS ? x->h->nr_intids : VGIC_NR_IRQS;

		if (q->intid >= max)
			return layout_err(x, node, prop,
					  "INTID %u does not exist: the %s has INTIDs up "
					  "to %u",
					  q->intid,
					  x->h->nr_intids <= VGIC_NR_IRQS ? "GIC"
									  : "vGIC",
					  max - 1);
		if (x->h->con && x->h->con->intid == q->intid && !g->console)
			return layout_err(
				x, node, prop,
				"INTID %u is the interrupt of Tessera's console "
				"UART %s",
				q->intid, x->h->con->path);
		if (g->vuart && q->intid == VPLAT_UART_INTID)
			return layout_err(
				x, node, prop,
				"INTID %u is the guest's virtual UART's; a guest "
				"with a virtual UART cannot have it",
				q->intid);
		if (gc->vspi_count && q->intid >= gc->vspi_first &&
		    q->intid < gc->vspi_first + gc->vspi_count)
			return layout_err(x, node, prop,
					  "INTID %u is also one of the guest's "
					  "virtual-spis",
					  q->intid);
		for (unsigned j = 0; j < i; j++)
			if (g->irq[j].intid == q->intid)
				return layout_err(
					x, node, prop, "INTID %u is also assigned by %s",
					q->intid, gc->assign[g->irq[j].assign].path);
		for (unsigned gj = 0; gj < gi; gj++) {
			const struct guest_layout *h = &x->out->guest[gj];

			for (unsigned j = 0; j < h->nr_irqs; j++)
				if (h->irq[j].intid == q->intid)
					return layout_err(
						x, node, prop,
						"INTID %u is already given to guest \"%s\" "
						"(%s): one interrupt, one owner",
						q->intid, h->cfg->name,
						h->cfg->assign[h->irq[j].assign].path);
		}
		owned++;
	}
	if (owned > VGIC_MAX_OWNED)
		return layout_err(x, gc->path, NULL,
				  "owns %u SPIs; the vGIC holds at most %d per guest",
				  owned, VGIC_MAX_OWNED);
	if (gc->vspi_count && gc->vspi_first + gc->vspi_count > VGIC_NR_IRQS)
		return layout_err(x, gc->path, "virtual-spis",
				  "goes beyond the vGIC's %d INTIDs", VGIC_NR_IRQS);
	if (gc->vspi_count && g->vuart && VPLAT_UART_INTID >= gc->vspi_first &&
	    VPLAT_UART_INTID < gc->vspi_first + gc->vspi_count)
		return layout_err(x, gc->path, "virtual-spis",
				  "includes INTID %u, the virtual UART's",
				  VPLAT_UART_INTID);
	return 0;
}

/* Two nodes of one name under the root, or two of one phandle: the DT
 * would be ambiguous (a raw assignment named like a generated node, a
 * phandle written in a guest-node). Names the culprit in why. */
static int dt_ambiguous(const void *fdt, char *why, int len)
{
	int a, b, depth = 0;

	fdt_for_each_subnode(a, fdt, 0) {
		b = a;
		while ((b = fdt_next_subnode(fdt, b)) >= 0)
			if (!strcmp(fdt_get_name(fdt, a, NULL),
				    fdt_get_name(fdt, b, NULL)))
				return fmt_snprintf(why, (size_t)len,
						    "two nodes named /%s at its root",
						    fdt_get_name(fdt, a, NULL));
	}
	for (a = fdt_next_node(fdt, 0, &depth); a >= 0;
	     a = fdt_next_node(fdt, a, &depth)) {
		uint32_t ph = fdt_get_phandle(fdt, a);
		char p1[DT_PATH_LEN], p2[DT_PATH_LEN];

		if (!ph)
			continue;
		b = fdt_node_offset_by_phandle(fdt, ph);
		if (b != a)
			return fmt_snprintf(why, (size_t)len,
					    "%s and %s have the same phandle %u",
					    dt_path(fdt, b, p1, sizeof(p1)),
					    dt_path(fdt, a, p2, sizeof(p2)), ph);
	}
	return 0;
}

/* Whether the guest DT can be built (phandle references, interrupt parents,
 * names): checked now by building it, not at load time. */
static int check_guest_dt(struct layout_ctx *x, const struct guest_layout *g)
{
	static uint64_t buf[GUEST_DT_MAX / 8];
	struct guest_dt_params p;
	char why[CONFIG_ERR_LEN - 64];

	layout_dt_params(g, x->c->dtb, &p);
	p.err = why;
	p.errlen = sizeof(why);
	/* guest_dt_build runs dt_copy's full check before it writes */
	if (guest_dt_build(buf, (int)sizeof(buf), &p) ||
	    dt_ambiguous(buf, why, sizeof(why)))
		return layout_err(x, g->cfg->path, NULL,
				  "its device tree cannot be built: %s", why);
	return 0;
}

int layout_check_system(struct layout_ctx *x)
{
	int r;

	for (unsigned gi = 0; gi < x->out->nr_guests; gi++) {
		const struct guest_layout *g = &x->out->guest[gi];

		if ((r = layout_pci_check_ipa(x, g)) || (r = check_ipa_space(x, g)) ||
		    (r = check_devices(x, gi)) || (r = check_irqs(x, gi)) ||
		    (r = check_guest_dt(x, g)))
			return r;
	}
	return 0;
}
