/*
 * tessera-check: what a valid config gives each guest (--map), and what a
 * host DT offers to assign (--list-devices).
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dt/dt.h"
#include "mm/stage2.h"
#include "platform/devices.h"

#define SPEC_SPI 0 /* GIC specifier types (the GIC DT binding) */
#define SPEC_PPI 1
#define SPEC_LEVEL_MASK 0xc

const char *check_size_str(uint64_t size, char *buf, size_t len)
{
	static const char *const unit[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
	unsigned u = 0;
	uint64_t v = size;

	while (u < 4 && v >= 1024 && !(v % 1024)) {
		v /= 1024;
		u++;
	}
	if (u == 0 && size >= 1024)
		snprintf(buf, len, "%#llx", (unsigned long long)size);
	else
		snprintf(buf, len, "%llu %s", (unsigned long long)v, unit[u]);
	return buf;
}

const char *check_range_str(uint64_t base, uint64_t size, char *buf, size_t len)
{
	snprintf(buf, len, "0x%llx-0x%llx", (unsigned long long)base,
		 (unsigned long long)(base + size - 1));
	return buf;
}

/* ---- --map ---- */

static const char *kind_name(enum layout_kind k)
{
	switch (k) {
	case LAYOUT_RAM:
		return "RAM";
	case LAYOUT_VGIC_DIST:
		return "vGIC distributor";
	case LAYOUT_VGIC_REDIST:
		return "vGIC redistributors";
	case LAYOUT_VUART:
		return "vUART";
	case LAYOUT_DEVICE:
		return "device";
	}
	return "?";
}

/* The config node behind an assignment, with the host node it names. */
static const char *assign_name(const struct guest_config *gc, int ai, char *buf,
			       size_t len)
{
	const struct assign_config *a = &gc->assign[ai];

	if (a->host_path[0])
		snprintf(buf, len, "%s (%s)", a->path, a->host_path);
	else
		snprintf(buf, len, "%s (raw)", a->path);
	return buf;
}

static void print_region(const struct guest_config *gc, const struct layout_region *r)
{
	bool emulated = r->kind != LAYOUT_RAM && r->kind != LAYOUT_DEVICE;
	char ipa[48], pa[48], size[32], from[160];
	int n;

	check_range_str(r->ipa, r->size, ipa, sizeof(ipa));
	if (emulated)
		snprintf(pa, sizeof(pa), "(emulated)");
	else
		check_range_str(r->pa, r->size, pa, sizeof(pa));
	if (r->kind == LAYOUT_DEVICE)
		n = (int)strlen(assign_name(gc, r->assign, from, sizeof(from)));
	else
		n = snprintf(from, sizeof(from), "%s", gc->path);
	if (r->kind == LAYOUT_DEVICE &&
	    (r->dev_base != r->pa || r->dev_size != r->size) && n < (int)sizeof(from))
		n += snprintf(from + n, sizeof(from) - (size_t)n,
			      ", device at %#llx-%#llx", (unsigned long long)r->dev_base,
			      (unsigned long long)(r->dev_base + r->dev_size - 1));
	if (r->in_ram && n < (int)sizeof(from))
		n += snprintf(from + n, sizeof(from) - (size_t)n, ", carved out of RAM");
	if (r->pci && n < (int)sizeof(from))
		snprintf(from + n, sizeof(from) - (size_t)n, ", its %s%s",
			 layout_pci_name(r->pci),
			 r->prefetchable ? " (prefetchable)" : "");
	printf("  %-20s %-24s %-24s %-9s %-13s %s\n", kind_name(r->kind), ipa, pa,
	       check_size_str(r->size, size, sizeof(size)),
	       emulated ? "(trapped)" : s2_memtype_name(r->type), from);
}

/* The regions in IPA order. */
static void print_regions(const struct guest_config *gc, const struct guest_layout *g)
{
	unsigned order[LAYOUT_MAX_REGIONS];

	for (unsigned k = 0; k < g->nr_regions; k++) {
		unsigned j = k;

		for (; j > 0 && g->region[order[j - 1]].ipa > g->region[k].ipa; j--)
			order[j] = order[j - 1];
		order[j] = k;
	}
	for (unsigned k = 0; k < g->nr_regions; k++)
		print_region(gc, &g->region[order[k]]);
}

void check_print_map(const struct sys_config *c, const struct sys_layout *l)
{
	for (unsigned i = 0; i < l->nr_guests; i++) {
		const struct guest_layout *g = &l->guest[i];
		const struct guest_config *gc = &c->guest[i];
		char cpus[64], from[160];
		int n = 0;

		for (unsigned k = 0; k < gc->nr_cpus && n < (int)sizeof(cpus); k++)
			n += snprintf(cpus + n, sizeof(cpus) - (size_t)n, "%s%u",
				      k ? "," : "", gc->cpus[k]);
		printf("\nguest %u \"%s\" (%s): %u vCPU%s on CPU %s%s%s%s\n", i, gc->name,
		       gc->path, gc->nr_cpus, gc->nr_cpus == 1 ? "" : "s", cpus,
		       g->console ? ", has Tessera's console" : "",
		       g->dma ? ", has a DMA master" : "",
		       g->ram_ipa == g->ram_pa ? ", identity-mapped RAM" : "");
		printf("  %-20s %-24s %-24s %-9s %-13s %s\n", "kind", "IPA", "PA", "size",
		       "stage 2", "from");
		print_regions(gc, g);
		if (!g->nr_irqs)
			printf("  interrupts: none assigned\n");
		else
			printf("  interrupts:\n");
		for (unsigned k = 0; k < g->nr_irqs; k++)
			printf("    INTID %-4u %-6s %s\n", g->irq[k].intid,
			       g->irq[k].level ? "level" : "edge",
			       assign_name(gc, g->irq[k].assign, from, sizeof(from)));
	}
	printf("\n");
}

void check_print_notes(const struct sys_config *c, const struct sys_layout *l)
{
	for (unsigned i = 0; i < l->nr_guests; i++) {
		const struct guest_layout *g = &l->guest[i];

		for (unsigned k = 0; k < g->nr_regions; k++) {
			const struct layout_region *r = &g->region[k];
			char note[CONFIG_ERR_LEN];

			if (layout_pci_note(g, r, note, sizeof(note)))
				printf("note: %s: %s: %s\n", c->file,
				       g->cfg->assign[r->assign].path, note);
		}
	}
}

/* ---- --list-devices ---- */

/* Appends one GIC specifier <type number flags> as an INTID. */
static int put_spec(char *buf, size_t len, int n, const fdt32_t *c)
{
	unsigned type = fdt32_ld(&c[0]), num = fdt32_ld(&c[1]);
	const char *trig = fdt32_ld(&c[2]) & SPEC_LEVEL_MASK ? "level" : "edge";

	if (n >= (int)len)
		return n;
	if (type == SPEC_SPI)
		return n + snprintf(buf + n, len - (size_t)n, "%s%u (%s)", n ? ", " : "",
				    32 + num, trig);
	return n + snprintf(buf + n, len - (size_t)n, "%s%s %u", n ? ", " : "",
			    type == SPEC_PPI ? "PPI" : "type", num);
}

static void irq_str(const void *fdt, int node, int gic, char *buf, size_t len)
{
	const fdt32_t *c;
	int plen, n = 0;

	buf[0] = '\0';
	c = fdt_getprop(fdt, node, "interrupts-extended", &plen);
	if (c) {
		for (int i = 0; i + 16 <= plen && n < (int)len; i += 16, c += 4) {
			if (fdt_node_offset_by_phandle(fdt, fdt32_ld(c)) != gic) {
				snprintf(buf + n, len - (size_t)n, "%snot the GIC's",
					 n ? ", " : "");
				return;
			}
			n = put_spec(buf, len, n, c + 1);
		}
		return;
	}
	c = fdt_getprop(fdt, node, "interrupts", &plen);
	if (!c)
		snprintf(buf, len, "-");
	else if (dt_irq_parent(fdt, node) != gic || plen % 12)
		snprintf(buf, len, "not the GIC's");
	else
		for (int i = 0; i < plen / 12; i++)
			n = put_spec(buf, len, n, c + 3 * i);
}

static void reg_str(const void *fdt, int node, char *buf, size_t len)
{
	int count = dt_reg_count(fdt, node), n = 0;

	buf[0] = '\0';
	for (int i = 0; i < count && n < (int)len; i++) {
		uint64_t addr, size;
		char r[48];

		if (dt_reg(fdt, node, i, &addr, &size))
			n += snprintf(buf + n, len - (size_t)n,
				      "%s(entry %d: no CPU address)", n ? ", " : "", i);
		else
			n += snprintf(buf + n, len - (size_t)n, "%s%s", n ? ", " : "",
				      check_range_str(addr, size, r, sizeof(r)));
	}
}

/* The compatible list with commas between its strings. */
static void compat_str(const void *fdt, int node, char *buf, size_t len)
{
	int plen, n = 0;
	const char *c = fdt_getprop(fdt, node, "compatible", &plen);

	snprintf(buf, len, "-");
	if (!c)
		return;
	for (int i = 0; i < plen && n < (int)len;
	     i += (int)strnlen(&c[i], (size_t)(plen - i)) + 1)
		n += snprintf(buf + n, len - (size_t)n, "%s%s", n ? "," : "", &c[i]);
}

/* Nodes that are no device: the machine's own description. */
static bool skipped(const void *fdt, int node, int gic)
{
	static const char *const tops[] = {"memory",          "cpus",   "chosen", "psci",
					   "reserved-memory", "aliases"};
	int top = node, depth = fdt_node_depth(fdt, node);
	const char *name;
	size_t n;

	if (depth <= 0 || (gic >= 0 && dt_in_subtree(fdt, node, gic)))
		return true;
	while (depth-- > 1)
		top = fdt_parent_offset(fdt, top);
	name = fdt_get_name(fdt, top, NULL);
	n = strcspn(name, "@");
	for (unsigned i = 0; i < sizeof(tops) / sizeof(tops[0]); i++)
		if (strlen(tops[i]) == n && !strncmp(name, tops[i], n))
			return true;
	return false;
}

/* The GIC: the root's interrupt parent, else the inventory's. */
static int find_gic(const void *fdt)
{
	int gic = dt_irq_parent(fdt, 0);
	struct inventory inv;
	struct range image = {0, 0};
	char e[INV_ERR_LEN];

	if (gic >= 0)
		return gic;
	if (!inventory_parse(fdt, 0, &image, &inv, e, sizeof(e)) && inv.gic.path[0])
		return fdt_path_offset(fdt, inv.gic.path);
	return -1;
}

#define MAX_LISTED 512

struct listed {
	uint64_t addr; /* its first region's, for the order */
	char line[1500];
};

static int by_addr(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

int check_list_devices(const void *fdt, const char *path)
{
	static struct listed list[MAX_LISTED];
	struct inv_console con;
	char e[INV_ERR_LEN], p[256], regs[512], irqs[256], compat[256], notes[80];
	int gic = find_gic(fdt), node, depth = 0, listed = 0, disabled = 0;

	if (inventory_console(fdt, &con, e, sizeof(e)))
		con.path[0] = '\0';
	printf("%s: nodes with registers that a config can assign (host-path), by "
	       "address\n",
	       path);
	printf("%-28s %-26s %-18s %-24s %s\n", "path", "regions", "INTIDs", "notes",
	       "compatible");
	for (node = fdt_next_node(fdt, 0, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		int clen;
		const char *c;
		unsigned flags;
		int n = 0;
		uint64_t addr, size;

		if (dt_reg_count(fdt, node) <= 0 || skipped(fdt, node, gic) ||
		    listed == MAX_LISTED)
			continue;
		if (!dt_is_enabled(fdt, node)) {
			disabled++;
			continue;
		}
		c = fdt_getprop(fdt, node, "compatible", &clen);
		flags = c ? platform_device_flags(c, clen) : 0;
		dt_path(fdt, node, p, sizeof(p));
		reg_str(fdt, node, regs, sizeof(regs));
		irq_str(fdt, node, gic, irqs, sizeof(irqs));
		compat_str(fdt, node, compat, sizeof(compat));
		notes[0] = '\0';
		if (flags & PLATFORM_DMA_MASTER)
			n += snprintf(notes + n, sizeof(notes) - (size_t)n, "DMA master");
		if (con.path[0] && !strcmp(con.path, p))
			snprintf(notes + n, sizeof(notes) - (size_t)n,
				 "%sTessera's console", n ? ", " : "");
		snprintf(list[listed].line, sizeof(list[0].line),
			 "%-28s %-26s %-18s %-24s %s", p, regs, irqs,
			 notes[0] ? notes : "-", compat);
		list[listed++].addr = dt_reg(fdt, node, 0, &addr, &size) ? ~0ull : addr;
	}
	qsort(list, (size_t)listed, sizeof(list[0]), by_addr);
	for (int i = 0; i < listed; i++)
		printf("%s\n", list[i].line);
	printf("%d node%s", listed, listed == 1 ? "" : "s");
	if (disabled)
		printf("; %d disabled one%s not listed (Tessera assigns only enabled "
		       "nodes)",
		       disabled, disabled == 1 ? "" : "s");
	printf(". Nodes without registers that refer to assigned devices (gpio-keys)"
	       " can be assigned too.\n");
	return EXIT_VALID;
}
