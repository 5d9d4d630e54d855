/* Trapped MMIO: decoding the data abort syndrome into one access (pure logic). */
#ifndef TRAP_MMIO_H
#define TRAP_MMIO_H
#include <stdbool.h>
#include <stdint.h>

#include "arch/esr.h"
#include "lib/errno.h"

/* A device handler's answer: the device cannot take the access now; the
 * guest's PC stays, so it runs the instruction again (a full FIFO). */
#define MMIO_RETRY 1

struct mmio_access {
	uint64_t ipa;
	unsigned size; /* bytes: 1, 2, 4, 8 */
	bool write;
	uint64_t value; /* the store data, or the load result */
	/* The register (SRT), its width (SF) and the extension (SSE) are the
	 * trap handler's business: it takes them from the syndrome itself. */
};

/* Both inline: they run on every trapped access (host tested all the same). */

/* Fills a from an ESR_EL2 data abort with ISV=1 (Arm ARM D24.2.45, ISS for
 * data aborts). -EINVAL when ISV=0: the instruction cannot be emulated from
 * the syndrome alone. */
static inline int mmio_decode(uint64_t esr, uint64_t ipa, struct mmio_access *a)
{
	if (!(esr & ESR_DABT_ISV))
		return -EINVAL;
	a->ipa = ipa;
	a->size = 1u << ESR_DABT_SAS(esr);
	a->write = esr & ESR_DABT_WNR;
	a->value = 0;
	return 0;
}

/* The register value a load leaves: sign- or zero-extended, 32-bit for Wn;
 * from the syndrome (SAS, SSE, SF) of a data abort with ISV=1. */
static inline uint64_t mmio_load_value(uint64_t esr, uint64_t raw)
{
	unsigned shift = 64 - (8u << ESR_DABT_SAS(esr)); /* 56, 48, 32, 0 */
	uint64_t v = (esr & ESR_DABT_SSE) ? (uint64_t)((int64_t)(raw << shift) >> shift)
					  : (raw << shift) >> shift;

	return (esr & ESR_DABT_SF) ? v : (uint32_t)v;
}

#endif
