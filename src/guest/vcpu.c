/*
 * Running a vCPU on its physical CPU, and stopping it. A CPU idles in
 * pcpu_loop() until its vCPU is marked runnable; vcpu_stop_self() returns it
 * there with a fresh stack.
 */
#include <string.h>

#include "arch/el1_ctx.h"
#include "arch/gicv3.h"
#include "arch/serror_hw.h"
#include "arch/sysreg.h"
#include "core/boot.h"
#include "core/boot_time.h"
#include "core/irq.h"
#include "core/smp.h"
#include "guest/vm.h"
#include "mm/stage2_hw.h"

/* HCR_EL2 for a trap-and-emulate guest (Arm ARM, HCR_EL2); TID3: ID registers
 * read a sanitised view (trap/idregs.h). */
#define HCR_GUEST                                                                        \
	(HCR_EL2_VM | HCR_EL2_SWIO | HCR_EL2_PTW | HCR_EL2_FMO | HCR_EL2_IMO |           \
	 HCR_EL2_AMO | HCR_EL2_FB | HCR_EL2_BSU_IS | HCR_EL2_TWI | HCR_EL2_TID3 |        \
	 HCR_EL2_TSC | HCR_EL2_TIDCP | HCR_EL2_TACR | HCR_EL2_TSW | HCR_EL2_RW |         \
	 HCR_EL2_APK | HCR_EL2_API)

#define CNTHCTL_EL1PCTEN (1UL << 0) /* guest may read CNTPCT; CNTP_* trap */

struct pcpu pcpus[NR_CPUS];
static struct exc_frame launch_frame[NR_CPUS];

void vcpu_launch(const struct exc_frame *init) __attribute__((noreturn));

void pcpu_kick(unsigned pcpu)
{
	if (pcpu == cpu_id())
		return;
	sev();
	gic_send_sgi(smp_mpidr[pcpu], GIC_SGI_KICK);
}

static void vcpu_run(struct vcpu *v) __attribute__((noreturn));
static void vcpu_run(struct vcpu *v)
{
	struct vm *vm = v->vm;
	/* Not on the stack: vcpu_launch() rebuilds the stack top from it. */
	struct exc_frame *init = &launch_frame[cpu_id()];

	sysreg_write(hcr_el2, HCR_GUEST | cpu_guest_traps_enable(&boot_cpu));
	stage2_hw_enable_on_this_cpu(&vm->s2); /* VTTBR, VTCR, and HCR_EL2.FWB */
	serror_hw_vcpu_reset();
	sysreg_write(vpidr_el2, sysreg_read(midr_el1));
	sysreg_write(vmpidr_el2, (1UL << 31) | v->id);
	sysreg_write(cnthctl_el2, CNTHCTL_EL1PCTEN);
	sysreg_write(cntvoff_el2, 0);
	cpu_guest_fp_enable(&boot_cpu);

	el1_ctx_reset(&v->el1);
	el1_ctx_load(&v->el1);
	vgic_vcpu_start(v);
	/* Guest TLB entries of an earlier life of this VMID must go. */
	__asm__ volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	isb();

	memset(init, 0, sizeof(*init));
	init->x[0] = v->ctx;
	init->elr = v->entry;
	init->spsr = (0xfUL << 6) | 0x5; /* EL1h, DAIF masked (booting.rst) */
	if (v->id == 0 && vm->time_entry) {
		vm->time_entry = false;
		boot_time_guest_entry(vm->name, vm->reset_at);
		vm->reset_at = 0;
	}
	vcpu_launch(init);
}

void pcpu_loop(void)
{
	struct pcpu *me = &pcpus[cpu_id()];

	/* no guest runs here: an SError now is Tessera's own (arch/serror_hw.h) */
	serror_hw_idle_unmask();
	for (;;) {
		struct vcpu *v = me->vcpu;

		if (v && v->state == VCPU_ON_PENDING) {
			struct vm *vm = v->vm;
			bool run;

			spin_lock(&vm->lock);
			run = vm->state == VM_RUNNING && v->state == VCPU_ON_PENDING;
			if (run)
				v->state = VCPU_ON;
			spin_unlock(&vm->lock);
			if (run)
				vcpu_run(v);
			vm_vcpu_stopped(v); /* its VM stopped before it could start */
			continue;
		}
		/* A kick (SGI) or Tessera's own interrupts wake the CPU. */
		wfi();
		irq_poll_idle();
	}
}
