/* PSCI calls to the firmware (DEN0022), through the conduit the host DT names. */
#ifndef ARCH_PSCI_H
#define ARCH_PSCI_H
#include <stdint.h>

#include "dt/inventory.h"

#define PSCI_VERSION 0x84000000
#define PSCI_CPU_SUSPEND 0xc4000001
#define PSCI_CPU_OFF 0x84000002
#define PSCI_CPU_ON 0xc4000003
#define PSCI_AFFINITY_INFO 0xc4000004
#define PSCI_SYSTEM_OFF 0x84000008
#define PSCI_SYSTEM_RESET 0x84000009
#define PSCI_FEATURES 0x8400000a

#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_DENIED (-3)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_ON_PENDING (-5)
#define PSCI_RET_INTERNAL_FAILURE (-6)
#define PSCI_RET_NOT_PRESENT (-7)
#define PSCI_RET_DISABLED (-8)
#define PSCI_RET_INVALID_ADDRESS (-9)

void psci_set_conduit(enum psci_conduit c);
enum psci_conduit psci_get_conduit(void);
int64_t psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
const char *psci_ret_name(int64_t ret);
/* Powers the machine off; returns only if the firmware refused. */
void psci_system_off(void);

/* SMCCC conduit to EL3 (src/arch/smccc.S). */
uint64_t smccc_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

#endif
