/* Between the vGIC's list-register code (vgic_lr.c) and its MMIO (vgic_mmio.c). */
#ifndef VGIC_INTERNAL_H
#define VGIC_INTERNAL_H
#include <stdint.h>

#include "vgic/vgic.h"

struct vm;

/* The vCPUs in mask look at their interrupts again (vgic_dirty, a kick). */
void vgic_kick_mask(struct vm *vm, uint32_t mask);
/* The calling vCPU's list register states into its virqs, once the register
 * writes still to apply to them are applied, so register reads see what the
 * hardware holds (vgic lock held). */
void vgic_lr_snapshot(struct vgic *g, unsigned vcpu);

#endif
