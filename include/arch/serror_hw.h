/*
 * Physical SErrors at EL2, and the virtual SError (HCR_EL2.VSE). Guests run
 * with HCR_EL2.AMO set, so their physical SErrors are taken to EL2; EL2 runs
 * with PSTATE.A masked while it handles an exit, so an SError the guest
 * raised must be found while it can still be put down to that guest: at
 * each exit (FEAT_RAS: the vectors' ESB defers it into DISR_EL1) and when a
 * vCPU stops (serror_hw_sync). What is done with it: trap/serror.h.
 */
#ifndef ARCH_SERROR_HW_H
#define ARCH_SERROR_HW_H
#include <stdbool.h>
#include <stdint.h>

#include "arch/exception.h"
#include "arch/sysreg.h"
#include "core/boot.h"

#define DISR_EL1 S3_0_C12_C1_1  /* FEAT_RAS */
#define VDISR_EL2 S3_4_C12_C1_1 /* the guest's DISR_EL1 while HCR_EL2.AMO is set */
#define VSESR_EL2 S3_4_C5_C2_3  /* ESR_EL1.ISS of the virtual SError */

/*
 * Every lower-EL exit, right after the vectors' ESB: DISR_EL1 with A (bit 31)
 * set when the ESB deferred an SError the guest raised (FEAT_RAS; 0 without
 * it: the SError stays pending and is taken at the lower-EL SError vector
 * as soon as the guest runs again, this CPU's one vCPU). Hot path: one MRS.
 */
static inline uint64_t serror_hw_exit_disr(void)
{
	return boot_cpu.ras ? sysreg_read(DISR_EL1) : 0;
}
/* Consumes the SError recorded in DISR_EL1. */
void serror_hw_disr_clear(void);
/* tessera.selftest=guest-serror: records an SError of syndrome iss in
 * DISR_EL1 as an ESB would, for the next exit's check in el2_vectors_ras;
 * false without FEAT_RAS (no DISR_EL1). */
bool serror_hw_defer_test(uint64_t iss);
/* Per CPU, at bring-up: SCTLR_EL2.IESB where FEAT_IESB exists. */
void serror_hw_cpu_init(void);
/*
 * As a vCPU stops: waits for its accesses and takes any SError they raised
 * (ESB and DISR_EL1 with FEAT_RAS, else PSTATE.A unmasked for an ISB).
 * Returns its ESR, or 0.
 */
uint64_t serror_hw_sync(void);
/* From the EL2 SError vector: true if serror_hw_sync() was waiting for it
 * (it gets the ESR); false for an SError Tessera did not expect. */
bool serror_hw_catch(const struct exc_frame *f);
/* EL2 itself takes SErrors while it idles (no guest to blame). */
void serror_hw_idle_unmask(void);
/* Pends a virtual SError for this CPU's vCPU, syndrome vsesr (FEAT_RAS). */
void serror_hw_inject(uint64_t vsesr);
/* A vCPU's new life (or PSCI CPU_ON): no virtual SError pending, none
 * deferred into VDISR_EL2 from its last life. */
void serror_hw_vcpu_reset(void);

#endif
