/* Computing an injected exception; see include/trap/inject.h. */
#include "trap/inject.h"
#include "arch/esr.h"

#define FSC_SYNC_EXTERNAL 0x10

/*
 * PSTATE on taking an exception to AArch64 EL1 (Arm ARM, AArch64.TakeException
 * pseudocode): EL1h with D, A, I, F set; SS, IL and BTYPE cleared; NZCV and
 * DIT kept; PAN set when SCTLR_EL1.SPAN is 0 (else kept); UAO cleared; SSBS
 * from SCTLR_EL1.DSSBS; TCO set. Each only where the CPU has the feature (a
 * PSTATE bit it lacks is RES0). NMI's ALLINT, GCS's EXLOCK and EBEP's PM are
 * for features guests are not shown (trap/idregs.c).
 */
static uint64_t entry_pstate(uint64_t from, bool aarch32, const struct inject_target *t)
{
	uint64_t p = PSTATE_DAIF | PSTATE_EL1H | (from & PSTATE_NZCV);
	/* an AArch32 SPSR holds DIT at bit 21; PAN is bit 22 in both */
	bool dit = aarch32 ? (from >> 21) & 1 : !!(from & PSTATE_DIT);

	if (t->dit && dit)
		p |= PSTATE_DIT;
	if (t->pan && (!(t->sctlr_el1 & SCTLR_EL1_SPAN) || (from & PSTATE_PAN)))
		p |= PSTATE_PAN;
	if (t->ssbs && (t->sctlr_el1 & SCTLR_EL1_DSSBS))
		p |= PSTATE_SSBS;
	if (t->mte)
		p |= PSTATE_TCO;
	return p;
}

void inject_compute(enum inject_kind kind, uint64_t far, bool wnr, uint64_t guest_pc,
		    uint64_t guest_pstate, const struct inject_target *t,
		    struct inject_result *out)
{
	bool aarch32 = guest_pstate & 0x10;
	unsigned el = (guest_pstate >> 2) & 3;
	bool from_el0 = aarch32 || el == 0;
	uint64_t offset;
	uint64_t ec;
	uint64_t iss = 0;

	/* Arm ARM D1.10.2, vector offsets from VBAR_EL1 */
	if (aarch32)
		offset = 0x600;
	else if (el == 0)
		offset = 0x400;
	else if (guest_pstate & 1) /* SPSel: EL1h */
		offset = 0x200;
	else
		offset = 0x000;

	switch (kind) {
	case INJECT_DABT:
		ec = from_el0 ? EC_DABT_LOW : EC_DABT_CUR;
		iss = FSC_SYNC_EXTERNAL | (wnr ? ESR_DABT_WNR : 0);
		break;
	case INJECT_IABT:
		ec = from_el0 ? EC_IABT_LOW : EC_IABT_CUR;
		iss = FSC_SYNC_EXTERNAL;
		break;
	default:
		ec = EC_UNKNOWN;
		break;
	}
	out->esr_el1 = (ec << 26) | ESR_IL | iss;
	out->far_el1 = kind == INJECT_UNDEF ? 0 : far;
	out->elr_el1 = guest_pc;
	out->spsr_el1 = guest_pstate;
	out->pc = t->vbar_el1 + offset;
	out->pstate = entry_pstate(guest_pstate, aarch32, t);
}
