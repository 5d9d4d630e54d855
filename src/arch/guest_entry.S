/*
 * Entering a guest and dropping back to idle. Each physical CPU runs one vCPU
 * and nothing else, so the guest's general registers live in the exception
 * frame at the top of this CPU's stack: every trap saves them there and every
 * return restores them from there (src/arch/vectors.S).
 */
#include "arch/asm-macros.h"
#include "arch/exception.h"
#include "core/config.h"

/* x0 = this CPU's stack top (from TPIDR_EL2, the logical CPU index). */
.macro stack_top reg, tmp
	mrs	\reg, tpidr_el2
	add	\reg, \reg, #1
	mov	\tmp, #STACK_SIZE
	mul	\reg, \reg, \tmp
	adr_l	\tmp, cpu_stacks
	add	\reg, \reg, \tmp
.endm

/* vcpu_launch(const struct exc_frame *init): enter the guest with this frame. */
	.text
	.globl	vcpu_launch
vcpu_launch:
	stack_top x1, x2
	sub	sp, x1, #FRAME_SIZE
	mov	x2, sp
	mov	x3, #(FRAME_SIZE / 16)
1:	ldp	x4, x5, [x0], #16
	stp	x4, x5, [x2], #16
	subs	x3, x3, #1
	b.ne	1b
	b	exception_return

/* pcpu_idle(): forget this CPU's call stack and wait in pcpu_loop(). */
	.globl	pcpu_idle
pcpu_idle:
	msr	daifset, #0xf
	stack_top x1, x2
	mov	sp, x1
	bl	pcpu_loop
	b	park
