/*
 * What a guest sees of the CPU; see include/trap/idregs.h. A field is kept
 * when the feature needs nothing of EL2 (instructions, EL1 and EL0 state a
 * partitioned guest owns outright), hidden (0: not implemented) when Tessera
 * does not give it to guests or it is an EL2/EL3 feature, and capped when a
 * guest gets less than the CPU has. Registers not listed (newer ones whose
 * features may need EL2 enablement, such as HCRX_EL2 controls) read as 0.
 */
#include "trap/idregs.h"

uint64_t idregs_guest[IDREG_NR];

struct idreg_field {
	unsigned crm, op2, shift;
	unsigned max; /* the largest value a guest sees (0: hidden) */
};

/* The registers passed through, with their field rules below. */
static const struct {
	unsigned crm, op2;
} idreg_kept[] = {
	/* AArch32 ID registers (CRm 1-3): for AArch32 EL0 */
	{1, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7},
	{2, 0}, {2, 1}, {2, 2}, {2, 3}, {2, 4}, {2, 5}, {2, 6}, {2, 7},
	{3, 0}, {3, 1}, {3, 2}, {3, 4}, {3, 5}, {3, 6}, {4, 0}, /* ID_AA64PFR0_EL1 */
	{4, 1},                                                 /* ID_AA64PFR1_EL1 */
	{4, 4}, /* ID_AA64ZFR0_EL1: guests own SVE */
	{4, 5}, /* ID_AA64SMFR0_EL1: and SME */
	{5, 0}, /* ID_AA64DFR0_EL1 */
	{6, 0}, /* ID_AA64ISAR0_EL1 */
	{6, 1}, /* ID_AA64ISAR1_EL1 */
	{6, 2}, /* ID_AA64ISAR2_EL1 */
	{7, 0}, /* ID_AA64MMFR0_EL1 */
	{7, 1}, /* ID_AA64MMFR1_EL1 */
	{7, 2}, /* ID_AA64MMFR2_EL1 */
};

/* Every field changed is unsigned (0 = not implemented). */
static const struct idreg_field idreg_rules[] = {
	/* ID_AA64PFR0_EL1 */
	{4, 0, 8, 0},  /* EL2: guests run at EL1 */
	{4, 0, 12, 0}, /* EL3 */
	{4, 0, 36, 0}, /* SEL2 */
	{4, 0, 40, 0}, /* MPAM: no partitioning controls for guests */
	{4, 0, 44, 0}, /* AMU: CPTR_EL2.TAM traps its registers */
	{4, 0, 52, 0}, /* RME */
	/* ID_AA64PFR1_EL1 */
	{4, 1, 8, 0},  /* MTE: no tagged memory for guests (HCR_EL2.ATA = 0) */
	{4, 1, 16, 0}, /* MPAM_frac */
	{4, 1, 28, 0}, /* RNDR_trap: an EL3 control */
	{4, 1, 36, 0}, /* NMI: the vGIC has no NMIs */
	{4, 1, 40, 0}, /* MTE_frac */
	{4, 1, 44, 0}, /* GCS: needs HCRX_EL2/FGT controls Tessera leaves off */
	{4, 1, 48, 0}, /* THE */
	{4, 1, 52, 0}, /* MTEX */
	{4, 1, 56, 0}, /* DF2 */
	{4, 1, 60, 0}, /* PFAR */
	/* ID_AA64DFR0_EL1 */
	{5, 0, 4, 0},  /* TraceVer: CPTR_EL2.TTA traps trace registers */
	{5, 0, 32, 0}, /* PMSVer: SPE is EL2's (MDCR_EL2.E2PB = 0) */
	{5, 0, 40, 0}, /* TraceFilt: MDCR_EL2.TTRF traps TRFCR_EL1 */
	{5, 0, 44, 0}, /* TraceBuffer: TRBE is EL2's (MDCR_EL2.E2TB = 0) */
	{5, 0, 52, 0}, /* BRBE */
	{5, 0, 56, 0}, /* ExtTrcBuff */
	{5, 0, 60, 0}, /* HPMN0 */
	/* ID_AA64ISAR1_EL1 */
	{6, 1, 60, 0}, /* LS64: needs HCRX_EL2 enables */
	/* ID_AA64ISAR2_EL1 */
	{6, 2, 16, 0}, /* MOPS: needs HCRX_EL2.MSCEn */
	{6, 2, 32, 0}, /* SYSREG_128 */
	{6, 2, 36, 0}, /* SYSINSTR_128 */
	{6, 2, 60, 0}, /* ATS1A */
	/* ID_AA64MMFR0_EL1 */
	{7, 0, 56, 0}, /* FGT: an EL2 feature */
	{7, 0, 60, 1}, /* ECV: the self-synchronised counter reads only */
	/* ID_AA64MMFR1_EL1 */
	{7, 1, 4, 0},  /* VMIDBits */
	{7, 1, 8, 0},  /* VH */
	{7, 1, 28, 0}, /* XNX: stage 2 */
	{7, 1, 32, 0}, /* TWED */
	{7, 1, 40, 0}, /* HCX */
	/* ID_AA64MMFR2_EL1 */
	{7, 2, 24, 0}, /* NV */
	{7, 2, 40, 0}, /* FWB: stage 2 */
	{7, 2, 56, 0}, /* EVT */
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define PARANGE_SHIFT 0

/* ID_AA64MMFR0_EL1.PARange encodings (Arm ARM), smallest first. */
static unsigned parange_for_bits(unsigned bits)
{
	static const unsigned pa[] = {32, 36, 40, 42, 44, 48, 52};
	unsigned e = 0;

	while (e + 1 < ARRAY_LEN(pa) && pa[e + 1] <= bits)
		e++;
	return e;
}

static uint64_t field_cap(uint64_t v, unsigned shift, unsigned max)
{
	unsigned f = (unsigned)(v >> shift) & 0xf;

	if (f <= max)
		return v;
	return (v & ~(0xfUL << shift)) | (uint64_t)max << shift;
}

void idregs_build(uint64_t view[IDREG_NR], const uint64_t hw[IDREG_NR],
		  const struct idreg_host *h)
{
	for (unsigned i = 0; i < IDREG_NR; i++)
		view[i] = 0;
	for (unsigned i = 0; i < ARRAY_LEN(idreg_kept); i++) {
		unsigned k = IDREG_INDEX(idreg_kept[i].crm, idreg_kept[i].op2);

		view[k] = hw[k];
	}
	for (unsigned i = 0; i < ARRAY_LEN(idreg_rules); i++) {
		const struct idreg_field *r = &idreg_rules[i];
		unsigned k = IDREG_INDEX(r->crm, r->op2);

		view[k] = field_cap(view[k], r->shift, r->max);
	}
	/* a guest's physical address space is its IPA space (stage 2's input) */
	view[IDREG_INDEX(7, 0)] = field_cap(view[IDREG_INDEX(7, 0)], PARANGE_SHIFT,
					    parange_for_bits(h->ipa_bits));
}
