/*
 * The GICv3 distributor and redistributor register files of one VM (IHI 0069
 * chapter 12), pure logic. Affinity routing is always on (ARE = 1) and there
 * is one security state (DS = 1), so INTIDs 0-31 live in the redistributors
 * and the distributor's copies are RAZ/WI. Unimplemented registers read as
 * zero and ignore writes.
 */
#include "vgic/vgic.h"
#include "arch/gic_regs.h"

#define PIDR2_GICV3 0x3b /* ArchRev 3 in [7:4] */
#define IIDR_VALUE 0x0000043b

enum bit_field { F_GROUP, F_ENABLE, F_PEND, F_ACTIVE };

static bool *field(struct virq *q, enum bit_field f)
{
	switch (f) {
	case F_GROUP:
		return &q->group1;
	case F_ENABLE:
		return &q->enabled;
	case F_PEND:
		return &q->pending;
	default:
		return &q->active;
	}
}

static void note_kick(struct vgic *g, unsigned vcpu, unsigned intid, uint32_t *kick)
{
	*kick |= 1u << vgic_irq_target(g, vcpu, intid);
}

/* One 32-bit register of 1-bit fields for INTIDs first..first+31. A set or
 * clear register (set != clr) changes only the bits written as 1. */
static void bits_access(struct vgic *g, unsigned vcpu, unsigned first, enum bit_field f,
			bool set_reg, bool clr_reg, bool write, uint64_t *val,
			uint32_t *kick)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 32; i++) {
		struct virq *q = vgic_irq(g, vcpu, first + i);
		bool bit = write && ((*val >> i) & 1);

		if (!q)
			continue;
		if (!write) {
			/* pending also when a list register holds it so */
			bool b = *field(q, f) || (f == F_PEND && q->lr_pending);

			v |= (uint32_t)b << i;
			continue;
		}
		if (set_reg && bit)
			*field(q, f) = true;
		else if (clr_reg && bit)
			*field(q, f) = false;
		else if (!set_reg && !clr_reg && *field(q, f) != bit) {
			/* IGROUPR: plain read/write; the new group may be the
			 * enabled one, so the target looks again */
			*field(q, f) = bit;
			note_kick(g, vcpu, first + i, kick);
		}
		if (bit && ((set_reg && (f == F_ENABLE || f == F_PEND)) ||
			    (clr_reg && f == F_ACTIVE)))
			note_kick(g, vcpu, first + i, kick);
		/* a list register holds it: its vCPU makes the list register
		 * follow (vgic_lr.c), or gives it up (SPI re-routed, disabled) */
		if (bit && q->in_lr) {
			if (clr_reg && f == F_PEND) {
				q->lr_req |= VIRQ_LR_UNPEND;
				q->lr_pending = false; /* reads see it at once */
			} else if (clr_reg && f == F_ACTIVE)
				q->lr_req |= VIRQ_LR_DEACT;
			else if (set_reg && f == F_ACTIVE)
				q->lr_req |= VIRQ_LR_ACT;
			*kick |= 1u << q->lr_vcpu;
		}
	}
	if (!write)
		*val = v;
}

static void prio_access(struct vgic *g, unsigned vcpu, unsigned first, unsigned size,
			bool write, uint64_t *val, uint32_t *kick)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++) {
		struct virq *q = vgic_irq(g, vcpu, first + i);

		if (!q)
			continue;
		if (write) {
			q->priority = (uint8_t)(*val >> (8 * i));
			if (q->in_lr) {
				q->lr_req |= VIRQ_LR_PRIO;
				*kick |= 1u << q->lr_vcpu;
			}
		} else
			v |= (uint64_t)q->priority << (8 * i);
	}
	if (!write)
		*val = v;
}

/* ICFGR: two bits per INTID, bit 1 set = edge. SGIs are always edge. */
static void cfg_access(struct vgic *g, unsigned vcpu, unsigned first, bool write,
		       uint64_t *val)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 16; i++) {
		struct virq *q = vgic_irq(g, vcpu, first + i);

		if (!q)
			continue;
		if (write && first + i >= 16)
			q->level = !((*val >> (2 * i + 1)) & 1);
		v |= (uint32_t)(!q->level) << (2 * i + 1);
	}
	if (!write)
		*val = v;
}

/* The SGI/PPI (redistributor SGI_base) and SPI (distributor) register blocks
 * share one layout; first is the INTID of the block's first register. */
static bool irq_block_access(struct vgic *g, unsigned vcpu, uint64_t off, unsigned first,
			     unsigned nr, unsigned size, bool write, uint64_t *val,
			     uint32_t *kick)
{
	unsigned word = (unsigned)(off & 0x7f) / 4;
	unsigned base = first + 32 * word;

	if (off >= GICD_IPRIORITYR(0) && off < GICD_IPRIORITYR(0) + nr) {
		if (size == 1 || size == 4)
			prio_access(g, vcpu, (unsigned)(off - GICD_IPRIORITYR(0)), size,
				    write, val, kick);
		return true;
	}
	if (off >= GICD_ICFGR(0) && off < GICD_ICFGR(0) + nr / 4) {
		if (size == 4)
			cfg_access(g, vcpu, (unsigned)(off - GICD_ICFGR(0)) * 4, write,
				   val);
		return true;
	}
	if (size != 4 || off < GICD_IGROUPR(0) || off >= GICD_IPRIORITYR(0) ||
	    base >= first + nr)
		return false;
	switch (off & ~0x7fUL) {
	case GICD_IGROUPR(0):
		bits_access(g, vcpu, base, F_GROUP, false, false, write, val, kick);
		break;
	case GICD_ISENABLER(0):
	case GICD_ICENABLER(0):
		bits_access(g, vcpu, base, F_ENABLE, !(off & 0x80), off & 0x80, write,
			    val, kick);
		break;
	case GICD_ISPENDR(0):
	case GICD_ICPENDR(0):
		bits_access(g, vcpu, base, F_PEND, !(off & 0x80), off & 0x80, write, val,
			    kick);
		break;
	case GICD_ISACTIVER(0):
	case GICD_ICACTIVER(0):
		bits_access(g, vcpu, base, F_ACTIVE, !(off & 0x80), off & 0x80, write,
			    val, kick);
		break;
	default:
		return false;
	}
	return true;
}

/* GICD_IROUTER<n>: Aff3 [39:32], Aff2.Aff1.Aff0 [23:0]. GICD_TYPER.No1N is 1,
 * so Interrupt_Routing_Mode (bit 31) behaves as 0 for all purposes, one of the
 * two behaviours IHI 0069 permits: RAZ/WI, and the SPI follows Aff0. */
#define IROUTER_AFF 0xff00ffffffUL

/* A 64-bit access, or a 32-bit one to either half (half = 0 low, 1 high). */
static void route_access(struct vgic *g, unsigned intid, unsigned size, unsigned half,
			 bool write, uint64_t *val, uint32_t *kick)
{
	struct virq *q = &g->spi[intid - VGIC_NR_PRIV];
	uint64_t r = q->route;

	if (!write) {
		*val = size == 8 ? r : (uint32_t)(r >> (32 * half));
		return;
	}
	if (size == 8)
		r = *val;
	else if (half)
		r = (uint32_t)r | (uint64_t)(uint32_t)*val << 32;
	else
		r = (r & ~0xffffffffUL) | (uint32_t)*val;
	q->route = r & IROUTER_AFF;
	/* Only Aff0 names our vCPUs. A PE that does not exist: the CONSTRAINED
	 * UNPREDICTABLE choice "an UNKNOWN implemented PE (vCPU 0), direct reads
	 * return the written value". */
	if (!(q->route & ~0xffUL) && (q->route & 0xff) < g->nr_vcpus)
		q->target = (uint8_t)(q->route & 0xff);
	else
		q->target = 0;
	/* A pending SPI moved to another vCPU: that one must look at it now. */
	if (q->pending && q->enabled)
		*kick |= 1u << q->target;
	if (q->in_lr)
		*kick |= 1u << q->lr_vcpu; /* it moves once its old vCPU lets go */
}

int vgicd_access(struct vgic *g, unsigned vcpu, uint64_t off, unsigned size, bool write,
		 uint64_t *val, uint32_t *kick)
{
	if (!write)
		*val = 0;
	if (off == GICD_CTLR && size == 4) {
		if (write) {
			g->ctlr = (uint32_t)*val & 3;
			*kick |= (g->nr_vcpus >= 32) ? ~0u : (1u << g->nr_vcpus) - 1;
		} else {
			*val = g->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
		}
	} else if (off == GICD_TYPER && size == 4 && !write) {
		/* ITLinesNumber, IDbits = 9 (10-bit INTIDs), No1N */
		*val = (g->nr_irqs / 32 - 1) | (9u << 19) | (1u << 25);
	} else if (off == GICD_IIDR && size == 4 && !write) {
		*val = IIDR_VALUE;
	} else if (off == GICD_PIDR2 && size == 4 && !write) {
		*val = PIDR2_GICV3;
	} else if (off >= GICD_IROUTER(0) + 8 * VGIC_NR_PRIV &&
		   off < GICD_IROUTER(0) + 8 * VGIC_NR_IRQS &&
		   ((size == 8 && (off & 7) == 0) || (size == 4 && (off & 3) == 0))) {
		unsigned intid = (unsigned)(off - GICD_IROUTER(0)) / 8;

		if (vgic_irq(g, vcpu, intid)) /* not owned: RAZ/WI */
			route_access(g, intid, size, (unsigned)(off >> 2) & 1, write, val,
				     kick);
	} else if (off < 0x1000) {
		/* INTIDs 0-31 of each block are the redistributors' (ARE = 1) */
		uint64_t rel = off;
		bool priv =
			(off >= GICD_IGROUPR(0) && off < GICD_IPRIORITYR(0) &&
			 (off & 0x7f) < 4) ||
			(off >= GICD_IPRIORITYR(0) && off < GICD_IPRIORITYR(0) + 32) ||
			(off >= GICD_ICFGR(0) && off < GICD_ICFGR(0) + 8);

		if (!priv)
			irq_block_access(g, vcpu, rel, 0, VGIC_NR_IRQS, size, write, val,
					 kick);
	}
	return 0;
}

int vgicr_access(struct vgic *g, unsigned vcpu, uint64_t off, unsigned size, bool write,
		 uint64_t *val, uint32_t *kick)
{
	struct vgic_cpu *c = &g->cpu[vcpu];

	if (!write)
		*val = 0;
	if (off >= GICR_SGI_BASE) {
		irq_block_access(g, vcpu, off - GICR_SGI_BASE, 0, VGIC_NR_PRIV, size,
				 write, val, kick);
		return 0;
	}
	switch (off) {
	case GICR_IIDR:
		if (!write)
			*val = IIDR_VALUE;
		break;
	case GICR_TYPER:
	case GICR_TYPER + 4:
		if (!write) {
			/* Affinity [63:32] = Aff0 = vCPU, Processor_Number [23:8],
			 * Last [4] on the final frame */
			uint64_t t = ((uint64_t)vcpu << 32) | ((uint64_t)vcpu << 8) |
				     (vcpu + 1 == g->nr_vcpus ? 1u << 4 : 0);

			*val = (off == GICR_TYPER) ? (size == 8 ? t : (uint32_t)t)
						   : t >> 32;
		}
		break;
	case GICR_WAKER:
		if (write)
			c->sleep = *val & GICR_WAKER_SLEEP;
		else
			*val = c->sleep ? (GICR_WAKER_SLEEP | GICR_WAKER_ASLEEP) : 0;
		break;
	case GICR_PIDR2:
		if (!write)
			*val = PIDR2_GICV3;
		break;
	default: /* GICR_CTLR (no LPIs, RWP 0), STATUSR, PROPBASER...: RAZ/WI */
		break;
	}
	return 0;
}

void vgicd_write_span(uint64_t off, unsigned size, unsigned *lo, unsigned *hi)
{
	*lo = *hi = 0;
	if (off >= GICD_IGROUPR(0) && off < GICD_IPRIORITYR(0)) {
		*lo = 32 * (unsigned)((off & 0x7f) / 4);
		*hi = *lo + 32;
	} else if (off >= GICD_IPRIORITYR(0) && off < GICD_IPRIORITYR(VGIC_NR_IRQS)) {
		*lo = (unsigned)(off - GICD_IPRIORITYR(0));
		*hi = *lo + size;
	} else if (off >= GICD_ICFGR(0) && off < GICD_ICFGR(VGIC_NR_IRQS / 16)) {
		*lo = (unsigned)(off - GICD_ICFGR(0)) * 4;
		*hi = *lo + 16;
	} else if (off >= GICD_IROUTER(0) && off < GICD_IROUTER(VGIC_NR_IRQS)) {
		*lo = (unsigned)(off - GICD_IROUTER(0)) / 8;
		*hi = *lo + 1;
	} else if (off == GICD_CTLR) {
		*lo = VGIC_NR_PRIV;
		*hi = VGIC_NR_IRQS;
	}
	if (*lo < VGIC_NR_PRIV)
		*lo = VGIC_NR_PRIV;
	if (*hi > VGIC_NR_IRQS)
		*hi = VGIC_NR_IRQS;
}
