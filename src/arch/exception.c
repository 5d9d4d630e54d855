/* EL2 exception entry from the vectors: report what Tessera did not expect. */
#include "arch/at.h"
#include "arch/cpu.h"
#include "arch/esr.h"
#include "arch/exception.h"
#include "arch/probe.h"
#include "arch/psci.h"
#include "arch/serror_hw.h"
#include "core/console.h"
#include "core/config.h"
#include "core/stop.h"
#include "guest/vm.h"
#include "trap/trap.h"

/* clang-format off */
static const char *const kind_names[16] = {
	"sync, EL2 with SP_EL0",  "IRQ, EL2 with SP_EL0",  "FIQ, EL2 with SP_EL0",
	"SError, EL2 with SP_EL0", "sync, EL2",             "IRQ, EL2",
	"FIQ, EL2",               "SError, EL2",           "sync, lower EL AArch64",
	"IRQ, lower EL AArch64",  "FIQ, lower EL AArch64", "SError, lower EL AArch64",
	"sync, lower EL AArch32", "IRQ, lower EL AArch32", "FIQ, lower EL AArch32",
	"SError, lower EL AArch32",
};
/* clang-format on */

static volatile int reporting[NR_CPUS];

void exception_report_unexpected(const struct exc_frame *f, unsigned kind)
{
	unsigned cpu = cpu_id();
	char desc[160];

	if (cpu < NR_CPUS) {
		if (reporting[cpu]) {
			/* faulted while reporting: nothing more can be said */
			psci_system_off();
			park();
		}
		reporting[cpu] = 1;
	}
	esr_describe(f->esr, desc, sizeof(desc));
	printk_unlocked("\n*** Tessera: unexpected exception on CPU %u (%s) ***\n", cpu,
			kind_names[kind & 15]);
	printk_unlocked("  ESR_EL2  %#018lx  %s\n", (unsigned long)f->esr, desc);
	printk_unlocked("  ELR_EL2  %#018lx  FAR_EL2 %#018lx  SPSR_EL2 %#010lx\n",
			(unsigned long)f->elr, (unsigned long)f->far,
			(unsigned long)f->spsr);
	for (int i = 0; i < 30; i += 3)
		printk_unlocked("  x%-2d %#018lx  x%-2d %#018lx  x%-2d %#018lx\n", i,
				(unsigned long)f->x[i], i + 1, (unsigned long)f->x[i + 1],
				i + 2, (unsigned long)f->x[i + 2]);
	printk_unlocked("  x30 %#018lx  sp  %#018lx\n", (unsigned long)f->x[30],
			(unsigned long)f->sp);
	hyp_stop("unexpected exception in the hypervisor");
}

/* FEAT_RAS: the lower-EL vectors' ESB deferred an SError the guest raised
 * before it exited into DISR_EL1; it is that guest's. */
static void exit_deferred_serror(void)
{
	uint64_t disr = serror_hw_exit_disr();

	if (__builtin_expect(!(disr & DISR_EL1_A), 1))
		return;
	serror_hw_disr_clear();
	trap_guest_serror(vcpu_current(), esr_from_disr(disr), SERROR_AT_EXIT);
}

void exception_dispatch(struct exc_frame *f, unsigned kind)
{
	/* a guest's synchronous exits and interrupts go straight from the
	 * vectors to trap_guest_sync/_call/_irq (src/arch/vectors.S);
	 * the other lower-EL entries (FIQ, SError, AArch32) come here */
	if (kind >= EXC_LOWER_A64)
		exit_deferred_serror();
	switch (kind) {
	case EXC_CUR_SPX + EXC_SYNC:
		if (at_fixup(f)) /* a guest's tables abort an AT walk */
			return;
		if (probe_fixup(f)) /* nothing at a host DT address */
			return;
		break;
	case EXC_CUR_SPX + EXC_SERROR:
		if (serror_hw_catch(f)) /* a stopping vCPU's, waited for */
			return;
		break;
	case EXC_LOWER_A64 + EXC_SERROR:
		/* taken while the guest ran (HCR_EL2.AMO): the guest's */
		trap_guest_serror(vcpu_current(), f->esr, SERROR_AT_EXIT);
		return;
	case EXC_LOWER_A32 + EXC_SYNC:
	case EXC_LOWER_A32 + EXC_SERROR:
		if (vcpu_current()) {
			struct vcpu *v = vcpu_current();

			printk("tessera: guest \"%s\" vCPU %u: AArch32 %s; stopping it\n",
			       v->vm->name, v->id,
			       kind == EXC_LOWER_A32 + EXC_SYNC ? "execution" : "SError");
			vm_request_stop(v->vm, VM_REQ_OFF, "uncontainable error");
			vcpu_stop_self();
		}
		break;
	default:
		break;
	}
	exception_report_unexpected(f, kind);
}
