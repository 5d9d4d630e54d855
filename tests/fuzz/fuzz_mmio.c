/*
 * Fuzz target: the data abort syndrome decoder (include/trap/mmio.h, used as
 * it is). Input: ESR_EL2, the IPA and a raw load value (8 bytes each). The
 * decoded access and the register value of a load must match the Arm ARM's
 * ISS fields and sign/zero extension, worked out here independently.
 */
#include "fuzz.h"
#include "trap/mmio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	uint64_t esr = fuzz_u64(&in), ipa = fuzz_u64(&in), raw = fuzz_u64(&in);
	struct mmio_access a;
	unsigned bits;
	int sse, sf;
	uint64_t want, got;

	if (mmio_decode(esr, ipa, &a)) {
		FUZZ_CHECK(!((esr >> 24) & 1), "ISV=1 rejected");
		return 0;
	}
	FUZZ_CHECK((esr >> 24) & 1, "ISV=0 decoded");
	FUZZ_CHECK(a.ipa == ipa, "ipa");
	FUZZ_CHECK(a.size == 1u << ((esr >> 22) & 3), "size %u", a.size);
	FUZZ_CHECK(a.write == ((esr >> 6) & 1), "WnR");
	FUZZ_CHECK(a.value == 0, "value not cleared");
	if (a.write)
		return 0;
	sse = (esr >> 21) & 1;
	sf = (esr >> 15) & 1;
	bits = a.size * 8;
	want = bits == 64 ? raw : raw & ((1ULL << bits) - 1);
	if (sse && bits < 64 && (want >> (bits - 1)))
		want |= ~0ULL << bits;
	if (!sf)
		want = (uint32_t)want;
	got = mmio_load_value(esr, raw);
	FUZZ_CHECK(got == want,
		   "load of %u bytes (SSE %d SF %d) of %#llx: %#llx, want %#llx", a.size,
		   sse, sf, (unsigned long long)raw, (unsigned long long)got,
		   (unsigned long long)want);
	return 0;
}
