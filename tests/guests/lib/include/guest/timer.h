/* Generic timer (virtual counter) helpers. */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H
#include <stdint.h>

uint64_t timer_now(void);
uint64_t timer_freq(void);
uint64_t timer_ms_to_ticks(uint64_t ms);
void timer_delay_ms(uint64_t ms);

#endif
