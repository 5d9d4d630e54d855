/*
 * A passed-through device's interrupt: QEMU's PL031 at its virt address and
 * its SPI 2 (INTID 34), when the guest's DT has the device (under Tessera
 * tests/payloads/vgic-pt.dts assigns it, so the SPI is hardware-linked;
 * natively it is QEMU's own, which makes the checks a reference). The
 * alarm raises a level line that stays high until the guest masks or
 * clears it at the device. What the guest does to the interrupt in its
 * distributor while Tessera holds it (taken at EL2, in a list register or
 * waiting for one) must act as it does on a GIC: a pending state cleared
 * is gone, and the physical interrupt still comes the next time.
 */
#include "gic.h"
#include "guest/check.h"
#include "guest/console.h"
#include "guest/dt.h"
#include "guest/mmu.h"
#include "guest/rt.h"
#include "guest/sysreg.h"
#include "guest/timer.h"

#define RTC_BASE 0x09010000UL
#define RTC_DR 0x00
#define RTC_MR 0x04
#define RTC_IMSC 0x10
#define RTC_RIS 0x14
#define RTC_ICR 0x1c
#define INTID_RTC INTID_PT
#define RTC_BIT (1u << (INTID_RTC - 32))

#define WAIT_MS 500
#define QUIET_MS 20

static const uint16_t rtc1[] = {INTID_RTC};
static volatile bool pt_present;

void pt_line_down(void)
{
	if (!pt_present)
		return;
	mmio_w32(RTC_BASE + RTC_IMSC, 0);
	mmio_w32(RTC_BASE + RTC_ICR, 1);
}

/* The alarm matched (RTCRIS) and unmasked: the line is high. A match
 * register equal to the counter fires at once (QEMU's pl031_set_alarm); a
 * second may tick between the read and the write, then again. */
static bool pt_line_up(void)
{
	for (unsigned i = 0; i < 4; i++) {
		mmio_w32(RTC_BASE + RTC_MR, mmio_r32(RTC_BASE + RTC_DR));
		if (mmio_r32(RTC_BASE + RTC_RIS) & 1) {
			mmio_w32(RTC_BASE + RTC_IMSC, 1);
			return true;
		}
	}
	return false;
}

/* With IRQs masked: until the CPU interface shows INTID 34 pending
 * (Tessera has put it in a list register). */
static bool wait_listed(void)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(WAIT_MS);

	while (((uint32_t)read_sysreg(ICC_HPPIR1_EL1) & 0xffffff) != INTID_RTC)
		if (timer_now() > end)
			return false;
	return true;
}

static uint32_t hppir(void)
{
	return (uint32_t)read_sysreg(ICC_HPPIR1_EL1) & 0xffffff;
}

static bool pending_bit(void)
{
	return gicd_r32(GICD_ISPENDR(1)) & RTC_BIT;
}

/* Nothing taken by either vCPU for a while, IRQs unmasked. */
static bool quiet(char *why, size_t len)
{
	timer_delay_ms(QUIET_MS);
	return log_match(0, 0, 0, 0, why, len);
}

static void pt_taken(void)
{
	check(pt_line_up(), "the PL031 alarm raises its line (RTCRIS)", "RTCRIS 0");
	log_expect(0, rtc1, 1, WAIT_MS,
		   "SPI 34 (the PL031's, passed through) raised by the device is taken "
		   "by vCPU 0, once");
	mmio_w64(GICD_BASE + GICD_IROUTER(INTID_RTC), 1);
	pt_line_up();
	log_expect2(
		0, 0, rtc1, 1, WAIT_MS,
		"SPI 34 routed to vCPU 1 (GICD_IROUTER34 = 1) is taken by vCPU 1 only");
	mmio_w64(GICD_BASE + GICD_IROUTER(INTID_RTC), 0);
}

/* What the guest sees after one distributor write to INTID 34 made while
 * Tessera holds it in a list register. */
struct pt_seen {
	bool listed, pending, quiet;
	uint32_t hppir;
	char why[200];
};

/* IRQs masked: the line raised, INTID 34 listed (ICC_HPPIR1_EL1), the line
 * dropped if asked, reg written; then IRQs unmasked a while. */
static void pt_listed_write(uint64_t reg, bool drop, struct pt_seen *s)
{
	rt_irq_mask();
	pt_line_up();
	s->listed = wait_listed();
	if (drop)
		pt_line_down();
	gicd_w32(reg, RTC_BIT);
	s->pending = pending_bit();
	s->hppir = hppir();
	rt_irq_unmask();
	s->quiet = quiet(s->why, sizeof(s->why));
}

/* Listed, then the line drops and the guest clears the pending state: it is
 * not taken, and the device's next interrupt is. */
static void pt_clear_listed(void)
{
	struct pt_seen s;

	pt_listed_write(GICD_ICPENDR(1), true, &s);
	check(s.listed && !s.pending && s.hppir != INTID_RTC && s.quiet,
	      "SPI 34 pending for vCPU 0 (IRQs masked), its line dropped, cleared by "
	      "GICD_ICPENDR1: no longer pending (GICD_ISPENDR1, ICC_HPPIR1_EL1), not taken",
	      "listed %d, pending %d, HPPIR %u, %s", s.listed, s.pending, s.hppir, s.why);
	pt_line_up();
	log_expect(
		0, rtc1, 1, WAIT_MS,
		"the PL031's next interrupt after the cleared listed one is taken, once");
}

/* Listed, then disabled: not taken, stays pending while the line is high,
 * taken once enabled again. */
static void pt_disable_listed(void)
{
	struct pt_seen s;

	pt_listed_write(GICD_ICENABLER(1), false, &s);
	check(s.listed && s.pending && s.hppir != INTID_RTC && s.quiet,
	      "SPI 34 pending for vCPU 0 (IRQs masked), disabled by GICD_ICENABLER1 with "
	      "its line high: still pending, not offered (ICC_HPPIR1_EL1), not taken",
	      "listed %d, pending %d, HPPIR %u, %s", s.listed, s.pending, s.hppir, s.why);
	gicd_w32(GICD_ISENABLER(1), RTC_BIT);
	log_expect(0, rtc1, 1, WAIT_MS,
		   "enabled again (GICD_ISENABLER1), it is taken, once");
}

/* Disabled with its line high (Tessera holds the physical interrupt
 * outside the list registers), the line dropped and the pending state
 * cleared: enabled again, nothing comes; the device's next interrupt does. */
static void pt_clear_disabled(void)
{
	char why[240] = "";
	bool listed, pend, q;

	rt_irq_mask();
	pt_line_up();
	listed = wait_listed();
	gicd_w32(GICD_ICENABLER(1), RTC_BIT);
	timer_delay_ms(QUIET_MS); /* the line, still high, comes back meanwhile */
	pt_line_down();
	gicd_w32(GICD_ICPENDR(1), RTC_BIT);
	pend = pending_bit();
	gicd_w32(GICD_ISENABLER(1), RTC_BIT);
	rt_irq_unmask();
	q = quiet(why, sizeof(why));
	check(listed && !pend && q,
	      "SPI 34 disabled with its line high, the line dropped, cleared by "
	      "GICD_ICPENDR1, enabled again: not pending, not taken",
	      "listed %d, pending %d, %s", listed, pend, why);
	pt_line_up();
	log_expect(
		0, rtc1, 1, WAIT_MS,
		"the PL031's next interrupt after the cleared disabled one is taken, once");
}

/*
 * The vUART's level interrupt (level.c) at a higher priority than the
 * PL031's. Its handler completes it once with the line still high, so it is
 * pending again at once, and only then raises the PL031's line, with no exit
 * in between: INTID 33 must be taken again before INTID 34. (Tessera learns
 * that the line is still high only at an exit: its fast path for the
 * PL031's interrupt must not list INTID 34 alone then.)
 */
#define SPIN_LOOPS 20000 /* no exit: the physical interrupt comes meanwhile */

static void raise_and_spin(void)
{
	pt_line_up();
	for (volatile unsigned i = 0; i < SPIN_LOOPS; i++)
		;
}

static void pt_level_outranks(void)
{
	static const uint16_t want[] = {INTID_VUART, INTID_VUART, INTID_RTC};

	vuart_level_arm(raise_and_spin, 0x80);
	log_expect(0, want, 3, WAIT_MS,
		   "the vUART's level interrupt (INTID 33, priority 0x80) completed with "
		   "its line high, then the PL031's (34, 0xa0) raised: 33 is taken again "
		   "before 34");
	vuart_level_off();
}

/* ---- the state of a linked SPI Tessera holds ---- */

/* Listed, set pending again by GICD_ISPENDR: one interrupt, taken once. */
static void pt_spend_listed(void)
{
	char why[200] = "";
	bool listed, ok;

	rt_irq_mask();
	pt_line_up();
	listed = wait_listed();
	gicd_w32(GICD_ISPENDR(1), RTC_BIT);
	rt_irq_unmask();
	ok = log_match(0, rtc1, 1, WAIT_MS, why, sizeof(why));
	check(listed && ok,
	      "SPI 34 pending for vCPU 0, set pending again by GICD_ISPENDR1: "
	      "taken once",
	      "listed %d, %s", listed, why);
}

/* Listed, its priority lowered below the guest's ICC_PMR_EL1: not taken;
 * raised back: taken once. */
static void pt_prio_listed(void)
{
	char why[200] = "", why2[200] = "";
	bool listed, q, ok;

	rt_irq_mask();
	pt_line_up();
	listed = wait_listed();
	write_sysreg(ICC_PMR_EL1, 0xb0);
	mmio_w8(GICD_BASE + GICD_IPRIORITYR(INTID_RTC), 0xc0);
	rt_irq_unmask();
	q = quiet(why, sizeof(why));
	mmio_w8(GICD_BASE + GICD_IPRIORITYR(INTID_RTC), GIC_DEFAULT_PRIO);
	ok = log_match(0, rtc1, 1, WAIT_MS, why2, sizeof(why2));
	write_sysreg(ICC_PMR_EL1, 0xff);
	isb();
	check(listed && q && ok,
	      "SPI 34 pending for vCPU 0, GICD_IPRIORITYR34 0xc0 with ICC_PMR_EL1 "
	      "0xb0: not taken; back to 0xa0: taken once",
	      "listed %d, at 0xc0: %s; at 0xa0: %s", listed, why, why2);
}

/* Set active by GICD_ISACTIVER while pending, either listed or (held)
 * disabled and enabled again around the write: it reads active and is not
 * taken until GICD_ICACTIVER, then taken once. */
static void pt_set_active(bool held)
{
	char why[200] = "";
	bool listed, act, q;

	rt_irq_mask();
	pt_line_up();
	listed = wait_listed();
	if (held)
		gicd_w32(GICD_ICENABLER(1), RTC_BIT);
	gicd_w32(GICD_ISACTIVER(1), RTC_BIT);
	if (held)
		gicd_w32(GICD_ISENABLER(1), RTC_BIT);
	act = gicd_r32(GICD_ISACTIVER(1)) & RTC_BIT;
	rt_irq_unmask();
	q = quiet(why, sizeof(why));
	check(listed && act && q,
	      held ? "SPI 34 disabled while pending, set active (GICD_ISACTIVER1), "
		     "enabled again: reads active, not taken"
		   : "SPI 34 pending for vCPU 0, set active (GICD_ISACTIVER1): reads "
		     "active, not taken",
	      "listed %d, active %d, %s", listed, act, why);
	gicd_w32(GICD_ICACTIVER(1), RTC_BIT);
	log_expect(
		0, rtc1, 1, WAIT_MS,
		held ? "then, held and set active, cleared active (GICD_ICACTIVER1): "
		       "taken, once"
		     : "then, listed and set active, cleared active (GICD_ICACTIVER1): "
		       "taken, once");
	pt_line_down();
}

/* Disabled while pending with its (level) line high, then the line drops:
 * no longer pending, nothing comes once enabled again. */
static void pt_level_drop_held(void)
{
	char why[200] = "";
	bool listed, pend, q;

	rt_irq_mask();
	pt_line_up();
	listed = wait_listed();
	gicd_w32(GICD_ICENABLER(1), RTC_BIT);
	pt_line_down();
	pend = pending_bit();
	gicd_w32(GICD_ISENABLER(1), RTC_BIT);
	rt_irq_unmask();
	q = quiet(why, sizeof(why));
	check(listed && !pend && q,
	      "SPI 34 (level) disabled while pending, its line dropped: not "
	      "pending, not taken once enabled again",
	      "listed %d, pending %d, %s", listed, pend, why);
}

/* Acknowledged on vCPU 0, re-routed to vCPU 1 (IRQs masked), EOI with the
 * line still high: it comes again for vCPU 1; GICD_ICPENDR meanwhile
 * (level, line high) leaves it pending; vCPU 1 takes it once unmasked. */
static void pt_clear_moved(void)
{
	char why[240] = "";
	bool listed, ok;
	unsigned iar;

	on_cpu1(CMD_MASK, 0);
	rt_irq_mask();
	pt_line_up();
	listed = wait_listed();
	iar = (unsigned)read_sysreg(ICC_IAR1_EL1) & 0xffffff;
	mmio_w64(GICD_BASE + GICD_IROUTER(INTID_RTC), 1);
	write_sysreg(ICC_EOIR1_EL1, iar);
	if (read_sysreg(ICC_CTLR_EL1) & ICC_CTLR_EOIMODE)
		write_sysreg(ICC_DIR_EL1, iar);
	isb();
	timer_delay_ms(5); /* no exit of vCPU 0 meanwhile */
	gicd_w32(GICD_ICPENDR(1), RTC_BIT);
	on_cpu1(CMD_UNMASK, 0);
	rt_irq_unmask();
	ok = log_match(1, rtc1, 1, WAIT_MS, why, sizeof(why));
	check(listed && iar == INTID_RTC && ok,
	      "SPI 34 acknowledged on vCPU 0, re-routed to vCPU 1, EOI with its "
	      "line high, cleared by GICD_ICPENDR1 (line high): vCPU 1 takes it once",
	      "listed %d, IAR %u, %s", listed, iar, why);
	mmio_w64(GICD_BASE + GICD_IROUTER(INTID_RTC), 0);
	pt_line_down();
	pt_line_up();
	log_expect(
		0, rtc1, 1, WAIT_MS,
		"the PL031's next interrupt after the re-routed one is taken by vCPU 0, once");
}

void pt_checks(uint64_t dtb)
{
	if (!dt_has_node(dtb, "pl031@9010000")) {
		console_printf("no pl031@9010000 in the DT: no passed-through interrupt "
			       "to check\n");
		return;
	}
	if (!check(mmu_map(RTC_BASE, 4096, MMU_DEVICE), "stage-1 map of the PL031",
		   "no tables left"))
		return;
	pt_present = true;
	pt_line_down();
	mmio_w64(GICD_BASE + GICD_IROUTER(INTID_RTC), 0);
	gicd_w32(GICD_ISENABLER(1), RTC_BIT);
	pt_taken();
	pt_clear_listed();
	pt_disable_listed();
	pt_clear_disabled();
	pt_spend_listed();
	pt_prio_listed();
	pt_set_active(false);
	pt_set_active(true);
	pt_level_drop_held();
	pt_clear_moved();
	pt_level_outranks();
	gicd_w32(GICD_ICENABLER(1), RTC_BIT);
	pt_line_down();
}
