/*
 * VM lifecycle across CPUs: start, PSCI CPU_ON/AFFINITY_INFO, and stopping a
 * VM whose vCPUs run on other CPUs (they are kicked with an SGI and stop
 * themselves; the last one turns the VM off or restarts it).
 */
#include "arch/cpu.h"
#include "arch/el1_ctx.h"
#include "core/boot.h"
#include "core/boot_time.h"
#include "arch/psci.h"
#include "arch/serror_hw.h"
#include "arch/sysreg.h"
#include "core/console.h"
#include "core/stop.h"
#include "guest/vm.h"
#include "lib/errno.h"
#include "trap/trap.h"
#include "lib/fmt.h"
#include "guest/layout.h"

struct vm vms[VM_MAX];
unsigned nr_vms;

int vm_add_mmio(struct vm *vm, uint64_t base, uint64_t size,
		int (*access)(struct vcpu *, struct mmio_access *, void *), void *dev)
{
	if (vm->nr_mmio >= VM_MAX_MMIO)
		return -ENOSPC;
	vm->mmio[vm->nr_mmio++] = (struct vm_mmio){base, size, access, dev};
	return 0;
}

struct vm_mmio *vm_find_mmio(struct vm *vm, uint64_t ipa)
{
	for (unsigned i = 0; i < vm->nr_mmio; i++)
		if (ipa - vm->mmio[i].base < vm->mmio[i].size)
			return &vm->mmio[i];
	return 0;
}

void vm_start(struct vm *vm)
{
	struct vcpu *v0 = &vm->vcpu[0];

	spin_lock(&vm->lock);
	vm_set_state(vm, VM_RUNNING);
	vm->time_entry = true;
	vm->set_way_said = false;
	v0->entry = vm->entry_ipa;
	v0->ctx = vm->dtb_ipa;
	v0->state = VCPU_ON_PENDING;
	spin_unlock(&vm->lock);
	pcpu_kick(v0->pcpu);
}

static struct vcpu *vcpu_by_mpidr(struct vm *vm, uint64_t mpidr)
{
	/* Guests see MPIDRs 0..n-1: only Aff0 may be non-zero. */
	if ((mpidr & 0xff00ffff00UL) || (mpidr & 0xff) >= vm->nr_vcpus)
		return 0;
	return &vm->vcpu[mpidr & 0xff];
}

int64_t vm_cpu_on(struct vm *vm, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	struct vcpu *v = vcpu_by_mpidr(vm, mpidr);
	int64_t r = PSCI_RET_SUCCESS;

	if (!v)
		return PSCI_RET_INVALID_PARAMS;
	if (entry - vm->ram_ipa >= vm->ram_size || (entry & 3))
		return PSCI_RET_INVALID_ADDRESS;
	spin_lock(&vm->lock);
	if (v->state == VCPU_ON)
		r = PSCI_RET_ALREADY_ON;
	else if (v->state == VCPU_ON_PENDING)
		r = PSCI_RET_ON_PENDING;
	else if (vm->state != VM_RUNNING)
		r = PSCI_RET_DENIED;
	else {
		v->entry = entry;
		v->ctx = ctx;
		v->state = VCPU_ON_PENDING;
	}
	spin_unlock(&vm->lock);
	if (r == PSCI_RET_SUCCESS)
		pcpu_kick(v->pcpu);
	return r;
}

int64_t vm_affinity_info(struct vm *vm, uint64_t mpidr, uint64_t level)
{
	struct vcpu *v = vcpu_by_mpidr(vm, mpidr);

	if (!v || level != 0)
		return PSCI_RET_INVALID_PARAMS;
	switch (v->state) {
	case VCPU_ON:
		return 0;
	case VCPU_ON_PENDING:
		return 2;
	default:
		return 1;
	}
}

void vm_request_stop(struct vm *vm, enum vm_request req, const char *reason)
{
	spin_lock(&vm->lock);
	if (vm->state == VM_RUNNING) {
		vm_set_state(vm, VM_STOPPING);
		vm->request = req;
		vm->stop_reason = reason;
		vm->reset_at = req == VM_REQ_RESET ? boot_time_now() : 0;
	}
	spin_unlock(&vm->lock);
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		pcpu_kick(vm->vcpu[i].pcpu);
}

void vm_request_off_instead(struct vm *vm, const char *reason)
{
	spin_lock(&vm->lock);
	if (vm->state == VM_STOPPING && vm->request == VM_REQ_RESET) {
		vm->request = VM_REQ_OFF;
		vm->stop_reason = reason;
		vm->reset_at = 0;
	}
	spin_unlock(&vm->lock);
}

/* The last vCPU of a stopping VM is gone: turn it off or restart it. */
static void vm_finish_stop(struct vm *vm)
{
	char err[160];
	bool reclaimed = false;

	if (vm->layout->vuart) {
		/* its last life's output out first, then its UART as new:
		 * console input is refused until it runs again */
		vuart_flush(&vm->uart);
		vuart_close(&vm->uart);
	}
	/* Reclaim, in order: no physical interrupt of this guest stays live,
	 * no device stays mapped (break-before-make, TLBI, DSB), then each is
	 * drained and, where Tessera knows how, reset, and carve-outs cleared. */
	vm_irqs_release(vm);
	if (vm_devices_unmap(vm))
		printk("tessera: guest \"%s\": cannot unmap its devices\n", vm->name);
	else
		reclaimed = vm_devices_reclaim(vm) == 0;
	if (vm->request == VM_REQ_RESET) {
		printk("tessera: guest \"%s\" restarting (%s)\n", vm->name,
		       vm->stop_reason);
		/* its last life must not reach the next one: no restart if a
		 * device stayed mapped or a carve-out kept its contents */
		if (!reclaimed)
			fmt_snprintf(err, sizeof(err), "its devices were not reclaimed");
		else if (vm_load(vm, false, err, sizeof(err)) == 0 &&
			 (vm_devices_map(vm) == 0 ||
			  (fmt_snprintf(err, sizeof(err), "cannot map its devices"),
			   false))) {
			vm_report_probe(vm);
			vm_irqs_claim(vm);
			if (vm->layout->vuart)
				vuart_open(&vm->uart);
			vm_start(vm);
			return;
		}
		printk("tessera: guest \"%s\" cannot restart: %s\n", vm->name, err);
	} else {
		printk("tessera: guest \"%s\" is off (%s)\n", vm->name, vm->stop_reason);
	}
	if (vm_set_off_last(vm, vms, nr_vms))
		hyp_stop("all guests are off");
}

void vm_vcpu_stopped(struct vcpu *v)
{
	struct vm *vm = v->vm;
	bool last = true;

	spin_lock(&vm->lock);
	v->state = VCPU_OFF;
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpu[i].state != VCPU_OFF)
			last = false;
	if (last && vm->state == VM_RUNNING) {
		/* PSCI CPU_OFF of the last vCPU: nothing can wake this VM again */
		vm_set_state(vm, VM_STOPPING);
		vm->request = VM_REQ_OFF;
		vm->stop_reason = "its last vCPU called PSCI CPU_OFF";
	}
	last = last && vm->state == VM_STOPPING;
	spin_unlock(&vm->lock);
	if (last)
		vm_finish_stop(vm);
}

void vcpu_stop_self(void)
{
	struct vcpu *v = vcpu_current();
	/* first, while an SError its last accesses raised can still be put
	 * down to it: none may reach its next life */
	uint64_t serror = serror_hw_sync();

	if (serror)
		trap_guest_serror(v, serror,
				  vm_state(v->vm) == VM_RUNNING ? SERROR_AT_VCPU_OFF
								: SERROR_AT_STOP);
	el1_ctx_save(
		&v->el1); /* its last EL1 state, for a debugger (vms[i].vcpu[j].el1) */
	/* Its virtual timer would go on raising a level PPI at this CPU. */
	sysreg_write(cntv_ctl_el0, 0);
	isb();
	cpu_sme_stop(&boot_cpu); /* EL2 may use SIMD (libfdt) on a restart */
	vgic_vcpu_stop(v);
	vm_vcpu_stopped(v);
	pcpu_idle();
}

void vcpu_check_requests(void)
{
	struct vcpu *v = vcpu_current();

	if (v && v->state == VCPU_ON && v->vm->state == VM_STOPPING)
		vcpu_stop_self();
}
