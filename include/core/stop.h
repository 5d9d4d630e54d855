/* Ending the hypervisor: always with a message, never a silent hang. */
#ifndef CORE_STOP_H
#define CORE_STOP_H

/* Prints why, powers the machine off through PSCI; parks if the firmware refuses. */
void hyp_stop(const char *why) __attribute__((noreturn));
/* Parks this CPU (src/arch/head.S). */
void park(void) __attribute__((noreturn));

#endif
