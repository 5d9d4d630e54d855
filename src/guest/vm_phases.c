/*
 * The steps that give a guest its devices and take them back (include/guest/
 * vm.h). Each is one function so that the reclaim rules of the memory-type
 * policy (drain before reset) have a place between unmap and reload.
 */
#include <libfdt.h>

#include <string.h>

#include "arch/cache.h"
#include "arch/gicv3.h"
#include "arch/sysreg.h"
#include "core/boot.h"
#include "core/console.h"
#include "mm/el2map.h"
#include "core/smp.h"
#include "guest/layout.h"
#include "guest/vm.h"
#include "lib/errno.h"
#include "lib/spinlock.h"
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

/*
 * After the unmap: what Tessera knows how to do to a device before anyone
 * else gets it. A read through a temporary Device-nGnRnE mapping (a
 * register known to have no read side effects) completes at the device, so
 * every write the guest posted before it has landed; then the mapping goes
 * again (no alias while a guest owns the region). A virtio-mmio device is
 * reset by writing 0 to its Status register (virtio 1.x, 4.2.2.1).
 */
static const struct {
	const char *compatible;
	uint32_t safe_reg;  /* offset of a register with no read side effects */
	bool virtio_status; /* reset through the virtio-mmio Status register */
} reclaim_info[] = {
	{"virtio,mmio", 0x000, true},    /* MagicValue */
	{"arm,primecell", 0xfe0, false}, /* PeriphID0, on every PrimeCell */
};

#define VIRTIO_MMIO_STATUS 0x070

/* Tessera's EL2 map is shared: two guests may reclaim at once. */
static struct spinlock el2_tmp_lock;

void vm_tmp_map_lock(void)
{
	spin_lock(&el2_tmp_lock);
}

void vm_tmp_map_unlock(void)
{
	spin_unlock(&el2_tmp_lock);
}

/* Drains (and resets, where Tessera knows how) one unmapped device;
 * non-zero if it may still master DMA. */
static int reclaim_device(const struct vm *vm, const struct layout_region *rg)
{
	const struct guest_layout *g = vm->layout;
	int node = g->host_node[rg->assign];
	char name[80];

	layout_region_name(g, rg, name, sizeof(name));
	if (rg->pci)
		return vm_pci_reclaim(vm, rg, name);
	for (unsigned i = 0;
	     node >= 0 && i < sizeof(reclaim_info) / sizeof(reclaim_info[0]); i++) {
		uint64_t page = rg->dev_base & ~0xfffUL;
		uint64_t reg = rg->dev_base + reclaim_info[i].safe_reg;
		uint32_t val;

		if (fdt_node_check_compatible(host_fdt, node,
					      reclaim_info[i].compatible) ||
		    reg + 4 > rg->dev_base + rg->dev_size)
			continue;
		vm_tmp_map_lock();
		if (el2map_map(page, rg->pa + rg->size - page, EL2_DEVICE_nGnRnE)) {
			vm_tmp_map_unlock();
			continue;
		}
		val = *(volatile uint32_t *)reg;
		if (reclaim_info[i].virtio_status) {
			*(volatile uint32_t *)(rg->dev_base + VIRTIO_MMIO_STATUS) = 0;
			val = *(volatile uint32_t *)reg;
		}
		dsb(sy);
		el2map_unmap(page, rg->pa + rg->size - page);
		vm_tmp_map_unlock();
		printk("tessera: guest \"%s\": reclaim %s: unmapped, drained (read %#x at "
		       "+%#x)%s\n",
		       vm->name, name, val, reclaim_info[i].safe_reg,
		       reclaim_info[i].virtio_status ? ", reset (virtio Status 0)" : "");
		return 0;
	}
	printk("tessera: guest \"%s\": reclaim %s: unmapped; no register known safe to "
	       "read: not drained\n",
	       vm->name, name);
	return 0;
}

/* A carve-out of RAM: zeroed for the next life unless persistent; left as
 * it is when the guest is off (it may be looked at). */
static int reclaim_ram(const struct vm *vm, const struct layout_region *rg)
{
	bool keep = vm->layout->cfg->assign[rg->assign].persistent;
	char name[80];

	layout_region_name(vm->layout, rg, name, sizeof(name));
	if (vm->request != VM_REQ_RESET || keep) {
		printk("tessera: guest \"%s\": reclaim %s: unmapped, contents %s\n",
		       vm->name, name,
		       keep ? "kept (persistent RAM)"
			    : "left as they are (the guest is off)");
		return 0;
	}
	if (vm_carveout_clear(rg, false)) {
		printk("tessera: guest \"%s\": reclaim %s: unmapped; cannot map it to "
		       "clear it\n",
		       vm->name, name);
		return -ENOMEM;
	}
	printk("tessera: guest \"%s\": reclaim %s: unmapped, cleared (RAM)\n", vm->name,
	       name);
	return 0;
}

/*
 * Works on a carve-out through a temporary Normal Non-cacheable alias (the
 * guest's own map of it may be Normal-NC or Device, so no cacheable alias
 * may exist while it is used): cleans and invalidates its lines to the
 * Point of Coherency (maintenance by VA acts on the physical lines whatever
 * the alias's type), then zeroes it unless keep. Once the cacheable map is
 * gone this is the only way to reach those lines, and it must run after
 * that map is gone: a line filled through it until its TLB invalidation
 * completed (a speculative read) would otherwise stay in the caches, where
 * an implementation's "unexpected cache hit" may return it to a guest's
 * non-cacheable read; no dirty line of the last life, written through a
 * cacheable stage 2 (normal-WB), can land on the zeros later either.
 */
int vm_carveout_clear(const struct layout_region *rg, bool keep)
{
	vm_tmp_map_lock();
	if (el2map_map(rg->pa, rg->size, EL2_NORMAL_NC)) {
		el2map_unmap(rg->pa, rg->size);
		vm_tmp_map_unlock();
		return -ENOMEM;
	}
	dcache_clean_inval_range(rg->pa, rg->size);
	if (!keep)
		memset((void *)rg->pa, 0, rg->size);
	dsb(sy);
	el2map_unmap(rg->pa, rg->size);
	vm_tmp_map_unlock();
	return 0;
}

/* Every device first (no DMA lands after), then the carve-outs. */
int vm_devices_reclaim(struct vm *vm)
{
	const struct guest_layout *g = vm->layout;
	int r = 0;

	for (unsigned i = 0; i < g->nr_regions; i++)
		if (g->region[i].kind == LAYOUT_DEVICE && !g->region[i].in_ram &&
		    reclaim_device(vm, &g->region[i]))
			r = -EBUSY;
	for (unsigned i = 0; i < g->nr_regions; i++)
		if (g->region[i].kind == LAYOUT_DEVICE && g->region[i].in_ram && !r)
			r = reclaim_ram(vm, &g->region[i]);
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
