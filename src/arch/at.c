/* AT on the guest's regime; see include/arch/at.h. */
#include "arch/at.h"
#include "arch/sysreg.h"

void at_guest_va(uint64_t va, uint64_t *par_s1, uint64_t *par_s12)
{
	uint64_t saved = sysreg_read(par_el1);

	/* An AT result is in PAR_EL1 only after a context synchronization
	 * (Arm ARM, "Synchronization of changes to system registers"). */
	__asm__ volatile("at s1e1r, %0" ::"r"(va) : "memory");
	isb();
	*par_s1 = sysreg_read(par_el1);
	__asm__ volatile("at s12e1r, %0" ::"r"(va) : "memory");
	isb();
	*par_s12 = sysreg_read(par_el1);
	sysreg_write(par_el1, saved);
}
