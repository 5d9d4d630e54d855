/*
 * Stage 2 on the real machine: tables from the page allocator (identity
 * mapped at EL2) and TLB maintenance by VMID. EL2 only.
 */
#ifndef MM_STAGE2_HW_H
#define MM_STAGE2_HW_H
#include <stdint.h>

#include "mm/stage2.h"

/*
 * Builds an empty stage 2 for a guest on the boot CPU's features (PARange,
 * VMID size, FEAT_S2FWB): VTCR_EL2 value, start level, and the root
 * (concatenated if needed) from page_alloc_range(size, size). vmid comes from
 * the VMID allocator (mm/vmid.h). -EINVAL for VMID 0 or one wider than the
 * CPU's VMID size, or an IPA size the CPU cannot use; -ENOMEM.
 */
int stage2_hw_create(struct stage2 *s2, unsigned ipa_bits, uint16_t vmid);

/*
 * Loads s2 on the calling CPU: VTCR_EL2, VTTBR_EL2, and HCR_EL2.FWB set to
 * s2->fwb (read-modify-write; other HCR_EL2 bits are untouched, so the
 * caller still sets HCR_EL2.VM). Call before the first entry into the guest
 * on this CPU, with the guest not running here.
 */
void stage2_hw_enable_on_this_cpu(const struct stage2 *s2);

/*
 * PAR_EL1 of AT S12E1R for ipa, as a guest stage-1 Normal-WB mapping of it
 * would translate (HCR_EL2.DC), through s2 with its FWB setting: the memory
 * type the MMU itself gives. On any CPU, even in a guest's exit: it borrows
 * VTCR/VTTBR/HCR_EL2 and PAR_EL1 with interrupts masked and puts them back.
 */
uint64_t stage2_hw_probe_wb(const struct stage2 *s2, uint64_t ipa);

/*
 * Drops every TLB entry tagged with the VMID on all CPUs, then frees the
 * tables and the root. The guest's vCPUs must be stopped and no CPU may enter
 * it again. Free the VMID only after this.
 */
void stage2_hw_destroy(struct stage2 *s2);

#endif
