/*
 * Image header and early entry. Tessera starts like an arm64 Linux kernel
 * (Documentation/arch/arm64/booting.rst): at EL2, MMU off, x0 = host DTB.
 */
#include "arch/asm-macros.h"
#include "arch/sysreg.h"
#include "core/config.h"

	.section .text.head, "ax"
	.globl _start
_start:
	arm64_image_header primary_entry, TEXT_OFFSET, __image_size

	.text
primary_entry:
	msr	daifset, #0xf
	mov	x19, x0

	/* The image is linked for one address: say so instead of crashing. */
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.ne	wrong_load_address

	bl	el2_regs_init

	/* Zero bss with the MMU off, then drop any stale cache lines over it. */
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
	bl	dcache_inval_range

	mov	x0, #0
	bl	set_cpu_stack

	mov	x0, x19
	bl	boot_mmu_prepare	/* builds the EL2 tables, fills el2_mmu_regs */
	bl	mmu_enable_from_regs

	mov	x0, x19
	bl	boot_main
	b	park

/* PSCI CPU_ON target: x0 = logical CPU index (the context id we passed). */
	.globl secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	el2_regs_init
	mov	x0, x19
	bl	set_cpu_stack
	bl	mmu_enable_from_regs
	mov	x0, x19
	bl	secondary_main
	b	park

/* x0 = logical CPU index: sp = top of its stack, TPIDR_EL2 = index. */
set_cpu_stack:
	msr	tpidr_el2, x0
	adr_l	x1, cpu_stacks
	add	x0, x0, #1
	mov	x2, #STACK_SIZE
	madd	x1, x0, x2, x1
	mov	sp, x1
	ret

/* Vectors, FP/SIMD access and a known SCTLR/HCR before any C code runs. */
el2_regs_init:
	adr_l	x0, el2_vectors
	msr	vbar_el2, x0
	mov	x0, #CPTR_EL2_RES1
	msr	cptr_el2, x0
	ldr	x0, =SCTLR_EL2_RES1
	msr	sctlr_el2, x0
	ldr	x0, =HCR_EL2_HOST
	msr	hcr_el2, x0
	msr	cntvoff_el2, xzr
	isb
	ret

/* Turn the MMU on with the values boot_mmu_prepare() left in el2_mmu_regs. */
mmu_enable_from_regs:
	adr_l	x3, el2_mmu_regs
	ldp	x0, x1, [x3]		/* mair, tcr */
	ldr	x2, [x3, #16]		/* ttbr */
	msr	mair_el2, x0
	msr	tcr_el2, x1
	msr	ttbr0_el2, x2
	isb
	tlbi	alle2
	dsb	ish
	isb
	ldr	x0, =(SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_SA | SCTLR_EL2_I | SCTLR_EL2_WXN)
	msr	sctlr_el2, x0
	isb
	ret

/* x0 = start, x1 = end: invalidate data cache lines to PoC (MMU off). */
	.globl dcache_inval_range
dcache_inval_range:
	dcache_by_line ivac
	ret

	.globl park
park:
	msr	daifset, #0xf
1:	wfi
	b	1b

/* Loaded at the wrong address: tell the user on the platform's UART, then park. */
wrong_load_address:
	ldr	x1, =PLATFORM_FALLBACK_UART
	adr	x2, wrong_addr_msg
1:	ldrb	w3, [x2], #1
	cbz	w3, park
2:	ldr	w4, [x1, #0x18]		/* UARTFR */
	tbnz	w4, #5, 2b		/* TXFF */
	str	w3, [x1]
	b	1b
wrong_addr_msg:
	.asciz	"\r\ntessera: loaded at the wrong address; this image must be loaded at its link address (Image text_offset from the base of DRAM)\r\n"
	.balign 4

	.bss
	.balign	16
	.globl cpu_stacks
cpu_stacks:
	.skip	STACK_SIZE * NR_CPUS
