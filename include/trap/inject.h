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
	uint64_t pstate; /* EL1h, D, A, I, F masked, and the rules of inject.c */
};

#define PSTATE_EL1H 0x5UL
#define PSTATE_DAIF (0xfUL << 6)
#define PSTATE_SSBS (1UL << 12)
#define PSTATE_PAN (1UL << 22)
#define PSTATE_UAO (1UL << 23)
#define PSTATE_DIT (1UL << 24) /* AArch64 position; bit 21 in an AArch32 SPSR */
#define PSTATE_TCO (1UL << 25)
#define PSTATE_NZCV (0xfUL << 28)

/* What the exception entry depends on besides the guest's PSTATE: its EL1
 * registers and the CPU's features (Arm ARM, AArch64.TakeException). */
struct inject_target {
	uint64_t vbar_el1, sctlr_el1;
	bool pan, uao, ssbs, mte,
		dit; /* FEAT_PAN, FEAT_UAO, FEAT_SSBS, FEAT_MTE, FEAT_DIT */
};

#define SCTLR_EL1_SPAN (1UL << 23)
#define SCTLR_EL1_DSSBS (1UL << 44)

/* guest_pc/guest_pstate: ELR_EL2/SPSR_EL2 at the trap; far: the faulting VA. */
void inject_compute(enum inject_kind kind, uint64_t far, bool wnr, uint64_t guest_pc,
		    uint64_t guest_pstate, const struct inject_target *t,
		    struct inject_result *out);

#endif
