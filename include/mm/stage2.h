/*
 * Stage-2 translation of a guest's IPA space (Arm ARM D8, VMSAv8-64, 4 KiB
 * granule). Pure logic on top of mm/pt.h: descriptor attributes for the
 * memory types Tessera assigns, VTCR_EL2/VTTBR_EL2 values, and map, unmap and
 * change with break-before-make. Table memory and TLB maintenance come from
 * pt_ops (mm/stage2_hw.h at EL2, a recording mock in the unit tests).
 */
#ifndef MM_STAGE2_H
#define MM_STAGE2_H
#include <stdbool.h>
#include <stdint.h>

#include "mm/pt.h"

enum s2_memtype { S2_NORMAL_WB, S2_DEVICE_nGnRE, S2_NORMAL_NC, S2_DEVICE_nGnRnE };

#define S2_PERM_R 1u
#define S2_PERM_W 2u
#define S2_PERM_X 4u
#define S2_PERM_RW (S2_PERM_R | S2_PERM_W)
#define S2_PERM_RWX (S2_PERM_R | S2_PERM_W | S2_PERM_X)

/* Stage-2 block/page descriptor fields (Arm ARM D8.3.2). */
#define S2_DESC_MEMATTR_SHIFT 2
#define S2_DESC_MEMATTR_MASK (0xfUL << 2) /* MemAttr[3:0]; [3] RES0 with FWB */
#define S2_DESC_S2AP_R (1UL << 6)
#define S2_DESC_S2AP_W (1UL << 7)
#define S2_DESC_SH_MASK (3UL << 8)
#define S2_DESC_SH_OUTER (2UL << 8)
#define S2_DESC_SH_INNER (3UL << 8)
#define S2_DESC_AF (1UL << 10)
#define S2_DESC_XN (1UL << 54) /* XN[1] = 1: no execution at EL1 or EL0 */
#define S2_DESC_XN_MASK (3UL << 53)

/* MemAttr values. HCR_EL2.FWB=0: [3:2] outer, [1:0] inner (or Device type). */
#define S2_MEMATTR_NORMAL_WB 0xfUL /* Outer WB, Inner WB */
#define S2_MEMATTR_DEVICE_nGnRE 0x1UL
#define S2_MEMATTR_NORMAL_NC 0x5UL /* Outer NC, Inner NC */
#define S2_MEMATTR_DEVICE_nGnRnE 0x0UL
/* HCR_EL2.FWB=1 (FEAT_S2FWB): MemAttr[2:0]. */
#define S2_MEMATTR_FWB_NORMAL_WB 0x6UL /* forced Write-Back */
#define S2_MEMATTR_FWB_DEVICE_nGnRE 0x1UL
#define S2_MEMATTR_FWB_NORMAL_NC 0x5UL /* guest picks Device or NC, never cacheable */
#define S2_MEMATTR_FWB_DEVICE_nGnRnE 0x0UL

/* VTCR_EL2 fields (Arm ARM D19, VTCR_EL2). */
#define VTCR_T0SZ(ipa_bits) ((uint64_t)(64 - (ipa_bits)) & 0x3f)
#define VTCR_SL0_SHIFT 6
#define VTCR_IRGN0_WBWA (1UL << 8)
#define VTCR_ORGN0_WBWA (1UL << 10)
#define VTCR_SH0_INNER (3UL << 12)
#define VTCR_TG0_4K (0UL << 14)
#define VTCR_PS_SHIFT 16
#define VTCR_VS_16BIT (1UL << 19)
#define VTCR_RES1 (1UL << 31)

#define VTTBR_VMID_SHIFT 48

#define S2_MAX_ROOT_TABLES 16

struct stage2 {
	struct pt pt;
	uint16_t vmid;
	bool fwb; /* HCR_EL2.FWB will be 1 while this guest runs */
	unsigned ipa_bits;
	uint64_t vtcr; /* from stage2_geometry() */
};

/* What one IPA translates to, decoded from its leaf descriptor. */
struct stage2_mapping {
	uint64_t pa;    /* output address of the IPA itself */
	uint64_t desc;  /* the raw leaf descriptor */
	unsigned level; /* 1: 1 GiB block, 2: 2 MiB block, 3: page */
	enum s2_memtype type;
	unsigned perms;
};

const char *s2_memtype_name(enum s2_memtype t);

/*
 * 0 if the pair is one Tessera maps; -EINVAL for an unknown type or
 * permission bit, no permission at all, or X on Device or Normal-NC (never
 * executable; refused, not silently dropped).
 */
int stage2_check_request(enum s2_memtype t, unsigned perms);

/* Descriptor attribute bits (MemAttr, S2AP, SH, AF, XN) for a valid request. */
uint64_t stage2_leaf_attrs(enum s2_memtype t, unsigned perms, bool fwb);

/* Inverse of stage2_leaf_attrs(): -EINVAL if MemAttr is not one Tessera writes. */
int stage2_decode(uint64_t desc, bool fwb, enum s2_memtype *t, unsigned *perms);

/*
 * VTCR_EL2 for an IPA size on this CPU, and the start level and number of
 * concatenated root tables with the fewest lookup levels (up to 16 root
 * tables). parange is ID_AA64MMFR0_EL1.PARange (PS is capped at 48 bits);
 * vmid_bits is 8 or 16. -EINVAL if ipa_bits is outside 25..48, larger than
 * the PA size, or vmid_bits is neither.
 */
int stage2_geometry(unsigned ipa_bits, unsigned parange, unsigned vmid_bits,
		    uint64_t *vtcr, unsigned *start_level, unsigned *root_tables);

/*
 * root: zeroed, stage2_root_tables() pages, aligned to its size (Arm ARM:
 * concatenated tables are aligned to their total size), owned by the caller.
 * -EINVAL for VMID 0 (reserved: no guest), a misaligned root, or an
 * (ipa_bits, start_level) pair VTCR_EL2 cannot express. s2->vtcr is left 0
 * for the caller to fill from stage2_geometry().
 */
int stage2_init(struct stage2 *s2, void *root, unsigned ipa_bits, unsigned start_level,
		uint16_t vmid, bool fwb, const struct pt_ops *ops, void *ctx);
unsigned stage2_root_tables(const struct stage2 *s2);

/*
 * Maps [ipa, ipa+size) to [pa, pa+size), with 1 GiB and 2 MiB blocks where
 * both addresses are aligned. -EINVAL (bad request or misaligned), -ERANGE
 * (beyond the IPA size), -EEXIST (part already mapped), -ENOMEM; on error
 * nothing changed.
 */
int stage2_map(struct stage2 *s2, uint64_t ipa, uint64_t pa, uint64_t size,
	       enum s2_memtype t, unsigned perms);
/* Unmaps the range (blocks straddling its ends are split); unmapped parts
 * are skipped. -ENOMEM and nothing changed if a split table is missing. */
int stage2_unmap(struct stage2 *s2, uint64_t ipa, uint64_t size);
/* Changes type and permissions of a fully mapped range with break-before-make
 * per leaf; -ENOENT (part unmapped), -EINVAL or -ENOMEM and nothing changed. */
int stage2_change(struct stage2 *s2, uint64_t ipa, uint64_t size, enum s2_memtype t,
		  unsigned perms);
/* -ENOENT if ipa is unmapped, -EINVAL if its descriptor is not one of ours. */
int stage2_lookup(const struct stage2 *s2, uint64_t ipa, struct stage2_mapping *m);

/* VTTBR_EL2: BADDR (root physical address) | VMID << 48. */
uint64_t stage2_vttbr(const struct stage2 *s2);

#endif
