/* Assembler macros: x0-x30 to and from 31 consecutive words (guest code). */
#ifndef GUEST_ASM_REGS_H
#define GUEST_ASM_REGS_H
#ifdef __ASSEMBLER__
/* x2-x30 to [base + 16, base + 248) (x0, x1 go first, by the caller). */
.macro regs_store_x2_x30 base
	stp	x2, x3, [\base, #16 * 1]
	stp	x4, x5, [\base, #16 * 2]
	stp	x6, x7, [\base, #16 * 3]
	stp	x8, x9, [\base, #16 * 4]
	stp	x10, x11, [\base, #16 * 5]
	stp	x12, x13, [\base, #16 * 6]
	stp	x14, x15, [\base, #16 * 7]
	stp	x16, x17, [\base, #16 * 8]
	stp	x18, x19, [\base, #16 * 9]
	stp	x20, x21, [\base, #16 * 10]
	stp	x22, x23, [\base, #16 * 11]
	stp	x24, x25, [\base, #16 * 12]
	stp	x26, x27, [\base, #16 * 13]
	stp	x28, x29, [\base, #16 * 14]
	str	x30, [\base, #16 * 15]
.endm

/* x0-x30 from [base, base + 248); base may be x30 (it is loaded last). */
.macro regs_load_all base
	ldp	x0, x1, [\base, #16 * 0]
	ldp	x2, x3, [\base, #16 * 1]
	ldp	x4, x5, [\base, #16 * 2]
	ldp	x6, x7, [\base, #16 * 3]
	ldp	x8, x9, [\base, #16 * 4]
	ldp	x10, x11, [\base, #16 * 5]
	ldp	x12, x13, [\base, #16 * 6]
	ldp	x14, x15, [\base, #16 * 7]
	ldp	x16, x17, [\base, #16 * 8]
	ldp	x18, x19, [\base, #16 * 9]
	ldp	x20, x21, [\base, #16 * 10]
	ldp	x22, x23, [\base, #16 * 11]
	ldp	x24, x25, [\base, #16 * 12]
	ldp	x26, x27, [\base, #16 * 13]
	ldp	x28, x29, [\base, #16 * 14]
	ldr	x30, [\base, #16 * 15]
.endm
#endif
#endif
