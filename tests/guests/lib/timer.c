/* Virtual counter helpers (CNTVCT_EL0, readable at EL1 without setup). */
#include "guest/sysreg.h"
#include "guest/timer.h"

uint64_t timer_now(void)
{
	isb(); /* no reading the counter ahead of earlier instructions */
	return read_sysreg(cntvct_el0);
}

uint64_t timer_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

uint64_t timer_ms_to_ticks(uint64_t ms)
{
	return ms * timer_freq() / 1000;
}

void timer_delay_ms(uint64_t ms)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(ms);

	while (timer_now() < end)
		;
}
