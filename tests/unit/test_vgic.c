/*
 * The virtual GICv3's pure logic: virq state, interrupt choice, SGI targets,
 * list register encoding, and the GICD/GICR register files (IHI 0069).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vgic/vgic.h"

/* Register offsets, written out here so a wrong one in vgic_regs.c shows. */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_IGROUPR(n) (0x0080 + 4 * (n))
#define GICD_ISENABLER(n) (0x0100 + 4 * (n))
#define GICD_ICENABLER(n) (0x0180 + 4 * (n))
#define GICD_ISPENDR(n) (0x0200 + 4 * (n))
#define GICD_ICPENDR(n) (0x0280 + 4 * (n))
#define GICD_ISACTIVER(n) (0x0300 + 4 * (n))
#define GICD_ICACTIVER(n) (0x0380 + 4 * (n))
#define GICD_IPRIORITYR(intid) (0x0400 + (intid))
#define GICD_ICFGR(n) (0x0c00 + 4 * (n))
#define GICD_IROUTER(intid) (0x6000 + 8 * (intid))
#define GICD_PIDR2 0xffe8

#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_PIDR2 0xffe8
#define SGI_BASE 0x10000
#define GICR_IGROUPR0 (SGI_BASE + 0x0080)
#define GICR_ISENABLER0 (SGI_BASE + 0x0100)
#define GICR_ICENABLER0 (SGI_BASE + 0x0180)
#define GICR_ISPENDR0 (SGI_BASE + 0x0200)
#define GICR_ICPENDR0 (SGI_BASE + 0x0280)
#define GICR_ISACTIVER0 (SGI_BASE + 0x0300)
#define GICR_ICACTIVER0 (SGI_BASE + 0x0380)
#define GICR_IPRIORITYR(intid) (SGI_BASE + 0x0400 + (intid))
#define GICR_ICFGR0 (SGI_BASE + 0x0c00)
#define GICR_ICFGR1 (SGI_BASE + 0x0c04)

#define CTLR_ARE (1u << 4)
#define CTLR_DS (1u << 6)
#define CTLR_RWP (1u << 31)
#define WAKER_SLEEP 0x2u
#define WAKER_ASLEEP 0x4u

#define SGI1R_IRM (1UL << 40)
#define SGI1R_AFF1(a) ((uint64_t)(a) << 16)
#define SGI1R_AFF2(a) ((uint64_t)(a) << 32)
#define SGI1R_AFF3(a) ((uint64_t)(a) << 48)
#define SGI1R_RS(rs) ((uint64_t)(rs) << 44)
#define SGI1R_INTID(i) ((uint64_t)(i) << 24)

static struct vgic g;

static void fresh(unsigned nr_vcpus)
{
	memset(&g, 0xa5, sizeof(g)); /* vgic_init must not rely on a zeroed struct */
	vgic_init(&g, nr_vcpus);
}

/* One access; asserts it succeeded and that a read kicked nobody. */
static uint64_t dread(unsigned vcpu, uint64_t off, unsigned size)
{
	uint64_t v = 0xdeadbeefdeadbeefUL;
	uint32_t kick = 0;

	assert_int_equal(vgicd_access(&g, vcpu, off, size, false, &v, &kick), 0);
	assert_int_equal(kick, 0);
	return v;
}

static uint32_t dwrite(unsigned vcpu, uint64_t off, unsigned size, uint64_t val)
{
	uint32_t kick = 0;

	assert_int_equal(vgicd_access(&g, vcpu, off, size, true, &val, &kick), 0);
	return kick;
}

static uint64_t rread(unsigned frame, uint64_t off, unsigned size)
{
	uint64_t v = 0xdeadbeefdeadbeefUL;
	uint32_t kick = 0;

	assert_int_equal(vgicr_access(&g, frame, off, size, false, &v, &kick), 0);
	assert_int_equal(kick, 0);
	return v;
}

static uint32_t rwrite(unsigned frame, uint64_t off, unsigned size, uint64_t val)
{
	uint32_t kick = 0;

	assert_int_equal(vgicr_access(&g, frame, off, size, true, &val, &kick), 0);
	return kick;
}

static struct virq *spi(unsigned intid)
{
	return &g.spi[intid - 32];
}

static struct virq *priv(unsigned vcpu, unsigned intid)
{
	return &g.cpu[vcpu].priv[intid];
}

/* ---- reset state and lookup ------------------------------------------- */

static void test_reset_state(void **state)
{
	(void)state;
	fresh(3);
	assert_int_equal(g.nr_vcpus, 3);
	assert_int_equal(g.ctlr, 0);
	for (unsigned v = 0; v < 3; v++) {
		assert_true(g.cpu[v].sleep);
		assert_int_equal(g.cpu[v].lr_used, 0);
		for (unsigned i = 0; i < 32; i++) {
			const struct virq *q = priv(v, i);

			assert_int_equal(q->priority, 0);
			assert_false(q->enabled || q->pending || q->active || q->line);
			assert_false(q->group1 || q->hw || q->in_lr);
			assert_int_equal(q->level, i >= 16); /* SGIs edge, PPIs level */
		}
	}
	for (unsigned i = 32; i < 64; i++) {
		assert_int_equal(spi(i)->target, 0);
		assert_int_equal(spi(i)->route, 0);
		assert_true(spi(i)->level);
		assert_false(spi(i)->enabled || spi(i)->pending || spi(i)->in_lr);
	}
	for (unsigned v = 0; v < 3; v++)
		assert_int_equal(vgic_pick(&g, v), -1);
}

static void test_lookup(void **state)
{
	(void)state;
	fresh(2);
	assert_ptr_equal(vgic_irq(&g, 1, 5), priv(1, 5));
	assert_ptr_not_equal(vgic_irq(&g, 0, 5), vgic_irq(&g, 1, 5)); /* banked */
	assert_ptr_equal(vgic_irq(&g, 0, 40), spi(40));
	assert_ptr_equal(vgic_irq(&g, 1, 40), spi(40)); /* shared */
	assert_null(vgic_irq(&g, 2, 5));                /* no vCPU 2 */
	assert_null(vgic_irq(&g, 0, 64));               /* beyond the VM's SPIs */
	assert_null(vgic_irq(&g, 0, 1023));
	assert_int_equal(vgic_irq_target(&g, 1, 27), 1);
	spi(40)->target = 1;
	assert_int_equal(vgic_irq_target(&g, 0, 40), 1);
}

static void test_reset_cpu(void **state)
{
	(void)state;
	fresh(2);
	for (unsigned v = 0; v < 2; v++) {
		priv(v, 3)->pending = priv(v, 3)->enabled = true;
		priv(v, 20)->level = false;
		priv(v, 27)->priority = 0x80;
		g.cpu[v].sleep = false;
		g.cpu[v].lr_used = 0x3;
	}
	spi(40)->enabled = true;
	vgic_reset_cpu(&g, 1);
	assert_false(priv(1, 3)->pending || priv(1, 3)->enabled);
	assert_true(priv(1, 20)->level);
	assert_int_equal(priv(1, 27)->priority, 0);
	assert_true(g.cpu[1].sleep);
	assert_int_equal(g.cpu[1].lr_used, 0);
	/* the other vCPU and the SPIs are not touched */
	assert_true(priv(0, 3)->pending && priv(0, 3)->enabled);
	assert_false(priv(0, 20)->level);
	assert_int_equal(priv(0, 27)->priority, 0x80);
	assert_false(g.cpu[0].sleep);
	assert_true(spi(40)->enabled);
}

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
	dwrite(0, GICD_CTLR, 4, 0xffffffff);
	assert_int_equal(dread(0, GICD_CTLR, 4), CTLR_ARE | CTLR_DS | 0x3);
	assert_int_equal(dread(0, GICD_CTLR, 4) & CTLR_RWP, 0);
	dwrite(0, GICD_CTLR, 4, 0x2);
	assert_int_equal(dread(0, GICD_CTLR, 4), CTLR_ARE | CTLR_DS | 0x2);
	dwrite(0, GICD_CTLR, 4, 0);
	assert_int_equal(dread(0, GICD_CTLR, 4), CTLR_ARE | CTLR_DS);
	/* a 64-bit access is not a GICD_CTLR access */
	dwrite(0, GICD_CTLR, 8, 0x3);
	assert_int_equal(g.ctlr, 0);
	assert_int_equal(dread(0, GICD_CTLR, 8), 0);
}

static void test_gicd_typer_iidr_pidr2(void **state)
{
	uint64_t t;

	(void)state;
	fresh(2);
	t = dread(0, GICD_TYPER, 4);
	assert_int_equal(t & 0x1f, 1); /* 32 * (1 + 1) = 64 INTIDs */
	assert_int_equal(32 * ((t & 0x1f) + 1), VGIC_NR_IRQS);
	assert_int_equal((t >> 19) & 0x1f, 9); /* IDbits: 10-bit INTIDs */
	assert_true(t & (1u << 25));           /* No1N */
	assert_false(t & (1u << 17));          /* no LPIs */
	assert_false(t & (1u << 16));          /* no MBIS */
	assert_false(t & (1u << 10));          /* SecurityExtn RAZ (DS) */
	dwrite(0, GICD_TYPER, 4, 0);           /* read-only */
	assert_int_equal(dread(0, GICD_TYPER, 4), t);
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
	struct virq *a = vgic_irq(&g, vcpu, first + 1);
	struct virq *b = vgic_irq(&g, vcpu, first + 8);
	bool *fa = (bool *)((char *)a + field), *fb = (bool *)((char *)b + field);
	uint64_t (*rd)(unsigned, uint64_t, unsigned) = dist ? dread : rread;
	uint32_t (*wr)(unsigned, uint64_t, unsigned, uint64_t) = dist ? dwrite : rwrite;

	assert_int_equal(rd(vcpu, set_off, 4), 0);
	wr(vcpu, set_off, 4, (1u << 1) | (1u << 8));
	assert_true(*fa && *fb);
	assert_int_equal(rd(vcpu, set_off, 4), (1u << 1) | (1u << 8));
	assert_int_equal(rd(vcpu, clr_off, 4), (1u << 1) | (1u << 8)); /* same view */
	wr(vcpu, set_off, 4, 0); /* zeros are ignored */
	assert_true(*fa && *fb);
	wr(vcpu, clr_off, 4, 1u << 1);
	assert_false(*fa);
	assert_true(*fb);
	assert_int_equal(rd(vcpu, set_off, 4), 1u << 8);
	wr(vcpu, clr_off, 4, 0);
	assert_true(*fb);
	wr(vcpu, clr_off, 4, 0xffffffff);
	assert_false(*fb);
	assert_int_equal(rd(vcpu, set_off, 4), 0);
}

static void test_spi_bit_registers(void **state)
{
	(void)state;
	fresh(2);
	/* IGROUPR: plain read/write */
	dwrite(0, GICD_IGROUPR(1), 4, 0x0000ff01);
	assert_int_equal(dread(0, GICD_IGROUPR(1), 4), 0x0000ff01);
	assert_true(spi(32)->group1 && spi(40)->group1 && spi(47)->group1);
	assert_false(spi(33)->group1 || spi(48)->group1);
	dwrite(1, GICD_IGROUPR(1), 4, 0x100);
	assert_int_equal(dread(0, GICD_IGROUPR(1), 4), 0x100);
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
	rwrite(1, GICR_IGROUPR0, 4, 0xffff00ff);
	assert_int_equal(rread(1, GICR_IGROUPR0, 4), 0xffff00ff);
	assert_true(priv(1, 0)->group1 && priv(1, 27)->group1);
	assert_false(priv(1, 8)->group1);
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
	rwrite(0, GICR_ISENABLER0 + 4, 4, 0xffffffff);
	rwrite(0, GICR_ISPENDR0 + 4, 4, 0xffffffff);
	assert_int_equal(rread(0, GICR_ISENABLER0 + 4, 4), 0);
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
		assert_int_equal(dread(0, offs[i], 4), 0);
		assert_int_equal(dwrite(1, offs[i], 1, 0xff), 0);
		assert_int_equal(dread(1, offs[i], 1), 0);
	}
	assert_memory_equal(&before, &g, sizeof(g));
	/* what the redistributor holds is not visible there either */
	assert_int_equal(dread(0, GICD_ISENABLER(0), 4), 0);
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
		unsigned id = ids[k], word = id / 32, bit = 1u << (id % 32);
		uint64_t bitregs[] = {GICD_IGROUPR(word),   GICD_ISENABLER(word),
				      GICD_ICENABLER(word), GICD_ISPENDR(word),
				      GICD_ICPENDR(word),   GICD_ISACTIVER(word),
				      GICD_ICACTIVER(word)};

		for (unsigned r = 0; r < sizeof(bitregs) / sizeof(bitregs[0]); r++) {
			assert_int_equal(dwrite(0, bitregs[r], 4, bit), 0);
			assert_int_equal(dread(0, bitregs[r], 4), 0);
		}
		assert_int_equal(dwrite(0, GICD_IPRIORITYR(id), 1, 0x80), 0);
		assert_int_equal(dread(0, GICD_IPRIORITYR(id), 1), 0);
		assert_int_equal(dwrite(0, GICD_IPRIORITYR(id & ~3u), 4, ~0u), 0);
		assert_int_equal(dread(0, GICD_IPRIORITYR(id & ~3u), 4), 0);
		assert_int_equal(dwrite(0, GICD_ICFGR(id / 16), 4, ~0u), 0);
		assert_int_equal(dread(0, GICD_ICFGR(id / 16), 4), 0);
		assert_int_equal(dwrite(0, GICD_IROUTER(id), 8, 1), 0);
		assert_int_equal(dread(0, GICD_IROUTER(id), 8), 0);
	}
	assert_memory_equal(&before, &g, sizeof(g));
}

/* ---- priorities, configuration, routing ------------------------------- */

static void test_priority_byte_and_word(void **state)
{
	(void)state;
	fresh(2);
	dwrite(0, GICD_IPRIORITYR(40), 1, 0xa0);
	assert_int_equal(spi(40)->priority, 0xa0);
	assert_int_equal(dread(0, GICD_IPRIORITYR(40), 4), 0xa0);
	assert_int_equal(dread(0, GICD_IPRIORITYR(40), 1), 0xa0);
	dwrite(0, GICD_IPRIORITYR(44), 4, 0x44332211);
	assert_int_equal(spi(44)->priority, 0x11);
	assert_int_equal(spi(45)->priority, 0x22);
	assert_int_equal(spi(46)->priority, 0x33);
	assert_int_equal(spi(47)->priority, 0x44);
	assert_int_equal(dread(0, GICD_IPRIORITYR(46), 1), 0x33);
	assert_int_equal(dread(1, GICD_IPRIORITYR(44), 4), 0x44332211);
	/* a byte write changes one byte only */
	dwrite(0, GICD_IPRIORITYR(45), 1, 0xee);
	assert_int_equal(dread(0, GICD_IPRIORITYR(44), 4), 0x4433ee11);
	/* halfword accesses are not supported: RAZ/WI */
	dwrite(0, GICD_IPRIORITYR(44), 2, 0xffff);
	assert_int_equal(dread(0, GICD_IPRIORITYR(44), 4), 0x4433ee11);
	assert_int_equal(dread(0, GICD_IPRIORITYR(44), 2), 0);

	/* redistributor: per vCPU */
	rwrite(1, GICR_IPRIORITYR(27), 1, 0x80);
	assert_int_equal(priv(1, 27)->priority, 0x80);
	assert_int_equal(priv(0, 27)->priority, 0);
	assert_int_equal(rread(1, GICR_IPRIORITYR(24), 4), 0x80000000);
	rwrite(0, GICR_IPRIORITYR(0), 4, 0x10203040);
	assert_int_equal(priv(0, 0)->priority, 0x40);
	assert_int_equal(priv(0, 3)->priority, 0x10);
	assert_int_equal(rread(0, GICR_IPRIORITYR(2), 1), 0x20);
	/* the SGI frame's priorities stop at INTID 31 */
	rwrite(0, GICR_IPRIORITYR(32), 4, ~0u);
	assert_int_equal(rread(0, GICR_IPRIORITYR(32), 4), 0);
	assert_int_equal(spi(32)->priority, 0);
}

static void test_icfgr(void **state)
{
	(void)state;
	fresh(2);
	/* SGIs: always edge (0b10 per INTID), writes ignored */
	assert_int_equal(rread(0, GICR_ICFGR0, 4), 0xaaaaaaaa);
	rwrite(0, GICR_ICFGR0, 4, 0);
	assert_int_equal(rread(0, GICR_ICFGR0, 4), 0xaaaaaaaa);
	for (unsigned i = 0; i < 16; i++)
		assert_false(priv(0, i)->level);
	/* PPIs: level at reset; PPI 27 (bits [23:22]) made edge */
	assert_int_equal(rread(1, GICR_ICFGR1, 4), 0);
	rwrite(1, GICR_ICFGR1, 4, 2u << (2 * (27 - 16)));
	assert_false(priv(1, 27)->level);
	assert_true(priv(0, 27)->level);
	assert_int_equal(rread(1, GICR_ICFGR1, 4), 2u << 22);
	/* SPIs: GICD_ICFGR2 holds INTIDs 32-47; bit 0 of each pair is RES0 */
	dwrite(0, GICD_ICFGR(2), 4, 0x2 | (0x3u << 4) | 0x1u << 6);
	assert_false(spi(32)->level);
	assert_false(spi(34)->level);
	assert_true(spi(33)->level && spi(35)->level);
	assert_int_equal(dread(0, GICD_ICFGR(2), 4), 0x2 | (0x2u << 4));
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
	dwrite(0, GICD_IROUTER(40), 8, 1);
	assert_int_equal(dread(0, GICD_IROUTER(40), 8), 1);
	assert_int_equal(spi(40)->target, 1);
	assert_int_equal(spi(41)->target, 0);
	dwrite(0, GICD_IROUTER(40), 8, 0);
	assert_int_equal(spi(40)->target, 0);
	/* a vCPU that does not exist: reads give what was written, and the SPI
	 * goes to vCPU 0 (a permitted CONSTRAINED UNPREDICTABLE choice) */
	dwrite(0, GICD_IROUTER(40), 8, 7);
	assert_int_equal(dread(0, GICD_IROUTER(40), 8), 7);
	assert_int_equal(spi(40)->target, 0);
	dwrite(0, GICD_IROUTER(41), 8, 1);
	dwrite(0, GICD_IROUTER(41), 8, 0x100); /* Aff1 = 1: no such vCPU */
	assert_int_equal(dread(0, GICD_IROUTER(41), 8), 0x100);
	assert_int_equal(spi(41)->target, 0);
	/* IRM is RAZ/WI (GICD_TYPER.No1N = 1): routed by Aff0 as if IRM = 0 */
	dwrite(0, GICD_IROUTER(42), 8, (1UL << 31) | 1);
	assert_int_equal(dread(0, GICD_IROUTER(42), 8), 1);
	assert_int_equal(spi(42)->target, 1);
	/* reserved bits are RES0 */
	dwrite(0, GICD_IROUTER(43), 8, ~0UL);
	assert_int_equal(dread(0, GICD_IROUTER(43), 8), 0xff00ffffffUL);
	assert_int_equal(spi(43)->target, 0);
	/* 32-bit accesses to either half */
	dwrite(0, GICD_IROUTER(44), 4, 0xdead000000000001UL); /* stray high bits */
	assert_int_equal(dread(0, GICD_IROUTER(44), 8), 1);
	assert_int_equal(spi(44)->target, 1);
	assert_int_equal(dread(0, GICD_IROUTER(44), 4), 1);
	assert_int_equal(dread(0, GICD_IROUTER(44) + 4, 4), 0);
	dwrite(0, GICD_IROUTER(44) + 4, 4, 5); /* Aff3 = 5 */
	assert_int_equal(dread(0, GICD_IROUTER(44), 8), 0x500000001UL);
	assert_int_equal(dread(0, GICD_IROUTER(44) + 4, 4), 5);
	assert_int_equal(spi(44)->target, 0);
	dwrite(0, GICD_IROUTER(44) + 4, 4, 0);
	assert_int_equal(spi(44)->target, 1);
	/* IROUTER0-31 are reserved, and beyond INTID 63 there is nothing */
	dwrite(0, GICD_IROUTER(27), 8, 1);
	assert_int_equal(dread(0, GICD_IROUTER(27), 8), 0);
	dwrite(0, GICD_IROUTER(64), 8, 1);
	assert_int_equal(dread(0, GICD_IROUTER(64), 8), 0);
	/* unaligned or byte accesses are not IROUTER accesses */
	dwrite(0, GICD_IROUTER(45), 1, 1);
	assert_int_equal(spi(45)->target, 0);
	assert_int_equal(dread(0, GICD_IROUTER(44), 1), 0);
}

/* ---- redistributor frames --------------------------------------------- */

static void test_gicr_typer(void **state)
{
	(void)state;
	for (unsigned n = 1; n <= 4; n++) {
		fresh(n);
		for (unsigned v = 0; v < n; v++) {
			uint64_t want = ((uint64_t)v << 32) | ((uint64_t)v << 8) |
					(v == n - 1 ? 0x10 : 0);

			assert_int_equal(rread(v, GICR_TYPER, 8), want);
			assert_int_equal(rread(v, GICR_TYPER, 4), (uint32_t)want);
			assert_int_equal(rread(v, GICR_TYPER + 4, 4), v);
			assert_int_equal(rread(v, GICR_TYPER, 8) & 0x3, 0); /* no LPIs */
			rwrite(v, GICR_TYPER, 8, 0);                        /* RO */
			assert_int_equal(rread(v, GICR_TYPER, 8), want);
		}
	}
}

static void test_gicr_waker_ctlr(void **state)
{
	(void)state;
	fresh(2);
	assert_int_equal(rread(0, GICR_WAKER, 4), WAKER_SLEEP | WAKER_ASLEEP);
	rwrite(0, GICR_WAKER, 4, 0);
	assert_false(g.cpu[0].sleep);
	assert_int_equal(rread(0, GICR_WAKER, 4), 0); /* ChildrenAsleep clears at once */
	assert_int_equal(rread(1, GICR_WAKER, 4), WAKER_SLEEP | WAKER_ASLEEP);
	rwrite(0, GICR_WAKER, 4, WAKER_SLEEP);
	assert_int_equal(rread(0, GICR_WAKER, 4), WAKER_SLEEP | WAKER_ASLEEP);
	rwrite(1, GICR_WAKER, 4, 0xffffffff00000000UL); /* only the low word counts */
	assert_int_equal(rread(1, GICR_WAKER, 4), 0);
	/* GICR_CTLR: no LPIs, RWP 0 */
	assert_int_equal(rread(0, GICR_CTLR, 4), 0);
	rwrite(0, GICR_CTLR, 4, 0xffffffff);
	assert_int_equal(rread(0, GICR_CTLR, 4), 0);
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
	static const unsigned sizes[] = {1, 2, 4, 8};
	struct vgic before;

	(void)state;
	fresh(2);
	memcpy(&before, &g, sizeof(g));
	for (unsigned s = 0; s < 4; s++) {
		unsigned sz = sizes[s];

		for (unsigned i = 0; i < sizeof(dist) / sizeof(dist[0]); i++) {
			uint64_t off = dist[i] & ~(uint64_t)(sz - 1);

			assert_int_equal(dread(0, off, sz), 0);
			assert_int_equal(dwrite(1, off, sz, ~0UL), 0);
			assert_int_equal(dread(1, off, sz), 0);
		}
		for (unsigned i = 0; i < sizeof(redist) / sizeof(redist[0]); i++) {
			uint64_t off = redist[i] & ~(uint64_t)(sz - 1);

			assert_int_equal(rread(1, off, sz), 0);
			assert_int_equal(rwrite(1, off, sz, ~0UL), 0);
			assert_int_equal(rread(1, off, sz), 0);
		}
	}
	assert_memory_equal(&before, &g, sizeof(g));
}

/* Every aligned access anywhere in the frames succeeds (never a fault). */
static void test_every_offset_accepted(void **state)
{
	static const unsigned sizes[] = {1, 2, 4, 8};

	(void)state;
	fresh(2);
	for (unsigned s = 0; s < 4; s++) {
		for (uint64_t off = 0; off < VGIC_GICD_SIZE; off += sizes[s]) {
			uint64_t v = ~0UL;
			uint32_t kick = 0;

			assert_int_equal(
				vgicd_access(&g, 1, off, sizes[s], false, &v, &kick), 0);
			assert_int_equal(
				vgicd_access(&g, 1, off, sizes[s], true, &v, &kick), 0);
			assert_int_equal(kick & ~0x3u, 0); /* only vCPUs that exist */
		}
		for (uint64_t off = 0; off < VGIC_GICR_STRIDE; off += sizes[s]) {
			uint64_t v = ~0UL;
			uint32_t kick = 0;

			assert_int_equal(
				vgicr_access(&g, 1, off, sizes[s], false, &v, &kick), 0);
			assert_int_equal(
				vgicr_access(&g, 1, off, sizes[s], true, &v, &kick), 0);
			assert_int_equal(kick & ~0x3u, 0);
		}
	}
}

/* ---- choosing an interrupt -------------------------------------------- */

static void make_ready(struct virq *q, uint8_t prio)
{
	q->group1 = q->enabled = q->pending = true;
	q->priority = prio;
}

static void test_pick_priority_order(void **state)
{
	(void)state;
	fresh(2);
	g.ctlr = 0x3;
	make_ready(priv(0, 1), 0x80);
	make_ready(priv(0, 2), 0x40);
	make_ready(priv(0, 3), 0x40);
	make_ready(priv(0, 27), 0x60);
	assert_int_equal(vgic_pick(&g, 0), 2); /* lowest value; tie: lowest INTID */
	priv(0, 2)->in_lr = true;
	assert_int_equal(vgic_pick(&g, 0), 3);
	priv(0, 3)->in_lr = true;
	assert_int_equal(vgic_pick(&g, 0), 27);
	priv(0, 27)->pending = false;
	assert_int_equal(vgic_pick(&g, 0), 1);
	priv(0, 1)->enabled = false;
	assert_int_equal(vgic_pick(&g, 0), -1);
	assert_int_equal(vgic_pick(&g, 1), -1); /* vCPU 1's SGIs are its own */
	/* an SPI competes on its target only */
	make_ready(spi(40), 0x10);
	spi(40)->target = 1;
	assert_int_equal(vgic_pick(&g, 0), -1);
	assert_int_equal(vgic_pick(&g, 1), 40);
	make_ready(priv(1, 5), 0x08);
	assert_int_equal(vgic_pick(&g, 1), 5);
	priv(1, 5)->priority = 0x10; /* tie with SPI 40: the lower INTID */
	assert_int_equal(vgic_pick(&g, 1), 5);
	priv(1, 5)->priority = 0x11;
	assert_int_equal(vgic_pick(&g, 1), 40);
	assert_int_equal(vgic_pick(&g, 2), -1); /* no such vCPU */
	assert_int_equal(vgic_pick(&g, 7), -1);
}

static void test_pick_group_enable(void **state)
{
	(void)state;
	fresh(1);
	make_ready(priv(0, 4), 0x20);
	make_ready(spi(50), 0x30);
	g.ctlr = 0; /* both groups off in GICD_CTLR */
	assert_int_equal(vgic_pick(&g, 0), -1);
	g.ctlr = 0x1; /* Grp0 only */
	assert_int_equal(vgic_pick(&g, 0), -1);
	g.ctlr = 0x2;
	assert_int_equal(vgic_pick(&g, 0), 4);
	priv(0, 4)->group1 = false; /* now a group 0 interrupt */
	assert_int_equal(vgic_pick(&g, 0), 50);
	g.ctlr = 0x1;
	assert_int_equal(vgic_pick(&g, 0), 4);
	/* and through the registers */
	dwrite(0, GICD_CTLR, 4, 0);
	assert_int_equal(vgic_pick(&g, 0), -1);
	dwrite(0, GICD_CTLR, 4, 0x3);
	assert_int_equal(vgic_pick(&g, 0), 4);
	rwrite(0, GICR_ICENABLER0, 4, 1u << 4);
	assert_int_equal(vgic_pick(&g, 0), 50);
	dwrite(0, GICD_ICPENDR(1), 4, 1u << (50 - 32));
	assert_int_equal(vgic_pick(&g, 0), -1);
}

/* ---- SGI targets (ICC_SGI1R_EL1) ------------------------------------- */

static void test_sgi_targets(void **state)
{
	(void)state;
	assert_int_equal(vgic_sgi_targets(0xa, 0, 4), 0xa);
	assert_int_equal(vgic_sgi_targets(0x1, 0, 4), 0x1); /* self is allowed */
	assert_int_equal(vgic_sgi_targets(0xffff, 0, 4), 0xf);
	assert_int_equal(vgic_sgi_targets(0, 0, 4), 0);
	assert_int_equal(vgic_sgi_targets(SGI1R_INTID(15) | 0x2, 0, 4), 0x2);
	/* IRM: everyone but the sender; target list and Aff ignored */
	assert_int_equal(vgic_sgi_targets(SGI1R_IRM, 0, 4), 0xe);
	assert_int_equal(vgic_sgi_targets(SGI1R_IRM, 2, 4), 0xb);
	assert_int_equal(vgic_sgi_targets(SGI1R_IRM | SGI1R_AFF1(1) | 0x1, 1, 2), 0x1);
	assert_int_equal(vgic_sgi_targets(SGI1R_IRM, 0, 1), 0);
	/* our vCPUs are Aff3.Aff2.Aff1 = 0.0.0: any other cluster is nobody */
	assert_int_equal(vgic_sgi_targets(SGI1R_AFF1(1) | 0x3, 0, 4), 0);
	assert_int_equal(vgic_sgi_targets(SGI1R_AFF2(1) | 0x3, 0, 4), 0);
	assert_int_equal(vgic_sgi_targets(SGI1R_AFF3(1) | 0x3, 0, 4), 0);
	/* RS: target list bit n means Aff0 = 16 * RS + n */
	assert_int_equal(vgic_sgi_targets(SGI1R_RS(1) | 0x1, 0, 4), 0);
	assert_int_equal(vgic_sgi_targets(SGI1R_RS(1) | 0x5, 0, 20), 0x50000);
	assert_int_equal(vgic_sgi_targets(SGI1R_RS(1) | 0x10, 0, 20), 0); /* Aff0 20 */
	assert_int_equal(vgic_sgi_targets(SGI1R_RS(2) | 0x1, 0, 32), 0);
	assert_int_equal(vgic_sgi_targets(SGI1R_RS(1) | 0x8000, 0, 32), 0x80000000u);
}

/* ---- pending: edge, level, set_pending -------------------------------- */

static void test_set_pending(void **state)
{
	(void)state;
	fresh(2);
	assert_int_equal(vgic_set_pending(&g, 1, 5), 1);
	assert_true(priv(1, 5)->pending);
	assert_false(priv(0, 5)->pending);
	dwrite(0, GICD_IROUTER(40), 8, 1);
	assert_int_equal(vgic_set_pending(&g, 0, 40), 1); /* the SPI's target */
	assert_true(spi(40)->pending);
	assert_int_equal(vgic_set_pending(&g, 2, 5), -1);
	assert_int_equal(vgic_set_pending(&g, 0, 64), -1);
}

static void test_set_line(void **state)
{
	(void)state;
	fresh(2);
	/* level-sensitive (the reset configuration): pending follows the line */
	assert_int_equal(vgic_set_line(&g, 33, true), 0);
	assert_true(spi(33)->line && spi(33)->pending);
	assert_int_equal(vgic_set_line(&g, 33, false), -1);
	assert_false(spi(33)->line || spi(33)->pending);
	dwrite(0, GICD_IROUTER(33), 8, 1);
	assert_int_equal(vgic_set_line(&g, 33, true), 1);
	assert_true(spi(33)->pending);
	/* delivered (the list register took it) while the line stays high */
	spi(33)->pending = false;
	spi(33)->in_lr = true;
	assert_int_equal(vgic_set_line(&g, 33, false), -1);
	assert_false(spi(33)->pending);

	/* edge-triggered: only a rising edge makes it pending */
	dwrite(0, GICD_ICFGR(2), 4, 2u << (2 * (34 - 32)));
	assert_false(spi(34)->level);
	assert_int_equal(vgic_set_line(&g, 34, true), 0);
	assert_true(spi(34)->pending);
	spi(34)->pending = false;                          /* taken */
	assert_int_equal(vgic_set_line(&g, 34, true), -1); /* no new edge */
	assert_false(spi(34)->pending);
	assert_int_equal(vgic_set_line(&g, 34, false), -1);
	assert_int_equal(vgic_set_line(&g, 34, true), 0);
	assert_true(spi(34)->pending);
	assert_int_equal(vgic_set_line(&g, 34, false), -1);
	assert_true(spi(34)->pending); /* an edge stays latched */

	/* only SPIs have lines here */
	assert_int_equal(vgic_set_line(&g, 27, true), -1);
	assert_false(priv(0, 27)->pending || priv(0, 27)->line);
	assert_int_equal(vgic_set_line(&g, 64, true), -1);
	assert_int_equal(vgic_set_line(&g, 1020, true), -1);
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

/* ---- list register encoding ------------------------------------------ */

static void test_lr_encode(void **state)
{
	struct virq q = {0};
	uint64_t lr;

	(void)state;
	q.priority = 0xa0;
	q.group1 = true;
	lr = vgic_lr_encode(33, &q);
	assert_int_equal(lr, 33 | (0xa0UL << 48) | ICH_LR_GROUP1 | ICH_LR_PENDING);
	assert_int_equal(lr >> ICH_LR_STATE_SHIFT, 1); /* pending, not active */
	assert_int_equal(ICH_LR_PENDING, 1UL << 62);
	assert_int_equal(ICH_LR_GROUP1, 1UL << 60);
	assert_int_equal(ICH_LR_HW, 1UL << 61);

	q.group1 = false; /* group 0 */
	q.pintid = 27;    /* ignored without HW: bit 41 would be EOI */
	lr = vgic_lr_encode(5, &q);
	assert_int_equal(lr, 5 | (0xa0UL << 48) | ICH_LR_PENDING);

	q.hw = true; /* hardware-linked: pINTID in [44:32] */
	q.group1 = true;
	q.priority = 0x80;
	lr = vgic_lr_encode(27, &q);
	assert_int_equal(lr, 27 | (27UL << 32) | (0x80UL << 48) | ICH_LR_HW |
				     ICH_LR_GROUP1 | ICH_LR_PENDING);
	assert_int_equal((lr >> 32) & 0x1fff, 27);
	assert_int_equal(lr & 0xffffffff, 27);

	q.hw = false;
	q.priority = 0xff;
	lr = vgic_lr_encode(1019, &q);
	assert_int_equal((lr >> 48) & 0xff, 0xff);
	assert_int_equal(lr & 0xffffffff, 1019);
	assert_int_equal((lr >> 32) & 0xffff, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_state),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_reset_cpu),
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
		cmocka_unit_test(test_pick_priority_order),
		cmocka_unit_test(test_pick_group_enable),
		cmocka_unit_test(test_sgi_targets),
		cmocka_unit_test(test_set_pending),
		cmocka_unit_test(test_set_line),
		cmocka_unit_test(test_kick_masks),
		cmocka_unit_test(test_lr_encode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
