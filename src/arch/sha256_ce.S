/*
 * SHA-256 block function with the Armv8 Cryptographic Extension (FEAT_SHA256:
 * SHA256H, SHA256H2, SHA256SU0, SHA256SU1, described with their pseudocode
 * SHA256hash() in the Arm ARM, DDI 0487, chapter C7 "A64 Advanced SIMD and
 * Floating-point Instruction Descriptions"): the message schedule and the
 * compression of FIPS 180-4 6.2.2, four rounds per instruction pair.
 * The only SIMD code of the EL2 image, kept apart from the C built with
 * -mgeneral-regs-only (include/arch/sha256_ce.h).
 *
 * void sha256_ce_blocks(uint32_t st[8], const uint8_t *p, size_t nblocks)
 *   st  the state words a..h, as struct sha256_ctx holds them
 *   p   nblocks * 64 bytes; any alignment (LD1 on Normal memory, MMU on)
 *
 * Every SIMD register it writes is saved on entry and restored on return:
 * on a CPU that has run a guest, V0-V31 hold that guest's values (Tessera
 * does not switch FP/SIMD state and EL2 never traps it, include/arch/cpu.h),
 * and a guest's reset runs on the guest's own CPU. Today only the boot CPU
 * hashes, before any guest runs (guests_boot(): the payload, once), but the
 * save keeps a later caller, such as a re-check at a reset, from corrupting
 * a guest. What 128-bit saves cannot keep: with SVE, an Advanced SIMD write
 * zeroes the bits above 127 of the Z register it aliases (Arm ARM, SVE
 * "Z registers"), and in SME streaming mode these instructions are illegal
 * (such a caller runs cpu_sme_stop() first, like vcpu_stop_self()).
 *
 * Registers: v0 = ABCD, v1 = EFGH (lane 0 = A, resp. E: SHA256H reads the
 * state that way, Arm ARM SHA256hash()), v2 = ABCD before the step (SHA256H2
 * needs it after SHA256H has overwritten v0), v3 = W + K of the step,
 * v4-v7 = the 16 schedule words, v8-v9 = the state at the block's start,
 * v16-v31 = the 64 round constants, loaded once per call.
 */
	.arch	armv8-a+sha2
	.text

/* Four rounds that also extend the schedule: wt holds W[t..t+3]; w1, w2, w3
 * the next twelve words. Afterwards wt holds W[t+16..t+19] (SHA256SU0 then
 * SHA256SU1, FIPS 180-4 6.2.2 step 1). */
.macro	qround_sched, wt, w1, w2, w3, k
	add	v3.4s, \wt\().4s, \k\().4s
	sha256su0 \wt\().4s, \w1\().4s
	mov	v2.16b, v0.16b
	sha256h	q0, q1, v3.4s
	sha256h2 q1, q2, v3.4s
	sha256su1 \wt\().4s, \w2\().4s, \w3\().4s
.endm

/* The last sixteen rounds: no more schedule words are needed. */
.macro	qround, wt, k
	add	v3.4s, \wt\().4s, \k\().4s
	mov	v2.16b, v0.16b
	sha256h	q0, q1, v3.4s
	sha256h2 q1, q2, v3.4s
.endm

	.globl	sha256_ce_blocks
	.type	sha256_ce_blocks, %function
sha256_ce_blocks:
	cbz	x2, 9f
	/* 26 registers, 416 bytes: SP stays 16-byte aligned (SCTLR_EL2.SA) */
	sub	sp, sp, #416
	stp	q0, q1, [sp, #0]
	stp	q2, q3, [sp, #32]
	stp	q4, q5, [sp, #64]
	stp	q6, q7, [sp, #96]
	stp	q8, q9, [sp, #128]
	stp	q16, q17, [sp, #160]
	stp	q18, q19, [sp, #192]
	stp	q20, q21, [sp, #224]
	stp	q22, q23, [sp, #256]
	stp	q24, q25, [sp, #288]
	stp	q26, q27, [sp, #320]
	stp	q28, q29, [sp, #352]
	stp	q30, q31, [sp, #384]

	adrp	x3, sha256_k
	add	x3, x3, :lo12:sha256_k
	ld1	{v16.4s-v19.4s}, [x3], #64
	ld1	{v20.4s-v23.4s}, [x3], #64
	ld1	{v24.4s-v27.4s}, [x3], #64
	ld1	{v28.4s-v31.4s}, [x3]
	ld1	{v0.4s, v1.4s}, [x0]

1:	ld1	{v4.16b-v7.16b}, [x1], #64
	/* the message is big-endian words (FIPS 180-4 3.1) */
	rev32	v4.16b, v4.16b
	rev32	v5.16b, v5.16b
	rev32	v6.16b, v6.16b
	rev32	v7.16b, v7.16b
	mov	v8.16b, v0.16b
	mov	v9.16b, v1.16b

	qround_sched v4, v5, v6, v7, v16
	qround_sched v5, v6, v7, v4, v17
	qround_sched v6, v7, v4, v5, v18
	qround_sched v7, v4, v5, v6, v19
	qround_sched v4, v5, v6, v7, v20
	qround_sched v5, v6, v7, v4, v21
	qround_sched v6, v7, v4, v5, v22
	qround_sched v7, v4, v5, v6, v23
	qround_sched v4, v5, v6, v7, v24
	qround_sched v5, v6, v7, v4, v25
	qround_sched v6, v7, v4, v5, v26
	qround_sched v7, v4, v5, v6, v27
	qround	v4, v28
	qround	v5, v29
	qround	v6, v30
	qround	v7, v31

	/* FIPS 180-4 6.2.2 step 4: the intermediate hash value */
	add	v0.4s, v0.4s, v8.4s
	add	v1.4s, v1.4s, v9.4s
	subs	x2, x2, #1
	b.ne	1b

	st1	{v0.4s, v1.4s}, [x0]

	ldp	q0, q1, [sp, #0]
	ldp	q2, q3, [sp, #32]
	ldp	q4, q5, [sp, #64]
	ldp	q6, q7, [sp, #96]
	ldp	q8, q9, [sp, #128]
	ldp	q16, q17, [sp, #160]
	ldp	q18, q19, [sp, #192]
	ldp	q20, q21, [sp, #224]
	ldp	q22, q23, [sp, #256]
	ldp	q24, q25, [sp, #288]
	ldp	q26, q27, [sp, #320]
	ldp	q28, q29, [sp, #352]
	ldp	q30, q31, [sp, #384]
	add	sp, sp, #416
9:	ret
	.size	sha256_ce_blocks, . - sha256_ce_blocks
