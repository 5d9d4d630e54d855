/* Stage 2 on the real machine; see include/mm/stage2_hw.h. */
#include <stddef.h>

#include "arch/at.h"
#include "arch/sysreg.h"
#include "core/boot.h"
#include "core/config.h"
#include "lib/errno.h"
#include "mm/page.h"
#include "mm/stage2_hw.h"

#define TLBI_IPA_MASK ((1UL << 36) - 1) /* Xt[35:0] = IPA[47:12] */

static void *hw_table_alloc(void *ctx)
{
	(void)ctx;
	return page_alloc_zeroed();
}

static void hw_table_free(void *ctx, void *table)
{
	(void)ctx;
	page_free_range((uint64_t)table, PAGE_SIZE);
}

/*
 * TLBI by IPA and VMALLE1 act on the VMID in VTTBR_EL2, which may belong to
 * another guest (or none) on this CPU: load the target's VTCR/VTTBR for the
 * duration, with interrupts masked so nothing runs under the borrowed VMID.
 */
struct s2_saved {
	uint64_t daif, vtcr, vttbr;
};

static void switch_to(const struct stage2 *s2, struct s2_saved *sv)
{
	sv->daif = sysreg_read(daif);
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	sv->vtcr = sysreg_read(vtcr_el2);
	sv->vttbr = sysreg_read(vttbr_el2);
	sysreg_write(vtcr_el2, s2->vtcr);
	sysreg_write(vttbr_el2, stage2_vttbr(s2));
	isb();
}

static void switch_back(const struct s2_saved *sv)
{
	sysreg_write(vtcr_el2, sv->vtcr);
	sysreg_write(vttbr_el2, sv->vttbr);
	isb();
	sysreg_write(daif, sv->daif);
}

/*
 * Called by pt after the entry for ipa was made invalid and before anything
 * new is written there. The order is KVM's __kvm_tlb_flush_vmid_ipa
 * (memattr.md 2.4): the invalid entry is visible (DSB ISHST) before the TLBI;
 * the stage-2 invalidation completes (DSB ISH) before the stage-1 one,
 * otherwise another CPU could refill a combined S1+S2 entry from the old
 * stage 2; TLBI VMALLE1IS because combined entries are tagged by VA only.
 * A removed table may have cached walks under other IPAs: drop the whole VMID.
 */
static void hw_tlb_inval(void *ctx, uint64_t ipa, unsigned level, bool was_table)
{
	const struct stage2 *s2 = ctx;
	struct s2_saved sv;

	(void)level; /* a TTL hint needs FEAT_TTL */
	dsb(ishst);
	switch_to(s2, &sv);
	if (was_table)
		__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	else
		__asm__ volatile("tlbi ipas2e1is, %0" ::"r"((ipa >> 12) & TLBI_IPA_MASK)
				 : "memory");
	dsb(ish);
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	isb();
	switch_back(&sv);
}

/* New entries and tables are visible to other CPUs' walkers. */
static void hw_publish(void *ctx)
{
	(void)ctx;
	dsb(ishst);
}

static const struct pt_ops s2_hw_ops = {
	.table_alloc = hw_table_alloc,
	.table_free = hw_table_free,
	.virt_to_phys = pt_identity_v2p,
	.phys_to_virt = pt_identity_p2v,
	.tlb_inval = hw_tlb_inval,
	.publish = hw_publish,
};

int stage2_hw_create(struct stage2 *s2, unsigned ipa_bits, uint16_t vmid)
{
	uint64_t vtcr, root, size;
	unsigned level, tables;
	int r;

	if (vmid == 0 || (uint32_t)vmid >= (1u << boot_cpu.vmid_bits))
		return -EINVAL;
	r = stage2_geometry(ipa_bits, boot_cpu.parange, boot_cpu.vmid_bits, &vtcr, &level,
			    &tables);
	if (r)
		return r;
	size = tables * PAGE_SIZE;
	root = page_alloc_range(size, size); /* zeroed */
	if (!root)
		return -ENOMEM;
	r = stage2_init(s2, (void *)root, ipa_bits, level, vmid, boot_cpu.s2fwb,
			&s2_hw_ops, s2);
	if (r) {
		page_free_range(root, size);
		return r;
	}
	s2->vtcr = vtcr;
	return 0;
}

void stage2_hw_enable_on_this_cpu(const struct stage2 *s2)
{
	uint64_t hcr = sysreg_read(hcr_el2);
	uint64_t want = s2->fwb ? (hcr | HCR_EL2_FWB) : (hcr & ~HCR_EL2_FWB);

	sysreg_write(vtcr_el2, s2->vtcr);
	sysreg_write(vttbr_el2, stage2_vttbr(s2));
	if (want != hcr) {
		sysreg_write(hcr_el2, want);
		isb();
		/* HCR_EL2.FWB is permitted to be cached in a TLB (Arm ARM,
		 * HCR_EL2.FWB): drop this CPU's entries for the VMID. */
		__asm__ volatile("tlbi vmalls12e1" ::: "memory");
		dsb(nsh);
	}
	isb();
}

/*
 * HCR_EL2.DC=1 makes an EL1&0 stage 1 that is off behave as Normal
 * Inner/Outer Write-Back (Arm ARM, HCR_EL2.DC), so AT S12E1R of an IPA
 * reports what a guest Normal-WB mapping of it gets, with no guest tables.
 * DC and FWB may be cached in TLB entries: this CPU's entries for the VMID
 * go before and after, so neither the probe nor the guest sees the other's.
 */
uint64_t stage2_hw_probe_wb(const struct stage2 *s2, uint64_t ipa)
{
	struct s2_saved sv;
	uint64_t hcr, par;

	switch_to(s2, &sv);
	hcr = sysreg_read(hcr_el2);
	sysreg_write(hcr_el2,
		     HCR_EL2_VM | HCR_EL2_DC | HCR_EL2_RW | (s2->fwb ? HCR_EL2_FWB : 0));
	isb();
	__asm__ volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	isb();
	par = at_par(AT_S12E1R, ipa);
	/* HCR_EL2 back first: no walk under DC may refill after the TLBI */
	sysreg_write(hcr_el2, hcr);
	isb();
	__asm__ volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	isb();
	switch_back(&sv);
	return par;
}

void stage2_hw_destroy(struct stage2 *s2)
{
	struct s2_saved sv;

	if (!s2->pt.root)
		return;
	/* Nothing can refill the TLBs for this VMID (no vCPU runs it), so
	 * after this the tables may go back to the allocator. */
	dsb(ishst);
	switch_to(s2, &sv);
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	isb();
	switch_back(&sv);
	pt_free_tables(&s2->pt);
	page_free_range((uint64_t)s2->pt.root, stage2_root_tables(s2) * PAGE_SIZE);
	s2->pt.root = NULL;
}
