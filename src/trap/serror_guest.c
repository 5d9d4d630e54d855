/*
 * A physical SError put down to the calling CPU's vCPU: the decision of
 * trap/serror.h carried out. Not the hot path: an exit finds nothing in
 * DISR_EL1 and never comes here.
 */
#include "arch/esr.h"
#include "arch/serror_hw.h"
#include "core/console.h"
#include "core/stop.h"
#include "trap/serror.h"
#include "trap/trap.h"

static const char *const where_names[] = {
	[SERROR_AT_EXIT] = "",
	[SERROR_AT_VCPU_OFF] = " as the vCPU powered off",
	[SERROR_AT_STOP] = " as the guest stopped",
};

static const char *const action_names[] = {
	[SERROR_CONTINUE] = "corrected, the guest goes on",
	[SERROR_INJECT] = "on-fault policy: inject (virtual SError)",
	[SERROR_STOP_GUEST] = "on-fault policy: stop",
	[SERROR_RESET_GUEST] = "on-fault policy: reset",
	[SERROR_DROP] = "nothing left to inject into",
	[SERROR_STOP_MACHINE] = "stopping the machine",
};

void trap_guest_serror(struct vcpu *v, uint64_t esr, enum serror_where where)
{
	struct vm *vm = v->vm;
	struct serror_decision d;

	serror_decide(esr, vm->on_fault, where, &d);
	printk("tessera: guest \"%s\" vCPU %u: SError (%s, ESR_EL2 %#lx)%s; %s\n",
	       vm->name, v->id, d.kind, (unsigned long)esr, where_names[where],
	       action_names[d.action]);
	switch (d.action) {
	case SERROR_CONTINUE:
	case SERROR_DROP:
		return;
	case SERROR_INJECT:
		serror_hw_inject(d.vsesr);
		return;
	case SERROR_STOP_GUEST:
		vm_request_stop(vm, VM_REQ_OFF, "SError");
		/* a guest already resetting goes off instead */
		vm_request_off_instead(vm, "SError");
		break;
	case SERROR_RESET_GUEST:
		vm_request_stop(vm, VM_REQ_RESET, "SError");
		break;
	case SERROR_STOP_MACHINE:
		hyp_stop(
			"an uncontainable SError: no guest's isolation can be vouched for");
	}
	if (where == SERROR_AT_EXIT)
		vcpu_stop_self();
}

void trap_guest_exit_serror(struct exc_frame *f, unsigned kind)
{
	uint64_t disr = serror_hw_exit_disr();

	serror_hw_disr_clear();
	trap_guest_serror(vcpu_current(), esr_from_disr(disr), SERROR_AT_EXIT);
	if (kind == EXC_IRQ)
		trap_guest_irq(f);
	else if (ESR_EC(f->esr) == EC_HVC64 || ESR_EC(f->esr) == EC_SMC64)
		trap_guest_call(f);
	else
		trap_guest_sync(f); /* the full frame serves every other exit */
}
