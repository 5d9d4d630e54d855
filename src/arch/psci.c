/* Firmware PSCI calls. */
#include "arch/psci.h"

static enum psci_conduit conduit = PSCI_CONDUIT_NONE;

void psci_set_conduit(enum psci_conduit c)
{
	conduit = c;
}

enum psci_conduit psci_get_conduit(void)
{
	return conduit;
}

int64_t psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	switch (conduit) {
	case PSCI_CONDUIT_SMC:
		return (int64_t)smccc_smc(fid, a1, a2, a3);
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

const char *psci_ret_name(int64_t ret)
{
	switch (ret) {
	case PSCI_RET_SUCCESS:
		return "SUCCESS";
	case PSCI_RET_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	case PSCI_RET_INVALID_PARAMS:
		return "INVALID_PARAMETERS";
	case PSCI_RET_DENIED:
		return "DENIED";
	case PSCI_RET_ALREADY_ON:
		return "ALREADY_ON";
	case PSCI_RET_ON_PENDING:
		return "ON_PENDING";
	case PSCI_RET_INTERNAL_FAILURE:
		return "INTERNAL_FAILURE";
	case PSCI_RET_NOT_PRESENT:
		return "NOT_PRESENT";
	case PSCI_RET_DISABLED:
		return "DISABLED";
	case PSCI_RET_INVALID_ADDRESS:
		return "INVALID_ADDRESS";
	default:
		return "unknown";
	}
}

void psci_system_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
}
