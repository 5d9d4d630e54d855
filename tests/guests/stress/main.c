/*
 * stress: the lifecycle under pressure, in two roles (tests/scenarios/
 * stress-*.scn).
 *
 * typed (the default build): restarts itself STRESS_LIVES times with PSCI
 * SYSTEM_RESET while the scenario types to it. Each life first checks that
 * its virtual PL011 starts at its reset values (registers, no interrupt
 * pending in its virtual GIC), then says it is ready, reads a few typed
 * characters (its own letter: A for life 1, B for life 2...) with the
 * receive interrupt enabled, leaves the registers
 * changed and resets while the rest of the typed text still comes in: the
 * console input on the boot CPU races the reset on this guest's CPU. Its
 * life count survives in a persistent carve-out.
 *
 * off (-DSTRESS_OFF=1): powers off at the next STRESS_OFF_MS boundary of the
 * shared counter but one, so that every guest of the system goes off at the
 * same instant (the last two to stop race to see each other off).
 */
#include "abi/vplatform.h"
#include "guest/check.h"
#include "guest/console.h"
#include "guest/mmu.h"
#include "guest/rt.h"
#include "guest/smccc.h"
#include "guest/timer.h"

#ifndef STRESS_OFF
#define STRESS_OFF 0
#endif

#if STRESS_OFF
#define STRESS_OFF_MS 100

void guest_main(uint64_t dtb)
{
	uint64_t slot = timer_ms_to_ticks(STRESS_OFF_MS);
	uint64_t at;

	rt_setup(dtb);
	at = (timer_now() / slot + 2) * slot;
	console_printf("off: powering off at tick %lu\n", at);
	while (timer_now() < at)
		;
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	check(false, "PSCI SYSTEM_OFF does not return", "it returned");
}
#else
#define STRESS_LIVES 20
#define STRESS_READ 16        /* typed characters read per life */
#define KEEP_IPA 0x70000000UL /* persistent carve-out: the life count */
#define MARK_MAGIC 0x7374726573737479UL
#define UART(off) ((volatile uint32_t *)(RT_UART_BASE + (off)))
#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIBRD 0x24
#define UARTFBRD 0x28
#define UARTLCR_H 0x2c
#define UARTCR 0x30
#define UARTIFLS 0x34
#define UARTIMSC 0x38
#define FR_RXFE (1u << 4)
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)
#define GICD_ISPENDR(n) ((volatile uint32_t *)(VPLAT_GICD_IPA + 0x200 + 4 * (n)))
#define GICD_ISENABLER(n) ((volatile uint32_t *)(VPLAT_GICD_IPA + 0x100 + 4 * (n)))

/* What the scenario types to life n (tests/scenarios/stress-reset-input.scn). */
static uint32_t life_letter(uint64_t n)
{
	return 'A' + (uint32_t)((n - 1) % 26);
}

struct stress_mark {
	uint64_t magic;
	uint64_t lives;
};

static void clean_to_poc(volatile void *p)
{
	/* the next life starts with the MMU off: memory must hold the count */
	__asm__ volatile("dc civac, %0\n\tdsb sy" ::"r"(p) : "memory");
}

/* What Tessera must have put back between two lives. */
static void check_reset_state(uint64_t life)
{
	uint32_t bit = 1u << (VPLAT_UART_INTID % 32);

	check(*UART(UARTIMSC) == 0 && *UART(UARTLCR_H) == 0 && *UART(UARTIBRD) == 0 &&
		      *UART(UARTFBRD) == 0 && *UART(UARTCR) == 0x300 &&
		      *UART(UARTIFLS) == 0x12,
	      "the vPL011 registers start at their reset values",
	      "life %lu: IMSC %#x LCR_H %#x IBRD %#x FBRD %#x CR %#x IFLS %#x", life,
	      *UART(UARTIMSC), *UART(UARTLCR_H), *UART(UARTIBRD), *UART(UARTFBRD),
	      *UART(UARTCR), *UART(UARTIFLS));
	check(!(*GICD_ISPENDR(VPLAT_UART_INTID / 32) & bit) &&
		      !(*GICD_ISENABLER(VPLAT_UART_INTID / 32) & bit),
	      "its interrupt is neither pending nor enabled in the new vGIC",
	      "life %lu: ISPENDR %#x ISENABLER %#x", life,
	      *GICD_ISPENDR(VPLAT_UART_INTID / 32),
	      *GICD_ISENABLER(VPLAT_UART_INTID / 32));
}

void guest_main(uint64_t dtb)
{
	volatile struct stress_mark *m = (volatile struct stress_mark *)KEEP_IPA;
	unsigned got = 0;

	rt_setup(dtb);
	if (!check(mmu_map(KEEP_IPA, 4096, MMU_NORMAL_NC) &&
			   mmu_map(VPLAT_GICD_IPA, VPLAT_GICD_SIZE, MMU_DEVICE),
		   "stage-1 map of the carve-out and the GIC distributor",
		   "no tables left"))
		return;
	if (m->magic != MARK_MAGIC) {
		m->magic = MARK_MAGIC;
		m->lives = 0;
	}
	m->lives++;
	clean_to_poc(m);
	check_reset_state(m->lives);
	if (m->lives > STRESS_LIVES) {
		console_printf("typed: %lu lives, done\n", m->lives - 1);
		return;
	}
	/* the line goes high with the first character: the vGIC latches it */
	*GICD_ISENABLER(VPLAT_UART_INTID / 32) = 1u << (VPLAT_UART_INTID % 32);
	*UART(UARTIMSC) = INT_RX | INT_RT;
	console_printf("typed: life %lu ready\n", m->lives);
	/* Only this life's letter counts: what an earlier life was typed may
	 * still trickle in (the console keeps typing through a reset), and
	 * must not make this life run ahead of the scenario. */
	while (got < STRESS_READ)
		if (!(*UART(UARTFR) & FR_RXFE) &&
		    (*UART(UARTDR) & 0xff) == life_letter(m->lives))
			got++;
	*UART(UARTLCR_H) = 0x70;
	*UART(UARTIBRD) = 1;
	*UART(UARTFBRD) = 2;
	*UART(UARTIFLS) = 0;
	console_printf("typed: life %lu read %u of its characters, resetting\n", m->lives,
		       got);
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	check(false, "PSCI SYSTEM_RESET does not return", "it returned");
}
#endif
