/* Secondary CPU bring-up and per-CPU identity. */
#ifndef CORE_SMP_H
#define CORE_SMP_H
#include <stdint.h>

#include "dt/inventory.h"

extern unsigned smp_nr_cpus;
extern uint64_t smp_mpidr[NR_CPUS]; /* by logical CPU id */

/* Logical ids: 0 is the boot CPU, the others follow /cpus order. */
void smp_assign_ids(const struct inventory *inv);
/* Starts the other CPUs with PSCI CPU_ON and waits for each to report in.
 * Returns how many CPUs are online, the boot CPU included. */
unsigned smp_boot_secondaries(void);
/* Bit n set: logical CPU n reported in. */
uint32_t smp_online_mask(void);

#endif
