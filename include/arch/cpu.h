/* CPU identification and features Tessera depends on (ID_AA64* registers). */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H
#include <stdbool.h>
#include <stdint.h>

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
};

void cpu_features_read(struct cpu_features *f);
unsigned cpu_parange_bits(unsigned parange);
/*
 * Gives the guest on this CPU FP/SIMD, SVE and SME with the longest vector
 * lengths: a CPU runs one vCPU and never switches, so nothing needs saving.
 */
void cpu_guest_fp_enable(const struct cpu_features *f);
/* Leaves SME streaming mode if the CPU has SME (before EL2 uses SIMD). */
void cpu_sme_stop(const struct cpu_features *f);

/* Logical CPU index (0 = the boot CPU), kept in TPIDR_EL2. */
unsigned cpu_id(void);

#endif
