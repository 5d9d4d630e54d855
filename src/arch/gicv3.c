/* Physical GICv3 setup for Tessera's own use; see include/arch/gicv3.h. */
#include "arch/cpu.h"
#include "arch/gic_regs.h"
#include "arch/gicv3.h"
#include "arch/probe.h"
#include "core/config.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "lib/errno.h"
#include "lib/fmt.h"
#include "lib/spinlock.h"

#define ICC_SRE_SRE (1UL << 0)
#define ICC_SRE_ENABLE (1UL << 3)

#define POLL_MS 100

static const struct inv_gic *gic;
/* IGROUPR, IPRIORITYR and ICFGR hold several INTIDs each, and guests on
 * different CPUs program their SPIs at once: their read-modify-writes (and
 * the RWP waits between them) take this lock. */
static struct spinlock dist_lock;
static uint64_t this_rd[NR_CPUS]; /* each CPU's redistributor */

static inline uint32_t rd32(uint64_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline uint64_t rd64(uint64_t a)
{
	return *(volatile uint64_t *)a;
}

static int poll_clear(uint64_t addr, uint32_t mask)
{
	uint64_t end = timer_count() + timer_ms_to_ticks(POLL_MS);

	while (rd32(addr) & mask)
		if (timer_count() > end)
			return -EBUSY;
	return 0;
}

/* A frame's PIDR2.ArchRev [7:4] (IHI 0069, GICD_PIDR2 and GICR_PIDR2):
 * 3 for GICv3, 4 for GICv4. */
static int check_frame(const struct inv_gic *g, const char *what, uint64_t base,
		       char *err, size_t len)
{
	uint32_t pidr2;
	unsigned rev;

	if (!probe_read32(base + GICD_PIDR2, &pidr2)) {
		fmt_snprintf(err, len,
			     "host DT: %s: nothing answers at its %s (0x%lx): a read of "
			     "its PIDR2 aborts",
			     g->path, what, (unsigned long)base);
		return -ENODEV;
	}
	rev = (pidr2 >> 4) & 0xf;
	if (rev != 3 && rev != 4) {
		fmt_snprintf(
			err, len,
			"host DT: %s: its %s at 0x%lx is not a GICv3 one (PIDR2 0x%x: "
			"ArchRev %u, not 3 or 4)",
			g->path, what, (unsigned long)base, pidr2, rev);
		return -ENODEV;
	}
	return 0;
}

int gic_check(const struct inv_gic *g, char *err, size_t len)
{
	if (check_frame(g, "distributor", g->dist.base, err, len))
		return -ENODEV;
	for (unsigned r = 0; r < g->nr_redist; r++)
		if (check_frame(g, "redistributor region", g->redist[r].base, err, len))
			return -ENODEV;
	return 0;
}

int gic_init(const struct inv_gic *g)
{
	uint64_t d = g->dist.base;

	gic = g;
	wr32(d + GICD_CTLR, 0);
	if (poll_clear(d + GICD_CTLR, GICD_CTLR_RWP))
		return -EBUSY;
	wr32(d + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	return poll_clear(d + GICD_CTLR, GICD_CTLR_RWP);
}

/* GICR_TYPER[63:32] holds this redistributor's affinity (Aff3.Aff2.Aff1.Aff0). */
static uint64_t find_redist(uint64_t mpidr)
{
	uint32_t aff = (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));

	for (unsigned r = 0; r < gic->nr_redist; r++) {
		for (uint64_t f = gic->redist[r].base; f < range_end(&gic->redist[r]);
		     f += GICR_FRAME_SIZE) {
			uint64_t typer = rd64(f + GICR_TYPER);

			if ((uint32_t)(typer >> 32) == aff)
				return f;
			if (typer & GICR_TYPER_LAST)
				break;
		}
	}
	return 0;
}

int gic_init_cpu(void)
{
	uint64_t rd = find_redist(sysreg_read(mpidr_el1));

	if (!rd)
		return -ENOENT;
	wr32(rd + GICR_WAKER, rd32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	if (poll_clear(rd + GICR_WAKER, GICR_WAKER_ASLEEP))
		return -EBUSY;
	this_rd[cpu_id()] = rd;
	gic_enable_private(GIC_SGI_KICK, 0x00);
	gic_enable_private(GIC_SGI_CONSOLE, 0x00);

	/* System register interface at EL2, and allowed for EL1 (it sees ICV_*
	 * while HCR_EL2.IMO is set). */
	sysreg_write(ICC_SRE_EL2,
		     sysreg_read(ICC_SRE_EL2) | ICC_SRE_SRE | ICC_SRE_ENABLE);
	isb();
	sysreg_write(ICC_PMR_EL1, 0xff); /* let everything through */
	sysreg_write(ICC_BPR1_EL1, 0);
	/* ICC_CTLR_EL1.EOImode 1: EOIR only drops priority, DIR deactivates, so
	 * a physical interrupt forwarded to a guest stays active until the
	 * guest deactivates it through a hardware-linked list register. */
	sysreg_write(ICC_CTLR_EL1, ICC_CTLR_EOIMODE);
	sysreg_write(S3_0_C12_C12_7, 1); /* ICC_IGRPEN1_EL1 */
	isb();
	return 0;
}

void gic_send_sgi(uint64_t mpidr, unsigned intid)
{
	/* ICC_SGI1R_EL1: Aff3[55:48] RS[47:44] Aff2[39:32] INTID[27:24]
	 * Aff1[23:16] TargetList[15:0]; RS selects Aff0 / 16. */
	uint64_t v = ((mpidr >> 32) & 0xff) << 48 | ((mpidr & 0xf0) >> 4) << 44 |
		     ((mpidr >> 16) & 0xff) << 32 | (uint64_t)(intid & 0xf) << 24 |
		     ((mpidr >> 8) & 0xff) << 16 | (1UL << (mpidr & 0xf));

	dsb(ishst); /* the mailbox write before the interrupt */
	sysreg_write(ICC_SGI1R_EL1, v);
	isb();
}

void gic_deactivate(unsigned intid)
{
	sysreg_write(ICC_DIR_EL1, intid);
	isb();
}

static void enable_spi_locked(unsigned intid, uint64_t mpidr, uint8_t priority)
{
	uint64_t d = gic->dist.base;
	uint64_t pr = d + GICD_IPRIORITYR(intid & ~3u);
	unsigned sh = 8 * (intid & 3);

	wr32(d + GICD_IGROUPR(intid / 32),
	     rd32(d + GICD_IGROUPR(intid / 32)) | (1u << (intid % 32)));
	wr32(pr, (rd32(pr) & ~(0xffu << sh)) | ((uint32_t)priority << sh));
	/* GICD_IROUTER: Aff3 [39:32], Aff2.Aff1.Aff0 [23:0], IRM 0 */
	*(volatile uint64_t *)(d + GICD_IROUTER(intid)) = mpidr & 0xff00ffffffUL;
	wr32(d + GICD_ISENABLER(intid / 32), 1u << (intid % 32));
}

void gic_enable_spi(unsigned intid, uint64_t mpidr, uint8_t priority)
{
	spin_lock(&dist_lock);
	enable_spi_locked(intid, mpidr, priority);
	spin_unlock(&dist_lock);
}

unsigned gic_nr_intids(void)
{
	unsigned lines = rd32(gic->dist.base + GICD_TYPER) & 0x1f;
	unsigned n = 32 * (lines + 1);

	return n > 1020 ? 1020 : n;
}

/* One bit of a set/clear register bank (ISENABLER/ICENABLER, ...). */
static void spi_bit(unsigned bank, unsigned intid)
{
	wr32(gic->dist.base + bank + 4 * (intid / 32), 1u << (intid % 32));
}

void gic_spi_configure(unsigned intid, bool enabled, uint8_t priority, bool level,
		       uint64_t mpidr)
{
	uint64_t d = gic->dist.base;
	uint64_t cf = d + GICD_ICFGR(intid / 16);
	unsigned csh = 2 * (intid % 16) + 1;
	uint32_t cfg;

	spin_lock(&dist_lock);
	cfg = (rd32(cf) & ~(1u << csh)) | ((uint32_t)!level << csh);
	/* disabled first when asked, or when the trigger changes (IHI 0069
	 * 12.9.9: changing ICFGR of an enabled SPI is UNPREDICTABLE) */
	if (!enabled || cfg != rd32(cf)) {
		spi_bit(GICD_ICENABLER(0), intid);
		poll_clear(d + GICD_CTLR, GICD_CTLR_RWP);
	}
	if (cfg != rd32(cf))
		wr32(cf, cfg);
	if (enabled)
		enable_spi_locked(intid, mpidr, priority);
	spin_unlock(&dist_lock);
}

void gic_spi_set_pending(unsigned intid, bool pending)
{
	spi_bit(pending ? GICD_ISPENDR(0) : GICD_ICPENDR(0), intid);
}

void gic_spi_deactivate(unsigned intid)
{
	spi_bit(GICD_ICACTIVER(0), intid);
}

bool gic_spi_pending(unsigned intid)
{
	return rd32(gic->dist.base + GICD_ISPENDR(0) + 4 * (intid / 32)) >> (intid % 32) &
	       1;
}

void gic_spi_release(unsigned intid)
{
	spin_lock(&dist_lock);
	spi_bit(GICD_ICENABLER(0), intid);
	poll_clear(gic->dist.base + GICD_CTLR, GICD_CTLR_RWP);
	spi_bit(GICD_ICPENDR(0), intid);
	spi_bit(GICD_ICACTIVER(0), intid);
	spin_unlock(&dist_lock);
}

void gic_enable_private(unsigned intid, uint8_t priority)
{
	uint64_t rd = this_rd[cpu_id()];
	uint64_t pr = rd + GICR_IPRIORITYR(intid & ~3u);
	unsigned sh = 8 * (intid & 3);

	wr32(rd + GICR_IGROUPR0, rd32(rd + GICR_IGROUPR0) | (1u << intid));
	wr32(pr, (rd32(pr) & ~(0xffu << sh)) | ((uint32_t)priority << sh));
	wr32(rd + GICR_ISENABLER0, 1u << intid);
}
