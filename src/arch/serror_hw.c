/* Physical and virtual SErrors at EL2; see include/arch/serror_hw.h. */
#include "arch/serror_hw.h"
#include "arch/cpu.h"
#include "arch/esr.h"
#include "core/config.h"

#define ESB() __asm__ volatile("hint #16" ::: "memory") /* a NOP before FEAT_RAS */

/* Per CPU: serror_hw_sync() has PSTATE.A unmasked and waits for an SError. */
static volatile struct {
	bool armed;
	uint64_t esr;
} window[NR_CPUS];

void serror_hw_disr_clear(void)
{
	sysreg_write(DISR_EL1, 0);
}

extern char el2_vectors[], el2_vectors_ras[];

void serror_hw_cpu_init(void)
{
	/* with FEAT_RAS, the vectors whose guest entries look for a deferred
	 * SError (src/arch/vectors.S) */
	if (boot_cpu.ras) {
		/* DISR_EL1 resets to an UNKNOWN value (firmware may leave A
		 * set): no guest may be blamed for it */
		serror_hw_disr_clear();
		sysreg_write(vbar_el2, (uint64_t)el2_vectors_ras);
		isb();
	}
	/* IESB: an implicit error synchronization event at every exception
	 * entry to EL2, so the errors of the guest's instructions are pending
	 * by the time the vectors' ESB runs (Arm ARM, SCTLR_EL2.IESB) */
	if (boot_cpu.iesb) {
		sysreg_write(sctlr_el2, sysreg_read(sctlr_el2) | SCTLR_EL2_IESB);
		isb();
	}
}

bool serror_hw_defer_test(uint64_t iss)
{
	if (!boot_cpu.ras)
		return false;
	sysreg_write(DISR_EL1, DISR_EL1_A | iss);
	isb();
	/* with SCR_EL3.EA set (firmware first) DISR_EL1 is RAZ/WI at EL2 */
	return sysreg_read(DISR_EL1) & DISR_EL1_A;
}

uint64_t serror_hw_sync(void)
{
	unsigned cpu = cpu_id();
	uint64_t disr;

	/* the vCPU's accesses are complete, the errors they raise pending */
	dsb(sy);
	isb();
	if (boot_cpu.ras) {
		/* PSTATE.A masked: ESB defers a pending SError into DISR_EL1
		 * instead of taking it (Arm ARM, ESB) */
		ESB();
		disr = sysreg_read(DISR_EL1);
		if (!(disr & DISR_EL1_A))
			return 0;
		serror_hw_disr_clear();
		return esr_from_disr(disr);
	}
	/* Before FEAT_RAS nothing defers it: unmask PSTATE.A and let the ISB
	 * (a context synchronization event) take it at EL2, routed there by
	 * HCR_EL2.AMO; serror_hw_catch() keeps its ESR. */
	window[cpu].esr = 0;
	window[cpu].armed = true;
	__asm__ volatile("msr daifclr, #4\n\tisb\n\tmsr daifset, #4" ::: "memory");
	window[cpu].armed = false;
	return window[cpu].esr;
}

bool serror_hw_catch(const struct exc_frame *f)
{
	unsigned cpu = cpu_id();

	if (cpu >= NR_CPUS || !window[cpu].armed)
		return false;
	if (!window[cpu].esr) /* the first, if more than one */
		window[cpu].esr = f->esr;
	return true;
}

void serror_hw_idle_unmask(void)
{
	__asm__ volatile("msr daifclr, #4" ::: "memory");
}

void serror_hw_inject(uint64_t vsesr)
{
	/* VSESR_EL2 gives the virtual SError its ESR_EL1.ISS where FEAT_RAS
	 * exists; before it the syndrome is IMPLEMENTATION DEFINED */
	if (boot_cpu.ras)
		sysreg_write(VSESR_EL2, vsesr);
	sysreg_write(hcr_el2, sysreg_read(hcr_el2) | HCR_EL2_VSE);
}

void serror_hw_vcpu_reset(void)
{
	/* VSE stays set until the guest takes the virtual SError; an ESB the
	 * guest ran with PSTATE.A masked moved it into VDISR_EL2, which its
	 * DISR_EL1 reads (Arm ARM, HCR_EL2.VSE, VDISR_EL2). Neither may reach
	 * the next life. */
	sysreg_write(hcr_el2, sysreg_read(hcr_el2) & ~HCR_EL2_VSE);
	if (boot_cpu.ras) {
		sysreg_write(VDISR_EL2, 0);
		sysreg_write(VSESR_EL2, 0);
	}
}
