/* libfdt helpers; see include/dt/dt.h. */
#include <libfdt.h>
#include <string.h>

#include "dt/dt.h"
#include "lib/errno.h"

uint64_t dt_read_cells(const void *p, int cells)
{
	const fdt32_t *c = p;
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_ld(&c[i]);
	return v;
}

bool dt_is_enabled(const void *fdt, int node)
{
	const char *s = fdt_getprop(fdt, node, "status", NULL);

	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}

/* More cells than this cannot hold a 64-bit address and would overflow the
 * offset arithmetic on a hostile DT; such counts read as -1 (invalid). */
#define DT_MAX_CELLS 4

static int cells_of(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);
	uint32_t v;

	if (!p || len != 4)
		return dflt;
	v = fdt32_ld(p);
	return v <= DT_MAX_CELLS ? (int)v : -1;
}

/* Translates a bus address of node's children one level up (DT spec 2.3.8). */
static int translate_up(const void *fdt, int bus, uint64_t *addr)
{
	int parent = fdt_parent_offset(fdt, bus);
	int len;
	const fdt32_t *r;
	int ca, pa, sc, entry;

	if (parent < 0)
		return 0; /* the root: CPU address space */
	r = fdt_getprop(fdt, bus, "ranges", &len);
	if (!r)
		return -EINVAL;
	if (len == 0)
		return 0; /* identity */
	ca = cells_of(fdt, bus, "#address-cells", 2);
	sc = cells_of(fdt, bus, "#size-cells", 1);
	pa = cells_of(fdt, parent, "#address-cells", 2);
	if (ca < 0 || sc < 0 || pa < 0)
		return -EINVAL;
	entry = (ca + pa + sc) * 4;
	if (entry == 0)
		return -EINVAL;
	for (int off = 0; off + entry <= len; off += entry) {
		const fdt32_t *e = (const fdt32_t *)((const char *)r + off);
		uint64_t child = dt_read_cells(e, ca);
		uint64_t par = dt_read_cells(e + ca, pa);
		uint64_t size = dt_read_cells(e + ca + pa, sc);

		if (*addr >= child && *addr - child < size) {
			*addr = *addr - child + par;
			return 0;
		}
	}
	return -EINVAL;
}

int dt_reg_count(const void *fdt, int node)
{
	int parent = fdt_parent_offset(fdt, node);
	int len, ac, sc;

	if (parent < 0 || !fdt_getprop(fdt, node, "reg", &len))
		return 0;
	ac = cells_of(fdt, parent, "#address-cells", 2);
	sc = cells_of(fdt, parent, "#size-cells", 1);
	if (ac < 0 || sc < 0 || ac + sc == 0)
		return 0;
	return len / ((ac + sc) * 4);
}

int dt_reg(const void *fdt, int node, int index, uint64_t *addr, uint64_t *size)
{
	return dt_reg_in(fdt, node, fdt_parent_offset(fdt, node), index, addr, size);
}

int dt_reg_in(const void *fdt, int node, int parent, int index, uint64_t *addr,
	      uint64_t *size)
{
	int len, ac, sc;
	const fdt32_t *reg;

	if (parent < 0)
		return -EINVAL;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return -ENOENT;
	ac = cells_of(fdt, parent, "#address-cells", 2);
	sc = cells_of(fdt, parent, "#size-cells", 1);
	/* zero cells would make every index "present" and loops endless */
	if (ac < 0 || sc < 0 || ac + sc == 0)
		return -EINVAL;
	if (index < 0 || index >= len / ((ac + sc) * 4))
		return -ENOENT;
	reg += index * (ac + sc);
	*addr = dt_read_cells(reg, ac);
	*size = dt_read_cells(reg + ac, sc);
	return dt_translate(fdt, parent, addr);
}

int dt_translate(const void *fdt, int bus, uint64_t *addr)
{
	for (; fdt_parent_offset(fdt, bus) >= 0; bus = fdt_parent_offset(fdt, bus))
		if (translate_up(fdt, bus, addr))
			return -EINVAL;
	return 0;
}

int dt_read_u64(const void *fdt, int node, const char *prop, uint64_t *v)
{
	int len;
	const void *p = fdt_getprop(fdt, node, prop, &len);

	if (!p)
		return -ENOENT;
	if (len != 4 && len != 8)
		return -EINVAL;
	*v = dt_read_cells(p, len / 4);
	return 0;
}

static uint32_t be32_at(const char *p)
{
	const uint8_t *b = (const uint8_t *)p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Walks the structure block's tags with every length checked against the
 * block: libfdt's own walk trusts a property's length, and one of -12 makes
 * it step onto the same tag forever (fdt_check_full() never returns). */
static int check_struct(const void *fdt)
{
	const char *s = (const char *)fdt + fdt_off_dt_struct(fdt);
	uint64_t size = fdt_size_dt_struct(fdt), off = 0;
	uint32_t strings = fdt_size_dt_strings(fdt);
	int depth = 0;

	while (size - off >= 4) {
		uint32_t tag = be32_at(s + off);
		uint64_t n;

		off += 4;
		switch (tag) {
		case FDT_BEGIN_NODE:
			n = strnlen(s + off, (size_t)(size - off));
			if (n == size - off)
				return -FDT_ERR_BADSTRUCTURE; /* name not terminated */
			off += (n + 1 + 3) & ~3ULL;
			depth++;
			break;
		case FDT_END_NODE:
			if (--depth < 0)
				return -FDT_ERR_BADSTRUCTURE;
			break;
		case FDT_PROP:
			if (size - off < 8)
				return -FDT_ERR_BADSTRUCTURE;
			n = be32_at(s + off);
			if (be32_at(s + off + 4) >= strings || n > size - off - 8)
				return -FDT_ERR_BADSTRUCTURE;
			off += 8 + ((n + 3) & ~3ULL);
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return depth ? -FDT_ERR_BADSTRUCTURE : 0;
		default:
			return -FDT_ERR_BADSTRUCTURE;
		}
		if (off > size)
			return -FDT_ERR_BADSTRUCTURE;
	}
	return -FDT_ERR_TRUNCATED; /* no FDT_END */
}

int dt_check_header(const void *fdt, size_t bufsize)
{
	int r;

	if (bufsize < sizeof(struct fdt_header))
		return -FDT_ERR_TRUNCATED;
	r = fdt_check_header(fdt);
	if (r)
		return r;
	if (fdt_totalsize(fdt) > bufsize)
		return -FDT_ERR_TRUNCATED;
	if (fdt_version(fdt) < 17)
		return -FDT_ERR_BADVERSION;
	return check_struct(fdt);
}

const char *dt_path(const void *fdt, int node, char *buf, int len)
{
	if (fdt_get_path(fdt, node, buf, len) < 0)
		return "?";
	return buf;
}

int dt_irq_parent(const void *fdt, int node)
{
	for (int hops = 0; hops < 64; hops++) { /* a phandle loop ends too */
		int len;
		const fdt32_t *ph = fdt_getprop(fdt, node, "interrupt-parent", &len);
		int p = ph && len == 4 ? fdt_node_offset_by_phandle(fdt, fdt32_ld(ph))
				       : fdt_parent_offset(fdt, node);

		if (p < 0 || fdt_getprop(fdt, p, "#interrupt-cells", NULL))
			return p;
		node = p;
	}
	return -FDT_ERR_BADSTRUCTURE;
}

bool dt_in_subtree(const void *fdt, int node, int top)
{
	for (int n = node; n >= 0; n = fdt_parent_offset(fdt, n))
		if (n == top)
			return true;
	return false;
}
