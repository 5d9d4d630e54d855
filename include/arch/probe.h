/*
 * Reads of device registers at an address only the host DT vouches for:
 * where nothing answers, the read aborts (a synchronous External abort, or
 * a translation fault if it is not mapped), and the caller is told instead
 * of Tessera stopping on an exception it did not expect.
 */
#ifndef ARCH_PROBE_H
#define ARCH_PROBE_H
#include <stdbool.h>
#include <stdint.h>

#include "arch/exception.h"

/* A 32-bit read of va (mapped at EL2): false if it aborted. */
bool probe_read32(uint64_t va, uint32_t *val);

/* For the EL2 synchronous exception handler: true (and the abort recorded,
 * ELR moved past the load) if f is a probe_read32() abort. */
bool probe_fixup(struct exc_frame *f);

#endif
