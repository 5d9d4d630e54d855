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
