/* Guest PSCI: CPU_ON/OFF and SYSTEM_OFF/RESET act on the caller's VM only. */
#include "arch/psci.h"
#include "guest/vm.h"
#include "trap/trap.h"
#include "vdev/vpsci.h"

#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_AFFINITY_INFO_32 0x84000004u

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
