/*
 * Shared by test_vgic_regs.c and test_vgic_state.c: the GICv3 register
 * offsets (IHI 0069), written out here so a wrong one in vgic_regs.c shows,
 * and a fresh vGIC with helpers to reach its register files and its virqs.
 * Header-only on purpose: each test binary gets its own static fixture, so
 * nothing here is a global symbol in the other unit tests.
 */
#ifndef UNIT_HELPERS_VGIC_FIXTURE_H
#define UNIT_HELPERS_VGIC_FIXTURE_H
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vgic/vgic.h"

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

static struct vgic g;

/* The SPIs a fresh fixture owns (virtual, level): INTIDs 32..63. */
#define FIX_SPI_FIRST 32
#define FIX_SPI_COUNT 32

static inline void fresh(unsigned nr_vcpus)
{
	memset(&g, 0xa5, sizeof(g)); /* vgic_init must not rely on a zeroed struct */
	vgic_init(&g, nr_vcpus);
	for (unsigned i = 0; i < FIX_SPI_COUNT; i++)
		assert_int_equal(vgic_own_spi(&g, FIX_SPI_FIRST + i, 0, true), 0);
}

/* One access to the distributor (dist) or a redistributor frame; asserts
 * it succeeded and that a read kicked nobody. A read returns the value, a
 * write the kick mask. */
static inline uint64_t acc(bool dist, unsigned cpu, uint64_t off, unsigned size,
			   bool write, uint64_t val)
{
	uint32_t kick = 0;
	int r = dist ? vgicd_access(&g, cpu, off, size, write, &val, &kick)
		     : vgicr_access(&g, cpu, off, size, write, &val, &kick);

	assert_int_equal(r, 0);
	if (write)
		return kick;
	assert_int_equal(kick, 0);
	return val;
}

#define dread(cpu, off, size) acc(true, cpu, off, size, false, 0xdeadbeefdeadbeefUL)
#define rread(cpu, off, size) acc(false, cpu, off, size, false, 0xdeadbeefdeadbeefUL)
#define dwrite(cpu, off, size, v) acc(true, cpu, off, size, true, v)
#define rwrite(cpu, off, size, v) acc(false, cpu, off, size, true, v)

/* Writes v, then the register must read want. */
static inline void wr_rd(bool dist, unsigned cpu, uint64_t off, unsigned size, uint64_t v,
			 uint64_t want)
{
	acc(dist, cpu, off, size, true, v);
	assert_int_equal(acc(dist, cpu, off, size, false, 0), want);
}

#define dset(cpu, off, size, v, want) wr_rd(true, cpu, off, size, v, want)
#define rset(cpu, off, size, v, want) wr_rd(false, cpu, off, size, v, want)

static inline struct virq *spi(unsigned intid)
{
	return &g.spi[intid - 32];
}

static inline struct virq *priv(unsigned vcpu, unsigned intid)
{
	return &g.cpu[vcpu].priv[intid];
}

#endif
