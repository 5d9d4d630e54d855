/* Virtual interrupt state: lookup, pending, priority choice (pure logic). */
#include <string.h>

#include "lib/errno.h"
#include "vgic/vgic.h"

static void reset_irq(struct virq *q, unsigned intid)
{
	memset(q, 0, sizeof(*q));
	/* SGIs are always edge (ICFGR0 is read-only); PPIs and SPIs start level */
	q->level = intid >= 16;
}

void vgic_reset_cpu(struct vgic *g, unsigned vcpu)
{
	struct vgic_cpu *c = &g->cpu[vcpu];

	for (unsigned i = 0; i < VGIC_NR_PRIV; i++)
		reset_irq(&c->priv[i], i);
	c->sleep = true;
	c->lr_used = 0;
	c->hw_new = 0;
	c->lr_eoi = 0;
}

/* A redistributor keeps the SGIs sent to its PE while the PE is off, and a
 * guest sends its first IPIs while a secondary boots (Linux does): they
 * are delivered once the vCPU enables them. */
void vgic_start_cpu(struct vgic *g, unsigned vcpu)
{
	struct virq *priv = g->cpu[vcpu].priv;
	uint32_t sgis = 0;

	for (unsigned i = 0; i < VGIC_NR_SGIS; i++)
		if (priv[i].pending)
			sgis |= 1u << i;
	vgic_reset_cpu(g, vcpu);
	for (unsigned i = 0; i < VGIC_NR_SGIS; i++)
		priv[i].pending = (sgis >> i) & 1;
}

void vgic_reset(struct vgic *g)
{
	g->ctlr = 0;
	g->nr_irqs = 64; /* GICD_TYPER's minimum: ITLinesNumber 1 */
	for (unsigned i = 0; i < VGIC_NR_SPIS; i++)
		reset_irq(&g->spi[i], 32 + i);
	for (unsigned i = 0; i < g->nr_owned; i++) {
		const struct vgic_owned *o = &g->owned[i];
		struct virq *q = &g->spi[o->intid - VGIC_NR_PRIV];

		q->owned = true;
		q->level = o->level;
		q->hw = o->pintid != 0;
		q->pintid = o->pintid;
		if (o->intid >= g->nr_irqs)
			g->nr_irqs = (o->intid / 32 + 1) * 32;
	}
	for (unsigned v = 0; v < g->nr_vcpus; v++)
		vgic_reset_cpu(g, v);
}

void vgic_init(struct vgic *g, unsigned nr_vcpus)
{
	memset(g, 0, sizeof(*g));
	g->nr_vcpus = nr_vcpus;
	vgic_reset(g);
}

int vgic_own_spi(struct vgic *g, unsigned intid, unsigned pintid, bool level)
{
	if (intid < VGIC_NR_PRIV || intid >= VGIC_NR_IRQS || pintid >= 1020)
		return -EINVAL;
	for (unsigned i = 0; i < g->nr_owned; i++)
		if (g->owned[i].intid == intid)
			return -EEXIST;
	if (g->nr_owned == VGIC_MAX_OWNED)
		return -ENOSPC;
	g->owned[g->nr_owned++] =
		(struct vgic_owned){(uint16_t)intid, (uint16_t)pintid, level};
	vgic_reset(g);
	return 0;
}

struct virq *vgic_irq(struct vgic *g, unsigned vcpu, unsigned intid)
{
	if (intid < VGIC_NR_PRIV)
		return vcpu < g->nr_vcpus ? &g->cpu[vcpu].priv[intid] : 0;
	if (intid < VGIC_NR_IRQS && g->spi[intid - VGIC_NR_PRIV].owned)
		return &g->spi[intid - VGIC_NR_PRIV];
	return 0;
}

unsigned vgic_irq_target(const struct vgic *g, unsigned vcpu, unsigned intid)
{
	if (intid < VGIC_NR_PRIV || intid >= VGIC_NR_IRQS)
		return vcpu;
	return g->spi[intid - VGIC_NR_PRIV].target;
}

int vgic_set_pending(struct vgic *g, unsigned vcpu, unsigned intid)
{
	struct virq *q = vgic_irq(g, vcpu, intid);

	if (!q)
		return -1;
	q->pending = true;
	return (int)vgic_irq_target(g, vcpu, intid);
}

int vgic_set_line(struct vgic *g, unsigned intid, bool high)
{
	struct virq *q = vgic_irq(g, 0, intid);

	bool rising;

	if (!q || intid < VGIC_NR_PRIV)
		return -1;
	rising = high && !q->line;
	q->line = high;
	if (q->level) {
		/* pending follows the line (an ISPENDR latch does not outlive a
		 * falling line: one pending bit holds both) */
		q->pending = high;
		return high ? (int)q->target : -1;
	}
	/* edge-triggered: only a rising edge makes it pending */
	if (!rising)
		return -1;
	q->pending = true;
	return (int)q->target;
}

/* One candidate of vgic_pick(): the most urgent so far, equal priority
 * going to the lower INTID. Pending is looked at first: it is rarely set,
 * and this runs on every exit that loads a list register. */
static void pick_one(const struct vgic *g, const struct virq *q, unsigned intid,
		     int *best, unsigned *best_prio)
{
	if (!q->pending || !vgic_deliverable(g, q))
		return;
	if (q->priority < *best_prio ||
	    (q->priority == *best_prio && (int)intid < *best)) {
		*best = (int)intid;
		*best_prio = q->priority;
	}
}

int vgic_pick(struct vgic *g, unsigned vcpu)
{
	const struct virq *priv;
	int best = -1;
	unsigned best_prio = 256;

	if (vcpu >= g->nr_vcpus)
		return -1; /* no such vCPU: nothing of its own to pick */
	/* private ones, then the owned SPIs routed here: a handful, not 256 */
	priv = g->cpu[vcpu].priv;
	for (unsigned i = 0; i < VGIC_NR_PRIV; i++)
		pick_one(g, &priv[i], i, &best, &best_prio);
	for (unsigned i = 0; i < g->nr_owned; i++) {
		unsigned intid = g->owned[i].intid;
		const struct virq *q = &g->spi[intid - VGIC_NR_PRIV];

		if (q->target == vcpu)
			pick_one(g, q, intid, &best, &best_prio);
	}
	return best;
}

uint32_t vgic_sgi_targets(uint64_t sgi1r, unsigned self, unsigned nr_vcpus)
{
	uint32_t all = (nr_vcpus >= 32) ? ~0u : ((1u << nr_vcpus) - 1);
	unsigned rs = (sgi1r >> 44) & 0xf;

	/* IRM (bit 40): every PE but the sender */
	if (sgi1r & (1UL << 40))
		return all & ~(1u << self);
	/* our vCPUs have MPIDR Aff0 = index, Aff1..3 = 0 */
	if ((sgi1r >> 16) & 0xff || (sgi1r >> 32) & 0xff || (sgi1r >> 48) & 0xff)
		return 0;
	if (rs >= 2)
		return 0;
	return ((uint32_t)(sgi1r & 0xffff) << (16 * rs)) & all;
}
