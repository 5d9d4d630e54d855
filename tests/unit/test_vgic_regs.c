/*
 * The virtual GICv3's register files: the distributor (GICD) and the
 * redistributor frames (GICR), their reset values, RAZ/WI ranges, and the
 * kick masks their writes return (IHI 0069). State, interrupt choice, SGI
 * targets and list registers are in test_vgic_state.c.
 */
#include "helpers/vgic_fixture.h"
#include "lib/errno.h"

#define CTLR_ARE (1u << 4)
#define CTLR_DS (1u << 6)
#define CTLR_RWP (1u << 31)
#define WAKER_SLEEP 0x2u
#define WAKER_ASLEEP 0x4u

/* ---- distributor: identification and control -------------------------- */

static void test_gicd_ctlr(void **state)
{
	(void)state;
	fresh(2);
	assert_int_equal(dread(0, GICD_CTLR, 4), CTLR_ARE | CTLR_DS);
	assert_int_equal(dwrite(0, GICD_CTLR, 4, CTLR_ARE | 0x3), 0x3); /* kicks all */
	assert_int_equal(g.ctlr, 0x3);
	assert_int_equal(dread(1, GICD_CTLR, 4), CTLR_ARE | CTLR_DS | 0x3);
	/* only EnableGrp0/1 are writable; ARE and DS stay 1, RWP stays 0 */
	dset(0, GICD_CTLR, 4, 0xffffffff, CTLR_ARE | CTLR_DS | 0x3);
	assert_false(dread(0, GICD_CTLR, 4) & CTLR_RWP);
	dset(0, GICD_CTLR, 4, 0x2, CTLR_ARE | CTLR_DS | 0x2);
	dset(0, GICD_CTLR, 4, 0, CTLR_ARE | CTLR_DS);
	dset(0, GICD_CTLR, 8, 0x3, 0); /* a 64-bit access is not GICD_CTLR's */
	assert_int_equal(g.ctlr, 0);
}

static void test_gicd_typer_iidr_pidr2(void **state)
{
	uint64_t t;

	(void)state;
	fresh(2);
	t = dread(0, GICD_TYPER, 4);
	assert_int_equal(t & 0x1f, 1); /* ITLinesNumber: 32 * (1 + 1) INTIDs */
	/* up to the last owned SPI (the fixture owns 32..63) */
	assert_int_equal(32 * ((t & 0x1f) + 1), FIX_SPI_FIRST + FIX_SPI_COUNT);
	assert_int_equal((t >> 19) & 0x1f, 9); /* IDbits: 10-bit INTIDs */
	assert_true(t & (1u << 25));           /* No1N */
	/* no LPIs (17), no MBIS (16), SecurityExtn RAZ with DS = 1 (10) */
	assert_false(t & ((1u << 17) | (1u << 16) | (1u << 10)));
	dset(0, GICD_TYPER, 4, 0, t);                    /* read-only */
	assert_int_equal(dread(0, GICD_IIDR, 4), 0x43b); /* implementer Arm */
	assert_int_equal(dread(0, GICD_PIDR2, 4), 0x3b);
	assert_int_equal((dread(0, GICD_PIDR2, 4) >> 4) & 0xf, 3); /* ArchRev GICv3 */
	assert_int_equal((rread(1, GICR_PIDR2, 4) >> 4) & 0xf, 3);
	assert_int_equal(rread(0, GICR_IIDR, 4), 0x43b);
}

/* ---- the 1-bit-per-INTID registers ------------------------------------- */

/* Set/clear register pair at set_off/clr_off over INTIDs first..first+31,
 * field f of the virq: read-back, set, clear, writes of 0 change nothing. */
static void check_set_clear(uint64_t set_off, uint64_t clr_off, unsigned first, bool dist,
			    unsigned vcpu, size_t field)
{
	bool *fa = (bool *)((char *)vgic_irq(&g, vcpu, first + 1) + field);
	bool *fb = (bool *)((char *)vgic_irq(&g, vcpu, first + 8) + field);

	assert_int_equal(acc(dist, vcpu, set_off, 4, false, 0), 0);
	wr_rd(dist, vcpu, set_off, 4, (1u << 1) | (1u << 8), (1u << 1) | (1u << 8));
	assert_true(*fa && *fb);
	assert_int_equal(acc(dist, vcpu, clr_off, 4, false, 0), 0x102); /* same view */
	wr_rd(dist, vcpu, set_off, 4, 0, 0x102); /* zeros are ignored */
	wr_rd(dist, vcpu, clr_off, 4, 1u << 1, 1u << 8);
	assert_true(!*fa && *fb);
	wr_rd(dist, vcpu, clr_off, 4, 0, 1u << 8);
	wr_rd(dist, vcpu, clr_off, 4, 0xffffffff, 0);
	assert_false(*fb);
}

static void test_spi_bit_registers(void **state)
{
	(void)state;
	fresh(2);
	/* IGROUPR: plain read/write */
	dset(0, GICD_IGROUPR(1), 4, 0x0000ff01, 0x0000ff01);
	assert_true(spi(32)->group1 && spi(40)->group1 && spi(47)->group1);
	assert_false(spi(33)->group1 || spi(48)->group1);
	dset(1, GICD_IGROUPR(1), 4, 0x100, 0x100);
	assert_false(spi(32)->group1);

	check_set_clear(GICD_ISENABLER(1), GICD_ICENABLER(1), 32, true, 0,
			offsetof(struct virq, enabled));
	check_set_clear(GICD_ISPENDR(1), GICD_ICPENDR(1), 32, true, 1,
			offsetof(struct virq, pending));
	check_set_clear(GICD_ISACTIVER(1), GICD_ICACTIVER(1), 32, true, 0,
			offsetof(struct virq, active));
	/* SPIs are one state, whichever vCPU writes */
	dwrite(1, GICD_ISENABLER(1), 4, 1u << 31);
	assert_true(spi(63)->enabled);
	assert_int_equal(dread(0, GICD_ISENABLER(1), 4), 1u << 31);
}

static void test_redist_bit_registers(void **state)
{
	(void)state;
	fresh(2);
	rset(1, GICR_IGROUPR0, 4, 0xffff00ff, 0xffff00ff);
	assert_true(priv(1, 0)->group1 && priv(1, 27)->group1 && !priv(1, 8)->group1);
	assert_int_equal(rread(0, GICR_IGROUPR0, 4), 0); /* banked per vCPU */
	for (unsigned v = 0; v < 2; v++) {
		check_set_clear(GICR_ISENABLER0, GICR_ICENABLER0, 0, false, v,
				offsetof(struct virq, enabled));
		check_set_clear(GICR_ISPENDR0, GICR_ICPENDR0, 0, false, v,
				offsetof(struct virq, pending));
		check_set_clear(GICR_ISACTIVER0, GICR_ICACTIVER0, 0, false, v,
				offsetof(struct virq, active));
	}
	/* a frame changes only its own vCPU's SGIs and PPIs */
	rwrite(1, GICR_ISENABLER0, 4, (1u << 3) | (1u << 27));
	assert_true(priv(1, 3)->enabled && priv(1, 27)->enabled);
	assert_false(priv(0, 3)->enabled || priv(0, 27)->enabled);
	assert_int_equal(rread(0, GICR_ISENABLER0, 4), 0);
	/* the redistributor has no second word: SPIs are out of its reach */
	rset(0, GICR_ISENABLER0 + 4, 4, 0xffffffff, 0);
	rset(0, GICR_ISPENDR0 + 4, 4, 0xffffffff, 0);
	for (unsigned i = 32; i < 64; i++)
		assert_false(spi(i)->enabled || spi(i)->pending);
}

/* With ARE = 1 the distributor's registers for INTIDs 0-31 are RAZ/WI. */
static void test_dist_private_copies_raz_wi(void **state)
{
	static const uint64_t offs[] = {
		GICD_IGROUPR(0),     GICD_ISENABLER(0),  GICD_ICENABLER(0),
		GICD_ISPENDR(0),     GICD_ICPENDR(0),    GICD_ISACTIVER(0),
		GICD_ICACTIVER(0),   GICD_IPRIORITYR(0), GICD_IPRIORITYR(16),
		GICD_IPRIORITYR(28), GICD_ICFGR(0),      GICD_ICFGR(1),
	};
	struct vgic before;

	(void)state;
	fresh(2);
	rwrite(0, GICR_ISENABLER0, 4, 1u << 27);
	memcpy(&before, &g, sizeof(g));
	for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		assert_int_equal(dwrite(0, offs[i], 4, 0xffffffff), 0);
		assert_int_equal(dread(0, offs[i], 4), 0); /* not even PPI 27 */
		dset(1, offs[i], 1, 0xff, 0);
	}
	assert_memory_equal(&before, &g, sizeof(g));
}

/* INTIDs the VM does not have: every register of theirs is RAZ/WI. */
static void test_out_of_range_raz_wi(void **state)
{
	static const unsigned ids[] = {64, 100, 500, 1019};
	struct vgic before;

	(void)state;
	fresh(2);
	memcpy(&before, &g, sizeof(g));
	for (unsigned k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		unsigned id = ids[k], w = id / 32, bit = 1u << (id % 32);
		uint64_t bitregs[] = {GICD_IGROUPR(w),   GICD_ISENABLER(w),
				      GICD_ICENABLER(w), GICD_ISPENDR(w),
				      GICD_ICPENDR(w),   GICD_ISACTIVER(w),
				      GICD_ICACTIVER(w)};

		for (unsigned r = 0; r < sizeof(bitregs) / sizeof(bitregs[0]); r++) {
			assert_int_equal(dwrite(0, bitregs[r], 4, bit), 0); /* no kick */
			assert_int_equal(dread(0, bitregs[r], 4), 0);
		}
		dset(0, GICD_IPRIORITYR(id), 1, 0x80, 0);
		dset(0, GICD_IPRIORITYR(id & ~3u), 4, ~0u, 0);
		dset(0, GICD_ICFGR(id / 16), 4, ~0u, 0);
		dset(0, GICD_IROUTER(id), 8, 1, 0);
	}
	assert_memory_equal(&before, &g, sizeof(g));
}

/* ---- priorities, configuration, routing ------------------------------- */

static void test_priority_byte_and_word(void **state)
{
	(void)state;
	fresh(2);
	dset(0, GICD_IPRIORITYR(40), 1, 0xa0, 0xa0);
	assert_int_equal(spi(40)->priority, 0xa0);
	assert_int_equal(dread(0, GICD_IPRIORITYR(40), 4), 0xa0);
	dset(0, GICD_IPRIORITYR(44), 4, 0x44332211, 0x44332211);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(spi(44 + i)->priority, 0x11 * (i + 1));
		assert_int_equal(dread(1, GICD_IPRIORITYR(44 + i), 1), 0x11 * (i + 1));
	}
	/* a byte write changes one byte only; halfwords are RAZ/WI */
	dwrite(0, GICD_IPRIORITYR(45), 1, 0xee);
	dset(0, GICD_IPRIORITYR(44), 2, 0xffff, 0);
	assert_int_equal(dread(0, GICD_IPRIORITYR(44), 4), 0x4433ee11);
	/* redistributor: per vCPU */
	rset(1, GICR_IPRIORITYR(27), 1, 0x80, 0x80);
	assert_true(priv(1, 27)->priority == 0x80 && priv(0, 27)->priority == 0);
	assert_int_equal(rread(1, GICR_IPRIORITYR(24), 4), 0x80000000);
	rwrite(0, GICR_IPRIORITYR(0), 4, 0x10203040);
	assert_true(priv(0, 0)->priority == 0x40 && priv(0, 3)->priority == 0x10);
	assert_int_equal(rread(0, GICR_IPRIORITYR(2), 1), 0x20);
	/* the SGI frame's priorities stop at INTID 31 */
	rset(0, GICR_IPRIORITYR(32), 4, ~0u, 0);
	assert_int_equal(spi(32)->priority, 0);
}

static void test_icfgr(void **state)
{
	(void)state;
	fresh(2);
	/* SGIs: always edge (0b10 per INTID), writes ignored */
	rset(0, GICR_ICFGR0, 4, 0, 0xaaaaaaaa);
	for (unsigned i = 0; i < 16; i++)
		assert_false(priv(0, i)->level);
	/* PPIs: level at reset; PPI 27 (bits [23:22]) made edge, on vCPU 1 only */
	assert_int_equal(rread(1, GICR_ICFGR1, 4), 0);
	rset(1, GICR_ICFGR1, 4, 2u << (2 * (27 - 16)), 2u << 22);
	assert_true(!priv(1, 27)->level && priv(0, 27)->level);
	/* SPIs: GICD_ICFGR2 holds INTIDs 32-47; bit 0 of each pair is RES0 */
	dset(0, GICD_ICFGR(2), 4, 0x2 | (0x3u << 4) | 0x1u << 6, 0x2 | (0x2u << 4));
	assert_true(!spi(32)->level && !spi(34)->level);
	assert_true(spi(33)->level && spi(35)->level);
	dwrite(0, GICD_ICFGR(3), 4, 0x80000000); /* INTID 63 */
	assert_false(spi(63)->level);
	dwrite(0, GICD_ICFGR(2), 4, 0);
	assert_true(spi(32)->level);
}

static void test_irouter(void **state)
{
	(void)state;
	fresh(2);
	assert_int_equal(dread(0, GICD_IROUTER(40), 8), 0);
	dset(0, GICD_IROUTER(40), 8, 1, 1);
	assert_true(spi(40)->target == 1 && spi(41)->target == 0);
	dwrite(0, GICD_IROUTER(40), 8, 0);
	assert_int_equal(spi(40)->target, 0);
	/* a vCPU that does not exist: reads give what was written, and the SPI
	 * goes to vCPU 0 (a permitted CONSTRAINED UNPREDICTABLE choice) */
	dset(0, GICD_IROUTER(40), 8, 7, 7);
	assert_int_equal(spi(40)->target, 0);
	dwrite(0, GICD_IROUTER(41), 8, 1);
	dset(0, GICD_IROUTER(41), 8, 0x100, 0x100); /* Aff1 = 1: no such vCPU */
	assert_int_equal(spi(41)->target, 0);
	/* IRM is RAZ/WI (GICD_TYPER.No1N = 1): routed by Aff0 as if IRM = 0 */
	dset(0, GICD_IROUTER(42), 8, (1UL << 31) | 1, 1);
	assert_int_equal(spi(42)->target, 1);
	dset(0, GICD_IROUTER(43), 8, ~0UL, 0xff00ffffffUL); /* reserved bits RES0 */
	assert_int_equal(spi(43)->target, 0);
	/* 32-bit accesses to either half; a store's stray high bits ignored */
	dset(0, GICD_IROUTER(44), 4, 0xdead000000000001UL, 1);
	assert_int_equal(dread(0, GICD_IROUTER(44) + 4, 4), 0);
	assert_int_equal(spi(44)->target, 1);
	dset(0, GICD_IROUTER(44) + 4, 4, 5, 5); /* Aff3 = 5 */
	assert_int_equal(dread(0, GICD_IROUTER(44), 8), 0x500000001UL);
	assert_int_equal(spi(44)->target, 0);
	dwrite(0, GICD_IROUTER(44) + 4, 4, 0);
	assert_int_equal(spi(44)->target, 1);
	/* IROUTER0-31 are reserved, and beyond INTID 63 there is nothing */
	dset(0, GICD_IROUTER(27), 8, 1, 0);
	dset(0, GICD_IROUTER(64), 8, 1, 0);
	/* byte accesses are not IROUTER accesses */
	dset(0, GICD_IROUTER(45), 1, 1, 0);
	assert_int_equal(spi(45)->target, 0);
}

/* ---- redistributor frames --------------------------------------------- */

static void test_gicr_typer(void **state)
{
	(void)state;
	for (unsigned n = 1; n <= 4; n++) {
		fresh(n);
		for (unsigned v = 0; v < n; v++) {
			/* Aff0 [39:32], Processor_Number [23:8], Last [4]; no LPIs */
			uint64_t want = ((uint64_t)v << 32) | ((uint64_t)v << 8) |
					(v == n - 1 ? 0x10 : 0);

			rset(v, GICR_TYPER, 8, 0, want); /* read-only */
			assert_int_equal(rread(v, GICR_TYPER, 4), (uint32_t)want);
			assert_int_equal(rread(v, GICR_TYPER + 4, 4), v);
		}
	}
}

static void test_gicr_waker_ctlr(void **state)
{
	(void)state;
	fresh(2);
	assert_int_equal(rread(0, GICR_WAKER, 4), WAKER_SLEEP | WAKER_ASLEEP);
	rset(0, GICR_WAKER, 4, 0, 0); /* ChildrenAsleep clears at once */
	assert_false(g.cpu[0].sleep);
	assert_int_equal(rread(1, GICR_WAKER, 4), WAKER_SLEEP | WAKER_ASLEEP);
	rset(0, GICR_WAKER, 4, WAKER_SLEEP, WAKER_SLEEP | WAKER_ASLEEP);
	rset(1, GICR_WAKER, 4, 0xffffffff00000000UL, 0); /* the low word counts */
	rset(0, GICR_CTLR, 4, 0xffffffff, 0);            /* no LPIs, RWP 0 */
}

/* ---- unknown offsets --------------------------------------------------- */

static void test_unknown_offsets_raz_wi(void **state)
{
	static const uint64_t dist[] = {0x000c, 0x0010, 0x0020, 0x0040, 0x0048, 0x0050,
					0x0058, 0x0d00, 0x0d04, 0x0e00, 0x0f00, 0x0f10,
					0x0f20, 0x1000, 0x2000, 0x5ffc, 0x7fd8, 0x8000,
					0xc000, 0xffd0, 0xffe0, 0xfffc};
	static const uint64_t redist[] = {0x0010,  0x0018,  0x0040,  0x0048,  0x0070,
					  0x0078,  0x00a0,  0x00b0,  0x0100,  0xffd0,
					  0xfffc,  0x10000, 0x10084, 0x10104, 0x10c08,
					  0x10d00, 0x10e00, 0x11000, 0x1fffc};
	struct vgic before;

	(void)state;
	fresh(2);
	memcpy(&before, &g, sizeof(g));
	for (unsigned sz = 1; sz <= 8; sz *= 2) {
		for (unsigned i = 0; i < sizeof(dist) / sizeof(dist[0]); i++) {
			assert_int_equal(dread(0, dist[i] & ~(sz - 1UL), sz), 0);
			dset(1, dist[i] & ~(sz - 1UL), sz, ~0UL, 0);
		}
		for (unsigned i = 0; i < sizeof(redist) / sizeof(redist[0]); i++) {
			assert_int_equal(rread(1, redist[i] & ~(sz - 1UL), sz), 0);
			rset(1, redist[i] & ~(sz - 1UL), sz, ~0UL, 0);
		}
	}
	assert_memory_equal(&before, &g, sizeof(g));
}

/* Every aligned access anywhere in the frames succeeds (never a fault). */
static void test_every_offset_accepted(void **state)
{
	(void)state;
	fresh(2);
	for (unsigned sz = 1; sz <= 8; sz *= 2)
		for (int dist = 0; dist < 2; dist++)
			for (uint64_t off = 0;
			     off < (dist ? VGIC_GICD_SIZE : VGIC_GICR_STRIDE);
			     off += sz) {
				acc(dist, 1, off, sz, false, ~0UL);
				/* kicks only for vCPUs that exist */
				assert_int_equal(
					acc(dist, 1, off, sz, true, ~0UL) & ~0x3UL, 0);
			}
}

/* ---- kick masks: who must look at its interrupts again ---------------- */

static void test_kick_masks(void **state)
{
	(void)state;
	fresh(4);
	dwrite(0, GICD_IROUTER(33), 8, 1);
	dwrite(0, GICD_IROUTER(35), 8, 3);
	/* set-enable and set-pending kick the targets of the bits written */
	assert_int_equal(dwrite(0, GICD_ISENABLER(1), 4, (1u << 1) | (1u << 3)), 0xa);
	assert_int_equal(dwrite(2, GICD_ISENABLER(1), 4, 1u << 0), 0x1);
	assert_int_equal(dwrite(0, GICD_ISPENDR(1), 4, 1u << 3), 0x8);
	assert_int_equal(dwrite(0, GICD_ISENABLER(1), 4, 0), 0);
	/* clearing, activating, priorities and configuration kick nobody */
	assert_int_equal(dwrite(0, GICD_ICENABLER(1), 4, 0xffffffff), 0);
	assert_int_equal(dwrite(0, GICD_ICPENDR(1), 4, 0xffffffff), 0);
	assert_int_equal(dwrite(0, GICD_ISACTIVER(1), 4, 0xffffffff), 0);
	assert_int_equal(dwrite(0, GICD_IPRIORITYR(33), 1, 0x10), 0);
	assert_int_equal(dwrite(0, GICD_ICFGR(2), 4, 0), 0);
	/* a group change kicks the targets of the bits that changed */
	assert_int_equal(dwrite(0, GICD_IGROUPR(1), 4, (1u << 1) | (1u << 3)), 0xa);
	assert_int_equal(dwrite(0, GICD_IGROUPR(1), 4, (1u << 1) | (1u << 3)), 0);
	/* GICD_CTLR: everyone */
	assert_int_equal(dwrite(0, GICD_CTLR, 4, 0x2), 0xf);
	/* redistributor frames kick their own vCPU */
	assert_int_equal(rwrite(2, GICR_ISENABLER0, 4, 1u << 27), 0x4);
	assert_int_equal(rwrite(3, GICR_ISPENDR0, 4, 1u << 1), 0x8);
	assert_int_equal(rwrite(1, GICR_IGROUPR0, 4, 1), 0x2);
	assert_int_equal(rwrite(1, GICR_ICENABLER0, 4, ~0u), 0);
	assert_int_equal(rwrite(1, GICR_WAKER, 4, 0), 0);
	/* a pending, enabled SPI moved to another vCPU kicks its new target */
	dwrite(0, GICD_ISENABLER(1), 4, 1u << 8);
	dwrite(0, GICD_ISPENDR(1), 4, 1u << 8);
	assert_int_equal(dwrite(0, GICD_IROUTER(40), 8, 2), 0x4);
	assert_int_equal(dwrite(0, GICD_IROUTER(40), 4, 3), 0x8);
	dwrite(0, GICD_ICPENDR(1), 4, 1u << 8);
	assert_int_equal(dwrite(0, GICD_IROUTER(40), 8, 1), 0);
}

/* ---- ownership ------------------------------------------------------- */

/* A VM sees only the SPIs it owns: the rest are RAZ/WI in every register. */
static void test_unowned_spis_raz_wi(void **state)
{
	(void)state;
	vgic_init(&g, 2);
	assert_int_equal(vgic_own_spi(&g, 34, 34, true), 0); /* a linked one */
	assert_int_equal(vgic_own_spi(&g, 79, 0, false), 0); /* a virtual edge one */
	/* TYPER covers the last owned INTID: 79 -> 96 INTIDs */
	assert_int_equal(32 * ((dread(0, GICD_TYPER, 4) & 0x1f) + 1), 96);
	dwrite(0, GICD_ISENABLER(1), 4, ~0u);
	assert_int_equal(dread(0, GICD_ISENABLER(1), 4), 1u << 2); /* only 34 */
	dwrite(0, GICD_ISENABLER(2), 4, ~0u);
	assert_int_equal(dread(0, GICD_ISENABLER(2), 4), 1u << 15); /* only 79 */
	dwrite(0, GICD_IPRIORITYR(35), 1, 0x40);
	assert_int_equal(dread(0, GICD_IPRIORITYR(35), 1), 0);
	dwrite(0, GICD_IROUTER(35), 8, 1);
	assert_int_equal(dread(0, GICD_IROUTER(35), 8), 0);
	dwrite(0, GICD_IROUTER(34), 8, 1);
	assert_int_equal(dread(0, GICD_IROUTER(34), 8), 1);
	assert_int_equal(g.spi[34 - 32].target, 1);
	/* the trigger given at ownership shows in ICFGR: 79 is edge */
	assert_int_equal((dread(0, GICD_ICFGR(79 / 16), 4) >> (2 * (79 % 16) + 1)) & 1,
			 1);
	assert_int_equal((dread(0, GICD_ICFGR(34 / 16), 4) >> (2 * (34 % 16) + 1)) & 1,
			 0);
	/* never picked, never pended */
	assert_null(vgic_irq(&g, 0, 35));
	assert_int_equal(vgic_set_pending(&g, 0, 35), -1);
	assert_int_equal(vgic_set_line(&g, 36, true), -1);
	assert_true(g.spi[34 - 32].hw);
	assert_int_equal(g.spi[34 - 32].pintid, 34);
	assert_false(g.spi[79 - 32].hw);
}

static void test_own_spi_rules(void **state)
{
	(void)state;
	vgic_init(&g, 1);
	assert_int_equal(vgic_own_spi(&g, 31, 0, true), -EINVAL); /* a PPI */
	assert_int_equal(vgic_own_spi(&g, VGIC_NR_IRQS, 0, true), -EINVAL);
	assert_int_equal(vgic_own_spi(&g, 40, 1020, true), -EINVAL);
	assert_int_equal(vgic_own_spi(&g, 40, 0, true), 0);
	assert_int_equal(vgic_own_spi(&g, 40, 0, true), -EEXIST);
	for (unsigned i = 1; i < VGIC_MAX_OWNED; i++)
		assert_int_equal(vgic_own_spi(&g, 40 + i, 0, true), 0);
	assert_int_equal(vgic_own_spi(&g, 40 + VGIC_MAX_OWNED, 0, true), -ENOSPC);
}

/* A restart (vgic_reset) clears the state but keeps what the VM owns. */
static void test_reset_keeps_ownership(void **state)
{
	(void)state;
	vgic_init(&g, 1);
	assert_int_equal(vgic_own_spi(&g, 48, 48, false), 0);
	dwrite(0, GICD_ISENABLER(1), 4, 1u << 16);
	dwrite(0, GICD_IPRIORITYR(48), 1, 0x20);
	dwrite(0, GICD_ICFGR(3), 4, 0); /* guest made it level */
	vgic_reset(&g);
	assert_int_equal(dread(0, GICD_ISENABLER(1), 4), 0);
	assert_int_equal(dread(0, GICD_IPRIORITYR(48), 1), 0);
	assert_int_equal((dread(0, GICD_ICFGR(3), 4) >> 1) & 1, 1); /* edge again */
	dwrite(0, GICD_ISENABLER(1), 4, 1u << 16);
	assert_int_equal(dread(0, GICD_ISENABLER(1), 4), 1u << 16);
	assert_true(g.spi[16].hw);
}

/* Which SPIs a distributor write may have changed, for carrying linked
 * SPIs to the physical GIC: one register's INTIDs, never a private one. */
static void test_write_span(void **state)
{
	static const struct {
		uint64_t off;
		unsigned size, lo, hi;
	} rows[] = {
		{GICD_ISENABLER(1), 4, 32, 64},
		{GICD_ICFGR(2), 4, 32, 48},
		{GICD_ICFGR(3), 4, 48, 64},
		{GICD_IPRIORITYR(40), 1, 40, 41},
		{GICD_IPRIORITYR(40), 4, 40, 44},
		{GICD_IROUTER(79), 8, 79, 80},
		{GICD_CTLR, 4, 32, VGIC_NR_IRQS},
		{GICD_ISENABLER(0), 4, 32, 32}, /* INTIDs 0-31: the redistributors' */
		{GICD_IPRIORITYR(8), 4, 32, 32},
		{GICD_TYPER, 4, 32, 32},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		unsigned lo, hi;

		vgicd_write_span(rows[i].off, rows[i].size, &lo, &hi);
		if (hi > lo || rows[i].hi > rows[i].lo) {
			assert_int_equal(lo, rows[i].lo);
			assert_int_equal(hi, rows[i].hi);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_span),
		cmocka_unit_test(test_unowned_spis_raz_wi),
		cmocka_unit_test(test_own_spi_rules),
		cmocka_unit_test(test_reset_keeps_ownership),
		cmocka_unit_test(test_gicd_ctlr),
		cmocka_unit_test(test_gicd_typer_iidr_pidr2),
		cmocka_unit_test(test_spi_bit_registers),
		cmocka_unit_test(test_redist_bit_registers),
		cmocka_unit_test(test_dist_private_copies_raz_wi),
		cmocka_unit_test(test_out_of_range_raz_wi),
		cmocka_unit_test(test_priority_byte_and_word),
		cmocka_unit_test(test_icfgr),
		cmocka_unit_test(test_irouter),
		cmocka_unit_test(test_gicr_typer),
		cmocka_unit_test(test_gicr_waker_ctlr),
		cmocka_unit_test(test_unknown_offsets_raz_wi),
		cmocka_unit_test(test_every_offset_accepted),
		cmocka_unit_test(test_kick_masks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
