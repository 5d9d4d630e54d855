/*
 * SMCCC conduits. SMCCC 1.0 lets the callee clobber x4-x17, so the result
 * pointer (x4) is kept on the stack across the call.
 * uint64_t smccc_{hvc,smc}(fid, a1, a2, a3, struct smccc_res *res)
 */
.macro smccc_call name, insn
	.globl \name
\name:
	str	x4, [sp, #-16]!
	\insn	#0
	ldr	x4, [sp], #16
	cbz	x4, 1f
	stp	x0, x1, [x4]
	stp	x2, x3, [x4, #16]
1:	ret
.endm

	.text
	smccc_call smccc_hvc, hvc
	smccc_call smccc_smc, smc
