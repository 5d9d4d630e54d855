/*
 * Exceptions injected into a guest's EL1, computed the way hardware would take
 * them (Arm ARM D1.10: vector offset from the source EL and SP, ESR/FAR/ELR/SPSR).
 * Pure logic, host unit tested; the caller writes the *_EL1 registers.
 */
#ifndef TRAP_INJECT_H
#define TRAP_INJECT_H
#include <stdbool.h>
#include <stdint.h>

enum inject_kind {
	INJECT_DABT,  /* synchronous external abort on a data access */
	INJECT_IABT,  /* synchronous external abort on an instruction fetch */
	INJECT_UNDEF, /* undefined instruction */
};

struct inject_result {
	uint64_t esr_el1, far_el1, elr_el1, spsr_el1;
	uint64_t pc;     /* where the guest resumes: its VBAR_EL1 + offset */
	uint64_t pstate; /* EL1h with D, A, I, F masked */
};

#define PSTATE_EL1H 0x5UL
#define PSTATE_DAIF (0xfUL << 6)

/* guest_pc/guest_pstate: ELR_EL2/SPSR_EL2 at the trap; far: the faulting VA. */
void inject_compute(enum inject_kind kind, uint64_t far, bool wnr, uint64_t guest_pc,
		    uint64_t guest_pstate, uint64_t vbar_el1, struct inject_result *out);

#endif
