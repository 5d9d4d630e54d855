/*
 * Flattened device tree walk (DTSpec v0.4, chapter 5): only what is needed to
 * find the RAM range, the root's compatible and whether a node is there. Reads byte by byte, because it runs with the MMU off
 * where unaligned accesses fault.
 */
#include <string.h>

#include "guest/dt.h"
#include "lib/fmt.h"

#define FDT_MAGIC 0xd00dfeedU
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define DT_MAX_SIZE (2U << 20) /* a sanity bound on totalsize */

static uint32_t dt_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t dt_cells(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = v << 32 | dt_be32(p + 4 * i);
	return v;
}

static bool dt_streq(const uint8_t *s, const char *lit)
{
	return strcmp((const char *)s, lit) == 0;
}

/* "memory" or "memory@..." */
static bool dt_is_memory_name(const uint8_t *name)
{
	const char *m = "memory";
	unsigned i = 0;

	for (; m[i]; i++)
		if (name[i] != (uint8_t)m[i])
			return false;
	return name[i] == 0 || name[i] == '@';
}

bool dt_find_ram(uint64_t fdt, uint64_t addr, struct rt_ram *ram, char *err, size_t len)
{
	const uint8_t *base = (const uint8_t *)fdt;
	uint32_t total, off_struct, off_strings, size_struct;
	unsigned addr_cells = 2, size_cells = 1, depth = 0;
	bool in_memory = false;

	if (!fdt || dt_be32(base) != FDT_MAGIC) {
		fmt_snprintf(err, len, "no DT magic at x0 = 0x%lx", fdt);
		return false;
	}
	total = dt_be32(base + 4);
	off_struct = dt_be32(base + 8);
	off_strings = dt_be32(base + 12);
	size_struct = dt_be32(base + 36);
	if (total > DT_MAX_SIZE || off_struct + size_struct > total ||
	    off_strings > total) {
		fmt_snprintf(err, len, "DT header inconsistent (totalsize %u)", total);
		return false;
	}

	const uint8_t *p = base + off_struct, *end = p + size_struct;
	while (p + 4 <= end) {
		uint32_t tok = dt_be32(p);
		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const uint8_t *name = p;
			depth++;
			in_memory = depth == 2 && dt_is_memory_name(name);
			p += strlen((const char *)name) + 1;
			p = base + ((p - base + 3) & ~3UL);
		} else if (tok == FDT_END_NODE) {
			if (depth == 0)
				break;
			depth--;
			in_memory = false;
		} else if (tok == FDT_PROP) {
			uint32_t plen = dt_be32(p), nameoff = dt_be32(p + 4);
			const uint8_t *pname = base + off_strings + nameoff;
			const uint8_t *val = p + 8;

			p = val + ((plen + 3) & ~3U);
			if (p > end)
				break;
			if (depth == 1 && plen == 4 && dt_streq(pname, "#address-cells"))
				addr_cells = dt_be32(val);
			else if (depth == 1 && plen == 4 &&
				 dt_streq(pname, "#size-cells"))
				size_cells = dt_be32(val);
			else if (in_memory && dt_streq(pname, "reg")) {
				unsigned cell = 4 * (addr_cells + size_cells);

				if (addr_cells < 1 || addr_cells > 2 || size_cells > 2) {
					fmt_snprintf(
						err, len,
						"unsupported #address-cells %u / #size-cells %u",
						addr_cells, size_cells);
					return false;
				}
				for (uint32_t o = 0; o + cell <= plen; o += cell) {
					uint64_t b = dt_cells(val + o, addr_cells);
					uint64_t s = dt_cells(val + o + 4 * addr_cells,
							      size_cells);

					if (addr >= b && addr - b < s) {
						ram->base = b;
						ram->size = s;
						return true;
					}
				}
			}
		} else if (tok == FDT_END) {
			break;
		} else if (tok != FDT_NOP) {
			fmt_snprintf(err, len, "bad DT token 0x%x", tok);
			return false;
		}
	}
	fmt_snprintf(err, len, "no /memory range in the DT contains 0x%lx", addr);
	return false;
}

bool dt_root_compatible(uint64_t fdt, const char *compat)
{
	const uint8_t *base = (const uint8_t *)fdt, *p, *end;
	uint32_t off_strings;

	if (!fdt || dt_be32(base) != FDT_MAGIC || dt_be32(base + 4) > DT_MAX_SIZE)
		return false;
	off_strings = dt_be32(base + 12);
	p = base + dt_be32(base + 8);
	end = p + dt_be32(base + 36);
	/* the root's FDT_BEGIN_NODE (name ""), then its properties */
	while (p + 4 <= end && dt_be32(p) == FDT_NOP)
		p += 4;
	if (p + 8 > end || dt_be32(p) != FDT_BEGIN_NODE)
		return false;
	p += 8; /* the token and the empty, padded name */
	while (p + 12 <= end) {
		uint32_t tok = dt_be32(p), plen;
		const uint8_t *val;

		if (tok == FDT_NOP) {
			p += 4;
			continue;
		}
		if (tok != FDT_PROP)
			return false; /* the root's properties are over */
		plen = dt_be32(p + 4);
		val = p + 12;
		if (val + plen > end)
			return false;
		if (dt_streq(base + off_strings + dt_be32(p + 8), "compatible"))
			for (uint32_t o = 0; o < plen;
			     o += strlen((const char *)val + o) + 1)
				if (dt_streq(val + o, compat))
					return true;
		p = val + ((plen + 3) & ~3U);
	}
	return false;
}

bool dt_has_node(uint64_t fdt, const char *name)
{
	const uint8_t *base = (const uint8_t *)fdt, *p, *end;

	if (!fdt || dt_be32(base) != FDT_MAGIC || dt_be32(base + 4) > DT_MAX_SIZE)
		return false;
	p = base + dt_be32(base + 8);
	end = p + dt_be32(base + 36);
	while (p + 4 <= end) {
		uint32_t tok = dt_be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			if (dt_streq(p, name))
				return true;
			p += strlen((const char *)p) + 1;
			p = base + ((p - base + 3) & ~3UL);
		} else if (tok == FDT_PROP) {
			if (p + 8 > end)
				return false;
			p += 8 + ((dt_be32(p) + 3) & ~3U);
		} else if (tok != FDT_END_NODE && tok != FDT_NOP) {
			return false; /* FDT_END, or not a DT */
		}
	}
	return false;
}
