/* CPU feature discovery. */
#include "arch/cpu.h"
#include "arch/sysreg.h"

unsigned cpu_parange_bits(unsigned parange)
{
	static const unsigned bits[] = {32, 36, 40, 42, 44, 48, 52};

	return parange < 7 ? bits[parange] : 48;
}

void cpu_features_read(struct cpu_features *f)
{
	uint64_t mmfr0 = sysreg_read(id_aa64mmfr0_el1);
	uint64_t mmfr1 = sysreg_read(id_aa64mmfr1_el1);
	uint64_t mmfr2 = sysreg_read(id_aa64mmfr2_el1);
	uint64_t pfr0 = sysreg_read(id_aa64pfr0_el1);

	f->midr = sysreg_read(midr_el1);
	f->parange = mmfr0 & 0xf;
	f->pa_bits = cpu_parange_bits(f->parange);
	f->vmid_bits = ((mmfr1 >> 4) & 0xf) == 2 ? 16 : 8;
	f->s2fwb = ((mmfr2 >> 40) & 0xf) != 0;
	f->gic_sysregs = ((pfr0 >> 24) & 0xf) != 0;
	f->el1_aarch32 = (pfr0 >> 4) & 0xf;
	f->sve = ((pfr0 >> 32) & 0xf) != 0;
	f->sme = ((sysreg_read(id_aa64pfr1_el1) >> 24) & 0xf) != 0;
	f->pan = ((mmfr1 >> 20) & 0xf) != 0;
	f->uao = ((mmfr2 >> 4) & 0xf) != 0;
	f->ssbs = ((sysreg_read(id_aa64pfr1_el1) >> 4) & 0xf) != 0;
	f->mte = ((sysreg_read(id_aa64pfr1_el1) >> 8) & 0xf) != 0;
	f->dit = ((pfr0 >> 48) & 0xf) != 0;
	{
		uint64_t dfr0 = sysreg_read(id_aa64dfr0_el1);

		f->pmuver = (dfr0 >> 8) & 0xf;
		f->trace = ((dfr0 >> 4) & 0xf) != 0;
		f->spe = ((dfr0 >> 32) & 0xf) != 0;
		f->tracefilt = ((dfr0 >> 40) & 0xf) != 0;
	}
	f->amu = ((pfr0 >> 44) & 0xf) != 0;
	f->ras = ((pfr0 >> 28) & 0xf) != 0;
	f->iesb = ((mmfr2 >> 12) & 0xf) != 0;
	f->hcx = ((mmfr1 >> 40) & 0xf) != 0;
	f->fgt = ((mmfr0 >> 56) & 0xf) != 0;
	/* SHA2, bits [15:12]: 1 = SHA256*, 2 = SHA512* as well */
	f->sha256 = ((sysreg_read(id_aa64isar0_el1) >> 12) & 0xf) != 0;
}

#define CPTR_EL2_TZ (1UL << 8)
#define CPTR_EL2_TSM (1UL << 12)
#define CPTR_EL2_TTA (1UL << 20) /* trace system registers trap */
#define CPTR_EL2_TAM (1UL << 30) /* activity monitor registers trap */
#define ZCR_EL2 S3_4_C1_C2_0
#define SMCR_EL2 S3_4_C1_C2_6

void cpu_guest_fp_enable(const struct cpu_features *f)
{
	uint64_t cptr = CPTR_EL2_RES1;

	/* TZ and TSM are RES1 without SVE/SME: clear them only when they exist */
	if (f->sve)
		cptr &= ~CPTR_EL2_TZ;
	if (f->sme)
		cptr &= ~CPTR_EL2_TSM;
	/* hidden from guests (trap/idregs.c), so trapped: UNDEF for them */
	if (f->trace)
		cptr |= CPTR_EL2_TTA;
	if (f->amu)
		cptr |= CPTR_EL2_TAM;
	sysreg_write(cptr_el2, cptr);
	isb();
	if (f->sve)
		sysreg_write(ZCR_EL2, 0xf); /* LEN: the CPU's maximum */
	if (f->sme)
		sysreg_write(SMCR_EL2, 0xf);
	isb();
}

/* MDCR_EL2 (Arm ARM, MDCR_EL2) */
#define MDCR_EL2_TPMCR (1UL << 5)
#define MDCR_EL2_TPM (1UL << 6)
#define MDCR_EL2_TPMS (1UL << 14)
#define MDCR_EL2_HPMD (1UL << 17)
#define MDCR_EL2_TTRF (1UL << 19)
#define MDCR_EL2_HCCD (1UL << 23)
/* E2PB = 0b00 and E2TB = 0b00: the profiling and trace buffers are EL2's,
 * their EL1 registers trap */
#define PMUVER_V3P1 4
#define PMUVER_V3P5 6
#define HCRX_EL2 S3_4_C1_C2_2
#define HFGRTR_EL2 S3_4_C1_C1_4
#define HFGWTR_EL2 S3_4_C1_C1_5
#define HFGITR_EL2 S3_4_C1_C1_6
#define HDFGRTR_EL2 S3_4_C3_C1_4
#define HDFGWTR_EL2 S3_4_C3_C1_5
/* HFG[RW]TR_EL2 bits whose 0 traps (the "n" bits): SME's TPIDR2_EL0 and
 * SMPRI_EL1, which guests own */
#define HFGxTR_nSMPRI_EL1 (1UL << 54)
#define HFGxTR_nTPIDR2_EL0 (1UL << 55)

static bool has_pmu(const struct cpu_features *f)
{
	return f->pmuver != 0 && f->pmuver != 0xf; /* 0xf: IMPLEMENTATION DEFINED */
}

bool cpu_pmcr_trapped(const struct cpu_features *f)
{
	return has_pmu(f) && f->pmuver < PMUVER_V3P5;
}

uint64_t cpu_guest_traps_enable(const struct cpu_features *f)
{
	uint64_t mdcr = 0;

	if (has_pmu(f)) {
		/* HPMN: every counter is the guest's; PMCR_EL0 read only
		 * where a PMU exists */
		mdcr |= (sysreg_read(pmcr_el0) >> 11) & 0x1f;
		/* no counting of EL2 time: HPMD stops the event counters
		 * (PMUv3p1), HCCD the cycle counter (PMUv3p5); before p5 the
		 * cycle counter stops at EL2 only with PMCR_EL0.DP set, so
		 * PMCR_EL0 traps and Tessera keeps DP set */
		if (f->pmuver >= PMUVER_V3P1)
			mdcr |= MDCR_EL2_HPMD;
		if (f->pmuver >= PMUVER_V3P5)
			mdcr |= MDCR_EL2_HCCD;
		else
			mdcr |= MDCR_EL2_TPMCR;
	} else {
		mdcr |= MDCR_EL2_TPM; /* no PMU: its registers are UNDEFINED */
	}
	if (f->spe)
		mdcr |= MDCR_EL2_TPMS;
	if (f->tracefilt)
		mdcr |= MDCR_EL2_TTRF;
	sysreg_write(mdcr_el2, mdcr);
	/* both reset to UNKNOWN values: no HCRX_EL2 feature enabled, and no
	 * fine-grained traps but for the "n" bits of what guests own */
	if (f->hcx)
		sysreg_write(HCRX_EL2, 0);
	if (f->fgt) {
		uint64_t n = f->sme ? HFGxTR_nSMPRI_EL1 | HFGxTR_nTPIDR2_EL0 : 0;

		sysreg_write(HFGRTR_EL2, n);
		sysreg_write(HFGWTR_EL2, n);
		sysreg_write(HFGITR_EL2, 0);
		sysreg_write(HDFGRTR_EL2, 0);
		sysreg_write(HDFGWTR_EL2, 0);
	}
	isb();
	return f->ras ? HCR_EL2_TERR : 0;
}

void cpu_sme_stop(const struct cpu_features *f)
{
	if (f->sme)
		__asm__ volatile(".inst 0xd503467f" ::: "memory"); /* SMSTOP */
}
