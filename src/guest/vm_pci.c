/*
 * Reclaiming a PCI host bridge a guest owned (include/guest/vm.h): after
 * its regions are unmapped, bus mastering goes off in every function the
 * guest enabled, through the ECAM with Tessera's own Device-nGnRnE mapping,
 * before the guest's RAM is reused (reloaded, or given to the next life).
 * The configuration accesses also drain the windows: PCIe orders a
 * non-posted request after the posted writes before it on the same path
 * (PCI Express Base 2.0, 2.4.1, table 2-34), and every configuration write
 * is non-posted.
 */
#include "arch/sysreg.h"
#include "core/console.h"
#include "guest/layout.h"
#include "guest/pci_ecam.h"
#include "guest/vm.h"
#include "lib/errno.h"
#include "mm/el2map.h"

static uint32_t ecam_read32(void *ctx, uint64_t off)
{
	return *(volatile uint32_t *)((char *)ctx + off);
}

static uint16_t ecam_read16(void *ctx, uint64_t off)
{
	return *(volatile uint16_t *)((char *)ctx + off);
}

static void ecam_write16(void *ctx, uint64_t off, uint16_t val)
{
	*(volatile uint16_t *)((char *)ctx + off) = val;
}

static const struct pci_ecam_ops ecam_ops = {ecam_read32, ecam_read16, ecam_write16};

int vm_pci_reclaim(const struct vm *vm, const struct layout_region *rg, const char *name)
{
	struct pci_ecam_result res;

	if (rg->pci != LAYOUT_PCI_ECAM) {
		printk("tessera: guest \"%s\": reclaim %s: unmapped%s\n", vm->name, name,
		       rg->pci == LAYOUT_PCI_CFG
			       ? "; configuration space Tessera cannot walk (not an "
				 "ECAM): bus mastering left as the guest set it"
			       : ", drained by the configuration accesses through the "
				 "ECAM (non-posted: PCIe orders them after the guest's "
				 "posted writes)");
		return 0;
	}
	/* no alias: the guest's mapping is gone (vm_devices_unmap) */
	vm_tmp_map_lock();
	if (el2map_map(rg->pa, rg->size, EL2_DEVICE_nGnRnE)) {
		el2map_unmap(rg->pa, rg->size);
		vm_tmp_map_unlock();
		printk("tessera: guest \"%s\": reclaim %s: unmapped; cannot map it: bus "
		       "mastering NOT turned off\n",
		       vm->name, name);
		return -ENOMEM;
	}
	pci_ecam_stop_masters(&ecam_ops, (void *)rg->pa, rg->first_bus,
			      (unsigned)(rg->dev_size / PCI_ECAM_BUS_SIZE), &res);
	dsb(sy);
	el2map_unmap(rg->pa, rg->size);
	vm_tmp_map_unlock();
	for (unsigned i = 0; i < res.nr_stopped && i < PCI_ECAM_MAX_REPORT; i++) {
		const struct pci_ecam_fn *f = &res.stopped[i];

		printk("tessera: guest \"%s\": reclaim %s: bus mastering off in "
		       "%02x:%02x.%x [%04x:%04x] (command %#06x -> %#06x)\n",
		       vm->name, name, f->bus, f->dev, f->fn, f->vendor, f->device,
		       f->cmd_before, f->cmd_after);
	}
	if (res.nr_stopped > PCI_ECAM_MAX_REPORT)
		printk("tessera: guest \"%s\": reclaim %s: bus mastering off in %u more "
		       "functions\n",
		       vm->name, name, res.nr_stopped - PCI_ECAM_MAX_REPORT);
	printk("tessera: guest \"%s\": reclaim %s: unmapped, %u PCI function%s found, "
	       "bus mastering turned off in %u\n",
	       vm->name, name, res.nr_found, res.nr_found == 1 ? "" : "s",
	       res.nr_stopped);
	return 0;
}
