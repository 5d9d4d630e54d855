/* Guest exits: the one dispatcher for everything a guest traps into EL2. */
#ifndef TRAP_TRAP_H
#define TRAP_TRAP_H
#include <stdint.h>

#include "arch/exception.h"
#include "trap/inject.h"
#include "trap/serror.h"

struct vcpu;

/* Entered from the vectors (src/arch/vectors.S). trap_guest_call() (HVC,
 * SMC), trap_guest_dabt() (a data abort whose SRT is not x19-x29) and
 * trap_guest_irq() get a frame without x19-x29 and SP (the live registers
 * are the guest's: C preserves them) and must not use those slots (FAR is
 * there for the first two, not for an interrupt). trap_guest_sync() gets
 * every field. */
void trap_guest_sync(struct exc_frame *f);
void trap_guest_call(struct exc_frame *f);
void trap_guest_dabt(struct exc_frame *f);
void trap_guest_irq(struct exc_frame *f);
/* Applies the VM's on-fault policy: inject the exception, or stop/reset the VM. */
void trap_guest_fault(struct vcpu *v, struct exc_frame *f, enum inject_kind kind,
		      uint64_t far, bool wnr, const char *why);
/* A physical SError put down to v, the calling CPU's vCPU (esr: its ESR):
 * the guest's on-fault policy and the error's class decide (trap/serror.h);
 * at an exit, may stop v and not return. */
void trap_guest_serror(struct vcpu *v, uint64_t esr, enum serror_where where);
/* From el2_vectors_ras: the entry's ESB deferred an SError into DISR_EL1
 * before a sync (kind EXC_SYNC) or IRQ exit; f is a full frame. Deals with
 * the SError, then with the exit. */
void trap_guest_exit_serror(struct exc_frame *f, unsigned kind);
/* WFI for the calling CPU's vCPU: waits unless an interrupt is due. */
void trap_wait_for_interrupt(struct vcpu *v);

#define SMCCC_RET_NOT_SUPPORTED ((uint64_t)-1)
#define SMCCC_VERSION_FID 0x80000000u
#define SMCCC_ARCH_FEATURES_FID 0x80000001u
#define TESSERA_HC_NULL 0xc6000000u
/* x1 = VA -> x1 = its effective PAR_EL1 (memattr_par_for_guest) */
#define TESSERA_HC_MEMATTR 0xc6000001u
/* x1 = an SError's ISS: handled as if found at this exit (tests only:
 * tessera.selftest=guest-serror, else NOT_SUPPORTED) */
#define TESSERA_HC_TEST_SERROR 0xc6000002u

#endif
