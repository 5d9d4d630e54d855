/*
 * Fuzz target: the host DT inventory (src/dt/inventory.c, src/dt/dt.c) as
 * boot_main() runs it: the console, the inventory, the physical address
 * check. Input: a host DTB (as boot_mmu_prepare() accepts it: whole, under
 * 64 MiB). An accepted DT must give an inventory Tessera can map: ranges
 * that do not wrap, RAM below 2^48, GIC frames of at least one frame, CPUs
 * with distinct MPIDRs, the payload inside RAM, and free RAM that is page
 * aligned, inside RAM and clear of everything taken.
 */
#include <libfdt.h>
#include <string.h>

#include "dt/inventory.h"
#include "fuzz.h"

#define DTB_PA 0x48000000ULL
#define PAGE 4096ULL

static const struct range image = {0x40200000, 0x4e123};
static struct inventory inv;

static bool no_wrap(const struct range *r)
{
	return r->size <= UINT64_MAX - r->base;
}

static bool page_overlaps(const struct range *f, const struct range *t)
{
	uint64_t b = t->base & ~(PAGE - 1);

	return t->size && range_overlaps(f->base, f->size, b, range_end(t) - b);
}

static void check_inventory(void)
{
	FUZZ_CHECK(inv.nr_ram > 0 && inv.nr_ram <= INV_MAX_RAM, "nr_ram %u", inv.nr_ram);
	for (unsigned i = 0; i < inv.nr_ram; i++)
		FUZZ_CHECK(no_wrap(&inv.ram[i]) && range_end(&inv.ram[i]) <= 1ULL << 48,
			   "RAM %#llx+%#llx", (unsigned long long)inv.ram[i].base,
			   (unsigned long long)inv.ram[i].size);
	for (unsigned i = 0; i < inv.nr_reserved; i++)
		FUZZ_CHECK(no_wrap(&inv.reserved[i]), "reserved %u wraps", i);
	FUZZ_CHECK(inv.gic.dist.size >= 0x10000 && no_wrap(&inv.gic.dist), "GICD");
	for (unsigned i = 0; i < inv.gic.nr_redist; i++)
		FUZZ_CHECK(inv.gic.redist[i].size >= 0x20000 &&
				   no_wrap(&inv.gic.redist[i]),
			   "GICR region %u", i);
	FUZZ_CHECK(inv.nr_cpus > 0 && inv.nr_cpus <= NR_CPUS, "nr_cpus %u", inv.nr_cpus);
	for (unsigned i = 0; i < inv.nr_cpus; i++)
		for (unsigned j = 0; j < i; j++)
			FUZZ_CHECK((inv.cpu_mpidr[i] ^ inv.cpu_mpidr[j]) &
					   0xff00ffffffULL,
				   "CPUs %u and %u share MPIDR %#llx", j, i,
				   (unsigned long long)inv.cpu_mpidr[i]);
	if (inv.has_payload) {
		bool in = false;

		for (unsigned i = 0; i < inv.nr_ram; i++)
			in |= inv.payload.base >= inv.ram[i].base &&
			      range_end(&inv.payload) <= range_end(&inv.ram[i]);
		FUZZ_CHECK(in && inv.payload.size, "payload outside RAM");
	}
	FUZZ_CHECK(inv.nr_free > 0 && inv.nr_free <= INV_MAX_FREE, "nr_free %u",
		   inv.nr_free);
	for (unsigned i = 0; i < inv.nr_free; i++) {
		const struct range *f = &inv.free[i];
		bool in_ram = false;

		FUZZ_CHECK(f->size && !(f->base % PAGE) && !(f->size % PAGE) &&
				   no_wrap(f),
			   "free %u not whole pages", i);
		FUZZ_CHECK(!i || range_end(&inv.free[i - 1]) < f->base, "free unsorted");
		for (unsigned j = 0; j < inv.nr_ram; j++)
			in_ram |= f->base >= inv.ram[j].base &&
				  range_end(f) <= range_end(&inv.ram[j]);
		FUZZ_CHECK(in_ram, "free %#llx outside RAM", (unsigned long long)f->base);
		FUZZ_CHECK(!page_overlaps(f, &inv.dtb) && !page_overlaps(f, &inv.image) &&
				   !(inv.has_payload && page_overlaps(f, &inv.payload)),
			   "free %#llx over something taken",
			   (unsigned long long)f->base);
		for (unsigned j = 0; j < inv.nr_reserved; j++)
			FUZZ_CHECK(!range_overlaps(f->base, f->size, inv.reserved[j].base,
						   inv.reserved[j].size),
				   "free %#llx over a reservation",
				   (unsigned long long)f->base);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *fdt;
	struct inv_console con;
	char err[INV_ERR_LEN];

	/* boot_mmu_prepare() maps totalsize bytes: nothing beyond is there */
	if (size < sizeof(struct fdt_header) || fdt_magic(data) != FDT_MAGIC ||
	    fdt_totalsize(data) > size || fdt_totalsize(data) < 40)
		return 0;
	fdt = fuzz_copy(data, fdt_totalsize(data));
	memset(err, 0, sizeof(err));
	if (inventory_console(fdt, &con, err, sizeof(err)) == 0)
		FUZZ_CHECK(con.regs.size && no_wrap(&con.regs), "console reg");
	else
		FUZZ_CHECK(err[0], "no message");
	memset(err, 0, sizeof(err));
	if (inventory_parse(fdt, DTB_PA, &image, &inv, err, sizeof(err)) ||
	    inventory_check_pa(fdt, &inv, 48, err, sizeof(err)))
		FUZZ_CHECK(err[0] && !strchr(err, '\n'), "no one-line message: \"%s\"",
			   err);
	else
		check_inventory();
	free(fdt);
	return 0;
}
