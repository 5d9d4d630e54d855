/*
 * The gic guest's GICv3 driver: MMIO helpers, distributor, redistributor and
 * CPU interface setup in the order Linux's irq-gic-v3 uses, the IRQ handler
 * and the per-vCPU interrupt log.
 */
#include "gic.h"
#include "guest/check.h"
#include "guest/console.h"
#include "guest/fault.h"
#include "guest/mmu.h"
#include "guest/rt.h"
#include "guest/sysreg.h"
#include "guest/timer.h"
#include "lib/fmt.h"

#define RWP_WAIT_MS 100
#define WAKER_WAIT_MS 100
#define MAX_FRAMES 8

/* ---- MMIO: one plain load or store each (no writeback), so the data
 * abort syndrome describes it and Tessera can emulate it ---- */

uint8_t mmio_r8(uint64_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return (uint8_t)v;
}

void mmio_w8(uint64_t addr, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" ::"r"((uint32_t)v), "r"(addr) : "memory");
}

uint32_t mmio_r32(uint64_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

void mmio_w32(uint64_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" ::"r"(v), "r"(addr) : "memory");
}

uint64_t mmio_r64(uint64_t addr)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

void mmio_w64(uint64_t addr, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" ::"r"(v), "r"(addr) : "memory");
}

uint32_t gicd_r32(uint64_t off)
{
	return mmio_r32(GICD_BASE + off);
}

void gicd_w32(uint64_t off, uint32_t v)
{
	mmio_w32(GICD_BASE + off, v);
}

uint32_t gicr_r32(unsigned cpu, uint64_t off)
{
	return mmio_r32(GICR_BASE + cpu * GICR_STRIDE + off);
}

void gicr_w32(unsigned cpu, uint64_t off, uint32_t v)
{
	mmio_w32(GICR_BASE + cpu * GICR_STRIDE + off, v);
}

/* With capture armed: a faulting access is skipped and reported. */
bool probe_r32(uint64_t addr, uint32_t *v)
{
	struct fault_rec r;
	uint32_t x = 0xbadbad;

	fault_arm();
	__asm__ volatile("ldr %w0, [%1]" : "+r"(x) : "r"(addr) : "memory");
	if (fault_disarm(&r))
		return false;
	*v = x;
	return true;
}

bool probe_r64(uint64_t addr, uint64_t *v)
{
	struct fault_rec r;
	uint64_t x = 0xbadbad;

	fault_arm();
	__asm__ volatile("ldr %0, [%1]" : "+r"(x) : "r"(addr) : "memory");
	if (fault_disarm(&r))
		return false;
	*v = x;
	return true;
}

bool probe_r8(uint64_t addr, uint8_t *v)
{
	struct fault_rec r;
	uint32_t x = 0xbad;

	fault_arm();
	__asm__ volatile("ldrb %w0, [%1]" : "+r"(x) : "r"(addr) : "memory");
	if (fault_disarm(&r))
		return false;
	*v = (uint8_t)x;
	return true;
}

bool probe_w32(uint64_t addr, uint32_t v)
{
	struct fault_rec r;

	fault_arm();
	__asm__ volatile("str %w0, [%1]" ::"r"(v), "r"(addr) : "memory");
	return !fault_disarm(&r);
}

bool probe_w64(uint64_t addr, uint64_t v)
{
	struct fault_rec r;

	fault_arm();
	__asm__ volatile("str %0, [%1]" ::"r"(v), "r"(addr) : "memory");
	return !fault_disarm(&r);
}

bool probe_w8(uint64_t addr, uint8_t v)
{
	struct fault_rec r;

	fault_arm();
	__asm__ volatile("strb %w0, [%1]" ::"r"((uint32_t)v), "r"(addr) : "memory");
	return !fault_disarm(&r);
}

/* ---- the interrupt log ---- */

struct gic_log {
	unsigned n;     /* interrupts taken (written by the owning vCPU) */
	unsigned taken; /* how many log_take() has handed out (vCPU 0) */
	uint16_t id[LOG_MAX];
};

static struct gic_log logs[GIC_NR_VCPUS];

static void log_add(unsigned cpu, unsigned intid)
{
	struct gic_log *l = &logs[cpu];
	unsigned n = l->n;

	if (n < LOG_MAX)
		l->id[n] = (uint16_t)intid;
	__atomic_store_n(&l->n, n + 1, __ATOMIC_RELEASE);
}

unsigned log_count(unsigned cpu)
{
	return __atomic_load_n(&logs[cpu].n, __ATOMIC_ACQUIRE);
}

static unsigned log_pending(unsigned cpu)
{
	return __atomic_load_n(&logs[cpu].n, __ATOMIC_ACQUIRE) - logs[cpu].taken;
}

unsigned log_wait(unsigned cpu, unsigned n, unsigned ms)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(ms);

	while (log_pending(cpu) < n && timer_now() < end)
		;
	return log_pending(cpu);
}

unsigned log_take(unsigned cpu, uint16_t *ids, unsigned max)
{
	struct gic_log *l = &logs[cpu];
	unsigned n = __atomic_load_n(&l->n, __ATOMIC_ACQUIRE), got = n - l->taken;

	for (unsigned i = 0; i < got && i < max; i++)
		ids[i] = l->taken + i < LOG_MAX ? l->id[l->taken + i] : 0xffff;
	l->taken = n;
	return got;
}

static void list_fmt(char *buf, size_t len, const uint16_t *ids, unsigned n, unsigned max)
{
	size_t at = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < n && i < max && at + 8 < len; i++)
		at += (size_t)fmt_snprintf(buf + at, len - at, "%s%u", i ? " " : "",
					   ids[i]);
	if (n > max && at + 5 < len)
		fmt_snprintf(buf + at, len - at, " ...");
}

bool log_match(unsigned cpu, const uint16_t *want, unsigned n, unsigned ms, char *detail,
	       size_t len)
{
	uint16_t got[32];
	unsigned cnt;
	char g[96], w[96];
	bool ok;

	log_wait(cpu, n, ms);
	timer_delay_ms(5); /* time for an extra (duplicate) one to show */
	cnt = log_take(cpu, got, 32);
	ok = cnt == n;
	for (unsigned i = 0; ok && i < n; i++)
		ok = got[i] == want[i];
	list_fmt(g, sizeof(g), got, cnt, 32);
	list_fmt(w, sizeof(w), want, n, 32);
	fmt_snprintf(detail, len, "vCPU %u took %u [%s], expected [%s]", cpu, cnt, g, w);
	return ok;
}

bool log_expect(unsigned cpu, const uint16_t *want, unsigned n, unsigned ms,
		const char *what)
{
	char d[240];

	return check(log_match(cpu, want, n, ms, d, sizeof(d)), what, "%s", d);
}

bool log_expect2(const uint16_t *w0, unsigned n0, const uint16_t *w1, unsigned n1,
		 unsigned ms, const char *what)
{
	char d0[180], d1[180];
	bool a = log_match(0, w0, n0, ms, d0, sizeof(d0));
	bool b = log_match(1, w1, n1, ms, d1, sizeof(d1));

	return check(a && b, what, "%s; %s", d0, d1);
}

/* ---- IRQ handler ---- */

volatile uint64_t gic_timer_ctl_seen;
volatile unsigned hold_state; /* 0 off, 1 armed, 2 in the handler, 3 go */
static volatile bool eoimode1, defer_timer_dir;

static void hold_in_handler(void)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(1000);

	__atomic_store_n(&hold_state, 2, __ATOMIC_RELEASE);
	while (__atomic_load_n(&hold_state, __ATOMIC_ACQUIRE) != 3 && timer_now() < end)
		;
	__atomic_store_n(&hold_state, 0, __ATOMIC_RELEASE);
}

void gic_irq(void)
{
	unsigned cpu = rt_cpu_id();

	for (;;) {
		unsigned intid = (unsigned)read_sysreg(ICC_IAR1_EL1) & 0xffffff;

		if (intid >= INTID_SPURIOUS)
			break;
		log_add(cpu, intid);
		if (intid == INTID_VTIMER) {
			/* the line must drop before the EOI, or it fires again */
			gic_timer_ctl_seen = read_sysreg(cntv_ctl_el0);
			write_sysreg(cntv_ctl_el0, 0);
			isb();
		}
		if (intid == INTID_PT)
			pt_line_down();
		if (intid == INTID_VUART)
			vuart_irq(false);
		if (intid == HOLD_INTID && cpu == 1 &&
		    __atomic_load_n(&hold_state, __ATOMIC_ACQUIRE) == 1)
			hold_in_handler();
		write_sysreg(ICC_EOIR1_EL1, intid);
		if (eoimode1 && !(defer_timer_dir && intid == INTID_VTIMER))
			write_sysreg(ICC_DIR_EL1, intid);
		isb();
		if (intid == INTID_VUART)
			vuart_irq(true);
	}
}

void gic_set_eoimode1(bool on)
{
	uint64_t ctlr = read_sysreg(ICC_CTLR_EL1);

	ctlr = on ? ctlr | ICC_CTLR_EOIMODE : ctlr & ~(uint64_t)ICC_CTLR_EOIMODE;
	write_sysreg(ICC_CTLR_EL1, ctlr);
	isb();
	eoimode1 = on;
}

void gic_defer_timer_dir(bool on)
{
	defer_timer_dir = on;
}

void gic_dir(unsigned intid)
{
	write_sysreg(ICC_DIR_EL1, intid);
	isb();
}

void gic_send_sgi(uint64_t sgi1r)
{
	dsb(ishst); /* what the target reads after the SGI is visible */
	write_sysreg(ICC_SGI1R_EL1, sgi1r);
	isb();
}

/* ---- setup ---- */

static bool wait_rwp(void)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(RWP_WAIT_MS);

	while (gicd_r32(GICD_CTLR) & GICD_CTLR_RWP)
		if (timer_now() > end)
			return false;
	return true;
}

void gic_dist_init(void)
{
	uint32_t pidr2, typer, ctlr;
	unsigned nr;

	if (!check(mmu_map(GICD_BASE, GICD_SIZE, MMU_DEVICE) &&
			   mmu_map(GICR_BASE, (GIC_NR_VCPUS + 1) * GICR_STRIDE,
				   MMU_DEVICE),
		   "GIC distributor and redistributors mapped in stage 1",
		   "out of tables or overlap"))
		check_finish();
	gicd_w32(GICD_CTLR, 0);
	pidr2 = gicd_r32(GICD_PIDR2);
	check(((pidr2 >> 4) & 0xf) == 3, "GICD_PIDR2.ArchRev is 3 (GICv3)",
	      "GICD_PIDR2 0x%x", pidr2);
	typer = gicd_r32(GICD_TYPER);
	nr = 32 * ((typer & 0x1f) + 1);
	if (nr > 1020)
		nr = 1020;
	/* SPIs: group 1, disabled, inactive, not pending, one priority, level,
	 * routed to vCPU 0 (Linux's gic_dist_init) */
	for (unsigned i = 32; i < nr; i += 32) {
		gicd_w32(GICD_IGROUPR(i / 32), ~0u);
		gicd_w32(GICD_ICENABLER(i / 32), ~0u);
		gicd_w32(GICD_ICACTIVER(i / 32), ~0u);
		gicd_w32(GICD_ICPENDR(i / 32), ~0u);
	}
	for (unsigned i = 32; i < nr; i += 4)
		gicd_w32(GICD_IPRIORITYR(i), 0x01010101u * GIC_DEFAULT_PRIO);
	for (unsigned i = 32; i < nr; i += 16)
		gicd_w32(GICD_ICFGR(i / 16), 0);
	for (unsigned i = 32; i < nr; i++)
		mmio_w64(GICD_BASE + GICD_IROUTER(i), 0);
	gicd_w32(GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1 | GICD_CTLR_GRP0);
	ctlr = gicd_r32(GICD_CTLR);
	check(wait_rwp() &&
		      (ctlr & (GICD_CTLR_ARE | GICD_CTLR_DS)) ==
			      (GICD_CTLR_ARE | GICD_CTLR_DS) &&
		      (ctlr & 3) == 3,
	      "GICD_CTLR: ARE and DS read 1, both groups enabled, RWP clears",
	      "GICD_CTLR 0x%x", ctlr);
	rt_set_irq_handler(gic_irq);
}

/* Finds this vCPU's redistributor the way Linux does: walk the frames,
 * match GICR_TYPER.Affinity with MPIDR, stop at GICR_TYPER.Last. */
static int find_frame(uint64_t mpidr, char *why, size_t len)
{
	uint32_t aff = (uint32_t)((mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24);
	int found = -1;

	for (unsigned f = 0; f < MAX_FRAMES; f++) {
		uint64_t rd = GICR_BASE + f * GICR_STRIDE;
		uint64_t typer = mmio_r64(rd + GICR_TYPER);
		uint32_t pidr2 = mmio_r32(rd + GICR_PIDR2);

		if (((pidr2 >> 4) & 0xf) != 3 || ((typer >> 8) & 0xffff) != f) {
			fmt_snprintf(why, len, "frame %u: PIDR2 0x%x, GICR_TYPER 0x%lx",
				     f, pidr2, typer);
			return -1;
		}
		if ((uint32_t)(typer >> 32) == aff)
			found = (int)f;
		if (typer & GICR_TYPER_LAST) {
			if (f + 1 != GIC_NR_VCPUS) {
				fmt_snprintf(why, len, "GICR_TYPER.Last on frame %u", f);
				return -1;
			}
			if (found < 0)
				fmt_snprintf(why, len, "no frame with affinity 0x%x",
					     aff);
			return found;
		}
	}
	fmt_snprintf(why, len, "no GICR_TYPER.Last in %u frames", MAX_FRAMES);
	return -1;
}

bool gic_cpu_init(unsigned cpu, char *why, size_t len)
{
	int frame = find_frame(read_sysreg(mpidr_el1), why, len);
	uint64_t end = timer_now() + timer_ms_to_ticks(WAKER_WAIT_MS);
	uint32_t waker;
	uint64_t sre;

	if (frame != (int)cpu) {
		if (frame >= 0)
			fmt_snprintf(why, len, "vCPU %u matched frame %d", cpu, frame);
		return false;
	}
	/* wake the redistributor up */
	gicr_w32(cpu, GICR_WAKER, gicr_r32(cpu, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while ((waker = gicr_r32(cpu, GICR_WAKER)) & GICR_WAKER_ASLEEP)
		if (timer_now() > end) {
			fmt_snprintf(why, len, "GICR_WAKER still 0x%x", waker);
			return false;
		}
	/* SGIs and PPIs: group 1, inactive, one priority; SGIs enabled */
	gicr_w32(cpu, GICR_IGROUPR0, ~0u);
	gicr_w32(cpu, GICR_ICACTIVER0, ~0u);
	gicr_w32(cpu, GICR_ICENABLER0, ~0u);
	for (unsigned i = 0; i < 32; i += 4)
		gicr_w32(cpu, GICR_IPRIORITYR(i), 0x01010101u * GIC_DEFAULT_PRIO);
	gicr_w32(cpu, GICR_ISENABLER0, 0xffff);

	/* the CPU interface, through system registers */
	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 1);
	isb();
	sre = read_sysreg(ICC_SRE_EL1);
	if (!(sre & 1)) {
		fmt_snprintf(why, len, "ICC_SRE_EL1.SRE reads 0 (0x%lx)", sre);
		return false;
	}
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1, 0); /* EOImode 0: EOIR also deactivates */
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
	return true;
}
