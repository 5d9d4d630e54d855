/* Boot phase timing from the physical counter; see include/core/boot_time.h. */
#include <stdarg.h>
#include <stdbool.h>

#include "arch/timer.h"
#include "core/boot_time.h"
#include "core/console.h"
#include "lib/fmt.h"

/* Written once with the MMU off (boot_mmu_prepare), like boot_cpu. */
static uint64_t boot_time_entry;
static uint64_t boot_time_last;
static bool boot_time_entry_shown;
static bool boot_time_guest_seen;

uint64_t boot_time_now(void)
{
	return timer_count();
}

void boot_time_start(void)
{
	boot_time_entry = boot_time_now();
	boot_time_last = boot_time_entry;
}

/* Counter ticks as microseconds with 3 decimals, without overflow for any
 * uptime: whole seconds and the remainder are converted separately. */
static void boot_time_us(uint64_t ticks, unsigned long *us, unsigned *ns)
{
	uint64_t f = timer_freq();
	uint64_t nsec = ticks / f * 1000000000UL + ticks % f * 1000000000UL / f;

	*us = (unsigned long)(nsec / 1000);
	*ns = (unsigned)(nsec % 1000);
}

static void boot_time_line(const char *what, uint64_t from, uint64_t to)
{
	unsigned long d_us, at_us;
	unsigned d_ns, at_ns;

	boot_time_us(to - from, &d_us, &d_ns);
	boot_time_us(to, &at_us, &at_ns);
	printk("boot: %-44s %9lu.%03u us (at %lu.%03u us)\n", what, d_us, d_ns, at_us,
	       at_ns);
}

void boot_time_phase(const char *fmt, ...)
{
	uint64_t now = boot_time_now();
	char what[64];
	va_list ap;

	/* Only the boot's phases: the same code reloads a guest at its reset,
	 * timed as a whole by boot_time_guest_entry(). */
	if (__atomic_load_n(&boot_time_guest_seen, __ATOMIC_ACQUIRE))
		return;
	va_start(ap, fmt);
	fmt_vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* the first line can only be printed once the console is known */
	if (!boot_time_entry_shown) {
		boot_time_entry_shown = true;
		boot_time_line("reset to Tessera's C (firmware, bss zeroed)", 0,
			       boot_time_entry);
	}
	boot_time_line(what, boot_time_last, now);
	/* the line itself is counted in the next phase, not in this one */
	boot_time_last = now;
}

void boot_time_guest_entry(const char *name, uint64_t reset_requested)
{
	uint64_t now = boot_time_now();
	char what[64];

	if (reset_requested) {
		fmt_snprintf(what, sizeof(what), "guest \"%s\" reset to 1st insn", name);
		boot_time_line(what, reset_requested, now);
		return;
	}
	fmt_snprintf(what, sizeof(what), "guest \"%s\" 1st insn (since reset)", name);
	boot_time_line(what, 0, now);
	/* Several vCPU 0s start at once; only the first one ends the boot. */
	if (!__atomic_exchange_n(&boot_time_guest_seen, true, __ATOMIC_ACQ_REL))
		boot_time_line("Tessera's work to the 1st guest insn", 0, now);
}
