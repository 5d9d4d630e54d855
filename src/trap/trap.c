/*
 * Guest exit dispatch. This is the hot path: no allocation, no printing (but
 * for the policy messages of a guest being stopped), no libfdt.
 */
#include "arch/cache.h"
#include "arch/esr.h"
#include "arch/gicv3.h"
#include "arch/sysreg.h"
#include "core/boot.h"
#include "core/console.h"
#include "core/irq.h"
#include "guest/vm.h"
#include "trap/idregs.h"
#include "trap/mmio.h"
#include "trap/trap.h"

/* ESR ISS for trapped MSR/MRS/SYS (EC 0x18): Op0, Op2, Op1, CRn, Rt, CRm, dir. */
#define SYSREG_ISS_MASK 0x3ffc1e
#define SYSREG(op0, op1, crn, crm, op2)                                                  \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | ((crm) << 1))
#define SYSREG_ACTLR_EL1 SYSREG(3, 0, 1, 0, 1)
#define SYSREG_DC_ISW SYSREG(1, 0, 7, 6, 2)
#define SYSREG_DC_CSW SYSREG(1, 0, 7, 10, 2)
#define SYSREG_DC_CISW SYSREG(1, 0, 7, 14, 2)
#define SYSREG_ICC_SGI1R SYSREG(3, 0, 12, 11, 5)
#define SYSREG_ICC_ASGI1R SYSREG(3, 0, 12, 11, 6)
#define SYSREG_ICC_SGI0R SYSREG(3, 0, 12, 11, 7)
#define SYSREG_PMCR_EL0 SYSREG(3, 3, 9, 12, 0)
#define PMCR_DP (1UL << 5) /* cycle counter off where counting is prohibited */

void trap_guest_fault(struct vcpu *v, struct exc_frame *f, enum inject_kind kind,
		      uint64_t far, bool wnr, const char *why)
{
	struct inject_result r;

	if (v->vm->on_fault != VM_FAULT_INJECT) {
		printk("tessera: guest \"%s\" vCPU %u: %s at pc %#lx (ESR_EL2 %#lx, FAR "
		       "%#lx); on-fault policy: %s\n",
		       v->vm->name, v->id, why, (unsigned long)f->elr,
		       (unsigned long)f->esr, (unsigned long)far,
		       v->vm->on_fault == VM_FAULT_STOP ? "stop" : "reset");
		vm_request_stop(v->vm,
				v->vm->on_fault == VM_FAULT_STOP ? VM_REQ_OFF
								 : VM_REQ_RESET,
				why);
		vcpu_stop_self();
	}
	struct inject_target t = {
		.vbar_el1 = sysreg_read(vbar_el1),
		.sctlr_el1 = sysreg_read(sctlr_el1),
		.pan = boot_cpu.pan,
		.uao = boot_cpu.uao,
		.ssbs = boot_cpu.ssbs,
		.mte = boot_cpu.mte,
		.dit = boot_cpu.dit,
	};

	inject_compute(kind, far, wnr, f->elr, f->spsr, &t, &r);
	sysreg_write(esr_el1, r.esr_el1);
	sysreg_write(far_el1, r.far_el1);
	sysreg_write(elr_el1, r.elr_el1);
	sysreg_write(spsr_el1, r.spsr_el1);
	f->elr = r.pc;
	f->spsr = r.pstate;
}

static uint64_t fault_ipa(uint64_t far)
{
	/* HPFAR_EL2.FIPA holds IPA[47:12] in bits [43:4] (Arm ARM D24.2.52) */
	return ((sysreg_read(hpfar_el2) >> 4) << 12) | (far & 0xfff);
}

/* The region of the last access of this vCPU first: a driver polls one
 * device at a time. Regions never change while the VM exists. */
static inline struct vm_mmio *find_mmio(struct vcpu *v, uint64_t ipa)
{
	struct vm_mmio *m = v->mmio_last;

	if (m && ipa - m->base < m->size)
		return m;
	m = vm_find_mmio(v->vm, ipa);
	if (m)
		v->mmio_last = m;
	return m;
}

/* An access nothing emulates: the guest's on-fault policy. */
static __attribute__((noinline, cold)) void dabt_unhandled(struct vcpu *v,
							   struct exc_frame *f)
{
	trap_guest_fault(v, f, INJECT_DABT, (f->esr & ESR_DABT_FNV) ? 0 : f->far,
			 f->esr & ESR_DABT_WNR,
			 "data access to an IPA with nothing behind it");
}

/* The access lives in the vCPU, not on the stack: no stack object of this
 * exit can be overrun through a device handler. Which register the access
 * names comes from the syndrome, whatever the handler does to *a. */
static inline __attribute__((always_inline)) void handle_dabt(struct vcpu *v,
							      struct exc_frame *f)
{
	uint64_t esr = f->esr;
	uint64_t ipa = fault_ipa(f->far);
	unsigned rt = ESR_DABT_SRT(esr);
	struct mmio_access *a = &v->mmio;
	struct vm_mmio *m;
	int r;

	if ((esr & ESR_DABT_S1PTW) || !(m = find_mmio(v, ipa)) ||
	    mmio_decode(esr, ipa, a) != 0) {
		dabt_unhandled(v, f);
		return;
	}
	if (esr & ESR_DABT_WNR)
		a->value = rt == 31 ? 0 : f->x[rt];
	r = m->access(v, a, m->dev);
	if (r == MMIO_RETRY)
		return; /* ELR unchanged: the guest tries again */
	if (r != 0) {
		dabt_unhandled(v, f);
		return;
	}
	if (!(esr & ESR_DABT_WNR) && rt != 31)
		f->x[rt] = mmio_load_value(esr, a->value);
	f->elr += 4; /* ISV=1 implies a 32-bit instruction (IL=1) */
}

/*
 * Set/way maintenance cannot name one guest's memory, and the caches are
 * shared with Tessera (HCR_EL2.TSW traps it). Without FEAT_S2FWB a guest
 * that cleans by set/way before it turns its caches off would lose data, so
 * the first operation of each sweep of a level (set 0, way 0: Xt[31:4]
 * zero) cleans and invalidates the guest's whole RAM by VA to the Point of
 * Coherency instead, as KVM does; DC ISW gets the same clean (a guest never
 * needs its dirty lines discarded). With FWB, stage 2 forces Write-Back on
 * guest RAM and every view of it is coherent: nothing to do. Not a hot
 * path: it is said once per guest life.
 */
static void set_way_op(struct vcpu *v, uint64_t xt)
{
	struct vm *vm = v->vm;

	if (vm->s2.fwb || (xt & 0xfffffff0UL))
		return;
	dcache_clean_inval_range(vm->ram_pa, vm->ram_size);
	if (!vm->set_way_said) {
		vm->set_way_said = true;
		/* printed by the console CPU: an exit does not print */
		console_out_note(&vm->uart.out,
				 "set/way cache maintenance: its RAM is cleaned and "
				 "invalidated by VA instead (no FWB)");
	}
}

/* RAS error record registers (HCR_EL2.TERR): ERRIDR_EL1, ERRSELR_EL1 (CRm
 * 3), ERX*_EL1 (CRm 4, 5), all op0 3, op1 0, CRn 5. */
static bool sysreg_is_err_record(uint64_t iss)
{
	unsigned crm = (iss >> 1) & 0xf;

	return (iss & SYSREG(3, 7, 15, 0, 0)) == SYSREG(3, 0, 5, 0, 0) && crm >= 3 &&
	       crm <= 5;
}

/* The ID space: op0 3, op1 0, CRn 0, CRm 1-7 (HCR_EL2.TID3). */
static bool sysreg_is_id(uint64_t iss)
{
	unsigned crm = (iss >> 1) & 0xf;

	return (iss & SYSREG(3, 7, 15, 0, 0)) == SYSREG(3, 0, 0, 0, 0) && crm >= 1 &&
	       crm <= 7;
}

static void handle_sysreg(struct vcpu *v, struct exc_frame *f)
{
	uint64_t iss = ESR_ISS(f->esr);
	unsigned rt = (iss >> 5) & 0x1f;
	bool read = iss & 1;

	if (sysreg_is_id(iss) && read) {
		if (rt != 31)
			f->x[rt] = idregs_guest[IDREG_INDEX((iss >> 1) & 0xf,
							    (iss >> 17) & 7)];
		f->elr += 4;
		return;
	}
	/* The host's error records are not a guest's: ERRIDR_EL1 reads 0 (no
	 * records), so every record register is RAZ/WI. */
	if (sysreg_is_err_record(iss)) {
		if (read && rt != 31)
			f->x[rt] = 0;
		f->elr += 4;
		return;
	}
	switch (iss & SYSREG_ISS_MASK) {
	case SYSREG_PMCR_EL0: /* MDCR_EL2.TPMCR: DP stays set (arch/cpu.h) */
		if (read) {
			if (rt != 31)
				f->x[rt] = sysreg_read(pmcr_el0);
		} else {
			sysreg_write(pmcr_el0, (rt == 31 ? 0 : f->x[rt]) | PMCR_DP);
		}
		break;
	case SYSREG_ACTLR_EL1: /* IMPLEMENTATION DEFINED: reads as zero */
		if (read && rt != 31)
			f->x[rt] = 0;
		break;
	case SYSREG_ICC_SGI1R:
	case SYSREG_ICC_ASGI1R:
	case SYSREG_ICC_SGI0R:
		/* SGI generation traps to EL2 while HCR_EL2.IMO is set */
		if (!read)
			vgic_sgi_write(v, rt == 31 ? 0 : f->x[rt]);
		break;
	case SYSREG_DC_ISW:
	case SYSREG_DC_CSW:
	case SYSREG_DC_CISW:
		set_way_op(v, rt == 31 ? 0 : f->x[rt]);
		break;
	default:
		trap_guest_fault(v, f, INJECT_UNDEF, 0, false,
				 "access to a system register Tessera does not emulate");
		return;
	}
	f->elr += 4;
}

void trap_wait_for_interrupt(struct vcpu *v)
{
	/* a physical interrupt (taken once back in the guest) or an event
	 * ends it, as on hardware */
	if (vgic_vcpu_idle_ok(v))
		wfi();
}

void trap_guest_sync(struct exc_frame *f)
{
	struct vcpu *v = vcpu_current();

	/* HVC and SMC go to trap_guest_call(), most data aborts to
	 * trap_guest_dabt() (src/arch/vectors.S) */
	switch (ESR_EC(f->esr)) {
	case EC_DABT_LOW:
		handle_dabt(v, f);
		break;
	case EC_IABT_LOW:
		trap_guest_fault(v, f, INJECT_IABT, f->far, false,
				 "instruction fetch from an IPA with nothing behind it");
		break;
	case EC_SYSREG:
		handle_sysreg(v, f);
		break;
	case EC_WFX:
		/* ISS.TI: 0b00 WFI waits; WFE, and WFIT/WFET (FEAT_WFxT, whose
		 * timeout Tessera has no timer for) return at once, which a
		 * wake-up event allows at any time (Arm ARM, "Wait for
		 * Interrupt with Timeout"). */
		if ((f->esr & ESR_WFX_TI_MASK) == ESR_WFX_TI_WFI)
			trap_wait_for_interrupt(v);
		f->elr += 4;
		break;
	default:
		trap_guest_fault(v, f, INJECT_UNDEF, 0, false,
				 "an instruction Tessera does not emulate");
		break;
	}
	vcpu_vgic_exit(v);
}

void trap_guest_dabt(struct exc_frame *f)
{
	struct vcpu *v = vcpu_current();

	handle_dabt(v, f);
	vcpu_vgic_exit(v);
}

void trap_guest_irq(struct exc_frame *f)
{
	struct vcpu *v = vcpu_current();
	unsigned intid = gic_ack();

	(void)f;
	if (intid >= 1020)
		return; /* spurious */
	gic_eoi(intid);
	/* the running vCPU's own (its virtual timer), straight into its list
	 * register when nothing else needs the flush; a passed-through one
	 * may be too (irq_dispatch) */
	if (irq_local_vcpu(intid) && v->state == VCPU_ON && vgic_fast_local(v, intid))
		return;
	if (!irq_dispatch(intid))
		vcpu_vgic_exit(v);
}
