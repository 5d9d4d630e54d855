/*
 * Guest image header and entry. The image carries an arm64 Linux Image header
 * (Documentation/arch/arm64/booting.rst): Tessera, and QEMU -kernel when the
 * guest is booted natively, load it at RAM base + text_offset.
 *
 * text_offset is 0x80000, the legacy Linux value, because QEMU's own loader
 * moves an image asking for less than 4 KiB up by 2 MiB (its boot stub sits at
 * the base of RAM): 0x80000 works on both. The RAM base is a link-time
 * parameter (GUEST_RAM_BASE, see linker/guest.ld).
 */
#include "arch/asm-macros.h"
#include "guest/rt.h"

	.section .text.head, "ax"
	.globl _start
_start:
	arm64_image_header rt_primary_entry, GUEST_TEXT_OFFSET, __image_size

	.text
rt_primary_entry:
	/* Entry state, kept for the boot-protocol checks (struct rt_entry). */
	mrs	x23, daif
	msr	daifset, #0xf
	mov	x19, x0			/* DT address */
	mov	x20, x1
	mov	x21, x2
	mov	x22, x3
	mrs	x24, sctlr_el1
	mrs	x25, CurrentEL

	/* Linked for one address: say so instead of crashing. */
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.ne	rt_wrong_address

	bl	rt_cpu_init

	/* Zero bss (MMU off), then drop any stale cache lines over it. */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	bl	rt_dcache_inval_range

	adrp	x0, rt_entry
	add	x0, x0, :lo12:rt_entry
	stp	x19, x20, [x0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	str	x25, [x0, #48]

	mov	x0, #0
	bl	rt_set_stack
	mov	x0, x19
	bl	rt_main
	b	rt_park

/*
 * PSCI CPU_ON target: x0 = context id, MMU off. Nothing is written to memory
 * before the MMU is on, so no cache maintenance is needed for the stack.
 */
	.globl rt_secondary_entry
rt_secondary_entry:
	mrs	x23, daif
	msr	daifset, #0xf
	mov	x19, x0
	mov	x21, x1
	mrs	x24, sctlr_el1
	mrs	x25, CurrentEL
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff		/* vCPU index = Aff0 (guest ABI) */
	cmp	x0, #RT_MAX_VCPUS
	b.hs	rt_park
	mov	x20, x0
	bl	rt_cpu_init
	mov	x0, x20
	bl	rt_set_stack

	/* Same tables as the boot vCPU, if it turned its MMU on. */
	adrp	x4, rt_mmu_regs
	add	x4, x4, :lo12:rt_mmu_regs
	ldp	x0, x1, [x4]		/* MAIR, TCR */
	ldp	x2, x3, [x4, #16]	/* TTBR0, SCTLR */
	cbz	x3, 3f
	msr	mair_el1, x0
	msr	tcr_el1, x1
	msr	ttbr0_el1, x2
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	msr	sctlr_el1, x3
	isb
	/* Only now is memory written: rt_entry[cpu] (64 bytes each). */
3:	adrp	x0, rt_entry
	add	x0, x0, :lo12:rt_entry
	add	x0, x0, x20, lsl #6
	stp	x19, x21, [x0]
	stp	xzr, xzr, [x0, #16]	/* x2, x3: not captured for secondaries */
	stp	x23, x24, [x0, #32]
	str	x25, [x0, #48]
	mov	x0, x20
	mov	x1, x19
	bl	rt_secondary_main
	b	rt_park

/* Known EL1 state: vectors, FP/SIMD usable, MMU and caches off. */
rt_cpu_init:
	adrp	x0, rt_vectors
	add	x0, x0, :lo12:rt_vectors
	msr	vbar_el1, x0
	mov	x0, #RT_CPACR_FPEN
	msr	cpacr_el1, x0
	ldr	x0, =RT_SCTLR_EL1_OFF
	msr	sctlr_el1, x0
	isb
	ret

/* x0 = vCPU index: sp = top of its stack, TPIDR_EL1 = index. */
rt_set_stack:
	msr	tpidr_el1, x0
	adrp	x1, rt_stacks
	add	x1, x1, :lo12:rt_stacks
	add	x0, x0, #1
	mov	x2, #RT_STACK_SIZE
	madd	x1, x0, x2, x1
	mov	sp, x1
	ret

/* x0 = start, x1 = end: invalidate data cache lines to PoC. */
	.globl rt_dcache_inval_range
rt_dcache_inval_range:
	dcache_by_line ivac
	ret

	.globl rt_park
rt_park:
	msr	daifset, #0xf
1:	wfi
	b	1b

/* Loaded at the wrong address: tell the console, then power off. */
rt_wrong_address:
	mov	x1, #RT_UART_BASE
	adr	x2, rt_wrong_msg
1:	ldrb	w3, [x2], #1
	cbz	w3, 2f
	str	w3, [x1]
	b	1b
2:	ldr	x0, =0x84000008		/* PSCI SYSTEM_OFF */
	hvc	#0
	b	rt_park
rt_wrong_msg:
	.asciz	"FAIL: guest image loaded at the wrong address (it must sit at RAM base + text_offset 0x80000)\n"
	.balign	4

	.bss
	.balign	16
rt_stacks:
	.skip	RT_STACK_SIZE * RT_MAX_VCPUS
