/*
 * Fuzz target: the virtual GICv3's register files and interrupt state
 * (src/vgic/vgic_regs.c, vgic_state.c) as a guest and its devices drive
 * them: a sequence of distributor and redistributor accesses (any offset in
 * the frame, sizes 1/2/4/8, as trapped MMIO gives them), SGIs, device lines
 * and the exit path's picks. Input: vCPU count and owned SPIs, then one
 * operation per 12 bytes. After every step the state must keep its promises:
 * an SPI the VM does not own stays in reset state (RAZ/WI), routes and kicks
 * name only the VM's vCPUs, and a distributor write
 * changes no SPI outside the span vgicd_write_span() reports (the SPIs the
 * EL2 side carries to the physical GIC).
 */
#include <string.h>

#include "fuzz.h"
#include "vgic/vgic.h"

static struct vgic g, before;

static void check_state(void)
{
	struct virq idle;

	FUZZ_CHECK(g.nr_irqs >= 64 && g.nr_irqs <= VGIC_NR_IRQS && g.nr_irqs % 32 == 0,
		   "nr_irqs %u", g.nr_irqs);
	for (unsigned i = 0; i < VGIC_NR_SPIS; i++) {
		const struct virq *q = &g.spi[i];

		if (q->owned) {
			FUZZ_CHECK(q->target < g.nr_vcpus,
				   "SPI %u routed to vCPU %u of %u", 32 + i, q->target,
				   g.nr_vcpus);
			continue;
		}
		memset(&idle, 0, sizeof(idle));
		idle.level = true;
		FUZZ_CHECK(!memcmp(q, &idle, sizeof(idle)),
			   "SPI %u is not the VM's but changed", 32 + i);
	}
}

/* The SPIs a distributor write changed must lie in its reported span. */
static void check_span(uint64_t off, unsigned size)
{
	unsigned lo, hi;

	vgicd_write_span(off, size, &lo, &hi);
	/* lo >= hi is an empty span */
	FUZZ_CHECK(hi <= VGIC_NR_IRQS, "span %u-%u", lo, hi);
	for (unsigned i = 0; i < VGIC_NR_SPIS; i++) {
		const struct virq *a = &before.spi[i], *b = &g.spi[i];
		bool changed = a->enabled != b->enabled || a->priority != b->priority ||
			       a->level != b->level || a->target != b->target ||
			       a->route != b->route;

		if (b->owned && b->hw && changed)
			FUZZ_CHECK(
				32 + i >= lo && 32 + i < hi,
				"write of %u bytes at %#llx changed linked SPI %u outside "
				"its span %u-%u",
				size, (unsigned long long)off, 32 + i, lo, hi);
	}
}

static void access(bool dist, unsigned vcpu, uint64_t off, unsigned size, bool write,
		   uint64_t val)
{
	uint32_t kick = 0;
	uint32_t all = (1u << g.nr_vcpus) - 1;
	int r;

	if (dist)
		before = g;
	r = dist ? vgicd_access(&g, vcpu, off, size, write, &val, &kick)
		 : vgicr_access(&g, vcpu, off, size, write, &val, &kick);
	if (r)
		return;
	FUZZ_CHECK(!(kick & ~all), "kick %#x beyond %u vCPUs", kick, g.nr_vcpus);
	/* a read's value is cut to its size by the trap handler
	 * (mmio_load_value), so wider values are fine here */
	if (write && dist)
		check_span(off, size);
}

static void pick(unsigned vcpu)
{
	int intid = vgic_pick(&g, vcpu);
	struct virq *q;

	if (intid < 0)
		return;
	q = vgic_irq(&g, vcpu, (unsigned)intid);
	FUZZ_CHECK(q && q->enabled && q->pending && !q->in_lr, "picked INTID %d", intid);
	FUZZ_CHECK(intid < VGIC_NR_PRIV || q->target == vcpu, "picked SPI %d of vCPU %u",
		   intid, q->target);
	/* as if the exit path put it into a list register and the guest took it */
	q->in_lr = true;
	q->lr_vcpu = (uint8_t)vcpu;
	(void)vgic_lr_encode((unsigned)intid, q);
	q->pending = false;
	q->active = true;
	q->in_lr = false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	unsigned nr_vcpus = 1 + fuzz_u8(&in) % NR_CPUS;
	unsigned nr_owned = fuzz_u8(&in) % 8;

	vgic_init(&g, nr_vcpus);
	for (unsigned i = 0; i < nr_owned; i++) {
		unsigned intid = 32 + fuzz_u8(&in);
		unsigned pintid = fuzz_u8(&in) & 1 ? intid : 0;

		(void)vgic_own_spi(&g, intid, pintid, fuzz_u8(&in) & 1);
	}
	check_state();
	while (in.left) {
		uint8_t op = fuzz_u8(&in);
		unsigned vcpu = fuzz_u8(&in) % nr_vcpus;
		unsigned sz = 1u << (op >> 6);
		switch (op & 7) {
		case 0: /* distributor */
		case 1:
			access(true, vcpu, fuzz_u32(&in) % VGIC_GICD_SIZE, sz, op & 8,
			       fuzz_u64(&in));
			break;
		case 2: /* redistributor frame of vCPU vcpu */
		case 3:
			access(false, vcpu, fuzz_u32(&in) % VGIC_GICR_STRIDE, sz, op & 8,
			       fuzz_u64(&in));
			break;
		case 4: { /* an SGI or a PPI, or a device's edge */
			int t = vgic_set_pending(&g, vcpu, fuzz_u32(&in) % VGIC_NR_IRQS);

			FUZZ_CHECK(t < (int)nr_vcpus, "set_pending target %d", t);
			break;
		}
		case 5: { /* a device line */
			int t = vgic_set_line(&g, fuzz_u32(&in) % VGIC_NR_IRQS, op & 8);

			FUZZ_CHECK(t < (int)nr_vcpus, "set_line target %d", t);
			break;
		}
		case 6: {
			uint64_t sgi = fuzz_u64(&in);
			uint32_t m = vgic_sgi_targets(sgi, vcpu, nr_vcpus);

			FUZZ_CHECK(!(m & ~((1u << nr_vcpus) - 1)), "SGI targets %#x", m);
			pick(vcpu);
			break;
		}
		default:
			if (op & 8)
				vgic_reset(&g);
			else
				vgic_reset_cpu(&g, vcpu);
			break;
		}
		check_state();
	}
	return 0;
}
