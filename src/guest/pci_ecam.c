/*
 * Bus mastering off through the ECAM; see include/guest/pci_ecam.h.
 * Register offsets and bits: PCI Local Bus Specification 3.0, 6.1 and 6.2
 * (Type 0/1 configuration header).
 */
#include "guest/pci_ecam.h"

#define PCI_VENDOR_ID 0x00 /* 16 bits, with the device ID above it */
#define PCI_COMMAND 0x04
#define PCI_HEADER_TYPE 0x0e
#define PCI_HEADER_MULTI 0x80 /* header type bit 7: a multi-function device */
/*
 * Command register bit 2, Bus Master: "controls a device's ability to act
 * as a master on the PCI bus. A value of 0 disables the device from
 * generating PCI accesses" (PCI Local Bus 3.0, 6.2.2). On a bridge it also
 * stops forwarding memory requests upstream (PCI-to-PCI Bridge Architecture
 * 1.2, 3.2.5.2), so devices below an enabled bridge are stopped twice.
 */
#define PCI_COMMAND_MASTER 0x0004
#define PCI_NO_DEVICE 0xffff /* a read of an absent function returns all ones */

static uint64_t fn_off(unsigned bus, unsigned dev, unsigned fn)
{
	return (uint64_t)bus << 20 | (uint64_t)dev << 15 | (uint64_t)fn << 12;
}

static void stop_fn(const struct pci_ecam_ops *ops, void *ctx, unsigned first_bus,
		    unsigned bus, unsigned dev, unsigned fn, uint32_t id,
		    struct pci_ecam_result *res)
{
	uint64_t off = fn_off(bus, dev, fn);
	uint16_t cmd = ops->read16(ctx, off + PCI_COMMAND), after;

	res->nr_found++;
	if (!(cmd & PCI_COMMAND_MASTER))
		return;
	/* a 16-bit write: the status register above it has write-1-to-clear
	 * bits a 32-bit write would clear */
	ops->write16(ctx, off + PCI_COMMAND, (uint16_t)(cmd & ~PCI_COMMAND_MASTER));
	/* configuration writes are non-posted; the read back also shows it */
	after = ops->read16(ctx, off + PCI_COMMAND);
	if (res->nr_stopped < PCI_ECAM_MAX_REPORT)
		res->stopped[res->nr_stopped] = (struct pci_ecam_fn){
			.bus = (uint8_t)(first_bus + bus),
			.dev = (uint8_t)dev,
			.fn = (uint8_t)fn,
			.vendor = (uint16_t)id,
			.device = (uint16_t)(id >> 16),
			.cmd_before = cmd,
			.cmd_after = after,
		};
	res->nr_stopped++;
}

void pci_ecam_stop_masters(const struct pci_ecam_ops *ops, void *ctx, unsigned first_bus,
			   unsigned nr_buses, struct pci_ecam_result *res)
{
	*res = (struct pci_ecam_result){0};
	for (unsigned bus = 0; bus < nr_buses; bus++)
		for (unsigned dev = 0; dev < 32; dev++) {
			unsigned nr_fn = 1;

			for (unsigned fn = 0; fn < nr_fn; fn++) {
				uint64_t off = fn_off(bus, dev, fn);
				uint32_t id = ops->read32(ctx, off + PCI_VENDOR_ID);

				if ((id & 0xffff) == PCI_NO_DEVICE)
					continue;
				/* functions 1-7 exist only on a multi-function
				 * device (PCI Local Bus 3.0, 6.2.1) */
				if (fn == 0 && ops->read16(ctx, off + PCI_HEADER_TYPE) &
						       PCI_HEADER_MULTI)
					nr_fn = 8;
				stop_fn(ops, ctx, first_bus, bus, dev, fn, id, res);
			}
		}
}
