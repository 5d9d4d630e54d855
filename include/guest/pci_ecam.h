/*
 * Stopping DMA behind a PCIe host bridge on reclaim: every function found
 * through the ECAM whose command register has Bus Master Enable set gets it
 * cleared, so nothing behind the bridge writes the guest's RAM once another
 * guest (or the next life) gets it. Pure logic: configuration space is
 * reached through the accessors, so the walk runs on the host in tests.
 */
#ifndef GUEST_PCI_ECAM_H
#define GUEST_PCI_ECAM_H
#include <stdbool.h>
#include <stdint.h>

/* ECAM: 1 MiB of configuration space per bus, 32 KiB per device, 4 KiB per
 * function (PCI Express Base Specification, "Enhanced Configuration Access
 * Mechanism"). */
#define PCI_ECAM_BUS_SIZE 0x100000ull
#define PCI_ECAM_MAX_REPORT 16

struct pci_ecam_ops {
	/* off: from the ECAM base (the first bus of bus-range) */
	uint32_t (*read32)(void *ctx, uint64_t off);
	uint16_t (*read16)(void *ctx, uint64_t off);
	void (*write16)(void *ctx, uint64_t off, uint16_t val);
};

struct pci_ecam_fn {
	uint8_t bus, dev, fn; /* bus number as the bridge counts it */
	uint16_t vendor, device;
	uint16_t cmd_before, cmd_after; /* after: read back once written */
};

struct pci_ecam_result {
	unsigned nr_found;   /* functions present */
	unsigned nr_stopped; /* functions that had bus mastering on */
	struct pci_ecam_fn stopped[PCI_ECAM_MAX_REPORT]; /* the first of them */
};

/*
 * Walks buses first_bus .. first_bus + nr_buses - 1 (ECAM offset 0 is
 * first_bus), every device, function 0 and, for a multi-function device,
 * functions 1-7, and clears Bus Master Enable where it is set.
 */
void pci_ecam_stop_masters(const struct pci_ecam_ops *ops, void *ctx, unsigned first_bus,
			   unsigned nr_buses, struct pci_ecam_result *res);

#endif
