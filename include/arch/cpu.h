/* CPU identification and features Tessera depends on (ID_AA64* registers). */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H
#include <stdbool.h>
#include <stdint.h>

#include "arch/sysreg.h"

struct cpu_features {
	uint64_t midr;
	unsigned pa_bits;     /* from ID_AA64MMFR0_EL1.PARange */
	unsigned parange;     /* the raw field, for TCR.PS / VTCR.PS */
	unsigned vmid_bits;   /* 8 or 16 */
	bool s2fwb;           /* FEAT_S2FWB: ID_AA64MMFR2_EL1.FWB */
	bool gic_sysregs;     /* ID_AA64PFR0_EL1.GIC: GICv3 CPU interface */
	unsigned el1_aarch32; /* ID_AA64PFR0_EL1.EL1 */
	bool sve;             /* ID_AA64PFR0_EL1.SVE */
	bool sme;             /* ID_AA64PFR1_EL1.SME */
	bool sha256;          /* ID_AA64ISAR0_EL1.SHA2: SHA256H and friends */
	/* PSTATE fields an exception entry sets (trap/inject.c) */
	bool pan;  /* ID_AA64MMFR1_EL1.PAN */
	bool uao;  /* ID_AA64MMFR2_EL1.UAO */
	bool ssbs; /* ID_AA64PFR1_EL1.SSBS */
	bool mte;  /* ID_AA64PFR1_EL1.MTE */
	bool dit;  /* ID_AA64PFR0_EL1.DIT */
	/* what the guest's EL2 traps depend on (cpu_guest_traps_enable) */
	unsigned pmuver; /* ID_AA64DFR0_EL1.PMUVer: 0 or 0xf = no PMUv3 */
	bool spe;        /* ID_AA64DFR0_EL1.PMSVer */
	bool trace;      /* ID_AA64DFR0_EL1.TraceVer: trace system registers */
	bool tracefilt;  /* ID_AA64DFR0_EL1.TraceFilt: TRFCR_EL1 */
	bool amu;        /* ID_AA64PFR0_EL1.AMU */
	bool ras;        /* ID_AA64PFR0_EL1.RAS: error records, ESB, DISR_EL1 */
	bool iesb;       /* ID_AA64MMFR2_EL1.IESB: SCTLR_EL2.IESB */
	bool hcx;        /* ID_AA64MMFR1_EL1.HCX: HCRX_EL2 */
	bool fgt;        /* ID_AA64MMFR0_EL1.FGT: fine-grained trap registers */
};

void cpu_features_read(struct cpu_features *f);
unsigned cpu_parange_bits(unsigned parange);
/*
 * Gives the guest on this CPU FP/SIMD, SVE and SME with the longest vector
 * lengths: a CPU runs one vCPU and never switches, so nothing needs saving.
 */
void cpu_guest_fp_enable(const struct cpu_features *f);
/*
 * The EL2 trap and debug controls for a guest on this CPU: MDCR_EL2 (the PMU
 * counters are the guest's but count nothing of EL2; SPE, trace buffer and
 * trace filter registers trap), HCRX_EL2 and the fine-grained trap
 * registers initialised where the CPU has them. Returns the HCR_EL2 bits
 * that depend on the CPU (TERR).
 */
uint64_t cpu_guest_traps_enable(const struct cpu_features *f);
/* The guest's PMU on a PMUv3p1-p4 CPU: PMCR_EL0 traps (MDCR_EL2.TPMCR) so
 * that DP stays set and the cycle counter stops at EL2. */
bool cpu_pmcr_trapped(const struct cpu_features *f);
/* Leaves SME streaming mode if the CPU has SME (before EL2 uses SIMD). */
void cpu_sme_stop(const struct cpu_features *f);

/* Logical CPU index (0 = the boot CPU), kept in TPIDR_EL2; inline, as
 * every exit asks for it. */
static inline unsigned cpu_id(void)
{
	return (unsigned)sysreg_read(tpidr_el2);
}

#endif
