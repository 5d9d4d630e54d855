/*
 * checks: the guest ABI seen from a 2-vCPU guest (docs/guest-abi.md): RAM with
 * the stage-1 MMU on, PSCI, CPU_ON/CPU_OFF, injected data aborts, unknown
 * calls. It is also the attacker's victim: a 1 MiB buffer, filled first and
 * verified last, must be untouched.
 */
#include "guest/check.h"
#include "guest/console.h"
#include "guest/fault.h"
#include "guest/mmu.h"
#include "guest/ramtest.h"
#include "guest/rt.h"
#include "guest/smccc.h"
#include "guest/sysreg.h"
#include "guest/timer.h"
#include "lib/fmt.h"

#define VICTIM_BYTES (1UL << 20)
/* Long enough for the attacker (started at the same time) to finish probing;
 * the -DVICTIM_WAIT_INPUT=1 build (checks-typed) waits for a typed 'v'
 * instead, which the scenarios send once the other guest is done. */
#define VICTIM_WAIT_MS 2000
#ifndef VICTIM_WAIT_INPUT
#define VICTIM_WAIT_INPUT 0
#endif
#define SECONDARY_WAIT_MS 2000
#define SECONDARY_CTX 0x5ec0dc0de1UL
#define PSCI_UNKNOWN_FID 0x840000ffUL
#define HVC_UNKNOWN_FID 0x8600ffffUL
#define ABSENT_MPIDR 7UL
/* Outside the guest's RAM both under Tessera and natively on QEMU virt. */
#define FAULT_FIXED_IPA 0x20000000UL

/*
 * 2 MiB aligned, so that the attacker's probes at every 2 MiB of host RAM
 * would hit its first word if Tessera placed this RAM where they could reach.
 */
static uint64_t victim[VICTIM_BYTES / 8] __attribute__((aligned(2UL << 20)));

/* Written by vCPU 1, read by vCPU 0. */
static struct {
	unsigned runs;
	unsigned cpu;
	uint64_t mpidr;
	uint64_t ctx;
	bool mmu;
	unsigned release;
} sec;

static uint64_t victim_word(uint64_t i)
{
	return 0x76696374696d0000UL ^ (i * 0x9e3779b97f4a7c15UL);
}

static void victim_fill(void)
{
	for (uint64_t i = 0; i < VICTIM_BYTES / 8; i++)
		victim[i] = victim_word(i);
}

static void victim_verify(void)
{
	uint64_t bad = 0, first = 0;

	for (uint64_t i = 0; i < VICTIM_BYTES / 8; i++)
		if (((volatile uint64_t *)victim)[i] != victim_word(i)) {
			if (!bad)
				first = i;
			bad++;
		}
	check(bad == 0, "victim: 1 MiB buffer unchanged while the other guest ran",
	      "%lu words changed, first at 0x%lx: 0x%lx", bad, (uint64_t)&victim[first],
	      victim[first]);
}

#define DAIF_ALL 0x3c0UL

/* The Linux boot protocol's entry state (docs/guest-abi.md, "Boot"). */
static bool entry_state_ok(const struct rt_entry *e)
{
	return ((e->current_el >> 2) & 3) == 1 && !(e->sctlr & SCTLR_M) &&
	       (e->daif & DAIF_ALL) == DAIF_ALL;
}

static void test_entry(uint64_t dtb)
{
	const struct rt_entry *e = &rt_entry[0];

	check(entry_state_ok(e), "entered at EL1 with the MMU off and DAIF masked",
	      "CurrentEL 0x%lx, SCTLR_EL1 0x%lx, DAIF 0x%lx", e->current_el, e->sctlr,
	      e->daif);
	check(!e->x[1] && !e->x[2] && !e->x[3], "entered with x1 = x2 = x3 = 0",
	      "x1 0x%lx, x2 0x%lx, x3 0x%lx", e->x[1], e->x[2], e->x[3]);
	check(dtb >= (uint64_t)__image_end && dtb < rt_ram.base + rt_ram.size &&
		      !(dtb & 7),
	      "x0: the DT is in RAM above the image, 8-byte aligned", "x0 0x%lx", dtb);
}

static void test_ram(void)
{
	uint64_t sctlr = read_sysreg(sctlr_el1);
	uint64_t lo = ((uint64_t)__image_end + 4095) & ~4095UL;
	uint64_t hi = rt_ram.base + rt_ram.size, bad, first;
	char what[96];

	check((sctlr & (SCTLR_M | SCTLR_C | SCTLR_I)) == (SCTLR_M | SCTLR_C | SCTLR_I),
	      "stage-1 MMU and caches on (SCTLR_EL1.M, C, I)", "SCTLR_EL1 0x%lx", sctlr);
	bad = ramtest_pages(lo, hi, &first);
	fmt_snprintf(
		what, sizeof(what),
		"RAM usable with stage-1 MMU on: %lu KiB above the image, every page",
		(hi - lo) >> 10);
	check(hi > lo && bad == 0, what, "%lu bad words, first at 0x%lx", bad, first);
}

static void test_psci(void)
{
	int64_t v = psci_call(PSCI_VERSION, 0, 0, 0);
	int64_t f;

	check(v == 0x10001, "PSCI VERSION is 1.1 (0x10001)", "got 0x%lx", v);
	f = psci_call(PSCI_FEATURES, PSCI_CPU_ON, 0, 0);
	check(f == 0, "PSCI FEATURES(CPU_ON) is 0", "got %ld", f);
	f = psci_call(PSCI_FEATURES, PSCI_UNKNOWN_FID, 0, 0);
	check(f == PSCI_NOT_SUPPORTED,
	      "PSCI FEATURES(unknown 0x840000ff) is NOT_SUPPORTED", "got %ld", f);
	/* CPU_SUSPEND is mandatory in PSCI 1.x: 0 = original power_state
	 * format, platform-coordinated (DEN0022 5.15.2) */
	f = psci_call(PSCI_FEATURES, PSCI_CPU_SUSPEND, 0, 0);
	check(f == 0, "PSCI FEATURES(CPU_SUSPEND) is 0 (original format)", "got %ld", f);
	f = psci_call(PSCI_FEATURES, PSCI_MIGRATE_INFO_TYPE, 0, 0);
	check(f == 0, "PSCI FEATURES(MIGRATE_INFO_TYPE) is 0", "got %ld", f);
	f = psci_call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0);
	check(f == 2, "PSCI MIGRATE_INFO_TYPE is 2 (no Trusted OS to migrate)", "got %ld",
	      f);
	f = psci_call(PSCI_CPU_SUSPEND, 1UL << 17, 0, 0); /* a reserved bit */
	check(f == PSCI_INVALID_PARAMETERS,
	      "PSCI CPU_SUSPEND with a reserved power_state bit is INVALID_PARAMETERS",
	      "got %ld", f);
}

void guest_secondary_main(unsigned cpu, uint64_t ctx)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(5000);

	sec.cpu = cpu;
	sec.mpidr = read_sysreg(mpidr_el1);
	sec.ctx = ctx;
	sec.mmu = mmu_is_on();
	__atomic_add_fetch(&sec.runs, 1, __ATOMIC_RELEASE);
	/* Stay on until told, so vCPU 0 can see ON and ALREADY_ON. */
	while (!__atomic_load_n(&sec.release, __ATOMIC_ACQUIRE) && timer_now() < end)
		;
}

static bool wait_runs(unsigned runs)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(SECONDARY_WAIT_MS);

	while (timer_now() < end)
		if (__atomic_load_n(&sec.runs, __ATOMIC_ACQUIRE) >= runs)
			return true;
	return false;
}

/* Polls AFFINITY_INFO(vCPU 1) until it says OFF; returns the last answer. */
static int64_t wait_off(void)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(SECONDARY_WAIT_MS);
	int64_t a;

	do
		a = psci_affinity_info(1);
	while (a != PSCI_AFF_OFF && timer_now() < end);
	return a;
}

static void test_cpu_on(void)
{
	uint64_t entry = (uint64_t)rt_secondary_entry;
	int64_t r, a;

	a = psci_affinity_info(0);
	check(a == PSCI_AFF_ON, "AFFINITY_INFO(vCPU 0, self) is ON", "got %ld", a);
	a = psci_affinity_info(1);
	check(a == PSCI_AFF_OFF, "AFFINITY_INFO(vCPU 1) is OFF before CPU_ON", "got %ld",
	      a);

	r = psci_cpu_on(1, entry, SECONDARY_CTX);
	check(r == PSCI_SUCCESS, "CPU_ON(vCPU 1) returns SUCCESS", "got %ld", r);
	if (check(wait_runs(1), "vCPU 1 runs after CPU_ON", "no sign of life after %u ms",
		  SECONDARY_WAIT_MS)) {
		check(sec.cpu == 1 && (sec.mpidr & MPIDR_AFF_MASK) == 1,
		      "vCPU 1 reads MPIDR_EL1 affinity 1",
		      "MPIDR_EL1 0x%lx, Aff0 index %u", sec.mpidr, sec.cpu);
		check(sec.ctx == SECONDARY_CTX, "vCPU 1 got the CPU_ON context id in x0",
		      "got 0x%lx", sec.ctx);
		check(entry_state_ok(&rt_entry[1]),
		      "vCPU 1 entered at EL1 with the MMU off and DAIF masked",
		      "CurrentEL 0x%lx, SCTLR_EL1 0x%lx, DAIF 0x%lx",
		      rt_entry[1].current_el, rt_entry[1].sctlr, rt_entry[1].daif);
		check(sec.mmu, "vCPU 1 turned its MMU on with the shared tables",
		      "SCTLR_EL1.M is 0");
		a = psci_affinity_info(1);
		check(a == PSCI_AFF_ON, "AFFINITY_INFO(vCPU 1) is ON while it runs",
		      "got %ld", a);
		r = psci_cpu_on(1, entry, SECONDARY_CTX);
		check(r == PSCI_ALREADY_ON, "CPU_ON(vCPU 1) again returns ALREADY_ON",
		      "got %ld", r);
	}
	__atomic_store_n(&sec.release, 1, __ATOMIC_RELEASE);
	a = wait_off();
	check(a == PSCI_AFF_OFF, "AFFINITY_INFO(vCPU 1) goes to OFF after its CPU_OFF",
	      "still %ld after %u ms", a, SECONDARY_WAIT_MS);

	r = psci_cpu_on(ABSENT_MPIDR, entry, 0);
	check(r == PSCI_INVALID_PARAMETERS,
	      "CPU_ON(MPIDR 7, absent) returns INVALID_PARAMETERS", "got %ld", r);

	/* A vCPU that called CPU_OFF can be started again. */
	__atomic_store_n(&sec.release, 0, __ATOMIC_RELEASE);
	r = psci_cpu_on(1, entry, SECONDARY_CTX + 1);
	check(r == PSCI_SUCCESS && wait_runs(2) && sec.ctx == SECONDARY_CTX + 1,
	      "vCPU 1 starts again after CPU_OFF", "CPU_ON %ld, runs %u, context 0x%lx",
	      r, sec.runs, sec.ctx);
	__atomic_store_n(&sec.release, 1, __ATOMIC_RELEASE);
	a = wait_off();
	check(a == PSCI_AFF_OFF, "AFFINITY_INFO(vCPU 1) is OFF again", "got %ld", a);
}

static void test_abort_at(uint64_t ipa)
{
	char what[112], why[200];

	if (!check(mmu_map(ipa, 4096, MMU_DEVICE), "stage-1 map of a probe page",
		   "cannot map 0x%lx", ipa))
		return;
	for (int w = 0; w < 2; w++) {
		bool ok = fault_expect_abort(ipa, w, 0x5701e2badUL, why, sizeof(why));

		fmt_snprintf(
			what, sizeof(what),
			"%s IPA 0x%lx (outside RAM): data abort, EC 0x25, DFSC 0x10, WnR %d, FAR",
			w ? "store to" : "load from", ipa, w);
		check(ok, what, "%s", why);
	}
}

/*
 * An injected exception must enter EL1 with the PSTATE a real one gets
 * (Arm ARM, AArch64.TakeException): with SCTLR_EL1.SPAN 0, PAN is set; with
 * DSSBS 1, SSBS is set; DIT is kept; D, A, I, F are masked. An SVC is taken
 * by the CPU itself, the abort at FAULT_FIXED_IPA is injected by Tessera.
 */
#define SCTLR_SPAN (1UL << 23)
#define SCTLR_DSSBS (1UL << 44)

static void test_entry_pstate(void)
{
	uint64_t sctlr = read_sysreg(sctlr_el1), want = 0xfUL << 6;
	bool pan = (read_sysreg(id_aa64mmfr1_el1) >> 20) & 0xf;
	bool ssbs = (read_sysreg(id_aa64pfr1_el1) >> 4) & 0xf;
	bool dit = (read_sysreg(id_aa64pfr0_el1) >> 48) & 0xf;
	struct fault_rec svc, abt;
	uint64_t v;

	write_sysreg(sctlr_el1, (sctlr & ~SCTLR_SPAN) | (ssbs ? SCTLR_DSSBS : 0));
	isb();
	/* the state before: PAN 0, SSBS 0, DIT 1 */
	if (pan)
		write_sysreg(S3_0_C4_C2_3, 0);
	if (ssbs)
		write_sysreg(S3_3_C4_C2_6, 0);
	if (dit)
		write_sysreg(S3_3_C4_C2_5, FAULT_PSTATE_DIT);
	fault_arm();
	__asm__ volatile("svc #0x7" ::: "memory");
	fault_disarm(&svc);
	fault_arm();
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(FAULT_FIXED_IPA) : "memory");
	fault_disarm(&abt);
	if (dit)
		write_sysreg(S3_3_C4_C2_5, 0);
	write_sysreg(sctlr_el1, sctlr);
	isb();

	want |= (pan ? FAULT_PSTATE_PAN : 0) | (ssbs ? FAULT_PSTATE_SSBS : 0) |
		(dit ? FAULT_PSTATE_DIT : 0);
	console_printf("exception entry PSTATE: SVC %#lx, injected abort %#lx (PAN %d, "
		       "SSBS %d, DIT %d on this CPU)\n",
		       svc.pstate, abt.pstate, pan, ssbs, dit);
	/* QEMU 7.2 clears DIT on exception entry, where the Arm ARM keeps it
	 * (AArch64.TakeException assigns no DIT): the SVC is compared without
	 * it, the injected abort with it */
	check(svc.taken && (svc.pstate & ~FAULT_PSTATE_DIT) == (want & ~FAULT_PSTATE_DIT),
	      "an SVC enters EL1 with DAIF masked, PAN set (SPAN 0), SSBS from DSSBS",
	      "PSTATE %#lx, want %#lx", svc.pstate, want);
	check(abt.taken && abt.pstate == want,
	      "an injected abort enters EL1 with the PSTATE of the SVC, and DIT kept",
	      "abort %#lx, want %#lx", abt.pstate, want);
}

/*
 * A clean and invalidate of every data cache by set/way (DC CISW at every
 * level CLIDR_EL1 shows one, up to its first level without a cache: not only
 * to the Level of Coherency, which some CPUs report as 0, QEMU's a64fx
 * among them), as firmware does before it turns its
 * caches off. Tessera traps them (HCR_EL2.TSW) and, without FWB, cleans the
 * guest's RAM by VA instead (it says so on the console); the sweep must run
 * through without an exception.
 */
static void test_set_way(void)
{
	uint64_t clidr = read_sysreg(clidr_el1), ops = 0;
	bool ccidx = (read_sysreg(id_aa64mmfr2_el1) >> 20) & 0xf;
	struct fault_rec rec;

	fault_arm();
	for (unsigned level = 0; level < 7 && ((clidr >> (3 * level)) & 7); level++) {
		uint64_t ccsidr, ways, sets;
		unsigned line, wshift;

		if (((clidr >> (3 * level)) & 7) < 2)
			continue; /* no data or unified cache here */
		write_sysreg(csselr_el1, (uint64_t)level << 1);
		isb();
		ccsidr = read_sysreg(ccsidr_el1);
		line = (unsigned)(ccsidr & 7) + 4;
		ways = (ccidx ? (ccsidr >> 3) & 0x1fffff : (ccsidr >> 3) & 0x3ff) + 1;
		sets = (ccidx ? (ccsidr >> 32) & 0xffffff : (ccsidr >> 13) & 0x7fff) + 1;
		wshift = ways > 1 ? (unsigned)__builtin_clz((unsigned)(ways - 1)) : 0;
		for (uint64_t w = 0; w < ways; w++)
			for (uint64_t s = 0; s < sets; s++) {
				uint64_t xt = (w << wshift) | (s << line) | (level << 1);

				__asm__ volatile("dc cisw, %0" ::"r"(xt) : "memory");
				ops++;
			}
	}
	__asm__ volatile("dsb sy" ::: "memory");
	fault_disarm(&rec);
	check(!rec.taken && ops > 0,
	      "a clean and invalidate of every data cache by set/way (DC CISW) runs "
	      "through",
	      "%lu operations, exception %d (ESR %#lx)", ops, rec.taken, rec.esr);
}

/* No PMU on the CPU (ID_AA64DFR0_EL1.PMUVer 0): its registers are
 * UNDEFINED for the guest, whatever the emulator would let through
 * (MDCR_EL2.TPM). With a PMU, the guest has it. */
static void test_no_pmu(void)
{
	unsigned pmuver = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;
	struct fault_rec rec;
	uint64_t v = 0;

	if (pmuver != 0)
		return;
	fault_arm();
	__asm__ volatile("mrs %0, pmccntr_el0" : "=r"(v)::"memory");
	fault_disarm(&rec);
	check(rec.taken && ESR_EC(rec.esr) == 0,
	      "no PMU: reading PMCCNTR_EL0 is an Undefined Instruction exception",
	      "taken %d, ESR %#lx, read %#lx", rec.taken, rec.esr, v);
}

/* One SMCCC call with capture armed: an exception is reported, not fatal. */
static void test_call(bool smc, uint64_t fid, int64_t want, const char *what)
{
	struct fault_rec rec;
	int64_t r;

	fault_arm();
	if (smc)
		r = (int64_t)smccc_smc(fid, 0, 0, 0, 0);
	else
		r = (int64_t)smccc_hvc(fid, 0, 0, 0, 0);
	if (fault_disarm(&rec))
		check(false, what, "took an exception: ESR 0x%lx (EC 0x%lx), ELR 0x%lx",
		      rec.esr, ESR_EC(rec.esr), rec.elr);
	else
		check(r == want, what, "got %ld", r);
}

void guest_main(uint64_t dtb)
{
	rt_setup(dtb);
	victim_fill();
	console_printf("victim buffer at 0x%lx, 1 MiB, filled\n", (uint64_t)victim);

	test_entry(dtb);
	test_ram();
	test_psci();
	test_cpu_on();
	test_abort_at(FAULT_FIXED_IPA);
	test_abort_at(rt_ram.base + rt_ram.size);
	test_entry_pstate();
	test_no_pmu();
	test_set_way();
	test_call(false, HVC_UNKNOWN_FID, SMCCC_NOT_SUPPORTED,
		  "unknown HVC 0x8600ffff returns NOT_SUPPORTED");
	test_call(true, HVC_UNKNOWN_FID, SMCCC_NOT_SUPPORTED,
		  "unknown SMC 0x8600ffff returns NOT_SUPPORTED");
	test_call(false, TESSERA_HC_NULL, 0,
		  "TESSERA_HC_NULL (HVC 0xc6000000) returns 0");

#if VICTIM_WAIT_INPUT
	console_printf("waiting for 'v' before checking the victim buffer\n");
	console_wait_for('v');
#else
	console_printf("waiting %u ms before checking the victim buffer\n",
		       VICTIM_WAIT_MS);
	timer_delay_ms(VICTIM_WAIT_MS);
#endif
	victim_verify();
}
