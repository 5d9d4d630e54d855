/* The boot CPU's path from a mapped image to a running system: early init, the host DT, the payload, the guests. */
#include <libfdt.h>
#include <string.h>

#include "arch/gicv3.h"
#include "arch/probe.h"
#include "arch/psci.h"
#include "arch/serror_hw.h"
#include "arch/sysreg.h"
#include "core/boot.h"
#include "core/boot_time.h"
#include "core/console.h"
#include "core/console_input.h"
#include "core/hash_select.h"
#include "core/irq.h"
#include "guest/vm.h"
#include "core/selftest.h"
#include "core/smp.h"
#include "core/stop.h"
#include "guest/guests.h"
#include "lib/fmt.h"
#include "mm/el2map.h"
#include "mm/page.h"

#ifndef TESSERA_GIT
#define TESSERA_GIT "unknown"
#endif

struct inventory host_inv;
const void *host_fdt;
struct inv_console host_con;

static void kick_irq(unsigned intid)
{
	(void)intid;
	vcpu_check_requests();
}

/* Tessera's own interrupts, and the virtual timer: the routing table's
 * fixed entries (guests' SPIs are added when the guests are built). */
static void route_fixed_irqs(void)
{
	irq_route_host(GIC_SGI_KICK, kick_irq);
	irq_route_host(GIC_SGI_CONSOLE, console_drain_irq);
	/* list register refill happens on every exit: nothing more to do */
	irq_route_host(16 + VGIC_MAINT_PPI, 0);
	irq_route_local_vcpu(16 + VGIC_VTIMER_PPI);
}

static void print_range(const char *what, const struct range *r, const char *note)
{
	uint64_t kib = r->size >> 10;

	printk("  %-9s %#011lx-%#011lx %6lu %s %s\n", what, (unsigned long)r->base,
	       (unsigned long)(range_end(r) - 1),
	       (unsigned long)(kib >= 4096 ? kib >> 10 : kib),
	       kib >= 4096 ? "MiB" : "KiB", note);
}

static void print_memory_map(const struct inventory *inv)
{
	printk("memory map:\n");
	for (unsigned i = 0; i < inv->nr_ram; i++)
		print_range("RAM", &inv->ram[i], "");
	for (unsigned i = 0; i < inv->nr_reserved; i++)
		print_range("reserved", &inv->reserved[i], "(host DT)");
	print_range("tessera", &inv->image, "(text RX, rodata R, data RW)");
	print_range("DTB", &inv->dtb, "(read-only)");
	if (inv->has_payload)
		print_range("payload", &inv->payload, "(read-only)");
	for (unsigned i = 0; i < inv->nr_free; i++)
		print_range("free", &inv->free[i], "");
}

static void print_platform(const struct inventory *inv)
{
	const struct inv_gic *g = &inv->gic;

	printk("CPU features: MIDR %#lx, PARange %u bits%s, VMID %u bits, FEAT_S2FWB %s, "
	       "GIC system registers %s, SVE %s, SME %s\n",
	       (unsigned long)boot_cpu.midr, boot_cpu.pa_bits,
	       boot_cpu.pa_bits > 48 ? " (Tessera uses 48)" : "", boot_cpu.vmid_bits,
	       boot_cpu.s2fwb ? "yes" : "no", boot_cpu.gic_sysregs ? "yes" : "no",
	       boot_cpu.sve ? "yes" : "no", boot_cpu.sme ? "yes" : "no");
	printk("GIC: v%u %s, GICD %#lx, GICR %#lx size %#lx, maintenance INTID %u\n",
	       g->version, g->path, (unsigned long)g->dist.base,
	       (unsigned long)g->redist[0].base, (unsigned long)g->redist[0].size,
	       g->maint_intid);
	printk("PSCI: method %s\n", psci_conduit_name(inv->psci));
	printk("CPUs in host DT: %u%s\n", inv->nr_cpus_in_dt,
	       inv->nr_cpus_in_dt > NR_CPUS ? " (Tessera uses the first 8)" : "");
}

/* Maps what Tessera itself touches: free RAM (it allocates from it), the
 * payload (read-only) and the GIC. Nothing a guest may own later. */
static void map_host(const struct inventory *inv)
{
	int r = 0;

	for (unsigned i = 0; i < inv->nr_free && !r; i++)
		r = el2map_map(inv->free[i].base, inv->free[i].size, EL2_RW);
	if (!r && inv->has_payload)
		r = el2map_map(inv->payload.base, inv->payload.size, EL2_RO);
	if (!r)
		r = el2map_map(inv->gic.dist.base, inv->gic.dist.size, EL2_DEVICE);
	for (unsigned i = 0; i < inv->gic.nr_redist && !r; i++)
		r = el2map_map(inv->gic.redist[i].base, inv->gic.redist[i].size,
			       EL2_DEVICE);
	if (r)
		hyp_stop("cannot build the EL2 map of the host (overlapping host DT "
			 "ranges or out of table memory)");
}

static void __attribute__((noreturn)) console_unusable(const char *err)
{
	printk("\ntessera: %s\n", err);
	printk("tessera: (reported on the platform's fallback UART at %#lx)\n",
	       (unsigned long)PLATFORM_FALLBACK_UART);
	hyp_stop("the host DT names no usable console");
}

/*
 * The console's registers answer as a PL011 before anything is written to
 * them: PrimeCell ID 0xb105f00d and part number 0x011 in its peripheral ID
 * (PL011 TRM, 3.3.14-3.3.21), or the ID its node gives instead
 * (arm,primecell-periphid, which Linux's AMBA bus honours too).
 */
static void console_check(const void *fdt, const struct inv_console *con)
{
	char err[INV_ERR_LEN];
	/* the node's offset, not its path: a path lookup walks the whole DT */
	const fdt32_t *given =
		fdt_getprop(fdt, con->node, "arm,primecell-periphid", NULL);
	uint32_t id[8], periph = 0, cell = 0;

	if (given)
		return;
	for (unsigned i = 0; i < 8; i++) {
		if (!probe_read32(con->regs.base + 0xfe0 + 4 * i, &id[i])) {
			fmt_snprintf(
				err, sizeof(err),
				"host DT: console %s: nothing answers at 0x%lx (a read "
				"of its ID registers aborts)",
				con->path, (unsigned long)con->regs.base);
			console_unusable(err);
		}
		if (i < 4)
			periph |= (id[i] & 0xff) << (8 * i);
		else
			cell |= (id[i] & 0xff) << (8 * (i - 4));
	}
	if (cell != 0xb105f00dU || (periph & 0xfff) != 0x011) {
		fmt_snprintf(err, sizeof(err),
			     "host DT: console %s at 0x%lx does not answer as a PL011 "
			     "(PrimeCell ID 0x%08x, peripheral ID 0x%08x; a PL011 has "
			     "0xb105f00d and part number 0x011)",
			     con->path, (unsigned long)con->regs.base, cell, periph);
		console_unusable(err);
	}
}

static void console_from_dt(const void *fdt)
{
	struct inv_console con;
	char err[INV_ERR_LEN];

	host_con = (struct inv_console){0};
	if (inventory_console(fdt, &con, err, sizeof(err)))
		console_unusable(err);
	if (con.regs.base != PLATFORM_FALLBACK_UART &&
	    el2map_map(con.regs.base, PAGE_SIZE, EL2_DEVICE))
		hyp_stop("cannot map the console UART");
	console_check(fdt, &con);
	if (con.regs.base != PLATFORM_FALLBACK_UART) {
		console_set_uart(con.regs.base);
		el2map_unmap(PLATFORM_FALLBACK_UART, PAGE_SIZE);
	}
	console_input_init(con.intid);
	host_con = con;
	printk("\nTessera %s (git %s), EL2 hypervisor for arm64\n", TESSERA_VERSION,
	       TESSERA_GIT);
	printk("console: %s at %#lx\n", con.path, (unsigned long)con.regs.base);
}

void boot_main(uint64_t dtb_pa)
{
	const void *fdt = (const void *)dtb_pa;
	struct range image = {(uint64_t)__image_start,
			      (uint64_t)(__image_end - __image_start)};
	char err[INV_ERR_LEN];

	host_fdt = fdt;
	route_fixed_irqs();
	console_set_uart(PLATFORM_FALLBACK_UART);
	psci_set_conduit(PLATFORM_FALLBACK_PSCI);
	if (!boot_dtb_ok) {
		printk("\ntessera: x0 = %#lx is not a flattened device tree (no FDT magic); "
		       "boot Tessera like an arm64 Linux Image with x0 = the host DTB\n",
		       (unsigned long)dtb_pa);
		hyp_stop("no host device tree");
	}
	console_from_dt(fdt);
	boot_time_phase("early: EL2 map, MMU on, console");
	printk("CurrentEL: EL%u\n", current_el());
	if (inventory_parse(fdt, dtb_pa, &image, &host_inv, err, sizeof(err)) ||
	    inventory_check_pa(fdt, &host_inv,
			       boot_cpu.pa_bits > 48 ? 48 : boot_cpu.pa_bits, err,
			       sizeof(err))) {
		printk("tessera: %s\n", err);
		hyp_stop("the host DT describes no machine Tessera can use");
	}
	psci_set_conduit(host_inv.psci);
	print_platform(&host_inv);
	map_host(&host_inv);
	page_init(host_inv.free, host_inv.nr_free);
	el2map_set_table_source(page_alloc_zeroed);
	print_memory_map(&host_inv);
	printk("page allocator: %lu MiB free\n",
	       (unsigned long)(page_free_bytes() >> 20));

	serror_hw_cpu_init();
	if (gic_check(&host_inv.gic, err, sizeof(err))) {
		printk("tessera: %s\n", err);
		hyp_stop("the GICv3 named by the host DT does not respond");
	}
	if (gic_init(&host_inv.gic) || gic_init_cpu())
		hyp_stop("the GICv3 named by the host DT does not respond");
	boot_time_phase("host DT, EL2 map, allocator, GIC");
	smp_assign_ids(&host_inv);
	printk("CPU 0 online (MPIDR %#lx, EL%u, boot CPU)\n", (unsigned long)smp_mpidr[0],
	       current_el());
	unsigned online = smp_boot_secondaries();
	printk("%u of %u CPUs online\n", online, smp_nr_cpus);
	boot_time_phase("secondary CPUs online");

	hash_select(&boot_cpu, host_inv.bootargs);
	boot_time_phase("sha256 self tests");
	selftest_run(host_inv.bootargs);
	guests_boot(&host_inv);
}
