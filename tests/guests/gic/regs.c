/*
 * Register checks: identification, redistributor frames, priorities and
 * configuration, and ownership: INTIDs beyond the guest's range and
 * unimplemented offsets read as zero, ignore writes, and never fault.
 */
#include "gic.h"
#include "guest/check.h"
#include "guest/fault.h"
#include "guest/rt.h"
#include "lib/fmt.h"

struct reg_probe {
	const char *name;
	uint64_t addr;
	unsigned size; /* 1, 4 or 8 */
	uint64_t val;
};

/* Writes p->val, then reads: both must not fault and the read give 0. */
static bool raz_wi(const struct reg_probe *p, char *why, size_t len)
{
	uint64_t got = 0;
	uint32_t v32 = 0;
	uint8_t v8 = 0;
	bool w, r;

	switch (p->size) {
	case 1:
		w = probe_w8(p->addr, (uint8_t)p->val);
		r = probe_r8(p->addr, &v8);
		got = v8;
		break;
	case 4:
		w = probe_w32(p->addr, (uint32_t)p->val);
		r = probe_r32(p->addr, &v32);
		got = v32;
		break;
	default:
		w = probe_w64(p->addr, p->val);
		r = probe_r64(p->addr, &got);
		break;
	}
	if (w && r && got == 0)
		return true;
	fmt_snprintf(why, len, "%s at 0x%lx: write %s, read %s, value 0x%lx", p->name,
		     p->addr, w ? "ok" : "faulted", r ? "ok" : "faulted", got);
	return false;
}

/* All of them; why tells the first that failed. */
static bool all_raz_wi(const struct reg_probe *p, unsigned n, char *why, size_t len)
{
	char later[200] = "";
	bool ok = true;

	for (unsigned i = 0; i < n; i++)
		if (!raz_wi(&p[i], ok ? why : later, ok ? len : sizeof(later)))
			ok = false;
	return ok;
}

static void ownership(void)
{
	uint32_t typer = gicd_r32(GICD_TYPER);
	unsigned nr = 32 * ((typer & 0x1f) + 1), last = nr - 1;
	uint32_t bit = 1u << (last % 32), on, off;
	char why[200] = "", what[160];

	check(nr == 64, "GICD_TYPER.ITLinesNumber is 1: the guest has INTIDs 0-63",
	      "ITLinesNumber %u (%u INTIDs), GICD_TYPER 0x%x", typer & 0x1f, nr, typer);
	/* the last INTID TYPER counts is there, the next ones are not */
	gicd_w32(GICD_ISENABLER(last / 32), bit);
	on = gicd_r32(GICD_ISENABLER(last / 32)) & bit;
	gicd_w32(GICD_ICENABLER(last / 32), bit);
	off = gicd_r32(GICD_ISENABLER(last / 32)) & bit;
	{
		struct reg_probe next = {"GICD_ISENABLER",
					 GICD_BASE + GICD_ISENABLER(nr / 32), 4, ~0u};

		fmt_snprintf(what, sizeof(what),
			     "INTID %u (the last one GICD_TYPER counts) can be enabled, "
			     "INTIDs %u-%u cannot",
			     last, nr, nr + 31);
		check(on && !off && raz_wi(&next, why, sizeof(why)), what,
		      "INTID %u enable %s/%s; %s", last, on ? "set" : "not set",
		      off ? "not cleared" : "cleared", why);
	}

	static const unsigned ids[] = {100, 500};
	for (unsigned k = 0; k < 2; k++) {
		unsigned id = ids[k], w = id / 32;
		uint32_t b = 1u << (id % 32);
		struct reg_probe p[] = {
			{"GICD_ISENABLER", GICD_BASE + GICD_ISENABLER(w), 4, b},
			{"GICD_ISPENDR", GICD_BASE + GICD_ISPENDR(w), 4, b},
			{"GICD_ISACTIVER", GICD_BASE + GICD_ISACTIVER(w), 4, b},
			{"GICD_IGROUPR", GICD_BASE + GICD_IGROUPR(w), 4, b},
			{"GICD_IPRIORITYR (byte)", GICD_BASE + GICD_IPRIORITYR(id), 1,
			 0x80},
			{"GICD_IPRIORITYR", GICD_BASE + GICD_IPRIORITYR(id & ~3u), 4,
			 ~0u},
			{"GICD_ICFGR", GICD_BASE + GICD_ICFGR(id / 16), 4, ~0u},
			{"GICD_IROUTER", GICD_BASE + GICD_IROUTER(id), 8, 1},
		};

		why[0] = 0;
		fmt_snprintf(
			what, sizeof(what),
			"INTID %u (not the guest's): enable, pending, active, group, "
			"priority, config, route read 0 after a write, no fault",
			id);
		check(all_raz_wi(p, sizeof(p) / sizeof(p[0]), why, sizeof(why)), what,
		      "%s", why);
	}
}

/* With ARE = 1 the distributor's registers for INTIDs 0-31 are RAZ/WI: the
 * redistributor's state is what counts, and stays. */
static void dist_private_copies(void)
{
	uint32_t en = gicr_r32(0, GICR_ISENABLER0),
		 prio = gicr_r32(0, GICR_IPRIORITYR(0));
	struct reg_probe p[] = {
		{"GICD_ICENABLER0", GICD_BASE + GICD_ICENABLER(0), 4, ~0u},
		{"GICD_ISENABLER0", GICD_BASE + GICD_ISENABLER(0), 4, ~0u},
		{"GICD_ISPENDR0", GICD_BASE + GICD_ISPENDR(0), 4, 1u << 13},
		{"GICD_IPRIORITYR0", GICD_BASE + GICD_IPRIORITYR(0), 4, 0},
		{"GICD_ICFGR1", GICD_BASE + GICD_ICFGR(1), 4, ~0u},
	};
	char why[200] = "";
	bool ok = all_raz_wi(p, sizeof(p) / sizeof(p[0]), why, sizeof(why));
	uint32_t en2 = gicr_r32(0, GICR_ISENABLER0),
		 prio2 = gicr_r32(0, GICR_IPRIORITYR(0));

	check(ok && en == 0xffff && en2 == en && prio2 == prio,
	      "the distributor's copies of INTIDs 0-31 are RAZ/WI (ARE = 1); the "
	      "redistributor's enables and priorities stand",
	      "%s; GICR_ISENABLER0 0x%x then 0x%x, GICR_IPRIORITYR0 0x%x then 0x%x", why,
	      en, en2, prio, prio2);
	/* SGI 13 must not have been pended through the distributor */
	log_expect2(0, 0, 0, 0, 0,
		    "nothing taken after the writes to the distributor's "
		    "INTID 0-31 registers");
}

static void frames(void)
{
	char why[200] = "";
	bool ok = true;

	for (unsigned f = 0; f < GIC_NR_VCPUS; f++) {
		uint64_t rd = GICR_BASE + f * GICR_STRIDE, t = mmio_r64(rd + GICR_TYPER);
		uint64_t want = ((uint64_t)f << 32) | ((uint64_t)f << 8) |
				(f + 1 == GIC_NR_VCPUS ? GICR_TYPER_LAST : 0);
		uint32_t lo = mmio_r32(rd + GICR_TYPER),
			 hi = mmio_r32(rd + GICR_TYPER + 4);
		uint32_t waker = mmio_r32(rd + GICR_WAKER);

		if (ok && (t != want || lo != (uint32_t)want ||
			   hi != (uint32_t)(want >> 32) || waker != 0)) {
			fmt_snprintf(
				why, sizeof(why),
				"frame %u: GICR_TYPER 0x%lx (halves 0x%x 0x%x), want "
				"0x%lx; GICR_WAKER 0x%x",
				f, t, hi, lo, want, waker);
			ok = false;
		}
	}
	check(ok,
	      "GICR_TYPER: frame n has affinity n and processor number n, Last on frame 1 "
	      "only, 64- and 32-bit reads agree; GICR_WAKER 0 on both (awake)",
	      "%s", why);
	check(fault_expect_abort(GICR_BASE + GIC_NR_VCPUS * GICR_STRIDE + GICR_TYPER,
				 false, 0, why, sizeof(why)),
	      "a redistributor frame for a vCPU 2 the guest does not have: data abort",
	      "%s", why);
}

static void priorities_and_config(void)
{
	uint64_t b = GICD_BASE + GICD_IPRIORITYR(44), r1 = GICR_BASE + GICR_STRIDE;
	uint32_t word, icfgr0, icfgr, w27;
	uint8_t bytes[4];
	uint64_t route, route_lo, route_hi;

	for (unsigned i = 0; i < 4; i++)
		mmio_w8(b + i, (uint8_t)(0x80 - 0x20 * i));
	word = mmio_r32(b);
	mmio_w32(b, 0x10305070);
	for (unsigned i = 0; i < 4; i++)
		bytes[i] = mmio_r8(b + i);
	check(word == 0x20406080 && bytes[0] == 0x70 && bytes[1] == 0x50 &&
		      bytes[2] == 0x30 && bytes[3] == 0x10,
	      "GICD_IPRIORITYR: byte writes show in the word read, a word write in the "
	      "byte reads (INTIDs 44-47)",
	      "word 0x%x after bytes 80 60 40 20; bytes %x %x %x %x after 0x10305070",
	      word, bytes[0], bytes[1], bytes[2], bytes[3]);
	mmio_w32(b, 0x01010101u * GIC_DEFAULT_PRIO);

	/* vCPU 1's PPI 27 priority, written by vCPU 0 through frame 1 */
	mmio_w8(r1 + GICR_IPRIORITYR(27), 0x40);
	w27 = mmio_r32(r1 + GICR_IPRIORITYR(24));
	check(w27 == (0x40u << 24 | 0x010101u * GIC_DEFAULT_PRIO) &&
		      mmio_r8(GICR_BASE + GICR_IPRIORITYR(27)) == GIC_DEFAULT_PRIO,
	      "GICR_IPRIORITYR of frame 1 changes vCPU 1's PPI 27, not vCPU 0's",
	      "frame 1 word 0x%x, frame 0 byte 0x%x", w27,
	      mmio_r8(GICR_BASE + GICR_IPRIORITYR(27)));
	mmio_w8(r1 + GICR_IPRIORITYR(27), GIC_DEFAULT_PRIO);

	gicr_w32(0, GICR_ICFGR0, 0);
	icfgr0 = gicr_r32(0, GICR_ICFGR0);
	gicd_w32(GICD_ICFGR(2), 2u << (2 * (40 - 32)));
	icfgr = gicd_r32(GICD_ICFGR(2));
	gicd_w32(GICD_ICFGR(2), 0);
	check(icfgr0 == 0xaaaaaaaa && icfgr == 2u << 16,
	      "GICR_ICFGR0: SGIs are edge and stay so; GICD_ICFGR2 makes SPI 40 edge",
	      "GICR_ICFGR0 0x%x after writing 0, GICD_ICFGR2 0x%x", icfgr0, icfgr);

	mmio_w64(GICD_BASE + GICD_IROUTER(43), 0xffffffffffffffffUL);
	route = mmio_r64(GICD_BASE + GICD_IROUTER(43));
	mmio_w64(GICD_BASE + GICD_IROUTER(43), 0);
	mmio_w32(GICD_BASE + GICD_IROUTER(43), 1);
	route_lo = mmio_r32(GICD_BASE + GICD_IROUTER(43));
	route_hi = mmio_r32(GICD_BASE + GICD_IROUTER(43) + 4);
	check((route & ~(1UL << 31)) == 0xff00ffffffUL && route_lo == 1 &&
		      route_hi == 0 && mmio_r64(GICD_BASE + GICD_IROUTER(43)) == 1,
	      "GICD_IROUTER43: reserved bits read 0; 32-bit halves read and write",
	      "all-ones reads 0x%lx; after a 32-bit write of 1: 0x%lx 0x%lx", route,
	      route_hi, route_lo);
	mmio_w64(GICD_BASE + GICD_IROUTER(43), 0);
}

static void unimplemented(void)
{
	static const uint32_t dist[] = {0x0010, 0x0020, 0x0d00, 0x0e00, 0x0f10,
					0x0f20, 0x1000, 0x2000, 0x8000, 0xa000};
	static const uint32_t redist[] = {0x00010, 0x00070, 0x00078, 0x08000, 0x10004,
					  0x10084, 0x10d00, 0x10e00, 0x18000};
	struct reg_probe p[2 * sizeof(redist) / sizeof(redist[0])];
	unsigned n = 0;
	char why[200] = "";

	for (unsigned i = 0; i < sizeof(dist) / sizeof(dist[0]); i++)
		p[n++] = (struct reg_probe){"GICD", GICD_BASE + dist[i], 4, ~0u};
	check(all_raz_wi(p, n, why, sizeof(why)),
	      "unimplemented GICD offsets read 0 and ignore writes, no fault", "%s", why);
	n = 0;
	for (unsigned f = 0; f < GIC_NR_VCPUS; f++)
		for (unsigned i = 0; i < sizeof(redist) / sizeof(redist[0]); i++)
			p[n++] = (struct reg_probe){
				"GICR", GICR_BASE + f * GICR_STRIDE + redist[i], 4, ~0u};
	check(all_raz_wi(p, n, why, sizeof(why)),
	      "unimplemented GICR offsets (both frames) read 0 and ignore writes, no fault",
	      "%s", why);
}

void regs_checks(void)
{
	uint32_t pidr2 = gicr_r32(1, GICR_PIDR2);

	check(((pidr2 >> 4) & 0xf) == 3, "GICR_PIDR2.ArchRev is 3 (GICv3)",
	      "GICR_PIDR2 0x%x", pidr2);
	frames();
	ownership();
	dist_private_copies();
	priorities_and_config();
	unimplemented();
}
