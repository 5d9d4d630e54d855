/* Stage-2 translation, pure logic; see include/mm/stage2.h. */
#include <stddef.h>

#include "lib/errno.h"
#include "mm/stage2.h"

#define GRANULE 4096UL
#define IPA_BITS_MIN 25 /* VTCR_EL2.T0SZ <= 39 without FEAT_TTST */
#define IPA_BITS_MAX 48 /* no 52-bit (LPA2) support */

const char *s2_memtype_name(enum s2_memtype t)
{
	switch (t) {
	case S2_NORMAL_WB:
		return "normal-WB";
	case S2_DEVICE_nGnRE:
		return "device-nGnRE";
	case S2_NORMAL_NC:
		return "normal-NC";
	case S2_DEVICE_nGnRnE:
		return "device-nGnRnE";
	}
	return "unknown";
}

static bool known(enum s2_memtype t)
{
	return t == S2_NORMAL_WB || t == S2_DEVICE_nGnRE || t == S2_NORMAL_NC ||
	       t == S2_DEVICE_nGnRnE;
}

int stage2_check_request(enum s2_memtype t, unsigned perms)
{
	if (!known(t))
		return -EINVAL;
	if (perms == 0 || (perms & ~S2_PERM_RWX))
		return -EINVAL;
	/* Device and Normal-NC are never executable at stage 2 (docs/design.md rule 5,
	 * as KVM): refuse rather than drop X behind the caller's back. */
	if (t != S2_NORMAL_WB && (perms & S2_PERM_X))
		return -EINVAL;
	return 0;
}

static uint64_t memattr(enum s2_memtype t, bool fwb)
{
	switch (t) {
	case S2_NORMAL_WB:
		return fwb ? S2_MEMATTR_FWB_NORMAL_WB : S2_MEMATTR_NORMAL_WB;
	case S2_DEVICE_nGnRE:
		return fwb ? S2_MEMATTR_FWB_DEVICE_nGnRE : S2_MEMATTR_DEVICE_nGnRE;
	case S2_NORMAL_NC:
		return fwb ? S2_MEMATTR_FWB_NORMAL_NC : S2_MEMATTR_NORMAL_NC;
	case S2_DEVICE_nGnRnE:
		return fwb ? S2_MEMATTR_FWB_DEVICE_nGnRnE : S2_MEMATTR_DEVICE_nGnRnE;
	}
	return 0;
}

uint64_t stage2_leaf_attrs(enum s2_memtype t, unsigned perms, bool fwb)
{
	uint64_t a;

	if (!known(t))
		return 0; /* no access, AF=0: faults on any use */
	a = memattr(t, fwb) << S2_DESC_MEMATTR_SHIFT | S2_DESC_AF;
	if (perms & S2_PERM_R)
		a |= S2_DESC_S2AP_R;
	if (perms & S2_PERM_W)
		a |= S2_DESC_S2AP_W;
	/* Device and Inner/Outer Non-cacheable memory are treated as Outer
	 * Shareable whatever SH says (Arm ARM, effective shareability;
	 * memattr.md 2.1); the descriptor says so too. */
	a |= t == S2_NORMAL_WB ? S2_DESC_SH_INNER : S2_DESC_SH_OUTER;
	if (!(perms & S2_PERM_X) || t != S2_NORMAL_WB)
		a |= S2_DESC_XN;
	return a;
}

int stage2_decode(uint64_t desc, bool fwb, enum s2_memtype *t, unsigned *perms)
{
	uint64_t ma = (desc & S2_DESC_MEMATTR_MASK) >> S2_DESC_MEMATTR_SHIFT;
	unsigned p = 0;
	int r = 0;

	if (ma == memattr(S2_NORMAL_WB, fwb))
		*t = S2_NORMAL_WB;
	else if (ma == memattr(S2_DEVICE_nGnRE, fwb))
		*t = S2_DEVICE_nGnRE;
	else if (ma == memattr(S2_NORMAL_NC, fwb))
		*t = S2_NORMAL_NC;
	else if (ma == memattr(S2_DEVICE_nGnRnE, fwb))
		*t = S2_DEVICE_nGnRnE;
	else
		r = -EINVAL;
	if (desc & S2_DESC_S2AP_R)
		p |= S2_PERM_R;
	if (desc & S2_DESC_S2AP_W)
		p |= S2_PERM_W;
	if (!(desc & S2_DESC_XN_MASK))
		p |= S2_PERM_X;
	*perms = p;
	return r;
}

/*
 * Whether VTCR_EL2.{T0SZ,SL0} can express this pair with the 4K granule
 * (Arm ARM D8.2, stage 2 initial lookup): the start level must resolve at
 * least one bit, level 0 cannot be concatenated, levels 1 and 2 take up to
 * 16 tables. Anything else is a level 0 translation fault on every walk.
 */
static bool level_ok(unsigned ipa_bits, unsigned level)
{
	if (ipa_bits < IPA_BITS_MIN || ipa_bits > IPA_BITS_MAX || level > 2)
		return false;
	if (ipa_bits <= pt_level_shift(level))
		return false;
	if (level == 0)
		return true;
	return pt_root_entries(ipa_bits, level) <=
	       PT_ENTRIES * (uint64_t)S2_MAX_ROOT_TABLES;
}

static unsigned root_tables(unsigned ipa_bits, unsigned level)
{
	uint64_t n = pt_root_entries(ipa_bits, level);

	return n <= PT_ENTRIES ? 1 : (unsigned)(n / PT_ENTRIES);
}

int stage2_geometry(unsigned ipa_bits, unsigned parange, unsigned vmid_bits,
		    uint64_t *vtcr, unsigned *start_level, unsigned *root_tables_out)
{
	static const unsigned pa_bits[] = {32, 36, 40, 42, 44, 48};
	unsigned ps = parange > 5 ? 5 : parange; /* 52-bit PAs need LPA/LPA2 */
	unsigned level;
	uint64_t v;

	if (vmid_bits != 8 && vmid_bits != 16)
		return -EINVAL;
	/* An IPA wider than the PA size is CONSTRAINED UNPREDICTABLE. */
	if (ipa_bits < IPA_BITS_MIN || ipa_bits > IPA_BITS_MAX || ipa_bits > pa_bits[ps])
		return -EINVAL;
	level = pt_pick_start_level(ipa_bits, S2_MAX_ROOT_TABLES);
	if (!level_ok(ipa_bits, level))
		return -EINVAL;
	/* SL0 with TG0 = 4K: 0b00 level 2, 0b01 level 1, 0b10 level 0. */
	v = VTCR_T0SZ(ipa_bits) | (uint64_t)(2 - level) << VTCR_SL0_SHIFT;
	/* Table walks: Normal WBWA, Inner Shareable, like the tables' own
	 * EL2 mapping; these attributes are not those of the guest's memory. */
	v |= VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA | VTCR_SH0_INNER | VTCR_TG0_4K;
	v |= (uint64_t)ps << VTCR_PS_SHIFT | VTCR_RES1;
	if (vmid_bits == 16)
		v |= VTCR_VS_16BIT;
	*vtcr = v;
	*start_level = level;
	*root_tables_out = root_tables(ipa_bits, level);
	return 0;
}

unsigned stage2_root_tables(const struct stage2 *s2)
{
	return root_tables(s2->ipa_bits, s2->pt.start_level);
}

int stage2_init(struct stage2 *s2, void *root, unsigned ipa_bits, unsigned start_level,
		uint16_t vmid, bool fwb, const struct pt_ops *ops, void *ctx)
{
	uint64_t pa;

	if (!s2 || !root || !ops || vmid == 0 || !level_ok(ipa_bits, start_level))
		return -EINVAL;
	pa = ops->virt_to_phys(ctx, root);
	/* VTTBR_EL2.BADDR: aligned to the size of the concatenated root. */
	if ((pa & (root_tables(ipa_bits, start_level) * GRANULE - 1)) ||
	    (pa & ~PT_ADDR_MASK))
		return -EINVAL;
	s2->pt.root = root;
	s2->pt.ia_bits = ipa_bits;
	s2->pt.start_level = start_level;
	s2->pt.ops = ops;
	s2->pt.ctx = ctx;
	s2->vmid = vmid;
	s2->fwb = fwb;
	s2->ipa_bits = ipa_bits;
	s2->vtcr = 0;
	return 0;
}

int stage2_map(struct stage2 *s2, uint64_t ipa, uint64_t pa, uint64_t size,
	       enum s2_memtype t, unsigned perms)
{
	int r = stage2_check_request(t, perms);

	if (r)
		return r;
	return pt_map(&s2->pt, ipa, pa, size, stage2_leaf_attrs(t, perms, s2->fwb));
}

int stage2_unmap(struct stage2 *s2, uint64_t ipa, uint64_t size)
{
	return pt_unmap(&s2->pt, ipa, size);
}

int stage2_change(struct stage2 *s2, uint64_t ipa, uint64_t size, enum s2_memtype t,
		  unsigned perms)
{
	int r = stage2_check_request(t, perms);

	if (r)
		return r;
	return pt_set_attrs(&s2->pt, ipa, size, stage2_leaf_attrs(t, perms, s2->fwb));
}

int stage2_lookup(const struct stage2 *s2, uint64_t ipa, struct stage2_mapping *m)
{
	uint64_t d, blk;
	unsigned level;
	int r = pt_lookup(&s2->pt, ipa, &d, &level);

	if (r)
		return r;
	blk = 1UL << pt_level_shift(level);
	m->desc = d;
	m->level = level;
	m->pa = (d & PT_ADDR_MASK & ~(blk - 1)) | (ipa & (blk - 1));
	return stage2_decode(d, s2->fwb, &m->type, &m->perms);
}

uint64_t stage2_vttbr(const struct stage2 *s2)
{
	uint64_t baddr = s2->pt.ops->virt_to_phys(s2->pt.ctx, s2->pt.root);

	return baddr | (uint64_t)s2->vmid << VTTBR_VMID_SHIFT;
}
