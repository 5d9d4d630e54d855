/* Expected-exception capture; see guest/fault.h. */
#include "guest/fault.h"
#include "guest/rt.h"
#include "guest/sysreg.h"
#include "lib/fmt.h"

struct fault_state {
	bool armed;
	struct fault_rec rec;
};

static struct fault_state fault_state[RT_MAX_VCPUS];

void fault_arm(void)
{
	struct fault_state *s = &fault_state[rt_cpu_id()];

	s->rec = (struct fault_rec){0};
	s->armed = true;
	barrier();
}

bool fault_disarm(struct fault_rec *rec)
{
	struct fault_state *s = &fault_state[rt_cpu_id()];

	barrier();
	s->armed = false;
	*rec = s->rec;
	return rec->taken;
}

#define ID_AA64PFR0_DIT(v) (((v) >> 48) & 0xf)
#define ID_AA64PFR1_SSBS(v) (((v) >> 4) & 0xf)
#define ID_AA64MMFR1_PAN(v) (((v) >> 20) & 0xf)
#define EC_SVC64 0x15

/* The PSTATE this exception handler was entered with (the vector code
 * changes none of these). The ID registers say which fields exist. */
static uint64_t entry_pstate(void)
{
	uint64_t p = read_sysreg(daif);

	if (ID_AA64MMFR1_PAN(read_sysreg(id_aa64mmfr1_el1)))
		p |= read_sysreg(S3_0_C4_C2_3) & FAULT_PSTATE_PAN;
	if (ID_AA64PFR1_SSBS(read_sysreg(id_aa64pfr1_el1)))
		p |= read_sysreg(S3_3_C4_C2_6) & FAULT_PSTATE_SSBS;
	if (ID_AA64PFR0_DIT(read_sysreg(id_aa64pfr0_el1)))
		p |= read_sysreg(S3_3_C4_C2_5) & FAULT_PSTATE_DIT;
	return p;
}

bool fault_handle(struct rt_frame *f, unsigned vector)
{
	struct fault_state *s = &fault_state[rt_cpu_id()];

	/* synchronous exceptions, and SErrors (type 3) a test waits for */
	if (!s->armed || ((vector & 3) != 0 && (vector & 3) != 3))
		return false;
	s->rec.pstate = entry_pstate();
	s->rec.taken = true;
	s->rec.vector = vector;
	s->rec.esr = f->esr;
	s->rec.far = f->far;
	s->rec.elr = f->elr;
	s->armed = false;
	/* an SVC's ELR is past it already, an SError's is where it hit */
	if (ESR_EC(f->esr) != EC_SVC64 && (vector & 3) == 0)
		f->elr += 4; /* skip the faulting instruction */
	return true;
}

bool fault_expect_abort(uint64_t addr, bool write, uint64_t value, char *why, size_t len)
{
	const char *what = write ? "write" : "read";
	uint64_t at, got = 0;
	struct fault_rec r;

	fault_arm();
	if (write)
		__asm__ volatile("adr %0, 1f\n1:\tstr %2, [%1]"
				 : "=&r"(at)
				 : "r"(addr), "r"(value)
				 : "memory");
	else
		__asm__ volatile("adr %0, 1f\n1:\tldr %1, [%2]"
				 : "=&r"(at), "+r"(got)
				 : "r"(addr)
				 : "memory");
	if (!fault_disarm(&r)) {
		if (write)
			fmt_snprintf(why, len, "write at 0x%lx did not fault", addr);
		else
			fmt_snprintf(why, len, "read at 0x%lx did not fault, got 0x%lx",
				     addr, got);
		return false;
	}
	uint64_t esr = r.esr;
	bool wnr = esr & ESR_WNR;
	if (r.vector != FAULT_VEC_CUR_SPX_SYNC || ESR_EC(esr) != EC_DABT_CUR ||
	    !(esr & ESR_IL) || ESR_FSC(esr) != FSC_SEA || wnr != write || r.far != addr ||
	    r.elr != at) {
		fmt_snprintf(
			why, len,
			"%s at 0x%lx: vector 0x%x ESR 0x%lx (EC 0x%lx IL %d DFSC 0x%lx WnR %d) FAR 0x%lx ELR 0x%lx (access at 0x%lx)",
			what, addr, r.vector * 0x80, esr, ESR_EC(esr), !!(esr & ESR_IL),
			ESR_FSC(esr), wnr, r.far, r.elr, at);
		return false;
	}
	return true;
}
