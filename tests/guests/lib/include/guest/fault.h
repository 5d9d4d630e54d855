/*
 * Expected-exception capture. A test arms the capture, does one access (or
 * HVC/SMC), then disarms: if a synchronous exception was taken meanwhile, the
 * vector recorded ESR/FAR/ELR, skipped the instruction (ELR += 4) and returned.
 * An SError taken while armed is recorded too (its ELR kept).
 */
#ifndef GUEST_FAULT_H
#define GUEST_FAULT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Vector offsets / 0x80: group (cur SP0, cur SPx, lower 64, lower 32) * 4 + type. */
#define FAULT_VEC_CUR_SPX_SYNC 4

struct fault_rec {
	bool taken;
	unsigned vector;
	uint64_t esr, far, elr;
	uint64_t
		pstate; /* at the handler: DAIF, and PAN, SSBS, DIT where the CPU has them */
};

/* PSTATE bits in their SPSR positions */
#define FAULT_PSTATE_SSBS (1UL << 12)
#define FAULT_PSTATE_PAN (1UL << 22)
#define FAULT_PSTATE_DIT (1UL << 24)

struct rt_frame {
	uint64_t x[31];
	uint64_t elr, spsr, esr, far;
	uint64_t pad;
};

void fault_arm(void);
/* Disarms; fills rec and returns whether an exception was taken. */
bool fault_disarm(struct fault_rec *rec);
/* Called by the vector code; true if the exception was expected and handled. */
bool fault_handle(struct rt_frame *f, unsigned vector);

/*
 * One load or store at addr with capture armed. Returns true if it took a
 * data abort matching docs/guest-abi.md (EC 0x25 at VBAR+0x200, IL, DFSC 0x10,
 * WnR = write, FAR = addr, ELR = the access); else describes why in why.
 */
bool fault_expect_abort(uint64_t addr, bool write, uint64_t value, char *why, size_t len);

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_IL (1UL << 25)
#define ESR_WNR (1UL << 6)
#define ESR_FSC(esr) ((esr)&0x3f)
#define EC_DABT_CUR 0x25
#define FSC_SEA 0x10

#endif
