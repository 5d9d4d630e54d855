/* Guest PSCI: CPU_ON/OFF and SYSTEM_OFF/RESET act on the caller's VM only. */
#include "arch/psci.h"
#include "guest/vm.h"
#include "trap/trap.h"
#include "vdev/vpsci.h"

#define PSCI_CPU_SUSPEND_32 0x84000001u
#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_AFFINITY_INFO_32 0x84000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
/* MIGRATE_INFO_TYPE: no Trusted OS that would need migrating (DEN0022 5.7) */
#define PSCI_TOS_NOT_PRESENT 2
/* CPU_SUSPEND power_state, original format (DEN0022 5.4.2.1): StateID
 * [15:0], StateType [16], PowerLevel [25:24]; bits [31:26] and [23:17] are
 * reserved. PSCI_FEATURES says 0: original format, platform-coordinated. */
#define POWER_STATE_RESERVED 0xfcfe0000u

bool vpsci_owns(uint32_t fid)
{
	/* DEN0022 5.1: PSCI ids 0x84000000-0x8400001F and 0xC4000000-0xC400001F */
	return (fid & ~0x4000001fu) == 0x84000000u;
}

int64_t vpsci_features(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_FEATURES:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND_32:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_CPU_ON:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_OFF:
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case SMCCC_VERSION_FID:
		return 0;
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

void vpsci_call(struct vcpu *v, struct exc_frame *f)
{
	uint32_t fid = (uint32_t)f->x[0];
	bool smc32 = !(fid & 0x40000000u);
	/* SMC32 calls pass 32-bit arguments (SMCCC 2.5) */
	uint64_t a1 = smc32 ? (uint32_t)f->x[1] : f->x[1];
	uint64_t a2 = smc32 ? (uint32_t)f->x[2] : f->x[2];
	uint64_t a3 = smc32 ? (uint32_t)f->x[3] : f->x[3];
	int64_t r;

	switch (fid) {
	case PSCI_VERSION:
		r = VPSCI_VERSION;
		break;
	case PSCI_FEATURES:
		r = vpsci_features((uint32_t)a1);
		break;
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND_32:
		if ((uint32_t)a1 & POWER_STATE_RESERVED) {
			r = PSCI_RET_INVALID_PARAMS;
			break;
		}
		/* Every state is entered as a standby: the vCPU waits as for a
		 * WFI, and a wake-up returns SUCCESS, as PSCI allows when a
		 * powerdown state was not entered (DEN0022 5.4.2). */
		trap_wait_for_interrupt(v);
		r = PSCI_RET_SUCCESS;
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		r = PSCI_TOS_NOT_PRESENT;
		break;
	case PSCI_CPU_ON:
	case PSCI_CPU_ON_32:
		r = vm_cpu_on(v->vm, a1, a2, a3);
		break;
	case PSCI_CPU_OFF:
		vcpu_stop_self();
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO_32:
		r = vm_affinity_info(v->vm, a1, a2);
		break;
	case PSCI_SYSTEM_OFF:
		vm_request_stop(v->vm, VM_REQ_OFF, "PSCI SYSTEM_OFF");
		vcpu_stop_self();
	case PSCI_SYSTEM_RESET:
		vm_request_stop(v->vm, VM_REQ_RESET, "PSCI SYSTEM_RESET");
		vcpu_stop_self();
	default:
		r = PSCI_RET_NOT_SUPPORTED;
		break;
	}
	f->x[0] = (uint64_t)r;
}
