/*
 * The EL1 virtual timer (CNTV_*, INTID 27), which Tessera forwards as a
 * hardware-linked virtual interrupt: the guest's deactivation (EOIR in
 * EOImode 0, DIR in EOImode 1) deactivates the physical one. Were that link
 * broken, the physical interrupt would stay active and never fire again.
 */
#include "gic.h"
#include "guest/check.h"
#include "guest/rt.h"
#include "guest/smccc.h"
#include "guest/sysreg.h"
#include "guest/timer.h"
#include "lib/fmt.h"

#define FIRE_MS 2
#define WAIT_MS 500
#define QUIET_MS 20
#define CNTV_ENABLE 1u
#define CNTV_ISTATUS 4u

static const uint16_t t27[] = {INTID_VTIMER};

static void arm(unsigned ms)
{
	write_sysreg(cntv_cval_el0, timer_now() + timer_ms_to_ticks(ms));
	write_sysreg(cntv_ctl_el0, CNTV_ENABLE);
	isb();
}

/* rounds times: arm, wait for exactly one INTID 27 taken with the timer
 * condition met; false (and why) at the first that is not. */
static bool rounds(unsigned n, char *why, size_t len)
{
	for (unsigned r = 0; r < n; r++) {
		char d[160];

		gic_timer_ctl_seen = 0;
		arm(FIRE_MS);
		if (!log_match(0, t27, 1, WAIT_MS, d, sizeof(d)) ||
		    (gic_timer_ctl_seen & (CNTV_ENABLE | CNTV_ISTATUS)) !=
			    (CNTV_ENABLE | CNTV_ISTATUS)) {
			fmt_snprintf(why, len, "round %u: %s, CNTV_CTL_EL0 0x%lx", r + 1,
				     d, (uint64_t)gic_timer_ctl_seen);
			return false;
		}
	}
	return true;
}

/* PSCI CPU_SUSPEND (standby, power_state 0) waits as WFI does: it returns
 * SUCCESS once the armed timer's interrupt is due, and the interrupt is then
 * taken. A wake-up may come early (any interrupt of the CPU), as for WFI, so
 * the guest calls again, as an idle loop would, but a call that does not
 * wait at all would need hundreds of calls for the 2 ms. */
#define SUSPEND_MAX_CALLS 10

static void suspend_check(void)
{
	uint64_t cval;
	unsigned calls = 0;
	int64_t r = 0;

	arm(FIRE_MS);
	cval = read_sysreg(cntv_cval_el0);
	/* IRQs masked from the time check to the call, as an OS idles: a timer
	 * interrupt taken in between would disable the timer (gic_irq) and
	 * leave the call nothing to wait for; masked, it stays pending, which
	 * ends the call (or makes it return at once) all the same. */
	rt_irq_mask();
	while (r == 0 && timer_now() < cval && calls < SUSPEND_MAX_CALLS) {
		r = psci_call(PSCI_CPU_SUSPEND, 0, 0, 0);
		calls++;
	}
	rt_irq_unmask();
	check(r == 0 && timer_now() >= cval,
	      "PSCI CPU_SUSPEND (standby) returns SUCCESS and waits for the armed timer "
	      "(at most 10 calls)",
	      "returned %ld after %u calls, %ld ticks before the timer", r, calls,
	      (int64_t)(cval - timer_now()));
	log_expect(0, t27, 1, WAIT_MS, "and its interrupt is taken after the call");
}

/*
 * The timer fires while every list register holds a pending SGI of lower
 * priority and nothing else waits (QEMU has 4 list registers; IRQs masked):
 * the highest-priority pending interrupt must still be the one the guest
 * sees (ICC_HPPIR1_EL1) and takes first, so Tessera evicts an SGI for it
 * rather than leave the timer's waiting (src/vgic/vgic_lr.c, evict_for).
 */
#define FULL_SGIS 4

static void timer_over_full_lrs(void)
{
	static const uint16_t want[] = {INTID_VTIMER, 0, 1, 2, 3};
	uint32_t en = gicr_r32(0, GICR_ISENABLER0),
		 prio = gicr_r32(0, GICR_IPRIORITYR(0));
	uint32_t hppir = 0, sgis = (1u << FULL_SGIS) - 1;
	uint64_t end;

	mmio_w8(GICR_BASE + GICR_IPRIORITYR(INTID_VTIMER), 0x08);
	for (unsigned i = 0; i < FULL_SGIS; i++)
		mmio_w8(GICR_BASE + GICR_IPRIORITYR(i), (uint8_t)(0x10 + 8 * i));
	gicr_w32(0, GICR_ISENABLER0, sgis);
	rt_irq_mask();
	gicr_w32(0, GICR_ISPENDR0, sgis);
	arm(1);
	end = timer_now() + timer_ms_to_ticks(WAIT_MS);
	while ((hppir = (uint32_t)read_sysreg(ICC_HPPIR1_EL1) & 0xffffff) !=
		       INTID_VTIMER &&
	       timer_now() < end)
		;
	rt_irq_unmask();
	check(hppir == INTID_VTIMER,
	      "the timer fires while 4 lower-priority SGIs fill the list registers (IRQs "
	      "masked): ICC_HPPIR1_EL1 shows INTID 27",
	      "ICC_HPPIR1_EL1 %u", hppir);
	log_expect(0, want, FULL_SGIS + 1, WAIT_MS,
		   "then the timer's is taken first, the 4 SGIs after it by priority");
	gicr_w32(0, GICR_ICENABLER0, sgis & ~en);
	gicr_w32(0, GICR_IPRIORITYR(0), prio);
	mmio_w8(GICR_BASE + GICR_IPRIORITYR(INTID_VTIMER), 0x80);
}

void timer_checks(void)
{
	char why[200] = "", d[160];
	uint64_t end;
	uint32_t pend;
	bool quiet;

	mmio_w8(GICR_BASE + GICR_IPRIORITYR(INTID_VTIMER), 0x80);
	gicr_w32(0, GICR_ISENABLER0, 1u << INTID_VTIMER);

	check(rounds(3, why, sizeof(why)),
	      "virtual timer (CNTV, INTID 27) fires, and fires again each time it is "
	      "re-armed after the EOI: 3 rounds (EOImode 0)",
	      "%s", why);

	gic_set_eoimode1(true);
	check(rounds(2, why, sizeof(why)),
	      "the same in EOImode 1 (EOIR, then DIR): 2 rounds", "%s", why);

	/* EOIR without DIR leaves it active, virtual and physical */
	gic_defer_timer_dir(true);
	arm(FIRE_MS);
	log_expect(0, t27, 1, WAIT_MS, "virtual timer fires (EOImode 1, DIR held back)");
	gic_defer_timer_dir(false);
	arm(1);
	timer_delay_ms(QUIET_MS);
	log_expect(0, 0, 0, 0,
		   "re-armed while still active (EOIR without DIR): no new interrupt");
	gic_dir(INTID_VTIMER);
	log_expect(0, t27, 1, WAIT_MS,
		   "ICC_DIR_EL1 deactivates it, and the physical one with it: the "
		   "waiting timer interrupt comes");
	gic_set_eoimode1(false);

	/* disabled at the redistributor: pending, not taken, until enabled */
	gicr_w32(0, GICR_ICENABLER0, 1u << INTID_VTIMER);
	arm(1);
	end = timer_now() + timer_ms_to_ticks(WAIT_MS);
	while (!((pend = gicr_r32(0, GICR_ISPENDR0)) & (1u << INTID_VTIMER)) &&
	       timer_now() < end)
		;
	timer_delay_ms(QUIET_MS);
	quiet = log_match(0, 0, 0, 0, d, sizeof(d));
	check(quiet && (pend & (1u << INTID_VTIMER)),
	      "the timer interrupt, disabled (GICR_ICENABLER0), is not taken and reads "
	      "pending in GICR_ISPENDR0",
	      "%s, GICR_ISPENDR0 0x%x", d, pend);
	gicr_w32(0, GICR_ISENABLER0, 1u << INTID_VTIMER);
	log_expect(0, t27, 1, WAIT_MS, "it is taken once enabled (GICR_ISENABLER0)");
	check(rounds(1, why, sizeof(why)), "and fires again when re-armed", "%s", why);

	suspend_check();
	timer_over_full_lrs();

	write_sysreg(cntv_ctl_el0, 0);
	gicr_w32(0, GICR_ICENABLER0, 1u << INTID_VTIMER);
	log_expect(1, 0, 0, 0, "vCPU 1 took none of vCPU 0's timer interrupts");
}
