/*
 * attacker: a 1-vCPU guest whose RAM sits at IPA 0x1_0000_0000, above all of
 * QEMU's RAM (with up to 3 GiB of -m). It reads and writes every 2 MiB of the
 * host's RAM range (Tessera's image at 0x4020_0000, the other guest's RAM,
 * wherever it was placed), and every 4 KiB of the start of Tessera's image.
 * Every access must abort as docs/guest-abi.md says. It counts failures
 * instead of stopping at the first, then keeps running for a while, so a
 * scenario can see it outlive a guest that powered off.
 *
 * The probe windows can be overridden (-D) for a native check on QEMU, where
 * the host's RAM is this guest's RAM.
 */
#include "guest/check.h"
#include "guest/console.h"
#include "guest/fault.h"
#include "guest/mmu.h"
#include "guest/ramtest.h"
#include "guest/rt.h"
#include "guest/timer.h"
#include "lib/fmt.h"

#ifndef ATTACK_LO
#define ATTACK_LO 0x40000000UL
#define ATTACK_HI 0x100000000UL
#endif
#ifndef FINE_LO
#define FINE_LO 0x40200000UL /* Tessera's image (platform/qemu-virt) */
#define FINE_HI 0x40210000UL
#endif
#define ATTACK_STEP (2UL << 20)
#define FINE_STEP 4096UL
/* Outlive the checks guest (it ends about VICTIM_WAIT_MS after its checks);
 * the -DRUN_ON_INPUT=1 build (attacker-typed) runs on until a typed 'q'. */
#ifndef RUN_ON_INPUT
#define RUN_ON_INPUT 0
#endif
#ifndef RUN_ON_MS
#define RUN_ON_MS 6000
#endif
#define PROGRESS_MS 500
#define ATTACK_VALUE(a) (0xa77ac4ed00000000UL | ((a) >> 12))

struct attack_stats {
	unsigned reads, writes, bad_reads, bad_writes;
	char first[200];
};

static void attack_one(uint64_t addr, struct attack_stats *st)
{
	char why[200];

	for (int w = 0; w < 2; w++) {
		bool ok =
			fault_expect_abort(addr, w, ATTACK_VALUE(addr), why, sizeof(why));

		if (w)
			st->writes++;
		else
			st->reads++;
		if (ok)
			continue;
		if (st->bad_reads + st->bad_writes == 0)
			fmt_snprintf(st->first, sizeof(st->first), "%s", why);
		if (w)
			st->bad_writes++;
		else
			st->bad_reads++;
	}
}

void guest_main(uint64_t dtb)
{
	struct attack_stats st = {0};
	uint64_t lo, hi, bad, first;
	char what[112];

	rt_setup(dtb);
	lo = ((uint64_t)__image_end + 4095) & ~4095UL;
	hi = rt_ram.base + rt_ram.size;
	bad = ramtest_pages(lo, hi, &first);
	fmt_snprintf(what, sizeof(what),
		     "RAM at 0x%lx usable with stage-1 MMU on: %lu KiB, every page",
		     rt_ram.base, (hi - lo) >> 10);
	check(hi > lo && bad == 0, what, "%lu bad words, first at 0x%lx", bad, first);

	/* Device, not Normal: a probe must be one access, never speculated. */
	if (!check(mmu_map(ATTACK_LO, ATTACK_HI - ATTACK_LO, MMU_DEVICE) &&
			   mmu_map(FINE_LO, FINE_HI - FINE_LO, MMU_DEVICE),
		   "probe windows mapped in stage 1",
		   "overlap with RAM or out of tables"))
		return;
	console_printf("probing 0x%lx-0x%lx every 2 MiB and 0x%lx-0x%lx every 4 KiB\n",
		       ATTACK_LO, ATTACK_HI - 1, FINE_LO, FINE_HI - 1);
	for (uint64_t a = ATTACK_LO; a < ATTACK_HI; a += ATTACK_STEP)
		attack_one(a, &st);
	for (uint64_t a = FINE_LO; a < FINE_HI; a += FINE_STEP)
		attack_one(a, &st);
	fmt_snprintf(what, sizeof(what),
		     "%u reads and %u writes outside its RAM all aborted", st.reads,
		     st.writes);
	check(st.bad_reads + st.bad_writes == 0, what,
	      "%u reads and %u writes did not abort as the guest ABI says; first: %s",
	      st.bad_reads, st.bad_writes, st.first);

#if RUN_ON_INPUT
	console_printf("running on until 'q'\n");
	console_wait_for('q');
	console_printf("still running after the probes: 'q' typed\n");
#else
	for (unsigned ms = PROGRESS_MS; ms <= RUN_ON_MS; ms += PROGRESS_MS) {
		timer_delay_ms(PROGRESS_MS);
		console_printf("still running after the probes: %u ms\n", ms);
	}
#endif
}
