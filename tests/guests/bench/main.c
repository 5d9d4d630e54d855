/*
 * bench: exit costs measured by the guest with the virtual counter. Under
 * QEMU -icount shift=0 every instruction (guest and hypervisor alike) takes
 * 1 ns of virtual time, so counter ticks convert to instructions, the same on
 * every run. Prints "BENCH <name>: <instructions per iteration>" lines that
 * tests/bench.sh turns into a table. Then it resets itself once (PSCI
 * SYSTEM_RESET), so that Tessera's boot log times a guest reset to the
 * guest's first instruction; the second life finds the mark the first left
 * in its persistent carve-out (a restart clears RAM) and powers off.
 * Before that: its cycle counter, told to count EL2 too, must not count
 * Tessera's time (checked under icount, where time is exact).
 */
#include "abi/vplatform.h"
#include "arch/gic_regs.h"
#include "guest/check.h"
#include "guest/console.h"
#include "guest/fault.h"
#include "guest/mmu.h"
#include "guest/rt.h"
#include "guest/smccc.h"
#include "guest/sysreg.h"
#include "guest/timer.h"

#define BENCH_ITERS 10000UL
#define BENCH_WARMUP 100UL
#define BENCH_HVC_FID TESSERA_HC_NULL
#define UARTFR (RT_UART_BASE + 0x18)
#define UARTFR_TXFF (1U << 5)
#define UARTFR_RXFE (1U << 4)
#define UARTFR_TXFE (1U << 7)
/* The persistent carve-out of tests/payloads/bench.dts */
#define BENCH_MARK_IPA 0x5e000000UL
#define BENCH_MARK_MAGIC 0x62656e6368726573UL /* "benchres" */

uint64_t bench_loop_hvc(uint64_t iters, uint64_t fid);
uint64_t bench_loop_load(uint64_t iters, uint64_t addr);

static uint32_t bench_ram_word = 0x600df00d;
/* In .data: the reset reloads the image, so the second life sees 1 again. */
static volatile uint64_t bench_life = 1;

/* NOT_SUPPORTED is fine too: the exit path is the same. */
static bool bench_hvc_ok(int64_t r)
{
	return r == 0 || r == SMCCC_NOT_SUPPORTED;
}

/* Runs one loop, returns counter ticks; *last = the loop's last result. */
static uint64_t bench_run(bool hvc, uint64_t arg, uint64_t iters, uint64_t *last)
{
	uint64_t t0 = timer_now();

	*last = hvc ? bench_loop_hvc(iters, arg) : bench_loop_load(iters, arg);
	return timer_now() - t0;
}

/* Ticks to instructions per iteration, times 100, rounded (1 ns = 1 instruction). */
static uint64_t bench_per_iter_x100(uint64_t ticks)
{
	uint64_t den = timer_freq() * BENCH_ITERS;

	return (ticks * 100000000000UL + den / 2) / den;
}

static void bench_report(const char *name, bool hvc, uint64_t arg)
{
	uint64_t last, v;

	bench_run(hvc, arg, BENCH_WARMUP, &last);
	v = bench_per_iter_x100(bench_run(hvc, arg, BENCH_ITERS, &last));
	console_printf("BENCH %s: %lu.%02lu\n", name, v / 100, v % 100);
}

/*
 * PMCCFILTR_EL0.NSH = 1 asks the cycle counter to count at EL2 too, and
 * PMCR_EL0.DP = 0 to count where counting is prohibited: Tessera must
 * still keep its own time out (MDCR_EL2.HPMD with DP kept set, or HCCD), so
 * N hypercalls count as many cycles with NSH as without.
 */
#define PMCCFILTR_NSH (1UL << 27)
#define PMCR_E (1UL << 0)
#define PMCR_C (1UL << 2)
#define PMCR_DP (1UL << 5)
#define PMU_HVCS 1000UL

static uint64_t pmu_hvc_cycles(uint64_t filter)
{
	uint64_t c0, last;

	write_sysreg(pmccfiltr_el0, filter);
	isb();
	c0 = read_sysreg(pmccntr_el0);
	bench_run(true, BENCH_HVC_FID, PMU_HVCS, &last);
	return read_sysreg(pmccntr_el0) - c0;
}

static void bench_pmu(void)
{
	unsigned pmuver = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;
	uint64_t with, without;

	if (pmuver == 0 || pmuver == 0xf) {
		console_printf("no PMU: the EL2 counting check does not apply\n");
		return;
	}
	write_sysreg(pmcr_el0, (read_sysreg(pmcr_el0) & ~PMCR_DP) | PMCR_E | PMCR_C);
	write_sysreg(pmcntenset_el0, 1UL << 31);
	isb();
	with = pmu_hvc_cycles(PMCCFILTR_NSH);
	without = pmu_hvc_cycles(0);
	write_sysreg(pmcntenclr_el0, 1UL << 31);
	console_printf("PMU: %lu hypercalls: %lu cycles counting EL2 (NSH), %lu not\n",
		       PMU_HVCS, with, without);
	check(without > 0 && with <= without + without / 20,
	      "the guest's cycle counter does not count Tessera's time, even asked to "
	      "(PMCCFILTR_EL0.NSH, PMCR_EL0.DP 0)",
	      "%lu cycles with NSH, %lu without", with, without);
}

/*
 * Interrupt latency: the virtual timer (INTID 27) armed a few ticks ahead
 * while the guest spins, from CNTV_CVAL_EL0 to the CNTVCT_EL0 its handler
 * reads first. The same code runs natively (QEMU's GIC at EL1: the same
 * addresses as the vGIC's), so tests/bench.sh reports the difference as what
 * Tessera adds (physical interrupt at EL2, list register, back to the
 * guest). Resolution: one counter tick (16 instructions at QEMU's 62.5 MHz),
 * averaged over LAT_ROUNDS.
 */
#define LAT_ROUNDS 64
#define LAT_AHEAD 32 /* ticks */
#define INTID_VTIMER (16 + VPLAT_VTIMER_PPI)

/*
 * The same for a passed-through device: QEMU's PL031 at its virt address,
 * assigned to this guest (tests/payloads/bench.dts), whose interrupt
 * (SPI 2) a write of its mask register raises at once once the alarm has
 * matched: from the CNTVCT_EL0 read before that write to the handler's.
 */
#define RTC_BASE 0x09010000UL
#define RTC_DR 0x00
#define RTC_MR 0x04
#define RTC_IMSC 0x10
#define RTC_ICR 0x1c
#define INTID_RTC 34

static volatile uint64_t lat_seen;
static volatile bool lat_hit;
static unsigned lat_intid;

static void mmio_w32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static void lat_irq(void)
{
	uint64_t t = read_sysreg(cntvct_el0);
	uint64_t iar = read_sysreg(ICC_IAR1_EL1);

	/* the line drops before the EOI */
	if ((iar & 0xffffff) == INTID_RTC)
		mmio_w32(RTC_BASE + RTC_IMSC, 0);
	else
		write_sysreg(cntv_ctl_el0, 0);
	isb();
	write_sysreg(ICC_EOIR1_EL1, iar);
	if ((iar & 0xffffff) == lat_intid) {
		lat_seen = t;
		lat_hit = true;
	}
}

static uint32_t mmio_r32(uint64_t a)
{
	return *(volatile uint32_t *)a;
}

static void bench_irq_latency(void)
{
	uint64_t rd = VPLAT_GICR_IPA, sum = 0, x100;
	unsigned got = 0;

	if (!check(mmu_map(VPLAT_GICD_IPA, VPLAT_GICD_SIZE, MMU_DEVICE) &&
			   mmu_map(rd, VPLAT_GICR_STRIDE, MMU_DEVICE),
		   "stage-1 map of the GIC distributor and redistributor",
		   "no tables left"))
		return;
	mmio_w32(rd + GICR_WAKER, mmio_r32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while (mmio_r32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP)
		;
	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 1);
	isb();
	mmio_w32(VPLAT_GICD_IPA + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	mmio_w32(rd + GICR_IGROUPR0, mmio_r32(rd + GICR_IGROUPR0) | 1u << INTID_VTIMER);
	*(volatile uint8_t *)(rd + GICR_IPRIORITYR(INTID_VTIMER)) = 0x80;
	mmio_w32(rd + GICR_ISENABLER0, 1u << INTID_VTIMER);
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
	rt_set_irq_handler(lat_irq);
	lat_intid = INTID_VTIMER;
	rt_irq_unmask();
	for (unsigned r = 0; r < LAT_ROUNDS; r++) {
		uint64_t cval = read_sysreg(cntvct_el0) + LAT_AHEAD;
		uint64_t end = cval + timer_ms_to_ticks(100);

		lat_hit = false;
		write_sysreg(cntv_cval_el0, cval);
		write_sysreg(cntv_ctl_el0, 1);
		isb();
		while (!lat_hit && read_sysreg(cntvct_el0) < end)
			;
		if (lat_hit) {
			sum += lat_seen - cval;
			got++;
		}
	}
	rt_irq_mask();
	write_sysreg(cntv_ctl_el0, 0);
	if (!check(got == LAT_ROUNDS, "every armed timer interrupt reached the handler",
		   "%u of %u", got, LAT_ROUNDS))
		return;
	/* ticks to instructions (1 ns each under icount), times 100 */
	x100 = sum * 100000000000UL / timer_freq() / LAT_ROUNDS;
	console_printf("BENCH irq_latency: %lu.%02lu\n", x100 / 100, x100 % 100);
}

static void bench_spi_latency(void)
{
	uint64_t sum = 0, x100, d = GICD_IROUTER(INTID_RTC);
	unsigned got = 0, n = INTID_RTC / 32;
	uint32_t bit = 1u << (INTID_RTC % 32);

	if (!check(mmu_map(RTC_BASE, 4096, MMU_DEVICE), "stage-1 map of the PL031",
		   "no tables left"))
		return;
	mmio_w32(RTC_BASE + RTC_IMSC, 0);
	mmio_w32(VPLAT_GICD_IPA + GICD_IGROUPR(n),
		 mmio_r32(VPLAT_GICD_IPA + GICD_IGROUPR(n)) | bit);
	*(volatile uint8_t *)(VPLAT_GICD_IPA + GICD_IPRIORITYR(INTID_RTC)) = 0x80;
	*(volatile uint64_t *)(VPLAT_GICD_IPA + d) = 0; /* to vCPU 0 */
	mmio_w32(VPLAT_GICD_IPA + GICD_ISENABLER(n), bit);
	lat_intid = INTID_RTC;
	rt_irq_unmask();
	for (unsigned r = 0; r < LAT_ROUNDS; r++) {
		uint64_t t0, end;

		/* the alarm matched (RTCRIS set): unmasking raises the line */
		mmio_w32(RTC_BASE + RTC_MR, mmio_r32(RTC_BASE + RTC_DR));
		lat_hit = false;
		t0 = read_sysreg(cntvct_el0);
		mmio_w32(RTC_BASE + RTC_IMSC, 1);
		end = t0 + timer_ms_to_ticks(100);
		while (!lat_hit && read_sysreg(cntvct_el0) < end)
			;
		mmio_w32(RTC_BASE + RTC_ICR, 1);
		if (lat_hit) {
			sum += lat_seen - t0;
			got++;
		}
	}
	rt_irq_mask();
	mmio_w32(VPLAT_GICD_IPA + GICD_ICENABLER(n), bit);
	/* a second may tick between the read and the match write: then that
	 * round's alarm is a second away, and it is not counted */
	if (!check(got >= LAT_ROUNDS / 2,
		   "the passed-through PL031's interrupt reached the handler", "%u of %u",
		   got, LAT_ROUNDS))
		return;
	x100 = sum * 100000000000UL / timer_freq() / got;
	console_printf("BENCH spi_latency: %lu.%02lu\n", x100 / 100, x100 % 100);
}

/* The first life's last act: a mark, then the reset Tessera times. */
static void bench_reset(volatile uint64_t *mark)
{
	*mark = BENCH_MARK_MAGIC;
	bench_life = 2;
	console_printf("BENCH reset: PSCI SYSTEM_RESET\n");
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	check(false, "PSCI SYSTEM_RESET does not return", "it returned");
}

void guest_main(uint64_t dtb)
{
	struct fault_rec rec;
	int64_t r;
	uint64_t fr;
	volatile uint64_t *mark;

	rt_setup(dtb);
	mark = (volatile uint64_t *)BENCH_MARK_IPA;
	/* natively (tests/bench.sh --native) the page is plain RAM, mapped */
	if (!(BENCH_MARK_IPA >= rt_ram.base &&
	      BENCH_MARK_IPA < rt_ram.base + rt_ram.size) &&
	    !check(mmu_map(BENCH_MARK_IPA, 4096, MMU_NORMAL_NC),
		   "stage-1 map of the persistent mark page", "no tables left"))
		return;
	if (*mark == BENCH_MARK_MAGIC) {
		*mark = 0;
		check(bench_life == 1,
		      "restarted by SYSTEM_RESET, the image reloaded (.data as linked)",
		      "bench_life %lu", bench_life);
		return;
	}

	/* The operations must work before their cost means anything. */
	fault_arm();
	r = (int64_t)smccc_hvc(BENCH_HVC_FID, 0, 0, 0, 0);
	if (!check(!fault_disarm(&rec) && bench_hvc_ok(r), "null hypercall answers",
		   "fid 0x%lx: %s %ld (ESR 0x%lx)", BENCH_HVC_FID,
		   rec.taken ? "exception" : "returned", r, rec.esr))
		return;
	bench_run(false, UARTFR, 1, &fr);
	if (!check((fr & (UARTFR_TXFE | UARTFR_RXFE | UARTFR_TXFF)) ==
			   (UARTFR_TXFE | UARTFR_RXFE),
		   "UARTFR reads TXFE and RXFE set, TXFF clear", "UARTFR 0x%lx", fr))
		return;

	console_printf("BENCH cntfrq: %lu\n", timer_freq());
	console_printf("BENCH iterations: %lu\n", BENCH_ITERS);
	bench_report("hvc_null", true, BENCH_HVC_FID);
	bench_report("mmio_trap", false, UARTFR);
	bench_report("baseline", false, (uint64_t)&bench_ram_word);
	bench_pmu();
	bench_irq_latency();
	bench_spi_latency();
	bench_reset(mark);
}
