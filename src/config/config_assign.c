/*
 * Device assignments: the subnodes of a guest node (docs/config.md). This is
 * their syntax only; guest/layout.c resolves host paths against the host DT
 * and checks regions and interrupts against the machine and each other.
 */
#include <libfdt.h>
#include <string.h>

#include "config_internal.h"
#include "dt/dt.h"
#include "lib/fmt.h"

/* GIC interrupt specifier (arm,gic-v3.yaml): <type number flags>. */
#define IRQ_EDGE_RISING 1
#define IRQ_LEVEL_HIGH 4

/* Properties Tessera reads from an assignment; a raw assignment's other
 * properties are the guest DT node's. */
static const char *const tessera_props[] = {"host-path", "reg",      "interrupts",
					    "memattr",   "ram-like", "coherent",
					    "persistent"};

static bool is_tessera_prop(const char *name)
{
	for (unsigned i = 0; i < ARRAY_LEN(tessera_props); i++)
		if (!strcmp(name, tessera_props[i]))
			return true;
	return false;
}

static int parse_host_path(struct cfg_ctx *x, struct assign_config *a, const void *val,
			   int len)
{
	const char *s = NULL;
	int r = get_string(x, "host-path", val, len, CONFIG_PATH_LEN, &s);

	if (r)
		return r;
	if (s[0] != '/')
		return GERR(x, "host-path",
			    "\"%s\" is not an absolute path (e.g. \"/pl031@9010000\"; "
			    "aliases are not followed)",
			    s);
	memcpy(a->host_path, s, (size_t)len);
	return 0;
}

/* reg = <addr-hi addr-lo size-hi size-lo>...: the config's cells are always
 * 2 + 2, whatever the host DT uses. */
static int parse_reg(struct cfg_ctx *x, struct assign_config *a, const void *val, int len)
{
	if (len <= 0 || len % 16)
		return GERR(
			x, "reg",
			"must be <addr-hi addr-lo size-hi size-lo> entries (2 address "
			"and 2 size cells), not %d bytes",
			len);
	if (len / 16 > CONFIG_MAX_REGS)
		return GERR(x, "reg", "has %d entries, at most %d are allowed", len / 16,
			    CONFIG_MAX_REGS);
	for (int i = 0; i < len / 16; i++) {
		uint64_t base = dt_read_cells((const char *)val + 16 * i, 2);
		uint64_t size = dt_read_cells((const char *)val + 16 * i + 8, 2);

		if (!size)
			return GERR(x, "reg", "entry %d (0x%llx) has size 0", i,
				    (unsigned long long)base);
		if (base + size < base)
			return GERR(x, "reg",
				    "entry %d: 0x%llx + 0x%llx wraps around the address "
				    "space",
				    i, (unsigned long long)base,
				    (unsigned long long)size);
		a->reg[i][0] = base;
		a->reg[i][1] = size;
	}
	a->nr_reg = (unsigned)len / 16;
	return 0;
}

/* interrupts = <0 SPI flags>...: GIC specifiers, SPIs only. */
static int parse_interrupts(struct cfg_ctx *x, struct assign_config *a, const void *val,
			    int len)
{
	if (len <= 0 || len % 12)
		return GERR(x, "interrupts",
			    "must be <type number flags> GIC specifiers (3 cells each), "
			    "not %d bytes",
			    len);
	if (len / 12 > CONFIG_MAX_IRQS)
		return GERR(x, "interrupts", "has %d entries, at most %d are allowed",
			    len / 12, CONFIG_MAX_IRQS);
	for (int i = 0; i < len / 12; i++) {
		const char *c = (const char *)val + 12 * i;
		unsigned type = (unsigned)dt_read_cells(c, 1);
		unsigned num = (unsigned)dt_read_cells(c + 4, 1);
		unsigned flags = (unsigned)dt_read_cells(c + 8, 1) & 0xf;

		if (type != DT_GIC_SPI)
			return GERR(x, "interrupts",
				    "entry %d is a %s, not an SPI (<0 N flags>): only "
				    "shared peripheral interrupts can be assigned",
				    i,
				    type == DT_GIC_PPI ? "PPI"
						       : "specifier of unknown type");
		if (num > DT_GIC_SPI_MAX)
			return GERR(x, "interrupts",
				    "entry %d: SPI %u does not exist (SPIs are 0-%u)", i,
				    num, DT_GIC_SPI_MAX);
		if (flags != IRQ_EDGE_RISING && flags != IRQ_LEVEL_HIGH)
			return GERR(x, "interrupts",
				    "entry %d: trigger flags %u; a GIC SPI is level-high "
				    "(4) or rising-edge (1)",
				    i, flags);
		a->irq[i] = 32 + num;
		a->irq_level[i] = flags == IRQ_LEVEL_HIGH;
	}
	a->nr_irq = (unsigned)len / 12;
	return 0;
}

/* memattr = "device-nGnRE"; or one string per region: "device-nGnRnE",
 * "normal-NC", ... (docs/config.md, the memory-type policy). */
static int parse_memattr(struct cfg_ctx *x, struct assign_config *a, const void *val,
			 int len)
{
	static const enum s2_memtype types[] = {S2_DEVICE_nGnRE, S2_DEVICE_nGnRnE,
						S2_NORMAL_NC, S2_NORMAL_WB};
	const char *s = val;

	if (len <= 0 || s[len - 1] != '\0')
		return GERR(x, "memattr",
			    "must be one or more strings (memattr = \"...\";)");
	for (int off = 0; off < len; off += (int)strlen(s + off) + 1) {
		unsigned i;

		if (a->nr_memattr == CONFIG_MAX_REGS)
			return GERR(x, "memattr", "lists more than %d types",
				    CONFIG_MAX_REGS);
		for (i = 0; i < ARRAY_LEN(types); i++)
			if (!strcmp(s + off, s2_memtype_name(types[i])))
				break;
		if (i == ARRAY_LEN(types))
			return GERR(x, "memattr",
				    "unknown type \"%.40s\" (expected \"device-nGnRE\", "
				    "\"device-nGnRnE\", \"normal-NC\" or \"normal-WB\")",
				    s + off);
		a->memattr[a->nr_memattr++] = types[i];
	}
	return 0;
}

static int parse_flag(struct cfg_ctx *x, const char *prop, int len, bool *flag)
{
	if (len)
		return GERR(x, prop, "takes no value (%s;)", prop);
	*flag = true;
	return 0;
}

static int parse_one(struct cfg_ctx *x, struct assign_config *a, int node)
{
	bool raw_extra = false;
	int prop, sub, r;

	fdt_for_each_property_offset(prop, x->dtb, node) {
		const char *pname;
		int len;
		const void *val = fdt_getprop_by_offset(x->dtb, prop, &pname, &len);

		if (!val)
			return GERR(x, NULL, "unreadable property (%s)",
				    fdt_strerror(len));
		if (!strcmp(pname, "host-path"))
			r = parse_host_path(x, a, val, len);
		else if (!strcmp(pname, "reg"))
			r = parse_reg(x, a, val, len);
		else if (!strcmp(pname, "interrupts"))
			r = parse_interrupts(x, a, val, len);
		else if (!strcmp(pname, "memattr"))
			r = parse_memattr(x, a, val, len);
		else if (!strcmp(pname, "ram-like"))
			r = parse_flag(x, pname, len, &a->ram_like);
		else if (!strcmp(pname, "coherent"))
			r = parse_flag(x, pname, len, &a->coherent);
		else if (!strcmp(pname, "persistent"))
			r = parse_flag(x, pname, len, &a->persistent);
		else {
			raw_extra = true;
			r = 0;
		}
		if (r)
			return r;
	}
	fdt_for_each_subnode(sub, x->dtb, node) {
		const char *name = fdt_get_name(x->dtb, sub, NULL);

		if (strcmp(name, "guest-node") || a->guest_node >= 0)
			return GERR(x, NULL,
				    "unknown subnode \"%s\" (an assignment may have one "
				    "subnode, guest-node)",
				    name);
		a->guest_node = sub;
	}

	if (a->host_path[0]) {
		if (a->nr_reg || a->nr_irq)
			return GERR(x, a->nr_reg ? "reg" : "interrupts",
				    "comes from the host node %s; with host-path, "
				    "leave it out",
				    a->host_path);
		if (a->guest_node >= 0)
			return GERR(x, NULL,
				    "guest-node is for assignments without host-path "
				    "(the host node is copied)");
		if (raw_extra)
			fdt_for_each_property_offset(prop, x->dtb, node) {
				const char *pname;

				fdt_getprop_by_offset(x->dtb, prop, &pname, NULL);
				if (!is_tessera_prop(pname))
					return GERR(x, pname,
						    "unknown property (with host-path, "
						    "the guest gets the host node as "
						    "is)");
			}
		return 0;
	}
	if (!a->nr_reg)
		return GERR(x, NULL,
			    "needs host-path (a host DT node to assign) or reg (a "
			    "region of host physical address space)");
	if (a->nr_memattr > 1 && a->nr_memattr != a->nr_reg)
		return GERR(x, "memattr",
			    "lists %u types for %u reg entries: give one for all, or one "
			    "per entry",
			    a->nr_memattr, a->nr_reg);
	return 0;
}

int config_parse_assignments(struct cfg_ctx *x, int guest_node)
{
	struct guest_config *g = x->g;
	int node;

	fdt_for_each_subnode(node, x->dtb, guest_node) {
		struct assign_config *a = &g->assign[g->nr_assign];
		const char *name = fdt_get_name(x->dtb, node, NULL);
		int r;

		x->at = g->path;
		if (g->nr_assign == CONFIG_MAX_ASSIGN)
			return GERR(x, NULL, "more than %d device assignments",
				    CONFIG_MAX_ASSIGN);
		memset(a, 0, sizeof(*a));
		a->node = node;
		a->guest_node = -1;
		if (fdt_get_path(x->dtb, node, a->path, sizeof(a->path)) < 0)
			return GERR(x, NULL,
				    "subnode \"%s\": path longer than %d characters",
				    name, CONFIG_PATH_LEN - 1);
		x->at = a->path;
		if (strlen(name) >= CONFIG_NAME_LEN)
			return GERR(x, NULL, "node name longer than %d characters",
				    CONFIG_NAME_LEN - 1);
		fmt_snprintf(a->name, sizeof(a->name), "%s", name);
		r = parse_one(x, a, node);
		if (r)
			return r;
		g->nr_assign++;
	}
	x->at = g->path;
	return 0;
}
