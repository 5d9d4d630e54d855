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
	f->sve = ((pfr0 >> 32) & 0xf) != 0;
	f->sme = ((sysreg_read(id_aa64pfr1_el1) >> 24) & 0xf) != 0;
	/* SHA2, bits [15:12]: 1 = SHA256*, 2 = SHA512* as well */
	f->sha256 = ((sysreg_read(id_aa64isar0_el1) >> 12) & 0xf) != 0;
}

#define CPTR_EL2_TZ (1UL << 8)
#define CPTR_EL2_TSM (1UL << 12)
#define ZCR_EL2 S3_4_C1_C2_0
#define SMCR_EL2 S3_4_C1_C2_6

void cpu_guest_fp_enable(const struct cpu_features *f)
{
	uint64_t cptr = CPTR_EL2_RES1;

	/* TZ and TSM are RES1 without SVE/SME: clear them only when they exist */
	if (f->sve)
		cptr &= ~CPTR_EL2_TZ;
	if (f->sme)
		cptr &= ~CPTR_EL2_TSM;
	sysreg_write(cptr_el2, cptr);
	isb();
	if (f->sve)
		sysreg_write(ZCR_EL2, 0xf); /* LEN: the CPU's maximum */
	if (f->sme)
		sysreg_write(SMCR_EL2, 0xf);
	isb();
}

void cpu_sme_stop(const struct cpu_features *f)
{
	if (f->sme)
		__asm__ volatile(".inst 0xd503467f" ::: "memory"); /* SMSTOP */
}

unsigned cpu_id(void)
{
	return (unsigned)sysreg_read(tpidr_el2);
}
