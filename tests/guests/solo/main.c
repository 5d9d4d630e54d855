/*
 * solo: the smallest guest, for bringing up the hypervisor. It needs only the
 * console and PSCI SYSTEM_OFF: no DT, no MMU, one vCPU.
 */
#include "guest/check.h"
#include "guest/rt.h"
#include "guest/sysreg.h"

void guest_main(uint64_t dtb)
{
	uint64_t el = (read_sysreg(CurrentEL) >> 2) & 3;

	(void)dtb;
	check(el == 1, "hello", "running at EL%lu, expected EL1", el);
}
