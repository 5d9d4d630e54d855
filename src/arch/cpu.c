/* CPU feature discovery. */
#include "arch/cpu.h"
#include "arch/sysreg.h"

unsigned cpu_parange_bits(unsigned parange)
{
	static const unsigned bits[] = {32, 36, 40, 42, 44, 48, 52};

	return parange < 7 ? bits[parange] : 48;
}

void cpu_features_read(struct cpu_features *f)
{
	uint64_t mmfr0 = sysreg_read(id_aa64mmfr0_el1);
	uint64_t mmfr1 = sysreg_read(id_aa64mmfr1_el1);
	uint64_t mmfr2 = sysreg_read(id_aa64mmfr2_el1);
	uint64_t pfr0 = sysreg_read(id_aa64pfr0_el1);

	f->midr = sysreg_read(midr_el1);
	f->parange = mmfr0 & 0xf;
	f->pa_bits = cpu_parange_bits(f->parange);
	f->vmid_bits = ((mmfr1 >> 4) & 0xf) == 2 ? 16 : 8;
	f->s2fwb = ((mmfr2 >> 40) & 0xf) != 0;
	f->gic_sysregs = ((pfr0 >> 24) & 0xf) != 0;
	f->el1_aarch32 = (pfr0 >> 4) & 0xf;
}

unsigned cpu_id(void)
{
	return (unsigned)sysreg_read(tpidr_el2);
}
