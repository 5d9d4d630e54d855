/* The generic timer's physical counter, for timeouts at EL2. */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H
#include <stdint.h>

#include "arch/sysreg.h"

static inline uint64_t timer_count(void)
{
	isb();
	return sysreg_read(cntpct_el0);
}

static inline uint64_t timer_freq(void)
{
	return sysreg_read(cntfrq_el0);
}

static inline uint64_t timer_ms_to_ticks(uint64_t ms)
{
	return timer_freq() / 1000 * ms;
}

#endif
