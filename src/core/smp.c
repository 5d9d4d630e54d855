/* Secondary CPUs: PSCI CPU_ON through the host DT's conduit, then report in. */
#include "arch/gicv3.h"
#include "arch/psci.h"
#include "arch/serror_hw.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "core/boot.h"
#include "core/console.h"
#include "core/smp.h"
#include "core/stop.h"
#include "guest/vm.h"

#define MPIDR_AFF_MASK 0xff00ffffffUL
#define ONLINE_TIMEOUT_MS 2000

unsigned smp_nr_cpus = 1;
uint64_t smp_mpidr[NR_CPUS];
static volatile uint32_t online_mask = 1;

void secondary_entry(void);

void smp_assign_ids(const struct inventory *inv)
{
	uint64_t me = sysreg_read(mpidr_el1) & MPIDR_AFF_MASK;
	unsigned n = 1;

	smp_mpidr[0] = me;
	for (unsigned i = 0; i < inv->nr_cpus; i++)
		if ((inv->cpu_mpidr[i] & MPIDR_AFF_MASK) != me && n < NR_CPUS)
			smp_mpidr[n++] = inv->cpu_mpidr[i];
	smp_nr_cpus = n;
}

unsigned smp_boot_secondaries(void)
{
	unsigned online = 1;

	for (unsigned cpu = 1; cpu < smp_nr_cpus; cpu++) {
		int64_t r = psci_call(PSCI_CPU_ON, smp_mpidr[cpu],
				      (uint64_t)secondary_entry, cpu);
		uint64_t deadline = timer_count() + timer_ms_to_ticks(ONLINE_TIMEOUT_MS);

		if (r != PSCI_RET_SUCCESS) {
			printk("CPU %u (MPIDR %#lx): PSCI CPU_ON failed: %s\n", cpu,
			       (unsigned long)smp_mpidr[cpu], psci_ret_name(r));
			continue;
		}
		while (!(online_mask & (1u << cpu)) && timer_count() < deadline)
			wfe();
		if (online_mask & (1u << cpu))
			online++;
		else
			printk("CPU %u (MPIDR %#lx): started but did not report in within "
			       "%u ms\n",
			       cpu, (unsigned long)smp_mpidr[cpu], ONLINE_TIMEOUT_MS);
	}
	return online;
}

void secondary_main(unsigned cpu)
{
	if (gic_init_cpu()) {
		printk("CPU %u: its GIC redistributor cannot be found or woken; CPU left "
		       "offline\n",
		       cpu);
		park();
	}
	serror_hw_cpu_init();
	printk("CPU %u online (MPIDR %#lx, EL%u)\n", cpu,
	       (unsigned long)(sysreg_read(mpidr_el1) & MPIDR_AFF_MASK), current_el());
	__atomic_or_fetch(&online_mask, 1u << cpu, __ATOMIC_RELEASE);
	sev();
	pcpu_idle();
}

uint32_t smp_online_mask(void)
{
	return online_mask;
}
