/*
 * bench: exit costs measured by the guest with the virtual counter. Under
 * QEMU -icount shift=0 every instruction (guest and hypervisor alike) takes
 * 1 ns of virtual time, so counter ticks convert to instructions, the same on
 * every run. Prints "BENCH <name>: <instructions per iteration>" lines that
 * tests/bench.sh turns into a table.
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

uint64_t bench_loop_hvc(uint64_t iters, uint64_t fid);
uint64_t bench_loop_load(uint64_t iters, uint64_t addr);

static uint32_t bench_ram_word = 0x600df00d;

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

void guest_main(uint64_t dtb)
{
	struct fault_rec rec;
	int64_t r;
	uint64_t fr;

	rt_setup(dtb);

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
}
