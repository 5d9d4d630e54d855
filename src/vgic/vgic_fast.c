/*
 * Hardware-linked interrupts taken at EL2 for the vCPU this CPU runs,
 * straight into a list register when nothing else needs the exit's flush
 * (the virtual timer, passed-through SPIs): the interrupt latency's short
 * path. Everything else is vgic_lr.c's.
 */
#include "guest/vm.h"
#include "vgic/vgic.h"
#include "vgic/vgic_lr_regs.h"

/*
 * A hardware-linked interrupt for the running vCPU (its virtual timer, or a
 * passed-through SPI routed to it), taken at EL2 on its CPU, straight into
 * list register n when nothing else needs the exit's flush: nothing dirty
 * (so nothing waits for a list register: vgic_sync_flush()), no other list
 * register finished (a level line still high would be pending again: the
 * callers check, as their own state), no register write to apply to it,
 * not pending, enabled with its group, and in no list register but its own
 * finished one, which n then is (reuse). What
 * flush_fast() would do then, without its loops. The callers have checked
 * what is this CPU's own (lr_used, lr_intid, hw_new); the rest is read
 * under the lock. false: nothing done, the general path takes it.
 */
static inline __attribute__((always_inline)) bool fast_load(struct vcpu *v,
							    struct virq *q,
							    unsigned intid, unsigned n,
							    bool reuse, bool spi)
{
	struct vgic *g = &v->vm->vgic;
	struct vgic_cpu *c = v->vgic_cpu;
	bool ok = false;

	spin_lock(&g->lock);
	if (v->vgic_dirty || q->lr_req || q->pending || !q->enabled ||
	    !vgic_group_on(g, q) || (q->in_lr && !reuse) || (q->active && !reuse) ||
	    (spi && (!q->owned || q->target != v->id)))
		goto out;
	q->hw = true;
	q->pintid = (uint16_t)intid;
	q->active = false;
	vgic_lr_load(c, v->id, n, intid, q);
	ok = true;
out:
	spin_unlock(&g->lock);
	return ok;
}

bool vgic_fast_local(struct vcpu *v, unsigned intid)
{
	struct vgic_cpu *c = v->vgic_cpu;
	uint32_t used = c->lr_used;
	bool reuse = false;

	/* list register 0: all free, or its own alone and finished (ICH_ELRSR_EL2:
	 * a timer that keeps firing) */
	if (c->hw_new || intid >= VGIC_NR_PRIV)
		return false;
	if (used) {
		if (used != 1u || c->lr_intid[0] != intid ||
		    !(sysreg_read(ICH_ELRSR_EL2) & 1u))
			return false;
		reuse = true;
	}
	return fast_load(v, &c->priv[intid], intid, 0, reuse, false);
}

bool vgic_fast_spi(struct vcpu *v, unsigned intid)
{
	struct vgic_cpu *c = v->vgic_cpu;
	uint32_t used = c->lr_used, free = ~used & ((1u << vgic_nr_lrs) - 1), own = 0;
	uint32_t done;

	if (c->hw_new || intid < VGIC_NR_PRIV || intid >= VGIC_NR_IRQS)
		return false;
	for (uint32_t u = used; u; u &= u - 1)
		if (c->lr_intid[__builtin_ctz(u)] == intid)
			own = u & -u;
	/* Another finished list register wants the flush: a level interrupt
	 * whose line is still high is pending again there (lrs_update()), and
	 * may outrank this one. Its own list register, if it still has one,
	 * must be finished: then it is reused, else a free one is taken. */
	done = used ? vgic_lr_finished(c) & used : 0;
	if ((done & ~own) || (own && !(done & own)) || (!own && !free))
		return false;
	return fast_load(v, &v->vm->vgic.spi[intid - VGIC_NR_PRIV], intid,
			 (unsigned)__builtin_ctz(own ? own : free), own != 0, true);
}
