/* A vCPU's EL1 system register state: saved and restored around guest runs. */
#ifndef ARCH_EL1_CTX_H
#define ARCH_EL1_CTX_H
#include <stdint.h>

struct el1_ctx {
	uint64_t sctlr, cpacr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
	uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, sp_el0, sp_el1, elr, spsr;
	uint64_t esr, far, afsr0, afsr1, par, csselr, cntkctl, mdscr;
	uint64_t cntv_ctl, cntv_cval;
};

/* Architectural reset values that matter: MMU off, caches off, timer off. */
void el1_ctx_reset(struct el1_ctx *c);
void el1_ctx_save(struct el1_ctx *c);
void el1_ctx_load(const struct el1_ctx *c);

#endif
