/*
 * The virtual CPU interface through the list registers (IHI 0069 chapter 6):
 * pending virtual interrupts go into ICH_LR<n>_EL2 on the way back into the
 * guest, finished ones come out on the next exit. More pending interrupts than
 * list registers wait in the virq state; ICH_HCR_EL2.UIE brings a maintenance
 * interrupt when the list registers run low, so they are refilled in time.
 */
#include "arch/gicv3.h"
#include "arch/sysreg.h"
#include "arch/gic_regs.h"
#include "core/smp.h"
#include "guest/vm.h"
#include "trap/mmio.h"
#include "vgic/vgic.h"
#include "vgic/vgic_lr_regs.h"
#include "vgic_internal.h"

unsigned vgic_nr_lrs;

void vgic_kick_mask(struct vm *vm, uint32_t mask)
{
	for (unsigned t = 0; t < vm->nr_vcpus; t++) {
		if (!(mask & (1u << t)))
			continue;
		vm->vcpu[t].vgic_dirty = true;
		pcpu_kick(vm->vcpu[t].pcpu);
	}
}

/* The virq list register n of c holds (its INTID was owned when loaded, and
 * ownership never changes while the VM runs). */
static inline struct virq *lr_virq(struct vgic *g, struct vgic_cpu *c, unsigned n)
{
	unsigned intid = c->lr_intid[n];

	return intid < VGIC_NR_PRIV ? &c->priv[intid] : &g->spi[intid - VGIC_NR_PRIV];
}

/* Latches the interrupts vgic_inject_local() noted (vgic lock held). */
static void take_hw_new(struct vgic_cpu *c, uint32_t bits)
{
	for (; bits; bits &= bits - 1) {
		unsigned i = (unsigned)__builtin_ctz(bits);
		struct virq *q = &c->priv[i];

		q->hw = true;
		q->pintid = (uint16_t)i;
		q->pending = true;
	}
}

static void apply_lr_requests(struct vgic *g, struct vgic_cpu *c);

/* List register states of the calling vCPU into its virqs, so register reads
 * (ISPENDR, ISACTIVER) see what the hardware holds, once the register
 * writes still to apply to them are applied (vgic lock held). */
void vgic_lr_snapshot(struct vgic *g, unsigned vcpu)
{
	struct vgic_cpu *c = &g->cpu[vcpu];

	apply_lr_requests(g, c);
	for (unsigned n = 0; n < vgic_nr_lrs; n++) {
		struct virq *q;
		uint64_t state;

		if (!(c->lr_used & (1u << n)))
			continue;
		q = lr_virq(g, c, n);
		state = lr_read(n) >> ICH_LR_STATE_SHIFT;
		q->lr_pending = state & 1;
		q->active = state & 2;
	}
}

void vgic_vcpu_start(struct vcpu *v)
{
	struct vgic *g = &v->vm->vgic;

	if (!vgic_nr_lrs) {
		vgic_nr_lrs = (unsigned)(sysreg_read(ICH_VTR_EL2) & 0x1f) + 1;
		if (vgic_nr_lrs > VGIC_MAX_LRS)
			vgic_nr_lrs = VGIC_MAX_LRS;
	}
	for (unsigned n = 0; n < vgic_nr_lrs; n++)
		lr_write(n, 0); /* vgic_start_cpu() clears lr_used and lr_eoi */
	sysreg_write(ICH_AP0R0_EL2, 0);
	sysreg_write(ICH_AP1R0_EL2, 0);
	sysreg_write(ICH_VMCR_EL2, 0);
	sysreg_write(ICH_HCR_EL2, ICH_HCR_EN);
	spin_lock(&g->lock);
	vgic_start_cpu(g, v->id);
	spin_unlock(&g->lock);
	/* SPIs may already wait for this vCPU (a linked one stays active
	 * physically until delivered, so nothing else would bring it) */
	v->vgic_dirty = true;
	/* Physical PPIs this CPU forwards or needs while the vCPU runs. */
	gic_enable_private(16 + VGIC_VTIMER_PPI, 0x80);
	gic_enable_private(16 + VGIC_MAINT_PPI, 0x80);
	isb();
}

void vgic_vcpu_stop(struct vcpu *v)
{
	struct vgic *g = &v->vm->vgic;
	struct vgic_cpu *c = &g->cpu[v->id];
	uint32_t kick = 0;
	uint64_t state;

	sysreg_write(ICH_HCR_EL2, 0);
	spin_lock(&g->lock);
	apply_lr_requests(g, c);   /* register writes not yet applied */
	take_hw_new(c, c->hw_new); /* their physical interrupts end below */
	c->hw_new = 0;
	for (unsigned n = 0; n < vgic_nr_lrs; n++) {
		struct virq *q;

		if (!(c->lr_used & (1u << n)))
			continue;
		q = lr_virq(g, c, n);
		state = lr_read(n) >> ICH_LR_STATE_SHIFT;
		/* An SPI only pending here goes back to the queue (another vCPU,
		 * or this one's next start, takes it: PSCI CPU_OFF must not lose
		 * it); one the guest had taken is over, and a forwarded physical
		 * interrupt must not stay active forever. */
		if (c->lr_intid[n] >= VGIC_NR_PRIV && state == 1) {
			q->pending = true;
			if (q->target != v->id && q->target < v->vm->nr_vcpus)
				kick |= 1u << q->target; /* re-routed meanwhile */
		} else if (q->hw && state)
			gic_deactivate(q->pintid);
		q->in_lr = false;
		q->active = false;
		lr_write(n, 0);
	}
	c->lr_used = 0;
	c->lr_eoi = 0;
	/* A linked private interrupt (the virtual timer's) that Tessera took
	 * but that never reached a list register (disabled, or no slot yet)
	 * still holds its physical one active: end it, or after a restart
	 * that interrupt never fires again. */
	for (unsigned i = 0; i < VGIC_NR_PRIV; i++) {
		struct virq *q = &c->priv[i];

		if (q->hw && q->pending) {
			gic_deactivate(q->pintid);
			q->pending = false;
		}
	}
	spin_unlock(&g->lock);
	vgic_kick_mask(v->vm, kick);
	isb();
}

/*
 * Register writes to what list register n holds (vgic_regs.c leaves the
 * request in the virq and kicks this vCPU): the list register follows, as
 * the distributor's state would (IHI 0069, 6.1: the hypervisor keeps the
 * list registers consistent). An interrupt that is disabled while only
 * pending leaves its list register and stays latched pending, so it is not
 * delivered until enabled again; a hardware-linked one keeps its physical
 * interrupt active meanwhile, as any linked interrupt Tessera took and has
 * not delivered (its next list register entry is deactivated by the guest's
 * EOI; clearing its pending state deactivates it: hw_pending_write()).
 * Taken out of a list register for good without the guest's deactivation,
 * a linked one is deactivated here: its physical interrupt would otherwise
 * stay active. Returns the list register's state now. (vgic lock held)
 */
static uint64_t apply_lr(struct virq *q, unsigned n)
{
	uint64_t lr = lr_read(n), old = lr;
	uint64_t st = (lr >> ICH_LR_STATE_SHIFT) & 3, nst = st;
	bool held = false;

	if (q->lr_req & VIRQ_LR_UNPEND)
		nst &= ~1UL;
	if (q->lr_req & VIRQ_LR_DEACT)
		nst &= ~2UL;
	if (q->lr_req & VIRQ_LR_ACT)
		nst |= 2UL;
	/* pending here already: nothing; active or over: after it */
	if ((q->lr_req & VIRQ_LR_SPEND) && !(nst & 1))
		gic_spi_set_pending(q->pintid, true);
	if (q->hw && nst == 3) {
		/* Pending and active is for software interrupts only: a linked
		 * one's pending state lives in the physical distributor (IHI
		 * 0069, ICH_LR<n>_EL2.State). Active here, pending there: it
		 * comes again once the guest deactivates it. */
		nst = 2;
		gic_spi_set_pending(q->pintid, true);
	}
	if ((q->lr_req & VIRQ_LR_PRIO) && nst == 1)
		lr = (lr & ~(0xffUL << 48)) | (uint64_t)q->priority << 48;
	q->lr_req = 0;
	if (nst == 1 && !q->enabled) {
		nst = 0;
		q->pending = true;
		held = true;
	}
	if (nst == st && lr == old)
		return st;
	if (q->hw && nst == 0 && !held)
		gic_deactivate(q->pintid); /* the guest will not */
	lr_write(n,
		 nst ? (lr & ~(3UL << ICH_LR_STATE_SHIFT)) | (nst << ICH_LR_STATE_SHIFT)
		     : 0);
	return nst;
}

/* Only a register write (lr_req) or a disabled interrupt needs apply_lr(). */
static inline bool lr_needs_apply(const struct virq *q)
{
	return q->lr_req || !q->enabled;
}

static void apply_lr_requests(struct vgic *g, struct vgic_cpu *c)
{
	for (unsigned n = 0; n < vgic_nr_lrs; n++)
		if ((c->lr_used & (1u << n)) && lr_needs_apply(lr_virq(g, c, n)))
			apply_lr(lr_virq(g, c, n), n);
}

/*
 * The list registers after the guest ran, one pass (vgic lock held):
 * register writes applied (apply_lr), finished interrupts taken out, a new
 * edge of one still held merged in (an active one becomes active and
 * pending, so the guest takes it again after its EOI). *repend: one taken
 * out waits again (a level line still high). Returns the vCPUs to kick: an
 * SPI routed elsewhere meanwhile now waits for its new target.
 */
static uint32_t lrs_update(struct vgic *g, struct vgic_cpu *c, unsigned vcpu,
			   bool *repend)
{
	uint32_t empty = vgic_lr_finished(c);
	uint32_t kick = 0;

	for (uint32_t used = c->lr_used; used; used &= used - 1) {
		unsigned n = (unsigned)__builtin_ctz(used);
		unsigned intid = c->lr_intid[n];
		struct virq *q = lr_virq(g, c, n);

		if (lr_needs_apply(q)) {
			uint64_t st = apply_lr(q, n);

			empty = (empty & ~(1u << n)) | (uint32_t)(st == 0) << n;
		}
		if (!(empty & (1u << n))) {
			if (intid < VGIC_NR_PRIV || q->target == vcpu ||
			    (lr_read(n) >> ICH_LR_STATE_SHIFT) != 1) {
				if (q->pending && !q->hw) {
					uint64_t lr = lr_read(n);

					if (!(lr & ICH_LR_PENDING))
						lr_write(n, lr | ICH_LR_PENDING);
					q->pending = false;
				}
				continue;
			}
			/* re-routed while only pending here: hand it over */
			lr_write(n, 0);
			q->pending = true;
		}
		q->in_lr = false;
		q->active = false;
		q->lr_pending = false;
		if (q->level && q->line && !q->hw)
			q->pending = true; /* still asserted: deliver again */
		vgic_lr_drop_eoi(c, n);
		c->lr_used &= ~(1u << n);
		if (!q->pending)
			continue;
		if (intid >= VGIC_NR_PRIV && q->target != vcpu)
			kick |= 1u << q->target;
		else
			*repend = true;
	}
	return kick;
}

static void lr_load(struct vgic *g, struct vgic_cpu *c, unsigned vcpu, unsigned n,
		    unsigned intid)
{
	/* vgic_pick() only gives INTIDs this VM has */
	vgic_lr_load(c, vcpu, n, intid,
		     intid < VGIC_NR_PRIV ? &c->priv[intid]
					  : &g->spi[intid - VGIC_NR_PRIV]);
}

/*
 * All list registers taken and something more urgent waits: the guest must
 * see the highest-priority pending interrupt (ICC_HPPIR1_EL1, and the order
 * it takes them), so the lowest-priority merely pending entry goes back to
 * the queue. Returns false when nothing was swapped.
 */
static bool evict_for(struct vgic *g, struct vgic_cpu *c, unsigned vcpu, unsigned intid)
{
	unsigned want = vgic_irq(g, vcpu, intid)->priority;
	int worst = -1;
	unsigned worst_prio = 0;

	for (unsigned n = 0; n < vgic_nr_lrs; n++) {
		uint64_t lr = lr_read(n);
		unsigned prio = (unsigned)(lr >> 48) & 0xff;

		if ((lr >> ICH_LR_STATE_SHIFT) != 1)
			continue; /* active ones stay: the guest is handling them */
		if (prio > want && (worst < 0 || prio > worst_prio)) {
			worst = (int)n;
			worst_prio = prio;
		}
	}
	if (worst < 0)
		return false;
	{
		struct virq *out = vgic_irq(g, vcpu, c->lr_intid[worst]);

		out->in_lr = false;
		out->lr_pending = false;
		out->active = false;
		out->pending = true;
	}
	lr_load(g, c, vcpu, (unsigned)worst, intid);
	return true;
}

/* Everything the fast path does not: every list register looked at, as
 * many vgic_pick() scans as free list registers, eviction, underflow
 * maintenance. Called with the vgic lock held; drops it. */
static void __attribute__((noinline))
flush_full(struct vcpu *v, struct vgic *g, struct vgic_cpu *c)
{
	bool more, repend = false;
	uint32_t kick = 0;
	int intid;

	v->vgic_dirty = false;
	if (c->lr_used)
		kick = lrs_update(g, c, v->id, &repend);
	take_hw_new(c, c->hw_new);
	c->hw_new = 0;
	for (unsigned n = 0; n < vgic_nr_lrs; n++) {
		if (c->lr_used & (1u << n))
			continue;
		intid = vgic_pick(g, v->id);
		if (intid < 0)
			break;
		lr_load(g, c, v->id, n, (unsigned)intid);
	}
	while ((intid = vgic_pick(g, v->id)) >= 0 &&
	       evict_for(g, c, v->id, (unsigned)intid))
		;
	more = intid >= 0;
	spin_unlock(&g->lock);
	if (kick)
		vgic_kick_mask(v->vm, kick);
	/* Underflow maintenance only while something still waits for a slot. */
	sysreg_write(ICH_HCR_EL2, ICH_HCR_EN | (more ? ICH_HCR_UIE : 0));
	if (more)
		v->vgic_dirty = true;
	isb();
}

/*
 * The exit after the virtual timer fired, when nothing else changed
 * (vgic_dirty clear: see vgic_sync_flush()). Finished interrupts leave their
 * list registers and each new one takes a free one: no vgic_pick() scan,
 * and ICH_HCR_EL2 keeps UIE clear, as the last flush left it. Returns false,
 * with the state still consistent, for flush_full() to finish whatever it
 * does not cover: a register write to apply, a new edge to merge, an
 * interrupt that waits again or moved away, no free list register. (vgic
 * lock held)
 */
static bool flush_fast(struct vgic *g, struct vgic_cpu *c, unsigned vcpu)
{
	/* locals, stored back once (or before giving up): this runs on the
	 * virtual timer's every expiry */
	uint32_t used = c->lr_used, live = used, bits = c->hw_new, free;

	if (used) {
		uint32_t empty = vgic_lr_finished(c);

		for (; used; used &= used - 1) {
			unsigned n = (unsigned)__builtin_ctz(used);
			struct virq *q = lr_virq(g, c, n);
			bool out = empty & (1u << n);

			if (lr_needs_apply(q) ||
			    (!out &&
			     ((q->pending && !q->hw) || /* a new edge to merge */
			      (c->lr_intid[n] >= VGIC_NR_PRIV && q->target != vcpu))) ||
			    (out && (q->pending || (q->level && q->line && !q->hw)))) {
				c->lr_used = live; /* moves, or waits again */
				return false;
			}
			if (!out)
				continue;
			/* over: lrs_update() would only do this */
			q->in_lr = false;
			q->active = false;
			q->lr_pending = false;
			vgic_lr_drop_eoi(c, n);
			live &= ~(1u << n);
		}
	}
	free = ~live & ((1u << vgic_nr_lrs) - 1);
	for (; bits; bits &= bits - 1) {
		unsigned i = (unsigned)__builtin_ctz(bits), n;
		struct virq *q = &c->priv[i];

		q->hw = true;
		q->pintid = (uint16_t)i;
		q->pending = true;
		if (!vgic_deliverable(g, q))
			continue; /* stays latched, as vgic_pick() would leave it */
		if (!free) {
			c->lr_used = live;
			c->hw_new = bits; /* taking one again changes nothing */
			return false;     /* eviction is flush_full()'s */
		}
		n = (unsigned)__builtin_ctz(free);
		free &= free - 1;
		vgic_lr_load(c, vcpu, n, i, q);
		live |= 1u << n; /* c->lr_used is live's once done */
	}
	c->lr_used = live;
	c->hw_new = 0;
	return true;
}

/*
 * The exit path. v->vgic_dirty clear means every interrupt that could take
 * a list register had one at the last flush (otherwise it set vgic_dirty
 * again), and whoever made one pending since, or wrote a register that
 * concerns one, set it too (and kicked this CPU): then only hw_new and
 * finished list registers can have changed, which flush_fast() covers.
 */
void vgic_sync_flush(struct vcpu *v, struct vgic_cpu *c)
{
	struct vgic *g = &v->vm->vgic;

	/* vcpu_vgic_exit() saw something in flight */
	spin_lock(&g->lock);
	if (v->vgic_dirty || !flush_fast(g, c, v->id))
		flush_full(v, g, c);
	else
		spin_unlock(&g->lock);
}

bool vgic_inject_hw(struct vm *vm, unsigned vcpu, unsigned intid, unsigned pintid)
{
	struct vgic *g = &vm->vgic;
	struct virq *q;
	unsigned t;

	spin_lock(&g->lock);
	q = vgic_irq(g, vcpu, intid);
	if (!q) {
		spin_unlock(&g->lock);
		return false;
	}
	q->hw = true;
	q->pintid = (uint16_t)pintid;
	q->pending = true;
	t = vgic_irq_target(g, vcpu, intid);
	spin_unlock(&g->lock);
	if (t < vm->nr_vcpus) {
		vm->vcpu[t].vgic_dirty = true;
		if (vcpu_current() != &vm->vcpu[t])
			pcpu_kick(vm->vcpu[t].pcpu);
	}
	return true;
}

void vgic_spi_line(struct vm *vm, unsigned intid, bool high)
{
	struct vgic *g = &vm->vgic;
	int t;

	spin_lock(&g->lock);
	t = vgic_set_line(g, intid, high);
	if (!high) {
		struct virq *q = vgic_irq(g, 0, intid);

		if (q && q->level && !q->in_lr)
			q->pending = false;
	}
	spin_unlock(&g->lock);
	if (t >= 0 && (unsigned)t < vm->nr_vcpus)
		vgic_kick_mask(vm, 1u << t);
}

void vgic_sgi_write(struct vcpu *v, uint64_t val)
{
	struct vgic *g = &v->vm->vgic;
	uint32_t targets = vgic_sgi_targets(val, v->id, v->vm->nr_vcpus);
	unsigned intid = (val >> 24) & 0xf;

	spin_lock(&g->lock);
	for (unsigned t = 0; t < v->vm->nr_vcpus; t++)
		if (targets & (1u << t))
			vgic_set_pending(g, t, intid);
	spin_unlock(&g->lock);
	vgic_kick_mask(v->vm, targets);
}

bool vgic_vcpu_idle_ok(struct vcpu *v)
{
	struct vgic_cpu *c = &v->vm->vgic.cpu[v->id];

	vcpu_vgic_exit(v);
	if (v->vgic_dirty)
		return false;
	for (unsigned n = 0; n < vgic_nr_lrs; n++)
		if ((c->lr_used & (1u << n)) && (lr_read(n) & ICH_LR_PENDING))
			return false;
	return true;
}
