/*
 * exitregs_run(uint64_t regs[31], unsigned stub): loads x0-x30 from regs,
 * runs one stub, and stores x0-x30 back into regs: what an exit in the
 * middle did to every general register. Stubs are 128 bytes apart:
 *   0-31   ldr w<n>, [x2] (w31: wzr; x3 holds the address when n is 2)
 *   32-63  str w<n>, [x2] (the same)
 *   64     hvc #0
 *   65     smc #0
 *   66     a branch to itself at exitregs_spin, left by an interrupt handler
 *          that moves ELR_EL1 on by 4
 */
#include "guest/asm-regs.h"

/* one access by register n through the address register */
.macro access insn, n
	.balign	128
	regs_load_all x30
	.if \n == 31
	\insn	wzr, [x2]
	.elseif \n == 2
	\insn	w2, [x3]
	.else
	\insn	w\n, [x2]
	.endif
	b	exitregs_after
.endm

	.text
	.globl	exitregs_run
exitregs_run:
	stp	x29, x30, [sp, #-112]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	str	x0, [sp, #96]
	adr	x9, exitregs_stubs
	add	x9, x9, x1, lsl #7
	mov	x30, x0
	br	x9

	.balign	128
exitregs_stubs:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	access	ldr, \n
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	access	str, \n
	.endr
	.balign	128
	regs_load_all x30
	hvc	#0
	b	exitregs_after
	.balign	128
	regs_load_all x30
	smc	#0
	b	exitregs_after
	.balign	128
	regs_load_all x30
	.globl	exitregs_spin
exitregs_spin:
	b	exitregs_spin
	b	exitregs_after

exitregs_after:
	sub	sp, sp, #256
	stp	x0, x1, [sp, #16 * 0]
	regs_store_x2_x30 sp
	ldr	x0, [sp, #256 + 96]
	mov	x1, #0
1:	ldr	x2, [sp, x1, lsl #3]
	str	x2, [x0, x1, lsl #3]
	add	x1, x1, #1
	cmp	x1, #31
	b.ne	1b
	add	sp, sp, #256
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #112
	ret
