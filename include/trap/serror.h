/*
 * What Tessera does with a physical SError attributed to a guest's vCPU: the
 * decision from its syndrome and the guest's on-fault policy. Pure logic,
 * host unit tested (tests/unit/test_serror.c); src/trap/serror_guest.c
 * carries it out and src/arch/serror_hw.c finds the SError.
 */
#ifndef TRAP_SERROR_H
#define TRAP_SERROR_H
#include <stdint.h>

#include "guest/vm.h"

/* Where the SError was found: at a guest exit (the guest goes on unless the
 * decision ends it), as one vCPU powers off (PSCI CPU_OFF: the guest goes on
 * without it) or as the guest stops (this life is over). */
enum serror_where { SERROR_AT_EXIT, SERROR_AT_VCPU_OFF, SERROR_AT_STOP };

enum serror_action {
	SERROR_CONTINUE,     /* corrected: report, the guest goes on */
	SERROR_INJECT,       /* a virtual SError (HCR_EL2.VSE) with ->vsesr */
	SERROR_STOP_GUEST,   /* the guest off for good */
	SERROR_RESET_GUEST,  /* the guest restarts from its images */
	SERROR_DROP,         /* no life left to inject into: report only */
	SERROR_STOP_MACHINE, /* uncontainable: no guest can be trusted */
};

struct serror_decision {
	enum serror_action action;
	uint64_t vsesr;   /* for SERROR_INJECT: ESR_EL1.ISS the guest sees */
	const char *kind; /* what the syndrome says, for the message */
};

/* ESR ISS for EC 0x2F, SError (Arm ARM, ESR_ELx, "ISS encoding for an
 * SError exception"); with IDS 0 the same fields sit in DISR_EL1. */
#define SERROR_ISS_IDS (1UL << 24)
#define SERROR_ISS_AET(iss) (((iss) >> 10) & 7)
#define SERROR_ISS_DFSC(iss) ((iss)&0x3f)
#define SERROR_DFSC_UNCATEGORIZED 0x00
#define SERROR_DFSC_ASYNC 0x11 /* AET is valid only with this DFSC */
#define SERROR_AET_UC 0        /* uncontainable */
#define SERROR_AET_UEU 1       /* unrecoverable */
#define SERROR_AET_UEO 2       /* restartable */
#define SERROR_AET_UER 3       /* recoverable */
#define SERROR_AET_CE 6        /* corrected */

/* esr: ESR_EL2 of the SError (EC 0x2F), or esr_from_disr(). */
void serror_decide(uint64_t esr, enum vm_on_fault policy, enum serror_where where,
		   struct serror_decision *d);

#endif
