/*
 * From payload to running guests: verify the FIT, parse and check the config,
 * then per guest allocate RAM, build stage 2, bind vCPUs to CPUs and load.
 */
#include <string.h>

#include "config/config.h"
#include "core/boot.h"
#include "core/boot_time.h"
#include "core/console.h"
#include "core/console_input.h"
#include "core/irq.h"
#include "arch/cache.h"
#include "arch/gicv3.h"
#include "guest/layout.h"
#include "core/smp.h"
#include "core/stop.h"
#include "guest/guests.h"
#include "guest/vm.h"
#include "lib/errno.h"
#include "trap/idregs.h"
#include "lib/fmt.h"
#include "mm/el2map.h"
#include "mm/page.h"
#include "mm/stage2_hw.h"
#include "mm/vmid.h"
#include "payload/fit.h"

#define SZ_2M 0x200000UL

struct fit boot_fit;
static struct sys_config sys;
static struct sys_layout layout;
static struct vmid_pool vmids;
static uint64_t cfg_scratch[8192]; /* the config DTB, realigned for libfdt */

void guests_fill_dt_params(const struct vm *vm, struct guest_dt_params *p)
{
	layout_dt_params(vm->layout, sys.dtb, p);
}

static unsigned logical_cpu_of(unsigned host_index)
{
	uint64_t mpidr = host_inv.cpu_mpidr[host_index];

	for (unsigned c = 0; c < smp_nr_cpus; c++)
		if ((smp_mpidr[c] & 0xff00ffffffUL) == (mpidr & 0xff00ffffffUL))
			return c;
	return NR_CPUS;
}

static unsigned guest_ipa_bits(void)
{
	return boot_cpu.pa_bits < GUEST_IPA_BITS ? boot_cpu.pa_bits : GUEST_IPA_BITS;
}

/* What guests read of the CPU's ID registers (HCR_EL2.TID3 traps them). */
static void guest_idregs_init(void)
{
	static uint64_t hw[IDREG_NR];
	struct idreg_host h = {.ipa_bits = guest_ipa_bits()};

	idregs_hw_read(hw);
	idregs_build(idregs_guest, hw, &h);
}

/* The emulated devices of the layout, trapped and handled by Tessera. */
static int add_emulated(struct vm *vm)
{
	int r = vgic_vm_setup(vm);

	for (unsigned i = 0; i < vm->layout->nr_regions && !r; i++) {
		const struct layout_region *rg = &vm->layout->region[i];

		if (rg->kind == LAYOUT_VUART) {
			vuart_init(&vm->uart, vm, VUART_SPI);
			r = vm_add_mmio(vm, rg->ipa, rg->size, vuart_access, &vm->uart);
			if (!r)
				r = vgic_own_spi(&vm->vgic, VUART_SPI, 0, true);
		}
	}
	for (unsigned i = 0; i < vm->cfg->vspi_count && !r; i++)
		r = vgic_own_spi(&vm->vgic, vm->cfg->vspi_first + i, 0, true);
	for (unsigned i = 0; i < vm->layout->nr_irqs && !r; i++) {
		const struct layout_irq *q = &vm->layout->irq[i];

		r = vgic_own_spi(&vm->vgic, q->intid, q->intid, q->level);
		irq_route_guest(q->intid, vm);
	}
	return r;
}

static int vm_create(struct vm *vm, unsigned id, const struct guest_layout *lay,
		     uint32_t online_mask, char *err, int errlen)
{
	const struct guest_config *gc = lay->cfg;
	int vmid = vmid_alloc(&vmids);
	int r;

	memset(vm, 0, sizeof(*vm));
	vm->id = id;
	fmt_snprintf(vm->name, sizeof(vm->name), "%s", gc->name);
	vm->cfg = gc;
	vm->layout = lay;
	/* Not off: a guest that has not started yet must not let the others'
	 * power-off end the machine (all_vms_off). */
	vm->state = VM_RUNNING;
	vm->on_fault = gc->on_fault == CONFIG_ON_FAULT_STOP    ? VM_FAULT_STOP
		       : gc->on_fault == CONFIG_ON_FAULT_RESET ? VM_FAULT_RESET
							       : VM_FAULT_INJECT;
	vm->nr_vcpus = gc->nr_cpus;
	for (unsigned i = 0; i < gc->nr_cpus; i++) {
		unsigned pcpu = logical_cpu_of(gc->cpus[i]);

		if (pcpu >= NR_CPUS || !(online_mask & (1u << pcpu))) {
			fmt_snprintf(err, (size_t)errlen, "CPU %u is not online",
				     gc->cpus[i]);
			return -ENOENT;
		}
		vm->vcpu[i] = (struct vcpu){
			.vm = vm, .id = i, .pcpu = pcpu, .vgic_cpu = &vm->vgic.cpu[i]};
	}
	if (vmid <= 0) {
		fmt_snprintf(err, (size_t)errlen, "no VMID left");
		return -ENOSPC;
	}
	/* placed by the layout; vm_load() zeroes it (the allocator does not) */
	vm->ram_size = lay->ram_size;
	vm->ram_ipa = lay->ram_ipa;
	vm->ram_pa = lay->ram_pa;
	if ((r = stage2_hw_create(&vm->s2, guest_ipa_bits(), (uint16_t)vmid)) ||
	    (r = stage2_map(&vm->s2, vm->ram_ipa, vm->ram_pa, vm->ram_size, S2_NORMAL_WB,
			    S2_PERM_R | S2_PERM_W | S2_PERM_X)) ||
	    (r = vm_devices_map(vm))) {
		fmt_snprintf(err, (size_t)errlen, "cannot build stage 2: %s",
			     errno_name(r));
		return r;
	}
	/* No alias while the guest owns a region: a carve-out leaves Tessera's
	 * own map (it was free RAM, mapped for the allocator), with no line of
	 * it left in the caches to shadow or overwrite what a guest writes
	 * through a non-cacheable mapping. The clean before the unmap writes
	 * back what persistent keeps; vm_carveout_clear() then drops what was
	 * filled until the unmap, through an alias that cannot fill any (it
	 * could not run while the cacheable map exists). */
	for (unsigned i = 0; i < lay->nr_regions; i++) {
		const struct layout_region *rg = &lay->region[i];

		if (rg->kind != LAYOUT_DEVICE || !rg->in_ram)
			continue;
		char name[80];

		dcache_clean_inval_range(rg->pa, rg->size);
		if ((r = el2map_unmap(rg->pa, rg->size))) {
			fmt_snprintf(err, (size_t)errlen,
				     "cannot take %s out of Tessera's map: %s",
				     layout_region_name(lay, rg, name, sizeof(name)),
				     errno_name(r));
			return r;
		}
		/* like its RAM, a guest sees it zeroed, unless the config
		 * keeps what is there (persistent) */
		if (vm_carveout_clear(rg, gc->assign[rg->assign].persistent)) {
			fmt_snprintf(err, (size_t)errlen, "cannot clear %s",
				     layout_region_name(lay, rg, name, sizeof(name)));
			return -ENOMEM;
		}
	}
	if ((r = add_emulated(vm))) {
		fmt_snprintf(err, (size_t)errlen, "cannot set up its vGIC and vUART: %s",
			     errno_name(r));
		return r;
	}
	vm_irqs_claim(vm);
	boot_time_phase("%s: stage 2, devices, vGIC", vm->name);
	if ((r = vm_load(vm, true, err, errlen)))
		return r;
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		pcpus[vm->vcpu[i].pcpu].vcpu = &vm->vcpu[i];
	return 0;
}

static void print_guest(struct vm *vm)
{
	char cpus[48];
	int n = 0;

	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		n += fmt_snprintf(cpus + n, sizeof(cpus) - (size_t)n, "%s%u",
				  i ? "," : "", vm->vcpu[i].pcpu);
	printk("guest \"%s\": %u vCPU%s on CPU %s, %lu MiB RAM at PA %#lx (IPA %#lx), "
	       "VMID %u, stage 2 %s, entry %#lx\n",
	       vm->name, vm->nr_vcpus, vm->nr_vcpus > 1 ? "s" : "", cpus,
	       (unsigned long)(vm->ram_size >> 20), (unsigned long)vm->ram_pa,
	       (unsigned long)vm->ram_ipa, vm->s2.vmid,
	       vm->s2.fwb ? "with FWB" : "without FWB", (unsigned long)vm->entry_ipa);
	vm_report_probe(vm);
	vm_report_devices(vm);
}

/* libfdt wants the FIT 8-byte aligned; a loader (U-Boot's FIT ramdisk, for
 * one) may leave it 4-byte aligned, so then it is copied. */
static const void *payload_aligned(const struct inventory *inv)
{
	uint64_t copy;

	if (!(inv->payload.base & 7))
		return (const void *)inv->payload.base;
	copy = page_alloc_range(inv->payload.size, PAGE_SIZE);
	if (!copy)
		hyp_stop("no RAM for an aligned copy of the payload");
	memcpy((void *)copy, (const void *)inv->payload.base, inv->payload.size);
	printk("payload: copied to %#lx (libfdt needs it 8-byte aligned)\n",
	       (unsigned long)copy);
	return (const void *)copy;
}

/* Places every guest and checks the whole system before anything is built. */
static void build_layout(void)
{
	static char err[CONFIG_ERR_LEN];
	struct layout_host h = {.fdt = host_fdt,
				.inv = &host_inv,
				.con = &host_con,
				.nr_intids = gic_nr_intids(),
				.ipa_bits = guest_ipa_bits(),
				.pa_bits = boot_cpu.pa_bits,
				.fwb = boot_cpu.s2fwb,
				.ram = page_pool()};

	if (layout_build(&sys, &h, &layout, err, sizeof(err))) {
		printk("tessera: %s\n", err);
		hyp_stop("config rejected, no guest started");
	}
	for (unsigned i = 0; i < layout.nr_warn; i++)
		printk("tessera: warning: %s\n", layout.warn[i]);
}

/* The guest gets the physical UART: Tessera says so, then never touches it
 * again (its later messages are dropped) and takes no console input. */
static void hand_over_console(const struct vm *vm)
{
	printk("console: %s goes to guest \"%s\" now; Tessera prints nothing more "
	       "(its later messages and the other guests' virtual UART output are "
	       "dropped) and takes no console input\n",
	       host_con.path, vm->name);
	console_input_off();
	console_silence();
	el2map_unmap(host_con.regs.base, host_con.regs.size); /* no alias either */
}

void guests_boot(const struct inventory *inv)
{
	static char err[CONFIG_ERR_LEN];
	uint32_t online = smp_online_mask();

	if (!inv->has_payload)
		hyp_stop("no guests configured");
	printk("payload: %#lx-%#lx (%lu KiB)\n", (unsigned long)inv->payload.base,
	       (unsigned long)(range_end(&inv->payload) - 1),
	       (unsigned long)(inv->payload.size >> 10));
	if (fit_open(payload_aligned(inv), inv->payload.size, &boot_fit, err,
		     sizeof(err)) ||
	    fit_verify_all(&boot_fit, err, sizeof(err))) {
		printk("tessera: %s\n", err);
		hyp_stop("payload rejected, no guest started");
	}
	printk("payload: every image's hash verified\n");
	boot_time_phase("payload hashed (%lu KiB)",
			(unsigned long)(inv->payload.size >> 10));
	if (config_load(&boot_fit, host_inv.nr_cpus, cfg_scratch, sizeof(cfg_scratch),
			&sys, err, sizeof(err))) {
		printk("tessera: %s\n", err);
		hyp_stop("config rejected, no guest started");
	}
	build_layout();
	guest_idregs_init();
	vmid_pool_init(&vmids, boot_cpu.vmid_bits);
	boot_time_phase("config and layout");
	for (unsigned i = 0; i < sys.nr_guests; i++) {
		char why[200];

		if (vm_create(&vms[i], i, &layout.guest[i], online, why, sizeof(why))) {
			printk("tessera: guest \"%s\": %s\n", sys.guest[i].name, why);
			hyp_stop("a guest could not be created, no guest started");
		}
		print_guest(&vms[i]);
	}
	nr_vms = sys.nr_guests;
	if (layout.console_guest >= 0)
		hand_over_console(&vms[layout.console_guest]);
	else
		console_input_start();
	for (unsigned i = 0; i < nr_vms; i++)
		vm_start(&vms[i]);
	pcpu_idle();
}
