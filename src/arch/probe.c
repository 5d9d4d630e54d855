/* Device register reads that may abort; see include/arch/probe.h. */
#include "arch/cpu.h"
#include "arch/esr.h"
#include "arch/probe.h"
#include "arch/sysreg.h"
#include "core/config.h"

/* The load, named so that probe_fixup() knows it. */
extern const char probe_insn_ldr32[];
static volatile bool probe_aborted[NR_CPUS];

/* noinline: the label must exist once. */
static __attribute__((noinline)) uint32_t probe_ldr32(uint64_t va)
{
	uint32_t v = 0;

	__asm__ volatile(".globl probe_insn_ldr32\nprobe_insn_ldr32:\n\tldr %w0, [%1]"
			 : "+r"(v)
			 : "r"(va)
			 : "memory");
	return v;
}

bool probe_read32(uint64_t va, uint32_t *val)
{
	unsigned cpu = cpu_id();

	probe_aborted[cpu] = false;
	*val = probe_ldr32(va);
	return !probe_aborted[cpu];
}

bool probe_fixup(struct exc_frame *f)
{
	if (ESR_EC(f->esr) != EC_DABT_CUR || f->elr != (uint64_t)probe_insn_ldr32)
		return false;
	probe_aborted[cpu_id()] = true;
	f->elr += 4;
	return true;
}
