/*
 * The guest's distributor and redistributors as trapped MMIO (the register
 * files are vgic_regs.c's), and what a guest write means for the physical
 * GIC where an SPI is hardware-linked: its configuration and route, its
 * pending state, and the activation Tessera holds for it.
 */
#include "arch/gicv3.h"
#include "arch/gic_regs.h"
#include "core/smp.h"
#include "guest/vm.h"
#include "trap/mmio.h"
#include "vgic/vgic.h"
#include "vgic_internal.h"

/* The physical CPU a linked SPI follows: the one running its target vCPU. */
static uint64_t hw_target_mpidr(struct vm *vm, const struct virq *q)
{
	return smp_mpidr[vm->vcpu[q->target < vm->nr_vcpus ? q->target : 0].pcpu];
}

/* Physical priority of a linked SPI: the guest's, but always above the
 * priority mask (ICC_PMR_EL1 0xff lets 0xfe and below through). */
static uint8_t hw_priority(const struct virq *q)
{
	return q->priority < 0xf0 ? q->priority : 0xf0;
}

void vgic_hw_sync(struct vm *vm, unsigned intid)
{
	struct virq *q = vgic_irq(&vm->vgic, 0, intid);

	if (q && q->hw && intid >= VGIC_NR_PRIV)
		gic_spi_configure(q->pintid, q->enabled, hw_priority(q), q->level,
				  hw_target_mpidr(vm, q));
}

/* ISPENDR/ICPENDR bits of linked SPIs go to the physical GIC, which then
 * signals (or stops signalling) them like any device interrupt. A set bit is
 * taken out of *val so the virtual state does not latch it twice; a clear
 * bit stays, so the virtual state forgets what Tessera took but did not
 * deliver. Tessera holds the physical interrupt active until the guest
 * deactivates it, which it now never will: a list register that holds it
 * pending lets it go (apply_lr() deactivates it there), and one no list
 * register holds is deactivated here (its CPU may be another one). */
static void hw_pending_write(struct vgic *g, uint64_t off, uint64_t *val, uint32_t *kick)
{
	bool set = off >= GICD_ISPENDR(0) && off < GICD_ICPENDR(0);
	unsigned first = 32 * (unsigned)((off & 0x7f) / 4);

	if (!(off >= GICD_ISPENDR(0) && off < GICD_ISACTIVER(0)) || first < VGIC_NR_PRIV)
		return;
	for (unsigned i = 0; i < 32; i++) {
		struct virq *q = vgic_irq(g, 0, first + i);

		if (!((*val >> i) & 1) || !q || !q->hw)
			continue;
		if (set) {
			*val &= ~(1UL << i);
			if (q->pending)
				continue; /* held for a delivery: pending already */
			if (q->in_lr) {
				q->lr_req |= VIRQ_LR_SPEND;
				*kick |= 1u << q->lr_vcpu;
			} else {
				gic_spi_set_pending(q->pintid, true);
			}
			continue;
		}
		gic_spi_set_pending(q->pintid, false);
		q->lr_req &= (uint8_t)~VIRQ_LR_SPEND;
		/* held: a new activation no list register holds pending
		 * (in_lr may still name a finished one) */
		if (q->pending)
			gic_spi_deactivate(q->pintid);
	}
}

/* A level-sensitive linked SPI Tessera holds (taken, not delivered) whose
 * device dropped its line meanwhile is no longer pending, as on a GIC: its
 * physical interrupt ends. (vgic lock held) */
static void hw_level_resample(struct vgic *g)
{
	for (unsigned i = 0; i < g->nr_owned; i++) {
		struct virq *q = &g->spi[g->owned[i].intid - VGIC_NR_PRIV];

		if (q->hw && q->level && q->pending && !q->in_lr &&
		    !gic_spi_pending(q->pintid)) {
			q->pending = false;
			gic_spi_deactivate(q->pintid);
		}
	}
}

static int gicd_mmio(struct vcpu *v, struct mmio_access *a, void *dev)
{
	struct vgic *g = dev;
	uint32_t kick = 0;
	uint64_t val = a->value, off = a->ipa - VGIC_GICD_IPA;

	spin_lock(&g->lock);
	vgic_lr_snapshot(g, v->id);
	hw_level_resample(g);
	if (a->write)
		hw_pending_write(g, off, &val, &kick);
	vgicd_access(g, v->id, off, a->size, a->write, &val, &kick);
	if (a->write) {
		unsigned lo, hi;

		vgicd_write_span(off, a->size, &lo, &hi);
		for (unsigned i = 0; i < g->nr_owned; i++)
			if (g->owned[i].pintid && g->owned[i].intid >= lo &&
			    g->owned[i].intid < hi)
				vgic_hw_sync(v->vm, g->owned[i].intid);
	}
	spin_unlock(&g->lock);
	if (!a->write)
		a->value = val;
	vgic_kick_mask(v->vm, kick);
	return 0;
}

static int gicr_mmio(struct vcpu *v, struct mmio_access *a, void *dev)
{
	struct vgic *g = dev;
	uint64_t rel = a->ipa - VGIC_GICR_IPA;
	unsigned target = (unsigned)(rel / VGIC_GICR_STRIDE);
	uint32_t kick = 0;
	uint64_t val = a->value;

	spin_lock(&g->lock);
	vgic_lr_snapshot(g, v->id);
	vgicr_access(g, target, rel % VGIC_GICR_STRIDE, a->size, a->write, &val, &kick);
	spin_unlock(&g->lock);
	if (!a->write)
		a->value = val;
	vgic_kick_mask(v->vm, kick);
	return 0;
}

int vgic_vm_setup(struct vm *vm)
{
	int r;

	vgic_init(&vm->vgic, vm->nr_vcpus);
	r = vm_add_mmio(vm, VGIC_GICD_IPA, VGIC_GICD_SIZE, gicd_mmio, &vm->vgic);
	if (!r)
		r = vm_add_mmio(vm, VGIC_GICR_IPA, VGIC_GICR_STRIDE * vm->nr_vcpus,
				gicr_mmio, &vm->vgic);
	return r;
}
