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
		if (errlen > 0)                                                          \
			fmt_printable(err);                                              \
		return -EINVAL;                                                          \
	} while (0)

/* [base, base + size) does not fit below 2^64 (its end would wrap to 0 or past). */
static bool wraps(uint64_t base, uint64_t size)
{
	return size > UINT64_MAX - base;
}

static unsigned long long last_byte(uint64_t base, uint64_t size)
{
	return (unsigned long long)(base + size - 1);
}

const char *psci_conduit_name(enum psci_conduit c)
{
	return c == PSCI_CONDUIT_SMC ? "smc" : c == PSCI_CONDUIT_HVC ? "hvc" : "none";
}

int inventory_console(const void *fdt, struct inv_console *con, char *err, int errlen)
{
	const char *path;
	const char *colon;
	int len, node, r, chosen;
	char pbuf[DT_PATH_LEN];

	/* before any other libfdt call: see dt_check_header() */
	if ((r = dt_check_header(fdt, fdt_totalsize(fdt))))
		FAIL("host DT: bad header (%s)", fdt_strerror(r));
	chosen = fdt_path_offset(fdt, "/chosen");
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
	if (wraps(con->regs.base, con->regs.size))
		FAIL("host DT: console %s: reg 0x%llx + 0x%llx runs past the end of the "
		     "64-bit address space",
		     dt_path(fdt, node, pbuf, sizeof(pbuf)),
		     (unsigned long long)con->regs.base,
		     (unsigned long long)con->regs.size);
	con->node = node;
	if (fdt_get_path(fdt, node, con->path, sizeof(con->path)) < 0)
		FAIL("host DT: the console's node path is longer than %d characters",
		     DT_PATH_LEN - 1);
	{
		int len;
		const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);

		/* arm,gic-v3 specifier <type num flags>: its receive
		 * interrupt if an SPI, else no console input */
		con->intid = 0;
		if (irq && len >= 12 && fdt32_ld(&irq[0]) == DT_GIC_SPI) {
			if (fdt32_ld(&irq[1]) > DT_GIC_SPI_MAX)
				FAIL("host DT: console %s: interrupts names SPI %u, which "
				     "no GIC has (SPIs are 0-%u)",
				     con->path, fdt32_ld(&irq[1]), DT_GIC_SPI_MAX);
			con->intid = 32 + fdt32_ld(&irq[1]);
		}
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
			if (wraps(r.base, r.size)) {
				char path[DT_PATH_LEN];

				FAIL("host DT: %s: reg entry %d (0x%llx + 0x%llx) runs past "
				     "the end of the 64-bit address space",
				     dt_path(fdt, node, path, sizeof(path)), i,
				     (unsigned long long)r.base,
				     (unsigned long long)r.size);
			}
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

/* what: the node path or "/memreserve/ entry N", for messages */
static int add_reserved(struct inventory *inv, const char *what, uint64_t base,
			uint64_t size, char *err, int errlen)
{
	if (!size)
		return 0;
	if (wraps(base, size))
		FAIL("host DT: %s: reserved range 0x%llx + 0x%llx runs past the end of "
		     "the 64-bit address space",
		     what, (unsigned long long)base, (unsigned long long)size);
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
		char what[32];

		fmt_snprintf(what, sizeof(what), "/memreserve/ entry %d", i);
		if (fdt_get_mem_rsv(fdt, i, &a, &s) == 0 &&
		    (r = add_reserved(inv, what, a, s, err, errlen)))
			return r;
	}
	if (rm < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, rm) {
		uint64_t a, s;
		int i, e;
		char path[DT_PATH_LEN];

		if (!dt_is_enabled(fdt, node))
			continue;
		dt_path(fdt, node, path, sizeof(path));
		for (i = 0; (e = dt_reg(fdt, node, i, &a, &s)) == 0; i++)
			if ((r = add_reserved(inv, path, a, s, err, errlen)))
				return r;
		/* a reservation that cannot be read must not end up as free RAM;
		 * nodes without reg (dynamic allocations) are the OS's business */
		if (e != -ENOENT || (i == 0 && fdt_getprop(fdt, node, "reg", NULL)))
			FAIL("host DT: cannot read reg of %s (check #address-cells, "
			     "#size-cells and ranges of /reserved-memory)",
			     path);
	}
	return 0;
}

/* The MPIDR bits that name a CPU (Aff3, Aff2, Aff1, Aff0); src/core/smp.c
 * and guests.c match CPUs on these. */
#define MPIDR_AFF_MASK 0xff00ffffffULL

static int parse_cpus(const void *fdt, struct inventory *inv, char *err, int errlen)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node;
	int kept[NR_CPUS]; /* node offsets of the CPUs in cpu_mpidr */

	if (cpus < 0)
		FAIL("host DT: no /cpus node");
	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		int len;
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		uint64_t mpidr;

		if (!type || strcmp(type, "cpu") || !dt_is_enabled(fdt, node))
			continue;
		if (!reg || (len != 4 && len != 8)) {
			char p[DT_PATH_LEN];
			FAIL("host DT: %s has no reg (its MPIDR)",
			     dt_path(fdt, node, p, 64));
		}
		mpidr = dt_read_cells(reg, len / 4);
		for (unsigned i = 0; i < inv->nr_cpus; i++) {
			char p[DT_PATH_LEN], q[DT_PATH_LEN];

			if ((inv->cpu_mpidr[i] & MPIDR_AFF_MASK) !=
			    (mpidr & MPIDR_AFF_MASK))
				continue;
			FAIL("host DT: %s and %s have the same reg 0x%llx (MPIDR "
			     "affinity): two CPU nodes for one CPU, which would run "
			     "two vCPUs on it",
			     dt_path(fdt, kept[i], p, sizeof(p)),
			     dt_path(fdt, node, q, sizeof(q)),
			     (unsigned long long)(mpidr & MPIDR_AFF_MASK));
		}
		if (inv->nr_cpus < NR_CPUS) {
			kept[inv->nr_cpus] = node;
			inv->cpu_mpidr[inv->nr_cpus++] = mpidr;
		}
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

/* A GICv3 frame: the distributor is 64 KiB, one redistributor 128 KiB
 * (RD_base and SGI_base; IHI 0069 12.1). */
#define GICD_MIN_SIZE 0x10000ULL
#define GICR_MIN_SIZE 0x20000ULL

static int check_gic_frame(const struct inv_gic *g, const char *what,
			   const struct range *f, uint64_t min, char *err, int errlen)
{
	if (wraps(f->base, f->size))
		FAIL("host DT: %s: %s 0x%llx + 0x%llx runs past the end of the 64-bit "
		     "address space",
		     g->path, what, (unsigned long long)f->base,
		     (unsigned long long)f->size);
	if (f->size < min)
		FAIL("host DT: %s: %s at 0x%llx is 0x%llx bytes, smaller than one GICv3 "
		     "frame (0x%llx)",
		     g->path, what, (unsigned long long)f->base,
		     (unsigned long long)f->size, (unsigned long long)min);
	return 0;
}

static int parse_gic(const void *fdt, struct inventory *inv, char *err, int errlen)
{
	static const char *const v2[] = {"arm,gic-400", "arm,cortex-a15-gic",
					 "arm,cortex-a9-gic", "arm,gic-v2"};
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	struct inv_gic *g = &inv->gic;
	int len, nr, r;
	const fdt32_t *p;

	if (node < 0) {
		char path[DT_PATH_LEN];

		for (unsigned i = 0; i < sizeof(v2) / sizeof(v2[0]); i++) {
			node = fdt_node_offset_by_compatible(fdt, -1, v2[i]);
			if (node >= 0)
				FAIL("host DT: interrupt controller %s is a GICv2 (\"%s\"); "
				     "Tessera needs a GICv3",
				     dt_path(fdt, node, path, sizeof(path)), v2[i]);
		}
		FAIL("host DT: no GICv3 interrupt controller (compatible \"arm,gic-v3\")");
	}
	if (fdt_get_path(fdt, node, g->path, sizeof(g->path)) < 0)
		FAIL("host DT: the GIC's node path is longer than %d characters",
		     DT_PATH_LEN - 1);
	g->version = 3;
	if (dt_reg(fdt, node, 0, &g->dist.base, &g->dist.size))
		FAIL("host DT: %s has no distributor reg", g->path);
	if ((r = check_gic_frame(g, "distributor", &g->dist, GICD_MIN_SIZE, err, errlen)))
		return r;
	p = fdt_getprop(fdt, node, "#redistributor-regions", &len);
	nr = (p && len == 4) ? (int)fdt32_ld(p) : 1;
	if (nr < 1 || nr > INV_MAX_REDIST)
		FAIL("host DT: %s: #redistributor-regions = %d is not supported", g->path,
		     nr);
	for (int i = 0; i < nr; i++) {
		if (dt_reg(fdt, node, 1 + i, &g->redist[i].base, &g->redist[i].size))
			FAIL("host DT: %s: redistributor region %d missing in reg",
			     g->path, i);
		if ((r = check_gic_frame(g, "redistributor region", &g->redist[i],
					 GICR_MIN_SIZE, err, errlen)))
			return r;
	}
	g->nr_redist = (unsigned)nr;
	{
		/* one redistributor per CPU, each at least one 128 KiB frame */
		uint64_t frames = 0;

		for (int i = 0; i < nr; i++)
			frames += g->redist[i].size / GICR_MIN_SIZE;
		if (frames < inv->nr_cpus)
			FAIL("host DT: %s: its redistributor regions (reg) have room for "
			     "%llu redistributors of 128 KiB, fewer than the %u CPUs of "
			     "/cpus",
			     g->path, (unsigned long long)frames, inv->nr_cpus);
	}
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

/* The payload (linux,initrd-start/-end, as U-Boot and QEMU write them):
 * both or neither, each of one or two cells, the end after the start. */
static int parse_chosen(const void *fdt, struct inventory *inv, char *err, int errlen)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	uint64_t s = 0, e = 0;
	int rs, re;
	const char *args;

	if (chosen < 0)
		return 0;
	rs = dt_read_u64(fdt, chosen, "linux,initrd-start", &s);
	re = dt_read_u64(fdt, chosen, "linux,initrd-end", &e);
	if (rs == -EINVAL || re == -EINVAL)
		FAIL("host DT: /chosen: %s is not a 32- or 64-bit number",
		     rs == -EINVAL ? "linux,initrd-start" : "linux,initrd-end");
	if ((rs == -ENOENT) != (re == -ENOENT))
		FAIL("host DT: /chosen: %s without %s: where the payload is cannot be "
		     "told",
		     rs ? "linux,initrd-end" : "linux,initrd-start",
		     rs ? "linux,initrd-start" : "linux,initrd-end");
	if (!rs && e <= s)
		FAIL("host DT: /chosen: the payload ends (linux,initrd-end 0x%llx) "
		     "where or before it starts (linux,initrd-start 0x%llx)",
		     (unsigned long long)e, (unsigned long long)s);
	if (!rs) {
		inv->has_payload = true;
		inv->payload.base = s;
		inv->payload.size = e - s;
	}
	args = fdt_getprop(fdt, chosen, "bootargs", NULL);
	if (args)
		fmt_snprintf(inv->bootargs, sizeof(inv->bootargs), "%s", args);
	return 0;
}

/* Path of the first enabled memory node with a reg entry overlapping
 * [lo, hi), for messages about RAM (the inventory merges the nodes). */
static const char *ram_node(const void *fdt, uint64_t lo, uint64_t hi, char *buf, int len)
{
	for (int node = next_memory_node(fdt, -1); node >= 0;
	     node = next_memory_node(fdt, node)) {
		uint64_t b, s;

		if (!dt_is_enabled(fdt, node))
			continue;
		for (int i = 0; dt_reg(fdt, node, i, &b, &s) == 0; i++)
			if (s && range_overlaps(b, s, lo, hi - lo))
				return dt_path(fdt, node, buf, len);
	}
	return "a memory node";
}

static bool reserved_covers(const struct inventory *inv, uint64_t lo, uint64_t hi)
{
	for (unsigned i = 0; i < inv->nr_reserved; i++)
		if (inv->reserved[i].base <= lo && hi <= range_end(&inv->reserved[i]))
			return true;
	return false;
}

/* Whether reg entry [b, b+s) of a device node shares addresses with RAM that
 * no reservation covers (a frame buffer in reserved RAM is fine); if so,
 * says which. */
static int check_device_reg(const void *fdt, const struct inventory *inv, int node,
			    uint64_t b, uint64_t s, char *err, int errlen)
{
	for (unsigned j = 0; j < inv->nr_ram; j++) {
		const struct range *ram = &inv->ram[j];
		uint64_t lo = b > ram->base ? b : ram->base;
		uint64_t hi = b + s < range_end(ram) ? b + s : range_end(ram);
		char rp[DT_PATH_LEN], dp[DT_PATH_LEN];

		if (!range_overlaps(b, s, ram->base, ram->size) ||
		    reserved_covers(inv, lo, hi))
			continue;
		FAIL("host DT: %s (RAM) overlaps the registers of %s at 0x%llx-0x%llx; "
		     "RAM that a device uses must be in /reserved-memory",
		     ram_node(fdt, lo, hi, rp, sizeof(rp)),
		     dt_path(fdt, node, dp, sizeof(dp)), (unsigned long long)lo,
		     (unsigned long long)(hi - 1));
	}
	return 0;
}

/* RAM must not lie over device registers: Tessera maps free RAM Normal and
 * hands it to guests. Every enabled node with a reg in the CPU's address
 * space counts, except memory nodes, /reserved-memory and /cpus. */
#define DT_WALK_DEPTH 32

static int check_ram_vs_devices(const void *fdt, const struct inventory *inv, char *err,
				int errlen)
{
	int rm = fdt_path_offset(fdt, "/reserved-memory");
	int cpus = fdt_path_offset(fdt, "/cpus");
	int depth = 0, skip_below = -1;
	int parent_at[DT_WALK_DEPTH];

	/* one walk, parents and skipped subtrees known by depth: libfdt's
	 * parent lookups walk from the root each time (quadratic over the
	 * tree), and this runs on every boot */
	for (int node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		int len, r;
		const char *type;
		uint64_t b, s;

		if (depth >= DT_WALK_DEPTH)
			continue; /* deeper than any real device tree */
		parent_at[depth] = node;
		if (skip_below >= 0 && depth > skip_below)
			continue;
		skip_below = -1;
		if (node == rm || node == cpus) {
			skip_below = depth;
			continue;
		}
		type = fdt_getprop(fdt, node, "device_type", &len);
		if (!fdt_getprop(fdt, node, "reg", NULL) || !dt_is_enabled(fdt, node) ||
		    (type && len == 7 && !memcmp(type, "memory", 7)))
			continue;
		for (int i = 0; depth > 0 && dt_reg_in(fdt, node, parent_at[depth - 1], i,
						       &b, &s) == 0;
		     i++)
			if (s && !wraps(b, s) &&
			    (r = check_device_reg(fdt, inv, node, b, s, err, errlen)))
				return r;
	}
	return 0;
}

/* The payload the loader left must be in RAM: Tessera reads it at boot. */
static int check_payload(const void *fdt, const struct inventory *inv, char *err,
			 int errlen)
{
	const struct range *p = &inv->payload;

	(void)fdt;
	if (!inv->has_payload)
		return 0;
	for (unsigned i = 0; i < inv->nr_ram; i++)
		if (p->base >= inv->ram[i].base &&
		    range_end(p) <= range_end(&inv->ram[i]))
			return 0;
	FAIL("host DT: /chosen: the payload at 0x%llx-0x%llx (linux,initrd-start and "
	     "linux,initrd-end) is not inside RAM (the memory nodes)",
	     (unsigned long long)p->base, last_byte(p->base, p->size));
}

int inventory_check_pa(const void *fdt, const struct inventory *inv, unsigned pa_bits,
		       char *err, int errlen)
{
	const struct inv_gic *g = &inv->gic;
	uint64_t limit;
	char path[DT_PATH_LEN];

	if (pa_bits >= 64)
		return 0;
	limit = 1ULL << pa_bits;
	for (unsigned i = 0; i < inv->nr_ram; i++)
		if (range_end(&inv->ram[i]) > limit) {
			uint64_t lo = inv->ram[i].base > limit ? inv->ram[i].base : limit;

			FAIL("host DT: %s: RAM 0x%llx-0x%llx lies beyond the CPU's %u-bit "
			     "physical address range (up to 0x%llx)",
			     ram_node(fdt, lo, range_end(&inv->ram[i]), path,
				      sizeof(path)),
			     (unsigned long long)inv->ram[i].base,
			     last_byte(inv->ram[i].base, inv->ram[i].size), pa_bits,
			     (unsigned long long)(limit - 1));
		}
	if (range_end(&g->dist) > limit)
		FAIL("host DT: %s: distributor 0x%llx-0x%llx lies beyond the CPU's %u-bit "
		     "physical address range",
		     g->path, (unsigned long long)g->dist.base,
		     last_byte(g->dist.base, g->dist.size), pa_bits);
	for (unsigned i = 0; i < g->nr_redist; i++)
		if (range_end(&g->redist[i]) > limit)
			FAIL("host DT: %s: redistributor region 0x%llx-0x%llx lies beyond "
			     "the CPU's %u-bit physical address range",
			     g->path, (unsigned long long)g->redist[i].base,
			     last_byte(g->redist[i].base, g->redist[i].size), pa_bits);
	return 0;
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
	if ((r = dt_check_header(fdt, fdt_totalsize(fdt))))
		FAIL("host DT: bad header (%s)", fdt_strerror(r));
	inv->dtb.base = dtb_pa;
	inv->dtb.size = fdt_totalsize(fdt);
	inv->image = *image;
	if ((r = parse_memory(fdt, inv, err, errlen)) ||
	    (r = parse_reserved(fdt, inv, err, errlen)) ||
	    (r = parse_cpus(fdt, inv, err, errlen)) ||
	    (r = parse_gic(fdt, inv, err, errlen)) ||
	    (r = parse_psci(fdt, inv, err, errlen)) ||
	    (r = check_ram_vs_devices(fdt, inv, err, errlen)))
		return r;
	parse_timer(fdt, inv);
	if ((r = parse_chosen(fdt, inv, err, errlen)))
		return r;
	if ((r = check_payload(fdt, inv, err, errlen)))
		return r;
	return compute_free(inv, err, errlen);
}
