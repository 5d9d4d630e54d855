/*
 * Measured loops. All have the same four instructions per iteration (mov, the
 * operation, subs, b.ne), so the difference between two loops is the cost of
 * the operation alone. Callee-saved registers hold the loop state: SMCCC 1.0
 * may clobber x0-x17 across the HVC.
 */
	.text
/* uint64_t bench_loop_hvc(uint64_t iters, uint64_t fid): returns the last x0. */
	.globl bench_loop_hvc
bench_loop_hvc:
	stp	x19, x20, [sp, #-16]!
	mov	x19, x0
	mov	x20, x1
1:	mov	x0, x20
	hvc	#0
	subs	x19, x19, #1
	b.ne	1b
	ldp	x19, x20, [sp], #16
	ret

/* uint64_t bench_loop_load(uint64_t iters, uint64_t addr): returns the last word. */
	.globl bench_loop_load
bench_loop_load:
	stp	x19, x20, [sp, #-16]!
	mov	x19, x0
	mov	x20, x1
1:	mov	x0, x20
	ldr	w0, [x20]
	subs	x19, x19, #1
	b.ne	1b
	ldp	x19, x20, [sp], #16
	ret
