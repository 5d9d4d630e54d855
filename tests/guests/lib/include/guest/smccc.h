/* SMC Calling Convention (DEN0028) and PSCI 1.1 (DEN0022) for the guests. */
#ifndef GUEST_SMCCC_H
#define GUEST_SMCCC_H
#include <stdint.h>

struct smccc_res {
	uint64_t a0, a1, a2, a3;
};

/* x0-x3 in, x0-x3 out (into res if not NULL); returns x0. */
uint64_t smccc_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
		   struct smccc_res *res);
uint64_t smccc_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
		   struct smccc_res *res);

#define SMCCC_NOT_SUPPORTED (-1L)

#define PSCI_VERSION 0x84000000UL
#define PSCI_CPU_SUSPEND 0xc4000001UL
#define PSCI_MIGRATE_INFO_TYPE 0x84000006UL
#define PSCI_CPU_OFF 0x84000002UL
#define PSCI_CPU_ON 0xc4000003UL
#define PSCI_AFFINITY_INFO 0xc4000004UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_SYSTEM_RESET 0x84000009UL
#define PSCI_FEATURES 0x8400000aUL

#define PSCI_SUCCESS 0L
#define PSCI_NOT_SUPPORTED (-1L)
#define PSCI_INVALID_PARAMETERS (-2L)
#define PSCI_DENIED (-3L)
#define PSCI_ALREADY_ON (-4L)
#define PSCI_ON_PENDING (-5L)

#define PSCI_AFF_ON 0L
#define PSCI_AFF_OFF 1L
#define PSCI_AFF_ON_PENDING 2L

#define TESSERA_HC_NULL 0xc6000000UL
#define TESSERA_HC_MEMATTR 0xc6000001UL

static inline int64_t psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return (int64_t)smccc_hvc(fid, a1, a2, a3, 0);
}

static inline int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	return psci_call(PSCI_CPU_ON, mpidr, entry, ctx);
}

static inline int64_t psci_affinity_info(uint64_t mpidr)
{
	return psci_call(PSCI_AFFINITY_INFO, mpidr, 0, 0);
}

#endif
