/* Data abort syndrome decoding; see include/trap/mmio.h. */
#include "trap/mmio.h"
#include "arch/esr.h"
#include "lib/errno.h"

int mmio_decode(uint64_t esr, uint64_t ipa, struct mmio_access *a)
{
	if (!(esr & ESR_DABT_ISV))
		return -EINVAL;
	a->ipa = ipa;
	a->size = 1u << ESR_DABT_SAS(esr);
	a->write = esr & ESR_DABT_WNR;
	a->sign_extend = esr & ESR_DABT_SSE;
	a->reg64 = esr & ESR_DABT_SF;
	a->reg = ESR_DABT_SRT(esr);
	a->value = 0;
	return 0;
}

uint64_t mmio_load_result(const struct mmio_access *a, uint64_t raw)
{
	unsigned bits = a->size * 8;
	uint64_t v = bits < 64 ? raw & ((1UL << bits) - 1) : raw;

	if (a->sign_extend && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~0UL << bits;
	if (!a->reg64)
		v &= 0xffffffffUL;
	return v;
}
