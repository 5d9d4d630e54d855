/*
 * From payload to running guests: verify the FIT, parse and check the config,
 * then per guest allocate RAM, build stage 2, bind vCPUs to CPUs and load.
 */
#include <string.h>

#include "config/config.h"
#include "core/boot.h"
#include "core/console.h"
#include "core/console_input.h"
#include "core/smp.h"
#include "core/stop.h"
#include "guest/guests.h"
#include "guest/vm.h"
#include "lib/errno.h"
#include "lib/fmt.h"
#include "mm/page.h"
#include "mm/stage2_hw.h"
#include "mm/vmid.h"
#include "payload/fit.h"

#define GUEST_IPA_BITS 40
#define SZ_2M 0x200000UL

struct fit boot_fit;
static struct sys_config sys;
static struct vmid_pool vmids;
static uint64_t cfg_scratch[8192]; /* the config DTB, realigned for libfdt */

void guests_fill_dt_params(const struct vm *vm, struct guest_dt_params *p)
{
	p->ram_ipa = vm->ram_ipa;
	p->ram_size = vm->ram_size;
	p->nr_vcpus = vm->nr_vcpus;
	p->uart_ipa = VUART_IPA;
	p->uart_spi = VUART_SPI - 32;
	p->with_gic = true;
	p->gicd_ipa = VGIC_GICD_IPA;
	p->gicr_ipa = VGIC_GICR_IPA;
	p->gicr_size = VGIC_GICR_STRIDE * vm->nr_vcpus;
	p->maint_ppi = VGIC_MAINT_PPI;
	p->timer_ppi[0] = 13; /* secure physical: listed, never raised */
	p->timer_ppi[1] = 14; /* physical: traps, never raised */
	p->timer_ppi[2] = VGIC_VTIMER_PPI;
	p->timer_ppi[3] = 10; /* hypervisor: not the guest's */
}

static unsigned logical_cpu_of(unsigned host_index)
{
	uint64_t mpidr = host_inv.cpu_mpidr[host_index];

	for (unsigned c = 0; c < smp_nr_cpus; c++)
		if ((smp_mpidr[c] & 0xff00ffffffUL) == (mpidr & 0xff00ffffffUL))
			return c;
	return NR_CPUS;
}

static int vm_create(struct vm *vm, unsigned id, const struct guest_config *gc,
		     uint32_t online_mask, char *err, int errlen)
{
	unsigned ipa_bits =
		boot_cpu.pa_bits < GUEST_IPA_BITS ? boot_cpu.pa_bits : GUEST_IPA_BITS;
	int vmid = vmid_alloc(&vmids);
	int r;

	memset(vm, 0, sizeof(*vm));
	vm->id = id;
	fmt_snprintf(vm->name, sizeof(vm->name), "%s", gc->name);
	vm->cfg = gc;
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
		vm->vcpu[i] = (struct vcpu){.vm = vm, .id = i, .pcpu = pcpu};
	}
	if (vmid <= 0) {
		fmt_snprintf(err, (size_t)errlen, "no VMID left");
		return -ENOSPC;
	}
	vm->ram_size = gc->mem_size;
	vm->ram_ipa = gc->mem_ipa;
	vm->ram_pa = page_alloc_range(gc->mem_size, SZ_2M);
	if (!vm->ram_pa) {
		fmt_snprintf(err, (size_t)errlen,
			     "memory-size %#lx: not that much free RAM (%lu MiB left)",
			     (unsigned long)gc->mem_size,
			     (unsigned long)(page_free_bytes() >> 20));
		return -ENOMEM;
	}
	if (vm->ram_ipa + vm->ram_size > (1UL << ipa_bits)) {
		fmt_snprintf(err, (size_t)errlen,
			     "memory-ipa + memory-size exceed the %u-bit IPA space",
			     ipa_bits);
		return -ERANGE;
	}
	if ((r = stage2_hw_create(&vm->s2, ipa_bits, (uint16_t)vmid)) ||
	    (r = stage2_map(&vm->s2, vm->ram_ipa, vm->ram_pa, vm->ram_size, S2_NORMAL_WB,
			    S2_PERM_R | S2_PERM_W | S2_PERM_X))) {
		fmt_snprintf(err, (size_t)errlen, "cannot build stage 2: %s",
			     errno_name(r));
		return r;
	}
	vuart_init(&vm->uart, vm, VUART_SPI);
	if ((r = vm_add_mmio(vm, VUART_IPA, VUART_SIZE, vuart_access, &vm->uart)) ||
	    (r = vgic_vm_setup(vm))) {
		fmt_snprintf(err, (size_t)errlen, "too many emulated devices");
		return r;
	}
	if ((r = vm_load(vm, err, errlen)))
		return r;
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		pcpus[vm->vcpu[i].pcpu].vcpu = &vm->vcpu[i];
	return 0;
}

static void print_guest(const struct vm *vm)
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
	if (config_load(&boot_fit, host_inv.nr_cpus, cfg_scratch, sizeof(cfg_scratch),
			&sys, err, sizeof(err))) {
		printk("tessera: %s\n", err);
		hyp_stop("config rejected, no guest started");
	}
	vmid_pool_init(&vmids, boot_cpu.vmid_bits);
	for (unsigned i = 0; i < sys.nr_guests; i++) {
		char why[200];

		if (vm_create(&vms[i], i, &sys.guest[i], online, why, sizeof(why))) {
			printk("tessera: guest \"%s\": %s\n", sys.guest[i].name, why);
			hyp_stop("a guest could not be created, no guest started");
		}
		print_guest(&vms[i]);
	}
	nr_vms = sys.nr_guests;
	console_input_start();
	for (unsigned i = 0; i < nr_vms; i++)
		vm_start(&vms[i]);
	pcpu_idle();
}
