/* Trapped MMIO: decoding the data abort syndrome into one access (pure logic). */
#ifndef TRAP_MMIO_H
#define TRAP_MMIO_H
#include <stdbool.h>
#include <stdint.h>

/* A device handler's answer: the device cannot take the access now; the
 * guest's PC stays, so it runs the instruction again (a full FIFO). */
#define MMIO_RETRY 1

struct mmio_access {
	uint64_t ipa;
	unsigned size; /* bytes: 1, 2, 4, 8 */
	bool write;
	bool sign_extend; /* SSE: loads sign-extend to the register width */
	bool reg64;       /* SF: the register is Xn, not Wn */
	unsigned reg;     /* SRT; 31 is XZR */
	uint64_t value;   /* the store data, or the load result */
};

/* Fills a from an ESR_EL2 data abort with ISV=1 (Arm ARM D24.2.45, ISS for
 * data aborts). -EINVAL when ISV=0: the instruction cannot be emulated from
 * the syndrome alone. */
int mmio_decode(uint64_t esr, uint64_t ipa, struct mmio_access *a);
/* The register value a load leaves: sign- or zero-extended, 32-bit for Wn. */
uint64_t mmio_load_result(const struct mmio_access *a, uint64_t raw);

#endif
