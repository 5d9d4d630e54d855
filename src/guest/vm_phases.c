/*
 * The steps that give a guest its devices and take them back (include/guest/
 * vm.h). Each is one function so that the reclaim rules of the memory-type
 * policy (drain before reset) have a place between unmap and reload.
 */
#include "arch/gicv3.h"
#include "core/smp.h"
#include "guest/layout.h"
#include "guest/vm.h"
#include "lib/errno.h"
#include "mm/stage2.h"

/* Every physical SPI of the guest: disabled, not pending, not active, so
 * nothing of its previous life reaches the next one (or anyone). */
void vm_irqs_release(struct vm *vm)
{
	for (unsigned i = 0; i < vm->layout->nr_irqs; i++)
		gic_spi_release(vm->layout->irq[i].intid);
}

/* Break-before-make per leaf with TLB invalidation by IPA (stage2_unmap via
 * the hardware pt_ops): no vCPU runs, and none may see the old mapping. */
int vm_devices_unmap(struct vm *vm)
{
	int r = 0;

	for (unsigned i = 0; i < vm->layout->nr_regions; i++) {
		const struct layout_region *rg = &vm->layout->region[i];

		if (rg->kind == LAYOUT_DEVICE && !r)
			r = stage2_unmap(&vm->s2, rg->ipa, rg->size);
	}
	return r;
}

/* Assigned regions at IPA == PA, Device-nGnRE, never executable (a device
 * holds no code, and without execute-never the CPU may fetch from it
 * speculatively). Regions of one guest may share a page: mapped once. */
int vm_devices_map(struct vm *vm)
{
	const struct guest_layout *g = vm->layout;

	for (unsigned i = 0; i < g->nr_regions; i++) {
		const struct layout_region *rg = &g->region[i];
		struct stage2_mapping m;
		int r;

		if (rg->kind != LAYOUT_DEVICE)
			continue;
		r = stage2_map(&vm->s2, rg->ipa, rg->pa, rg->size, rg->type, S2_PERM_RW);
		if (r != -EEXIST) {
			if (r)
				return r;
			continue;
		}
		/* it shares a page with an earlier region: page by page */
		for (uint64_t off = 0; off < rg->size; off += 0x1000) {
			if (!stage2_lookup(&vm->s2, rg->ipa + off, &m))
				continue; /* another region's page */
			r = stage2_map(&vm->s2, rg->ipa + off, rg->pa + off, 0x1000,
				       rg->type, S2_PERM_RW);
			if (r)
				return r;
		}
	}
	return 0;
}

/* The guest's SPIs at their reset state: virtual ones as a fresh vGIC has
 * them, physical ones disabled and routed to vCPU 0's CPU until the guest
 * programs its distributor (vgic_hw_sync carries that over). */
void vm_irqs_claim(struct vm *vm)
{
	spin_lock(&vm->vgic.lock);
	vgic_reset(&vm->vgic);
	for (unsigned i = 0; i < vm->layout->nr_irqs; i++) {
		gic_spi_release(vm->layout->irq[i].intid);
		vgic_hw_sync(vm, vm->layout->irq[i].intid);
	}
	spin_unlock(&vm->vgic.lock);
}
