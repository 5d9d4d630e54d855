/* Virtual interrupt state: lookup, pending, priority choice (pure logic). */
#include <string.h>

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
}

void vgic_init(struct vgic *g, unsigned nr_vcpus)
{
	memset(g, 0, sizeof(*g));
	g->nr_vcpus = nr_vcpus;
	for (unsigned i = 0; i < VGIC_NR_SPIS; i++)
		reset_irq(&g->spi[i], 32 + i);
	for (unsigned v = 0; v < nr_vcpus; v++)
		vgic_reset_cpu(g, v);
}

struct virq *vgic_irq(struct vgic *g, unsigned vcpu, unsigned intid)
{
	if (intid < VGIC_NR_PRIV)
		return vcpu < g->nr_vcpus ? &g->cpu[vcpu].priv[intid] : 0;
	if (intid < VGIC_NR_IRQS)
		return &g->spi[intid - VGIC_NR_PRIV];
	return 0;
}

unsigned vgic_irq_target(const struct vgic *g, unsigned vcpu, unsigned intid)
{
	if (intid < VGIC_NR_PRIV)
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

static bool deliverable(const struct vgic *g, const struct virq *q)
{
	bool grp_on = q->group1 ? (g->ctlr & 2) : (g->ctlr & 1);

	return q->pending && q->enabled && !q->in_lr && grp_on;
}

int vgic_pick(struct vgic *g, unsigned vcpu)
{
	int best = -1;
	unsigned best_prio = 256;

	if (vcpu >= g->nr_vcpus)
		return -1; /* no such vCPU: nothing of its own to pick */
	for (unsigned i = 0; i < VGIC_NR_IRQS; i++) {
		const struct virq *q = vgic_irq(g, vcpu, i);

		if (i >= VGIC_NR_PRIV && q->target != vcpu)
			continue;
		if (deliverable(g, q) && q->priority < best_prio) {
			best = (int)i;
			best_prio = q->priority;
		}
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

uint64_t vgic_lr_encode(unsigned intid, const struct virq *q)
{
	uint64_t lr = intid | ((uint64_t)q->priority << 48) | ICH_LR_PENDING;

	if (q->group1)
		lr |= ICH_LR_GROUP1;
	if (q->hw)
		lr |= ICH_LR_HW | ((uint64_t)q->pintid << 32);
	return lr;
}
