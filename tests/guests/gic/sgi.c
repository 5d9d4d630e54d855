/*
 * SGIs and SPIs: between and to the guest's vCPUs, broadcast, to vCPUs that
 * do not exist, priority mask, enables, routing, a second SGI while the first
 * is active, and 16 pending SGIs against QEMU's 4 list registers.
 */
#include "gic.h"
#include "guest/check.h"
#include "guest/rt.h"
#include "guest/sysreg.h"
#include "guest/timer.h"
#include "lib/fmt.h"

#define WAIT_MS 500
#define QUIET_MS 20
#define MANY_WAIT_MS 2000

#define TO(cpu) (1UL << (cpu)) /* ICC_SGI1R_EL1 target list, Aff0 = cpu */

static const uint16_t s1[] = {1}, s2[] = {2}, s3[] = {3}, s4[] = {4}, s5[] = {5},
		      s6[] = {6}, s8[] = {8}, s9[] = {9}, s10[] = {10}, s12[] = {12},
		      s11x2[] = {11, 11}, spi40[] = {40}, spi41[] = {41};

static void sgi_between_vcpus(void)
{
	uint64_t end;

	gic_send_sgi(SGI1R_INTID(1) | TO(1));
	log_expect2(0, 0, s1, 1, WAIT_MS,
		    "SGI 1 from vCPU 0 to vCPU 1 is taken by vCPU 1 only, as INTID 1");
	on_cpu1(CMD_SGI, SGI1R_INTID(2) | TO(0));
	log_expect2(s2, 1, 0, 0, WAIT_MS,
		    "SGI 2 from vCPU 1 to vCPU 0 is taken by vCPU 0 only, as INTID 2");
	gic_send_sgi(SGI1R_INTID(3) | TO(0));
	log_expect2(s3, 1, 0, 0, WAIT_MS, "SGI 3 from vCPU 0 to itself");
	on_cpu1(CMD_SGI, SGI1R_INTID(4) | TO(1));
	log_expect2(0, 0, s4, 1, WAIT_MS, "SGI 4 from vCPU 1 to itself");
	gic_send_sgi(SGI1R_INTID(12) | TO(0) | TO(1));
	log_expect2(s12, 1, s12, 1, WAIT_MS,
		    "SGI 12 to target list {0, 1} is taken once by each vCPU");
	gic_send_sgi(SGI1R_INTID(5) | SGI1R_IRM);
	log_expect2(0, 0, s5, 1, WAIT_MS,
		    "SGI 5 broadcast (IRM = 1) from vCPU 0 reaches vCPU 1 only");
	on_cpu1(CMD_SGI, SGI1R_INTID(6) | SGI1R_IRM);
	log_expect2(s6, 1, 0, 0, WAIT_MS,
		    "SGI 6 broadcast (IRM = 1) from vCPU 1 reaches vCPU 0 only");
	/* (not RS = 1: RS is RES0 while ICC_CTLR_EL1.RSS is 0) */
	gic_send_sgi(SGI1R_INTID(7) | SGI1R_AFF1(1) | TO(0) | TO(1));
	timer_delay_ms(QUIET_MS);
	log_expect2(0, 0, 0, 0, 0,
		    "SGI 7 to Aff1 = 1 (vCPUs 1.0 and 1.1 do not exist) reaches nobody");

	cpu1_in_wfi = 0;
	on_cpu1_start(CMD_WFI, 0);
	end = timer_now() + timer_ms_to_ticks(WAIT_MS);
	while (!__atomic_load_n(&cpu1_in_wfi, __ATOMIC_ACQUIRE) && timer_now() < end)
		;
	timer_delay_ms(10); /* time to get into WFI */
	gic_send_sgi(SGI1R_INTID(9) | TO(1));
	check(on_cpu1_wait(WAIT_MS), "vCPU 1 waiting in WFI wakes up for SGI 9",
	      "still waiting after %u ms", WAIT_MS);
	log_expect2(0, 0, s9, 1, 0, "SGI 9 is taken by vCPU 1 only");
}

static void sgi_mask_and_enable(void)
{
	char d[200];
	uint32_t hppir, pend, en;
	bool quiet;

	/* the priority mask holds back an interrupt of lower priority */
	mmio_w8(GICR_BASE + GICR_IPRIORITYR(10), 0x80);
	write_sysreg(ICC_PMR_EL1, 0x40);
	isb();
	gic_send_sgi(SGI1R_INTID(10) | TO(0));
	timer_delay_ms(QUIET_MS);
	hppir = (uint32_t)read_sysreg(ICC_HPPIR1_EL1) & 0xffffff;
	quiet = log_match(0, 0, 0, 0, d, sizeof(d));
	write_sysreg(ICC_PMR_EL1, 0xff);
	isb();
	check(quiet && hppir == 10,
	      "SGI 10 at priority 0x80 waits while ICC_PMR_EL1 is 0x40 (ICC_HPPIR1_EL1 "
	      "shows it)",
	      "%s, ICC_HPPIR1_EL1 %u", d, hppir);
	log_expect2(s10, 1, 0, 0, WAIT_MS, "SGI 10 is taken once ICC_PMR_EL1 is 0xff");
	mmio_w8(GICR_BASE + GICR_IPRIORITYR(10), GIC_DEFAULT_PRIO);

	/* a disabled SGI stays pending until enabled */
	gicr_w32(0, GICR_ICENABLER0, 1u << 8);
	gic_send_sgi(SGI1R_INTID(8) | TO(0));
	timer_delay_ms(QUIET_MS);
	quiet = log_match(0, 0, 0, 0, d, sizeof(d));
	pend = gicr_r32(0, GICR_ISPENDR0);
	en = gicr_r32(0, GICR_ISENABLER0);
	check(quiet && (pend & (1u << 8)) && !(en & (1u << 8)),
	      "SGI 8, disabled (GICR_ICENABLER0), is not taken and reads pending in "
	      "GICR_ISPENDR0",
	      "%s, GICR_ISPENDR0 0x%x, GICR_ISENABLER0 0x%x", d, pend, en);
	gicr_w32(0, GICR_ISENABLER0, 1u << 8);
	log_expect2(s8, 1, 0, 0, WAIT_MS,
		    "SGI 8 is taken once enabled (GICR_ISENABLER0)");
	pend = gicr_r32(0, GICR_ISPENDR0);
	check(!(pend & (1u << 8)),
	      "GICR_ISPENDR0 no longer shows SGI 8 once it was taken",
	      "GICR_ISPENDR0 0x%x", pend);
}

static void spi_route_and_enable(void)
{
	char d[200];
	uint64_t route;
	uint32_t pend;
	bool quiet;

	gicd_w32(GICD_ISENABLER(1), 1u << (40 - 32));
	mmio_w64(GICD_BASE + GICD_IROUTER(40), 1);
	route = mmio_r64(GICD_BASE + GICD_IROUTER(40));
	gicd_w32(GICD_ISPENDR(1), 1u << (40 - 32));
	log_expect2(0, 0, spi40, 1, WAIT_MS,
		    "SPI 40 routed to vCPU 1 (GICD_IROUTER40 = 1) and pended "
		    "(GICD_ISPENDR1) is taken by vCPU 1 only");
	check(route == 1, "GICD_IROUTER40 reads back 1", "reads 0x%lx", route);
	mmio_w64(GICD_BASE + GICD_IROUTER(40), 0);
	gicd_w32(GICD_ISPENDR(1), 1u << (40 - 32));
	log_expect2(
		spi40, 1, 0, 0, WAIT_MS,
		"SPI 40 routed to vCPU 0 (GICD_IROUTER40 = 0) is taken by vCPU 0 only");
	gicd_w32(GICD_ICENABLER(1), 1u << (40 - 32));

	/* pending while disabled; enabled from vCPU 0, taken on vCPU 1 */
	mmio_w64(GICD_BASE + GICD_IROUTER(41), 1);
	gicd_w32(GICD_ICENABLER(1), 1u << (41 - 32));
	gicd_w32(GICD_ISPENDR(1), 1u << (41 - 32));
	timer_delay_ms(QUIET_MS);
	quiet = log_match(1, 0, 0, 0, d, sizeof(d));
	pend = gicd_r32(GICD_ISPENDR(1));
	check(quiet && (pend & (1u << (41 - 32))),
	      "SPI 41 (to vCPU 1), disabled, is not taken and reads pending in "
	      "GICD_ISPENDR1",
	      "%s, GICD_ISPENDR1 0x%x", d, pend);
	gicd_w32(GICD_ISENABLER(1), 1u << (41 - 32));
	log_expect2(0, 0, spi41, 1, WAIT_MS,
		    "SPI 41 is taken by vCPU 1 once vCPU 0 enables it (GICD_ISENABLER1)");
	gicd_w32(GICD_ICENABLER(1), 1u << (41 - 32));
	mmio_w64(GICD_BASE + GICD_IROUTER(41), 0);

	/* pended, then un-pended, while disabled: never taken */
	gicd_w32(GICD_ISPENDR(1), 1u << (42 - 32));
	gicd_w32(GICD_ICPENDR(1), 1u << (42 - 32));
	gicd_w32(GICD_ISENABLER(1), 1u << (42 - 32));
	timer_delay_ms(QUIET_MS);
	log_expect2(0, 0, 0, 0, 0,
		    "SPI 42 pended then cleared (GICD_ICPENDR1) while disabled is never "
		    "taken");
	gicd_w32(GICD_ICENABLER(1), 1u << (42 - 32));
}

/* vCPU 1's handler holds SGI 11 active while vCPU 0 sends it again: the
 * second one is pending while the first is active, and must come after the
 * first's EOI, as the GIC's active-and-pending state says. */
static void sgi_active_and_pending(void)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(WAIT_MS);
	unsigned st;

	__atomic_store_n(&hold_state, 1, __ATOMIC_RELEASE);
	gic_send_sgi(SGI1R_INTID(HOLD_INTID) | TO(1));
	while ((st = __atomic_load_n(&hold_state, __ATOMIC_ACQUIRE)) != 2 &&
	       timer_now() < end)
		;
	if (!check(st == 2, "vCPU 1 is in its handler for SGI 11", "state %u", st)) {
		__atomic_store_n(&hold_state, 0, __ATOMIC_RELEASE);
		log_take(1, 0, 0);
		return;
	}
	gic_send_sgi(SGI1R_INTID(HOLD_INTID) | TO(1));
	timer_delay_ms(50); /* vCPU 1's kick is handled while SGI 11 is active */
	__atomic_store_n(&hold_state, 3, __ATOMIC_RELEASE);
	log_expect2(0, 0, s11x2, 2, WAIT_MS,
		    "SGI 11 sent again while vCPU 1 handles the first (active and "
		    "pending) is taken again after the first's EOI");
}

static void set_cpu1_sgi_prio(unsigned intid, uint8_t prio)
{
	mmio_w8(GICR_BASE + GICR_STRIDE + GICR_IPRIORITYR(intid), prio);
}

/* All 16 SGIs pended on vCPU 1 with one GICR_ISPENDR0 write, priorities in
 * a shuffled order: taken all, once each, by priority. */
static void many_sgis_at_once(void)
{
	uint16_t want[16];
	uint32_t pend;

	for (unsigned i = 0; i < 16; i++) {
		unsigned rank = (7 * i + 3) & 15; /* 0 = highest priority */

		set_cpu1_sgi_prio(i, (uint8_t)(8 * rank));
		want[rank] = (uint16_t)i;
	}
	on_cpu1(CMD_MASK, 0);
	gicr_w32(1, GICR_ISPENDR0, 0xffff);
	/* once vCPU 1 sees one, Tessera has filled its list registers */
	on_cpu1(CMD_HPPIR, 0);
	check(cpu1_hppir == want[0],
	      "vCPU 1 (IRQs masked) sees the highest-priority one, SGI 11, in "
	      "ICC_HPPIR1_EL1",
	      "ICC_HPPIR1_EL1 %u", cpu1_hppir);
	pend = gicr_r32(1, GICR_ISPENDR0);
	check((pend & 0xffff) == 0xffff,
	      "16 SGIs pended at once on vCPU 1 (GICR_ISPENDR0 = 0xffff, its IRQs masked) "
	      "all read pending in GICR_ISPENDR0",
	      "GICR_ISPENDR0 reads 0x%x", pend);
	on_cpu1(CMD_UNMASK, 0);
	log_expect2(0, 0, want, 16, MANY_WAIT_MS,
		    "all 16 SGIs pended at once are taken by vCPU 1, each once, highest "
		    "priority first (more than QEMU's 4 list registers)");
}

/* The 16 SGIs sent one by one, lowest priority first, while vCPU 1 has IRQs
 * masked and watches ICC_HPPIR1_EL1: each new one outranks all before it. */
static void many_sgis_one_by_one(void)
{
	uint16_t want[16];
	unsigned shown = 0, first_miss = 16;
	uint64_t end;

	for (unsigned i = 0; i < 16; i++) {
		set_cpu1_sgi_prio(i, (uint8_t)(0x78 - 8 * i)); /* SGI 15 highest */
		want[i] = (uint16_t)(15 - i);
		watch_expect[i] = i;
		watch_seen[i] = 0;
	}
	watch_ready = watch_sent = watch_acked = 0;
	on_cpu1_start(CMD_WATCH, 0);
	end = timer_now() + timer_ms_to_ticks(WAIT_MS);
	while (!__atomic_load_n(&watch_ready, __ATOMIC_ACQUIRE) && timer_now() < end)
		;
	for (unsigned k = 0; k < 16; k++) {
		end = timer_now() + timer_ms_to_ticks(WAIT_MS);

		gic_send_sgi(SGI1R_INTID(k) | TO(1));
		__atomic_store_n(&watch_sent, k + 1, __ATOMIC_RELEASE);
		while (__atomic_load_n(&watch_acked, __ATOMIC_ACQUIRE) <= k &&
		       timer_now() < end)
			;
	}
	on_cpu1_wait(WAIT_MS);
	for (unsigned k = 0; k < 16; k++) {
		if (watch_seen[k] == k)
			shown++;
		else if (first_miss == 16)
			first_miss = k;
	}
	check(shown == 16,
	      "vCPU 1 (IRQs masked) sees each newly sent, higher-priority SGI in "
	      "ICC_HPPIR1_EL1: 16 of 16",
	      "%u of 16; after SGI %u it showed %u", shown, first_miss,
	      first_miss < 16 ? watch_seen[first_miss] : 0);
	on_cpu1(CMD_UNMASK, 0);
	log_expect2(0, 0, want, 16, MANY_WAIT_MS,
		    "16 SGIs sent one by one to vCPU 1 (lowest priority first) are all "
		    "taken, each once, highest priority first");
}

/*
 * Interrupts already in vCPU 1's list registers (pended while its IRQs are
 * masked: Tessera has listed them once vCPU 1 sees one in ICC_HPPIR1_EL1),
 * then cleared or disabled from vCPU 0: the list registers must follow, so
 * none is taken; a disabled one stays pending and is taken once enabled.
 */
static void listed_then_cleared(void)
{
	static const uint16_t s9[] = {9};
	char d[200];
	uint32_t pend;
	bool quiet;

	on_cpu1(CMD_MASK, 0);
	gicr_w32(1, GICR_ISPENDR0, 0xffff);
	on_cpu1(CMD_HPPIR, 0);
	gicr_w32(1, GICR_ICPENDR0, 0xffff);
	pend = gicr_r32(1, GICR_ISPENDR0);
	on_cpu1(CMD_UNMASK, 0);
	timer_delay_ms(QUIET_MS);
	quiet = log_match(1, 0, 0, 0, d, sizeof(d));
	check(quiet && !(pend & 0xffff),
	      "16 SGIs pended on vCPU 1 (listed, IRQs masked), then cleared with "
	      "GICR_ICPENDR0: none reads pending, none is taken",
	      "%s, GICR_ISPENDR0 0x%x", d, pend);

	on_cpu1(CMD_MASK, 0);
	gicr_w32(1, GICR_ISPENDR0, 1u << 9);
	on_cpu1(CMD_HPPIR, 0);
	gicr_w32(1, GICR_ICENABLER0, 1u << 9);
	on_cpu1(CMD_UNMASK, 0);
	timer_delay_ms(QUIET_MS);
	quiet = log_match(1, 0, 0, 0, d, sizeof(d));
	pend = gicr_r32(1, GICR_ISPENDR0);
	check(quiet && (pend & (1u << 9)),
	      "SGI 9 listed on vCPU 1, then disabled (GICR_ICENABLER0): not taken, still "
	      "pending",
	      "%s, GICR_ISPENDR0 0x%x", d, pend);
	gicr_w32(1, GICR_ISENABLER0, 1u << 9);
	log_expect(1, s9, 1, WAIT_MS, "SGI 9 is taken once enabled again");
}

void sgi_checks(void)
{
	uint64_t ctlr = read_sysreg(ICC_CTLR_EL1);
	unsigned pribits = (unsigned)((ctlr >> 8) & 7) + 1;

	sgi_between_vcpus();
	sgi_mask_and_enable();
	spi_route_and_enable();
	sgi_active_and_pending();
	if (check(pribits >= 5,
		  "the virtual CPU interface has 5 or more priority bits (16 SGI "
		  "priorities fit)",
		  "ICC_CTLR_EL1 0x%lx: %u bits", ctlr, pribits)) {
		many_sgis_at_once();
		many_sgis_one_by_one();
	}
	listed_then_cleared();
	for (unsigned i = 0; i < 16; i += 4)
		gicr_w32(1, GICR_IPRIORITYR(i), 0x01010101u * GIC_DEFAULT_PRIO);
}
