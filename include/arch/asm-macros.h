/* Assembler helpers shared by the .S files. */
#ifndef ARCH_ASM_MACROS_H
#define ARCH_ASM_MACROS_H
#ifdef __ASSEMBLER__
/* Address of a symbol within +/-4 GiB, without a literal pool. */
.macro adr_l, dst, sym
	adrp	\dst, \sym
	add	\dst, \dst, :lo12:\sym
.endm
#endif
#endif
