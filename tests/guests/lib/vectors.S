/*
 * EL1 vectors: every entry saves a full frame (struct rt_frame) and calls
 * rt_exception(frame, vector index), which runs the IRQ handler for an IRQ
 * (rt_set_irq_handler), handles an expected fault (and may change ELR), or
 * reports an unexpected exception and powers off.
 */
#include "guest/asm-regs.h"

#define FRAME_SIZE 288	/* x0-x30, elr, spsr, esr, far, pad: 16-byte aligned */

.macro ventry idx
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\idx
	b	rt_exc_common
.endm

	.section .text.vectors, "ax"
	.balign	2048
	.globl rt_vectors
rt_vectors:
	ventry	0
	ventry	1
	ventry	2
	ventry	3
	ventry	4
	ventry	5
	ventry	6
	ventry	7
	ventry	8
	ventry	9
	ventry	10
	ventry	11
	ventry	12
	ventry	13
	ventry	14
	ventry	15

rt_exc_common:
	regs_store_x2_x30 sp
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #248]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [sp, #264]
	mov	x0, sp
	bl	rt_exception
	ldp	x2, x3, [sp, #248]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	regs_load_all sp
	add	sp, sp, #FRAME_SIZE
	eret
