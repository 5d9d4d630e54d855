/* SMCCC dispatch for HVC and trapped SMC (DEN0028); see docs/guest-abi.md. */
#include "arch/at.h"
#include "arch/esr.h"
#include "arch/serror_hw.h"
#include "core/selftest.h"
#include "guest/vm.h"
#include "memattr/memattr.h"
#include "trap/trap.h"
#include "vdev/vpsci.h"

static void hypercall_dispatch(struct vcpu *v, struct exc_frame *f)
{
	uint32_t fid = (uint32_t)f->x[0];

	switch (fid) {
	case SMCCC_VERSION_FID:
		f->x[0] = 0x10001; /* SMCCC 1.1 */
		break;
	case SMCCC_ARCH_FEATURES_FID:
		/* no firmware workarounds are offered (queried by id in x1) */
		f->x[0] = (uint32_t)f->x[1] == SMCCC_VERSION_FID
				  ? 0
				  : SMCCC_RET_NOT_SUPPORTED;
		break;
	case TESSERA_HC_NULL:
		f->x[0] = 0;
		break;
	case TESSERA_HC_MEMATTR: {
		/* the MMU's own answer for the caller's VA, through its own
		 * stage 1 (live on this CPU) and its stage 2; two walks, so
		 * tables changed in between may pair one's IPA with the
		 * other's type, as two AT instructions in the guest would */
		uint64_t s1 = at_par(AT_S1E1R, f->x[1]);
		uint64_t s12 = at_par(AT_S12E1R, f->x[1]);

		f->x[0] = 0;
		f->x[1] = memattr_par_for_guest(s1, s12);
		break;
	}
	case TESSERA_HC_TEST_SERROR:
		/* QEMU's TCG raises no physical SError: as if one with ISS
		 * x1 were found, only under tessera.selftest=guest-serror.
		 * With FEAT_RAS it is left in DISR_EL1 as the vectors' ESB
		 * would leave it, for the guest's next exit to find; without,
		 * it is handled at this exit. */
		if (!selftest_guest_serror) {
			f->x[0] = SMCCC_RET_NOT_SUPPORTED;
			break;
		}
		f->x[0] = 0;
		if (!serror_hw_defer_test(ESR_ISS(f->x[1])))
			trap_guest_serror(v,
					  ((uint64_t)EC_SERROR << 26) | ESR_IL |
						  ESR_ISS(f->x[1]),
					  SERROR_AT_EXIT);
		break;
	default:
		if (vpsci_owns(fid))
			vpsci_call(v, f);
		else
			f->x[0] = SMCCC_RET_NOT_SUPPORTED;
		break;
	}
}

void trap_guest_call(struct exc_frame *f)
{
	struct vcpu *v = vcpu_current();

	hypercall_dispatch(v, f);
	/* ELR points past an HVC, but at a trapped SMC itself (Arm ARM D1.4.1,
	 * preferred return address of an SMC trapped by HCR_EL2.TSC) */
	if (ESR_EC(f->esr) == EC_SMC64)
		f->elr += 4;
	vcpu_vgic_exit(v);
}
