/*
 * EL2 exception vectors (Arm ARM D1.10.2: 16 entries of 0x80 bytes, table 2 KiB
 * aligned). Every entry saves a full frame and calls exception_dispatch(); the
 * frame's ELR/SPSR are written back on return so C can redirect the return.
 */
#include "arch/asm-macros.h"
#include "arch/exception.h"

.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x0, sp, #FRAME_SIZE
	stp	x30, x0, [sp, #16 * 15]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [sp, #FRAME_ELR]
	mrs	x0, esr_el2
	mrs	x1, far_el2
	stp	x0, x1, [sp, #FRAME_ESR]
.endm

.macro vector kind
	.balign	0x80
	save_frame
	mov	x0, sp
	mov	x1, #\kind
	b	exception_common
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.globl	el2_vectors
el2_vectors:
	vector	0	/* current EL, SP_EL0 */
	vector	1
	vector	2
	vector	3
	vector	4	/* current EL, SP_EL2 */
	vector	5
	vector	6
	vector	7
	vector	8	/* lower EL, AArch64 */
	vector	9
	vector	10
	vector	11
	vector	12	/* lower EL, AArch32 */
	vector	13
	vector	14
	vector	15

exception_common:
	bl	exception_dispatch
	.globl	exception_return
exception_return:
	ldp	x0, x1, [sp, #FRAME_ELR]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #16 * 15]
	add	sp, sp, #FRAME_SIZE
	eret
	dsb	nsh		/* no speculation past eret */
	isb
