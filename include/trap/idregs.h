/*
 * The ID registers a guest reads (HCR_EL2.TID3 traps them): the CPU's own,
 * with what Tessera does not give a guest hidden (Arm ARM D19.2, "ID
 * registers": op0 3, op1 0, CRn 0, CRm 1-7). Pure logic, host unit tested.
 */
#ifndef TRAP_IDREGS_H
#define TRAP_IDREGS_H
#include <stdbool.h>
#include <stdint.h>

#define IDREG_NR 56 /* CRm 1-7 x op2 0-7 */
#define IDREG_INDEX(crm, op2) (((crm)-1) * 8 + (op2))

struct idreg_host {
	unsigned ipa_bits; /* the guests' IPA size: PARange says no more */
};

/* view[i] = what a guest reads for ID register i, from the CPU's hw[i]. */
void idregs_build(uint64_t view[IDREG_NR], const uint64_t hw[IDREG_NR],
		  const struct idreg_host *h);

/* The guest view of the running system (set once at boot). */
extern uint64_t idregs_guest[IDREG_NR];

/* Reads all of the ID space on this CPU (EL2 only; src/arch/idregs_hw.c). */
void idregs_hw_read(uint64_t hw[IDREG_NR]);

#endif
