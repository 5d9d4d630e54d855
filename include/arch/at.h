/* Address translation instructions at EL2 (AT), on the EL1&0 regime. */
#ifndef ARCH_AT_H
#define ARCH_AT_H
#include <stdbool.h>
#include <stdint.h>

#include "arch/exception.h"

enum at_op { AT_S1E1R, AT_S12E1R };

/*
 * PAR_EL1 of AT S1E1R (stage 1 only: the IPA) or AT S12E1R (both stages:
 * the memory type) for va, in the EL1&0 regime live on this CPU. The
 * caller's PAR_EL1 is put back. A synchronous External abort on the walk
 * is taken as a Data Abort, not reported in PAR (Arm ARM, AT S1E1R): then
 * this returns F = 1 with FST 0x10 instead, so a guest whose tables sit
 * where a read aborts cannot take Tessera down through an AT.
 */
uint64_t at_par(enum at_op op, uint64_t va);

/* For the EL2 synchronous exception handler: true (and the abort
 * recorded, ELR moved past the AT) if f is an at_par() walk abort. */
bool at_fixup(struct exc_frame *f);

#endif
