/* The interrupt routing table and host dispatch; see include/core/irq.h. */
#include "arch/gicv3.h"
#include "core/irq.h"
#include "guest/vm.h"
#include "vgic/vgic.h"

enum irq_owner { IRQ_NONE, IRQ_HOST, IRQ_GUEST, IRQ_LOCAL_VCPU };

struct irq_route {
	enum irq_owner owner;
	struct vm *vm;
	void (*handler)(unsigned intid);
};

/* Written at boot, before the interrupts they describe are enabled. */
static struct irq_route routes[IRQ_MAX_INTID];
uint32_t irq_local_vcpu_mask;

static void set_route(unsigned intid, struct irq_route r)
{
	routes[intid] = r;
	if (intid < 32) /* irq_local_vcpu()'s copy of the owner, one bit each */
		irq_local_vcpu_mask = r.owner == IRQ_LOCAL_VCPU
					      ? irq_local_vcpu_mask | 1u << intid
					      : irq_local_vcpu_mask & ~(1u << intid);
}

void irq_route_host(unsigned intid, void (*handler)(unsigned intid))
{
	if (intid < IRQ_MAX_INTID)
		set_route(intid, (struct irq_route){IRQ_HOST, 0, handler});
}

void irq_route_guest(unsigned intid, struct vm *vm)
{
	if (intid < IRQ_MAX_INTID)
		set_route(intid, (struct irq_route){IRQ_GUEST, vm, 0});
}

void irq_route_local_vcpu(unsigned intid)
{
	if (intid < IRQ_MAX_INTID)
		set_route(intid, (struct irq_route){IRQ_LOCAL_VCPU, 0, 0});
}

/* Everything but a running vCPU's own interrupt (irq_dispatch()). */
static bool __attribute__((noinline)) dispatch_other(unsigned intid)
{
	const struct irq_route *r = intid < IRQ_MAX_INTID ? &routes[intid] : 0;
	struct vcpu *v;

	switch (r ? r->owner : IRQ_NONE) {
	case IRQ_GUEST:
		/* It stays active until the guest deactivates it through the
		 * hardware-linked list register; a VM that is not running
		 * cannot, so the interrupt is taken back (the VM's restart
		 * sets it up again). Routed to the vCPU this CPU runs, it may
		 * go straight into a list register. */
		if (r->vm->state != VM_RUNNING) {
			gic_spi_release(intid);
			return false;
		}
		v = vcpu_current();
		if (v && v->vm == r->vm && v->state == VCPU_ON && vgic_fast_spi(v, intid))
			return true;
		if (vgic_inject_hw(r->vm, 0, intid, intid))
			return false;
		gic_spi_release(intid);
		return false;
	case IRQ_HOST:
		gic_deactivate(intid);
		if (r->handler)
			r->handler(intid);
		return false;
	default:
		/* nobody's (or a local one with no vCPU on): it must not fire
		 * again */
		gic_deactivate(intid);
		if (intid >= 32)
			gic_spi_release(intid);
		return false;
	}
}

bool irq_dispatch(unsigned intid)
{
	struct vcpu *v;

	/* The virtual timer's, first: interrupt latency. The exit's
	 * vgic_sync_flush() delivers it (trap_guest_irq). */
	if (irq_local_vcpu(intid)) {
		v = vcpu_current();
		if (v && v->state == VCPU_ON) {
			vgic_inject_local(&v->vm->vgic, v->id, intid);
			return false;
		}
	}
	return dispatch_other(intid);
}

void irq_poll_idle(void)
{
	unsigned intid;

	/* Bounded: a storm must not keep the CPU from its vCPU's state. */
	for (int n = 0; n < 16 && (intid = gic_ack()) < 1020; n++) {
		gic_eoi(intid);
		irq_dispatch(intid);
	}
}
