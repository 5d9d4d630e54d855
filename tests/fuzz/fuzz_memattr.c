/*
 * Fuzz target: the memory-type policy (src/memattr/memattr.c) and the
 * stage-2 encoding it leads to (src/mm/stage2.c). Input: one request (type,
 * its flags), a stage-1 MAIR attribute, a permission set and two PAR_EL1
 * values. Promises checked: only a type the rules allow is accepted (and
 * REFUSED/WARN always say why); an accepted request encodes and decodes
 * back to itself; the effective type of an access is never more permissive
 * than stage 2's (Device stays Device, Normal-NC stays non-cacheable); the
 * PAR a guest gets never carries the host physical address.
 */
#include <string.h>

#include "fuzz.h"
#include "memattr/memattr.h"
#include "mm/stage2.h"

#define PAR_PA_MASK 0x000ffffffffff000ULL

static bool is_device(uint8_t a)
{
	return (a & 0xf0) == 0;
}

static void check_policy(const struct memattr_req *q)
{
	char why[400];
	enum memattr_verdict v;
	bool ram_like = q->in_ram || q->platform_ram_like;

	memset(why, 0, sizeof(why));
	v = memattr_check(q, why, sizeof(why));
	FUZZ_CHECK(v == MEMATTR_OK || (why[0] && memchr(why, '\0', sizeof(why))),
		   "verdict %d without a reason", v);
	if (v == MEMATTR_REFUSED)
		return;
	switch (q->type) {
	case S2_NORMAL_NC:
		FUZZ_CHECK(ram_like || q->vouched_ram_like,
			   "NC on a device with side effects");
		FUZZ_CHECK(v == MEMATTR_WARN || ram_like,
			   "NC vouched for without a warning");
		break;
	case S2_NORMAL_WB:
		FUZZ_CHECK(q->fwb && (q->coherent || q->in_ram),
			   "WB without FWB or on a non-coherent device");
		break;
	case S2_DEVICE_nGnRE:
	case S2_DEVICE_nGnRnE:
		break;
	default:
		FUZZ_CHECK(0, "unknown type %d accepted", (int)q->type);
	}
}

static void check_encoding(enum s2_memtype t, unsigned perms, bool fwb)
{
	enum s2_memtype t2;
	unsigned p2;
	uint64_t attrs;

	if (stage2_check_request(t, perms))
		return;
	attrs = stage2_leaf_attrs(t, perms, fwb);
	/* a page descriptor: valid and page bits, output address 0 */
	FUZZ_CHECK(stage2_decode(attrs | 3, fwb, &t2, &p2) == 0, "type %d perms %u",
		   (int)t, perms);
	FUZZ_CHECK(t2 == t && p2 == perms, "type %d perms %u came back as %d %u", (int)t,
		   perms, (int)t2, p2);
}

static void check_effective(uint8_t s1, enum s2_memtype t, bool fwb)
{
	uint8_t e = memattr_effective(s1, t, fwb);
	char name[40];

	memattr_attr_name(e, name, sizeof(name));
	FUZZ_CHECK(name[0], "no name for %#x", e);
	if (is_device(s1))
		FUZZ_CHECK(is_device(e) || (t == S2_NORMAL_WB && fwb),
			   "stage-1 Device %#x became %#x", s1, e);
	switch (t) {
	case S2_DEVICE_nGnRnE:
		FUZZ_CHECK(is_device(e) && e <= MEMATTR_DEVICE_nGnRnE,
			   "Device-nGnRnE at stage 2 gave %#x", e);
		break;
	case S2_DEVICE_nGnRE:
		FUZZ_CHECK(is_device(e) && e <= MEMATTR_DEVICE_nGnRE,
			   "Device-nGnRE at stage 2 gave %#x", e);
		break;
	case S2_NORMAL_NC:
		FUZZ_CHECK(is_device(e) || e == MEMATTR_NORMAL_NC,
			   "Normal-NC at stage 2 gave %#x from %#x", e, s1);
		break;
	case S2_NORMAL_WB:
		FUZZ_CHECK(fwb ? e == MEMATTR_NORMAL_WB : e == s1, "WB gave %#x from %#x",
			   e, s1);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	uint8_t flags = fuzz_u8(&in);
	struct memattr_req q = {
		.type = (enum s2_memtype)(fuzz_u8(&in) & 3),
		.in_ram = flags & 1,
		.platform_ram_like = flags & 2,
		.vouched_ram_like = flags & 4,
		.coherent = flags & 8,
		.fwb = flags & 16,
	};
	uint8_t s1 = fuzz_u8(&in);
	unsigned perms = fuzz_u8(&in);
	uint64_t par_s1 = fuzz_u64(&in), par_s12 = fuzz_u64(&in), par;

	check_policy(&q);
	check_encoding(q.type, perms, q.fwb);
	check_effective(s1, q.type, q.fwb);
	par = memattr_par_for_guest(par_s1, par_s12);
	FUZZ_CHECK((par & PAR_PA_MASK) == 0 ||
			   (par & PAR_PA_MASK) == (par_s1 & PAR_PA_MASK),
		   "PAR %#llx carries address bits not from the guest's own translation",
		   (unsigned long long)par);
	FUZZ_CHECK(!(par & 1) || !(par & PAR_PA_MASK), "a fault PAR %#llx has an address",
		   (unsigned long long)par);
	return 0;
}
