/*
 * Boot phases timed with the physical counter (CNTPCT_EL0), printed on every
 * boot as one line each: "boot: <phase> <duration> us (at <since reset> us)".
 * On QEMU the counter starts at 0 at machine reset; under -icount shift=0
 * one instruction takes 1 ns, so the microseconds (to 3 decimals) are
 * thousands of instructions (tests/bench.sh reads them).
 */
#ifndef CORE_BOOT_TIME_H
#define CORE_BOOT_TIME_H
#include <stdint.h>

/* The counter at Tessera's entry (called with the MMU off, boot CPU). */
void boot_time_start(void);
/* Ends the boot CPU's current phase: prints its name (printf format) and
 * duration, and starts the next one. */
void boot_time_phase(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A vCPU 0 is about to run its guest's first instruction (any CPU): the
 * first one of the boot ends Tessera's boot work, a restart prints the time
 * since its reset request. Called just before the ERET into the guest. */
void boot_time_guest_entry(const char *name, uint64_t reset_requested);
/* The counter now (ISB first, so earlier work is not reordered past it). */
uint64_t boot_time_now(void);

#endif
