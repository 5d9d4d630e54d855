/*
 * bench: exit costs measured by the guest with the virtual counter. Under
 * QEMU -icount shift=0 every instruction (guest and hypervisor alike) takes
 * 1 ns of virtual time, so counter ticks convert to instructions, the same on
 * every run. Prints "BENCH <name>: <instructions per iteration>" lines that
 * tests/bench.sh turns into a table. Then it resets itself once (PSCI
 * SYSTEM_RESET), so that Tessera's boot log times a guest reset to the
 * guest's first instruction; the second life finds the mark the first left
 * in RAM (a restart keeps RAM, only the image is reloaded) and powers off.
 */
#include "guest/check.h"
#include "guest/console.h"
#include "guest/fault.h"
#include "guest/rt.h"
#include "guest/smccc.h"
#include "guest/timer.h"

#define BENCH_ITERS 10000UL
#define BENCH_WARMUP 100UL
#define BENCH_HVC_FID TESSERA_HC_NULL
#define UARTFR (RT_UART_BASE + 0x18)
#define UARTFR_TXFF (1U << 5)
#define UARTFR_RXFE (1U << 4)
#define UARTFR_TXFE (1U << 7)
/* Far above the image, below the DT (2 MiB under the end of RAM). */
#define BENCH_MARK_OFFSET (8UL << 20)
#define BENCH_MARK_MAGIC 0x62656e6368726573UL /* "benchres" */

uint64_t bench_loop_hvc(uint64_t iters, uint64_t fid);
uint64_t bench_loop_load(uint64_t iters, uint64_t addr);

static uint32_t bench_ram_word = 0x600df00d;
/* In .data: the reset reloads the image, so the second life sees 1 again. */
static volatile uint64_t bench_life = 1;

/* NOT_SUPPORTED is fine too: the exit path is the same. */
static bool bench_hvc_ok(int64_t r)
{
	return r == 0 || r == SMCCC_NOT_SUPPORTED;
}

/* Runs one loop, returns counter ticks; *last = the loop's last result. */
static uint64_t bench_run(bool hvc, uint64_t arg, uint64_t iters, uint64_t *last)
{
	uint64_t t0 = timer_now();

	*last = hvc ? bench_loop_hvc(iters, arg) : bench_loop_load(iters, arg);
	return timer_now() - t0;
}

/* Ticks to instructions per iteration, times 100, rounded (1 ns = 1 instruction). */
static uint64_t bench_per_iter_x100(uint64_t ticks)
{
	uint64_t den = timer_freq() * BENCH_ITERS;

	return (ticks * 100000000000UL + den / 2) / den;
}

static void bench_report(const char *name, bool hvc, uint64_t arg)
{
	uint64_t last, v;

	bench_run(hvc, arg, BENCH_WARMUP, &last);
	v = bench_per_iter_x100(bench_run(hvc, arg, BENCH_ITERS, &last));
	console_printf("BENCH %s: %lu.%02lu\n", name, v / 100, v % 100);
}

/* The first life's last act: a mark in RAM, then the reset Tessera times. */
static void bench_reset(volatile uint64_t *mark)
{
	*mark = BENCH_MARK_MAGIC;
	bench_life = 2;
	/* the next life starts with its MMU off: memory must hold the mark */
	__asm__ volatile("dc civac, %0\n\tdsb sy" ::"r"(mark) : "memory");
	__asm__ volatile("dc civac, %0\n\tdsb sy" ::"r"(&bench_life) : "memory");
	console_printf("BENCH reset: PSCI SYSTEM_RESET\n");
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	check(false, "PSCI SYSTEM_RESET does not return", "it returned");
}

void guest_main(uint64_t dtb)
{
	struct fault_rec rec;
	int64_t r;
	uint64_t fr;
	volatile uint64_t *mark;

	rt_setup(dtb);
	mark = (volatile uint64_t *)(rt_ram.base + BENCH_MARK_OFFSET);
	if (!check((uint64_t)mark >= (uint64_t)__image_end && (uint64_t)mark + 8 <= dtb,
		   "the reset mark lies between the image and the DT",
		   "mark at 0x%lx, image ends 0x%lx, DT at 0x%lx", (uint64_t)mark,
		   (uint64_t)__image_end, dtb))
		return;
	if (*mark == BENCH_MARK_MAGIC) {
		*mark = 0;
		__asm__ volatile("dc civac, %0\n\tdsb sy" ::"r"(mark) : "memory");
		check(bench_life == 1,
		      "restarted by SYSTEM_RESET, the image reloaded (.data as linked)",
		      "bench_life %lu", bench_life);
		return;
	}

	/* The operations must work before their cost means anything. */
	fault_arm();
	r = (int64_t)smccc_hvc(BENCH_HVC_FID, 0, 0, 0, 0);
	if (!check(!fault_disarm(&rec) && bench_hvc_ok(r), "null hypercall answers",
		   "fid 0x%lx: %s %ld (ESR 0x%lx)", BENCH_HVC_FID,
		   rec.taken ? "exception" : "returned", r, rec.esr))
		return;
	bench_run(false, UARTFR, 1, &fr);
	if (!check((fr & (UARTFR_TXFE | UARTFR_RXFE | UARTFR_TXFF)) ==
			   (UARTFR_TXFE | UARTFR_RXFE),
		   "UARTFR reads TXFE and RXFE set, TXFF clear", "UARTFR 0x%lx", fr))
		return;

	console_printf("BENCH cntfrq: %lu\n", timer_freq());
	console_printf("BENCH iterations: %lu\n", BENCH_ITERS);
	bench_report("hvc_null", true, BENCH_HVC_FID);
	bench_report("mmio_trap", false, UARTFR);
	bench_report("baseline", false, (uint64_t)&bench_ram_word);
	bench_reset(mark);
}
