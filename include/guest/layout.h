/*
 * The guest layout model: per guest, every region of its IPA space (RAM, the
 * emulated vGIC and vUART, assigned devices) and every physical interrupt it
 * owns. Built once at boot from the config and the host DT, and used by
 * everything after: the checks (layout_check.c), the stage-2 builder, the
 * vGIC ownership, the interrupt routing table and the guest DT. Pure logic:
 * the host tools build the same layout from a config and a host DTB.
 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H
#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "dt/inventory.h"
#include "guest/dt_copy.h"
#include "guest/guest_dt.h"
#include "mm/palloc.h"
#include "mm/stage2.h"

#define LAYOUT_MAX_REGIONS 64
#define LAYOUT_MAX_IRQS 32
#define LAYOUT_MAX_WARN 8
/* The guests' IPA size (capped by the CPU's PA size): 40 bits reach QEMU
 * virt's PCIe ECAM and every 40-bit-PA CPU has it. */
#define GUEST_IPA_BITS 40u

enum layout_kind {
	LAYOUT_RAM,
	LAYOUT_VGIC_DIST,
	LAYOUT_VGIC_REDIST,
	LAYOUT_VUART,
	LAYOUT_DEVICE, /* an assigned region: mapped IPA == PA */
};

/* What a region of a PCI host bridge (device_type = "pci") is: its
 * configuration space (reg) or one of its windows (ranges). */
enum layout_pci {
	LAYOUT_PCI_NONE,
	LAYOUT_PCI_ECAM,  /* configuration space, ECAM */
	LAYOUT_PCI_CFG,   /* configuration space of another kind of bridge */
	LAYOUT_PCI_IO,    /* the I/O window */
	LAYOUT_PCI_MEM32, /* a 32-bit memory window */
	LAYOUT_PCI_MEM64, /* a 64-bit memory window */
};

struct layout_region {
	enum layout_kind kind;
	uint64_t ipa, pa, size;      /* page granular: what stage 2 maps or traps */
	uint64_t dev_base, dev_size; /* a device: the exact range it was given */
	int assign;                  /* index into the guest's assign[], or -1 */
	bool in_ram;                 /* a device region carved out of host RAM */
	enum s2_memtype type;        /* its stage-2 memory type */
	enum layout_pci pci;         /* part of a PCI host bridge: which part */
	bool prefetchable;           /* a window the bridge's ranges marks so */
	uint8_t first_bus;           /* ECAM: bus-range's first bus (offset 0) */
};

/* A physical SPI delivered to the guest, hardware-linked, at the same INTID. */
struct layout_irq {
	uint16_t intid;
	bool level;
	int assign;
};

struct guest_layout {
	const struct guest_config *cfg;
	uint64_t ram_ipa, ram_pa, ram_size;
	bool vuart;   /* it has a virtual PL011 (not when it has the real one) */
	bool console; /* it was given Tessera's console UART */
	char stdout_path[CONFIG_PATH_LEN]; /* ... its path in the guest DT */
	bool dma; /* some assigned device masters DMA (platform data) */
	struct layout_region region[LAYOUT_MAX_REGIONS];
	unsigned nr_regions;
	struct layout_irq irq[LAYOUT_MAX_IRQS];
	unsigned nr_irqs;
	int host_node[CONFIG_MAX_ASSIGN]; /* per assignment: host DT node, or -1 */
	int dt_nodes[CONFIG_MAX_ASSIGN];  /* the host nodes its DT gets */
	struct dt_copy_in dt_in;          /* ... as the guest DT copier takes them */
};

/* What the machine says, for the layout. */
struct layout_host {
	/* ipa_bits is what the CPU allows of GUEST_IPA_BITS; pa_bits says why */
	const void *fdt;               /* host DT */
	const struct inventory *inv;   /* RAM, reserved, Tessera, payload, DTB, GIC */
	const struct inv_console *con; /* Tessera's console (regs.size 0: none) */
	unsigned nr_intids;            /* INTIDs the physical GIC has */
	unsigned ipa_bits;             /* the guests' IPA size */
	unsigned pa_bits;              /* the CPU's physical address size */
	bool fwb;                      /* stage 2 runs with HCR_EL2.FWB (FEAT_S2FWB) */
	struct palloc *ram;            /* free RAM: guest RAM and carve-outs */
};

struct sys_layout {
	struct guest_layout guest[CONFIG_MAX_GUESTS];
	unsigned nr_guests;
	int console_guest; /* the guest given Tessera's console, or -1 */
	char warn[LAYOUT_MAX_WARN][CONFIG_ERR_LEN];
	unsigned nr_warn;
};

/*
 * Resolves every assignment against the host DT, places RAM (taking it and
 * the carve-outs out of h->ram), and checks the whole system. On error
 * returns <0 with one line in err naming the config file, the node, the
 * property and the reason; h->ram may then be partly used (the boot stops).
 * Warnings (things the user should know but may want) go to out->warn.
 */
int layout_build(const struct sys_config *c, const struct layout_host *h,
		 struct sys_layout *out, char *err, int errlen);

/* The guest DT parameters the layout decides (RAM, vCPUs, emulated devices,
 * assigned nodes); bootargs and initrd are the loader's. */
void layout_dt_params(const struct guest_layout *g, const void *cfg_dtb,
		      struct guest_dt_params *p);

/* A region's description for messages, e.g. "the vUART", "/pl031@9010000"
 * or "/pcie@10000000's 64-bit window". */
const char *layout_region_name(const struct guest_layout *g,
			       const struct layout_region *r, char *buf, int len);

/* "ECAM", "64-bit window", ...; "" for LAYOUT_PCI_NONE. */
const char *layout_pci_name(enum layout_pci p);
/* For a PCI memory window: what its stage-2 type means for the guest's
 * write-combining mappings of the BARs in it, in one sentence; else NULL. */
const char *layout_pci_note(const struct guest_layout *g, const struct layout_region *r,
			    char *buf, int len);

/* ---- layout_check.c: the system-wide checks, once everything is placed ---- */
struct layout_ctx;
int layout_check_system(struct layout_ctx *x);

#endif
