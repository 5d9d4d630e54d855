/*
 * The list registers and the ICH_* registers around them, for the vGIC's
 * list-register code (src/vgic/vgic_lr.c, vgic_fast.c); EL2 only.
 */
#ifndef VGIC_VGIC_LR_REGS_H
#define VGIC_VGIC_LR_REGS_H
#include <stdint.h>

#include "arch/sysreg.h"
#include "vgic/vgic.h"

/* List registers this CPU has (ICH_VTR_EL2.ListRegs + 1, at most
 * VGIC_MAX_LRS), read by the first vCPU start (vgic_vcpu_start). */
extern unsigned vgic_nr_lrs;

#define ICH_HCR_EN (1UL << 0)
#define ICH_HCR_UIE (1UL << 1)

#define ICH_HCR_EL2 S3_4_C12_C11_0
#define ICH_VTR_EL2 S3_4_C12_C11_1
#define ICH_EISR_EL2 S3_4_C12_C11_3
#define ICH_ELRSR_EL2 S3_4_C12_C11_5
#define ICH_VMCR_EL2 S3_4_C12_C11_7
#define ICH_AP0R0_EL2 S3_4_C12_C8_0
#define ICH_AP1R0_EL2 S3_4_C12_C9_0

/* ICH_LR<n>_EL2 is S3_4_C12_C12_<n> for n < 8 and S3_4_C12_C13_<n-8> above. */
/* clang-format off */
#define LR_CASES(X)                                                            \
	X(0, C12, 0) X(1, C12, 1) X(2, C12, 2) X(3, C12, 3)                    \
	X(4, C12, 4) X(5, C12, 5) X(6, C12, 6) X(7, C12, 7)                    \
	X(8, C13, 0) X(9, C13, 1) X(10, C13, 2) X(11, C13, 3)                  \
	X(12, C13, 4) X(13, C13, 5) X(14, C13, 6) X(15, C13, 7)
#define LR_READ(i, crm, op2) case i: return sysreg_read(S3_4_C12_##crm##_##op2);
#define LR_WRITE(i, crm, op2) case i: sysreg_write(S3_4_C12_##crm##_##op2, v); break;

static inline uint64_t lr_read(unsigned n)
{
	switch (n) {
	LR_CASES(LR_READ)
	default: return 0;
	}
}

static inline void lr_write(unsigned n, uint64_t v)
{
	if (n == 0) { /* the exit path's usual one: no jump table */
		sysreg_write(S3_4_C12_C12_0, v);
		return;
	}
	switch (n) {
	LR_CASES(LR_WRITE)
	default: break;
	}
}
/* clang-format on */

/*
 * The list registers of c (the running vCPU's) that hold nothing now.
 * ICH_ELRSR_EL2 does not count one loaded with ICH_LR_EOI that the guest
 * has deactivated: its EOI maintenance interrupt is still to come (IHI
 * 0069, ICH_ELRSR_EL2); ICH_EISR_EL2 shows those.
 */
static inline uint32_t vgic_lr_finished(const struct vgic_cpu *c)
{
	uint32_t done = (uint32_t)sysreg_read(ICH_ELRSR_EL2);

	if (c->lr_eoi)
		done |= (uint32_t)sysreg_read(ICH_EISR_EL2);
	return done;
}

/* Finished list register n of c leaves: one loaded with ICH_LR_EOI is
 * cleared, or its maintenance interrupt stays asserted (ICH_EISR_EL2). */
static inline void vgic_lr_drop_eoi(struct vgic_cpu *c, unsigned n)
{
	if (c->lr_eoi & (1u << n)) {
		lr_write(n, 0);
		c->lr_eoi &= ~(1u << n);
	}
}

/* Loads q (intid) into list register n of c, vCPU vcpu, pending; always
 * inline: the exit path loads the virtual timer through it. */
static inline __attribute__((always_inline)) void vgic_lr_load(struct vgic_cpu *c,
							       unsigned vcpu, unsigned n,
							       unsigned intid,
							       struct virq *q)
{
	uint64_t lr = vgic_lr_encode(intid, q);

	lr_write(n, lr);
	c->lr_eoi = (c->lr_eoi & ~(1u << n)) | (uint32_t)((lr & ICH_LR_EOI) != 0) << n;
	q->in_lr = true;
	q->lr_vcpu = (uint8_t)vcpu;
	q->lr_pending = true; /* until its owner sees otherwise */
	q->pending = false;   /* the list register holds it now */
	c->lr_intid[n] = (uint16_t)intid;
	c->lr_used |= 1u << n;
}

#endif
