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

/* Two tables, the same but for the lower-EL entries: el2_vectors_ras, for
 * CPUs with FEAT_RAS (serror_hw_cpu_init() picks it), starts each with an
 * ESB, which defers an SError the guest raised before the exit into
 * DISR_EL1 (PSTATE.A is masked here), and the guest's sync and IRQ exits
 * look there before anything else: 3 instructions. Without FEAT_RAS an
 * SError pending at EL2 is taken as soon as the guest runs again, at the
 * lower-EL SError entry: this CPU's one vCPU's. (arch/serror_hw.h)
 * .org (not .balign): an entry longer than 0x80 bytes fails the build. */
.macro vector table, ras, kind
	.org	\table + \kind * 0x80
	.if \ras && \kind >= 8
	hint	#16		/* ESB */
	.endif
	save_frame
	mov	x0, sp
	mov	x1, #\kind
	b	exception_common
.endm

/* A deferred SError (DISR_EL1.A) first: x1 is free once saved. */
.macro disr_check ras, target
	.if \ras
	mrs	x1, S3_0_C12_C1_1	/* DISR_EL1 */
	tbnz	x1, #DISR_EL1_A_BIT, \target
	.endif
.endm

.macro vector_table table, ras
	.balign	0x800
	.globl	\table
\table:
	vector	\table, \ras, 0	/* current EL, SP_EL0 */
	vector	\table, \ras, 1
	vector	\table, \ras, 2
	vector	\table, \ras, 3
	vector	\table, \ras, 4	/* current EL, SP_EL2 */
	vector	\table, \ras, 5
	vector	\table, \ras, 6
	vector	\table, \ras, 7
	/* lower EL, AArch64: the guest's exits */
	.org	\table + 8 * 0x80
	.if \ras
	hint	#16		/* ESB */
	.endif
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	mrs	x0, esr_el2
	mrs	x1, far_el2
	stp	x0, x1, [sp, #FRAME_ESR]
	save_volatile
	disr_check \ras, guest_sync_serror
	lsr	w1, w0, #26		/* ESR_EL2.EC */
	cmp	w1, #EC_HVC64
	ccmp	w1, #EC_SMC64, #4, ne	/* Z set: an HVC or an SMC */
	b.eq	guest_call
	b	guest_sync_other

	.org	\table + 9 * 0x80
	.if \ras
	hint	#16		/* ESB */
	.endif
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	save_volatile
	disr_check \ras, guest_irq_serror
	mov	x0, sp
	bl	trap_guest_irq
	b	guest_return_volatile

	vector	\table, \ras, 10
	vector	\table, \ras, 11
	vector	\table, \ras, 12	/* lower EL, AArch32 */
	vector	\table, \ras, 13
	vector	\table, \ras, 14
	vector	\table, \ras, 15
	.org	\table + 0x800
.endm

	.section .text.vectors, "ax"
	vector_table el2_vectors, 0
	vector_table el2_vectors_ras, 1

/* x0 = ESR_EL2. A data abort whose register is in x19-x29 (SRT, RES0 when
 * ISV=0) needs the full frame; any other goes on with this one. */
guest_sync_other:
	cmp	w1, #EC_DABT_LOW
	b.ne	guest_sync_full
	ubfx	w1, w0, #16, #5
	sub	w1, w1, #19
	cmp	w1, #29 - 19
	b.ls	guest_sync_full
	mov	x0, sp
	bl	trap_guest_dabt
	b	guest_return_volatile

/* An SError deferred by the entry's ESB: dealt with on a full frame, then
 * the exit itself (trap_guest_exit_serror). */
guest_sync_serror:
	mov	x1, #EXC_SYNC
	b	1f
guest_irq_serror:
	mov	x1, #EXC_IRQ
1:	save_callee			/* x1 kept */
	mov	x0, sp
	bl	trap_guest_exit_serror
	b	exception_return

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
