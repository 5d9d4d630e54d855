/* Address translation instructions on the running guest's regime (EL2 only). */
#ifndef ARCH_AT_H
#define ARCH_AT_H
#include <stdint.h>

/*
 * PAR_EL1 of AT S1E1R (stage 1 only: the IPA) and of AT S12E1R (both
 * stages: the memory type) for va, in the EL1&0 regime live on this CPU,
 * the guest's own. The guest's PAR_EL1 is put back.
 */
void at_guest_va(uint64_t va, uint64_t *par_s1, uint64_t *par_s12);

#endif
