/*
 * Copying assigned host DT nodes into a guest DT; see include/guest/dt_copy.h.
 * Bindings followed: DT spec 2.3.6/2.3.8 (reg, ranges, dma-ranges), 2.4
 * (interrupt-parent, interrupts, interrupts-extended), clock/clock-bindings.txt,
 * clock/fixed-clock.yaml, gpio/gpio.txt.
 *
 * One walk does both jobs: checking (out == NULL) and writing. dt_copy_write()
 * checks first, so the write sees every phandle reference up front (a node may
 * be written before the node that refers to it) and can only fail in libfdt.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "dt/dt.h"
#include "dt_copy_internal.h"
#include "lib/errno.h"
#include "lib/fmt.h"

/* Properties that refer to other nodes in ways a copy cannot carry over
 * (a string list, like compatible). */
static const char unsupported[] =
	"resets\0power-domains\0dmas\0iommus\0iommu-map\0phys\0"
	"mboxes\0nvmem-cells\0operating-points-v2\0memory-region\0pwms\0"
	"io-channels\0interconnects\0hwlocks\0assigned-clocks\0"
	"assigned-clock-parents\0sram\0remote-endpoint\0";

int dt_copy_fail(struct dt_copy_ctx *c, int node, const char *prop, const char *fmt, ...)
{
	char path[PATH_LEN];
	va_list ap;
	int n = 0;

	c->failed = true;
	if (!c->err || c->errlen <= 0)
		return -EINVAL;
	if (node >= 0)
		n = fmt_snprintf(c->err, (size_t)c->errlen,
				 "%s: ", dt_path(c->h, node, path, sizeof(path)));
	if (prop && n < c->errlen)
		n += fmt_snprintf(c->err + n, (size_t)(c->errlen - n),
				  "property \"%s\": ", prop);
	if (n < c->errlen) {
		va_start(ap, fmt);
		fmt_vsnprintf(c->err + n, (size_t)(c->errlen - n), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

const char *dt_copy_path(const struct dt_copy_ctx *c, int node, char *buf)
{
	return dt_path(c->h, node, buf, PATH_LEN);
}

int dt_copy_u32(const void *h, int node, const char *name, uint32_t *v)
{
	int len;
	const fdt32_t *p = fdt_getprop(h, node, name, &len);

	if (!p || len != 4)
		return -ENOENT;
	*v = fdt32_ld(p);
	return 0;
}

/* #address-cells and the like, with the DT spec's default when absent. */
int dt_copy_cells(const void *h, int node, const char *name, int dflt)
{
	uint32_t v;

	if (dt_copy_u32(h, node, name, &v))
		return dflt;
	return v <= 4 ? (int)v : -1;
}

static bool contains(const void *h, int top, int node)
{
	int d = fdt_node_depth(h, top);

	return d >= 0 && fdt_supernode_atdepth_offset(h, node, d, NULL) == top;
}

/* Whether node is copied as part of an assigned subtree. */
static bool assigned(const struct dt_copy_ctx *c, int node)
{
	for (unsigned i = 0; i < c->in->nr_nodes; i++)
		if (contains(c->h, c->in->nodes[i], node))
			return true;
	return false;
}

static int ref_index(const struct dt_copy_ctx *c, int node)
{
	for (unsigned i = 0; i < c->nr_refs; i++)
		if (c->refs[i] == node)
			return (int)i;
	return -1;
}

static int ref_add(struct dt_copy_ctx *c, int node, int from, const char *prop)
{
	if (ref_index(c, node) >= 0)
		return 0;
	if (c->nr_refs == DT_COPY_MAX_REFS)
		return dt_copy_fail(c, from, prop,
				    "more than %d nodes referred to; assign fewer nodes",
				    DT_COPY_MAX_REFS);
	c->refs[c->nr_refs++] = node;
	return 0;
}

/* The node's guest phandle, or 0 when nothing copied refers to it. */
static uint32_t guest_phandle(const struct dt_copy_ctx *c, int node)
{
	int i = ref_index(c, node);

	return i < 0 ? 0 : c->in->first_phandle + (uint32_t)i;
}

int dt_copy_not_gic(struct dt_copy_ctx *c, int node, const char *prop, const char *what,
		    int t)
{
	char tp[PATH_LEN], gp[PATH_LEN];

	return dt_copy_fail(
		c, node, prop,
		"%s %s, not the host GIC %s; only interrupts wired to the GIC can be "
		"passed through, so do not assign this node",
		what, t < 0 ? "nothing" : dt_copy_path(c, t, tp),
		dt_copy_path(c, c->in->gic_node, gp));
}

int dt_copy_gic_cells_ok(struct dt_copy_ctx *c, int node, const char *prop)
{
	char gp[PATH_LEN];
	uint32_t cells = 0;

	/* specifiers are copied as they are, for a GIC with 3 cells */
	if (dt_copy_u32(c->h, c->in->gic_node, "#interrupt-cells", &cells) ||
	    cells != GIC_CELLS)
		return dt_copy_fail(
			c, node, prop,
			"the host GIC %s has #interrupt-cells = %u, not %d" FIX_DT,
			dt_copy_path(c, c->in->gic_node, gp), cells, GIC_CELLS);
	return 0;
}

enum list_kind { LIST_CLOCKS, LIST_GPIOS, LIST_IRQS };

/* Whether the provider t of an entry in a list of kind can be referred to
 * from the guest: copied too, a fixed clock (copied with it) or the GIC. */
static int provider_ok(struct dt_copy_ctx *c, int node, const char *prop,
		       enum list_kind kind, int t, int e)
{
	char tp[PATH_LEN], what[32];
	uint32_t cells;

	dt_copy_path(c, t, tp);
	if (kind == LIST_IRQS) {
		fmt_snprintf(what, sizeof(what), "entry %d points at", e);
		return t == c->in->gic_node ? dt_copy_gic_cells_ok(c, node, prop)
					    : dt_copy_not_gic(c, node, prop, what, t);
	}
	if (assigned(c, t) ||
	    (kind == LIST_CLOCKS && !fdt_node_check_compatible(c->h, t, "fixed-clock") &&
	     !dt_copy_u32(c->h, t, "#clock-cells", &cells) && !cells))
		return ref_add(c, t, node, prop);
	return dt_copy_fail(c, node, prop,
			    "refers to %s, which is %s; assign %s to this guest too", tp,
			    kind == LIST_CLOCKS
				    ? "neither assigned to this guest nor a fixed clock"
				    : "not assigned to this guest",
			    tp);
}

/* clocks, gpios and interrupts-extended: <phandle specifier...>..., a 0
 * phandle being an empty entry. With out (the property's copy), each phandle
 * there is rewritten to the guest's. */
static int do_list(struct dt_copy_ctx *c, int node, const char *prop, const fdt32_t *v,
		   int len, enum list_kind kind, void *out)
{
	static const char *const cells_names[] = {"#clock-cells", "#gpio-cells",
						  "#interrupt-cells"};
	const char *cn = cells_names[kind];
	char tp[PATH_LEN];
	int n = len / 4, r;

	if (len % 4)
		return dt_copy_fail(c, node, prop, "%d bytes are not whole cells" FIX_DT,
				    len);
	for (int i = 0, e = 0; i < n; e++) {
		uint32_t ph = fdt32_ld(&v[i]), cells;
		int t;

		if (!ph) {
			i++;
			continue;
		}
		if ((t = fdt_node_offset_by_phandle(c->h, ph)) < 0)
			return dt_copy_fail(c, node, prop,
					    "phandle 0x%x names no node" FIX_DT, ph);
		if (dt_copy_u32(c->h, t, cn, &cells) || cells > MAX_SPEC_CELLS)
			return dt_copy_fail(c, node, prop,
					    "entry %d: %s has no usable %s" FIX_DT, e,
					    dt_copy_path(c, t, tp), cn);
		if (i + 1 + (int)cells > n)
			return dt_copy_fail(
				c, node, prop,
				"entry %d is cut short (%s has %s = %u)" FIX_DT, e,
				dt_copy_path(c, t, tp), cn, cells);
		if ((r = provider_ok(c, node, prop, kind, t, e)))
			return r;
		if (out)
			fdt32_st((char *)out + 4 * i, kind == LIST_IRQS
							      ? c->in->gic_phandle
							      : guest_phandle(c, t));
		i += 1 + (int)cells;
	}
	return 0;
}

static int check_irqs(struct dt_copy_ctx *c, int node)
{
	int t;

	if (fdt_getprop(c->h, node, "interrupt-parent", NULL))
		return 0; /* checked as that property */
	t = dt_irq_parent(c->h, node);
	if (t != c->in->gic_node)
		return dt_copy_not_gic(c, node, "interrupts",
				       "inherits its interrupt parent", t);
	return dt_copy_gic_cells_ok(c, node, "interrupts");
}

/* The top node's reg, for the guest root's 2 address and 2 size cells. */
static int do_reg(struct dt_copy_ctx *c, int node, int len)
{
	int n = dt_reg_count(c->h, node), r;
	char *p = NULL;

	if (len && !n)
		return dt_copy_fail(c, node, "reg",
				    "does not match the parent's #address-cells and "
				    "#size-cells" FIX_DT);
	if (c->out && (r = fdt_property_placeholder(c->out, "reg", n * 16, (void **)&p)))
		return r;
	for (int i = 0; i < n; i++) {
		uint64_t a, s;

		if (dt_reg(c->h, node, i, &a, &s))
			return dt_copy_fail(c, node, "reg", "entry %d " TRANSLATE, i);
		if (p) {
			fdt64_st(p + 16 * i, a);
			fdt64_st(p + 16 * i + 8, s);
		}
	}
	return 0;
}

/* The top node's ranges: <child-address parent-address size>..., the parent
 * addresses translated to CPU physical ones in 2 cells (the guest root's). */
static int do_ranges(struct dt_copy_ctx *c, int node, const fdt32_t *v, int len)
{
	int parent = fdt_parent_offset(c->h, node);
	int ca = dt_copy_cells(c->h, node, "#address-cells", 2);
	int sc = dt_copy_cells(c->h, node, "#size-cells", 1);
	int pa = dt_copy_cells(c->h, parent, "#address-cells", 2);
	int in_cells = ca + pa + sc, out_cells = ca + 2 + sc, n, r;
	char *p = NULL, bp[PATH_LEN];

	/* empty: 1:1 into the parent's space, the CPU's only if all above are */
	for (int b = parent; !len && b > 0; b = fdt_parent_offset(c->h, b))
		if (!fdt_getprop(c->h, b, "ranges", &r) || r)
			return dt_copy_fail(
				c, node, "ranges",
				"maps 1:1 into the address space of %s, which is not "
				"the CPU's; assign %s instead",
				dt_copy_path(c, b, bp), bp);
	if (!len)
		return c->out ? fdt_property(c->out, "ranges", NULL, 0) : 0;
	if (ca < 1 || pa < 1 || pa > 2 || sc < 1 || sc > 2 || len % (in_cells * 4))
		return dt_copy_fail(c, node, "ranges",
				    "cannot be read (#address-cells %d, parent's %d, "
				    "#size-cells %d)" FIX_DT,
				    ca, pa, sc);
	n = len / (in_cells * 4);
	if (c->out && (r = fdt_property_placeholder(c->out, "ranges", n * out_cells * 4,
						    (void **)&p)))
		return r;
	for (int i = 0; i < n; i++) {
		const fdt32_t *e = v + i * in_cells;
		uint64_t a = dt_read_cells(e + ca, pa);

		if (dt_translate(c->h, parent, &a))
			return dt_copy_fail(c, node, "ranges", "entry %d " TRANSLATE, i);
		if (p) {
			char *o = p + i * out_cells * 4;

			memcpy(o, e, (size_t)ca * 4);
			fdt64_st(o + ca * 4, a);
			memcpy(o + (ca + 2) * 4, e + ca + pa, (size_t)sc * 4);
		}
	}
	return 0;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n > t && !strcmp(s + n - t, tail);
}

static bool is_gpio_prop(const char *name)
{
	if (!strcmp(name, "gpios") || !strcmp(name, "gpio"))
		return true;
	if (ends_with(name, "nr-gpios")) /* a count (snps,nr-gpios), not a list */
		return false;
	return ends_with(name, "-gpios") || ends_with(name, "-gpio");
}

static bool is_unsupported(const char *name)
{
	for (const char *u = unsupported; *u; u += strlen(u) + 1)
		if (!strcmp(name, u))
			return true;
	/* pinctrl-0, pinctrl-1...; pinctrl-names is only strings */
	if (!strncmp(name, "pinctrl-", 8) && name[8] >= '0' && name[8] <= '9')
		return true;
	return ends_with(name, "-supply");
}

/* A property list with phandles in it: copied, then the phandles rewritten. */
static int do_refs(struct dt_copy_ctx *c, int node, const char *name, const fdt32_t *v,
		   int len)
{
	enum list_kind kind = !strcmp(name, "clocks")                ? LIST_CLOCKS
			      : !strcmp(name, "interrupts-extended") ? LIST_IRQS
								     : LIST_GPIOS;
	void *p = NULL;
	int r;

	if (c->out && (r = fdt_property_placeholder(c->out, name, len, &p)))
		return r;
	if (p && len)
		memcpy(p, v, (size_t)len);
	return do_list(c, node, name, v, len, kind, p);
}

static int do_prop(struct dt_copy_ctx *c, int node, bool top, const char *name,
		   const fdt32_t *v, int len)
{
	int r;

	if (!strcmp(name, "phandle") || !strcmp(name, "linux,phandle"))
		return 0; /* a fresh one follows if anything refers to the node */
	if (is_unsupported(name))
		return dt_copy_fail(c, node, name,
				    "not supported for assignment (it refers to other "
				    "nodes); remove it from the host DT or do not assign "
				    "this node");
	if (!strcmp(name, "interrupt-map"))
		return dt_copy_imap(c, node, v, len);
	if (!strcmp(name, "msi-map") || !strcmp(name, "msi-parent"))
		return dt_copy_msi(c, node, name, v, len);
	if (top && !strcmp(name, "reg"))
		return do_reg(c, node, len);
	if (top && !strcmp(name, "ranges"))
		return do_ranges(c, node, v, len);
	/* its parent addresses would need translating through dma-ranges */
	if (top && !strcmp(name, "dma-ranges") && len &&
	    (fdt_parent_offset(c->h, node) ||
	     dt_copy_cells(c->h, 0, "#address-cells", 2) != 2))
		return dt_copy_fail(c, node, name,
				    "not supported below a bus; assign the bus");
	if (!strcmp(name, "interrupt-parent")) {
		int t = len == 4 ? fdt_node_offset_by_phandle(c->h, fdt32_ld(v)) : -1;

		if (t != c->in->gic_node)
			return dt_copy_not_gic(c, node, name, "points at", t);
		if ((r = dt_copy_gic_cells_ok(c, node, name)))
			return r;
		return c->out ? fdt_property_u32(c->out, name, c->in->gic_phandle) : 0;
	}
	if (!strcmp(name, "interrupts") && (r = check_irqs(c, node)))
		return r;
	if (!strcmp(name, "interrupts-extended") || !strcmp(name, "clocks") ||
	    is_gpio_prop(name))
		return do_refs(c, node, name, v, len);
	return c->out ? fdt_property(c->out, name, v, len) : 0;
}

static bool has_irqs(const void *h, int top)
{
	int depth = 0;

	for (int n = top; n >= 0 && (n == top || depth > 0);
	     n = fdt_next_node(h, n, &depth))
		if (fdt_getprop(h, n, "interrupts", NULL))
			return true;
	return false;
}

static int do_node(struct dt_copy_ctx *c, int node, bool top)
{
	uint32_t ph;
	int po, r;

	fdt_for_each_property_offset(po, c->h, node) {
		const char *name;
		int len;
		const fdt32_t *v = fdt_getprop_by_offset(c->h, po, &name, &len);

		if (!v)
			return dt_copy_fail(c, node, NULL,
					    "a property cannot be read" FIX_DT);
		if ((r = do_prop(c, node, top, name, v, len)))
			return r;
	}
	if (!c->out)
		return 0;
	if ((ph = guest_phandle(c, node)) &&
	    (r = fdt_property_u32(c->out, "phandle", ph)))
		return r;
	/* explicit: the host's may come from a bus that is not copied */
	if (top && has_irqs(c->h, node) &&
	    !fdt_getprop(c->h, node, "interrupt-parent", NULL))
		return fdt_property_u32(c->out, "interrupt-parent", c->in->gic_phandle);
	return 0;
}

/* Checks (and while writing, writes) top and everything below it. */
static int do_subtree(struct dt_copy_ctx *c, int top)
{
	int depth = 0, open = 0, r;

	for (int n = top; n >= 0 && (n == top || depth > 0);
	     n = fdt_next_node(c->h, n, &depth)) {
		for (; c->out && open > depth; open--)
			if ((r = fdt_end_node(c->out)))
				return r;
		if (c->out && (r = fdt_begin_node(c->out, fdt_get_name(c->h, n, NULL))))
			return r;
		open++;
		if ((r = do_node(c, n, n == top)))
			return r;
	}
	for (; c->out && open > 0; open--)
		if ((r = fdt_end_node(c->out)))
			return r;
	return 0;
}

/* Everything copied to the guest root needs a name no other node there has. */
static int check_name(struct dt_copy_ctx *c, int node, bool clock)
{
	const char *name = fdt_get_name(c->h, node, NULL);
	const char *fix = clock ? "rename the clock in the host DT"
				: "rename it in the host DT or do not assign it";
	char op[PATH_LEN];

	for (const char *t = c->in->taken_names; t && *t; t += strlen(t) + 1)
		if (!strcmp(t, name))
			return dt_copy_fail(
				c, node, NULL,
				"node name \"%s\" clashes with the node /%s Tessera "
				"generates in the guest DT; %s",
				name, t, fix);
	for (unsigned i = 0; i < c->in->nr_nodes + c->nr_refs; i++) {
		int o = i < c->in->nr_nodes ? c->in->nodes[i]
					    : c->refs[i - c->in->nr_nodes];

		if (o == node || (i >= c->in->nr_nodes && assigned(c, o)))
			continue;
		if (!strcmp(fdt_get_name(c->h, o, NULL), name))
			return dt_copy_fail(
				c, node, NULL,
				"node name \"%s\" clashes with %s, also copied "
				"to the guest root; %s",
				name, dt_copy_path(c, o, op), fix);
	}
	return 0;
}

static int check_assigned(struct dt_copy_ctx *c)
{
	const void *h = c->h;
	const int *nodes = c->in->nodes;
	int gic = c->in->gic_node;
	char op[PATH_LEN];
	int r;

	if (!h || fdt_check_header(h))
		return dt_copy_fail(c, -1, NULL, "host DT: bad header");
	if (c->in->nr_nodes && !nodes)
		return dt_copy_fail(c, -1, NULL, "no list of assigned nodes");
	for (unsigned i = 0; i < c->in->nr_nodes; i++)
		if (nodes[i] < 0 || !fdt_get_name(h, nodes[i], NULL))
			return dt_copy_fail(c, -1, NULL, "host DT: no node at offset %d",
					    nodes[i]);
	for (unsigned i = 0; i < c->in->nr_nodes; i++) {
		int node = nodes[i];
		const char *st = fdt_getprop(h, node, "status", NULL);

		if (node == 0)
			return dt_copy_fail(c, node, NULL, "the root cannot be assigned");
		if (!dt_is_enabled(h, node))
			return dt_copy_fail(c, node, "status",
					    "is \"%s\": the device is off; set status = "
					    "\"okay\" in the host DT or do not assign it",
					    st);
		if (contains(h, node, gic) || contains(h, gic, node))
			return dt_copy_fail(
				c, node, NULL,
				"%s the host GIC %s, which Tessera keeps (the "
				"guest gets a virtual one); do not assign it",
				node == gic              ? "is"
				: contains(h, node, gic) ? "contains"
							 : "is part of",
				dt_copy_path(c, gic, op));
		for (unsigned j = 0; j < c->in->nr_nodes; j++) {
			if (j < i && nodes[j] == node)
				return dt_copy_fail(c, node, NULL, "is assigned twice");
			if (nodes[j] != node && contains(h, nodes[j], node))
				return dt_copy_fail(
					c, node, NULL,
					"is inside %s, which is assigned too; assign "
					"only one of them",
					dt_copy_path(c, nodes[j], op));
		}
		if ((r = check_name(c, node, false)))
			return r;
	}
	return 0;
}

/* The assigned subtrees, then the fixed clocks they use (found on the way). */
static int walk(struct dt_copy_ctx *c)
{
	int r;

	for (unsigned i = 0; i < c->in->nr_nodes; i++)
		if ((r = do_subtree(c, c->in->nodes[i])))
			return r;
	for (unsigned i = 0; i < c->nr_refs; i++) {
		int n = c->refs[i];

		if (assigned(c, n))
			continue;
		if (!c->out && (r = check_name(c, n, true)))
			return r;
		if ((r = do_subtree(c, n)))
			return r;
	}
	return 0;
}

static int check(struct dt_copy_ctx *c)
{
	uint32_t first = c->in->first_phandle, gic = c->in->gic_phandle;
	int r;

	if ((r = check_assigned(c)) || (r = walk(c)))
		return r;
	/* 0 and ~0 are not phandles (DT spec 2.3.3) */
	if (c->nr_refs && (!first || first > 0xfffffffeU - c->nr_refs ||
			   (gic >= first && gic - first < c->nr_refs)))
		return dt_copy_fail(c, -1, NULL, "guest phandles %u to %u are not free",
				    first, first + c->nr_refs - 1);
	return 0;
}

int dt_copy_check(const struct dt_copy_in *in, char *err, int errlen)
{
	struct dt_copy_ctx c = {.in = in, .h = in->host, .err = err, .errlen = errlen};

	return check(&c);
}

int dt_copy_write(void *fdt, const struct dt_copy_in *in, char *err, int errlen)
{
	struct dt_copy_ctx c = {.in = in, .h = in->host, .err = err, .errlen = errlen};
	int r = check(&c);

	if (r)
		return r;
	/* the same walk again, now writing, with every reference known */
	c.out = fdt;
	r = walk(&c);
	if (r && !c.failed && err && errlen > 0)
		fmt_snprintf(err, (size_t)errlen, "guest DT: libfdt: %s",
			     fdt_strerror(r));
	return r;
}
