/*
 * EL2 exception vectors (Arm ARM D1.10.2: 16 entries of 0x80 bytes, table 2 KiB
 * aligned). Tessera's own exceptions save a full frame and go through
 * exception_dispatch(). A guest's exits go straight to their handler, and
 * those that never name a general register beyond x17 (hypercalls and SMCs:
 * SMCCC passes x0-x17; interrupts: none) save only the registers a C call
 * may clobber (AAPCS64: x0-x18, x30) - x19-x29 stay live in the CPU while
 * the handler runs, because every C function preserves them. The frame's
 * ELR/SPSR are written back on return so C can redirect the return.
 */
#include "arch/asm-macros.h"
#include "arch/esr.h"
#include "arch/exception.h"

/* The registers a C call may clobber, and the return state; x0 and x1 are
 * saved already. */
.macro save_volatile
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	str	x18, [sp, #16 * 9]
	str	x30, [sp, #16 * 15]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [sp, #FRAME_ELR]
.endm

/* x19-x29 and the SP before the exception: with save_volatile, a full frame. */
.macro save_callee
	stp	x19, x20, [sp, #8 * 19]
	stp	x21, x22, [sp, #8 * 21]
	stp	x23, x24, [sp, #8 * 23]
	stp	x25, x26, [sp, #8 * 25]
	stp	x27, x28, [sp, #8 * 27]
	str	x29, [sp, #8 * 29]
	add	x0, sp, #FRAME_SIZE
	str	x0, [sp, #FRAME_SP]
.endm

.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	save_volatile
	save_callee
	mrs	x0, esr_el2
	mrs	x1, far_el2
	stp	x0, x1, [sp, #FRAME_ESR]
.endm

/* .org (not .balign): an entry longer than 0x80 bytes fails the build. */
.macro vector kind
	.org	el2_vectors + \kind * 0x80
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
	/* lower EL, AArch64: the guest's exits */
	.org	el2_vectors + 8 * 0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	mrs	x0, esr_el2
	mrs	x1, far_el2
	stp	x0, x1, [sp, #FRAME_ESR]
	save_volatile
	lsr	w1, w0, #26		/* ESR_EL2.EC */
	cmp	w1, #EC_HVC64
	ccmp	w1, #EC_SMC64, #4, ne	/* Z set: an HVC or an SMC */
	b.eq	guest_call
	cmp	w1, #EC_DABT_LOW
	b.ne	guest_sync_full
	/* a data abort's SRT (RES0 when ISV=0) in x19-x29: the full frame */
	ubfx	w1, w0, #16, #5
	sub	w1, w1, #19
	cmp	w1, #29 - 19
	b.ls	guest_sync_full
	mov	x0, sp
	bl	trap_guest_dabt
	b	guest_return_volatile

	.org	el2_vectors + 9 * 0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	save_volatile
	mov	x0, sp
	bl	trap_guest_irq
	b	guest_return_volatile

	vector	10
	vector	11
	vector	12	/* lower EL, AArch32 */
	vector	13
	vector	14
	vector	15
	.org	el2_vectors + 0x800

guest_call:
	mov	x0, sp
	bl	trap_guest_call
	b	guest_return_volatile

/* Every other synchronous exit may read or write any register (a system
 * register's Rt, an emulated load into x19-x29): x19-x29 and SP join the
 * frame that save_volatile began. */
guest_sync_full:
	save_callee
	mov	x0, sp
	bl	trap_guest_sync
	b	exception_return

exception_common:
	bl	exception_dispatch
/* The return from a full frame: x19-x29, then as below. */
	.globl	exception_return
exception_return:
	ldp	x19, x20, [sp, #8 * 19]
	ldp	x21, x22, [sp, #8 * 21]
	ldp	x23, x24, [sp, #8 * 23]
	ldp	x25, x26, [sp, #8 * 25]
	ldp	x27, x28, [sp, #8 * 27]
	ldr	x29, [sp, #8 * 29]
/* The return from save_volatile's frame: x19-x29 hold the guest's values. */
guest_return_volatile:
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
	ldr	x18, [sp, #16 * 9]
	ldr	x30, [sp, #16 * 15]
	add	sp, sp, #FRAME_SIZE
	eret
	dsb	nsh		/* no speculation past eret */
	isb
