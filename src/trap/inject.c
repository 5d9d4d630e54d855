/* Computing an injected exception; see include/trap/inject.h. */
#include "trap/inject.h"
#include "arch/esr.h"

#define FSC_SYNC_EXTERNAL 0x10

void inject_compute(enum inject_kind kind, uint64_t far, bool wnr, uint64_t guest_pc,
		    uint64_t guest_pstate, uint64_t vbar_el1, struct inject_result *out)
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
	out->pc = vbar_el1 + offset;
	out->pstate = PSTATE_DAIF | PSTATE_EL1H;
}
