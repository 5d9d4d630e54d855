/* AT at EL2; see include/arch/at.h. */
#include "arch/at.h"
#include "arch/cpu.h"
#include "arch/esr.h"
#include "arch/sysreg.h"
#include "core/config.h"

#define PAR_F (1UL << 0)
#define PAR_FST_SEA (0x10UL << 1)
#define PAR_RES1 (1UL << 11)

/* The AT instructions, named so that at_fixup() knows them. */
extern const char at_insn_s1e1r[], at_insn_s12e1r[];
static volatile bool at_aborted[NR_CPUS];

/* DMBs around the PAR_EL1 read: Cortex-A77 erratum 1508412 (as Linux). */
static uint64_t par_read(void)
{
	uint64_t v;

	dmb(sy);
	v = sysreg_read(par_el1);
	dmb(sy);
	return v;
}

/* noinline: each label must exist once. The ISB makes the result visible
 * in PAR_EL1 (Arm ARM, synchronization of system register changes). */
static __attribute__((noinline)) void at_s1e1r(uint64_t va)
{
	__asm__ volatile(
		".globl at_insn_s1e1r\nat_insn_s1e1r:\n\tat s1e1r, %0\n\tisb" ::"r"(va)
		: "memory");
}

static __attribute__((noinline)) void at_s12e1r(uint64_t va)
{
	__asm__ volatile(
		".globl at_insn_s12e1r\nat_insn_s12e1r:\n\tat s12e1r, %0\n\tisb" ::"r"(va)
		: "memory");
}

uint64_t at_par(enum at_op op, uint64_t va)
{
	unsigned cpu = cpu_id();
	uint64_t saved = par_read(), par;

	at_aborted[cpu] = false;
	if (op == AT_S1E1R)
		at_s1e1r(va);
	else
		at_s12e1r(va);
	par = at_aborted[cpu] ? PAR_RES1 | PAR_FST_SEA | PAR_F : par_read();
	sysreg_write(par_el1, saved);
	return par;
}

bool at_fixup(struct exc_frame *f)
{
	if (ESR_EC(f->esr) != EC_DABT_CUR ||
	    (f->elr != (uint64_t)at_insn_s1e1r && f->elr != (uint64_t)at_insn_s12e1r))
		return false;
	at_aborted[cpu_id()] = true;
	f->elr += 4;
	return true;
}
