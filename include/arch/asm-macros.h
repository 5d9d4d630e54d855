/* Assembler helpers shared by the .S files. */
#ifndef ARCH_ASM_MACROS_H
#define ARCH_ASM_MACROS_H
#ifdef __ASSEMBLER__
/* Address of a symbol within +/-4 GiB, without a literal pool. */
.macro adr_l, dst, sym
	adrp	\dst, \sym
	add	\dst, \dst, :lo12:\sym
.endm

/*
 * The arm64 Linux Image header (Documentation/arch/arm64/booting.rst) that
 * lets QEMU -kernel and U-Boot booti load an image: entry is the branch
 * target, size the symbol holding the image's full size (bss included).
 * flags 0x2: little endian, 4 KiB pages, 2 MiB-aligned base near DRAM start.
 */
/*
 * dc <op> over [x0, x1) by the smallest data cache line (CTR_EL0.DminLine),
 * then DSB SY. Clobbers x0, x2, x3.
 */
.macro dcache_by_line op
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine: log2(words) */
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	\op, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
.endm

.macro arm64_image_header entry, text_offset, size
	b	\entry			/* code0 */
	.long	0			/* code1 */
	.quad	\text_offset		/* text_offset */
	.quad	\size			/* image_size */
	.quad	0x2			/* flags */
	.quad	0, 0, 0			/* res2-res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */
.endm
#endif
#endif
