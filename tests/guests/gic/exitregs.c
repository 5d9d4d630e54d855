/*
 * Every general register across every kind of exit: an emulated load into
 * each of w0-w30 and wzr, a store from each, an HVC, an SMC and a physical
 * interrupt taken while the guest spins. Tessera saves only some registers
 * for some exits (src/arch/vectors.S); whatever it saves, the guest must
 * find every register as it left it but the one the exit writes.
 */
#include "gic.h"
#include "guest/check.h"
#include "guest/fault.h"
#include "guest/rt.h"
#include "guest/smccc.h"
#include "guest/sysreg.h"
#include "guest/timer.h"
#include "lib/fmt.h"

#define STUB_LOAD(n) (n)
#define STUB_STORE(n) (32 + (n))
#define STUB_HVC 64
#define STUB_SMC 65
#define STUB_SPIN 66
#define UARTIBRD (RT_UART_BASE + 0x24)
#define SPIN_ROUNDS 4

void exitregs_run(uint64_t regs[31], unsigned stub);
extern char exitregs_spin[];

/* A different value in every register, with low bits that differ too. */
static uint64_t pattern(unsigned n)
{
	return 0x5eed000000000000UL | (uint64_t)n << 40 | 0x3c00UL | n;
}

static void fill(uint64_t r[31])
{
	for (unsigned n = 0; n < 31; n++)
		r[n] = pattern(n);
}

/* The first register where got and want differ, in why; false if any. */
static bool same(const uint64_t got[31], const uint64_t want[31], const char *what,
		 char *why, size_t len)
{
	for (unsigned n = 0; n < 31; n++) {
		if (got[n] != want[n]) {
			fmt_snprintf(why, len, "%s: x%u is 0x%lx, want 0x%lx", what, n,
				     got[n], want[n]);
			return false;
		}
	}
	return true;
}

/* The address register of access n's stub (exitregs.S). */
static unsigned addr_reg(unsigned n)
{
	return n == 2 ? 3 : 2;
}

static void loads_and_stores(void)
{
	uint64_t r[31], want[31];
	char why[160] = "";
	bool ok = true;

	for (unsigned n = 0; n < 32 && ok; n++) {
		uint32_t ref;

		/* load: the register gets what the device holds */
		mmio_w32(UARTIBRD, 0x1200 + n);
		ref = mmio_r32(UARTIBRD);
		fill(r);
		r[addr_reg(n)] = UARTIBRD;
		for (unsigned i = 0; i < 31; i++)
			want[i] = r[i];
		if (n < 31)
			want[n] = ref; /* a W register load zero-extends */
		exitregs_run(r, STUB_LOAD(n));
		char what[32];

		fmt_snprintf(what, sizeof(what), "ldr w%u", n);
		ok = same(r, want, what, why, sizeof(why));
		if (!ok)
			break;

		/* store: the device gets the register's low 32 bits */
		mmio_w32(UARTIBRD, n < 31 ? (uint32_t)pattern(n) : 0);
		ref = mmio_r32(UARTIBRD);
		mmio_w32(UARTIBRD, 0x77);
		fill(r);
		r[addr_reg(n)] = UARTIBRD;
		for (unsigned i = 0; i < 31; i++)
			want[i] = r[i];
		exitregs_run(r, STUB_STORE(n));
		fmt_snprintf(what, sizeof(what), "str w%u", n);
		ok = same(r, want, what, why, sizeof(why));
		if (ok && mmio_r32(UARTIBRD) != ref) {
			fmt_snprintf(why, sizeof(why), "str w%u stored 0x%x, want 0x%x",
				     n, mmio_r32(UARTIBRD), ref);
			ok = false;
		}
	}
	check(ok,
	      "an emulated load into each of w0-w30 and wzr, and a store from each, "
	      "change that register alone (x0-x30 compared)",
	      "%s", why);
}

/* An SMCCC call of fid: x0 gets the result, every other register stays. */
static void call(unsigned stub, uint64_t fid, uint64_t result, const char *what)
{
	uint64_t r[31], want[31];
	char why[160] = "";

	fill(r);
	r[0] = fid;
	for (unsigned i = 0; i < 31; i++)
		want[i] = r[i];
	want[0] = result;
	exitregs_run(r, stub);
	check(same(r, want, "after the call", why, sizeof(why)), what, "%s", why);
}

static volatile bool spin_left;
static uint64_t spin_seen[31];

/* The timer's interrupt: what the spinning stub had in its registers. */
static void spin_irq(void)
{
	struct rt_frame *f = rt_irq_frame;
	unsigned intid = (unsigned)read_sysreg(ICC_IAR1_EL1) & 0xffffff;

	if (intid >= INTID_SPURIOUS)
		return;
	if (intid == INTID_VTIMER) {
		if (f->elr == (uint64_t)exitregs_spin) {
			for (unsigned n = 0; n < 31; n++)
				spin_seen[n] = f->x[n];
			f->elr += 4; /* out of the loop */
			write_sysreg(cntv_ctl_el0, 0);
			spin_left = true;
		} else {
			/* fired before the stub spun (a slow host): again */
			write_sysreg(cntv_cval_el0, timer_now() + timer_ms_to_ticks(1));
		}
		isb();
	}
	write_sysreg(ICC_EOIR1_EL1, intid);
	if (read_sysreg(ICC_CTLR_EL1) & ICC_CTLR_EOIMODE)
		write_sysreg(ICC_DIR_EL1, intid);
	isb();
}

static void spin_interrupted(void)
{
	uint64_t r[31], want[31];
	char why[160] = "";
	bool ok = true;

	rt_set_irq_handler(spin_irq);
	gicr_w32(0, GICR_ISENABLER0, 1u << INTID_VTIMER);
	for (unsigned round = 0; round < SPIN_ROUNDS && ok; round++) {
		fill(r);
		for (unsigned i = 0; i < 31; i++)
			want[i] = r[i];
		spin_left = false;
		write_sysreg(cntv_cval_el0, timer_now() + timer_ms_to_ticks(1));
		write_sysreg(cntv_ctl_el0, 1);
		isb();
		exitregs_run(r, STUB_SPIN);
		ok = spin_left &&
		     same(spin_seen, want, "at the interrupt", why, sizeof(why)) &&
		     same(r, want, "after it", why, sizeof(why));
	}
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	rt_set_irq_handler(gic_irq);
	check(ok,
	      "a physical interrupt taken while the guest spins leaves x0-x30 as they "
	      "were (4 rounds)",
	      "%s", why);
}

void exitregs_checks(bool hypervisor)
{
	int64_t version = psci_call(PSCI_VERSION, 0, 0, 0);

	loads_and_stores();
	call(STUB_HVC, PSCI_VERSION, (uint64_t)version,
	     "HVC PSCI_VERSION changes x0 alone (x0-x30 compared)");
	if (hypervisor) {
		/* natively an SMC and an unknown HVC are UNDEF (no EL2, no EL3) */
		call(STUB_HVC, TESSERA_HC_NULL, 0,
		     "HVC TESSERA_HC_NULL changes x0 alone (x0-x30 compared)");
		call(STUB_SMC, PSCI_VERSION, (uint64_t)version,
		     "SMC PSCI_VERSION changes x0 alone (x0-x30 compared)");
	}
	spin_interrupted();
}
