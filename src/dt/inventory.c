/* Host DT inventory; see include/dt/inventory.h. */
#include <libfdt.h>
#include <string.h>

#include "dt/dt.h"
#include "dt/inventory.h"
#include "lib/errno.h"
#include "lib/fmt.h"

#define FAIL(...)                                                                        \
	do {                                                                             \
		fmt_snprintf(err, (size_t)errlen, __VA_ARGS__);                          \
		return -EINVAL;                                                          \
	} while (0)

const char *psci_conduit_name(enum psci_conduit c)
{
	return c == PSCI_CONDUIT_SMC ? "smc" : c == PSCI_CONDUIT_HVC ? "hvc" : "none";
}

int inventory_console(const void *fdt, struct inv_console *con, char *err, int errlen)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path;
	const char *colon;
	int len, node;
	char pbuf[64];

	if (fdt_check_header(fdt))
		FAIL("host DT: bad header (%s)", fdt_strerror(fdt_check_header(fdt)));
	path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", &len) : NULL;
	if (!path)
		FAIL("host DT: /chosen/stdout-path is missing, so Tessera has no console");
	/* "path:options" (DT spec 3.6); the path may be an alias */
	colon = strchr(path, ':');
	len = colon ? (int)(colon - path) : (int)strlen(path);
	node = fdt_path_offset_namelen(fdt, path, len);
	if (node < 0)
		FAIL("host DT: /chosen/stdout-path \"%.*s\" names no node", len, path);
	if (fdt_node_check_compatible(fdt, node, "arm,pl011"))
		FAIL("host DT: console %s is not a PL011 (compatible \"arm,pl011\"), the "
		     "only UART Tessera drives",
		     dt_path(fdt, node, pbuf, sizeof(pbuf)));
	if (dt_reg(fdt, node, 0, &con->regs.base, &con->regs.size) || !con->regs.size)
		FAIL("host DT: console %s has no usable reg",
		     dt_path(fdt, node, pbuf, sizeof(pbuf)));
	dt_path(fdt, node, con->path, sizeof(con->path));
	{
		int len;
		const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);

		/* arm,gic-v3 specifier <type num flags>; type 0 is an SPI */
		con->intid = (irq && len >= 12 && fdt32_ld(&irq[0]) == 0)
				     ? 32 + fdt32_ld(&irq[1])
				     : 0;
	}
	return 0;
}

static int next_memory_node(const void *fdt, int after)
{
	return fdt_node_offset_by_prop_value(fdt, after, "device_type", "memory", 7);
}

static int parse_memory(const void *fdt, struct inventory *inv, char *err, int errlen)
{
	for (int node = next_memory_node(fdt, -1); node >= 0;
	     node = next_memory_node(fdt, node)) {
		if (!dt_is_enabled(fdt, node))
			continue;
		for (int i = 0; i < dt_reg_count(fdt, node); i++) {
			struct range r;

			if (dt_reg(fdt, node, i, &r.base, &r.size) || !r.size)
				continue;
			if (inv->nr_ram >= INV_MAX_RAM)
				FAIL("host DT: more than %d memory ranges", INV_MAX_RAM);
			inv->ram[inv->nr_ram++] = r;
		}
	}
	if (!inv->nr_ram)
		FAIL("host DT: no memory node (a node with device_type = \"memory\" and a "
		     "reg), so Tessera has no RAM to use");
	range_list_normalize(inv->ram, &inv->nr_ram);
	return 0;
}

static int add_reserved(struct inventory *inv, uint64_t base, uint64_t size, char *err,
			int errlen)
{
	if (!size)
		return 0;
	if (inv->nr_reserved >= INV_MAX_RESERVED)
		FAIL("host DT: more than %d reserved memory ranges", INV_MAX_RESERVED);
	inv->reserved[inv->nr_reserved].base = base;
	inv->reserved[inv->nr_reserved].size = size;
	inv->nr_reserved++;
	return 0;
}

static int parse_reserved(const void *fdt, struct inventory *inv, char *err, int errlen)
{
	int rm = fdt_path_offset(fdt, "/reserved-memory");
	int node, r;

	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		uint64_t a, s;

		if (fdt_get_mem_rsv(fdt, i, &a, &s) == 0 &&
		    (r = add_reserved(inv, a, s, err, errlen)))
			return r;
	}
	if (rm < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, rm) {
		uint64_t a, s;
		int i, e;

		if (!dt_is_enabled(fdt, node))
			continue;
		for (i = 0; (e = dt_reg(fdt, node, i, &a, &s)) == 0; i++)
			if ((r = add_reserved(inv, a, s, err, errlen)))
				return r;
		/* a reservation that cannot be read must not end up as free RAM;
		 * nodes without reg (dynamic allocations) are the OS's business */
		if (e != -ENOENT || (i == 0 && fdt_getprop(fdt, node, "reg", NULL))) {
			char path[64];

			FAIL("host DT: cannot read reg of %s (check #address-cells, "
			     "#size-cells and ranges of /reserved-memory)",
			     dt_path(fdt, node, path, sizeof(path)));
		}
	}
	return 0;
}

static int parse_cpus(const void *fdt, struct inventory *inv, char *err, int errlen)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node;

	if (cpus < 0)
		FAIL("host DT: no /cpus node");
	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		int len;
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (!type || strcmp(type, "cpu") || !dt_is_enabled(fdt, node))
			continue;
		if (!reg || (len != 4 && len != 8)) {
			char p[64];
			FAIL("host DT: %s has no reg (its MPIDR)",
			     dt_path(fdt, node, p, 64));
		}
		if (inv->nr_cpus < NR_CPUS)
			inv->cpu_mpidr[inv->nr_cpus++] = dt_read_cells(reg, len / 4);
		inv->nr_cpus_in_dt++;
	}
	if (!inv->nr_cpus)
		FAIL("host DT: /cpus has no cpu node");
	return 0;
}

/* GIC PPI specifier <type num flags> to INTID (arm,gic-v3 binding). */
static unsigned ppi_intid(const fdt32_t *spec)
{
	return fdt32_ld(&spec[0]) == 1 ? 16 + fdt32_ld(&spec[1])
				       : 32 + fdt32_ld(&spec[1]);
}

static int parse_gic(const void *fdt, struct inventory *inv, char *err, int errlen)
{
	static const char *const v2[] = {"arm,gic-400", "arm,cortex-a15-gic",
					 "arm,cortex-a9-gic", "arm,gic-v2"};
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	struct inv_gic *g = &inv->gic;
	int len, nr;
	const fdt32_t *p;

	if (node < 0) {
		char path[64];

		for (unsigned i = 0; i < sizeof(v2) / sizeof(v2[0]); i++) {
			node = fdt_node_offset_by_compatible(fdt, -1, v2[i]);
			if (node >= 0)
				FAIL("host DT: interrupt controller %s is a GICv2 (\"%s\"); "
				     "Tessera needs a GICv3",
				     dt_path(fdt, node, path, sizeof(path)), v2[i]);
		}
		FAIL("host DT: no GICv3 interrupt controller (compatible \"arm,gic-v3\")");
	}
	dt_path(fdt, node, g->path, sizeof(g->path));
	g->version = 3;
	if (dt_reg(fdt, node, 0, &g->dist.base, &g->dist.size))
		FAIL("host DT: %s has no distributor reg", g->path);
	p = fdt_getprop(fdt, node, "#redistributor-regions", &len);
	nr = (p && len == 4) ? (int)fdt32_ld(p) : 1;
	if (nr < 1 || nr > INV_MAX_REDIST)
		FAIL("host DT: %s: #redistributor-regions = %d is not supported", g->path,
		     nr);
	for (int i = 0; i < nr; i++)
		if (dt_reg(fdt, node, 1 + i, &g->redist[i].base, &g->redist[i].size))
			FAIL("host DT: %s: redistributor region %d missing in reg",
			     g->path, i);
	g->nr_redist = (unsigned)nr;
	p = fdt_getprop(fdt, node, "interrupts", &len);
	if (p && len >= 12)
		g->maint_intid = ppi_intid(p);
	return 0;
}

static void parse_timer(const void *fdt, struct inventory *inv)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	int len;
	const fdt32_t *p = node >= 0 ? fdt_getprop(fdt, node, "interrupts", &len) : NULL;

	/* arm,arch_timer binding: secure phys, non-secure phys, virt, hyp */
	if (!p || len < 48)
		return;
	inv->timer.phys_intid = ppi_intid(p + 3);
	inv->timer.virt_intid = ppi_intid(p + 6);
	inv->timer.hyp_intid = ppi_intid(p + 9);
}

static int parse_psci(const void *fdt, struct inventory *inv, char *err, int errlen)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	const char *m;

	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	m = node >= 0 ? fdt_getprop(fdt, node, "method", NULL) : NULL;
	if (m && !strcmp(m, "smc"))
		inv->psci = PSCI_CONDUIT_SMC;
	else if (m && !strcmp(m, "hvc"))
		FAIL("host DT: PSCI method is \"hvc\", but an HVC from EL2 is taken by "
		     "EL2 itself; Tessera needs firmware PSCI over \"smc\"");
	else if (inv->nr_cpus > 1)
		FAIL("host DT: no PSCI 0.2+ node with method \"smc\", so the "
		     "other %u CPUs cannot be started",
		     inv->nr_cpus - 1);
	return 0;
}

static void parse_chosen(const void *fdt, struct inventory *inv)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	uint64_t s, e;
	const char *args;

	if (chosen < 0)
		return;
	if (!dt_read_u64(fdt, chosen, "linux,initrd-start", &s) &&
	    !dt_read_u64(fdt, chosen, "linux,initrd-end", &e) && e > s) {
		inv->has_payload = true;
		inv->payload.base = s;
		inv->payload.size = e - s;
	}
	args = fdt_getprop(fdt, chosen, "bootargs", NULL);
	if (args)
		fmt_snprintf(inv->bootargs, sizeof(inv->bootargs), "%s", args);
}

static int compute_free(struct inventory *inv, char *err, int errlen)
{
	const struct range *taken[] = {&inv->dtb, &inv->image, &inv->payload};

	inv->nr_free = 0;
	for (unsigned i = 0; i < inv->nr_ram; i++)
		inv->free[inv->nr_free++] = inv->ram[i];
	for (unsigned i = 0; i < inv->nr_reserved; i++)
		if (range_list_subtract(inv->free, &inv->nr_free, INV_MAX_FREE,
					inv->reserved[i].base, inv->reserved[i].size))
			FAIL("host DT: free RAM too fragmented (more than %d pieces)",
			     INV_MAX_FREE);
	for (unsigned i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		/* whole pages: nothing else may share a page with them */
		uint64_t b = taken[i]->base & ~(PAGE_SIZE - 1);
		uint64_t e = (range_end(taken[i]) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

		if (taken[i]->size &&
		    range_list_subtract(inv->free, &inv->nr_free, INV_MAX_FREE, b, e - b))
			FAIL("host DT: free RAM too fragmented (more than %d pieces)",
			     INV_MAX_FREE);
	}
	range_list_align_inwards(inv->free, &inv->nr_free, PAGE_SIZE);
	if (!inv->nr_free)
		FAIL("host DT: no free RAM left after /reserved-memory, the DTB, the "
		     "payload and Tessera's image");
	return 0;
}

int inventory_parse(const void *fdt, uint64_t dtb_pa, const struct range *image,
		    struct inventory *inv, char *err, int errlen)
{
	int r;

	memset(inv, 0, sizeof(*inv));
	if ((r = fdt_check_header(fdt)))
		FAIL("host DT: bad header (%s)", fdt_strerror(r));
	inv->dtb.base = dtb_pa;
	inv->dtb.size = fdt_totalsize(fdt);
	inv->image = *image;
	if ((r = parse_memory(fdt, inv, err, errlen)) ||
	    (r = parse_reserved(fdt, inv, err, errlen)) ||
	    (r = parse_cpus(fdt, inv, err, errlen)) ||
	    (r = parse_gic(fdt, inv, err, errlen)) ||
	    (r = parse_psci(fdt, inv, err, errlen)))
		return r;
	parse_timer(fdt, inv);
	parse_chosen(fdt, inv);
	return compute_free(inv, err, errlen);
}
