/*
 * The virtual GICv3's pure logic: virq state, interrupt choice, SGI targets,
 * level and edge lines, and list register encoding. The GICD/GICR register
 * files are in test_vgic_regs.c.
 */
#include "helpers/vgic_fixture.h"

#define SGI1R_IRM (1UL << 40)
#define SGI1R_AFF1(a) ((uint64_t)(a) << 16)
#define SGI1R_AFF2(a) ((uint64_t)(a) << 32)
#define SGI1R_AFF3(a) ((uint64_t)(a) << 48)
#define SGI1R_RS(rs) ((uint64_t)(rs) << 44)
#define SGI1R_INTID(i) ((uint64_t)(i) << 24)

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
		assert_int_equal(vgic_pick(&g, v), -1);
		for (unsigned i = 0; i < 32; i++) {
			const struct virq *q = priv(v, i);

			assert_false(q->priority || q->enabled || q->pending ||
				     q->active);
			assert_false(q->line || q->group1 || q->hw || q->in_lr);
			assert_int_equal(q->level, i >= 16); /* SGIs edge, PPIs level */
		}
	}
	for (unsigned i = 32; i < 64; i++) {
		assert_false(spi(i)->target || spi(i)->route || spi(i)->in_lr);
		assert_false(spi(i)->enabled || spi(i)->pending);
		assert_true(spi(i)->level);
	}
	/* lookup: SGIs/PPIs banked per vCPU, SPIs shared, nothing else */
	assert_ptr_equal(vgic_irq(&g, 1, 5), priv(1, 5));
	assert_ptr_equal(vgic_irq(&g, 2, 40), spi(40));
	assert_null(vgic_irq(&g, 3, 5)); /* no vCPU 3 */
	assert_null(vgic_irq(&g, 0, 64));
	assert_null(vgic_irq(&g, 0, 1023));
	assert_int_equal(vgic_irq_target(&g, 1, 27), 1);
	spi(40)->target = 2;
	assert_int_equal(vgic_irq_target(&g, 0, 40), 2);
}

static void test_reset_cpu(void **state)
{
	(void)state;
	fresh(2);
	for (unsigned v = 0; v < 2; v++) {
		priv(v, 3)->pending = priv(v, 3)->enabled = true;
		priv(v, 20)->level = g.cpu[v].sleep = false;
		priv(v, 27)->priority = 0x80;
		g.cpu[v].lr_used = 0x3;
	}
	spi(40)->enabled = true;
	vgic_reset_cpu(&g, 1);
	assert_false(priv(1, 3)->pending || priv(1, 3)->enabled || priv(1, 27)->priority);
	assert_true(priv(1, 20)->level && g.cpu[1].sleep);
	assert_int_equal(g.cpu[1].lr_used, 0);
	/* the other vCPU and the SPIs are not touched */
	assert_true(priv(0, 3)->pending && priv(0, 3)->enabled && spi(40)->enabled);
	assert_false(priv(0, 20)->level || g.cpu[0].sleep);
	assert_int_equal(priv(0, 27)->priority, 0x80);
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
	static const struct {
		uint64_t sgi1r;
		unsigned self, nr;
		uint32_t want;
	} cases[] = {
		{0xa, 0, 4, 0xa},
		{0x1, 0, 4, 0x1}, /* self is allowed */
		{0xffff, 0, 4, 0xf},
		{0, 0, 4, 0},
		{SGI1R_INTID(15) | 0x2, 0, 4, 0x2},
		/* IRM: everyone but the sender; target list and Aff ignored */
		{SGI1R_IRM, 0, 4, 0xe},
		{SGI1R_IRM, 2, 4, 0xb},
		{SGI1R_IRM | SGI1R_AFF1(1) | 0x1, 1, 2, 0x1},
		{SGI1R_IRM, 0, 1, 0},
		/* our vCPUs are Aff3.Aff2.Aff1 = 0.0.0: another cluster is nobody */
		{SGI1R_AFF1(1) | 0x3, 0, 4, 0},
		{SGI1R_AFF2(1) | 0x3, 0, 4, 0},
		{SGI1R_AFF3(1) | 0x3, 0, 4, 0},
		/* RS: target list bit n means Aff0 = 16 * RS + n */
		{SGI1R_RS(1) | 0x1, 0, 4, 0},
		{SGI1R_RS(1) | 0x5, 0, 20, 0x50000},
		{SGI1R_RS(1) | 0x10, 0, 20, 0}, /* Aff0 20 */
		{SGI1R_RS(2) | 0x1, 0, 32, 0},
		{SGI1R_RS(1) | 0x8000, 0, 32, 0x80000000u},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(
			vgic_sgi_targets(cases[i].sgi1r, cases[i].self, cases[i].nr),
			cases[i].want);
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

/* ---- list register encoding ------------------------------------------ */

static void test_lr_encode(void **state)
{
	struct virq q = {.priority = 0xa0, .group1 = true};

	(void)state;
	/* vINTID [31:0], Priority [55:48], Group [60], State [63:62] = pending */
	assert_int_equal(vgic_lr_encode(33, &q),
			 33 | (0xa0UL << 48) | (1UL << 60) | (1UL << 62));
	q.group1 = false; /* group 0 */
	q.pintid = 27;    /* ignored without HW: bit 41 would be EOI */
	assert_int_equal(vgic_lr_encode(5, &q), 5 | (0xa0UL << 48) | (1UL << 62));
	/* virtual level: EOI [41], a maintenance interrupt at its deactivation */
	q.level = true;
	assert_int_equal(vgic_lr_encode(5, &q),
			 5 | (0xa0UL << 48) | (1UL << 62) | (1UL << 41));
	/* hardware-linked: HW [61], pINTID [44:32], no EOI even for level */
	q.hw = q.group1 = true;
	q.priority = 0x80;
	assert_int_equal(vgic_lr_encode(27, &q),
			 27 | (27UL << 32) | (0x80UL << 48) | (7UL << 60));
	assert_int_equal(ICH_LR_HW | ICH_LR_GROUP1 | ICH_LR_PENDING, 7UL << 60);
	q.hw = q.level = false;
	q.priority = 0xff;
	assert_int_equal(vgic_lr_encode(1019, &q), 1019 | (0xffUL << 48) | (5UL << 60));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_state),
		cmocka_unit_test(test_reset_cpu),
		cmocka_unit_test(test_pick_priority_order),
		cmocka_unit_test(test_pick_group_enable),
		cmocka_unit_test(test_sgi_targets),
		cmocka_unit_test(test_set_pending),
		cmocka_unit_test(test_set_line),
		cmocka_unit_test(test_lr_encode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
