/*
 * The memory-type policy: whether a region may get the stage-2 type its
 * assignment asks for, and what type a guest access really gets once its
 * stage-1 attribute and the stage-2 type combine (Arm ARM, "Combining the
 * stage 1 and stage 2 attributes", with and without FEAT_S2FWB). Pure logic,
 * used at boot and by the host tools alike.
 */
#ifndef MEMATTR_MEMATTR_H
#define MEMATTR_MEMATTR_H
#include <stdbool.h>
#include <stdint.h>

#include "mm/stage2.h"

/* What part of a PCI host bridge a region is. */
enum memattr_pci {
	MEMATTR_PCI_NONE,   /* not a bridge's */
	MEMATTR_PCI_CONFIG, /* configuration space (the ECAM) */
	MEMATTR_PCI_IO,     /* the I/O window */
	MEMATTR_PCI_MEM,    /* a memory window: the BARs the guest places there */
};

/* What the policy knows about one region. */
struct memattr_req {
	enum s2_memtype type;   /* what the assignment asks for */
	bool in_ram;            /* carved out of host RAM: RAM by nature */
	bool platform_ram_like; /* the platform data says its device is RAM-like */
	bool vouched_ram_like;  /* the config says ram-like */
	bool coherent;          /* the config says the device snoops CPU caches */
	bool fwb;               /* stage 2 runs with HCR_EL2.FWB */
	enum memattr_pci pci;   /* part of a PCI host bridge */
	bool prefetchable;      /* a memory window the bridge's ranges marks so */
};

enum memattr_verdict {
	MEMATTR_OK,
	MEMATTR_WARN,    /* allowed; why says what the user vouches for */
	MEMATTR_REFUSED, /* why says why and what to change */
};

/* Judges one request; why gets one plain sentence for WARN and REFUSED. */
enum memattr_verdict memattr_check(const struct memattr_req *q, char *why, int len);

/* MAIR_ELx / PAR_EL1.ATTR encodings of the types this policy talks about. */
#define MEMATTR_DEVICE_nGnRnE 0x00
#define MEMATTR_DEVICE_nGnRE 0x04
#define MEMATTR_DEVICE_nGRE 0x08
#define MEMATTR_DEVICE_GRE 0x0c
#define MEMATTR_NORMAL_NC 0x44
#define MEMATTR_NORMAL_WT 0xbb
#define MEMATTR_NORMAL_WB 0xff

/* The effective attribute (MAIR encoding) of an access that stage 1 maps
 * with attribute s1 (a MAIR byte) and stage 2 with type t. */
uint8_t memattr_effective(uint8_t s1, enum s2_memtype t, bool fwb);

/*
 * What TESSERA_HC_MEMATTR returns (docs/guest-abi.md): the stage-1+2 PAR_EL1
 * (type, shareability, fault status) with the guest's IPA (from the
 * stage-1-only PAR) in place of the host physical address, which a guest
 * must not learn. A stage-1 fault is reported as the guest's own AT would.
 */
uint64_t memattr_par_for_guest(uint64_t par_s1, uint64_t par_s12);

/* "Device-nGnRE", "Normal-NC", "Normal iWB oNC", ... for a MAIR byte. */
const char *memattr_attr_name(uint8_t attr, char *buf, int len);

#endif
